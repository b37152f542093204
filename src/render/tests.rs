//! Whole maps, checked by their pixels.

use super::*;

/// The seed article's incidents: six at Deir ez-Zor's centre, one in Hatla.
fn seed() -> Incidents {
    let mut inc = Incidents::new(ColorBy::EventType);
    let dz = (40.14084, 35.33588);
    let e = "Explosions/Remote violence";
    let s = "Strategic developments";
    for (t, f, place) in [
        (e, 0, "Deir ez-Zor"),
        (s, 0, "Deir ez-Zor"),
        (e, 5, "al-Taym oil wells road, Deir ez-Zor"),
        (e, 0, "al-Hawiqa, Deir ez-Zor"),
        (e, 0, "Political Security Bridge, Deir ez-Zor"),
        (s, 0, "Political Security Bridge, Deir ez-Zor"),
    ] {
        inc.push(dz.0, dz.1, t, f, Some(place), Some("2014-06-18"));
    }
    inc.push(40.19897, 35.34169, e, 0, Some("Hatla"), Some("2014-06-18"));
    inc
}

fn small() -> Options {
    Options {
        width: 800,
        height: 600,
        ..Options::default()
    }
}

fn count(r: &Raster, within: Rect, c: Rgb) -> usize {
    let mut n = 0;
    for y in within.y0.max(0.0) as u32..(within.y1 as u32).min(r.height()) {
        for x in within.x0.max(0.0) as u32..(within.x1 as u32).min(r.width()) {
            n += usize::from(r.pixel(x, y) == c);
        }
    }
    n
}

fn near(r: &Raster, within: Rect, c: Rgb, tol: i32) -> usize {
    let mut n = 0;
    for y in within.y0.max(0.0) as u32..(within.y1 as u32).min(r.height()) {
        for x in within.x0.max(0.0) as u32..(within.x1 as u32).min(r.width()) {
            let p = r.pixel(x, y);
            let d = (p.0 as i32 - c.0 as i32).abs()
                + (p.1 as i32 - c.1 as i32).abs()
                + (p.2 as i32 - c.2 as i32).abs();
            n += usize::from(d <= tol);
        }
    }
    n
}

#[test]
fn incidents_have_their_legend_colours_where_they_are() {
    let inc = seed();
    let (r, map) = render_raster(&inc, &small()).unwrap();
    assert_eq!((r.width(), r.height()), (800, 600));
    assert_eq!((map.shown, map.outside), (7, 0));
    let orange = symbols::event_type_colour("Explosions/Remote violence").unwrap();
    let green = symbols::event_type_colour("Strategic developments").unwrap();
    // Hatla stands alone: its symbol is centred on its point.
    let (x, y) = map.view.project(40.19897, 35.34169);
    assert_eq!(r.pixel(x as u32, y as u32), orange);
    // Deir ez-Zor's six are fanned out around the city's point, in both colours.
    let (x, y) = map.view.project(40.14084, 35.33588);
    let around = Rect::new(
        x as f32 - 40.0,
        y as f32 - 40.0,
        x as f32 + 40.0,
        y as f32 + 40.0,
    );
    assert!(count(&r, around, orange) > 20);
    assert!(count(&r, around, green) > 20);
    // The legend shows both colours too (top right, where no incident is).
    let legend = Rect::new(500.0, 40.0, 800.0, 250.0);
    assert!(count(&r, legend, orange) > 10 && count(&r, legend, green) > 10);
}

#[test]
fn the_basemap_draws_the_euphrates_and_borders() {
    // Deir ez-Zor to the Iraqi border at Abu Kamal.
    let opts = Options {
        extent: Some(Extent::parse("39.6,34.2,41.6,35.8").unwrap()),
        ..small()
    };
    let (r, map) = render_raster(&seed(), &opts).unwrap();
    let f = map.view.frame;
    assert!(near(&r, f, basemap::RIVER, 12) > 200, "the Euphrates");
    assert!(
        near(&r, f, basemap::BORDER, 40) > 100,
        "the Syria-Iraq border"
    );
    assert!(near(&r, f, basemap::ADMIN1, 40) > 50, "governorate borders");
    assert!(count(&r, f, basemap::LAND) > 10_000);
    // The river passes right by the city (within 3 km of its centre).
    let (x, y) = map.view.project(40.141, 35.336);
    let km3 = (3.0 / map.view.km_per_px(35.3)) as f32;
    let by_city = Rect::new(
        x as f32 - km3,
        y as f32 - km3,
        x as f32 + km3,
        y as f32 + km3,
    );
    assert!(near(&r, by_city, basemap::RIVER, 40) > 0);
}

#[test]
fn maps_frame_their_incidents_but_never_zoom_in_too_far() {
    let map = render(&seed(), &small(), Format::Png).unwrap();
    let b = map.view.bounds();
    for m in &seed().marks {
        assert!(b.contains(m.lon, m.lat));
    }
    let km = map.view.frame.h() as f64 * map.view.km_per_px(35.3);
    assert!(km >= MIN_KM, "{km} km");
    // Elsewhere in the world too (Kharkiv), on the world-wide tier.
    let mut inc = Incidents::new(ColorBy::EventType);
    inc.push(36.23, 49.99, "Battles", 3, Some("Kharkiv"), None);
    let (r, map) = render_raster(&inc, &small()).unwrap();
    let (x, y) = map.view.project(36.23, 49.99);
    assert_eq!(
        r.pixel(x as u32, y as u32),
        symbols::event_type_colour("Battles").unwrap()
    );
}

#[test]
fn png_output_is_deterministic() {
    let a = render(&seed(), &small(), Format::Png).unwrap().bytes;
    let b = render(&seed(), &small(), Format::Png).unwrap().bytes;
    assert_eq!(&a[1..4], b"PNG");
    assert!(a == b, "two renders differ");
}

#[test]
fn empty_sets_draw_the_area_with_a_note_or_explain_what_is_missing() {
    let empty = Incidents::new(ColorBy::EventType);
    let err = render(&empty, &small(), Format::Png)
        .unwrap_err()
        .to_string();
    assert!(err.contains("--bbox or --around"), "{err}");
    let opts = Options {
        extent: Some(Extent::parse("39.5,34.8,40.8,35.8").unwrap()),
        ..small()
    };
    let (r, map) = render_raster(&empty, &opts).unwrap();
    assert_eq!(map.shown, 0);
    assert!(near(&r, map.view.frame, basemap::RIVER, 12) > 50);
}

#[test]
fn sizes_outside_the_limits_are_refused() {
    let opts = |w, h| Options {
        width: w,
        height: h,
        ..Options::default()
    };
    let err = render(&seed(), &opts(100_000, 100_000), Format::Png).unwrap_err();
    assert!(err.to_string().contains("at most 10000 px"), "{err}");
    assert!(
        render(&seed(), &opts(9000, 9000), Format::Png).is_err(),
        "81 Mpx"
    );
    assert!(render(&seed(), &opts(50, 50), Format::Png).is_err());
}

#[test]
fn svg_is_a_document_with_the_title_and_every_symbol() {
    let opts = Options {
        title: Some("Deir ez-Zor & Hatla, June 2014".into()),
        labels: true,
        ..small()
    };
    let map = render(&seed(), &opts, Format::Svg).unwrap();
    let svg = String::from_utf8(map.bytes).unwrap();
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("<title>Deir ez-Zor &amp; Hatla, June 2014</title>"));
    assert!(svg.contains(">al-Hawiqa</text>"));
    let orange = symbols::event_type_colour("Explosions/Remote violence").unwrap();
    // Five incident symbols and a legend swatch.
    assert!(svg.matches(&format!("fill=\"{}\"", orange.hex())).count() >= 6);
}

#[test]
fn large_sets_become_a_heatmap() {
    let mut inc = Incidents::new(ColorBy::EventType);
    for k in 0..3000u32 {
        let j = (k % 50) as f64 * 0.004;
        inc.push(
            40.14 + j,
            35.33 + j / 2.0,
            "Battles",
            1,
            Some("Deir ez-Zor"),
            None,
        );
    }
    let opts = Options {
        style: Style::Heatmap,
        labels: true,
        ..small()
    };
    let (r, map) = render_raster(&inc, &opts).unwrap();
    assert!(map.heatmap);
    let (x, y) = map.view.project(40.19, 35.355);
    let p = r.pixel(x as u32, y as u32);
    // Deep red at the hotspot: far more red than blue.
    assert!(p.0 > 150 && p.2 < 100, "{p:?}");
}

#[test]
fn arabic_script_names_are_drawn_romanised() {
    let mut inc = Incidents::new(ColorBy::EventType);
    inc.push(40.14, 35.33, "Battles", 0, Some("دير الزور"), None);
    let opts = Options {
        labels: true,
        ..small()
    };
    let svg = String::from_utf8(render(&inc, &opts, Format::Svg).unwrap().bytes).unwrap();
    assert!(svg.contains(">Dir al-Zur</text>"), "romanised label");
    assert!(!svg.contains("دير"));
}

#[test]
fn dates_that_do_not_parse_are_unknown_not_a_panic() {
    // #13: "2014-06-0é" passed a two-byte check and was sliced inside the "é".
    let mut inc = Incidents::new(ColorBy::default());
    for d in [
        "2014-06-0é",
        "2014-0é-01",
        "é",
        "",
        "02 June 2023",
        "2-May-20",
    ] {
        inc.push(40.1, 35.3, "Battles", 0, None, Some(d));
    }
    let dates: Vec<u32> = inc.marks.iter().map(|m| m.date).collect();
    assert_eq!(dates, [0, 0, 0, 0, 20230602, 20200502]);
}

// ---------------------------------------------------------------------------------------
// The golden image

/// `tests/fixtures/render-golden.png`: the fixture's seed incidents on a 480×360 map of
/// Syria with labels. After an intended change in how maps look, regenerate it with
/// `INCIMAP_BLESS=1 cargo test --lib render::tests::golden` and look at it before committing.
fn golden_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render-golden.png")
}

/// The golden map's incidents, read from the fixture the CLI test draws too.
fn golden_incidents() -> Incidents {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render-seed.geojson");
    let (features, _) = crate::features::read(&path, None).unwrap();
    Incidents::from_features(&features, ColorBy::EventType)
}

/// The options of the golden map (`incimap render render-seed.geojson --bbox
/// 35.5,32.2,42.5,37.5 --width 480 --height 360 --labels --title "Seed incidents"`).
fn golden_options() -> Options {
    Options {
        width: 480,
        height: 360,
        extent: Some(Extent::parse("35.5,32.2,42.5,37.5").unwrap()),
        labels: true,
        title: Some("Seed incidents".into()),
        ..Options::default()
    }
}

fn read_png_rgb(path: &std::path::Path) -> (u32, u32, Vec<u8>) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(file).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// How a map differs from the golden image, or `None` when within the tolerance.
///
/// The tolerance allows what another machine's floating point or a new version of the
/// drawing library may change: anti-aliased edges a shade lighter or darker, or shifted by
/// a pixel, which differ in thin lines and scattered pixels. It refuses what a reader would
/// notice: any patch of 3×3 pixels that all differ by more than 32 (a symbol of the
/// smallest size, 5 px across, is such a patch where it is missing or where it moved to),
/// more than 0.5% of the pixels off, or a mean difference of 1.5 levels.
fn golden_mismatch(map: &Raster) -> Option<String> {
    let (w, h, golden) = read_png_rgb(&golden_path());
    if (w, h) != (map.width(), map.height()) {
        return Some(format!(
            "{}×{} px, the golden image is {w}×{h}",
            map.width(),
            map.height()
        ));
    }
    let got = map.rgb();
    let (w, h) = (w as usize, h as usize);
    let diff: Vec<u8> = got
        .chunks(3)
        .zip(golden.chunks(3))
        .map(|(p, q)| (0..3).map(|k| p[k].abs_diff(q[k])).max().unwrap())
        .collect();
    let off = |x: usize, y: usize| diff[y * w + x] > 32;
    let n = w * h;
    let far = diff.iter().filter(|&&d| d > 32).count();
    let mean = diff.iter().map(|&d| d as f64).sum::<f64>() / n as f64;
    let patch = (1..h - 1)
        .flat_map(|y| (1..w - 1).map(move |x| (x, y)))
        .find(|&(x, y)| (y - 1..=y + 1).all(|yy| (x - 1..=x + 1).all(|xx| off(xx, yy))));
    if let Some((x, y)) = patch {
        return Some(format!(
            "the pixels around ({x}, {y}) all differ by more than 32"
        ));
    }
    if far * 200 > n || mean >= 1.5 {
        return Some(format!(
            "{far} of {n} pixels differ by more than 32 (mean difference {mean:.2})"
        ));
    }
    None
}

#[test]
fn golden_map_matches_within_the_tolerance() {
    let (r, _) = render_raster(&golden_incidents(), &golden_options()).unwrap();
    if std::env::var_os("INCIMAP_BLESS").is_some() {
        std::fs::write(golden_path(), r.png()).unwrap();
    }
    if let Some(why) = golden_mismatch(&r) {
        panic!(
            "the golden map differs: {why}; if the change is intended, rerun with \
             INCIMAP_BLESS=1 and look at the image"
        );
    }
}

#[test]
fn golden_tolerance_catches_a_missing_or_moved_marker() {
    let all = golden_incidents();
    assert_eq!(all.len(), 7);
    for k in 0..all.len() {
        let mut inc = all.clone();
        inc.marks.remove(k);
        let (r, _) = render_raster(&inc, &golden_options()).unwrap();
        assert!(
            golden_mismatch(&r).is_some(),
            "a map without incident {k} passes as the golden map"
        );
    }
    // Hatla's incident 20 km further east: its own symbol, away from the city's fan.
    let mut inc = all.clone();
    let hatla = inc.labels.iter().position(|l| l == "Hatla").unwrap() as u32;
    let m = inc.marks.iter_mut().find(|m| m.label == hatla).unwrap();
    m.lon += 0.2;
    let (r, _) = render_raster(&inc, &golden_options()).unwrap();
    assert!(
        golden_mismatch(&r).is_some(),
        "a map with Hatla's incident moved passes as the golden map"
    );
}
