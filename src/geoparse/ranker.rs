//! The ranker: the cues that choose among a name's candidate places, as one feature vector
//! per candidate and one weight per cue.
//!
//! Why a module of its own: the weights were set by hand, case by case, and the features
//! make them measurable. `eval_geoparse --features` and `eval_incidents` (with
//! `EVAL_FEATURES`) write every candidate's features beside its distance to the gold point,
//! and `scripts/fit_ranker.py` fits a conditional logit to them (train on three development
//! sets, test on the fourth). The same features explain each choice: a place's `reason`
//! names the cues that set it apart from the runner-up.
//!
//! A candidate's score is the dot product of [`WEIGHTS`] with its [`Features`]; the first
//! five features rebuild the gazetteer's context-free score ([`rank::base_score`]), the rest
//! are what the report adds.

use crate::gazetteer::rank;
use crate::model::Candidate;

/// Number of cues.
pub const N: usize = 16;

/// The cues, in feature order: what each says in a place's `reason`.
pub const NAMES: [&str; N] = [
    "similarity",
    "importance",
    "population",
    "conflict_place",
    "gazetteer_adjustment",
    "region_share",
    "in_focus_country",
    "obscure_abroad",
    "renown",
    "text_names_area",
    "text_names_kind",
    "settlement_word_on_area",
    "near_other_places",
    "in_named_province",
    "admin_after_comma",
    "near_another_reading",
];

/// What each cue means in words, for `reason`: said of the pick, or of the runner-up for a
/// cue that counts against a place.
const SAYS: [&str; N] = [
    "the spelling matches",
    "the kind of place",
    "its population",
    "conflict data records events there",
    "the gazetteer's own preference",
    "it lies in the region of the report's other places",
    "it lies in the report's country",
    "the other is obscure abroad",
    "it is well known",
    "the text names the area",
    "the text names its kind",
    "the text says settlement and the other is an area",
    "it lies near the report's other places",
    "it lies in a province the report names",
    "the admin area after the comma contains it",
    "it lies near another reading of a name in the report",
];

/// The weights in use: set by hand and kept because a learned ranker did not beat them on
/// the held-out development sets (see `scripts/fit_ranker.py` and the README's accuracy
/// section for the cross-validated figures).
pub const WEIGHTS: [f64; N] = [
    0.65, 0.15, 0.10, 0.05, 1.0, // rank::base_score's terms
    0.2, 0.08, -0.12, 0.06, // region and country focus, renown
    0.2, 0.08, -0.2, // the text's feature words
    0.2, 0.05, 0.15, // the report's other places
    0.2,  // another reading of another name: what it adds to near_other_places
];

/// One candidate's cues, each in 0..=1 except the gazetteer's adjustment.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Features(pub [f64; N]);

impl Features {
    /// The cues a candidate carries without context: the terms of [`rank::base_score`], and
    /// whatever the gazetteer added on top (a user's tier, a seat's margin).
    pub fn of(c: &Candidate) -> Self {
        let code = c.place.feature_code.as_str();
        let size = if c.similarity <= rank::MAX_CONSONANT_SIMILARITY {
            0.3
        } else {
            1.0
        };
        let conflict = if crate::gazetteer::conflict_place(&c.place.source) {
            1.0
        } else {
            0.0
        };
        let importance = size * rank::importance(code);
        let population = size * rank::population_term(code, c.place.population);
        let base = 0.65 * c.similarity + 0.15 * importance + 0.10 * population + 0.05 * conflict;
        let mut f = [0.0; N];
        f[0] = c.similarity;
        f[1] = importance;
        f[2] = population;
        f[3] = conflict;
        f[4] = c.score - base;
        Features(f)
    }

    /// The score under `weights`.
    pub fn score(&self, weights: &[f64; N]) -> f64 {
        self.0.iter().zip(weights).map(|(f, w)| f * w).sum()
    }

    /// The cues that set this candidate above `other` most, in words, strongest first.
    pub fn over(&self, other: &Features, weights: &[f64; N], top: usize) -> Vec<&'static str> {
        let mut gains: Vec<(f64, usize)> = (0..N)
            .map(|k| ((self.0[k] - other.0[k]) * weights[k], k))
            .filter(|(g, _)| *g > 1e-9)
            .collect();
        gains.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        gains.into_iter().take(top).map(|(_, k)| SAYS[k]).collect()
    }
}

/// The index of the best-scored candidate (the first on ties).
pub fn best_of(features: &[Features], weights: &[f64; N]) -> Option<usize> {
    argmax(features.iter().map(|f| f.score(weights)))
}

/// The index of the highest score, the first on ties.
pub fn argmax(scores: impl Iterator<Item = f64>) -> Option<usize> {
    let mut out: Option<(usize, f64)> = None;
    for (k, s) in scores.enumerate() {
        if out.is_none_or(|(_, b)| s > b) {
            out = Some((k, s));
        }
    }
    out.map(|(k, _)| k)
}

/// Every ranked mention's candidates and their features, for fitting and checking weights
/// (`eval_geoparse --features`); off unless a caller sets [`super::Geoparser::ranking_log`].
#[derive(Debug, Default)]
pub struct RankingLog {
    rows: std::sync::Mutex<Vec<Ranked>>,
    placed: std::sync::Mutex<Vec<Placed>>,
}

/// One mention as the ranker saw it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Ranked {
    pub doc: String,
    /// Character offsets of the mention in the document.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The candidate the weights chose.
    pub pick: Option<usize>,
    pub candidates: Vec<RankedCandidate>,
}

/// One candidate of a [`Ranked`] mention.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RankedCandidate {
    pub name: String,
    pub country: String,
    pub feature_code: String,
    pub lon: f64,
    pub lat: f64,
    pub features: [f64; N],
}

impl RankingLog {
    pub fn record(&self, row: Ranked) {
        lock(&self.rows).push(row);
    }

    pub fn record_placed(&self, row: Placed) {
        lock(&self.placed).push(row);
    }

    /// The placeness rows recorded so far, leaving the log empty.
    pub fn take_placed(&self) -> Vec<Placed> {
        std::mem::take(&mut *lock(&self.placed))
    }

    /// The rows recorded so far, leaving the log empty.
    pub fn take(&self) -> Vec<Ranked> {
        std::mem::take(&mut *lock(&self.rows))
    }
}

/// A log's rows; a poisoned lock lost one row to a panic elsewhere, and the others still
/// count.
fn lock<T>(m: &std::sync::Mutex<Vec<T>>) -> std::sync::MutexGuard<'_, Vec<T>> {
    match m.lock() {
        Ok(rows) => rows,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl Ranked {
    /// Each candidate as JSON, with its distance to a gold point (lon, lat): the rows
    /// `scripts/fit_ranker.py` reads.
    pub fn candidates_json(&self, gold: (f64, f64)) -> Vec<serde_json::Value> {
        self.candidates
            .iter()
            .map(|c| {
                serde_json::json!({
                    "name": c.name, "cc": c.country, "code": c.feature_code,
                    "km": crate::gazetteer::distance_km((c.lon, c.lat), gold),
                    "f": c.features,
                })
            })
            .collect()
    }
}

/// Number of cues that a resolved name is a place at all ([`Placeness`]).
pub const P: usize = 21;

/// The cues that a name the gazetteer records is meant as a place here, not as a word, a
/// surname or part of an organisation's name: "Commerce" of "Chamber of Commerce",
/// "Turner's 39", "Superior Court". Fitted by `scripts/fit_ranker.py` as a logistic
/// regression on the development sets' found names (gold toponym or not).
pub const PLACENESS_NAMES: [&str; P] = [
    "bias",
    "one_word",
    "renown",
    "similarity",
    "after_preposition_of_place",
    "beside_its_admin_area",
    "same_name_after_preposition_elsewhere",
    "near_other_places",
    "region_share",
    "in_focus_country",
    "capitalised_word_after",
    "capitalised_word_before",
    "sentence_start",
    "possessive",
    "repeated",
    "village_layer",
    "conflict_place",
    "feature_word",
    "area",
    "all_capitals",
    "local_institution_after",
];

/// The placeness weights, fitted by `scripts/fit_ranker.py` on GeoWebNews, GeoVirus and
/// LGL (logistic regression over the names each found and resolved, gold toponym or not).
/// Held out, each set loses about twice to three times as many wrong names as right ones
/// (see the README's accuracy section).
pub const PLACENESS: [f64; P] = [
    -0.330, -0.951, 2.853, 0.182, 0.964, 1.131, 0.606, 1.004, 1.123, 0.269, -1.135, -1.055, -0.038,
    -0.305, 0.117, -0.269, -0.308, 0.000, 0.397, 0.036, 1.243,
];

/// Below this probability a name is not taken for a place: the threshold of best F1 on the
/// development sets.
pub const PLACENESS_THRESHOLD: f64 = 0.48;

/// What each placeness cue says against a place, for `reason`.
const PLACENESS_SAYS_AGAINST: [&str; P] = [
    "",
    "one word",
    "obscure",
    "",
    "no preposition of place before it",
    "no admin area beside it",
    "never after a preposition of place",
    "far from the report's other places",
    "no other place of the report in its region",
    "outside the report's country",
    "a capitalised word after it",
    "a capitalised word before it",
    "at a sentence start",
    "possessive",
    "",
    "known only as a village",
    "",
    "",
    "",
    "",
    "",
];

/// One found name's placeness cues.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Placeness(pub [f64; P]);

impl Placeness {
    /// The probability that the name is meant as a place.
    pub fn probability(&self) -> f64 {
        let z: f64 = self.0.iter().zip(&PLACENESS).map(|(f, w)| f * w).sum();
        1.0 / (1.0 + (-z).exp())
    }

    /// The cues that count most against a place here, in words.
    pub fn against(&self, top: usize) -> Vec<&'static str> {
        // a cue counts against where it is present with a negative weight, or absent with
        // a positive one
        let mut losses: Vec<(f64, usize)> = (1..P)
            .filter(|&k| !PLACENESS_SAYS_AGAINST[k].is_empty())
            .map(|k| {
                let loss = if PLACENESS[k] < 0.0 {
                    -PLACENESS[k] * self.0[k]
                } else {
                    PLACENESS[k] * (1.0 - self.0[k])
                };
                (loss, k)
            })
            .filter(|(l, _)| *l > 0.2)
            .collect();
        losses.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        losses
            .into_iter()
            .take(top)
            .map(|(_, k)| PLACENESS_SAYS_AGAINST[k])
            .collect()
    }
}

/// Every mention the placeness check saw, for fitting it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Placed {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub features: [f64; P],
}

/// Indices of the cues, for the code that sets them.
pub mod cue {
    pub const REGION: usize = 5;
    pub const HOME: usize = 6;
    pub const OBSCURE_ABROAD: usize = 7;
    pub const RENOWN: usize = 8;
    pub const NAMES_AREA: usize = 9;
    pub const NAMES_KIND: usize = 10;
    pub const SETTLEMENT_ON_AREA: usize = 11;
    pub const NEAR: usize = 12;
    pub const NAMED_PROVINCE: usize = 13;
    pub const ADMIN_AFTER: usize = 14;
    pub const NEAR_READING: usize = 15;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Place;

    fn cand(code: &str, population: u64, similarity: f64, source: &str) -> Candidate {
        let score = rank::base_score(
            similarity,
            code,
            population,
            0.0,
            crate::gazetteer::conflict_place(source),
        );
        Candidate {
            place: Place {
                name: "x".into(),
                lat: 0.0,
                lon: 0.0,
                feature_code: code.into(),
                country: "SY".into(),
                admin1: String::new(),
                population,
                geonameid: None,
                source: source.into(),
                parent: None,
            },
            score,
            similarity,
        }
    }

    #[test]
    fn the_features_rebuild_the_gazetteers_score() {
        for c in [
            cand("PPLA", 240_000, 1.0, "geonames"),
            cand("PPL", 800, 0.93, "wof,ucdp"),
            cand("ADM1", 1_000_000, 0.6, "geonames"),
            cand("PPL", 50, 0.5, "wof"),
        ] {
            let f = Features::of(&c);
            assert!((f.score(&WEIGHTS) - c.score).abs() < 1e-12, "{c:?}");
            assert!(f.0[4].abs() < 1e-12, "no adjustment: {c:?}");
        }
    }

    #[test]
    fn a_reason_names_the_cues_that_set_the_pick_apart() {
        let town = Features::of(&cand("PPLA", 240_000, 1.0, "geonames"));
        let mut village = Features::of(&cand("PPL", 800, 1.0, "wof"));
        village.0[cue::NEAR] = 0.9;
        let said = village.over(&town, &WEIGHTS, 2);
        assert_eq!(said[0], "it lies near the report's other places");
        let said = town.over(&village, &WEIGHTS, 3);
        assert_eq!(said, vec!["the kind of place", "its population"]);
        // A cue against a place is said of the runner-up.
        let mut home = Features::of(&cand("PPL", 5_000, 1.0, "geonames"));
        home.0[cue::HOME] = 1.0;
        let mut abroad = Features::of(&cand("PPL", 5_000, 1.0, "geonames"));
        abroad.0[cue::OBSCURE_ABROAD] = 0.9;
        assert_eq!(
            home.over(&abroad, &WEIGHTS, 2),
            vec![
                "the other is obscure abroad",
                "it lies in the report's country"
            ]
        );
    }

    #[test]
    fn a_town_after_in_is_a_place_and_an_obscure_word_before_a_name_is_not() {
        let mut city = Placeness::default();
        city.0[0] = 1.0;
        city.0[1] = 1.0;
        city.0[2] = 0.6; // a city of about a million
        city.0[3] = 1.0;
        city.0[4] = 1.0; // "in ..."
        assert!(city.probability() >= PLACENESS_THRESHOLD, "{city:?}");
        let mut word = Placeness::default();
        word.0[0] = 1.0;
        word.0[1] = 1.0;
        word.0[2] = 0.1; // a hamlet
        word.0[3] = 1.0;
        word.0[10] = 1.0; // "Superior Court"
        assert!(word.probability() < PLACENESS_THRESHOLD, "{word:?}");
        let said = word.against(2);
        assert_eq!(said[0], "obscure");
        assert!(
            said.contains(&"no admin area beside it")
                || said.contains(&"a capitalised word after it"),
            "{said:?}"
        );
    }
}
