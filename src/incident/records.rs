//! Incidents in the shapes writers need: GeoJSON features (the geometry a point, or null
//! when the report gives no place; every field a property) and flat CSV rows with ACLED's
//! column names where it has them.

use serde_json::{json, Value};

use crate::model::Incident;

/// A GeoJSON Feature for the incident: `id` the incident id, a Point `[lon, lat]` geometry
/// (null without a location), and every incident field as a property.
pub fn feature(i: &Incident) -> Value {
    let geometry = match (i.lon, i.lat) {
        (Some(lon), Some(lat)) => json!({"type": "Point", "coordinates": [lon, lat]}),
        _ => Value::Null,
    };
    json!({
        "type": "Feature",
        "id": i.id,
        "geometry": geometry,
        "properties": serde_json::to_value(i).unwrap_or(Value::Null),
    })
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 23] = [
    "id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "fatalities",
    "fatalities_known",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source_id",
    "source_title",
    "source_url",
    "sentence",
    "span_start",
    "span_end",
    "confidence",
    "notes",
];

/// The incident as a CSV row, in [`CSV_HEADER`] order.
pub fn csv_row(i: &Incident) -> Vec<String> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let num = |x: Option<f64>| x.map(|v| format!("{v:.5}")).unwrap_or_default();
    vec![
        i.id.clone(),
        opt(&i.event_date),
        i.time_precision.to_string(),
        i.event_type.to_string(),
        i.sub_event_type.to_string(),
        opt(&i.actor1),
        opt(&i.actor2),
        i.fatalities.to_string(),
        i.fatalities_known.to_string(),
        opt(&i.country),
        opt(&i.admin1),
        opt(&i.location),
        num(i.lat),
        num(i.lon),
        i.geo_precision.to_string(),
        i.source.id.clone(),
        i.source.title.clone(),
        opt(&i.source.url),
        i.sentence.to_string(),
        i.span[0].to_string(),
        i.span[1].to_string(),
        format!("{:.3}", i.confidence),
        i.notes.clone(),
    ]
}
