//! Accuracy of the geoparser against documents with gold toponyms, measured the way the
//! geoparsing literature does (Gritta et al. 2018), so figures compare with published ones.
//!
//! A gold toponym is *recalled* when a resolved mention overlaps its span; precision is the
//! share of resolved mentions that overlap a gold span. Over the recalled toponyms: the share
//! within 161 km (100 miles) of the gold point, the median and mean error, and the AUC of the
//! log error (0 is perfect, 1 is every point at the antipode).

use serde::Deserialize;

use super::Geoparser;
use crate::gazetteer::distance_km;
use crate::model::{Article, Mention, Resolution};

/// One gold toponym: a span of the document text and its true position.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: String,
    pub lat: f64,
    pub lon: f64,
    /// The gold GeoNames id, when the set gives one (for error analysis only).
    #[serde(default)]
    pub geonameid: Option<serde_json::Value>,
    /// The set's toponym type (GeoWebNews: Literal, Metonymic, ...), when it gives one.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// A document with gold toponyms, as one JSON line: `{id, text, gold: [...]}`.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    #[serde(default, deserialize_with = "id_string")]
    pub id: String,
    #[serde(default)]
    pub date: Option<String>,
    pub text: String,
    pub gold: Vec<Gold>,
}

fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// Running totals of an evaluation.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub documents: usize,
    pub gold: usize,
    pub mentions: usize,
    /// Resolved mentions overlapping a gold span.
    pub true_mentions: usize,
    /// Gold toponyms overlapped by a resolved mention.
    pub recalled: usize,
    /// Error in km of each recalled gold toponym.
    pub errors_km: Vec<f64>,
    /// The same, for toponyms read as a place below a country (not a country, continent
    /// or region): a country's gold point is a convention (GeoNames' or Wikipedia's
    /// centre), not a fact, so these are scored apart too.
    pub below_country_km: Vec<f64>,
    /// The same, for toponyms read as a place below a first-level area as well.
    pub below_admin1_km: Vec<f64>,
}

/// Half the Earth's circumference: the largest possible error, in km.
const MAX_ERROR_KM: f64 = 20_039.0;

impl Scores {
    pub fn precision(&self) -> f64 {
        ratio(self.true_mentions, self.mentions)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.recalled, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Share of recalled toponyms within 161 km.
    pub fn acc161(&self) -> f64 {
        acc161(&self.errors_km)
    }
    /// [`Scores::acc161`] of the toponyms read as places below a country.
    pub fn acc161_below_country(&self) -> f64 {
        acc161(&self.below_country_km)
    }
    /// [`Scores::acc161`] of the toponyms read as places below a first-level area.
    pub fn acc161_below_admin1(&self) -> f64 {
        acc161(&self.below_admin1_km)
    }
    pub fn mean_km(&self) -> f64 {
        if self.errors_km.is_empty() {
            0.0
        } else {
            self.errors_km.iter().sum::<f64>() / self.errors_km.len() as f64
        }
    }
    pub fn median_km(&self) -> f64 {
        let mut e = self.errors_km.clone();
        if e.is_empty() {
            return 0.0;
        }
        e.sort_by(f64::total_cmp);
        let n = e.len();
        if n % 2 == 1 {
            e[n / 2]
        } else {
            (e[n / 2 - 1] + e[n / 2]) / 2.0
        }
    }
    /// Area under the curve of log error (Gritta et al. 2018): mean of ln(1+e)/ln(max error).
    pub fn auc(&self) -> f64 {
        if self.errors_km.is_empty() {
            return 0.0;
        }
        let denom = (1.0 + MAX_ERROR_KM).ln();
        self.errors_km
            .iter()
            .map(|e| (1.0 + e).ln() / denom)
            .sum::<f64>()
            / self.errors_km.len() as f64
    }

    /// Score one document's mentions against its gold toponyms.
    pub fn add(&mut self, mentions: &[Mention], gold: &[Gold]) {
        self.documents += 1;
        self.gold += gold.len();
        let resolved: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.kind != Resolution::Unresolved)
            .collect();
        self.mentions += resolved.len();
        let overlaps = |m: &Mention, g: &Gold| m.start < g.end && g.start < m.end;
        self.true_mentions += resolved
            .iter()
            .filter(|m| gold.iter().any(|g| overlaps(m, g)))
            .count();
        for g in gold {
            if let Some(m) = resolved.iter().find(|m| overlaps(m, g)) {
                self.recalled += 1;
                let (lat, lon) = m.point.map_or((0.0, 0.0), |p| (p.lat(), p.lon()));
                let km = distance_km((lon, lat), (g.lon, g.lat));
                self.errors_km.push(km);
                let code = m.feature_code.as_deref().unwrap_or("");
                let open_water =
                    crate::gazetteer::is_open_water(code, m.country.as_deref().unwrap_or(""));
                if !(code.starts_with("PCL")
                    || matches!(code, "CONT" | "RGN" | "TERR")
                    || open_water)
                {
                    self.below_country_km.push(km);
                    if code != "ADM1" {
                        self.below_admin1_km.push(km);
                    }
                }
            }
        }
    }
}

fn acc161(errors_km: &[f64]) -> f64 {
    ratio(
        errors_km.iter().filter(|&&e| e <= 161.0).count(),
        errors_km.len(),
    )
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Parse and score one gold document; the mentions found, for a closer look.
pub fn score_doc(parser: &Geoparser<'_>, doc: &GoldDoc, scores: &mut Scores) -> Vec<Mention> {
    let article = Article {
        id: doc.id.clone(),
        date: doc.date.clone().filter(|d| !d.is_empty()),
        text: doc.text.clone(),
        ..Default::default()
    };
    let mentions = parser.parse(&article);
    scores.add(&mentions, &doc.gold);
    mentions
}

/// Parse and score gold documents read together, as the commands read a batch of them
/// ([`Geoparser::agree`]); the mentions found in each, for a closer look.
pub fn score_batch(
    parser: &Geoparser<'_>,
    docs: &[GoldDoc],
    scores: &mut Scores,
) -> Vec<Vec<Mention>> {
    use rayon::prelude::*;
    let mut read: Vec<super::Parsed> = docs
        .par_iter()
        .map(|doc| {
            let article = Article {
                id: doc.id.clone(),
                date: doc.date.clone().filter(|d| !d.is_empty()),
                text: doc.text.clone(),
                ..Default::default()
            };
            let (mentions, focus) = parser.parse_focused(&article);
            Ok((article, mentions, focus))
        })
        .collect();
    parser.agree(&mut read);
    read.into_iter()
        .zip(docs)
        .map(|(x, doc)| {
            let mentions = x.map(|(_, m, _)| m).unwrap_or_default();
            scores.add(&mentions, &doc.gold);
            mentions
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(start: usize, end: usize, lat: f64, lon: f64) -> Mention {
        Mention {
            doc: "d".into(),
            start,
            end,
            text: String::new(),
            name: None,
            point: crate::model::LonLat::new(lon, lat),
            feature_code: None,
            country: None,
            admin1: None,
            geonameid: None,
            kind: Resolution::Place,
            feature: None,
            precision: Some(1),
            confidence: 1.0,
            reason: None,
        }
    }

    #[test]
    fn measures_follow_the_definitions() {
        let gold = vec![
            Gold {
                start: 0,
                end: 5,
                text: "Hatla".into(),
                lat: 35.34,
                lon: 40.2,
                geonameid: None,
                kind: None,
            },
            Gold {
                start: 10,
                end: 15,
                text: "Homs".into(),
                lat: 34.73,
                lon: 36.72,
                geonameid: None,
                kind: None,
            },
        ];
        let ms = vec![mention(0, 5, 35.34, 40.2), mention(20, 25, 0.0, 0.0)];
        let mut s = Scores::default();
        s.add(&ms, &gold);
        assert_eq!(s.recall(), 0.5);
        assert_eq!(s.precision(), 0.5);
        assert_eq!(s.acc161(), 1.0);
        assert!(s.median_km() < 0.01 && s.auc() < 0.01);
    }
}
