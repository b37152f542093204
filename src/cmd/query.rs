//! `incimap query`: the incidents of a file that fall in a place (a box, a radius around a
//! point or a named place, polygons), the K nearest to a point, or that match attributes;
//! or counts of them (`--stats`). Each chosen feature is written back whole.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use serde_json::{Map, Value};

use crate::cli::GazetteerOpts;
use incimap::export;
use incimap::features::{self, Feature};
use incimap::gazetteer::Gazetteer;
use incimap::index::{Area, BBox, IncidentIndex};
use incimap::model::SubEventType;
use incimap::query::{Stats, Tally, STATS_KEYS};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One GeoJSON FeatureCollection.
    Geojson,
    /// One GeoJSON Feature a line.
    Geojsonl,
    /// One incident a row: the CSV `extract` writes (ACLED's columns, then incimap's and
    /// the file's others).
    Csv,
    /// Only the number of matching incidents.
    Count,
    /// With --stats: the counts as one JSON object.
    Json,
    /// GeoParquet 1.1, with the columns `extract --format parquet` writes.
    Parquet,
    /// FlatGeobuf with a spatial index (features without a location are left out).
    Fgb,
    /// GeoPackage, with the columns `extract --format gpkg` writes.
    Gpkg,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// An incident file: GeoJSON, GeoJSON Lines, CSV or FlatGeobuf (as `extract` writes them; `.gz` too),
    /// or - for stdin.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// Where to write: a file (written whole or not at all), or - for stdout.
    #[arg(long, short = 'o', value_name = "OUT", default_value = "-")]
    pub output: PathBuf,
    /// Output format [default: from OUT's extension, else geojson].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Only incidents in this box (edges included); MINLON > MAXLON crosses the antimeridian.
    #[arg(
        long,
        value_name = "MINLON,MINLAT,MAXLON,MAXLAT",
        allow_hyphen_values = true
    )]
    pub bbox: Option<BBox>,
    /// The centre for --radius-km or --nearest: LON,LAT or a place name looked up in the
    /// gazetteer.
    #[arg(long, value_name = "LON,LAT|PLACE", allow_hyphen_values = true)]
    pub near: Option<String>,
    /// The centre for --radius-km or --nearest, as coordinates.
    #[arg(long, value_name = "LON,LAT", value_parser = super::parse_lon_lat,
          allow_hyphen_values = true, conflicts_with = "near")]
    pub point: Option<(f64, f64)>,
    /// Only incidents within R km (great-circle) of --near/--point.
    #[arg(long, value_name = "R", allow_negative_numbers = true,
          value_parser = super::finite_number)]
    pub radius_km: Option<f64>,
    /// The K incidents nearest --near/--point (after every other filter), nearest first,
    /// each with a `distance_km` property.
    #[arg(long, value_name = "K")]
    pub nearest: Option<usize>,
    /// Only incidents inside a polygon of this GeoJSON file (holes excluded, edges included).
    #[arg(long, value_name = "POLYGONS.geojson")]
    pub within: Option<PathBuf>,
    /// Only this event_type (case-insensitive; repeat for any of several).
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Vec<String>,
    /// Only this sub_event_type (case-insensitive; repeat for any of several).
    #[arg(long = "sub-type", value_name = "SUB_TYPE")]
    pub sub_type: Vec<String>,
    /// Only incidents whose actor1 or actor2 contains this text (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub actor: Option<String>,
    /// Only incidents on or after this event_date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub since: Option<String>,
    /// Only incidents on or before this event_date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub until: Option<String>,
    /// Only incidents with at least N fatalities.
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = super::finite_number)]
    pub min_fatalities: Option<f64>,
    /// Instead of the incidents, counts of them: by type and admin1, fatalities, date range,
    /// extent.
    #[arg(long)]
    pub stats: bool,
    /// The country to look a --near PLACE up in (SY or Syria).
    #[arg(long, value_name = "COUNTRY", value_parser = super::country)]
    pub country: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
    /// No summary line or warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

fn parse_date(s: &str) -> std::result::Result<String, String> {
    incimap::read::normalize_date(s)
        .ok_or_else(|| format!("expected a date as YYYY-MM-DD (e.g. 2014-06-20), got {s:?}"))
}

/// Where distances are measured from.
struct Centre {
    lon: f64,
    lat: f64,
}

pub fn run(a: Args) -> Result<i32> {
    super::check_output(&a.output)?;
    super::note_terminal_stdin(std::slice::from_ref(&a.input), a.quiet);
    let (format, stats) = match a.stats {
        true => (Format::Count, Some(stats_format(&a)?)),
        false => (
            super::output_format("query", &a.output, a.format, Format::Geojson)?,
            None,
        ),
    };
    if format == Format::Json {
        bail!("--format json is for --stats; features are written as geojson or geojsonl");
    }
    // A CSV's cells are text: its features are written through the typed writers, as
    // `extract` writes them (booleans, numbers and nulls again), not as read. A JSON input
    // is written back whole, byte for byte.
    let typed = features::Format::from_path(&a.input) == Some(features::Format::Csv);
    let centre = check_and_locate(&a)?;
    let area = match &a.within {
        Some(p) => Some(Area::read(p).context("cannot use --within")?),
        None => None,
    };

    // Streamed: attributes are checked as each feature is read (cheap, no index), and only
    // the features that match are kept, each with only what the output needs of it. Counts
    // and stats without a place filter keep nothing: they count as they read.
    let spatial = a.bbox.is_some() || centre.is_some() || area.is_some();
    let counting = !spatial && (a.stats || format == Format::Count);
    let mut counted = 0usize;
    let mut tally = Tally::default();
    let mut types_seen = TypesSeen::new(&a);
    let mut fs: Vec<Feature> = Vec::new();
    // With --since/--until, incidents whose date does not parse cannot be judged: counted.
    let mut undated: Vec<String> = Vec::new();
    let mut n_undated = 0usize;
    let (bar, read) = super::progress::Bar::counting(a.quiet, "features read");
    let mut keep = |mut f: Feature| {
        read.add(1);
        types_seen.note(&a, &f);
        if (a.since.is_some() || a.until.is_some()) && parse_date(&f.text("event_date")).is_err() {
            n_undated += 1;
            if undated.len() < 3 {
                undated.push(format!("{:?}", f.text("event_date")));
            }
        }
        match attributes_match(&a, &f) {
            false => {}
            true if counting => {
                counted += 1;
                if a.stats {
                    tally.add(&f);
                }
            }
            true => {
                slim(&mut f, a.stats, format, typed);
                fs.push(f);
            }
        }
        Ok(())
    };
    // Counts and stats read only the properties they use: for a CSV, no feature text and
    // no other cells are made (`bench/query.sh`).
    let summary = if a.stats || format == Format::Count {
        let keys = lean_keys(&a);
        features::for_each_point(&a.input, None, &keys, |p| keep(lean_feature(p, &keys)))
    } else {
        features::for_each(&a.input, None, keep)
    }
    .context("cannot read the incidents")?;
    drop(bar);
    if !a.quiet {
        types_seen.warn(&a);
    }

    // Each place filter narrows the same mask.
    let mut keep: Vec<bool> = vec![true; fs.len()];
    let index = spatial.then(|| IncidentIndex::from_features(&fs));
    if let Some(ix) = &index {
        let mut narrow = |found: Vec<usize>| {
            let mut hit = vec![false; keep.len()];
            for i in found {
                hit[i] = true;
            }
            for (k, h) in keep.iter_mut().zip(hit) {
                *k &= h;
            }
        };
        if let Some(b) = &a.bbox {
            narrow(ix.in_bbox(b));
        }
        if let (Some(c), Some(r)) = (&centre, a.radius_km) {
            narrow(ix.within_radius((c.lon, c.lat), r));
        }
        if let Some(area) = &area {
            narrow(ix.within(area));
        }
    }
    let chosen: Vec<(usize, Option<f64>)> = match (&index, &centre, a.nearest) {
        (Some(ix), Some(c), Some(k)) => ix
            .nearest_where((c.lon, c.lat), k, |i| keep[i])
            .into_iter()
            .map(|(i, d)| (i, Some(d)))
            .collect(),
        _ => (0..fs.len())
            .filter(|&i| keep[i])
            .map(|i| (i, None))
            .collect(),
    };

    let n_chosen = if counting { counted } else { chosen.len() };
    let counts = stats.map(|how| {
        let counts = match counting {
            true => tally.finish(),
            false => Stats::of(chosen.iter().map(|&(i, _)| &fs[i])),
        };
        (how, counts)
    });
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if let Some((how, stats)) = &counts {
            return match how {
                StatsFormat::Table => stats.write_text(out),
                StatsFormat::Csv => stats.write_csv(out),
                StatsFormat::Json => stats.write_json(out),
            };
        }
        match format {
            Format::Count => writeln!(out, "{n_chosen}"),
            Format::Json => unreachable!("refused above without --stats"),
            Format::Geojson if typed => write_typed(out, &fs, &chosen, export::Format::GeoJson),
            Format::Geojsonl if typed => {
                write_typed(out, &fs, &chosen, export::Format::GeoJsonLines)
            }
            Format::Geojson => write_geojson(out, &fs, &chosen),
            Format::Geojsonl => write_geojsonl(out, &fs, &chosen),
            Format::Csv => write_typed(out, &fs, &chosen, export::Format::Csv),
            Format::Parquet => write_typed(out, &fs, &chosen, export::Format::GeoParquet),
            Format::Fgb => write_typed(out, &fs, &chosen, export::Format::FlatGeobuf),
            Format::Gpkg => write_typed(out, &fs, &chosen, export::Format::GeoPackage),
        }
    };
    if a.output.as_os_str() == "-" {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        write(&mut out)?;
        out.flush()?;
    } else {
        incimap::export::atomic::write_with(&a.output, write)
            .with_context(|| format!("cannot write {}", a.output.display()))?;
    }

    if !a.quiet {
        for w in &summary.warnings {
            eprintln!("incimap: warning: {w}");
        }
        if let Some(area) = &area {
            if area.ignored > 0 {
                eprintln!(
                    "incimap: warning: --within: ignored {} features that are not polygons",
                    area.ignored
                );
            }
        }
        let shown = features::display_path(&a.input);
        if n_undated > 0 {
            eprintln!(
                "incimap: warning: {}: {n_undated} incidents without an event_date that parses (e.g. {}) left out by --since/--until",
                shown.display(),
                undated.join(", ")
            );
        }
        eprintln!(
            "incimap: {}: {summary}; {} match",
            shown.display(),
            n_chosen
        );
    }
    // The process ends next: freeing a million features one map at a time would add a
    // second or more to every large query for nothing.
    std::mem::forget(fs);
    std::mem::forget(index);
    Ok(if summary.skipped() > 0 || n_undated > 0 {
        1
    } else {
        0
    })
}

/// How `--stats` are written.
#[derive(Clone, Copy)]
enum StatsFormat {
    Table,
    Csv,
    Json,
}

/// The format of `--stats`: a table (the default, and for any file name but .csv and
/// .json), CSV or JSON, by --format or the output's extension.
fn stats_format(a: &Args) -> Result<StatsFormat> {
    let named = super::output_format("query", &a.output, a.format, Format::Geojson);
    Ok(match (a.format, named) {
        (Some(Format::Csv), _) | (None, Ok(Format::Csv)) => StatsFormat::Csv,
        (Some(Format::Json), _) => StatsFormat::Json,
        (Some(other), _) => bail!(
            "--stats writes a table, or --format csv or json; not {}",
            super::value_name(other)
        ),
        // A .json name reads as GeoJSON to the features' formats.
        (None, Ok(Format::Geojson)) if a.output.extension().is_some() => StatsFormat::Json,
        // A table, whatever else the file is called (stats.txt).
        (None, _) => StatsFormat::Table,
    })
}

/// Check that the options make one query, and find the centre they name (a place name
/// through the gazetteer).
fn check_and_locate(a: &Args) -> Result<Option<Centre>> {
    let has_centre = a.near.is_some() || a.point.is_some();
    if let Some(r) = a.radius_km {
        if !(r >= 0.0 && r.is_finite()) {
            bail!("--radius-km takes a distance in km of 0 or more, got {r}");
        }
    }
    if !has_centre && (a.radius_km.is_some() || a.nearest.is_some()) {
        bail!("--radius-km and --nearest measure from a centre: add --near LON,LAT|PLACE or --point LON,LAT");
    }
    if has_centre && a.radius_km.is_none() && a.nearest.is_none() {
        bail!("--near and --point give a centre: add --radius-km R or --nearest K");
    }
    if let Some(cc) = &a.country {
        anyhow::ensure!(
            cc.len() == 2 && cc.chars().all(|c| c.is_ascii_alphabetic()),
            "--country takes a two-letter ISO code such as SY, got {cc:?}"
        );
    }
    if let (Some(s), Some(u)) = (&a.since, &a.until) {
        if s > u {
            bail!("--since {s} is after --until {u}: nothing can match");
        }
    }
    if let Some((lon, lat)) = a.point {
        return Ok(Some(Centre { lon, lat }));
    }
    let Some(near) = &a.near else {
        return Ok(None);
    };
    let found = match super::near_coordinates(near) {
        Some(point) => point?,
        None => {
            let g = Gazetteer::open(&a.gazetteer.gazetteer).context("cannot load the gazetteer")?;
            super::near_place(&g, near, a.country.as_deref(), a.quiet)?
        }
    };
    Ok(Some(Centre {
        lon: found.lon,
        lat: found.lat,
    }))
}

fn attributes_match(a: &Args, f: &Feature) -> bool {
    let any_of = |wanted: &[String], key: &str| {
        wanted.is_empty() || {
            let v = f.text(key);
            wanted
                .iter()
                .any(|w| w.trim().eq_ignore_ascii_case(v.trim()))
        }
    };
    if !any_of(&a.event_type, "event_type") || !any_of(&a.sub_type, "sub_event_type") {
        return false;
    }
    if let Some(actor) = &a.actor {
        let actor = actor.to_lowercase();
        if !["actor1", "actor2"]
            .iter()
            .any(|k| f.text(k).to_lowercase().contains(&actor))
        {
            return false;
        }
    }
    if a.since.is_some() || a.until.is_some() {
        // Any form ACLED or a feed writes ("02 June 2023", a datetime): compared as days.
        let Ok(day) = parse_date(&f.text("event_date")) else {
            return false;
        };
        if a.since.as_deref().is_some_and(|s| day.as_str() < s)
            || a.until.as_deref().is_some_and(|u| day.as_str() > u)
        {
            return false;
        }
    }
    if let Some(min) = a.min_fatalities {
        if f.number("fatalities").is_none_or(|n| n < min) {
            return false;
        }
    }
    true
}

/// The properties the given filters read (`--type`, `--sub-type`, `--actor`,
/// `--since`/`--until`, `--min-fatalities`) and `--stats`: none for a plain count.
fn lean_keys(a: &Args) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let mut need = |used: bool, ks: &[&'static str]| {
        if used {
            keys.extend(ks.iter().filter(|k| !keys.contains(*k)).collect::<Vec<_>>());
        }
    };
    need(!a.event_type.is_empty(), &["event_type"]);
    need(!a.sub_type.is_empty(), &["sub_event_type"]);
    need(a.actor.is_some(), &["actor1", "actor2"]);
    need(a.since.is_some() || a.until.is_some(), &["event_date"]);
    need(a.min_fatalities.is_some(), &["fatalities"]);
    need(a.stats, &STATS_KEYS);
    keys
}

/// A point and the properties of `keys` as a feature the filters take (no text; a null
/// value is left out).
fn lean_feature(p: features::Point, keys: &[&str]) -> Feature {
    let properties: Map<String, Value> = keys
        .iter()
        .zip(p.values)
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    Feature {
        lon: p.lon,
        lat: p.lat,
        id: None,
        properties,
        raw: serde_json::value::RawValue::from_string("null".to_string()).unwrap(),
    }
}

/// Drop what the output will not read of a kept feature: GeoJSON is written from the
/// feature's text (unless `typed`), counts need nothing, `--stats` a few properties; the
/// typed writers need it all.
fn slim(f: &mut Feature, stats: bool, format: Format, typed: bool) {
    let no_text = || serde_json::value::RawValue::from_string("null".to_string()).unwrap();
    if stats {
        f.properties.retain(|k, _| STATS_KEYS.contains(&k.as_str()));
        f.raw = no_text();
        return;
    }
    match format {
        Format::Count | Format::Json => {
            f.properties = Map::new();
            f.raw = no_text();
        }
        Format::Geojson | Format::Geojsonl if !typed => f.properties = Map::new(),
        Format::Geojson | Format::Geojsonl => {}
        Format::Csv | Format::Parquet | Format::Fgb | Format::Gpkg => {}
    }
}

/// Which --type and --sub-type values some incident has, noted as features stream past
/// (a value that no incident has and ACLED does not define is most likely a typo).
struct TypesSeen {
    event_type: Vec<bool>,
    sub_type: Vec<bool>,
}

impl TypesSeen {
    fn new(a: &Args) -> TypesSeen {
        TypesSeen {
            event_type: vec![false; a.event_type.len()],
            sub_type: vec![false; a.sub_type.len()],
        }
    }

    fn note(&mut self, a: &Args, f: &Feature) {
        for (wanted, seen, key) in [
            (&a.event_type, &mut self.event_type, "event_type"),
            (&a.sub_type, &mut self.sub_type, "sub_event_type"),
        ] {
            if seen.iter().all(|&s| s) {
                continue;
            }
            let v = features::value_text(f.properties.get(key));
            for (w, s) in wanted.iter().zip(seen.iter_mut()) {
                *s |= v.trim().eq_ignore_ascii_case(w.trim());
            }
        }
    }

    /// Warn of each value no incident has and ACLED does not define, with the names ACLED
    /// uses.
    fn warn(&self, a: &Args) {
        let subs = SubEventType::ALL;
        let mut types: Vec<&str> = subs.iter().map(|s| s.event_type().as_str()).collect();
        types.dedup();
        let checks = [
            (&a.event_type, &self.event_type, "event_type", types),
            (
                &a.sub_type,
                &self.sub_type,
                "sub_event_type",
                subs.iter().map(|s| s.as_str()).collect(),
            ),
        ];
        for (wanted, seen, key, known) in checks {
            for (w, &seen) in wanted.iter().zip(seen) {
                let named = |v: &str| v.trim().eq_ignore_ascii_case(w.trim());
                if !known.iter().any(|k| named(k)) && !seen {
                    eprintln!(
                        "incimap: warning: no incident has {key} {w:?}; ACLED's are: {}",
                        known.join(", ")
                    );
                }
            }
        }
    }
}

/// The feature's text, with `distance_km` added to its properties when given.
fn feature_text(f: &Feature, distance: Option<f64>, one_line: bool) -> String {
    match distance {
        None if one_line => f.one_line().into_owned(),
        None => f.raw.get().to_string(),
        Some(d) => {
            let mut v = f.json();
            if !v["properties"].is_object() {
                v["properties"] = Value::Object(Map::new());
            }
            v["properties"]["distance_km"] = Value::from((d * 1000.0).round() / 1000.0);
            v.to_string()
        }
    }
}

fn write_geojson(
    out: &mut dyn Write,
    fs: &[Feature],
    chosen: &[(usize, Option<f64>)],
) -> std::io::Result<()> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    for (n, &(i, d)) in chosen.iter().enumerate() {
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        out.write_all(feature_text(&fs[i], d, false).as_bytes())?;
    }
    out.write_all(if chosen.is_empty() {
        b"]}\n"
    } else {
        b"\n]}\n"
    })
}

/// The chosen features through the writer `extract` uses, so the columns and their types are
/// the same; `distance_km` is one more column when --nearest measured it.
fn write_typed(
    out: &mut dyn Write,
    fs: &[Feature],
    chosen: &[(usize, Option<f64>)],
    format: export::Format,
) -> std::io::Result<()> {
    let picked = chosen.iter().map(|&(i, d)| {
        let mut f = fs[i].clone();
        if let Some(d) = d {
            let km = Value::from((d * 1000.0).round() / 1000.0);
            f.properties.insert("distance_km".into(), km);
        }
        f
    });
    let (schema, rows) = export::normalize::rows(picked.collect());
    let mut w = export::Writer::new(out, format, schema, "incidents")?;
    for r in &rows {
        w.write(r)?;
    }
    w.finish().map(|_| ())
}

fn write_geojsonl(
    out: &mut dyn Write,
    fs: &[Feature],
    chosen: &[(usize, Option<f64>)],
) -> std::io::Result<()> {
    for &(i, d) in chosen {
        out.write_all(feature_text(&fs[i], d, true).as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
