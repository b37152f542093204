//! `match` at a million incidents a side (criterion, `harness = false`).
//!
//! ```sh
//! cargo bench --bench match              # about a minute
//! ```
//!
//! Both sides are 1 M incidents over the Middle East box (lon 25..55, lat 25..43) and ten
//! years, the right side a copy of the left moved by up to 5 km and a day, with a third of
//! it replaced by unrelated incidents: the shape of comparing machine-coded with hand-coded
//! events. [`incimap::matching::pair`] is timed whole: the per-day trees, the candidate
//! search and the greedy choice. The figure goes in the README; the issue asks for seconds.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use incimap::matching::{pair, Rules, Side};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const N: usize = 1_000_000;
const DAYS: f64 = 3653.0;

mod rng;
use rng::Rng;

fn sides(n: usize) -> (Side, Side) {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut left, mut right) = (Side::default(), Side::default());
    for _ in 0..n {
        let (lon, lat) = (25.0 + 30.0 * r.next(), 25.0 + 18.0 * r.next());
        let day = 735_000 + (DAYS * r.next()) as i32;
        left.push_day(lon, lat, Some(day), "Battles");
        if r.next() < 1.0 / 3.0 {
            let (lon, lat) = (25.0 + 30.0 * r.next(), 25.0 + 18.0 * r.next());
            let day = 735_000 + (DAYS * r.next()) as i32;
            right.push_day(lon, lat, Some(day), "Battles");
        } else {
            // Up to about 5 km and one day off.
            let (dlon, dlat) = (0.09 * (r.next() - 0.5), 0.09 * (r.next() - 0.5));
            let dday = (r.next() * 3.0) as i32 - 1;
            right.push_day(lon + dlon, lat + dlat, Some(day + dday), "Battles");
        }
    }
    (left, right)
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("match");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    for n in [100_000, N] {
        let (left, right) = sides(n);
        let m = pair(&left, &right, &Rules::default());
        eprintln!(
            "match {n} x {n}: {} pairs, {} left only, {} right only",
            m.pairs.len(),
            m.left_only.len(),
            m.right_only.len()
        );
        g.bench_function(format!("{n}x{n}"), |b| {
            b.iter(|| black_box(pair(&left, &right, &Rules::default())))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
