//! The map an analyst can click: one self-contained HTML page per incident set.
//!
//! A PNG suits a report; someone checking incidents wants to click a dot and read the
//! sentence behind it, switch event types off, narrow the dates and zoom in, offline, from a
//! file they can mail. So the page carries everything inline: Leaflet (vendored unchanged in
//! `data/vendor/leaflet/`), the PNG's basemap (the bundled Natural Earth and OCHA data of
//! [`basemap`], cut to the incidents' area and simplified for the deepest zoom the page
//! allows), place names, and the incidents with every field the popup shows. `page.js`
//! draws the incidents on a canvas with the PNG's symbology ([`symbols`]: colours, sizes,
//! fans and discs are computed here, by the same functions), and `page.css` styles it.
//! Nothing is fetched: a Content-Security-Policy forbids it, and the Leaflet CSS's image
//! URLs are removed.
//!
//! Notes are untrusted text. The data travel as JSON in `<script type="application/json">`
//! with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`, so no note can close the
//! element, and the page builds its DOM with `textContent` only.
//!
//! The same input gives the same bytes: object keys sorted, coordinates rounded to 1e-5°,
//! strings numbered in input order, no timestamps.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use geo::{Coord, LineString, Simplify};
use serde_json::{json, Value};

use super::basemap::{self, AreaKind, PlaceClass};
use super::canvas::{Pt, Rect, Rgb};
use super::projection::{self, mercator, Extent, View};
use super::symbols::{self, Group};
use super::{legend, Basemap, Incidents, Options, MIN_KM};
use crate::error::{Error, Result};
use crate::features::Feature;

static LEAFLET_JS: &str = include_str!("../../../data/vendor/leaflet/leaflet.js");
static LEAFLET_CSS: &str = include_str!("../../../data/vendor/leaflet/leaflet.css");
static PAGE_JS: &str = include_str!("page.js");
static PAGE_CSS: &str = include_str!("page.css");

/// Above this many incidents in view the page draws counts per grid cell rather than one
/// dot each: more dots than this hide each other, and drawing them all on every pan is what
/// makes a map stutter. Zooming in below the limit brings the dots back.
pub const DOTS_LIMIT: usize = 10_000;

/// The window the first view is fitted to (a laptop's, less the side panel), in pixels: it
/// sets the zooms the basemap is cut and simplified for.
const FRAME: (f32, f32) = (1000.0, 700.0);
/// How far the page lets a reader zoom in past the first view, in zoom levels.
const ZOOM_IN: f64 = 5.0;
/// And how far out.
const ZOOM_OUT: f64 = 2.0;
/// Never deeper than this: Natural Earth's detail (about 20 m) is long gone by then.
const MAX_ZOOM: f64 = 16.0;
/// Basemap lines are simplified to this many pixels at the deepest zoom.
const TOLERANCE_PX: f64 = 0.5;

/// The popup's fields, in order: the incident property and its label.
pub const FIELDS: [(&str, &str); 15] = [
    ("event_date", "Date"),
    ("event_type", "Event type"),
    ("sub_event_type", "Sub-event type"),
    ("actor1", "Actor 1"),
    ("actor2", "Actor 2"),
    ("fatalities", "Fatalities"),
    ("location", "Location"),
    ("admin1", "Admin 1"),
    ("country", "Country"),
    ("geo_precision", "Geo precision"),
    // Set only on the incidents to doubt: the popup then says why.
    ("far_km", "Km from the report's other places"),
    ("source_title", "Source"),
    ("source_id", "Source document"),
    ("source_url", "Source URL"),
    ("notes", "Notes"),
];

/// Whether a file name asks for an HTML map (`.html` or `.htm`).
pub fn is_html(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| e == "html" || e == "htm")
}

/// A written page and what went on it.
#[derive(Debug, Clone)]
pub struct Page {
    pub bytes: Vec<u8>,
    pub incidents: usize,
    /// The area the page opens on; `None` for a page without incidents or area.
    pub extent: Option<Extent>,
    /// Basemap features and place names inlined.
    pub basemap_features: usize,
    pub places: usize,
}

/// The page for `features`, whose mapped form is `inc` (from [`Incidents::from_features`],
/// one mark per feature, in order). Of `opts`, the extent or `around`, title, colour and
/// size, basemap and extra places count; the pixel size does not (the page fills the
/// window).
pub fn page(features: &[Feature], inc: &Incidents, opts: &Options) -> Result<Page> {
    if features.len() != inc.len() {
        return Err(Error::Input(format!(
            "{} features but {} incidents: the HTML map needs one incident per feature",
            features.len(),
            inc.len()
        )));
    }
    let plan = plan(inc, opts)?;
    let base = match plan {
        Some(p) if opts.basemap != Basemap::None => basemap_of(&p.area, p.z0, p.max_zoom, opts),
        _ => Basemapped::default(),
    };

    let all: Vec<usize> = (0..inc.len()).collect();
    let counts = inc.counts(&all);
    let (colour, classes) =
        symbols::classes(inc, &counts, inc.color_by == super::ColorBy::EventType);
    let class_of: Vec<usize> = colour
        .iter()
        .map(|c| {
            classes
                .iter()
                .position(|k| k.color == *c)
                .unwrap_or(classes.len().saturating_sub(1))
        })
        .collect();
    let s = symbols::crowding(inc.len());
    let layout = plan.map(|p| lay_out(inc, &p.first, &colour, opts, s));
    let (offsets, discs) = layout.unwrap_or_default();

    let mut strings = Strings::default();
    let incidents: Vec<Value> = features
        .iter()
        .zip(&inc.marks)
        .enumerate()
        .map(|(i, (f, m))| {
            let (dx, dy, disc) = offsets.get(i).copied().unwrap_or((0.0, 0.0, -1));
            let mut row = vec![
                json!(round5(m.lon)),
                json!(round5(m.lat)),
                json!(class_of[m.category as usize]),
                json!(round1(symbols::radius(m.fatalities, opts.size_by, s))),
                json!(round1(dx)),
                json!(round1(dy)),
                json!(disc),
            ];
            row.extend(
                FIELDS
                    .iter()
                    .map(|(key, _)| json!(strings.id(&f.text(key)))),
            );
            Value::Array(row)
        })
        .collect();

    let dates = features
        .iter()
        .map(|f| f.text("event_date"))
        .filter(|d| is_date(d))
        .fold(None::<(String, String)>, |acc, d| match acc {
            None => Some((d.clone(), d)),
            Some((lo, hi)) => Some((lo.min(d.clone()), hi.max(d))),
        });
    let max_dead = inc.marks.iter().map(|m| m.fatalities).max().unwrap_or(0);
    let sizes: Vec<Value> = if opts.size_by == super::SizeBy::Fatalities && max_dead > 0 {
        super::size_steps(max_dead)
            .into_iter()
            .map(|f| json!([f, round1(symbols::radius(f, opts.size_by, s))]))
            .collect()
    } else {
        Vec::new()
    };
    let note = if inc.is_empty() {
        Some("No incidents in the input".to_string())
    } else {
        None
    };
    // Leaflet's bounds: [[south, west], [north, east]].
    let corners = |e: &Extent| {
        json!([
            [round5(e.min_lat), round5(e.min_lon)],
            [round5(e.max_lat), round5(e.max_lon)]
        ])
    };
    let view = match &plan {
        Some(p) => json!({
            "fit": corners(&p.extent),
            "bounds": corners(&p.area),
            "minZoom": p.min_zoom,
            "maxZoom": p.max_zoom,
        }),
        None => json!({
            "fit": [[-50.0, -150.0], [70.0, 150.0]],
            "bounds": Value::Null,
            "minZoom": 1.0,
            "maxZoom": 6.0,
        }),
    };
    let title = super::title_of(opts);
    let data = json!({
        "title": title,
        "subtitle": super::subtitle(inc, &all),
        "attribution": super::attribution_text(opts, base.drawn, base.extra_places),
        "note": note,
        "legendTitle": inc.color_by.title(),
        "classes": classes.iter().map(|c| json!({
            "name": c.name, "color": c.color.hex(), "count": c.count,
        })).collect::<Vec<_>>(),
        "sizes": sizes,
        "fields": FIELDS.iter().map(|(k, l)| json!([k, l])).collect::<Vec<_>>(),
        "strings": strings.list,
        "incidents": incidents,
        "discs": discs,
        "places": base.places,
        "basemap": {"type": "FeatureCollection", "features": base.features},
        "style": style(opts.basemap),
        "view": view,
        "dates": dates.map(|(lo, hi)| json!([lo, hi])),
        "dotsLimit": DOTS_LIMIT,
    });
    let bytes = html(&title, &data).into_bytes();
    Ok(Page {
        bytes,
        incidents: inc.len(),
        extent: plan.map(|p| p.extent),
        basemap_features: base.count,
        places: base.places.len(),
    })
}

/// Where a page opens and how far it lets a reader go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    /// The area the page opens on: the incidents with a margin, or the `--bbox`/`--around`
    /// area.
    pub extent: Extent,
    /// The area the basemap covers and the page keeps to.
    pub area: Extent,
    first: View,
    /// The zoom of the first view in a laptop's window.
    pub z0: f64,
    pub min_zoom: f64,
    pub max_zoom: f64,
}

/// The page's areas and zooms; `None` for a page without incidents or an area.
pub fn plan(inc: &Incidents, opts: &Options) -> Result<Option<Plan>> {
    let extent = match (&opts.extent, &opts.around) {
        (Some(e), _) => {
            e.check()?;
            Some(*e)
        }
        (None, Some(a)) => Some(Extent::around(a.lon, a.lat, a.radius_km.max(MIN_KM / 2.0))),
        (None, None) => {
            projection::frame_points(inc.marks.iter().map(|m| (m.lon, m.lat)), 0.05, MIN_KM)
        }
    };
    Ok(extent.map(|extent| {
        let first = View::fit_padded(&extent, Rect::new(0.0, 0.0, FRAME.0, FRAME.1), 40.0);
        let z0 = first.zoom();
        let min_zoom = (z0 - ZOOM_OUT).floor().max(1.0);
        Plan {
            extent,
            area: widen(extent),
            first,
            z0,
            min_zoom,
            max_zoom: (z0 + ZOOM_IN).ceil().min(MAX_ZOOM).max(min_zoom + 1.0),
        }
    }))
}

/// The area the basemap covers: the first view's extent with as much again on every side,
/// so a reader can pan around the incidents, but no further (the page keeps to it).
fn widen(e: Extent) -> Extent {
    let (w, h) = (e.max_lon - e.min_lon, e.max_lat - e.min_lat);
    Extent {
        min_lon: (e.min_lon - w).max(-180.0),
        min_lat: (e.min_lat - h).max(-projection::MAX_LAT),
        max_lon: (e.max_lon + w).min(180.0),
        max_lat: (e.max_lat + h).min(projection::MAX_LAT),
    }
}

/// The view of `area` at web-map zoom `z`: its frame is the area's size in pixels there.
fn view_at(area: &Extent, z: f64) -> View {
    let (ax, ay) = mercator(area.min_lon, area.min_lat);
    let (bx, by) = mercator(area.max_lon, area.max_lat);
    // Pixels per Mercator metre at zoom z (the world is 256 × 2^z pixels wide).
    let scale = 256.0 * z.exp2() / (2.0 * std::f64::consts::PI * 6_378_137.0);
    let frame = Rect::new(
        0.0,
        0.0,
        ((bx - ax) * scale).max(1.0) as f32,
        ((by - ay) * scale).max(1.0) as f32,
    );
    View::fit(area, frame)
}

#[derive(Default)]
struct Basemapped {
    features: Vec<Value>,
    places: Vec<Value>,
    count: usize,
    drawn: basemap::Drawn,
    extra_places: bool,
}

/// The basemap features and place names of `area` for zooms up to `max_zoom`, as GeoJSON
/// features (properties `layer`, `name`, `rank` and `z`, the zoom they show from) and
/// name rows `[lon, lat, name, class, z]`: classes 0-3 are places (capital, city, town,
/// village), 4-6 areas (country, governorate, water).
fn basemap_of(area: &Extent, z0: f64, max_zoom: f64, opts: &Options) -> Basemapped {
    let view = view_at(area, z0);
    let tolerance = TOLERANCE_PX / (max_zoom - z0).max(0.0).exp2();
    let (cuts, drawn) = basemap::cut(&view, max_zoom as f32);
    let detailed = opts.basemap == Basemap::Detailed;
    let mut out = Basemapped {
        drawn,
        ..Basemapped::default()
    };
    for c in cuts {
        if !detailed && matches!(c.layer, "lakes" | "rivers" | "admin1") {
            continue;
        }
        let parts: Vec<Value> = c
            .parts
            .iter()
            .filter_map(|p| lon_lat(&view, p, tolerance, c.polygon))
            .map(|p| if c.polygon { json!([p]) } else { p })
            .collect();
        if parts.is_empty() {
            continue;
        }
        let kind = if c.polygon {
            "MultiPolygon"
        } else {
            "MultiLineString"
        };
        out.features.push(json!({
            "type": "Feature",
            "properties": {
                "layer": c.layer,
                "name": c.name,
                "rank": c.rank,
                "z": round1(c.from_zoom),
            },
            "geometry": {"type": kind, "coordinates": parts},
        }));
    }
    if !detailed {
        out.count = out.features.len();
        return out;
    }
    // Each place at the first zoom the PNG would name it at, by the PNG's own choice.
    let mut seen: HashMap<(String, i64, i64), ()> = HashMap::new();
    let mut seen_areas: HashSet<(String, u8)> = HashSet::new();
    let first = (z0 - ZOOM_OUT).floor().max(1.0) as i32;
    for z in first..=(max_zoom as i32).min(14) {
        let v = view_at(area, z as f64);
        for p in basemap::places(&v, &opts.places, Basemap::Detailed, 10.0) {
            let key = (p.name.clone(), e5(p.lon), e5(p.lat));
            if seen.insert(key, ()).is_some() {
                continue;
            }
            out.extra_places |= p.extra;
            let class = match p.class {
                PlaceClass::Capital => 0,
                PlaceClass::City => 1,
                PlaceClass::Town => 2,
                PlaceClass::Village => 3,
            };
            let name = super::labels::romanise(&p.name);
            out.places
                .push(json!([round5(p.lon), round5(p.lat), name, class, z]));
        }
        // Country, governorate, river and lake names, where the PNG would put them.
        for a in basemap::area_labels(&v, opts.basemap) {
            let class = match a.kind {
                AreaKind::Country => 4,
                AreaKind::Admin1 => 5,
                AreaKind::Water => 6,
            };
            if !seen_areas.insert((a.name.clone(), class)) {
                continue;
            }
            let (lon, lat) = v.unproject(a.at[0].0 as f64, a.at[0].1 as f64);
            out.places
                .push(json!([round5(lon), round5(lat), a.name, class, z]));
        }
    }
    out.count = out.features.len();
    out
}

/// A part in the view's pixels as GeoJSON positions, simplified; `None` when too little is
/// left (a ring needs 4 positions, a line 2).
fn lon_lat(view: &View, part: &[Pt], tolerance: f64, ring: bool) -> Option<Value> {
    let line: LineString<f64> = part
        .iter()
        .map(|&(x, y)| Coord {
            x: x as f64,
            y: y as f64,
        })
        .collect();
    let line = line.simplify(tolerance);
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(line.0.len());
    for c in &line.0 {
        let (lon, lat) = view.unproject(c.x, c.y);
        let p = [round5(lon), round5(lat)];
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    let enough = if ring { 4 } else { 2 };
    (out.len() >= enough).then(|| json!(out))
}

/// Offsets of fanned incidents (pixels from their point, and their disc or -1) and the
/// discs `[lon, lat, r, [members]]`, by the PNG's layout: incidents at one point fan out,
/// more than [`symbols::MAX_FAN`] become one disc.
type Layout = (Vec<(f32, f32, i64)>, Vec<Value>);

fn lay_out(inc: &Incidents, view: &View, colour: &[Rgb], opts: &Options, s: f32) -> Layout {
    let mut at_point: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    for (i, m) in inc.marks.iter().enumerate() {
        at_point.entry((e5(m.lon), e5(m.lat))).or_default().push(i);
    }
    let mut offsets = vec![(0.0, 0.0, -1); inc.len()];
    let mut discs = Vec::new();
    for members in at_point.values().filter(|m| m.len() > 1) {
        if members.len() > symbols::MAX_FAN {
            let m = &inc.marks[members[0]];
            for &i in members {
                offsets[i].2 = discs.len() as i64;
            }
            discs.push(json!([
                round5(m.lon),
                round5(m.lat),
                round1(symbols::disc_radius(members.len(), s)),
                members
            ]));
            continue;
        }
        for g in symbols::layout(inc, view, members, colour, opts.size_by, s) {
            if let Group::Fan { centre, symbols } = g {
                for sym in symbols {
                    offsets[sym.incident] = (sym.at.0 - centre.0, sym.at.1 - centre.1, -1);
                }
            }
        }
    }
    (offsets, discs)
}

/// Basemap and symbol colours, from the PNG's constants.
fn style(mode: Basemap) -> Value {
    json!({
        "water": if mode == Basemap::None { basemap::PLAIN.hex() } else { basemap::WATER.hex() },
        "land": basemap::LAND.hex(),
        "coast": basemap::COAST.hex(),
        "river": basemap::RIVER.hex(),
        "border": basemap::BORDER.hex(),
        "borderHalo": basemap::BORDER_HALO.hex(),
        "admin1": basemap::ADMIN1.hex(),
        "countryLabel": basemap::COUNTRY_LABEL.hex(),
        "riverLabel": basemap::RIVER_LABEL.hex(),
        "place": basemap::PLACE.hex(),
        "paper": legend::PAPER.hex(),
        "ink": legend::INK.hex(),
        "leader": symbols::LEADER.hex(),
        "outline": symbols::OUTLINE.hex(),
    })
}

/// Strings numbered in order of first use, so repeated actors and places are stored once.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    ids: HashMap<String, usize>,
}

impl Strings {
    fn id(&mut self, s: &str) -> usize {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        self.list.push(s.to_string());
        self.ids.insert(s.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// The page: Leaflet's and our CSS and scripts inline, the data as JSON no text can break
/// out of.
fn html(title: &str, data: &Value) -> String {
    let json = script_safe(&data.to_string());
    let css = leaflet_css();
    let mut out = String::with_capacity(json.len() + LEAFLET_JS.len() + 64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Defence in depth: even a script that got in could fetch nothing.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str(&format!("<title>{}</title>\n", escape_text(title)));
    out.push_str("<style>\n");
    out.push_str(&css);
    out.push_str("\n</style>\n<style>\n");
    out.push_str(PAGE_CSS);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str("<div id=\"app\"><div id=\"map\" role=\"application\" aria-label=\"Map of incidents\"></div><aside id=\"panel\" aria-label=\"Legend and filters\"></aside></div>\n");
    out.push_str("<noscript>This map needs JavaScript.</noscript>\n");
    out.push_str("<script type=\"application/json\" id=\"incimap-data\">");
    out.push_str(&json);
    out.push_str("</script>\n<script>\n");
    out.push_str(LEAFLET_JS);
    out.push_str("\n</script>\n<script>\n");
    out.push_str(PAGE_JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// Leaflet's CSS without its image URLs (the layer switcher's and default marker's icons,
/// which the page does not use and must not fetch).
fn leaflet_css() -> String {
    let mut css = String::with_capacity(LEAFLET_CSS.len());
    let mut rest = LEAFLET_CSS;
    while let Some(at) = rest.find("url(images/") {
        css.push_str(&rest[..at]);
        css.push_str("none");
        rest = &rest[at..];
        rest = &rest[rest.find(')').map_or(rest.len(), |e| e + 1)..];
    }
    css.push_str(rest);
    css
}

/// JSON that can sit inside `<script>`: `<`, `>` and `&` as JSON escapes, which
/// `JSON.parse` reads back as the same characters.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line and paragraph separators are legal in JSON but not in older scripts.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && super::parse_date(s) > 0
}

/// Degrees to 1e-5 (about a metre), the precision of the bundled data.
fn round5(v: f64) -> f64 {
    (v * 1e5).round() / 1e5
}

fn e5(v: f64) -> i64 {
    (v * 1e5).round() as i64
}

/// Pixels to a tenth, through f64 so the JSON says `2.3`, not `2.299999952316284`.
fn round1(v: f32) -> f64 {
    (v as f64 * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests;
