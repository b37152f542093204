//! `incimap places`: every place mention of every article, one JSON object a line.

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{GazetteerOpts, InputArgs};
use incimap::gazetteer::Gazetteer;
use incimap::geoparse::Geoparser;
use incimap::read::Articles;
use incimap::Resolution;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Table,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// The country the articles are about (SY or Syria); otherwise inferred per article.
    #[arg(long, value_name = "COUNTRY", value_parser = super::country)]
    pub country: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
}

/// The JSON word for a resolution, so the table and the JSON agree.
fn kind_word(k: Resolution) -> &'static str {
    match k {
        Resolution::Place => "place",
        Resolution::Parent => "parent",
        Resolution::Unresolved => "unresolved",
    }
}

/// One mention as a line of the chosen format.
fn write_mention(out: &mut Vec<u8>, m: &incimap::Mention, format: Format) -> std::io::Result<()> {
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, m)?;
            out.write_all(b"\n")
        }
        Format::Table => {
            let f = |x: Option<f64>| x.map(|v| format!("{v:.5}")).unwrap_or_default();
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.3}",
                m.doc,
                m.start,
                m.end,
                m.text,
                kind_word(m.kind),
                m.name.as_deref().unwrap_or(""),
                f(m.lat),
                f(m.lon),
                m.feature_code.as_deref().unwrap_or(""),
                m.confidence
            )
        }
    }
}

pub fn run(a: Args) -> Result<i32> {
    a.input.check()?;
    let g = Gazetteer::open(&a.gazetteer.gazetteer).context("cannot load the gazetteer")?;
    let parser = Geoparser::new(&g).with_country(a.country.clone());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.format == Format::Table {
        writeln!(
            out,
            "doc\tstart\tend\ttext\tkind\tname\tlat\tlon\tfeature_code\tconfidence"
        )?;
    }
    a.input.init_threads();
    let mut articles = Articles::open(&a.input.inputs);
    let (mut errors, mut panicked, mut mentions, mut unresolved) = (0u64, 0u64, 0u64, 0u64);
    let quiet = a.input.quiet;
    let format = a.format;
    let bar = super::progress::Bar::articles(quiet || a.input.reads_terminal(), &articles);
    // Each worker formats its article's lines too, so the writer only copies bytes.
    let parse = |item: incimap::Result<incimap::Article>| {
        item.and_then(|article| incimap::batch::isolated(&article.id, || parser.parse(&article)))
            .map(|found| {
                let unresolved = found
                    .iter()
                    .filter(|m| m.kind == Resolution::Unresolved)
                    .count() as u64;
                let mut bytes = Vec::new();
                for m in &found {
                    // Writing into a Vec cannot fail.
                    let _ = write_mention(&mut bytes, m, format);
                }
                (found.len() as u64, unresolved, bytes)
            })
    };
    incimap::batch::for_each_ordered(articles.by_ref(), parse, |parsed| -> Result<()> {
        match parsed {
            Ok((n, u, bytes)) => {
                mentions += n;
                unresolved += u;
                out.write_all(&bytes)?;
            }
            Err(e) => {
                errors += 1;
                panicked += u64::from(matches!(e, incimap::Error::Panic { .. }));
                if !quiet {
                    eprintln!("incimap: skipped {e}");
                }
            }
        }
        Ok(())
    })?;
    out.flush()?;
    drop(bar);
    let stats = articles.into_stats();
    if !a.input.quiet {
        for w in &stats.warnings {
            eprintln!("incimap: warning: {w}");
        }
        eprintln!(
            "incimap: {stats}{}; {mentions} place mentions ({unresolved} unresolved)",
            super::panicked_note(panicked)
        );
    }
    Ok(if errors > 0 || stats.skipped.total() > 0 {
        1
    } else {
        0
    })
}
