//! `incimap places`: every place mention of every article, one JSON object a line.

use std::io::Write;

use anyhow::Result;

use crate::cli::{GazetteerOpts, InputArgs};
use incimap::geoparse::{self, Geoparser};
use incimap::read::Articles;
use incimap::Resolution;
use rayon::prelude::*;

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
    /// The country the articles are about (SY or Syria); otherwise inferred per article, and
    /// for an article that names none, from the articles read with it.
    #[arg(long, value_name = "COUNTRY", value_parser = super::country)]
    pub country: Option<String>,
    /// Instead of every mention, the review list: the names left unresolved, those placed
    /// only at their parent (a sub-place the gazetteer lacks) and those resolved with
    /// confidence under 0.5, each with how often and in how many documents it came, most
    /// frequent first. The worklist for a user gazetteer (--gazetteer FILE).
    #[arg(long)]
    pub unresolved: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
}

/// Below this confidence a resolved place is worth a look.
const LOW_CONFIDENCE: f64 = 0.5;

/// One name of the review list, gathered over every mention written that way (any case).
struct ToReview {
    text: String,
    status: &'static str,
    placed_at: String,
    count: u64,
    docs: u64,
    first_doc: String,
    last_doc: String,
}

/// Why a mention needs a look, if it does.
fn review_status(m: &incimap::Mention) -> Option<&'static str> {
    match m.kind {
        Resolution::Unresolved => Some("unresolved"),
        Resolution::Parent => Some("parent"),
        Resolution::Place if m.confidence < LOW_CONFIDENCE => Some("low-confidence"),
        Resolution::Place => None,
    }
}

/// The review list, most frequent first, as a table or JSON Lines.
fn write_review(
    out: &mut dyn Write,
    review: std::collections::HashMap<(String, &'static str), ToReview>,
    format: Format,
) -> std::io::Result<()> {
    let mut rows: Vec<ToReview> = review.into_values().collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.text.to_lowercase().cmp(&b.text.to_lowercase()))
            .then_with(|| a.status.cmp(b.status))
    });
    if format == Format::Table {
        writeln!(out, "count\tdocs\ttext\tstatus\tplaced_at\tfirst_doc")?;
    }
    for r in rows {
        match format {
            Format::Table => writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                r.count, r.docs, r.text, r.status, r.placed_at, r.first_doc
            )?,
            Format::Jsonl => {
                let v = serde_json::json!({
                    "text": r.text,
                    "status": r.status,
                    "placed_at": (!r.placed_at.is_empty()).then_some(&r.placed_at),
                    "count": r.count,
                    "docs": r.docs,
                    "first_doc": r.first_doc,
                });
                serde_json::to_writer(&mut *out, &v)?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}

/// One mention as a line of the chosen format.
fn write_mention(out: &mut Vec<u8>, m: &incimap::Mention, format: Format) -> std::io::Result<()> {
    match format {
        Format::Jsonl => {
            m.write_json(out);
            out.push(b'\n');
            Ok(())
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
                m.kind.as_str(),
                m.name.as_deref().unwrap_or(""),
                f(m.point.map(|p| p.lat())),
                f(m.point.map(|p| p.lon())),
                m.feature_code.as_deref().unwrap_or(""),
                m.confidence
            )
        }
    }
}

pub fn run(a: Args) -> Result<i32> {
    a.input.check()?;
    let (g, bad_rows) = super::open_gazetteer(&a.gazetteer, a.input.quiet)?;
    let parser = Geoparser::new(&g).with_country(a.country.clone());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.format == Format::Table && !a.unresolved {
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
    let review_only = a.unresolved;
    let mut review = std::collections::HashMap::new();
    let bar = super::progress::Bar::articles(quiet || a.input.reads_terminal(), &articles);
    // Each worker formats its article's lines too, so the writer only copies bytes.
    let parse = |item: incimap::Result<incimap::Article>| {
        item.and_then(|article| {
            incimap::batch::isolated(&article.id, || parser.parse_focused(&article))
                .map(|(found, focus)| (article, found, focus))
        })
    };
    // A report that names no country of its own is read again as about the one the
    // reports beside it agree on (unless --country gave it).
    let agree = |mut read: Vec<geoparse::Parsed>| {
        parser.agree(&mut read);
        read.into_par_iter()
            .map(|x| x.map(|(_, found, _)| found))
            .map(|x| {
                x.map(|found| {
                    let unresolved = found
                        .iter()
                        .filter(|m| m.kind == Resolution::Unresolved)
                        .count() as u64;
                    // A JSON line is about 330 bytes; growing the buffer from empty
                    // copied each report's output ten times over (5% of `places`).
                    let mut bytes = Vec::with_capacity(found.len() * 384);
                    let mut to_review = Vec::new();
                    for m in &found {
                        if review_only {
                            if let Some(status) = review_status(m) {
                                to_review.push((
                                    m.text.clone(),
                                    status,
                                    m.name.clone(),
                                    m.doc.clone(),
                                ));
                            }
                        } else {
                            // Writing into a Vec cannot fail.
                            let _ = write_mention(&mut bytes, m, format);
                        }
                    }
                    (found.len() as u64, unresolved, bytes, to_review)
                })
            })
            .collect()
    };
    incimap::batch::for_each_ordered_then(
        articles.by_ref(),
        parse,
        agree,
        |parsed| -> Result<()> {
            match parsed {
                Ok((n, u, bytes, to_review)) => {
                    mentions += n;
                    unresolved += u;
                    out.write_all(&bytes)?;
                    for (text, status, name, doc) in to_review {
                        let r = review
                            .entry((text.to_lowercase(), status))
                            .or_insert_with(|| ToReview {
                                text,
                                status,
                                placed_at: name.unwrap_or_default(),
                                count: 0,
                                docs: 0,
                                first_doc: doc.clone(),
                                last_doc: String::new(),
                            });
                        r.count += 1;
                        // Documents come in order, so a new one is one not seen last.
                        if r.last_doc != doc {
                            r.docs += 1;
                            r.last_doc = doc;
                        }
                    }
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
        },
    )?;
    if review_only {
        write_review(&mut out, review, format)?;
    }
    out.flush()?;
    drop(bar);
    let stats = articles.into_stats();
    if !a.input.quiet {
        for w in &stats.warnings {
            eprintln!("incimap: warning: {w}");
        }
        eprintln!(
            "incimap: {stats}{}{}; {mentions} place mentions ({unresolved} unresolved)",
            super::panicked_note(panicked),
            super::bad_rows_note(bad_rows)
        );
    }
    Ok(if errors > 0 || stats.skipped.total() > 0 || bad_rows > 0 {
        1
    } else {
        0
    })
}
