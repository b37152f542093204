//! Gazetteer benchmarks (criterion, `harness = false`).
//!
//! ```sh
//! cargo bench --bench gazetteer              # everything, about a minute and a half
//! cargo bench --bench gazetteer -- lookup    # one group
//! bash bench/gazetteer.sh --criterion              # whole-process figures, then this
//! ```
//!
//! Groups:
//!
//! * `open`: `Gazetteer::bundled()`, `Gazetteer::open(&[])` (bundled + an imported index if
//!   the data directory holds one), the first lookup after opening, and `stats()`, which
//!   decodes every place row and so touches the whole bundled index;
//! * `lookup`: warm lookups over [`NAMES`], a mix of real Syrian, Iraqi, Yemeni and Ukrainian
//!   place names in several spellings and scripts, with some misses; throughput in
//!   elements (lookups) per second. The issue's target is ≥ 1 M lookups/s on one core;
//! * `normalize`: `fold`, `skeleton` and both, over the same names.
//!
//! Targets from the issue: cold start of `incimap gazetteer lookup` < 150 ms, peak RSS < 300 MB
//! (both whole-process, measured by `bench/gazetteer.sh`), ≥ 1 M warm lookups/s on one core.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use incimap::gazetteer::normalize::{fold, skeleton};
use incimap::gazetteer::{Gazetteer, Lookup};

// The same allocator as the binary, so in-process figures match what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Place names as reporters, GeoNames, UCDP and Arabic-language media spell them. Most resolve
/// in the bundled gazetteer; the last group (and a few neighbourhood names elsewhere) do not.
///
/// `bench/gazetteer.sh` reads this list (between the two marker comments) to generate its 100k-line
/// batch file, so keep one or more `"name",` per line and no `"` inside names.
// NAMES-BEGIN
const NAMES: &[&str] = &[
    // Deir ez-Zor city and province (the seed article, data/samples/deir-ez-zor-2014.txt)
    "Deir ez-Zor",
    "Dayr az Zawr",
    "Deir Ezzor",
    "Dair al-Zour",
    "Deir el-Zor",
    "DEIR EZ ZOR",
    "دير الزور",
    "Hatla",
    "Hatlah",
    "al-Hawiqa",
    "Huwayqah",
    "al-Qusour",
    "al-Joura",
    "Jurah",
    "al-Taym",
    "al-Mayadin",
    "Mayadeen",
    "Al Mayadin",
    "Albukamal",
    "Abu Kamal",
    "al-Bukamal",
    "Muhasan",
    "al-Busayrah",
    "Hajin",
    "al-Shuhayl",
    "Khasham",
    // Raqqa, Aleppo, Idlib
    "Raqqa",
    "Ar-Raqqah",
    "Rakka",
    "الرقة",
    "Tabqa",
    "al-Thawrah",
    "Aleppo",
    "Halab",
    "Ḩalab",
    "حلب",
    "Sheikh Maqsoud",
    "Shaykh Maqsud",
    "al-Bab",
    "Al Bab",
    "Manbij",
    "منبج",
    "Jarabulus",
    "Azaz",
    "Aazaz",
    "Afrin",
    "عفرين",
    "Tall Rifat",
    "Tel Rifaat",
    "Kobani",
    "Ain al-Arab",
    "Ayn al Arab",
    "Idlib",
    "Idleb",
    "إدلب",
    "Saraqib",
    "Khan Shaykhun",
    "Khan Sheikhoun",
    "Maarat al-Numan",
    "Ma'arrat al-Nu'man",
    "Kafranbel",
    "Kafr Nabl",
    "Jisr al-Shughur",
    "Jisr ash Shughur",
    "Ariha",
    "Binnish",
    "Salqin",
    "Harem",
    // Hama, Homs, Damascus and its countryside
    "Hama",
    "Hamah",
    "حماة",
    "Homs",
    "Hims",
    "حمص",
    "al-Qusayr",
    "Qusair",
    "Palmyra",
    "Tadmur",
    "تدمر",
    "al-Rastan",
    "Talbiseh",
    "Tallbisah",
    "Damascus",
    "Dimashq",
    "دمشق",
    "Douma",
    "Duma",
    "Harasta",
    "Darayya",
    "Daraya",
    "Jobar",
    "Yarmouk",
    "Zabadani",
    "Madaya",
    "Yabroud",
    "Yabrud",
    "Qalamoun",
    // the south, the coast, the north-east
    "Daraa",
    "Dar'a",
    "درعا",
    "Bosra",
    "Busra al-Sham",
    "Nawa",
    "Sheikh Miskin",
    "Quneitra",
    "Suwayda",
    "al-Suwayda",
    "Sweida",
    "Latakia",
    "al-Ladhiqiyah",
    "Lattakia",
    "Tartus",
    "Tartous",
    "Baniyas",
    "Jableh",
    "Jablah",
    "Hasakah",
    "al-Hasakah",
    "Hassakeh",
    "Qamishli",
    "al-Qamishli",
    "القامشلي",
    "Ras al-Ayn",
    "Ra's al 'Ayn",
    "Serekaniye",
    "Tal Abyad",
    "Tell Abiad",
    "Shaddadi",
    "al-Shaddadi",
    "Markada",
    // Iraq
    "Mosul",
    "al-Mawsil",
    "Mossul",
    "الموصل",
    "Baghdad",
    "بغداد",
    "Fallujah",
    "al-Fallujah",
    "Falluja",
    "الفلوجة",
    "Ramadi",
    "al-Ramadi",
    "الرمادي",
    "Tikrit",
    "Samarra",
    "Baqubah",
    "Baquba",
    "Kirkuk",
    "كركوك",
    "Erbil",
    "Arbil",
    "Hawler",
    "Sulaymaniyah",
    "as-Sulaymaniyah",
    "Dohuk",
    "Duhok",
    "Sinjar",
    "Tal Afar",
    "Tall Afar",
    "Haditha",
    "Hit",
    "al-Qaim",
    "Rutba",
    "Basra",
    "Basrah",
    "البصرة",
    "Najaf",
    "Karbala",
    "Kerbala",
    "Nasiriyah",
    "Amarah",
    "al-Kut",
    "Kut",
    "Hillah",
    // Yemen
    "Sanaa",
    "Sana'a",
    "صنعاء",
    "Aden",
    "عدن",
    "Taiz",
    "Ta'izz",
    "تعز",
    "Hodeidah",
    "al-Hudaydah",
    "Hudaydah",
    "الحديدة",
    "Marib",
    "Ma'rib",
    "مأرب",
    "Saada",
    "Sa'dah",
    "صعدة",
    "Mukalla",
    "al-Mukalla",
    "Ibb",
    "Dhamar",
    "Amran",
    "Zinjibar",
    "Shabwa",
    "Ataq",
    // Ukraine (Ukrainian and Russian romanisations)
    "Kyiv",
    "Kiev",
    "Kharkiv",
    "Kharkov",
    "Mariupol",
    "Donetsk",
    "Luhansk",
    "Lugansk",
    "Bakhmut",
    "Artemivsk",
    "Avdiivka",
    "Sloviansk",
    "Slavyansk",
    "Kramatorsk",
    "Sievierodonetsk",
    "Severodonetsk",
    "Lysychansk",
    "Kherson",
    "Zaporizhzhia",
    "Zaporizhzhya",
    "Odesa",
    "Odessa",
    "Mykolaiv",
    "Izium",
    "Izyum",
    "Bucha",
    "Irpin",
    "Chernihiv",
    "Sumy",
    "Melitopol",
    "Berdyansk",
    // misses: landmarks and neighbourhoods no bundled source has, and made-up names
    "Political Security Bridge",
    "Hamidiyah neighbourhood",
    "Qasr al-Watani",
    "Wadi Zakhmi",
    "Xyzzyton",
    "Blorptown",
    "Ras Marzouk",
    "Tell Hmeimim South",
];
// NAMES-END

/// The CLI's default options (`--limit 10`, no country, no reference point).
fn cli_default() -> Lookup {
    Lookup {
        country: None,
        near: None,
        limit: 10,
    }
}

fn bench_open(c: &mut Criterion) {
    let mut g = c.benchmark_group("open");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("bundled", |b| b.iter(|| black_box(Gazetteer::bundled())));
    g.bench_function("open_no_user_files", |b| {
        b.iter(|| black_box(Gazetteer::open(&[]).expect("gazetteer opens")))
    });
    let opts = cli_default();
    g.bench_function("bundled_then_first_lookup", |b| {
        b.iter(|| {
            let gz = Gazetteer::bundled();
            black_box(gz.lookup(black_box("Deir ez-Zor"), &opts))
        })
    });
    // Decodes every place row: the cost of actually reading the whole bundled index.
    g.sample_size(10);
    g.bench_function("bundled_full_scan_stats", |b| {
        b.iter(|| black_box(Gazetteer::bundled().stats().places))
    });
    g.finish();
}

fn bench_lookup(c: &mut Criterion) {
    let gz = Gazetteer::bundled();
    let opts = cli_default();
    let (hits, misses) = NAMES.iter().fold((0, 0), |(h, m), n| {
        if gz.lookup(n, &opts).is_empty() {
            (h, m + 1)
        } else {
            (h + 1, m)
        }
    });
    eprintln!(
        "lookup mix: {} names, {hits} found, {misses} not found",
        NAMES.len()
    );
    let sy = Lookup {
        country: Some("SY".into()),
        ..cli_default()
    };

    let mut g = c.benchmark_group("lookup");
    g.warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(30);
    g.throughput(Throughput::Elements(NAMES.len() as u64));
    g.bench_function("mix", |b| {
        b.iter(|| {
            for n in NAMES {
                black_box(gz.lookup(black_box(n), &opts));
            }
        })
    });
    g.bench_function("mix_country_SY", |b| {
        b.iter(|| {
            for n in NAMES {
                black_box(gz.lookup(black_box(n), &sy));
            }
        })
    });
    g.throughput(Throughput::Elements(1));
    for name in [
        "Deir ez-Zor",
        "Dayr az Zawr",
        "دير الزور",
        "Hatla",
        "Xyzzyton",
    ] {
        g.bench_with_input(BenchmarkId::new("one", name), name, |b, n| {
            b.iter(|| black_box(gz.lookup(black_box(n), &opts)))
        });
    }
    g.finish();
}

fn bench_normalize(c: &mut Criterion) {
    let folded: Vec<String> = NAMES.iter().map(|n| fold(n)).collect();
    let mut g = c.benchmark_group("normalize");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    g.throughput(Throughput::Elements(NAMES.len() as u64));
    g.bench_function("fold", |b| {
        b.iter(|| {
            for n in NAMES {
                black_box(fold(black_box(n)));
            }
        })
    });
    g.bench_function("skeleton", |b| {
        b.iter(|| {
            for f in &folded {
                black_box(skeleton(black_box(f)));
            }
        })
    });
    g.bench_function("fold_skeleton", |b| {
        b.iter(|| {
            for n in NAMES {
                black_box(skeleton(&fold(black_box(n))));
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = bench_open, bench_lookup, bench_normalize
}
criterion_main!(benches);
