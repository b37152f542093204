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
//! Resolution (the `resolve` module) scores every candidate place of every mention with the document's
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
    ///
    /// A very long text (a whole archive pasted as one document) is parsed in parts of about
    /// [`PART`] bytes cut at paragraph breaks, each with its own context, so memory stays
    /// bounded; offsets still count from the start of the whole text.
    pub fn parse(&self, article: &Article) -> Vec<Mention> {
        let text = article.text.as_str();
        if text.len() <= PART {
            return self.parse_part(article, text, 0);
        }
        let mut out = Vec::new();
        let (mut at, mut chars) = (0usize, 0usize);
        while at < text.len() {
            let end = part_end(text, at);
            let part = &text[at..end];
            let sub = Article {
                id: article.id.clone(),
                text: part.to_string(),
                ..Default::default()
            };
            out.extend(self.parse_part(&sub, part, chars));
            chars += part.chars().count();
            at = end;
        }
        out
    }

    /// As [`Geoparser::parse`], for a caller that has already split the article's text into
    /// `toks` (with [`tokens::tokenize`]) and wants them for its own passes too.
    pub fn parse_tokens(&self, article: &Article, toks: &[tokens::Token<'_>]) -> Vec<Mention> {
        if article.text.len() > PART {
            return self.parse(article);
        }
        let drafts = detect::detect(self.gazetteer, toks);
        resolve::resolve(self, article, 0, toks, drafts)
    }

    fn parse_part(&self, article: &Article, text: &str, char_base: usize) -> Vec<Mention> {
        let toks = tokens::tokenize(text);
        let drafts = detect::detect(self.gazetteer, &toks);
        resolve::resolve(self, article, char_base, &toks, drafts)
    }
}

/// Size of the parts a very long text is parsed in.
pub const PART: usize = 256 * 1024;

/// Where the part of `text` starting at byte `at` ends: the last paragraph break (else line
/// break, else sentence end, else character boundary) before `at + PART`.
fn part_end(text: &str, at: usize) -> usize {
    if text.len() - at <= PART {
        return text.len();
    }
    let mut limit = at + PART;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[at..limit];
    for sep in ["\n\n", "\n", ". "] {
        if let Some(k) = window.rfind(sep) {
            if k > PART / 2 {
                return at + k + sep.len();
            }
        }
    }
    limit
}

/// The resolved mentions of `text` with the bundled gazetteer, for the tests of every
/// stage of the geoparser.
#[cfg(test)]
fn resolved_places(text: &str) -> Vec<Mention> {
    let g = Gazetteer::bundled();
    let article = Article {
        id: "t".into(),
        text: text.into(),
        ..Default::default()
    };
    Geoparser::new(&g)
        .parse(&article)
        .into_iter()
        .filter(|m| m.kind != crate::model::Resolution::Unresolved)
        .collect()
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
mod long_text {
    use super::*;

    #[test]
    fn parts_keep_offsets_into_the_whole_text() {
        let seed = include_str!("../../data/samples/deir-ez-zor-2014.txt");
        // Over two parts, with Arabic script so bytes and characters differ.
        let unit = format!("{seed}\n\nقصف على دير الزور\n\n");
        let text = unit.repeat(2 * PART / unit.len() + 3);
        let g = Gazetteer::bundled();
        let article = Article {
            id: "long".into(),
            text: text.clone(),
            ..Default::default()
        };
        let ms = Geoparser::new(&g).parse(&article);
        let chars: Vec<char> = text.chars().collect();
        let per_unit = Geoparser::new(&g)
            .parse(&Article {
                id: "u".into(),
                text: unit.clone(),
                ..Default::default()
            })
            .len();
        assert!(
            ms.len() >= per_unit * (2 * PART / unit.len()),
            "{} mentions",
            ms.len()
        );
        for m in &ms {
            let s: String = chars[m.start..m.end].iter().collect();
            assert_eq!(s, m.text);
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
