//! The incident schema: the flat, typed columns an [`Incident`] is written as, in every format.
//!
//! Nested fields are flattened (`source` into `source_id`, `source_title`, `source_url`;
//! `span` into `span_start`, `span_end`) so GIS tools see one typed column per field. The
//! names are the model's; the CSV writer maps them to ACLED's (`id` is `event_id_cnty`,
//! `source_title` is `source`, ...).

use super::schema::{round, Cell, Column, Kind, Row, Schema};
use crate::model::Incident;

/// One column of the incident schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// The model field is an `Option`: an empty CSV cell reads back as null.
    pub optional: bool,
}

const fn f(name: &'static str, kind: Kind, optional: bool) -> Field {
    Field {
        name,
        kind,
        optional,
    }
}

/// The incident columns, in the order GeoJSON and FlatGeobuf write them.
pub(crate) const FIELDS: [Field; 21] = [
    f("id", Kind::Str, false),
    f("event_date", Kind::Date, true),
    f("time_precision", Kind::Int, false),
    f("event_type", Kind::Str, false),
    f("sub_event_type", Kind::Str, false),
    f("actor1", Kind::Str, true),
    f("actor2", Kind::Str, true),
    f("fatalities", Kind::Int, false),
    f("fatalities_known", Kind::Bool, false),
    f("country", Kind::Str, true),
    f("admin1", Kind::Str, true),
    f("location", Kind::Str, true),
    f("geo_precision", Kind::Int, false),
    f("source_id", Kind::Str, false),
    f("source_title", Kind::Str, false),
    f("source_url", Kind::Str, true),
    f("sentence", Kind::Int, false),
    f("span_start", Kind::Int, false),
    f("span_end", Kind::Int, false),
    f("confidence", Kind::Float, false),
    f("notes", Kind::Str, false),
];

/// The schema [`Incident`] rows are written with.
pub fn schema() -> Schema {
    Schema::new(FIELDS.iter().map(|f| Column::new(f.name, f.kind)).collect())
}

fn text(s: &Option<String>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Null, Cell::Str)
}

impl Row for Incident {
    fn point(&self) -> Option<[f64; 2]> {
        Some([self.lon?, self.lat?])
    }

    /// Cells in the order of [`schema`].
    fn cell(&self, i: usize) -> Cell<'_> {
        match i {
            0 => Cell::Str(&self.id),
            1 => text(&self.event_date),
            2 => Cell::Int(self.time_precision.into()),
            3 => Cell::Str(self.event_type.as_str()),
            4 => Cell::Str(self.sub_event_type.as_str()),
            5 => text(&self.actor1),
            6 => text(&self.actor2),
            7 => Cell::Int(self.fatalities.into()),
            8 => Cell::Bool(self.fatalities_known),
            9 => text(&self.country),
            10 => text(&self.admin1),
            11 => text(&self.location),
            12 => Cell::Int(self.geo_precision.into()),
            13 => Cell::Str(&self.source.id),
            14 => Cell::Str(&self.source.title),
            15 => text(&self.source.url),
            16 => Cell::Int(self.sentence as i64),
            17 => Cell::Int(self.span[0] as i64),
            18 => Cell::Int(self.span[1] as i64),
            // Three decimals: the score is not more precise than that, and every format
            // then prints the same number.
            19 => Cell::Float(round(self.confidence, 1e3)),
            20 => Cell::Str(&self.notes),
            _ => Cell::Null,
        }
    }
}
