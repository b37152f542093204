//! Incident extraction accuracy against ACLED's coding of the same reports.
//!
//! ```sh
//! cargo run --release --example eval_incidents                  # ../shared/eval/acled-dev.csv, if present
//! cargo run --release --example eval_incidents -- events.csv    # any ACLED-format CSV
//! ```
//!
//! Each row's `notes` is read as an article published on its `event_date`. The incident
//! scored for a row is the first extracted one with ACLED's sub-event type, else the first
//! with its event type, else the first. Reported: event-type and sub-event-type accuracy,
//! the share located within 10 and 50 km of ACLED's point, exact fatalities and exact
//! dates; rows with no incident count as misses. Without the file it says so and exits 0.
//! ACLED data: cite ACLED (acleddata.com) with any figures.

use std::collections::BTreeMap;
use std::path::PathBuf;

use incimap::gazetteer::{distance_km, Gazetteer};
use incimap::geoparse::ranker::{Ranked, RankingLog};
use incimap::geoparse::Geoparser;
use incimap::incident::Extractor;
use incimap::model::{Article, Incident};

/// "02 June 2023", or ACLED's short "2-May-20".
fn gold_date(s: &str) -> Option<String> {
    if let Some(d) = incimap::read::normalize_date(s) {
        return Some(d);
    }
    let mut parts = s.trim().split('-');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let y: u32 = y.parse().ok()?;
    let y = if y < 100 { 2000 + y } else { y };
    incimap::read::normalize_date(&format!("{d} {m} {y}"))
}

#[derive(Default)]
struct Tally {
    rows: u64,
    with_incident: u64,
    event_type: u64,
    sub_event_type: u64,
    within_10: u64,
    within_50: u64,
    located: u64,
    /// Located more than 500 km from ACLED's point: on the wrong map altogether.
    far: u64,
    /// Located incidents incimap itself marks far from their report's other places
    /// (`far_km`), and how many of those are more than 500 km from ACLED's point.
    warned: u64,
    warned_far: u64,
    fatalities: u64,
    date: u64,
}

impl Tally {
    fn pct(&self, n: u64) -> String {
        if self.rows == 0 {
            "-".into()
        } else {
            format!("{:.1}%", 100.0 * n as f64 / self.rows as f64)
        }
    }
}

fn field<'r>(row: &'r csv::StringRecord, header: &csv::StringRecord, name: &str) -> &'r str {
    header
        .iter()
        .position(|h| h == name)
        .and_then(|i| row.get(i))
        .unwrap_or("")
}

/// ACLED's own location names of the Syrian rows, looked up one by one as a new user
/// would (`gazetteer lookup --country SY`, best candidate only): how many land within
/// 10 and 50 km of ACLED's point. Compound names ("Damascus - Jobar") are left out.
#[derive(Default)]
struct NameLookups {
    rows: u64,
    found: u64,
    within_10: u64,
    within_50: u64,
}

impl NameLookups {
    /// The best candidate's distance from ACLED's point, if the name was looked up and found.
    fn add(&mut self, g: &Gazetteer, name: &str, gold: (f64, f64)) -> Option<f64> {
        if name.contains(" - ") || name.is_empty() {
            return None;
        }
        self.rows += 1;
        let opts = incimap::gazetteer::Lookup {
            country: Some("SY".into()),
            limit: 1,
            ..Default::default()
        };
        if let Some(c) = g.lookup(name, &opts).first() {
            self.found += 1;
            let d = distance_km((c.place.lon, c.place.lat), gold);
            self.within_10 += u64::from(d <= 10.0);
            self.within_50 += u64::from(d <= 50.0);
            return Some(d);
        }
        None
    }

    fn print(&self) {
        let pct = |n: u64| 100.0 * n as f64 / self.rows.max(1) as f64;
        println!(
            "\nACLED location names looked up alone (Syria, single place, best candidate): {} names, found {:.1}%, within 10 km {:.1}%, within 50 km {:.1}%",
            self.rows,
            pct(self.found),
            pct(self.within_10),
            pct(self.within_50)
        );
    }
}

/// The incident a gold row is compared with.
fn best<'a>(found: &'a [Incident], sub: &str, ty: &str) -> Option<&'a Incident> {
    found
        .iter()
        .find(|i| i.sub_event_type.as_str() == sub)
        .or_else(|| found.iter().find(|i| i.event_type.as_str() == ty))
        .or_else(|| found.first())
}

/// The ranked mentions of each row's ACLED location name ("Damascus - Jobar": either part),
/// with their candidates' features and distances to ACLED's point. A note read again with
/// its neighbours' country was logged twice; its last reading is the one kept.
fn write_features(
    out: &mut std::fs::File,
    rows: &[(usize, csv::StringRecord)],
    header: &csv::StringRecord,
    ranked: Vec<Ranked>,
) {
    use incimap::gazetteer::normalize::fold;
    use std::io::Write;
    let mut last: BTreeMap<(String, usize, usize), Ranked> = BTreeMap::new();
    for r in ranked {
        last.insert((r.doc.clone(), r.start, r.end), r);
    }
    let mut s = String::new();
    for (_, row) in rows {
        let f = |name: &str| field(row, header, name);
        let (Ok(glat), Ok(glon)) = (f("latitude").parse::<f64>(), f("longitude").parse::<f64>())
        else {
            continue;
        };
        let id = f("event_id_cnty").to_string();
        let parts: Vec<String> = f("location").split(" - ").map(|p| fold(p.trim())).collect();
        let lo = (id.clone(), 0, 0);
        let hi = (id.clone(), usize::MAX, usize::MAX);
        for r in last.range(lo..=hi).map(|(_, r)| r) {
            let text = fold(&r.text);
            let text = text.strip_prefix("the ").unwrap_or(&text);
            if !parts.iter().any(|p| p == text) {
                continue;
            }
            let cands = r.candidates_json((glon, glat));
            let v = serde_json::json!({
                "set": "acled-dev.csv", "doc": id, "gold": f("location"),
                "text": r.text, "pick": r.pick, "cands": cands,
            });
            s.push_str(&format!("{v}\n"));
        }
    }
    let _ = out.write_all(s.as_bytes());
}

fn main() {
    let file = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/acled-dev.csv")
        });
    if !file.is_file() {
        println!(
            "eval_incidents: no evaluation set at {} (skipped)",
            file.display()
        );
        return;
    }
    let mut reader = match csv::Reader::from_path(&file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("eval_incidents: {}: {e}", file.display());
            std::process::exit(2);
        }
    };
    let header = reader.headers().cloned().unwrap_or_default();
    let g = Gazetteer::bundled();
    // EVAL_FEATURES=file: one JSON line per mention of a row's ACLED location name, with
    // every candidate's ranker features and distance to ACLED's point (`scripts/fit_ranker.py`).
    let mut features =
        std::env::var_os("EVAL_FEATURES").and_then(|p| std::fs::File::create(p).ok());
    let log = std::sync::Arc::new(RankingLog::default());
    let mut parser = Geoparser::new(&g);
    if features.is_some() {
        parser.ranking_log = Some(log.clone());
    }
    let x = Extractor::new(parser);
    let mut all = Tally::default();
    let mut by_sub: BTreeMap<String, Tally> = BTreeMap::new();
    let mut confusion: BTreeMap<(String, String), u64> = BTreeMap::new();
    // EVAL_DUMP=file: one tab-separated line a row (gold and extracted fatalities, places,
    // distance, notes, nearest resolved mention, the location name looked up alone) for reading the misses; it stays outside the repository.
    let mut dump = std::env::var_os("EVAL_DUMP").and_then(|p| std::fs::File::create(p).ok());
    let started = std::time::Instant::now();
    let mut names = NameLookups::default();
    let mut far_names: BTreeMap<String, u64> = BTreeMap::new();
    let mut rows = Vec::new();
    for (n, row) in reader.records().enumerate() {
        match row {
            Ok(r) => rows.push((n, r)),
            Err(e) => eprintln!("eval_incidents: {}:{}: {e}", file.display(), n + 2),
        }
    }
    let field_of = |row: &csv::StringRecord, name: &str| field(row, &header, name).to_string();
    let articles: Vec<Article> = rows
        .iter()
        .map(|(_, row)| Article {
            id: field_of(row, "event_id_cnty"),
            date: gold_date(&field_of(row, "event_date")),
            text: field_of(row, "notes"),
            ..Default::default()
        })
        .collect();
    // Notes are read in batches, as `incimap extract` reads a file of them.
    let extracted: Vec<Vec<Incident>> = articles
        .chunks(incimap::batch::BATCH)
        .flat_map(|batch| x.extract_together(batch))
        .map(|found| found.incidents)
        .collect();
    if let Some(out) = features.as_mut() {
        write_features(out, &rows, &header, log.take());
    }
    for (((n, row), article), found) in rows.iter().zip(&articles).zip(extracted) {
        let n = *n;
        let f = |name: &str| field(row, &header, name);
        let gold_sub = f("sub_event_type").to_string();
        let gold_type = f("event_type").to_string();
        let date = article.date.clone();
        let pick = best(&found, &gold_sub, &gold_type);
        let (lat, lon) = (f("latitude").parse::<f64>(), f("longitude").parse::<f64>());
        let alone = match (&lat, &lon) {
            (Ok(glat), Ok(glon)) if f("country") == "Syria" => {
                names.add(&g, f("location"), (*glon, *glat))
            }
            _ => None,
        };
        let gold_fat: u32 = f("fatalities").parse().unwrap_or(0);
        let got_sub = pick.map_or("(none)".to_string(), |i| i.sub_event_type.to_string());
        if let Some(out) = dump.as_mut() {
            use std::io::Write;
            let km = match (pick.and_then(|i| i.point), &lat, &lon) {
                (Some(p), Ok(glat), Ok(glon)) => {
                    format!("{:.1}", distance_km(p.into(), (*glon, *glat)))
                }
                _ => "-".into(),
            };
            // The nearest resolved mention: how close the gazetteer's places could get.
            let mentions = x.geoparser().parse(article);
            let oracle = match (&lat, &lon) {
                (Ok(glat), Ok(glon)) => mentions
                    .iter()
                    .filter_map(|m| {
                        let d = distance_km(m.point?.into(), (*glon, *glat));
                        Some((d, m.text.clone()))
                    })
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map_or("-".to_string(), |(d, t)| format!("{d:.1}:{t}")),
                _ => "-".into(),
            };
            let all: Vec<String> = found
                .iter()
                .map(|i| format!("{}:{}:{}", i.sub_event_type, i.fatalities, i.sentence))
                .collect();
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                n + 2,
                gold_fat,
                pick.map_or(0, |i| i.fatalities),
                all.join(","),
                f("location"),
                f("geo_precision"),
                pick.and_then(|i| i.location.clone()).unwrap_or_default(),
                pick.map_or(0, |i| i.geo_precision),
                km,
                gold_sub,
                got_sub,
                f("notes").replace(['\t', '\n'], " "),
                oracle,
                alone.map_or("-".to_string(), |d| format!("{d:.1}"))
            );
        }
        *confusion.entry((gold_sub.clone(), got_sub)).or_default() += 1;
        if let (Ok(glat), Ok(glon)) = (&lat, &lon) {
            if let Some(i) = pick {
                if let Some(p) = i.point {
                    if distance_km(p.into(), (*glon, *glat)) > 500.0 {
                        let name = i.location.clone().unwrap_or_default();
                        *far_names.entry(name).or_default() += 1;
                    }
                }
            }
        }
        for t in [&mut all, by_sub.entry(gold_sub.clone()).or_default()] {
            t.rows += 1;
            let Some(i) = pick else { continue };
            t.with_incident += 1;
            t.event_type += u64::from(i.event_type.as_str() == gold_type);
            t.sub_event_type += u64::from(i.sub_event_type.as_str() == gold_sub);
            t.fatalities += u64::from(i.fatalities == gold_fat);
            t.date +=
                u64::from(i.event_date.is_some() && i.event_date.map(|d| d.to_string()) == date);
            if let (Some(p), Ok(glat), Ok(glon)) = (i.point, &lat, &lon) {
                t.located += 1;
                let d = distance_km(p.into(), (*glon, *glat));
                t.within_10 += u64::from(d <= 10.0);
                t.within_50 += u64::from(d <= 50.0);
                t.far += u64::from(d > 500.0);
                t.warned += u64::from(i.far_km.is_some());
                t.warned_far += u64::from(i.far_km.is_some() && d > 500.0);
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "Incident extraction on {} (ACLED data, acleddata.com)\n",
        file.display()
    );
    println!("| gold sub-event type | rows | any incident | event type | sub-event type | located | ≤10 km | ≤50 km | fatalities exact | date exact |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let line = |name: &str, t: &Tally| {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            t.rows,
            t.pct(t.with_incident),
            t.pct(t.event_type),
            t.pct(t.sub_event_type),
            t.pct(t.located),
            t.pct(t.within_10),
            t.pct(t.within_50),
            t.pct(t.fatalities),
            t.pct(t.date)
        )
    };
    for (name, t) in &by_sub {
        line(name, t);
    }
    line("**all**", &all);
    println!("\n{} rows in {secs:.1} s", all.rows);
    println!(
        "\nLocated incidents more than 500 km from ACLED's point: {} of {} ({:.1}%)",
        all.far,
        all.located,
        100.0 * all.far as f64 / all.located.max(1) as f64
    );
    println!(
        "Marked far from their report's other places (far_km): {} ({} of them more than 500 km from ACLED's point)",
        all.warned, all.warned_far
    );
    let mut far: Vec<_> = far_names.into_iter().collect();
    far.sort_by_key(|x| std::cmp::Reverse(x.1));
    let top: Vec<String> = far
        .iter()
        .take(10)
        .map(|(n, k)| format!("{n} ({k})"))
        .collect();
    if !top.is_empty() {
        println!("Most frequent: {}", top.join(", "));
    }
    names.print();
    if std::env::var_os("EVAL_CONFUSION").is_some() {
        println!("\n| gold | extracted | rows |\n|---|---|---:|");
        let mut v: Vec<_> = confusion.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        for ((gold, got), n) in v.into_iter().take(40) {
            println!("| {gold} | {got} | {n} |");
        }
    }
}
