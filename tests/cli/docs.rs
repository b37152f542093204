//! What the binary says about itself: completions and the manual page made from its clap
//! definitions, exit codes in `--help`, and progress bars only on a terminal.

use crate::harness::{seed, Workdir};

const SUBCOMMANDS: &[&str] = &[
    "gazetteer",
    "places",
    "extract",
    "query",
    "layers",
    "map",
    "render",
];

#[test]
fn completions_cover_every_subcommand_and_option() {
    let wd = Workdir::new();
    let bash = wd.run(&["completions", "bash"]);
    bash.expect_code(0);
    for word in SUBCOMMANDS
        .iter()
        .chain(&["--gazetteer", "--radius-km", "--heatmap"])
    {
        assert!(bash.stdout.contains(word), "bash completions lack {word}");
    }
    assert!(bash.stdout.contains("complete -F"));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let r = wd.run(&["completions", shell]);
        r.expect_code(0);
        assert!(
            r.stdout.contains("extract"),
            "{shell} completions lack extract"
        );
    }
    let bad = wd.run(&["completions", "tcsh"]);
    bad.expect_code(2);
    assert!(bad.stderr.contains("possible values"), "{}", bad.stderr);
}

#[test]
fn the_man_page_documents_every_subcommand_and_the_exit_codes() {
    let wd = Workdir::new();
    let r = wd.run(&["man"]);
    r.expect_code(0);
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH incimap 1"),
        "{}",
        &r.stdout[..200]
    );
    for sub in SUBCOMMANDS {
        let heading = format!(".SH \"INCIMAP {}\"", sub.to_uppercase());
        assert!(r.stdout.contains(&heading), "no section {heading}");
    }
    assert!(r.stdout.contains("INCIMAP GAZETTEER LOOKUP"));
    assert!(r.stdout.contains("partial: some input was skipped"));
    assert!(r.stdout.contains("incimap extract data/samples/deir"));
}

#[test]
fn help_lists_examples_and_exit_codes() {
    let wd = Workdir::new();
    let r = wd.run(&["--help"]);
    r.expect_code(0);
    for text in [
        "Exit codes:",
        "0  success",
        "1  partial",
        "2  usage or fatal error",
        "incimap map data/samples",
    ] {
        assert!(r.stdout.contains(text), "--help lacks {text:?}");
    }
    assert_eq!(wd.run(&["frobnicate"]).code, 2);
}

/// A corpus of `n` copies of the seed article, as JSON Lines.
fn copies(n: usize) -> String {
    let text = std::fs::read_to_string(seed()).unwrap();
    (0..n)
        .map(|i| {
            serde_json::json!({"id": i.to_string(), "date": "2014-06-20", "text": text}).to_string()
                + "\n"
        })
        .collect()
}

#[test]
fn without_a_terminal_stderr_holds_only_the_summary() {
    let wd = Workdir::new();
    wd.write("corpus.jsonl", copies(500));
    let r = wd.run(&["extract", "corpus.jsonl", "-o", "out.geojson"]);
    r.expect_code(0);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("incimap: 500 articles"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains('\r') && !r.stderr.contains('\x1b'));
    let q = wd.run(&["extract", "corpus.jsonl", "-o", "out.geojson", "--quiet"]);
    q.expect_code(0);
    assert_eq!(q.stderr, "");
}

/// On a terminal (a pseudo-terminal made by `script`), a run draws a bar once it has taken
/// the delay (set to 0 here, so the test does not depend on the machine's speed).
#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_a_long_run_shows_a_progress_bar() {
    if !crate::harness::has_script() {
        return;
    }
    let wd = Workdir::new();
    wd.write("corpus.jsonl", copies(1_000));
    let cmd = format!(
        "{} extract corpus.jsonl -o out.geojson -j 1 >/dev/null",
        env!("CARGO_BIN_EXE_incimap")
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(wd.path())
        .env("INCIMAP_HOME", wd.path().join("home"))
        .env("INCIMAP_PROGRESS_DELAY_MS", "0")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    // The bar's "read/total" bytes; the summary line has no byte count.
    assert!(shown.contains("iB/"), "no progress bar: {shown}");
    assert!(
        shown.contains("incimap: 1000 articles"),
        "no summary: {shown}"
    );
}
