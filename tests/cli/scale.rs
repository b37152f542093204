//! Runs at scale: a 10,000-article corpus gives the same bytes whatever the thread count,
//! and a run killed mid-write leaves the old output, never a truncated one.
//!
//! The three that take tens of seconds in a debug build run only with
//! `INCIMAP_SLOW_TESTS=1`, which `ci/test.sh` sets; without it they say "skipped".

use std::path::Path;

use serde_json::Value;

use crate::harness::{seed, Workdir};

/// Places the generated articles move the seed's events to: real Syrian towns and
/// neighbourhoods, so the geoparser has work (and ambiguity) in every article.
const PLACES: &[&str] = &[
    "Hatla",
    "al-Mayadin",
    "al-Bukamal",
    "Muhasan",
    "al-Shuhayl",
    "Raqqa",
    "Tabqa",
    "Manbij",
    "Azaz",
    "Idlib",
    "Saraqib",
    "Maarrat al-Numan",
    "Khan Shaykhun",
    "Hama",
    "Homs",
    "Palmyra",
    "Douma",
    "Daraya",
    "Jobar",
    "Qamishli",
    "Hasakah",
    "Aleppo",
    "Deraa",
    "Busra",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const TOLLS: &[&str] = &[
    "five people",
    "tens of civilians",
    "three fighters",
    "dozens of people",
    "a child",
];

/// `n` articles made from the seed's paragraphs, each with its own date, place, weekday
/// and toll; some without a date, some with a title and url.
fn corpus(n: usize) -> String {
    let seed = std::fs::read_to_string(seed()).unwrap();
    let paragraphs: Vec<&str> = seed
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.len() > 80)
        .collect();
    let mut out = String::new();
    for i in 0..n {
        let place = PLACES[i % PLACES.len()];
        let day = WEEKDAYS[(i / 3) % WEEKDAYS.len()];
        let toll = TOLLS[(i / 7) % TOLLS.len()];
        let text: Vec<String> = (0..4)
            .map(|k| paragraphs[(i * 3 + k * 5) % paragraphs.len()])
            .map(|p| {
                p.replace("Hatla", place)
                    .replace("Wednesday", day)
                    .replace("five people", toll)
            })
            .collect();
        let date = format!("2014-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let mut doc = serde_json::json!({ "id": format!("doc-{i}"), "text": text.join("\n\n") });
        if i % 10 != 0 {
            doc["date"] = date.into();
        }
        if i % 4 == 0 {
            doc["title"] = format!("Fighting near {place}").into();
            doc["url"] = format!("https://example.org/{i}").into();
        }
        out.push_str(&doc.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn ten_thousand_articles_give_the_same_output_at_one_and_two_threads() {
    if !crate::harness::slow_tests(
        "ten_thousand_articles_give_the_same_output_at_one_and_two_threads",
    ) {
        return;
    }
    let wd = Workdir::new();
    wd.write("corpus.jsonl", corpus(10_000));
    let run = |threads: &str, out: &str| {
        let r = wd.run(&[
            "extract",
            "corpus.jsonl",
            "-j",
            threads,
            "--format",
            "geojsonl",
            "-o",
            out,
        ]);
        r.expect_code(0);
        std::fs::read(wd.path().join(out)).unwrap()
    };
    let one = run("1", "one.geojsonl");
    let two = run("2", "two.geojsonl");
    assert!(one == two, "output differs between 1 and 2 threads");

    // Every article read, and each gave incidents in input order.
    let features: Vec<Value> = String::from_utf8(one)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let docs: Vec<usize> = features
        .iter()
        .map(|f| {
            let id = f["properties"]["source_id"].as_str();
            let id = id.unwrap_or_else(|| panic!("no source id in {f}"));
            id.trim_start_matches("doc-").parse().unwrap()
        })
        .collect();
    assert!(
        docs.windows(2).all(|w| w[0] <= w[1]),
        "incidents out of input order"
    );
    let distinct: std::collections::BTreeSet<usize> = docs.iter().copied().collect();
    assert!(
        distinct.len() > 9_000,
        "only {} articles gave incidents",
        distinct.len()
    );
    // Ids are unique, and the varied places were found.
    let ids: std::collections::HashSet<&str> =
        features.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), features.len());
    let located: std::collections::HashSet<&str> = features
        .iter()
        .filter_map(|f| f["properties"]["location"].as_str())
        .collect();
    for p in ["Manbij", "Douma", "Qamishli"] {
        assert!(
            located.iter().any(|l| l.contains(p)),
            "no incident located at {p}: {located:?}"
        );
    }
}

/// The temporary files of unfinished atomic writes in `dir`.
fn temp_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(".incimap-") && name.ends_with(".tmp")
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_run_killed_halfway_through_writing_leaves_the_old_output() {
    let wd = Workdir::new();
    wd.write("corpus.jsonl", corpus(20_000));
    let old = "{\"type\":\"FeatureCollection\",\"features\":[]}\n";
    wd.write("out.geojson", old);
    let mut child = wd
        .command(&["extract", "corpus.jsonl", "-o", "out.geojson", "-q"])
        .spawn()
        .unwrap();
    // Wait until the new output is being written (its temporary file has grown), then kill.
    let started = std::time::Instant::now();
    let mut caught = false;
    while started.elapsed() < std::time::Duration::from_secs(120) {
        let grown = temp_files(wd.path())
            .iter()
            .any(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 64 * 1024));
        if grown {
            caught = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    assert!(caught, "the run ended before it was caught writing");
    assert_eq!(
        std::fs::read_to_string(wd.path().join("out.geojson")).unwrap(),
        old
    );

    // The next run sweeps the dead run's temporary file and replaces the output whole.
    assert_eq!(temp_files(wd.path()).len(), 1);
    wd.write("small.jsonl", corpus(3));
    wd.run(&["extract", "small.jsonl", "-o", "out.geojson", "-q"])
        .expect_code(0);
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(wd.path().join("out.geojson")).unwrap())
            .unwrap();
    assert!(!v["features"].as_array().unwrap().is_empty());
    assert_eq!(temp_files(wd.path()), Vec::<std::path::PathBuf>::new());
}

/// Inputs that once took minutes: one sentence listing 100,000 places, 2,000 sentences
/// listing 50 each (the article focus and per-sentence places were quadratic in mentions),
/// and 100,000 words without a full stop (each trigger looked back over the whole
/// "sentence"). Each now takes well under a second in a release build.
#[test]
fn pathological_reports_finish_and_give_sane_output() {
    if !crate::harness::slow_tests("pathological_reports_finish_and_give_sane_output") {
        return;
    }
    let wd = Workdir::new();
    let lists = "shelling on the neighbourhoods of ".to_string()
        + &vec!["Hatla"; 50].join(", ")
        + " and Aleppo. ";
    wd.write("one-list.txt", vec!["Hatla"; 100_000].join(", "));
    wd.write("many-lists.txt", lists.repeat(2_000));
    let words = [
        "shelling", "on", "Hatla", "killed", "three", "regime", "forces", "near", "Aleppo",
    ];
    let run_on: Vec<&str> = (0..100_000).map(|i| words[(i * 7) % words.len()]).collect();
    wd.write("run-on.txt", run_on.join(" "));
    let limit = std::time::Duration::from_secs(120);
    // Repeated reports of the same shelling merge: what matters is every place is there.
    for (file, places) in [
        ("one-list.txt", &[][..]),
        ("many-lists.txt", &["Hatla", "Aleppo"][..]),
        ("run-on.txt", &[][..]),
    ] {
        let r = wd.run_within(&["extract", file, "--format", "geojsonl", "-q"], limit);
        r.expect_code(0);
        let features = r.json_lines();
        assert!(
            file == "one-list.txt" || !features.is_empty(),
            "{file}: no incidents"
        );
        for p in places {
            assert!(
                features.iter().any(|f| f["properties"]["location"] == *p),
                "{file}: no incident at {p}"
            );
        }
        for f in &features {
            let lat = f["geometry"]["coordinates"][1].as_f64();
            assert!(
                lat.is_none_or(|lat| (30.0..40.0).contains(&lat)),
                "{file}: {f}"
            );
        }
    }
}

/// A daily digest: one document telling 64,000 distinct incidents (20 towns, every day of
/// six years, clashes and air strikes). Merging scanned every incident kept so far for each
/// new one, and looking for party names scanned every party named in the document: the
/// debug build took about 4 minutes on it, the release build 20 s. Now each is a lookup
/// (about 20 s here in a debug build, under a second in release); the limit only guards
/// against a hang. Every incident is its own, so all 64,000 come out.
#[test]
fn a_digest_of_sixty_four_thousand_incidents_is_merged_in_n_log_n() {
    if !crate::harness::slow_tests("a_digest_of_sixty_four_thousand_incidents_is_merged_in_n_log_n")
    {
        return;
    }
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let towns = &PLACES[..20];
    let sentences: Vec<String> = (0..64_000)
        .map(|i| {
            let town = towns[i % towns.len()];
            let day = 1 + (i / towns.len()) % 28;
            let month = MONTHS[(i / (towns.len() * 28)) % 12];
            let year = 2000 + i / (towns.len() * 28 * 12);
            if i % 2 == 0 {
                format!("Clashes broke out in {town} on {month} {day}, {year}.")
            } else {
                format!("Regime warplanes bombed {town} on {month} {day}, {year}.")
            }
        })
        .collect();
    let wd = Workdir::new();
    wd.write("digest.txt", sentences.join(" "));
    let limit = std::time::Duration::from_secs(150);
    // Into a file: the harness reads stdout only at the end, and 64,000 features would
    // fill the pipe.
    let args = [
        "extract",
        "digest.txt",
        "--format",
        "geojsonl",
        "-o",
        "out.geojsonl",
    ];
    wd.run_within(&args, limit).expect_code(0);
    let out = std::fs::read_to_string(wd.path().join("out.geojsonl")).unwrap();
    assert_eq!(out.lines().count(), 64_000);
}

/// A report that tells more distinct incidents than `--max-incidents` keeps its first ones;
/// the summary says how many were dropped and from which report, and the exit code that
/// the output is partial. Retellings of a kept incident still merge into it.
#[test]
fn a_report_past_the_incident_cap_keeps_its_first_incidents_and_counts_the_rest() {
    let wd = Workdir::new();
    let mut text = String::new();
    for day in 1..=28 {
        text.push_str(&format!(
            "On {day} June 2014, regime warplanes struck Hatla, killing two civilians.\n\n"
        ));
    }
    text.push_str("On 1 June 2014, regime warplanes struck Hatla again, killing five civilians.\n");
    wd.write("digest.txt", &text);
    let run = wd.run(&[
        "extract",
        "digest.txt",
        "--format",
        "geojsonl",
        "--max-incidents",
        "5",
    ]);
    run.expect_code(1);
    let found = run.json_lines();
    let dates: Vec<&str> = found
        .iter()
        .map(|f| f["properties"]["event_date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "2014-06-01",
            "2014-06-02",
            "2014-06-03",
            "2014-06-04",
            "2014-06-05"
        ]
    );
    // The last sentence retold the first strike with its toll.
    assert_eq!(found[0]["properties"]["fatalities"], 5);
    assert!(
        run.stderr
            .contains("digest.txt: kept its first 5 incidents, dropped 23 more"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("23 incidents dropped"),
        "{}",
        run.stderr
    );

    // Under the cap (the default), every one, exit 0.
    let run = wd.run(&["extract", "digest.txt", "--format", "geojsonl"]);
    run.expect_code(0);
    assert_eq!(run.json_lines().len(), 28);
}
