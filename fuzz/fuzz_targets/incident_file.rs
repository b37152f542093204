//! The incident file reader (GeoJSON, GeoJSON Lines, CSV, FlatGeobuf, GeoPackage or
//! GeoParquet, sniffed) on arbitrary bytes:
//! it ends, and every feature it hands over is a point in range.
#![no_main]

use std::path::Path;

use incimap::features;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut n = 0usize;
    let read = features::for_each_in(Path::new("fuzz"), data, None, |f| {
        assert!((-90.0..=90.0).contains(&f.lat) && (-180.0..=180.0).contains(&f.lon));
        let _ = f.one_line();
        n += 1;
        Ok(())
    });
    if let Ok(summary) = read {
        assert_eq!(summary.features, n);
    }
});
