//! `incimap match`: pair two incident sets one to one (what the machine found against what
//! coders found, say) and report what each side has that the other lacks. The pairing is
//! [`incimap::matching`]'s; this reads the files, writes the outputs and reports.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use incimap::features::{self, Feature};
use incimap::matching::{self, Matching, Rules, Side};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A few lines for people.
    Table,
    /// One JSON object: {"matched": n, "left_only": n, "right_only": n, ...}.
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The incidents to score: GeoJSON, GeoJSON Lines, CSV (what `extract` writes, or an
    /// ACLED export) or ACLED API JSON.
    #[arg(value_name = "LEFT")]
    pub left: PathBuf,
    /// The incidents to score against, in any of the same formats.
    #[arg(value_name = "RIGHT")]
    pub right: PathBuf,
    /// Pairs lie at most this many great-circle km apart.
    #[arg(long, value_name = "KM", default_value_t = 10.0)]
    pub km: f64,
    /// Pairs lie at most this many days apart.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub days: u32,
    /// Pairs have the same event_type.
    #[arg(long)]
    pub same_type: bool,
    /// Write the pairs as CSV: left_id, right_id, distance_km, days_apart (right's date
    /// minus left's), nearest first.
    #[arg(long, short = 'o', value_name = "PAIRS.csv")]
    pub output: Option<PathBuf>,
    /// How to print the summary on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write LEFT's incidents without a partner as GeoJSON (each feature as read).
    #[arg(long, value_name = "FILE.geojson")]
    pub unmatched_left: Option<PathBuf>,
    /// Write RIGHT's incidents without a partner as GeoJSON (each feature as read).
    #[arg(long, value_name = "FILE.geojson")]
    pub unmatched_right: Option<PathBuf>,
    /// No warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// One side as read: what matching needs, each incident's id, and what the read skipped.
struct Input {
    side: Side,
    ids: Vec<String>,
    read: features::ReadSummary,
    /// The first few dates that did not parse, for the warning.
    bad_dates: Vec<String>,
}

pub fn run(a: Args) -> Result<i32> {
    if !(a.km >= 0.0 && a.km.is_finite()) {
        bail!("--km takes a distance in km of 0 or more, got {}", a.km);
    }
    for p in [&a.left, &a.right] {
        if p.as_os_str() == "-" {
            bail!("match reads two files (unmatched incidents are read again to write them): save stdin to a file first");
        }
    }
    let left = read("LEFT", &a.left)?;
    let right = read("RIGHT", &a.right)?;
    for (name, path, input) in [("LEFT", &a.left, &left), ("RIGHT", &a.right, &right)] {
        if input.side.is_empty() {
            bail!(
                "{name} {} holds no incidents with a point ({}): nothing to match",
                path.display(),
                input.read
            );
        }
    }
    let rules = Rules {
        km: a.km,
        days: a.days,
        same_type: a.same_type,
    };
    let m = matching::pair_and_count(&left.side, &right.side, &rules);

    if let Some(out) = &a.output {
        incimap::export::atomic::write_with(out, |w| write_pairs(w, &m, &left.ids, &right.ids))
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    for (file, path, only) in [
        (&a.unmatched_left, &a.left, &m.left_only),
        (&a.unmatched_right, &a.right, &m.right_only),
    ] {
        if let Some(file) = file {
            write_unmatched(file, path, only)?;
        }
    }

    let stdout = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => writeln!(stdout, "{}", summary_json(&m, &rules, &left, &right))?,
        Format::Table => write_table(stdout, &m, &rules, &a)?,
    }
    let mut partial = false;
    for (name, path, input) in [("LEFT", &a.left, &left), ("RIGHT", &a.right, &right)] {
        let undated = input.side.undated();
        partial |= input.read.skipped() > 0 || undated > 0;
        if a.quiet {
            continue;
        }
        for w in &input.read.warnings {
            eprintln!("incimap: warning: {w}");
        }
        if input.read.skipped() > 0 {
            eprintln!("incimap: {name} {}: {}", path.display(), input.read);
        }
        if undated > 0 {
            eprintln!(
                "incimap: warning: {name} {}: {undated} incidents without an event_date that parses (e.g. {}); kept, but they cannot match",
                path.display(),
                input.bad_dates.join(", ")
            );
        }
    }
    Ok(i32::from(partial))
}

/// Read one side; `name` says which in messages (the library's error names the file).
fn read(name: &str, path: &Path) -> Result<Input> {
    let mut input = Input {
        side: Side::default(),
        ids: Vec::new(),
        read: features::ReadSummary::default(),
        bad_dates: Vec::new(),
    };
    input.read = features::for_each(path, None, |f| {
        let date = f.text("event_date");
        input.side.push(f.lon, f.lat, &date, &f.text("event_type"));
        if input.side.days.last() == Some(&None) && input.bad_dates.len() < 3 {
            input.bad_dates.push(format!("{date:?}"));
        }
        input.ids.push(id(&f, input.ids.len()));
        Ok(())
    })
    .with_context(|| format!("cannot read {name}"))?;
    Ok(input)
}

/// The feature's id, else its `id` or `event_id_cnty` property, else `#N` (1-based).
fn id(f: &Feature, position: usize) -> String {
    f.id.clone()
        .or_else(|| {
            ["id", "event_id_cnty"]
                .iter()
                .map(|k| f.text(k))
                .find(|t| !t.is_empty())
        })
        .unwrap_or_else(|| format!("#{}", position + 1))
}

fn write_pairs(
    out: &mut dyn Write,
    m: &Matching,
    left: &[String],
    right: &[String],
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["left_id", "right_id", "distance_km", "days_apart"])?;
    for p in &m.pairs {
        w.write_record([
            left[p.left].as_str(),
            right[p.right].as_str(),
            &format!("{:.3}", p.km),
            &p.days.to_string(),
        ])?;
    }
    w.flush()
}

/// The features at positions `only` of the file, read again, as one FeatureCollection.
fn write_unmatched(file: &Path, input: &Path, only: &[usize]) -> Result<()> {
    let mut texts = Vec::with_capacity(only.len());
    let mut next = only.iter().peekable();
    let mut at = 0usize;
    features::for_each(input, None, |f| {
        if next.peek() == Some(&&at) {
            next.next();
            texts.push(f.one_line().into_owned());
        }
        at += 1;
        Ok(())
    })
    .with_context(|| format!("cannot read {} again", input.display()))?;
    incimap::export::atomic::write_with(file, |out| {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        for (n, t) in texts.iter().enumerate() {
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            out.write_all(t.as_bytes())?;
        }
        out.write_all(b"\n]}\n")
    })
    .with_context(|| format!("cannot write {}", file.display()))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn summary_json(m: &Matching, rules: &Rules, left: &Input, right: &Input) -> serde_json::Value {
    serde_json::json!({
        "matched": m.pairs.len(),
        "left_only": m.left_only.len(),
        "right_only": m.right_only.len(),
        "left": left.side.len(),
        "right": right.side.len(),
        "left_undated": m.left_undated,
        "right_undated": m.right_undated,
        "precision": round3(m.precision()),
        "recall": round3(m.recall()),
        "f1": round3(m.f1()),
        "median_km": round3(median_km(m)),
        "km": rules.km,
        "days": rules.days,
        "same_type": rules.same_type,
    })
}

/// The median distance between paired incidents (pairs are sorted by distance); 0 for none.
fn median_km(m: &Matching) -> f64 {
    m.pairs.get(m.pairs.len() / 2).map_or(0.0, |p| p.km)
}

fn write_table(out: &mut dyn Write, m: &Matching, rules: &Rules, a: &Args) -> std::io::Result<()> {
    let (l, r) = (
        m.pairs.len() + m.left_only.len(),
        m.pairs.len() + m.right_only.len(),
    );
    let pct = |n: usize, of: usize| {
        if of == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", 100.0 * n as f64 / of as f64)
        }
    };
    writeln!(
        out,
        "within {} km and {} days{}",
        rules.km,
        rules.days,
        if rules.same_type {
            ", same event_type"
        } else {
            ""
        }
    )?;
    writeln!(out, "left        {l:>8}  {}", a.left.display())?;
    writeln!(out, "right       {r:>8}  {}", a.right.display())?;
    writeln!(
        out,
        "matched     {:>8}  {} of left (precision), {} of right (recall), median {:.1} km",
        m.pairs.len(),
        pct(m.pairs.len(), l),
        pct(m.pairs.len(), r),
        median_km(m)
    )?;
    writeln!(
        out,
        "left only   {:>8}  ({} undated)",
        m.left_only.len(),
        m.left_undated
    )?;
    writeln!(
        out,
        "right only  {:>8}  ({} undated)",
        m.right_only.len(),
        m.right_undated
    )
}
