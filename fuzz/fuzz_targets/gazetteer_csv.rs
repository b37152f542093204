//! The user gazetteer CSV reader on arbitrary bytes: a list of places or an error naming
//! the file, every place it accepts has coordinates in range, and every row it skips is
//! reported with the file.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use incimap::gazetteer::{user, Gazetteer};
use libfuzzer_sys::fuzz_target;

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::bundled);

fuzz_target!(|data: &[u8]| {
    match user::parse_csv(Path::new("fuzz.csv"), data, &GAZETTEER) {
        Ok(read) => {
            assert!(!read.places.is_empty(), "a file with no place must be an error");
            assert!(read.skipped.first.len() as u64 <= read.skipped.count);
            for e in &read.skipped.first {
                assert!(e.to_string().starts_with("fuzz.csv:"), "row error without its file: {e}");
            }
            for p in &read.places {
                assert!((-90.0..=90.0).contains(&p.lat), "latitude {}", p.lat);
                assert!((-180.0..=180.0).contains(&p.lon), "longitude {}", p.lon);
                assert!(!p.name.trim().is_empty());
            }
        }
        Err(e) => assert!(e.to_string().contains("fuzz.csv"), "error without its file: {e}"),
    }
});
