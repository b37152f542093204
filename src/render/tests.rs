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
