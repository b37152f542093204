//! `incimap extract`: the seed article's incidents (what a careful coder would map, and not
//! the claims), dates with and without an anchor, every output format, atomic output files,
//! and broken inputs.

use std::path::Path;

use serde_json::Value;

use crate::harness::{fixture, km, Workdir};

/// Deir ez-Zor city.
const DEIR: (f64, f64) = (35.336, 40.141);

fn seed() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/samples/deir-ez-zor-2014.txt")
        .to_string_lossy()
        .into_owned()
}

/// The seed article's text.
fn seed_text() -> String {
    std::fs::read_to_string(seed()).unwrap()
}

/// The features of a FeatureCollection printed on stdout.
fn features(stdout: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert_eq!(v["type"], "FeatureCollection");
    v["features"].as_array().unwrap().clone()
}

fn prop<'a>(f: &'a Value, key: &str) -> &'a Value {
    &f["properties"][key]
}

fn text<'a>(f: &'a Value, key: &str) -> &'a str {
    prop(f, key).as_str().unwrap_or("")
}

fn of_type<'a>(fs: &'a [Value], sub: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    fs.iter().filter(move |f| text(f, "sub_event_type") == sub)
}

#[test]
fn seed_article_gives_the_incidents_a_coder_would_map() {
    let wd = Workdir::new();
    let run = wd.run(&["extract", &seed(), "--date", "2014-06-20"]);
    run.expect_code(0);
    let fs = features(&run.stdout);

    let air: Vec<_> = of_type(&fs, "Air/drone strike").collect();
    assert_eq!(air.len(), 1, "{fs:#?}");
    assert_eq!(text(air[0], "actor1"), "Military Forces of Syria");
    assert_eq!(text(air[0], "event_type"), "Explosions/Remote violence");
    assert!(text(air[0], "notes").contains("besieged neighbourhoods"));

    let bomb: Vec<_> = of_type(&fs, "Remote explosive/landmine/IED").collect();
    assert_eq!(bomb.len(), 1);
    assert_eq!(prop(bomb[0], "fatalities"), 5);
    assert_eq!(prop(bomb[0], "fatalities_known"), true);
    assert!(text(bomb[0], "location").contains("al-Taym oil wells road"));
    // "On Wednesday" in a report of Friday 20 June 2014.
    assert_eq!(text(bomb[0], "event_date"), "2014-06-18");
    assert_eq!(prop(bomb[0], "time_precision"), 1);

    let shelled: Vec<&str> = of_type(&fs, "Shelling/artillery/missile attack")
        .map(|f| text(f, "location"))
        .collect();
    assert_eq!(shelled.len(), 3, "{shelled:?}");
    for want in ["Hatla", "al-Hawiqa", "Political Security Bridge"] {
        assert!(
            shelled.iter().any(|l| l.contains(want)),
            "{want} in {shelled:?}"
        );
    }

    let strategic: Vec<_> = of_type(&fs, "Other").collect();
    assert!(strategic
        .iter()
        .all(|f| text(f, "event_type") == "Strategic developments"));
    assert!(strategic.iter().any(|f| text(f, "notes").contains("siege")));
    assert!(strategic.iter().any(
        |f| text(f, "location").contains("Political Security Bridge")
            && text(f, "notes").contains("blocking")
    ));

    for f in &fs {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(km(lat, lon, DEIR.0, DEIR.1) < 25.0, "{f}");
        assert_eq!(f["id"], f["properties"]["id"]);
        // A sub-place the bundled gazetteer lacks is placed at the city, honestly.
        if text(f, "location").contains(", Deir ez-Zor") {
            assert_eq!(prop(f, "geo_precision"), 2, "{f}");
        }
        for claim in ["prepare car bombs", "tries to expand", "allowed ISIL"] {
            assert!(!text(f, "notes").contains(claim), "a claim mapped: {f}");
        }
    }
    assert!(
        run.stderr.contains("1 article from 1 file; 7 incidents"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_a_date_relative_dates_stay_null() {
    let wd = Workdir::new();
    let run = wd.run(&["extract", &seed()]);
    run.expect_code(0);
    let fs = features(&run.stdout);
    assert!(!fs.is_empty());
    for f in &fs {
        assert!(prop(f, "event_date").is_null(), "{f}");
        assert_eq!(prop(f, "time_precision"), 3);
    }
}

#[test]
fn the_article_date_anchors_relative_dates() {
    let wd = Workdir::new();
    let input = r#"{"id": "r1", "date": "2014-06-20", "title": "Car bomb", "url": "https://example.org/r1", "text": "On Wednesday, a car bomb exploded in Deir ez-Zor, killing three people."}"#;
    let run = wd.run_stdin(&["extract", "-", "--format", "geojsonl"], input);
    run.expect_code(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let f = &lines[0];
    assert_eq!(text(f, "event_date"), "2014-06-18");
    assert_eq!(prop(f, "fatalities"), 3);
    assert_eq!(prop(f, "source_id"), "r1");
    assert_eq!(prop(f, "source_title"), "Car bomb");
    assert_eq!(prop(f, "source_url"), "https://example.org/r1");
    assert_eq!(prop(f, "span_start"), 16);
    assert_eq!(prop(f, "span_end"), 24, "\"car bomb\"");
}

#[test]
fn output_files_formats_and_ids() {
    let wd = Workdir::new();
    let seed = seed();
    let stdout = wd.run(&["extract", &seed, "--date", "2014-06-20"]);
    stdout.expect_code(0);

    let to_file = wd.run(&[
        "extract",
        &seed,
        "--date",
        "2014-06-20",
        "-o",
        "out/map.geojson",
    ]);
    to_file.expect_code(0);
    assert!(to_file.stdout.is_empty());
    let written = std::fs::read_to_string(wd.path().join("out/map.geojson")).unwrap();
    assert_eq!(
        features(&written),
        features(&stdout.stdout),
        "same incidents, same ids"
    );
    // Nothing left behind but the file itself.
    assert_eq!(std::fs::read_dir(wd.path().join("out")).unwrap().count(), 1);

    let lines = wd.run(&[
        "extract",
        &seed,
        "--date",
        "2014-06-20",
        "--format",
        "geojsonl",
    ]);
    lines.expect_code(0);
    let lines = lines.json_lines();
    assert_eq!(lines, features(&stdout.stdout));

    let csv = wd.run(&["extract", &seed, "--date", "2014-06-20", "--format", "csv"]);
    csv.expect_code(0);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    for col in [
        "event_date",
        "sub_event_type",
        "actor1",
        "fatalities",
        "latitude",
        "notes",
    ] {
        assert!(header.iter().any(|h| h == col), "{col} in {header:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), lines.len());
    let id = header.iter().position(|h| h == "event_id_cnty").unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| &r[id]).collect();
    let geo_ids: Vec<&str> = lines.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, geo_ids);
}

#[test]
fn a_user_gazetteer_places_the_neighbourhoods_themselves() {
    let wd = Workdir::new();
    let places = fixture("deir-ez-zor-places.csv");
    let run = wd.run(&["extract", &seed(), "--gazetteer", &places]);
    run.expect_code(0);
    let fs = features(&run.stdout);
    let hawiqa = fs
        .iter()
        .find(|f| text(f, "location") == "al-Hawiqa")
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert_eq!(prop(hawiqa, "geo_precision"), 1);
    let c = hawiqa["geometry"]["coordinates"].as_array().unwrap();
    assert!(
        km(
            c[1].as_f64().unwrap(),
            c[0].as_f64().unwrap(),
            35.347,
            40.133
        ) < 0.5
    );
}

#[test]
fn a_bad_date_is_a_usage_error_that_says_how_to_fix_it() {
    let wd = Workdir::new();
    let run = wd.run(&["extract", &seed(), "--date", "20/06/2014"]);
    run.expect_code(2);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn a_missing_input_is_a_usage_error_before_any_work() {
    // A missing input is a mistyped command line, not a bad record: exit 2, nothing
    // written, even when other inputs are good (a bad line inside an input is what exit 1
    // reports).
    let wd = Workdir::new();
    let good = wd.write("good.txt", "Regime warplanes struck Hatla on Monday.");
    let run = wd.run(&[
        "extract",
        "missing.txt",
        good.to_str().unwrap(),
        "--format",
        "geojsonl",
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("missing.txt not found"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn no_incidents_is_an_empty_collection() {
    let wd = Workdir::new();
    let quiet = wd.write("quiet.txt", "The weather in Aleppo was mild.");
    let run = wd.run(&["extract", quiet.to_str().unwrap()]);
    run.expect_code(0);
    assert!(features(&run.stdout).is_empty());
}

#[test]
fn a_broken_json_line_is_reported_and_the_rest_extracted_into_the_file() {
    let wd = Workdir::new();
    let good = |id: &str| {
        serde_json::json!({"id": id, "date": "2014-06-20", "text": seed_text()}).to_string()
    };
    wd.write(
        "news.jsonl",
        format!(
            "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
            good("a"),
            good("b")
        ),
    );
    let run = wd.run(&["extract", "news.jsonl", "-o", "out.geojson"]);
    run.expect_code(1);
    assert!(run.stderr.contains("news.jsonl:2"), "{}", run.stderr);
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(wd.path().join("out.geojson")).unwrap())
            .unwrap();
    let docs: std::collections::BTreeSet<String> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["properties"]["source_id"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(docs.into_iter().collect::<Vec<_>>(), ["a", "b"]);
}

/// Issue 13: a headline and its lede report the same deaths; `extract` gives one incident
/// with that toll, whether the headline is the JSON `title` or the text's first line.
#[test]
fn a_headline_and_its_lede_are_one_incident_with_one_toll() {
    let wd = Workdir::new();
    let lede = "An airstrike killed five people in Saraqib on Monday, local sources said.";
    let lines = [
        serde_json::json!({"id": "titled", "date": "2024-03-05",
            "title": "Airstrike kills 5 in Saraqib", "text": lede}),
        serde_json::json!({"id": "first-line", "date": "2024-03-05",
            "text": format!("Airstrike kills 5 in Saraqib\n{lede}")}),
    ];
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let run = wd.run_stdin(&["extract", "-", "--format", "geojsonl", "-q"], &input);
    run.expect_code(0);
    let found = run.json_lines();
    for id in ["titled", "first-line"] {
        let of: Vec<&Value> = found
            .iter()
            .filter(|f| prop(f, "source_id") == id)
            .collect();
        assert_eq!(of.len(), 1, "{id}: {}", run.stdout);
        assert_eq!(prop(of[0], "fatalities"), 5, "{id}");
        assert_eq!(text(of[0], "sub_event_type"), "Air/drone strike", "{id}");
    }
}
