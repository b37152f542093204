//! Builds the bundled gazetteer index from the inputs in `gazetteer/` at compile time, so the
//! binary starts with a ready-to-query index instead of parsing a million names per run.
//! It shares the parser, the name normaliser and the index writer with the library.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;

#[path = "src/gazetteer/geonames.rs"]
mod geonames;
#[path = "src/gazetteer/normalize.rs"]
mod normalize;
#[path = "src/gazetteer/store.rs"]
mod store;

/// Bundled inputs in load order, with the source tag their places carry.
const INPUTS: &[(&str, &str)] = &[
    ("gazetteer/admin.txt.gz", "admin"),
    ("gazetteer/cities500.txt.gz", "geonames"),
    ("gazetteer/ucdp-syria.txt.gz", "ucdp"),
    ("gazetteer/wof.txt.gz", "wof"),
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    for dep in ["geonames.rs", "normalize.rs", "store.rs"] {
        println!("cargo:rerun-if-changed=src/gazetteer/{dep}");
    }
    let mut records = Vec::new();
    for (path, source) in INPUTS {
        println!("cargo:rerun-if-changed={path}");
        let file = std::fs::File::open(path)
            .unwrap_or_else(|e| panic!("{path}: {e}; the bundled gazetteer inputs are part of the repository (see gazetteer/README.md)"));
        let reader = BufReader::new(flate2::read::GzDecoder::new(file));
        // A bad row (no coordinates, coordinates out of range, no name) is skipped and
        // counted, so one row cannot stop the build; prepare.py never writes one.
        let mut skipped = 0usize;
        let mut first_error = None;
        for (n, line) in reader.lines().enumerate() {
            let line = line.unwrap_or_else(|e| panic!("{path}:{}: {e}", n + 1));
            if line.is_empty() {
                continue;
            }
            match geonames::parse_geoname(&line, source) {
                Ok(r) => records.push(r),
                Err(e) => {
                    skipped += 1;
                    first_error.get_or_insert(format!("{path}:{}: {e}", n + 1));
                }
            }
        }
        if let Some(e) = first_error {
            println!("cargo:warning={path}: {skipped} bad rows skipped, the first: {e}");
        }
    }
    let names = geonames::admin1_names(&records);
    geonames::fill_admin1(&mut records, &names);
    geonames::link_admin_seats(&mut records);
    let mut builder = store::StoreBuilder::new();
    for r in &records {
        builder.add(r);
    }
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let index = builder.finish();
    // The rows the gazetteer's registry reads, so a run never has to pass over the rest.
    let store = store::Store::open(store::Bytes::Owned(index.clone().into()))
        .expect("the index just built opens");
    let rows: Vec<u8> = store.registry_rows().flat_map(u32::to_le_bytes).collect();
    std::fs::write(Path::new(&out_dir).join("bundled.registry"), rows)
        .expect("write bundled registry rows");
    std::fs::write(Path::new(&out_dir).join("bundled.incigaz"), index)
        .expect("write bundled index");
}
