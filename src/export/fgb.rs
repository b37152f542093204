//! FlatGeobuf, for sets too big for GeoJSON: binary, typed columns, and a packed Hilbert R-tree
//! spatial index, so GDAL/QGIS, DuckDB spatial (`ST_Read`) and Apache Sedona read a bounding
//! box of a large file without scanning it, even over HTTP range requests.
//!
//! Written with the `flatgeobuf` crate: Point geometries in EPSG:4326 (lon, lat, rounded to 6
//! decimals like every format), one column per schema column (booleans `Bool`, integers `Int`
//! or `Long`, numbers `Double`, dates `DateTime` holding the ISO 8601 date, text `String`),
//! all nullable; a missing value is an absent property, as the format has it.
//!
//! Two costs of the index: the crate keeps 56 bytes per feature in memory (its bounding box
//! and file offset) and the encoded features in an anonymous temporary file (in `$TMPDIR`)
//! until [`Writer::finish`] sorts them along the Hilbert curve and copies them out. A feature
//! without a location cannot be indexed: it is left out and counted (see
//! [`super::Summary::no_location`]).
//!
//! Read back with [`read_as_geojson_lines`], so `query`, `layers` and `render` take every
//! format incimap writes: each feature becomes the GeoJSON Feature `extract` would have
//! written (its properties with their column types, dates as their ISO text, absent values
//! as nulls).

use std::io::Write;

use flatgeobuf::geozero::{self, ColumnValue, GeomProcessor, PropertyProcessor};
use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};

use super::schema::{Cell, Kind, Row, Schema};

/// Collects features, then writes the indexed file on [`Writer::finish`].
pub struct Writer<'w> {
    fgb: FgbWriter<'static>,
    out: &'w mut dyn Write,
    columns: Vec<(String, Kind)>,
}

fn other(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("FlatGeobuf: {e}"))
}

impl<'w> Writer<'w> {
    /// `name` is the dataset's name in the file header (GDAL shows it as the layer name).
    pub fn new(out: &'w mut dyn Write, schema: &Schema, name: &str) -> std::io::Result<Writer<'w>> {
        let options = FgbWriterOptions {
            write_index: true,
            detect_type: false,
            promote_to_multi: false,
            crs: FgbCrs {
                code: 4326,
                ..Default::default()
            },
            ..Default::default()
        };
        let mut fgb =
            FgbWriter::create_with_options(name, GeometryType::Point, options).map_err(other)?;
        for c in &schema.columns {
            let t = match c.kind {
                Kind::Bool => ColumnType::Bool,
                Kind::Int => ColumnType::Int,
                Kind::Long => ColumnType::Long,
                Kind::Float => ColumnType::Double,
                Kind::Str => ColumnType::String,
                Kind::Date => ColumnType::DateTime,
            };
            fgb.add_column(&c.name, t, |_, col| col.nullable = true);
        }
        Ok(Writer {
            fgb,
            out,
            columns: schema
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.kind))
                .collect(),
        })
    }

    /// Add a located feature (the caller leaves out and counts the others).
    pub fn write(&mut self, row: &dyn Row, [lon, lat]: [f64; 2]) -> std::io::Result<()> {
        let mut failed = None;
        let columns = &self.columns;
        self.fgb
            .add_feature_geom(Point(lon, lat), |fw| {
                for (i, (name, kind)) in columns.iter().enumerate() {
                    // FlatGeobuf holds a date as ISO 8601 text.
                    let date;
                    let cell = match row.cell(i) {
                        Cell::Date(d) => {
                            date = d.to_string();
                            Cell::Str(&date)
                        }
                        cell => cell,
                    };
                    let Some(v) = column_value(*kind, cell) else {
                        continue;
                    };
                    if let Err(e) = fw.property(i, name, &v) {
                        failed.get_or_insert(e);
                    }
                }
            })
            .map_err(other)?;
        failed.map_or(Ok(()), |e| Err(other(e)))
    }

    /// Sort, index and write the whole file.
    pub fn finish(self) -> std::io::Result<()> {
        self.fgb.write(&mut *self.out).map_err(other)
    }
}

/// A cell as the column's FlatGeobuf value; `None` (an absent property) for nulls and for
/// values the column cannot hold.
fn column_value(kind: Kind, cell: Cell<'_>) -> Option<ColumnValue<'_>> {
    Some(match (kind, cell) {
        (Kind::Bool, Cell::Bool(b)) => ColumnValue::Bool(b),
        (Kind::Int, Cell::Int(n)) => ColumnValue::Int(i32::try_from(n).ok()?),
        (Kind::Long, Cell::Int(n)) => ColumnValue::Long(n),
        (Kind::Float, Cell::Float(x)) => ColumnValue::Double(x),
        (Kind::Float, Cell::Int(n)) => ColumnValue::Double(n as f64),
        (Kind::Str, Cell::Str(s)) => ColumnValue::String(s),
        (Kind::Date, Cell::Str(s)) => ColumnValue::DateTime(s),
        _ => return None,
    })
}

/// The first bytes of every FlatGeobuf file: "fgb", the major version 3, "fgb", a patch
/// version.
pub const MAGIC: &[u8] = b"fgb\x03fgb";

/// A FlatGeobuf file as GeoJSON Lines text: one Feature a line, in file order (not the
/// index's), with `id` set from an `id` column. Features whose geometry is not a point keep
/// its type and no coordinates, so readers count them as not points. The text is built in
/// memory, about twice the file's size.
pub fn read_as_geojson_lines(mut input: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    check_feature_sizes(&bytes)?;
    // The flatgeobuf crate checks the header but indexes a feature's properties without
    // checking them, and panics on a corrupt file (found by the `render` fuzz target).
    crate::batch::quietly(|| decode_as_geojson_lines(&bytes[..]))
        .map_err(|e| other(format!("corrupt file ({e})")))?
}

/// Does every feature's length prefix stay inside the file? The crate allocates what a
/// prefix says before reading it, so a corrupt one asks for up to 4 GB (found by the
/// `render` fuzz target).
fn check_feature_sizes(bytes: &[u8]) -> std::io::Result<()> {
    use flatgeobuf::packed_r_tree::PackedRTree;
    let header = flatgeobuf::FgbReader::open(bytes).map_err(other)?;
    let header = header.header();
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let corrupt = |what: String| other(format!("corrupt file ({what})"));
    // Eight bytes of magic (with the patch version), then the header's length.
    let header_len = u32_at(8).ok_or_else(|| corrupt("no header".into()))?;
    let count = header.features_count() as usize;
    // Each feature takes at least its 4-byte length; a larger count is corrupt (and would
    // overflow the crate's index size arithmetic: the fuzz target's third find).
    if count > bytes.len() / 4 {
        return Err(corrupt(format!(
            "it claims {count} features, more than its {} bytes can hold",
            bytes.len()
        )));
    }
    let index = match header.index_node_size() {
        0 => 0,
        _ if count == 0 => 0,
        node => PackedRTree::index_size(count, node),
    };
    let mut at = 12usize
        .checked_add(header_len)
        .and_then(|a| a.checked_add(index))
        .ok_or_else(|| corrupt("header too long".into()))?;
    // The crate reads the header's count of features, or to the end when it says none.
    let mut read = 0;
    while at < bytes.len() && (count == 0 || read < count) {
        read += 1;
        let len = u32_at(at).ok_or_else(|| corrupt(format!("a cut feature at byte {at}")))?;
        let end = at + 4 + len;
        if end > bytes.len() {
            return Err(corrupt(format!(
                "the feature at byte {at} claims {len} bytes, past the end of the file"
            )));
        }
        at = end;
    }
    Ok(())
}

fn decode_as_geojson_lines(input: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    use flatgeobuf::{FallibleStreamingIterator, FeatureProperties, FgbReader};
    let reader = FgbReader::open(input).map_err(other)?;
    // A file of one geometry type says it once, in the header; a mixed file per feature.
    let file_type = reader.header().geometry_type();
    // A null is an absent property in FlatGeobuf; it reads back as null, as GeoJSON has it.
    let columns: Vec<String> = reader
        .header()
        .columns()
        .map(|cs| cs.iter().map(|c| c.name().to_string()).collect())
        .unwrap_or_default();
    let mut features = reader.select_all_seq().map_err(other)?;
    let mut out = Vec::new();
    while let Some(f) = features.next().map_err(other)? {
        let mut props = Properties::default();
        f.process_properties(&mut props).map_err(other)?;
        for c in &columns {
            if !props.0.contains_key(c) {
                props.0.insert(c.clone(), serde_json::Value::Null);
            }
        }
        let geometry = match f.geometry() {
            Some(g) if file_type == GeometryType::Point || g.type_() == GeometryType::Point => {
                match g.xy() {
                    Some(xy) if xy.len() >= 2 => serde_json::json!({
                        "type": "Point",
                        "coordinates": [xy.get(0), xy.get(1)],
                    }),
                    _ => serde_json::json!({ "type": "Point", "coordinates": [] }),
                }
            }
            Some(g) => {
                let kind = match g.type_() {
                    GeometryType::Unknown => file_type,
                    t => t,
                };
                let kind = format!("{kind:?}");
                serde_json::json!({ "type": kind, "coordinates": [] })
            }
            None => serde_json::Value::Null,
        };
        super::geojsonl::push_feature(&mut out, geometry, props.0)?;
    }
    Ok(out)
}

/// A feature's columns as JSON values.
#[derive(Default)]
struct Properties(serde_json::Map<String, serde_json::Value>);

impl PropertyProcessor for Properties {
    fn property(
        &mut self,
        _idx: usize,
        name: &str,
        value: &ColumnValue<'_>,
    ) -> geozero::error::Result<bool> {
        use serde_json::Value;
        let v = match *value {
            ColumnValue::Bool(b) => Value::Bool(b),
            ColumnValue::Byte(n) => n.into(),
            ColumnValue::UByte(n) => n.into(),
            ColumnValue::Short(n) => n.into(),
            ColumnValue::UShort(n) => n.into(),
            ColumnValue::Int(n) => n.into(),
            ColumnValue::UInt(n) => n.into(),
            ColumnValue::Long(n) => n.into(),
            ColumnValue::ULong(n) => n.into(),
            ColumnValue::Float(x) => {
                serde_json::Number::from_f64(f64::from(x)).map_or(Value::Null, Value::Number)
            }
            ColumnValue::Double(x) => {
                serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
            }
            ColumnValue::String(s) | ColumnValue::DateTime(s) => s.into(),
            ColumnValue::Json(s) => serde_json::from_str(s).unwrap_or_else(|_| s.into()),
            ColumnValue::Binary(_) => return Ok(false),
        };
        self.0.insert(name.to_string(), v);
        Ok(false)
    }
}

/// A point as geozero hands it to the FlatGeobuf encoder.
struct Point(f64, f64);

impl geozero::GeozeroGeometry for Point {
    fn process_geom<P: GeomProcessor>(&self, p: &mut P) -> geozero::error::Result<()> {
        p.point_begin(0)?;
        p.xy(self.0, self.1, 0)?;
        p.point_end(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::incident;
    use crate::export::{incident::schema, Writer as Export};
    use flatgeobuf::packed_r_tree::PackedRTree;
    use flatgeobuf::{FallibleStreamingIterator, FeatureProperties, FgbReader};

    #[test]
    fn writes_an_indexed_wgs84_point_file_with_typed_columns() {
        let mut out = Vec::new();
        let mut w = Export::new(&mut out, super::super::Format::FlatGeobuf, schema(), "t").unwrap();
        for (k, lon) in [40.1, 40.2, 40.3].into_iter().enumerate() {
            w.write(&incident(&k.to_string(), Some(lon), Some(35.3)))
                .unwrap();
        }
        w.finish().unwrap();

        let reader = FgbReader::open(std::io::Cursor::new(&out)).unwrap();
        let header = reader.header();
        assert_eq!(header.index_node_size(), 16, "spatial index written");
        assert_eq!(header.geometry_type(), GeometryType::Point);
        assert_eq!(header.crs().map(|c| c.code()), Some(4326));
        assert_eq!(header.features_count(), 3);
        let columns = header.columns().unwrap();
        let types: Vec<(&str, ColumnType)> =
            columns.iter().map(|c| (c.name(), c.type_())).collect();
        assert!(types.contains(&("fatalities", ColumnType::Int)));
        assert!(types.contains(&("fatalities_known", ColumnType::Bool)));
        assert!(types.contains(&("confidence", ColumnType::Double)));
        assert!(types.contains(&("event_date", ColumnType::DateTime)));

        // A bounding-box query through the index finds the one feature inside.
        let reader = FgbReader::open(std::io::Cursor::new(&out)).unwrap();
        let mut found = reader.select_bbox(40.15, 35.0, 40.25, 36.0).unwrap();
        let mut ids = Vec::new();
        while let Some(f) = found.next().unwrap() {
            ids.push(f.property::<String>("id").unwrap());
            assert_eq!(f.property::<i32>("fatalities").unwrap(), 5);
        }
        assert_eq!(ids, ["1"]);
    }

    #[test]
    fn reads_back_as_the_geojson_features_extract_writes() {
        let mut out = Vec::new();
        let mut w = Export::new(&mut out, super::super::Format::FlatGeobuf, schema(), "t").unwrap();
        w.write(&incident("a", Some(40.1), Some(35.3))).unwrap();
        w.finish().unwrap();
        assert!(out.starts_with(MAGIC));
        let text = read_as_geojson_lines(&out[..]).unwrap();
        let line: serde_json::Value =
            serde_json::from_slice(text.split(|&b| b == b'\n').next().unwrap()).unwrap();
        assert_eq!(line["id"], "a");
        assert_eq!(
            line["geometry"]["coordinates"],
            serde_json::json!([40.1, 35.3])
        );
        let p = &line["properties"];
        assert_eq!(p["fatalities"], 5);
        assert_eq!(p["fatalities_known"], true);
        assert_eq!(p["event_date"], "2014-06-18");
        assert_eq!(p["actor2"], "Civilians (Syria)");
        assert_eq!(
            p["actor1"],
            serde_json::Value::Null,
            "a null reads back as null: {p}"
        );
    }

    #[test]
    fn a_feature_longer_than_the_file_is_refused_before_allocating() {
        // The fuzz target's second find: a size prefix of about 4 GB, which the crate
        // allocated before reading.
        let mut out = Vec::new();
        let mut w = Export::new(&mut out, super::super::Format::FlatGeobuf, schema(), "t").unwrap();
        w.write(&incident("a", Some(40.1), Some(35.3))).unwrap();
        w.finish().unwrap();
        let header_len = u32::from_le_bytes(out[8..12].try_into().unwrap()) as usize;
        let first_feature = 12 + header_len + PackedRTree::index_size(1, 16);
        let mut bad = out.clone();
        bad[first_feature..first_feature + 4].copy_from_slice(&[0xfe, 0xff, 0xff, 0xff]);
        let e = read_as_geojson_lines(&bad[..]).unwrap_err().to_string();
        assert!(e.contains("past the end of the file"), "{e}");
        assert!(read_as_geojson_lines(&out[..]).is_ok());
    }

    #[test]
    fn a_corrupt_file_is_an_error_not_a_panic() {
        // The `render` fuzz target's first find: a property length past the feature's end,
        // on which the crate indexes out of bounds.
        let bad = include_bytes!("../../tests/fixtures/bad/corrupt.fgb");
        let e = read_as_geojson_lines(&bad[..]).unwrap_err().to_string();
        assert!(e.contains("corrupt file"), "{e}");
        // The third: a count of features whose index size overflows.
        let bad = include_bytes!("../../tests/fixtures/bad/huge-count.fgb");
        let e = read_as_geojson_lines(&bad[..]).unwrap_err().to_string();
        assert!(e.contains("corrupt file"), "{e}");
    }
}
