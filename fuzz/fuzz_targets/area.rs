//! The `--within` area reader (GeoJSON polygons, parsed with the geojson crate) on
//! arbitrary text: an area or an error naming the file, never a panic.
#![no_main]

use std::path::Path;

use incimap::index::Area;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Area::parse(Path::new("fuzz.geojson"), text) {
        Ok(area) => {
            let _ = area.contains(40.0, 35.0);
        }
        Err(e) => assert!(e.to_string().contains("fuzz.geojson"), "error without its file: {e}"),
    }
});
