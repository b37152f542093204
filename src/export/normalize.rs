//! Features read back from an incident file, made into rows of one flat, typed schema, so a
//! command that rewrites them (`layers`) writes exactly what `extract` would have.
//!
//! A file may come from `extract` in any format, from an older incimap, from ACLED or from
//! another tool. What is done to its properties:
//!
//! * nested objects are flattened with `_` (`source.id` becomes `source_id`; a flat key of
//!   that name wins), a two-number `span` becomes `span_start`/`span_end`, other arrays become
//!   JSON text;
//! * ACLED's dates (`02 June 2023`, `2-May-20`, ...) become `YYYY-MM-DD`;
//! * ACLED's CSV names go back to incimap's: `event_id_cnty` is `id`, `source` (text) is
//!   `source_title`, a `country` name with its `country_code` is the code again; the
//!   columns a CSV derives (`year` from `event_date`, `latitude`/`longitude` from the point)
//!   are dropped when they say the same as what they derive from. The feature's own `id` is
//!   the `id` column;
//! * the incident columns ([`super::incident`]) keep their types when every value fits (the
//!   text `"5"` of a CSV is the number 5, an empty cell of an optional column is null);
//!   other columns get the narrowest type that holds all their values.
//!
//! Columns come in the incident schema's order, then the others as first met.
//!
//! Why rows and not [`Incident`](crate::model::Incident)s: what reading and writing share is
//! the incident schema ([`FIELDS`], one [`Kind`] per column) and the [`Row`] trait. An
//! `Incident` is a `Row` when `extract` writes it, a [`FeatureRow`] is one when a file is
//! read back, and both go through the same writers with the same typed cells, so `query -o
//! x.csv` writes what `extract -o x.csv` does. An `Incident` cannot stand in for the row:
//! a file read back may come from ACLED or another tool, with columns an `Incident` has no
//! field for (kept, after the incident columns), and a command must write back all it read.
//! Filters and counts ([`crate::query`]) read only the few columns they test, by the
//! schema's names, and build no rows.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::countries;
use super::incident::FIELDS;
use super::schema::{round, Cell, Column, Kind, Row, Schema};
use crate::features::Feature;

/// A value owned by a [`FeatureRow`].
#[derive(Debug, Clone, PartialEq)]
pub enum Owned {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

/// A feature made into a row of the schema [`rows`] returns.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureRow {
    pub point: [f64; 2],
    pub cells: Vec<Owned>,
}

impl Row for FeatureRow {
    fn point(&self) -> Option<[f64; 2]> {
        Some(self.point)
    }

    fn cell(&self, i: usize) -> Cell<'_> {
        match self.cells.get(i) {
            None | Some(Owned::Null) => Cell::Null,
            Some(Owned::Bool(b)) => Cell::Bool(*b),
            Some(Owned::Int(n)) => Cell::Int(*n),
            Some(Owned::Float(x)) => Cell::Float(*x),
            Some(Owned::Str(s)) => Cell::Str(s),
        }
    }
}

/// The schema the features share and each feature as a row of it, in input order.
pub fn rows(features: Vec<Feature>) -> (Schema, Vec<FeatureRow>) {
    let flat: Vec<([f64; 2], BTreeMap<String, Value>)> = features
        .into_iter()
        .map(|f| ([f.lon, f.lat], properties(f)))
        .collect();

    // Column names: incident columns first, then the rest as first met.
    let mut order: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let present: std::collections::HashSet<&str> = flat
        .iter()
        .flat_map(|(_, p)| p.keys().map(String::as_str))
        .collect();
    for f in FIELDS.iter().filter(|f| present.contains(f.name)) {
        index.insert(f.name.to_string(), order.len());
        order.push(f.name.to_string());
    }
    for (_, p) in &flat {
        for k in p.keys() {
            if !index.contains_key(k) {
                index.insert(k.clone(), order.len());
                order.push(k.clone());
            }
        }
    }

    // Types.
    let mut evidence: Vec<Evidence> = order
        .iter()
        .map(|name| Evidence {
            known: FIELDS
                .iter()
                .find(|f| f.name == name)
                .map(|f| (f.kind, f.optional)),
            fits: true,
            ..Evidence::default()
        })
        .collect();
    for (_, p) in &flat {
        for (k, v) in p {
            evidence[index[k]].add(v);
        }
    }
    let columns: Vec<(Column, bool)> = order
        .into_iter()
        .zip(&evidence)
        .map(|(name, ev)| {
            let (kind, optional) = match ev.known {
                Some(known) if ev.fits => known,
                _ => (ev.kind(), false),
            };
            (Column::new(name, kind), optional)
        })
        .collect();

    let rows = flat
        .into_iter()
        .map(|(point, mut p)| FeatureRow {
            point,
            cells: columns
                .iter()
                .map(|(c, optional)| match p.remove(&c.name) {
                    Some(v) => convert(c.kind, *optional, v),
                    None => Owned::Null,
                })
                .collect(),
        })
        .collect();
    let schema = Schema::new(columns.into_iter().map(|(c, _)| c).collect());
    (schema, rows)
}

/// The feature's properties, flat and under incimap's names.
fn properties(f: Feature) -> BTreeMap<String, Value> {
    let mut p = BTreeMap::new();
    flatten("", f.properties, &mut p);
    if !p.contains_key("id") {
        if let Some(v) = p.remove("event_id_cnty") {
            p.insert("id".into(), v);
        }
    }
    if let Some(fid) = f.id {
        match p.get("id") {
            Some(v) if text(v) == fid => {}
            Some(_) => {
                let old = p.remove("id").unwrap_or(Value::Null);
                p.entry("properties_id".into()).or_insert(old);
                p.insert("id".into(), Value::String(fid));
            }
            None => {
                p.insert("id".into(), Value::String(fid));
            }
        }
    }
    if !p.contains_key("source_title") && matches!(p.get("source"), Some(Value::String(_))) {
        let v = p.remove("source").unwrap_or(Value::Null);
        p.insert("source_title".into(), v);
    }
    // ACLED columns a CSV always has, dropped when empty (incimap never fills them).
    for k in ["source_scale", "tags", "timestamp"] {
        if p.get(k).is_some_and(|v| text(v).is_empty()) {
            p.remove(k);
        }
    }
    // Columns a CSV derives, dropped when they agree with what they derive from.
    let same =
        |v: Option<&Value>, x: f64| number(v).is_some_and(|n| round(n, 1e6) == round(x, 1e6));
    for (k, x) in [
        ("latitude", f.lat),
        ("lat", f.lat),
        ("y", f.lat),
        ("longitude", f.lon),
        ("lon", f.lon),
        ("lng", f.lon),
        ("x", f.lon),
    ] {
        if same(p.get(k), x) {
            p.remove(k);
        }
    }
    // ACLED's "02 June 2023" and the like become `YYYY-MM-DD`, the form every writer uses;
    // a date that does not parse is kept as it was.
    if let Some(day) = p
        .get("event_date")
        .and_then(Value::as_str)
        .and_then(crate::read::normalize_date)
    {
        p.insert("event_date".into(), Value::String(day));
    }
    let year = p
        .get("event_date")
        .and_then(Value::as_str)
        .filter(|d| is_date(d))
        .and_then(|d| d.get(..4))
        .map(str::to_string);
    if year.is_some() && p.get("year").map(text) == year {
        p.remove("year");
    }
    if let Some(code) = p.get("country_code").and_then(Value::as_str) {
        let name = countries::name(code);
        let country = p.get("country").map(text).unwrap_or_default();
        if name.is_some() && (country.is_empty() || Some(country.as_str()) == name) {
            let code = Value::String(code.to_string());
            p.remove("country_code");
            p.insert("country".into(), code);
        }
    }
    p
}

/// Nested objects into `parent_child` keys; flat keys win over flattened ones.
fn flatten(prefix: &str, map: Map<String, Value>, out: &mut BTreeMap<String, Value>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}_{k}")
        }
    };
    let mut nested = Vec::new();
    for (k, v) in map {
        match v {
            Value::Object(m) if !m.is_empty() => nested.push((key(&k), m)),
            Value::Array(a) if k == "span" && prefix.is_empty() && is_span(&a) => {
                out.entry("span_start".into()).or_insert(a[0].clone());
                out.entry("span_end".into()).or_insert(a[1].clone());
            }
            v => {
                out.entry(key(&k)).or_insert(v);
            }
        }
    }
    for (k, m) in nested {
        flatten(&k, m, out);
    }
}

fn is_span(a: &[Value]) -> bool {
    a.len() == 2 && a.iter().all(|v| v.as_u64().is_some())
}

/// A value as text: strings as they are, others as JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// What the values of one column are.
#[derive(Debug, Clone, Default)]
struct Evidence {
    /// The incident column's kind and whether it is optional, for incident columns.
    known: Option<(Kind, bool)>,
    /// Whether every value so far converts to the incident column's kind.
    fits: bool,
    bools: bool,
    ints: bool,
    longs: bool,
    floats: bool,
    texts: bool,
}

impl Evidence {
    fn add(&mut self, v: &Value) {
        match v {
            Value::Null => {}
            Value::Bool(_) => self.bools = true,
            Value::Number(n) if n.as_i64().is_some() => {
                if i32::try_from(n.as_i64().unwrap_or(0)).is_ok() {
                    self.ints = true;
                } else {
                    self.longs = true;
                }
            }
            Value::Number(_) => self.floats = true,
            // An empty cell says nothing of a column's type.
            Value::String(s) if s.is_empty() => {}
            _ => self.texts = true,
        }
        if let Some((kind, optional)) = self.known {
            self.fits = self.fits && fits(kind, optional, v);
        }
    }

    /// The narrowest kind that holds every value.
    fn kind(&self) -> Kind {
        match (self.bools, self.ints, self.longs, self.floats, self.texts) {
            (true, false, false, false, false) => Kind::Bool,
            (false, true, false, false, false) => Kind::Int,
            (false, _, true, false, false) => Kind::Long,
            (false, _, _, true, false) => Kind::Float,
            _ => Kind::Str,
        }
    }
}

/// Whether `v` converts to `kind` (what [`coerce`] checks, without building the value).
fn fits(kind: Kind, optional: bool, v: &Value) -> bool {
    kind == Kind::Str || coerce(kind, optional, v).is_some()
}

/// `v` as a value of `kind`, or `None` when it is not one.
fn coerce(kind: Kind, optional: bool, v: &Value) -> Option<Owned> {
    let blank = matches!(v, Value::String(s) if s.trim().is_empty());
    if v.is_null() || (blank && (optional || kind != Kind::Str)) {
        return Some(Owned::Null);
    }
    Some(match kind {
        Kind::Str => Owned::Str(text(v)),
        Kind::Bool => match v {
            Value::Bool(b) => Owned::Bool(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Owned::Bool(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Owned::Bool(false),
            _ => return None,
        },
        Kind::Int | Kind::Long => {
            let n = match v {
                Value::Number(n) => n
                    .as_i64()
                    .or_else(|| n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64))?,
                Value::String(s) => s.trim().parse().ok()?,
                _ => return None,
            };
            if kind == Kind::Int && i32::try_from(n).is_err() {
                return None;
            }
            Owned::Int(n)
        }
        Kind::Float => Owned::Float(number(Some(v)).filter(|x| x.is_finite())?),
        Kind::Date => match v {
            Value::String(s) if is_date(s) => Owned::Str(s.clone()),
            _ => return None,
        },
    })
}

/// The value in a column of `kind` (which [`rows`] chose so that it fits, or text).
fn convert(kind: Kind, optional: bool, v: Value) -> Owned {
    coerce(kind, optional, &v).unwrap_or_else(|| match v {
        // A value that does not fit a column inferred from all of them: an empty string in a
        // numeric column.
        _ if kind != Kind::Str => Owned::Null,
        other => Owned::Str(text(&other)),
    })
}

/// A date in the form every writer uses, `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    crate::read::normalize_date(s).as_deref() == Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A feature as the reader gives it, from one GeoJSON Lines line.
    fn feature(id: Option<&str>, props: Value) -> Feature {
        let line = json!({"type": "Feature", "id": id,
            "geometry": {"type": "Point", "coordinates": [40.141, 35.336]},
            "properties": props});
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.geojsonl");
        std::fs::write(&path, line.to_string()).unwrap();
        let (mut fs, _) = crate::features::read(&path, None).unwrap();
        fs.remove(0)
    }

    #[test]
    fn acled_csv_names_and_text_come_back_typed() {
        let csv_like = feature(
            Some("a"),
            json!({"event_id_cnty": "a", "event_date": "2014-06-18", "year": 2014,
                   "country": "Syria", "country_code": "SY", "latitude": 35.336,
                   "longitude": 40.141, "source": "Car bomb", "fatalities": 5,
                   "fatalities_known": "true", "actor1": "", "notes": "",
                   "source_id": 12, "extra": "x"}),
        );
        let (schema, rows) = rows(vec![csv_like]);
        let names: Vec<&str> = schema.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "id",
                "event_date",
                "actor1",
                "country",
                "source_title",
                "notes",
                "fatalities",
                "fatalities_known",
                "source_id",
                "extra"
            ]
        );
        let r = &rows[0];
        let get = |n: &str| r.cell(schema.position(n).unwrap());
        assert_eq!(get("country"), Cell::Str("SY"));
        assert_eq!(get("fatalities_known"), Cell::Bool(true));
        assert_eq!(get("fatalities"), Cell::Int(5));
        assert_eq!(get("actor1"), Cell::Null, "optional: empty is null");
        assert_eq!(get("notes"), Cell::Str(""), "not optional: empty stays");
        assert_eq!(get("source_id"), Cell::Str("12"));
        assert_eq!(get("source_title"), Cell::Str("Car bomb"));
    }

    #[test]
    fn acled_dates_and_codes_come_back_as_incimap_writes_them() {
        let acled = feature(
            Some("SYR1"),
            json!({"event_id_cnty": "SYR1", "event_date": "02 June 2023", "year": 2023,
                   "inter1": "1", "interaction": 17, "source_scale": "", "tags": "",
                   "timestamp": ""}),
        );
        let odd = feature(Some("b"), json!({"event_date": "2014-06-0é"}));
        let (schema, rows) = rows(vec![acled, odd]);
        let names: Vec<&str> = schema.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "event_date", "inter1", "interaction"]);
        let cell = |r: usize, n: &str| rows[r].cell(schema.position(n).unwrap());
        assert_eq!(cell(0, "event_date"), Cell::Str("2023-06-02"));
        assert_eq!(cell(0, "inter1"), Cell::Int(1));
        // A date that does not parse is kept as it was, in a text column.
        assert_eq!(cell(1, "event_date"), Cell::Str("2014-06-0é"));
        assert_eq!(schema.columns[1].kind, Kind::Str);
    }

    #[test]
    fn nested_properties_are_flattened_and_odd_columns_typed() {
        let a = feature(
            None,
            json!({"source": {"id": "r1", "title": "T", "url": null}, "span": [16, 24],
                   "tags": ["a", "b"], "n": 1, "m": 1, "k": "", "flag": true}),
        );
        let b = feature(
            None,
            json!({"n": 2.5, "m": 3_000_000_000i64, "k": 4, "flag": "no"}),
        );
        let (schema, rows) = rows(vec![a, b]);
        let kind = |n: &str| schema.columns[schema.position(n).unwrap()].kind;
        assert_eq!(kind("span_start"), Kind::Int);
        assert_eq!(kind("source_title"), Kind::Str);
        assert_eq!(kind("tags"), Kind::Str);
        assert_eq!(kind("n"), Kind::Float);
        assert_eq!(kind("m"), Kind::Long);
        assert_eq!(kind("k"), Kind::Int);
        assert_eq!(kind("flag"), Kind::Str);
        let cell = |r: usize, n: &str| rows[r].cell(schema.position(n).unwrap());
        assert_eq!(cell(0, "tags"), Cell::Str("[\"a\",\"b\"]"));
        assert_eq!(cell(0, "k"), Cell::Null);
        assert_eq!(cell(0, "flag"), Cell::Str("true"));
        assert_eq!(cell(0, "n"), Cell::Float(1.0));
    }

    #[test]
    fn the_feature_id_is_the_id_column() {
        let f = feature(Some("x"), json!({"id": "y"}));
        let (schema, rows) = rows(vec![f]);
        assert_eq!(rows[0].cell(schema.position("id").unwrap()), Cell::Str("x"));
        assert_eq!(
            rows[0].cell(schema.position("properties_id").unwrap()),
            Cell::Str("y")
        );
    }
}
