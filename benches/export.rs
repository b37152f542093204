//! Export benchmarks (criterion, `harness = false`): how fast the shared writers turn
//! incidents into files, and that memory stays flat while they do.
//!
//! ```sh
//! cargo bench --bench export              # the 1M-incident files, then the criterion groups
//! cargo bench --bench export -- million   # only the 1M-incident files
//! cargo bench --bench export -- write     # only the criterion groups
//! ```
//!
//! * `million`: 1,000,000 generated incidents written through [`export::Writer`] into a real
//!   file with [`export::atomic::write_with`] (what `incimap extract -o` does), once per
//!   format, GeoJSON first. Incidents are generated one at a time and never held, so peak RSS
//!   (`VmHWM`, Linux) after 100k and after 1M shows what the writer itself keeps: 8 bytes
//!   per id for the uniqueness check (about 20-30 MB at 1M with the hash table's slack), and
//!   for FlatGeobuf its index entries. The issue's target: GeoJSON at ≥ 150 MB/s with memory
//!   flat;
//! * `write/<format>`: 10,000 incidents into memory (`io::sink`), throughput in bytes: the
//!   encoding cost without the disk.
//!
//! The incidents vary like real ones: every sub-event type, a dozen actors and places, notes
//! of 120 to 330 characters (the seed article's sentences), dates over two years, a few
//! without a location.

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, Criterion, Throughput};
use incimap::export::{self, Format};
use incimap::model::{Incident, LonLat, Source, SubEventType};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ACTORS: [&str; 8] = [
    "Military Forces of Syria",
    "Islamic State",
    "Free Syrian Army",
    "Civilians (Syria)",
    "Military Forces of Russia",
    "Hay'at Tahrir al-Sham",
    "Syrian Democratic Forces",
    "Unidentified Armed Group (Syria)",
];

const PLACES: [(&str, &str, f64, f64); 6] = [
    ("Deir ez-Zor", "Deir ez-Zor", 40.14084, 35.33588),
    ("Hatla", "Deir ez-Zor", 40.19897, 35.34169),
    ("al-Mayadin", "Deir ez-Zor", 40.45065, 35.01815),
    ("Aleppo", "Aleppo", 37.16117, 36.20124),
    ("Idlib", "Idlib", 36.63393, 35.93062),
    (
        "Political Security Bridge, Deir ez-Zor",
        "Deir ez-Zor",
        40.14084,
        35.33588,
    ),
];

const NOTES: [&str; 4] = [
    "The Syrian regime's warplanes has recently intensified raids to 8-11 drives a day on the \
     besieged neighbourhoods of the city of Deir ez-Zor and its environs, causing tens of \
     casualties among civilians.",
    "On Wednesday, a car bomb exploded on al-Taym oil wells road, killing five people.",
    "Regime forces shelled Hatla, al-Hawiqa and the Political Security Bridge with mortars.",
    "This came amid the 760-day siege on the city by the regime as well as Lebanese and Iraqi \
     militias except for two completely regime-held areas; al-Qusour and al-Joura, the \
     regime's stronghold where its military troops piled up to shell other neighbourhoods.",
];

/// The `k`th generated incident.
fn incident(k: usize) -> Incident {
    let sub = SubEventType::ALL[k % SubEventType::ALL.len()];
    let (location, admin1, lon, lat) = PLACES[k % PLACES.len()];
    let located = !k.is_multiple_of(50);
    let jitter = (k % 1000) as f64 * 1e-4;
    Incident {
        id: format!("{:016x}", (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
        event_date: (!k.is_multiple_of(7))
            .then(|| {
                let (y, m, d) = (2014 + k % 2, 1 + k % 12, 1 + k % 28);
                NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
            })
            .flatten(),
        time_precision: 1 + (k % 3) as u8,
        event_type: sub.event_type(),
        sub_event_type: sub,
        actor1: Some(ACTORS[k % ACTORS.len()].to_string()),
        actor2: (!k.is_multiple_of(3)).then(|| ACTORS[(k / 3) % ACTORS.len()].to_string()),
        assoc_actor_1: None,
        assoc_actor_2: None,
        fatalities: (k % 11) as u32,
        fatalities_known: !k.is_multiple_of(4),
        location: Some(location.to_string()),
        admin1: Some(admin1.to_string()),
        country: Some("SY".to_string()),
        point: located
            .then(|| LonLat::new(lon - jitter, lat + jitter))
            .flatten(),
        geo_precision: 1 + (k % 3) as u8,
        source: Source {
            id: format!("report-{}", k / 4),
            title: "Deir ez-Zor under siege".to_string(),
            url: Some(format!("https://example.org/reports/{}", k / 4)),
        },
        sentence: k % 40,
        span: [k % 500, k % 500 + 8],
        confidence: 0.5 + (k % 50) as f64 / 100.0,
        notes: NOTES[k % NOTES.len()].to_string(),
        far_km: None,
    }
}

/// Peak resident set size so far, in MB (Linux), from `/proc/self/status`.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Counts what goes through to the file.
struct Counting<'a> {
    inner: &'a mut dyn Write,
    bytes: u64,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// 1M incidents into a real file per format, with time, MB/s and peak RSS.
fn million() {
    const N: usize = 1_000_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let rss = |m: Option<f64>| m.map_or("n/a".into(), |m| format!("{m:.0} MB"));
    println!(
        "export/million: {N} incidents per file, peak RSS at start {}",
        rss(peak_rss_mb())
    );
    for format in [
        Format::GeoJson,
        Format::GeoJsonLines,
        Format::Csv,
        Format::FlatGeobuf,
        Format::GeoParquet,
    ] {
        // INCIMAP_BENCH_KEEP=DIR keeps the files there, for bench/geoparquet.py to scan.
        let keep = std::env::var_os("INCIMAP_BENCH_KEEP").map(std::path::PathBuf::from);
        let folder = keep.as_deref().unwrap_or(dir.path());
        let path = folder.join(format!("incidents.{}", format.extension()));
        let mut bytes = 0;
        let mut at_tenth = None;
        let start = Instant::now();
        export::atomic::write_with(&path, |out| {
            let mut out = Counting {
                inner: out,
                bytes: 0,
            };
            let mut w =
                export::Writer::new(&mut out, format, export::incident::schema(), "incidents")?;
            for k in 0..N {
                w.write(&incident(k))?;
                if k == N / 10 {
                    at_tenth = peak_rss_mb();
                }
            }
            w.finish()?;
            bytes = out.bytes;
            Ok(())
        })
        .expect("write");
        let secs = start.elapsed().as_secs_f64();
        let mb = bytes as f64 / 1e6;
        println!(
            "  {:<8} {:>7.1} MB in {:>5.2} s = {:>6.1} MB/s ({:>4.2} M incidents/s); \
             peak RSS {} after 100k, {} after 1M",
            format.extension(),
            mb,
            secs,
            mb / secs,
            N as f64 / secs / 1e6,
            rss(at_tenth),
            rss(peak_rss_mb())
        );
        if keep.is_none() {
            std::fs::remove_file(&path).expect("remove");
        }
    }
}

fn write(c: &mut Criterion) {
    const N: usize = 10_000;
    let incidents: Vec<Incident> = (0..N).map(incident).collect();
    let mut g = c.benchmark_group("write");
    g.measurement_time(Duration::from_secs(5));
    for format in [
        Format::GeoJson,
        Format::GeoJsonLines,
        Format::Csv,
        Format::FlatGeobuf,
    ] {
        let encode = |out: &mut dyn Write| {
            let mut w =
                export::Writer::new(out, format, export::incident::schema(), "incidents").unwrap();
            for i in &incidents {
                w.write(i).unwrap();
            }
            w.finish().unwrap()
        };
        let mut size = Vec::new();
        encode(&mut size);
        g.throughput(Throughput::Bytes(size.len() as u64));
        g.bench_function(format.extension(), |b| {
            b.iter(|| black_box(encode(&mut std::io::sink())))
        });
    }
    g.finish();
}

criterion_group!(benches, write);

fn main() {
    // The first argument that is not a flag is criterion's filter. Without `--bench` (as
    // `cargo test --benches` runs it) criterion only checks that each benchmark runs, and the
    // minute of 1M-incident files is skipped.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filter = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    let bench = args.iter().any(|a| a == "--bench");
    if bench && filter.is_none_or(|f| "export/million".contains(f)) {
        million();
    }
    if filter != Some("million") {
        benches();
        Criterion::default().configure_from_args().final_summary();
    }
}
