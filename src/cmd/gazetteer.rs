//! `incimap gazetteer lookup|import|stats`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;

use crate::cli::{GazetteerCommand, GazetteerOpts, LookupFormat};
use incimap::gazetteer::{self, Gazetteer, Lookup};
use incimap::Candidate;

#[derive(Args, Debug)]
pub struct LookupArgs {
    /// The place name to look up (any spelling, Latin or Arabic script).
    #[arg(required_unless_present = "file")]
    pub name: Option<String>,
    /// Look up every line of FILE instead ('-' for stdin); prints one line per input name.
    #[arg(long, value_name = "FILE", conflicts_with = "name")]
    pub file: Option<PathBuf>,
    /// Only places in this country (an ISO 3166-1 alpha-2 code or a name: SY, Syria).
    #[arg(long, value_name = "COUNTRY", value_parser = super::country)]
    pub country: Option<String>,
    /// Prefer places near this point: LON,LAT or a place name (its best match), as in
    /// `query` and `render`.
    #[arg(long, value_name = "LON,LAT|PLACE", allow_hyphen_values = true)]
    pub near: Option<String>,
    /// At most N candidates per name (batch mode prints the best one).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = LookupFormat::Table)]
    pub format: LookupFormat,
    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
    /// No summary line or warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// GeoNames tables: country dumps (SY.txt, SY.zip), allCountries, alternateNamesV2 (plain, .gz or .zip).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where to write the index (default: the data directory, used automatically from then on).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// No summary line or warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value_t = LookupFormat::Table)]
    pub format: LookupFormat,
    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
    /// No summary line or warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(cmd: GazetteerCommand) -> Result<i32> {
    match cmd {
        GazetteerCommand::Lookup(a) => lookup(a),
        GazetteerCommand::Import(a) => import(a),
        GazetteerCommand::Stats(a) => stats(a),
    }
}

/// The gazetteer, and the exit code its loading sets: 1 when user gazetteer rows were
/// skipped (each already a warning; the count said here, as the other commands' summaries
/// say it).
fn open(opts: &GazetteerOpts, quiet: bool) -> Result<(Gazetteer, i32)> {
    let (g, bad_rows) = super::open_gazetteer(opts, quiet)?;
    if bad_rows > 0 && !quiet {
        eprintln!(
            "incimap: {}",
            super::bad_rows_note(bad_rows).trim_start_matches("; ")
        );
    }
    Ok((g, i32::from(bad_rows > 0)))
}

fn lookup(a: LookupArgs) -> Result<i32> {
    let (g, code) = open(&a.gazetteer, a.quiet)?;
    if let Some(cc) = &a.country {
        anyhow::ensure!(
            cc.len() == 2 && cc.chars().all(|c| c.is_ascii_alphabetic()),
            "--country takes a two-letter ISO code such as SY, got {cc:?}"
        );
    }
    let near = match a.near.as_deref() {
        None => None,
        Some(near) => Some(match super::near_coordinates(near) {
            Some(point) => point?,
            None => super::near_place(&g, near, a.country.as_deref(), a.quiet)?,
        }),
    };
    let opts = Lookup {
        country: a.country.as_ref().map(|c| c.to_ascii_uppercase()),
        near: near.map(|n| (n.lon, n.lat)),
        limit: a.limit,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(file) = &a.file {
        let mut reader: Box<dyn BufRead> = if file.as_os_str() == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            let f = std::fs::File::open(file)
                .with_context(|| format!("cannot open {}", file.display()))?;
            Box::new(std::io::BufReader::with_capacity(64 * 1024, f))
        };
        let head = reader
            .fill_buf()
            .with_context(|| format!("cannot read {}", file.display()))?;
        anyhow::ensure!(
            !incimap::read::looks_binary(head),
            "{}: a binary file (a NUL byte in its first {} bytes), not a list of names: give \
             one place name a line, as UTF-8 text",
            file.display(),
            head.len()
        );
        let mut missing = 0usize;
        // Lines that are not UTF-8: looked up with U+FFFD in place of the bad bytes (one
        // answer a line still), counted and the first named.
        let mut not_utf8 = 0usize;
        let mut first_bad = 0usize;
        // A column of location names repeats a few hundred names thousands of times (an
        // ACLED export's `location`): each distinct name is looked up once. Bounded, so a
        // file of millions of distinct names keeps flat memory.
        const REMEMBERED: usize = 100_000;
        let mut seen: std::collections::HashMap<String, Option<incimap::model::Candidate>> =
            std::collections::HashMap::new();
        for (n, line) in reader.split(b'\n').enumerate() {
            let line = line.with_context(|| format!("cannot read {}", file.display()))?;
            if std::str::from_utf8(&line).is_err() {
                not_utf8 += 1;
                if first_bad == 0 {
                    first_bad = n + 1;
                }
            }
            let name = String::from_utf8_lossy(&line);
            let name = name.trim_end_matches('\r').trim();
            let best = match seen.get(name) {
                Some(best) => best.clone(),
                None => {
                    let best = g.lookup(name, &opts).into_iter().next();
                    if seen.len() >= REMEMBERED {
                        seen.clear();
                    }
                    seen.insert(name.to_string(), best.clone());
                    best
                }
            };
            if best.is_none() {
                missing += 1;
            }
            match a.format {
                LookupFormat::Json => match &best {
                    Some(c) => writeln!(out, "{}", json_line(c)?)?,
                    None => writeln!(out, "{{}}")?,
                },
                LookupFormat::Table => match &best {
                    Some(c) => writeln!(out, "{name}\t{}", table_row(c))?,
                    None => writeln!(out, "{name}\tnot found")?,
                },
            }
        }
        out.flush()?;
        if not_utf8 > 0 && !a.quiet {
            eprintln!(
                "incimap: warning: {}: {not_utf8} line{} not UTF-8 (the first: line {first_bad}); \
                 looked up with U+FFFD for the bad bytes. Convert the file first (iconv -t UTF-8)",
                file.display(),
                if not_utf8 == 1 { "" } else { "s" }
            );
        }
        return Ok(if missing > 0 { 1 } else { code });
    }
    let name = a.name.as_deref().unwrap_or_default();
    let found = g.lookup(name, &opts);
    if found.is_empty() {
        if a.quiet {
            return Ok(1);
        }
        eprintln!(
            "incimap: {:?}: not found in the gazetteer (add it with --gazetteer FILE, or import a \
             GeoNames dump)",
            super::shorten(name)
        );
        return Ok(1);
    }
    match a.format {
        LookupFormat::Json => {
            for c in &found {
                writeln!(out, "{}", json_line(c)?)?;
            }
        }
        LookupFormat::Table => {
            writeln!(
                out,
                "score\tname\tfeature_code\tcountry\tadmin1\tlat\tlon\tpopulation\tsource"
            )?;
            for c in &found {
                writeln!(out, "{}", table_row(c))?;
            }
        }
    }
    out.flush()?;
    Ok(code)
}

fn json_line(c: &Candidate) -> Result<String> {
    let mut v = serde_json::to_value(c)?;
    if let Some(s) = v.get_mut("score") {
        *s = serde_json::json!((c.score * 1000.0).round() / 1000.0);
    }
    Ok(serde_json::to_string(&v)?)
}

fn table_row(c: &Candidate) -> String {
    let p = &c.place;
    format!(
        "{:.3}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}",
        c.score, p.name, p.feature_code, p.country, p.admin1, p.lat, p.lon, p.population, p.source
    )
}

fn import(a: ImportArgs) -> Result<i32> {
    let output = match a.output {
        Some(o) => o,
        None => gazetteer::data_dir()
            .context("no data directory: set INCIMAP_HOME or HOME, or pass --output")?
            .join(gazetteer::IMPORTED_FILE),
    };
    let base = Gazetteer::bundled();
    let progress = incimap::read::Progress::default();
    let total = a
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let seen = progress.clone();
    let bar = super::progress::Bar::new(
        a.quiet,
        Some(total),
        super::progress::Unit::Bytes,
        move || (seen.bytes(), String::new()),
    );
    let s = gazetteer::import::import_with(&a.files, &output, &base, &progress)
        .context("import failed")?;
    drop(bar);
    if a.quiet {
        return Ok(if s.skipped > 0 { 1 } else { 0 });
    }
    for p in &s.problems {
        eprintln!("incimap: skipped {p}");
    }
    eprintln!(
        "incimap: imported {} places and {} alternate names into {}{}",
        s.places,
        s.alternate_names,
        s.output.display(),
        if s.skipped > 0 {
            format!("; skipped {} bad rows", s.skipped)
        } else {
            String::new()
        }
    );
    Ok(if s.skipped > 0 { 1 } else { 0 })
}

fn stats(a: StatsArgs) -> Result<i32> {
    let t = Instant::now();
    let (g, code) = open(&a.gazetteer, a.quiet)?;
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    let s = g.stats();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        LookupFormat::Json => {
            let mut v = serde_json::to_value(&s)?;
            v["load_ms"] = serde_json::json!((load_ms * 100.0).round() / 100.0);
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        LookupFormat::Table => {
            writeln!(
                out,
                "places\t{}\nnames\t{}\nload_ms\t{load_ms:.2}",
                s.places, s.names
            )?;
            for part in g.parts() {
                let from = part
                    .path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "bundled".into());
                writeln!(
                    out,
                    "tier\t{:?}\t{from}\t{} places",
                    part.tier,
                    part.store.len()
                )?;
            }
            for (k, n) in &s.by_source {
                writeln!(out, "source\t{k}\t{n}")?;
            }
            for (k, n) in &s.by_class {
                writeln!(out, "class\t{k}\t{n}")?;
            }
            let mut countries: Vec<_> = s.by_country.iter().collect();
            countries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (k, n) in countries {
                writeln!(out, "country\t{k}\t{n}")?;
            }
        }
    }
    out.flush()?;
    Ok(code)
}
