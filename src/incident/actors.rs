//! Who did what to whom: actor names found in a sentence, normalised to one name each
//! ("the regime", "Assad regime", "Syrian army" are all "Military Forces of Syria"), and
//! the roles they play around a trigger: actor1 does it, actor2 has it done to them.
//!
//! Names that depend on the country the report is about ("government forces", "unknown
//! gunmen", "civilians") carry it: "Military Forces of Yemen", "Unidentified Armed Group
//! (Syria)", "Civilians (Syria)", as ACLED writes them.

use super::phrase::word_matches;
use super::sentences::Sentence;
use crate::geoparse::tokens::{Gap, Token};
use crate::geoparse::words;

/// What sort of actor a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A state's military or police.
    State,
    /// A non-state armed group, or an unidentified one.
    Armed,
    Civilian,
    Protester,
    Rioter,
}

impl Kind {
    pub fn armed(self) -> bool {
        matches!(self, Kind::State | Kind::Armed)
    }
}

/// `{c}` stands for the name of the country the report is about.
const C: &str = "{c}";

/// Actor patterns (see [`super::phrase`]) and the name each stands for.
const ACTORS: &[(&str, &str, Kind)] = &[
    // The Syrian state.
    ("regime", "Military Forces of Syria", Kind::State),
    (
        "syrian|assad regime",
        "Military Forces of Syria",
        Kind::State,
    ),
    (
        "al assad regime|forces",
        "Military Forces of Syria",
        Kind::State,
    ),
    ("assad forces", "Military Forces of Syria", Kind::State),
    ("syrian arab army", "Military Forces of Syria", Kind::State),
    ("saa", "Military Forces of Syria", Kind::State),
    ("syrian government", "Military Forces of Syria", Kind::State),
    (
        "syrian government forces|troops",
        "Military Forces of Syria",
        Kind::State,
    ),
    ("tiger forces", "Military Forces of Syria", Kind::State),
    (
        "4th|fourth armored|armoured division",
        "Military Forces of Syria",
        Kind::State,
    ),
    (
        "4th|fourth division",
        "Military Forces of Syria",
        Kind::State,
    ),
    ("republican guard", "Military Forces of Syria", Kind::State),
    (
        "air force intelligence",
        "Military Forces of Syria",
        Kind::State,
    ),
    // Any state's forces, in the report's country.
    (
        "government forces|troops|soldiers",
        "Military Forces of {c}",
        Kind::State,
    ),
    (
        "pro government forces",
        "Military Forces of {c}",
        Kind::State,
    ),
    ("army", "Military Forces of {c}", Kind::State),
    ("armed forces", "Military Forces of {c}", Kind::State),
    (
        "soldier|soldiers|troops",
        "Military Forces of {c}",
        Kind::State,
    ),
    (
        "military intelligence",
        "Military Forces of {c}",
        Kind::State,
    ),
    ("security forces", "Military Forces of {c}", Kind::State),
    (
        "police|policemen|policeman",
        "Police Forces of {c}",
        Kind::State,
    ),
    ("police forces", "Police Forces of {c}", Kind::State),
    // Foreign states.
    ("russia", "Military Forces of Russia", Kind::State),
    ("turkey", "Military Forces of Turkey", Kind::State),
    ("israel", "Military Forces of Israel", Kind::State),
    ("iran", "Military Forces of Iran", Kind::State),
    (
        "us|u.s. forces|troops|army|military",
        "Military Forces of the United States",
        Kind::State,
    ),
    (
        "american forces|troops",
        "Military Forces of the United States",
        Kind::State,
    ),
    (
        "us led coalition",
        "Global Coalition Against Daesh",
        Kind::State,
    ),
    (
        "international|global coalition",
        "Global Coalition Against Daesh",
        Kind::State,
    ),
    (
        "coalition forces|warplanes|aircraft|jets",
        "Global Coalition Against Daesh",
        Kind::State,
    ),
    ("saudi led coalition", "Saudi-led Coalition", Kind::State),
    // Non-state armed groups.
    ("islamic state", "Islamic State", Kind::Armed),
    (
        "islamic state of iraq and the levant",
        "Islamic State",
        Kind::Armed,
    ),
    (
        "islamic state of iraq and syria|sham",
        "Islamic State",
        Kind::Armed,
    ),
    ("isil|isis|is|daesh", "Islamic State", Kind::Armed),
    ("free syrian army", "Free Syrian Army", Kind::Armed),
    ("fsa", "Free Syrian Army", Kind::Armed),
    (
        "syrian democratic forces",
        "Syrian Democratic Forces",
        Kind::Armed,
    ),
    ("sdf|qsd", "Syrian Democratic Forces", Kind::Armed),
    ("ypg", "People's Protection Units", Kind::Armed),
    (
        "peoples|people protection units",
        "People's Protection Units",
        Kind::Armed,
    ),
    ("hts", "Hayat Tahrir al-Sham", Kind::Armed),
    (
        "hayat|hayyat|haiat tahrir al|as sham",
        "Hayat Tahrir al-Sham",
        Kind::Armed,
    ),
    ("tahrir al|as sham", "Hayat Tahrir al-Sham", Kind::Armed),
    ("nusra|nusrah", "Hayat Tahrir al-Sham", Kind::Armed),
    ("al nusra|nusrah front", "Hayat Tahrir al-Sham", Kind::Armed),
    (
        "jabhat al nusra|nusrah",
        "Hayat Tahrir al-Sham",
        Kind::Armed,
    ),
    ("jabhat fateh al sham", "Hayat Tahrir al-Sham", Kind::Armed),
    (
        "hezbollah|hizbollah|hizballah|hizbullah",
        "Hezbollah",
        Kind::Armed,
    ),
    (
        "national defence|defense forces",
        "National Defence Forces",
        Kind::Armed,
    ),
    ("ndf", "National Defence Forces", Kind::Armed),
    ("syrian national army", "Syrian National Army", Kind::Armed),
    ("sna|jws", "Syrian National Army", Kind::Armed),
    ("asayish|asayesh", "Asayish", Kind::Armed),
    ("pkk", "Kurdistan Workers' Party", Kind::Armed),
    // One name per pattern: "houthi|houthis ansar allah" would read as "houthi allah".
    ("houthi|houthis", "Houthis", Kind::Armed),
    ("ansar allah", "Houthis", Kind::Armed),
    (
        "houthi forces|militants|fighters|militia|militias",
        "Houthis",
        Kind::Armed,
    ),
    ("pmf|hashd", "Popular Mobilization Forces", Kind::Armed),
    (
        "popular mobilization|mobilisation forces|units",
        "Popular Mobilization Forces",
        Kind::Armed,
    ),
    ("al qaeda|qaida", "Al Qaeda", Kind::Armed),
    ("aqap", "Al Qaeda", Kind::Armed),
    (
        "rebel|rebels|insurgents",
        "Opposition Rebels ({c})",
        Kind::Armed,
    ),
    (
        "rebel|opposition factions|fighters|groups|forces",
        "Opposition Rebels ({c})",
        Kind::Armed,
    ),
    ("armed opposition", "Opposition Rebels ({c})", Kind::Armed),
    ("opposition", "Opposition Rebels ({c})", Kind::Armed),
    // Unidentified armed men.
    (
        "unknown|unidentified|masked gunmen|gunman|assailants|assailant|attackers|attacker",
        "Unidentified Armed Group ({c})",
        Kind::Armed,
    ),
    (
        "unknown|unidentified armed men|group|groups|persons",
        "Unidentified Armed Group ({c})",
        Kind::Armed,
    ),
    (
        "gunmen|gunman",
        "Unidentified Armed Group ({c})",
        Kind::Armed,
    ),
    ("armed men", "Unidentified Armed Group ({c})", Kind::Armed),
    // Civilians, protesters, rioters: only ever the ones acted on, or the ones protesting.
    ("civilian|civilians", "Civilians ({c})", Kind::Civilian),
    (
        "people|residents|villagers|inhabitants|citizens",
        "Civilians ({c})",
        Kind::Civilian,
    ),
    (
        "protesters|protestors|demonstrators|protester|protestor",
        "Protesters ({c})",
        Kind::Protester,
    ),
    ("rioters", "Rioters ({c})", Kind::Rioter),
];

/// Words after a demonym that make it the state's forces: "Russian warplanes".
const MILITARY_NOUNS: &[&str] = &[
    "forces",
    "force",
    "army",
    "troops",
    "soldiers",
    "military",
    "warplanes",
    "warplane",
    "jets",
    "aircraft",
    "aircrafts",
    "helicopters",
    "drones",
    "drone",
    "artillery",
    "navy",
    "air",
    "airstrikes",
    "planes",
    "gunboats",
    "tanks",
];

/// Acronyms that are also English words: they count only in capitals.
const CAPITALS_ONLY: &[&str] = &["is", "us", "sna", "saa", "hts", "sdf", "ndf", "pmf"];

/// An actor named in a sentence (a place named in one is a [`crate::model::Mention`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMention {
    pub first: usize,
    pub last: usize,
    pub name: String,
    pub kind: Kind,
}

/// Fills `{c}` with the country's name, or leaves it out when unknown.
pub fn name_for(template: &str, country: Option<&str>) -> String {
    match country {
        Some(c) => template.replace(C, c),
        None => template
            .replace(" ({c})", "")
            .replace(" of {c}", "")
            .replace(C, ""),
    }
}

/// Every actor named in the sentence, in order. `country` is the name of the country the
/// report is about; `country_name` names a country from its ISO code (for demonyms).
pub fn find(
    toks: &[Token<'_>],
    s: &Sentence,
    country: Option<&str>,
    country_name: &dyn Fn(&str) -> Option<String>,
) -> Vec<ActorMention> {
    named(&spans(toks, s, country_name), country)
}

/// Where an actor is named in a sentence, before its name is filled in for a country.
/// Which words name an actor does not depend on the country, so incident extraction finds
/// the spans of a sentence once ([`spans`]) and names them for each country it asks about
/// ([`named`]): it had matched every sentence's words against the actor table up to three
/// times.
#[derive(Debug, Clone)]
pub struct ActorSpan {
    pub first: usize,
    pub last: usize,
    name: Naming,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Naming {
    /// A name of the actor table, `{c}` standing for the country.
    Template(&'static str),
    /// A name already whole ("Military Forces of Turkey" for "Turkish warplanes").
    Whole(String),
}

/// The actors of `spans`, named for `country` (see [`name_for`]).
pub fn named(spans: &[ActorSpan], country: Option<&str>) -> Vec<ActorMention> {
    spans
        .iter()
        .map(|a| ActorMention {
            first: a.first,
            last: a.last,
            name: match &a.name {
                Naming::Template(t) => name_for(t, country),
                Naming::Whole(n) => n.clone(),
            },
            kind: a.kind,
        })
        .collect()
}

/// The spans of every actor named in the sentence, in order ([`find`] without the names).
pub fn spans(
    toks: &[Token<'_>],
    s: &Sentence,
    country_name: &dyn Fn(&str) -> Option<String>,
) -> Vec<ActorSpan> {
    let mut out = Vec::new();
    let mut i = s.first;
    while i < s.last {
        let t = &toks[i];
        // "Russian warplanes", "Turkish-backed"? only with a military noun after it.
        if let Some(cc) = words::demonym_country(t.lower()) {
            if let Some(n) = toks
                .get(i + 1)
                .filter(|n| i + 1 < s.last && n.gap == Gap::Space)
            {
                if MILITARY_NOUNS.contains(&n.lower()) {
                    if let Some(name) = country_name(cc) {
                        out.push(ActorSpan {
                            first: i,
                            last: i + 1,
                            name: Naming::Whole(format!("Military Forces of {name}")),
                            kind: Kind::State,
                        });
                        i += 2;
                        continue;
                    }
                }
            }
        }
        static COMPILED: std::sync::OnceLock<super::phrase::Compiled> = std::sync::OnceLock::new();
        let table = COMPILED
            .get_or_init(|| super::phrase::Compiled::new(ACTORS.iter().map(|(p, _, _)| *p)));
        let best = table
            .longest_at(toks, i, s.last)
            .map(|(k, l)| (l, ACTORS[k].1, ACTORS[k].2));
        let Some((last, template, kind)) = best else {
            i += 1;
            continue;
        };
        let single = i == last;
        let capitals_ok = !(single && CAPITALS_ONLY.contains(&t.lower()))
            || t.text.chars().all(|c| c.is_uppercase() || c == '.');
        // "regime-held", "ISIL-affiliated", "pro-regime": a name hyphenated to another word
        // describes that word.
        let hyphened = toks
            .get(last + 1)
            .is_some_and(|n| n.gap.is_hyphen() && last + 1 < s.last)
            || (i > s.first && t.gap.is_hyphen() && !toks[i - 1].article);
        if capitals_ok && !hyphened {
            out.push(ActorSpan {
                first: i,
                last,
                name: Naming::Template(template),
                kind,
            });
        }
        i = last + 1;
    }
    out
}

/// Words before a name that make it the target, not the doer.
const TARGET_BEFORE: &[&str] = &[
    "against",
    "with",
    "on",
    "targeting",
    "targeted",
    "target",
    "at",
    "from",
    "toward",
    "towards",
    "among",
    "upon",
    "into",
];

/// Words before a name that make it a helper: "supported by", "backed by".
const SUPPORT_BEFORE: &[&str] = &[
    "supported",
    "backed",
    "support",
    "alongside",
    "allied",
    "aided",
    "assisted",
    "affiliated",
    "loyal",
    "linked",
];

/// Words before a name that make it the owner of the weapon named before it, so the doer:
/// "warplanes believed to belong to the regime", "drones belonging to the coalition".
const OWNER_BEFORE: &[&str] = &["belong", "belongs", "belonged", "belonging"];

/// Words after a name that make it a source of information, not a party.
const SPEAKER_AFTER: &[&str] = &[
    "source|sources",
    "activist|activists",
    "media",
    "official|officials",
    "spokesman|spokeswoman|spokesperson",
    "said|says|told|stated|reported|claimed|announced|confirmed|added",
    "linked|affiliated|backed",
];

/// The word before `i` that is not "the", "a", an adjective-ish filler.
fn word_before(toks: &[Token<'_>], s: &Sentence, i: usize) -> Option<usize> {
    let mut j = i;
    while j > s.first {
        j -= 1;
        if !matches!(
            toks[j].lower(),
            "the" | "a" | "an" | "its" | "their" | "local" | "some"
        ) {
            return Some(j);
        }
    }
    None
}

fn is_speaker(toks: &[Token<'_>], s: &Sentence, m: &ActorMention) -> bool {
    let after = toks
        .get(m.last + 1)
        .filter(|_| m.last + 1 < s.last)
        .is_some_and(|t| {
            static SET: std::sync::OnceLock<super::phrase::WordSet> = std::sync::OnceLock::new();
            SET.get_or_init(|| super::phrase::WordSet::new(SPEAKER_AFTER))
                .contains(t.lower())
        });
    let before = (s.first..m.first).rev().take(4).any(|j| {
        matches!(
            toks[j].lower(),
            "according" | "leader" | "commander" | "member" | "spokesman"
        )
    });
    after || before
}

fn preceded_by(toks: &[Token<'_>], s: &Sentence, m: &ActorMention, list: &[&str]) -> bool {
    word_before(toks, s, m.first).is_some_and(|j| list.contains(&toks[j].lower()))
}

/// Is there a passive verb between the name and the trigger ("a soldier was shot")?
fn passive_between(toks: &[Token<'_>], from: usize, to: usize) -> bool {
    from < to
        && toks[from..to]
            .iter()
            .any(|t| matches!(t.lower(), "was" | "were" | "been" | "being"))
}

/// The parties to the event named by the trigger at word `trigger`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roles {
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    /// Index of the actor1 mention, if any.
    pub agent: Option<usize>,
}

/// Assign actor1 and actor2 from the sentence's actor mentions.
pub fn roles(toks: &[Token<'_>], s: &Sentence, ms: &[ActorMention], trigger: usize) -> Roles {
    let mut r = Roles::default();
    let usable = |m: &ActorMention| !is_speaker(toks, s, m);
    // "clashes between A and B"
    for (k, a) in ms.iter().enumerate() {
        if a.kind.armed()
            && word_before(toks, s, a.first).is_some_and(|j| toks[j].lower() == "between")
        {
            if let Some(b) = ms[k + 1..]
                .iter()
                .find(|b| b.kind.armed() && b.name != a.name)
            {
                r.actor1 = Some(a.name.clone());
                r.actor2 = Some(b.name.clone());
                r.agent = Some(k);
                return r;
            }
        }
    }
    // "clashes between the Houthis and X" with only X known: still the second party.
    let between = ms.iter().position(|m| {
        m.kind.armed()
            && word_before(toks, s, m.first).is_some_and(|j| {
                toks[j].lower() == "and"
                    && (s.first..j)
                        .rev()
                        .take(6)
                        .any(|k| toks[k].lower() == "between")
            })
    });
    // "shelling by the regime", "killed by unknown gunmen"; "jets belonging to the regime"
    let owner = ms.iter().position(|m| {
        m.kind.armed()
            && usable(m)
            && word_before(toks, s, m.first).is_some_and(|j| {
                let j = if toks[j].lower() == "to" {
                    word_before(toks, s, j)
                } else {
                    Some(j)
                };
                j.is_some_and(|j| OWNER_BEFORE.contains(&toks[j].lower()))
            })
    });
    let by = ms.iter().position(|m| {
        m.kind.armed()
            && usable(m)
            && word_before(toks, s, m.first).is_some_and(|j| {
                toks[j].lower() == "by"
                    && !word_before(toks, s, j)
                        .is_some_and(|k| SUPPORT_BEFORE.contains(&toks[k].lower()))
            })
    });
    // Otherwise the first armed party before the trigger that is not a target, a helper, a
    // source or a passive subject.
    let subject = || {
        ms.iter().position(|m| {
            m.first < trigger
                && m.kind.armed()
                && usable(m)
                && !preceded_by(toks, s, m, TARGET_BEFORE)
                && !preceded_by(toks, s, m, SUPPORT_BEFORE)
                && !preceded_by(toks, s, m, &["by"])
                && !passive_between(toks, m.last + 1, trigger)
        })
    };
    r.agent = by.or(owner).or_else(subject);
    if let Some(k) = r.agent {
        r.actor1 = Some(ms[k].name.clone());
    }
    // The party acted on: a target, a passive subject, or the first party after the trigger.
    let agent_name = r.actor1.clone();
    let other = |m: &ActorMention| Some(&m.name) != agent_name.as_ref() && usable(m);
    let target = ms
        .iter()
        .enumerate()
        .filter(|(k, m)| Some(*k) != r.agent && other(m))
        .find(|(k, m)| {
            Some(*k) == between
                || (m.kind.armed() && preceded_by(toks, s, m, TARGET_BEFORE))
                || (m.first < trigger && passive_between(toks, m.last + 1, trigger))
        })
        .or_else(|| {
            ms.iter().enumerate().find(|(k, m)| {
                Some(*k) != r.agent
                    && other(m)
                    && m.first > trigger
                    && !preceded_by(toks, s, m, SUPPORT_BEFORE)
                    && !preceded_by(toks, s, m, &["by", "and"])
            })
        });
    if let Some((_, m)) = target {
        if !matches!(m.kind, Kind::Protester | Kind::Rioter) || r.actor1.is_some() {
            r.actor2 = Some(m.name.clone());
        }
    }
    r
}

/// Who a killing or a shooting hit: civilians or armed men.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Victim {
    Civilian,
    Armed,
    Unknown,
}

/// Nouns for people who are not fighters.
const CIVILIAN_NOUNS: &[&str] = &[
    "civilian*",
    "man",
    "men",
    "woman",
    "women",
    "child",
    "children",
    "boy*",
    "girl*",
    "baby",
    "family",
    "families",
    "farmer*",
    "shepherd*",
    "journalist*",
    "doctor*",
    "teacher*",
    "resident*",
    "villager*",
    "citizen*",
    "displaced",
    "worker*",
    "pharmacist*",
    "engineer*",
    "student*",
    "elder*",
    "youth*",
    "people",
    "person*",
    "nurse*",
    "trader*",
    "merchant*",
    "driver*",
    "passenger*",
    "prisoner*",
    "detainee*",
    "protester*",
    "demonstrator*",
];

/// Nouns for fighters and military targets.
const ARMED_NOUNS: &[&str] = &[
    "fighter*",
    "soldier*",
    "militant*",
    "member*",
    "commander*",
    "leader*",
    "officer*",
    "militiam*",
    "element*",
    "recruit*",
    "guard*",
    "patrol*",
    "checkpoint*",
    "position*",
    "convoy*",
    "vehicle*",
    "tank*",
    "base*",
    "headquarter*",
    "sniper*",
    "troop*",
    "personnel",
    "policem*",
    "gunm*",
    "jihadist*",
    "emir*",
    "military",
    "point*",
    "post",
    "posts",
    "barrier*",
    "outpost*",
    "cell",
    "cells",
    "rebel*",
    "insurgent*",
    "forces",
];

/// The victims of a killing or shooting at word `trigger`: the nouns right after it (the
/// object), or before it in a passive ("a civilian was shot").
pub fn victim(
    toks: &[Token<'_>],
    s: &Sentence,
    ms: &[ActorMention],
    trigger: usize,
    trigger_last: usize,
) -> Victim {
    let kind_at = |j: usize| -> Option<Victim> {
        if let Some(m) = ms.iter().find(|m| m.first <= j && j <= m.last) {
            return Some(if m.kind.armed() {
                Victim::Armed
            } else {
                Victim::Civilian
            });
        }
        let w = toks[j].lower();
        if ARMED_NOUNS.iter().any(|p| word_matches(p, w)) {
            return Some(Victim::Armed);
        }
        if CIVILIAN_NOUNS.iter().any(|p| word_matches(p, w)) {
            return Some(Victim::Civilian);
        }
        None
    };
    let after_end = (trigger_last + 10).min(s.last);
    for (j, t) in toks
        .iter()
        .enumerate()
        .take(after_end)
        .skip(trigger_last + 1)
    {
        if t.gap == Gap::Stop || (j > trigger_last + 1 && matches!(t.lower(), "in" | "near")) {
            break;
        }
        if let Some(v) = kind_at(j) {
            return v;
        }
    }
    let start = trigger.saturating_sub(6).max(s.first);
    // "a JWS member's body was found": the dead are named before the body.
    let body = matches!(toks[trigger].lower(), "body" | "bodies");
    if body || passive_between(toks, start, trigger) {
        for j in (start..trigger).rev() {
            if let Some(v) = kind_at(j) {
                return v;
            }
        }
    }
    Victim::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;
    use crate::incident::sentences::split;

    fn names(cc: &str) -> Option<String> {
        Some(
            match cc {
                "SY" => "Syria",
                "RU" => "Russia",
                "TR" => "Turkey",
                _ => return None,
            }
            .to_string(),
        )
    }

    fn run(text: &str, trigger: &str) -> (Vec<String>, Roles, Victim) {
        let toks = tokenize(text);
        let s = &split(text, &toks)[0];
        let ms = find(&toks, s, Some("Syria"), &names);
        let t = toks.iter().position(|t| t.lower() == trigger).unwrap();
        let r = roles(&toks, s, &ms, t);
        let v = victim(&toks, s, &ms, t, t);
        (ms.into_iter().map(|m| m.name).collect(), r, v)
    }

    #[test]
    fn regime_names_are_one_actor() {
        for text in [
            "The regime shelled the town.",
            "Assad regime forces shelled the town.",
            "The Syrian regime's warplanes shelled the town.",
            "Government forces shelled the town.",
            "The Syrian army shelled the town.",
            "Regime forces shelled the town.",
        ] {
            let (_, r, _) = run(text, "shelled");
            assert_eq!(
                r.actor1.as_deref(),
                Some("Military Forces of Syria"),
                "{text}"
            );
        }
    }

    #[test]
    fn groups_and_acronyms() {
        let (found, _, _) = run(
            "ISIL, IS, Daesh, the FSA, SDF and YPG fighters, HTS, Russian warplanes and Turkish forces is here.",
            "here",
        );
        assert_eq!(
            found,
            [
                "Islamic State",
                "Islamic State",
                "Islamic State",
                "Free Syrian Army",
                "Syrian Democratic Forces",
                "People's Protection Units",
                "Hayat Tahrir al-Sham",
                "Military Forces of Russia",
                "Military Forces of Turkey"
            ]
        );
    }

    #[test]
    fn hyphenated_names_describe_other_words() {
        let (found, _, _) = run(
            "ISIL-affiliated militants entered regime-held areas.",
            "entered",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn between_by_and_passive() {
        let (_, r, _) = run(
            "Clashes took place between the SDF and IS fighters near the town.",
            "clashes",
        );
        assert_eq!(r.actor1.as_deref(), Some("Syrian Democratic Forces"));
        assert_eq!(r.actor2.as_deref(), Some("Islamic State"));

        let (_, r, v) = run(
            "A regime soldier was shot dead by unknown gunmen in the town.",
            "shot",
        );
        assert_eq!(
            r.actor1.as_deref(),
            Some("Unidentified Armed Group (Syria)")
        );
        assert_eq!(r.actor2.as_deref(), Some("Military Forces of Syria"));
        assert_eq!(v, Victim::Armed);

        let (_, r, v) = run(
            "Regime forces, supported by Russian warplanes, shot two civilians at a checkpoint.",
            "shot",
        );
        assert_eq!(r.actor1.as_deref(), Some("Military Forces of Syria"));
        assert_eq!(r.actor2.as_deref(), Some("Civilians (Syria)"));
        assert_eq!(v, Victim::Civilian);
    }

    #[test]
    fn sources_are_not_parties() {
        let (_, r, _) = run(
            "FSA-linked sources said ISIL fighters attacked the village.",
            "attacked",
        );
        assert_eq!(r.actor1.as_deref(), Some("Islamic State"));
    }

    #[test]
    fn victims_by_their_nouns() {
        assert_eq!(
            run("Gunmen killed a young shepherd near the well.", "killed").2,
            Victim::Civilian
        );
        assert_eq!(
            run("Gunmen shot a leader of the 4th Division.", "shot").2,
            Victim::Armed
        );
        assert_eq!(run("Gunmen shot at the house.", "shot").2, Victim::Unknown);
    }
}
