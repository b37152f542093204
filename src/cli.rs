//! The command line: clap definitions for every subcommand, kept apart from the work so
//! `main` stays a dispatcher.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "incimap",
    version,
    about = "Turn conflict news reports into mapped, ACLED-style incidents",
    after_help = "Examples:\n  incimap map data/samples/deir-ez-zor-2014.txt --date 2014-06-20 -o out/\n  incimap places reports/ --country SY --format table\n  incimap gazetteer lookup \"Deir ez-Zor\"\n  incimap completions bash > ~/.local/share/bash-completion/completions/incimap\n  incimap man | man -l -\n\nProgress bars show on stderr when it is a terminal and a run takes over a second.\n\nExit codes:\n  0  success\n  1  partial: some input was skipped (a bad line, file or feature; each is reported)\n  2  usage or fatal error: nothing usable was written"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Look up, import and inspect place names.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Every place mention in each article, resolved to coordinates (one JSON object a line).
    #[command(
        after_help = "Examples:\n  incimap places data/samples/deir-ez-zor-2014.txt\n  incimap places corpus.jsonl --country SY --format table\n  cat article.txt | incimap places -\n\nInputs: .txt files (id = file name), folders (recursively), JSON Lines of\n{id,date,title,text,url} (.jsonl, .gz too), or - for stdin.\nOffsets count Unicode code points; text == the characters start..end."
    )]
    Places(crate::cmd::places::Args),
    /// ACLED-style incidents (type, actors, fatalities, date, place) from each article.
    #[command(
        after_help = "Examples:\n  incimap extract data/samples/deir-ez-zor-2014.txt --date 2014-06-20\n  incimap extract reports/ -o incidents.geojson --country SY\n  incimap extract corpus.jsonl --format csv -o incidents.csv\n\nInputs as for `places`. Relative dates (\"on Wednesday\") count back from the\narticle's date, else its dateline, else --date; without any, event_date is null.\nOne sentence listing several places gives one incident per place."
    )]
    Extract(crate::cmd::extract::Args),
    /// Incidents of a file by place (box, radius, nearest, polygons) and attributes, or counts.
    #[command(
        after_help = "Examples:\n  incimap query incidents.geojson --near \"Deir ez-Zor\" --radius-km 25\n  incimap query incidents.geojson --nearest 5 --point 40.14,35.33 --format csv\n  incimap query incidents.csv --bbox 39.5,34.5,41,36 --type Battles --since 2014-06-01\n  incimap query incidents.geojson --bbox 170,-20,-170,0 --format count\n  incimap query incidents.geojson --within governorates.geojson --stats\n\nINPUT is what `extract` writes (GeoJSON, GeoJSON Lines, CSV, FlatGeobuf) or any point file.\nFilters combine (all must hold); --nearest K applies last. Distances are\ngreat-circle km, exact across 180 degrees and at the poles. Features are written\nwhole, in input order (nearest first with --nearest, which adds distance_km).\nFeatures without a point geometry or out of range are skipped, counted on stderr,\nand make the exit code 1."
    )]
    Query(Box<crate::cmd::query::Args>),
    /// One file per event type, sub-event type, actor or admin area, with an index.json.
    #[command(
        after_help = "Examples:\n  incimap layers incidents.geojson -o layers/\n  incimap layers incidents.csv -o layers/ --by actor1 --format fgb\n  incimap extract reports/ | incimap layers - -o layers/ --by admin1 --force\n\nINPUT is what `extract` writes (GeoJSON, GeoJSON Lines, CSV, FlatGeobuf) or any point file.\nFile names are made from the values: lower-case ASCII letters, digits and '-',\nwith a short hash when a value is cut, unusable or shared; index.json lists each\nlayer's value, file, count and bbox. Existing layer files are only replaced with\n--force; other files in DIR are never touched. Layers are written into a hidden\nstaging folder in DIR and moved into place when all are written, so a failure\nleaves DIR as it was."
    )]
    Layers(crate::cmd::layers::Args),
    /// The whole pipeline: reports in, a folder of incident files out.
    #[command(
        after_help = "Examples:\n  incimap map data/samples/deir-ez-zor-2014.txt --date 2014-06-20 -o out/\n  incimap map corpus.jsonl --country SY -o out/ -j 2 --force --format fgb\n\nWrites incidents.geojson, incidents.csv, layers/ (one file per event type), map.png and\nmap.html into DIR, even when there are no incidents (the maps say so). DIR is written\nwhole or not at all: an existing DIR is replaced only with --force, and no file of an\nearlier run is left in it."
    )]
    Map(crate::cmd::map::Args),
    /// A map of an incident file: PNG or SVG, on a real basemap.
    #[command(
        after_help = "Examples:\n  incimap extract data/samples/deir-ez-zor-2014.txt --date 2014-06-20 -o seed.geojson\n  incimap render seed.geojson -o map.png --labels\n  incimap render incidents.csv -o map.svg --bbox 38,34,42,37 --color-by actor1\n  incimap render incidents.geojson -o map.png --near \"Deir ez-Zor\" --radius-km 40\n  incimap render ged.csv -o heat.png --heatmap --width 2400 --height 1800\n\nINPUT is what `extract` writes (GeoJSON, GeoJSON Lines, CSV, FlatGeobuf) or any point file.\nThe map frames every incident (at least 30 km across) unless --bbox or --near\nsay otherwise. Projection: Web Mercator; the scale bar holds at the centre latitude.\nAbove 100,000 incidents the map is a heatmap unless --dots. Sizes: at most\n10000 px a side and 50 Mpx. The PNG is the same, byte for byte, for the same input."
    )]
    Render(crate::cmd::render::Args),
    /// Pair two incident sets one to one (nearest first) and report what each lacks.
    #[command(
        after_help = "Examples:\n  incimap match found.geojson acled.csv --km 10 --days 1\n  incimap match found.geojson acled.csv --same-type --format json\n  incimap match found.geojson acled.csv -o pairs.csv --unmatched-right missed.geojson\n\nLEFT and RIGHT are what `extract` writes (GeoJSON, GeoJSON Lines, CSV), ACLED\nexports (CSV, API JSON) or any point file. A pair lies within --km great-circle\nkm and --days days (and is of one event_type with --same-type); the nearest\npairs are taken first and each incident is in one pair at most. Precision is the\nshare of LEFT matched, recall the share of RIGHT. Incidents without a date that\nparses are kept but cannot match; they are counted and make the exit code 1."
    )]
    Match(crate::cmd::r#match::Args),
    /// Shell completions, generated from these definitions, on stdout.
    #[command(
        after_help = "Examples:\n  incimap completions bash > ~/.local/share/bash-completion/completions/incimap\n  incimap completions zsh > ~/.zfunc/_incimap\n  incimap completions fish > ~/.config/fish/completions/incimap.fish"
    )]
    Completions(crate::cmd::docs::CompletionsArgs),
    /// The manual page (roff), generated from these definitions, on stdout.
    #[command(
        after_help = "Examples:\n  incimap man | man -l -\n  incimap man > /usr/local/share/man/man1/incimap.1"
    )]
    Man(crate::cmd::docs::ManArgs),
}

/// Article inputs shared by every command that reads reports.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// .txt files, folders, JSON Lines files, or - for stdin.
    #[arg(value_name = "INPUT", default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// No summary line or warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Worker threads (default: all cores). Output is the same whatever the count.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

impl InputArgs {
    /// Before any work: every named input exists (a missing one is a usage error, exit 2,
    /// with nothing written), and a user reading from a terminal is told so.
    pub fn check(&self) -> anyhow::Result<()> {
        for p in &self.inputs {
            if p.as_os_str() != "-" && !p.exists() {
                anyhow::bail!(
                    "{} not found: give .txt files, folders, JSON Lines files, or - for stdin",
                    p.display()
                );
            }
        }
        crate::cmd::note_terminal_stdin(&self.inputs, self.quiet);
        Ok(())
    }

    /// Is one input stdin, and stdin a terminal? (No progress bar then: it would draw over
    /// what the user types.)
    pub fn reads_terminal(&self) -> bool {
        use std::io::IsTerminal;
        self.inputs.iter().any(|p| p.as_os_str() == "-") && std::io::stdin().is_terminal()
    }

    /// Size the global thread pool as asked.
    pub fn init_threads(&self) {
        if let Some(n) = self.threads.filter(|&n| n > 0) {
            // Fails only if the pool was already built, which keeps the earlier size.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build_global();
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum GazetteerCommand {
    /// Ranked candidate places for a name (or for each line of a file).
    #[command(
        after_help = "Examples:\n  incimap gazetteer lookup \"Dayr az Zawr\"\n  incimap gazetteer lookup Hatla --near 40.14,35.33 --limit 3\n  incimap gazetteer lookup دير الزور --format json\n  printf 'Aleppo\\nHatla\\n' | incimap gazetteer lookup --file - --format json"
    )]
    Lookup(crate::cmd::gazetteer::LookupArgs),
    /// Build the local index from GeoNames dumps (country files, allCountries, alternateNamesV2).
    #[command(
        after_help = "Examples:\n  incimap gazetteer import SY.zip\n  incimap gazetteer import SY.txt IQ.txt alternateNamesV2.txt\n\nThe index replaces any earlier import; pass every file in one call. It is kept in\n$INCIMAP_HOME (default ~/.local/share/incimap) and used by every command from then on."
    )]
    Import(crate::cmd::gazetteer::ImportArgs),
    /// Counts of places by country, feature class and source, and the load time.
    Stats(crate::cmd::gazetteer::StatsArgs),
}

/// Gazetteer options shared by every command that resolves names.
#[derive(Args, Debug, Clone, Default)]
pub struct GazetteerOpts {
    /// A user gazetteer CSV (name,lat,lon,kind,country,parent,aliases); repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteer: Vec<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LookupFormat {
    #[default]
    Table,
    Json,
}
