//! Geoparsing: find the places an article names, with their exact character spans, and put
//! each on the right spot using what the rest of the article says.
//!
//! Detection is driven by the gazetteer, not by capitalisation alone: every word is keyed once
//! ([`tokens`]) and runs of words are fed into the gazetteer's name automaton, so any indexed
//! name in any spelling is found in one pass. Word lists ([`words`]) then drop names that are
//! common words, people ("Ali al-Sistani") or organisations ("ARA News"), and cue phrases add
//! what the gazetteer lacks: "the Political Security Bridge", "the neighbourhoods of Hatla,
//! al-Hawiqa and ...", "the village of X".
//!
//! Resolution ([`resolve`]) scores every candidate place of every mention with the document's
//! context: its country focus, the other places it names (a village is more likely the one
//! near the city the report is about), feature-type cues and admin containment ("Hatla, Deir
//! ez-Zor"). A sub-place the gazetteer lacks resolves to its parent place at a coarser
//! precision, never to a guessed point.

mod detect;
pub mod eval;
mod resolve;
pub mod tokens;
pub mod words;

use crate::gazetteer::Gazetteer;
use crate::model::{Article, Mention};

/// Finds and resolves place mentions with one gazetteer.
pub struct Geoparser<'g> {
    gazetteer: &'g Gazetteer,
    /// A country (ISO alpha-2) the caller knows the documents are about; otherwise the focus
    /// is inferred per document.
    pub country: Option<String>,
}

impl<'g> Geoparser<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Geoparser {
            gazetteer,
            country: None,
        }
    }

    pub fn with_country(mut self, country: Option<String>) -> Self {
        self.country = country.map(|c| c.to_ascii_uppercase());
        self
    }

    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// Every place mention of the article, in text order.
    pub fn parse(&self, article: &Article) -> Vec<Mention> {
        let toks = tokens::tokenize(&article.text);
        let drafts = detect::detect(self.gazetteer, &toks);
        resolve::resolve(self, article, &toks, drafts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Article {
        Article {
            id: "seed".into(),
            text: include_str!("../../data/samples/deir-ez-zor-2014.txt").into(),
            ..Default::default()
        }
    }

    #[test]
    fn seed_article_places() {
        let g = Gazetteer::bundled();
        let p = Geoparser::new(&g);
        let ms = p.parse(&seed());
        let texts: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        for want in [
            "Deir ez-Zor",
            "al-Qusour",
            "al-Joura",
            "Hatla",
            "al-Hawiqa",
            "Political Security Bridge",
            "Iraq",
            "Syria",
        ] {
            assert!(
                texts.iter().any(|t| t.contains(want)),
                "{want} not found in {texts:?}"
            );
        }
        assert!(texts.iter().any(|t| t.contains("al-Taym")), "{texts:?}");
        for not in [
            "Ali",
            "Sistani",
            "Furati",
            "Wednesday",
            "Hussein",
            "Saleh",
            "Adam",
            "ARA",
        ] {
            assert!(
                !texts.iter().any(|t| t.contains(not)),
                "{not} taken for a place: {texts:?}"
            );
        }
        let text = &seed().text;
        for m in &ms {
            let s: String = text.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(s, m.text);
            if m.country.as_deref() == Some("SY") && m.feature_code.as_deref() != Some("PCLI") {
                let d = crate::gazetteer::distance_km(
                    (m.lon.unwrap(), m.lat.unwrap()),
                    (40.141, 35.336),
                );
                assert!(d < 25.0, "{} is {d:.0} km from Deir ez-Zor: {m:?}", m.text);
            }
        }
    }
}

#[cfg(test)]
mod debug {
    #[test]
    #[ignore]
    fn show_seed_drafts() {
        let g = crate::gazetteer::Gazetteer::bundled();
        let owned = std::env::var("INCIMAP_DEBUG_TEXT").ok();
        let text = owned
            .as_deref()
            .unwrap_or(include_str!("../../data/samples/deir-ez-zor-2014.txt"));
        let toks = super::tokens::tokenize(text);
        for d in super::detect::detect(&g, &toks) {
            let words: Vec<&str> = toks[d.first..=d.last].iter().map(|t| t.text).collect();
            eprintln!("{:?} {:?} {:?}", d.found, d.feature, words);
        }
    }
}
