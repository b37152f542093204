//! The incident schema: the flat, typed columns an [`Incident`] is written as, in every format.
//!
//! Nested fields are flattened (`source` into `source_id`, `source_title`, `source_url`;
//! `span` into `span_start`, `span_end`) so GIS tools see one typed column per field. The
//! names are the model's; the CSV writer maps them to ACLED's (`id` is `event_id_cnty`,
//! `source_title` is `source`, ...).

use super::acled;
use super::countries;
use super::schema::{round, Cell, Column, Row, Schema};
use crate::model::Incident;

pub(crate) use super::schema::FIELDS;

/// The schema [`Incident`] rows are written with.
pub fn schema() -> Schema {
    Schema::new(FIELDS.iter().map(|f| Column::new(f.name, f.kind)).collect())
}

fn text(s: &Option<String>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Null, Cell::Str)
}

impl Row for Incident {
    fn point(&self) -> Option<[f64; 2]> {
        self.point.map(Into::into)
    }

    /// Cells in the order of [`schema`]; ACLED's derived columns ([`acled`]) are worked out
    /// here, so every format writes the same values.
    fn cell(&self, i: usize) -> Cell<'_> {
        let country = || self.country.as_deref();
        let inter = |actor: &Option<String>| {
            acled::inter(actor.as_deref()?, country().and_then(countries::name))
        };
        let code = |c: Option<u8>| c.map_or(Cell::Null, |c| Cell::Int(c.into()));
        let event_type = self.event_type.as_str();
        match i {
            0 => Cell::Str(&self.id),
            1 => self.event_date.map_or(Cell::Null, Cell::Date),
            2 => Cell::Int(self.time_precision.into()),
            3 => acled::disorder_type(event_type, self.sub_event_type.as_str())
                .map_or(Cell::Null, Cell::Str),
            4 => Cell::Str(event_type),
            5 => Cell::Str(self.sub_event_type.as_str()),
            6 => text(&self.actor1),
            7 => text(&self.assoc_actor_1),
            8 => code(inter(&self.actor1)),
            9 => text(&self.actor2),
            10 => text(&self.assoc_actor_2),
            11 => code(inter(&self.actor2)),
            12 => code(acled::interaction(inter(&self.actor1), inter(&self.actor2))),
            13 => acled::civilian_targeting(event_type, inter(&self.actor2))
                .map_or(Cell::Null, Cell::Str),
            14 => country()
                .and_then(acled::iso_numeric)
                .map_or(Cell::Null, |n| Cell::Int(n.into())),
            15 => country()
                .and_then(acled::region)
                .map_or(Cell::Null, Cell::Str),
            16 => text(&self.country),
            17 => text(&self.admin1),
            18 => self.syrian_district().map_or(Cell::Null, Cell::Str),
            19 => Cell::Null,
            20 => text(&self.location),
            21 => Cell::Int(self.geo_precision.into()),
            22 => Cell::Str(&self.source.title),
            23 => Cell::Str(&self.notes),
            24 => Cell::Int(self.fatalities.into()),
            25 => Cell::Bool(self.fatalities_known),
            26 => Cell::Str(&self.source.id),
            27 => text(&self.source.url),
            28 => Cell::Int(self.sentence as i64),
            29 => Cell::Int(self.span[0] as i64),
            30 => Cell::Int(self.span[1] as i64),
            // Three decimals: the score is not more precise than that, and every format
            // then prints the same number.
            31 => Cell::Float(round(self.confidence, 1e3)),
            32 => self.far_km.map_or(Cell::Null, |km| Cell::Int(km.into())),
            _ => Cell::Null,
        }
    }
}

impl Incident {
    /// The OCHA district of a located Syrian incident (only Syria's are bundled).
    fn syrian_district(&self) -> Option<&'static str> {
        if !self.country.as_deref()?.eq_ignore_ascii_case("SY") {
            return None;
        }
        let p = self.point?;
        acled::syria_admin(p.lon(), p.lat()).map(|(_, admin2)| admin2)
    }
}
