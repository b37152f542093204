//! `incimap query`: the seed article's incidents found by place, by attributes and by
//! distance; hand-written points across the antimeridian and around a pole; polygons with
//! holes; statistics; broken inputs and the exit codes they give.

use std::path::Path;

use serde_json::Value;

use crate::harness::{km, Run, Workdir};

/// Deir ez-Zor city (lon, lat).
const DEIR: (f64, f64) = (40.141, 35.336);

fn seed() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/samples/deir-ez-zor-2014.txt")
        .to_string_lossy()
        .into_owned()
}

/// The seed article's incidents, extracted into `name` in the work directory, as parsed
/// features.
fn extract(wd: &Workdir, name: &str, format: &str) -> Vec<Value> {
    crate::harness::extract_seed(wd, name, format);
    let geojson = wd.run(&["extract", &seed(), "--date", "2014-06-20"]);
    let fs = features(&geojson.stdout);
    assert!(fs.len() >= 3, "the seed gives several incidents: {fs:#?}");
    fs
}

fn features(stdout: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert_eq!(v["type"], "FeatureCollection");
    v["features"].as_array().unwrap().clone()
}

fn lon_lat(f: &Value) -> (f64, f64) {
    let c = &f["geometry"]["coordinates"];
    (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())
}

fn ids(fs: &[Value]) -> Vec<String> {
    fs.iter().map(|f| f["id"].to_string()).collect()
}

/// A point file from `(id, lon, lat)`.
fn points(wd: &Workdir, name: &str, pts: &[(&str, f64, f64)]) {
    let fs: Vec<Value> = pts
        .iter()
        .map(|(id, lon, lat)| {
            serde_json::json!({"type": "Feature", "id": id,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"name": id}})
        })
        .collect();
    let fc = serde_json::json!({"type": "FeatureCollection", "features": fs});
    wd.write(name, fc.to_string());
}

fn names(run: &Run) -> Vec<String> {
    features(&run.stdout)
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn near_a_named_place_finds_every_seed_incident_whole_and_in_order() {
    let wd = Workdir::new();
    let all = extract(&wd, "x.geojson", "geojson");
    let run = wd.run(&[
        "query",
        "x.geojson",
        "--near",
        "Deir ez-Zor",
        "--radius-km",
        "25",
    ]);
    run.expect_code(0);
    assert_eq!(features(&run.stdout), all);
    assert!(run.stderr.contains("Deir ez-Zor"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{} match", all.len())),
        "{}",
        run.stderr
    );
}

#[test]
fn a_box_or_a_radius_elsewhere_finds_none() {
    let wd = Workdir::new();
    extract(&wd, "x.geojson", "geojson");
    // Damascus, 400 km away.
    for args in [
        &["--bbox", "36,33,37,34"][..],
        &["--near", "36.3,33.5", "--radius-km", "100"],
    ] {
        let run = wd.run(&[&["query", "x.geojson"][..], args].concat());
        run.expect_code(0);
        assert!(features(&run.stdout).is_empty(), "{args:?}: {}", run.stdout);
    }
    let run = wd.run(&["query", "x.geojson", "--bbox", "39.9,35.2,40.4,35.5"]);
    assert!(!features(&run.stdout).is_empty());
}

#[test]
fn attribute_filters_choose_by_type_actor_date_and_fatalities() {
    let wd = Workdir::new();
    let all = extract(&wd, "x.geojson", "geojson");
    let want = |pred: &dyn Fn(&Value) -> bool| -> Vec<String> {
        ids(&all.iter().filter(|f| pred(f)).cloned().collect::<Vec<_>>())
    };
    let p = |f: &Value, k: &str| f["properties"][k].as_str().unwrap_or("").to_string();

    let run = wd.run(&["query", "x.geojson", "--type", "strategic developments"]);
    run.expect_code(0);
    let got = ids(&features(&run.stdout));
    assert!(!got.is_empty());
    assert_eq!(
        got,
        want(&|f| p(f, "event_type") == "Strategic developments")
    );

    let run = wd.run(&[
        "query",
        "x.geojson",
        "--sub-type",
        "Remote explosive/landmine/IED",
    ]);
    assert_eq!(
        ids(&features(&run.stdout)),
        want(&|f| p(f, "sub_event_type") == "Remote explosive/landmine/IED")
    );

    let run = wd.run(&["query", "x.geojson", "--actor", "unidentified"]);
    assert_eq!(
        ids(&features(&run.stdout)),
        want(&|f| (p(f, "actor1") + &p(f, "actor2"))
            .to_lowercase()
            .contains("unidentified"))
    );

    let run = wd.run(&[
        "query",
        "x.geojson",
        "--since",
        "2014-06-18",
        "--until",
        "2014-06-18",
    ]);
    let got = ids(&features(&run.stdout));
    assert!(!got.is_empty());
    assert_eq!(got, want(&|f| p(f, "event_date") == "2014-06-18"));

    let run = wd.run(&["query", "x.geojson", "--min-fatalities", "1"]);
    assert_eq!(
        ids(&features(&run.stdout)),
        want(&|f| f["properties"]["fatalities"].as_u64().unwrap_or(0) >= 1)
    );

    // A typo is warned about, not silently empty.
    let run = wd.run(&["query", "x.geojson", "--type", "Battle"]);
    run.expect_code(0);
    assert!(run.stderr.contains("Battles"), "{}", run.stderr);
}

#[test]
fn nearest_sorts_by_distance_and_says_it() {
    let wd = Workdir::new();
    let all = extract(&wd, "x.geojson", "geojson");
    // From Hatla, east of the city.
    let from = (40.199, 35.342);
    let run = wd.run(&[
        "query",
        "x.geojson",
        "--nearest",
        "3",
        "--point",
        "40.199,35.342",
    ]);
    run.expect_code(0);
    let fs = features(&run.stdout);
    assert_eq!(fs.len(), 3.min(all.len()));
    let mut last = 0.0;
    for f in &fs {
        let d = f["properties"]["distance_km"].as_f64().unwrap();
        let (lon, lat) = lon_lat(f);
        assert!((d - km(from.1, from.0, lat, lon)).abs() < 0.01, "{d}");
        assert!(d >= last);
        last = d;
    }
    // The nearest is truly the nearest of all.
    let best = all
        .iter()
        .map(|f| {
            let (lon, lat) = lon_lat(f);
            km(from.1, from.0, lat, lon)
        })
        .fold(f64::INFINITY, f64::min);
    assert!((fs[0]["properties"]["distance_km"].as_f64().unwrap() - best).abs() < 0.01);
    // Everything else of the feature is kept.
    let same = all.iter().find(|f| f["id"] == fs[0]["id"]).unwrap();
    assert_eq!(same["properties"]["notes"], fs[0]["properties"]["notes"]);

    // A named centre works too, and CSV gets a distance column.
    let run = wd.run(&[
        "query",
        "x.geojson",
        "--nearest",
        "2",
        "--near",
        "Deir ez-Zor",
        "--format",
        "csv",
    ]);
    run.expect_code(0);
    let header = run.stdout.lines().next().unwrap();
    assert!(header.ends_with("distance_km"), "{header}");
    assert_eq!(run.stdout.lines().count(), 3);
}

#[test]
fn within_polygons_respects_holes_and_edges() {
    let wd = Workdir::new();
    points(
        &wd,
        "p.geojson",
        &[
            ("ring", 1.0, 1.0),
            ("hole", 5.0, 5.0),
            ("outside", 11.0, 5.0),
            ("edge", 10.0, 5.0),
            ("other", 30.5, 30.5),
        ],
    );
    wd.write(
        "area.geojson",
        r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"square with a hole"},"geometry":{"type":"Polygon","coordinates":[
            [[0,0],[10,0],[10,10],[0,10],[0,0]],
            [[4,4],[6,4],[6,6],[4,6],[4,4]]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[
            [[[30,30],[31,30],[31,31],[30,31],[30,30]]]]}},
          {"type":"Feature","properties":{"label":"a point, ignored"},"geometry":{"type":"Point","coordinates":[5,5]}}]}"#,
    );
    let run = wd.run(&["query", "p.geojson", "--within", "area.geojson"]);
    run.expect_code(0);
    assert_eq!(names(&run), ["ring", "edge", "other"]);
    assert!(run.stderr.contains("not polygons"), "{}", run.stderr);

    // The seed incidents all lie in a box around the city drawn as a polygon.
    let all = extract(&wd, "x.geojson", "geojson");
    wd.write(
        "deir.geojson",
        r#"{"type":"Polygon","coordinates":[[[39.9,35.2],[40.4,35.2],[40.4,35.5],[39.9,35.5],[39.9,35.2]]]}"#,
    );
    let run = wd.run(&["query", "x.geojson", "--within", "deir.geojson"]);
    assert_eq!(features(&run.stdout).len(), all.len());

    // No polygon at all is an error, not an empty answer.
    wd.write("pts.geojson", r#"{"type":"Point","coordinates":[1,2]}"#);
    let run = wd.run(&["query", "p.geojson", "--within", "pts.geojson"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no Polygon"), "{}", run.stderr);
    // Nor is a broken one a crash: a position of one number, a truncated file.
    wd.write(
        "short.geojson",
        r#"{"type":"Polygon","coordinates":[[[1],[2,3],[4,5],[1]]]}"#,
    );
    let run = wd.run(&["query", "p.geojson", "--within", "short.geojson"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("short.geojson") && run.stderr.contains("longitude and a latitude"),
        "{}",
        run.stderr
    );
    wd.write(
        "cut.geojson",
        r#"{"type":"Polygon","coordinates":[[[1,2],[3"#,
    );
    let run = wd.run(&["query", "p.geojson", "--within", "cut.geojson"]);
    run.expect_code(2);
    assert!(run.stderr.contains("cut.geojson:1"), "{}", run.stderr);
}

#[test]
fn antimeridian_and_pole_are_ordinary_places() {
    let wd = Workdir::new();
    points(
        &wd,
        "p.geojson",
        &[
            ("west-of-180", 179.95, -16.0),
            ("east-of-180", -179.95, -16.0),
            ("greenwich", 0.0, -16.0),
            ("pole-a", 0.0, 89.96),
            ("pole-b", 180.0, 89.96),
            ("pole-c", -90.0, 89.0),
        ],
    );
    // 0.05° of longitude at 16°S is about 5.3 km: both sides of 180° are within 6 km.
    let run = wd.run(&[
        "query",
        "p.geojson",
        "--near",
        "180,-16",
        "--radius-km",
        "6",
    ]);
    run.expect_code(0);
    assert_eq!(names(&run), ["west-of-180", "east-of-180"]);
    let run = wd.run(&["query", "p.geojson", "--bbox", "179,-17,-179,-15"]);
    assert_eq!(names(&run), ["west-of-180", "east-of-180"]);
    let run = wd.run(&["query", "p.geojson", "--bbox", "-179,-17,179,-15"]);
    assert_eq!(names(&run), ["greenwich"]);
    // 0.04° from the pole is 4.4 km, whatever the longitude.
    let run = wd.run(&["query", "p.geojson", "--point", "45,90", "--radius-km", "5"]);
    assert_eq!(names(&run), ["pole-a", "pole-b"]);
    // Across the pole, pole-b (8.9 km away) is nearer pole-a than pole-c (111 km).
    let run = wd.run(&["query", "p.geojson", "--point", "0,89.96", "--nearest", "2"]);
    assert_eq!(names(&run), ["pole-a", "pole-b"]);
    let run = wd.run(&["query", "p.geojson", "--stats"]);
    assert!(run.stdout.contains("extent      179.95,"), "{}", run.stdout);
}

#[test]
fn stats_count_types_admin1_fatalities_dates_and_extent() {
    let wd = Workdir::new();
    let all = extract(&wd, "x.geojson", "geojson");
    let run = wd.run(&["query", "x.geojson", "--stats"]);
    run.expect_code(0);
    let out = &run.stdout;
    assert!(
        out.contains(&format!("incidents   {}\n", all.len())),
        "{out}"
    );
    let deaths: u64 = all
        .iter()
        .map(|f| f["properties"]["fatalities"].as_u64().unwrap_or(0))
        .sum();
    assert!(out.contains(&format!("fatalities  {deaths}\n")), "{out}");
    assert!(
        out.contains("dates       2014-06-18 to 2014-06-20"),
        "{out}"
    );
    assert!(out.contains("by event_type\n"), "{out}");
    assert!(out.contains("Explosions/Remote violence"), "{out}");
    assert!(out.contains("by admin1\n"), "{out}");
    assert!(out.contains("Deir ez-Zor"), "{out}");
    let extent = out
        .lines()
        .find_map(|l| l.strip_prefix("extent"))
        .unwrap()
        .trim();
    let e: Vec<f64> = extent.split(',').map(|x| x.parse().unwrap()).collect();
    assert!(e[0] <= DEIR.0 + 0.01 && e[2] >= DEIR.0 - 0.01, "{extent}");

    // Stats of a filtered set, into a file.
    let run = wd.run(&[
        "query",
        "x.geojson",
        "--type",
        "Strategic developments",
        "--stats",
        "-o",
        "stats.txt",
    ]);
    run.expect_code(0);
    let text = std::fs::read_to_string(wd.path().join("stats.txt")).unwrap();
    assert!(!text.contains("Explosions"), "{text}");

    // --format csv and json (or a .csv or .json name) give the same counts as data.
    let run = wd.run(&["query", "x.geojson", "--stats", "--format", "json"]);
    run.expect_code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["incidents"], all.len());
    assert_eq!(v["fatalities"].as_f64(), Some(deaths as f64));
    assert_eq!(v["first_date"], "2014-06-18");
    assert_eq!(v["by"][0]["column"], "event_type");
    wd.run(&["query", "x.geojson", "--stats", "-o", "stats.json"])
        .expect_code(0);
    let file: Value =
        serde_json::from_slice(&std::fs::read(wd.path().join("stats.json")).unwrap()).unwrap();
    assert_eq!(file, v);
    wd.run(&["query", "x.geojson", "--stats", "-o", "stats.csv"])
        .expect_code(0);
    let csv = std::fs::read_to_string(wd.path().join("stats.csv")).unwrap();
    assert!(
        csv.starts_with(&format!(
            "group,value,incidents,fatalities\nall,,{},{deaths}\n",
            all.len()
        )),
        "{csv}"
    );
    assert!(
        csv.contains("event_type,Explosions/Remote violence,"),
        "{csv}"
    );
    let run = wd.run(&["query", "x.geojson", "--stats", "--format", "geojsonl"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("--stats writes a table, or --format csv or json"),
        "{}",
        run.stderr
    );
    let run = wd.run(&["query", "x.geojson", "--format", "json"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("--format json is for --stats"),
        "{}",
        run.stderr
    );
}

#[test]
fn csv_and_lines_in_and_out() {
    let wd = Workdir::new();
    let all = extract(&wd, "x.csv", "csv");
    let run = wd.run(&[
        "query",
        "x.csv",
        "--near",
        "40.141,35.336",
        "--radius-km",
        "25",
        "--format",
        "count",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout.trim(), all.len().to_string());

    // CSV out keeps the input's columns in order, and reads back.
    let run = wd.run(&["query", "x.csv", "-o", "y.csv"]);
    run.expect_code(0);
    let x = std::fs::read_to_string(wd.path().join("x.csv")).unwrap();
    let y = std::fs::read_to_string(wd.path().join("y.csv")).unwrap();
    assert_eq!(x.lines().next(), y.lines().next());
    assert_eq!(y.lines().count(), x.lines().count());

    // CSV from stdin, sniffed.
    let run = wd.run_stdin(&["query", "-", "--type", "Strategic developments"], &x);
    run.expect_code(0);
    let fs = features(&run.stdout);
    assert!(!fs.is_empty());
    assert!(fs
        .iter()
        .all(|f| f["properties"]["event_type"] == "Strategic developments"));

    // GeoJSON Lines out (from the file name), one whole feature a line.
    wd.run(&[
        "extract",
        &seed(),
        "--date",
        "2014-06-20",
        "-o",
        "x.geojson",
    ])
    .expect_code(0);
    wd.run(&["query", "x.geojson", "-o", "out.geojsonl"])
        .expect_code(0);
    let lines = std::fs::read_to_string(wd.path().join("out.geojsonl")).unwrap();
    let parsed: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let fs = features(&std::fs::read_to_string(wd.path().join("x.geojson")).unwrap());
    assert_eq!(parsed, fs);
}

#[test]
fn malformed_geojson_is_an_error_with_its_position() {
    let wd = Workdir::new();
    wd.write(
        "bad.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",,\"geometry\":null}]}",
    );
    let run = wd.run(&["query", "bad.geojson"]);
    run.expect_code(2);
    assert!(run.stderr.contains("bad.geojson:2"), "{}", run.stderr);
    assert!(
        run.stderr.contains("at column 19: key must be a string"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn features_that_are_not_points_in_range_are_skipped_and_counted() {
    let wd = Workdir::new();
    wd.write(
        "mixed.geojson",
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"ok","geometry":{"type":"Point","coordinates":[40.14,35.33]},"properties":{}},
        {"type":"Feature","id":"road","geometry":{"type":"LineString","coordinates":[[40,35],[41,36]]},"properties":{}},
        {"type":"Feature","id":"none","geometry":null,"properties":{}},
        {"type":"Feature","id":"far","geometry":{"type":"Point","coordinates":[200,35]},"properties":{}}]}"#,
    );
    let run = wd.run(&["query", "mixed.geojson", "--bbox", "39,34,41,36"]);
    run.expect_code(1);
    assert_eq!(names(&run), ["ok"]);
    let e = &run.stderr;
    assert!(
        e.contains("1 features; skipped 3 (1 without geometry, 1 not points, 1 out of range"),
        "{e}"
    );
    assert!(
        e.contains("mixed.geojson feature 2: geometry is not a Point"),
        "{e}"
    );
}

#[test]
fn usage_errors_say_what_to_do_and_exit_2() {
    let wd = Workdir::new();
    extract(&wd, "x.geojson", "geojson");
    let cases: [(&[&str], &str); 7] = [
        (
            &["--near", "Xyzzyville Qwrt", "--radius-km", "5"],
            "Xyzzyville Qwrt",
        ),
        (&["--radius-km", "5"], "--near"),
        (&["--near", "40.1,35.3"], "--radius-km"),
        (&["--bbox", "1,2,3"], "MINLON,MINLAT,MAXLON,MAXLAT"),
        (&["--near", "40.1,95", "--radius-km", "5"], "latitude"),
        (&["--since", "20 June"], "YYYY-MM-DD"),
        (&["--near", "40.1,35.3", "--radius-km", "-1"], "0 or more"),
    ];
    for (args, says) in cases {
        let run = wd.run(&[&["query", "x.geojson"][..], args].concat());
        run.expect_code(2);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    let run = wd.run(&["query", "missing.geojson"]);
    run.expect_code(2);
    assert!(run.stderr.contains("missing.geojson"), "{}", run.stderr);
}

/// GeoPackage, written by `extract` and by `query`, reads back in `query`, `layers` and
/// `render` to exactly the incidents extracted: every property with its type (booleans,
/// numbers, dates, nulls) and the feature id; and GDAL opens it as a WGS84 point layer.
#[test]
fn a_geopackage_reads_back_to_the_incidents_extracted_in_every_command() {
    let wd = Workdir::new();
    let want = extract(&wd, "incidents.gpkg", "gpkg");
    let gpkg = std::fs::read(wd.path().join("incidents.gpkg")).unwrap();
    assert!(
        gpkg.starts_with(b"SQLite format 3\0"),
        "a GeoPackage by its name"
    );
    let run = wd.run(&["query", "incidents.gpkg", "-q"]);
    run.expect_code(0);
    let got = features(&run.stdout);
    assert_eq!(got, want, "every property and id survive");
    // Stdin too (sniffed by the SQLite header), and query writes it by extension.
    let run = wd.run(&[
        "query",
        "incidents.gpkg",
        "-o",
        "near.gpkg",
        "--near",
        "40.141,35.336",
        "--radius-km",
        "5",
    ]);
    run.expect_code(0);
    let back = wd.run(&["query", "near.gpkg", "--format", "count", "-q"]);
    let near = back.stdout.trim().parse::<usize>().unwrap();
    assert!(near >= 1 && near <= want.len(), "{near}");
    let piped = wd
        .command(&["query", "-", "--format", "count", "-q"])
        .stdin(std::fs::File::open(wd.path().join("incidents.gpkg")).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&piped.stdout).trim(),
        want.len().to_string()
    );
    wd.run(&[
        "layers",
        "incidents.gpkg",
        "-o",
        "layers",
        "--format",
        "gpkg",
        "-q",
    ])
    .expect_code(0);
    let index: Value =
        serde_json::from_slice(&std::fs::read(wd.path().join("layers/index.json")).unwrap())
            .unwrap();
    assert_eq!(index["count"], want.len());
    assert!(index["layers"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with(".gpkg"));
    let run = wd.run(&["render", "incidents.gpkg", "-o", "map.png"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains(&format!("{} incidents", want.len())),
        "{}",
        run.stderr
    );
    // A file that says .gpkg but is not one is an error naming it.
    wd.write("fake.gpkg", "SQLite format 3\0 and then nothing");
    let run = wd.run(&["query", "fake.gpkg"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("fake.gpkg: not a readable GeoPackage"),
        "{}",
        run.stderr
    );
}

/// One field table across formats: the incidents `extract` writes in each format read back
/// through `query` to the same features, field for field (ids, booleans, numbers, dates,
/// nulls), and `query` writes the very CSV `extract` writes.
#[test]
fn every_format_round_trips_to_the_same_fields() {
    let wd = Workdir::new();
    let by_id = |fs: Vec<Value>| -> std::collections::BTreeMap<String, Value> {
        fs.into_iter()
            .map(|f| (f["id"].as_str().unwrap().to_string(), f))
            .collect()
    };
    let want = by_id(extract(&wd, "x.geojson", "geojson"));
    for format in ["geojsonl", "csv", "fgb", "gpkg", "parquet"] {
        let file = format!("x.{format}");
        crate::harness::extract_seed(&wd, &file, format);
        let run = wd.run(&["query", &file, "--format", "geojson", "-q"]);
        run.expect_code(0);
        let got = by_id(features(&run.stdout));
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{format}: ids"
        );
        for (id, w) in &want {
            let g = &got[id];
            assert_eq!(g["geometry"], w["geometry"], "{format} {id}");
            assert_eq!(g["properties"], w["properties"], "{format} {id}");
        }
        // Typed, not text.
        let p = &got.values().next().unwrap()["properties"];
        assert!(p["fatalities_known"].is_boolean(), "{format}: {p}");
        assert!(
            p["fatalities"].is_u64() && p["confidence"].is_f64(),
            "{format}: {p}"
        );
        assert_eq!(p["country"], "SY", "{format}");
    }
    crate::harness::extract_seed(&wd, "x.csv", "csv");
    for input in ["x.csv", "x.geojson", "x.gpkg", "x.parquet"] {
        wd.run(&["query", input, "-o", "again.csv", "-q"])
            .expect_code(0);
        let again = std::fs::read(wd.path().join("again.csv")).unwrap();
        assert!(
            again == std::fs::read(wd.path().join("x.csv")).unwrap(),
            "query {input} -o .csv writes extract's CSV"
        );
    }
}

/// Counts and stats read only what their filters need (a lighter path than the features
/// written): they must agree with the features written under every filter.
#[test]
fn counts_and_stats_agree_with_the_features_written() {
    let wd = Workdir::new();
    extract(&wd, "x.geojson", "geojson");
    crate::harness::extract_seed(&wd, "x.csv", "csv");
    let filters: [&[&str]; 7] = [
        &[],
        &["--type", "Strategic developments"],
        &["--sub-type", "Air/drone strike"],
        &["--actor", "military"],
        &["--since", "2014-06-19"],
        &["--min-fatalities", "1"],
        &["--near", "40.141,35.336", "--radius-km", "2"],
    ];
    let mut seen = std::collections::BTreeSet::new();
    for input in ["x.geojson", "x.csv"] {
        for filter in filters {
            let run = |extra: &[&str]| {
                let mut args = vec!["query", input, "-q"];
                args.extend_from_slice(filter);
                args.extend_from_slice(extra);
                let run = wd.run(&args);
                run.expect_code(0);
                run.stdout
            };
            let written = features(&run(&["--format", "geojson"])).len();
            let count: usize = run(&["--format", "count"]).trim().parse().unwrap();
            assert_eq!(count, written, "{input} {filter:?}");
            let stats: Value =
                serde_json::from_str(&run(&["--stats", "--format", "json"])).unwrap();
            assert_eq!(stats["incidents"], written, "{input} {filter:?}");
            seen.insert(written);
        }
    }
    assert!(
        seen.len() >= 3,
        "the filters choose different sets: {seen:?}"
    );
}

/// A FeatureCollection is streamed: a feature that is not JSON deep in the file stops the
/// read with the file, its line and the feature's number, in `query` and `render` alike, and
/// no output is written (the good features before it are not a result).
#[test]
fn a_bad_feature_deep_in_a_collection_names_the_file_line_and_feature() {
    let wd = Workdir::new();
    let good = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[40.14,35.33]},"properties":{"event_type":"Battles"}}"#;
    let mut text = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for _ in 0..50_000 {
        text.push_str(good);
        text.push_str(",\n");
    }
    text.push_str(r#"{"type":"Feature","geometry":null,"properties":{"event_type":Battles}}"#);
    text.push_str("\n]}\n");
    wd.write("big.geojson", &text);
    let run = wd.run(&["query", "big.geojson", "-o", "out.geojsonl"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("big.geojson:50002: feature 50001 (from byte "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("expected value"), "{}", run.stderr);
    assert!(!wd.path().join("out.geojsonl").exists());
    let run = wd.run(&["query", "big.geojson", "--format", "count"]);
    run.expect_code(2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let run = wd.run(&["render", "big.geojson", "-o", "map.png"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("big.geojson:50002: feature 50001"),
        "{}",
        run.stderr
    );

    // Without the bad feature, every one is read, and a place filter streams too.
    wd.write("good.geojson", text.replace(":Battles}", ":\"Battles\"}"));
    let run = wd.run(&[
        "query",
        "good.geojson",
        "--format",
        "count",
        "--bbox",
        "40,35,41,36",
    ]);
    run.expect_code(1); // the last feature has no geometry
    assert_eq!(run.stdout.trim(), "50000");
}
