use super::*;
use crate::render::ColorBy;

fn feature(lon: f64, lat: f64, props: serde_json::Value) -> Feature {
    Feature {
        lon,
        lat,
        id: None,
        properties: props.as_object().unwrap().clone(),
        raw: serde_json::value::RawValue::from_string("{}".into()).unwrap(),
    }
}

fn seed_like() -> Vec<Feature> {
    vec![
        feature(
            40.14084,
            35.33588,
            json!({"event_type": "Battles", "event_date": "2014-06-18", "fatalities": 5,
                   "location": "Deir ez-Zor", "notes": "Clashes </script><script>alert(1)</script> & more"}),
        ),
        feature(
            40.14084,
            35.33588,
            json!({"event_type": "Explosions/Remote violence", "event_date": "2014-06-20",
                   "fatalities": 0, "location": "Deir ez-Zor", "notes": "Air strikes"}),
        ),
        feature(
            40.16,
            35.35,
            json!({"event_type": "Strategic developments", "event_date": "", "location": "Hatla"}),
        ),
    ]
}

fn page_of(features: &[Feature]) -> (Page, String) {
    let inc = Incidents::from_features(features, ColorBy::EventType);
    let p = page(features, &inc, &Options::default()).unwrap();
    let text = String::from_utf8(p.bytes.clone()).unwrap();
    (p, text)
}

/// The embedded data, read back as the page's script reads it.
fn data_of(html: &str) -> Value {
    let start = html.find("id=\"incimap-data\">").unwrap() + "id=\"incimap-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn a_note_cannot_close_the_data_element() {
    let (_, html) = page_of(&seed_like());
    // One closing tag per script element (data, Leaflet, page), none from the note.
    assert_eq!(html.matches("</script>").count(), 3);
    assert!(!html.contains("<script>alert(1)"));
    let data = data_of(&html);
    let strings: Vec<&str> = data["strings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(strings.contains(&"Clashes </script><script>alert(1)</script> & more"));
}

#[test]
fn the_same_incidents_give_the_same_bytes() {
    let (a, _) = page_of(&seed_like());
    let (b, _) = page_of(&seed_like());
    assert_eq!(a.bytes, b.bytes);
}

#[test]
fn incidents_at_one_point_fan_out_with_the_png_colours() {
    let (p, html) = page_of(&seed_like());
    assert_eq!(p.incidents, 3);
    let data = data_of(&html);
    let rows = data["incidents"].as_array().unwrap();
    // The two at Deir ez-Zor are offset from their point; Hatla's sits on its own.
    let offset = |r: &Value| (r[4].as_f64().unwrap(), r[5].as_f64().unwrap());
    assert_ne!(offset(&rows[0]), (0.0, 0.0));
    assert_ne!(offset(&rows[0]), offset(&rows[1]));
    assert_eq!(offset(&rows[2]), (0.0, 0.0));
    let classes = data["classes"].as_array().unwrap();
    let battles = classes.iter().find(|c| c["name"] == "Battles").unwrap();
    assert_eq!(
        battles["color"],
        symbols::event_type_colour("Battles").unwrap().hex()
    );
    // Five dead draw larger than none.
    assert!(rows[0][3].as_f64() > rows[1][3].as_f64());
}

#[test]
fn the_basemap_is_cut_to_the_incidents_area() {
    let (p, html) = page_of(&seed_like());
    assert!(p.basemap_features > 0);
    let data = data_of(&html);
    let layers: Vec<&str> = data["basemap"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["layer"].as_str().unwrap())
        .collect();
    assert!(layers.contains(&"land") && layers.contains(&"rivers"));
    // Nothing far from Deir ez-Zor: every position within a few degrees.
    for f in data["basemap"]["features"].as_array().unwrap() {
        let text = f["geometry"]["coordinates"].to_string();
        for n in text
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .filter_map(|s| s.parse::<f64>().ok())
        {
            assert!((33.0..43.0).contains(&n), "{n} in {text:.80}");
        }
    }
    let places: Vec<&str> = data["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[2].as_str().unwrap())
        .collect();
    assert!(places.iter().any(|p| p.contains("Deir")), "{places:?}");
}

#[test]
fn nothing_is_fetched() {
    let (_, html) = page_of(&seed_like());
    assert!(!html.contains("url(images"));
    assert!(!html.contains("src=\"http"));
    assert!(html.contains("default-src 'none'"));
}

#[test]
fn an_empty_set_gives_a_page_that_says_so() {
    let (p, html) = page_of(&[]);
    assert_eq!(p.incidents, 0);
    assert_eq!(data_of(&html)["note"], "No incidents in the input");
}

#[test]
fn html_names() {
    assert!(is_html(Path::new("a/map.HTML")));
    assert!(is_html(Path::new("map.htm")));
    assert!(!is_html(Path::new("map.png")));
}
