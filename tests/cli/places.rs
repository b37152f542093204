//! `incimap places`: the seed article's places and non-places, offsets a user can slice the
//! text with, and every kind of input (files, folders, JSON Lines, stdin) including broken ones.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{fixture, km, Run, Workdir};

/// Deir ez-Zor city.
const DEIR: (f64, f64) = (35.336, 40.141);

/// The seed article's path.
fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples/deir-ez-zor-2014.txt")
}

fn seed_text() -> String {
    std::fs::read_to_string(seed_path()).expect("seed article")
}

fn seed() -> String {
    seed_path().to_string_lossy().into_owned()
}

/// The characters `start..end` of `text`: what a user gets slicing by code points.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// The code-point offset of the first `needle` in `text`.
fn char_offset(text: &str, needle: &str) -> usize {
    let byte = text.find(needle).expect("needle in text");
    text[..byte].chars().count()
}

fn field<'a>(m: &'a Value, key: &str) -> &'a str {
    m[key].as_str().unwrap_or("")
}

fn lat_lon(m: &Value) -> (f64, f64) {
    (m["lat"].as_f64().unwrap(), m["lon"].as_f64().unwrap())
}

fn offsets(m: &Value) -> (usize, usize) {
    (
        m["start"].as_u64().unwrap() as usize,
        m["end"].as_u64().unwrap() as usize,
    )
}

/// Every mention's `text` is the slice `start..end` of `text`, in code points.
fn assert_offsets(text: &str, mentions: &[Value]) {
    for m in mentions {
        let (start, end) = offsets(m);
        assert_eq!(chars(text, start, end), field(m, "text"), "offsets of {m}");
    }
}

/// The mentions whose text is exactly `text`.
fn with_text<'a>(mentions: &'a [Value], text: &str) -> Vec<&'a Value> {
    mentions.iter().filter(|m| m["text"] == text).collect()
}

/// The doc ids in output order, each once.
fn docs(mentions: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in mentions {
        let d = field(m, "doc").to_string();
        if out.last() != Some(&d) {
            out.push(d);
        }
    }
    out
}

fn places(wd: &Workdir, args: &[&str]) -> Run {
    let mut a = vec!["places"];
    a.extend_from_slice(args);
    wd.run(&a)
}

#[test]
fn seed_article_names_its_places_around_deir_ez_zor() {
    let wd = Workdir::new();
    let run = places(&wd, &[&seed()]);
    run.expect_code(0);
    let ms = run.json_lines();
    let found: Vec<&str> = ms.iter().map(|m| field(m, "text")).collect();
    for name in [
        "Deir ez-Zor",
        "al-Qusour",
        "al-Joura",
        "Hatla",
        "al-Hawiqa",
        "Political Security Bridge",
        "al-Taym oil wells road",
        "Iraq",
        "Syria",
    ] {
        assert!(found.contains(&name), "{name} not found in {found:?}");
    }
    // "the city of Deir ez-Zor": the city itself, not only its governorate.
    let city = with_text(&ms, "Deir ez-Zor").into_iter().any(|m| {
        let (lat, lon) = lat_lon(m);
        km(lat, lon, DEIR.0, DEIR.1) < 3.0
    });
    assert!(city, "no Deir ez-Zor mention at the city: {}", run.stdout);
    let road = with_text(&ms, "al-Taym oil wells road");
    assert_eq!(field(road[0], "feature"), "road", "{}", road[0]);
    for m in with_text(&ms, "Iraq") {
        assert_eq!(m["country"], "IQ", "{m}");
    }
    for m in with_text(&ms, "Syria") {
        assert_eq!(m["country"], "SY", "{m}");
    }
    // Everything the report places in Syria lies in or around the besieged city.
    for m in ms
        .iter()
        .filter(|m| m["country"] == "SY" && m["feature_code"] != "PCLI")
    {
        let (lat, lon) = lat_lon(m);
        let d = km(lat, lon, DEIR.0, DEIR.1);
        assert!(d < 25.0, "{} km from Deir ez-Zor: {m}", d.round());
    }
    let summary = format!("1 article from 1 file; {} place mentions", ms.len());
    assert!(run.stderr.contains(&summary), "{}", run.stderr);
}

#[test]
fn seed_article_people_days_and_outlets_are_not_places() {
    let wd = Workdir::new();
    let run = places(&wd, &[&seed()]);
    run.expect_code(0);
    // Ali al-Sistani, Abo Hussein al-Furati, Al-Furati, Wednesday, Saleh Adam, ARA News.
    for m in run.json_lines() {
        let text = field(&m, "text");
        for word in ["Sistani", "Furati", "Wednesday", "Saleh", "ARA"] {
            assert!(!text.contains(word), "{word} taken for a place: {m}");
        }
    }
}

#[test]
fn seed_article_offsets_slice_the_file_by_code_points() {
    let wd = Workdir::new();
    let run = places(&wd, &[&seed()]);
    run.expect_code(0);
    let ms = run.json_lines();
    let text = seed_text();
    assert!(
        text.len() > text.chars().count(),
        "the article has curly quotes"
    );
    assert_offsets(&text, &ms);
    for m in &ms {
        assert_eq!(m["doc"], "deir-ez-zor-2014.txt");
    }
    // After the curly apostrophe in the headline, bytes and code points part ways.
    let bridge = with_text(&ms, "Political Security Bridge")[0];
    assert_eq!(
        offsets(bridge).0,
        char_offset(&text, "Political Security Bridge")
    );
}

#[test]
fn one_phrase_is_one_mention() {
    let wd = Workdir::new();
    for args in [
        vec![seed()],
        vec![
            seed(),
            "--gazetteer".into(),
            fixture("deir-ez-zor-places.csv"),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = places(&wd, &args);
        run.expect_code(0);
        let ms = run.json_lines();
        // "on al-Taym oil wells road" is one road, not also a separate "al-Taym oil wells".
        for pair in ms.windows(2) {
            let (a, b) = (offsets(&pair[0]), offsets(&pair[1]));
            assert!(
                a.1 <= b.0,
                "overlapping mentions:\n{}\n{}",
                pair[0],
                pair[1]
            );
        }
    }
}

#[test]
fn sub_places_missing_from_the_gazetteer_take_the_city_they_lie_in() {
    let wd = Workdir::new();
    let run = places(&wd, &[&seed()]);
    run.expect_code(0);
    let ms = run.json_lines();
    for name in ["Political Security Bridge", "al-Hawiqa"] {
        let found = with_text(&ms, name);
        assert!(!found.is_empty(), "{name} not found");
        for m in found {
            assert_eq!(m["kind"], "parent", "{m}");
            assert_eq!(m["precision"], 2, "{m}");
            assert!(!field(m, "reason").is_empty(), "no reason: {m}");
            assert_eq!(m["name"], "Deir ez-Zor", "{m}");
            let (lat, lon) = lat_lon(m);
            assert!(km(lat, lon, DEIR.0, DEIR.1) < 3.0, "{m}");
        }
    }
    let bridge = with_text(&ms, "Political Security Bridge")[0];
    assert_eq!(bridge["feature"], "bridge");
}

#[test]
fn user_gazetteer_places_the_bridge_and_neighbourhoods_themselves() {
    let wd = Workdir::new();
    let csv = fixture("deir-ez-zor-places.csv");
    let run = places(&wd, &[&seed(), "--gazetteer", &csv]);
    run.expect_code(0);
    let ms = run.json_lines();
    for (name, lat, lon) in [
        ("al-Hawiqa", 35.347, 40.133),
        ("Political Security Bridge", 35.342, 40.146),
        ("al-Qusour", 35.333, 40.120),
        ("al-Joura", 35.326, 40.108),
    ] {
        let found = with_text(&ms, name);
        assert!(!found.is_empty(), "{name} not found");
        for m in found {
            assert_eq!(m["kind"], "place", "{m}");
            assert_eq!(m["name"], name, "{m}");
            assert_eq!(m["precision"], 1, "{m}");
            let (la, lo) = lat_lon(m);
            assert!(km(la, lo, lat, lon) < 0.2, "{m}");
        }
    }
    let bridge = with_text(&ms, "Political Security Bridge")[0];
    assert_eq!(bridge["feature_code"], "BDG");
}

/// A user gazetteer with typos still places what its good rows name; each bad row is a
/// warning with its line (the first ten, then how many more), the summary counts them,
/// and the exit code is 1, as for a bad JSON line.
#[test]
fn user_gazetteer_bad_rows_are_skipped_and_counted() {
    let wd = Workdir::new();
    let mut csv = String::from(
        "name,lat,lon,kind,country,parent,aliases\n\
         al-Hawiqa,35.347,40.133,neighbourhood,SY,Deir ez-Zor,\n",
    );
    // Lines 3..=14: twelve rows with a latitude and longitude swapped.
    for i in 0..12 {
        csv.push_str(&format!("Typo {i},135.3,40.1,neighbourhood,SY,,\n"));
    }
    csv.push_str("Political Security Bridge,35.342,40.146,bridge,SY,Deir ez-Zor,\n");
    let gaz = wd.write("typos.csv", csv);
    let run = places(&wd, &[&seed(), "--gazetteer", gaz.to_str().unwrap()]);
    run.expect_code(1);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("skipped gazetteer row"))
        .collect();
    assert_eq!(warnings.len(), 10, "{}", run.stderr);
    assert!(
        warnings[0].contains("typos.csv:3: latitude 135.3 is outside -90..90"),
        "{}",
        warnings[0]
    );
    assert!(warnings[9].contains("typos.csv:12:"), "{}", warnings[9]);
    assert!(
        run.stderr.contains("... and 2 more bad rows in ")
            && run.stderr.contains("12 gazetteer rows skipped"),
        "{}",
        run.stderr
    );
    // The rows on either side of the typos were loaded and place their names.
    let ms = run.json_lines();
    for name in ["al-Hawiqa", "Political Security Bridge"] {
        let found = with_text(&ms, name);
        assert!(!found.is_empty(), "{name} not found");
        assert!(
            found
                .iter()
                .all(|m| m["kind"] == "place" && m["name"] == name),
            "{found:?}"
        );
    }
}

/// Issue 13's case: a user's "Tahrir Square" was found by `gazetteer lookup` but not in text.
#[test]
fn a_user_gazetteer_name_of_common_words_is_found_in_text() {
    let wd = Workdir::new();
    let gaz = wd.write(
        "ug.csv",
        "name,lat,lon,kind,country\nTahrir Square,30.0444,31.2357,neighbourhood,EG\n",
    );
    let run = wd.run_stdin(
        &["places", "-", "--gazetteer", gaz.to_str().unwrap()],
        "Protesters gathered in Tahrir Square on Friday.\n",
    );
    run.expect_code(0);
    let ms = run.json_lines();
    assert_eq!(ms.len(), 1, "{}", run.stdout);
    assert_eq!(ms[0]["text"], "Tahrir Square");
    assert_eq!(ms[0]["kind"], "place");
    assert_eq!(ms[0]["country"], "EG");
    assert_eq!(offsets(&ms[0]), (23, 36));
}

#[test]
fn foreign_demonyms_are_not_placed_in_the_town_the_article_is_about() {
    let wd = Workdir::new();
    let run = wd.run_stdin(
        &["places", "-"],
        "Lebanese and Iraqi militias shelled the city of Deir ez-Zor in Syria.\n",
    );
    run.expect_code(0);
    let ms = run.json_lines();
    for (demonym, country) in [("Lebanese", "LB"), ("Iraqi", "IQ")] {
        for m in with_text(&ms, demonym) {
            assert_ne!(
                m["name"], "Deir ez-Zor",
                "{demonym} put in Deir ez-Zor: {m}"
            );
            assert_ne!(m["kind"], "parent", "{m}");
            if m["kind"] == "place" {
                assert_eq!(m["country"], country, "{m}");
            }
        }
    }
    let run = wd.run_stdin(&["places", "-"], "Russian jets struck Idlib in Syria.\n");
    let ms = run.json_lines();
    let russian = with_text(&ms, "Russian");
    assert!(
        russian.iter().all(|m| m["name"] != "Idlib"),
        "Russian put in Idlib: {}",
        run.stdout
    );
    // In the seed article too: "Lebanese and Iraqi “militias”", "some Iraqi militias".
    let run = places(&wd, &[&seed()]);
    for m in run.json_lines() {
        if ["Lebanese", "Iraqi"].contains(&field(&m, "text")) {
            assert_ne!(m["kind"], "parent", "{m}");
        }
    }
}

#[test]
fn offsets_count_code_points_in_arabic_and_accented_text() {
    let wd = Workdir::new();
    let text = "قصف على دير الزور. Shelling hit Deir ez-Zor on Monday; witnesses at the \
                café «Naïm» said the “old” bridge was cut — later shells fell on Aleppo.";
    let article = serde_json::json!({
        "id": "ar-1",
        "date": "2014-06-18",
        "title": "دير الزور: قصف",
        "text": text,
        "url": "https://example.org/ar-1",
    });
    wd.write("news.jsonl", format!("{article}\n"));
    let run = places(&wd, &["news.jsonl"]);
    run.expect_code(0);
    let ms = run.json_lines();
    assert_offsets(text, &ms);
    for m in &ms {
        assert_eq!(m["doc"], "ar-1");
    }
    let arabic = with_text(&ms, "دير الزور");
    assert_eq!(arabic.len(), 1, "{}", run.stdout);
    assert_eq!(offsets(arabic[0]), (8, 17));
    let (lat, lon) = lat_lon(arabic[0]);
    assert!(km(lat, lon, DEIR.0, DEIR.1) < 3.0, "{}", arabic[0]);
    for (name, at) in [
        ("Deir ez-Zor", char_offset(text, "Deir ez-Zor")),
        ("Aleppo", char_offset(text, "Aleppo")),
    ] {
        let found = with_text(&ms, name);
        assert_eq!(found.len(), 1, "{name}: {}", run.stdout);
        assert_eq!(offsets(found[0]), (at, at + name.chars().count()), "{name}");
    }
}

#[test]
fn a_broken_json_line_is_skipped_and_named_and_the_others_are_read() {
    let wd = Workdir::new();
    wd.write(
        "news.jsonl",
        "{\"id\":\"a\",\"text\":\"Shelling hit the Sheikh Maqsoud district of Aleppo.\"}\n\
         {not json\n\
         {\"id\":\"b\",\"text\":\"Clashes were reported in Homs on Friday.\"}\n",
    );
    let run = places(&wd, &["news.jsonl"]);
    run.expect_code(1);
    let ms = run.json_lines();
    assert_eq!(docs(&ms), ["a", "b"]);
    assert!(!with_text(&ms, "Aleppo").is_empty(), "{}", run.stdout);
    assert!(!with_text(&ms, "Homs").is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("incimap: skipped news.jsonl:2: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("2 articles from 1 file"),
        "{}",
        run.stderr
    );
}

#[test]
fn quiet_hides_messages_but_the_exit_code_still_tells() {
    let wd = Workdir::new();
    wd.write(
        "news.jsonl",
        "{\"id\":\"a\",\"text\":\"Shelling hit Aleppo.\"}\n{not json\n",
    );
    let run = places(&wd, &["-q", "news.jsonl"]);
    run.expect_code(1);
    assert_eq!(run.stderr, "");
    assert_eq!(docs(&run.json_lines()), ["a"]);
}

#[test]
fn invalid_utf8_costs_a_character_not_the_report() {
    let wd = Workdir::new();
    let mut bytes = b"ALEPPO, 2 June - Shelling \xff\xfe killed three civilians".to_vec();
    bytes.extend_from_slice(" in the Sheikh Maqsoud district of Aleppo on Friday.\n".as_bytes());
    wd.write("latin.txt", &bytes);
    let run = places(&wd, &["latin.txt"]);
    run.expect_code(0);
    let ms = run.json_lines();
    let text = String::from_utf8_lossy(&bytes);
    assert_offsets(&text, &ms);
    let aleppo = with_text(&ms, "Aleppo");
    assert_eq!(aleppo.len(), 1, "{}", run.stdout);
    assert_eq!(aleppo[0]["country"], "SY");
    assert_eq!(offsets(aleppo[0]).0, char_offset(&text, "Aleppo"));
    assert!(
        run.stderr
            .contains("incimap: warning: latin.txt: invalid UTF-8 at byte 26"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 with invalid UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_binary_file_among_reports_is_skipped_by_name() {
    let wd = Workdir::new();
    wd.write(
        "a.txt",
        "Shelling hit the Sheikh Maqsoud district of Aleppo.",
    );
    let mut junk: Vec<u8> = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    junk.extend((0u32..4000).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    wd.write("x.txt", &junk);
    wd.write("c.txt", "Clashes were reported in Homs on Friday.");
    let run = places(&wd, &["a.txt", "x.txt", "c.txt"]);
    run.expect_code(1);
    assert_eq!(docs(&run.json_lines()), ["a.txt", "c.txt"]);
    assert!(
        run.stderr.contains("incimap: skipped x.txt: binary file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("2 articles from 3 files; 1 skipped (1 binary)"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_documents_and_files_are_reported_not_mapped() {
    let wd = Workdir::new();
    wd.write("empty.txt", "");
    wd.write("blank.txt", " \n\t\r\n");
    wd.write(
        "news.jsonl",
        "{\"id\":\"nothing\",\"text\":\"\"}\n{\"id\":\"a\",\"text\":\"Shelling hit Aleppo.\"}\n",
    );
    let run = places(&wd, &["empty.txt", "blank.txt", "news.jsonl"]);
    // An empty document counts as skipped, so the exit code says something was left out.
    run.expect_code(1);
    assert_eq!(docs(&run.json_lines()), ["a"]);
    for says in [
        "empty.txt: empty document",
        "blank.txt: empty document",
        "news.jsonl:1: empty text",
        "3 skipped (3 empty)",
    ] {
        assert!(run.stderr.contains(says), "{says}: {}", run.stderr);
    }
}

#[test]
fn a_fifty_megabyte_report_is_parsed_whole_with_right_offsets() {
    let wd = Workdir::new();
    let seed = seed_text();
    let paragraphs: Vec<&str> = seed
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let copy = paragraphs.join("\n\n") + "\n\n";
    let copies = 50 * 1024 * 1024 / copy.len() + 1;
    let text = copy.repeat(copies);
    assert!(text.len() >= 50 * 1024 * 1024);
    wd.write("huge.txt", &text);

    let started = std::time::Instant::now();
    let run = places(&wd, &["huge.txt"]);
    let took = started.elapsed();
    run.expect_code(0);
    eprintln!("50 MB document: {took:.1?}");
    let ms = run.json_lines();
    assert!(ms.len() > 1000, "{} mentions", ms.len());

    // Each copy of the report still has its two Political Security Bridge mentions.
    let bridges = with_text(&ms, "Political Security Bridge").len();
    assert_eq!(bridges, 2 * copies);
    let first = &ms[0];
    let at = char_offset(&text, field(first, "text"));
    assert_eq!(offsets(first).0, at, "{first}");

    // Every mention slices the text, also far in and across any internal chunk boundary:
    // one pass over the text, as the mentions come in order.
    let mut it = text.chars().enumerate().peekable();
    let mut last_start = 0;
    for m in &ms {
        let (start, end) = offsets(m);
        assert!(start >= last_start, "out of order at {m}");
        last_start = start;
        while it.peek().is_some_and(|(i, _)| *i < start) {
            it.next();
        }
        let got: String = it.clone().take(end - start).map(|(_, c)| c).collect();
        assert_eq!(got, field(m, "text"), "{m}");
    }
}

#[test]
fn a_folder_is_read_recursively_in_path_order_with_file_names_as_ids() {
    let wd = Workdir::new();
    wd.write("corpus/b.txt", "Clashes were reported in Homs on Friday.");
    wd.write(
        "corpus/z-aleppo/aleppo.txt",
        "Shelling hit the Sheikh Maqsoud district of Aleppo.",
    );
    wd.write(
        "corpus/z-aleppo/README.md",
        "Reports from Aleppo, collected by hand. Not an article.",
    );
    let run = places(&wd, &["corpus"]);
    run.expect_code(0);
    let ms = run.json_lines();
    // Path order (b.txt before z-aleppo/...), not file-name order.
    assert_eq!(docs(&ms), ["b.txt", "aleppo.txt"]);
    assert_eq!(with_text(&ms, "Aleppo").len(), 1, "README.md was read");
    assert!(
        run.stderr
            .contains("2 articles from 2 files; 1 file in folders ignored"),
        "{}",
        run.stderr
    );
}

#[test]
fn stdin_takes_plain_text_or_json_lines() {
    let wd = Workdir::new();
    let run = wd.run_stdin(&["places", "-"], &seed_text());
    run.expect_code(0);
    let ms = run.json_lines();
    assert!(ms.iter().all(|m| m["doc"] == "stdin"), "{}", run.stdout);
    assert_offsets(&seed_text(), &ms);
    assert!(!with_text(&ms, "Hatla").is_empty());

    let lines = "{\"id\":\"r1\",\"text\":\"Shelling hit Aleppo.\"}\n\
                 {\"id\":2,\"text\":\"Clashes in Homs.\"}\n";
    let run = wd.run_stdin(&["places", "-"], lines);
    run.expect_code(0);
    let ms = run.json_lines();
    assert_eq!(docs(&ms), ["r1", "2"]);
    assert!(
        run.stderr.contains("2 articles from 1 file"),
        "{}",
        run.stderr
    );
}

#[test]
fn gzipped_json_lines_are_read() {
    use std::io::Write;
    let wd = Workdir::new();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let article = serde_json::json!({"id": "deir", "text": seed_text()});
    gz.write_all(format!("{article}\n").as_bytes()).unwrap();
    wd.write("news.jsonl.gz", gz.finish().unwrap());
    let run = places(&wd, &["news.jsonl.gz"]);
    run.expect_code(0);
    let ms = run.json_lines();
    assert_eq!(docs(&ms), ["deir"]);
    assert!(!with_text(&ms, "al-Hawiqa").is_empty());
}

#[test]
fn table_has_a_header_and_a_row_per_mention() {
    let wd = Workdir::new();
    let jsonl = places(&wd, &[&seed()]);
    jsonl.expect_code(0);
    let ms = jsonl.json_lines();
    let run = places(&wd, &[&seed(), "--format", "table"]);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let header: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(
        &header[..4],
        ["doc", "start", "end", "text"],
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), ms.len() + 1, "{}", run.stdout);
    for (row, m) in lines[1..].iter().zip(&ms) {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells.len(), header.len(), "{row}");
        let (start, end) = offsets(m);
        assert_eq!(
            cells[..4],
            [
                field(m, "doc"),
                &start.to_string(),
                &end.to_string(),
                field(m, "text")
            ]
        );
    }
    assert!(
        run.stderr.contains("1 article from 1 file"),
        "{}",
        run.stderr
    );
}

#[test]
fn table_kind_column_uses_the_json_words() {
    let wd = Workdir::new();
    let run = places(&wd, &[&seed(), "--format", "table"]);
    run.expect_code(0);
    let mut lines = run.stdout.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let kind = header
        .iter()
        .position(|h| *h == "kind")
        .expect("kind column");
    for row in lines {
        let cell = row.split('\t').nth(kind).unwrap();
        assert!(
            ["place", "parent", "unresolved"].contains(&cell),
            "{cell:?} in {row}"
        );
    }
}

#[test]
fn a_missing_input_is_a_usage_error() {
    // A missing input is a mistyped command line (exit 2, nothing written), not a bad
    // record among good ones (exit 1).
    let wd = Workdir::new();
    wd.write(
        "a.txt",
        "Shelling hit the Sheikh Maqsoud district of Aleppo.",
    );
    let run = places(&wd, &["missing.txt", "a.txt"]);
    run.expect_code(2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("missing.txt not found"),
        "{}",
        run.stderr
    );
}

#[test]
fn country_picks_the_namesake_in_that_country() {
    let wd = Workdir::new();
    let report = "Clashes broke out near Tripoli on Monday.\n";
    let run = wd.run_stdin(&["places", "-"], report);
    run.expect_code(0);
    assert_eq!(run.json_lines()[0]["country"], "LY");
    let run = wd.run_stdin(&["places", "-", "--country", "LB"], report);
    run.expect_code(0);
    let tripoli = &run.json_lines()[0];
    assert_eq!(tripoli["country"], "LB");
    let (lat, lon) = lat_lon(tripoli);
    assert!(km(lat, lon, 34.43, 35.84) < 5.0, "{tripoli}");
}

#[test]
fn country_must_name_a_country() {
    let wd = Workdir::new();
    let run = wd.run_stdin(
        &["places", "-", "--country", "Lebanonn"],
        "Clashes broke out near Tripoli on Monday.\n",
    );
    run.expect_code(2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn named_regions_of_the_war_are_places() {
    // Areas reports name as places, with no town of that name: from UCDP's area-level events.
    let wd = Workdir::new();
    let r = wd.run_stdin(
        &["places", "-"],
        "Regime forces shelled Eastern Ghouta and clashed with rebels in Jabal al-Akrad.",
    );
    r.expect_code(0);
    let found = r.json_lines();
    let at = |text: &str| {
        let m = found
            .iter()
            .find(|m| m["text"] == text)
            .unwrap_or_else(|| panic!("{text} not found: {found:?}"));
        (m["lat"].as_f64().unwrap(), m["lon"].as_f64().unwrap())
    };
    // Eastern Ghouta lies just east of Damascus; Jabal al-Akrad in Latakia's hills.
    let (lat, lon) = at("Eastern Ghouta");
    assert!(km(lat, lon, 33.513, 36.292) < 25.0, "{lat},{lon}");
    let (lat, lon) = at("Jabal al-Akrad");
    assert!(km(lat, lon, 35.52, 35.79) < 50.0, "{lat},{lon}");
}

/// `places --unresolved`: the worklist for a user gazetteer, one row a name.
#[test]
fn the_review_list_counts_what_the_gazetteer_lacks() {
    let wd = Workdir::new();
    let corpus = [
        // Neighbourhoods of Deir ez-Zor that no source has (villages of these names lie
        // in Raqqa, 100 km off, and are not taken for them).
        serde_json::json!({"id": "a", "text": "Shelling hit the neighbourhoods of al-Joura and al-Qusour in Deir ez-Zor."}),
        serde_json::json!({"id": "b", "text": "Clashes broke out in the al-Joura neighbourhood of Deir ez-Zor, and in Hatla."}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    wd.write("r.jsonl", corpus);
    let run = wd.run(&["places", "r.jsonl", "--unresolved", "--format", "table"]);
    run.expect_code(0);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(
        rows[0],
        ["count", "docs", "text", "status", "placed_at", "first_doc"]
    );
    // Most frequent first; places the gazetteer has are not on the list.
    assert_eq!(rows[1][..3], ["2", "2", "al-Joura"]);
    assert!(matches!(rows[1][3], "unresolved" | "parent"), "{rows:?}");
    assert!(
        rows.iter().any(|r| r[2] == "al-Qusour" && r[0] == "1"),
        "{rows:?}"
    );
    assert!(
        !rows
            .iter()
            .any(|r| r[2] == "Hatla" || r[2] == "Deir ez-Zor"),
        "{rows:?}"
    );
    let run = wd.run(&["places", "r.jsonl", "--unresolved"]);
    run.expect_code(0);
    let first = &run.json_lines()[0];
    assert_eq!(first["text"], "al-Joura");
    assert_eq!(
        (first["count"].as_u64(), first["docs"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(first["first_doc"], "a");
}
