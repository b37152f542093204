//! `incimap render`: maps of the seed incidents checked by their pixels (size, incident
//! colours where the incidents are, the basemap's river and borders), SVG output, and the
//! inputs it must refuse. The golden image is the library's test (`src/render/tests.rs`).

use std::path::Path;

use incimap::render::{self, ColorBy, Extent, Incidents, Options};

use crate::harness::{fixture, Workdir};

/// Okabe-Ito orange and bluish green: the legend colours of the seed's two event types.
const EXPLOSIONS: [u8; 3] = [0xe6, 0x9f, 0x00];
const STRATEGIC: [u8; 3] = [0x00, 0x9e, 0x73];
/// Basemap colours (src/render/basemap.rs).
const RIVER: [u8; 3] = [0x6f, 0xa8, 0xd0];
const BORDER: [u8; 3] = [0x70, 0x6a, 0x78];

const HATLA: (f64, f64) = (40.19897, 35.34169);
const DEIR: (f64, f64) = (40.14084, 35.33588);

struct Image {
    w: u32,
    h: u32,
    rgb: Vec<u8>,
}

impl Image {
    fn read(path: &Path) -> Image {
        let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut reader = png::Decoder::new(file).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        Image {
            w: info.width,
            h: info.height,
            rgb: buf,
        }
    }

    fn at(&self, x: f64, y: f64) -> [u8; 3] {
        let i = (y as usize * self.w as usize + x as usize) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Pixels within `r` of `(x, y)` whose colour is within `tol` (sum of channel
    /// differences) of `c`.
    fn count_near(&self, (x, y): (f64, f64), r: f64, c: [u8; 3], tol: i32) -> usize {
        let mut n = 0;
        let (x0, x1) = ((x - r).max(0.0) as u32, ((x + r) as u32).min(self.w));
        let (y0, y1) = ((y - r).max(0.0) as u32, ((y + r) as u32).min(self.h));
        for py in y0..y1 {
            for px in x0..x1 {
                let p = self.at(px as f64, py as f64);
                let d: i32 = (0..3).map(|k| (p[k] as i32 - c[k] as i32).abs()).sum();
                n += usize::from(d <= tol);
            }
        }
        n
    }
}

/// The seed incidents, extracted from the bundled sample by the real binary.
fn extract_seed(wd: &Workdir) -> String {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples/deir-ez-zor-2014.txt");
    wd.run(&[
        "extract",
        &sample.to_string_lossy(),
        "--date",
        "2014-06-20",
        "-o",
        "seed.geojson",
        "-q",
    ])
    .expect_code(0);
    "seed.geojson".to_string()
}

/// The view the renderer chose, computed again through the library.
fn view_of(wd: &Workdir, input: &str, opts: &Options) -> render::View {
    let (features, _) = incimap::features::read(&wd.path().join(input), None).unwrap();
    let inc = Incidents::from_features(&features, ColorBy::EventType);
    render::plan(&inc, opts).unwrap()
}

#[test]
fn seed_map_shows_each_incident_in_its_legend_colour_where_it_happened() {
    let wd = Workdir::new();
    let seed = extract_seed(&wd);
    let run = wd.run(&["render", &seed, "-o", "map.png", "--labels"]);
    run.expect_code(0);
    assert!(run.stderr.contains("7 incidents"), "{}", run.stderr);
    let img = Image::read(&wd.path().join("map.png"));
    assert_eq!((img.w, img.h), (1600, 1200));

    let view = view_of(&wd, &seed, &Options::default());
    // Hatla's one incident: its symbol is centred on its point.
    let (x, y) = view.project(HATLA.0, HATLA.1);
    assert_eq!(img.at(x, y), EXPLOSIONS, "Hatla at {x:.0},{y:.0}");
    // Deir ez-Zor's six, fanned out around the city's point: both colours.
    let (x, y) = view.project(DEIR.0, DEIR.1);
    assert!(img.count_near((x, y), 50.0, EXPLOSIONS, 0) > 50);
    assert!(img.count_near((x, y), 50.0, STRATEGIC, 0) > 20);
    // The legend (top right: no incident there) has the same colours.
    let corner = (1400.0, 160.0);
    assert!(img.count_near(corner, 200.0, EXPLOSIONS, 0) > 20);
    assert!(img.count_near(corner, 200.0, STRATEGIC, 0) > 20);
}

#[test]
fn basemap_draws_the_euphrates_and_the_border_at_abu_kamal() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    let bbox = "39.6,34.2,41.6,35.8";
    wd.run(&[
        "render", &seed, "-o", "m.png", "--bbox", bbox, "--width", "800", "--height", "600",
    ])
    .expect_code(0);
    let img = Image::read(&wd.path().join("m.png"));
    let opts = Options {
        width: 800,
        height: 600,
        extent: Some(Extent::parse(bbox).unwrap()),
        ..Options::default()
    };
    let view = view_of(&wd, &seed, &opts);
    let f = view.frame;
    let centre = (((f.x0 + f.x1) / 2.0) as f64, ((f.y0 + f.y1) / 2.0) as f64);
    let everywhere = f.w().max(f.h()) as f64;
    assert!(
        img.count_near(centre, everywhere, RIVER, 12) > 200,
        "river colour"
    );
    assert!(
        img.count_near(centre, everywhere, BORDER, 40) > 100,
        "border colour"
    );
    // The Euphrates runs within 3 km of Deir ez-Zor's centre...
    let km3 = 3.0 / view.km_per_px(35.3);
    assert!(img.count_near(view.project(DEIR.0, DEIR.1), km3, RIVER, 40) > 0);
    // ...and the border crosses it at Abu Kamal.
    let abu_kamal = view.project(40.92, 34.45);
    assert!(img.count_near(abu_kamal, 30.0, BORDER, 40) > 0);
}

#[test]
fn same_input_gives_the_same_png_bytes() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    for out in ["a.png", "b.png"] {
        wd.run(&[
            "render", &seed, "-o", out, "--width", "600", "--height", "450", "--labels",
        ])
        .expect_code(0);
    }
    let a = std::fs::read(wd.path().join("a.png")).unwrap();
    let b = std::fs::read(wd.path().join("b.png")).unwrap();
    assert!(a == b, "two runs wrote different bytes");
}

/// Element names open and close in order: enough to catch broken markup.
fn check_xml(text: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').expect("unclosed tag") + i;
        let tag = &rest[i + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap();
            stack.push(name.to_string());
        }
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
}

#[test]
fn svg_output_is_well_formed_and_carries_the_title() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    wd.run(&[
        "render",
        &seed,
        "-o",
        "map.svg",
        "--title",
        "Deir ez-Zor <June 2014>",
        "--labels",
    ])
    .expect_code(0);
    let svg = std::fs::read_to_string(wd.path().join("map.svg")).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    check_xml(&svg);
    assert!(svg.contains("<title>Deir ez-Zor &lt;June 2014&gt;</title>"));
    assert!(svg.contains(">Deir ez-Zor &lt;June 2014&gt;</text>"));
    assert!(svg.contains(">Hatla</text>"));
}

#[test]
fn near_a_place_frames_the_radius() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    let draw = |option: &str, place: &str, out: &str| {
        wd.run(&[
            "render",
            &seed,
            "-o",
            out,
            option,
            place,
            "--radius-km",
            "40",
            "--width",
            "600",
            "--height",
            "450",
        ])
    };
    let run = draw("--near", "Deir ez-Zor", "a.png");
    run.expect_code(0);
    assert!(
        run.stderr.contains("--near \"Deir ez-Zor\" is Deir ez-Zor"),
        "{}",
        run.stderr
    );
    let run = draw("--near", "Qqqxyzzy", "b.png");
    run.expect_code(2);
    assert!(
        run.stderr.contains("--near: no place called"),
        "{}",
        run.stderr
    );
    // --around, its older name, draws the same map, and is no longer shown in the help.
    draw("--around", "Deir ez-Zor", "c.png").expect_code(0);
    let a = std::fs::read(wd.path().join("a.png")).unwrap();
    assert!(a == std::fs::read(wd.path().join("c.png")).unwrap());
    let help = wd.run(&["render", "--help"]);
    assert!(!help.stdout.contains("--around"), "{}", help.stdout);
}

/// `--near` takes LON,LAT or a place name in every command that has it.
#[test]
fn near_means_the_same_in_every_command() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    for args in [
        vec![
            "query",
            seed.as_str(),
            "--radius-km",
            "10",
            "--format",
            "count",
        ],
        vec!["gazetteer", "lookup", "Hatla", "--limit", "1"],
    ] {
        let by_name = {
            let mut a = args.clone();
            a.extend(["--near", "Deir ez-Zor"]);
            wd.run(&a)
        };
        by_name.expect_code(0);
        assert!(
            by_name.stderr.contains("--near \"Deir ez-Zor\" is"),
            "{args:?}: {}",
            by_name.stderr
        );
        let mut a = args.clone();
        a.extend(["--near", "40.14084,35.33588", "-q"]);
        let by_point = wd.run(&a);
        by_point.expect_code(0);
        assert!(!by_point.stdout.is_empty());
        assert_eq!(by_point.stdout, by_name.stdout, "{args:?}");
        let mut a = args.clone();
        a.extend(["--near", "Qqqxyzzy"]);
        let run = wd.run(&a);
        run.expect_code(2);
        assert!(
            run.stderr.contains("--near: no place called"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn an_empty_incident_set_needs_an_area_and_then_draws_its_basemap() {
    let wd = Workdir::new();
    wd.write(
        "none.geojson",
        r#"{"type":"FeatureCollection","features":[]}"#,
    );
    let run = wd.run(&["render", "none.geojson", "-o", "none.png"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--bbox or --around"), "{}", run.stderr);
    assert!(!wd.path().join("none.png").exists());
    let run = wd.run(&[
        "render",
        "none.geojson",
        "-o",
        "none.png",
        "--bbox",
        "39.5,34.8,40.8,35.8",
        "--width",
        "400",
        "--height",
        "300",
    ]);
    run.expect_code(0);
    let img = Image::read(&wd.path().join("none.png"));
    assert_eq!((img.w, img.h), (400, 300));
    assert!(
        img.count_near((200.0, 150.0), 200.0, RIVER, 12) > 20,
        "the basemap is drawn"
    );
}

#[test]
fn bad_requests_are_refused_with_the_reason() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    let refused = |args: &[&str], says: &str| {
        let mut all = vec!["render", seed.as_str()];
        all.extend_from_slice(args);
        let run = wd.run(&all);
        run.expect_code(2);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    };
    refused(
        &["-o", "m.png", "--bbox", "40,36,41,35"],
        "MINLAT 36 is north of MAXLAT 35",
    );
    refused(
        &["-o", "m.png", "--bbox", "40,35,41"],
        "MINLON,MINLAT,MAXLON,MAXLAT",
    );
    refused(
        &["-o", "m.png", "--width", "100000", "--height", "100000"],
        "at most 10000 px a side",
    );
    refused(
        &["-o", "m.png", "--width", "9000", "--height", "9000"],
        "at most 50 Mpx",
    );
    refused(&["-o", "m.jpg"], "name it .png or .svg");
    assert!(!wd.path().join("m.png").exists());
}

#[test]
fn an_unwritable_output_is_an_error_and_leaves_no_file() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    wd.write("plain.txt", "a file, not a folder");
    let run = wd.run(&["render", &seed, "-o", "plain.txt/map.png"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("cannot write plain.txt/map.png: plain.txt is a file, not a folder"),
        "{}",
        run.stderr
    );
    std::fs::create_dir(wd.path().join("taken.png")).unwrap();
    let run = wd.run(&[
        "render",
        &seed,
        "-o",
        "taken.png",
        "--width",
        "300",
        "--height",
        "200",
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("taken.png is a folder"),
        "{}",
        run.stderr
    );
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(wd.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".incimap-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `--bbox` is parsed as `query` parses it; a box across the antimeridian, which `query`
/// takes, is refused by `render` with a sentence saying what to do, and nothing is written.
#[test]
fn a_box_across_the_antimeridian_is_refused_with_what_to_do() {
    let wd = Workdir::new();
    wd.write(
        "fiji.geojsonl",
        r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[179.5,-17.0]},"properties":{}}
{"type":"Feature","geometry":{"type":"Point","coordinates":[-179.5,-18.0]},"properties":{}}
"#,
    );
    let run = wd.run(&[
        "query",
        "fiji.geojsonl",
        "--bbox",
        "170,-20,-170,0",
        "--format",
        "count",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout.trim(), "2");
    let run = wd.run(&[
        "render",
        "fiji.geojsonl",
        "--bbox",
        "170,-20,-170,0",
        "-o",
        "fiji.png",
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("crosses the antimeridian")
            && run
                .stderr
                .contains("--bbox 170,-20,180,0 and --bbox -180,-20,-170,0"),
        "{}",
        run.stderr
    );
    assert!(!wd.path().join("fiji.png").exists());
    // Each side on its own draws.
    let run = wd.run(&[
        "render",
        "fiji.geojsonl",
        "--bbox",
        "170,-20,180,0",
        "-o",
        "east.png",
    ]);
    run.expect_code(0);
}
