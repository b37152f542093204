//! GeoParquet from the CLI (`--format parquet`): `extract`, `query` (also by a `.parquet`
//! output name) and `layers` write files the `parquet` crate reads back with the rows, types
//! and `geo` metadata of GeoParquet 1.1. The Python tests (tests/python) read the same files
//! with pyarrow, GeoPandas and DuckDB.

use std::path::Path;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::harness::Workdir;

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
