//! What every writer shares: a [`Schema`] of typed, flat columns and [`Row`]s that hand out one
//! [`Cell`] per column. Incidents ([`super::incident`]) and features read back from files
//! ([`super::normalize`]) both become rows, so every format is written by one code path
//! whatever the command. [`FIELDS`] is the one table of incident columns and
//! [`ACLED_COLUMNS`] ACLED's, which every CSV starts with.

/// The type of a column, as GIS tools see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    /// Fits in 32 bits (GDAL `Integer`).
    Int,
    /// Needs 64 bits (GDAL `Integer64`).
    Long,
    Float,
    Str,
    /// An ISO 8601 calendar date, `YYYY-MM-DD`, held as text.
    Date,
}

/// ACLED's columns in ACLED's order (its codebook and exports): every CSV starts with all
/// of them, empty where nothing is known.
pub const ACLED_COLUMNS: [&str; 31] = [
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
];

/// One column of the incident schema.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// Absent for some incidents: an empty CSV cell reads back as null.
    pub optional: bool,
    /// The ACLED column it fills, when ACLED names it otherwise.
    pub acled: Option<&'static str>,
}

const fn f(name: &'static str, kind: Kind, optional: bool) -> Field {
    Field {
        name,
        kind,
        optional,
        acled: None,
    }
}

const fn as_acled(name: &'static str, kind: Kind, optional: bool, acled: &'static str) -> Field {
    Field {
        name,
        kind,
        optional,
        acled: Some(acled),
    }
}

/// The incident columns, the one table every writer uses: ACLED's first, in ACLED's order
/// and under ACLED's names but for three (`id` is `event_id_cnty`, `source_title` is
/// `source`, `country` holds the ISO alpha-2 code, written as ACLED's country name in CSV),
/// then incimap's own. ACLED's columns that a point or a date derive (`year`, `latitude`,
/// `longitude`) or that incimap cannot know (`source_scale`, `tags`, `timestamp`) are added
/// by the CSV writer ([`super::csv`]) only.
pub const FIELDS: [Field; 33] = [
    as_acled("id", Kind::Str, false, "event_id_cnty"),
    f("event_date", Kind::Date, true),
    f("time_precision", Kind::Int, false),
    f("disorder_type", Kind::Str, true),
    f("event_type", Kind::Str, false),
    f("sub_event_type", Kind::Str, false),
    f("actor1", Kind::Str, true),
    f("assoc_actor_1", Kind::Str, true),
    f("inter1", Kind::Int, true),
    f("actor2", Kind::Str, true),
    f("assoc_actor_2", Kind::Str, true),
    f("inter2", Kind::Int, true),
    f("interaction", Kind::Int, true),
    f("civilian_targeting", Kind::Str, true),
    f("iso", Kind::Int, true),
    f("region", Kind::Str, true),
    f("country", Kind::Str, true),
    f("admin1", Kind::Str, true),
    f("admin2", Kind::Str, true),
    f("admin3", Kind::Str, true),
    f("location", Kind::Str, true),
    f("geo_precision", Kind::Int, false),
    as_acled("source_title", Kind::Str, false, "source"),
    f("notes", Kind::Str, false),
    f("fatalities", Kind::Int, false),
    // incimap's own.
    f("fatalities_known", Kind::Bool, false),
    f("source_id", Kind::Str, false),
    f("source_url", Kind::Str, true),
    f("sentence", Kind::Int, false),
    f("span_start", Kind::Int, false),
    f("span_end", Kind::Int, false),
    f("confidence", Kind::Float, false),
    f("far_km", Kind::Int, true),
];

/// One value; [`Cell::Null`] where a row has none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
    /// A calendar day, as an [`Incident`](crate::model::Incident) holds it; a date read
    /// back from a file comes as the text it was written as ([`Cell::Str`]), and every
    /// writer writes both alike (`YYYY-MM-DD`).
    Date(chrono::NaiveDate),
}

/// A named, typed column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

impl Column {
    pub fn new(name: impl Into<String>, kind: Kind) -> Column {
        Column {
            name: name.into(),
            kind,
        }
    }
}

/// The columns of a file, in order. The column named `id`, if any, is the feature id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema {
    pub columns: Vec<Column>,
}

impl Schema {
    pub fn new(columns: Vec<Column>) -> Schema {
        Schema { columns }
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The index of the column called `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// A record a writer can write: a point, or none, and one cell per schema column.
pub trait Row {
    /// `[lon, lat]` in WGS84 degrees, or `None` for a record without a location.
    fn point(&self) -> Option<[f64; 2]>;
    /// The value of column `i` of the schema the row was made for.
    fn cell(&self, i: usize) -> Cell<'_>;
}

/// A row with one cell replaced: how a writer renames a repeated id without copying the row.
pub(crate) struct Patched<'r> {
    pub row: &'r dyn Row,
    pub column: usize,
    pub value: &'r str,
}

impl Row for Patched<'_> {
    fn point(&self) -> Option<[f64; 2]> {
        self.row.point()
    }

    fn cell(&self, i: usize) -> Cell<'_> {
        if i == self.column {
            Cell::Str(self.value)
        } else {
            self.row.cell(i)
        }
    }
}

/// A position rounded to 6 decimals (about 11 cm), as every format writes it; `None` when it
/// is not a valid WGS84 longitude and latitude.
pub fn round_point(p: Option<[f64; 2]>) -> Option<[f64; 2]> {
    let [lon, lat] = p?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return None;
    }
    Some([round(lon, 1e6), round(lat, 1e6)])
}

/// `x` rounded to `1/scale` (scale a power of ten), without a negative zero.
pub fn round(x: f64, scale: f64) -> f64 {
    let r = (x * scale).round() / scale;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A bounding box `[west, south, east, north]`, grown one point at a time.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bbox(Option<[f64; 4]>);

impl Bbox {
    pub fn add(&mut self, [lon, lat]: [f64; 2]) {
        self.0 = Some(match self.0 {
            None => [lon, lat, lon, lat],
            Some([w, s, e, n]) => [w.min(lon), s.min(lat), e.max(lon), n.max(lat)],
        });
    }

    /// `[west, south, east, north]`, or `None` when no point was added.
    pub fn get(&self) -> Option<[f64; 4]> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_keeps_six_decimals_and_drops_invalid_points() {
        assert_eq!(
            round_point(Some([40.141234567, -35.3360004])),
            Some([40.141235, -35.336])
        );
        assert_eq!(round_point(Some([-0.0000001, 0.0])), Some([0.0, 0.0]));
        assert!(round_point(Some([0.0, 0.0])).unwrap()[0].is_sign_positive());
        assert_eq!(round_point(Some([181.0, 0.0])), None);
        assert_eq!(round_point(Some([f64::NAN, 0.0])), None);
        assert_eq!(round_point(None), None);
    }

    #[test]
    fn bbox_grows() {
        let mut b = Bbox::default();
        assert_eq!(b.get(), None);
        b.add([40.0, 35.0]);
        b.add([39.0, 36.5]);
        assert_eq!(b.get(), Some([39.0, 35.0, 40.0, 36.5]));
    }
}
