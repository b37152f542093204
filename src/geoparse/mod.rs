//! Geoparsing: find the places an article names, with their exact character spans, and put
//! each on the right spot using what the rest of the article says.
//!
//! Detection is driven by the gazetteer, not by capitalisation alone: every word is keyed once
//! ([`tokens`]) and runs of words are fed into the gazetteer's name automaton, so any indexed
//! name in any spelling is found in one pass. Word lists ([`words`]) then drop names that are
//! common words, people ("Ali al-Sistani") or organisations ("ARA News"), and cue phrases add
//! what the gazetteer lacks: "the Political Security Bridge", "the neighbourhoods of Hatla,
//! al-Hawiqa and ...", "the village of X". A well-known place inside an organisation's
//! name ("The Washington Post") is kept as a mention of its own kind, read after the
//! others and never an event's place.
//!
//! Resolution (the `resolve` module) scores every candidate place of every mention with the document's
//! context: its country focus, the other places it names (a village is more likely the one
//! near the city the report is about), feature-type cues and admin containment ("Hatla, Deir
//! ez-Zor"). A sub-place the gazetteer lacks resolves to its parent place at a coarser
//! precision, never to a guessed point.

mod detect;
pub mod eval;
pub mod ranker;
mod resolve;
pub mod tokens;
pub mod words;

use crate::gazetteer::Gazetteer;
use crate::model::{Article, Mention};

pub use resolve::{ORGANISATION, PRIOR_VOTE};

/// The country an article's own places and parties point to, and their total vote for it
/// (a town 0.5 or so, a conflict place 1, "in Syria" 2).
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    pub country: String,
    pub vote: f64,
}

impl Focus {
    /// Whether an article with this focus (`None`: its words point nowhere) may be read
    /// otherwise once the reports read with it agree on `consensus`: its own clues are
    /// weaker than the consensus' vote ([`PRIOR_VOTE`]).
    pub fn yields_to(focus: Option<&Focus>, consensus: &str) -> bool {
        focus.is_none_or(|f| f.country != consensus && f.vote < PRIOR_VOTE)
    }
}

/// An article, its place mentions and its own focus ([`Geoparser::parse_focused`]), or
/// why it could not be read: what [`Geoparser::agree`] revisits.
pub type Parsed = crate::Result<(Article, Vec<Mention>, Option<Focus>)>;

/// Finds and resolves place mentions with one gazetteer.
#[derive(Clone)]
pub struct Geoparser<'g> {
    gazetteer: &'g Gazetteer,
    /// A country (ISO alpha-2) the caller knows the documents are about; otherwise the focus
    /// is inferred per document.
    pub country: Option<String>,
    /// The country of a document whose own words point to none: the one the reports read
    /// with it agree on (see [`consensus`]). Unlike `country`, the document's own places
    /// and parties outweigh it.
    pub prior: Option<String>,
    /// Where to record every ranked mention's candidate features, when fitting or checking
    /// the ranker's weights ([`ranker::RankingLog`]).
    pub ranking_log: Option<std::sync::Arc<ranker::RankingLog>>,
}

impl<'g> Geoparser<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Geoparser {
            gazetteer,
            country: None,
            prior: None,
            ranking_log: None,
        }
    }

    pub fn with_country(mut self, country: Option<String>) -> Self {
        self.country = country.map(|c| c.to_ascii_uppercase());
        self
    }

    /// The country to read a document in when its own words point to none (see
    /// [`Geoparser::prior`]).
    pub fn with_prior(mut self, country: Option<String>) -> Self {
        self.prior = country.map(|c| c.to_ascii_uppercase());
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
        self.parse_focused(article).0
    }

    /// As [`Geoparser::parse`], with the country the article's own places and parties point
    /// to: `None` when they point to none, or when the caller gave the country. A long
    /// text's focus is its first part's that has one.
    pub fn parse_focused(&self, article: &Article) -> (Vec<Mention>, Option<Focus>) {
        let text = article.text.as_str();
        if text.len() <= PART {
            return self.parse_part(article, text, 0);
        }
        let mut out = Vec::new();
        let mut focus = None;
        let (mut at, mut chars) = (0usize, 0usize);
        while at < text.len() {
            let end = part_end(text, at);
            let part = &text[at..end];
            let sub = Article {
                id: article.id.clone(),
                text: part.to_string(),
                ..Default::default()
            };
            let (mentions, part_focus) = self.parse_part(&sub, part, chars);
            out.extend(mentions);
            focus = focus.or(part_focus);
            chars += part.chars().count();
            at = end;
        }
        (out, focus)
    }

    /// As [`Geoparser::parse`], for a caller that has already split the article's text into
    /// `toks` (with [`tokens::with_tokens`]) and wants them for its own passes too; with the
    /// article's own focus, as [`Geoparser::parse_focused`].
    pub fn parse_tokens(
        &self,
        article: &Article,
        toks: &[tokens::Token<'_>],
    ) -> (Vec<Mention>, Option<Focus>) {
        if article.text.len() > PART {
            return self.parse_focused(article);
        }
        let drafts = detect::detect(self.gazetteer, toks);
        resolve::resolve(self, article, 0, toks, drafts)
    }

    /// Parses again the articles of a batch whose own words point to no country, or weakly
    /// to another, as about the country the others agree on ([`consensus`]), unless the
    /// caller gave the country. A panic in one becomes its error alone
    /// ([`crate::batch::isolated`]).
    pub fn agree(&self, read: &mut [Parsed]) {
        use rayon::prelude::*;
        if self.country.is_some() {
            return;
        }
        let focuses = read
            .iter()
            .filter_map(|x| x.as_ref().ok())
            .map(|(_, _, focus)| focus.as_ref().map(|f| f.country.as_str()));
        let Some(prior) = consensus(focuses) else {
            return;
        };
        let again = self.clone().with_prior(Some(prior.clone()));
        read.par_iter_mut().for_each(|x| {
            let Ok((article, found, focus)) = x else {
                return;
            };
            if Focus::yields_to(focus.as_ref(), &prior) {
                match crate::batch::isolated(&article.id, || again.parse(article)) {
                    Ok(mentions) => *found = mentions,
                    Err(e) => *x = Err(e),
                }
            }
        });
    }

    fn parse_part(
        &self,
        article: &Article,
        text: &str,
        char_base: usize,
    ) -> (Vec<Mention>, Option<Focus>) {
        tokens::with_tokens(text, |toks| {
            let drafts = detect::detect(self.gazetteer, toks);
            resolve::resolve(self, article, char_base, toks, drafts)
        })
    }
}

/// Of the reports read together that point to a country, the share that must point to
/// the same one for it to become the country of those that point to none.
pub const CONSENSUS_SHARE: f64 = 2.0 / 3.0;

/// The fewest reports that must point to a country for it to be the [`consensus`].
pub const CONSENSUS_MIN: usize = 3;

/// The country reports read together agree on, given the country each one's own words point
/// to ([`Geoparser::parse_focused`]; `None` for a report that points to none): the one at
/// least [`CONSENSUS_SHARE`] of those that point somewhere point to, and at least
/// [`CONSENSUS_MIN`] of them.
///
/// A feed an analyst codes is about one conflict: a note that names only a village
/// ("clashes in the town of Karak") is about the country the notes beside it are about,
/// not the namesake abroad its name alone would pick. Reports that point to no one country
/// together (world news) have no consensus, and nothing changes for them.
pub fn consensus<'a>(focuses: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut total = 0usize;
    for cc in focuses.into_iter().flatten() {
        total += 1;
        match counts.iter_mut().find(|(c, _)| *c == cc) {
            Some(n) => n.1 += 1,
            None => counts.push((cc, 1)),
        }
    }
    counts
        .into_iter()
        .find(|&(_, n)| n >= CONSENSUS_MIN && n as f64 >= CONSENSUS_SHARE * total as f64)
        .map(|(cc, _)| cc.to_string())
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

    /// Every mention of `text`, resolved or not, with the bundled gazetteer.
    pub(super) fn parsed(text: &str) -> Vec<Mention> {
        let g = Gazetteer::bundled();
        let article = Article {
            id: "t".into(),
            text: text.into(),
            ..Default::default()
        };
        Geoparser::new(&g).parse(&article)
    }

    fn seed() -> Article {
        Article {
            id: "seed".into(),
            text: include_str!("../../data/samples/deir-ez-zor-2014.txt").into(),
            ..Default::default()
        }
    }

    #[test]
    fn consensus_needs_two_thirds_of_the_reports_that_point_somewhere_and_three_of_them() {
        let sy = Some("SY");
        assert_eq!(consensus([sy, sy, sy, None, None, None]), Some("SY".into()));
        assert_eq!(
            consensus([sy, sy, Some("IQ"), None]),
            None,
            "fewer than three"
        );
        assert_eq!(consensus([sy, sy, sy, Some("IQ")]), Some("SY".into()));
        assert_eq!(
            consensus([sy, sy, sy, Some("IQ"), Some("YE")]),
            None,
            "3 of 5"
        );
        assert_eq!(consensus([None, None]), None);
    }

    #[test]
    fn a_focus_yields_to_the_consensus_only_when_weaker_than_its_vote() {
        let f = |c: &str, vote| Focus {
            country: c.into(),
            vote,
        };
        assert!(Focus::yields_to(None, "SY"));
        assert!(Focus::yields_to(Some(&f("PK", 0.6)), "SY"));
        assert!(!Focus::yields_to(Some(&f("IQ", 2.0)), "SY"));
        assert!(!Focus::yields_to(Some(&f("SY", 0.4)), "SY"));
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
                let d = crate::gazetteer::distance_km(m.point.unwrap().into(), (40.141, 35.336));
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
