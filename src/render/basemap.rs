//! The basemap: land, water, borders and places under the incidents, from vector data
//! compiled into the binary (see `data/README.md` for sources and `data/basemap/build.py`
//! for how the files are made).
//!
//! Two tiers of geometry: Natural Earth 1:10m for the Middle East (lon 25..55, lat 25..43,
//! with Syria's governorate borders from OCHA), used whenever a map lies inside that box,
//! and a world-wide tier at about 1:50m detail for everywhere else. Populated places and
//! country names come from one world-wide points file. Which features show depends on the
//! map's zoom, through Natural Earth's own `min_zoom` ranks.

use std::io::Read;
use std::sync::OnceLock;

use super::canvas::{Canvas, Pt, Rect, Rgb, Stroke};
use super::projection::{mercator, Extent, View};
use super::Basemap;

static WORLD_GZ: &[u8] = include_bytes!("../../data/basemap/world.imb.gz");
static MIDEAST_GZ: &[u8] = include_bytes!("../../data/basemap/mideast.imb.gz");
static PLACES_GZ: &[u8] = include_bytes!("../../data/basemap/places.imb.gz");

/// The box the detailed regional tier covers.
pub const MIDEAST: Extent = Extent {
    min_lon: 25.0,
    min_lat: 25.0,
    max_lon: 55.0,
    max_lat: 43.0,
};

pub const WATER: Rgb = Rgb(0xd5, 0xe5, 0xef);
pub const LAND: Rgb = Rgb(0xf5, 0xf2, 0xea);
pub const COAST: Rgb = Rgb(0x9f, 0xbd, 0xd0);
pub const RIVER: Rgb = Rgb(0x6f, 0xa8, 0xd0);
pub const RIVER_LABEL: Rgb = Rgb(0x2f, 0x6f, 0x9f);
pub const BORDER: Rgb = Rgb(0x70, 0x6a, 0x78);
pub const BORDER_HALO: Rgb = Rgb(0xe4, 0xdc, 0xe6);
pub const ADMIN1: Rgb = Rgb(0xa0, 0x95, 0xa8);
pub const PLACE: Rgb = Rgb(0x33, 0x33, 0x33);
pub const COUNTRY_LABEL: Rgb = Rgb(0x6e, 0x66, 0x78);
/// Background of a map drawn without a basemap.
pub const PLAIN: Rgb = Rgb(0xf7, 0xf7, 0xf5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Polygons,
    Lines,
    Points,
}

/// One feature: its name and ranks, and its parts in Mercator metres.
struct Feature {
    name: String,
    min_zoom: f32,
    rank: u8,
    population: u64,
    bbox: Extent,
    parts: Vec<Vec<(f64, f64)>>,
    /// The first point as longitude and latitude (for points).
    lonlat: (f64, f64),
}

struct Layer {
    name: String,
    #[allow(dead_code)]
    kind: Kind,
    features: Vec<Feature>,
}

struct Tier {
    layers: Vec<Layer>,
}

impl Tier {
    fn layer(&self, name: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.name == name)
    }
}

fn world() -> &'static Tier {
    static T: OnceLock<Tier> = OnceLock::new();
    T.get_or_init(|| decode(WORLD_GZ))
}

fn mideast() -> &'static Tier {
    static T: OnceLock<Tier> = OnceLock::new();
    T.get_or_init(|| decode(MIDEAST_GZ))
}

fn places_tier() -> &'static Tier {
    static T: OnceLock<Tier> = OnceLock::new();
    T.get_or_init(|| decode(PLACES_GZ))
}

/// Decode a bundled file (format in `data/basemap/build.py`). The files are compiled in and
/// checked by the tests, so a decoding failure is a build defect.
fn decode(gz: &[u8]) -> Tier {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut raw)
        .expect("bundled basemap is valid gzip");
    let mut r = Reader { b: &raw, at: 0 };
    assert_eq!(&raw[..6], b"IMBM1\n", "bundled basemap format");
    r.at = 6;
    let n_layers = r.varint();
    let mut layers = Vec::with_capacity(n_layers as usize);
    for _ in 0..n_layers {
        let name = r.string();
        let kind = match r.byte() {
            1 => Kind::Polygons,
            2 => Kind::Lines,
            _ => Kind::Points,
        };
        let n = r.varint() as usize;
        let mut features = Vec::with_capacity(n);
        for _ in 0..n {
            let name = r.string();
            let min_zoom = r.byte() as f32 / 10.0;
            let rank = r.byte();
            let population = r.varint();
            let n_parts = r.varint() as usize;
            let (mut x, mut y) = (0i64, 0i64);
            let mut parts = Vec::with_capacity(n_parts);
            let mut bbox = Extent {
                min_lon: f64::MAX,
                min_lat: f64::MAX,
                max_lon: f64::MIN,
                max_lat: f64::MIN,
            };
            let mut lonlat = (0.0, 0.0);
            for _ in 0..n_parts {
                let n_pts = r.varint() as usize;
                let mut part = Vec::with_capacity(n_pts);
                for _ in 0..n_pts {
                    x += unzig(r.varint());
                    y += unzig(r.varint());
                    let (lon, lat) = (x as f64 / 1e5, y as f64 / 1e5);
                    if parts.is_empty() && part.is_empty() {
                        lonlat = (lon, lat);
                    }
                    bbox.min_lon = bbox.min_lon.min(lon);
                    bbox.min_lat = bbox.min_lat.min(lat);
                    bbox.max_lon = bbox.max_lon.max(lon);
                    bbox.max_lat = bbox.max_lat.max(lat);
                    part.push(mercator(lon, lat));
                }
                parts.push(part);
            }
            features.push(Feature {
                name,
                min_zoom,
                rank,
                population,
                bbox,
                parts,
                lonlat,
            });
        }
        layers.push(Layer {
            name,
            kind,
            features,
        });
    }
    Tier { layers }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let v = self.b[self.at];
        self.at += 1;
        v
    }

    fn varint(&mut self) -> u64 {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte();
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return v;
            }
            shift += 7;
        }
    }

    fn string(&mut self) -> String {
        let n = self.varint() as usize;
        let s = String::from_utf8_lossy(&self.b[self.at..self.at + n]).into_owned();
        self.at += n;
        s
    }
}

fn unzig(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// What a basemap drew, for the attribution line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Drawn {
    /// Syria's governorate borders (OCHA) are on the map.
    pub ocha: bool,
}

/// Sizes scale with the map's size.
#[derive(Debug, Clone, Copy)]
pub struct Scale(pub f32);

/// Draw land, water and borders (not labels) under the incidents.
pub fn draw(c: &mut dyn Canvas, view: &View, mode: Basemap, s: Scale) -> Drawn {
    let frame = view.frame;
    let s = s.0;
    if mode == Basemap::None {
        c.rect(frame, Some((PLAIN, 1.0)), None);
        return Drawn::default();
    }
    c.rect(frame, Some((WATER, 1.0)), None);
    let bounds = view.bounds();
    let detailed = MIDEAST.covers(&bounds);
    let tier = if detailed { mideast() } else { world() };
    let zoom = view.zoom() as f32;
    let clip = frame.inflate(4.0 * s);
    let mut drawn = Drawn::default();

    let polys = |layer: &str, max_zoom_lead: f32| -> Vec<Vec<Pt>> {
        let mut out = Vec::new();
        if let Some(l) = tier.layer(layer) {
            for f in visible(l, &bounds, zoom + max_zoom_lead) {
                for part in &f.parts {
                    let ring = clip_ring(&project(view, part), &clip);
                    if ring.len() >= 3 {
                        out.push(ring);
                    }
                }
            }
        }
        out
    };
    let lines = |layer: &str, lead: f32, keep: &dyn Fn(&Feature) -> bool| -> Vec<Vec<Pt>> {
        let mut out = Vec::new();
        if let Some(l) = tier.layer(layer) {
            for f in visible(l, &bounds, zoom + lead).filter(|f| keep(f)) {
                for part in &f.parts {
                    clip_line(&project(view, part), &clip, &mut out);
                }
            }
        }
        out
    };

    c.fill(&polys("land", 99.0), LAND, 1.0);
    if mode == Basemap::Detailed {
        let lakes = polys("lakes", 2.0);
        c.fill(&lakes, WATER, 1.0);
        c.stroke(
            &lakes.iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
            &Stroke {
                width: 0.7 * s,
                color: COAST,
                opacity: 1.0,
                dash: None,
            },
        );
    }
    // The coast: its own layer in the regional tier, the land's outline in the world tier.
    let coast = if detailed {
        lines("coast", 99.0, &|_| true)
    } else {
        polys("land", 99.0)
    };
    c.stroke(
        &coast,
        &Stroke {
            width: 0.8 * s,
            color: COAST,
            opacity: 1.0,
            dash: None,
        },
    );
    if mode == Basemap::Detailed {
        // Rivers by rank: the great rivers wide, streams thin.
        for (lo, hi, w) in [(7u8, 255u8, 0.9f32), (4, 6, 1.4), (0, 3, 2.2)] {
            let rivers = lines("rivers", 1.5, &|f| f.rank >= lo && f.rank <= hi);
            c.stroke(
                &rivers,
                &Stroke {
                    width: w * s,
                    color: RIVER,
                    opacity: 1.0,
                    dash: None,
                },
            );
        }
        let admin1 = lines("admin1", 99.0, &|_| true);
        if !admin1.is_empty() && zoom >= 4.5 {
            drawn.ocha = detailed;
            c.stroke(
                &admin1,
                &Stroke {
                    width: 1.0 * s,
                    color: ADMIN1,
                    opacity: 1.0,
                    dash: Some((5.0 * s, 3.0 * s)),
                },
            );
        }
    }
    let borders = lines("borders", 99.0, &|_| true);
    c.stroke(
        &borders,
        &Stroke {
            width: 4.0 * s,
            color: BORDER_HALO,
            opacity: 0.8,
            dash: None,
        },
    );
    c.stroke(
        &borders,
        &Stroke {
            width: 1.6 * s,
            color: BORDER,
            opacity: 1.0,
            dash: None,
        },
    );
    let disputed = lines("disputed", 99.0, &|_| true);
    c.stroke(
        &disputed,
        &Stroke {
            width: 1.1 * s,
            color: BORDER,
            opacity: 1.0,
            dash: Some((4.0 * s, 3.0 * s)),
        },
    );
    drawn
}

/// One basemap feature for a map drawn by another renderer (the HTML map): its parts cut
/// to a view's frame, in that view's pixels, with the zoom from which [`draw`] shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    /// `land`, `lakes`, `coast`, `rivers`, `admin1`, `borders` or `disputed`.
    pub layer: &'static str,
    pub name: String,
    pub rank: u8,
    /// The web-map zoom from which [`draw`] draws it.
    pub from_zoom: f32,
    pub polygon: bool,
    pub parts: Vec<Vec<Pt>>,
}

/// What [`draw`] would draw of the detailed basemap on any map of `view`'s area up to
/// `max_zoom`, cut to the frame: for renderers that zoom (the HTML map) and so need the
/// features of several zooms at once, each with the zoom it shows from.
pub fn cut(view: &View, max_zoom: f32) -> (Vec<Cut>, Drawn) {
    let bounds = view.bounds();
    let detailed = MIDEAST.covers(&bounds);
    let tier = if detailed { mideast() } else { world() };
    let clip = view.frame.inflate(4.0);
    let mut out = Vec::new();
    // (layer in the tier, layer drawn, polygon, how far ahead of its min_zoom draw shows it)
    // The world tier has no coast layer: the land's outline is the coast.
    let layers = [
        ("land", "land", true, 99.0),
        ("lakes", "lakes", true, 2.0),
        ("coast", "coast", false, 99.0),
        ("rivers", "rivers", false, 1.5),
        ("admin1", "admin1", false, 99.0),
        ("borders", "borders", false, 99.0),
        ("disputed", "disputed", false, 99.0),
    ];
    for (source, layer, polygon, lead) in layers {
        let Some(l) = tier.layer(source) else {
            continue;
        };
        for f in visible(l, &bounds, max_zoom + lead) {
            let mut parts = Vec::new();
            for part in &f.parts {
                let px = project(view, part);
                if polygon {
                    let ring = clip_ring(&px, &clip);
                    if ring.len() >= 3 {
                        parts.push(ring);
                    }
                } else {
                    clip_line(&px, &clip, &mut parts);
                }
            }
            if parts.is_empty() {
                continue;
            }
            // draw() shows admin borders from zoom 4.5 only.
            let floor = if layer == "admin1" { 4.5 } else { 0.0 };
            out.push(Cut {
                layer,
                name: f.name.clone(),
                rank: f.rank,
                from_zoom: (f.min_zoom - lead).max(floor),
                polygon,
                parts,
            });
        }
    }
    let ocha = detailed && out.iter().any(|c| c.layer == "admin1");
    (out, Drawn { ocha })
}

fn visible<'a>(
    l: &'a Layer,
    bounds: &'a Extent,
    max_zoom: f32,
) -> impl Iterator<Item = &'a Feature> {
    l.features
        .iter()
        .filter(move |f| f.min_zoom <= max_zoom && f.bbox.intersects(bounds))
}

fn project(view: &View, part: &[(f64, f64)]) -> Vec<Pt> {
    part.iter()
        .map(|&(x, y)| {
            let (px, py) = view.project_mercator(x, y);
            (px as f32, py as f32)
        })
        .collect()
}

/// Clip a closed ring to a rectangle (Sutherland-Hodgman). Shapes stay closed; parts
/// outside are folded onto the rectangle's sides, where they paint nothing visible.
fn clip_ring(ring: &[Pt], r: &Rect) -> Vec<Pt> {
    let mut pts: Vec<Pt> = ring.to_vec();
    if pts.iter().all(|p| r.contains_pt(*p)) {
        return pts;
    }
    type Inside = fn(Pt, &Rect) -> bool;
    type Cross = fn(Pt, Pt, &Rect) -> Pt;
    let edges: [(Inside, Cross); 4] = [
        (|p, r| p.0 >= r.x0, |a, b, r| at_x(a, b, r.x0)),
        (|p, r| p.0 <= r.x1, |a, b, r| at_x(a, b, r.x1)),
        (|p, r| p.1 >= r.y0, |a, b, r| at_y(a, b, r.y0)),
        (|p, r| p.1 <= r.y1, |a, b, r| at_y(a, b, r.y1)),
    ];
    for (inside, cross) in edges {
        if pts.is_empty() {
            break;
        }
        let mut out = Vec::with_capacity(pts.len());
        let mut prev = *pts.last().unwrap();
        for &p in &pts {
            match (inside(p, r), inside(prev, r)) {
                (true, true) => out.push(p),
                (true, false) => {
                    out.push(cross(prev, p, r));
                    out.push(p);
                }
                (false, true) => out.push(cross(prev, p, r)),
                (false, false) => {}
            }
            prev = p;
        }
        pts = out;
    }
    if let (Some(&a), Some(&b)) = (pts.first(), pts.last()) {
        if a != b {
            pts.push(a);
        }
    }
    pts
}

fn at_x(a: Pt, b: Pt, x: f32) -> Pt {
    let t = (x - a.0) / (b.0 - a.0);
    (x, a.1 + (b.1 - a.1) * t)
}

fn at_y(a: Pt, b: Pt, y: f32) -> Pt {
    let t = (y - a.1) / (b.1 - a.1);
    (a.0 + (b.0 - a.0) * t, y)
}

/// Cut a line to the runs that cross a rectangle (Liang-Barsky per segment).
fn clip_line(line: &[Pt], r: &Rect, out: &mut Vec<Vec<Pt>>) {
    let mut cur: Vec<Pt> = Vec::new();
    for s in line.windows(2) {
        match clip_segment(s[0], s[1], r) {
            Some((a, b)) => {
                if cur.last() != Some(&a) {
                    if cur.len() > 1 {
                        out.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                    cur.push(a);
                }
                cur.push(b);
            }
            None => {
                if cur.len() > 1 {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
        }
    }
    if cur.len() > 1 {
        out.push(cur);
    }
}

fn clip_segment(a: Pt, b: Pt, r: &Rect) -> Option<(Pt, Pt)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.0 - r.x0),
        (dx, r.x1 - a.0),
        (-dy, a.1 - r.y0),
        (dy, r.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let pa = if t0 > 0.0 {
        (a.0 + dx * t0, a.1 + dy * t0)
    } else {
        a
    };
    let pb = if t1 < 1.0 {
        (a.0 + dx * t1, a.1 + dy * t1)
    } else {
        b
    };
    Some((pa, pb))
}

/// How important a place is, for label size and order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceClass {
    Capital,
    City,
    Town,
    Village,
}

/// A populated place that may get a label.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMark {
    pub lon: f64,
    pub lat: f64,
    pub name: String,
    pub class: PlaceClass,
    /// Higher is placed first.
    pub priority: f64,
    /// From the caller's extra places rather than the bundled data.
    pub extra: bool,
}

/// A place from outside the bundled data (the gazetteer), offered as a label when the map
/// is zoomed in far enough for its population.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraPlace {
    pub lon: f64,
    pub lat: f64,
    pub name: String,
    pub population: u64,
}

/// A place's class on a map at `zoom`: on regional maps only millions make a city.
fn class_of(population: u64, capital: bool, zoom: f64) -> PlaceClass {
    let city = if zoom >= 8.0 { 100_000 } else { 1_000_000 };
    if capital {
        PlaceClass::Capital
    } else if population >= city {
        PlaceClass::City
    } else if population >= 20_000 {
        PlaceClass::Town
    } else {
        PlaceClass::Village
    }
}

/// The population a place needs to be labelled at a zoom: every village on a map about
/// 200 km across or less, only large towns on a country map.
fn min_population(zoom: f64) -> u64 {
    if zoom >= 10.0 {
        return 0;
    }
    let steps = 10.0 - zoom;
    (200.0 * 4f64.powf(steps)).min(5e6) as u64
}

/// The places worth a label on this map, most important first: Natural Earth's places
/// that its ranks show at this zoom, then `extra` places big enough for the zoom. A place
/// closer than `min_px` to a more important one is dropped (two sources, one town).
pub fn places(view: &View, extra: &[ExtraPlace], mode: Basemap, min_px: f32) -> Vec<PlaceMark> {
    if mode != Basemap::Detailed {
        return Vec::new();
    }
    let bounds = view.bounds();
    let zoom = view.zoom();
    let mut out: Vec<PlaceMark> = Vec::new();
    if let Some(l) = places_tier().layer("places") {
        for f in l.features.iter() {
            let (lon, lat) = f.lonlat;
            if !bounds.contains(lon, lat) || f.min_zoom as f64 > zoom + 1.2 {
                continue;
            }
            let capital = f.rank == 0;
            out.push(PlaceMark {
                lon,
                lat,
                name: f.name.clone(),
                class: class_of(f.population, capital, zoom),
                priority: if capital { 10.0 } else { 0.0 }
                    + (f.population as f64 + 1.0).log10()
                    + (20.0 - f.rank as f64) * 0.1,
                extra: false,
            });
        }
    }
    let min_pop = min_population(zoom);
    for p in extra {
        if p.population < min_pop || !bounds.contains(p.lon, p.lat) {
            continue;
        }
        out.push(PlaceMark {
            lon: p.lon,
            lat: p.lat,
            name: p.name.clone(),
            class: class_of(p.population, false, zoom),
            priority: (p.population as f64 + 1.0).log10() - 0.5,
            extra: true,
        });
    }
    out.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut kept: Vec<(PlaceMark, Pt, String)> = Vec::new();
    for p in out {
        let at = view.pt(p.lon, p.lat);
        let key = name_key(&p.name);
        let twin = kept.iter().any(|(q, qa, qk)| {
            let (dx, dy) = (at.0 - qa.0, at.1 - qa.1);
            dx * dx + dy * dy < min_px * min_px
                || (*qk == key && ground_km(p.lon, p.lat, q.lon, q.lat) < 8.0)
        });
        if !twin {
            kept.push((p, at, key));
        }
    }
    kept.into_iter().map(|(p, _, _)| p).collect()
}

/// A name reduced for comparison: "Deir ez-Zor" and "Deir Ez Zor" match, and so do
/// "Al Mayādīn" and "Al Mayadin".
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Approximate ground distance in km (equirectangular; for short distances).
fn ground_km(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let x = (lon2 - lon1).to_radians() * ((lat1 + lat2) / 2.0).to_radians().cos();
    let y = (lat2 - lat1).to_radians();
    6371.0 * (x * x + y * y).sqrt()
}

/// A name drawn over the map rather than at a point: a country, a governorate, a river or
/// a lake, with where it may go.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaLabel {
    pub name: String,
    /// Candidate centres, best first.
    pub at: Vec<Pt>,
    pub kind: AreaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaKind {
    Country,
    Admin1,
    Water,
}

/// Country, governorate, river and lake names for this map.
pub fn area_labels(view: &View, mode: Basemap) -> Vec<AreaLabel> {
    let mut out = Vec::new();
    if mode == Basemap::None {
        return out;
    }
    let bounds = view.bounds();
    let zoom = view.zoom() as f32;
    let inner = view.frame.inflate(-20.0);
    if let Some(l) = places_tier().layer("countries") {
        let mut cs: Vec<&Feature> = l
            .features
            .iter()
            .filter(|f| f.min_zoom <= zoom + 1.0 && zoom < 9.0)
            .filter(|f| inner.contains_pt(view.pt(f.lonlat.0, f.lonlat.1)))
            .collect();
        cs.sort_by_key(|f| (f.rank, std::cmp::Reverse(f.population)));
        for f in cs {
            out.push(AreaLabel {
                name: f.name.to_uppercase(),
                at: vec![view.pt(f.lonlat.0, f.lonlat.1)],
                kind: AreaKind::Country,
            });
        }
    }
    if mode != Basemap::Detailed {
        return out;
    }
    let detailed = MIDEAST.covers(&bounds);
    if detailed && (5.5..10.5).contains(&zoom) {
        if let Some(l) = mideast().layer("admin1_labels") {
            for f in &l.features {
                let p = view.pt(f.lonlat.0, f.lonlat.1);
                if inner.contains_pt(p) {
                    out.push(AreaLabel {
                        name: f.name.clone(),
                        at: vec![p],
                        kind: AreaKind::Admin1,
                    });
                }
            }
        }
    }
    let tier = if detailed { mideast() } else { world() };
    // Rivers: named ones, at a few points along their longest visible run.
    if let Some(l) = tier.layer("rivers") {
        let mut best: Vec<(String, u8, Vec<Pt>)> = Vec::new();
        for f in visible(l, &bounds, zoom + 0.5).filter(|f| !f.name.is_empty() && f.rank <= 6) {
            let mut runs = Vec::new();
            for part in &f.parts {
                clip_line(&project(view, part), &inner, &mut runs);
            }
            if let Some(run) = runs
                .into_iter()
                .max_by(|a, b| length(a).total_cmp(&length(b)))
            {
                match best.iter_mut().find(|b| b.0 == f.name) {
                    Some(b) if length(&b.2) >= length(&run) => {}
                    Some(b) => b.2 = run,
                    None => best.push((f.name.clone(), f.rank, run)),
                }
            }
        }
        best.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        for (name, _, run) in best {
            if length(&run) < 150.0 {
                continue;
            }
            let at = [0.5, 0.35, 0.65, 0.2, 0.8]
                .iter()
                .map(|&t| along(&run, t))
                .collect();
            out.push(AreaLabel {
                name,
                at,
                kind: AreaKind::Water,
            });
        }
    }
    if let Some(l) = tier.layer("lakes") {
        for f in visible(l, &bounds, zoom).filter(|f| !f.name.is_empty()) {
            let ring = project(view, &f.parts[0]);
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for p in &ring {
                x0 = x0.min(p.0);
                y0 = y0.min(p.1);
                x1 = x1.max(p.0);
                y1 = y1.max(p.1);
            }
            let c = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
            if x1 - x0 > 60.0 && inner.contains_pt(c) {
                out.push(AreaLabel {
                    name: f.name.clone(),
                    at: vec![c, (c.0, y1 + 8.0), (c.0, y0 - 8.0)],
                    kind: AreaKind::Water,
                });
            }
        }
    }
    out
}

fn length(line: &[Pt]) -> f32 {
    line.windows(2)
        .map(|s| ((s[1].0 - s[0].0).powi(2) + (s[1].1 - s[0].1).powi(2)).sqrt())
        .sum()
}

/// The point a share `t` of the way along a line.
fn along(line: &[Pt], t: f32) -> Pt {
    let mut left = length(line) * t;
    for s in line.windows(2) {
        let l = ((s[1].0 - s[0].0).powi(2) + (s[1].1 - s[0].1).powi(2)).sqrt();
        if l >= left && l > 0.0 {
            let u = left / l;
            return (
                s[0].0 + (s[1].0 - s[0].0) * u,
                s[0].1 + (s[1].1 - s[0].1) * u,
            );
        }
        left -= l;
    }
    *line.last().unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tiers_decode_with_their_layers() {
        for (tier, layers) in [
            (
                world(),
                &["land", "lakes", "rivers", "borders", "admin1"][..],
            ),
            (
                mideast(),
                &[
                    "land",
                    "coast",
                    "lakes",
                    "rivers",
                    "borders",
                    "admin1",
                    "admin1_labels",
                ][..],
            ),
            (places_tier(), &["countries", "places"][..]),
        ] {
            for name in layers {
                let l = tier.layer(name).unwrap_or_else(|| panic!("layer {name}"));
                assert!(!l.features.is_empty(), "{name} is empty");
            }
        }
        assert!(euphrates().count() > 0);
        let assad = mideast().layer("lakes").unwrap().features.iter();
        assert!(assad.map(|f| f.name.as_str()).any(|n| n.contains("Assad")));
    }

    fn euphrates() -> impl Iterator<Item = &'static Feature> {
        let rivers = &mideast().layer("rivers").unwrap().features;
        rivers.iter().filter(|f| f.name == "Euphrates")
    }

    #[test]
    fn the_euphrates_passes_deir_ez_zor() {
        // Within 2 km of the city centre (40.14, 35.336).
        let (cx, cy) = mercator(40.141, 35.336);
        let near = euphrates()
            .flat_map(|f| f.parts.iter().flatten())
            .any(|&(x, y)| ((x - cx).powi(2) + (y - cy).powi(2)).sqrt() < 2500.0);
        assert!(near);
    }

    #[test]
    fn lines_are_cut_to_the_frame() {
        let r = Rect::new(0.0, 0.0, 10.0, 10.0);
        let mut out = Vec::new();
        clip_line(
            &[(-5.0, 5.0), (5.0, 5.0), (15.0, 5.0), (15.0, 20.0)],
            &r,
            &mut out,
        );
        assert_eq!(out, vec![vec![(0.0, 5.0), (5.0, 5.0), (10.0, 5.0)]]);
        let ring = clip_ring(
            &[
                (-5.0, -5.0),
                (5.0, -5.0),
                (5.0, 5.0),
                (-5.0, 5.0),
                (-5.0, -5.0),
            ],
            &r,
        );
        assert!(ring.iter().all(|p| r.contains_pt(*p)), "{ring:?}");
    }

    #[test]
    fn place_thresholds_fall_with_zoom() {
        assert!(min_population(6.0) > min_population(9.0));
        assert_eq!(min_population(12.0), 0);
    }
}
