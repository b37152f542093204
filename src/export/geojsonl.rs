//! GeoJSON Lines, for streaming: one RFC 7946 Feature per line, each line ending in `\n`.
//!
//! This is plain newline-delimited JSON (NDJSON), not RFC 8142 GeoJSON Text Sequences: no
//! ASCII record separator (0x1E) before each feature. Line-oriented tools (`jq`, `grep`,
//! `split`, pandas `read_json(lines=True)`, DuckDB `read_json`) take NDJSON as it is, while the
//! record separator trips most of them up; GDAL's GeoJSONSeq driver reads both (extension
//! `.geojsonl`), and so does [`crate::features::read`]. Features are the same objects the
//! GeoJSON writer puts in its collection; there is no collection, so no collection `bbox`.

use std::io::Write;

use super::geojson::encode_feature;
use super::schema::{Row, Schema};

/// Streams one Feature per line.
pub struct Writer<'w> {
    out: &'w mut dyn Write,
    buf: Vec<u8>,
}

impl<'w> Writer<'w> {
    pub fn new(out: &'w mut dyn Write) -> Writer<'w> {
        Writer {
            out,
            buf: Vec::with_capacity(4096),
        }
    }

    pub fn write(
        &mut self,
        schema: &Schema,
        id: Option<usize>,
        row: &dyn Row,
        point: Option<[f64; 2]>,
    ) -> std::io::Result<()> {
        self.buf.clear();
        encode_feature(&mut self.buf, schema, id, row, point)?;
        self.buf.push(b'\n');
        self.out.write_all(&self.buf)
    }
}

/// Append one Feature line of a feature read back from a binary format (FlatGeobuf,
/// GeoPackage, GeoParquet), for the GeoJSON Lines reader: the feature's `id` is its `id`
/// property, when that is not null.
pub fn push_feature(
    out: &mut Vec<u8>,
    geometry: serde_json::Value,
    properties: serde_json::Map<String, serde_json::Value>,
) -> std::io::Result<()> {
    let mut feature = serde_json::Map::new();
    feature.insert("type".into(), "Feature".into());
    if let Some(id) = properties.get("id").filter(|v| !v.is_null()) {
        feature.insert("id".into(), id.clone());
    }
    feature.insert("geometry".into(), geometry);
    feature.insert("properties".into(), serde_json::Value::Object(properties));
    serde_json::to_writer(&mut *out, &feature)?;
    out.push(b'\n');
    Ok(())
}
