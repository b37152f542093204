//! `incimap query`: the incidents of a file that fall in a place (a box, a radius around a
//! point or a named place, polygons), the K nearest to a point, or that match attributes;
//! or counts of them (`--stats`). Each chosen feature is written back whole.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::GazetteerOpts;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use incimap::export;
use incimap::features::Cells;
use incimap::features::{self, Feature, ReadSummary};
use incimap::index::{Area, BBox};
use incimap::query::{FeatureSink, Filter, Nearest, Tally, TypesSeen, Written, STATS_KEYS};

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
    pub since: Option<NaiveDate>,
    /// Only incidents on or before this event_date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub until: Option<NaiveDate>,
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

fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    incimap::read::parse_date(s)
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
    let (centre, bad_rows) = check_and_locate(&a)?;
    let filter = Filter {
        event_types: a.event_type.clone(),
        sub_event_types: a.sub_type.clone(),
        actor: a.actor.clone(),
        since: a.since,
        until: a.until,
        min_fatalities: a.min_fatalities,
        bbox: a.bbox,
        radius: centre
            .as_ref()
            .zip(a.radius_km)
            .map(|(c, r)| ((c.lon, c.lat), r)),
        within: match &a.within {
            Some(p) => Some(Area::read(p).context("cannot use --within")?),
            None => None,
        },
    };
    // A CSV's cells are text: its features are written through the typed writers, as
    // `extract` writes them (booleans, numbers and nulls again), not as read. A JSON input
    // is written back whole, byte for byte.
    let typed = features::Format::from_path(&a.input) == Some(features::Format::Csv);
    let written = match format {
        Format::Geojson if !typed => Written::GeoJson,
        Format::Geojsonl if !typed => Written::GeoJsonLines,
        Format::Geojson => Written::Typed(export::Format::GeoJson),
        Format::Geojsonl => Written::Typed(export::Format::GeoJsonLines),
        Format::Csv => Written::Typed(export::Format::Csv),
        Format::Parquet => Written::Typed(export::Format::GeoParquet),
        Format::Fgb => Written::Typed(export::Format::FlatGeobuf),
        Format::Gpkg => Written::Typed(export::Format::GeoPackage),
        Format::Count | Format::Json => Written::GeoJsonLines,
    };
    let counting = a.stats || format == Format::Count;
    let nearest = centre.as_ref().zip(a.nearest);

    // One pass: each feature is judged as it is read and, when chosen, counted or written
    // at once; only the K nearest wait for the end (`incimap::query`).
    let mut judge = Judge {
        seen: TypesSeen::new(&filter),
        undated: Vec::new(),
        n_undated: 0,
    };
    let mut run = |out: &mut dyn Write| -> Result<(ReadSummary, usize)> {
        let mut sink = match counting {
            true => None,
            false => Some(FeatureSink::new(out, written)?),
        };
        let mut near = nearest.map(|(c, k)| Nearest::new((c.lon, c.lat), k));
        let mut tally = Tally::default();
        let mut chosen = 0usize;
        let (bar, read) = super::progress::Bar::counting(a.quiet, "features read");
        let mut keep = |f: Feature| -> incimap::Result<()> {
            read.add(1);
            if !judge.keeps(&filter, &f) {
                return Ok(());
            }
            match (&mut near, &mut sink) {
                (Some(near), _) => near.offer(f.lon, f.lat, f),
                (None, Some(sink)) => sink
                    .write(f, None)
                    .map_err(|e| incimap::Error::io(&a.output, e))?,
                (None, None) => {
                    chosen += 1;
                    if a.stats {
                        tally.add(&f);
                    }
                }
            }
            Ok(())
        };
        // Counts and stats read only the properties they use: for a CSV, no feature text
        // and no other cells are made (`bench/query.sh`).
        let summary = if counting && nearest.is_none() {
            let mut keys = filter.keys();
            for k in STATS_KEYS.iter().filter(|_| a.stats) {
                if !keys.contains(k) {
                    keys.push(k);
                }
            }
            // Each row's cells are read where they lie: no feature and no property map
            // is built for a row that is only counted.
            features::for_each_point(&a.input, None, &keys, |p| {
                let f = features::PointCells {
                    point: &p,
                    keys: &keys,
                };
                read.add(1);
                if judge.keeps(&filter, &f) {
                    chosen += 1;
                    if a.stats {
                        tally.add(&f);
                    }
                }
                Ok(())
            })
        } else {
            features::for_each(&a.input, None, &mut keep)
        }
        .context("cannot read the incidents")?;
        drop(bar);
        if let Some(near) = near {
            let found = near.finish();
            chosen = found.len();
            match &mut sink {
                Some(sink) => {
                    for (f, km) in found {
                        sink.write(f, Some(km))?;
                    }
                }
                None if a.stats => found.iter().for_each(|(f, _)| tally.add(f)),
                None => {}
            }
        }
        match (sink, stats) {
            (Some(sink), _) => chosen = sink.finish()?,
            (None, Some(how)) => {
                let stats = tally.finish();
                match how {
                    StatsFormat::Table => stats.write_text(out)?,
                    StatsFormat::Csv => stats.write_csv(out)?,
                    StatsFormat::Json => stats.write_json(out)?,
                }
            }
            (None, None) => writeln!(out, "{chosen}")?,
        }
        Ok((summary, chosen))
    };
    let (summary, n_chosen) = if a.output.as_os_str() == "-" {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        match run(&mut out) {
            Ok(done) => {
                out.flush()?;
                done
            }
            Err(e) => {
                // What is still buffered is not written: a failed query prints as little
                // as it can.
                drop(out.into_parts());
                return Err(e);
            }
        }
    } else {
        // The file is written whole or not at all: a failed read leaves no file.
        let mut done = None;
        let wrote = incimap::export::atomic::write_with(&a.output, |out| match run(out) {
            Ok(x) => {
                done = Some(Ok(x));
                Ok(())
            }
            Err(e) => {
                done = Some(Err(e));
                Err(std::io::Error::other("the query failed"))
            }
        });
        match done {
            Some(Err(e)) => return Err(e),
            _ => wrote.with_context(|| format!("cannot write {}", a.output.display()))?,
        }
        done.and_then(Result::ok).expect("the query ran")
    };

    if !a.quiet {
        for w in judge.seen.unknown(&filter) {
            eprintln!("incimap: warning: {w}");
        }
        for w in &summary.warnings {
            eprintln!("incimap: warning: {w}");
        }
        if let Some(area) = &filter.within {
            if area.ignored > 0 {
                eprintln!(
                    "incimap: warning: --within: ignored {} features that are not polygons",
                    area.ignored
                );
            }
        }
        let shown = features::display_path(&a.input);
        if judge.n_undated > 0 {
            eprintln!(
                "incimap: warning: {}: {} incidents without an event_date that parses (e.g. {}) left out by --since/--until",
                shown.display(),
                judge.n_undated,
                judge.undated.join(", ")
            );
        }
        eprintln!(
            "incimap: {}: {summary}; {} match{}",
            shown.display(),
            n_chosen,
            super::bad_rows_note(bad_rows)
        );
    }
    Ok(
        if summary.skipped() > 0 || judge.n_undated > 0 || bad_rows > 0 {
            1
        } else {
            0
        },
    )
}

/// What a query notes of every incident it reads, kept or not: the types asked for that some
/// incident has, and, with --since/--until, the incidents whose date does not parse and so
/// cannot be judged (counted, three shown).
struct Judge {
    seen: TypesSeen,
    undated: Vec<String>,
    n_undated: usize,
}

impl Judge {
    /// Notes `f` and says whether the filter keeps it.
    fn keeps(&mut self, filter: &Filter, f: &impl Cells) -> bool {
        self.seen.note(filter, f);
        if filter.undated(f) {
            self.n_undated += 1;
            if self.undated.len() < 3 {
                self.undated
                    .push(format!("{:?}", f.cell_text("event_date")));
            }
        }
        filter.matches(f)
    }
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
/// through the gazetteer), with the user gazetteer rows skipped on the way.
fn check_and_locate(a: &Args) -> Result<(Option<Centre>, u64)> {
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
        return Ok((Some(Centre { lon, lat }), 0));
    }
    let Some(near) = &a.near else {
        return Ok((None, 0));
    };
    let mut skipped_rows = 0;
    let found = match super::near_coordinates(near) {
        Some(point) => point?,
        None => {
            let (g, bad_rows) = super::open_gazetteer(&a.gazetteer, a.quiet)?;
            skipped_rows = bad_rows;
            super::near_place(&g, near, a.country.as_deref(), a.quiet)?
        }
    };
    Ok((
        Some(Centre {
            lon: found.lon,
            lat: found.lat,
        }),
        skipped_rows,
    ))
}
