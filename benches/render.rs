//! Map rendering benchmarks (criterion, `harness = false`): the render stage in process,
//! from incidents in memory to PNG bytes.
//!
//! ```sh
//! cargo bench --bench render             # both groups, about half a minute
//! bash bench/render.sh                   # whole-process time and peak memory
//! ```
//!
//! * `seed`: the seed article's seven incidents (`tests/fixtures/render-seed.geojson`) at
//!   1600×1200 with labels: the basemap, gazetteer-free (the places from Natural Earth
//!   only), labels, legend, PNG encoding. Target: under 200 ms.
//! * `heatmap`: a million incidents around ten Syrian and Iraqi hotspots at 1600×1200:
//!   projection, counting, kernel density, colouring, basemap and PNG. Target: under 2 s.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use incimap::render::{render, ColorBy, Format, Incidents, Options, Style};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn seed() -> Incidents {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render-seed.geojson");
    let (features, _) = incimap::features::read(&path, None).expect("seed fixture");
    Incidents::from_features(&features, ColorBy::EventType)
}

/// `n` incidents scattered (deterministically) around conflict hotspots.
pub fn synthetic(n: usize) -> Incidents {
    const HOT: [(f64, f64, f64); 10] = [
        (40.14, 35.33, 0.05),
        (37.16, 36.20, 0.10),
        (36.29, 33.51, 0.08),
        (39.00, 35.95, 0.30),
        (36.72, 34.73, 0.20),
        (36.10, 32.62, 0.40),
        (36.63, 35.93, 0.15),
        (40.92, 34.45, 0.10),
        (44.37, 33.31, 0.25),
        (43.13, 36.34, 0.20),
    ];
    const TYPES: [&str; 6] = [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut inc = Incidents::new(ColorBy::EventType);
    inc.marks.reserve(n);
    for _ in 0..n {
        let (lon, lat, spread) = HOT[(next() * HOT.len() as f64) as usize];
        // Roughly normal: the sum of three uniforms.
        let mut jitter = || (next() + next() + next() - 1.5) * spread * 2.0;
        let (dx, dy) = (jitter(), jitter());
        let t = TYPES[(next() * TYPES.len() as f64) as usize];
        inc.push(
            lon + dx,
            lat + dy,
            t,
            (next() * 4.0) as u32,
            None,
            Some("2016-05-01"),
        );
    }
    inc
}

fn benches(c: &mut Criterion) {
    let seed = seed();
    let opts = Options {
        labels: true,
        ..Options::default()
    };
    let mut g = c.benchmark_group("seed");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("png_1600x1200", |b| {
        b.iter(|| black_box(render(&seed, &opts, Format::Png).unwrap().bytes.len()))
    });
    g.bench_function("svg_1600x1200", |b| {
        b.iter(|| black_box(render(&seed, &opts, Format::Svg).unwrap().bytes.len()))
    });
    g.finish();

    let million = synthetic(1_000_000);
    let opts = Options {
        style: Style::Heatmap,
        ..Options::default()
    };
    let mut g = c.benchmark_group("heatmap");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("1M_png_1600x1200", |b| {
        b.iter(|| black_box(render(&million, &opts, Format::Png).unwrap().bytes.len()))
    });
    g.finish();
}

criterion_group!(render_benches, benches);
criterion_main!(render_benches);
