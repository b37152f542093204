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
        vec![
            "render",
            f,
            "-o",
            "m.png",
            "--around",
            "40,35",
            "--radius-km",
            "NaN",
        ],
        vec!["gazetteer", "lookup", "Hatla", "--near", "40,-inf"],
    ] {
        let run = wd.run(&args);
        run.expect_code(2);
        assert!(
            run.stderr.contains("finite number"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    // A finite threshold still filters.
    let run = wd.run(&["query", f, "--min-fatalities", "1e9", "--format", "count"]);
    run.expect_code(0);
    assert_eq!(run.stdout.trim(), "0");
}

/// Three short reports as JSON Lines: a, b (with the date that once panicked in chrono) and c.
fn three_reports(wd: &Workdir) -> String {
    let line = |id: &str, text: &str| {
        serde_json::json!({"id": id, "date": "2014-06-20", "text": text}).to_string()
    };
    let corpus = [
        line(
            "a",
            "Regime warplanes bombed Hatla on Sunday, killing two children.",
        ),
        line(
            "b",
            "Regime warplanes bombed Muhasan 99999999999 days ago, killing a man.",
        ),
        line(
            "c",
            "ISIL fighters attacked a checkpoint in al-Mayadin, killing three soldiers.",
        ),
    ]
    .join("\n");
    wd.write("three.jsonl", corpus)
        .to_string_lossy()
        .into_owned()
}

fn run_panicking_on(wd: &Workdir, id: &str, args: &[&str]) -> crate::harness::Run {
    wd.run_with_env(args, "INCIMAP_TEST_PANIC_ON", id)
}

#[test]
fn a_huge_relative_date_is_no_date_not_a_crash() {
    let wd = Workdir::new();
    let corpus = three_reports(&wd);
    let run = wd.run(&["extract", &corpus, "--format", "geojsonl"]);
    run.expect_code(0);
    let docs: Vec<String> = run
        .json_lines()
        .iter()
        .map(|f| {
            f["properties"]["source_id"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert!(docs.iter().any(|d| d == "b"), "{docs:?}");
}

#[test]
fn a_panic_in_one_article_skips_it_and_the_run_goes_on() {
    let wd = Workdir::new();
    let corpus = three_reports(&wd);
    for cmd in ["extract", "places"] {
        let run = run_panicking_on(&wd, "b", &[cmd, &corpus]);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
        let lines: Vec<&str> = run.stderr.lines().collect();
        let skipped: Vec<&&str> = lines
            .iter()
            .filter(|l| l.contains("skipped article b"))
            .collect();
        assert_eq!(skipped.len(), 1, "{cmd}: {}", run.stderr);
        assert!(
            skipped[0].contains("INCIMAP_TEST_PANIC_ON"),
            "{}",
            skipped[0]
        );
        assert!(
            !run.stderr.contains("panicked at"),
            "{cmd}: the hook spoke: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("1 article skipped after an internal error"),
            "{cmd}: {}",
            run.stderr
        );
        // The other two articles' output is all there.
        assert!(
            run.stdout.contains("Hatla") && run.stdout.contains("Mayadin"),
            "{cmd}"
        );
        assert!(!run.stdout.contains("Muhasan"), "{cmd}");
    }
    let run = run_panicking_on(
        &wd,
        "b",
        &["extract", &corpus, "-o", "out.csv", "--format", "csv"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let csv = std::fs::read_to_string(wd.path().join("out.csv")).unwrap();
    assert!(csv.contains("Hatla") && csv.contains("Mayadin") && !csv.contains("Muhasan"));
    let run = run_panicking_on(&wd, "b", &["map", &corpus, "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let geojson = std::fs::read_to_string(wd.path().join("out/incidents.geojson")).unwrap();
    assert!(geojson.contains("Hatla") && geojson.contains("Mayadin"));
    assert!(wd.path().join("out/map.png").exists());
}

#[test]
fn country_takes_codes_and_names_in_every_command() {
    let wd = Workdir::new();
    let seed = crate::harness::seed();
    let count = |country: &str| {
        let run = wd.run(&[
            "extract",
            &seed,
            "--date",
            "2014-06-20",
            "--format",
            "geojsonl",
            "--country",
            country,
        ]);
        run.expect_code(0);
        run.stdout.lines().count()
    };
    let by_code = count("SY");
    assert_eq!(by_code, 7);
    for name in ["Syria", "syria", "sy", "Syrian Arab Republic"] {
        assert_eq!(count(name), by_code, "--country {name}");
    }
    let incidents = extract_seed(&wd, "seed.geojson", "geojson");
    let f = incidents.to_str().unwrap();
    for args in [
        vec!["extract", &seed],
        vec!["map", &seed, "-o", "out"],
        vec!["places", &seed],
        vec!["query", f, "--near", "Hatla", "--radius-km", "10"],
        vec!["render", f, "-o", "m.png", "--around", "Hatla"],
        vec!["gazetteer", "lookup", "Hatla"],
    ] {
        let mut args = args.clone();
        args.extend(["--country", "Syri"]);
        let run = wd.run(&args);
        run.expect_code(2);
        assert!(
            run.stderr.contains("no country called \"Syri\"")
                && run.stderr.contains("alpha-2 code")
                && run.stderr.contains("English name"),
            "{args:?}: {}",
            run.stderr
        );
        args.pop();
        args.push("syria");
        let run = wd.run(&args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_missing_input_is_a_usage_error_and_nothing_is_written() {
    let wd = Workdir::new();
    for args in [
        vec!["extract", "nofile.txt", "-o", "out.geojson"],
        vec!["places", "nofile.txt"],
        vec!["map", "nofile.txt", "-o", "out"],
        vec!["query", "nofile.geojson", "-o", "q.geojson"],
        vec!["layers", "nofile.geojson", "-o", "layers"],
        vec!["render", "nofile.geojson", "-o", "m.png"],
    ] {
        let run = wd.run(&args);
        run.expect_code(2);
        assert!(run.stderr.contains("nofile"), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
    }
    let left: Vec<_> = std::fs::read_dir(wd.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "home")
        .collect();
    assert!(left.is_empty(), "written: {left:?}");
}

#[test]
fn an_unwritable_output_path_gets_a_sentence_before_any_work() {
    let wd = Workdir::new();
    let seed = crate::harness::seed();
    let incidents = extract_seed(&wd, "seed.geojson", "geojson");
    let f = incidents.to_str().unwrap();
    std::fs::create_dir(wd.path().join("folder")).unwrap();
    wd.write("file.txt", "a file");
    for out in ["folder", "newdir/", "file.txt/out.geojson"] {
        let png = out.replace(".geojson", ".png");
        for args in [
            vec!["extract", seed.as_str(), "-o", out],
            vec!["query", f, "-o", out],
            vec!["render", f, "-o", png.as_str()],
        ] {
            let run = wd.run(&args);
            run.expect_code(2);
            assert!(!run.stderr.contains("os error"), "{args:?}: {}", run.stderr);
            let said = [
                "is a folder: name a file",
                "names a folder (it ends in a slash)",
                "is a file, not a folder",
            ];
            assert!(
                said.iter().any(|s| run.stderr.contains(s)),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
    assert!(!wd.path().join("newdir").exists());
    let run = wd.run(&["map", &seed, "-o", "file.txt"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("is a file: map writes several files"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_man_page_points_to_no_missing_pages() {
    let wd = Workdir::new();
    let run = wd.run(&["man"]);
    run.expect_code(0);
    let pages: Vec<&str> = run.stdout.lines().filter(|l| l.contains("(1)")).collect();
    assert!(pages.is_empty(), "points to other pages: {pages:?}");
    assert!(run.stdout.contains("incimap gazetteer lookup"));
}

#[test]
fn quiet_is_accepted_by_every_subcommand() {
    let wd = Workdir::new();
    let help = wd.run(&["--help"]);
    let mut subs: Vec<Vec<&str>> = vec![
        vec!["gazetteer", "lookup"],
        vec!["gazetteer", "import"],
        vec!["gazetteer", "stats"],
    ];
    let listed: Vec<&str> = help
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A wrapped description continues deeper in.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|s| !matches!(*s, "help" | "gazetteer"))
        .collect();
    assert!(listed.len() >= 8, "{listed:?}");
    subs.extend(listed.into_iter().map(|s| vec![s]));
    for mut sub in subs {
        sub.push("--help");
        let run = wd.run(&sub);
        run.expect_code(0);
        assert!(run.stdout.contains("-q, --quiet"), "{sub:?} has no -q");
    }
    // And it silences: a lookup that finds nothing says so only by its exit code.
    let run = wd.run(&["gazetteer", "lookup", "Qwxzzy", "-q"]);
    run.expect_code(1);
    assert_eq!(run.stderr, "");
    let run = wd.run(&["man", "-q"]);
    run.expect_code(0);
}

/// On a terminal (a pseudo-terminal made by `script`), reading stdin says so, as a run
/// waiting for typing otherwise looks hung.
#[cfg(target_os = "linux")]
#[test]
fn reading_stdin_from_a_terminal_says_so() {
    if !crate::harness::has_script() {
        return;
    }
    let wd = Workdir::new();
    // Nothing is typed: `timeout` ends the wait.
    let cmd = format!("timeout 2 {} places", env!("CARGO_BIN_EXE_incimap"));
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(wd.path())
        .env("INCIMAP_HOME", wd.path().join("home"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("reading stdin from the terminal"), "{shown}");
    assert!(
        !shown.contains("articles"),
        "a progress bar over the typing: {shown}"
    );
    // Not on a pipe.
    let run = wd.run_stdin(&["places"], "Clashes broke out in Hatla.");
    run.expect_code(0);
    assert!(!run.stderr.contains("terminal"), "{}", run.stderr);
}

#[test]
fn the_output_format_follows_the_extension_in_every_command() {
    let wd = Workdir::new();
    let seed = crate::harness::seed();
    let extract = |out: &str, extra: &[&str]| {
        let mut args = vec!["extract", seed.as_str(), "--date", "2014-06-20", "-o", out];
        args.extend(extra);
        wd.run(&args)
    };
    // The extension picks the format.
    extract("x.csv", &[]).expect_code(0);
    let csv = std::fs::read_to_string(wd.path().join("x.csv")).unwrap();
    assert!(
        csv.starts_with("event_id_cnty") || csv.lines().next().unwrap().contains("latitude"),
        "{csv}"
    );
    extract("x.geojsonl", &[]).expect_code(0);
    let lines = std::fs::read_to_string(wd.path().join("x.geojsonl")).unwrap();
    assert_eq!(lines.lines().count(), 7);
    extract("x.fgb", &[]).expect_code(0);
    let fgb = std::fs::read(wd.path().join("x.fgb")).unwrap();
    assert!(fgb.starts_with(b"fgb\x03fgb"));
    extract("x.gpkg", &[]).expect_code(0);
    let gpkg = std::fs::read(wd.path().join("x.gpkg")).unwrap();
    assert!(gpkg.starts_with(b"SQLite format 3\0"));
    extract("x.parquet", &[]).expect_code(0);
    let parquet = std::fs::read(wd.path().join("x.parquet")).unwrap();
    assert!(parquet.starts_with(b"PAR1") && parquet.ends_with(b"PAR1"));
    // An explicit --format that contradicts the extension, or an unknown extension.
    let run = extract("y.csv", &["--format", "geojson"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("--format geojson contradicts y.csv"),
        "{}",
        run.stderr
    );
    assert!(!wd.path().join("y.csv").exists());
    let run = extract("y.txt", &[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("cannot tell the format from y.txt"),
        "{}",
        run.stderr
    );
    extract("y.txt", &["--format", "csv"]).expect_code(0);

    // Every format extract writes is read back by query, layers and render.
    for input in ["x.csv", "x.geojsonl", "x.fgb", "x.gpkg", "x.parquet"] {
        let run = wd.run(&["query", input, "--format", "count"]);
        run.expect_code(0);
        assert_eq!(run.stdout.trim(), "7", "query {input}: {}", run.stderr);
        let run = wd.run(&[
            "query",
            input,
            "--near",
            "Hatla",
            "--radius-km",
            "3",
            "--format",
            "geojsonl",
        ]);
        run.expect_code(0);
        assert!(
            run.stdout.contains("\"location\":\"Hatla\""),
            "{input}: {}",
            run.stdout
        );
        let dir = format!("layers-{input}");
        wd.run(&["layers", input, "-o", &dir, "-q"]).expect_code(0);
        assert!(wd.path().join(&dir).join("index.json").exists());
        let png = format!("{input}.png");
        wd.run(&["render", input, "-o", &png, "-q", "--basemap", "none"])
            .expect_code(0);
        assert!(std::fs::metadata(wd.path().join(&png)).unwrap().len() > 1000);
    }
    // FlatGeobuf on stdin is recognised by its first bytes.
    let out = wd
        .command(&["query", "-", "--format", "count"])
        .stdin(std::fs::File::open(wd.path().join("x.fgb")).unwrap())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "7");

    // query: the extension picks its format too, and one it cannot write is refused.
    let run = wd.run(&["query", "x.fgb", "-o", "q.csv"]);
    run.expect_code(0);
    assert!(std::fs::read_to_string(wd.path().join("q.csv"))
        .unwrap()
        .contains("latitude"));
    // query writes every format extract writes, by the same names.
    for out in ["q.fgb", "q.gpkg", "q.parquet"] {
        wd.run(&["query", "x.fgb", "-o", out, "-q"]).expect_code(0);
        let run = wd.run(&["query", out, "--format", "count", "-q"]);
        assert_eq!(run.stdout.trim(), "7", "{out}: {}", run.stderr);
    }
    let run = wd.run(&["query", "x.fgb", "-o", "q.geojson", "--format", "csv"]);
    run.expect_code(2);
    assert!(run.stderr.contains("contradicts"), "{}", run.stderr);
}

#[test]
fn a_corrupt_flatgeobuf_file_is_an_error_in_every_reader() {
    let wd = Workdir::new();
    for name in ["corrupt.fgb", "huge-count.fgb"] {
        corrupt_flatgeobuf_is_refused(&wd, &crate::harness::fixture(&format!("bad/{name}")), name);
    }
    assert!(!wd.path().join("m.png").exists() && !wd.path().join("layers").exists());
}

fn corrupt_flatgeobuf_is_refused(wd: &Workdir, bad: &str, name: &str) {
    let bad = bad.to_string();
    for args in [
        vec!["query", bad.as_str()],
        vec!["layers", bad.as_str(), "-o", "layers"],
        vec!["render", bad.as_str(), "-o", "m.png"],
    ] {
        let run = wd.run(&args);
        run.expect_code(2);
        assert!(
            run.stderr.contains(name) && run.stderr.contains("corrupt file"),
            "{args:?}: {}",
            run.stderr
        );
    }
}
