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
    let day = crate::read::parse_date(s)?;
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

/// A point as little-endian ISO WKB.
pub(crate) fn wkb([lon, lat]: [f64; 2]) -> [u8; 21] {
    let mut b = [0u8; 21];
    b[0] = 1;
    b[1..5].copy_from_slice(&1u32.to_le_bytes());
    b[5..13].copy_from_slice(&lon.to_le_bytes());
    b[13..21].copy_from_slice(&lat.to_le_bytes());
    b
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
                self.geometry.append_value(wkb(p));
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
        assert_eq!(g.value(0), &wkb([40.141235, 35.3361])[..]);
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
}
