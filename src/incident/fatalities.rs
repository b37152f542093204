//! Fatalities as ACLED counts them: deaths only, never the wounded or "casualties" (which
//! include the wounded), and conservatively: "tens" is 10, "dozens" 12, "hundreds" 100, a
//! range its lower end, "at least N" N, "a man" 1. A report that says nothing about deaths
//! leaves the count unknown (0, with `known` false); one that says "no fatalities" knows
//! it is 0.

use super::phrase::word_matches;
use super::sentences::Sentence;
use crate::geoparse::tokens::{Gap, Token};

/// What a sentence says about deaths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    pub fatalities: u32,
    pub known: bool,
}

impl Count {
    pub const UNKNOWN: Count = Count {
        fatalities: 0,
        known: false,
    };

    fn known(n: u32) -> Count {
        Count {
            fatalities: n,
            known: true,
        }
    }
}

/// Death words whose victims come after them: "killing five", "the death of five people",
/// "claimed the lives of 12".
const DEATH_BEFORE_COUNT: &[&str] = &[
    "killing|killed|kills|kill|executing|executed|murdering|murdered",
    "assassinated|assassinating|assassinate|assassination",
    "beheaded|beheading|decapitated|decapitating",
    "bodies|body",
    "death|deaths",
    "lives",
    "toll",
];

/// Death words whose victims come before them: "five people were killed", "12 dead",
/// "3 deaths", "1 fatality".
const COUNT_BEFORE_DEATH: &[&str] = &[
    "killed|murdered|executed|slain|assassinated|beheaded|decapitated",
    "dead|deaths",
    "died|die",
    "fatality|fatalities",
    "bodies",
    "martyred|martyrs",
];

/// Nouns for people, for "killing a man" (1) and "killing a young shepherd".
const PERSON: &[&str] = &[
    "man",
    "medic",
    "paramedic",
    "woman",
    "child",
    "boy",
    "girl",
    "civilian",
    "person",
    "fighter",
    "soldier",
    "member",
    "leader",
    "commander",
    "officer",
    "militant",
    "guard",
    "driver",
    "journalist",
    "activist",
    "doctor",
    "teacher",
    "farmer",
    "shepherd",
    "protester",
    "policeman",
    "worker",
    "elder",
    "citizen",
    "resident",
    "youth",
    "militiaman",
    "element",
    "prisoner",
    "pharmacist",
    "engineer",
    "student",
    "nurse",
    "baby",
    "infant",
    "detainee",
    "recruit",
    "emir",
    "jihadist",
    "sniper",
    "rebel",
    "insurgent",
    "gunman",
    "official",
    "cadre",
    "operative",
    "defector",
    "volunteer",
    "conscript",
    "pilot",
    "shopkeeper",
    "trader",
    "merchant",
    "brother",
    "son",
    "father",
    "mother",
    "wife",
    "husband",
    "lawyer",
    "judge",
    "imam",
    "sheikh",
    "mukhtar",
    "dignitary",
    "notable",
    "tribesman",
    "smuggler",
];

fn word_number(w: &str) -> Option<u32> {
    const UNITS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const TENS: [(&str, u32); 7] = [
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
    ];
    if let Some(n) = UNITS.iter().position(|u| *u == w) {
        return Some(n as u32);
    }
    TENS.iter().find(|(t, _)| *t == w).map(|(_, n)| *n)
}

/// A number at word `i`: the value and the index of its last word. Handles "5", "1,200",
/// "five", "twenty-five", "a dozen", "dozens", "tens", "hundreds", "10-15", "10 to 15".
fn number_at(toks: &[Token<'_>], text: &str, i: usize, end: usize) -> Option<(u32, usize)> {
    let t = &toks[i];
    let w = t.lower();
    let (mut n, mut last) = if let Ok(v) = w.parse::<u32>() {
        // "1,200": a comma right between digit groups.
        let mut v = v;
        let mut last = i;
        while last + 1 < end
            && &text[toks[last].byte_end..toks[last + 1].byte_start] == ","
            && toks[last + 1].text.len() == 3
        {
            match toks[last + 1].lower().parse::<u32>() {
                Ok(x) => v = v * 1000 + x,
                Err(_) => break,
            }
            last += 1;
        }
        (v, last)
    } else if let Some(v) = word_number(w) {
        // "twenty-five"
        match toks
            .get(i + 1)
            .filter(|n| i + 1 < end && n.gap == Gap::Hyphen)
        {
            Some(u) if v >= 20 && v % 10 == 0 => match word_number(u.lower()) {
                Some(x) if x < 10 => (v + x, i + 1),
                _ => (v, i),
            },
            _ => (v, i),
        }
    } else {
        match w {
            "dozen" if i > 0 && matches!(toks[i - 1].lower(), "a" | "one") => (12, i),
            "dozens" => (12, i),
            "tens" => (10, i),
            "hundreds" => (100, i),
            "hundred" if i > 0 && toks[i - 1].lower() == "a" => (100, i),
            "between" => return number_at(toks, text, i + 1, end),
            "thousands" => (1000, i),
            _ => return None,
        }
    };
    // "hundreds of", "dozens of"
    if n >= 10 && matches!(w, "dozens" | "tens" | "hundreds" | "thousands") {
        return Some((n, last));
    }
    // "10-15", "10 to 15", "10 or 15": the lower.
    if let Some(next) = toks.get(last + 1).filter(|_| last + 1 < end) {
        let between = i > 0 && toks[i - 1].lower() == "between";
        let range_word = (matches!(next.lower(), "to" | "or")
            || (between && next.lower() == "and"))
            && next.gap == Gap::Space;
        let hyphen_digits = next.gap == Gap::Hyphen && next.lower().parse::<u32>().is_ok();
        if hyphen_digits {
            let m: u32 = next.lower().parse().unwrap_or(n);
            n = n.min(m);
            last += 1;
        } else if range_word && last + 2 < end {
            if let Some((m, l)) = number_at(toks, text, last + 2, end) {
                n = n.min(m);
                last = l;
            }
        }
    }
    Some((n, last))
}

/// Where the number that ends at word `j` starts: "twenty-five", "1,200", "10-15",
/// "10 to 15", "between 10 and 15".
fn start_of_number(toks: &[Token<'_>], text: &str, j: usize, floor: usize) -> usize {
    let is_num = |k: usize| {
        let w = toks[k].lower();
        w.parse::<u32>().is_ok() || word_number(w).is_some()
    };
    let mut j = j;
    loop {
        let joined = j > floor
            && ((toks[j].gap == Gap::Hyphen && is_num(j - 1))
                || (&text[toks[j - 1].byte_end..toks[j].byte_start] == ","
                    && toks[j].text.len() == 3
                    && toks[j - 1].lower().parse::<u32>().is_ok()));
        if joined {
            j -= 1;
        } else if j >= floor + 2
            && matches!(toks[j - 1].lower(), "to" | "or" | "and")
            && is_num(j - 2)
            && (toks[j - 1].lower() != "and"
                || (j >= floor + 3 && toks[j - 3].lower() == "between"))
        {
            j -= 2;
        } else {
            return j;
        }
    }
}

/// Is word `i` a year, a day of a month, or a time, not a count?
fn is_date_part(toks: &[Token<'_>], i: usize) -> bool {
    let month = |j: usize| {
        toks.get(j)
            .is_some_and(|t| super::dates::month_number(t.lower()).is_some())
    };
    let w = toks[i].lower();
    (w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1900..2100).contains(&y)))
        || month(i + 1)
        || (i > 0 && month(i - 1))
}

/// A count of people right after word `i` (skipping "at least", "more than", "some",
/// "about"), for "killing at least five", "the death of 5 people", "killing a young man".
fn count_after(toks: &[Token<'_>], text: &str, i: usize, end: usize) -> Option<(Count, usize)> {
    let mut j = i + 1;
    // "killing and injuring five": the number mixes dead and wounded.
    if toks.get(j).is_some_and(|t| t.lower() == "and") {
        return None;
    }
    let mut skipped = 0;
    while j < end && skipped < 4 {
        let w = toks[j].lower();
        if matches!(
            w,
            "of" | "at"
                | "least"
                | "more"
                | "than"
                | "over"
                | "about"
                | "around"
                | "nearly"
                | "almost"
                | "some"
                | "up"
                | "to"
                | "the"
                | "rose"
                | "reached"
                | "approximately"
        ) {
            j += 1;
            skipped += 1;
            continue;
        }
        break;
    }
    if j >= end || toks[j].gap == Gap::Stop {
        return None;
    }
    if matches!(toks[j].lower(), "a" | "an")
        && !toks
            .get(j + 1)
            .is_some_and(|t| matches!(t.lower(), "dozen" | "hundred"))
    {
        // "a young man", "an elderly civilian": one person.
        let one = (j + 1..(j + 4).min(end)).find(|&k| PERSON.contains(&toks[k].lower()));
        return one.map(|k| (Count::known(1), k));
    }
    if matches!(toks[j].lower(), "a" | "an") {
        j += 1;
    }
    if is_date_part(toks, j) {
        return None;
    }
    // "killed the man responsible": one.
    if PERSON.contains(&toks[j].lower()) && j > i + 1 && toks[j - 1].lower() == "the" {
        return Some((Count::known(1), j));
    }
    // "shooting and killing him"
    if matches!(toks[j].lower(), "him" | "her") {
        return Some((Count::known(1), j));
    }
    let (mut n, mut last) = number_at(toks, text, j, end)?;
    // "3 soldiers and 2 rebels": a second count joined to the first.
    let mut k = last + 1;
    while k < end && k <= last + 3 && !matches!(toks[k].gap, Gap::Stop | Gap::Comma) {
        if toks[k].lower() == "and" {
            if let Some((m, l)) = (k + 1 < end)
                .then(|| number_at(toks, text, k + 1, end))
                .flatten()
            {
                n += m;
                last = l;
            }
            break;
        }
        k += 1;
    }
    Some((Count::known(n), last))
}

/// A count of people before word `i` in the same clause: "five people were killed",
/// "2 QSD fighters were killed", "12 dead".
fn count_before(
    toks: &[Token<'_>],
    text: &str,
    s: &Sentence,
    i: usize,
    floor: usize,
) -> Option<Count> {
    let start = i.saturating_sub(12).max(s.first).max(floor);
    let mut j = i;
    let mut crossed_clause = false;
    while j > start {
        if toks[j].gap == Gap::Stop {
            break;
        }
        // A comma may set off an aside ("1 media activist, likely covering the clashes,
        // was killed"); past one the count must name people.
        if matches!(toks[j].gap, Gap::Comma | Gap::Other) && j < i {
            crossed_clause = true;
        }
        j -= 1;
        if matches!(
            toks[j].lower(),
            "including" | "among" | "while" | "after" | "when" | "but" | "as"
        ) {
            break;
        }
        if is_date_part(toks, j) {
            continue;
        }
        let from = start_of_number(toks, text, j, start);
        if let Some((n, last)) = number_at(toks, text, from, i) {
            // The count must run into the death word through nouns and verbs, not
            // another clause: "5 killed", "five people were killed", "1 fatality".
            let names_people = (last + 1..i).any(|k| is_person_word(toks[k].lower()));
            if last < i && (!crossed_clause || names_people) {
                if matches!(toks[j].lower(), "a" | "an")
                    && !toks
                        .get(j + 1)
                        .is_some_and(|t| matches!(t.lower(), "dozen" | "hundred"))
                {
                    continue;
                }
                // "2 Hezbollah and 1 Iranian fighter were killed": add the count before.
                let more = (from.saturating_sub(3).max(start)..from)
                    .rev()
                    .find(|&k| toks[k].lower() == "and")
                    .and_then(|k| {
                        (k.saturating_sub(4).max(start)..k).find_map(|m| {
                            number_at(toks, text, m, k).filter(|_| !is_date_part(toks, m))
                        })
                    })
                    .map_or(0, |(m, _)| m);
                return Some(Count::known(n + more));
            }
        }
        if matches!(toks[j].lower(), "a" | "an")
            && (j + 1..i).any(|k| PERSON.contains(&toks[k].lower()))
            && (j + 1..i).any(|k| matches!(toks[k].lower(), "was" | "been"))
        {
            return Some(Count::known(1));
        }
    }
    None
}

/// A word for people, singular or plural: "fighter", "fighters", "militiamen", "people".
fn is_person_word(w: &str) -> bool {
    PERSON.contains(&w)
        || w.strip_suffix('s').is_some_and(|x| PERSON.contains(&x))
        || w.ends_with("men")
        || matches!(w, "people" | "children" | "women" | "civilians" | "persons")
}

/// Phrases that say no one died, or that the number of dead is not known.
fn stated_none_or_unknown(toks: &[Token<'_>], s: &Sentence) -> Option<Count> {
    let words: Vec<&str> = toks[s.first..s.last].iter().map(|t| t.lower()).collect();
    let has = |w: &str| words.contains(&w);
    let near = |a: &str, bs: &[&str], span: usize| {
        words.iter().enumerate().any(|(k, w)| {
            *w == a
                && words[k + 1..(k + 1 + span).min(words.len())]
                    .iter()
                    .any(|x| bs.iter().any(|b| word_matches(b, x)))
        })
    };
    let death_nouns = [
        "fatalities",
        "fatality",
        "deaths",
        "casualties",
        "dead",
        "killed",
        "one",
        "death",
    ];
    let about_deaths = words.iter().any(|w| {
        w.starts_with("fatalit")
            || w.starts_with("casualt")
            || matches!(*w, "death" | "deaths" | "dead" | "killed")
    });
    if (about_deaths
        && words
            .iter()
            .any(|w| matches!(*w, "unknown" | "unspecified" | "unclear")))
        || (has("fatalities") && has("assumed"))
        || (near("no", &["information", "reports", "report"], 2) && has("fatalities"))
    {
        return Some(Count::UNKNOWN);
    }
    if near("no", &death_nouns, 3)
        || near("neither", &death_nouns, 4)
        || near("nor", &["fatalit*", "deaths", "casualties"], 1)
        || near("without", &["casualties", "fatalities", "deaths"], 2)
        || (has("nobody") || has("noone")) && (has("killed") || has("died"))
    {
        return Some(Count::known(0));
    }
    None
}

/// What the sentence `s` says about deaths: the sum of the counts it gives (counts after
/// "including" or "among them" are part of another and not added), else whether it says no
/// one died, else unknown.
pub fn count(toks: &[Token<'_>], text: &str, s: &Sentence) -> Count {
    use std::sync::OnceLock;
    static DEATH_BEFORE: OnceLock<super::phrase::WordSet> = OnceLock::new();
    static COUNT_BEFORE: OnceLock<super::phrase::WordSet> = OnceLock::new();
    let death_before_count =
        DEATH_BEFORE.get_or_init(|| super::phrase::WordSet::new(DEATH_BEFORE_COUNT));
    let count_before_death =
        COUNT_BEFORE.get_or_init(|| super::phrase::WordSet::new(COUNT_BEFORE_DEATH));
    let mut total: Option<u32> = None;
    // Words up to here already gave a count; a death word among them adds nothing.
    let mut used_upto = s.first;
    let mut i = s.first;
    while i < s.last {
        let w = toks[i].lower();
        let mut found = None;
        let shot_dead =
            w == "dead" && i > s.first && matches!(toks[i - 1].lower(), "shot" | "gunned");
        if shot_dead || death_before_count.contains(w) {
            found = count_after(toks, text, i, s.last);
        }
        if found.is_none() && count_before_death.contains(w) {
            found = count_before(toks, text, s, i, used_upto).map(|c| (c, i));
        }
        if let Some((c, last)) = found {
            total = Some(total.unwrap_or(0) + c.fatalities);
            used_upto = last + 1;
            i = last + 1;
            continue;
        }
        i += 1;
    }
    match total {
        Some(n) => Count::known(n),
        None => stated_none_or_unknown(toks, s).unwrap_or(Count::UNKNOWN),
    }
}

/// Whether the sentence says anything at all about deaths (a count, "no fatalities",
/// "unknown fatalities"), so a following summary sentence can be credited to the event
/// before it.
pub fn mentioned(toks: &[Token<'_>], text: &str, s: &Sentence) -> bool {
    count(toks, text, s).known || stated_none_or_unknown(toks, s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;
    use crate::incident::sentences::split;

    fn c(text: &str) -> (u32, bool) {
        let toks = tokenize(text);
        let s = &split(text, &toks)[0];
        let c = count(&toks, text, s);
        (c.fatalities, c.known)
    }

    #[test]
    fn counts_deaths_conservatively() {
        assert_eq!(
            c("A car bomb exploded, causing the death of five people and some casualties."),
            (5, true)
        );
        assert_eq!(
            c("Gunmen shot dead a young shepherd near the well."),
            (1, true)
        );
        assert_eq!(
            c("Gunmen opened fire, killing a young shepherd near the well."),
            (1, true)
        );
        assert_eq!(c("At least 14 people were killed in the raid."), (14, true));
        assert_eq!(c("The strikes killed tens of civilians."), (10, true));
        assert_eq!(c("Shelling killed dozens of fighters."), (12, true));
        assert_eq!(c("Hundreds died in the assault."), (100, true));
        assert_eq!(c("Between 10 and 15 people died."), (10, true));
        assert_eq!(c("Reports said 10-15 dead."), (10, true));
        assert_eq!(c("Reports said 10 to 15 were killed."), (10, true));
        assert_eq!(c("The toll reached 1,200 dead."), (1200, true));
        assert_eq!(c("The bombing left twenty-five dead."), (25, true));
        assert_eq!(c("Airstrikes killed a dozen fighters."), (12, true));
        assert_eq!(c("Clashes killed 3 soldiers and 2 rebels."), (5, true));
        assert_eq!(
            c("The raid killed 7 people, including 2 children."),
            (7, true)
        );
        assert_eq!(c("Two fighters were killed. "), (2, true));
        assert_eq!(c("1 fatality."), (1, true));
        assert_eq!(
            c("During the fighting, 1 medic, who was treating the wounded, was killed."),
            (1, true)
        );
        assert_eq!(c("3 soldiers and 2 rebels were killed."), (5, true));
        assert_eq!(
            c("Gunmen ambushed him, shooting and killing him."),
            (1, true)
        );
        assert_eq!(
            c("In 2 attacks, villages were hit and houses were destroyed."),
            (0, false)
        );
    }

    #[test]
    fn casualties_and_injuries_are_not_deaths() {
        assert_eq!(
            c("Raids caused tens of casualties among civilians."),
            (0, false)
        );
        assert_eq!(c("Shelling wounded 12 people."), (0, false));
        assert_eq!(
            c("Warplanes struck the town, killing and injuring dozens."),
            (0, false)
        );
    }

    #[test]
    fn stated_zero_and_unknown() {
        assert_eq!(
            c("Neither injuries nor fatalities were reported."),
            (0, true)
        );
        assert_eq!(c("No casualties were reported."), (0, true));
        assert_eq!(c("There were no fatalities."), (0, true));
        assert_eq!(c("The number of fatalities is unknown."), (0, false));
        assert_eq!(
            c("Clashes broke out on 3 June 2021 in the town."),
            (0, false)
        );
    }
}
