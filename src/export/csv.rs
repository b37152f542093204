//! ACLED-style CSV: all of ACLED's columns ([`ACLED_COLUMNS`]), in ACLED's order, then
//! incimap's own, so a sheet made for ACLED exports takes ours.
//!
//! Each ACLED column is the schema's column of that name, or of incimap's name for it
//! ([`FIELDS`]: `id` for `event_id_cnty`, `source_title` for `source`); `year` is derived
//! from `event_date`, `latitude`/`longitude` from the point, and `country` is the country's
//! name as ACLED writes it. A column the schema lacks is written empty. Then `country_code`
//! (ISO 3166-1 alpha-2) and every other column of the schema in its order:
//! `fatalities_known`, `source_id`, `source_url`, `sentence`, `span_start`, `span_end`,
//! `confidence`, `far_km` for incidents.
//!
//! Coordinates are WGS84 decimal degrees rounded to 6 decimals; a row without a location has
//! empty `latitude` and `longitude`. Numbers are plain (`5`, `0.85`), booleans `true`/`false`,
//! dates `YYYY-MM-DD`, missing values empty; UTF-8 without a byte-order mark, RFC 4180
//! quoting, `\n` line ends. QGIS's delimited-text provider finds the point columns by their
//! names; GDAL needs to be told:
//! `ogrinfo -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -oo AUTODETECT_TYPE=YES`.
//! pandas reads it with `pd.read_csv(path)` as it is.

use std::io::Write;

use super::countries;
use super::schema::{Cell, Row, Schema, ACLED_COLUMNS, FIELDS};

/// Where a CSV column's value comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Source {
    Column(usize),
    /// The year of a `YYYY-MM-DD` column.
    Year(usize),
    /// The country name for an ISO code column (other text is written as it is).
    CountryName(usize),
    /// The ISO code of a country column, when it holds one.
    CountryCode(usize),
    Latitude,
    Longitude,
    /// An ACLED column nothing fills.
    Empty,
}

/// The CSV header for a schema, in the order [`Writer`] writes it.
#[cfg(test)]
pub(crate) fn header(schema: &Schema) -> Vec<String> {
    plan(schema).into_iter().map(|(h, _)| h).collect()
}

fn plan(schema: &Schema) -> Vec<(String, Source)> {
    let mut out: Vec<(String, Source)> = Vec::new();
    let mut used = vec![false; schema.len()];
    // The schema column an ACLED column is made from: its own name, else incimap's name.
    let own_name = |acled: &str| {
        FIELDS
            .iter()
            .find(|f| f.acled == Some(acled))
            .map(|f| f.name)
    };
    for name in ACLED_COLUMNS {
        let column = schema
            .position(name)
            .or_else(|| own_name(name).and_then(|n| schema.position(n)));
        let source = match (name, column) {
            ("latitude", _) => Source::Latitude,
            ("longitude", _) => Source::Longitude,
            ("year", None) => match schema.position("event_date") {
                Some(i) => Source::Year(i),
                None => Source::Empty,
            },
            (_, None) => Source::Empty,
            (_, Some(i)) => {
                used[i] = true;
                match name {
                    "country" => Source::CountryName(i),
                    _ => Source::Column(i),
                }
            }
        };
        out.push((name.to_string(), source));
    }
    if let Some(i) = schema.position("country") {
        out.push(("country_code".to_string(), Source::CountryCode(i)));
    }
    for (i, c) in schema.columns.iter().enumerate() {
        if !used[i] {
            out.push((c.name.clone(), Source::Column(i)));
        }
    }
    // A schema column may already carry an ACLED name (an `event_id_cnty` next to an `id`):
    // number the later one rather than write two columns of the same name.
    let mut seen = std::collections::HashSet::new();
    for (name, _) in &mut out {
        if !seen.insert(name.clone()) {
            let mut k = 2;
            while !seen.insert(format!("{name}_{k}")) {
                k += 1;
            }
            *name = format!("{name}_{k}");
        }
    }
    out
}

/// Streams rows as ACLED-style CSV.
pub struct Writer<'w> {
    csv: ::csv::Writer<&'w mut dyn Write>,
    plan: Vec<Source>,
    num: Vec<u8>,
}

impl<'w> Writer<'w> {
    pub fn new(out: &'w mut dyn Write, schema: &Schema) -> std::io::Result<Writer<'w>> {
        let (header, plan): (Vec<String>, Vec<Source>) = plan(schema).into_iter().unzip();
        let mut csv = ::csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(out);
        csv.write_record(&header)?;
        Ok(Writer {
            csv,
            plan,
            num: Vec::with_capacity(32),
        })
    }

    pub fn write(&mut self, row: &dyn Row, point: Option<[f64; 2]>) -> std::io::Result<()> {
        for k in 0..self.plan.len() {
            let cell = match self.plan[k] {
                Source::Column(i) => row.cell(i),
                Source::Year(i) => match row.cell(i) {
                    Cell::Str(s) => year(s).map_or(Cell::Null, Cell::Int),
                    Cell::Date(d) => Cell::Int(chrono::Datelike::year(&d).into()),
                    _ => Cell::Null,
                },
                Source::CountryName(i) => match row.cell(i) {
                    Cell::Str(s) => Cell::Str(countries::name(s).unwrap_or(s)),
                    other => other,
                },
                Source::CountryCode(i) => match row.cell(i) {
                    Cell::Str(s) if countries::name(s).is_some() => Cell::Str(s),
                    _ => Cell::Null,
                },
                Source::Latitude => point.map_or(Cell::Null, |p| Cell::Float(p[1])),
                Source::Longitude => point.map_or(Cell::Null, |p| Cell::Float(p[0])),
                Source::Empty => Cell::Null,
            };
            self.field(cell)?;
        }
        self.csv.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn field(&mut self, cell: Cell<'_>) -> std::io::Result<()> {
        match cell {
            Cell::Null => self.csv.write_field(b"")?,
            Cell::Bool(b) => self.csv.write_field(if b { "true" } else { "false" })?,
            Cell::Str(s) => self.csv.write_field(s)?,
            Cell::Date(d) => {
                self.num.clear();
                write!(self.num, "{d}")?;
                self.csv.write_field(&self.num)?;
            }
            Cell::Int(n) => {
                self.num.clear();
                serde_json::to_writer(&mut self.num, &n)?;
                self.csv.write_field(&self.num)?;
            }
            Cell::Float(x) if x.is_finite() => {
                self.num.clear();
                serde_json::to_writer(&mut self.num, &x)?;
                self.csv.write_field(&self.num)?;
            }
            Cell::Float(_) => self.csv.write_field(b"")?,
        }
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.csv.flush()
    }
}

/// The year of a date (any form [`crate::read::parse_date`] reads).
fn year(date: &str) -> Option<i64> {
    use chrono::Datelike;
    crate::read::parse_date(date).map(|d| d.year().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::schema::{Column, Kind};

    #[test]
    fn acled_columns_first_then_ours() {
        // The whole header is checked against `incident::records::CSV_HEADER`.
        let h = header(&crate::export::incident::schema());
        assert_eq!(h[..ACLED_COLUMNS.len()], ACLED_COLUMNS.map(String::from));
        assert_eq!(h[ACLED_COLUMNS.len()], "country_code");
        assert_eq!(h.last().map(String::as_str), Some("far_km"));
        assert!(!h.contains(&"id".to_string()) && !h.contains(&"source_title".to_string()));
    }

    #[test]
    fn every_acled_column_even_when_the_schema_lacks_it() {
        let s = Schema::new(vec![
            Column::new("id", Kind::Str),
            Column::new("event_id_cnty", Kind::Str),
            Column::new("latitude", Kind::Float),
        ]);
        let h = header(&s);
        assert_eq!(h[..ACLED_COLUMNS.len()], ACLED_COLUMNS.map(String::from));
        // An ACLED-named column wins over incimap's name for it; a repeated name is numbered.
        assert_eq!(h[ACLED_COLUMNS.len()..], ["id", "latitude_2"]);
    }

    #[test]
    fn years_only_from_dates() {
        assert_eq!(year("2014-06-18"), Some(2014));
        assert_eq!(year("18 June 2014"), Some(2014));
        assert_eq!(year("2014"), None);
        assert_eq!(year("201"), None);
        assert_eq!(year("2014-06-0é"), None);
    }
}
