//! Reading the whole report (issue 14): a local paper's towns in the state its places
//! share, people and streets that are no places, and the event at the town the body names
//! rather than at an actor's country. Every report here was written for these tests.

use serde_json::{json, Value};

use crate::harness::{km, Workdir};

const ALEXANDRIA_LA: (f64, f64) = (31.31, -92.45);
const RAQQA: (f64, f64) = (35.95, 39.01);

/// `incimap places` on a one-article JSON Lines input.
fn mentions(text: &str) -> Vec<Value> {
    let wd = Workdir::new();
    let line = json!({"id": "r1", "date": "2009-03-24", "text": text});
    let input = wd.write("reports.jsonl", format!("{line}\n"));
    wd.run(&["places", &input.to_string_lossy()])
        .expect_code(0)
        .json_lines()
}

/// `incimap extract` of a written input as GeoJSON Lines: the features, at least one.
fn incidents(wd: &Workdir, input: &std::path::Path) -> Vec<Value> {
    let run = wd.run(&["extract", &input.to_string_lossy(), "--format", "geojsonl"]);
    run.expect_code(0);
    let features = run.json_lines();
    assert!(!features.is_empty());
    features
}

fn resolved<'a>(ms: &'a [Value], text: &str) -> Vec<&'a Value> {
    ms.iter()
        .filter(|m| m["text"] == text && m["kind"] != "unresolved")
        .collect()
}

#[test]
fn alexandria_beside_pineville_and_mansfield_is_in_louisiana() {
    let ms = mentions(
        "ALEXANDRIA - Two men were arrested Monday after a chase that began in Pineville \
         and ended near the river bridge in Alexandria, police said. One of them, a \
         29-year-old, lives in Mansfield.",
    );
    let alexandria = resolved(&ms, "Alexandria");
    assert_eq!(alexandria.len(), 1, "{ms:?}");
    let (lat, lon) = (
        alexandria[0]["lat"].as_f64().unwrap(),
        alexandria[0]["lon"].as_f64().unwrap(),
    );
    assert!(
        km(lat, lon, ALEXANDRIA_LA.0, ALEXANDRIA_LA.1) < 10.0,
        "{alexandria:?}"
    );
    for m in resolved(&ms, "ALEXANDRIA")
        .into_iter()
        .chain(resolved(&ms, "Pineville"))
        .chain(resolved(&ms, "Mansfield"))
    {
        assert_eq!(m["admin1"], "Louisiana", "{m}");
    }
}

#[test]
fn a_surname_is_no_place_anywhere_in_the_report() {
    let ms = mentions(
        "John Welch, the county clerk, said the count would take two days. Welch said a \
         recount would begin Monday in Frankfort. Coach Ripley's team won; coach Ripley \
         said so. Mrs. Parsons and Carol J. Gray voted early.",
    );
    for name in ["Welch", "Ripley", "Parsons", "Gray"] {
        assert!(resolved(&ms, name).is_empty(), "{name}: {ms:?}");
    }
    assert_eq!(resolved(&ms, "Frankfort").len(), 1, "{ms:?}");
}

#[test]
fn a_street_is_never_the_town_of_its_name() {
    let ms = mentions(
        "The fire started in a shop on Main Street in Lexington, Kentucky, and spread to \
         two houses on Lincoln Street. The owner, 44, of 2517 Memphis St., was treated at \
         a clinic on Wichita Avenue.",
    );
    for street in [
        "Main Street",
        "Lincoln Street",
        "Main",
        "Lincoln",
        "Memphis St",
        "Memphis",
        "Wichita Avenue",
        "Wichita",
    ] {
        for m in resolved(&ms, street) {
            // at most placed at the town the report puts it in, never a town of the name
            assert_eq!(m["kind"], "parent", "{m}");
            assert_eq!(m["name"], "Lexington", "{m}");
        }
    }
    assert_eq!(resolved(&ms, "Lexington")[0]["admin1"], "Kentucky");
}

#[test]
fn us_raids_in_raqqa_are_located_at_raqqa() {
    let wd = Workdir::new();
    let line = json!({"id": "r1", "date": "2017-06-14", "title": "U.S. raids on IS stronghold",
        "text": "U.S. raids on Islamic State positions in Raqqa killed 12 militants on Tuesday, a war monitor said."});
    let input = wd.write("reports.jsonl", format!("{line}\n"));
    for f in &incidents(&wd, &input) {
        assert_eq!(f["properties"]["country"], "SY", "{f}");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lat, lon) = (c[1].as_f64().unwrap(), c[0].as_f64().unwrap());
        assert!(km(lat, lon, RAQQA.0, RAQQA.1) < 10.0, "{f}");
    }
}

#[test]
fn a_state_abbreviation_places_the_town_before_it() {
    let ms = mentions("KANSAS CITY, Kan. - A man from Mansfield, La., was charged Monday.");
    assert_eq!(resolved(&ms, "Kan")[0]["name"], "Kansas", "{ms:?}");
    assert_eq!(
        resolved(&ms, "Mansfield")[0]["admin1"],
        "Louisiana",
        "{ms:?}"
    );
}

/// A local election report whose words and people share towns' names: "Superior Court",
/// "Spring Cleanup", "Turner's 39", "Mrs. Lincoln".
const ELECTION: &str = "Judge race goes to Hyles. COLUMBUS, Ga. -- Voters in Columbus and \
    across Muscogee County chose Hyles over Judge Martha Turner on Tuesday, 61 percent to \
    Turner's 39. The Columbus Chamber of Commerce hosted a forum before the vote, with a talk \
    by Mrs. Lincoln of the historical society. Superior Court Judge Ann Lee said the Spring \
    Cleanup drive would go ahead in Phenix City, Alabama, next week.";

#[test]
fn words_and_people_named_like_towns_are_no_places_and_the_towns_are() {
    let ms = mentions(ELECTION);
    for (name, admin1) in [
        ("Columbus", "Georgia"),
        ("Muscogee County", "Georgia"),
        ("Phenix City", "Alabama"),
    ] {
        let got = resolved(&ms, name);
        assert!(!got.is_empty(), "{name} not resolved: {ms:?}");
        for m in got {
            assert_eq!(m["admin1"], admin1, "{m}");
        }
    }
    for word in ["Turner", "Lincoln", "Superior", "Spring"] {
        assert!(resolved(&ms, word).is_empty(), "{word} resolved: {ms:?}");
    }
    // Words the gazetteer records are turned down with the cues that said so.
    for word in ["Superior", "Spring"] {
        let m = ms
            .iter()
            .find(|m| m["text"] == word)
            .unwrap_or_else(|| panic!("{word} not listed: {ms:?}"));
        let why = m["reason"].as_str().unwrap_or_default();
        assert!(why.starts_with("read as a word or a name here"), "{m}");
        assert!(why.contains("placeness"), "{m}");
    }
}

#[test]
fn every_resolved_place_says_why_it_was_chosen() {
    let ms = mentions(ELECTION);
    let columbus = resolved(&ms, "Columbus");
    let why = columbus[0]["reason"].as_str().unwrap_or_default();
    // Columbus, Georgia over Columbus, Ohio (the state capital): the report's other places.
    assert!(why.starts_with("chosen over Columbus"), "{why}");
    assert!(why.contains("the report's other places"), "{why}");
    for m in ms.iter().filter(|m| m["kind"] == "place") {
        let why = m["reason"].as_str().unwrap_or_default();
        assert!(
            why.starts_with("chosen") || why.ends_with("is the only candidate"),
            "{m}"
        );
    }
}

#[test]
fn a_county_named_with_a_given_name_and_a_towns_library_are_places() {
    let ms = mentions(
        "PARIS, Tenn. -- The Paris Public Library will offer a job workshop on Monday. The \
         archives are a hidden treasure of Henry County, the librarian said.",
    );
    let county = resolved(&ms, "Henry County");
    assert_eq!(county.len(), 1, "{ms:?}");
    assert_eq!(county[0]["feature_code"], "ADM2", "{ms:?}");
    assert_eq!(county[0]["admin1"], "Tennessee", "{ms:?}");
    let paris = resolved(&ms, "Paris");
    assert_eq!(paris.len(), 1, "{ms:?}");
    assert_eq!(paris[0]["admin1"], "Tennessee", "{ms:?}");
}

#[test]
fn a_list_of_states_is_states_not_the_towns_named_after_them() {
    // Missouri has towns called California, Mexico and Oregon beside one another; in a list
    // of states they are the states.
    let ms = mentions(
        "Illnesses were reported in Arizona, California, Colorado, Georgia, Missouri, New \
         Mexico, New York, Oregon, Utah, Washington and Wisconsin, the health agency said.",
    );
    for state in [
        "Arizona",
        "California",
        "Georgia",
        "Missouri",
        "New Mexico",
        "New York",
        "Oregon",
        "Washington",
    ] {
        let got = resolved(&ms, state);
        assert_eq!(got.len(), 1, "{state}: {ms:?}");
        assert_eq!(got[0]["feature_code"], "ADM1", "{state}: {}", got[0]);
        assert_eq!(got[0]["country"], "US", "{state}: {}", got[0]);
    }
    let california = resolved(&ms, "California");
    assert!(
        california[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("list")),
        "{}",
        california[0]
    );
}

/// A wire story that cites papers and an army by their places' names and places its event
/// in a Canadian town: the papers' cities are mentions of the organisations, never the
/// event's place, and "Ont." is the province.
#[test]
fn places_in_organisations_names_are_mentions_but_never_the_event() {
    let wd = Workdir::new();
    let line = json!({"id": "r1", "date": "2018-03-06",
        "text": "Two soldiers were killed when gunmen attacked a checkpoint near Kingston, \
                 Ont., on Monday, The Washington Post reported, citing Pakistan Army \
                 officials and the New York Times."});
    let input = wd.write("reports.jsonl", format!("{line}\n"));
    let ms = wd
        .run(&["places", &input.to_string_lossy()])
        .expect_code(0)
        .json_lines();
    for (text, name) in [
        ("Washington", "Washington"),
        ("Pakistan", "Pakistan"),
        ("New York", "New York City"),
    ] {
        let m = resolved(&ms, text);
        assert_eq!(m.len(), 1, "{text}: {ms:?}");
        assert_eq!(m[0]["feature"], "organisation", "{}", m[0]);
        assert_eq!(m[0]["name"], name, "{}", m[0]);
    }
    assert_eq!(resolved(&ms, "Ont")[0]["name"], "Ontario", "{ms:?}");
    assert_eq!(resolved(&ms, "Kingston")[0]["country"], "CA", "{ms:?}");
    for f in &incidents(&wd, &input) {
        assert_eq!(f["properties"]["country"], "CA", "{f}");
        assert_ne!(f["properties"]["location"], "Washington", "{f}");
    }
}
