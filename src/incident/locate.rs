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
//!
//! The gazetteer often knows a village's name only from somewhere else ("Al Sabkhah" in
//! another province, "Hole" in the Caribbean). The text itself says where the place lies
//! ("X town in Deir ez-Zor countryside"), so a place outside the area the text puts it in,
//! or outside the report's country, is a wrong reading of the name: the event is placed at
//! that area instead, at the precision the area allows, rather than at a far wrong point.
//! A country named as a party's patron ("pro-Turkey", "US-backed", "Iranian") is no place.

use std::cell::OnceCell;
use std::collections::HashMap;

use super::sentences::Sentence;
use crate::gazetteer::normalize;
use crate::geoparse::tokens::Token;
use crate::geoparse::words;
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
    "axis",
    "front",
    "fronts",
    "frontline",
    "frontlines",
    "outskirts",
    "vicinity",
    "desert",
    "badia",
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
    "camp",
    // "on Hrak - Maliha road in Dar'a": the road lies in Dar'a; so do facilities named
    // after a place ("near Sayda bridge in Dara countryside", "Hmeimim airbase in Lattakia").
    "road",
    "highway",
    "bridge",
    "airbase",
    "airport",
    "dam",
    "crossing",
];

/// A word between a place and its container ("X in the northern countryside of Y"):
/// [`CONTAINER_SKIP`] or a compass word.
fn container_skip(w: &str) -> bool {
    CONTAINER_SKIP.contains(&w)
        || words::COMPASS_ADJECTIVES.contains(&w)
        || words::COMPASS_POINTS.contains(&w)
}

/// Words that start the names of armed groups: a place after them is part of the name.
/// The Arabic ones start only groups' names; the English ones below ([`ENGLISH_ORG_HEADS`])
/// also start places' ("Brigade 137" is a base).
const ORG_HEADS: &[&str] = &[
    "jaysh", "jaish", "liwa", "liwaa", "ahrar", "harakat", "harakat", "jabhat", "faylaq", "failaq",
    "kataib", "kataeb", "saraya", "suqour", "suquor", "ansar", "junud", "jund", "fursan", "thuwar",
    "tahrir", "hayat", "hayyat", "firqat", // "lions", romanised: "Usud al-Sharqiya"
    "usud", "usoud", "osoud",
];

/// English words that start armed groups' names ("Lions of the East", "Army of Islam").
const ENGLISH_ORG_HEADS: &[&str] = &[
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

/// [`cue_class`] bits: the word is in [`FILLER`], [`VICINITY`] or [`PART`].
const IS_FILLER: u8 = 1;
const IS_VICINITY: u8 = 2;
const IS_PART: u8 = 4;

/// Which of the word lists [`Locator::cue_before`] skips over hold `w`, as bits: one hashed
/// lookup for the up to eight words it walks back over per mention, instead of five scans of
/// the lists (1.5% of `extract`).
fn cue_class(w: &str) -> u8 {
    static CLASSES: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u8>> =
        std::sync::OnceLock::new();
    CLASSES
        .get_or_init(|| {
            let mut m = rustc_hash::FxHashMap::default();
            for (list, bit) in [
                (FILLER, IS_FILLER),
                (VICINITY, IS_VICINITY),
                (PART, IS_PART),
            ] {
                for w in list {
                    *m.entry(*w).or_insert(0) |= bit;
                }
            }
            m
        })
        .get(w)
        .copied()
        .unwrap_or(0)
}

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
/// How far from its town a countryside reaches: the rural part of a district.
const COUNTRYSIDE_KM: f64 = 60.0;

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
    /// For every mention of a province, its seat's point: ACLED codes an event known only
    /// to the province at its capital (geo_precision 3), not at the province's centre.
    seats: Vec<Option<(f64, f64)>>,
    /// Byte offset of every code point (and of the end); empty for an ASCII text, whose
    /// code points are its bytes (most reports: building it was 1-2% of `extract`).
    bytes: Vec<usize>,
    sentences: &'a [Sentence],
    /// The best place of every sentence, for the sentences after it, and the report's own:
    /// worked out when a sentence first needs a fallback, since most never do (working out
    /// every sentence's up front was 3-4% of `extract`, issue 19).
    focus: Vec<OnceCell<Option<Located>>>,
    article_focus: OnceCell<Option<Located>>,
    /// The country the report is about, when known.
    country: Option<String>,
}

fn usable(m: &Mention) -> bool {
    m.kind != Resolution::Unresolved
        && m.point.is_some()
        && !m.names_an_actor()
        // "planning attacks in Europe", "a ship in the Red Sea", "on the banks of the
        // Euphrates River", "across the Levant": no incident's place
        && !m.feature_code.as_deref().is_some_and(|code| {
            crate::gazetteer::point_is_no_event_place(code, m.country.as_deref().unwrap_or(""))
        })
}

fn is_country(m: &Mention) -> bool {
    m.feature_code
        .as_deref()
        .is_some_and(|c| c.starts_with("PCL"))
}

/// Is `m` a province or a place that stands for one (its capital, the country's capital)?
fn provincial(m: &Mention) -> bool {
    m.feature_code
        .as_deref()
        .is_some_and(|f| matches!(f, "ADM1" | "PPLA" | "PPLC"))
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
        sentences: &'a [Sentence],
        mentions: &'a [Mention],
        not_places: &[(usize, usize)],
        country: Option<&str>,
        seats: Vec<Option<(f64, f64)>>,
    ) -> Locator<'a> {
        let bytes: Vec<usize> = if text.is_ascii() {
            Vec::new()
        } else {
            let mut b: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            b.push(text.len());
            b
        };
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
            seats,
            bytes,
            sentences,
            focus: sentences.iter().map(|_| OnceCell::new()).collect(),
            article_focus: OnceCell::new(),
            country: country.map(str::to_string),
        };
        if loc.country.is_none() {
            loc.country = loc.vote_country();
        }
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

    /// Is mention `k` a village, a neighbourhood or a facility the sentence names in its own
    /// right (not to say where another place lies)?
    fn is_small_place(&self, s: &Sentence, k: usize) -> bool {
        let m = &self.mentions[k];
        let seat = m
            .feature_code
            .as_deref()
            .is_some_and(|c| c.starts_with("ADM") || matches!(c, "PPLC" | "PPLA" | "PPLA2"));
        m.kind == Resolution::Place
            && m.precision == Some(1)
            && !seat
            && !matches!(m.feature.as_deref(), Some("countryside" | "road" | "city"))
            && !self.is_container(s, k)
    }

    /// Is mention `k` a subdistrict or district the text calls one ("Jandairis district")?
    fn is_named_district(&self, k: usize) -> bool {
        let m = &self.mentions[k];
        m.kind == Resolution::Place
            && m.feature.as_deref() == Some("district")
            && m.feature_code
                .as_deref()
                .is_some_and(|c| matches!(c, "ADM2" | "ADM3"))
    }

    /// Is a usable mention spanning `start..end` a city: a seat of government or a town the
    /// text calls a city?
    fn city_at(&self, start: usize, end: usize) -> bool {
        let n = self
            .by_start
            .partition_point(|&k| self.mentions[k].start <= start);
        self.by_start[..n].iter().rev().take(4).any(|&k| {
            let m = &self.mentions[k];
            m.end >= end
                && usable(m)
                && (m.feature.as_deref() == Some("city")
                    || m.feature_code
                        .as_deref()
                        .is_some_and(|c| matches!(c, "PPLC" | "PPLA" | "PPLA2")))
        })
    }

    /// Is `m` a village: the text calls it one, or the gazetteer has a plain locality?
    fn is_village(&self, m: &Mention) -> bool {
        m.feature.as_deref() == Some("village")
            || (m.feature.is_none()
                && m.feature_code
                    .as_deref()
                    .is_some_and(|c| matches!(c, "PPL" | "PPLL")))
    }

    /// The last token of mention `k`, whose first token is `first`.
    fn last_token(&self, k: usize, first: usize) -> usize {
        let end = self.mentions[k].end;
        (first..self.toks.len())
            .take_while(|&i| self.toks[i].start < end)
            .last()
            .unwrap_or(first)
    }

    /// Code points `[start, end)` of mention `k`.
    pub fn mention_span(&self, k: usize) -> (usize, usize) {
        let m = &self.mentions[k];
        (m.start, m.end)
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        let byte = |c: usize| match self.bytes.len() {
            0 => c.min(self.text.len()),
            n => self.bytes[c.min(n - 1)],
        };
        let (a, z) = (byte(start), byte(end));
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
                usable(m)
                    && except_from.is_none_or(|e| m.start < e)
                    && !self.names_a_party(k)
                    && !self.names_a_patron(k)
                    && !(is_country(m) && self.foreign(m))
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
        // "took Abu Wahl village after clashes in Ar-Raqqa countryside": a village in the
        // countryside named is the more exact place of the two.
        // So is a subdistrict the text calls a district ("in Jandairis district in Aleppo
        // countryside").
        let small: Vec<usize> = scored
            .iter()
            .map(|&(k, _)| k)
            .filter(|&k| self.is_small_place(s, k) || self.is_named_district(k))
            .collect();
        for (c, sc) in scored.iter_mut() {
            let m = &self.mentions[*c];
            if m.feature.as_deref() != Some("countryside") || m.precision != Some(1) {
                continue;
            }
            let Some(cp) = m.point else { continue };
            let holds = small.iter().any(|&k| {
                self.mentions[k]
                    .point
                    .is_some_and(|p| p.distance_km(cp) <= COUNTRYSIDE_KM)
            });
            if holds {
                *sc -= 2.0;
            }
        }
        // A place in the report's country beats any homonym abroad, even one the text puts
        // it in ("the Dadikh axis in Idleb countryside" over a "Ben" read as Bern).
        if scored
            .iter()
            .any(|&(k, _)| !self.foreign(&self.mentions[k]))
        {
            scored.retain(|&(k, _)| !self.foreign(&self.mentions[k]));
        }
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
            if container_skip(w) {
                continue;
            }
            if !crossed {
                return false;
            }
            // "east of As-Salamiyeh city in Qelib al-Thawr village": a village holds no
            // city, so the village is where it happened, not where the city lies.
            if self.is_village(m) && self.city_at(t.start, t.end) {
                return false;
            }
            // The contained place: a name, known or not, that is not a party's.
            let party = self.in_party_name(t.start, t.end);
            return (t.cap || t.lower().chars().all(|c| !c.is_alphabetic()))
                && !party
                && !crate::geoparse::words::is_stop(w)
                && super::dates::month_number(w).is_none()
                && w.parse::<u32>().is_err();
        }
        false
    }

    /// Do code points `start..end` lie inside a party's name? A binary search over the
    /// names sorted by start, not a scan: a long digest names thousands of parties.
    fn in_party_name(&self, start: usize, end: usize) -> bool {
        let n = self.not_places.partition_point(|&(a, _)| a <= start);
        n > 0 && self.not_places_max_end[n - 1] >= end
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
        // "pro-Hadi forces", "Islah-affiliated units": a person or party, hyphened to what
        // says so.
        let pro = j > 0 && self.toks[j].gap.is_hyphen() && self.toks[j - 1].lower() == "pro";
        let last = self.last_token(k, j);
        let affiliated = self.toks.get(last + 1).is_some_and(|t| {
            t.gap.is_hyphen()
                && matches!(
                    t.lower(),
                    "affiliated" | "backed" | "led" | "aligned" | "linked" | "allied" | "loyal"
                )
        });
        // "the Menbij Military Council", "Raqqa Revolutionaries Brigade": a group named
        // for its town.
        let council = |i: usize| {
            let word = |n: usize| self.toks.get(i + n).filter(|t| t.cap).map(|t| t.lower());
            matches!(
                (word(0), word(1)),
                (Some("military"), Some("council" | "councils"))
                    | (
                        Some("revolutionaries" | "brigade" | "brigades" | "battalion"),
                        _
                    )
            )
        };
        // "As-Sweida communal militia", "Deir ez-Zor tribal militias": fighters named for
        // their home, which says where they come from, not where they fought.
        let militia = {
            let word = |n: usize| self.toks.get(last + n).map(|t| t.lower());
            matches!(word(1), Some("militia" | "militias"))
                || (matches!(word(1), Some("communal" | "tribal" | "local"))
                    && matches!(word(2), Some("militia" | "militias")))
        };
        // "Usud al-Sharqiyah", "Liwa al-Quds": a name that starts with an Arabic group's
        // head word is the group's, whatever village the rest of it spells.
        let group_head = last > j && ORG_HEADS.contains(&self.toks[j].lower());
        if pro || affiliated || council(last + 1) || militia || group_head {
            return true;
        }
        // "Jaysh al Islam", "Ahrar ash-Sham"; but "an operation at Jasim": "at", "as", "an"
        // standing alone are English.
        while j > 0
            && self.toks[j - 1].article
            && (self.toks[j].gap.is_hyphen()
                || !matches!(
                    self.toks[j - 1].lower(),
                    "at" | "as" | "an" | "en" | "ad" | "ed" | "er" | "es"
                ))
        {
            j -= 1;
        }
        let org_head = |w: &str| ORG_HEADS.contains(&w) || ENGLISH_ORG_HEADS.contains(&w);
        if j > 0 && org_head(self.toks[j - 1].lower()) {
            return true;
        }
        // "Liberation Army of Afrin", "Lions of the East": a group named for a place.
        let mut o = j;
        if o > 0 && self.toks[o - 1].lower() == "the" {
            o -= 1;
        }
        o >= 2
            && self.toks[o - 1].lower() == "of"
            && self.toks[o - 2].cap
            && org_head(self.toks[o - 2].lower())
    }

    /// Is mention `k` a country named as a party's patron or origin, not a place: "pro-Turkey
    /// factions", "Turkey backed JWS", "US Coalition planes", "Iran-affiliated militias"?
    fn names_a_patron(&self, k: usize) -> bool {
        let m = &self.mentions[k];
        if !is_country(m) {
            return false;
        }
        let Some(first) = self.first_token[k] else {
            return false;
        };
        let pro = first > 0 && self.toks[first - 1].lower() == "pro";
        let last = self.last_token(k, first);
        let next = self.toks.get(last + 1).map(|t| t.lower());
        pro || next.is_some_and(|w| {
            matches!(
                w,
                "backed"
                    | "supported"
                    | "led"
                    | "affiliated"
                    | "based"
                    | "sponsored"
                    | "funded"
                    | "trained"
                    | "coalition"
                    | "forces"
                    | "troops"
                    | "army"
                    | "military"
                    | "soldiers"
                    | "soldier"
                    | "special"
                    | "warplanes"
                    | "aircraft"
                    | "jets"
                    | "drones"
                    | "drone"
                    | "helicopters"
                    | "planes"
                    | "militias"
                    | "militia"
                    | "patrol"
                    | "patrols"
                    | "convoy"
            )
        })
    }

    /// The country the report's places agree on: each distinct settlement or province that
    /// is not part of a party's name votes once, however often it is named (a name repeated
    /// in a party's title, "Hurras al Deen", must not outvote the places), a province a
    /// little more; countries named vote
    /// only when nothing finer is named, as they are more often patrons and origins
    /// ("Turkey-backed", "US Coalition", "Iranian militias") than where events happen.
    fn vote_country(&self) -> Option<String> {
        let mut votes: Vec<(&str, f64)> = Vec::new();
        let mut seen: std::collections::HashSet<u64> = Default::default();
        let mut finer = false;
        for pass in [false, true] {
            for (k, m) in self.mentions.iter().enumerate() {
                if !usable(m) || is_country(m) != pass || self.names_a_party(k) {
                    continue;
                }
                if pass && (finer || self.names_a_patron(k)) {
                    continue;
                }
                let Some(cc) = m.country.as_deref() else {
                    continue;
                };
                if m.geonameid.is_some_and(|id| !seen.insert(id)) {
                    continue;
                }
                finer |= !pass;
                let w = match m.feature_code.as_deref().unwrap_or("") {
                    "ADM1" | "PPLA" | "PPLC" => 1.5,
                    _ => 1.0,
                } * m.confidence.max(0.1);
                match votes.iter_mut().find(|(c, _)| *c == cc) {
                    Some(v) => v.1 += w,
                    None => votes.push((cc, w)),
                }
            }
        }
        let mut best: Option<(&str, f64)> = None;
        for (c, n) in votes {
            if best.is_none_or(|b| n > b.1) {
                best = Some((c, n));
            }
        }
        best.map(|(c, _)| c.to_string())
    }

    /// Is the place in another country than the report's?
    fn foreign(&self, m: &Mention) -> bool {
        match (&self.country, &m.country) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        }
    }

    /// The area the text puts mention `best` in ("Al Sabkhah town in Deir ez-Zor
    /// countryside", "Basra in Idleb") when the gazetteer's reading of `best` lies outside
    /// it: another country, another province and over 80 km from its centre, or, for a
    /// town as the container, over 100 km away.
    fn misplaced_in(&self, s: &Sentence, best: usize, in_sentence: &[usize]) -> Option<usize> {
        let b = &self.mentions[best];
        // "on the Ar-Raie'e road in the city of Al Bab": a road named for the town it leads
        // to, in the town the text names, is in that town.
        let road = b.kind == Resolution::Parent && b.feature.as_deref() == Some("road");
        if b.kind != Resolution::Place && !road {
            return None;
        }
        let first = self.first_token[best]?;
        let c = in_sentence
            .iter()
            .copied()
            .find(|&c| self.mentions[c].start >= b.end)?;
        let cm = &self.mentions[c];
        let near = self.first_token[c].is_some_and(|f| f <= first + 12);
        if !near || !(self.is_container(s, c) || self.said_to_lie_by(best, c)) {
            return None;
        }
        let town =
            !provincial(cm) && !is_country(cm) && cm.feature.as_deref() != Some("countryside");
        let wrong = if road {
            town
        } else if b.country != cm.country {
            true
        } else if is_country(cm) {
            false
        } else {
            let area = provincial(cm);
            match (b.point, cm.point) {
                (Some(bp), Some(cp)) => {
                    let km = crate::gazetteer::distance_km(bp.into(), cp.into());
                    // Provinces are large and reports place border villages loosely
                    // ("Deir Hafer in Raqqa", a town of Aleppo's), so only a place far
                    // outside the province named, or far from the town named, is a
                    // homonym.
                    if area {
                        b.admin1.is_some() && b.admin1 != cm.admin1 && km > 80.0
                    } else {
                        km > 100.0
                    }
                }
                _ => false,
            }
        };
        wrong.then_some(c)
    }

    /// Does the text between mentions `b` and `c` only say where `b` lies relative to `c`:
    /// "X west of Y", "X village near Y", "X, 5 km north of Y"?
    fn said_to_lie_by(&self, b: usize, c: usize) -> bool {
        let (mb, mc) = (&self.mentions[b], &self.mentions[c]);
        let between = self.slice(mb.end, mc.start).to_lowercase();
        let words: Vec<&str> = between
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let relation = words.iter().any(|w| {
            matches!(*w, "near" | "outside" | "around") || (*w == "of" && words.len() > 1)
        });
        relation
            && words.iter().all(|w| {
                VICINITY.contains(w)
                    || container_skip(w)
                    || matches!(*w, "near" | "outside" | "around" | "of" | "the")
                    || w.bytes().all(|b| b.is_ascii_digit())
            })
    }

    /// Mention `best` placed at the area `c` that the text puts it in: "Al Sabkhah, Deir
    /// ez-Zor", at precision 2 in a town's surroundings, 3 in a province.
    fn located_in_area(&self, best: usize, c: usize, s: &Sentence) -> Located {
        let mut l = self.located(c, s);
        let b = &self.mentions[best];
        l.location = format!("{}, {}", b.text, l.location);
        let province = provincial(&self.mentions[c]);
        l.precision = l.precision.max(if province { 3 } else { 2 });
        l.confidence *= 0.7;
        l
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
        let party = self.in_party_name(before.start, before.end);
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
            let class = cue_class(w);
            let part = class & IS_PART != 0
                && !matches!(
                    self.mentions[k].feature.as_deref(),
                    Some("neighbourhood" | "district" | "area" | "village")
                );
            if class & IS_VICINITY != 0 || part {
                vicinity = true;
            }
            if class != 0 {
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
        // "Coalition forces based in Shadadeh": where a party is based, not where it fought.
        if let Some(first) = self.first_token[k] {
            let based = first >= s.first + 2
                && matches!(self.toks[first - 1].lower(), "in" | "at")
                && matches!(
                    self.toks[first - 2].lower(),
                    "based" | "stationed" | "headquartered"
                );
            if based {
                sc -= 3.0;
            }
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
        // Most likely a homonym: the report's own country has the event.
        if self.foreign(m) {
            sc -= 2.5;
        }
        sc
    }

    /// Is mention `k` the place of a dateline: the first words of a paragraph, followed by a
    /// comma?
    fn is_dateline(&self, s: &Sentence, k: usize) -> bool {
        let m = &self.mentions[k];
        let starts = self.first_token[k] == Some(s.first)
            && (s.index == 0
                || self.sentences.get(s.index - 1).map(|p| p.paragraph) != Some(s.paragraph));
        starts && self.slice(m.end, m.end + 1) == ","
    }

    fn located(&self, k: usize, s: &Sentence) -> Located {
        let m = &self.mentions[k];
        let name = m
            .name
            .as_deref()
            .map_or_else(|| m.text.clone(), normalize::ascii_name);
        let (location, mut precision) = match m.kind {
            Resolution::Parent => (format!("{}, {name}", m.text), 2),
            _ => (conventional_name(&m.text, &name), m.precision.unwrap_or(3)),
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
        let district = m
            .feature_code
            .as_deref()
            .is_some_and(|c| matches!(c, "ADM2" | "ADM3"));
        let (lon, lat) = match self.seats.get(k).copied().flatten() {
            Some(seat) if precision == 3 || district => seat,
            _ => m.point.map_or((0.0, 0.0), Into::into),
        };
        Located {
            location,
            admin1: m.admin1.clone().filter(|a| !a.is_empty()),
            country: m.country.clone(),
            lat,
            lon,
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
        // "on the road between X and Y", "the road connecting X and Y" names one place by
        // two ends: the first.
        let first_tok = self.first_token[in_sentence[pos]];
        let between = first_tok.is_some_and(|f| {
            (f.saturating_sub(3).max(s.first)..f).any(|j| {
                matches!(
                    self.toks[j].lower(),
                    "between" | "connecting" | "linking" | "links" | "connects"
                )
            })
        });
        if let Some(c) = self.misplaced_in(s, best, &in_sentence) {
            return vec![self.located_in_area(best, c, s)];
        }
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
            .take_while(|&i| self.sentences[i].paragraph == s.paragraph)
            .find_map(|i| self.focus_of(i).clone());
        let mut l = before.or_else(|| {
            self.article_focus
                .get_or_init(|| self.find_article_focus(self.sentences))
                .clone()
        })?;
        l.precision = l.precision.max(2);
        l.confidence *= 0.6;
        Some(l)
    }

    /// The best place of sentence `i`, if it names one.
    fn focus_of(&self, i: usize) -> &Option<Located> {
        self.focus[i].get_or_init(|| {
            let s = &self.sentences[i];
            let c = self.candidates(s, None);
            c.into_iter().next().map(|(k, _)| self.located(k, s))
        })
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
            // Party names ("Ahrar al Sham"), patrons ("pro-Turkey") and places abroad are
            // not the report's focus.
            let named = |k: usize| {
                let m = &self.mentions[k];
                usable(m)
                    && pred(m)
                    && !self.foreign(m)
                    && !self.names_a_patron(k)
                    && !self.names_a_party(k)
            };
            let mut counts: HashMap<Option<&str>, usize> = HashMap::new();
            for k in (0..self.mentions.len()).filter(|&k| named(k)) {
                *counts.entry(self.mentions[k].name.as_deref()).or_default() += 1;
            }
            // The first mention of the name named most.
            let top = counts.values().copied().max()?;
            (0..self.mentions.len())
                .find(|&k| named(k) && counts[&self.mentions[k].name.as_deref()] == top)
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

/// The name an ACLED user would type for a place: the report's own spelling when it is
/// written in Latin letters ("Hama", "Tal Tamer", "Deir ez-Zor"), else the gazetteer's name
/// without diacritics ("Ḩamāh" → "Hamah"). The gazetteer's spelling stays in the place
/// fields.
fn conventional_name(text: &str, gazetteer_name: &str) -> String {
    // Letters beyond Latin Extended-B (Arabic script, Cyrillic) are not what the user types.
    let latin = text.chars().any(|c| c.is_ascii_alphabetic())
        && !text
            .chars()
            .any(|c| c.is_alphabetic() && (c as u32) >= 0x0250);
    if latin && text.chars().next().is_some_and(char::is_uppercase) {
        normalize::ascii_name(&text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        gazetteer_name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;
    use crate::incident::sentences::split;

    /// The hashed classes are the lists' own: every word of each list, and only those.
    #[test]
    fn cue_classes_are_the_lists() {
        for (list, bit) in [
            (FILLER, IS_FILLER),
            (VICINITY, IS_VICINITY),
            (PART, IS_PART),
        ] {
            for w in list {
                assert!(cue_class(w) & bit != 0, "{w}");
            }
        }
        assert_eq!(cue_class("in"), 0);
        assert_eq!(cue_class("shelled"), 0);
        // a word of two lists has both bits
        assert_eq!(cue_class("neighbourhoods"), IS_FILLER | IS_PART);
    }

    /// A resolved mention of `name` (the first occurrence in `text`).
    fn place(text: &str, name: &str, code: &str, cc: &str, at: (f64, f64)) -> Mention {
        let byte = text.find(name).unwrap();
        let start = text[..byte].chars().count();
        Mention {
            doc: "t".into(),
            start,
            end: start + name.chars().count(),
            text: name.into(),
            name: Some(name.into()),
            point: crate::model::LonLat::new(at.1, at.0),
            feature_code: Some(code.into()),
            country: Some(cc.into()),
            admin1: Some(format!("{name} province")),
            geonameid: Some(start as u64),
            kind: Resolution::Place,
            feature: None,
            precision: Some(if code.starts_with("PCL") { 3 } else { 1 }),
            confidence: 0.8,
            reason: None,
        }
    }

    fn locate(text: &str, mentions: &[Mention]) -> (Option<String>, Vec<Located>) {
        let toks = tokenize(text);
        let ss = split(text, &toks);
        let l = Locator::new(text, &toks, &ss, mentions, &[], None, Vec::new());
        let trigger = toks
            .iter()
            .position(|t| matches!(t.lower(), "clashed" | "shelled"))
            .unwrap();
        (l.country.clone(), l.locate(&ss[0], trigger))
    }

    #[test]
    fn a_district_the_text_names_beats_the_countryside_it_lies_in() {
        let text = "Two factions clashed in Jandairis district in Aleppo countryside.";
        let mut district = place(text, "Jandairis", "ADM3", "SY", (36.39, 36.68));
        district.feature = Some("district".into());
        district.precision = Some(2);
        let mut aleppo = place(text, "Aleppo", "PPLA", "SY", (36.20, 37.16));
        aleppo.feature = Some("countryside".into());
        let (_, got) = locate(text, &[district, aleppo]);
        assert_eq!(got[0].location, "Jandairis", "{got:?}");
    }

    #[test]
    fn a_continent_is_no_incidents_place() {
        let text = "A fighter who planned attacks in Europe clashed with the SDF.";
        let (_, got) = locate(text, &[place(text, "Europe", "CONT", "", (48.7, 9.1))]);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_patron_country_is_no_place_and_does_not_vote() {
        let text = "Turkey backed factions clashed with the SDF.";
        let (_, got) = locate(text, &[place(text, "Turkey", "PCLI", "TR", (39.0, 35.0))]);
        assert!(got.is_empty(), "{got:?}");

        let text = "Turkey backed factions clashed with the SDF in Afrin.";
        let ms = [
            place(text, "Turkey", "PCLI", "TR", (39.0, 35.0)),
            place(text, "Afrin", "PPL", "SY", (36.5, 36.87)),
        ];
        let (country, got) = locate(text, &ms);
        assert_eq!(country.as_deref(), Some("SY"));
        assert_eq!(got[0].location, "Afrin");
    }

    #[test]
    fn a_place_outside_the_province_the_text_names_is_placed_in_that_province() {
        let text = "Gunmen clashed with guards in Sabkha town in Raqqa countryside.";
        // The gazetteer's only Sabkha is 300 km from Raqqa, in another province.
        let ms = [
            place(text, "Sabkha", "PPL", "SY", (33.5, 36.8)),
            place(text, "Raqqa", "PPLA", "SY", (35.95, 39.01)),
        ];
        let (_, got) = locate(text, &ms);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].location, "Sabkha, Raqqa");
        assert_eq!(
            (got[0].lat, got[0].lon, got[0].precision),
            (35.95, 39.01, 3)
        );

        // One in the province is kept.
        let ms = [
            place(text, "Sabkha", "PPL", "SY", (35.8, 39.3)),
            place(text, "Raqqa", "PPLA", "SY", (35.95, 39.01)),
        ];
        let mut ms = ms;
        ms[0].admin1 = ms[1].admin1.clone();
        let (_, got) = locate(text, &ms);
        assert_eq!(got[0].location, "Sabkha");
    }

    #[test]
    fn a_homonym_far_from_the_place_it_is_said_to_lie_by_or_in() {
        let text = "Gunmen clashed with guards in Maliha village west of Shadadah.";
        let ms = [
            place(text, "Maliha", "PPL", "SY", (32.7, 36.4)),
            place(text, "Shadadah", "PPL", "SY", (36.06, 40.73)),
        ];
        let (_, got) = locate(text, &ms);
        assert_eq!(got[0].location, "Maliha, Shadadah");
        assert_eq!(got[0].precision, 2);

        let text = "Rebels clashed with regime forces on the Jableh frontline in the countryside of Arima.";
        let ms = [
            place(text, "Jableh", "PPL", "SY", (35.36, 35.93)),
            place(text, "Arima", "PPL", "SY", (36.58, 37.93)),
        ];
        let (_, got) = locate(text, &ms);
        assert_eq!(got[0].location, "Jableh, Arima");

        // Listed places are not said to lie by each other.
        let text = "Rebels clashed with regime forces in Jableh and Arima.";
        let ms = [
            place(text, "Jableh", "PPL", "SY", (35.36, 35.93)),
            place(text, "Arima", "PPL", "SY", (36.58, 37.93)),
        ];
        let (_, got) = locate(text, &ms);
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn a_group_named_after_a_place_is_no_place() {
        let text = "The Liberation Army of Afrin shelled Azaz with rockets.";
        let ms = [
            place(text, "Afrin", "PPL", "SY", (36.5, 36.87)),
            place(text, "Azaz", "PPL", "SY", (36.59, 37.05)),
        ];
        let (_, got) = locate(text, &ms);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].location, "Azaz");
    }

    #[test]
    fn a_place_in_another_country_loses_to_one_in_the_reports() {
        let text = "Rebels clashed with regime forces in Basra near Idlib and Maarat.";
        let ms = [
            place(text, "Basra", "PPLA", "IQ", (30.5, 47.8)),
            place(text, "Idlib", "PPLA", "SY", (35.93, 36.63)),
            place(text, "Maarat", "PPL", "SY", (35.6, 36.7)),
        ];
        let (country, got) = locate(text, &ms);
        assert_eq!(country.as_deref(), Some("SY"));
        assert_ne!(got[0].location, "Basra", "{got:?}");

        // Even when the place at home is only the area the foreign one is said to be in.
        let text = "Rebels clashed with regime forces on the Ben axis in Idlib countryside, west of Maarat.";
        let ms = [
            place(text, "Ben", "PPLA", "CH", (46.95, 7.45)),
            place(text, "Idlib", "PPLA", "SY", (35.93, 36.63)),
            place(text, "Maarat", "PPL", "SY", (35.6, 36.7)),
        ];
        let text_ms = (text, ms);
        let (country, got) = locate(text_ms.0, &text_ms.1);
        assert_eq!(country.as_deref(), Some("SY"));
        assert!(got[0].lat < 40.0, "{got:?}");
    }

    #[test]
    fn a_road_between_two_places_is_one_incident_at_the_first() {
        for text in [
            "Gunmen clashed with guards on the road between Hole and Tuwaymin.",
            "Gunmen clashed with guards on the road connecting Hole and Tuwaymin.",
        ] {
            let ms = [
                place(text, "Hole", "PPL", "SY", (36.37, 41.15)),
                place(text, "Tuwaymin", "PPL", "SY", (36.6, 40.95)),
            ];
            let (_, got) = locate(text, &ms);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(got[0].location, "Hole");
        }
    }
}
