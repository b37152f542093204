//! What `incimap query --stats` reports of a set of incidents, as library code so the
//! Python binding and other tools count the same way: how many incidents and deaths, over
//! which dates and extent, and how they split by event type, admin area and ACLED's
//! groupings. The command only chooses the incidents and prints the [`Stats`] as a table,
//! CSV or JSON.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use crate::features::Feature;
use crate::index::BBox;

/// The columns incidents are grouped by, in the order they are shown. The first two always;
/// the others (ACLED's) only when some incident has the column.
const GROUPS: [(&str, bool); 5] = [
    ("event_type", true),
    ("admin1", true),
    ("disorder_type", false),
    ("interaction", false),
    ("admin2", false),
];

/// The properties [`Stats`] reads: a caller that keeps features only to count them can drop
/// the rest.
pub const STATS_KEYS: [&str; 8] = [
    "event_type",
    "admin1",
    "fatalities",
    "event_date",
    "disorder_type",
    "interaction",
    "admin2",
    "far_km",
];

/// Counts of a set of incidents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub incidents: u64,
    /// Reported fatalities, summed (an incident without a number counts 0).
    pub fatalities: f64,
    /// The first and last `event_date` (as YYYY-MM-DD), `None` when no date parses.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Incidents whose `event_date` is missing or does not parse.
    pub undated: u64,
    /// Incidents with a `far_km`: far from every other place their report names, most likely
    /// a name read as the wrong place ([`crate::incident::far`]). Files not written by
    /// incimap have none.
    pub far: u64,
    /// Incidents alone far from all the others, which maps leave out of their automatic
    /// extent ([`crate::incident::far::strays`]).
    pub strays: u64,
    /// `[west, south, east, north]`; west > east when the set crosses the antimeridian.
    pub extent: Option<[f64; 4]>,
    /// Per grouping column, its values by count (most first, then by name); "(none)" for
    /// incidents without a value.
    pub by: Vec<Group>,
}

/// One grouping column's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub column: String,
    pub values: Vec<Count>,
}

/// One value of a grouping column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub value: String,
    pub incidents: u64,
    pub fatalities: f64,
}

/// [`Stats`] counted one feature at a time, so a caller that only counts need not keep the
/// features: a tally holds the counts and each point (for the extent), 16 bytes a feature.
#[derive(Debug, Clone)]
pub struct Tally {
    counts: Vec<HashMap<String, (u64, f64)>>,
    present: [bool; GROUPS.len()],
    points: Vec<(f64, f64)>,
    stats: Stats,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            counts: vec![HashMap::new(); GROUPS.len()],
            present: GROUPS.map(|(_, always)| always),
            points: Vec::new(),
            stats: Stats {
                incidents: 0,
                fatalities: 0.0,
                first_date: None,
                last_date: None,
                undated: 0,
                far: 0,
                strays: 0,
                extent: None,
                by: Vec::new(),
            },
        }
    }
}

impl Tally {
    /// Count one feature.
    pub fn add(&mut self, f: &Feature) {
        let s = &mut self.stats;
        s.incidents += 1;
        let deaths = f.number("fatalities").unwrap_or(0.0);
        s.fatalities += deaths;
        self.points.push((f.lon, f.lat));
        s.far += u64::from(f.number("far_km").is_some());
        for (k, (column, _)) in GROUPS.iter().enumerate() {
            self.present[k] |= f.properties.contains_key(*column);
            let mut value = f.text(column);
            if *column == "interaction" {
                value = interaction_text(&value);
            }
            if value.is_empty() {
                value = "(none)".into();
            }
            let c = self.counts[k].entry(value).or_default();
            c.0 += 1;
            c.1 += deaths;
        }
        let Some(day) = crate::read::normalize_date(&f.text("event_date")) else {
            s.undated += 1;
            return;
        };
        if s.first_date.as_deref().is_none_or(|d| day.as_str() < d) {
            s.first_date = Some(day.clone());
        }
        if s.last_date.as_deref().is_none_or(|d| day.as_str() > d) {
            s.last_date = Some(day);
        }
    }

    /// The counts of every feature added.
    pub fn finish(self) -> Stats {
        let mut s = self.stats;
        s.strays = crate::incident::far::strays(&self.points)
            .into_iter()
            .filter(|&s| s)
            .count() as u64;
        s.extent = BBox::around(self.points).map(|b| [b.min_lon, b.min_lat, b.max_lon, b.max_lat]);
        for (k, counts) in self.counts.into_iter().enumerate() {
            if !self.present[k] {
                continue;
            }
            let mut values: Vec<Count> = counts
                .into_iter()
                .map(|(value, (incidents, fatalities))| Count {
                    value,
                    incidents,
                    fatalities,
                })
                .collect();
            values.sort_by(|a, b| {
                b.incidents
                    .cmp(&a.incidents)
                    .then_with(|| a.value.cmp(&b.value))
            });
            s.by.push(Group {
                column: GROUPS[k].0.to_string(),
                values,
            });
        }
        s
    }
}

impl Stats {
    /// The counts of `features`.
    pub fn of<'a>(features: impl IntoIterator<Item = &'a Feature>) -> Stats {
        let mut tally = Tally::default();
        for f in features {
            tally.add(f);
        }
        tally.finish()
    }

    /// The table a person reads: totals, then each grouping's counts.
    pub fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "incidents   {}", self.incidents)?;
        writeln!(out, "fatalities  {}", self.fatalities)?;
        let undated = match self.undated {
            0 => String::new(),
            n => format!(" ({n} without a date)"),
        };
        match (&self.first_date, &self.last_date) {
            (Some(a), Some(b)) => writeln!(out, "dates       {a} to {b}{undated}")?,
            _ => writeln!(out, "dates       none{undated}")?,
        }
        match self.extent {
            Some([w, s, e, n]) => writeln!(out, "extent      {w},{s},{e},{n}")?,
            None => writeln!(out, "extent      none")?,
        }
        if self.far > 0 {
            writeln!(out, "far         {}", crate::incident::far::note(self.far))?;
        }
        if self.strays > 0 {
            let note = crate::incident::far::stray_note(self.strays);
            writeln!(out, "strays      {note}")?;
        }
        for g in &self.by {
            writeln!(out, "by {}", g.column)?;
            for c in &g.values {
                writeln!(out, "  {:>7}  {}", c.incidents, c.value)?;
            }
        }
        Ok(())
    }

    /// One row per value of each grouping (`group,value,incidents,fatalities`), after a row
    /// of the totals (group `all`): what a spreadsheet or a data frame reads.
    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(["group", "value", "incidents", "fatalities"])?;
        w.write_record([
            "all",
            "",
            &self.incidents.to_string(),
            &self.fatalities.to_string(),
        ])?;
        w.write_record(["far", "", &self.far.to_string(), ""])?;
        w.write_record(["strays", "", &self.strays.to_string(), ""])?;
        for g in &self.by {
            for c in &g.values {
                w.write_record([
                    g.column.as_str(),
                    c.value.as_str(),
                    &c.incidents.to_string(),
                    &c.fatalities.to_string(),
                ])?;
            }
        }
        w.flush()
    }

    /// The whole of it as one JSON object.
    pub fn write_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }
}

/// An interaction as ACLED's numeric code with its words ("17 State forces-Civilians"), or
/// as written when it is already words (ACLED's newer exports) or unknown.
fn interaction_text(v: &str) -> String {
    match v
        .trim()
        .parse::<u8>()
        .ok()
        .and_then(|c| crate::export::acled::interaction_label(c).map(|l| (c, l)))
    {
        Some((c, label)) => format!("{c} {label}"),
        None => v.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(lon: f64, lat: f64, props: serde_json::Value) -> Feature {
        let raw = serde_json::json!({"type": "Feature", "properties": props.clone(),
            "geometry": {"type": "Point", "coordinates": [lon, lat]}});
        Feature {
            lon,
            lat,
            id: None,
            properties: props.as_object().unwrap().clone(),
            raw: serde_json::value::RawValue::from_string(raw.to_string()).unwrap(),
        }
    }

    #[test]
    fn counts_groups_dates_and_an_extent_across_the_antimeridian() {
        use serde_json::json;
        let fs = [
            feature(
                179.5,
                -17.0,
                json!({"event_type": "Battles", "fatalities": 3, "event_date": "2014-06-20"}),
            ),
            feature(
                -179.5,
                -18.0,
                json!({"event_type": "Battles", "fatalities": "2", "event_date": "18 June 2014",
                       "interaction": 17}),
            ),
            feature(
                178.0,
                -16.0,
                json!({"event_type": "Protests", "event_date": "soon"}),
            ),
        ];
        let s = Stats::of(&fs);
        assert_eq!((s.incidents, s.fatalities, s.undated), (3, 5.0, 1));
        assert_eq!(s.first_date.as_deref(), Some("2014-06-18"));
        assert_eq!(s.last_date.as_deref(), Some("2014-06-20"));
        assert_eq!(s.extent, Some([178.0, -18.0, -179.5, -16.0]));
        let columns: Vec<&str> = s.by.iter().map(|g| g.column.as_str()).collect();
        assert_eq!(columns, ["event_type", "admin1", "interaction"]);
        let battles = &s.by[0].values[0];
        assert_eq!(
            (
                battles.value.as_str(),
                battles.incidents,
                battles.fatalities
            ),
            ("Battles", 2, 5.0)
        );
        assert_eq!(s.by[1].values[0].value, "(none)");
        assert!(s.by[2]
            .values
            .iter()
            .any(|c| c.value == "17 State forces-Civilians"));

        let mut csv = Vec::new();
        s.write_csv(&mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(
            csv.starts_with("group,value,incidents,fatalities\nall,,3,5\n"),
            "{csv}"
        );
        assert!(csv.contains("event_type,Battles,2,5\n"), "{csv}");
        let mut json = Vec::new();
        s.write_json(&mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["incidents"], 3);
        assert_eq!(v["by"][0]["values"][0]["incidents"], 2);
    }
}
