//! `incimap map`: the whole pipeline in one command, for the job users come for: reports in,
//! a folder of files their GIS tools open out. It runs the other subcommands in order, so
//! every file it writes is exactly what that subcommand writes on its own.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{GazetteerOpts, InputArgs};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// The folder to write into (created if missing): incidents.geojson, incidents.csv.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// Publication date (YYYY-MM-DD) for articles that carry none.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The country the articles are about (ISO alpha-2); otherwise inferred per article.
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
}

pub fn run(a: Args) -> Result<i32> {
    std::fs::create_dir_all(&a.output)
        .with_context(|| format!("cannot create {}", a.output.display()))?;
    let mut code = 0;
    for (file, format) in [
        ("incidents.geojson", super::extract::Format::Geojson),
        ("incidents.csv", super::extract::Format::Csv),
    ] {
        let mut input = a.input.clone();
        // Report reading problems once, with the first file.
        input.quiet |= file != "incidents.geojson";
        let out = a.output.join(file);
        code = code.max(super::extract::run(super::extract::Args {
            input,
            output: out.clone(),
            format,
            date: a.date.clone(),
            country: a.country.clone(),
            gazetteer: a.gazetteer.clone(),
        })?);
        if !a.input.quiet {
            eprintln!("incimap: wrote {}", out.display());
        }
    }
    Ok(code)
}
