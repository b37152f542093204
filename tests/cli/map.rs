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
    wd.run(&[
        "map",
        sample,
        "--date",
        "2014-06-20",
        "-o",
        "out",
        "-q",
        "--force",
    ])
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

/// The names in a folder, sorted.
fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_corpus_without_incidents_still_gets_every_file_and_a_map_that_says_so() {
    let wd = Workdir::new();
    wd.write(
        "quiet.txt",
        "The weather in Deir ez-Zor was mild on Tuesday.\n",
    );
    let run = wd.run(&["map", "quiet.txt", "--date", "2014-06-20", "-o", "out"]);
    run.expect_code(0);
    assert!(run.stderr.contains("no incidents"), "{}", run.stderr);
    let out = wd.path().join("out");
    assert_eq!(
        listing(&out),
        [
            "incidents.csv",
            "incidents.geojson",
            "layers",
            "map.html",
            "map.png"
        ]
    );
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("layers/index.json")).unwrap()).unwrap();
    assert_eq!(index["count"], 0);
    assert_eq!(index["layers"], serde_json::json!([]));
    assert_eq!(
        index["input"],
        format!("out{}incidents.geojson", std::path::MAIN_SEPARATOR)
    );
    let png = std::fs::read(out.join("map.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let page = std::fs::read_to_string(out.join("map.html")).unwrap();
    assert!(
        page.contains("<title>No incidents found in quiet.txt</title>"),
        "the page's title says there were none"
    );
    // The CSV has its header, the GeoJSON an empty collection.
    let csv = std::fs::read_to_string(out.join("incidents.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1, "{csv}");
}

#[test]
fn a_second_run_replaces_the_folder_whole_and_only_with_force() {
    let wd = Workdir::new();
    let sample = &seed();
    wd.run(&["map", sample, "--date", "2014-06-20", "-o", "out", "-q"])
        .expect_code(0);
    let out = wd.path().join("out");
    let first = listing(&out.join("layers"));
    assert!(first.len() > 2, "{first:?}");
    let before = std::fs::read(out.join("incidents.geojson")).unwrap();

    // Without --force an existing folder is refused with a sentence, and left as it was.
    wd.write("quiet.txt", "Nothing happened.\n");
    let run = wd.run(&["map", "quiet.txt", "-o", "out"]);
    run.expect_code(2);
    assert!(run.stderr.contains("pass --force"), "{}", run.stderr);
    assert_eq!(listing(&out.join("layers")), first);

    // With --force the new run leaves no layer of the old one.
    wd.run(&["map", "quiet.txt", "-o", "out", "--force", "-q"])
        .expect_code(0);
    assert_eq!(listing(&out.join("layers")), ["index.json"]);
    assert_ne!(
        std::fs::read(out.join("incidents.geojson")).unwrap(),
        before
    );

    // --force never deletes a file map does not write.
    wd.write("out/notes.txt", "mine");
    let run = wd.run(&["map", sample, "-o", "out", "--force"]);
    run.expect_code(2);
    assert!(run.stderr.contains("holds notes.txt"), "{}", run.stderr);
    assert!(out.join("notes.txt").exists());

    // A run that fails part-way (a missing gazetteer file) leaves the folder as it was, and
    // nothing beside it.
    std::fs::remove_file(out.join("notes.txt")).unwrap();
    let kept = listing(&out);
    let run = wd.run(&[
        "map",
        sample,
        "-o",
        "out",
        "--force",
        "--gazetteer",
        "missing.csv",
    ]);
    run.expect_code(2);
    assert_eq!(listing(&out), kept);
    let beside: Vec<String> = listing(wd.path())
        .into_iter()
        .filter(|n| n != "home")
        .collect();
    assert_eq!(beside, ["out", "quiet.txt"]);
}

#[test]
fn map_takes_format_title_and_labels_like_its_parts() {
    let wd = Workdir::new();
    let sample = &seed();
    let run = wd.run(&[
        "map",
        sample,
        "--date",
        "2014-06-20",
        "-o",
        "out",
        "--format",
        "fgb",
        "--title",
        "Deir ez-Zor, June 2014",
        "--labels",
    ]);
    run.expect_code(0);
    let out = wd.path().join("out");
    let layers = listing(&out.join("layers"));
    assert!(
        layers
            .iter()
            .all(|f| f == "index.json" || f.ends_with(".fgb")),
        "{layers:?}"
    );
    assert!(layers.contains(&"explosions-remote-violence.fgb".to_string()));
    // The FlatGeobuf incidents read back to the same incidents as the GeoJSON.
    let count = |file: &str| {
        let run = wd.run(&["query", file, "--format", "count", "-q"]);
        run.expect_code(0);
        run.stdout.trim().parse::<u64>().unwrap()
    };
    assert_eq!(count("out/incidents.fgb"), count("out/incidents.geojson"));
    let page = std::fs::read_to_string(out.join("map.html")).unwrap();
    assert!(page.contains("<title>Deir ez-Zor, June 2014</title>"));
    // The labelled map is render's labelled map, byte for byte.
    wd.run(&[
        "render",
        "out/incidents.geojson",
        "-o",
        "alone.png",
        "--title",
        "Deir ez-Zor, June 2014",
        "--labels",
    ])
    .expect_code(0);
    let alone = std::fs::read(wd.path().join("alone.png")).unwrap();
    assert!(alone == std::fs::read(out.join("map.png")).unwrap());
}
