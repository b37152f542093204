//! No incident on the wrong continent: names that contain a place but are none (military
//! operations), villages named like foreign cities, a real far reference that must stay
//! far, and the warning `extract`, `map` and `query --stats` give for incidents far from
//! everything else their report names. Every report here was written for these tests.

use serde_json::{json, Value};

use crate::harness::{km, Run, Workdir};

/// Tadmur, the Syrian city called Palmyra.
const TADMUR: (f64, f64) = (34.56, 38.27);
const TOKYO: (f64, f64) = (35.69, 139.69);

/// A one-article JSON Lines input: the report `text`, published on 2019-10-15.
fn report(wd: &Workdir, text: &str) -> String {
    let line = json!({"id": "r1", "date": "2019-10-15", "text": text});
    wd.write("reports.jsonl", format!("{line}\n"))
        .to_string_lossy()
        .into_owned()
}

/// The place mentions `incimap places` finds in `text`.
fn mentions(text: &str) -> Vec<Value> {
    let wd = Workdir::new();
    let input = report(&wd, text);
    wd.run(&["places", &input]).expect_code(0).json_lines()
}

/// The mentions of `name` that `incimap places` finds in `text`; fails if there is none.
fn mentions_of(text: &str, name: &str) -> Vec<Value> {
    let found: Vec<Value> = mentions(text)
        .into_iter()
        .filter(|m| m["text"] == name)
        .collect();
    assert!(!found.is_empty(), "{name} not found in {text:?}");
    found
}

/// The incidents `incimap extract` reads from `text`, and the run (for its summary line).
fn incidents(wd: &Workdir, text: &str, extra: &[&str]) -> (Vec<Value>, Run) {
    let input = report(wd, text);
    let mut args = vec!["extract", &input, "--format", "geojsonl"];
    args.extend_from_slice(extra);
    let run = wd.run(&args);
    run.expect_code(0);
    (run.json_lines(), run)
}

fn lat_lon(v: &Value) -> Option<(f64, f64)> {
    Some((v["lat"].as_f64()?, v["lon"].as_f64()?))
}

/// The point of a GeoJSON feature, as (lat, lon).
fn point(f: &Value) -> Option<(f64, f64)> {
    let c = f["geometry"]["coordinates"].as_array()?;
    Some((c[1].as_f64()?, c[0].as_f64()?))
}

/// `name` (a military operation) in `text` is no place: no mention inside it resolves, and
/// every incident of the report is located in Syria or Iraq, near nothing far.
fn assert_no_place(name: &str, text: &str) {
    let start = text[..text.find(name).expect("name in text")]
        .chars()
        .count();
    let end = start + name.chars().count();
    for m in mentions(text) {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        if s < end && start < e {
            assert!(
                lat_lon(&m).is_none(),
                "{:?} in {name:?} resolved as a place: {m}",
                m["text"]
            );
        }
    }
    let wd = Workdir::new();
    let (fs, _) = incidents(&wd, text, &[]);
    for f in &fs {
        let p = &f["properties"];
        if point(f).is_some() {
            let cc = p["country"].as_str().unwrap_or("");
            assert!(
                ["SY", "IQ"].contains(&cc),
                "{name:?}: incident in {cc}: {p}"
            );
            assert!(p["far_km"].is_null(), "{name:?}: far incident: {p}");
        }
    }
}

#[test]
fn operation_peace_spring_is_no_place() {
    assert_no_place(
        "Operation Peace Spring",
        "Turkish-backed factions shelled the outskirts of Ras al-Ain on Tuesday as Operation \
         Peace Spring entered its second week, killing two civilians.",
    );
    // Alone, with no other place to go by.
    assert_no_place(
        "Operation Peace Spring",
        "Clashes continued on Tuesday as Operation Peace Spring entered its second week, and \
         two fighters were killed.",
    );
}

#[test]
fn olive_branch_is_no_place() {
    assert_no_place(
        "Olive Branch",
        "The Turkish army pressed its Olive Branch offensive against the YPG in Jandairis, in \
         Afrin countryside, where shelling killed a woman and her son.",
    );
    // Alone, with no other place to go by.
    assert_no_place(
        "Olive Branch",
        "Shelling by Olive Branch factions killed a woman on Sunday.",
    );
}

#[test]
fn euphrates_shield_is_no_place() {
    assert_no_place(
        "Euphrates Shield",
        "Euphrates Shield fighters clashed with the SDF near the town of al-Bab in Aleppo \
         countryside, and three fighters were killed.",
    );
    // Alone, with no other place to go by.
    assert_no_place(
        "Euphrates Shield",
        "Euphrates Shield factions fought among themselves on Monday, leaving two fighters \
         dead.",
    );
}

#[test]
fn dawn_of_freedom_is_no_place() {
    assert_no_place(
        "Dawn of Freedom",
        "Factions of Operation Dawn of Freedom took the village of Tal Rifaat in northern \
         Aleppo from the SDF on Sunday after heavy clashes.",
    );
    // Alone, with no other place to go by.
    assert_no_place(
        "Dawn of Freedom",
        "Fighters of Dawn of Freedom clashed with the SDF on Sunday.",
    );
}

#[test]
fn inherent_resolve_is_no_place() {
    assert_no_place(
        "Inherent Resolve",
        "A drone of the coalition's Operation Inherent Resolve struck a car near al-Shaddadi \
         in Hasakah countryside, killing two ISIS members.",
    );
    // Alone, with no other place to go by.
    assert_no_place(
        "Inherent Resolve",
        "Inherent Resolve announced that its aircraft killed an ISIS leader on Friday.",
    );
}

#[test]
fn desert_storm_is_no_place() {
    assert_no_place(
        "Desert Storm",
        "Thirty years after Desert Storm, a roadside bomb exploded near Fallujah in Anbar, \
         killing a police officer.",
    );
    // Alone, with no other place to go by.
    assert_no_place("Desert Storm", "Desert Storm veterans protested on Monday.");
}

#[test]
fn operation_with_a_foreign_city_name_is_no_place() {
    assert_no_place(
        "Operation Victoria",
        "Regime forces launched Operation Victoria against ISIS cells around al-Sukhnah in \
         eastern Homs on Monday, killing four militants.",
    );
    // Alone, with no other place to go by.
    assert_no_place(
        "Operation Victoria",
        "Regime forces launched Operation Victoria on Monday, killing four ISIS militants.",
    );
}

#[test]
fn a_foreign_city_name_before_operation_is_no_place() {
    assert_no_place(
        "Toledo operation",
        "The regime said its Toledo operation near Maadan in Raqqa countryside killed six ISIS \
         fighters on Wednesday.",
    );
    // Alone, with no other place to go by.
    assert_no_place(
        "Toledo operation",
        "The Toledo operation killed six ISIS fighters on Wednesday.",
    );
}

#[test]
fn saida_village_in_ar_raqqa_is_syrian_or_unresolved() {
    let text = "Unknown gunmen shot dead a shepherd near Saida village in Ar-Raqqa countryside \
                on Friday.";
    for m in &mentions_of(text, "Saida") {
        if lat_lon(m).is_some() {
            assert_eq!(m["country"], "SY", "{m}");
        }
    }
    let wd = Workdir::new();
    let (fs, _) = incidents(&wd, text, &[]);
    assert!(!fs.is_empty(), "no incident");
    for f in fs.iter().filter(|f| point(f).is_some()) {
        assert_eq!(f["properties"]["country"], "SY", "{}", f["properties"]);
    }
}

#[test]
fn palmyra_in_a_syrian_report_is_tadmur() {
    for text in [
        "Russian warplanes struck ISIS positions near Palmyra on Monday, killing four \
         militants. Regime forces also shelled the town of al-Sukhnah.",
        "ISIS fighters attacked regime positions near Palmyra, killing five soldiers.",
    ] {
        for m in &mentions_of(text, "Palmyra") {
            let (lat, lon) = lat_lon(m).unwrap_or_else(|| panic!("Palmyra unresolved: {m}"));
            assert_eq!(m["country"], "SY", "{m}");
            assert!(km(lat, lon, TADMUR.0, TADMUR.1) < 15.0, "not Tadmur: {m}");
        }
    }
}

#[test]
fn a_real_far_reference_still_resolves_there() {
    let text = "Regime forces shelled Douma in Eastern Ghouta on Monday, killing three \
                civilians. The same day, a government delegation flew to Tokyo for talks on \
                reconstruction.";
    // Also alone, in a sentence that names its people.
    for text in [
        text,
        "A Syrian government delegation flew to Tokyo on Monday.",
    ] {
        for m in &mentions_of(text, "Tokyo") {
            let (lat, lon) = lat_lon(m).unwrap_or_else(|| panic!("Tokyo unresolved: {m}"));
            assert_eq!(m["country"], "JP", "{m}");
            assert!(km(lat, lon, TOKYO.0, TOKYO.1) < 30.0, "{m}");
        }
    }
}

/// Syrian villages, and one event on another continent.
const WITH_A_FAR_EVENT: &str = "Regime warplanes struck Kafr Nabl and Maarat al-Numan in \
    Idlib countryside on Monday, killing four civilians. On the same day, hundreds of \
    protesters rallied in Tokyo against the bombing.";

#[test]
fn extract_counts_the_incident_far_from_the_reports_other_places() {
    let wd = Workdir::new();
    let (fs, run) = incidents(&wd, WITH_A_FAR_EVENT, &[]);
    let far: Vec<&Value> = fs
        .iter()
        .filter(|f| !f["properties"]["far_km"].is_null())
        .collect();
    assert_eq!(far.len(), 1, "{fs:#?}");
    let p = &far[0]["properties"];
    assert_eq!(p["country"], "JP", "{p}");
    // Tokyo lies about 8,800 km from Idlib.
    let d = p["far_km"]
        .as_u64()
        .unwrap_or_else(|| panic!("far_km in whole km: {p}"));
    assert!((8500..9100).contains(&d), "{p}");
    assert!(
        fs.iter()
            .filter(|f| f["properties"]["country"] == "SY")
            .count()
            >= 1,
        "{fs:#?}"
    );
    let warning = "1 over 500 km from their report's other places (far_km)";
    assert!(run.stderr.contains(warning), "{}", run.stderr);

    // -q keeps stderr quiet.
    let quiet = wd.run(&["extract", "reports.jsonl", "-q", "-o", "out.geojson"]);
    assert_eq!(quiet.expect_code(0).stderr, "");
}

#[test]
fn a_report_of_one_region_gives_no_warning() {
    let wd = Workdir::new();
    let (fs, run) = incidents(
        &wd,
        "Regime warplanes struck Kafr Nabl and Maarat al-Numan in Idlib countryside on \
         Monday, killing four civilians. Clashes broke out near Saraqib.",
        &[],
    );
    assert!(fs.iter().any(|f| point(f).is_some()), "{fs:#?}");
    assert!(
        fs.iter().all(|f| f["properties"]["far_km"].is_null()),
        "{fs:#?}"
    );
    assert!(!run.stderr.contains("far_km"), "{}", run.stderr);
}

#[test]
fn map_warns_and_query_stats_count_the_far_incident() {
    let wd = Workdir::new();
    let input = report(&wd, WITH_A_FAR_EVENT);
    let run = wd.run(&["map", &input, "-o", "out"]);
    run.expect_code(0);
    let warning = "1 over 500 km from their report's other places (far_km)";
    assert!(run.stderr.contains(warning), "{}", run.stderr);

    let table = wd.run(&["query", "out/incidents.geojson", "--stats"]);
    table.expect_code(0);
    assert!(
        table.stdout.contains(&format!("far         {warning}")),
        "{}",
        table.stdout
    );
    for file in ["out/incidents.geojson", "out/incidents.csv"] {
        let json = wd.run(&["query", file, "--stats", "--format", "json"]);
        let v: Value = serde_json::from_str(&json.expect_code(0).stdout).unwrap();
        assert_eq!(v["far"], 1, "{file}: {v}");
    }
    // Only the far incident is far: a place filter around Idlib leaves none.
    let near = wd.run(&[
        "query",
        "out/incidents.geojson",
        "--bbox",
        "35.5,35.0,37.5,36.5",
        "--stats",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&near.expect_code(0).stdout).unwrap();
    assert_eq!(v["far"], 0, "{v}");
    assert!(v["incidents"].as_u64().unwrap() >= 1, "{v}");
}

/// A GeoJSON FeatureCollection of one incident at each (lon, lat), of report `r{k}`.
fn collection(points: &[(f64, f64)]) -> String {
    let features: Vec<Value> = points
        .iter()
        .enumerate()
        .map(|(k, (lon, lat))| {
            json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                   "properties": {"event_type": "Battles", "fatalities": 1,
                                  "event_date": "2019-10-15", "source_id": format!("r{k}")}})
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

#[test]
fn a_map_frames_the_region_and_leaves_out_a_stray() {
    let wd = Workdir::new();
    // Forty incidents across Syria, and one on another continent (a namesake read wrong).
    let towns = [
        (36.63, 35.93),
        (37.16, 36.20),
        (40.14, 35.34),
        (36.29, 33.51),
        (36.72, 34.73),
    ];
    let mut points: Vec<(f64, f64)> = towns.iter().cycle().take(40).copied().collect();
    points.push((-88.0, 34.9)); // Olive Branch, Mississippi
    wd.write("incidents.geojson", collection(&points));
    let run = wd.run(&["render", "incidents.geojson", "-o", "map.png"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("40 incidents (1 outside the map)"),
        "{}",
        run.stderr
    );
    let extent = run
        .stderr
        .split("; extent ")
        .nth(1)
        .expect("extent in the summary");
    let e: Vec<f64> = extent
        .split_whitespace()
        .next()
        .unwrap()
        .split(',')
        .map(|v| v.parse().unwrap())
        .collect();
    // The Levant, not the Atlantic: west of Cyprus at most, east of Iraq at most.
    assert!(e[0] > 25.0 && e[2] < 50.0, "{extent}");
    assert!(e[1] > 25.0 && e[3] < 45.0, "{extent}");

    let stats = wd.run(&["query", "incidents.geojson", "--stats", "--format", "json"]);
    let v: Value = serde_json::from_str(&stats.expect_code(0).stdout).unwrap();
    assert_eq!(v["strays"], 1, "{v}");
    // The extent query reports is every incident's, the stray's too.
    assert!(v["extent"][0].as_f64().unwrap() < -80.0, "{v}");

    // With a second stray in a set this small, the set is spread for real: all framed.
    points.extend([(139.69, 35.69), (151.2, -33.9)]);
    wd.write("spread.geojson", collection(&points));
    let run = wd.run(&["render", "spread.geojson", "-o", "spread.png"]);
    assert!(
        run.expect_code(0).stderr.contains("43 incidents;"),
        "{}",
        run.stderr
    );
}

/// Reports of a feed, one a note naming only a town called like towns abroad: read with
/// notes about Syria, it is read as about Syria, in `extract` and in `places`.
#[test]
fn a_note_naming_no_country_is_placed_in_the_country_its_feed_is_about() {
    let karak = "Unidentified gunmen attacked two checkpoints in the town of Karak. \
                 No fatalities were reported.";
    let feed = [
        karak,
        "Regime forces shelled Khan Shaykhun in southern Idlib, killing two civilians.",
        "Clashes broke out between the SDF and Islamic State fighters in Hajin, Deir ez-Zor.",
        "Russian warplanes struck Kafr Nabl in Idlib countryside.",
    ];
    let in_syria =
        |(lat, lon): (f64, f64)| (32.0..37.5).contains(&lat) && (35.5..42.5).contains(&lon);
    let wd = Workdir::new();
    let lines: String = feed
        .iter()
        .enumerate()
        .map(|(n, t)| {
            format!(
                "{}\n",
                json!({"id": format!("n{n}"), "date": "2019-12-09", "text": t})
            )
        })
        .collect();
    let input = wd.write("feed.jsonl", lines).to_string_lossy().into_owned();

    let found = wd
        .run(&["extract", &input, "--format", "geojsonl"])
        .expect_code(0)
        .json_lines();
    let of_karak: Vec<&Value> = found
        .iter()
        .filter(|f| f["properties"]["source_id"] == "n0")
        .collect();
    assert!(!of_karak.is_empty(), "{found:?}");
    for f in &of_karak {
        assert!(point(f).is_some_and(in_syria), "{f}");
    }
    let places = wd.run(&["places", &input]).expect_code(0).json_lines();
    let karak_mention = places
        .iter()
        .find(|m| m["doc"] == "n0" && m["text"] == "Karak")
        .unwrap_or_else(|| panic!("{places:?}"));
    assert_eq!(karak_mention["country"], "SY", "{karak_mention}");

    // Alone, nothing in the note says Syria: the town abroad its name picks stays.
    let (alone, _) = incidents(&wd, karak, &[]);
    assert!(!alone.is_empty());
    assert!(
        alone.iter().all(|f| !point(f).is_some_and(in_syria)),
        "{alone:?}"
    );
}
