//! Incident files read back: what `extract` writes (GeoJSON, GeoJSON Lines, ACLED-style CSV)
//! and any RFC 7946 point file from another tool, as [`Feature`]s that `query`, `layers` and
//! `render` share.
//!
//! Every feature keeps its input whole (its JSON text, or its CSV row as properties), so a
//! command that filters writes back exactly what it read. Bad records never stop the read:
//! a feature without geometry, with a non-point geometry or with coordinates out of range is
//! skipped and counted in [`ReadSummary`]; a file that is not what its extension says is an
//! error naming the file and, where it can, the line.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// One point feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub lon: f64,
    pub lat: f64,
    /// The feature's `id` (GeoJSON) or `id`/`event_id_cnty` column (CSV), if any.
    pub id: Option<String>,
    /// The feature's properties (for CSV, every column but the coordinates, as strings or
    /// numbers).
    pub properties: Map<String, Value>,
    /// The whole feature as read, as a GeoJSON Feature object.
    pub json: Value,
}

impl Feature {
    /// A property as text ("" when missing; numbers are printed).
    pub fn text(&self, key: &str) -> String {
        match self.properties.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        }
    }

    /// A numeric property (numbers, or strings holding numbers).
    pub fn number(&self, key: &str) -> Option<f64> {
        match self.properties.get(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
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
    /// Malformed records (bad JSON line, bad CSV row) skipped.
    pub malformed: usize,
    /// The first few problems, as `file:line: reason`.
    pub warnings: Vec<String>,
}

impl ReadSummary {
    pub fn skipped(&self) -> usize {
        self.no_geometry + self.not_a_point + self.out_of_range + self.malformed
    }

    fn warn(&mut self, msg: String) {
        if self.warnings.len() < 20 {
            self.warnings.push(msg);
        }
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

/// Read every point feature of an incident file (`-` for stdin, format then sniffed).
pub fn read(path: &Path, format: Option<Format>) -> Result<(Vec<Feature>, ReadSummary)> {
    let mut raw: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
    };
    if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        raw = Box::new(flate2::read::GzDecoder::new(raw));
    }
    let mut reader = BufReader::with_capacity(1 << 20, raw);
    let format = match format.or_else(|| Format::from_path(path)) {
        Some(f) => f,
        None => sniff(path, &mut reader)?,
    };
    let mut summary = ReadSummary::default();
    let mut out = Vec::new();
    match format {
        Format::GeoJson => read_collection(path, reader, &mut out, &mut summary)?,
        Format::GeoJsonLines => read_lines(path, reader, &mut out, &mut summary)?,
        Format::Csv => read_csv(path, reader, &mut out, &mut summary)?,
    }
    summary.features = out.len();
    Ok((out, summary))
}

fn sniff(path: &Path, r: &mut BufReader<Box<dyn Read>>) -> Result<Format> {
    let buf = r.fill_buf().map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8_lossy(&buf[..buf.len().min(4096)]);
    let t = text.trim_start_matches(['\u{feff}', '\u{1e}', ' ', '\n', '\r', '\t']);
    if t.starts_with('{') {
        // One object per line, or one collection spread over lines.
        let first = t.lines().next().unwrap_or("");
        if first.contains("\"FeatureCollection\"") || serde_json::from_str::<Value>(first).is_err()
        {
            Ok(Format::GeoJson)
        } else {
            Ok(Format::GeoJsonLines)
        }
    } else if t.is_empty() {
        Err(Error::invalid(path, "empty input, not an incident file"))
    } else {
        Ok(Format::Csv)
    }
}

fn read_collection(
    path: &Path,
    mut r: impl Read,
    out: &mut Vec<Feature>,
    s: &mut ReadSummary,
) -> Result<()> {
    let mut text = String::new();
    r.read_to_string(&mut text)
        .map_err(|e| Error::invalid(path, format!("not UTF-8 text: {e}")))?;
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        Error::parse(
            path,
            e.line() as u64,
            format!("not valid JSON at column {}: {e}", e.column()),
        )
    })?;
    let features = match v.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => match v.get("features") {
            Some(Value::Array(a)) => a.clone(),
            _ => {
                return Err(Error::invalid(
                    path,
                    "a FeatureCollection without a \"features\" array",
                ))
            }
        },
        Some("Feature") => vec![v],
        other => {
            return Err(Error::invalid(
                path,
                format!("expected a GeoJSON FeatureCollection or Feature, found type {other:?}"),
            ));
        }
    };
    for (k, f) in features.into_iter().enumerate() {
        take(path, &format!("feature {}", k + 1), f, out, s);
    }
    Ok(())
}

fn read_lines(
    path: &Path,
    r: impl BufRead,
    out: &mut Vec<Feature>,
    s: &mut ReadSummary,
) -> Result<()> {
    for (n, line) in r.split(b'\n').enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_matches(['\u{1e}', '\u{feff}', '\r', ' ', '\t']);
        if text.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v) => take(path, &format!("line {}", n + 1), v, out, s),
            Err(e) => {
                s.malformed += 1;
                s.warn(format!("{}:{}: not valid JSON: {e}", path.display(), n + 1));
            }
        }
    }
    Ok(())
}

/// Keep a parsed feature if it is a usable point.
fn take(path: &Path, at: &str, v: Value, out: &mut Vec<Feature>, s: &mut ReadSummary) {
    let geometry = v.get("geometry").filter(|g| !g.is_null());
    let Some(g) = geometry else {
        s.no_geometry += 1;
        s.warn(format!("{} {at}: no geometry", path.display()));
        return;
    };
    if g.get("type").and_then(Value::as_str) != Some("Point") {
        s.not_a_point += 1;
        s.warn(format!("{} {at}: geometry is not a Point", path.display()));
        return;
    }
    let c = g.get("coordinates").and_then(Value::as_array);
    let (lon, lat) = match c.map(|c| {
        (
            c.first().and_then(Value::as_f64),
            c.get(1).and_then(Value::as_f64),
        )
    }) {
        Some((Some(lon), Some(lat))) => (lon, lat),
        _ => {
            s.not_a_point += 1;
            s.warn(format!(
                "{} {at}: Point without two numeric coordinates",
                path.display()
            ));
            return;
        }
    };
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        s.out_of_range += 1;
        s.warn(format!(
            "{} {at}: coordinates {lon}, {lat} out of range",
            path.display()
        ));
        return;
    }
    let properties = v
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let id = match v.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    out.push(Feature {
        lon,
        lat,
        id,
        properties,
        json: v,
    });
}

fn read_csv(path: &Path, r: impl Read, out: &mut Vec<Feature>, s: &mut ReadSummary) -> Result<()> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(r);
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
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                s.malformed += 1;
                s.warn(format!("{}:{line}: {e}", path.display()));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let (lat, lon) = match (
            rec.get(lat_col).and_then(|v| v.trim().parse::<f64>().ok()),
            rec.get(lon_col).and_then(|v| v.trim().parse::<f64>().ok()),
        ) {
            (Some(lat), Some(lon)) => (lat, lon),
            _ => {
                s.no_geometry += 1;
                s.warn(format!(
                    "{}:{line}: no numeric latitude/longitude",
                    path.display()
                ));
                continue;
            }
        };
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            s.out_of_range += 1;
            s.warn(format!(
                "{}:{line}: coordinates {lon}, {lat} out of range",
                path.display()
            ));
            continue;
        }
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
        let json = serde_json::json!({
            "type": "Feature",
            "id": id,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties,
        });
        out.push(Feature {
            lon,
            lat,
            id,
            properties,
            json,
        });
    }
    Ok(())
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

        let lines = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{}}\n{broken\n";
        let (f, s) = read(&write(&d, "b.geojsonl", lines), None).unwrap();
        assert_eq!((f.len(), s.malformed), (1, 1));
        assert!(s.warnings[0].contains("b.geojsonl:2"), "{:?}", s.warnings);

        let csv = "event_id_cnty,event_type,latitude,longitude,fatalities\nSYR1,Battles,35.3,40.1,3\nSYR2,Battles,x,40.1,0\n";
        let (f, s) = read(&write(&d, "c.csv", csv), None).unwrap();
        assert_eq!((f.len(), s.no_geometry), (1, 1));
        assert_eq!(f[0].id.as_deref(), Some("SYR1"));
        assert_eq!(f[0].text("event_type"), "Battles");
    }

    #[test]
    fn malformed_collection_names_the_line() {
        let d = tempfile::tempdir().unwrap();
        let err = read(
            &write(&d, "x.geojson", "{\"type\":\n\"FeatureCollection\",,}"),
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("x.geojson:2"), "{err}");
    }
}
