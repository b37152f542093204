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
    /// How close the name is to the place's: 1 its preferred name, 0.93 another recorded
    /// name, 0.5 to 0.8 a spelling variant.
    #[serde(skip)]
    pub similarity: f64,
    /// The indexed name (reduced) that matched.
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

/// How a [`Mention`] got its coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// The gazetteer has the named place itself.
    Place,
    /// The gazetteer lacks the named sub-place (a bridge, a neighbourhood, a road); the
    /// coordinates are those of the place it lies in, at a coarser precision.
    Parent,
    /// No coordinates: `reason` says why.
    Unresolved,
}

/// A place named in an article: where in the text, and where on Earth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// Document id.
    pub doc: String,
    /// Offsets in Unicode code points from the start of the article text; `text` is exactly
    /// the characters `start..end`.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The place the mention resolved to (the parent place for `kind: parent`).
    pub name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub feature_code: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub geonameid: Option<u64>,
    pub kind: Resolution,
    /// The feature type the text itself gives the mention ("bridge", "neighbourhood",
    /// "village", "road", "oil field", "province", ...), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// ACLED-style geo precision: 1 the named place itself, 2 part of or near a known place,
    /// 3 only a region known.
    pub precision: Option<u8>,
    /// Score of the chosen candidate, 0..1.
    pub confidence: f64,
    /// Why a mention has no coordinates, or how it got its parent's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
