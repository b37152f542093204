//! `incimap map`: the whole pipeline in one command, for the job users come for: reports in,
//! a folder of files their GIS tools open out. It runs the other subcommands in order, so
//! every file it writes is exactly what that subcommand writes on its own.
//!
//! The folder is one result, so it is written as one: everything goes into a staging folder
//! that then replaces the output folder whole ([`incimap::export::atomic::replace_dir`]). A
//! second run leaves no layer of the first, and a failed run leaves the first run's folder
//! as it was.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::extract::{Format, Output};
use crate::cli::InputArgs;
use incimap::export::atomic;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// The folder to write (created if missing): incidents.geojson, incidents.csv, layers/
    /// (one file per event type, with index.json), map.png and map.html (the map to click
    /// through, one self-contained page). An existing folder that is not empty is replaced
    /// whole, and only with --force.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// The format of the layers (the same names in every command); a format other than
    /// GeoJSON and CSV also gets its own incidents file (incidents.fgb, ...).
    #[arg(long, value_enum, default_value_t = Format::Geojson)]
    pub format: Format,
    /// Title above the map (default: "Conflict incidents").
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Label incidents on the map with their place names.
    #[arg(long)]
    pub labels: bool,
    /// Replace the folder of an earlier run (all of it). A folder holding files `map` does
    /// not write is never replaced.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub reading: super::extract::Reading,
}

/// The entries of an output folder that `map` writes, so `--force` may replace them.
fn written_by_map(name: &str) -> bool {
    name.starts_with("incidents.") || ["layers", "map.png", "map.html"].contains(&name)
}

pub fn run(a: Args) -> Result<i32> {
    a.input.check()?;
    if a.output.exists() && !a.output.is_dir() {
        anyhow::bail!(
            "{} is a file: map writes several files, so name a folder (created if missing)",
            a.output.display()
        );
    }
    atomic::check_dir_target(&a.output, a.force, written_by_map)?;
    let (code, incidents) = atomic::replace_dir(&a.output, |dir| write_all(&a, dir))?;
    if !a.input.quiet {
        let what = match incidents {
            0 => "no incidents: the maps say so".to_string(),
            1 => "1 incident".to_string(),
            n => format!("{n} incidents"),
        };
        let mut files = vec!["incidents.geojson".to_string(), "incidents.csv".into()];
        files.extend(extra_incidents_file(a.format));
        files.extend(["layers/".into(), "map.png".into(), "map.html".into()]);
        eprintln!(
            "incimap: wrote {} ({what}): {}",
            a.output.display(),
            files.join(", ")
        );
    }
    Ok(code)
}

/// The incidents file `--format` adds to the GeoJSON and CSV ones, if any.
fn extra_incidents_file(format: Format) -> Option<String> {
    let ext = incimap::export::Format::from(format).extension();
    (!matches!(format, Format::Geojson | Format::Csv)).then(|| format!("incidents.{ext}"))
}

/// Write every file into `dir` (the staging folder); the exit code and the incident count.
fn write_all(a: &Args, dir: &Path) -> Result<(i32, u64)> {
    // One pass over the articles writes every incident file.
    let mut outputs = vec![
        Output {
            path: dir.join("incidents.geojson"),
            format: Format::Geojson,
        },
        Output {
            path: dir.join("incidents.csv"),
            format: Format::Csv,
        },
    ];
    if let Some(file) = extra_incidents_file(a.format) {
        outputs.push(Output {
            path: dir.join(file),
            format: a.format,
        });
    }
    let extracted = super::extract::extract(&a.input, &a.reading, &outputs)?;
    let mut code = extracted.code;

    // The next stages read the GeoJSON (every command reads it) with their own defaults,
    // exactly as on the command line, quietly: map says what it wrote, under the names the
    // files have once the folder is in place.
    let incidents = dir.join("incidents.geojson");
    let incidents = incidents.to_string_lossy();
    let layers = dir.join("layers");
    let layers = layers.to_string_lossy();
    let format = super::value_name(a.format);
    let args = [
        "layers", &incidents, "-o", &layers, "--format", &format, "-q",
    ];
    let shown = a.output.join("incidents.geojson");
    code = code.max(super::layers::split(
        &parse::<super::layers::Args>(&args)?,
        &shown,
    )?);

    for file in ["map.png", "map.html"] {
        let map = dir.join(file);
        let map = map.to_string_lossy();
        let mut args: Vec<&str> = vec!["render", &incidents, "-o", &map, "-q"];
        args.extend(a.labels.then_some("--labels"));
        let title;
        if let Some(t) = &a.title {
            args.extend(["--title", t]);
        } else if extracted.incidents == 0 {
            title = format!("No incidents found in {}", inputs(&a.input));
            args.extend(["--title", &title]);
        }
        // With nothing to frame, the PNG shows the world (the page says so itself).
        if extracted.incidents == 0 && file == "map.png" {
            args.extend(["--bbox", "-170,-60,170,75", "--basemap", "countries"]);
        }
        let drawn = super::render::run(parse::<super::render::Args>(&args)?)
            .with_context(|| format!("cannot draw {file}"))?;
        code = code.max(drawn);
    }
    Ok((code, extracted.incidents))
}

/// The inputs as a user named them, for a title.
fn inputs(input: &InputArgs) -> String {
    let names: Vec<String> = input
        .inputs
        .iter()
        .map(|p| match p.as_os_str() == "-" {
            true => "stdin".to_string(),
            false => p
                .file_name()
                .unwrap_or(p.as_os_str())
                .to_string_lossy()
                .into_owned(),
        })
        .collect();
    super::shorten(&names.join(", ")).into_owned()
}

/// Parse a subcommand's arguments as if typed, so `map` uses the same defaults.
fn parse<T: clap::Args>(argv: &[&str]) -> Result<T> {
    #[derive(clap::Parser)]
    struct Wrap<T: clap::Args> {
        #[command(flatten)]
        inner: T,
    }
    use clap::Parser;
    Ok(Wrap::<T>::try_parse_from(argv)?.inner)
}
