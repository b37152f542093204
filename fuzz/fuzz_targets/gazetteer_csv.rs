//! The user gazetteer CSV reader on arbitrary bytes: a list of places or an error naming
//! the file, and every place it accepts has coordinates in range.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use incimap::gazetteer::{user, Gazetteer};
use libfuzzer_sys::fuzz_target;

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::bundled);

fuzz_target!(|data: &[u8]| {
    match user::parse_csv(Path::new("fuzz.csv"), data, &GAZETTEER) {
        Ok(places) => {
            for p in &places {
                assert!((-90.0..=90.0).contains(&p.lat), "latitude {}", p.lat);
                assert!((-180.0..=180.0).contains(&p.lon), "longitude {}", p.lon);
                assert!(!p.name.trim().is_empty());
            }
        }
        Err(e) => assert!(e.to_string().contains("fuzz.csv"), "error without its file: {e}"),
    }
});
