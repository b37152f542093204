//! The data types every stage shares. Later stages take these, never an earlier stage's
//! internals, so each stage can be used on its own.

use serde::Serialize;

/// A place in the gazetteer: a named point with its feature type and admin context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// GeoNames feature code: PPL populated place, PPLX neighbourhood, BDG bridge, OILW oil
    /// well, RD road, ADM1 first-level admin area, PCLI country, ...
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// Name of the first-level admin area (governorate, province, state).
    pub admin1: String,
    pub population: u64,
    /// GeoNames id, when the place comes from GeoNames.
    pub geonameid: Option<u64>,
    /// Where the place comes from: `geonames`, `ucdp`, `admin`, `import`, or a user CSV's name.
    pub source: String,
    /// The place this one lies in, when a user gazetteer says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A place a name may refer to, with the score that ranked it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    #[serde(flatten)]
    pub place: Place,
    /// Ranking score in 0..=1: name similarity, feature importance, population, and distance
    /// or document context where given.
    pub score: f64,
    /// The indexed name (folded) that matched.
    #[serde(skip)]
    pub matched: String,
}

/// One news report: the unit every later stage reads.
#[derive(Debug, Clone, PartialEq, Default, Serialize, serde::Deserialize)]
pub struct Article {
    /// Document id: the JSON `id`, or the file name of a `.txt` article.
    pub id: String,
    /// Publication date as `YYYY-MM-DD`, when known; relative dates are anchored on it.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub url: Option<String>,
}
