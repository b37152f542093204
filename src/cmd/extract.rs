//! `incimap extract`: the incidents every article reports, as GeoJSON, GeoJSON Lines or CSV.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{GazetteerOpts, InputArgs};
use incimap::gazetteer::Gazetteer;
use incimap::geoparse::Geoparser;
use incimap::incident::{records, Extractor};
use incimap::model::Incident;
use incimap::read::Articles;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One GeoJSON FeatureCollection.
    Geojson,
    /// One GeoJSON Feature a line.
    Geojsonl,
    /// One incident a row, ACLED-like columns.
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write: a file (written whole or not at all), or - for stdout.
    #[arg(long, short = 'o', value_name = "OUT", default_value = "-")]
    pub output: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Geojson)]
    pub format: Format,
    /// Publication date (YYYY-MM-DD) for articles that carry none and have no dateline;
    /// relative dates ("on Wednesday") are counted back from it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The country the articles are about (ISO alpha-2); otherwise inferred per article.
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
}

/// What a run met, for the summary line and the exit code.
#[derive(Default)]
struct Tally {
    errors: u64,
    incidents: u64,
    unlocated: u64,
}

pub fn run(a: Args) -> Result<i32> {
    let g = Gazetteer::open(&a.gazetteer.gazetteer).context("cannot load the gazetteer")?;
    let parser = Geoparser::new(&g).with_country(a.country.clone());
    let extractor = Extractor::new(parser).with_default_date(a.date.as_deref())?;
    a.input.init_threads();
    let mut articles = Articles::open(&a.input.inputs);
    let mut tally = Tally::default();
    let quiet = a.input.quiet;
    let mut write = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut sink = Sink::new(out, a.format)?;
        let extract = |item: incimap::Result<incimap::Article>| {
            item.map(|article| extractor.extract(&article))
        };
        incimap::batch::for_each_ordered(articles.by_ref(), extract, |found| {
            match found {
                Ok(incidents) => {
                    for i in &incidents {
                        tally.incidents += 1;
                        if i.lat.is_none() {
                            tally.unlocated += 1;
                        }
                        sink.write(i)?;
                    }
                }
                Err(e) => {
                    tally.errors += 1;
                    if !quiet {
                        eprintln!("incimap: skipped {e}");
                    }
                }
            }
            Ok::<(), std::io::Error>(())
        })?;
        sink.finish()
    };
    if a.output.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        write(&mut out)?;
        out.flush()?;
    } else {
        incimap::export::atomic::write_with(&a.output, write)
            .with_context(|| format!("cannot write {}", a.output.display()))?;
    }
    let stats = articles.into_stats();
    if !quiet {
        for w in &stats.warnings {
            eprintln!("incimap: warning: {w}");
        }
        eprintln!(
            "incimap: {stats}; {} incidents ({} without a location)",
            tally.incidents, tally.unlocated
        );
    }
    Ok(if tally.errors > 0 || stats.skipped.total() > 0 {
        1
    } else {
        0
    })
}

/// Writes incidents one at a time in the chosen format.
enum Sink<'w> {
    Geojson { out: &'w mut dyn Write, first: bool },
    Geojsonl(&'w mut dyn Write),
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
}

impl<'w> Sink<'w> {
    fn new(out: &'w mut dyn Write, format: Format) -> std::io::Result<Sink<'w>> {
        Ok(match format {
            Format::Geojson => {
                out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
                Sink::Geojson { out, first: true }
            }
            Format::Geojsonl => Sink::Geojsonl(out),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(records::CSV_HEADER)?;
                Sink::Csv(Box::new(w))
            }
        })
    }

    fn write(&mut self, i: &Incident) -> std::io::Result<()> {
        match self {
            Sink::Geojson { out, first } => {
                out.write_all(if *first { b"\n" } else { b",\n" })?;
                *first = false;
                serde_json::to_writer(&mut **out, &records::feature(i))?;
            }
            Sink::Geojsonl(out) => {
                serde_json::to_writer(&mut **out, &records::feature(i))?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(w) => w.write_record(records::csv_row(i))?,
        }
        Ok(())
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Geojson { out, first } => out.write_all(if first { b"]}\n" } else { b"\n]}\n" }),
            Sink::Geojsonl(_) => Ok(()),
            Sink::Csv(mut w) => w.flush(),
        }
    }
}
