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
        Command::Man => docs::man(),
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

/// Parse "LON,LAT" with range checks.
pub fn parse_lon_lat(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once(',')
        .ok_or_else(|| format!("expected LON,LAT (e.g. 40.14,35.33), got {s:?}"))?;
    let lon: f64 = a
        .trim()
        .parse()
        .map_err(|_| format!("longitude {a:?} is not a number"))?;
    let lat: f64 = b
        .trim()
        .parse()
        .map_err(|_| format!("latitude {b:?} is not a number"))?;
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
