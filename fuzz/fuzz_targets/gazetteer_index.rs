//! An imported gazetteer index (the file `gazetteer import` writes) on arbitrary bytes:
//! opening it checks the whole file, so a file that opens must answer every lookup, in the
//! index alone and through the gazetteer beside the bundled tier, without a panic and with
//! places that exist and have coordinates in range.
//!
//! Only files that open go through the gazetteer: loading its bundled tier beside them
//! costs milliseconds (tens under ASan), which would slow every run tenfold.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use incimap::gazetteer::normalize;
use incimap::gazetteer::store::{run_places, Bytes, Run, Store};
use incimap::gazetteer::{Gazetteer, Lookup};
use libfuzzer_sys::fuzz_target;

/// Names looked up in every index: the seeds' places, and the bundled ones they sit beside.
const NAMES: [&str; 6] = [
    "al-Hawiqa",
    "Al Huwayqah",
    "Political Security Bridge",
    "Jisr al Amn as Siyasi",
    "Deir ez-Zor",
    "Hatla",
];

/// The index file the gazetteer opens, one per fuzzing process.
static FILE: LazyLock<PathBuf> = LazyLock::new(|| {
    std::env::temp_dir().join(format!("incimap-fuzz-{}.incigaz", std::process::id()))
});

fn check_run(store: &Store, run: Run<'_>) {
    for idx in run_places(run) {
        assert!(
            (idx as usize) < store.len(),
            "place {idx} of {}",
            store.len()
        );
        let p = store.place(idx);
        assert!(p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0, "{p:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(store) = Store::open(Bytes::Owned(data.into())) else {
        return;
    };
    // Every place decodes; the first ones' names are looked up too.
    let mut names: Vec<String> = NAMES.iter().map(|n| n.to_string()).collect();
    for idx in 0..store.len() as u32 {
        let p = store.place(idx);
        assert!(p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0, "{p:?}");
        if names.len() < NAMES.len() + 8 {
            names.push(p.name.to_string());
        }
    }
    for name in &names {
        let folded = normalize::fold(name);
        let skeleton = normalize::skeleton(&folded);
        check_run(&store, store.exact(&skeleton, &normalize::reduce(&folded)));
        store.has_variants(&skeleton);
        store.names_with_skeleton(&skeleton, |_, run| check_run(&store, run));
        store.names_with_consonants(&normalize::consonant_key(&folded), |_, run| {
            check_run(&store, run)
        });
        let words: Vec<&str> = folded.split(' ').collect();
        let mut ends = Vec::new();
        store.complete_keys(&words, &mut ends);
        store.complete_consonant_keys(&words, &mut ends);
        assert!(ends.iter().all(|&k| k < words.len()));
    }

    // The same file as a user has it: imported beside the bundled tier, then looked up
    // with and without a country and a point to prefer.
    std::fs::write(&*FILE, data).unwrap();
    let mut g = Gazetteer::bundled();
    let n = g
        .add_index_file(&FILE)
        .expect("an index that opens in memory opens from its file");
    assert_eq!(n, store.len());
    for name in &names {
        for opts in [
            Lookup::default(),
            Lookup {
                country: Some("SY".into()),
                near: Some((40.14, 35.34)),
                limit: 3,
            },
        ] {
            for c in g.lookup(name, &opts) {
                assert!(c.score.is_finite(), "{name}: {c:?}");
                assert!(c.place.lat.abs() <= 90.0 && c.place.lon.abs() <= 180.0);
            }
        }
    }
    g.stats();
});
