//! One incident in the shapes the writers give it, for callers that want a single feature or
//! row as a value rather than a file: a GeoJSON Feature and an ACLED-style CSV row. The
//! shapes themselves (flat typed properties, ACLED's columns) are defined once, in
//! [`crate::export`]; this module only runs one incident through them, so a value from here
//! is exactly what `extract` writes.

use serde_json::Value;

use crate::export::schema::ACLED_COLUMNS;
use crate::export::{self, Format};
use crate::model::Incident;

/// The GeoJSON Feature `extract` writes for the incident: `id` the incident id, a Point
/// `[lon, lat]` (6 decimals) or a null geometry, flat typed properties.
pub fn feature(i: &Incident) -> Value {
    let mut out = Vec::new();
    let written = export::Writer::new(
        &mut out,
        Format::GeoJsonLines,
        export::incident::schema(),
        "",
    )
    .and_then(|mut w| {
        w.write(i)?;
        w.finish()
    });
    match written {
        Ok(_) => serde_json::from_slice(&out).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

/// The CSV columns `extract` writes, in order: ACLED's ([`ACLED_COLUMNS`]), then incimap's.
pub const CSV_HEADER: [&str; 40] = concat(
    ACLED_COLUMNS,
    [
        "country_code",
        "fatalities_known",
        "source_id",
        "source_url",
        "sentence",
        "span_start",
        "span_end",
        "confidence",
        "far_km",
    ],
);

const fn concat(a: [&'static str; 31], b: [&'static str; 9]) -> [&'static str; 40] {
    let mut out = [""; 40];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    while i < out.len() {
        out[i] = b[i - a.len()];
        i += 1;
    }
    out
}

/// The incident as a CSV row, in [`CSV_HEADER`] order.
pub fn csv_row(i: &Incident) -> Vec<String> {
    let mut out = Vec::new();
    let written = export::Writer::new(&mut out, Format::Csv, export::incident::schema(), "")
        .and_then(|mut w| {
            w.write(i)?;
            w.finish()
        });
    if written.is_err() {
        return Vec::new();
    }
    let mut rows = csv::Reader::from_reader(&out[..]).into_records();
    match rows.next() {
        Some(Ok(r)) => r.iter().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_the_writers() {
        assert_eq!(
            export::csv::header(&export::incident::schema()),
            CSV_HEADER.map(String::from)
        );
    }
}
