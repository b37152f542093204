//! The gazetteer: turns a place name as a reporter spells it into ranked candidate places.
//!
//! Places come in tiers, searched together and ranked as one list:
//!
//! 1. user gazetteers (`--gazetteer FILE`, CSV), for places no public source has;
//! 2. an index imported from full GeoNames dumps (`incimap gazetteer import`), kept in the
//!    data directory ([`data_dir`]);
//! 3. the bundled index, built at compile time from `gazetteer/` (GeoNames cities500,
//!    UCDP's Syrian places, countries and admin areas) and embedded in the binary.
//!
//! Every tier is a [`store::Store`]: names are found by their transliteration-tolerant key
//! ([`normalize::skeleton`]) with one range scan of an fst, so a lookup costs microseconds and
//! loading costs nothing.

pub mod geonames;
pub mod import;
pub mod normalize;
pub mod rank;
pub mod store;
pub mod user;

use std::path::{Path, PathBuf};

use geo::{Distance, Haversine, Point};

use crate::error::{Error, Result};
use crate::model::{Candidate, Place};
use store::{Bytes, PlaceRow, Store};

static BUNDLED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled.incigaz"));
/// [`store::Store::registry_rows`] of the bundled index, as little-endian u32s.
static BUNDLED_REGISTRY_ROWS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled.registry"));

/// The rows of [`BUNDLED_REGISTRY_ROWS`].
fn bundled_registry_rows() -> impl Iterator<Item = u32> {
    BUNDLED_REGISTRY_ROWS
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// File name of the imported index inside the data directory.
pub const IMPORTED_FILE: &str = "imported.incigaz";

/// Where incimap keeps data a user builds: `$INCIMAP_HOME`, else `$XDG_DATA_HOME/incimap`,
/// else `~/.local/share/incimap`.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("INCIMAP_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("incimap"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/incimap"))
}

/// Which tier a place comes from; user places win ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    User,
    Imported,
    Bundled,
}

impl Tier {
    fn bonus(self) -> f64 {
        match self {
            Tier::User => 1.0,
            Tier::Imported => 0.6,
            Tier::Bundled => 0.0,
        }
    }
}

/// A loaded tier.
pub struct Part {
    pub tier: Tier,
    /// The file it came from; `None` for the bundled index.
    pub path: Option<PathBuf>,
    pub store: Store,
}

/// Options of a lookup.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    /// Only places in this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Prefer places near this point (lon, lat).
    pub near: Option<(f64, f64)>,
    /// At most this many candidates; 0 means all.
    pub limit: usize,
}

/// Shortest consonant key the second matching tier looks up: two consonants ("Hama",
/// "Homs") match far too many names.
pub const MIN_CONSONANTS: usize = 3;

/// How far below its seat town an admin area named after it is put.
const SEAT_MARGIN: f64 = 0.01;

/// Places within this distance that share a name are one place reported by two sources.
const SAME_PLACE_KM: f64 = 5.0;

/// Searchable places from every tier.
pub struct Gazetteer {
    parts: Vec<Part>,
    /// Countries and provincial seats, built on first use.
    registry: std::sync::OnceLock<Registry>,
    /// Identifies these contents, for caches kept outside: changes whenever a part is added.
    id: u64,
    /// The rows of user gazetteers that were not loaded, one entry per file that had any.
    skipped: Vec<user::SkippedRows>,
}

/// What [`Gazetteer::country`] and [`Gazetteer::admin1_seat`] look up, by part and row.
#[derive(Default)]
struct Registry {
    countries: std::collections::HashMap<String, (usize, u32)>,
    /// (country, admin1) → (part, row, rank: 3 capital, 2 seat, 1 district seat, population).
    seats: std::collections::HashMap<(String, String), (usize, u32, u8, u64)>,
}

fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Where the second, consonant-skeleton tier of [`Gazetteer::candidates_in`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Loose {
    /// In every country that records no close spelling of the name.
    Everywhere,
    /// Only when no place at all is recorded under a close spelling: the cheap probe the
    /// geoparser makes for every capitalised span, before it knows the report's country.
    WhenNothingRecorded,
    /// Every spelling variant and consonant reading, even where the name is recorded as
    /// written and even of two consonants: for a place the text has already put inside a
    /// province or town ("Shiha village in Hama"), where the caller keeps only the readings
    /// that lie there. Far too loose for any other use.
    Widest,
}

impl Gazetteer {
    /// The bundled gazetteer alone.
    pub fn bundled() -> Gazetteer {
        let store =
            Store::open(Bytes::Static(BUNDLED)).expect("bundled index is built by build.rs");
        Gazetteer {
            parts: vec![Part {
                tier: Tier::Bundled,
                path: None,
                store,
            }],
            registry: Default::default(),
            id: next_id(),
            skipped: Vec::new(),
        }
    }

    /// The bundled gazetteer, the imported index if the data directory holds one, and the
    /// given user gazetteers.
    pub fn open(user_files: &[PathBuf]) -> Result<Gazetteer> {
        let mut g = Gazetteer::bundled();
        if let Some(path) = data_dir().map(|d| d.join(IMPORTED_FILE)) {
            if path.is_file() {
                g.add_index_file(&path)?;
            }
        }
        for f in user_files {
            g.add_user_csv(f)?;
        }
        Ok(g)
    }

    /// Add an index written by [`import::import`].
    pub fn add_index_file(&mut self, path: &Path) -> Result<usize> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let store = Store::open(Bytes::Owned(bytes.into()))
            .map_err(|e| Error::invalid(path, e.to_string()))?;
        let n = store.len();
        self.id = next_id();
        self.registry = Default::default();
        self.parts.push(Part {
            tier: Tier::Imported,
            path: Some(path.to_path_buf()),
            store,
        });
        Ok(n)
    }

    /// Add a user gazetteer CSV (`name,lat,lon,kind,country,parent,aliases`); the number
    /// of places loaded. Bad rows are skipped and kept for [`Gazetteer::skipped_rows`].
    pub fn add_user_csv(&mut self, path: &Path) -> Result<usize> {
        let user::UserCsv {
            places: records,
            skipped,
        } = user::read_csv(path, self)?;
        let mut b = store::StoreBuilder::new();
        for r in &records {
            b.add(r);
        }
        let store = Store::open(Bytes::Owned(b.finish().into()))
            .map_err(|e| Error::invalid(path, e.to_string()))?;
        self.id = next_id();
        self.registry = Default::default();
        self.parts.push(Part {
            tier: Tier::User,
            path: Some(path.to_path_buf()),
            store,
        });
        if skipped.count > 0 {
            self.skipped.push(skipped);
        }
        Ok(records.len())
    }

    /// The rows of user gazetteers skipped as bad, per file (only files that had any), for
    /// the caller to report: a partial load must not pass unnoticed.
    pub fn skipped_rows(&self) -> &[user::SkippedRows] {
        &self.skipped
    }

    /// An id for these contents: equal ids mean equal answers (for caches).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The loaded tiers, user first.
    pub fn parts(&self) -> impl Iterator<Item = &Part> {
        let mut v: Vec<&Part> = self.parts.iter().collect();
        v.sort_by_key(|p| p.tier);
        v.into_iter()
    }

    /// Ranked candidates for a name, best first. Empty when nothing matches.
    pub fn lookup(&self, name: &str, opts: &Lookup) -> Vec<Candidate> {
        let folded = normalize::fold(name);
        let mut out = self.lookup_folded(&folded, opts);
        if out.is_empty() {
            // "the Political Security Bridge"; "Albukamal", "Alqusour": an article written
            // into the word.
            if let Some(rest) = folded
                .strip_prefix("the ")
                .or_else(|| glued_article(&folded))
            {
                out = self.lookup_folded(rest, opts);
            }
        }
        // "Yarmouk Camp" is recorded in the Arabic order, Mukhayyam al Yarmuk: that reading
        // goes before a village the English name only resembles (Al Yarmuk in Raqqa).
        if out.first().is_none_or(|c| c.similarity < 0.9) {
            if let Some(arabic) = normalize::arabic_order(&folded) {
                let found: Vec<Candidate> = self
                    .lookup_folded(&arabic, opts)
                    .into_iter()
                    .filter(|c| c.similarity >= 0.75)
                    .collect();
                if !found.is_empty() {
                    let same = |a: &Candidate, b: &Candidate| {
                        a.place.name == b.place.name
                            && a.place.lon == b.place.lon
                            && a.place.lat == b.place.lat
                    };
                    out.retain(|c| !found.iter().any(|f| same(f, c)));
                    out.splice(0..0, found);
                }
            }
        }
        if out.is_empty() {
            // "Yarmouk Camp", "Eastern Qalamoon": a facility or a side of a place the
            // gazetteer lacks is sought at the place it is named after, scored as a fallback
            // (the name shown is the place's, not the facility's).
            if let Some(rest) = named_after(&folded) {
                out = self.lookup_folded(rest, opts);
                for c in &mut out {
                    c.score *= NAMED_AFTER_DISCOUNT;
                }
            }
        }
        if opts.limit > 0 {
            out.truncate(opts.limit);
        }
        out
    }

    fn lookup_folded(&self, folded: &str, opts: &Lookup) -> Vec<Candidate> {
        let key = normalize::skeleton(folded);
        let mut score = |row: &PlaceRow<'_>, sim: f64, tier: Tier| {
            if let Some(cc) = &opts.country {
                if !row.country.eq_ignore_ascii_case(cc) {
                    return None;
                }
            }
            let base = rank::base_score(
                sim,
                row.feature_code,
                row.population,
                tier.bonus(),
                crate::gazetteer::conflict_place(row.source),
            );
            Some(match opts.near {
                Some((lon, lat)) => {
                    let d = distance_km((lon, lat), (row.lon, row.lat));
                    0.75 * base + 0.25 * rank::proximity(d, 50.0)
                }
                None => base,
            })
        };
        // The consonant tier reads only in countries that record no close spelling, and
        // its range scans are most of a lookup's cost: a country that records one gets the
        // same answer without them. Asked of no country and no point, a name recorded
        // somewhere is answered by its recorded spellings: consonant guesses in the other
        // countries ("Suwayda" read as Yemen's Sawda) are what `--country` asks for, and
        // the geoparser, which weighs them by the report's country, asks
        // [`Gazetteer::candidates`] for them.
        if opts.country.is_some() || opts.near.is_none() {
            let (close, everywhere) = self.candidates_and_tiers(
                folded,
                &key,
                opts.limit,
                Loose::WhenNothingRecorded,
                opts.country.as_deref(),
                &mut score,
            );
            if everywhere || close.iter().any(|c| c.similarity >= 0.9) {
                return close;
            }
        }
        self.candidates_and_tiers(
            folded,
            &key,
            opts.limit,
            Loose::Everywhere,
            opts.country.as_deref(),
            score,
        )
        .0
    }

    /// The places a name may refer to: every place recorded under this name (by its reduced
    /// form) and, when none of those lies where names are romanised from Arabic script,
    /// every place with a close spelling variant there. Scored by `score(row, name
    /// similarity, tier)` (`None` drops the place), merged across sources, best first, at
    /// most `limit` (0: all).
    ///
    /// This is the primitive the geoparser ranks with, given its document context.
    pub fn candidates(
        &self,
        folded: &str,
        key: &str,
        limit: usize,
        score: impl FnMut(&PlaceRow<'_>, f64, Tier) -> Option<f64>,
    ) -> Vec<Candidate> {
        self.candidates_in(folded, key, limit, Loose::Everywhere, score)
    }

    /// As [`Gazetteer::candidates`], with a choice of where the consonant tier looks.
    pub fn candidates_in(
        &self,
        folded: &str,
        key: &str,
        limit: usize,
        loose: Loose,
        score: impl FnMut(&PlaceRow<'_>, f64, Tier) -> Option<f64>,
    ) -> Vec<Candidate> {
        self.candidates_and_tiers(folded, key, limit, loose, None, score)
            .0
    }

    /// [`Gazetteer::candidates_in`], and whether the consonant tier looked everywhere it
    /// would have with [`Loose::Everywhere`] (then that answer is this one, with no second
    /// pass to find it).
    ///
    /// `only`: the one country whose places the scorer keeps, if it drops all others; the
    /// consonant tier then compares only names with a place there (the same answer).
    #[allow(clippy::too_many_arguments)]
    fn candidates_and_tiers<'s>(
        &'s self,
        folded: &str,
        key: &str,
        limit: usize,
        loose: Loose,
        only: Option<&str>,
        mut score: impl FnMut(&PlaceRow<'_>, f64, Tier) -> Option<f64>,
    ) -> (Vec<Candidate>, bool) {
        struct Hit<'a> {
            score: f64,
            sim: f64,
            part: usize,
            row: PlaceRow<'a>,
        }
        if key.is_empty() {
            return (Vec::new(), true);
        }
        let reduced = normalize::reduce(folded);
        let mut hits: Vec<Hit<'s>> = Vec::new();
        // Score a place and keep it unless the scorer drops it.
        // Whether any place was offered at all (the scorer may still drop it).
        let kept_any = std::cell::Cell::new(false);
        // The countries where a close spelling of the name is recorded: the second tier
        // adds nothing there.
        let close_in: std::cell::RefCell<Vec<&'s str>> = std::cell::RefCell::new(Vec::new());
        let mut keep = |row: PlaceRow<'s>, sim: f64, part: usize, tier: Tier| {
            kept_any.set(true);
            if sim >= 0.9 {
                close_in.borrow_mut().push(row.country);
            }
            if let Some(score) = score(&row, sim, tier) {
                hits.push(Hit {
                    score,
                    sim,
                    part,
                    row,
                });
            }
        };
        let mut recorded_where_variants_count = false;
        for (pi, part) in self.parts.iter().enumerate() {
            for idx in store::run_places(part.store.exact(key, &reduced)) {
                let row = part.store.place(idx);
                let sim = if row.name_reduced == reduced {
                    1.0
                } else {
                    rank::alternate_similarity(
                        &reduced,
                        row.name_reduced,
                        &rank::AltRow {
                            feature_code: row.feature_code,
                            country: row.country,
                            population: row.population,
                        },
                    )
                };
                recorded_where_variants_count |=
                    normalize::romanised_from_arabic_script(row.country);
                keep(row, sim, pi, part.tier);
            }
        }
        if !recorded_where_variants_count || loose == Loose::Widest {
            for (pi, part) in self.parts.iter().enumerate() {
                if !part.store.has_variants(key) {
                    continue;
                }
                part.store.names_with_skeleton(key, |name, run| {
                    if name == reduced {
                        return;
                    }
                    let sim = rank::variant_similarity(&reduced, name);
                    if sim < rank::MIN_VARIANT_SIMILARITY {
                        return;
                    }
                    for idx in store::run_places(run) {
                        let row = part.store.place(idx);
                        if rank::variant_allowed(row.country, sim) {
                            keep(row, sim, pi, part.tier);
                        }
                    }
                });
            }
        }
        // Second tier: a consonant skeleton, for spellings no source records ("Thiban" for
        // Dhiban), in each country that records no close spelling of the name: an Iraqi
        // "Dukan" or a Lebanese "Rihane" does not hide Syria's "Duqan" or "Ar Rayhan"
        // from a reporter. A weak hit scores below the recorded ones, never above; the
        // geoparser decides by the report's country whether it is wanted at all.
        let mut close: Vec<&str> = close_in.borrow().clone();
        // One entry a country: it is asked of every consonant reading.
        close.sort_unstable();
        close.dedup();
        let consonants_everywhere = loose != Loose::WhenNothingRecorded || !kept_any.get();
        if consonants_everywhere {
            let consonant_hits = std::cell::Cell::new(false);
            let canonical = normalize::qualifier_last(folded);
            // "Lower Baqras" when only Baqras is recorded: the pair's one village.
            let unqualified = normalize::unqualified(&canonical);
            // Whether any reading anywhere was taken decides if the unqualified form is
            // tried, so the country shortcut holds only where there is none.
            let only = only.filter(|_| unqualified.is_none());
            let forms = std::iter::once(canonical.as_ref()).chain(unqualified);
            for (n, form) in forms.enumerate() {
                let reduced = normalize::reduce(form);
                let ck = normalize::consonant_key(form);
                // "Shiheil" keeps two consonants ($l) of seven letters: long enough to say; "Hawiqa" (hk, six) is not.
                let enough = ck.len() >= MIN_CONSONANTS
                    || (ck.len() == 2 && (reduced.len() >= 7 || loose == Loose::Widest));
                if !enough || (n > 0 && consonant_hits.get()) {
                    continue;
                }
                for (pi, part) in self.parts.iter().enumerate() {
                    part.store.names_with_consonants(&ck, |name, run| {
                        if let Some(cc) = only {
                            let there = store::run_places(run)
                                .any(|idx| part.store.country(idx).eq_ignore_ascii_case(cc));
                            if !there {
                                return;
                            }
                        }
                        let sim = rank::consonant_similarity(&reduced, name);
                        if sim < rank::MIN_CONSONANT_SIMILARITY {
                            return;
                        }
                        for idx in store::run_places(run) {
                            if loose == Loose::Widest || !close.contains(&part.store.country(idx)) {
                                consonant_hits.set(true);
                                keep(part.store.place(idx), sim, pi, part.tier);
                            }
                        }
                    });
                }
            }
        }
        // A populated place beats the district or subdistrict named after it: "Sokhneh" is
        // the town, and the area's centre can lie 40 km away. Only the text ("X district",
        // "the countryside of X") brings the area back, in the geoparser.
        let towns: Vec<(f64, f64, f64, &str)> = hits
            .iter()
            // a variant spelling of the town's name counts as the district's does
            // ("al-Malikeyyeh": Al Malikiyah the town and the district)
            .filter(|h| {
                h.row.feature_code.starts_with("PPL") && h.sim > rank::MAX_CONSONANT_SIMILARITY
            })
            .map(|h| (h.row.lon, h.row.lat, h.score, h.row.country))
            .collect();
        for h in hits.iter_mut() {
            if !matches!(h.row.feature_code, "ADM2" | "ADM3") {
                continue;
            }
            let seat = towns
                .iter()
                .filter(|t| {
                    t.3 == h.row.country
                        && (t.1 - h.row.lat).abs() * 111.0 <= geonames::SEAT_KM + 1.0
                        && distance_km((t.0, t.1), (h.row.lon, h.row.lat)) <= geonames::SEAT_KM
                })
                .map(|t| t.2)
                .fold(f64::NAN, f64::max);
            if seat <= h.score {
                h.score = seat - SEAT_MARGIN;
            }
        }
        // A hit is a whole decoded row: ordering their indices, not the hits, keeps a
        // common name's hundreds of consonant readings from being moved about in memory.
        let mut order: Vec<u32> = (0..hits.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&hits[a as usize], &hits[b as usize]);
            b.score
                .total_cmp(&a.score)
                .then_with(|| b.row.population.cmp(&a.row.population))
                .then_with(|| a.row.name.cmp(b.row.name))
                .then_with(|| a.row.lat.total_cmp(&b.row.lat))
                .then_with(|| a.part.cmp(&b.part))
        });
        let mut kept: Vec<&Hit<'_>> = Vec::new();
        for h in order.iter().map(|&i| &hits[i as usize]) {
            if kept.iter().any(|k| same_place(&k.row, &h.row)) {
                continue;
            }
            kept.push(h);
            if limit > 0 && kept.len() == limit {
                break;
            }
        }
        let out = kept
            .into_iter()
            .map(|h| Candidate {
                place: to_place(&h.row),
                score: h.score,
                similarity: h.sim,
            })
            .collect();
        (out, consonants_everywhere)
    }

    /// Countries and provincial seats, found in one pass over every place.
    fn registry(&self) -> &Registry {
        self.registry.get_or_init(|| {
            let mut r = Registry::default();
            for (pi, part) in self.parts.iter().enumerate() {
                // Only countries and seats count: the other rows (nearly all) are not
                // decoded, and for the bundled index not even read.
                let rows: Box<dyn Iterator<Item = u32>> = if part.tier == Tier::Bundled {
                    Box::new(bundled_registry_rows())
                } else {
                    Box::new(part.store.registry_rows())
                };
                for i in rows {
                    let code = part.store.feature_code(i);
                    let row = part.store.place(i);
                    if code == "PCLI"
                        || (code.starts_with("PCL") && !r.countries.contains_key(row.country))
                    {
                        r.countries
                            .entry(row.country.to_string())
                            .or_insert((pi, i));
                    }
                    // The capital is its province's seat too ("Damascus"); else the most
                    // populous first-order seat; where the data records none (Rif Dimashq),
                    // the most populous district seat (Douma).
                    let rank = match code {
                        "PPLC" => 3,
                        "PPLA" => 2,
                        "PPLA2" => 1,
                        _ => continue,
                    };
                    if row.admin1.is_empty() {
                        continue;
                    }
                    let key = (row.country.to_string(), row.admin1.to_string());
                    let better = r
                        .seats
                        .get(&key)
                        .is_none_or(|&(_, _, rk, pop)| (rank, row.population) > (rk, pop));
                    if better {
                        r.seats.insert(key, (pi, i, rank, row.population));
                    }
                }
            }
            r
        })
    }

    /// The country with this ISO alpha-2 code, as a candidate (score 0.75: what a demonym
    /// or a bare code says of a place).
    pub fn country(&self, cc: &str) -> Option<Candidate> {
        let &(pi, i) = self.registry().countries.get(cc)?;
        let row = self.parts[pi].store.place(i);
        Some(Candidate {
            place: to_place(&row),
            score: 0.75,
            similarity: 1.0,
        })
    }

    /// The seat of a first-order admin area (its capital city: Aleppo for Aleppo province,
    /// Douma for Rif Dimashq), where ACLED codes an event known only to the province.
    pub fn admin1_seat(&self, country: &str, admin1: &str) -> Option<Place> {
        let &(pi, i, _, _) = self
            .registry()
            .seats
            .get(&(country.to_string(), admin1.to_string()))?;
        Some(to_place(&self.parts[pi].store.place(i)))
    }

    /// Walks of every tier's names ([`store::NameWalk`]; `walks` is the caller's, reused)
    /// with the first word's key fed: whether it is a complete name in some tier, and
    /// whether a name goes on past it. Feed the next words with [`Gazetteer::feed_names`].
    /// The walks' state after a first word is remembered per thread: a text starts a walk at
    /// every capitalised word, and the same few hundred words start most of them.
    pub fn walk_names_with<'g>(
        &'g self,
        walks: &mut Vec<store::NameWalk<'g>>,
        first: &str,
    ) -> (bool, bool) {
        type Walks = rustc_hash::FxHashMap<String, (Vec<Option<usize>>, bool)>;
        thread_local! {
            static FIRST: std::cell::RefCell<(u64, Walks)> = Default::default();
        }
        /// Words remembered before the memo starts afresh.
        const FIRST_MAX: usize = 100_000;
        let known = FIRST.with_borrow(|(id, memo)| {
            if *id != self.id() {
                return None;
            }
            let (states, complete) = memo.get(first)?;
            walks.clear();
            walks.extend(
                self.parts
                    .iter()
                    .zip(states)
                    .map(|(p, &s)| p.store.walk_names_from(s)),
            );
            Some(*complete)
        });
        if let Some(complete) = known {
            return (complete, walks.iter().any(store::NameWalk::alive));
        }
        walks.clear();
        walks.extend(self.parts.iter().map(|p| p.store.walk_names()));
        let (complete, goes_on) = Gazetteer::feed_names(walks, first);
        FIRST.with_borrow_mut(|(id, memo)| {
            if *id != self.id() || memo.len() >= FIRST_MAX {
                memo.clear();
                *id = self.id();
            }
            let states = walks.iter().map(store::NameWalk::state).collect();
            memo.insert(first.to_string(), (states, complete));
        });
        (complete, goes_on)
    }

    /// Feed the next word's key to every tier's walk: whether the words fed so far are a
    /// complete name in some tier, and whether a name of some tier goes on past them.
    pub fn feed_names(walks: &mut [store::NameWalk<'_>], key: &str) -> (bool, bool) {
        let mut complete = false;
        for w in walks.iter_mut() {
            complete |= w.feed(key);
        }
        (complete, walks.iter().any(store::NameWalk::alive))
    }

    /// For consonant word keys as they follow each other in a text, the indices `k` where
    /// the keys of `words[..=k]` form the complete consonant key of a name in any tier,
    /// ascending. (Names by their own keys are walked a word at a time instead:
    /// [`Gazetteer::walk_names_with`].)
    pub fn complete_consonant_keys(&self, words: &[&str]) -> Vec<usize> {
        let mut out = Vec::new();
        for p in &self.parts {
            p.store.complete_consonant_keys(words, &mut out);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Does a user gazetteer record this folded name (as a name or an alias, by its reduced
    /// form)? A name the user wrote down is a place to them whatever its words ("Tahrir
    /// Square", two words the geoparser otherwise reads as a group's and a common noun).
    pub fn user_records(&self, folded: &str) -> bool {
        if !self.has_user_places() {
            return false;
        }
        let key = normalize::skeleton(folded);
        let reduced = normalize::reduce(folded);
        self.parts
            .iter()
            .filter(|p| p.tier == Tier::User)
            .any(|p| !p.store.exact(&key, &reduced).is_empty())
    }

    /// Whether any user gazetteer is loaded.
    pub fn has_user_places(&self) -> bool {
        self.parts.iter().any(|p| p.tier == Tier::User)
    }

    /// Would [`Gazetteer::candidates`] find anything for this folded name and key? Stops at
    /// the first acceptable place.
    pub fn has_candidates(&self, folded: &str, key: &str) -> bool {
        let reduced = normalize::reduce(folded);
        if self
            .parts
            .iter()
            .any(|p| !p.store.exact(key, &reduced).is_empty())
        {
            return true;
        }
        let mut found = false;
        for part in self.parts.iter().filter(|p| p.store.has_variants(key)) {
            part.store.names_with_skeleton(key, |name, run| {
                if found {
                    return;
                }
                let sim = rank::variant_similarity(&reduced, name);
                if sim >= rank::MIN_VARIANT_SIMILARITY
                    && store::run_places(run)
                        .any(|i| rank::variant_allowed(part.store.place(i).country, sim))
                {
                    found = true;
                }
            });
            if found {
                break;
            }
        }
        found
    }

    /// Does any tier index a name with this key? (Cheap pre-filter for text scanning.)
    pub fn has_key(&self, key: &str) -> bool {
        self.parts.iter().any(|p| p.store.has_skeleton(key))
    }
}

/// Is a place of this feature code and country open water: an ocean or sea anywhere, or a
/// gulf, bay or strait no one country holds ("the Persian Gulf", "the Strait of Hormuz")?
/// Such water is as wide as a country and its point as much a convention; a bay of one
/// country in an imported GeoNames dump is a local feature like any other.
pub fn is_open_water(feature_code: &str, country: &str) -> bool {
    matches!(feature_code, "OCN" | "SEA")
        || (matches!(feature_code, "GULF" | "BAY" | "STRT") && country.is_empty())
}

/// Is a place of this feature code water whose point stands for a whole body: open water
/// ([`is_open_water`]), a river (placed at its mouth, by GeoNames and by the bundled
/// Natural Earth rows alike), a lake or a reservoir? Such a point is never where an event
/// was.
pub fn is_water_body(feature_code: &str, country: &str) -> bool {
    is_open_water(feature_code, country) || matches!(feature_code, "STM" | "LK" | "RSV")
}

/// Is a place of this feature code and country an area a name means as a whole: a country,
/// a first-level area, a continent, a region or open water? Their other names are curated
/// ([`rank::alternate_similarity`]), and a name they have is read as them first.
pub fn is_area(feature_code: &str, country: &str) -> bool {
    feature_code.starts_with("PCL")
        || matches!(feature_code, "ADM1" | "CONT" | "RGN")
        || is_open_water(feature_code, country)
}

/// Is a place's point no place an event can be at: a continent's or a region of several
/// countries' middle, or a body of water's ([`is_water_body`])? "planning attacks in
/// Europe", "a ship in the Red Sea", "across the Levant".
pub fn point_is_no_event_place(feature_code: &str, country: &str) -> bool {
    feature_code == "CONT"
        || (feature_code == "RGN" && country.is_empty())
        || is_water_body(feature_code, country)
}

/// Has a conflict dataset (UCDP) coded events at this place? `source` lists a place's
/// sources, comma-separated when several merged ("wof,ucdp").
pub fn conflict_place(source: &str) -> bool {
    source.split(',').any(|s| s == "ucdp")
}

/// A lookup that found only the place a facility is named after scores this much of it.
const NAMED_AFTER_DISCOUNT: f64 = 0.8;

/// The place a folded facility or area name is named after: the name without a trailing
/// generic word ("yarmouk camp", "hole camp", "tabqa airbase") or a leading side word
/// ("eastern qalamoon"), when something is left.
fn named_after(folded: &str) -> Option<&str> {
    const TAIL: &[&str] = &[
        " camp",
        " camps",
        " airbase",
        " airport",
        " base",
        " basin",
        " dam",
        " checkpoint",
        " crossing",
        " mountains",
        " mountain",
        " plain",
        " plains",
        " valley",
        " hills",
        " countryside",
        " district",
        " subdistrict",
        " area",
        " town",
        " village",
        " city",
    ];
    const HEAD: &[&str] = &["eastern ", "western ", "northern ", "southern ", "central "];
    let rest = TAIL
        .iter()
        .find_map(|t| folded.strip_suffix(t))
        .or_else(|| HEAD.iter().find_map(|h| folded.strip_prefix(h)))?;
    (rest.chars().filter(|c| c.is_alphanumeric()).count() >= 3).then_some(rest)
}

/// The rest of a folded name whose first word starts with a glued "al"/"el" article.
fn glued_article(folded: &str) -> Option<&str> {
    let rest = folded
        .strip_prefix("al")
        .or_else(|| folded.strip_prefix("el"))?;
    let first_len = rest.split(' ').next().map_or(0, str::len);
    (first_len >= 4).then_some(rest)
}

/// Great-circle distance in km between two (lon, lat) points.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine.distance(Point::new(a.0, a.1), Point::new(b.0, b.1)) / 1000.0
}

/// A (lon, lat) point made ready for many distance comparisons: the cosine of its latitude
/// worked out once, and the nearest of many points found by comparing haversine terms, with
/// one arcsine at the end. The geoparser compares every candidate of every name with every
/// place the report names, and the trigonometry of [`distance_km`] was 6% of `places`.
///
/// [`Near::nearest_km`] gives exactly (to the bit) the least [`distance_km`]: the same
/// operations in the same order as geo's [`Haversine`], and the conversion from the
/// haversine term to km never decreases.
#[derive(Debug, Clone, Copy)]
pub struct Near {
    lon: f64,
    lat: f64,
    cos_lat: f64,
}

impl Near {
    pub fn new(lon: f64, lat: f64) -> Near {
        Near {
            lon,
            lat,
            cos_lat: lat.to_radians().cos(),
        }
    }

    /// The haversine term from this point to `other` (this one as geo's origin).
    fn haversine(&self, other: &Near) -> f64 {
        let delta_theta = (other.lat - self.lat).to_radians();
        let delta_lambda = (other.lon - self.lon).to_radians();
        (delta_theta / 2.0).sin().powi(2)
            + self.cos_lat * other.cos_lat * (delta_lambda / 2.0).sin().powi(2)
    }

    fn km(haversine: f64) -> f64 {
        geo::Haversine.radius() * (2.0 * haversine.sqrt().asin()) / 1000.0
    }

    /// The distance to the nearest of `others`; infinite when there are none.
    pub fn nearest_km<'n>(&self, others: impl IntoIterator<Item = &'n Near>) -> f64 {
        let mut least = f64::INFINITY;
        for o in others {
            // A point whose latitude alone lies farther than the nearest so far is passed
            // over without trigonometry: its term is at least sin²(Δφ/2), and sin x is at
            // least x - x³/6. The margin keeps rounding from ever passing over the nearest,
            // so the least term, and the result, are those of the full comparison.
            let x = ((o.lat - self.lat).to_radians() / 2.0).abs();
            let bound = x - x * x * x / 6.0;
            if bound > 0.0 && bound * bound * (1.0 - 1e-9) > least {
                continue;
            }
            least = f64::min(least, self.haversine(o));
        }
        if least.is_finite() {
            Near::km(least)
        } else {
            f64::INFINITY
        }
    }
}

fn same_place(a: &PlaceRow<'_>, b: &PlaceRow<'_>) -> bool {
    if a.geonameid != 0 && a.geonameid == b.geonameid {
        return true;
    }
    // The same feature reported by two sources: same kind, same name, a few km apart.
    fn kind(c: &str) -> &str {
        c.get(..3).unwrap_or(c)
    }
    a.name_reduced == b.name_reduced
        && kind(a.feature_code) == kind(b.feature_code)
        && within_km((a.lon, a.lat), (b.lon, b.lat), SAME_PLACE_KM)
}

/// Is `distance_km(a, b) < km`? The same answer, without the trigonometry for two points
/// whose latitudes alone lie farther apart: a lookup of a common name ("Ras al Ain") compares
/// hundreds of pairs. A great circle is never shorter than its latitude difference (111.19 km
/// a degree on geo's mean radius); the margin keeps rounding from mattering.
fn within_km(a: (f64, f64), b: (f64, f64), km: f64) -> bool {
    if (a.1 - b.1).abs() * 111.0 > km + 1.0 {
        return false;
    }
    distance_km(a, b) < km
}

fn to_place(row: &PlaceRow<'_>) -> Place {
    Place {
        name: row.name.to_string(),
        lat: row.lat,
        lon: row.lon,
        feature_code: row.feature_code.to_string(),
        country: row.country.to_string(),
        admin1: row.admin1.to_string(),
        population: row.population,
        geonameid: (row.geonameid != 0).then_some(row.geonameid),
        source: row.source.to_string(),
        parent: (!row.parent.is_empty()).then(|| row.parent.to_string()),
    }
}

/// GeoNames feature class of a feature code (A admin, P populated place, R road, L area,
/// T terrain, H water, S spot/building).
pub fn feature_class(code: &str) -> char {
    match code {
        c if c.starts_with("ADM") || c.starts_with("PCL") || c == "TERR" || c.starts_with("ZN") => {
            'A'
        }
        c if c.starts_with("PPL") => 'P',
        "RD" | "RDJCT" | "TRL" | "RR" | "ST" | "TNL" => 'R',
        "OILF" | "RGN" | "AREA" | "FLD" | "GASF" | "RESV" | "MILB" | "PRT" | "PRK" => 'L',
        "MT" | "MTS" | "HLL" | "HLLS" | "ISL" | "VAL" | "DPR" | "PLN" | "PLAT" | "DSRT" | "WAD" => {
            'T'
        }
        "STM" | "LK" | "CNL" | "WLL" | "RSV" | "SPNG" | "HBR" | "OCN" | "SEA" | "GULF" | "BAY"
        | "STRT" => 'H',
        _ => 'S',
    }
}

/// Counts for `gazetteer stats`.
#[derive(Debug, Default, serde::Serialize)]
pub struct Stats {
    pub places: usize,
    pub names: usize,
    pub by_country: std::collections::BTreeMap<String, usize>,
    pub by_class: std::collections::BTreeMap<char, usize>,
    pub by_source: std::collections::BTreeMap<String, usize>,
}

impl Gazetteer {
    /// Count places by country, feature class and source.
    pub fn stats(&self) -> Stats {
        let mut s = Stats::default();
        for part in &self.parts {
            s.names += part.store.name_count();
            for i in 0..part.store.len() as u32 {
                let row = part.store.place(i);
                s.places += 1;
                *s.by_country.entry(row.country.to_string()).or_default() += 1;
                *s.by_class
                    .entry(feature_class(row.feature_code))
                    .or_default() += 1;
                *s.by_source.entry(row.source.to_string()).or_default() += 1;
            }
        }
        s
    }
}

#[cfg(test)]
mod near_tests {
    use super::*;
    use proptest::prelude::*;

    /// `nearest_km` passes over points by latitude alone; the answer must still be the least
    /// `distance_km`, to the bit.
    fn nearest_is_least(a: (f64, f64), others: &[(f64, f64)]) -> Result<(), TestCaseError> {
        let want = others
            .iter()
            .map(|&b| distance_km(a, b))
            .fold(f64::INFINITY, f64::min);
        let near: Vec<Near> = others
            .iter()
            .map(|&(lon, lat)| Near::new(lon, lat))
            .collect();
        let got = Near::new(a.0, a.1).nearest_km(&near);
        prop_assert_eq!(got.to_bits(), want.to_bits(), "{:?} among {:?}", a, others);
        Ok(())
    }

    fn point() -> impl Strategy<Value = (f64, f64)> {
        (-180.0..180.0f64, -90.0..=90.0f64)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn nearest_anywhere_is_the_least_distance(
            a in point(),
            others in proptest::collection::vec(point(), 0..40),
        ) {
            nearest_is_least(a, &others)?;
        }

        /// A report's places: a few km apart, and some a hair apart in latitude.
        #[test]
        fn nearest_in_a_cluster_is_the_least_distance(
            a in point(),
            offsets in proptest::collection::vec((-0.05..0.05f64, -0.05..0.05f64), 1..40),
            hair in 1e-12..1e-6f64,
        ) {
            let mut others: Vec<(f64, f64)> = offsets
                .iter()
                .map(|&(dx, dy)| (a.0 + dx, (a.1 + dy).clamp(-90.0, 90.0)))
                .collect();
            others.push((a.0, (a.1 + hair).min(90.0)));
            nearest_is_least(a, &others)?;
        }
    }

    #[test]
    fn nearest_at_the_poles_across_the_antimeridian_and_of_none() {
        let edge = [
            (0.0, 90.0),
            (10.0, -90.0),
            (179.99, 0.0),
            (-179.99, 0.0),
            (0.0, 89.999),
        ];
        for &a in &edge {
            nearest_is_least(a, &edge).unwrap();
        }
        assert!(Near::new(1.0, 2.0).nearest_km(&[]).is_infinite());
    }
}

#[cfg(test)]
mod village_tests {
    //! The village layer and the spelling tiers, on the bundled data.
    use super::*;

    #[test]
    fn the_registry_rows_listed_at_build_time_are_those_a_pass_finds() {
        let g = Gazetteer::bundled();
        let listed: Vec<u32> = bundled_registry_rows().collect();
        let found: Vec<u32> = g.parts[0].store.registry_rows().collect();
        assert!(listed.len() > 1000, "{} rows", listed.len());
        assert_eq!(listed, found);
        assert_eq!(g.country("SY").unwrap().place.feature_code, "PCLI");
    }

    fn best_in_syria(g: &Gazetteer, name: &str) -> Candidate {
        let opts = Lookup {
            country: Some("SY".into()),
            limit: 1,
            ..Default::default()
        };
        g.lookup(name, &opts)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{name}: not found"))
    }

    fn km_from(c: &Candidate, lat: f64, lon: f64) -> f64 {
        distance_km((c.place.lon, c.place.lat), (lon, lat))
    }

    #[test]
    fn reporters_spellings_find_the_recorded_village() {
        let g = Gazetteer::bundled();
        // (as a reporter writes it, the recorded village's point)
        for (name, lat, lon) in [
            ("Sokhneh", 34.885, 38.871),      // As Sukhnah
            ("Thiban", 35.015, 40.510),       // Dhiban
            ("Basira", 35.156, 40.427),       // Al Busayrah
            ("Khanaser", 35.782, 37.499),     // Khanasir
            ("Oqeirbat", 35.043, 37.464),     // Uqayribat
            ("Shiheil", 35.087, 40.452),      // Ash Shuhayl
            ("Upper Baghuz", 34.461, 40.949), // Al Baghuz Fawqani
            ("Baghuz Fawqani", 34.461, 40.949),
            // a loose reading of the village, not of the city of Baniyas: size counts
            // for little until the spelling is close
            ("Babuline", 35.539, 36.678),
        ] {
            let c = best_in_syria(&g, name);
            let d = km_from(&c, lat, lon);
            assert!(d < 5.0, "{name} → {} at {d:.1} km", c.place.name);
        }
        // A bare "Baghuz" is one of the pair (upper or lower, 5 km apart).
        let c = best_in_syria(&g, "Baghuz");
        assert!(km_from(&c, 34.461, 40.949) < 6.0, "{:?}", c.place);
    }

    #[test]
    fn a_county_is_not_a_town_whose_consonants_match_by_chance() {
        // Seats are linked to the districts named after them only where names come through
        // Arabic script: Kent, Ohio had been given "Cuyahoga County" and outranked it, and
        // Ashford, Alton and Dorchester the English counties around them.
        let g = Gazetteer::bundled();
        for (name, code, country) in [
            ("Cuyahoga County", "ADM2", "US"),
            ("Hampshire", "ADM2", "GB"),
            ("Dorset", "ADM2", "GB"),
        ] {
            let best = g.lookup(name, &Lookup::default());
            let c = best.first().expect(name);
            assert_eq!(
                (c.place.feature_code.as_str(), c.place.country.as_str()),
                (code, country),
                "{name}: {:?}",
                &best[..best.len().min(3)]
            );
        }
        // A Syrian district still brings its seat town first.
        let c = best_in_syria(&g, "Sokhneh");
        assert!(c.place.feature_code.starts_with("PPL"), "{:?}", c.place);
    }

    #[test]
    fn a_facility_the_gazetteer_lacks_is_sought_at_its_namesake_at_a_discount() {
        let g = Gazetteer::bundled();
        // "Hole Camp" (al-Hol camp) is not recorded; al-Hol is.
        let camp = best_in_syria(&g, "Hole Camp");
        let hol = best_in_syria(&g, "Hole");
        assert_eq!(camp.place, hol.place);
        assert!((camp.score - hol.score * NAMED_AFTER_DISCOUNT).abs() < 1e-9);
        // A recorded facility is found as itself.
        let base = best_in_syria(&g, "Tabqa Airbase");
        assert!(base.place.name.contains("Airbase"), "{:?}", base.place);
        // A generic word alone names nothing.
        assert_eq!(named_after("camp"), None);
        assert_eq!(named_after("eastern qalamoon"), Some("qalamoon"));
    }

    #[test]
    fn a_facility_recorded_in_the_arabic_order_is_found_by_its_english_name() {
        let g = Gazetteer::bundled();
        // Recorded as Mukhayyam al Yarmuk, in Damascus; Al Yarmuk is a village in Raqqa.
        let camp = best_in_syria(&g, "Yarmouk Camp");
        assert_eq!(camp.place.name, "Mukhayyam al Yarmuk", "{:?}", camp.place);
        assert_eq!(camp.place.admin1, "Dimashq", "{:?}", camp.place);
        assert_eq!(
            normalize::arabic_order("tishrin dam").as_deref(),
            Some("sadd tishrin")
        );
        assert_eq!(normalize::arabic_order("dam"), None);
    }

    #[test]
    fn a_loose_spelling_never_displaces_a_recorded_name() {
        let g = Gazetteer::bundled();
        // "Hatla" is recorded; its consonant key (htl) is shared by other villages.
        let all = g.lookup("Hatla", &Lookup::default());
        assert!(all[0].similarity >= 0.9, "{:?}", all[0].place);
        assert!(
            (all[0].place.lat - 35.3417).abs() < 0.01,
            "Hatla sits at the WOF/GeoNames point"
        );
        assert!((all[0].place.lon - 40.1990).abs() < 0.01);
        // A consonant-only hit scores below every recorded-name hit.
        let loose = g.lookup("Shiheil", &Lookup::default());
        assert!(loose[0].similarity < rank::MIN_VARIANT_SIMILARITY);
    }

    #[test]
    fn a_country_lookup_equals_the_full_lookup_filtered_to_the_country() {
        // --country takes a shortcut where the country records a close spelling.
        let g = Gazetteer::bundled();
        for name in ["Sokhneh", "Hatla", "Shiha", "Rihan", "Aleppo", "Thiban"] {
            let full: Vec<(String, f64, f64)> = g
                .lookup(
                    name,
                    &Lookup {
                        limit: 0,
                        ..Default::default()
                    },
                )
                .into_iter()
                .filter(|c| c.place.country == "SY")
                .take(5)
                .map(|c| (c.place.name, c.place.lat, c.score))
                .collect();
            let opts = Lookup {
                country: Some("SY".into()),
                limit: 5,
                ..Default::default()
            };
            let quick: Vec<(String, f64, f64)> = g
                .lookup(name, &opts)
                .into_iter()
                .map(|c| (c.place.name, c.place.lat, c.score))
                .collect();
            assert_eq!(quick, full, "{name}");
        }
        // Except a name recorded as spelt in another country: asked of no country, "Mosul"
        // is Iraq's, with no consonant guesses elsewhere; asked of Syria, it is those guesses.
        let everywhere = g.lookup("Mosul", &Lookup::default());
        assert_eq!(everywhere[0].place.country, "IQ");
        assert!(everywhere
            .iter()
            .all(|c| c.similarity >= rank::MIN_VARIANT_SIMILARITY));
        let syria = Lookup {
            country: Some("SY".into()),
            ..Default::default()
        };
        let guesses = g.lookup("Mosul", &syria);
        assert!(!guesses.is_empty());
        assert!(guesses
            .iter()
            .all(|c| c.similarity <= rank::MAX_CONSONANT_SIMILARITY));
    }

    #[test]
    fn a_town_beats_the_district_named_after_it() {
        let g = Gazetteer::bundled();
        for name in [
            "Sokhneh",
            "Abu Kamal",
            "Manbij",
            "Tal Tamer",
            "al-Malikeyyeh",
        ] {
            let c = best_in_syria(&g, name);
            assert!(
                c.place.feature_code.starts_with("PPL"),
                "{name} → {:?}",
                c.place
            );
        }
    }

    #[test]
    fn yemeni_rows_stored_in_radians_lie_in_yemen() {
        let g = Gazetteer::bundled();
        let mut yemeni = 0;
        for part in g.parts() {
            for i in 0..part.store.len() as u32 {
                let row = part.store.place(i);
                if row.country != "YE" || row.feature_code.starts_with("PCL") {
                    continue;
                }
                yemeni += 1;
                assert!(
                    (11.5..19.5).contains(&row.lat) && (41.5..54.6).contains(&row.lon),
                    "{} at {}, {}",
                    row.name,
                    row.lat,
                    row.lon
                );
            }
        }
        assert!(
            yemeni > 30_000,
            "the village layer holds Yemen's localities: {yemeni}"
        );
    }

    #[test]
    fn turkish_letters_fold() {
        let g = Gazetteer::bundled();
        let c = g.lookup("Sanliurfa", &Lookup::default());
        assert_eq!(c[0].place.country, "TR", "{:?}", c[0].place);
        assert_eq!(
            normalize::fold("Şanlıurfa Çağlayan Göğüş"),
            "sanliurfa caglayan gogus"
        );
    }
}
