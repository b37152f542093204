//! `incimap map`: the whole pipeline in one command, for the job users come for: reports in,
//! a folder of files their GIS tools open out. It runs the other subcommands in order, so
//! every file it writes is exactly what that subcommand writes on its own.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::InputArgs;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// The folder to write into (created if missing): incidents.geojson, incidents.csv,
    /// layers/ (one GeoJSON file per event type, with index.json), map.png and map.html (the
    /// map to click through, one self-contained page).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    #[command(flatten)]
    pub reading: super::extract::Reading,
}

pub fn run(a: Args) -> Result<i32> {
    a.input.check()?;
    if a.output.exists() && !a.output.is_dir() {
        anyhow::bail!(
            "{} is a file: map writes several files, so name a folder (created if missing)",
            a.output.display()
        );
    }
    std::fs::create_dir_all(&a.output)
        .with_context(|| format!("cannot create {}", a.output.display()))?;
    // One pass over the articles writes both incident files.
    let outputs = [
        ("incidents.geojson", super::extract::Format::Geojson),
        ("incidents.csv", super::extract::Format::Csv),
    ]
    .map(|(file, format)| super::extract::Output {
        path: a.output.join(file),
        format,
    });
    let mut code = super::extract::extract(&a.input, &a.reading, &outputs)?;
    if !a.input.quiet {
        for o in &outputs {
            eprintln!("incimap: wrote {}", o.path.display());
        }
    }
    let incidents = a.output.join("incidents.geojson");
    let incidents = incidents.to_string_lossy();
    let layers = a.output.join("layers");
    let png = a.output.join("map.png");
    let html = a.output.join("map.html");
    let quiet = a.input.quiet.then_some("--quiet");
    // The next stages take their own defaults, exactly as on the command line; --force
    // because these are this command's own outputs from an earlier run.
    let mut args = vec![
        "layers",
        &incidents,
        "-o",
        layers.to_str().unwrap_or("layers"),
        "--force",
    ];
    args.extend(quiet);
    code = code.max(super::layers::run(parse::<super::layers::Args>(&args)?)?);
    // The PNG with labels, then the HTML map (the same incidents to click through).
    for (map, name, labels) in [(&png, "map.png", true), (&html, "map.html", false)] {
        let mut args = vec!["render", &incidents, "-o", map.to_str().unwrap_or(name)];
        args.extend(labels.then_some("--labels"));
        args.extend(quiet);
        match super::render::run(parse::<super::render::Args>(&args)?) {
            Ok(c) => code = code.max(c),
            Err(e) => {
                eprintln!("incimap: no {name} written: {e:#}");
                code = code.max(1);
            }
        }
    }
    if !a.input.quiet {
        eprintln!(
            "incimap: wrote {}, {} and {}",
            layers.display(),
            png.display(),
            html.display()
        );
    }
    Ok(code)
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
