//! Incident files read back: what `extract` writes (GeoJSON, GeoJSON Lines, ACLED-style CSV,
//! FlatGeobuf, GeoParquet, GeoPackage), any RFC 7946 point file from another tool, and ACLED's own exports (its CSV,
//! and its API's JSON: `{"data": [records]}` or a bare array of records), as [`Feature`]s that
//! `query`, `layers`, `render` and `match` share.
//!
//! Every feature keeps its input whole (its JSON text exactly as read, or its CSV row as
//! properties), so a command that filters writes back exactly what it read. Bad records never
//! stop the read: a feature without geometry, with a non-point geometry (not reduced to a
//! centroid: a line or an area is not an incident's place) or with coordinates out of range
//! is skipped and counted in [`ReadSummary`]; a file that is not what its extension says is an
//! error naming the file and, where it can, the line and column.
//!
//! Reading is built for files of millions of features. GeoJSON Lines and CSV are streamed a
//! chunk of lines at a time, and a FeatureCollection a chunk of features at a time (a
//! scanner finds each feature's text in the bytes as they come, [`scan`]), so memory does
//! not grow with the file. The features are then decoded in parallel, a chunk at a time,
//! into just what callers need: coordinates, id and properties. A feature's whole JSON is
//! kept as text (serde_json's [`RawValue`]), not as a tree of values, which is both faster
//! and about half the memory.
//!
//! [`for_each`] and [`for_each_point`] hand the features over as they are decoded, so a
//! caller that keeps only a little of each (a point and a few properties, say) never holds
//! them all; [`read`] collects them.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use scan::Items;

mod scan;

/// One point feature.
#[derive(Debug, Clone)]
pub struct Feature {
    pub lon: f64,
    pub lat: f64,
    /// The feature's `id` (GeoJSON) or `id`/`event_id_cnty` column (CSV), if any.
    pub id: Option<String>,
    /// The feature's properties (for CSV, every column, as strings or numbers).
    pub properties: Map<String, Value>,
    /// The whole feature as read: its JSON text byte for byte (for CSV, a GeoJSON Feature
    /// built from the row). [`Feature::json`] parses it when a tree is needed.
    pub raw: Box<RawValue>,
}

impl PartialEq for Feature {
    fn eq(&self, other: &Self) -> bool {
        self.lon == other.lon
            && self.lat == other.lat
            && self.id == other.id
            && self.properties == other.properties
            && self.raw.get() == other.raw.get()
    }
}

/// The properties a filter or a count reads, of a whole [`Feature`] or of a [`Point`] read
/// with only the properties asked for ([`PointCells`]), so a million-row count builds no
/// property map per row (`bench/query.sh`).
pub trait Cells {
    /// A property, `None` when missing or null.
    fn cell(&self, key: &str) -> Option<&Value>;
    fn lon(&self) -> f64;
    fn lat(&self) -> f64;

    /// A property as text, as [`Feature::text`].
    fn cell_text(&self, key: &str) -> Cow<'_, str> {
        value_text(self.cell(key))
    }

    /// A numeric property, as [`Feature::number`].
    fn cell_number(&self, key: &str) -> Option<f64> {
        value_number(self.cell(key))
    }
}

impl Cells for Feature {
    fn cell(&self, key: &str) -> Option<&Value> {
        self.properties.get(key)
    }
    fn lon(&self) -> f64 {
        self.lon
    }
    fn lat(&self) -> f64 {
        self.lat
    }
}

/// A [`Point`] with the names of its properties, in the order they were asked for.
pub struct PointCells<'a> {
    pub point: &'a Point,
    pub keys: &'a [&'a str],
}

impl Cells for PointCells<'_> {
    fn cell(&self, key: &str) -> Option<&Value> {
        let i = self.keys.iter().position(|k| *k == key)?;
        self.point.values.get(i).filter(|v| !v.is_null())
    }
    fn lon(&self) -> f64 {
        self.point.lon
    }
    fn lat(&self) -> f64 {
        self.point.lat
    }
}

impl Feature {
    /// A property as text ("" when missing; numbers are printed).
    pub fn text(&self, key: &str) -> String {
        value_text(self.properties.get(key)).into_owned()
    }

    /// A numeric property (numbers, or strings holding numbers).
    pub fn number(&self, key: &str) -> Option<f64> {
        value_number(self.properties.get(key))
    }

    /// The whole feature as a GeoJSON Feature object.
    pub fn json(&self) -> Value {
        // The text was valid JSON when read (or was written by serde_json), so this cannot
        // fail; Null keeps the signature simple if it ever did.
        serde_json::from_str(self.raw.get()).unwrap_or(Value::Null)
    }

    /// The feature's text on one line: as read when it already is, else re-encoded compactly
    /// (a pretty-printed collection spreads features over lines, which GeoJSON Lines cannot
    /// hold).
    pub fn one_line(&self) -> Cow<'_, str> {
        let text = self.raw.get();
        if text.contains(['\n', '\r']) {
            Cow::Owned(self.json().to_string())
        } else {
            Cow::Borrowed(text)
        }
    }
}

/// A property value as text, borrowed when it is a string ("" when missing or null; other
/// values printed as JSON).
pub fn value_text(v: Option<&Value>) -> Cow<'_, str> {
    match v {
        Some(Value::String(s)) => Cow::Borrowed(s),
        Some(Value::Null) | None => Cow::Borrowed(""),
        Some(v) => Cow::Owned(v.to_string()),
    }
}

/// A property value as a number (numbers, or strings holding numbers).
pub fn value_number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A point feature reduced to its coordinates and a few properties: what
/// [`for_each_point`] hands over, without the feature's text or its other properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub lon: f64,
    pub lat: f64,
    /// The requested properties, in the order asked for (`Null` when missing).
    pub values: Vec<Value>,
}

impl Point {
    /// The `i`th requested property as text, as [`Feature::text`].
    pub fn text(&self, i: usize) -> Cow<'_, str> {
        value_text(self.values.get(i))
    }

    /// The `i`th requested property as a number, as [`Feature::number`].
    pub fn number(&self, i: usize) -> Option<f64> {
        value_number(self.values.get(i))
    }

    /// The point as a feature of just the properties `keys` named (those asked for, in
    /// order; nulls left out) and no text: what a filter or a count reads.
    pub fn into_feature(self, keys: &[&str]) -> Feature {
        let properties: Map<String, Value> = keys
            .iter()
            .zip(self.values)
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        Feature {
            lon: self.lon,
            lat: self.lat,
            id: None,
            properties,
            raw: RawValue::NULL.to_owned(),
        }
    }
}

/// The formats incident files come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An RFC 7946 FeatureCollection (`.geojson`, `.json`).
    GeoJson,
    /// One Feature per line (`.geojsonl`, `.geojsons`, `.jsonl`, `.ndjson`); RFC 8142 record
    /// separators are accepted.
    GeoJsonLines,
    /// ACLED-style CSV with `latitude`/`longitude` (or `lat`/`lon`) columns.
    Csv,
    /// FlatGeobuf (`.fgb`), read whole and handed on as GeoJSON Lines.
    FlatGeobuf,
    /// GeoPackage (`.gpkg`): its first feature table, handed on as GeoJSON Lines.
    GeoPackage,
    /// GeoParquet (`.parquet`), read whole and handed on as GeoJSON Lines.
    GeoParquet,
}

impl Format {
    /// The format a file name says, if it says one.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit('.').next()?;
        match ext {
            "geojson" | "json" => Some(Format::GeoJson),
            "geojsonl" | "geojsons" | "jsonl" | "ndjson" | "geojsonseq" => {
                Some(Format::GeoJsonLines)
            }
            "csv" => Some(Format::Csv),
            "fgb" => Some(Format::FlatGeobuf),
            "gpkg" => Some(Format::GeoPackage),
            "parquet" | "geoparquet" => Some(Format::GeoParquet),
            _ => None,
        }
    }
}

/// What a read skipped, and why.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ReadSummary {
    pub features: usize,
    pub no_geometry: usize,
    pub not_a_point: usize,
    pub out_of_range: usize,
    /// Malformed records (bad JSON line, bad CSV row, a feature of the wrong shape) skipped.
    pub malformed: usize,
    /// The first few problems, as `file:line: reason` or `file feature N: reason`.
    pub warnings: Vec<String>,
}

/// At most this many warnings are kept; the counts cover the rest.
const MAX_WARNINGS: usize = 20;

impl ReadSummary {
    pub fn skipped(&self) -> usize {
        self.no_geometry + self.not_a_point + self.out_of_range + self.malformed
    }

    fn warn(&mut self, msg: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(msg);
        }
    }

    fn count(&mut self, skip: Skip, msg: String) {
        match skip {
            Skip::NoGeometry => self.no_geometry += 1,
            Skip::NotAPoint => self.not_a_point += 1,
            Skip::OutOfRange => self.out_of_range += 1,
            Skip::Malformed => self.malformed += 1,
        }
        self.warn(msg);
    }
}

impl std::fmt::Display for ReadSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} features", self.features)?;
        if self.skipped() > 0 {
            write!(
                f,
                "; skipped {} ({} without geometry, {} not points, {} out of range, {} malformed)",
                self.skipped(),
                self.no_geometry,
                self.not_a_point,
                self.out_of_range,
                self.malformed
            )?;
        }
        Ok(())
    }
}

/// Why a record was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    NoGeometry,
    NotAPoint,
    OutOfRange,
    Malformed,
}

/// Read every point feature of an incident file (`-` for stdin, format then sniffed; `.gz`
/// decompressed).
pub fn read(path: &Path, format: Option<Format>) -> Result<(Vec<Feature>, ReadSummary)> {
    let mut out = Vec::new();
    let summary = for_each(path, format, |f| {
        out.push(f);
        Ok(())
    })?;
    Ok((out, summary))
}

/// Hand every point feature of an incident file to `f`, in input order, without holding
/// them all: features are decoded a chunk at a time (in parallel for GeoJSON) and each is
/// dropped once `f` has it. An error from `f` stops the read and is returned.
pub fn for_each(
    path: &Path,
    format: Option<Format>,
    mut f: impl FnMut(Feature) -> Result<()>,
) -> Result<ReadSummary> {
    stream(path, format, &decode, &mut csv_full_feature, &mut f)
}

/// As [`for_each`], over an incident file already in memory (`name` stands for its path in
/// messages and, without `format`, says the format by its extension).
pub fn for_each_in(
    name: &Path,
    bytes: &[u8],
    format: Option<Format>,
    mut f: impl FnMut(Feature) -> Result<()>,
) -> Result<ReadSummary> {
    stream_bytes(name, bytes, format, &decode, &mut csv_full_feature, &mut f)
}

/// As [`for_each`], but each feature reduced to its point and the properties named in
/// `keys` (for CSV, the columns of those names): no feature text, no other properties, so
/// much lighter for callers that need only these.
pub fn for_each_point(
    path: &Path,
    format: Option<Format>,
    keys: &[&str],
    mut f: impl FnMut(Point) -> Result<()>,
) -> Result<ReadSummary> {
    let from_json = |raw: &RawValue| -> Decoded<Point> {
        let feature = decode(raw)?;
        let values = keys
            .iter()
            .map(|k| feature.properties.get(*k).cloned().unwrap_or(Value::Null))
            .collect();
        Ok(Point {
            lon: feature.lon,
            lat: feature.lat,
            values,
        })
    };
    // The column of each key, found from the header on the first row (the last column of
    // a name wins, as it does in a feature's properties).
    let mut columns: Option<Vec<Option<usize>>> = None;
    let mut from_csv = |headers: &csv::StringRecord,
                        rec: &csv::StringRecord,
                        lon: f64,
                        lat: f64|
     -> serde_json::Result<Point> {
        let cols = columns.get_or_insert_with(|| {
            keys.iter()
                .map(|k| {
                    (0..headers.len())
                        .rev()
                        .find(|&i| headers.get(i) == Some(*k))
                })
                .collect()
        });
        let values = cols
            .iter()
            .map(|c| c.and_then(|c| rec.get(c)).map_or(Value::Null, csv_value))
            .collect();
        Ok(Point { lon, lat, values })
    };
    stream(path, format, &from_json, &mut from_csv, &mut f)
}

/// A feature decoded, or why it was skipped.
type Decoded<T> = std::result::Result<T, (Skip, String)>;

/// Makes an item of a feature's text (shared by the worker threads).
type FromJson<'a, T> = dyn Fn(&RawValue) -> Decoded<T> + Sync + 'a;

/// Makes an item of a CSV row (given the header row) with usable coordinates (lon, lat).
type FromCsv<'a, T> =
    dyn FnMut(&csv::StringRecord, &csv::StringRecord, f64, f64) -> serde_json::Result<T> + 'a;

/// Features are decoded and handed over this many at a time.
const CHUNK: usize = 32 * 1024;
/// ... or, for GeoJSON Lines, as many as fit in this many bytes.
const CHUNK_BYTES: usize = 64 * 1024 * 1024;

/// The reading shared by [`for_each`] and [`for_each_point`]: `from_json` makes an item of
/// a feature's text, `from_csv` of a CSV row with usable coordinates.
fn stream<T: Send>(
    path: &Path,
    format: Option<Format>,
    from_json: &FromJson<'_, T>,
    from_csv: &mut FromCsv<'_, T>,
    f: &mut dyn FnMut(T) -> Result<()>,
) -> Result<ReadSummary> {
    let mut input = open(path)?;
    let format = match format.or_else(|| Format::from_path(path)) {
        Some(f) => f,
        None => {
            let head = input
                .fill_buf()
                .map_err(|e| Error::io(display_path(path), e))?;
            sniff(path, head)?
        }
    };
    stream_from(path, input, format, from_json, from_csv, f)
}

/// [`stream`] over bytes already read; `path` names them in messages and, without
/// `format`, says the format by its extension.
fn stream_bytes<T: Send>(
    path: &Path,
    bytes: &[u8],
    format: Option<Format>,
    from_json: &FromJson<'_, T>,
    from_csv: &mut FromCsv<'_, T>,
    f: &mut dyn FnMut(T) -> Result<()>,
) -> Result<ReadSummary> {
    let format = match format.or_else(|| Format::from_path(path)) {
        Some(f) => f,
        None => sniff(path, bytes)?,
    };
    stream_from(path, bytes, format, from_json, from_csv, f)
}

/// The reading shared by files and bytes: every format but FlatGeobuf, GeoPackage and
/// GeoParquet is streamed, so memory does not grow with the file.
fn stream_from<T: Send>(
    path: &Path,
    input: impl BufRead,
    format: Format,
    from_json: &FromJson<'_, T>,
    from_csv: &mut FromCsv<'_, T>,
    f: &mut dyn FnMut(T) -> Result<()>,
) -> Result<ReadSummary> {
    let shown = display_path(path);
    let mut summary = ReadSummary::default();
    let mut sink = |item: T, s: &mut ReadSummary| {
        s.features += 1;
        f(item)
    };
    match format {
        Format::GeoJson => read_json(&shown, input, &mut summary, from_json, &mut sink)?,
        Format::GeoJsonLines => read_lines(&shown, input, &mut summary, from_json, &mut sink)?,
        Format::Csv => read_csv(&shown, input, &mut summary, from_csv, &mut sink)?,
        Format::FlatGeobuf => {
            let lines = crate::export::fgb::read_as_geojson_lines(input).map_err(|e| {
                Error::invalid(&shown, format!("not a readable FlatGeobuf file: {e}"))
            })?;
            read_lines(&shown, &lines[..], &mut summary, from_json, &mut sink)?
        }
        Format::GeoPackage => {
            let lines = crate::export::gpkg::read_as_geojson_lines(input)
                .map_err(|e| Error::invalid(&shown, format!("not a readable GeoPackage: {e}")))?;
            read_lines(&shown, &lines[..], &mut summary, from_json, &mut sink)?
        }
        Format::GeoParquet => {
            let lines = crate::export::parquet::read_as_geojson_lines(input).map_err(|e| {
                Error::invalid(&shown, format!("not a readable GeoParquet file: {e}"))
            })?;
            read_lines(&shown, &lines[..], &mut summary, from_json, &mut sink)?
        }
    }
    Ok(summary)
}

/// How much of an input is buffered: also how much of its start the format is sniffed from.
const HEAD: usize = 64 * 1024;

/// An incident file (or stdin for `-`), gunzipped when its name ends in `.gz`.
fn open(path: &Path) -> Result<BufReader<Box<dyn Read>>> {
    let mut raw: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
    };
    if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        raw = Box::new(flate2::read::GzDecoder::new(raw));
    }
    Ok(BufReader::with_capacity(HEAD, raw))
}

/// The text after a UTF-8 byte order mark and RFC 8142 record separators, if any.
fn skip_marks(bytes: &[u8]) -> &[u8] {
    let mut b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    while let Some(rest) = b.strip_prefix(b"\x1e") {
        b = rest;
    }
    b
}

fn sniff(path: &Path, bytes: &[u8]) -> Result<Format> {
    if bytes.starts_with(crate::export::fgb::MAGIC) {
        return Ok(Format::FlatGeobuf);
    }
    if bytes.starts_with(crate::export::gpkg::MAGIC) {
        return Ok(Format::GeoPackage);
    }
    if bytes.starts_with(crate::export::parquet::MAGIC) {
        return Ok(Format::GeoParquet);
    }
    let b = skip_marks(bytes);
    let head = &b[..b.len().min(HEAD)];
    if head.contains(&0) {
        return Err(Error::invalid(
            display_path(path),
            "binary file, not an incident file; give GeoJSON, GeoJSON Lines, CSV, FlatGeobuf, GeoParquet or GeoPackage",
        ));
    }
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches(['\u{feff}', '\u{1e}', ' ', '\n', '\r', '\t']);
    if t.starts_with('[') {
        // A JSON array of ACLED records.
        Ok(Format::GeoJson)
    } else if t.starts_with('{') {
        // One object per line, or one collection (or ACLED API answer) spread over lines.
        let first = t.lines().next().unwrap_or("");
        let one = serde_json::from_str::<Value>(first);
        if first.contains("\"FeatureCollection\"")
            || one.is_err()
            || one.is_ok_and(|v| v.get("data").is_some_and(Value::is_array))
        {
            Ok(Format::GeoJson)
        } else {
            Ok(Format::GeoJsonLines)
        }
    } else if t.is_empty() {
        Err(Error::invalid(
            display_path(path),
            "empty input, not an incident file",
        ))
    } else {
        Ok(Format::Csv)
    }
}

/// The top of a GeoJSON document that holds no stream of features: only the member that
/// says what it is.
#[derive(Deserialize)]
struct TopIn<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
}

/// A feature: the members incimap reads. Others (foreign members, `bbox`) stay in the text.
#[derive(Deserialize)]
struct FeatureIn<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    geometry: Option<GeometryIn<'a>>,
    #[serde(default)]
    properties: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
struct GeometryIn<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    coordinates: Option<&'a RawValue>,
}

/// A JSON syntax error as `file:line: not valid JSON at column C: what`.
pub(crate) fn json_error(path: &Path, e: &serde_json::Error) -> Error {
    let what = e.to_string();
    // serde_json ends its message with the position, which the error already carries.
    let what = what.rsplit_once(" at line ").map_or(what.as_str(), |w| w.0);
    Error::parse(
        path,
        e.line() as u64,
        format!("not valid JSON at column {}: {what}", e.column()),
    )
}

/// A GeoJSON document: a FeatureCollection's features (or an ACLED answer's records) are
/// streamed a chunk at a time ([`scan`]) and decoded in parallel; a lone Feature is read
/// whole.
fn read_json<T: Send>(
    path: &Path,
    mut input: impl BufRead,
    s: &mut ReadSummary,
    from_json: &FromJson<'_, T>,
    sink: &mut dyn FnMut(T, &mut ReadSummary) -> Result<()>,
) -> Result<()> {
    // A byte order mark, and RFC 8142 record separators before a lone document.
    loop {
        let head = input.fill_buf().map_err(|e| Error::io(path, e))?;
        let skip = if head.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            usize::from(head.first() == Some(&0x1e))
        };
        if skip == 0 {
            break;
        }
        input.consume(skip);
    }
    let mut chunk = |items: Items, c: scan::Chunk| -> Result<()> {
        // The first error stops the read: past a syntax error nothing can be trusted.
        let decoded: Vec<Result<Decoded<T>>> = c
            .items
            .par_iter()
            .with_min_len(256)
            .map(|item| {
                let raw = item.parse(path, items, &c.buf)?;
                Ok(match items {
                    Items::Features => from_json(raw),
                    Items::Records => record_feature(raw).and_then(|f| from_json(&f)),
                })
            })
            .collect();
        for (item, d) in c.items.iter().zip(decoded) {
            match d? {
                Ok(x) => sink(x, s)?,
                Err((skip, why)) => s.count(
                    skip,
                    format!("{} {} {}: {why}", path.display(), items.name(), item.n),
                ),
            }
        }
        Ok(())
    };
    // Features of a collection are bigger than lines of GeoJSON Lines are likely to be
    // (pretty-printed, with long notes): a quarter of a chunk keeps memory low.
    match scan::Scanner::new(path, input).read(CHUNK / 4, &mut chunk)? {
        scan::Top::Streamed => Ok(()),
        scan::Top::Whole(bytes) => read_whole(path, &bytes, s, from_json, sink),
    }
}

/// A GeoJSON document without a stream of features: a lone Feature is a file of one;
/// anything else is an error that says what it is.
fn read_whole<T>(
    path: &Path,
    bytes: &[u8],
    s: &mut ReadSummary,
    from_json: &FromJson<'_, T>,
    sink: &mut dyn FnMut(T, &mut ReadSummary) -> Result<()>,
) -> Result<()> {
    let top: TopIn = serde_json::from_slice(bytes).map_err(|e| json_error(path, &e))?;
    match top.kind.as_deref() {
        Some("FeatureCollection") => Err(Error::invalid(
            path,
            "a FeatureCollection without a \"features\" array",
        )),
        Some("Feature") => {
            let raw: &RawValue = serde_json::from_slice(bytes).map_err(|e| json_error(path, &e))?;
            match from_json(raw) {
                Ok(x) => sink(x, s),
                Err((skip, why)) => {
                    s.count(skip, format!("{} feature 1: {why}", path.display()));
                    Ok(())
                }
            }
        }
        other => Err(Error::invalid(
            path,
            format!("expected a GeoJSON FeatureCollection or Feature, found type {other:?}"),
        )),
    }
}

/// An ACLED record as a GeoJSON Feature's text: its id `event_id_cnty`, every member a
/// property.
fn record_feature(raw: &RawValue) -> Decoded<Box<RawValue>> {
    let record: Map<String, Value> = serde_json::from_str(raw.get())
        .map_err(|e| (Skip::Malformed, format!("not an ACLED record: {e}")))?;
    let coord = |k: &str| value_number(record.get(k));
    let (Some(lat), Some(lon)) = (coord("latitude"), coord("longitude")) else {
        return Err((Skip::NoGeometry, "no numeric latitude/longitude".into()));
    };
    let id = record.get("event_id_cnty").cloned().unwrap_or(Value::Null);
    let feature = serde_json::json!({
        "type": "Feature",
        "id": id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": record,
    });
    RawValue::from_string(feature.to_string())
        .map_err(|e| (Skip::Malformed, format!("not an ACLED record: {e}")))
}

fn read_lines<T: Send>(
    path: &Path,
    mut input: impl BufRead,
    s: &mut ReadSummary,
    from_json: &FromJson<'_, T>,
    sink: &mut dyn FnMut(T, &mut ReadSummary) -> Result<()>,
) -> Result<()> {
    // A chunk of lines is read into one buffer, decoded in parallel, handed on, and the
    // buffer reused: memory is one chunk, whatever the file's size.
    let mut buf: Vec<u8> = Vec::new();
    let mut lines: Vec<(u64, std::ops::Range<usize>)> = Vec::with_capacity(CHUNK);
    let mut n = 0u64;
    loop {
        buf.clear();
        lines.clear();
        let mut at_end = false;
        while lines.len() < CHUNK && buf.len() < CHUNK_BYTES {
            let start = buf.len();
            let got = input
                .read_until(b'\n', &mut buf)
                .map_err(|e| Error::io(path, e))?;
            if got == 0 {
                at_end = true;
                break;
            }
            n += 1;
            let mut line = buf[start..].trim_ascii();
            if n == 1 {
                line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
            }
            let line = line.strip_prefix(b"\x1e").unwrap_or(line).trim_ascii();
            if !line.is_empty() {
                let offset = line.as_ptr() as usize - buf.as_ptr() as usize;
                lines.push((n, offset..offset + line.len()));
            }
        }
        let decoded: Vec<_> = lines
            .par_iter()
            .with_min_len(256)
            .map(|(_, range)| {
                let text = std::str::from_utf8(&buf[range.clone()])
                    .map_err(|e| (Skip::Malformed, format!("not UTF-8 text: {e}")))?;
                let raw: &RawValue = serde_json::from_str(text)
                    .map_err(|e| (Skip::Malformed, format!("not valid JSON: {e}")))?;
                from_json(raw)
            })
            .collect();
        for ((n, _), d) in lines.iter().zip(decoded) {
            match d {
                Ok(item) => sink(item, s)?,
                Err((skip, why)) => s.count(skip, format!("{}:{n}: {why}", path.display())),
            }
        }
        if at_end {
            return Ok(());
        }
    }
}

/// A feature's text to a [`Feature`], if it is a usable point.
fn decode(raw: &RawValue) -> std::result::Result<Feature, (Skip, String)> {
    let f: FeatureIn = serde_json::from_str(raw.get())
        .map_err(|e| (Skip::Malformed, format!("not a GeoJSON Feature: {e}")))?;
    let Some(g) = f.geometry else {
        return Err((Skip::NoGeometry, "no geometry".into()));
    };
    if g.kind.as_deref() != Some("Point") {
        return Err((Skip::NotAPoint, "geometry is not a Point".into()));
    }
    let (lon, lat) = g
        .coordinates
        .and_then(|c| serde_json::from_str::<Vec<f64>>(c.get()).ok())
        .filter(|c| c.len() >= 2)
        .map(|c| (c[0], c[1]))
        .ok_or((
            Skip::NotAPoint,
            "Point without two numeric coordinates".into(),
        ))?;
    check_range(lon, lat)?;
    let id =
        f.id.and_then(|id| match serde_json::from_str::<Value>(id.get()) {
            Ok(Value::String(s)) => Some(s),
            Ok(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        });
    Ok(Feature {
        lon,
        lat,
        id,
        properties: f.properties.unwrap_or_default(),
        raw: raw.to_owned(),
    })
}

fn check_range(lon: f64, lat: f64) -> std::result::Result<(), (Skip, String)> {
    if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
        Ok(())
    } else {
        Err((
            Skip::OutOfRange,
            format!(
                "coordinates {lon}, {lat} out of range (longitude -180..180, latitude -90..90)"
            ),
        ))
    }
}

fn read_csv<T>(
    path: &Path,
    mut input: impl BufRead,
    s: &mut ReadSummary,
    from_csv: &mut FromCsv<'_, T>,
    sink: &mut dyn FnMut(T, &mut ReadSummary) -> Result<()>,
) -> Result<()> {
    let head = input.fill_buf().map_err(|e| Error::io(path, e))?;
    if head.starts_with(b"\xef\xbb\xbf") {
        input.consume(3);
    }
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = rdr
        .headers()
        .map_err(|e| Error::parse(path, 1, format!("cannot read the CSV header: {e}")))?
        .clone();
    let find = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
    };
    let (Some(lat_col), Some(lon_col)) = (
        find(&["latitude", "lat", "y"]),
        find(&["longitude", "lon", "lng", "x"]),
    ) else {
        return Err(Error::invalid(
            path,
            "CSV needs latitude and longitude columns (named latitude/longitude or lat/lon)",
        ));
    };
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            // A failing read would fail again: stop there.
            Err(e) if e.is_io_error() => {
                return Err(Error::invalid(path, format!("cannot read: {e}")));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                s.count(Skip::Malformed, format!("{}:{line}: {e}", path.display()));
                continue;
            }
        }
        let line = rec.position().map_or(0, |p| p.line());
        let (lat, lon) = match (
            rec.get(lat_col).and_then(|v| v.trim().parse::<f64>().ok()),
            rec.get(lon_col).and_then(|v| v.trim().parse::<f64>().ok()),
        ) {
            (Some(lat), Some(lon)) => (lat, lon),
            _ => {
                s.count(
                    Skip::NoGeometry,
                    format!("{}:{line}: no numeric latitude/longitude", path.display()),
                );
                continue;
            }
        };
        if let Err((skip, why)) = check_range(lon, lat) {
            s.count(skip, format!("{}:{line}: {why}", path.display()));
            continue;
        }
        let item = from_csv(&headers, &rec, lon, lat)
            .map_err(|e| Error::parse(path, line, e.to_string()))?;
        sink(item, s)?;
    }
    Ok(())
}

/// A CSV row as a whole [`Feature`]: every column a property, and the row's text as a
/// GeoJSON Feature.
fn csv_full_feature(
    headers: &csv::StringRecord,
    rec: &csv::StringRecord,
    lon: f64,
    lat: f64,
) -> serde_json::Result<Feature> {
    let mut properties = Map::new();
    for (h, v) in headers.iter().zip(rec.iter()) {
        properties.insert(h.to_string(), csv_value(v));
    }
    let id = ["id", "event_id_cnty"]
        .iter()
        .find_map(|k| properties.get(*k))
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
    let raw = csv_feature(&id, lon, lat, headers, rec)?;
    Ok(Feature {
        lon,
        lat,
        id,
        properties,
        raw,
    })
}

/// A CSV row as a GeoJSON Feature's text, its properties in column order (a JSON map
/// would sort them, and a CSV written back should keep the input's columns).
fn csv_feature(
    id: &Option<String>,
    lon: f64,
    lat: f64,
    headers: &csv::StringRecord,
    rec: &csv::StringRecord,
) -> serde_json::Result<Box<RawValue>> {
    use std::fmt::Write;
    let mut text = format!(
        "{{\"type\":\"Feature\",\"id\":{},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{},{}]}},\"properties\":{{",
        serde_json::to_string(id)?,
        Value::from(lon),
        Value::from(lat)
    );
    for (k, (h, v)) in headers.iter().zip(rec.iter()).enumerate() {
        let sep = if k == 0 { "" } else { "," };
        let _ = write!(text, "{sep}{}:{}", serde_json::to_string(h)?, csv_value(v));
    }
    text.push_str("}}");
    RawValue::from_string(text)
}

/// A CSV cell as JSON: numbers as numbers (but not codes with leading zeros like "007"),
/// everything else as text.
fn csv_value(v: &str) -> Value {
    let leading_zero = v.len() > 1 && v.starts_with('0') && !v.starts_with("0.");
    if !leading_zero {
        if let Ok(n) = v.parse::<i64>() {
            return Value::from(n);
        }
        if let Ok(x) = v.parse::<f64>() {
            if x.is_finite() && v.contains('.') {
                return Value::from(x);
            }
        }
    }
    Value::String(v.to_string())
}

/// The path shown for stdin.
pub fn display_path(p: &Path) -> PathBuf {
    if p.as_os_str() == "-" {
        PathBuf::from("<stdin>")
    } else {
        p.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_collections_lines_and_csv_and_counts_what_it_skips() {
        let d = tempfile::tempdir().unwrap();
        let fc = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[40.14,35.33]},"properties":{"event_type":"Battles","fatalities":5}},
            {"type":"Feature","geometry":null,"properties":{}},
            {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[200,10]},"properties":{}}]}"#;
        let (f, s) = read(&write(&d, "a.geojson", fc), None).unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id.as_deref(), Some("a"));
        assert_eq!(f[0].number("fatalities"), Some(5.0));
        assert_eq!((s.no_geometry, s.not_a_point, s.out_of_range), (1, 1, 1));
        assert!(s.warnings[0].contains("a.geojson feature 2"), "{s:?}");

        let lines = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{}}\n{broken\n";
        let (f, s) = read(&write(&d, "b.geojsonl", lines), None).unwrap();
        assert_eq!((f.len(), s.malformed), (1, 1));
        assert!(s.warnings[0].contains("b.geojsonl:2"), "{:?}", s.warnings);

        let csv = "event_id_cnty,event_type,latitude,longitude,fatalities\nSYR1,Battles,35.3,40.1,3\nSYR2,Battles,x,40.1,0\n";
        let (f, s) = read(&write(&d, "c.csv", csv), None).unwrap();
        assert_eq!((f.len(), s.no_geometry), (1, 1));
        assert_eq!(f[0].id.as_deref(), Some("SYR1"));
        assert_eq!(f[0].text("event_type"), "Battles");
        assert_eq!(f[0].json()["geometry"]["coordinates"][0], 40.1);
    }

    #[test]
    fn streamed_lines_keep_their_line_numbers_across_chunks() {
        let d = tempfile::tempdir().unwrap();
        let n = CHUNK + 10;
        let mut text = String::from("\u{feff}");
        for k in 0..n {
            if k == CHUNK + 3 {
                text.push_str("{not json\n\n");
            }
            text.push_str(&format!(
                "{{\"type\":\"Feature\",\"id\":{k},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[1,2]}},\"properties\":{{}}}}\n"
            ));
        }
        let path = write(&d, "many.geojsonl", &text);
        let mut ids = Vec::new();
        let s = for_each(&path, None, |f| {
            ids.push(f.id.unwrap().parse::<usize>().unwrap());
            Ok(())
        })
        .unwrap();
        assert_eq!(ids, (0..n).collect::<Vec<_>>());
        assert_eq!(s.malformed, 1);
        // The bad line is line CHUNK + 4 (after CHUNK + 3 good ones), the blank one after it.
        let want = format!("many.geojsonl:{}: not valid JSON", CHUNK + 4);
        assert!(s.warnings[0].contains(&want), "{:?}", s.warnings);

        // The same bytes from memory, with a CSV that starts with a byte order mark.
        let from_memory = for_each_in(&path, text.as_bytes(), None, |_| Ok(())).unwrap();
        assert_eq!(from_memory, s);
        let csv = "\u{feff}latitude,longitude,event_type\n35.3,40.1,Battles\n";
        let mut types = Vec::new();
        for_each_in(Path::new("x.csv"), csv.as_bytes(), None, |f| {
            types.push(f.text("event_type"));
            Ok(())
        })
        .unwrap();
        assert_eq!(types, ["Battles"]);
    }

    #[test]
    fn keeps_each_feature_text_exactly_and_ids_of_either_kind() {
        let d = tempfile::tempdir().unwrap();
        let one = "{\"type\": \"Feature\", \"id\": 7, \"bbox\": [1, 2, 1, 2],\n  \"geometry\": {\"type\": \"Point\", \"coordinates\": [1.0, 2.0, 30]},\n  \"properties\": null}";
        let fc = format!("\u{feff}{{\"type\":\"FeatureCollection\",\"features\":[{one}]}}");
        let (f, _) = read(&write(&d, "a.geojson", &fc), None).unwrap();
        assert_eq!(f[0].raw.get(), one);
        assert_eq!(f[0].id.as_deref(), Some("7"));
        assert!(f[0].properties.is_empty());
        assert_eq!((f[0].lon, f[0].lat), (1.0, 2.0));
        assert!(!f[0].one_line().contains('\n'));
        assert_eq!(f[0].json()["bbox"][3], 2);

        // A lone Feature is a file of one.
        let (f, _) = read(&write(&d, "b.json", one), None).unwrap();
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn features_of_the_wrong_shape_are_counted_not_fatal() {
        let d = tempfile::tempdir().unwrap();
        let fc = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":"x"},
            {"type":"Feature","geometry":{"type":"Point","coordinates":["a","b"]},"properties":{}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}]}"#;
        let (f, s) = read(&write(&d, "a.geojson", fc), None).unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!((s.malformed, s.not_a_point), (1, 1));
    }

    #[test]
    fn streams_points_with_just_the_properties_asked_for() {
        let d = tempfile::tempdir().unwrap();
        let csv =
            "event_type,latitude,longitude,fatalities,event_type\nA,35.3,40.1,3,B\nA,x,40.1,0,B\n";
        let mut got = Vec::new();
        let s = for_each_point(
            &write(&d, "c.csv", csv),
            None,
            &["event_type", "fatalities", "nope"],
            |p| {
                got.push(p);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!((s.features, s.no_geometry), (1, 1));
        assert_eq!((got[0].lon, got[0].lat), (40.1, 35.3));
        // The last column of a name wins, as in a feature's properties.
        assert_eq!(got[0].text(0), "B");
        assert_eq!(got[0].number(1), Some(3.0));
        assert_eq!((got[0].text(2).as_ref(), got[0].number(2)), ("", None));

        // Across chunks: every feature handed over in order, skips named by their number.
        let n = CHUNK + 10;
        let mut fc = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
        for i in 0..n {
            let geometry = if i == CHUNK + 3 {
                "null".to_string()
            } else {
                "{\"type\":\"Point\",\"coordinates\":[1,2]}".to_string()
            };
            if i > 0 {
                fc.push(',');
            }
            fc.push_str(&format!(
                "{{\"type\":\"Feature\",\"geometry\":{geometry},\"properties\":{{\"n\":{i}}}}}"
            ));
        }
        fc.push_str("]}");
        let mut seen = Vec::new();
        let s = for_each_point(&write(&d, "big.geojson", &fc), None, &["n"], |p| {
            seen.push(p.number(0).unwrap() as usize);
            Ok(())
        })
        .unwrap();
        assert_eq!((s.features, s.no_geometry), (n - 1, 1));
        assert!(seen.windows(2).all(|w| w[0] < w[1]) && seen.len() == n - 1);
        let at = format!("big.geojson feature {}: no geometry", CHUNK + 4);
        assert!(s.warnings[0].ends_with(&at), "{:?}", s.warnings);

        // An error from the callback stops the read.
        let mut calls = 0;
        let err = for_each(&write(&d, "c2.csv", csv), None, |_| {
            calls += 1;
            Err(Error::invalid("x", "stop"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("stop"), "{err}");
        assert_eq!(calls, 1);
    }

    #[test]
    fn malformed_collection_names_the_line_and_column() {
        let d = tempfile::tempdir().unwrap();
        let err = read(
            &write(&d, "x.geojson", "{\"type\":\n\"FeatureCollection\",,}"),
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("x.geojson:2"), "{err}");
        assert!(
            err.to_string()
                .contains("at column 21: key must be a string"),
            "{err}"
        );

        let err = read(&write(&d, "y.geojson", "{\"type\":\"Topology\"}"), None).unwrap_err();
        assert!(err.to_string().contains("Topology"), "{err}");
        let err = read(&write(&d, "z.geojson", "  \n"), None).unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");
    }
}
