//! Spatial index benchmarks at a million incidents (criterion, `harness = false`).
//!
//! ```sh
//! cargo bench --bench index              # everything, about three minutes
//! cargo bench --bench index -- radius    # one group
//! ```
//!
//! Groups:
//!
//! * `build`: bulk-loading [`IncidentIndex`] over 1 M points spread evenly over the sphere;
//! * `radius`: 400 km around random points (0.1% of the Earth's surface, so about 1,000
//!   incidents each), the index against a linear scan with the same haversine distance;
//! * `bbox`: random 8° × 8° boxes, some across the antimeridian, index against scan;
//! * `nearest`: the 10 nearest of random points, index against scan (a partial sort);
//! * `read`: [`incimap::features::read`] of a 1 M-feature GeoJSON file shaped like what
//!   `extract` writes (about 600 bytes a feature), generated into a temporary directory;
//!   throughput in bytes.
//!
//! Queries count elements, so criterion prints queries per second. Targets from the issue:
//! build under 1 s; radius queries at least 100× faster than the scan; reading at least
//! 100 MB/s.

use std::hint::black_box;
use std::io::Write;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use incimap::index::{distance_km, BBox, IncidentIndex};

// The same allocator as the binary, so in-process figures match what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const N: usize = 1_000_000;
/// The radius whose cap is 0.1% of the sphere: (1 - cos θ) / 2 = 0.001.
const RADIUS_KM: f64 = 403.0;
const QUERIES: usize = 64;

mod rng;
use rng::Rng;

fn points(n: usize, seed: u64) -> Vec<(f64, f64)> {
    let mut r = Rng(seed);
    (0..n).map(|_| r.point()).collect()
}

fn boxes(n: usize) -> Vec<BBox> {
    let mut r = Rng(99);
    (0..n)
        .map(|_| {
            let lon = r.next() * 360.0 - 180.0;
            let lat = r.next() * 140.0 - 70.0;
            let east = if lon + 8.0 > 180.0 {
                lon + 8.0 - 360.0
            } else {
                lon + 8.0
            };
            BBox::new(lon, lat, east, lat + 8.0).unwrap()
        })
        .collect()
}

fn build(c: &mut Criterion) {
    let pts = points(N, 1);
    let mut g = c.benchmark_group("build");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("bulk_load_1M", |b| {
        b.iter_batched(
            || pts.clone(),
            |p| black_box(IncidentIndex::new(p)),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn queries(c: &mut Criterion) {
    let pts = points(N, 1);
    let ix = IncidentIndex::new(pts.clone());
    let centres = points(QUERIES, 7);
    let found: usize = centres
        .iter()
        .map(|&c| ix.within_radius(c, RADIUS_KM).len())
        .sum();
    eprintln!(
        "radius {RADIUS_KM} km: {:.1} incidents a query on average ({:.3}% of {N})",
        found as f64 / QUERIES as f64,
        100.0 * found as f64 / (QUERIES * N) as f64
    );

    let mut g = c.benchmark_group("radius");
    g.throughput(Throughput::Elements(QUERIES as u64));
    g.bench_function("index", |b| {
        b.iter(|| {
            for &c in &centres {
                black_box(ix.within_radius(c, RADIUS_KM));
            }
        })
    });
    g.sample_size(10);
    g.bench_function("scan", |b| {
        b.iter(|| {
            for &c in &centres {
                let hits: Vec<usize> = (0..N)
                    .filter(|&i| distance_km(c, pts[i]) <= RADIUS_KM)
                    .collect();
                black_box(hits);
            }
        })
    });
    g.finish();

    let bxs = boxes(QUERIES);
    let mut g = c.benchmark_group("bbox");
    g.throughput(Throughput::Elements(QUERIES as u64));
    g.bench_function("index", |b| {
        b.iter(|| {
            for bx in &bxs {
                black_box(ix.in_bbox(bx));
            }
        })
    });
    g.sample_size(10);
    g.bench_function("scan", |b| {
        b.iter(|| {
            for bx in &bxs {
                let hits: Vec<usize> = (0..N)
                    .filter(|&i| bx.contains(pts[i].0, pts[i].1))
                    .collect();
                black_box(hits);
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("nearest");
    g.throughput(Throughput::Elements(QUERIES as u64));
    g.bench_function("index_k10", |b| {
        b.iter(|| {
            for &c in &centres {
                black_box(ix.nearest(c, 10));
            }
        })
    });
    g.sample_size(10);
    g.bench_function("scan_k10", |b| {
        b.iter(|| {
            for &c in &centres {
                let mut d: Vec<(f64, usize)> =
                    (0..N).map(|i| (distance_km(c, pts[i]), i)).collect();
                d.select_nth_unstable_by(9, |a, b| a.0.total_cmp(&b.0));
                d.truncate(10);
                black_box(d);
            }
        })
    });
    g.finish();
}

/// A file of `n` features shaped like `extract`'s output.
fn write_geojson(path: &std::path::Path, n: usize) -> u64 {
    let mut r = Rng(3);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")
        .unwrap();
    let types = [
        ("Battles", "Armed clash"),
        (
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        ("Violence against civilians", "Attack"),
        ("Strategic developments", "Other"),
    ];
    for i in 0..n {
        let (lon, lat) = r.point();
        let (t, s) = types[i % types.len()];
        let fat = (r.next() * 12.0) as u32;
        if i > 0 {
            w.write_all(b",\n").unwrap();
        }
        write!(
            w,
            concat!(
                r#"{{"type":"Feature","id":"{:016x}","geometry":{{"type":"Point","coordinates":[{:.5},{:.5}]}},"#,
                r#""properties":{{"id":"{:016x}","event_date":"2014-06-{:02}","time_precision":1,"event_type":"{}","sub_event_type":"{}","#,
                r#""actor1":"Military Forces of Syria","actor2":"Civilians (Syria)","fatalities":{},"fatalities_known":true,"#,
                r#""location":"Deir ez-Zor","admin1":"Deir ez-Zor","country":"SY","lat":{:.5},"lon":{:.5},"geo_precision":1,"#,
                r#""source":{{"id":"report-{}.txt","title":"Regime warplanes intensify raids","url":null}},"sentence":{},"span":[{},{}],"#,
                r#""confidence":0.84,"notes":"Regime forces shelled the neighbourhood with mortars on Wednesday, killing {} civilians, activists said."}}}}"#
            ),
            i, lon, lat, i, 1 + i % 28, t, s, fat, lat, lon, i / 7, i % 20, i % 900, i % 900 + 7, fat
        )
        .unwrap();
    }
    w.write_all(b"\n]}\n").unwrap();
    w.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

fn read(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.geojson");
    let bytes = write_geojson(&path, N);
    eprintln!(
        "read: {N} features, {:.0} MB ({} bytes a feature)",
        bytes as f64 / 1e6,
        bytes / N as u64
    );
    let mut g = c.benchmark_group("read");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("geojson_1M", |b| {
        // Dropping a million features is not part of reading them.
        b.iter_with_large_drop(|| {
            let (fs, s) = incimap::features::read(&path, None).unwrap();
            assert_eq!(s.features, N);
            black_box(fs)
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = build, queries, read
}
criterion_main!(benches);
