//! Geoparser accuracy on evaluation sets of documents with gold toponyms.
//!
//! ```sh
//! cargo run --release --example eval_geoparse                       # ../shared/eval sets, if present
//! cargo run --release --example eval_geoparse -- tests/fixtures/eval/seed-gold.jsonl
//! ```
//!
//! Each input is JSON Lines of `{id, text, gold: [{start, end, text, lat, lon}]}` with
//! offsets in code points. Without arguments it reads the development sets in
//! `../shared/eval/` and says so and exits 0 when they are not there.
//!
//! `--dump FILE` also writes one JSON line per gold toponym (with the mention that recalled
//! it, if any, and its error) and per false positive, for looking at the errors by kind.
//!
//! `--features FILE` writes one JSON line per gold toponym the ranker saw, with every
//! candidate's features ([`incimap::geoparse::ranker`]) and its distance to the gold point:
//! the input of `scripts/fit_ranker.py`.

use std::io::BufRead;
use std::path::PathBuf;

use incimap::gazetteer::Gazetteer;
use incimap::geoparse::eval::{score_batch, GoldDoc, Scores};
use incimap::geoparse::ranker::{Placed, Ranked, RankingLog};
use incimap::geoparse::Geoparser;
use incimap::model::{Mention, Resolution};

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dump: Option<std::fs::File> = None;
    let mut features: Option<std::fs::File> = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--dump" {
            dump = Some(out_file("--dump", args.next()));
        } else if a == "--features" {
            features = Some(out_file("--features", args.next()));
        } else {
            files.push(PathBuf::from(a));
        }
    }
    if files.is_empty() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
        for name in [
            "geowebnews-dev.jsonl",
            "geovirus-dev.jsonl",
            "lgl-dev.jsonl",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                files.push(p);
            }
        }
        if files.is_empty() {
            println!(
                "eval_geoparse: no evaluation sets in {} (skipped)",
                dir.display()
            );
            return;
        }
    }
    let g = Gazetteer::bundled();
    let mut parser = Geoparser::new(&g);
    let log = std::sync::Arc::new(RankingLog::default());
    if features.is_some() {
        parser.ranking_log = Some(log.clone());
    }
    println!("| set | docs | gold | precision | recall | F1 | Acc@161 | below country | below country/ADM1 | median km | mean km | AUC | docs/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut failed = false;
    for f in &files {
        let file = match std::fs::File::open(f) {
            Ok(file) => file,
            Err(e) => {
                eprintln!("eval_geoparse: {}: {e}", f.display());
                failed = true;
                continue;
            }
        };
        let mut s = Scores::default();
        let t = std::time::Instant::now();
        let mut docs = Vec::new();
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<GoldDoc>(&line) {
                Ok(doc) => docs.push(doc),
                Err(e) => eprintln!("eval_geoparse: {}:{}: {e}", f.display(), n + 1),
            }
        }
        // Documents are read in batches, as `incimap places` reads a file of them.
        for batch in docs.chunks(incimap::batch::BATCH) {
            let found = score_batch(&parser, batch, &mut s);
            if let Some(out) = dump.as_mut() {
                let set = f.file_name().unwrap().to_string_lossy();
                for (doc, mentions) in batch.iter().zip(&found) {
                    write_dump(out, &set, doc, mentions);
                }
            }
            if let Some(out) = features.as_mut() {
                let set = f.file_name().unwrap().to_string_lossy();
                write_features(out, &set, batch, log.take());
                write_placed(out, &set, batch, log.take_placed());
            }
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "| {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1} | {:.1} | {:.3} | {:.0} |",
            f.file_name().unwrap().to_string_lossy(),
            s.documents,
            s.gold,
            s.precision(),
            s.recall(),
            s.f1(),
            s.acc161(),
            s.acc161_below_country(),
            s.acc161_below_admin1(),
            s.median_km(),
            s.mean_km(),
            s.auc(),
            s.documents as f64 / secs
        );
    }
    if failed {
        std::process::exit(2);
    }
}

/// The file an option writes to, created; a missing or unwritable path ends the run (exit 2).
fn out_file(flag: &str, path: Option<std::ffi::OsString>) -> std::fs::File {
    let Some(path) = path else {
        eprintln!("eval_geoparse: {flag} needs a file");
        std::process::exit(2);
    };
    std::fs::File::create(&path).unwrap_or_else(|e| {
        eprintln!("eval_geoparse: {}: {e}", path.to_string_lossy());
        std::process::exit(2);
    })
}

/// One line per gold toponym and per resolved mention that overlaps none.
fn write_dump(out: &mut std::fs::File, set: &str, doc: &GoldDoc, mentions: &[Mention]) {
    use std::io::Write;
    let resolved: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.kind != Resolution::Unresolved)
        .collect();
    let line = |v: serde_json::Value| format!("{v}\n");
    let mut s = String::new();
    for g in &doc.gold {
        let m = resolved.iter().find(|m| m.start < g.end && g.start < m.end);
        let raw: serde_json::Value = serde_json::json!({
            "set": set, "doc": doc.id, "kind": if m.is_some() { "hit" } else { "miss" },
            "gold": g.text, "type": g.kind, "gid": g.geonameid, "glat": g.lat, "glon": g.lon,
            "text": m.map(|m| m.text.clone()), "name": m.and_then(|m| m.name.clone()),
            "code": m.and_then(|m| m.feature_code.clone()), "id": m.and_then(|m| m.geonameid), "cc": m.and_then(|m| m.country.clone()),
            "lat": m.and_then(|m| m.point).map(|p| p.lat()), "lon": m.and_then(|m| m.point).map(|p| p.lon()),
            "km": m.map(|m| incimap::gazetteer::distance_km(
                m.point.map_or((0.0, 0.0), Into::into), (g.lon, g.lat))),
            "context": context(&doc.text, g.start, g.end),
        });
        s.push_str(&line(raw));
    }
    for m in &resolved {
        if doc.gold.iter().any(|g| m.start < g.end && g.start < m.end) {
            continue;
        }
        s.push_str(&line(serde_json::json!({
            "set": set, "doc": doc.id, "kind": "fp", "text": m.text, "name": m.name,
            "code": m.feature_code, "cc": m.country,
            "context": context(&doc.text, m.start, m.end),
        })));
    }
    for m in mentions.iter().filter(|m| m.kind == Resolution::Unresolved) {
        s.push_str(&line(serde_json::json!({
            "set": set, "doc": doc.id, "kind": "unresolved", "text": m.text, "reason": m.reason,
            "context": context(&doc.text, m.start, m.end),
        })));
    }
    let _ = out.write_all(s.as_bytes());
}

/// One line per gold toponym a ranked mention overlaps: its candidates' features and
/// distances to the gold point. A document read again with its neighbours' country
/// ([`Geoparser::agree`]) was logged twice; its last reading is the one kept.
fn write_features(out: &mut std::fs::File, set: &str, batch: &[GoldDoc], rows: Vec<Ranked>) {
    use std::io::Write;
    let mut last: std::collections::HashMap<(&str, usize, usize), &Ranked> = Default::default();
    for r in &rows {
        last.insert((r.doc.as_str(), r.start, r.end), r);
    }
    let mut s = String::new();
    for doc in batch {
        let mut mine: Vec<&Ranked> = last
            .iter()
            .filter(|(k, _)| k.0 == doc.id)
            .map(|(_, r)| *r)
            .collect();
        mine.sort_by_key(|r| (r.start, r.end));
        for g in &doc.gold {
            let Some(r) = mine.iter().find(|r| r.start < g.end && g.start < r.end) else {
                continue;
            };
            let cands = r.candidates_json((g.lon, g.lat));
            let v = serde_json::json!({
                "set": set, "doc": doc.id, "gold": g.text, "type": g.kind,
                "text": r.text, "pick": r.pick, "cands": cands,
            });
            s.push_str(&format!("{v}\n"));
        }
    }
    let _ = out.write_all(s.as_bytes());
}

/// One line per resolved name the placeness check saw: its cues, and whether it overlaps a
/// gold toponym (`"placed": true`). The last reading of a document read twice is kept.
fn write_placed(out: &mut std::fs::File, set: &str, batch: &[GoldDoc], rows: Vec<Placed>) {
    use std::io::Write;
    let mut last: std::collections::BTreeMap<(String, usize, usize), Placed> = Default::default();
    for r in rows {
        last.insert((r.doc.clone(), r.start, r.end), r);
    }
    let mut s = String::new();
    for doc in batch {
        for ((id, _, _), r) in &last {
            if id != &doc.id {
                continue;
            }
            let gold = doc.gold.iter().any(|g| r.start < g.end && g.start < r.end);
            let v = serde_json::json!({
                "kind": "placeness", "set": set, "doc": doc.id, "text": r.text,
                "placed": gold, "f": r.features,
            });
            s.push_str(&format!("{v}\n"));
        }
    }
    let _ = out.write_all(s.as_bytes());
}

/// The characters around `start..end`, the span in brackets.
fn context(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let a = start.saturating_sub(40);
    let z = (end + 40).min(chars.len());
    let piece = |x: usize, y: usize| chars[x..y].iter().collect::<String>().replace('\n', " ");
    format!(
        "{}[{}]{}",
        piece(a, start),
        piece(start, end.min(chars.len())),
        piece(end.min(chars.len()), z)
    )
}
