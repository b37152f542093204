//! GeoJSON exactly as RFC 7946 has it, so any GIS tool and any strict validator opens it.
//!
//! * one `FeatureCollection`, UTF-8 without a byte-order mark, no `crs` member (RFC 7946
//!   coordinates are always WGS84 longitude, latitude);
//! * Point geometries `[lon, lat]` rounded to 6 decimals (about 11 cm), or `"geometry": null`
//!   for an incident the report gives no place for (RFC 7946 §3.2 allows unlocated features);
//! * `id` on every feature that has one, unique within the file (the writer in
//!   [`super::Writer`] renames repeats), and repeated in the properties so tools that only
//!   show properties still show it;
//! * flat, typed properties: numbers as numbers, booleans as booleans, dates as ISO 8601
//!   `YYYY-MM-DD` text, missing values as `null`; every feature has every key;
//! * a `bbox` `[west, south, east, north]` on the collection. Features are streamed, so the
//!   collection's `bbox` member comes after `features` (JSON members are unordered); a file
//!   with no located feature has none.
//!
//! Memory stays flat whatever the number of features: each is encoded and written in turn.

use std::io::Write;

use super::schema::{Bbox, Cell, Row, Schema};

/// Streams features into one FeatureCollection.
pub struct Writer<'w> {
    out: &'w mut dyn Write,
    buf: Vec<u8>,
    first: bool,
}

impl<'w> Writer<'w> {
    pub fn new(out: &'w mut dyn Write) -> std::io::Result<Writer<'w>> {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        Ok(Writer {
            out,
            buf: Vec::with_capacity(4096),
            first: true,
        })
    }

    pub fn write(
        &mut self,
        schema: &Schema,
        id: Option<usize>,
        row: &dyn Row,
        point: Option<[f64; 2]>,
    ) -> std::io::Result<()> {
        self.buf.clear();
        self.buf
            .extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        encode_feature(&mut self.buf, schema, id, row, point)?;
        self.out.write_all(&self.buf)
    }

    /// Close the collection, with its `bbox` when any feature has a location.
    pub fn finish(self, bbox: Bbox) -> std::io::Result<()> {
        let mut tail = Vec::with_capacity(128);
        tail.extend_from_slice(if self.first { b"]" } else { b"\n]" });
        if let Some(b) = bbox.get() {
            tail.extend_from_slice(b",\"bbox\":");
            numbers(&mut tail, &b)?;
        }
        tail.extend_from_slice(b"}\n");
        self.out.write_all(&tail)
    }
}

/// One Feature object, without a trailing newline.
pub(crate) fn encode_feature(
    buf: &mut Vec<u8>,
    schema: &Schema,
    id: Option<usize>,
    row: &dyn Row,
    point: Option<[f64; 2]>,
) -> std::io::Result<()> {
    buf.extend_from_slice(b"{\"type\":\"Feature\"");
    match id.map(|i| row.cell(i)) {
        Some(Cell::Str(s)) if !s.is_empty() => {
            buf.extend_from_slice(b",\"id\":");
            super::json::string(buf, s);
        }
        Some(Cell::Int(n)) => {
            buf.extend_from_slice(b",\"id\":");
            serde_json::to_writer(&mut *buf, &n)?;
        }
        _ => {}
    }
    match point {
        Some(p) => {
            buf.extend_from_slice(b",\"geometry\":{\"type\":\"Point\",\"coordinates\":");
            numbers(buf, &p)?;
            buf.push(b'}');
        }
        None => buf.extend_from_slice(b",\"geometry\":null"),
    }
    buf.extend_from_slice(b",\"properties\":{");
    for (i, col) in schema.columns.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        super::json::string(buf, &col.name);
        buf.push(b':');
        value(buf, row.cell(i))?;
    }
    buf.extend_from_slice(b"}}");
    Ok(())
}

/// A cell as a JSON value.
fn value(buf: &mut Vec<u8>, cell: Cell<'_>) -> std::io::Result<()> {
    match cell {
        Cell::Null => buf.extend_from_slice(b"null"),
        Cell::Bool(true) => buf.extend_from_slice(b"true"),
        Cell::Bool(false) => buf.extend_from_slice(b"false"),
        Cell::Int(n) => serde_json::to_writer(&mut *buf, &n)?,
        // Non-finite numbers have no JSON form; serde_json writes them as null.
        Cell::Float(x) => serde_json::to_writer(&mut *buf, &x)?,
        Cell::Str(s) => super::json::string(buf, s),
        Cell::Date(d) => write!(buf, "\"{d}\"")?,
    }
    Ok(())
}

/// `[a,b,...]`, shortest form of each (already rounded) number.
fn numbers(buf: &mut Vec<u8>, xs: &[f64]) -> std::io::Result<()> {
    buf.push(b'[');
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        serde_json::to_writer(&mut *buf, x)?;
    }
    buf.push(b']');
    Ok(())
}
