//! One incident in the shapes the writers give it, for callers that want a single feature or
//! row as a value rather than a file: a GeoJSON Feature and an ACLED-style CSV row. The
//! shapes themselves (flat typed properties, ACLED's columns) are defined once, in
//! [`crate::export`]; this module only runs one incident through them, so a value from here
//! is exactly what `extract` writes.

use serde_json::Value;

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

/// The CSV columns `extract` writes, in order: ACLED's, then incimap's.
pub const CSV_HEADER: [&str; 39] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "country_code",
    "fatalities_known",
    "source_id",
    "source_url",
    "sentence",
    "span_start",
    "span_end",
    "confidence",
];

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
