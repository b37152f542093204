//! Input that once crashed a run or gave a wrong answer without a word: huge numbers, NaN,
//! a panic in one article of many, misnamed outputs, missing inputs. Each test runs the
//! real binary and checks what a user would see: the exit code, the files, the message.

use crate::harness::{extract_seed, Workdir};

#[test]
fn non_finite_numbers_are_refused_in_every_numeric_option() {
    let wd = Workdir::new();
    let incidents = extract_seed(&wd, "seed.geojson", "geojson");
    let f = incidents.to_str().unwrap();
    for args in [
        vec!["query", f, "--min-fatalities", "NaN"],
        vec!["query", f, "--min-fatalities", "inf"],
        vec!["query", f, "--point", "40,35", "--radius-km", "nan"],
        vec!["query", f, "--point", "NaN,35"],
        vec!["render", f, "-o", "m.png", "--around", "40,35", "--radius-km", "NaN"],
        vec!["gazetteer", "lookup", "Hatla", "--near", "40,-inf"],
    ] {
        let run = wd.run(&args);
        run.expect_code(2);
        assert!(run.stderr.contains("finite number"), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    // A finite threshold still filters.
    let run = wd.run(&["query", f, "--min-fatalities", "1e9", "--format", "count"]);
    run.expect_code(0);
    assert_eq!(run.stdout.trim(), "0");
}
