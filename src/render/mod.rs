//! Maps a person would print: incidents on a real basemap, as PNG or SVG.
//!
//! A map is drawn in this order, one module per part:
//!
//! 1. [`projection`]: spherical Web Mercator. The extent frames the incidents with a
//!    margin, less a few strays alone far from the rest (counted as outside the map), and
//!    never shows less than [`MIN_KM`] across (or is the `--bbox`/`--around` area), widened
//!    to the frame's shape;
//! 2. [`basemap`]: land, lakes, rivers, country and first-level admin borders from the
//!    Natural Earth (and OCHA) data compiled into the binary;
//! 3. [`symbols`]: a circle per incident, coloured by category (Okabe-Ito, colour-blind
//!    safe), sized by fatalities, fanned out where incidents share a point; or
//!    [`heatmap`]: a kernel-density surface for large sets;
//! 4. [`labels`]: place and incident names, placed greedily without overlaps;
//! 5. [`legend`]: title, legend with counts, scale bar, attribution.
//!
//! Everything is drawn through [`canvas::Canvas`], once for both formats. The PNG is
//! deterministic: the same incidents and options give the same bytes. [`html`] makes the
//! same map as one self-contained page to click through, with these modules' symbols,
//! basemap and place choice.
//!
//! ```
//! use incimap::render::{render, Format, Incidents, Options, ColorBy};
//!
//! let mut inc = Incidents::new(ColorBy::EventType);
//! inc.push(40.1408, 35.3359, "Battles", 3, Some("Deir ez-Zor"), Some("2014-06-18"));
//! let opts = Options { width: 400, height: 300, ..Options::default() };
//! let map = render(&inc, &opts, Format::Png).unwrap();
//! assert_eq!(&map.bytes[1..4], b"PNG");
//! assert_eq!(map.shown, 1);
//! ```

pub(crate) mod basemap;
pub(crate) mod canvas;
pub(crate) mod heatmap;
pub mod html;
pub mod labels;
pub(crate) mod legend;
pub(crate) mod projection;
pub(crate) mod symbols;

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::features::{Feature, Point};

pub use basemap::ExtraPlace;
use canvas::{Canvas, Raster, Rect, Rgb, Svg, TextStyle};
use labels::{Placement, Placer};
use legend::{Legend, Type};
pub use projection::{Extent, View};
use symbols::Group;

/// Maps never zoom in tighter than this many km across (the smaller side).
pub const MIN_KM: f64 = 30.0;
/// Largest width or height accepted, in pixels.
pub const MAX_SIDE: u32 = 10_000;
/// Largest image accepted, in pixels (50 Mpx, 150 MB of RGB).
pub const MAX_PIXELS: u64 = 50_000_000;
/// Smallest width and height: below this the legend and title do not fit.
pub const MIN_SIDE: u32 = 200;
/// Without `--heatmap`, sets larger than this are drawn as a heatmap anyway.
pub const AUTO_HEATMAP: usize = 100_000;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    /// The format a file name asks for.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
}

/// Which property colours the symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorBy {
    #[default]
    EventType,
    SubEventType,
    Actor1,
}

impl ColorBy {
    /// The incident property it reads.
    pub fn key(self) -> &'static str {
        match self {
            ColorBy::EventType => "event_type",
            ColorBy::SubEventType => "sub_event_type",
            ColorBy::Actor1 => "actor1",
        }
    }

    fn title(self) -> &'static str {
        match self {
            ColorBy::EventType => "Event type",
            ColorBy::SubEventType => "Sub-event type",
            ColorBy::Actor1 => "Actor 1",
        }
    }
}

/// What sets a symbol's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SizeBy {
    /// Area grows with reported fatalities.
    #[default]
    Fatalities,
    /// All symbols the same size.
    None,
}

/// How much basemap to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basemap {
    /// A plain background.
    None,
    /// Land, water and country borders.
    Countries,
    /// Also rivers, lakes, first-level admin borders, and place, river and area names.
    #[default]
    Detailed,
}

/// Dots, a heatmap, or whichever suits the number of incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// Dots up to [`AUTO_HEATMAP`] incidents, a heatmap above.
    #[default]
    Auto,
    Dots,
    Heatmap,
}

/// A circle to frame the map on (`--around PLACE --radius-km R`), drawn dashed.
#[derive(Debug, Clone, PartialEq)]
pub struct Around {
    pub lon: f64,
    pub lat: f64,
    pub radius_km: f64,
    pub name: String,
}

/// Everything a map can be asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub width: u32,
    pub height: u32,
    /// The area to show; `None` frames the incidents.
    pub extent: Option<Extent>,
    /// Frame the map on a circle around a place (used when `extent` is `None`).
    pub around: Option<Around>,
    pub title: Option<String>,
    pub color_by: ColorBy,
    pub size_by: SizeBy,
    /// Label incidents with their place names.
    pub labels: bool,
    pub style: Style,
    pub basemap: Basemap,
    /// More populated places (from the gazetteer) to label when zoomed in.
    pub places: Vec<ExtraPlace>,
    /// Credit for `places`, added to the attribution line when any is drawn.
    pub places_credit: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: 1600,
            height: 1200,
            extent: None,
            around: None,
            title: None,
            color_by: ColorBy::EventType,
            size_by: SizeBy::Fatalities,
            labels: false,
            style: Style::Auto,
            basemap: Basemap::Detailed,
            places: Vec::new(),
            places_credit: None,
        }
    }
}

/// One incident as the map needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    pub lon: f64,
    pub lat: f64,
    /// Index into [`Incidents::categories`].
    pub category: u32,
    pub fatalities: u32,
    /// Index into [`Incidents::labels`], or `u32::MAX` for none.
    pub label: u32,
    /// Event date as `YYYYMMDD`, 0 when unknown.
    pub date: u32,
}

impl Mark {
    /// An incident at a point, with nothing else known (for tests and benchmarks).
    pub fn at(lon: f64, lat: f64) -> Mark {
        Mark {
            lon,
            lat,
            category: 0,
            fatalities: 0,
            label: u32::MAX,
            date: 0,
        }
    }
}

/// The incidents to map, compactly: 32 bytes each, names interned, so a million fit in a
/// few tens of MB.
#[derive(Debug, Clone, Default)]
pub struct Incidents {
    pub marks: Vec<Mark>,
    /// Category names ("" for incidents without one).
    pub categories: Vec<String>,
    /// Place names for labels.
    pub labels: Vec<String>,
    pub color_by: ColorBy,
    category_ids: HashMap<String, u32>,
    label_ids: HashMap<String, u32>,
}

impl Incidents {
    pub fn new(color_by: ColorBy) -> Incidents {
        Incidents {
            color_by,
            ..Default::default()
        }
    }

    /// Add an incident. `date` is any form [`crate::read::parse_date`] reads (anything
    /// else counts as unknown).
    pub fn push(
        &mut self,
        lon: f64,
        lat: f64,
        category: &str,
        fatalities: u32,
        label: Option<&str>,
        date: Option<&str>,
    ) {
        let category = intern(
            &mut self.categories,
            &mut self.category_ids,
            category.trim(),
        );
        let label = match label.map(str::trim).filter(|l| !l.is_empty()) {
            Some(l) => intern(&mut self.labels, &mut self.label_ids, l),
            None => u32::MAX,
        };
        self.marks.push(Mark {
            lon,
            lat,
            category,
            fatalities,
            label,
            date: date.map_or(0, parse_date),
        });
    }

    /// The incidents of features read from an incident file: the `color_by` property
    /// (`event_type` by default), `fatalities`, `location` and `event_date`.
    pub fn from_features(features: &[Feature], color_by: ColorBy) -> Incidents {
        let mut inc = Incidents::new(color_by);
        inc.marks.reserve(features.len());
        for f in features {
            let fatalities = fatalities(f.number("fatalities"));
            let location = text(f, "location");
            let date = text(f, "event_date");
            inc.push(
                f.lon,
                f.lat,
                &text(f, color_by.key()),
                fatalities,
                Some(&location),
                Some(&date),
            );
        }
        inc
    }

    /// The properties [`Incidents::push_point`] reads, in the order it reads them: the
    /// `color_by` property, `fatalities`, `event_date`, and `location` when there are
    /// labels (without, place names are not kept).
    pub fn point_keys(color_by: ColorBy, labels: bool) -> Vec<&'static str> {
        let mut keys = vec![color_by.key(), "fatalities", "event_date"];
        if labels {
            keys.push("location");
        }
        keys
    }

    /// Add the incident of a point read with [`crate::features::for_each_point`] and the
    /// keys of [`Incidents::point_keys`] (as [`Incidents::from_features`] does a feature).
    pub fn push_point(&mut self, p: &Point) {
        let location = (p.values.len() > 3).then(|| p.text(3));
        self.push(
            p.lon,
            p.lat,
            &p.text(0),
            fatalities(p.number(1)),
            location.as_deref(),
            Some(&p.text(2)),
        );
    }

    /// Rename categories and labels (to romanise them, say): `f` returns the new name or
    /// `None` to keep it.
    pub fn rename(&mut self, mut f: impl FnMut(&str) -> Option<String>) {
        for name in self.labels.iter_mut().chain(self.categories.iter_mut()) {
            if let Some(n) = f(name) {
                *name = n;
            }
        }
    }

    /// Incidents per category among `visible`.
    pub fn counts(&self, visible: &[usize]) -> Vec<usize> {
        let mut counts = vec![0; self.categories.len()];
        for &i in visible {
            counts[self.marks[i].category as usize] += 1;
        }
        counts
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }
}

/// A property as text, borrowed when it is a string (as [`Feature::text`], without a copy
/// per incident).
fn text<'a>(f: &'a Feature, key: &str) -> std::borrow::Cow<'a, str> {
    match f.properties.get(key) {
        Some(serde_json::Value::String(s)) => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(f.text(key)),
    }
}

/// Reported fatalities as a count (0 when missing, negative or not a number).
fn fatalities(v: Option<f64>) -> u32 {
    v.filter(|v| v.is_finite() && *v >= 0.0)
        .map_or(0, |v| v.min(u32::MAX as f64) as u32)
}

fn intern(names: &mut Vec<String>, ids: &mut HashMap<String, u32>, name: &str) -> u32 {
    if let Some(&id) = ids.get(name) {
        return id;
    }
    let id = names.len() as u32;
    names.push(name.to_string());
    ids.insert(name.to_string(), id);
    id
}

/// A date as `YYYYMMDD`, 0 when it does not parse ([`crate::read::parse_date`]'s forms).
fn parse_date(s: &str) -> u32 {
    use chrono::Datelike;
    crate::read::parse_date(s).map_or(0, |d| d.year() as u32 * 10_000 + d.month() * 100 + d.day())
}

fn format_date(d: u32) -> String {
    format!("{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100)
}

/// A rendered map and what went on it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub view: View,
    /// Incidents inside the map's area.
    pub shown: usize,
    /// Incidents outside it.
    pub outside: usize,
    /// Whether the incidents were drawn as a heatmap.
    pub heatmap: bool,
    /// Labels left out for want of room.
    pub labels_dropped: usize,
}

/// Check a requested image size against the limits.
pub fn check_size(width: u32, height: u32) -> Result<()> {
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(Error::Input(format!(
            "{width}×{height} px is too large: at most {MAX_SIDE} px a side and {} Mpx in all",
            MAX_PIXELS / 1_000_000
        )));
    }
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(Error::Input(format!(
            "{width}×{height} px is {:.0} Mpx: at most {} Mpx",
            width as f64 * height as f64 / 1e6,
            MAX_PIXELS / 1_000_000
        )));
    }
    if width < MIN_SIDE || height < MIN_SIDE {
        return Err(Error::Input(format!(
            "{width}×{height} px is too small: at least {MIN_SIDE} px a side"
        )));
    }
    Ok(())
}

/// Where things go on the page.
#[derive(Debug, Clone, Copy)]
struct Page {
    t: Type,
    margin: f32,
    frame: Rect,
}

impl Page {
    fn new(width: u32, height: u32) -> Page {
        let (w, h) = (width as f32, height as f32);
        let s = ((w * h) / (1600.0 * 1200.0)).sqrt();
        // Type never shrinks below legible, even on small maps.
        let t = Type {
            s: s.clamp(0.8, 4.0),
        };
        let margin = (14.0 * s).max(8.0);
        let band = margin + t.title() * 1.05 + t.subtitle() * 1.6 + 8.0 * t.s;
        Page {
            t,
            margin,
            frame: Rect::new(margin, band, w - margin, h - margin),
        }
    }
}

/// The view a map will have: the one [`render`] uses, for callers that need it first (to
/// choose extra places, say).
pub fn plan(inc: &Incidents, opts: &Options) -> Result<View> {
    check_size(opts.width, opts.height)?;
    let page = Page::new(opts.width, opts.height);
    let extent = match (&opts.extent, &opts.around) {
        (Some(e), _) => {
            e.check()?;
            *e
        }
        (None, Some(a)) => Extent::around(a.lon, a.lat, a.radius_km.max(MIN_KM / 2.0)),
        (None, None) => {
            let pts: Vec<(f64, f64)> = inc.marks.iter().map(|m| (m.lon, m.lat)).collect();
            let strays = crate::incident::far::strays(&pts);
            let kept = pts.iter().zip(strays).filter(|(_, s)| !s).map(|(p, _)| *p);
            projection::frame_points(kept, 0.05, MIN_KM).ok_or_else(|| {
                Error::Input(
                    "there are no incidents to map: give --bbox or --around to draw the basemap of an area"
                        .into(),
                )
            })?
        }
    };
    // Keep symbols and fans off the frame's edge when framing incidents.
    let pad = if opts.extent.is_none() && opts.around.is_none() {
        60.0 * page.t.s
    } else {
        0.0
    };
    Ok(View::fit_padded(&extent, page.frame, pad))
}

/// Draw the map.
pub fn render(inc: &Incidents, opts: &Options, format: Format) -> Result<Rendered> {
    let view = plan(inc, opts)?;
    let page = Page::new(opts.width, opts.height);
    match format {
        Format::Png => {
            let mut c = Raster::new(opts.width, opts.height, legend::PAPER);
            let mut r = draw(&mut c, inc, opts, &view, &page);
            r.bytes = c.png();
            Ok(r)
        }
        Format::Svg => {
            let mut c = Svg::new(opts.width, opts.height, legend::PAPER);
            let mut r = draw(&mut c, inc, opts, &view, &page);
            r.bytes = c.finish(&title_of(opts)).into_bytes();
            Ok(r)
        }
    }
}

/// Draw into a raster (for tests that look at pixels without decoding a PNG).
#[cfg(test)]
fn render_raster(inc: &Incidents, opts: &Options) -> Result<(Raster, Rendered)> {
    let view = plan(inc, opts)?;
    let page = Page::new(opts.width, opts.height);
    let mut c = Raster::new(opts.width, opts.height, legend::PAPER);
    let r = draw(&mut c, inc, opts, &view, &page);
    Ok((c, r))
}

fn title_of(opts: &Options) -> String {
    match (&opts.title, &opts.around) {
        (Some(t), _) => t.clone(),
        (None, Some(a)) => format!(
            "Incidents within {} km of {}",
            legend::number(a.radius_km),
            a.name
        ),
        (None, None) => "Conflict incidents".to_string(),
    }
}

fn draw(c: &mut dyn Canvas, inc: &Incidents, opts: &Options, view: &View, page: &Page) -> Rendered {
    let t = page.t;
    let s = t.s;
    let frame = view.frame;
    let bounds = view.bounds();
    let visible: Vec<usize> = (0..inc.marks.len())
        .filter(|&i| bounds.contains(inc.marks[i].lon, inc.marks[i].lat))
        .collect();
    let heat_mode = match opts.style {
        Style::Heatmap => true,
        Style::Dots => false,
        Style::Auto => visible.len() > AUTO_HEATMAP,
    };

    // 1. Basemap.
    let drawn = basemap::draw(c, view, opts.basemap, basemap::Scale(s));
    if let Some(a) = &opts.around {
        around_circle(c, view, a, s);
    }

    // 2. Categories, legend, and where the furniture goes.
    let counts = inc.counts(&visible);
    let (colour, classes) = symbols::classes(inc, &counts, inc.color_by == ColorBy::EventType);
    let sym_s = s * symbols::crowding(visible.len());
    let groups = if heat_mode {
        Vec::new()
    } else {
        symbols::layout(inc, view, &visible, &colour, opts.size_by, sym_s)
    };
    let heat = heat_mode.then(|| heatmap::density(view, &inc.marks, 9.0 * s));
    let mut legend = Legend {
        title: inc.color_by.title().to_string(),
        classes,
        sizes: Vec::new(),
        fanned: groups.iter().any(|g| matches!(g, Group::Fan { .. })),
        discs: groups.iter().any(|g| matches!(g, Group::Disc { .. })),
        heat: heat.as_ref().map(|h| (h.top, h.bandwidth_km)),
    };
    if opts.size_by == SizeBy::Fatalities && !heat_mode {
        let max = visible
            .iter()
            .map(|&i| inc.marks[i].fatalities)
            .max()
            .unwrap_or(0);
        if max > 0 {
            legend.sizes = size_steps(max)
                .into_iter()
                .map(|f| (f, symbols::radius(f, opts.size_by, sym_s)))
                .collect();
        }
    }
    // The longest the credit can be, to keep labels off it.
    let credit = attribution_text(opts, drawn, !opts.places.is_empty());
    let legend_rect =
        (!visible.is_empty()).then(|| choose_corner(inc, view, &visible, legend.size(t), &[], s));
    // A locator map on maps of less than a country.
    let inset_rect = (opts.basemap != Basemap::None && legend::wants_inset(view)).then(|| {
        let w = (frame.w() * 0.2).max(150.0 * s.min(1.0));
        let taken: Vec<Rect> = legend_rect.iter().copied().collect();
        choose_corner(inc, view, &visible, (w, w * 0.75), &taken, s)
    });
    let scale_rect = legend::scale_bar_rect(view, t);
    let credit_rect = legend::attribution_rect(view, &credit, t);

    // 3. Labels are placed before anything is drawn, so dots and names know their places.
    let mut placer = Placer::new(frame);
    for r in legend_rect.iter().chain(&inset_rect) {
        placer.block(r.inflate(4.0 * s));
    }
    placer.block(scale_rect.inflate(4.0 * s));
    placer.block(credit_rect.inflate(4.0 * s));
    for g in &groups {
        match g {
            Group::Fan { centre, symbols } => {
                for sym in symbols {
                    placer.symbol(circle_box(sym.at, sym.r));
                }
                placer.symbol(circle_box(*centre, 3.0 * s));
            }
            other => placer.symbol(other.bounds()),
        }
    }
    let places = basemap::places(view, &opts.places, opts.basemap, 10.0 * s);
    let mut texts: Vec<(labels::Placed, String, TextStyle)> = Vec::new();
    if opts.labels {
        // Incidents at a named place leave the naming to the place's own label.
        let named: Vec<(String, canvas::Pt)> = places
            .iter()
            .map(|p| {
                (
                    basemap::name_key(&labels::romanise(&p.name)),
                    view.pt(p.lon, p.lat),
                )
            })
            .collect();
        let labelled = Labelled {
            groups: &groups,
            visible: &visible,
            heat_mode,
            named: &named,
        };
        incident_labels(inc, view, &labelled, &mut placer, &mut texts, s);
    }
    let mut dots = Vec::new();
    let mut extra_drawn = false;
    for p in &places {
        let at = view.pt(p.lon, p.lat);
        if placer.covers(at) {
            continue;
        }
        let (size, bold, color) = match p.class {
            basemap::PlaceClass::Capital => (15.0 * s, true, Rgb(0x1e, 0x1e, 0x1e)),
            basemap::PlaceClass::City => (14.0 * s, true, Rgb(0x2a, 0x2a, 0x2a)),
            basemap::PlaceClass::Town => (13.0 * s, false, Rgb(0x33, 0x33, 0x33)),
            basemap::PlaceClass::Village => (12.0 * s, false, Rgb(0x4a, 0x4a, 0x4a)),
        };
        let style = TextStyle {
            size,
            bold,
            color,
            halo: Some(legend::PAPER),
        };
        let name = labels::romanise(&p.name);
        let dot = 2.8 * s;
        // Near a fan of incidents the name may stand further off.
        let gaps = [dot + 1.0 * s, 16.0 * s, 30.0 * s, 48.0 * s];
        let mut placed = gaps
            .into_iter()
            .find_map(|gap| placer.place(&name, &style, &[at], Placement::Around, gap, true));
        if placed.is_none() && p.class <= basemap::PlaceClass::City {
            // Cities are named even over incidents.
            placed = placer.place(&name, &style, &[at], Placement::Around, gaps[0], false);
        }
        match placed {
            Some(pl) => {
                placer.block(circle_box(at, dot + 1.0));
                dots.push((at, p.class));
                texts.push((pl, name, style));
                extra_drawn |= p.extra;
            }
            None => placer.dropped += 1,
        }
    }
    for a in basemap::area_labels(view, opts.basemap) {
        let (size, bold, color) = match a.kind {
            basemap::AreaKind::Country => (16.0 * s, true, basemap::COUNTRY_LABEL),
            basemap::AreaKind::Admin1 => (12.0 * s, false, basemap::ADMIN1),
            basemap::AreaKind::Water => (12.5 * s, false, basemap::RIVER_LABEL),
        };
        let halo = match a.kind {
            basemap::AreaKind::Water => basemap::WATER,
            _ => legend::PAPER,
        };
        let style = TextStyle {
            size,
            bold,
            color,
            halo: Some(halo),
        };
        match placer.place(&a.name, &style, &a.at, Placement::Centred, 0.0, true) {
            Some(pl) => texts.push((pl, a.name, style)),
            None => placer.dropped += 1,
        }
    }

    // 4. Place dots, incidents, then every label on top.
    for (at, class) in &dots {
        if *class == basemap::PlaceClass::Capital {
            let r = 3.4 * s;
            c.rect(
                Rect::new(at.0 - r, at.1 - r, at.0 + r, at.1 + r),
                Some((basemap::PLACE, 1.0)),
                Some((legend::PAPER, 1.0 * s)),
            );
        } else {
            c.circle(*at, 2.8 * s, basemap::PLACE, Some((legend::PAPER, 0.9 * s)));
        }
    }
    if let Some(h) = &heat {
        c.image(frame, h.width as u32, h.height as u32, &h.rgba);
    }
    symbols::draw(c, &groups, s);
    for (pl, text, style) in &texts {
        c.text(pl.x, pl.y, text, style);
    }

    // 5. The page around the map, and the furniture.
    let (w, h) = (opts.width as f32, opts.height as f32);
    let paper = Some((legend::PAPER, 1.0));
    c.rect(Rect::new(0.0, 0.0, w, frame.y0), paper, None);
    c.rect(Rect::new(0.0, frame.y1, w, h), paper, None);
    c.rect(Rect::new(0.0, frame.y0, frame.x0, frame.y1), paper, None);
    c.rect(Rect::new(frame.x1, frame.y0, w, frame.y1), paper, None);
    c.rect(frame.inflate(1.0 * s), None, Some((legend::FRAME, 1.0 * s)));
    legend::title(
        c,
        frame.x0,
        page.margin,
        &title_of(opts),
        &subtitle(inc, &visible),
        t,
    );
    if let Some(r) = legend_rect {
        legend.draw(c, r, t);
    }
    if let Some(r) = inset_rect {
        legend::inset(c, view, r, s);
    }
    legend::scale_bar(c, view, t);
    let credit = attribution_text(opts, drawn, extra_drawn);
    legend::attribution(c, view, &credit, t);
    if visible.is_empty() {
        let note = if inc.is_empty() {
            "No incidents in the input".to_string()
        } else {
            format!("None of the {} incidents lies in this area", inc.len())
        };
        legend::note(c, view, &note, t);
    }
    Rendered {
        bytes: Vec::new(),
        view: *view,
        shown: visible.len(),
        outside: inc.len() - visible.len(),
        heatmap: heat_mode,
        labels_dropped: placer.dropped,
    }
}

/// The `--around` circle, dashed, as a geodesic circle.
fn around_circle(c: &mut dyn Canvas, view: &View, a: &Around, s: f32) {
    let d = a.radius_km / crate::model::EARTH_RADIUS_KM;
    let (la, lo) = (a.lat.to_radians(), a.lon.to_radians());
    let ring: Vec<canvas::Pt> = (0..=180)
        .map(|k| {
            let b = (k as f64 * 2.0).to_radians();
            let lat = (la.sin() * d.cos() + la.cos() * d.sin() * b.cos()).asin();
            let lon = lo + (b.sin() * d.sin() * la.cos()).atan2(d.cos() - la.sin() * lat.sin());
            view.pt(lon.to_degrees(), lat.to_degrees())
        })
        .collect();
    c.stroke(
        &[ring],
        &canvas::Stroke {
            width: 1.4 * s,
            color: legend::INK,
            opacity: 0.7,
            dash: Some((7.0 * s, 5.0 * s)),
        },
    );
}

fn circle_box(p: canvas::Pt, r: f32) -> Rect {
    Rect::new(p.0 - r, p.1 - r, p.0 + r, p.1 + r)
}

/// Label incidents with their place names: one label per name per group, largest groups
/// first; on a heatmap, the places with most incidents.
/// What incident labels are chosen from.
struct Labelled<'a> {
    groups: &'a [Group],
    visible: &'a [usize],
    heat_mode: bool,
    /// Places the basemap will name: (name key, position).
    named: &'a [(String, canvas::Pt)],
}

fn incident_labels(
    inc: &Incidents,
    view: &View,
    l: &Labelled,
    placer: &mut Placer,
    texts: &mut Vec<(labels::Placed, String, TextStyle)>,
    s: f32,
) {
    let (groups, visible, heat_mode) = (l.groups, l.visible, l.heat_mode);
    let style = TextStyle {
        size: 12.0 * s,
        bold: true,
        color: legend::INK,
        halo: Some(legend::PAPER),
    };
    let short = |label: u32| -> Option<String> {
        let name = inc.labels.get(label as usize)?;
        // "sub-place, parent": the incident sits at the parent's point, which the basemap
        // names; the sub-place is the news.
        let first = name.split(',').next().unwrap_or(name).trim();
        Some(labels::romanise(first))
    };
    // (incidents behind the label, anchor, gap, text)
    let mut wanted: Vec<(usize, canvas::Pt, f32, String)> = Vec::new();
    if heat_mode {
        let mut by_label: HashMap<u32, (usize, usize)> = HashMap::new();
        for &i in visible {
            let m = &inc.marks[i];
            if m.label != u32::MAX {
                by_label.entry(m.label).or_insert((0, i)).0 += 1;
            }
        }
        let mut top: Vec<(u32, (usize, usize))> = by_label.into_iter().collect();
        top.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        for (label, (n, i)) in top.into_iter().take(25) {
            if let Some(text) = short(label) {
                let m = &inc.marks[i];
                wanted.push((n, view.pt(m.lon, m.lat), 3.0 * s, text));
            }
        }
    } else {
        // One label per name: at the biggest group holding it, ranked by its incidents.
        let mut at_name: HashMap<String, usize> = HashMap::new();
        let mut group_size: Vec<usize> = Vec::new();
        for g in groups {
            let members = g.symbols();
            for sym in members {
                let Some(text) = short(inc.marks[sym.incident].label) else {
                    continue;
                };
                match at_name.get(&text) {
                    Some(&k) => {
                        wanted[k].0 += 1;
                        if members.len() > group_size[k] {
                            group_size[k] = members.len();
                            (wanted[k].1, wanted[k].2) = (sym.at, sym.r + 1.0 * s);
                        }
                    }
                    None => {
                        at_name.insert(text.clone(), wanted.len());
                        group_size.push(members.len());
                        wanted.push((1, sym.at, sym.r + 1.0 * s, text));
                    }
                }
            }
        }
    }
    wanted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.3.cmp(&b.3)));
    let reach = 100.0 * s;
    wanted.retain(|(_, at, _, text)| {
        let key = basemap::name_key(text);
        !l.named
            .iter()
            .any(|(k, p)| *k == key && (p.0 - at.0).abs() < reach && (p.1 - at.1).abs() < reach)
    });
    // A readable number for the map's size: about one per 20,000 px² at most.
    let f = view.frame;
    let most = ((f.w() * f.h()) / 20_000.0).clamp(8.0, 150.0) as usize;
    wanted.truncate(most);
    // Over symbols only when there are few: on a crowded map that hides the data.
    let crowded = visible.len() > symbols::FAN_LIMIT;
    for (_, at, gap, text) in wanted {
        // Clear of symbols if possible, else over them, but never over another label.
        let placed = placer
            .place(&text, &style, &[at], Placement::Around, gap, true)
            .or_else(|| {
                (!crowded)
                    .then(|| placer.place(&text, &style, &[at], Placement::Around, gap, false))
                    .flatten()
            });
        match placed {
            Some(pl) => texts.push((pl, text, style)),
            None => placer.dropped += 1,
        }
    }
}

/// Fatality counts for the size legend: 1, 10, 100... up to the largest shown.
fn size_steps(max: u32) -> Vec<u32> {
    let mut out = vec![1];
    for v in [5, 10, 25, 50, 100, 250, 500, 1000] {
        if v <= max {
            out.push(v);
        }
    }
    if out.len() > 4 {
        let n = out.len();
        out = vec![out[0], out[n / 3], out[2 * n / 3], out[n - 1]];
    }
    out
}

/// The corner for the legend that hides the fewest incidents (top right on a tie).
/// The map corner for a `w`×`h` box that hides the fewest incidents and overlaps none of
/// `taken` (top right first on a tie).
fn choose_corner(
    inc: &Incidents,
    view: &View,
    visible: &[usize],
    (w, h): (f32, f32),
    taken: &[Rect],
    s: f32,
) -> Rect {
    let f = view.frame;
    let m = 10.0 * s;
    let bottom = f.y1 - m - 40.0 * s;
    let corners = [
        Rect::new(f.x1 - m - w, f.y0 + m, f.x1 - m, f.y0 + m + h),
        Rect::new(f.x0 + m, f.y0 + m, f.x0 + m + w, f.y0 + m + h),
        Rect::new(f.x1 - m - w, bottom - h, f.x1 - m, bottom),
        Rect::new(f.x0 + m, bottom - h, f.x0 + m + w, bottom),
    ];
    let mut hidden = [0usize; 4];
    for &i in visible {
        let p = view.pt(inc.marks[i].lon, inc.marks[i].lat);
        for (k, r) in corners.iter().enumerate() {
            if r.inflate(20.0 * s).contains_pt(p) {
                hidden[k] += 1;
            }
        }
    }
    let free = |k: &usize| !taken.iter().any(|t| t.intersects(&corners[*k]));
    let best = (0..4)
        .filter(free)
        .min_by_key(|&k| (hidden[k], k))
        .unwrap_or(0);
    corners[best]
}

fn subtitle(inc: &Incidents, visible: &[usize]) -> String {
    let n = visible.len();
    let mut parts = vec![format!(
        "{} incident{}",
        legend::number(n as f64),
        if n == 1 { "" } else { "s" }
    )];
    let dates = visible
        .iter()
        .map(|&i| inc.marks[i].date)
        .filter(|&d| d > 0);
    let (lo, hi) = dates.fold((u32::MAX, 0), |(lo, hi), d| (lo.min(d), hi.max(d)));
    if hi > 0 {
        parts.push(if lo == hi {
            format_date(lo)
        } else {
            format!("{} to {}", format_date(lo), format_date(hi))
        });
    }
    let dead: u64 = visible
        .iter()
        .map(|&i| inc.marks[i].fatalities as u64)
        .sum();
    if n > 0 {
        parts.push(format!(
            "{} fatalit{} reported",
            legend::number(dead as f64),
            if dead == 1 { "y" } else { "ies" }
        ));
    }
    let outside = inc.len() - n;
    if outside > 0 {
        parts.push(format!(
            "{} more outside this map",
            legend::number(outside as f64)
        ));
    }
    parts.join(" · ")
}

fn attribution_text(opts: &Options, drawn: basemap::Drawn, extra_places: bool) -> String {
    let mut parts = Vec::new();
    if opts.basemap != Basemap::None {
        parts.push("Basemap: Natural Earth".to_string());
        if drawn.ocha {
            parts.push("Syria admin: OCHA".to_string());
        }
        if extra_places {
            if let Some(c) = &opts.places_credit {
                parts.push(format!("places: {c}"));
            }
        }
    }
    // Incidents are placed with the bundled gazetteer, whose villages are Who's On First's.
    parts.push("incidents: incimap, places by Who's On First and GeoNames".to_string());
    parts.join("; ")
}

#[cfg(test)]
mod tests;
