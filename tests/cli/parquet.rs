//! GeoParquet from the CLI (`--format parquet`): `extract`, `query` (also by a `.parquet`
//! output name) and `layers` write files the `parquet` crate reads back with the rows, types
//! and `geo` metadata of GeoParquet 1.1, and `query`, `layers` and `render` read them back.
//! The Python tests (tests/python) read the same files with pyarrow, GeoPandas and DuckDB.

use std::path::Path;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use serde_json::Value;

use crate::harness::{extract_seed, Workdir};

fn seed() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/samples/deir-ez-zor-2014.txt")
        .to_string_lossy()
        .into_owned()
}

/// Rows, column names and the `geo` metadata of a GeoParquet file.
fn read(path: &Path) -> (usize, Vec<String>, serde_json::Value) {
    let file = std::fs::File::open(path).unwrap();
    let b = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let geo = b
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|kv| kv.key == "geo"))
        .and_then(|kv| kv.value.clone())
        .expect("geo metadata");
    let names = b
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let rows = b.build().unwrap().map(|r| r.unwrap().num_rows()).sum();
    (rows, names, serde_json::from_str(&geo).unwrap())
}

#[test]
fn extract_query_and_layers_write_geoparquet() {
    let w = Workdir::new();
    let geojson = w.path().join("seed.geojson");
    let parquet = w.path().join("seed.parquet");
    let g = geojson.to_str().unwrap();
    let p = parquet.to_str().unwrap();
    w.run(&["extract", &seed(), "--date", "2014-06-20", "-q", "-o", g])
        .expect_code(0);
    w.run(&[
        "extract",
        &seed(),
        "--date",
        "2014-06-20",
        "-q",
        "--format",
        "parquet",
        "-o",
        p,
    ])
    .expect_code(0);
    let features: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&geojson).unwrap()).unwrap();
    let n = features["features"].as_array().unwrap().len();
    let (rows, names, geo) = read(&parquet);
    assert_eq!(rows, n);
    assert!(n >= 5);
    for c in [
        "id",
        "event_type",
        "fatalities",
        "event_date",
        "geometry",
        "bbox",
    ] {
        assert!(names.iter().any(|x| x == c), "{c} in {names:?}");
    }
    assert_eq!(geo["version"], "1.1.0");
    assert_eq!(geo["columns"]["geometry"]["encoding"], "WKB");

    // query: the format from the output's name.
    let chosen = w.path().join("near.parquet");
    w.run(&[
        "query",
        g,
        "--point",
        "40.14,35.33",
        "--nearest",
        "2",
        "-q",
        "-o",
        chosen.to_str().unwrap(),
    ])
    .expect_code(0);
    let (rows, names, _) = read(&chosen);
    assert_eq!(rows, 2);
    assert!(names.iter().any(|x| x == "distance_km"));

    let dir = w.path().join("layers");
    w.run(&[
        "layers",
        g,
        "--format",
        "parquet",
        "-q",
        "-o",
        dir.to_str().unwrap(),
    ])
    .expect_code(0);
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let mut total = 0;
    for layer in index["layers"].as_array().unwrap() {
        let file = layer["file"].as_str().unwrap();
        assert!(file.ends_with(".parquet"), "{file}");
        total += read(&dir.join(file)).0;
    }
    assert_eq!(total, n);
}

/// The features of a GeoJSON FeatureCollection `query` printed.
fn features(stdout: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(stdout).unwrap();
    v["features"].as_array().unwrap().clone()
}

/// GeoParquet, written by `extract` and by `query`, reads back in `query`, `layers` and
/// `render` to exactly the incidents extracted (every property with its type, and the id),
/// from a file or stdin; a file that is not GeoParquet is an error naming it.
#[test]
fn geoparquet_reads_back_to_the_incidents_extracted_in_every_command() {
    let wd = Workdir::new();
    extract_seed(&wd, "incidents.geojson", "geojson");
    let want = features(&std::fs::read_to_string(wd.path().join("incidents.geojson")).unwrap());
    extract_seed(&wd, "incidents.parquet", "parquet");
    let run = wd.run(&["query", "incidents.parquet", "-q"]);
    run.expect_code(0);
    assert_eq!(features(&run.stdout), want, "every property and id survive");
    // Written by query (by its name), and read back again.
    wd.run(&[
        "query",
        "incidents.parquet",
        "-o",
        "near.parquet",
        "--near",
        "40.141,35.336",
        "--radius-km",
        "5",
    ])
    .expect_code(0);
    let back = wd.run(&["query", "near.parquet", "--format", "count", "-q"]);
    back.expect_code(0);
    let near = back.stdout.trim().parse::<usize>().unwrap();
    assert!(near >= 1 && near <= want.len(), "{near}");
    // Stdin: sniffed by the Parquet magic bytes.
    let piped = wd
        .command(&["query", "-", "--format", "count", "-q"])
        .stdin(std::fs::File::open(wd.path().join("incidents.parquet")).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&piped.stdout).trim(),
        want.len().to_string()
    );
    wd.run(&["layers", "incidents.parquet", "-o", "layers", "-q"])
        .expect_code(0);
    let index: Value =
        serde_json::from_slice(&std::fs::read(wd.path().join("layers/index.json")).unwrap())
            .unwrap();
    assert_eq!(index["count"], want.len());
    let run = wd.run(&["render", "incidents.parquet", "-o", "map.png"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains(&format!("{} incidents", want.len())),
        "{}",
        run.stderr
    );
    // Named .parquet but not Parquet; a Parquet file cut short; and one whose pages made
    // the arrow crate panic (found by the `incident_file` fuzz target).
    wd.write("fake.parquet", "PAR1 and then nothing");
    let whole = std::fs::read(wd.path().join("incidents.parquet")).unwrap();
    wd.write("cut.parquet", &whole[..whole.len() / 2]);
    let corrupt = crate::harness::fixture("bad/corrupt.parquet");
    for file in ["fake.parquet", "cut.parquet", corrupt.as_str()] {
        for cmd in ["query", "layers", "render"] {
            let out = format!("{cmd}-out.png");
            let args: Vec<&str> = match cmd {
                "query" => vec![cmd, file],
                "layers" => vec![cmd, file, "-o", "l2"],
                _ => vec![cmd, file, "-o", &out],
            };
            let run = wd.run(&args);
            run.expect_code(2);
            assert!(
                run.stderr
                    .contains(&format!("{file}: not a readable GeoParquet file")),
                "{cmd} {file}: {}",
                run.stderr
            );
        }
    }
}
