//! The on-disk and in-binary place index: one byte buffer that is ready to query as loaded.
//!
//! Parsing and normalising a million names takes far longer than the 150 ms a lookup may
//! take from a cold start, so the work is done once, when the index is built (by `build.rs`
//! for the bundled gazetteer, by `gazetteer import` for GeoNames dumps, in memory for a small
//! user CSV) and the result is a single buffer:
//!
//! ```text
//! "INCIGAZ\0" | version u32 | 6 × section length u64 | strings | places | postings | names | variants | consonants
//! ```
//!
//! * strings: `count u32`, `count+1` offsets (u32), UTF-8 bytes; every text field points here.
//! * places: fixed [`ROW`]-byte rows, see [`PlaceRecord`].
//! * postings: u32 words; a run is `n, place, place, ...`. A name of one place keeps the
//!   place's row number in its fst value instead (`place << 1 | 1`; runs are `offset << 1`),
//!   which saves most of the postings.
//! * names: an fst map from `skeleton 0x00 reduced-name` ([`normalize::reduce`]) to the
//!   offset of its postings run: a recorded name is one exact `get`; spelling variants are a
//!   range scan over the keys sharing a skeleton.
//! * variants: an fst set of the skeletons that have a place in a country whose names are
//!   romanised from Arabic script, the only ones worth a variant scan.
//! * consonants: an fst map from `consonant-key 0x00 reduced-name`
//!   ([`normalize::consonant_key`]) to a postings run, for the same places only: the
//!   second, spelling-tolerant matching tier. A name ending in a qualifier ("Baghuz
//!   Fawqani") is also keyed without it.
//!
//! An index read from a file is checked whole when it is opened (the fst tables' checksums,
//! every string offset, every place's string ids, every posting's place number), so a
//! corrupt file is refused with a message instead of failing later inside a lookup.
//!
//! This file is also compiled into `build.rs`, so it depends only on `std`, `fst` and the
//! sibling `normalize` module.

use std::collections::HashMap;

use super::normalize;

const MAGIC: &[u8; 8] = b"INCIGAZ\0";
const FORMAT: u32 = 5;
const SECTIONS: usize = 6;
const HEADER: usize = 8 + 4 + SECTIONS * 8;
/// Bytes per place row.
pub const ROW: usize = 48;

/// Does a row with this feature code count for the registry ([`Store::registry_rows`])?
pub fn is_registry_code(code: &str) -> bool {
    code.starts_with("PCL") || matches!(code, "PPLC" | "PPLA" | "PPLA2")
}

/// The version stamp written into an index: format and key scheme together.
pub fn version() -> u32 {
    FORMAT * 1000 + normalize::VERSION
}

/// One place as a source gives it, before it is indexed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceRecord {
    /// Preferred name, as displayed.
    pub name: String,
    /// Other names to index (alternate spellings, Arabic script); the preferred name is
    /// always indexed too.
    pub aliases: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    /// GeoNames feature code (PPL, PPLX, ADM1, BDG, OILW, ...).
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// Name of the first-level admin area ("Deir ez-Zor").
    pub admin1: String,
    /// GeoNames-style admin1 key ("SY.07"), empty when unknown.
    pub admin1_code: String,
    pub population: u64,
    /// GeoNames id; 0 when the place does not come from GeoNames.
    pub geonameid: u64,
    /// Which source the place comes from ("geonames", "ucdp", "admin", a file name, ...).
    pub source: String,
    /// Name of the place this one lies in, for sub-places from a user gazetteer.
    pub parent: String,
}

/// Errors while reading an index buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    NotAnIndex,
    Version {
        found: u32,
        expected: u32,
    },
    Truncated,
    Fst(String),
    /// A reference inside the index points nowhere.
    Corrupt(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::NotAnIndex => write!(f, "not an incimap gazetteer index"),
            StoreError::Version { found, expected } => write!(
                f,
                "index version {found} does not match this incimap ({expected}); rebuild it with `incimap gazetteer import`"
            ),
            StoreError::Truncated => write!(
                f,
                "index is truncated; rebuild it with `incimap gazetteer import`"
            ),
            StoreError::Fst(e) => write!(f, "index name table is corrupt: {e}"),
            StoreError::Corrupt(e) => write!(
                f,
                "index is corrupt ({e}); rebuild it with `incimap gazetteer import`"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

/// Collects places and writes an index buffer.
#[derive(Default)]
pub struct StoreBuilder {
    strings: Vec<String>,
    string_ids: HashMap<String, u32>,
    rows: Vec<u8>,
    count: u32,
    keys: Vec<(Vec<u8>, u32)>,
    variant_keys: Vec<Vec<u8>>,
    consonant_keys: Vec<(Vec<u8>, u32)>,
}

impl StoreBuilder {
    pub fn new() -> Self {
        let mut b = Self::default();
        b.intern(""); // string 0 is the empty string
        b
    }

    /// Number of places added so far.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.string_ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.string_ids.insert(s.to_string(), id);
        id
    }

    /// Add a place and index all its names. Returns its row number.
    pub fn add(&mut self, p: &PlaceRecord) -> u32 {
        let idx = self.count;
        self.count += 1;
        let fields = [
            (p.lat * 1e6).round() as i32 as u32,
            (p.lon * 1e6).round() as i32 as u32,
            p.population.min(u32::MAX as u64) as u32,
            p.geonameid.min(u32::MAX as u64) as u32,
            self.intern(&p.name),
            self.intern(&p.feature_code),
            self.intern(&p.country),
            self.intern(&p.admin1),
            self.intern(&p.admin1_code),
            self.intern(&p.source),
            self.intern(&p.parent),
            // the reduced preferred name, so ranking compares without folding again
            self.intern(&normalize::reduce(&normalize::fold(&p.name))),
        ];
        for f in fields {
            self.rows.extend_from_slice(&f.to_le_bytes());
        }
        // Keys already given this place, per index: a name without vowels ("T4") has the
        // same key in both, and must be in both.
        let mut seen: Vec<Vec<u8>> = Vec::new();
        let mut seen_consonant: Vec<Vec<u8>> = Vec::new();
        for name in std::iter::once(&p.name).chain(p.aliases.iter()) {
            let folded = normalize::fold(name);
            if folded.is_empty() {
                continue;
            }
            let skeleton = normalize::skeleton(&folded);
            if skeleton.is_empty() {
                continue;
            }
            let reduced = normalize::reduce(&folded);
            if normalize::romanised_from_arabic_script(&p.country) {
                self.variant_keys.push(skeleton.clone().into_bytes());
            }
            if normalize::consonant_tier_country(&p.country) {
                let whole = Some(folded.as_str());
                for form in whole.into_iter().chain(normalize::unqualified(&folded)) {
                    let ck = normalize::consonant_key(form);
                    if ck.len() < 2 {
                        continue;
                    }
                    let mut key = ck.into_bytes();
                    key.push(0);
                    key.extend_from_slice(reduced.as_bytes());
                    if !seen_consonant.contains(&key) {
                        seen_consonant.push(key.clone());
                        self.consonant_keys.push((key, idx));
                    }
                }
            }
            let mut key = skeleton.into_bytes();
            key.push(0);
            key.extend_from_slice(reduced.as_bytes());
            if !seen.contains(&key) {
                seen.push(key.clone());
                self.keys.push((key, idx));
            }
        }
        idx
    }

    /// Sort the names, build the name automaton and lay out the buffer.
    pub fn finish(mut self) -> Vec<u8> {
        let mut postings: Vec<u32> = Vec::new();
        let fst_bytes = postings_map(&mut self.keys, &mut postings);
        let consonant_bytes = postings_map(&mut self.consonant_keys, &mut postings);
        self.variant_keys.sort_unstable();
        self.variant_keys.dedup();
        let variant_bytes = fst::Set::from_iter(self.variant_keys.iter())
            .expect("sorted distinct keys")
            .into_fst()
            .into_inner();

        let mut strings = Vec::new();
        strings.extend_from_slice(&(self.strings.len() as u32).to_le_bytes());
        let mut off = 0u32;
        for s in &self.strings {
            strings.extend_from_slice(&off.to_le_bytes());
            off += s.len() as u32;
        }
        strings.extend_from_slice(&off.to_le_bytes());
        for s in &self.strings {
            strings.extend_from_slice(s.as_bytes());
        }
        let post_bytes: Vec<u8> = postings.iter().flat_map(|w| w.to_le_bytes()).collect();

        let mut out = Vec::with_capacity(
            HEADER + strings.len() + self.rows.len() + post_bytes.len() + fst_bytes.len(),
        );
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&version().to_le_bytes());
        for len in [
            strings.len(),
            self.rows.len(),
            post_bytes.len(),
            fst_bytes.len(),
            variant_bytes.len(),
            consonant_bytes.len(),
        ] {
            out.extend_from_slice(&(len as u64).to_le_bytes());
        }
        out.extend_from_slice(&strings);
        out.extend_from_slice(&self.rows);
        out.extend_from_slice(&post_bytes);
        out.extend_from_slice(&fst_bytes);
        out.extend_from_slice(&variant_bytes);
        out.extend_from_slice(&consonant_bytes);
        out
    }
}

/// The low bit of an fst value: set, the rest is a place's row number; clear, the rest is a
/// postings offset.
const INLINE: u64 = 1;

/// Sort `(key, place)` pairs, append one postings run per distinct key of several places to
/// `postings`, and return the fst map from each key to its run (or its one place, inline).
fn postings_map(keys: &mut [(Vec<u8>, u32)], postings: &mut Vec<u32>) -> Vec<u8> {
    keys.sort_unstable();
    let mut map = fst::MapBuilder::memory();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i;
        while j < keys.len() && keys[j].0 == keys[i].0 {
            j += 1;
        }
        // Most names name one place: its row number goes in the fst value itself.
        // The low bit tells the two apart, which keeps values small (the fst stores a value
        // in as few bytes as it needs).
        let value = if j - i == 1 {
            (u64::from(keys[i].1) << 1) | INLINE
        } else {
            let at = postings.len() as u64;
            postings.push((j - i) as u32);
            postings.extend(keys[i..j].iter().map(|k| k.1));
            at << 1
        };
        map.insert(&keys[i].0, value)
            .expect("keys are sorted and distinct");
        i = j;
    }
    map.into_inner().expect("in-memory fst cannot fail")
}

/// Index bytes that live either in the binary or on the heap.
#[derive(Clone)]
pub enum Bytes {
    Static(&'static [u8]),
    Owned(std::sync::Arc<[u8]>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b,
        }
    }
}

/// A byte range of a [`Bytes`], so the fst can own its section without a copy.
#[derive(Clone)]
pub struct Section {
    bytes: Bytes,
    start: usize,
    end: usize,
}

impl AsRef<[u8]> for Section {
    fn as_ref(&self) -> &[u8] {
        &self.bytes.as_ref()[self.start..self.end]
    }
}

/// A loaded index, queryable without further parsing.
pub struct Store {
    bytes: Bytes,
    strings: (usize, usize),
    string_count: usize,
    /// The string bytes, checked as UTF-8 once at open so fields are sliced, not re-checked.
    /// Borrowed from the binary for the bundled index rather than copied at every start.
    text: std::borrow::Cow<'static, str>,
    places: (usize, usize),
    postings: (usize, usize),
    fst: fst::Map<Section>,
    variants: fst::Set<Section>,
    consonants: fst::Map<Section>,
}

/// A place row decoded from a [`Store`]; strings borrow from the index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceRow<'a> {
    pub name: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub feature_code: &'a str,
    pub country: &'a str,
    pub admin1: &'a str,
    pub admin1_code: &'a str,
    pub population: u64,
    pub geonameid: u64,
    pub source: &'a str,
    pub parent: &'a str,
    /// The preferred name, reduced ([`normalize::reduce`]).
    pub name_reduced: &'a str,
}

impl Store {
    /// Open an index buffer, checking its header and version.
    pub fn open(bytes: Bytes) -> Result<Store, StoreError> {
        let b = bytes.as_ref();
        if b.len() < HEADER || &b[..8] != MAGIC {
            return Err(StoreError::NotAnIndex);
        }
        let found = u32::from_le_bytes(b[8..12].try_into().unwrap());
        if found != version() {
            return Err(StoreError::Version {
                found,
                expected: version(),
            });
        }
        let mut lens = [0usize; SECTIONS];
        for (k, len) in lens.iter_mut().enumerate() {
            let at = 12 + 8 * k;
            *len = u64::from_le_bytes(b[at..at + 8].try_into().unwrap()) as usize;
        }
        let mut at = HEADER;
        let mut ranges = [(0, 0); SECTIONS];
        for (k, len) in lens.iter().enumerate() {
            let end = at.checked_add(*len).ok_or(StoreError::Truncated)?;
            if end > b.len() {
                return Err(StoreError::Truncated);
            }
            ranges[k] = (at, end);
            at = end;
        }
        let (s0, s1) = ranges[0];
        if s1 - s0 < 4 {
            return Err(StoreError::Truncated);
        }
        let string_count = u32::from_le_bytes(b[s0..s0 + 4].try_into().unwrap()) as usize;
        let table_end = s0 + 4 + 4 * (string_count + 1);
        if table_end > s1 {
            return Err(StoreError::Truncated);
        }
        let last = u32::from_le_bytes(b[table_end - 4..table_end].try_into().unwrap()) as usize;
        if table_end + last > s1 || (ranges[1].1 - ranges[1].0) % ROW != 0 {
            return Err(StoreError::Truncated);
        }
        let section = Section {
            bytes: bytes.clone(),
            start: ranges[3].0,
            end: ranges[3].1,
        };
        let fst = fst::Map::new(section).map_err(|e| StoreError::Fst(e.to_string()))?;
        let section = Section {
            bytes: bytes.clone(),
            start: ranges[4].0,
            end: ranges[4].1,
        };
        let variants = fst::Set::new(section).map_err(|e| StoreError::Fst(e.to_string()))?;
        let section = Section {
            bytes: bytes.clone(),
            start: ranges[5].0,
            end: ranges[5].1,
        };
        let consonants = fst::Map::new(section).map_err(|e| StoreError::Fst(e.to_string()))?;
        fn not_utf8<E>(_: E) -> StoreError {
            StoreError::Corrupt("string table is not UTF-8".into())
        }
        let text = match &bytes {
            Bytes::Static(b) => std::str::from_utf8(&b[table_end..table_end + last])
                .map(std::borrow::Cow::Borrowed)
                .map_err(not_utf8)?,
            Bytes::Owned(_) => String::from_utf8(b[table_end..table_end + last].to_vec())
                .map(std::borrow::Cow::Owned)
                .map_err(not_utf8)?,
        };
        let store = Store {
            bytes,
            strings: (s0, s1),
            string_count,
            text,
            places: ranges[1],
            postings: ranges[2],
            fst,
            variants,
            consonants,
        };
        // The bundled index is built with the binary; files could be anything.
        if !matches!(store.bytes, Bytes::Static(_)) {
            store.validate()?;
        }
        Ok(store)
    }

    /// Check every reference inside the index, so that no lookup can go out of bounds:
    /// string offsets ascend and fall on character boundaries, every place's string ids
    /// exist, and every postings run lies inside its section and names existing places.
    fn validate(&self) -> Result<(), StoreError> {
        // The fst crate trusts its node structure and panics walking a damaged one; its
        // checksum covers every byte of it, so check that before the walk below.
        for (what, fst) in [
            ("name", self.fst.as_fst()),
            ("variant", self.variants.as_fst()),
            ("consonant", self.consonants.as_fst()),
        ] {
            fst.verify().map_err(|e| {
                StoreError::Corrupt(format!("the {what} table fails its check: {e}"))
            })?;
        }
        let b = self.bytes.as_ref();
        let (s0, _) = self.strings;
        let off = |k: usize| {
            let at = s0 + 4 + 4 * k;
            u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
        };
        let mut prev = 0;
        for k in 0..=self.string_count {
            let o = off(k);
            if o < prev || o > self.text.len() || !self.text.is_char_boundary(o) {
                return Err(StoreError::Corrupt(format!(
                    "string offset {k} is out of order"
                )));
            }
            prev = o;
        }
        let places = self.len();
        for idx in 0..places {
            let at = self.places.0 + idx * ROW;
            for k in 4..ROW / 4 {
                let id = u32::from_le_bytes(b[at + 4 * k..at + 4 * k + 4].try_into().unwrap());
                if id as usize >= self.string_count {
                    return Err(StoreError::Corrupt(format!(
                        "place {idx} refers to string {id}, but there are {}",
                        self.string_count
                    )));
                }
            }
            let lat = u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as i32;
            let lon = u32::from_le_bytes(b[at + 4..at + 8].try_into().unwrap()) as i32;
            if lat.unsigned_abs() > 90_000_000 || lon.unsigned_abs() > 180_000_000 {
                return Err(StoreError::Corrupt(format!(
                    "place {idx} has coordinates out of range"
                )));
            }
        }
        let post_words = (self.postings.1 - self.postings.0) / 4;
        for map in [&self.fst, &self.consonants] {
            use fst::{IntoStreamer, Streamer};
            let mut stream = map.stream().into_stream();
            while let Some((_, at)) = stream.next() {
                if at & INLINE != 0 {
                    if (at >> 1) as usize >= places {
                        return Err(StoreError::Corrupt(format!(
                            "a name refers to a place beyond the {places} places"
                        )));
                    }
                    continue;
                }
                let at = (at >> 1) as usize;
                let post = &b[self.postings.0..self.postings.1];
                let n = post
                    .get(at * 4..at * 4 + 4)
                    .map(|w| u32::from_le_bytes(w.try_into().unwrap()) as usize)
                    .ok_or_else(|| StoreError::Corrupt("a name points past the postings".into()))?;
                if at + 1 + n > post_words {
                    return Err(StoreError::Corrupt("a postings run is truncated".into()));
                }
                if run_places(Run::Many(&post[at * 4 + 4..at * 4 + 4 + 4 * n]))
                    .any(|p| p as usize >= places)
                {
                    return Err(StoreError::Corrupt(format!(
                        "a name refers to a place beyond the {places} places"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        (self.places.1 - self.places.0) / ROW
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of distinct (key, name) entries.
    pub fn name_count(&self) -> usize {
        self.fst.len()
    }

    fn string(&self, id: u32) -> &str {
        let id = id as usize;
        if id >= self.string_count {
            return "";
        }
        let b = self.bytes.as_ref();
        let (s0, _) = self.strings;
        let off = |k: usize| {
            let at = s0 + 4 + 4 * k;
            u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
        };
        self.text.get(off(id)..off(id + 1)).unwrap_or("")
    }

    /// The feature code of place `idx`, without decoding the rest of its row.
    pub fn feature_code(&self, idx: u32) -> &str {
        let b = self.bytes.as_ref();
        let at = self.places.0 + idx as usize * ROW + 4 * 5;
        self.string(u32::from_le_bytes(b[at..at + 4].try_into().unwrap()))
    }

    /// The rows that name a country or a provincial seat (feature codes `PCL*`, `PPLC`,
    /// `PPLA`, `PPLA2`), in order: the only rows [`Gazetteer`](super::Gazetteer)'s registry
    /// reads. Listed once at build time for the bundled index, whose other rows a run then
    /// never touches (with the string table borrowed, see `text`, a run on one report
    /// takes 10 ms of CPU instead of 13, issue 19).
    pub fn registry_rows(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len() as u32).filter(|&i| is_registry_code(self.feature_code(i)))
    }

    /// The country code of place `idx`, without decoding the rest of its row.
    pub fn country(&self, idx: u32) -> &str {
        let b = self.bytes.as_ref();
        let at = self.places.0 + idx as usize * ROW + 4 * 6;
        self.string(u32::from_le_bytes(b[at..at + 4].try_into().unwrap()))
    }

    /// Decode place `idx` (0-based row number).
    pub fn place(&self, idx: u32) -> PlaceRow<'_> {
        let b = self.bytes.as_ref();
        let at = self.places.0 + idx as usize * ROW;
        let w = |k: usize| u32::from_le_bytes(b[at + 4 * k..at + 4 * k + 4].try_into().unwrap());
        PlaceRow {
            lat: w(0) as i32 as f64 / 1e6,
            lon: w(1) as i32 as f64 / 1e6,
            population: w(2) as u64,
            geonameid: w(3) as u64,
            name: self.string(w(4)),
            feature_code: self.string(w(5)),
            country: self.string(w(6)),
            admin1: self.string(w(7)),
            admin1_code: self.string(w(8)),
            source: self.string(w(9)),
            parent: self.string(w(10)),
            name_reduced: self.string(w(11)),
        }
    }

    fn run(&self, at: u64) -> Run<'_> {
        if at & INLINE != 0 {
            return Run::One((at >> 1).min(u64::from(u32::MAX)) as u32);
        }
        let post = &self.bytes.as_ref()[self.postings.0..self.postings.1];
        let at = (at >> 1) as usize * 4;
        let n = post
            .get(at..at + 4)
            .map(|w| u32::from_le_bytes(w.try_into().unwrap()) as usize)
            .unwrap_or(0);
        Run::Many(post.get(at + 4..at + 4 + 4 * n).unwrap_or(&[]))
    }

    /// The places recorded under exactly this (skeleton, reduced name): one fst `get`.
    pub fn exact(&self, skeleton: &str, reduced: &str) -> Run<'_> {
        let mut key = Vec::with_capacity(skeleton.len() + reduced.len() + 1);
        key.extend_from_slice(skeleton.as_bytes());
        key.push(0);
        key.extend_from_slice(reduced.as_bytes());
        match self.fst.get(&key) {
            Some(at) => self.run(at),
            None => Run::Many(&[]),
        }
    }

    /// Could a spelling variant with this skeleton be accepted (is any place with it in a
    /// country whose names are romanised from Arabic script)?
    pub fn has_variants(&self, skeleton: &str) -> bool {
        self.variants.contains(skeleton)
    }

    /// Every indexed name whose skeleton is `skeleton`: `(reduced name, places)`.
    pub fn names_with_skeleton(&self, skeleton: &str, f: impl FnMut(&str, Run<'_>)) {
        self.names_under(&self.fst, skeleton, f);
    }

    /// Feed word keys one after another into the name automaton: pushes the indices `k` for
    /// which the keys of `words[..=k]`, concatenated, are the complete key of some indexed
    /// name. The detector walks names a word at a time ([`NameWalk`]); this whole-window form
    /// is what the tests hold the walk to.
    #[cfg(test)]
    pub fn complete_keys(&self, words: &[&str], out: &mut Vec<usize>) {
        complete(&self.fst, words, out);
    }

    /// Every name whose consonant key ([`normalize::consonant_key`]) is `key`:
    /// `(reduced name, places)`.
    pub fn names_with_consonants(&self, key: &str, f: impl FnMut(&str, Run<'_>)) {
        self.names_under(&self.consonants, key, f);
    }

    /// Feed consonant word keys one after another into the consonant tier's automaton:
    /// pushes the indices `k` for which the keys of `words[..=k]`, concatenated, are the
    /// complete consonant key of some name. Stops as soon as no name starts with what was fed.
    pub fn complete_consonant_keys(&self, words: &[&str], out: &mut Vec<usize>) {
        complete(&self.consonants, words, out);
    }

    /// The names a map holds under `key` (keys `key 0x00 reduced-name`).
    fn names_under(&self, map: &fst::Map<Section>, key: &str, mut f: impl FnMut(&str, Run<'_>)) {
        use fst::{IntoStreamer, Streamer};
        let mut lo = key.as_bytes().to_vec();
        lo.push(0);
        let mut hi = key.as_bytes().to_vec();
        hi.push(1);
        let mut stream = map.range().ge(&lo).lt(&hi).into_stream();
        while let Some((k, at)) = stream.next() {
            let name = std::str::from_utf8(&k[lo.len()..]).unwrap_or("");
            f(name, self.run(at));
        }
    }

    /// Is any indexed name's skeleton equal to `skeleton`?
    pub fn has_skeleton(&self, skeleton: &str) -> bool {
        let mut any = false;
        self.names_with_skeleton(skeleton, |_, _| any = true);
        any
    }
}

/// A walk down a store's name automaton with word keys fed one at a time, as a text
/// scanner meets the words: it stops costing anything at the first word no name goes on
/// with, and the words after that need not even be keyed.
#[derive(Clone)]
pub struct NameWalk<'s> {
    fst: &'s fst::raw::Fst<Section>,
    node: Option<fst::raw::Node<'s>>,
}

impl NameWalk<'_> {
    /// Feed the next word's key: whether the keys fed so far are a name's complete key.
    pub fn feed(&mut self, key: &str) -> bool {
        let Some(mut node) = self.node else {
            return false;
        };
        for &b in key.as_bytes() {
            match node.find_input(b) {
                Some(i) => node = self.fst.node(node.transition(i).addr),
                None => {
                    self.node = None;
                    return false;
                }
            }
        }
        self.node = Some(node);
        node.find_input(0).is_some()
    }

    /// Does some name start with the keys fed so far?
    pub fn alive(&self) -> bool {
        self.node.is_some()
    }

    /// Where the walk stands, to resume another walk of the same store there
    /// ([`Store::walk_names_from`]); `None` once it is dead.
    pub fn state(&self) -> Option<usize> {
        self.node.map(|n| n.addr())
    }
}

impl Store {
    /// A [`NameWalk`] from the start of the store's names.
    pub fn walk_names(&self) -> NameWalk<'_> {
        let fst = self.fst.as_fst();
        NameWalk {
            fst,
            node: Some(fst.root()),
        }
    }

    /// A [`NameWalk`] resumed where another walk of this store stood ([`NameWalk::state`]).
    pub fn walk_names_from(&self, state: Option<usize>) -> NameWalk<'_> {
        let fst = self.fst.as_fst();
        NameWalk {
            fst,
            node: state.map(|addr| fst.node(addr)),
        }
    }
}

/// Walk `map` with word keys fed one after another; push each `k` at which the keys of
/// `words[..=k]` complete a key (a 0x00 follows).
fn complete(map: &fst::Map<Section>, words: &[&str], out: &mut Vec<usize>) {
    let fst = map.as_fst();
    let mut node = fst.root();
    for (k, w) in words.iter().enumerate() {
        for &b in w.as_bytes() {
            match node.find_input(b) {
                Some(i) => node = fst.node(node.transition(i).addr),
                None => return,
            }
        }
        if node.find_input(0).is_some() {
            out.push(k);
        }
    }
}

/// The places of one name: a postings run, or the one place kept inline.
#[derive(Debug, Clone, Copy)]
pub enum Run<'a> {
    Many(&'a [u8]),
    One(u32),
}

impl Run<'_> {
    pub fn is_empty(&self) -> bool {
        matches!(self, Run::Many(b) if b.len() < 4)
    }
}

/// Decode a postings run given by [`Store::names_with_skeleton`] into place row numbers.
pub fn run_places(run: Run<'_>) -> impl Iterator<Item = u32> + '_ {
    let (many, one) = match run {
        Run::Many(b) => (b, None),
        Run::One(p) => (&[][..], Some(p)),
    };
    many.chunks_exact(4)
        .map(|w| u32::from_le_bytes(w.try_into().unwrap()))
        .chain(one)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(name: &str, aliases: &[&str], lat: f64, lon: f64) -> PlaceRecord {
        PlaceRecord {
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            lat,
            lon,
            feature_code: "PPL".into(),
            country: "SY".into(),
            admin1: "Deir ez-Zor".into(),
            source: "test".into(),
            ..Default::default()
        }
    }

    #[test]
    fn round_trip() {
        let mut b = StoreBuilder::new();
        b.add(&rec(
            "Deir ez-Zor",
            &["Dayr az Zawr", "دير الزور"],
            35.336,
            40.1408,
        ));
        b.add(&rec("Hatla", &[], 35.34, 40.2));
        let bytes = b.finish();
        let s = Store::open(Bytes::Owned(bytes.into())).unwrap();
        assert_eq!(s.len(), 2);
        let p = s.place(1);
        assert_eq!(p.name, "Hatla");
        assert!((p.lat - 35.34).abs() < 1e-6 && (p.lon - 40.2).abs() < 1e-6);
        assert_eq!(p.admin1, "Deir ez-Zor");
        let key = normalize::skeleton(&normalize::fold("Deir Ezzor"));
        let mut found = Vec::new();
        s.names_with_skeleton(&key, |name, run| {
            found.push((name.to_string(), run_places(run).collect::<Vec<_>>()))
        });
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|(_, ps)| ps == &[0]));
    }

    /// Feeding word keys one at a time finds the names that keying the whole window finds,
    /// and says when no name goes on, so the words after need no key.
    #[test]
    fn a_name_walk_finds_what_the_whole_window_finds() {
        let mut b = StoreBuilder::new();
        b.add(&rec("Deir ez-Zor", &[], 35.336, 40.1408));
        b.add(&rec("Deir", &[], 35.0, 40.0));
        b.add(&rec("Hatla", &[], 35.34, 40.2));
        let s = Store::open(Bytes::Owned(b.finish().into())).unwrap();
        let key = |w: &str| {
            let mut k = String::new();
            normalize::word_key(w, &mut k);
            k
        };
        for words in [
            &["deir", "zor", "road"][..],
            &["hatla", "and"],
            &["zor"],
            &["deir"],
        ] {
            let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            let mut whole = Vec::new();
            s.complete_keys(&refs, &mut whole);
            let mut walk = s.walk_names();
            let mut fed = Vec::new();
            for (k, w) in refs.iter().enumerate() {
                if walk.feed(w) {
                    fed.push(k);
                }
                if !walk.alive() {
                    break;
                }
            }
            assert_eq!(fed, whole, "{words:?}");
        }
        let mut walk = s.walk_names();
        assert!(
            walk.feed(&key("deir")) && walk.alive(),
            "Deir, and Deir ez-Zor goes on"
        );
        assert!(walk.feed(&key("zor")));
        assert!(!walk.feed(&key("road")) && !walk.alive());
        assert!(!walk.feed(&key("hatla")), "a dead walk stays dead");
        // a walk resumed where another stood goes on as it would have
        let mut first = s.walk_names();
        first.feed(&key("deir"));
        let mut resumed = s.walk_names_from(first.state());
        assert!(resumed.feed(&key("zor")));
        assert!(s.walk_names_from(None).state().is_none());
    }

    #[test]
    fn a_name_without_vowels_is_indexed_exactly_too() {
        // "T4" keys the same in the exact and the consonant index: it must be in both.
        let mut b = StoreBuilder::new();
        b.add(&rec("Tiyas Military Airbase", &["T4"], 34.52, 37.63));
        let s = Store::open(Bytes::Owned(b.finish().into())).unwrap();
        assert_eq!(run_places(s.exact("t4", "t4")).collect::<Vec<_>>(), [0]);
        let mut out = Vec::new();
        s.complete_consonant_keys(&["t4"], &mut out);
        assert_eq!(out, [0]);
    }

    #[test]
    fn rejects_garbage() {
        assert!(matches!(
            Store::open(Bytes::Static(b"hello")),
            Err(StoreError::NotAnIndex)
        ));
        let mut bytes = StoreBuilder::new().finish();
        bytes.truncate(bytes.len() - 1);
        assert!(Store::open(Bytes::Owned(bytes.clone().into())).is_err());
        bytes[8] ^= 0xff;
        assert!(matches!(
            Store::open(Bytes::Owned(bytes.into())),
            Err(StoreError::Version { .. })
        ));
    }

    /// #13: the `gazetteer_index` fuzz target's first find, a real import with one byte
    /// inserted in the names section: the fst crate panicked walking it inside `open`.
    #[test]
    fn a_corrupt_name_table_is_refused_at_open() {
        let mut bytes =
            include_bytes!("../../tests/fixtures/bad/names-section-corrupt.incigaz").to_vec();
        // The file was written by an earlier key version; only its damage is under test.
        bytes[8..12].copy_from_slice(&version().to_le_bytes());
        let err = Store::open(Bytes::Owned(bytes.into()))
            .err()
            .expect("a corrupt index opens");
        assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
        assert!(
            err.to_string().contains("incimap gazetteer import"),
            "{err}"
        );
    }
}
