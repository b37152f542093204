//! `incimap map`: the README's main job, on the bundled sample.

use crate::harness::{km, seed, Workdir};

#[test]
fn map_writes_the_seed_incidents_as_files_gis_tools_open() {
    let wd = Workdir::new();
    let sample = &seed();
    let run = wd.run(&["map", sample, "--date", "2014-06-20", "-o", "out"]);
    run.expect_code(0);
    let geojson: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(wd.path().join("out/incidents.geojson")).unwrap(),
    )
    .unwrap();
    let features = geojson["features"].as_array().unwrap();
    assert!(features.len() >= 6, "{} incidents", features.len());
    for f in features {
        let c = &f["geometry"]["coordinates"];
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(km(lat, lon, 35.336, 40.141) < 25.0, "{f}");
    }
    // Layers per event type, and a map.
    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(wd.path().join("out/layers/index.json")).unwrap(),
    )
    .unwrap();
    assert!(
        index.to_string().contains("Explosions/Remote violence"),
        "{index}"
    );
    let png = std::fs::read(wd.path().join("out/map.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // A second run over the same folder replaces its own outputs.
    wd.run(&["map", sample, "--date", "2014-06-20", "-o", "out", "-q"])
        .expect_code(0);
    let csv = std::fs::read_to_string(wd.path().join("out/incidents.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        features.len() + 1,
        "one row per incident plus the header"
    );
    // Files are readable by others, like any file the user writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(wd.path().join("out/incidents.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "mode {mode:o}");
    }
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(wd.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".incimap-")),
        "{names:?}"
    );
}

#[test]
fn map_writes_exactly_what_extract_writes_reading_the_input_once() {
    let wd = Workdir::new();
    let sample = &seed();
    let run = wd.run(&["map", sample, "--date", "2014-06-20", "-o", "out"]);
    run.expect_code(0);
    assert_eq!(run.stderr.matches("1 article").count(), 1, "{}", run.stderr);
    // Stdin can be read only once, and still gives both files.
    let text = std::fs::read_to_string(sample).unwrap();
    wd.run_stdin(
        &["map", "-", "--date", "2014-06-20", "-o", "piped", "-q"],
        &text,
    )
    .expect_code(0);
    let csv = std::fs::read_to_string(wd.path().join("piped/incidents.csv")).unwrap();
    assert!(csv.lines().count() > 5, "{csv}");
    for (file, format) in [("incidents.geojson", "geojson"), ("incidents.csv", "csv")] {
        wd.run(&[
            "extract",
            sample,
            "--date",
            "2014-06-20",
            "--format",
            format,
            "-o",
            file,
        ])
        .expect_code(0);
        let alone = std::fs::read(wd.path().join(file)).unwrap();
        let mapped = std::fs::read(wd.path().join("out").join(file)).unwrap();
        assert!(alone == mapped, "{file} differs between map and extract");
    }
}
