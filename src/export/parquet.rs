//! GeoParquet 1.1, the one columnar format the big-data tools share: DuckDB, GeoPandas,
//! Apache Sedona, BigQuery, QGIS and GDAL read it, and a scan reads only the columns and row
//! groups it needs.
//!
//! What the file holds, as the specification (<https://geoparquet.org/releases/v1.1.0/>) has it:
//!
//! * a `geometry` column of WKB points (lon, lat in OGC:CRS84, rounded to 6 decimals like
//!   every format), null for a row without a location;
//! * a `bbox` covering column, a struct of `xmin`, `ymin`, `xmax`, `ymax` (doubles), so a
//!   reader can skip row groups by their statistics before decoding any geometry;
//! * the `geo` key in the file metadata: version, primary column, encoding, geometry types,
//!   the extent of the file and the covering;
//! * one typed column per schema column: booleans, 32- or 64-bit integers (fatalities are
//!   integers), doubles, UTF-8 text, and dates as `Date32` (a date that does not parse is
//!   null; the incident schema's dates always parse);
//! * row groups of [`ROW_GROUP`] rows, Snappy-compressed.
//!
//! Rows are gathered into Arrow arrays one row group at a time and handed to the `parquet`
//! crate's writer, whose bytes go on to the output after each row group: memory holds one
//! row group, not the file.
//!
//! Read back with [`read_as_geojson_lines`], so `query`, `layers` and `render` take it like
//! every format incimap writes: the file is read whole (Parquet's footer is at its end),
//! as FlatGeobuf and GeoPackage are.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    BinaryBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder,
    StringBuilder, StructBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema as ArrowSchema, SchemaRef};
use parquet::arrow::arrow_writer::ArrowWriterOptions;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use super::schema::{Bbox, Cell, Kind, Row, Schema};

/// The first 4 bytes of every Parquet file (and its last 4).
pub const MAGIC: &[u8] = b"PAR1";

/// Rows per row group: DuckDB scans a row group per thread and GeoPandas reads them in
/// turn, so a million incidents make 16 groups, each a few MB; small files make one.
pub const ROW_GROUP: usize = 65_536;

/// The geometry column's name, which the `geo` metadata names as primary.
pub const GEOMETRY: &str = "geometry";

/// The covering column's name.
pub const BBOX: &str = "bbox";

/// Streams rows into one GeoParquet file.
pub struct Writer<'w> {
    out: &'w mut dyn Write,
    arrow: ArrowWriter<Vec<u8>>,
    schema: SchemaRef,
    columns: Vec<Builder>,
    geometry: BinaryBuilder,
    bbox: StructBuilder,
    rows: usize,
    extent: Bbox,
}

fn other(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("GeoParquet: {e}"))
}

/// One column's values while a row group fills.
enum Builder {
    Bool(BooleanBuilder),
    Int(Int32Builder),
    Long(Int64Builder),
    Float(Float64Builder),
    Str(StringBuilder),
    Date(Date32Builder),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Bool => Builder::Bool(BooleanBuilder::new()),
            Kind::Int => Builder::Int(Int32Builder::new()),
            Kind::Long => Builder::Long(Int64Builder::new()),
            Kind::Float => Builder::Float(Float64Builder::new()),
            Kind::Str => Builder::Str(StringBuilder::new()),
            Kind::Date => Builder::Date(Date32Builder::new()),
        }
    }

    /// Append a cell; a null, or a value the column cannot hold, is a null.
    fn push(&mut self, cell: Cell<'_>) {
        match (self, cell) {
            (Builder::Bool(b), Cell::Bool(v)) => b.append_value(v),
            (Builder::Bool(b), _) => b.append_null(),
            (Builder::Int(b), Cell::Int(n)) => b.append_option(i32::try_from(n).ok()),
            (Builder::Int(b), _) => b.append_null(),
            (Builder::Long(b), Cell::Int(n)) => b.append_value(n),
            (Builder::Long(b), _) => b.append_null(),
            (Builder::Float(b), Cell::Float(x)) => b.append_value(x),
            (Builder::Float(b), Cell::Int(n)) => b.append_value(n as f64),
            (Builder::Float(b), _) => b.append_null(),
            (Builder::Str(b), Cell::Str(s)) => b.append_value(s),
            (Builder::Str(b), _) => b.append_null(),
            (Builder::Date(b), Cell::Str(s)) => b.append_option(days(s)),
            (Builder::Date(b), Cell::Date(d)) => b.append_option(epoch_days(d)),
            (Builder::Date(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Long(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }
}

/// Days since 1970-01-01 of a date (`YYYY-MM-DD`, a time after it ignored, or any form
/// [`crate::read::parse_date`] takes).
fn days(s: &str) -> Option<i32> {
    epoch_days(crate::read::parse_date(s)?)
}

/// Days since 1970-01-01, as GeoParquet's `Date32` holds a date.
fn epoch_days(day: chrono::NaiveDate) -> Option<i32> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((day - epoch).num_days()).ok()
}

fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Bool => DataType::Boolean,
        Kind::Int => DataType::Int32,
        Kind::Long => DataType::Int64,
        Kind::Float => DataType::Float64,
        Kind::Str => DataType::Utf8,
        Kind::Date => DataType::Date32,
    }
}

fn bbox_fields() -> Fields {
    ["xmin", "ymin", "xmax", "ymax"]
        .into_iter()
        .map(|n| Field::new(n, DataType::Float64, true))
        .collect()
}

impl<'w> Writer<'w> {
    /// A writer of `schema`'s columns, then `geometry` and `bbox`. A schema column with one
    /// of those names would clash: it is refused.
    pub fn new(out: &'w mut dyn Write, schema: &Schema) -> std::io::Result<Writer<'w>> {
        if let Some(c) = schema
            .columns
            .iter()
            .find(|c| c.name == GEOMETRY || c.name == BBOX)
        {
            return Err(other(format!(
                "a property named {:?} clashes with GeoParquet's own column; rename it",
                c.name
            )));
        }
        let mut fields: Vec<Field> = schema
            .columns
            .iter()
            .map(|c| Field::new(&c.name, data_type(c.kind), true))
            .collect();
        fields.push(Field::new(GEOMETRY, DataType::Binary, true));
        fields.push(Field::new(BBOX, DataType::Struct(bbox_fields()), true));
        let arrow_schema = Arc::new(ArrowSchema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .build();
        // Without the serialized Arrow schema, readers build theirs from the Parquet schema
        // and the file metadata, so `geo` (known only at the end) is in it: pyarrow otherwise
        // takes the Arrow schema as written, before the extent was known, and leaves `geo` out.
        let options = ArrowWriterOptions::new()
            .with_properties(props)
            .with_skip_arrow_metadata(true);
        let arrow = ArrowWriter::try_new_with_options(Vec::new(), arrow_schema.clone(), options)
            .map_err(other)?;
        Ok(Writer {
            out,
            arrow,
            schema: arrow_schema,
            columns: schema
                .columns
                .iter()
                .map(|c| Builder::new(c.kind))
                .collect(),
            geometry: BinaryBuilder::new(),
            bbox: StructBuilder::from_fields(bbox_fields(), ROW_GROUP),
            rows: 0,
            extent: Bbox::default(),
        })
    }

    /// Add a row; `point` is the checked, rounded position or `None`.
    pub fn write(&mut self, row: &dyn Row, point: Option<[f64; 2]>) -> std::io::Result<()> {
        for (i, b) in self.columns.iter_mut().enumerate() {
            b.push(row.cell(i));
        }
        match point {
            Some(p) => {
                self.extent.add(p);
                self.geometry.append_value(super::wkb::point(p));
                for (k, v) in [p[0], p[1], p[0], p[1]].into_iter().enumerate() {
                    self.corner(k).append_value(v);
                }
                self.bbox.append(true);
            }
            None => {
                self.geometry.append_null();
                for k in 0..4 {
                    self.corner(k).append_null();
                }
                self.bbox.append(false);
            }
        }
        self.rows += 1;
        if self.rows == ROW_GROUP {
            self.flush_group()?;
        }
        Ok(())
    }

    fn corner(&mut self, k: usize) -> &mut Float64Builder {
        self.bbox
            .field_builder::<Float64Builder>(k)
            .expect("the bbox struct holds four doubles")
    }

    /// Write the rows gathered as one row group, and pass its bytes on.
    fn flush_group(&mut self) -> std::io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Builder::finish).collect();
        arrays.push(Arc::new(self.geometry.finish()));
        arrays.push(Arc::new(self.bbox.finish()));
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(other)?;
        self.arrow.write(&batch).map_err(other)?;
        self.arrow.flush().map_err(other)?;
        self.rows = 0;
        // The parquet writer counts the bytes it has written itself, so what it has
        // buffered can be moved on without disturbing its offsets.
        let bytes = std::mem::take(self.arrow.inner_mut());
        self.out.write_all(&bytes)
    }

    /// Write the last row group, the `geo` metadata and the footer.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.flush_group()?;
        self.arrow
            .append_key_value_metadata(KeyValue::new("geo".to_string(), geo_metadata(self.extent)));
        let rest = self.arrow.into_inner().map_err(other)?;
        self.out.write_all(&rest)?;
        Ok(())
    }
}

/// The `geo` file metadata of GeoParquet 1.1 for a file of points with extent `extent`.
pub fn geo_metadata(extent: Bbox) -> String {
    let covering = |k: &str| serde_json::json!([BBOX, k]);
    let mut column = serde_json::json!({
        "encoding": "WKB",
        "geometry_types": ["Point"],
        "covering": {"bbox": {
            "xmin": covering("xmin"),
            "ymin": covering("ymin"),
            "xmax": covering("xmax"),
            "ymax": covering("ymax"),
        }},
    });
    if let Some(b) = extent.get() {
        column["bbox"] = serde_json::json!(b);
    }
    serde_json::json!({
        "version": "1.1.0",
        "primary_column": GEOMETRY,
        "columns": {GEOMETRY: column},
    })
    .to_string()
}

/// A GeoParquet file as GeoJSON Lines text: one Feature a row, in file order, `id` set from
/// an `id` column. The geometry is the `geo` metadata's primary column (else `geometry`),
/// decoded from WKB; a geometry that is not a point keeps its type and no coordinates, so
/// readers count it as not a point. Columns of booleans, integers, floats, text and dates
/// (`YYYY-MM-DD`; timestamps as `YYYY-MM-DDTHH:MM:SS`) become properties; a column of
/// another type (lists, structs such as the `bbox` covering, decimals) is left out.
pub fn read_as_geojson_lines(mut input: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    // The parquet and arrow crates check a file's structure but not every length inside a
    // page, and panic on some corrupt files (found by the `incident_file` fuzz target:
    // `tests/fixtures/bad/corrupt.parquet`).
    crate::batch::quietly(|| decode_as_geojson_lines(bytes))
        .map_err(|e| std::io::Error::other(format!("corrupt file ({e})")))?
}

fn decode_as_geojson_lines(bytes: Vec<u8>) -> std::io::Result<Vec<u8>> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    // The caller names the format in its message.
    let bad = |e: &dyn std::fmt::Display| std::io::Error::other(e.to_string());
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .map_err(|e| bad(&format!("not a Parquet file ({e})")))?;
    let primary = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|kv| kv.key == "geo"))
        .and_then(|kv| kv.value.as_deref())
        .and_then(|geo| serde_json::from_str::<serde_json::Value>(geo).ok())
        .and_then(|geo| geo["primary_column"].as_str().map(str::to_string))
        .unwrap_or_else(|| GEOMETRY.to_string());
    let mut out = Vec::new();
    for batch in reader.build().map_err(|e| bad(&e))? {
        let batch = batch.map_err(|e| bad(&e))?;
        let schema = batch.schema();
        for row in 0..batch.num_rows() {
            let mut props = serde_json::Map::new();
            let mut geometry = serde_json::Value::Null;
            for (field, column) in schema.fields().iter().zip(batch.columns()) {
                if *field.name() == primary {
                    geometry = wkb_at(column.as_ref(), row).map_or_else(
                        || serde_json::json!({ "type": "Unknown", "coordinates": [] }),
                        |g| g.map_or(serde_json::Value::Null, |g| g.to_geojson()),
                    );
                } else if let Some(v) = value_at(column.as_ref(), row) {
                    props.insert(field.name().clone(), v);
                }
            }
            super::geojsonl::push_feature(&mut out, geometry, props)?;
        }
    }
    Ok(out)
}

/// The geometry of a WKB column's row: `Some(None)` for a null, `None` when the column is
/// not binary or the value is not WKB.
fn wkb_at(column: &dyn arrow_array::Array, row: usize) -> Option<Option<super::wkb::Geometry>> {
    use arrow_array::cast::AsArray;
    if column.is_null(row) {
        return Some(None);
    }
    let bytes = match column.data_type() {
        DataType::Binary => column.as_binary::<i32>().value(row),
        DataType::LargeBinary => column.as_binary::<i64>().value(row),
        DataType::BinaryView => column.as_binary_view().value(row),
        _ => return None,
    };
    super::wkb::decode(bytes).map(Some)
}

/// A row's value in a column as JSON; `None` for a type incimap does not read.
fn value_at(column: &dyn arrow_array::Array, row: usize) -> Option<serde_json::Value> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::*;
    use arrow_schema::TimeUnit;
    use serde_json::Value;
    let float = |x: f64| serde_json::Number::from_f64(x).map_or(Value::Null, Value::from);
    let date = |d: Option<chrono::NaiveDate>| d.map_or(Value::Null, |d| Value::from(d.to_string()));
    let epoch = chrono::DateTime::UNIX_EPOCH.date_naive();
    // Nanoseconds since the epoch of a timestamp in `per_second` units; `None` past the
    // 64-bit range (years before 1677 or after 2262).
    let at = |t: i64, per_second: i64| {
        let nanos = t.checked_mul(1_000_000_000 / per_second)?;
        Some(chrono::DateTime::from_timestamp_nanos(nanos))
    };
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or(Value::Null, |t| {
            Value::from(t.format("%Y-%m-%dT%H:%M:%S").to_string())
        })
    };
    // A null slot holds some value of the column's type; it is read, then replaced.
    let v = match column.data_type() {
        DataType::Boolean => Value::from(column.as_boolean().value(row)),
        DataType::Int8 => Value::from(column.as_primitive::<Int8Type>().value(row)),
        DataType::Int16 => Value::from(column.as_primitive::<Int16Type>().value(row)),
        DataType::Int32 => Value::from(column.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => Value::from(column.as_primitive::<Int64Type>().value(row)),
        DataType::UInt8 => Value::from(column.as_primitive::<UInt8Type>().value(row)),
        DataType::UInt16 => Value::from(column.as_primitive::<UInt16Type>().value(row)),
        DataType::UInt32 => Value::from(column.as_primitive::<UInt32Type>().value(row)),
        DataType::UInt64 => Value::from(column.as_primitive::<UInt64Type>().value(row)),
        DataType::Float32 => float(f64::from(column.as_primitive::<Float32Type>().value(row))),
        DataType::Float64 => float(column.as_primitive::<Float64Type>().value(row)),
        DataType::Utf8 => Value::from(column.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Value::from(column.as_string::<i64>().value(row)),
        DataType::Utf8View => Value::from(column.as_string_view().value(row)),
        DataType::Date32 => {
            let days = column.as_primitive::<Date32Type>().value(row);
            date(epoch.checked_add_signed(chrono::TimeDelta::days(i64::from(days))))
        }
        DataType::Date64 => {
            let ms = column.as_primitive::<Date64Type>().value(row);
            date(chrono::DateTime::from_timestamp_millis(ms).map(|t| t.date_naive()))
        }
        DataType::Timestamp(TimeUnit::Second, _) => time(at(
            column.as_primitive::<TimestampSecondType>().value(row),
            1,
        )),
        DataType::Timestamp(TimeUnit::Millisecond, _) => time(at(
            column.as_primitive::<TimestampMillisecondType>().value(row),
            1_000,
        )),
        DataType::Timestamp(TimeUnit::Microsecond, _) => time(at(
            column.as_primitive::<TimestampMicrosecondType>().value(row),
            1_000_000,
        )),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => time(at(
            column.as_primitive::<TimestampNanosecondType>().value(row),
            1_000_000_000,
        )),
        _ => return None,
    };
    Some(if column.is_null(row) { Value::Null } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::incident;
    use crate::export::{incident::schema, Format, Writer as Export};
    use arrow_array::{Array, BinaryArray, Date32Array, Int32Array, StringArray, StructArray};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn write(incidents: &[crate::model::Incident]) -> (Vec<u8>, crate::export::Summary) {
        let mut out = Vec::new();
        let mut w = Export::new(&mut out, Format::GeoParquet, schema(), "t").unwrap();
        for i in incidents {
            w.write(i).unwrap();
        }
        let s = w.finish().unwrap();
        (out, s)
    }

    fn read(bytes: Vec<u8>) -> (Vec<RecordBatch>, String) {
        let b = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes)).unwrap();
        let geo = b
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .unwrap()
            .iter()
            .find(|kv| kv.key == "geo")
            .and_then(|kv| kv.value.clone())
            .unwrap();
        (b.build().unwrap().map(|r| r.unwrap()).collect(), geo)
    }

    #[test]
    fn points_typed_columns_covering_and_geo_metadata() {
        let (out, s) = write(&[
            incident("a", Some(40.141234567), Some(35.3361)),
            incident("b", None, None),
            incident("a", Some(39.5), Some(36.0)),
        ]);
        assert_eq!((s.written, s.no_location, s.left_out), (3, 1, 0));
        assert_eq!(&out[..4], b"PAR1");
        let (batches, geo) = read(out);
        assert_eq!(batches.len(), 1);
        let b = &batches[0];
        assert_eq!(b.num_rows(), 3);
        let col = |name: &str| b.column_by_name(name).unwrap().clone();
        let ids = col("id");
        let ids = ids.as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!(ids.value(2), "a-2", "repeated id renamed like every format");
        let fat = col("fatalities");
        assert_eq!(fat.data_type(), &DataType::Int32);
        assert_eq!(
            fat.as_any().downcast_ref::<Int32Array>().unwrap().value(0),
            5
        );
        let date = col("event_date");
        let date = date.as_any().downcast_ref::<Date32Array>().unwrap();
        assert_eq!(date.value(0), days("2014-06-18").unwrap());
        assert_eq!(days("2014-06-18"), Some(16239));
        let g = col(GEOMETRY);
        let g = g.as_any().downcast_ref::<BinaryArray>().unwrap();
        assert_eq!(
            g.value(0),
            &crate::export::wkb::point([40.141235, 35.3361])[..]
        );
        assert!(g.is_null(1));
        let bbox = col(BBOX);
        let bbox = bbox.as_any().downcast_ref::<StructArray>().unwrap();
        assert!(bbox.is_null(1));
        assert_eq!(
            bbox.column(0)
                .as_any()
                .downcast_ref::<arrow_array::Float64Array>()
                .unwrap()
                .value(2),
            39.5
        );
        let geo: serde_json::Value = serde_json::from_str(&geo).unwrap();
        assert_eq!(geo["version"], "1.1.0");
        assert_eq!(geo["primary_column"], "geometry");
        let c = &geo["columns"]["geometry"];
        assert_eq!(c["encoding"], "WKB");
        assert_eq!(c["geometry_types"], serde_json::json!(["Point"]));
        assert_eq!(
            c["bbox"],
            serde_json::json!([39.5, 35.3361, 40.141235, 36.0])
        );
        assert_eq!(
            c["covering"]["bbox"]["ymax"],
            serde_json::json!(["bbox", "ymax"])
        );
    }

    #[test]
    fn large_sets_are_cut_into_row_groups_and_empty_sets_are_files() {
        let many: Vec<_> = (0..ROW_GROUP + 10)
            .map(|k| incident(&k.to_string(), Some(40.0), Some(35.0)))
            .collect();
        let (out, _) = write(&many);
        let meta = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(out))
            .unwrap()
            .metadata()
            .clone();
        let groups: Vec<i64> = meta.row_groups().iter().map(|g| g.num_rows()).collect();
        assert_eq!(groups, vec![ROW_GROUP as i64, 10]);

        let (out, s) = write(&[]);
        assert_eq!(s.written, 0);
        let (batches, geo) = read(out);
        assert!(batches.iter().all(|b| b.num_rows() == 0));
        let geo: serde_json::Value = serde_json::from_str(&geo).unwrap();
        assert!(geo["columns"]["geometry"].get("bbox").is_none());
    }

    #[test]
    fn a_column_named_like_the_geometry_is_refused() {
        let mut out = Vec::new();
        let s = Schema::new(vec![super::super::Column::new("geometry", Kind::Str)]);
        let err = Writer::new(&mut out, &s).err().unwrap();
        assert!(err.to_string().contains("rename it"), "{err}");
    }

    /// The lines of [`read_as_geojson_lines`], parsed.
    fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
        let text = read_as_geojson_lines(bytes).unwrap();
        text.split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect()
    }

    #[test]
    fn reads_back_as_the_geojson_features_extract_writes() {
        let (out, _) = write(&[
            incident("a", Some(40.1), Some(35.3)),
            incident("b", None, None),
        ]);
        let got = lines(&out);
        assert_eq!(got.len(), 2);
        let a = &got[0];
        assert_eq!(a["id"], "a");
        assert_eq!(a["geometry"]["type"], "Point");
        assert_eq!(
            a["geometry"]["coordinates"],
            serde_json::json!([40.1, 35.3])
        );
        let p = &a["properties"];
        assert_eq!(p["fatalities"], 5);
        assert_eq!(p["fatalities_known"], true);
        assert_eq!(p["event_date"], "2014-06-18");
        assert_eq!(p["actor1"], serde_json::Value::Null);
        assert_eq!(p["confidence"], 0.823);
        assert!(p.get(BBOX).is_none() && p.get(GEOMETRY).is_none(), "{p}");
        // No location: a null geometry, which readers count as "without geometry".
        assert_eq!(got[1]["id"], "b");
        assert_eq!(got[1]["geometry"], serde_json::Value::Null);
    }

    /// A file from another tool: other integer, float, text and time types, a geometry column
    /// named by the `geo` metadata, and a column of a type not read (left out).
    #[test]
    fn reads_the_types_other_tools_write() {
        use arrow_array::builder::{Float32Builder, Int8Builder, LargeStringBuilder, ListBuilder};
        use arrow_array::{Date64Array, TimestampMillisecondArray};
        let fields = vec![
            Field::new("small", DataType::Int8, true),
            Field::new("ratio", DataType::Float32, true),
            Field::new("name", DataType::LargeUtf8, true),
            Field::new(
                "seen",
                DataType::Timestamp(arrow_schema::TimeUnit::Millisecond, None),
                true,
            ),
            Field::new("day", DataType::Date64, true),
            Field::new(
                "tags",
                DataType::List(Arc::new(Field::new("item", DataType::Int8, true))),
                true,
            ),
            Field::new("geom", DataType::Binary, true),
        ];
        let schema = Arc::new(ArrowSchema::new(fields));
        let mut small = Int8Builder::new();
        small.append_value(-3);
        small.append_null();
        let mut ratio = Float32Builder::new();
        ratio.append_value(0.5);
        ratio.append_value(f32::NAN);
        let mut name = LargeStringBuilder::new();
        name.append_value("Hatla");
        name.append_value("Line");
        let mut tags = ListBuilder::new(Int8Builder::new());
        tags.values().append_value(1);
        tags.append(true);
        tags.append(true);
        let mut geom = BinaryBuilder::new();
        geom.append_value(crate::export::wkb::point([40.2, 35.34]));
        let mut line = crate::export::wkb::point([0.0, 0.0]);
        line[1] = 2;
        geom.append_value(line);
        let day = 1_403_222_400_000i64; // 2014-06-20
        let columns: Vec<ArrayRef> = vec![
            Arc::new(small.finish()),
            Arc::new(ratio.finish()),
            Arc::new(name.finish()),
            Arc::new(TimestampMillisecondArray::from(vec![day + 3_723_000, day])),
            Arc::new(Date64Array::from(vec![Some(day), None])),
            Arc::new(tags.finish()),
            Arc::new(geom.finish()),
        ];
        let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
        let mut w = ArrowWriter::try_new(Vec::new(), schema, None).unwrap();
        w.write(&batch).unwrap();
        w.append_key_value_metadata(KeyValue::new(
            "geo".into(),
            r#"{"version":"1.1.0","primary_column":"geom","columns":{"geom":{"encoding":"WKB"}}}"#
                .to_string(),
        ));
        let bytes = w.into_inner().unwrap();
        let got = lines(&bytes);
        let want = serde_json::json!([
            {"type": "Feature",
             "geometry": {"type": "Point", "coordinates": [40.2, 35.34]},
             "properties": {"small": -3, "ratio": 0.5, "name": "Hatla",
                            "seen": "2014-06-20T01:02:03", "day": "2014-06-20"}},
            {"type": "Feature",
             "geometry": {"type": "LineString", "coordinates": []},
             "properties": {"small": null, "ratio": null, "name": "Line",
                            "seen": "2014-06-20T00:00:00", "day": null}},
        ]);
        assert_eq!(serde_json::Value::Array(got), want);
    }

    #[test]
    fn what_is_not_parquet_is_an_error() {
        for bad in [&b""[..], b"PAR1", b"PAR1 and more, but no footer PAR1"] {
            assert!(read_as_geojson_lines(bad).is_err(), "{bad:?}");
        }
        let (whole, _) = write(&[incident("a", Some(40.1), Some(35.3))]);
        let cut = &whole[..whole.len() - 10];
        let e = read_as_geojson_lines(cut).unwrap_err();
        assert!(e.to_string().contains("not a Parquet file"), "{e}");
        // A file whose pages panicked inside the arrow crate (the fuzz target's find).
        let corrupt = include_bytes!("../../tests/fixtures/bad/corrupt.parquet");
        let e = read_as_geojson_lines(&corrupt[..]).unwrap_err();
        assert!(e.to_string().contains("corrupt file"), "{e}");
    }
}
