//! Writing results: incidents and features as files that GIS tools, spreadsheets and data
//! frames open without complaint, every file whole or not at all.
//!
//! Every command writes through one [`Writer`], so `extract` and `layers` give the same
//! formats: [`geojson`] (RFC 7946 to the letter), [`geojsonl`] (one Feature a line),
//! [`csv`] (ACLED's columns), [`fgb`] (FlatGeobuf with a spatial index, for large sets) and
//! [`parquet`] (GeoParquet, for data frames and SQL engines) and [`gpkg`] (GeoPackage, the
//! file GIS users exchange).
//! What is written is a [`Schema`] of flat typed columns and [`Row`]s: an
//! [`Incident`](crate::model::Incident) is a row of the [`incident`] schema, and features
//! read back from any incident file become rows through [`normalize`].
//!
//! The writer is where the rules every format shares are kept: positions are rounded to 6
//! decimals and checked (a longitude outside -180..180 or a latitude outside -90..90 is
//! written as no location), ids are made unique (a repeated id gets `-2`, `-3`, ...), and the
//! [`Summary`] counts what was written and the extent. Rows are streamed: apart from
//! FlatGeobuf's index, memory stays flat but for a 64-bit fingerprint per id, to find repeats
//! (about 25 MB per million features with the hash set's slack; `benches/export.rs` measures
//! it). [`atomic`] makes the files appear whole; [`layers`] splits a set into one file per
//! value.

pub(crate) mod acled;
pub mod atomic;
pub mod countries;
pub(crate) mod csv;
pub(crate) mod fgb;
pub(crate) mod geojson;
pub(crate) mod geojsonl;
pub(crate) mod gpkg;
pub mod incident;
pub(crate) mod json;
pub mod layers;
pub mod normalize;
pub(crate) mod parquet;
pub mod schema;
pub(crate) mod wkb;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;

pub use schema::{Bbox, Cell, Column, Kind, Row, Schema};

use schema::{round_point, Patched};

/// The file formats every command writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One RFC 7946 FeatureCollection.
    GeoJson,
    /// One Feature a line (newline-delimited, no RFC 8142 record separators).
    GeoJsonLines,
    /// ACLED's columns, then ours.
    Csv,
    /// FlatGeobuf with a packed R-tree index.
    FlatGeobuf,
    /// GeoParquet 1.1: columnar, typed, with a bbox covering column.
    GeoParquet,
    /// GeoPackage 1.2: one SQLite file with a typed point layer.
    GeoPackage,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::GeoJsonLines => "geojsonl",
            Format::Csv => "csv",
            Format::FlatGeobuf => "fgb",
            Format::GeoParquet => "parquet",
            Format::GeoPackage => "gpkg",
        }
    }
}

/// What a [`Writer`] wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Features (rows) in the file.
    pub written: u64,
    /// Rows without a valid location: written with a null geometry (GeoJSON) or empty
    /// coordinates (CSV), or left out (FlatGeobuf, see [`Summary::left_out`]).
    pub no_location: u64,
    /// Rows not written because the format cannot hold them (FlatGeobuf: no location).
    pub left_out: u64,
    /// Repeated ids that were given a `-2`, `-3`, ... suffix.
    pub renamed_ids: u64,
    /// The extent of the located features written.
    pub bbox: Bbox,
}

enum Inner<'w> {
    GeoJson(geojson::Writer<'w>),
    Lines(geojsonl::Writer<'w>),
    Csv(Box<csv::Writer<'w>>),
    Fgb(Box<fgb::Writer<'w>>),
    Parquet(Box<parquet::Writer<'w>>),
    Gpkg(Box<gpkg::Writer<'w>>),
}

/// Streams rows of one schema into one file of one format.
///
/// ```
/// use incimap::export::{self, Format};
///
/// let mut out = Vec::new();
/// let mut w = export::Writer::new(&mut out, Format::GeoJson, export::incident::schema(), "incidents")?;
/// // w.write(&incident)? for each incident
/// let summary = w.finish()?;
/// assert_eq!(summary.written, 0);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Writer<'w> {
    inner: Inner<'w>,
    schema: Schema,
    id: Option<usize>,
    ids: UniqueIds,
    summary: Summary,
}

impl<'w> Writer<'w> {
    /// A writer into `out`; `name` names the dataset where the format has a name for it
    /// (FlatGeobuf's header).
    pub fn new(
        out: &'w mut dyn Write,
        format: Format,
        schema: Schema,
        name: &str,
    ) -> std::io::Result<Writer<'w>> {
        let inner = match format {
            Format::GeoJson => Inner::GeoJson(geojson::Writer::new(out)?),
            Format::GeoJsonLines => Inner::Lines(geojsonl::Writer::new(out)),
            Format::Csv => Inner::Csv(Box::new(csv::Writer::new(out, &schema)?)),
            Format::FlatGeobuf => Inner::Fgb(Box::new(fgb::Writer::new(out, &schema, name)?)),
            Format::GeoParquet => Inner::Parquet(Box::new(parquet::Writer::new(out, &schema)?)),
            Format::GeoPackage => Inner::Gpkg(Box::new(gpkg::Writer::new(out, &schema, name)?)),
        };
        Ok(Writer {
            inner,
            id: schema.position("id"),
            schema,
            ids: UniqueIds::default(),
            summary: Summary::default(),
        })
    }

    pub fn write(&mut self, row: &dyn Row) -> std::io::Result<()> {
        let point = round_point(row.point());
        let renamed = match self.id.map(|i| row.cell(i)) {
            Some(Cell::Str(id)) if !id.is_empty() => self.ids.claim(id),
            _ => None,
        };
        let patched;
        let row: &dyn Row = match (&renamed, self.id) {
            (Some(value), Some(column)) => {
                self.summary.renamed_ids += 1;
                patched = Patched { row, column, value };
                &patched
            }
            _ => row,
        };
        let s = &mut self.summary;
        match point {
            Some(p) => s.bbox.add(p),
            None => s.no_location += 1,
        }
        match &mut self.inner {
            Inner::GeoJson(w) => w.write(&self.schema, self.id, row, point)?,
            Inner::Lines(w) => w.write(&self.schema, self.id, row, point)?,
            Inner::Csv(w) => w.write(row, point)?,
            Inner::Fgb(w) => match point {
                Some(p) => w.write(row, p)?,
                None => {
                    s.left_out += 1;
                    return Ok(());
                }
            },
            Inner::Parquet(w) => w.write(row, point)?,
            Inner::Gpkg(w) => w.write(row, point)?,
        }
        s.written += 1;
        Ok(())
    }

    /// End the file (the collection's `bbox`, FlatGeobuf's index and features) and say what
    /// was written. The caller still flushes `out`.
    pub fn finish(self) -> std::io::Result<Summary> {
        match self.inner {
            Inner::GeoJson(w) => w.finish(self.summary.bbox)?,
            Inner::Lines(_) => {}
            Inner::Csv(w) => w.finish()?,
            Inner::Fgb(w) => w.finish()?,
            Inner::Parquet(w) => w.finish()?,
            Inner::Gpkg(w) => w.finish()?,
        }
        Ok(self.summary)
    }
}

/// Which ids were given out: a 64-bit fingerprint of each (8 bytes an id), and for the few
/// ids that repeat, the next suffix to try.
#[derive(Default)]
struct UniqueIds {
    seen: HashSet<u64, BuildHasherDefault<Fingerprinted>>,
    next: HashMap<String, u64>,
}

impl UniqueIds {
    /// `None` if `id` is new, else the new id it gets.
    fn claim(&mut self, id: &str) -> Option<String> {
        if self.seen.insert(fingerprint(id)) {
            return None;
        }
        let k = self.next.entry(id.to_string()).or_insert(2);
        loop {
            let candidate = format!("{id}-{k}");
            *k += 1;
            if self.seen.insert(fingerprint(&candidate)) {
                return Some(candidate);
            }
        }
    }
}

fn fingerprint(s: &str) -> u64 {
    crate::hash::fnv1a(s.as_bytes())
}

/// The set's keys are fingerprints already: use them as they are.
#[derive(Default)]
struct Fingerprinted(u64);

impl Hasher for Fingerprinted {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{EventType, Incident, LonLat, Source, SubEventType};

    pub(crate) fn incident(id: &str, lon: Option<f64>, lat: Option<f64>) -> Incident {
        Incident {
            id: id.to_string(),
            event_date: "2014-06-18".parse().ok(),
            time_precision: 1,
            event_type: EventType::ExplosionsRemoteViolence,
            sub_event_type: SubEventType::RemoteExplosiveLandmineIed,
            actor1: None,
            actor2: Some("Civilians (Syria)".into()),
            assoc_actor_1: None,
            assoc_actor_2: None,
            fatalities: 5,
            fatalities_known: true,
            location: Some("al-Taym oil wells road, Deir ez-Zor".into()),
            admin1: Some("Deir ez-Zor".into()),
            country: Some("SY".into()),
            point: lon.zip(lat).and_then(|(lon, lat)| LonLat::new(lon, lat)),
            geo_precision: 2,
            source: Source {
                id: "r1".into(),
                title: "Car bomb \"kills\" five".into(),
                url: Some("https://example.org/r1".into()),
            },
            sentence: 3,
            span: [16, 24],
            confidence: 0.8234,
            notes: "A car bomb exploded, killing five.\nSecond line, with a comma".into(),
            far_km: None,
        }
    }

    fn write(format: Format, incidents: &[Incident]) -> (Vec<u8>, Summary) {
        let mut out = Vec::new();
        let mut w = Writer::new(&mut out, format, incident::schema(), "t").unwrap();
        for i in incidents {
            w.write(i).unwrap();
        }
        let s = w.finish().unwrap();
        (out, s)
    }

    #[test]
    fn geojson_is_flat_typed_rounded_and_bounded() {
        let (out, s) = write(
            Format::GeoJson,
            &[
                incident("a", Some(40.14123456), Some(35.3361)),
                incident("b", None, None),
                incident("a", Some(40.5), Some(35.0)),
            ],
        );
        assert_eq!((s.written, s.no_location, s.renamed_ids), (3, 1, 1));
        assert!(!out.starts_with(b"\xef\xbb\xbf"));
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(v.get("crs").is_none());
        assert_eq!(
            v["bbox"],
            serde_json::json!([40.141235, 35.0, 40.5, 35.3361])
        );
        let f = &v["features"];
        assert_eq!(
            f[0]["geometry"]["coordinates"],
            serde_json::json!([40.141235, 35.3361])
        );
        assert_eq!(f[1]["geometry"], serde_json::Value::Null);
        assert_eq!(f[2]["id"], "a-2", "repeated id renamed");
        assert_eq!(f[2]["properties"]["id"], "a-2");
        let p = &f[0]["properties"];
        assert_eq!(p["source_id"], "r1");
        assert_eq!(p["source_title"], "Car bomb \"kills\" five");
        assert_eq!(p["span_start"], 16);
        assert_eq!(p["span_end"], 24);
        assert_eq!(p["fatalities"], 5);
        assert_eq!(p["fatalities_known"], true);
        assert_eq!(p["confidence"], 0.823);
        assert_eq!(p["event_date"], "2014-06-18");
        assert_eq!(p["actor1"], serde_json::Value::Null);
        assert!(p
            .as_object()
            .unwrap()
            .values()
            .all(|v| !v.is_object() && !v.is_array()));
    }

    #[test]
    fn empty_collection_has_no_bbox() {
        let (out, s) = write(Format::GeoJson, &[]);
        assert_eq!(s.written, 0);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["features"], serde_json::json!([]));
        assert!(v.get("bbox").is_none());
    }

    #[test]
    fn lines_are_one_feature_each() {
        let (out, _) = write(
            Format::GeoJsonLines,
            &[
                incident("a", Some(1.0), Some(2.0)),
                incident("b", None, None),
            ],
        );
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{1e}'));
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["id"], "b");
    }

    #[test]
    fn csv_has_acled_columns_and_country_names() {
        let (out, _) = write(
            Format::Csv,
            &[
                incident("a", Some(40.141), Some(35.336)),
                incident("b", None, None),
            ],
        );
        let mut r = ::csv::Reader::from_reader(&out[..]);
        let h = r.headers().unwrap().clone();
        let rows: Vec<::csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 2);
        let col = |name: &str| h.iter().position(|c| c == name).unwrap();
        assert_eq!(&rows[0][col("event_id_cnty")], "a");
        assert_eq!(&rows[0][col("year")], "2014");
        assert_eq!(&rows[0][col("country")], "Syria");
        assert_eq!(&rows[0][col("country_code")], "SY");
        assert_eq!(&rows[0][col("latitude")], "35.336");
        assert_eq!(&rows[0][col("longitude")], "40.141");
        assert_eq!(&rows[0][col("source")], "Car bomb \"kills\" five");
        assert_eq!(&rows[0][col("actor1")], "");
        assert!(rows[0][col("notes")].contains('\n'));
        assert_eq!(&rows[1][col("latitude")], "");
    }

    #[test]
    fn flatgeobuf_leaves_out_unlocated_features() {
        let (out, s) = write(
            Format::FlatGeobuf,
            &[
                incident("a", Some(40.141), Some(35.336)),
                incident("b", None, None),
            ],
        );
        assert_eq!((s.written, s.left_out), (1, 1));
        assert_eq!(&out[..3], b"fgb");
    }

    #[test]
    fn ids_stay_unique_when_a_suffixed_id_exists_already() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a"), None);
        assert_eq!(ids.claim("a-2"), None);
        assert_eq!(ids.claim("a").as_deref(), Some("a-3"));
        assert_eq!(ids.claim("a").as_deref(), Some("a-4"));
        assert_eq!(ids.claim("b"), None);
    }
}
