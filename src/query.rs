//! Querying incidents, as library code so the command, the Python binding and other tools
//! choose and count the same way.
//!
//! A [`Filter`] judges one feature at a time, on its attributes and its place (a box, a
//! radius, polygons), so a query streams: features are checked as they are read and the
//! chosen ones written at once ([`FeatureSink`]); nothing is held but what the output needs.
//! Only the K nearest need a look at all of them, and [`Nearest`] keeps just K. [`Stats`]
//! say how many incidents and deaths, over which dates and extent, and how they split by
//! event type, admin area and ACLED's groupings.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::export;
use crate::features::{self, Cells, Feature};
use crate::index::{distance_km, Area, BBox};
use crate::model::SubEventType;

/// Which incidents a query keeps. Every test is on one feature; an empty filter keeps all.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Any of these event types (case-insensitive); empty for any.
    pub event_types: Vec<String>,
    /// Any of these sub-event types (case-insensitive); empty for any.
    pub sub_event_types: Vec<String>,
    /// Text actor1 or actor2 contains (case-insensitive).
    pub actor: Option<String>,
    /// The first and last day.
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub min_fatalities: Option<f64>,
    pub bbox: Option<BBox>,
    /// A centre (lon, lat) and a great-circle radius in km.
    pub radius: Option<((f64, f64), f64)>,
    pub within: Option<Area>,
}

impl Filter {
    /// The properties the filter reads: a caller that only counts can read just these.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        let mut need = |used: bool, ks: &[&'static str]| {
            if used {
                keys.extend(ks.iter().filter(|k| !keys.contains(*k)).collect::<Vec<_>>());
            }
        };
        need(!self.event_types.is_empty(), &["event_type"]);
        need(!self.sub_event_types.is_empty(), &["sub_event_type"]);
        need(self.actor.is_some(), &["actor1", "actor2"]);
        need(self.is_dated(), &["event_date"]);
        need(self.min_fatalities.is_some(), &["fatalities"]);
        keys
    }

    /// Does the filter choose by date?
    pub fn is_dated(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Is `f` left out only because its date does not parse (so cannot be judged)?
    pub fn undated(&self, f: &impl Cells) -> bool {
        self.is_dated() && crate::read::parse_date(&f.cell_text("event_date")).is_none()
    }

    /// Does the filter keep `f`?
    pub fn matches(&self, f: &impl Cells) -> bool {
        self.attributes_match(f) && self.place_matches(f.lon(), f.lat())
    }

    fn attributes_match(&self, f: &impl Cells) -> bool {
        let any_of = |wanted: &[String], key: &str| {
            wanted.is_empty() || {
                let v = f.cell_text(key);
                wanted.iter().any(|w| same_name(w, &v))
            }
        };
        if !any_of(&self.event_types, "event_type")
            || !any_of(&self.sub_event_types, "sub_event_type")
        {
            return false;
        }
        if let Some(actor) = &self.actor {
            let actor = actor.to_lowercase();
            if !["actor1", "actor2"]
                .iter()
                .any(|k| f.cell_text(k).to_lowercase().contains(&actor))
            {
                return false;
            }
        }
        if self.is_dated() {
            // Any form ACLED or a feed writes ("02 June 2023", a datetime): compared as days.
            let Some(day) = crate::read::parse_date(&f.cell_text("event_date")) else {
                return false;
            };
            if self.since.is_some_and(|s| day < s) || self.until.is_some_and(|u| day > u) {
                return false;
            }
        }
        if let Some(min) = self.min_fatalities {
            if f.cell_number("fatalities").is_none_or(|n| n < min) {
                return false;
            }
        }
        true
    }

    /// Is (lon, lat) in every place the filter names (edges included)?
    pub fn place_matches(&self, lon: f64, lat: f64) -> bool {
        self.bbox.as_ref().is_none_or(|b| b.contains(lon, lat))
            && self
                .radius
                .is_none_or(|(centre, r)| distance_km(centre, (lon, lat)) <= r)
            && self.within.as_ref().is_none_or(|a| a.contains(lon, lat))
    }
}

/// Do a name asked for and a value agree (case and surrounding blanks aside)?
fn same_name(wanted: &str, value: &str) -> bool {
    wanted.trim().eq_ignore_ascii_case(value.trim())
}

/// The `k` items nearest a centre, kept as they stream past: a heap of `k`, so memory is
/// `k` items whatever the input.
pub struct Nearest<T> {
    centre: (f64, f64),
    k: usize,
    heap: BinaryHeap<Near<T>>,
    seen: u64,
}

/// An item with its distance, ordered by distance then arrival (the farthest, and of equal
/// distances the latest, on top of the heap).
struct Near<T> {
    km: f64,
    seq: u64,
    item: T,
}

impl<T> PartialEq for Near<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<T> Eq for Near<T> {}
impl<T> PartialOrd for Near<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Near<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.km.total_cmp(&other.km).then(self.seq.cmp(&other.seq))
    }
}

impl<T> Nearest<T> {
    /// The `k` nearest `centre` (lon, lat).
    pub fn new(centre: (f64, f64), k: usize) -> Nearest<T> {
        Nearest {
            centre,
            k,
            heap: BinaryHeap::with_capacity(k.min(1 << 16) + 1),
            seen: 0,
        }
    }

    /// Consider `item`, at (lon, lat).
    pub fn offer(&mut self, lon: f64, lat: f64, item: T) {
        let near = Near {
            km: distance_km(self.centre, (lon, lat)),
            seq: self.seen,
            item,
        };
        self.seen += 1;
        if self.heap.len() < self.k {
            self.heap.push(near);
        } else if self.heap.peek().is_some_and(|far| near < *far) {
            self.heap.pop();
            self.heap.push(near);
        }
    }

    /// The `k` nearest with their distance in km, nearest first (equal distances in the
    /// order they came).
    pub fn finish(self) -> Vec<(T, f64)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|n| (n.item, n.km))
            .collect()
    }
}

/// How chosen features are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A FeatureCollection of the features' texts as read.
    GeoJson,
    /// One feature's text a line.
    GeoJsonLines,
    /// Through the writers `extract` uses (its columns and types): for a CSV input, whose
    /// cells are all text, and for every format but GeoJSON. The features are held until
    /// the end, as the columns are those of them all.
    Typed(export::Format),
}

/// How a FeatureCollection opens (with a line break before its first feature).
const OPEN: &[u8] = b"{\"type\":\"FeatureCollection\",\"features\":[\n";

/// Chosen features written as they come (GeoJSON, GeoJSON Lines) or at the end (typed).
pub struct FeatureSink<'w> {
    out: &'w mut dyn Write,
    how: Written,
    written: usize,
    held: Vec<Feature>,
}

impl<'w> FeatureSink<'w> {
    pub fn new(out: &'w mut dyn Write, how: Written) -> std::io::Result<FeatureSink<'w>> {
        Ok(FeatureSink {
            out,
            how,
            written: 0,
            held: Vec::new(),
        })
    }

    /// Write `f`, with a `distance_km` property when given.
    pub fn write(&mut self, mut f: Feature, distance_km: Option<f64>) -> std::io::Result<()> {
        self.written += 1;
        let km = distance_km.map(|d| Value::from((d * 1000.0).round() / 1000.0));
        match self.how {
            Written::Typed(_) => {
                if let Some(km) = km {
                    f.properties.insert("distance_km".into(), km);
                }
                self.held.push(f);
                Ok(())
            }
            Written::GeoJson => {
                // The collection opens with its first feature, so a read that fails before
                // any has written nothing.
                self.out.write_all(match self.written {
                    1 => OPEN,
                    _ => b",\n",
                })?;
                self.out.write_all(feature_text(&f, km, false).as_bytes())
            }
            Written::GeoJsonLines => {
                self.out.write_all(feature_text(&f, km, true).as_bytes())?;
                self.out.write_all(b"\n")
            }
        }
    }

    /// Finish the file; the number of features written.
    pub fn finish(self) -> std::io::Result<usize> {
        match self.how {
            Written::GeoJson if self.written == 0 => {
                self.out.write_all(&OPEN[..OPEN.len() - 1])?;
                self.out.write_all(b"]}\n")?
            }
            Written::GeoJson => self.out.write_all(b"\n]}\n")?,
            Written::GeoJsonLines => {}
            Written::Typed(format) => {
                let (schema, rows) = export::normalize::rows(self.held);
                let mut w = export::Writer::new(self.out, format, schema, "incidents")?;
                for r in &rows {
                    w.write(r)?;
                }
                w.finish()?;
            }
        }
        Ok(self.written)
    }
}

/// The feature's text, with `distance_km` added to its properties when given; on one line
/// when asked (a pretty-printed collection spreads features over lines).
fn feature_text(f: &Feature, distance_km: Option<Value>, one_line: bool) -> String {
    match distance_km {
        None if one_line => f.one_line().into_owned(),
        None => f.raw.get().to_string(),
        Some(km) => {
            let mut v = f.json();
            if !v["properties"].is_object() {
                v["properties"] = Value::Object(Map::new());
            }
            v["properties"]["distance_km"] = km;
            v.to_string()
        }
    }
}

/// Which asked-for event types and sub-event types some incident has, noted as features
/// stream past: a value that no incident has and ACLED does not define is most likely a
/// typo.
pub struct TypesSeen {
    event_type: Vec<bool>,
    sub_event_type: Vec<bool>,
}

impl TypesSeen {
    pub fn new(filter: &Filter) -> TypesSeen {
        TypesSeen {
            event_type: vec![false; filter.event_types.len()],
            sub_event_type: vec![false; filter.sub_event_types.len()],
        }
    }

    pub fn note(&mut self, filter: &Filter, f: &impl Cells) {
        for (wanted, seen, key) in [
            (&filter.event_types, &mut self.event_type, "event_type"),
            (
                &filter.sub_event_types,
                &mut self.sub_event_type,
                "sub_event_type",
            ),
        ] {
            if seen.iter().all(|&s| s) {
                continue;
            }
            let v = f.cell_text(key);
            for (w, s) in wanted.iter().zip(seen.iter_mut()) {
                *s |= same_name(w, &v);
            }
        }
    }

    /// A warning for each value asked for that no incident has and ACLED does not define,
    /// with the names ACLED uses.
    pub fn unknown(&self, filter: &Filter) -> Vec<String> {
        let subs = SubEventType::ALL;
        let mut types: Vec<&str> = subs.iter().map(|s| s.event_type().as_str()).collect();
        types.dedup();
        let checks = [
            (&filter.event_types, &self.event_type, "event_type", types),
            (
                &filter.sub_event_types,
                &self.sub_event_type,
                "sub_event_type",
                subs.iter().map(|s| s.as_str()).collect(),
            ),
        ];
        let mut out = Vec::new();
        for (wanted, seen, key, known) in checks {
            for (w, &seen) in wanted.iter().zip(seen) {
                if !known.iter().any(|k| same_name(w, k)) && !seen {
                    out.push(format!(
                        "no incident has {key} {w:?}; ACLED's are: {}",
                        known.join(", ")
                    ));
                }
            }
        }
        out
    }
}

/// The columns incidents are grouped by, in the order they are shown. The first two always;
/// the others (ACLED's) only when some incident has the column.
const GROUPS: [(&str, bool); 5] = [
    ("event_type", true),
    ("admin1", true),
    ("disorder_type", false),
    ("interaction", false),
    ("admin2", false),
];

/// The properties [`Stats`] reads: a caller that keeps features only to count them can drop
/// the rest.
pub const STATS_KEYS: [&str; 8] = [
    "event_type",
    "admin1",
    "fatalities",
    "event_date",
    "disorder_type",
    "interaction",
    "admin2",
    "far_km",
];

/// Counts of a set of incidents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub incidents: u64,
    /// Reported fatalities, summed (an incident without a number counts 0).
    pub fatalities: f64,
    /// The first and last `event_date` (as YYYY-MM-DD), `None` when no date parses.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Incidents whose `event_date` is missing or does not parse.
    pub undated: u64,
    /// Incidents with a `far_km`: far from every other place their report names, most likely
    /// a name read as the wrong place ([`crate::incident::far`]). Files not written by
    /// incimap have none.
    pub far: u64,
    /// Incidents alone far from all the others, which maps leave out of their automatic
    /// extent ([`crate::incident::far::strays`]).
    pub strays: u64,
    /// `[west, south, east, north]`; west > east when the set crosses the antimeridian.
    pub extent: Option<[f64; 4]>,
    /// Per grouping column, its values by count (most first, then by name); "(none)" for
    /// incidents without a value.
    pub by: Vec<Group>,
}

/// One grouping column's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub column: String,
    pub values: Vec<Count>,
}

/// One value of a grouping column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub value: String,
    pub incidents: u64,
    pub fatalities: f64,
}

/// [`Stats`] counted one feature at a time, so a caller that only counts need not keep the
/// features: a tally holds the counts and each point (for the extent), 16 bytes a feature.
#[derive(Debug, Clone)]
pub struct Tally {
    // Looked up by the value's text and given a key of its own only when new: a million
    // rows hold a few dozen values (`bench/query.sh`, `--stats`).
    counts: Vec<rustc_hash::FxHashMap<String, (u64, f64)>>,
    present: [bool; GROUPS.len()],
    points: Vec<(f64, f64)>,
    // Compared as dates and written out once, at the end: formatting every row's date was a
    // tenth of `--stats`.
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    stats: Stats,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            counts: vec![Default::default(); GROUPS.len()],
            present: GROUPS.map(|(_, always)| always),
            points: Vec::new(),
            first: None,
            last: None,
            stats: Stats {
                incidents: 0,
                fatalities: 0.0,
                first_date: None,
                last_date: None,
                undated: 0,
                far: 0,
                strays: 0,
                extent: None,
                by: Vec::new(),
            },
        }
    }
}

impl Tally {
    /// Count one feature.
    pub fn add(&mut self, f: &impl Cells) {
        let s = &mut self.stats;
        s.incidents += 1;
        let deaths = f.cell_number("fatalities").unwrap_or(0.0);
        s.fatalities += deaths;
        self.points.push((f.lon(), f.lat()));
        s.far += u64::from(f.cell_number("far_km").is_some());
        for (k, (column, _)) in GROUPS.iter().enumerate() {
            let cell = f.cell(column);
            self.present[k] |= cell.is_some();
            let mut value = features::value_text(cell);
            if *column == "interaction" {
                value = Cow::Owned(interaction_text(&value));
            }
            if value.is_empty() {
                value = Cow::Borrowed("(none)");
            }
            let counts = &mut self.counts[k];
            let c = match counts.get_mut(value.as_ref()) {
                Some(c) => c,
                None => counts.entry(value.into_owned()).or_default(),
            };
            c.0 += 1;
            c.1 += deaths;
        }
        let Some(day) = crate::read::parse_date(&f.cell_text("event_date")) else {
            s.undated += 1;
            return;
        };
        if self.first.is_none_or(|d| day < d) {
            self.first = Some(day);
        }
        if self.last.is_none_or(|d| day > d) {
            self.last = Some(day);
        }
    }

    /// The counts of every feature added.
    pub fn finish(self) -> Stats {
        let mut s = self.stats;
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        s.first_date = self.first.map(day);
        s.last_date = self.last.map(day);
        s.strays = crate::incident::far::strays(&self.points)
            .into_iter()
            .filter(|&s| s)
            .count() as u64;
        s.extent = BBox::around(self.points).map(|b| [b.min_lon, b.min_lat, b.max_lon, b.max_lat]);
        for (k, counts) in self.counts.into_iter().enumerate() {
            if !self.present[k] {
                continue;
            }
            let mut values: Vec<Count> = counts
                .into_iter()
                .map(|(value, (incidents, fatalities))| Count {
                    value,
                    incidents,
                    fatalities,
                })
                .collect();
            values.sort_by(|a, b| {
                b.incidents
                    .cmp(&a.incidents)
                    .then_with(|| a.value.cmp(&b.value))
            });
            s.by.push(Group {
                column: GROUPS[k].0.to_string(),
                values,
            });
        }
        s
    }
}

impl Stats {
    /// The counts of `features`.
    pub fn of<'a>(features: impl IntoIterator<Item = &'a Feature>) -> Stats {
        let mut tally = Tally::default();
        for f in features {
            tally.add(f);
        }
        tally.finish()
    }

    /// The table a person reads: totals, then each grouping's counts.
    pub fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "incidents   {}", self.incidents)?;
        writeln!(out, "fatalities  {}", self.fatalities)?;
        let undated = match self.undated {
            0 => String::new(),
            n => format!(" ({n} without a date)"),
        };
        match (&self.first_date, &self.last_date) {
            (Some(a), Some(b)) => writeln!(out, "dates       {a} to {b}{undated}")?,
            _ => writeln!(out, "dates       none{undated}")?,
        }
        match self.extent {
            Some([w, s, e, n]) => writeln!(out, "extent      {w},{s},{e},{n}")?,
            None => writeln!(out, "extent      none")?,
        }
        if self.far > 0 {
            writeln!(out, "far         {}", crate::incident::far::note(self.far))?;
        }
        if self.strays > 0 {
            let note = crate::incident::far::stray_note(self.strays);
            writeln!(out, "strays      {note}")?;
        }
        for g in &self.by {
            writeln!(out, "by {}", g.column)?;
            for c in &g.values {
                writeln!(out, "  {:>7}  {}", c.incidents, c.value)?;
            }
        }
        Ok(())
    }

    /// One row per value of each grouping (`group,value,incidents,fatalities`), after a row
    /// of the totals (group `all`): what a spreadsheet or a data frame reads.
    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(["group", "value", "incidents", "fatalities"])?;
        w.write_record([
            "all",
            "",
            &self.incidents.to_string(),
            &self.fatalities.to_string(),
        ])?;
        w.write_record(["far", "", &self.far.to_string(), ""])?;
        w.write_record(["strays", "", &self.strays.to_string(), ""])?;
        for g in &self.by {
            for c in &g.values {
                w.write_record([
                    g.column.as_str(),
                    c.value.as_str(),
                    &c.incidents.to_string(),
                    &c.fatalities.to_string(),
                ])?;
            }
        }
        w.flush()
    }

    /// The whole of it as one JSON object.
    pub fn write_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }
}

/// An interaction as ACLED's numeric code with its words ("17 State forces-Civilians"), or
/// as written when it is already words (ACLED's newer exports) or unknown.
fn interaction_text(v: &str) -> String {
    match v
        .trim()
        .parse::<u8>()
        .ok()
        .and_then(|c| crate::export::acled::interaction_label(c).map(|l| (c, l)))
    {
        Some((c, label)) => format!("{c} {label}"),
        None => v.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(lon: f64, lat: f64, props: serde_json::Value) -> Feature {
        let raw = serde_json::json!({"type": "Feature", "properties": props.clone(),
            "geometry": {"type": "Point", "coordinates": [lon, lat]}});
        Feature {
            lon,
            lat,
            id: None,
            properties: props.as_object().unwrap().clone(),
            raw: serde_json::value::RawValue::from_string(raw.to_string()).unwrap(),
        }
    }

    /// Points spread over the globe, some on the same spot, from a fixed seed.
    fn points(n: usize) -> Vec<(f64, f64)> {
        let mut x: u64 = 19;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|i| match i % 7 {
                // A few repeats, so that equal distances meet.
                0 if i > 0 => (179.5, -17.0),
                _ => (next() * 360.0 - 180.0, next() * 180.0 - 90.0),
            })
            .collect()
    }

    #[test]
    fn a_filter_judges_places_as_the_index_finds_them() {
        use crate::index::IncidentIndex;
        let pts = points(3000);
        let index = IncidentIndex::new(pts.clone());
        let scan = |f: &Filter| -> Vec<usize> {
            (0..pts.len())
                .filter(|&i| f.place_matches(pts[i].0, pts[i].1))
                .collect()
        };
        for bbox in ["170,-30,-170,0", "-10,-10,10,10", "-180,-90,180,90"] {
            let b: BBox = bbox.parse().unwrap();
            let f = Filter {
                bbox: Some(b),
                ..Filter::default()
            };
            assert_eq!(scan(&f), index.in_bbox(&b), "{bbox}");
        }
        for (centre, km) in [
            ((179.9, -17.2), 900.0),
            ((0.0, 0.0), 2500.0),
            ((10.0, 89.0), 0.0),
        ] {
            let f = Filter {
                radius: Some((centre, km)),
                ..Filter::default()
            };
            assert_eq!(scan(&f), index.within_radius(centre, km), "{centre:?}");
        }
    }

    #[test]
    fn the_nearest_are_kept_as_they_stream_past_as_the_index_finds_them() {
        use crate::index::IncidentIndex;
        let pts = points(3000);
        let index = IncidentIndex::new(pts.clone());
        for (centre, k) in [((179.0, -17.0), 10), ((-60.0, 10.0), 1), ((0.0, 0.0), 0)] {
            let mut near = Nearest::new(centre, k);
            for (i, &(lon, lat)) in pts.iter().enumerate() {
                near.offer(lon, lat, i);
            }
            assert_eq!(near.finish(), index.nearest(centre, k), "{centre:?}");
        }
    }

    #[test]
    fn a_sink_writes_collections_and_lines_as_read() {
        let f = feature(40.1, 35.3, serde_json::json!({"event_type": "Battles"}));
        let write = |how: Written, fs: Vec<(Feature, Option<f64>)>| {
            let mut out = Vec::new();
            let mut sink = FeatureSink::new(&mut out, how).unwrap();
            for (f, d) in fs {
                sink.write(f, d).unwrap();
            }
            sink.finish().unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            write(Written::GeoJson, vec![]),
            "{\"type\":\"FeatureCollection\",\"features\":[]}\n"
        );
        let two = write(
            Written::GeoJson,
            vec![(f.clone(), None), (f.clone(), Some(1.23456))],
        );
        let v: serde_json::Value = serde_json::from_str(&two).unwrap();
        assert_eq!(v["features"][0], f.json());
        assert_eq!(v["features"][1]["properties"]["distance_km"], 1.235);
        let lines = write(Written::GeoJsonLines, vec![(f.clone(), None)]);
        assert_eq!(lines, format!("{}\n", f.raw.get()));
        let csv = write(Written::Typed(export::Format::Csv), vec![(f, Some(2.0))]);
        assert!(
            csv.contains("Battles") && csv.contains("distance_km"),
            "{csv}"
        );
    }

    #[test]
    fn counts_groups_dates_and_an_extent_across_the_antimeridian() {
        use serde_json::json;
        let fs = [
            feature(
                179.5,
                -17.0,
                json!({"event_type": "Battles", "fatalities": 3, "event_date": "2014-06-20"}),
            ),
            feature(
                -179.5,
                -18.0,
                json!({"event_type": "Battles", "fatalities": "2", "event_date": "18 June 2014",
                       "interaction": 17}),
            ),
            feature(
                178.0,
                -16.0,
                json!({"event_type": "Protests", "event_date": "soon"}),
            ),
        ];
        let s = Stats::of(&fs);
        assert_eq!((s.incidents, s.fatalities, s.undated), (3, 5.0, 1));
        assert_eq!(s.first_date.as_deref(), Some("2014-06-18"));
        assert_eq!(s.last_date.as_deref(), Some("2014-06-20"));
        assert_eq!(s.extent, Some([178.0, -18.0, -179.5, -16.0]));
        let columns: Vec<&str> = s.by.iter().map(|g| g.column.as_str()).collect();
        assert_eq!(columns, ["event_type", "admin1", "interaction"]);
        let battles = &s.by[0].values[0];
        assert_eq!(
            (
                battles.value.as_str(),
                battles.incidents,
                battles.fatalities
            ),
            ("Battles", 2, 5.0)
        );
        assert_eq!(s.by[1].values[0].value, "(none)");
        assert!(s.by[2]
            .values
            .iter()
            .any(|c| c.value == "17 State forces-Civilians"));

        let mut csv = Vec::new();
        s.write_csv(&mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(
            csv.starts_with("group,value,incidents,fatalities\nall,,3,5\n"),
            "{csv}"
        );
        assert!(csv.contains("event_type,Battles,2,5\n"), "{csv}");
        let mut json = Vec::new();
        s.write_json(&mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["incidents"], 3);
        assert_eq!(v["by"][0]["values"][0]["incidents"], 2);
    }

    #[test]
    fn a_count_of_cells_read_in_place_equals_one_of_whole_features() {
        let rows = [
            serde_json::json!({"event_type": "Battles", "event_date": "2016-07-01",
                "fatalities": 3, "admin1": "Idlib", "interaction": "13", "actor1": "SDF"}),
            serde_json::json!({"event_type": "Protests", "event_date": "02 June 2023",
                "fatalities": "0", "admin1": null}),
            serde_json::json!({"event_type": "battles", "event_date": "not a date"}),
            serde_json::json!({"event_type": "Battles", "event_date": "2015-01-09",
                "fatalities": 1, "far_km": 900.0}),
        ];
        let features: Vec<Feature> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| feature(36.0 + i as f64, 35.0, r.clone()))
            .collect();
        let filter = Filter {
            event_types: vec!["BATTLES".into()],
            since: NaiveDate::from_ymd_opt(2015, 1, 1),
            ..Default::default()
        };
        let mut keys = filter.keys();
        keys.extend(STATS_KEYS.iter().filter(|k| !filter.keys().contains(k)));
        let (mut whole, mut cells) = (Tally::default(), Tally::default());
        for f in &features {
            let point = features::Point {
                lon: f.lon,
                lat: f.lat,
                values: keys
                    .iter()
                    .map(|k| f.properties.get(*k).cloned().unwrap_or(Value::Null))
                    .collect(),
            };
            let c = features::PointCells {
                point: &point,
                keys: &keys,
            };
            assert_eq!(filter.matches(f), filter.matches(&c), "{f:?}");
            assert_eq!(filter.undated(f), filter.undated(&c), "{f:?}");
            whole.add(f);
            cells.add(&c);
        }
        let (whole, cells) = (whole.finish(), cells.finish());
        assert_eq!(whole, cells);
        assert_eq!(whole.first_date.as_deref(), Some("2015-01-09"));
        assert_eq!(whole.last_date.as_deref(), Some("2023-06-02"));
        assert_eq!(whole.undated, 1);
    }
}
