//! `incimap gazetteer`: real names from the seed article, their spellings, and broken inputs.

use crate::harness::{fixture, km, Workdir};

const DEIR: (f64, f64) = (35.336, 40.141);

fn best(wd: &Workdir, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["gazetteer", "lookup", "--format", "json", "--limit", "1"];
    a.extend_from_slice(args);
    let run = wd.run(&a);
    run.expect_code(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    lines.into_iter().next().unwrap()
}

fn lat_lon(v: &serde_json::Value) -> (f64, f64) {
    (v["lat"].as_f64().unwrap(), v["lon"].as_f64().unwrap())
}

#[test]
fn deir_ez_zor_spellings_resolve_to_the_city_first() {
    let wd = Workdir::new();
    for name in [
        "Deir ez-Zor",
        "Dayr az Zawr",
        "Deir el-Zor",
        "Deir Ezzor",
        "DEIR EZ ZOR",
        "دير الزور",
    ] {
        let v = best(&wd, &[name]);
        let (lat, lon) = lat_lon(&v);
        assert!(km(lat, lon, DEIR.0, DEIR.1) < 3.0, "{name} -> {v}");
        assert!(
            v["feature_code"].as_str().unwrap().starts_with("PPL"),
            "{name} -> {v}"
        );
        assert_eq!(v["country"], "SY");
        assert_eq!(v["admin1"], "Deir ez-Zor");
    }
}

#[test]
fn hatla_is_the_town_east_of_deir_ez_zor() {
    let wd = Workdir::new();
    let v = best(&wd, &["Hatla"]);
    let (lat, lon) = lat_lon(&v);
    assert!(km(lat, lon, 35.34, 40.20) < 2.0, "{v}");
    assert!(lon > DEIR.1, "east of the city: {v}");
}

#[test]
fn arabic_script_names_resolve() {
    let wd = Workdir::new();
    let v = best(&wd, &["حلب"]);
    let (lat, lon) = lat_lon(&v);
    assert!(km(lat, lon, 36.20, 37.16) < 5.0, "{v}");
    assert_eq!(v["name"], "Aleppo");
}

#[test]
fn near_prefers_the_closer_namesake() {
    let wd = Workdir::new();
    let libya = best(&wd, &["Tripoli"]);
    assert_eq!(libya["country"], "LY");
    let lebanon = best(&wd, &["Tripoli", "--near", "35.8,34.4"]);
    assert_eq!(lebanon["country"], "LB");
}

#[test]
fn neighbourhoods_missing_from_bundled_sources_are_not_found() {
    let wd = Workdir::new();
    for name in [
        "al-Hawiqa",
        "al-Joura",
        "al-Qusour",
        "Political Security Bridge",
    ] {
        // Deir ez-Zor's neighbourhoods are in no bundled source. Villages of the same names
        // or consonants lie elsewhere in Syria (Jurah in Raqqa, Al Qusur, an Al Qusayr 35 km
        // out), never in the city.
        let run = wd.run(&[
            "gazetteer",
            "lookup",
            name,
            "--country",
            "SY",
            "--format",
            "json",
        ]);
        if run.code == 1 {
            assert!(run.stdout.is_empty(), "{name}: {}", run.stdout);
            assert!(run.stderr.contains("not found"), "{}", run.stderr);
            continue;
        }
        run.expect_code(0);
        for line in run.stdout.lines() {
            let c: serde_json::Value = serde_json::from_str(line).unwrap();
            let (lat, lon) = (c["lat"].as_f64().unwrap(), c["lon"].as_f64().unwrap());
            // 0.1 degrees is about 10 km here; the neighbourhoods lie within 5 km of the centre
            let far = (lat - 35.336).abs() > 0.1 || (lon - 40.141).abs() > 0.1;
            assert!(far, "{name} found in Deir ez-Zor: {line}");
        }
    }
}

#[test]
fn user_gazetteer_adds_neighbourhoods_and_their_spellings() {
    let wd = Workdir::new();
    let csv = fixture("deir-ez-zor-places.csv");
    for (name, lat, lon) in [
        ("al-Hawiqa", 35.347, 40.133),
        ("Huwayqah", 35.347, 40.133),
        ("الحويقة", 35.347, 40.133),
        ("al-Joura", 35.326, 40.108),
        ("al-Qusour", 35.333, 40.120),
        ("the Political Security Bridge", 35.342, 40.146),
    ] {
        let v = best(&wd, &[name, "--gazetteer", &csv, "--country", "SY"]);
        let (la, lo) = lat_lon(&v);
        assert!(km(la, lo, lat, lon) < 0.1, "{name} -> {v}");
        assert_eq!(v["source"], "deir-ez-zor-places.csv");
        assert_eq!(
            v["admin1"], "Deir ez-Zor",
            "admin1 comes from the parent: {v}"
        );
    }
    let bridge = best(&wd, &["Political Security Bridge", "--gazetteer", &csv]);
    assert_eq!(bridge["feature_code"], "BDG");
}

#[test]
fn imported_geonames_dump_is_used_by_later_lookups() {
    let wd = Workdir::new();
    let run = wd.run(&[
        "gazetteer",
        "import",
        &fixture("geonames/SY-sample.txt"),
        &fixture("geonames/alternateNamesV2-sample.txt"),
    ]);
    run.expect_code(0);
    assert!(run.stderr.contains("imported 6 places"), "{}", run.stderr);
    assert!(wd.path().join("home/imported.incigaz").is_file());
    for (name, code) in [
        ("al-Hawiqa", "PPLX"),
        ("Hawiqa", "PPLX"),
        ("al-Joura", "PPLX"),
        ("Political Security Bridge", "BDG"),
        ("al-Taym oil field", "OILF"),
    ] {
        let v = best(&wd, &[name, "--country", "SY"]);
        assert_eq!(v["feature_code"], code, "{name} -> {v}");
        assert_eq!(v["source"], "import");
        assert_eq!(
            v["admin1"], "Deir ez-Zor",
            "admin1 name from the bundled table: {v}"
        );
        let (lat, lon) = lat_lon(&v);
        assert!(km(lat, lon, DEIR.0, DEIR.1) < 25.0);
    }
    let stats = wd.run(&["gazetteer", "stats"]);
    stats.expect_code(0);
    assert!(stats.stdout.contains("tier\tImported"), "{}", stats.stdout);
}

#[test]
fn import_reads_zipped_and_gzipped_dumps() {
    use std::io::Write;
    let wd = Workdir::new();
    let dump = std::fs::read(fixture("geonames/SY-sample.txt")).unwrap();
    let zip_path = wd.path().join("SY.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("readme.txt", opts).unwrap();
    zip.write_all(b"GeoNames readme, not a table\n").unwrap();
    zip.start_file("SY.txt", opts).unwrap();
    zip.write_all(&dump).unwrap();
    zip.finish().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&std::fs::read(fixture("geonames/alternateNamesV2-sample.txt")).unwrap())
        .unwrap();
    wd.write("alternateNamesV2.txt.gz", gz.finish().unwrap());
    let run = wd.run(&["gazetteer", "import", "SY.zip", "alternateNamesV2.txt.gz"]);
    run.expect_code(0);
    let v = best(&wd, &["الحويقة"]);
    assert_eq!(v["feature_code"], "PPLX");
}

#[test]
fn import_skips_and_counts_bad_rows() {
    let wd = Workdir::new();
    let good = std::fs::read_to_string(fixture("geonames/SY-sample.txt")).unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(2, "not\ta\tgeonames row");
    wd.write("SY.txt", lines.join("\n"));
    let run = wd.run(&["gazetteer", "import", "SY.txt"]);
    run.expect_code(1);
    assert!(run.stderr.contains("SY.txt:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("imported 6 places"), "{}", run.stderr);
}

#[test]
fn batch_lookup_keeps_input_order_and_marks_misses() {
    let wd = Workdir::new();
    let run = wd.run_stdin(
        &["gazetteer", "lookup", "--file", "-", "--format", "json"],
        "Aleppo\nal-Hawiqa-not-a-place\nDayr az Zawr\n",
    );
    run.expect_code(1);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["name"], "Aleppo");
    assert_eq!(lines[1], serde_json::json!({}));
    assert_eq!(lines[2]["name"], "Deir ez-Zor");
    for field in [
        "name",
        "lat",
        "lon",
        "feature_code",
        "country",
        "admin1",
        "population",
        "geonameid",
        "score",
    ] {
        assert!(
            lines[0].get(field).is_some(),
            "missing {field}: {}",
            lines[0]
        );
    }
}

#[test]
fn batch_lookup_answers_a_repeated_name_as_it_did_the_first_time() {
    // A location column repeats names: each is looked up once and answered every time, a
    // miss included, in input order.
    let wd = Workdir::new();
    let run = wd.run_stdin(
        &[
            "gazetteer",
            "lookup",
            "--file",
            "-",
            "--format",
            "table",
            "--country",
            "SY",
        ],
        "Hatla\nnot-a-place-xyz\nHatla\nAleppo\nnot-a-place-xyz\nHatla\n",
    );
    run.expect_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    assert_eq!(lines[0], lines[2]);
    assert_eq!(lines[0], lines[5]);
    assert!(lines[0].starts_with("Hatla\t"), "{}", lines[0]);
    assert_eq!(lines[1], "not-a-place-xyz\tnot found");
    assert_eq!(lines[4], lines[1]);
    assert!(lines[3].starts_with("Aleppo\t"), "{}", lines[3]);
}

#[test]
fn batch_lookup_refuses_a_binary_file_and_warns_of_lines_not_utf8() {
    let wd = Workdir::new();
    // A NUL byte: not a list of names. Nothing is printed, and the error names the file.
    let bin = wd.write("scan.bin", b"Aleppo\n\x00\x01\x02PK\x03\x04\nHama\n");
    let run = wd.run(&["gazetteer", "lookup", "--file", bin.to_str().unwrap()]);
    run.expect_code(2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("scan.bin") && run.stderr.contains("binary"),
        "{}",
        run.stderr
    );
    // A Latin-1 line among UTF-8 ones: every line still gets its answer, in order, and the
    // warning names the first bad line.
    let mixed = wd.write("names.txt", b"Aleppo\nHom\xe9s\nHama\n");
    let run = wd.run(&["gazetteer", "lookup", "--file", mixed.to_str().unwrap()]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("Aleppo\t") && lines[2].starts_with("Hama\t"));
    assert!(
        run.stderr
            .contains("names.txt: 1 line not UTF-8 (the first: line 2)"),
        "{}",
        run.stderr
    );
}

#[test]
fn stats_count_the_bundled_places() {
    let wd = Workdir::new();
    let run = wd.run(&["gazetteer", "stats", "--format", "json"]);
    run.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(v["places"].as_u64().unwrap() > 200_000, "{v}");
    // The village layer: about 10,000 Syrian localities.
    assert!(v["by_country"]["SY"].as_u64().unwrap() > 10_000, "{v}");
    assert!(v["by_country"]["YE"].as_u64().unwrap() > 30_000, "{v}");
    // UCDP's places, most of them merged into the village they name.
    let ucdp: u64 = v["by_source"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.split(',').any(|s| s == "ucdp"))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum();
    assert!(ucdp > 1_000, "{v}");
    assert!(v["by_source"]["wof,ucdp"].as_u64().unwrap() > 500, "{v}");
    assert!(v["load_ms"].as_f64().is_some());
}

/// A bad row is skipped and said with its file and line; the rest of the file is used, and
/// the exit code says the load was partial.
#[test]
fn a_bad_row_in_a_user_gazetteer_is_skipped_and_said() {
    let wd = Workdir::new();
    let bad = fixture("bad/bad-latitude.csv");
    let run = wd.run(&["gazetteer", "lookup", "al-Hawiqa", "--gazetteer", &bad]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("warning: skipped gazetteer row ")
            && run.stderr.contains("bad-latitude.csv:3: latitude 135.326"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 gazetteer row skipped"),
        "{}",
        run.stderr
    );
    // The good row on line 2 was loaded, from this file.
    let first = run.stdout.lines().nth(1).unwrap();
    assert!(
        first.contains("al-Hawiqa") && first.contains("bad-latitude.csv"),
        "{}",
        run.stdout
    );
    // The bad one was not.
    let run = wd.run(&["gazetteer", "lookup", "al-Joura", "--gazetteer", &bad]);
    assert!(!run.stdout.contains("bad-latitude.csv"), "{}", run.stdout);
    // -q: nothing said, the exit code still tells.
    let run = wd.run(&[
        "gazetteer",
        "lookup",
        "al-Hawiqa",
        "-q",
        "--gazetteer",
        &bad,
    ]);
    run.expect_code(1);
    assert_eq!(run.stderr, "");
}

/// The words an analyst types for urban features are kinds, each its GeoNames code; a word
/// that is not is refused with the list of those that are.
#[test]
fn user_gazetteer_kinds_cover_urban_features() {
    let wd = Workdir::new();
    let csv = wd.write(
        "urban.csv",
        "name,lat,lon,kind,country\n\
         Umayyad Mosque,33.5116,36.3066,mosque,SY\n\
         Bab al-Hawa crossing,36.2344,36.6611,border crossing,SY\n\
         Tahrir Square,30.0444,31.2357,Square,EG\n\
         Hodeidah port,14.8327,42.9253,port,YE\n\
         Gaza Grand Mosque,31.5040,34.4640,temple mount,PS\n",
    );
    let csv = csv.to_str().unwrap();
    for (name, code) in [
        ("Umayyad Mosque", "MSQE"),
        ("Bab al-Hawa crossing", "PSTB"),
        ("Tahrir Square", "SQR"),
        ("Hodeidah port", "PRT"),
    ] {
        let run = wd.run(&[
            "gazetteer",
            "lookup",
            name,
            "--limit",
            "1",
            "--format",
            "json",
            "--gazetteer",
            csv,
        ]);
        run.expect_code(1); // the last row's kind is unknown
        let best = &run.json_lines()[0];
        assert_eq!(best["name"], name, "{best}");
        assert_eq!(best["feature_code"], code, "{best}");
    }
    let run = wd.run(&["gazetteer", "lookup", "Tahrir Square", "--gazetteer", csv]);
    assert!(
        run.stderr
            .contains("urban.csv:6: unknown kind \"temple mount\"")
            && run.stderr.contains("mosque")
            && run.stderr.contains("border crossing"),
        "{}",
        run.stderr
    );
}

/// What makes the whole file unusable stops the command with the file's name.
#[test]
fn unusable_user_gazetteers_fail_with_file_and_line() {
    let wd = Workdir::new();
    let written =
        |name: &str, contents: &[u8]| wd.write(name, contents).to_string_lossy().into_owned();
    let cases = [
        (fixture("bad/empty.csv"), vec!["no places"]),
        (fixture("bad/binary.csv"), vec!["binary file"]),
        ("does-not-exist.csv".to_string(), vec!["does-not-exist.csv"]),
        // Every row bad: no usable place, and the first reason says why.
        (
            written("kind.csv", b"Somewhere,35,40,spaceship,SY,,\n"),
            vec!["no usable place", "kind.csv:1:", "unknown kind"],
        ),
        // A header naming other columns: its rows would be read wrong.
        (
            written("swapped.csv", b"name,lon,lat\nal-Hawiqa,40.133,35.347\n"),
            vec!["swapped.csv:1: header", "name,lat,lon"],
        ),
        (
            written("latin1.csv", b"Hawiqa,35.347,40.133\nD\xe9ir,35.3,40.1\n"),
            vec!["latin1.csv:2: invalid UTF-8"],
        ),
    ];
    for (file, says) in cases {
        let run = wd.run(&["gazetteer", "lookup", "Aleppo", "--gazetteer", &file]);
        run.expect_code(2);
        for s in says {
            assert!(run.stderr.contains(s), "{file}: {s:?} in {}", run.stderr);
        }
    }
}

#[test]
fn bad_arguments_are_usage_errors() {
    let wd = Workdir::new();
    let run = wd.run(&["gazetteer", "lookup", "Aleppo", "--near", "35.3,140.1"]);
    run.expect_code(2);
    assert!(run.stderr.contains("LON,LAT"), "{}", run.stderr);
    // A country's name is fine ("Syria"); a name no country has is not.
    let run = wd.run(&["gazetteer", "lookup", "Aleppo", "--country", "Syrie"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no country called"), "{}", run.stderr);
    let run = wd.run(&["gazetteer", "import", "missing.txt"]);
    run.expect_code(2);
    assert!(run.stderr.contains("missing.txt"), "{}", run.stderr);
}
