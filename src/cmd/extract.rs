//! `incimap extract`: the incidents every article reports, as GeoJSON, GeoJSON Lines, CSV,
//! FlatGeobuf, GeoParquet or GeoPackage, streamed through the shared writers of [`incimap::export`].

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{GazetteerOpts, InputArgs};
use incimap::export;
use incimap::geoparse::Geoparser;
use incimap::incident::{Extraction, Extractor};
use incimap::read::Articles;

/// The output formats of every command that writes incidents or features.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One RFC 7946 GeoJSON FeatureCollection.
    Geojson,
    /// One GeoJSON Feature a line (newline-delimited JSON).
    Geojsonl,
    /// One incident a row: ACLED's columns (latitude, longitude, ...), then incimap's.
    Csv,
    /// FlatGeobuf with a spatial index, for large sets (incidents without a location are
    /// left out).
    Fgb,
    /// GeoParquet 1.1 (typed columns, WKB points, a bbox covering column), for DuckDB,
    /// GeoPandas, Spark/Sedona and BigQuery.
    Parquet,
    /// GeoPackage (one SQLite file with a typed point layer), for QGIS, ArcGIS and GDAL.
    Gpkg,
}

impl From<Format> for export::Format {
    fn from(f: Format) -> export::Format {
        match f {
            Format::Geojson => export::Format::GeoJson,
            Format::Geojsonl => export::Format::GeoJsonLines,
            Format::Csv => export::Format::Csv,
            Format::Fgb => export::Format::FlatGeobuf,
            Format::Parquet => export::Format::GeoParquet,
            Format::Gpkg => export::Format::GeoPackage,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write: a file (written whole or not at all), or - for stdout.
    #[arg(long, short = 'o', value_name = "OUT", default_value = "-")]
    pub output: PathBuf,
    /// The file format (the same in every command) [default: from OUT's extension, else
    /// geojson]. It must agree with OUT's extension.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub reading: Reading,
}

/// How reports are read into incidents; shared by `extract` and `map`.
#[derive(clap::Args, Debug, Clone)]
pub struct Reading {
    /// Publication date (YYYY-MM-DD) for articles that carry none and have no dateline;
    /// relative dates ("on Wednesday") are counted back from it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The country the articles are about (SY or Syria); otherwise inferred per article, and
    /// for an article that names none, from the articles read with it.
    #[arg(long, value_name = "COUNTRY", value_parser = super::country)]
    pub country: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
    /// The most distinct incidents one report keeps; past it, the rest are dropped and
    /// counted (exit 1). A text telling more is not one report (a database pasted as text).
    #[arg(long, value_name = "N", default_value_t = incimap::incident::MAX_INCIDENTS)]
    pub max_incidents: usize,
}

/// Open every output atomically (one inside the other) and run `body` on them all; each is
/// renamed into place only if `body` and every write succeed.
fn nest(
    outputs: &[Output],
    open: &mut Vec<&mut dyn Write>,
    body: &mut dyn FnMut(&mut [&mut dyn Write]) -> std::io::Result<()>,
) -> Result<()> {
    let Some((o, rest)) = outputs.split_first() else {
        return Ok(body(open)?);
    };
    incimap::export::atomic::write_with(&o.path, |out| {
        // Reborrowed for this level's shorter lifetime.
        let mut inner: Vec<&mut dyn Write> = open
            .iter_mut()
            .map(|w| &mut **w as &mut dyn Write)
            .collect();
        inner.push(out);
        nest(rest, &mut inner, body).map_err(std::io::Error::other)
    })
    .with_context(|| format!("cannot write {}", o.path.display()))
}

/// What a run met, for the summary line and the exit code.
#[derive(Default)]
struct Tally {
    errors: u64,
    /// Articles whose work panicked (each also an error).
    panicked: u64,
    incidents: u64,
    unlocated: u64,
    far: u64,
    /// Every located incident's point, to count the strays a map leaves out.
    points: Vec<(f64, f64)>,
    /// Incidents past the per-article cap, dropped.
    dropped: u64,
}

/// One file `extract` writes (or `-`, stdout).
pub struct Output {
    pub path: PathBuf,
    pub format: Format,
}

pub fn run(a: Args) -> Result<i32> {
    let format = super::output_format("extract", &a.output, a.format, Format::Geojson)?;
    let output = Output {
        path: a.output,
        format,
    };
    Ok(extract(&a.input, &a.reading, &[output])?.code)
}

/// What [`extract`] did.
pub struct Extracted {
    /// The exit code: 1 when an article or input was skipped.
    pub code: i32,
    /// Incidents written (into each output).
    pub incidents: u64,
}

/// Read the articles once and write their incidents into every output, each written
/// whole or not at all (`map` writes GeoJSON and CSV in one pass). Prints the summary.
pub fn extract(input: &InputArgs, r: &Reading, outputs: &[Output]) -> Result<Extracted> {
    input.check()?;
    for o in outputs {
        super::check_output(&o.path)?;
    }
    let (g, bad_rows) = super::open_gazetteer(&r.gazetteer, input.quiet)?;
    let parser = Geoparser::new(&g).with_country(r.country.clone());
    let extractor = Extractor::new(parser)
        .with_default_date(r.date.as_deref())?
        .with_max_incidents(r.max_incidents);
    input.init_threads();
    let mut articles = Articles::open(&input.inputs);
    let mut tally = Tally::default();
    let quiet = input.quiet;
    let bar = super::progress::Bar::articles(quiet || input.reads_terminal(), &articles);
    let mut written = export::Summary::default();
    let mut write = |outs: &mut [&mut dyn Write]| -> std::io::Result<()> {
        let mut sinks = Vec::with_capacity(outs.len());
        for (out, o) in outs.iter_mut().zip(outputs) {
            let name = o
                .path
                .file_stem()
                .filter(|_| o.path.as_os_str() != "-")
                .map_or("incidents".into(), |s| s.to_string_lossy());
            let schema = export::incident::schema();
            sinks.push(export::Writer::new(
                &mut **out,
                o.format.into(),
                schema,
                &name,
            )?);
        }
        let extract = |item: incimap::Result<incimap::Article>| {
            item.and_then(|article| {
                incimap::batch::isolated(&article.id, || extractor.extraction(&article))
                    .map(|found| (article, found))
            })
        };
        // A report that names no country of its own is read again as about the one the
        // reports beside it agree on (unless --country gave it).
        let agree = |mut read: Vec<incimap::Result<(incimap::Article, Extraction)>>| {
            extractor.agree(&mut read);
            read.into_iter()
                .map(|x| x.map(|(article, found)| (article.id, found)))
                .collect()
        };
        incimap::batch::for_each_ordered_then(articles.by_ref(), extract, agree, |found| {
            match found {
                Ok((id, found)) => {
                    if found.dropped > 0 {
                        tally.dropped += found.dropped as u64;
                        if !quiet {
                            eprintln!(
                                "incimap: warning: {id}: kept its first {} incidents, dropped {} more (--max-incidents)",
                                r.max_incidents, found.dropped
                            );
                        }
                    }
                    for i in &found.incidents {
                        tally.incidents += 1;
                        match i.point {
                            Some(p) => tally.points.push(p.into()),
                            None => tally.unlocated += 1,
                        }
                        tally.far += u64::from(i.far_km.is_some());
                        for sink in &mut sinks {
                            sink.write(i)?;
                        }
                    }
                }
                Err(e) => {
                    tally.errors += 1;
                    tally.panicked += u64::from(matches!(e, incimap::Error::Panic { .. }));
                    if !quiet {
                        eprintln!("incimap: skipped {e}");
                    }
                }
            }
            Ok::<(), std::io::Error>(())
        })?;
        for sink in sinks {
            let s = sink.finish()?;
            written.left_out = written.left_out.max(s.left_out);
            written.renamed_ids = written.renamed_ids.max(s.renamed_ids);
        }
        Ok(())
    };
    match outputs {
        [o] if o.path.as_os_str() == "-" => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write(&mut [&mut out])?;
            out.flush()?;
        }
        _ => nest(outputs, &mut Vec::new(), &mut write)?,
    }
    drop(bar);
    let stats = articles.into_stats();
    if !quiet {
        for w in &stats.warnings {
            eprintln!("incimap: warning: {w}");
        }
        // Far incidents are most likely names read wrong: said before anyone sees the map.
        let mut far = match tally.far {
            0 => String::new(),
            n => format!(", {}", incimap::incident::far::note(n)),
        };
        let strays = incimap::incident::far::strays(&tally.points);
        match strays.iter().filter(|&&s| s).count() {
            0 => {}
            n => far.push_str(&format!(
                ", {}",
                incimap::incident::far::stray_note(n as u64)
            )),
        }
        eprintln!(
            "incimap: {stats}{}{}; {} incidents ({} without a location{far})",
            super::panicked_note(tally.panicked),
            super::bad_rows_note(bad_rows),
            tally.incidents,
            tally.unlocated
        );
        if tally.dropped > 0 {
            eprintln!(
                "incimap: {} incidents dropped past --max-incidents {} per article",
                tally.dropped, r.max_incidents
            );
        }
        if written.left_out > 0 {
            eprintln!(
                "incimap: {} incidents without a location left out: FlatGeobuf indexes points only",
                written.left_out
            );
        }
        if written.renamed_ids > 0 {
            eprintln!(
                "incimap: {} repeated incident ids given a -2, -3, ... suffix (the same article \
                 read twice?)",
                written.renamed_ids
            );
        }
    }
    let code = if tally.errors > 0 || tally.dropped > 0 || stats.skipped.total() > 0 || bad_rows > 0
    {
        1
    } else {
        0
    };
    Ok(Extracted {
        code,
        incidents: tally.incidents,
    })
}
