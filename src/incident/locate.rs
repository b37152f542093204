//! Where an incident happened, out of every place its sentence names.
//!
//! The geoparser has already found and resolved the place mentions; this stage picks the
//! ones the event happened at. A place that follows a locative cue ("raids on X", "shelling
//! of X", "on the X road", "in X", "near X") and lies close to the trigger wins over the
//! reporter's dateline, a country named in passing, or a place something came "from".
//! Demonyms ("Syrian", "Iraqi militias") are never locations, and places after "except"
//! are where the event did not happen.
//!
//! When the chosen place is one of a list ("the neighbourhoods of Hatla, al-Hawiqa and the
//! Political Security Bridge"), every listed place is a location of its own: the event is
//! reported at each, and ACLED codes one event per location. A sentence with no usable place
//! borrows the place of the sentence before it in the same paragraph, else the article's
//! focus (its dateline place, else the settlement it names most), at geo precision 2 (3 when
//! that focus is only a province or country). Nothing is ever placed at a guessed point.

use std::collections::HashMap;

use super::sentences::Sentence;
use crate::geoparse::tokens::Token;
use crate::model::{Mention, Resolution};

/// An incident's place.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The gazetteer's name, or "sub-place, parent" for a mention placed at its parent.
    pub location: String,
    pub admin1: Option<String>,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// ACLED geo precision, 1..=3.
    pub precision: u8,
    /// 0..1.
    pub confidence: f64,
    /// Index of the mention in the article's mention list.
    pub mention: usize,
}

/// Words right before a place that make it where something happened.
const LOCATIVE: &[&str] = &[
    "in",
    "near",
    "on",
    "at",
    "into",
    "around",
    "outside",
    "of",
    "targeting",
    "targeted",
    "shelled",
    "struck",
    "hit",
    "captured",
    "recaptured",
    "toward",
    "towards",
    "across",
    "besieged",
    "besieging",
    "stormed",
    "entered",
    "bombed",
    "attacked",
    "within",
    "inside",
    "over",
];

/// Words that, within a few words before a place, make it "near" it.
const VICINITY: &[&str] = &[
    "near",
    "outskirts",
    "vicinity",
    "outside",
    "around",
    "environs",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "axis",
    "front",
    "frontline",
    "fronts",
    "desert",
    "badia",
];

/// Words that, before a place, make the event happen in part of it: "the neighbourhoods of
/// the city of X", "parts of X". Not when they name the place itself ("the neighbourhoods of
/// Hatla, al-Hawiqa and ..." lists neighbourhoods).
const PART: &[&str] = &[
    "parts",
    "part",
    "neighbourhoods",
    "neighborhoods",
    "neighbourhood",
    "neighborhood",
    "districts",
    "areas",
    "area",
    "countryside",
];

/// Words right after a place that make the event happen near or around it: "on the X
/// axis", "X countryside", "the X area".
const AFTER_VICINITY: &[&str] = &[
    "axis",
    "front",
    "frontline",
    "fronts",
    "frontlines",
    "outskirts",
    "countryside",
    "surroundings",
    "vicinity",
    "area",
    "areas",
    "desert",
    "plain",
    "plains",
    "badia",
    "environs",
    "suburbs",
    "periphery",
    "region",
    "district",
    "subdistrict",
    "mountains",
    "mountain",
    "heights",
    "hills",
    "valley",
];

/// Words between a place and the area it lies in: "X town in the northern countryside
/// of Y", "X village, Y".
const CONTAINER_SKIP: &[&str] = &[
    "the",
    "a",
    "city",
    "town",
    "village",
    "area",
    "district",
    "subdistrict",
    "neighbourhood",
    "neighborhood",
    "countryside",
    "province",
    "governorate",
    "region",
    "rural",
    "of",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "central",
    "camp",
];

/// Words that start the names of armed groups: a place after them is part of the name.
const ORG_HEADS: &[&str] = &[
    "jaysh",
    "jaish",
    "liwa",
    "liwaa",
    "ahrar",
    "harakat",
    "harakat",
    "jabhat",
    "faylaq",
    "failaq",
    "kataib",
    "kataeb",
    "saraya",
    "suqour",
    "suquor",
    "ansar",
    "junud",
    "jund",
    "fursan",
    "thuwar",
    "tahrir",
    "hayat",
    "hayyat",
    "firqat",
    "lions",
    "army",
    "brigade",
    "brigades",
    "division",
    "battalion",
    "front",
    "movement",
    "council",
    "operation",
];

/// Words a mention may stand behind without losing its cue: "in the city of X", "on the
/// besieged neighbourhoods of X".
const FILLER: &[&str] = &[
    "the",
    "a",
    "an",
    "city",
    "town",
    "village",
    "villages",
    "towns",
    "neighbourhoods",
    "neighborhoods",
    "neighbourhood",
    "neighborhood",
    "district",
    "districts",
    "area",
    "areas",
    "province",
    "governorate",
    "countryside",
    "besieged",
    "of",
    "its",
    "camp",
    "region",
];

/// Words after which every place in the sentence is not where the event happened.
const EXCEPT: &[&str] = &["except", "excluding", "apart", "besides"];

/// `Some` maxima of `values` so far, at each position.
fn running_max(values: impl Iterator<Item = Option<usize>>) -> Vec<Option<usize>> {
    let mut max = None;
    values
        .map(|v| {
            max = max.max(v);
            max
        })
        .collect()
}

/// Per-article state: which mentions lie in which sentence, and the article's focus.
pub struct Locator<'a> {
    text: &'a str,
    toks: &'a [Token<'a>],
    mentions: &'a [Mention],
    /// Code-point spans that name parties, not places ("Hayat Tahrir al-Sham"), by start,
    /// with the greatest end up to each: which spans overlap a mention is then a binary
    /// search, not a scan (an article can name a party hundreds of times).
    not_places: Vec<(usize, usize)>,
    not_places_max_end: Vec<usize>,
    /// Mention indices by start (then longest first, then index), with the greatest end of a
    /// usable mention up to each: the mentions of a sentence, and whether a word lies inside
    /// a known place, are binary searches, so a report naming thousands of places stays
    /// linear.
    by_start: Vec<usize>,
    usable_max_end: Vec<Option<usize>>,
    /// For every mention, the index of its first token.
    first_token: Vec<Option<usize>>,
    /// Byte offset of every code point (and of the end).
    bytes: Vec<usize>,
    /// The best place of every sentence, for the sentences after it.
    focus: Vec<Option<Located>>,
    article_focus: Option<Located>,
    paragraphs: Vec<usize>,
}

fn usable(m: &Mention) -> bool {
    m.kind != Resolution::Unresolved
        && m.lat.is_some()
        && m.lon.is_some()
        && m.feature.as_deref() != Some("demonym")
}

fn is_country(m: &Mention) -> bool {
    m.feature_code
        .as_deref()
        .is_some_and(|c| c.starts_with("PCL"))
}

fn is_settlement(m: &Mention) -> bool {
    let c = m.feature_code.as_deref().unwrap_or("");
    m.kind == Resolution::Place
        && ((c.starts_with("PPL") && c != "PPLX") || c == "ADM2" || c == "ADM3")
}

impl<'a> Locator<'a> {
    pub fn new(
        text: &'a str,
        toks: &'a [Token<'a>],
        sentences: &[Sentence],
        mentions: &'a [Mention],
        not_places: &[(usize, usize)],
    ) -> Locator<'a> {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        let first_token = mentions
            .iter()
            .map(|m| toks.binary_search_by_key(&m.start, |t| t.start).ok())
            .collect();
        let mut not_places = not_places.to_vec();
        not_places.sort_unstable();
        let not_places_max_end = running_max(not_places.iter().map(|&(_, z)| Some(z)))
            .into_iter()
            .map(|z| z.unwrap_or(0))
            .collect();
        let mut by_start: Vec<usize> = (0..mentions.len()).collect();
        by_start.sort_by_key(|&k| (mentions[k].start, std::cmp::Reverse(mentions[k].end), k));
        let usable_max_end = running_max(
            by_start
                .iter()
                .map(|&k| usable(&mentions[k]).then_some(mentions[k].end)),
        );
        let mut loc = Locator {
            text,
            toks,
            mentions,
            not_places,
            not_places_max_end,
            by_start,
            usable_max_end,
            first_token,
            bytes,
            focus: Vec::new(),
            article_focus: None,
            paragraphs: sentences.iter().map(|s| s.paragraph).collect(),
        };
        loc.focus = sentences
            .iter()
            .map(|s| {
                let c = loc.candidates(s, None);
                c.into_iter().next().map(|(k, _)| loc.located(k, s))
            })
            .collect();
        loc.article_focus = loc.find_article_focus(sentences);
        loc
    }

    /// The mentions inside sentence `s`, in order of start.
    fn mentions_in<'s>(&'s self, s: &'s Sentence) -> impl Iterator<Item = usize> + 's {
        let from = self
            .by_start
            .partition_point(|&k| self.mentions[k].start < s.start);
        self.by_start[from..]
            .iter()
            .copied()
            .take_while(move |&k| self.mentions[k].start <= s.end)
            .filter(move |&k| s.contains(self.mentions[k].start, self.mentions[k].end))
    }

    /// Does a usable mention starting at or before `start` reach `end`?
    fn inside_usable_mention(&self, start: usize, end: usize) -> bool {
        let n = self
            .by_start
            .partition_point(|&k| self.mentions[k].start <= start);
        n > 0 && self.usable_max_end[n - 1].is_some_and(|z| z >= end)
    }

    /// Code points `[start, end)` of mention `k`.
    pub fn mention_span(&self, k: usize) -> (usize, usize) {
        let m = &self.mentions[k];
        (m.start, m.end)
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        let a = self.bytes[start.min(self.bytes.len() - 1)];
        let z = self.bytes[end.min(self.bytes.len() - 1)];
        &self.text[a..z.max(a)]
    }

    /// Mentions in the sentence that may be its event's place, best first, with scores.
    /// `trigger` is the trigger's first token, when there is one.
    fn candidates(&self, s: &Sentence, trigger: Option<usize>) -> Vec<(usize, f64)> {
        self.places_in(s, trigger).1
    }

    /// The usable mentions of the sentence in text order, and those that may be the event's
    /// place, best first, with scores.
    fn places_in(&self, s: &Sentence, trigger: Option<usize>) -> (Vec<usize>, Vec<(usize, f64)>) {
        let except_from = (s.first..s.last)
            .find(|&i| {
                EXCEPT.contains(&self.toks[i].lower())
                    || (self.toks[i].lower() == "other"
                        && self.toks.get(i + 1).is_some_and(|t| t.lower() == "than"))
            })
            .map(|i| self.toks[i].start);
        // In order of start, longest first: a mention inside an earlier one (same span: a
        // lower index) is dropped, so of overlapping mentions ("al-Taym oil wells" inside
        // "al-Taym oil wells road") the longest names the place.
        let mut reach: Option<usize> = None;
        let mut inside: Vec<usize> = self
            .mentions_in(s)
            .filter(|&k| {
                let m = &self.mentions[k];
                usable(m) && except_from.is_none_or(|e| m.start < e) && !self.names_a_party(k)
            })
            .filter(|&k| {
                let end = self.mentions[k].end;
                let nested = reach.is_some_and(|r| r >= end);
                reach = reach.max(Some(end));
                !nested
            })
            .collect();
        inside.sort_unstable();
        let finer = inside.iter().any(|&k| !is_country(&self.mentions[k]));
        let mut scored: Vec<(usize, f64)> = inside
            .iter()
            .filter(|&&k| !(finer && is_country(&self.mentions[k])))
            .map(|&k| (k, self.score(s, k, trigger)))
            .filter(|(_, sc)| *sc >= 0.5)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        (inside, scored)
    }

    /// Is mention `k` named only to say where the place before it lies: "X town in
    /// (the northern countryside of) Homs", "Kafr Nabl, Idlib"?
    fn is_container(&self, s: &Sentence, k: usize) -> bool {
        let Some(first) = self.first_token[k] else {
            return false;
        };
        let m = &self.mentions[k];
        if m.kind != Resolution::Place {
            return false;
        }
        let mut j = first;
        let mut crossed = false;
        let mut steps = 0;
        while j > s.first && steps < 8 {
            steps += 1;
            let comma = self.toks[j].gap == crate::geoparse::tokens::Gap::Comma;
            if comma && j < first + 1 {
                // "Kafr Nabl, Idlib": only a province, a provincial capital or the place's
                // own admin area after a comma.
                let admin = m.feature_code.as_deref().is_some_and(|c| {
                    matches!(c, "ADM1" | "ADM2" | "PPLA" | "PPLC") || c.starts_with("PCL")
                });
                if !admin {
                    return false;
                }
                crossed = true;
            }
            j -= 1;
            let t = &self.toks[j];
            let w = t.lower();
            if w == "in" {
                crossed = true;
                continue;
            }
            if CONTAINER_SKIP.contains(&w) {
                continue;
            }
            if !crossed {
                return false;
            }
            // The contained place: a name, known or not, that is not a party's.
            let party = self
                .not_places
                .iter()
                .any(|&(a, z)| a <= t.start && t.end <= z);
            return (t.cap || t.lower().chars().all(|c| !c.is_alphabetic()))
                && !party
                && !crate::geoparse::words::is_stop(w)
                && super::dates::month_number(w).is_none()
                && w.parse::<u32>().is_err();
        }
        false
    }

    /// Is mention `k` part of a party's name: inside an actor name ("Tahrir al-Sham"), or
    /// after a word that starts group names ("Jaysh al Islam", "Ahrar al-Sham")?
    fn names_a_party(&self, k: usize) -> bool {
        let m = &self.mentions[k];
        let n = self.not_places.partition_point(|&(a, _)| a < m.end);
        if n > 0 && self.not_places_max_end[n - 1] > m.start {
            return true;
        }
        let Some(mut j) = self.first_token[k] else {
            return false;
        };
        while j > 0 && self.toks[j - 1].article {
            j -= 1;
        }
        j > 0 && ORG_HEADS.contains(&self.toks[j - 1].lower())
    }

    /// Precision of a place the text puts an unknown place in: "captured Telamnas in
    /// Idleb" (Telamnas not in the gazetteer) happened somewhere in Idleb, not at its centre.
    fn contains_unknown_place(&self, s: &Sentence, k: usize) -> bool {
        let Some(first) = self.first_token[k] else {
            return false;
        };
        if first < s.first + 2 || !matches!(self.toks[first - 1].lower(), "in" | "of") {
            return false;
        }
        let before = &self.toks[first - 2];
        // Mention k starts after `before`, so it cannot be the one found.
        let known = self.inside_usable_mention(before.start, before.end);
        let n = self.not_places.partition_point(|&(a, _)| a <= before.start);
        let party = n > 0 && self.not_places_max_end[n - 1] >= before.end;
        before.cap
            && !known
            && !party
            && first - 2 > s.first
            && !crate::geoparse::words::is_stop(before.lower())
            && before.lower().parse::<u32>().is_err()
            && super::dates::month_number(before.lower()).is_none()
    }

    /// The word before the mention that is not filler, and whether vicinity words stand
    /// between.
    fn cue_before(&self, s: &Sentence, k: usize) -> (Option<&'a str>, bool) {
        let Some(first) = self.first_token[k] else {
            return (None, false);
        };
        let mut j = first;
        let mut vicinity = false;
        let mut steps = 0;
        while j > s.first && steps < 8 {
            j -= 1;
            steps += 1;
            let w = self.toks[j].lower();
            let part = PART.contains(&w)
                && !matches!(
                    self.mentions[k].feature.as_deref(),
                    Some("neighbourhood" | "district" | "area" | "village")
                );
            if VICINITY.contains(&w) || part {
                vicinity = true;
            }
            if FILLER.contains(&w) || VICINITY.contains(&w) || PART.contains(&w) {
                continue;
            }
            return (Some(w), vicinity);
        }
        (None, vicinity)
    }

    fn score(&self, s: &Sentence, k: usize, trigger: Option<usize>) -> f64 {
        let m = &self.mentions[k];
        let mut sc = match m.precision.unwrap_or(3) {
            1 => 3.0,
            2 => 2.0,
            _ => 0.5,
        };
        let (cue, _) = self.cue_before(s, k);
        match cue {
            Some("from") => sc -= 1.5,
            Some(w) if LOCATIVE.contains(&w) => sc += 1.5,
            _ => {}
        }
        // "Talbiseh town in northern Homs": Homs says where Talbiseh is.
        if self.is_container(s, k) {
            sc -= 2.5;
        }
        // A dateline ("Deir ez-Zor, Syria The regime ...") is where the reporter is.
        if self.is_dateline(s, k) {
            sc -= 2.0;
        }
        if let (Some(t), Some(first)) = (trigger, self.first_token[k]) {
            let d = first.abs_diff(t) as f64;
            sc += 1.0 / (1.0 + d / 8.0);
        }
        sc
    }

    /// Is mention `k` the place of a dateline: the first words of a paragraph, followed by a
    /// comma?
    fn is_dateline(&self, s: &Sentence, k: usize) -> bool {
        let m = &self.mentions[k];
        let starts = self.first_token[k] == Some(s.first)
            && (s.index == 0 || self.paragraphs.get(s.index - 1) != Some(&s.paragraph));
        starts && self.slice(m.end, m.end + 1) == ","
    }

    fn located(&self, k: usize, s: &Sentence) -> Located {
        let m = &self.mentions[k];
        let name = m.name.clone().unwrap_or_else(|| m.text.clone());
        let (location, mut precision) = match m.kind {
            Resolution::Parent => (format!("{}, {name}", m.text), 2),
            _ => (name, m.precision.unwrap_or(3)),
        };
        let (_, vicinity) = self.cue_before(s, k);
        let countryside = m.feature.as_deref() == Some("countryside");
        let after = self.first_token[k].and_then(|f| {
            let end = (f..s.last).find(|&j| self.toks[j].end >= m.end)?;
            self.toks.get(end + 1).filter(|_| end + 1 < s.last)
        });
        let around = after.is_some_and(|t| AFTER_VICINITY.contains(&t.lower()));
        if (vicinity || countryside || around) && precision == 1 {
            precision = 2;
        }
        if self.contains_unknown_place(s, k) {
            // In a named city it is part of that city; in a provincial capital's name
            // (Idleb, Hama) it is more likely the province.
            let capital = m
                .feature_code
                .as_deref()
                .is_some_and(|c| matches!(c, "PPLA" | "PPLC"));
            let city_word = after.is_some_and(|t| matches!(t.lower(), "city" | "town"))
                || matches!(m.feature.as_deref(), Some("city" | "town"));
            precision = precision.max(if capital && !city_word { 3 } else { 2 });
        }
        Located {
            location,
            admin1: m.admin1.clone().filter(|a| !a.is_empty()),
            country: m.country.clone(),
            lat: m.lat.unwrap_or_default(),
            lon: m.lon.unwrap_or_default(),
            precision,
            confidence: m.confidence,
            mention: k,
        }
    }

    /// The places the event of sentence `s` (trigger at token `trigger`) happened at: the
    /// best-placed mention and the places listed with it; else a fallback.
    pub fn locate(&self, s: &Sentence, trigger: usize) -> Vec<Located> {
        let (in_sentence, cands) = self.places_in(s, Some(trigger));
        let Some(&(best, _)) = cands.first() else {
            return self.fallback(s).into_iter().collect();
        };
        // Walk the list the best mention is part of, both ways.
        let pos = in_sentence.iter().position(|&k| k == best).unwrap_or(0);
        // "on the road between X and Y" names one place by two ends: the first.
        let first_tok = self.first_token[in_sentence[pos]];
        let between = first_tok.is_some_and(|f| {
            (f.saturating_sub(3).max(s.first)..f).any(|j| self.toks[j].lower() == "between")
        });
        if between {
            return vec![self.located(best, s)];
        }
        let (mut lo, mut hi) = (pos, pos);
        while lo > 0 && self.listed(in_sentence[lo - 1], in_sentence[lo]) {
            lo -= 1;
        }
        while hi + 1 < in_sentence.len() && self.listed(in_sentence[hi], in_sentence[hi + 1]) {
            hi += 1;
        }
        in_sentence[lo..=hi]
            .iter()
            .map(|&k| self.located(k, s))
            .collect()
    }

    /// Are mentions `a` and `b` (in text order) items of one list: "X, Y", "X and Y",
    /// "X, and the Y"? "Hatla, Deir ez-Zor" is a place and its province or city, not a list.
    fn listed(&self, a: usize, b: usize) -> bool {
        let (ma, mb) = (&self.mentions[a], &self.mentions[b]);
        if mb.start < ma.end {
            return false;
        }
        let between = self
            .slice(ma.end, mb.start)
            .to_lowercase()
            .replace(',', " , ");
        let words: Vec<&str> = between.split_whitespace().collect();
        let words: &[&str] = match words.last() {
            Some(&"the") => &words[..words.len() - 1],
            _ => &words,
        };
        let sep = matches!(
            words,
            [","] | ["and"] | [",", "and"] | ["or"] | [",", "or"] | ["&"]
        );
        if !sep {
            return false;
        }
        let context = words == [","]
            && mb.kind == Resolution::Place
            && (ma.admin1 == mb.name
                || (ma.kind == Resolution::Parent && ma.name == mb.name)
                || mb
                    .feature_code
                    .as_deref()
                    .is_some_and(|c| c == "ADM1" || c.starts_with("PCL")));
        !context
    }

    /// The place a sentence without one of its own is taken to be about.
    fn fallback(&self, s: &Sentence) -> Option<Located> {
        let before = (0..s.index)
            .rev()
            .take_while(|&i| self.paragraphs[i] == s.paragraph)
            .find_map(|i| self.focus[i].clone());
        let mut l = before.or_else(|| self.article_focus.clone())?;
        l.precision = l.precision.max(2);
        l.confidence *= 0.6;
        Some(l)
    }

    /// The dateline place, else the settlement named most (first on ties), else the
    /// province or country named most.
    fn find_article_focus(&self, sentences: &[Sentence]) -> Option<Located> {
        for s in sentences.iter().filter(|s| s.paragraph < 6) {
            let mut inside: Vec<usize> = self.mentions_in(s).collect();
            inside.sort_unstable();
            if let Some(k) = inside
                .into_iter()
                .find(|&k| usable(&self.mentions[k]) && self.is_dateline(s, k))
            {
                if !is_country(&self.mentions[k]) {
                    return Some(self.located(k, s));
                }
            }
        }
        let most = |pred: &dyn Fn(&Mention) -> bool| -> Option<usize> {
            let named = |m: &&Mention| usable(m) && pred(m);
            let mut counts: HashMap<Option<&str>, usize> = HashMap::new();
            for m in self.mentions.iter().filter(named) {
                *counts.entry(m.name.as_deref()).or_default() += 1;
            }
            // The first mention of the name named most.
            let top = counts.values().copied().max()?;
            (0..self.mentions.len()).find(|&k| {
                let m = &self.mentions[k];
                named(&m) && counts[&m.name.as_deref()] == top
            })
        };
        let k =
            most(&is_settlement).or_else(|| most(&|m: &Mention| m.kind == Resolution::Place))?;
        let s = sentences
            .iter()
            .find(|s| s.contains(self.mentions[k].start, self.mentions[k].end))?;
        let mut l = self.located(k, s);
        if is_settlement(&self.mentions[k]) {
            l.precision = l.precision.min(2);
        }
        Some(l)
    }
}
