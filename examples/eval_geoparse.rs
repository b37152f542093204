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

use std::io::BufRead;
use std::path::PathBuf;

use incimap::gazetteer::Gazetteer;
use incimap::geoparse::eval::{score_doc, GoldDoc, Scores};
use incimap::geoparse::Geoparser;

fn main() {
    let mut files: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
        for name in ["geowebnews-dev.jsonl", "geovirus-dev.jsonl"] {
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
    let parser = Geoparser::new(&g);
    println!("| set | docs | gold | precision | recall | F1 | Acc@161 | median km | mean km | AUC | docs/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
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
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<GoldDoc>(&line) {
                Ok(doc) => score_doc(&parser, &doc, &mut s),
                Err(e) => eprintln!("eval_geoparse: {}:{}: {e}", f.display(), n + 1),
            }
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "| {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1} | {:.1} | {:.3} | {:.0} |",
            f.file_name().unwrap().to_string_lossy(),
            s.documents,
            s.gold,
            s.precision(),
            s.recall(),
            s.f1(),
            s.acc161(),
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
