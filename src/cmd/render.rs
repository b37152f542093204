//! `incimap render`: a map of an incident file, as PNG or SVG, or as an HTML page to click
//! through.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::cli::GazetteerOpts;
use incimap::features;
use incimap::gazetteer::{Gazetteer, Lookup};
use incimap::index::BBox;
use incimap::render::labels::{has_arabic, romanise};
use incimap::render::{self, Around, Basemap, ColorBy, Extent, ExtraPlace, Incidents, SizeBy};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorByArg {
    #[value(name = "event_type", alias = "event-type")]
    EventType,
    #[value(name = "sub_event_type", alias = "sub-event-type")]
    SubEventType,
    #[value(name = "actor1")]
    Actor1,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeByArg {
    /// Symbol area grows with reported fatalities.
    Fatalities,
    /// Every symbol the same size.
    None,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasemapArg {
    /// A plain background.
    None,
    /// Land, water and country borders.
    Countries,
    /// Also rivers, lakes, admin borders and place names.
    Detailed,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// An incident file: GeoJSON, GeoJSON Lines, CSV or FlatGeobuf (what `extract` writes), or - for stdin.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// The map: a .png, .svg or .html file, written whole or not at all. An .html map is one
    /// self-contained page (no network needed): click an incident for its record.
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: PathBuf,
    /// Image width in pixels (at most 10000, and 50 Mpx in all; an .html map fills the window).
    #[arg(long, default_value_t = 1600, value_name = "PX")]
    pub width: u32,
    /// Image height in pixels.
    #[arg(long, default_value_t = 1200, value_name = "PX")]
    pub height: u32,
    /// Show this area (widened to the image's shape) instead of framing the incidents.
    #[arg(
        long,
        value_name = "MINLON,MINLAT,MAXLON,MAXLAT",
        allow_hyphen_values = true,
        conflicts_with = "near"
    )]
    pub bbox: Option<BBox>,
    /// Show the area around a place (LON,LAT or a place name looked up in the gazetteer, as
    /// in `query`), with the radius drawn.
    #[arg(
        long,
        alias = "around",
        value_name = "LON,LAT|PLACE",
        allow_hyphen_values = true
    )]
    pub near: Option<String>,
    /// Radius for --near, in km.
    #[arg(long, value_name = "KM", default_value_t = 25.0, requires = "near",
          value_parser = super::finite_number)]
    pub radius_km: f64,
    /// The country to look the --near place up in (SY or Syria).
    #[arg(long, value_name = "COUNTRY", value_parser = super::country)]
    pub country: Option<String>,
    /// Title above the map (default: "Conflict incidents").
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// The property that colours the symbols.
    #[arg(long, value_enum, default_value_t = ColorByArg::EventType)]
    pub color_by: ColorByArg,
    /// What sets symbol size.
    #[arg(long, value_enum, default_value_t = SizeByArg::Fatalities)]
    pub size_by: SizeByArg,
    /// Label incidents with their place names.
    #[arg(long)]
    pub labels: bool,
    /// Draw a kernel-density heatmap instead of dots (automatic above 100,000 incidents).
    #[arg(long, conflicts_with = "dots")]
    pub heatmap: bool,
    /// Draw dots however many incidents there are.
    #[arg(long)]
    pub dots: bool,
    /// How much basemap to draw.
    #[arg(long, value_enum, default_value_t = BasemapArg::Detailed)]
    pub basemap: BasemapArg,
    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
    /// No summary line or warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(a: Args) -> Result<i32> {
    let started = Instant::now();
    super::check_output(&a.output)?;
    super::note_terminal_stdin(std::slice::from_ref(&a.input), a.quiet);
    let html = render::html::is_html(&a.output);
    let format = match html {
        true => None,
        false => Some(render::Format::from_path(&a.output).with_context(|| {
            format!(
                "cannot tell the map format from {}: name it .png or .svg, or .html for a page to click through",
                a.output.display()
            )
        })?),
    };
    if !html {
        render::check_size(a.width, a.height)?;
    }
    // Parsed as `query` parses it; the map itself cannot cross the antimeridian yet.
    let extent = a.bbox.as_ref().map(Extent::of_bbox).transpose()?;
    if !(a.radius_km.is_finite() && a.radius_km > 0.0 && a.radius_km <= 20_000.0) {
        bail!("--radius-km must be a positive number of km (at most 20000)");
    }

    let input = features::display_path(&a.input);
    let color_by = match a.color_by {
        ColorByArg::EventType => ColorBy::EventType,
        ColorByArg::SubEventType => ColorBy::SubEventType,
        ColorByArg::Actor1 => ColorBy::Actor1,
    };
    // Streamed: only what is drawn is kept of each incident (32 bytes, names interned), so
    // a million incidents take a few tens of MB, not the features' text and properties.
    let mut incidents = Incidents::new(color_by);
    let keys = Incidents::point_keys(color_by, a.labels);
    let (bar, read) = super::progress::Bar::counting(a.quiet, "incidents read");
    // The HTML map shows every field of an incident, so it keeps the features whole.
    let mut whole = Vec::new();
    let summary = if html {
        features::for_each(&a.input, None, |f| {
            read.add(1);
            whole.push(f);
            Ok(())
        })
    } else {
        features::for_each_point(&a.input, None, &keys, |p| {
            read.add(1);
            incidents.push_point(&p);
            Ok(())
        })
    }
    .with_context(|| format!("cannot read incidents from {}", input.display()))?;
    drop(bar);
    if html {
        incidents = Incidents::from_features(&whole, color_by);
    }

    let basemap = match a.basemap {
        BasemapArg::None => Basemap::None,
        BasemapArg::Countries => Basemap::Countries,
        BasemapArg::Detailed => Basemap::Detailed,
    };
    let mut opts = render::Options {
        width: a.width,
        height: a.height,
        extent,
        title: a.title.clone(),
        color_by,
        size_by: match a.size_by {
            SizeByArg::Fatalities => SizeBy::Fatalities,
            SizeByArg::None => SizeBy::None,
        },
        labels: a.labels,
        style: if a.heatmap {
            render::Style::Heatmap
        } else if a.dots {
            render::Style::Dots
        } else {
            render::Style::Auto
        },
        basemap,
        ..render::Options::default()
    };

    // The gazetteer places --near, romanises names in Arabic script, and names villages
    // on maps zoomed in further than Natural Earth's places go. Loaded only when needed.
    let mut gazetteer: Option<Gazetteer> = None;
    let bad_rows = std::cell::Cell::new(0);
    let load = || -> Result<Gazetteer> {
        let (g, bad) = super::open_gazetteer(&a.gazetteer, a.quiet)?;
        bad_rows.set(bad);
        Ok(g)
    };
    if let Some(place) = &a.near {
        let near = match super::near_coordinates(place) {
            Some(point) => point?,
            None => {
                let g = gazetteer.insert(load()?);
                super::near_place(g, place, a.country.as_deref(), a.quiet)?
            }
        };
        opts.around = Some(Around {
            lon: near.lon,
            lat: near.lat,
            radius_km: a.radius_km,
            name: if has_arabic(&near.name) {
                romanise(&near.name)
            } else {
                near.name
            },
        });
    }
    let arabic = incidents
        .labels
        .iter()
        .chain(&incidents.categories)
        .any(|n| has_arabic(n));
    if arabic {
        if gazetteer.is_none() {
            gazetteer = Some(load()?);
        }
        let g = gazetteer.as_ref().unwrap();
        incidents.rename(|name| has_arabic(name).then(|| romanised(g, name)));
    }
    // Villages are named from zoom 7 on; the HTML map's reader can zoom in that far.
    let villages = match format {
        None => render::html::plan(&incidents, &opts)?
            .filter(|p| p.max_zoom >= 7.0)
            .map(|p| p.area),
        Some(_) => Some(render::plan(&incidents, &opts)?)
            .filter(|v| v.zoom() >= 7.0)
            .map(|v| v.bounds()),
    };
    if let (Basemap::Detailed, Some(area)) = (basemap, villages) {
        if gazetteer.is_none() {
            gazetteer = Some(load()?);
        }
        opts.places = places_in(gazetteer.as_ref().unwrap(), &area);
        opts.places_credit = Some("GeoNames, Who's On First, UCDP".to_string());
    }

    let bad_rows = bad_rows.get();
    let Some(format) = format else {
        return html_map(&a, &whole, &incidents, &opts, &summary, bad_rows, started);
    };
    let map = render::render(&incidents, &opts, format)?;
    incimap::export::atomic::write(&a.output, &map.bytes)
        .with_context(|| format!("cannot write the map to {}", a.output.display()))?;

    if !a.quiet {
        for w in &summary.warnings {
            eprintln!("incimap: warning: {w}");
        }
        let mut line = format!(
            "incimap: {}: {}×{} px, {} incidents",
            a.output.display(),
            a.width,
            a.height,
            map.shown
        );
        if map.outside > 0 {
            line.push_str(&format!(" ({} outside the map)", map.outside));
        }
        if map.heatmap {
            line.push_str(" as a heatmap");
        }
        if summary.skipped() > 0 {
            line.push_str(&format!("; input: {summary}"));
        }
        line.push_str(&super::bad_rows_note(bad_rows));
        line.push_str(&format!(
            "; extent {} (Web Mercator); {:.0} ms",
            map.view.bounds(),
            started.elapsed().as_secs_f64() * 1000.0
        ));
        eprintln!("{line}");
        if incidents.is_empty() {
            eprintln!(
                "incimap: note: no incidents in {}; drew the basemap alone",
                input.display()
            );
        }
    }
    Ok(if summary.skipped() > 0 || bad_rows > 0 {
        1
    } else {
        0
    })
}

/// Write the HTML map and say what went on it.
fn html_map(
    a: &Args,
    features: &[features::Feature],
    incidents: &Incidents,
    opts: &render::Options,
    summary: &features::ReadSummary,
    bad_rows: u64,
    started: Instant,
) -> Result<i32> {
    let page = render::html::page(features, incidents, opts)?;
    incimap::export::atomic::write(&a.output, &page.bytes)
        .with_context(|| format!("cannot write the map to {}", a.output.display()))?;
    if !a.quiet {
        for w in &summary.warnings {
            eprintln!("incimap: warning: {w}");
        }
        let mut line = format!(
            "incimap: {}: {} incidents, {} basemap features and {} place names, {} KB",
            a.output.display(),
            page.incidents,
            page.basemap_features,
            page.places,
            page.bytes.len().div_ceil(1024)
        );
        if summary.skipped() > 0 {
            line.push_str(&format!("; input: {summary}"));
        }
        line.push_str(&super::bad_rows_note(bad_rows));
        if let Some(e) = page.extent {
            line.push_str(&format!("; opens on {e}"));
        }
        line.push_str(&format!(
            "; {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        ));
        eprintln!("{line}");
        if incidents.is_empty() {
            eprintln!(
                "incimap: note: no incidents in {}; the page says so",
                features::display_path(&a.input).display()
            );
        }
    }
    Ok(if summary.skipped() > 0 || bad_rows > 0 {
        1
    } else {
        0
    })
}

/// A Latin-script name for a name in Arabic script: the gazetteer's name for the place
/// when it knows one, else a letter-by-letter romanisation.
fn romanised(g: &Gazetteer, name: &str) -> String {
    // "sub-place, parent": romanise each part.
    name.split(',')
        .map(|part| {
            let part = part.trim();
            if !has_arabic(part) {
                return part.to_string();
            }
            let opts = Lookup {
                limit: 1,
                ..Lookup::default()
            };
            g.lookup(part, &opts)
                .into_iter()
                .map(|c| c.place.name)
                .find(|n| !has_arabic(n))
                .unwrap_or_else(|| romanise(part))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Populated places of every gazetteer tier inside a box (the renderer picks which to
/// label by population and room).
fn places_in(g: &Gazetteer, b: &Extent) -> Vec<ExtraPlace> {
    let mut out = Vec::new();
    for part in g.parts() {
        let store = &part.store;
        for i in 0..store.len() as u32 {
            let row = store.place(i);
            if !b.contains(row.lon, row.lat) {
                continue;
            }
            let populated = row.feature_code.starts_with("PPL") && row.feature_code != "PPLX";
            if !populated || row.name.is_empty() {
                continue;
            }
            out.push(ExtraPlace {
                lon: row.lon,
                lat: row.lat,
                name: if has_arabic(row.name) {
                    romanise(row.name)
                } else {
                    row.name.to_string()
                },
                population: row.population,
            });
        }
    }
    out
}
