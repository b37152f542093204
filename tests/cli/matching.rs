//! ACLED in, ACLED out: ACLED's columns on what `extract` writes, ACLED exports (CSV, API
//! JSON, every date form) read by `query`, `layers` and `render`, and `match` pairing two
//! incident sets.

use crate::harness::{fixture, Workdir};

/// The ACLED-style fixture's ids and their dates as ISO days, written out by hand (the
/// fixture spells them "02 June 2023", "02-June-2023", "2-May-20", ...); `None` for the
/// row whose date does not parse.
const DATES: [(&str, Option<&str>); 10] = [
    ("TST0001", Some("2023-06-02")),
    ("TST0002", Some("2023-05-28")),
    ("TST0003", Some("2023-06-02")),
    ("TST0004", Some("2020-05-02")),
    ("TST0005", Some("2020-04-30")),
    ("TST0006", Some("2020-05-01")),
    ("TST0007", Some("2019-03-15")),
    ("TST0008", None),
    ("TST0009", Some("2019-12-31")),
    ("TST0010", Some("2023-06-01")),
];

fn count(run: &crate::harness::Run) -> usize {
    run.stdout.trim().parse().unwrap()
}

#[test]
fn since_and_until_count_the_rows_of_an_acled_export_by_their_dates() {
    let w = Workdir::new();
    let file = fixture("acled-export.csv");
    for (flag, day) in [("--since", "2020-05-01"), ("--until", "2020-04-30")] {
        let run = w.run(&["query", &file, flag, day, "--format", "count"]);
        // The row whose date does not parse is kept out, counted and reported.
        run.expect_code(1);
        assert!(
            run.stderr
                .contains("1 incidents without an event_date that parses")
                && run.stderr.contains("2014-06-0é"),
            "{}",
            run.stderr
        );
        let want = DATES
            .iter()
            .filter(|(_, d)| match (flag, d) {
                ("--since", Some(d)) => *d >= day,
                (_, Some(d)) => *d <= day,
                _ => false,
            })
            .count();
        assert_eq!(count(&run), want, "{flag} {day}");
    }
    assert_eq!(
        count(
            w.run(&["query", &file, "--since", "2020-05-01", "--format", "count"])
                .expect_code(1)
        ),
        6
    );
    // Without a date filter every row counts, and nothing is partial.
    let all = w.run(&["query", &file, "--format", "count"]);
    assert_eq!(count(all.expect_code(0)), 10);
}

#[test]
fn stats_on_an_acled_export_show_dates_and_acled_groupings() {
    let w = Workdir::new();
    let run = w.run(&["query", &fixture("acled-export.csv"), "--stats"]);
    let out = &run.expect_code(0).stdout;
    assert!(
        out.contains("dates       2019-03-15 to 2023-06-02 (1 without a date)"),
        "{out}"
    );
    for line in [
        "by disorder_type",
        "        7  Political violence",
        "        3  Demonstrations",
        "by interaction",
        "        3  60 Protesters only",
        "        2  22 Rebel group-Rebel group",
        "        1  78 Civilians-External/Other forces",
        "by admin2",
        "        2  Afrin",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
}

#[test]
fn acled_api_json_reads_like_the_csv() {
    let w = Workdir::new();
    let mut reader = csv::Reader::from_path(fixture("acled-export.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    // ACLED's API gives every value as text.
    let mut records: Vec<serde_json::Value> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let m: serde_json::Map<String, serde_json::Value> = header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), serde_json::Value::from(v)))
                .collect();
            serde_json::Value::Object(m)
        })
        .collect();
    records.push(
        serde_json::json!({"event_id_cnty": "TST0011", "event_date": "2023-06-02",
        "latitude": "", "longitude": ""}),
    );
    let api = serde_json::json!({"status": 200, "success": true, "count": records.len(),
        "data": records});
    let file = w.write("acled-api.json", api.to_string());
    let run = w.run(&[
        "query",
        "acled-api.json",
        "--since",
        "2020-05-01",
        "--format",
        "count",
    ]);
    run.expect_code(1);
    assert_eq!(count(&run), 6);
    assert!(
        run.stderr
            .contains("acled-api.json record 11: no numeric latitude/longitude"),
        "{}",
        run.stderr
    );
    // A bare array of records, as saved from the API's `data`.
    let bare = w.write("records.json", serde_json::to_string(&api["data"]).unwrap());
    let run = w.run(&["query", bare.to_str().unwrap(), "--format", "count"]);
    assert_eq!(count(run.expect_code(1)), 10);
    assert!(file.exists());
}

#[test]
fn layers_and_render_take_acled_dates() {
    let w = Workdir::new();
    let file = fixture("acled-export.csv");
    w.run(&["layers", &file, "-o", "layers", "--by", "event_type"])
        .expect_code(0);
    let battles: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(w.path().join("layers/battles.geojson")).unwrap(),
    )
    .unwrap();
    let dates: Vec<&str> = battles["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["event_date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2023-06-02", "2020-05-02", "2020-04-30"]);
    // #13: a date such as "2014-06-0é" once made render panic.
    w.run(&[
        "render", &file, "-o", "map.png", "--width", "320", "--height", "240",
    ])
    .expect_code(0);
    assert!(w.path().join("map.png").exists());
}

#[test]
fn extract_writes_acled_columns_first_with_derived_fields() {
    let w = Workdir::new();
    w.write(
        "strike.txt",
        "IDLIB, Syria (June 2, 2023) - Syrian regime warplanes backed by Russian forces struck a market in Idlib city on Friday, killing four civilians.\n",
    );
    w.write(
        "protest.txt",
        "SUWAYDA, Syria (May 28, 2023) - Hundreds of people protested in As-Suwayda city on Sunday against rising prices.\n",
    );
    w.write(
        "clash.txt",
        "AZAZ, Syria (June 1, 2023) - Fighters of Hayat Tahrir al-Sham clashed with the Syrian National Army near Azaz on Thursday, leaving three fighters dead.\n",
    );
    w.write(
        "hajin.txt",
        "HAJIN, Syria (June 3, 2023) - Syrian Democratic Forces fighters alongside the Global Coalition clashed with Islamic State near Hajin on Saturday.\n",
    );
    let run = w.run(&[
        "extract",
        "strike.txt",
        "protest.txt",
        "clash.txt",
        "hajin.txt",
        "--format",
        "csv",
    ]);
    let mut r = csv::Reader::from_reader(run.expect_code(0).stdout.as_bytes());
    let h = r.headers().unwrap().clone();
    assert_eq!(
        h.iter().take(31).collect::<Vec<_>>().join(","),
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,\
         actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,\
         civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,\
         longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    let by_type = |t: &str| {
        rows.iter()
            .find(|r| r.get(5) == Some(t))
            .unwrap_or_else(|| panic!("no {t} in {}", run.stdout))
    };
    let cols = |r: &csv::StringRecord| -> Vec<String> {
        [4, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 19]
            .iter()
            .map(|&i| r[i].to_string())
            .collect()
    };
    assert_eq!(
        cols(by_type("Explosions/Remote violence")),
        [
            "Political violence",
            "Military Forces of Syria",
            "Military Forces of Russia",
            "1",
            "Civilians (Syria)",
            "7",
            "17",
            "Civilian targeting",
            "760",
            "Middle East",
            "Syria",
            "Idleb"
        ]
    );
    assert_eq!(
        cols(by_type("Protests")),
        [
            "Demonstrations",
            "Protesters (Syria)",
            "",
            "6",
            "",
            "",
            "60",
            "",
            "760",
            "Middle East",
            "Syria",
            "As Sweida"
        ]
    );
    let hajin = rows
        .iter()
        .find(|r| &r[7] == "Syrian Democratic Forces")
        .unwrap();
    assert_eq!(
        (&hajin[8], &hajin[10], &hajin[13]),
        ("Global Coalition Against Daesh", "Islamic State", "22")
    );
    assert_eq!(
        cols(by_type("Battles")),
        [
            "Political violence",
            "Hayat Tahrir al-Sham",
            "",
            "2",
            "Syrian National Army",
            "2",
            "22",
            "",
            "760",
            "Middle East",
            "Syria",
            "Azaz"
        ]
    );
}

/// Incidents found by a machine, near some of the fixture's events.
const FOUND: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","id":"f1","geometry":{"type":"Point","coordinates":[40.1408,35.3539]},"properties":{"event_date":"2023-06-02","event_type":"Battles"}},
{"type":"Feature","id":"f2","geometry":{"type":"Point","coordinates":[36.6339,35.9306]},"properties":{"event_date":"2023-06-03","event_type":"Battles"}},
{"type":"Feature","id":"f3","geometry":{"type":"Point","coordinates":[36.8700,36.5100]},"properties":{"event_date":"2020-05-02","event_type":"Battles"}},
{"type":"Feature","id":"f4","geometry":{"type":"Point","coordinates":[44.3661,33.3152]},"properties":{"event_date":"2023-06-02","event_type":"Battles"}},
{"type":"Feature","id":"f5","geometry":{"type":"Point","coordinates":[40.1408,35.3359]},"properties":{"event_date":null,"event_type":"Battles"}}
]}"#;

#[test]
fn match_pairs_found_incidents_with_coded_ones() {
    let w = Workdir::new();
    w.write("found.geojson", FOUND);
    let acled = fixture("acled-export.csv");
    let run = w.run(&[
        "match",
        "found.geojson",
        &acled,
        "--km",
        "10",
        "--days",
        "1",
        "--format",
        "json",
        "-o",
        "pairs.csv",
        "--unmatched-left",
        "left.geojson",
        "--unmatched-right",
        "right.geojson",
    ]);
    // One undated incident on each side: kept, counted, reported, and the run is partial.
    run.expect_code(1);
    assert!(
        run.stderr.contains("1 incidents without an event_date"),
        "{}",
        run.stderr
    );
    let s: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (&s["matched"], &s["left_only"], &s["right_only"]),
        (&3.into(), &2.into(), &7.into()),
        "{s}"
    );
    assert_eq!(
        (&s["left_undated"], &s["right_undated"]),
        (&1.into(), &1.into())
    );
    assert_eq!(s["precision"], 0.6);
    assert_eq!(s["recall"], 0.3);

    // f3 lies between TST0004 (same day) and TST0005 (two days before): the day window
    // leaves only TST0004. Pairs come nearest first.
    let pairs = std::fs::read_to_string(w.path().join("pairs.csv")).unwrap();
    let lines: Vec<&str> = pairs.lines().collect();
    assert_eq!(lines[0], "left_id,right_id,distance_km,days_apart");
    assert_eq!(lines[1], "f2,TST0003,0.000,-1");
    assert_eq!(lines[2], "f3,TST0004,0.216,0");
    assert!(lines[3].starts_with("f1,TST0001,2.0"), "{pairs}");
    assert_eq!(lines.len(), 4);

    let ids = |file: &str| -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(w.path().join(file)).unwrap()).unwrap();
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("left.geojson"), ["f4", "f5"]);
    assert_eq!(
        ids("right.geojson"),
        ["TST0002", "TST0005", "TST0006", "TST0007", "TST0008", "TST0009", "TST0010"]
    );

    // Same event type only: f2 (Battles) is no longer TST0003 (an air strike).
    let run = w.run(&[
        "match",
        "found.geojson",
        &acled,
        "--same-type",
        "--format",
        "json",
    ]);
    let s: serde_json::Value = serde_json::from_str(&run.expect_code(1).stdout).unwrap();
    assert_eq!(s["matched"], 2);

    // The table says the same for people.
    let run = w.run(&["match", "found.geojson", &acled]);
    let out = &run.expect_code(1).stdout;
    assert!(
        out.contains("matched            3  60.0% of left (precision), 30.0% of right (recall)"),
        "{out}"
    );
}

#[test]
fn a_set_matched_with_itself_pairs_every_dated_incident_with_itself() {
    let w = Workdir::new();
    let acled = fixture("acled-export.csv");
    let run = w.run(&[
        "match",
        &acled,
        &acled,
        "-o",
        "pairs.csv",
        "--format",
        "json",
        "-q",
    ]);
    let s: serde_json::Value = serde_json::from_str(&run.expect_code(1).stdout).unwrap();
    assert_eq!((&s["matched"], &s["left_only"]), (&9.into(), &1.into()));
    let pairs = std::fs::read_to_string(w.path().join("pairs.csv")).unwrap();
    // TST0004 and TST0005 share a place two days apart: each still pairs with itself.
    for line in pairs.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!((f[0], f[2], f[3]), (f[1], "0.000", "0"), "{line}");
    }
}

#[test]
fn match_refuses_unusable_input_with_a_clear_message() {
    let w = Workdir::new();
    let acled = fixture("acled-export.csv");
    w.write(
        "nocoords.csv",
        "event_id_cnty,event_date,event_type\nX1,2023-06-02,Battles\n",
    );
    let run = w.run(&["match", "nocoords.csv", &acled, "-o", "pairs.csv"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("nocoords.csv") && run.stderr.contains("latitude and longitude"),
        "{}",
        run.stderr
    );
    w.write("empty.csv", "event_id_cnty,event_date,latitude,longitude\n");
    let run = w.run(&["match", &acled, "empty.csv", "-o", "pairs.csv"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("RIGHT empty.csv holds no incidents with a point"),
        "{}",
        run.stderr
    );
    assert!(
        !w.path().join("pairs.csv").exists(),
        "no output on a fatal error"
    );
    let run = w.run(&["match", &acled, &acled, "--km=-1"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--km"), "{}", run.stderr);
}
