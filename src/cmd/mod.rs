//! One module per subcommand: its arguments and a `run` that calls the library.

pub mod docs;
pub mod extract;
pub mod gazetteer;
pub mod layers;
pub mod map;
pub mod r#match;
pub mod places;
pub mod progress;
pub mod query;
pub mod render;

use crate::cli::{Cli, Command};

/// Run a parsed command line; the result is the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Gazetteer(cmd) => gazetteer::run(cmd),
        Command::Places(args) => places::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Query(args) => query::run(*args),
        Command::Layers(args) => layers::run(args),
        Command::Map(args) => map::run(args),
        Command::Render(args) => render::run(args),
        Command::Match(args) => r#match::run(args),
        Command::Completions(args) => docs::completions(args),
        Command::Man(_) => docs::man(),
    }
}

/// A run that reads stdin from a terminal waits for typing; say so, or it looks hung.
pub fn note_terminal_stdin(inputs: &[std::path::PathBuf], quiet: bool) {
    use std::io::IsTerminal;
    if !quiet && inputs.iter().any(|p| p.as_os_str() == "-") && std::io::stdin().is_terminal() {
        eprintln!(
            "incimap: reading stdin from the terminal: type or paste, then Ctrl-D to end \
             (or give a file; see --help)"
        );
    }
}

/// Before any work: a file can be written at `-o` (or it is `-`, stdout).
pub fn check_output(path: &std::path::Path) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        return Ok(());
    }
    Ok(incimap::export::atomic::check_file_target(path)?)
}

/// The format an output file's extension names, by its `--format` name.
enum Named {
    /// Stdout, or a file name without an extension: only `--format` says.
    Nothing,
    Format(&'static str),
    /// An extension no format has (`.txt`), or a compressed one (`.gz`).
    Unknown(String),
}

fn named_format(path: &std::path::Path) -> Named {
    if path.as_os_str() == "-" {
        return Named::Nothing;
    }
    let Some(ext) = path.extension() else {
        return Named::Nothing;
    };
    match ext.to_string_lossy().to_lowercase().as_str() {
        "geojson" | "json" => Named::Format("geojson"),
        "geojsonl" | "geojsons" | "geojsonseq" | "jsonl" | "ndjson" => Named::Format("geojsonl"),
        "csv" => Named::Format("csv"),
        "fgb" => Named::Format("fgb"),
        "parquet" | "geoparquet" => Named::Format("parquet"),
        "gpkg" => Named::Format("gpkg"),
        other => Named::Unknown(other.to_string()),
    }
}

/// The format a command writes to `path`: the one its extension names, or `--format` when
/// the name says none (stdout, no extension), else `default`. An extension that names a
/// format `--format` contradicts, or one the command cannot write, or one no format has
/// without `--format`, is an error that says what to do: a file named .csv never holds
/// GeoJSON.
pub fn output_format<F: clap::ValueEnum + Copy + PartialEq>(
    command: &str,
    path: &std::path::Path,
    explicit: Option<F>,
    default: F,
) -> anyhow::Result<F> {
    let name = value_name::<F>;
    let accepted = || {
        F::value_variants()
            .iter()
            .map(|f| name(*f))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let shown = path.display();
    match named_format(path) {
        Named::Nothing => Ok(explicit.unwrap_or(default)),
        Named::Unknown(ext) => explicit.ok_or_else(|| {
            anyhow::anyhow!(
                "cannot tell the format from {shown} (.{ext}): name the file .geojson, \
                 .geojsonl, .csv, .fgb, .parquet or .gpkg, or give --format ({})",
                accepted()
            )
        }),
        Named::Format(n) => {
            let Ok(by_name) = F::from_str(n, true) else {
                anyhow::bail!(
                    "`{command}` cannot write {n} ({shown}); it writes {}: name the file for \
                     one of those (or convert, e.g. ogr2ogr out.{n} out.geojson)",
                    accepted()
                );
            };
            match explicit {
                Some(f) if f != by_name => anyhow::bail!(
                    "--format {} contradicts {shown}, a .{n} name: drop --format, or name the \
                     file for {}",
                    name(f),
                    name(f)
                ),
                _ => Ok(by_name),
            }
        }
    }
}

/// An option value's name as typed on the command line (`Format::Geojson` is "geojson").
pub fn value_name<F: clap::ValueEnum>(f: F) -> String {
    f.to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// The bundled gazetteer, the imported index and the user's gazetteers, with the number
/// of user gazetteer rows skipped as bad. Each bad row is a warning on stderr (the first
/// few a file, then how many more), so the user can fix the file; the caller puts the
/// count in its summary and exits 1, as for a bad JSON line.
pub fn open_gazetteer(
    opts: &crate::cli::GazetteerOpts,
    quiet: bool,
) -> anyhow::Result<(incimap::gazetteer::Gazetteer, u64)> {
    use anyhow::Context;
    let g = incimap::gazetteer::Gazetteer::open(&opts.gazetteer)
        .context("cannot load the gazetteer")?;
    let mut bad = 0;
    for file in g.skipped_rows() {
        bad += file.count;
        if quiet {
            continue;
        }
        for e in &file.first {
            eprintln!("incimap: warning: skipped gazetteer row {e}");
        }
        let more = file.count - file.first.len() as u64;
        if more > 0 {
            eprintln!(
                "incimap: warning: ... and {more} more bad rows in {}",
                file.path.display()
            );
        }
    }
    Ok((g, bad))
}

/// The summary's note of user gazetteer rows skipped ("" when none).
pub fn bad_rows_note(n: u64) -> String {
    match n {
        0 => String::new(),
        1 => "; 1 gazetteer row skipped".into(),
        n => format!("; {n} gazetteer rows skipped"),
    }
}

/// The summary's note of articles skipped after an internal error ("" when none).
pub fn panicked_note(n: u64) -> String {
    match n {
        0 => String::new(),
        1 => "; 1 article skipped after an internal error".into(),
        n => format!("; {n} articles skipped after an internal error"),
    }
}

/// `s` cut to its first 80 characters (with "…"), for echoing user input in messages.
pub fn shorten(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]).into(),
        None => s.into(),
    }
}

/// A number option's value: any finite number. Rust reads "NaN" and "inf" as numbers, and
/// a NaN compares false with everything, so `--min-fatalities NaN` would match every
/// incident; every numeric option parses through here instead.
pub fn finite_number(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!(
            "{s:?} is not a finite number: give a plain number such as 10 or 2.5"
        )),
        Err(_) => Err(format!("{s:?} is not a number: give one such as 10 or 2.5")),
    }
}

/// `--country` in every command: an ISO code or a country's name, as its code ("Syria" ->
/// "SY").
pub fn country(s: &str) -> Result<String, String> {
    incimap::export::countries::code(s)
        .map(str::to_string)
        .map_err(|e| e.to_string())
}

/// Where `--near` points, in every command that takes it: LON,LAT, or a place name looked
/// up in the gazetteer.
pub struct Near {
    pub lon: f64,
    pub lat: f64,
    /// The place's name as the gazetteer has it, or the coordinates as "LAT, LON".
    pub name: String,
}

/// A `--near` value given as LON,LAT, checked; `None` when it is a name to look up (so the
/// gazetteer is loaded only when a name needs it). "40.1,35.3", "-200, 5" and "40,-inf"
/// are coordinates (right or wrong); "Deir ez-Zor" is a name.
pub fn near_coordinates(s: &str) -> Option<anyhow::Result<Near>> {
    // "inf" and "NaN" too, so they are refused as numbers, not looked up as names.
    let numeric = |t: &str| t.trim().parse::<f64>().is_ok();
    let (a, b) = s.split_once(',')?;
    if !(numeric(a) && numeric(b)) {
        return None;
    }
    Some(
        parse_lon_lat(s)
            .map(|(lon, lat)| Near {
                lon,
                lat,
                name: format!("{lat:.4}, {lon:.4}"),
            })
            .map_err(|e| anyhow::anyhow!("--near: {e}")),
    )
}

/// A `--near` place name: the gazetteer's best match (in `country` when given), said on
/// stderr so a user sees which of several places of that name was taken.
pub fn near_place(
    g: &incimap::gazetteer::Gazetteer,
    name: &str,
    country: Option<&str>,
    quiet: bool,
) -> anyhow::Result<Near> {
    let opts = incimap::gazetteer::Lookup {
        country: country.map(str::to_string),
        near: None,
        limit: 1,
    };
    let Some(best) = g.lookup(name, &opts).into_iter().next() else {
        anyhow::bail!(
            "--near: no place called {name:?} in the gazetteer{}; give LON,LAT instead, or add \
             the place with --gazetteer FILE",
            country.map(|c| format!(" in {c}")).unwrap_or_default()
        );
    };
    let p = best.place;
    if !quiet {
        let region: Vec<&str> = [p.admin1.as_str(), p.country.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        eprintln!(
            "incimap: --near {name:?} is {} ({}, {}) at {:.5},{:.5}",
            p.name,
            p.feature_code,
            region.join(", "),
            p.lon,
            p.lat
        );
    }
    Ok(Near {
        lon: p.lon,
        lat: p.lat,
        name: p.name,
    })
}

/// Parse "LON,LAT" with range checks.
pub fn parse_lon_lat(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once(',')
        .ok_or_else(|| format!("expected LON,LAT (e.g. 40.14,35.33), got {s:?}"))?;
    let lon = finite_number(a).map_err(|e| format!("longitude {e}"))?;
    let lat = finite_number(b).map_err(|e| format!("latitude {e}"))?;
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!(
            "longitude {lon:?} is outside -180..180 (the order is LON,LAT)"
        ));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "latitude {lat:?} is outside -90..90 (the order is LON,LAT)"
        ));
    }
    Ok((lon, lat))
}
