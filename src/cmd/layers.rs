//! `incimap layers`: split an incident file into one file per event type, sub-event type,
//! actor or admin area, with an `index.json`, for GIS users who want each as its own layer.
//! The splitting, naming and all-or-nothing writing live in [`incimap::export::layers`].

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cmd::extract::Format;
use incimap::export::{self, layers};
use incimap::features;

/// The columns layers can be split by.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    #[value(name = "event_type")]
    EventType,
    #[value(name = "sub_event_type")]
    SubEventType,
    #[value(name = "actor1")]
    Actor1,
    #[value(name = "admin1")]
    Admin1,
}

impl By {
    fn column(self) -> &'static str {
        match self {
            By::EventType => "event_type",
            By::SubEventType => "sub_event_type",
            By::Actor1 => "actor1",
            By::Admin1 => "admin1",
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// An incident file: GeoJSON, GeoJSON Lines, CSV or FlatGeobuf (what `extract` writes, or any point
    /// file), or - for stdin.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// The directory to write the layers and index.json into (created if missing; other
    /// files in it are left alone).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// The property whose values make the layers.
    #[arg(long, value_enum, default_value_t = By::EventType)]
    pub by: By,
    /// The file format (the same in every command).
    #[arg(long, value_enum, default_value_t = Format::Geojson)]
    pub format: Format,
    /// Overwrite layer files and index.json that exist already.
    #[arg(long)]
    pub force: bool,
    /// No summary line or warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(a: Args) -> Result<i32> {
    let shown = features::display_path(&a.input);
    split(&a, &shown)
}

/// Write the layers of `a.input`, naming it `shown` in messages and in the index (`map`
/// reads from a staging folder, but names the file where it will be).
pub fn split(a: &Args, shown: &std::path::Path) -> Result<i32> {
    super::note_terminal_stdin(std::slice::from_ref(&a.input), a.quiet);
    let (bar, counter) = super::progress::Bar::counting(a.quiet, "features read");
    let mut features = Vec::new();
    let read = features::for_each(&a.input, None, |f| {
        counter.add(1);
        features.push(f);
        Ok(())
    })
    .with_context(|| format!("cannot read {}", shown.display()))?;
    drop(bar);
    if !a.quiet {
        for w in &read.warnings {
            eprintln!("incimap: warning: {w}");
        }
    }
    let (schema, rows) = export::normalize::rows(features);
    let opts = layers::Options {
        by: a.by.column().to_string(),
        format: a.format.into(),
        force: a.force,
        input: shown.display().to_string(),
    };
    let written = layers::write(&a.output, &schema, &rows, &opts)?;
    if !a.quiet {
        for f in &written.stale {
            eprintln!(
                "incimap: warning: {} is from an earlier run (listed in the old {}) and was left \
                 as it was",
                a.output.join(f).display(),
                layers::INDEX
            );
        }
        eprintln!(
            "incimap: {read} from {}; {} layers by {} in {} (see {})",
            shown.display(),
            written.index.layers.len(),
            opts.by,
            a.output.display(),
            a.output.join(layers::INDEX).display()
        );
    }
    Ok(if read.skipped() > 0 { 1 } else { 0 })
}
