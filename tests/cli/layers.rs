//! `incimap layers` and the shared writers: every format GDAL's `ogrinfo` opens with the
//! right feature count and field types, every GeoJSON file converts with
//! `ogr2ogr -lco RFC7946=YES`, `query` reads every layer back to exactly the features
//! extracted, repeated ids are renamed, hostile values never name a file outside the
//! directory, and failures leave nothing behind.
//!
//! The GDAL checks need `ogrinfo` and `ogr2ogr` (Debian package gdal-bin, which `.ci/run`
//! installs); without them those checks are skipped with a notice on stderr and the rest runs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::harness::Workdir;

/// Whether GDAL's tools are installed; prints why not (past the test harness's capture, so
/// the skip shows in CI logs).
fn gdal() -> bool {
    let found = ["ogrinfo", "ogr2ogr"].iter().all(|tool| {
        Command::new("which")
            .arg(tool)
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !found {
        let _ = writeln!(
            std::io::stderr(),
            "NOTICE: ogrinfo/ogr2ogr not found (apt-get install gdal-bin): GDAL checks skipped"
        );
    }
    found
}

/// What `ogrinfo -so` says of a file's only layer.
#[derive(Debug)]
struct OgrInfo {
    geometry: String,
    count: u64,
    fields: BTreeMap<String, String>,
    srs_4326: bool,
}

fn ogrinfo(path: &Path, open_options: &[&str]) -> OgrInfo {
    let mut cmd = Command::new("ogrinfo");
    cmd.args(["-ro", "-so", "-al"]);
    for o in open_options {
        cmd.args(["-oo", o]);
    }
    let out = cmd.arg(path).output().expect("run ogrinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "ogrinfo {}: {}{}",
        path.display(),
        text,
        String::from_utf8_lossy(&out.stderr)
    );
    let mut info = OgrInfo {
        geometry: String::new(),
        count: 0,
        fields: BTreeMap::new(),
        srs_4326: text.contains("ID[\"EPSG\",4326]"),
    };
    for line in text.lines() {
        if let Some(g) = line.strip_prefix("Geometry: ") {
            info.geometry = g.to_string();
        } else if let Some(n) = line.strip_prefix("Feature Count: ") {
            info.count = n.trim().parse().unwrap();
        } else if let Some((name, rest)) = line.split_once(": ") {
            // Field lines: `name: Type (width.precision)`.
            if let Some((kind, size)) = rest.rsplit_once(" (") {
                let size = size.trim_end_matches(')');
                if !name.starts_with(' ') && size.parse::<f64>().is_ok() {
                    info.fields.insert(name.to_string(), kind.to_string());
                }
            }
        }
    }
    info
}

/// The CSV open options GDAL needs to see a point layer and typed columns.
const CSV_OPEN: [&str; 3] = [
    "X_POSSIBLE_NAMES=longitude",
    "Y_POSSIBLE_NAMES=latitude",
    "AUTODETECT_TYPE=YES",
];

/// The field types GDAL must report for incident columns, by format.
fn assert_incident_fields(info: &OgrInfo, format: &str, file: &Path) {
    let csv = format == "csv";
    let (id, source) = if csv {
        ("event_id_cnty", "source")
    } else {
        ("id", "source_title")
    };
    let date = if format == "fgb" { "DateTime" } else { "Date" };
    let mut want = vec![
        (id, "String"),
        ("event_date", date),
        ("time_precision", "Integer"),
        ("event_type", "String"),
        ("sub_event_type", "String"),
        ("actor1", "String"),
        ("fatalities", "Integer"),
        ("fatalities_known", "Integer(Boolean)"),
        ("geo_precision", "Integer"),
        (source, "String"),
        ("span_start", "Integer"),
        ("confidence", "Real"),
        ("notes", "String"),
    ];
    if csv {
        want.extend([
            ("latitude", "Real"),
            ("longitude", "Real"),
            ("year", "Integer"),
        ]);
    }
    for (name, kind) in want {
        assert_eq!(
            info.fields.get(name).map(String::as_str),
            Some(kind),
            "{name} in {}: {info:?}",
            file.display()
        );
    }
    assert_eq!(info.geometry, "Point", "{}: {info:?}", file.display());
    if format != "csv" {
        assert!(
            info.srs_4326,
            "{}: WGS84 expected, {info:?}",
            file.display()
        );
        assert!(!info.fields.contains_key("source"), "flat: {info:?}");
        assert!(!info.fields.contains_key("span"), "flat: {info:?}");
    }
}

fn read_index(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("index.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every entry of a directory, hidden ones too.
fn entries(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Extract the seed article into `name` in the work directory.
fn extract(wd: &Workdir, name: &str, format: &str) -> PathBuf {
    crate::harness::extract_seed(wd, name, format)
}

#[test]
fn every_format_opens_in_gdal_with_its_count_and_field_types() {
    let wd = Workdir::new();
    let incidents = extract(&wd, "incidents.geojson", "geojson");
    let extracted = incimap::features::read(&incidents, None).unwrap().0.len() as u64;
    assert!(extracted >= 5, "{extracted}");
    let gdal = gdal();
    for format in ["geojson", "geojsonl", "csv", "fgb", "gpkg"] {
        // What `extract` writes...
        let whole = extract(&wd, &format!("all.{format}"), format);
        // ...and what `layers` writes.
        let dir = wd.path().join(format!("by-sub-event-{format}"));
        wd.run(&[
            "layers",
            "incidents.geojson",
            "-o",
            dir.to_str().unwrap(),
            "--by",
            "sub_event_type",
            "--format",
            format,
        ])
        .expect_code(0);
        let index = read_index(&dir);
        assert_eq!(index["format"], format);
        assert_eq!(index["by"], "sub_event_type");
        assert_eq!(index["count"], extracted);
        let layers = index["layers"].as_array().unwrap();
        assert!(layers.len() >= 3, "{index:#}");
        let mut files = vec![(whole, extracted)];
        for l in layers {
            let file = l["file"].as_str().unwrap();
            assert!(file.ends_with(&format!(".{format}")), "{file}");
            assert!(l["value"].is_string(), "{l}");
            assert_eq!(l["bbox"].as_array().unwrap().len(), 4, "{l}");
            files.push((dir.join(file), l["count"].as_u64().unwrap()));
        }
        assert_eq!(files[1..].iter().map(|f| f.1).sum::<u64>(), extracted);
        assert_eq!(
            entries(&dir).len(),
            layers.len() + 1,
            "layers and index.json only"
        );
        if !gdal {
            continue;
        }
        for (file, count) in &files {
            let open: &[&str] = if format == "csv" { &CSV_OPEN } else { &[] };
            let info = ogrinfo(file, open);
            assert_eq!(info.count, *count, "{}: {info:?}", file.display());
            assert_incident_fields(&info, format, file);
            if format == "geojson" {
                let out = wd.path().join("rfc7946.geojson");
                let status = Command::new("ogr2ogr")
                    .args(["-f", "GeoJSON", "-lco", "RFC7946=YES"])
                    .arg(&out)
                    .arg(file)
                    .status()
                    .unwrap();
                assert!(
                    status.success(),
                    "ogr2ogr RFC7946=YES on {}",
                    file.display()
                );
                std::fs::remove_file(&out).unwrap();
            }
        }
    }
}

#[test]
fn geojson_is_rfc7946_to_the_letter() {
    let wd = Workdir::new();
    let file = extract(&wd, "incidents.geojson", "geojson");
    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.starts_with(b"\xef\xbb\xbf"), "no BOM");
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    assert!(v.get("crs").is_none());
    let bbox: Vec<f64> = serde_json::from_value(v["bbox"].clone()).unwrap();
    assert_eq!(bbox.len(), 4);
    let mut ids = BTreeSet::new();
    for f in v["features"].as_array().unwrap() {
        assert!(
            ids.insert(f["id"].as_str().unwrap().to_string()),
            "unique ids"
        );
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(bbox[0] <= lon && lon <= bbox[2] && bbox[1] <= lat && lat <= bbox[3]);
        for x in c {
            let text = x.to_string();
            let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
            assert!(decimals <= 6, "{text}");
        }
        for (k, p) in f["properties"].as_object().unwrap() {
            assert!(!p.is_object() && !p.is_array(), "{k} is not flat: {p}");
        }
        let p = &f["properties"];
        assert!(p["fatalities"].is_u64() && p["confidence"].is_f64());
        assert!(p["fatalities_known"].is_boolean());
        let date = p["event_date"].as_str().unwrap();
        assert!(chrono_like_date(date), "{date}");
    }
}

fn chrono_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars().filter(char::is_ascii_digit).count() == 8
}

/// extract → layers → query: `incimap query` reads every layer back (no filter: every
/// feature, written whole) to exactly the features extracted, in GeoJSON, GeoJSON Lines and
/// CSV; and `features::read` of the layer itself gives the same.
#[test]
fn layers_read_back_to_exactly_the_features_extracted() {
    use incimap::features::{read, Feature};
    let wd = Workdir::new();
    let key = |f: &Feature| f.id.clone();
    for format in ["geojson", "geojsonl", "csv"] {
        let file = extract(&wd, &format!("incidents.{format}"), format);
        let (mut want, summary) = read(&file, None).unwrap();
        assert_eq!(summary.skipped(), 0);
        want.sort_by_key(key);
        for by in ["event_type", "sub_event_type", "actor1", "admin1"] {
            let dir = wd.path().join(format!("{format}-{by}"));
            wd.run(&[
                "layers",
                file.to_str().unwrap(),
                "-o",
                dir.to_str().unwrap(),
                "--by",
                by,
                "--format",
                format,
            ])
            .expect_code(0);
            let mut got = Vec::new();
            for l in read_index(&dir)["layers"].as_array().unwrap() {
                let layer = dir.join(l["file"].as_str().unwrap());
                let queried = wd
                    .path()
                    .join(format!("query-{by}-{}", l["file"].as_str().unwrap()));
                wd.run(&[
                    "query",
                    layer.to_str().unwrap(),
                    "-o",
                    queried.to_str().unwrap(),
                    "--format",
                    format,
                ])
                .expect_code(0);
                let (fs, _) = read(&queried, None).unwrap();
                assert_eq!(fs.len() as u64, l["count"].as_u64().unwrap());
                assert!(fs == read(&layer, None).unwrap().0, "{}", layer.display());
                for f in &fs {
                    let v = f.properties.get(by).and_then(Value::as_str);
                    assert_eq!(v.filter(|s| !s.is_empty()), l["value"].as_str(), "{by}");
                }
                got.extend(fs);
            }
            got.sort_by_key(key);
            assert_eq!(got.len(), want.len(), "{format} by {by}");
            for (g, w) in got.iter().zip(&want) {
                assert!(g == w, "{format} by {by}:\n{g:#?}\n{w:#?}");
            }
        }
    }
}

#[test]
fn layers_from_stdin_and_across_formats_keep_the_incident_columns() {
    let wd = Workdir::new();
    let csv = extract(&wd, "incidents.csv", "csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    // ACLED-named CSV in, GeoJSON out: incimap's names and types come back.
    let run = wd.run_stdin(&["layers", "-", "-o", "out"], &text);
    run.expect_code(0);
    let index = read_index(&wd.path().join("out"));
    assert_eq!(index["input"], "<stdin>");
    let first = index["layers"][0]["file"].as_str().unwrap();
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(wd.path().join("out").join(first)).unwrap())
            .unwrap();
    let p = &v["features"][0]["properties"];
    assert_eq!(p["country"], "SY");
    assert!(p["id"].is_string() && p["fatalities"].is_u64());
    assert!(p["fatalities_known"].is_boolean());
    for derived in [
        "event_id_cnty",
        "year",
        "latitude",
        "longitude",
        "country_code",
        "source",
    ] {
        assert!(p.get(derived).is_none(), "{derived} in {p}");
    }
}

/// A GeoJSON file whose event types are hostile file names.
fn hostile_input(wd: &Workdir) -> (PathBuf, Vec<Value>) {
    let long = "a".repeat(300);
    let values = vec![
        json!("../../x"),
        json!("../../../etc/passwd"),
        json!("a/b/c"),
        json!("/absolute"),
        json!("nul\u{0}byte"),
        json!("\u{0}"),
        json!(long),
        json!("Battles"),
        json!("battles"),
        json!("..."),
        json!(""),
        Value::Null,
    ];
    let features: Vec<Value> = values
        .iter()
        .enumerate()
        .map(|(k, v)| {
            json!({"type": "Feature", "id": format!("f{k}"),
                "geometry": {"type": "Point", "coordinates": [40.0 + k as f64 / 100.0, 35.0]},
                "properties": {"id": format!("f{k}"), "event_type": v, "fatalities": k}})
        })
        .collect();
    let fc = json!({"type": "FeatureCollection", "features": features});
    (wd.write("hostile.geojson", fc.to_string()), values)
}

#[test]
fn hostile_values_never_write_outside_the_directory() {
    let wd = Workdir::new();
    let (input, values) = hostile_input(&wd);
    let before = entries(wd.path());
    let run = wd.run(&["layers", input.to_str().unwrap(), "-o", "out/layers"]);
    run.expect_code(0);
    // Nothing new beside the output directory.
    let mut after = entries(wd.path());
    after.remove("out");
    assert_eq!(after, before);
    assert_eq!(
        entries(&wd.path().join("out")),
        BTreeSet::from(["layers".to_string()])
    );
    let dir = wd.path().join("out/layers");
    let index = read_index(&dir);
    let layers = index["layers"].as_array().unwrap();
    // "" and null are both "no value"; every other value is its own layer.
    assert_eq!(layers.len(), values.len() - 1, "{index:#}");
    let files = entries(&dir);
    assert_eq!(files.len(), layers.len() + 1, "{files:?}");
    for name in &files {
        let path = dir.join(name);
        assert!(path.is_file(), "{name}");
        assert!(name.len() <= 100, "{name}");
        let stem = name.strip_suffix(".geojson").unwrap_or(name);
        assert!(
            name == "index.json"
                || stem
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{name}"
        );
    }
    let by_value: BTreeMap<String, &Value> = layers
        .iter()
        .map(|l| (l["value"].as_str().unwrap_or("<none>").to_string(), l))
        .collect();
    let file = |v: &str| by_value[v]["file"].as_str().unwrap().to_string();
    assert_ne!(
        file("Battles"),
        file("battles"),
        "same slug, different files"
    );
    assert!(file(&"a".repeat(300)).len() < 100);
    assert_eq!(by_value["<none>"]["count"], 2);
    assert_eq!(file("<none>"), "none.geojson");
    // Each value's file holds that value's feature.
    for l in layers {
        let (fs, _) =
            incimap::features::read(&dir.join(l["file"].as_str().unwrap()), None).unwrap();
        for f in fs {
            let v = f.properties.get("event_type").and_then(Value::as_str);
            assert_eq!(v.filter(|s| !s.is_empty()), l["value"].as_str());
        }
    }
    // The same input gives the same names.
    let again = wd.run(&["layers", input.to_str().unwrap(), "-o", "again"]);
    again.expect_code(0);
    assert_eq!(
        entries(&wd.path().join("again")),
        files,
        "names are stable across runs"
    );
}

#[test]
fn an_existing_directory_keeps_other_files_and_layers_need_force() {
    let wd = Workdir::new();
    let input = extract(&wd, "incidents.geojson", "geojson");
    let input = input.to_str().unwrap();
    wd.write("out/notes.txt", "mine");
    wd.write("out/sub/keep.geojson", "{}");
    wd.write("out/strategic-developments.geojson", "old layer");

    let refused = wd.run(&["layers", input, "-o", "out"]);
    refused.expect_code(2);
    assert!(
        refused.stderr.contains("strategic-developments.geojson")
            && refused.stderr.contains("--force"),
        "{}",
        refused.stderr
    );
    let dir = wd.path().join("out");
    assert_eq!(
        entries(&dir),
        BTreeSet::from([
            "notes.txt".to_string(),
            "sub".to_string(),
            "strategic-developments.geojson".to_string()
        ]),
        "nothing written when refused"
    );
    let old = std::fs::read_to_string(dir.join("strategic-developments.geojson")).unwrap();
    assert_eq!(old, "old layer");

    wd.run(&["layers", input, "-o", "out", "--force"])
        .expect_code(0);
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("sub/keep.geojson")).unwrap(),
        "{}"
    );
    let new = std::fs::read_to_string(dir.join("strategic-developments.geojson")).unwrap();
    assert!(new.starts_with("{\"type\":\"FeatureCollection\""), "{new}");
    let files = entries(&dir);
    assert!(files.contains("index.json"));
    assert!(
        !files.iter().any(|f| f.starts_with('.')),
        "no staging left: {files:?}"
    );

    // A second run without --force is refused: its own layers are not overwritten either.
    let rerun = wd.run(&["layers", input, "-o", "out"]);
    rerun.expect_code(2);
    assert!(rerun.stderr.contains("exists already"), "{}", rerun.stderr);

    // Split another way: the earlier run's layers are left, and said to be left.
    let other = wd.run(&[
        "layers",
        input,
        "-o",
        "out",
        "--by",
        "sub_event_type",
        "--force",
    ]);
    other.expect_code(0);
    assert!(
        other
            .stderr
            .contains("strategic-developments.geojson is from an earlier run"),
        "{}",
        other.stderr
    );
    assert!(dir.join("strategic-developments.geojson").exists());
    assert_eq!(read_index(&dir)["by"], "sub_event_type");
}

#[test]
fn the_same_article_read_twice_still_gives_unique_ids() {
    let wd = Workdir::new();
    let text = "On Monday, regime warplanes struck Hatla, killing two civilians.";
    wd.write("a/report.txt", text);
    wd.write("b/report.txt", text);
    let run = wd.run(&[
        "extract",
        "a",
        "b",
        "--date",
        "2014-06-20",
        "-o",
        "twice.geojson",
    ]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("repeated incident ids"),
        "{}",
        run.stderr
    );
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(wd.path().join("twice.geojson")).unwrap())
            .unwrap();
    let ids: Vec<&str> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{v}");
    assert_eq!(ids[1], format!("{}-2", ids[0]));
    assert_eq!(v["features"][1]["properties"]["id"], ids[1]);
}

#[test]
fn an_output_path_that_cannot_be_a_directory_is_a_clear_error() {
    let wd = Workdir::new();
    let input = extract(&wd, "incidents.geojson", "geojson");
    wd.write("file.txt", "a regular file");
    // Root ignores read-only permissions, so the failure is provoked another way: the
    // directory's parent is a regular file.
    let run = wd.run(&["layers", input.to_str().unwrap(), "-o", "file.txt/layers"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("file.txt/layers") && run.stderr.contains("directory"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(wd.path().join("file.txt")).unwrap(),
        "a regular file"
    );
    // And the output is a file, not a directory.
    let run = wd.run(&["layers", input.to_str().unwrap(), "-o", "file.txt"]);
    run.expect_code(2);
    assert!(run.stderr.contains("not a directory"), "{}", run.stderr);
}

/// A write that fails halfway (here: a file-size limit, which binds root too, standing in for
/// a full disk) leaves the directory exactly as it was, old layers included.
#[test]
fn a_write_failure_leaves_no_partial_files() {
    let wd = Workdir::new();
    let input = extract(&wd, "incidents.geojson", "geojson");
    wd.write("out/notes.txt", "mine");
    wd.write("out/strategic-developments.geojson", "old layer");
    let before = entries(&wd.path().join("out"));
    let out = limited(
        &wd,
        &["layers", input.to_str().unwrap(), "-o", "out", "--force"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write") && stderr.contains("nothing was written"),
        "{stderr}"
    );
    let dir = wd.path().join("out");
    assert_eq!(entries(&dir), before, "no partial or staging files");
    assert_eq!(
        std::fs::read_to_string(dir.join("strategic-developments.geojson")).unwrap(),
        "old layer"
    );
    // Into directories the run creates: they go again.
    let before = entries(wd.path());
    let out = limited(
        &wd,
        &["layers", input.to_str().unwrap(), "-o", "new/layers"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(entries(wd.path()), before, "no new directories left");
}

/// Run the binary with files limited to 1 KB (`ulimit -f 2`: dash counts 512-byte blocks);
/// the ignored SIGXFSZ turns the kill into an EFBIG write error the binary must handle.
fn limited(wd: &Workdir, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .args([
            "-c",
            "ulimit -f 2 && trap '' XFSZ && exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_incimap"),
        ])
        .args(args)
        .current_dir(wd.path())
        .output()
        .unwrap()
}

#[test]
fn splitting_by_a_property_the_file_lacks_says_what_it_has() {
    let wd = Workdir::new();
    let input = wd.write(
        "points.geojsonl",
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{\"name\":\"a\"}}\n",
    );
    let run = wd.run(&[
        "layers",
        input.to_str().unwrap(),
        "-o",
        "out",
        "--by",
        "actor1",
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("actor1") && run.stderr.contains("name"),
        "{}",
        run.stderr
    );
    assert!(!wd.path().join("out").join("index.json").exists());
}
