//! Fatalities as ACLED counts them: deaths only, never the wounded or "casualties" (which
//! include the wounded), and conservatively: "tens" is 10, "dozens" 12, "hundreds" 100, a
//! range its lower end, "at least N" N, "a man" 1. Deaths said to have happened without a
//! number ("several", "an unknown number", "fatalities were reported") are 10, ACLED's code
//! for an unspecified plural toll. A report that says nothing about deaths leaves the count
//! unknown (0, with `known` false); one that says "no fatalities" knows it is 0. A stated
//! total ("fatalities coded as 12", "total fatalities: 12") is the whole event's count and
//! replaces what the sentences before it added up.

use super::phrase::word_matches;
use super::sentences::Sentence;
use crate::geoparse::tokens::{Gap, Token};

/// What a sentence says about deaths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    pub fatalities: u32,
    pub known: bool,
    /// The sentence states the event's total, not one part of it.
    pub total: bool,
    /// The toll is split evenly between this many events (places), each coded with its
    /// share; 0 when not split.
    pub split: u32,
}

impl Count {
    pub const UNKNOWN: Count = Count {
        fatalities: 0,
        known: false,
        total: false,
        split: 0,
    };

    pub fn known(n: u32) -> Count {
        Count {
            fatalities: n,
            known: true,
            total: false,
            split: 0,
        }
    }

    /// The count of one of the events a split toll is shared between: the whole deaths of
    /// an even share, rounded down as ACLED counts conservatively.
    pub fn per_event(self) -> Count {
        match self.split {
            0 | 1 => self,
            n => Count {
                fatalities: self.fatalities / n,
                split: 0,
                ..self
            },
        }
    }
}

/// ACLED's count for deaths reported without a number: "several", "many", "plural".
const VAGUE: u32 = 10;

/// The largest toll believed for one incident. The deadliest single events ACLED and UCDP
/// code (Rwanda 1994 coded as a few events, the Halabja and Hiroshima strikes) stay well
/// under a million deaths, so a larger number is a misread (a population, a sum of money,
/// a phone number) and the toll is unknown rather than wrong by orders of magnitude.
pub const MAX_TOLL: u32 = 1_000_000;

/// Death words whose victims come after them: "killing five", "the death of five people",
/// "claimed the lives of 12".
const DEATH_BEFORE_COUNT: &[&str] = &[
    "killing|killed|kills|kill|executing|executed|murdering|murdered|slaughtering|slaughtered",
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
    "killed|murdered|executed|slain|assassinated|beheaded|decapitated|slaughtered",
    "dead|deaths",
    "died|die|dies|succumbed",
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
    "head",
    "chief",
    "general",
    "colonel",
    "lieutenant",
    "captain",
    "sergeant",
    "brigadier",
    "figure",
    "reporter",
    "photographer",
    "operator",
    "victim",
    "escort",
    "relative",
    "bomber",
    "individual",
    "mayor",
    "governor",
    "deputy",
    "spokesman",
    "bodyguard",
    "cameraman",
    "correspondent",
    "associate",
];

/// Words that end the noun phrase of a victim: "a regime officer in Daraa", "a man who".
const PHRASE_END: &[&str] = &[
    "in", "on", "at", "near", "who", "which", "that", "and", "with", "from", "while", "after",
    "during", "by", "for", "of", "as", "when", "before", "to", "inside", "outside", "along",
    "amid", "between", "west", "east", "north", "south", "was", "were", "is", "are", "had", "has",
    "have", "using",
];

/// Words for the wounded, which a count joined to the dead's may be about.
fn is_wound_word(w: &str) -> bool {
    w.starts_with("injur")
        || w.starts_with("wound")
        || matches!(
            w,
            "hurt" | "maimed" | "maiming" | "captured" | "detained" | "arrested"
        )
}

/// A person word in the noun phrase from `from` (at most 8 words, to the phrase's end):
/// its index and whether it is plural. "a regime Air Force Intelligence member" finds
/// "member"; "IS fighters" finds "fighters", plural.
fn person_in(toks: &[Token<'_>], from: usize, end: usize) -> Option<(usize, bool)> {
    let stop = (from + 8).min(end);
    // A capitalised plural is most often inside a name: "a Syrian Democratic Forces
    // fighter" is one fighter.
    let mut in_name = None;
    for (k, t) in toks.iter().enumerate().take(stop).skip(from) {
        let w = t.lower();
        if PHRASE_END.contains(&w)
            || (k > from
                && (matches!(t.gap, Gap::Stop | Gap::Comma) || (t.gap == Gap::Other && w != "s")))
        {
            break;
        }
        if PERSON.contains(&w) {
            return Some((k, false));
        }
        if is_person_word(w) {
            if t.cap {
                in_name = in_name.or(Some((k, true)));
                continue;
            }
            return Some((k, true));
        }
    }
    in_name
}

/// A number said in words without a figure, at `i`: "several", "many", "a number of",
/// "an unknown number of", "an undetermined number of". Returns the index of its last word.
fn vague_at(toks: &[Token<'_>], i: usize, end: usize) -> Option<usize> {
    let w = |k: usize| (k < end).then(|| toks[k].lower());
    let mut k = i;
    if matches!(w(k), Some("a" | "an")) {
        k += 1;
    }
    match w(k)? {
        "several" | "many" | "numerous" => (k == i).then_some(k),
        "unknown" | "undetermined" | "unspecified" | "unconfirmed" | "large" | "uncertain" => {
            (w(k + 1) == Some("number")).then_some(k + 1)
        }
        "number" if k > i => Some(k),
        _ => None,
    }
}

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
                // Beyond u32 the number is far past any toll: keep reading its groups (so
                // they are not read as numbers of their own) and let it stand at the top.
                Ok(x) => {
                    v = v
                        .checked_mul(1000)
                        .and_then(|v| v.checked_add(x))
                        .unwrap_or(u32::MAX)
                }
                Err(_) => break,
            }
            last += 1;
        }
        (v, last)
    } else if let Some(v) = word_number(w) {
        // "twenty-five"
        match toks.get(i + 1).filter(|n| i + 1 < end && n.gap.is_hyphen()) {
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
            "several" | "numerous" => (VAGUE, i),
            "many" if i == 0 || toks[i - 1].lower() != "how" => (VAGUE, i),
            "number"
                if i > 0
                    && matches!(
                        toks[i - 1].lower(),
                        "a" | "unknown" | "undetermined" | "unspecified" | "unconfirmed"
                    ) =>
            {
                (VAGUE, i)
            }
            "thousands" => (1000, i),
            _ => return None,
        }
    };
    // "hundreds of", "dozens of"
    if n >= 10
        && matches!(
            w,
            "dozens"
                | "tens"
                | "hundreds"
                | "thousands"
                | "several"
                | "numerous"
                | "many"
                | "number"
        )
    {
        return Some((n, last));
    }
    // "10-15", "10 to 15", "10 or 15": the lower.
    if let Some(next) = toks.get(last + 1).filter(|_| last + 1 < end) {
        let between = i > 0 && toks[i - 1].lower() == "between";
        let range_word = (matches!(next.lower(), "to" | "or")
            || (between && next.lower() == "and"))
            && next.gap == Gap::Space;
        let hyphen_digits = next.gap.is_hyphen() && next.lower().parse::<u32>().is_ok();
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
            && ((toks[j].gap.is_hyphen() && is_num(j - 1))
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
/// "about"), for "killing at least five", "the death of 5 people", "killing a young man",
/// with the counts joined to it: "killing a man and a child" (2), "killing 2 soldiers, as
/// well as an unknown number of militiamen" (12), but not "killing 2 and 5 were wounded".
fn count_after(toks: &[Token<'_>], text: &str, i: usize, end: usize) -> Option<(Count, usize)> {
    let mut j = i + 1;
    // "killing and injuring five": the number mixes dead and wounded; "killing and injuring
    // several" says some died, which ACLED codes as a plural toll all the same.
    if toks.get(j).is_some_and(|t| t.lower() == "and") {
        let mut k = j + 1;
        if k < end && is_wound_word(toks[k].lower()) {
            k += 1;
            while k < end && matches!(toks[k].lower(), "of" | "the") {
                k += 1;
            }
            if let Some(l) = vague_at(toks, k, end) {
                return Some((Count::known(VAGUE), l));
            }
        }
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
    // "assassinated using small arms fire a commander": the weapon, then the victims.
    if toks[j].lower() == "using" {
        j = (j + 1..(j + 6).min(end)).find(|&k| {
            matches!(toks[k].lower(), "a" | "an") || number_at(toks, text, k, end).is_some()
        })?;
    }
    // "killed the man responsible": one.
    let after_the = j > i + 1 && toks[j - 1].lower() == "the";
    // Bare plurals ("killing IS fighters") only right after the verb: past "of the" they
    // are too often someone else ("the killing of ... by gunmen").
    let verb = matches!(
        toks[i].lower(),
        "killing" | "killed" | "kills" | "kill" | "executing" | "executed" | "slaughtering"
    );
    // "assassinated Abu Ali, the leader of ...": a name is one person.
    let assassinated = toks[i].lower().starts_with("assassinat") && j == i + 1;
    let named = || {
        let run = (j..end.min(j + 4))
            .take_while(|&k| toks[k].cap && (k == j || toks[k].gap == Gap::Space))
            .count();
        (run >= 2 && person_in(toks, j, end).is_none()).then_some((1, j + run - 1))
    };
    let (mut n, mut last) = victims_at(toks, text, j, end, after_the, verb && j == i + 1)
        .or_else(|| if assassinated { named() } else { None })?;
    // Counts joined to the first: "and 2 rebels", ", as well as a civilian", "along with".
    let mut k = last + 1;
    while k < end && k <= last + 8 && toks[k].gap != Gap::Stop {
        let joiner = match toks[k].lower() {
            "and" => Some(k + 1),
            "along" if k + 1 < end && toks[k + 1].lower() == "with" => Some(k + 2),
            "as" if k + 2 < end && toks[k + 1].lower() == "well" && toks[k + 2].lower() == "as" => {
                Some(k + 3)
            }
            "in" if k + 2 < end
                && toks[k + 1].lower() == "addition"
                && toks[k + 2].lower() == "to" =>
            {
                Some(k + 3)
            }
            _ => None,
        };
        if let Some(m) = joiner {
            let m = if m < end && toks[m].lower() == "the" {
                m + 1
            } else {
                m
            };
            let after_the = m > 0 && toks[m - 1].lower() == "the";
            let more = (m < end && !is_wound_word(toks[m].lower()))
                .then(|| victims_at(toks, text, m, end, after_the, false))
                .flatten()
                // "... and 5 were wounded", "and 3 others injured": not dead.
                .filter(|&(_, l)| !(m..(l + 4).min(end)).any(|x| is_wound_word(toks[x].lower())));
            if let Some((c, l)) = more {
                n = n.saturating_add(c);
                last = l;
                k = l + 1;
                continue;
            }
            break;
        }
        if toks[k].gap == Gap::Comma {
            break;
        }
        k += 1;
    }
    Some((Count::known(n), last))
}

/// The victims named at word `j`: a number ("5", "five", "dozens"), a vague plural
/// ("several", "an unknown number of"), one person ("a young man", "him", "the driver",
/// "a regime Air Force Intelligence member"), or people without a number ("IS fighters",
/// a plural: ACLED's 10). The count and the index of its last word.
fn victims_at(
    toks: &[Token<'_>],
    text: &str,
    j: usize,
    end: usize,
    after_the: bool,
    bare_plural: bool,
) -> Option<(u32, usize)> {
    let mut j = j;
    if let Some(l) = vague_at(toks, j, end) {
        return Some((VAGUE, l));
    }
    if matches!(toks[j].lower(), "a" | "an")
        && !toks
            .get(j + 1)
            .is_some_and(|t| matches!(t.lower(), "dozen" | "hundred"))
    {
        // "a young man", "an elderly civilian": one person.
        return person_in(toks, j + 1, end)
            .filter(|&(_, plural)| !plural)
            .map(|(k, _)| (1, k));
    }
    if matches!(toks[j].lower(), "a" | "an") {
        j += 1;
    }
    if is_date_part(toks, j) {
        return None;
    }
    // "shooting and killing him"
    if matches!(toks[j].lower(), "him" | "her") {
        return Some((1, j));
    }
    if let Some(found) = number_at(toks, text, j, end) {
        return Some(found);
    }
    // "killed the man responsible", "killing his brother": one; "killing IS fighters":
    // some, unnumbered.
    let owner = matches!(toks[j].lower(), "his" | "her" | "their" | "its");
    let from = j + usize::from(owner);
    let ordinal = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty()
            && digits.len() < w.len()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th")
    };
    match person_in(toks, from, end) {
        // "assassinated 4th Division member"
        Some((k, false)) if after_the || owner || toks[from].cap || ordinal(toks[from].lower()) => {
            Some((1, k))
        }
        // "killing both men"
        Some((k, true)) if toks[j].lower() == "both" => Some((2, k)),
        Some((k, true)) if bare_plural && !after_the && !owner && k <= from + 3 => Some((VAGUE, k)),
        _ => None,
    }
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
    // Victims named after a joiner: "14 fighters as well as a civilian were killed".
    let mut tail: u32 = 0;
    let died = matches!(
        toks[i].lower(),
        "died" | "die" | "dies" | "dead" | "succumbed"
    );
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
        if toks[j].lower() == "as" && j >= start + 2 && toks[j - 1].lower() == "well" {
            if let Some((n, _)) =
                victims_at(toks, text, j + 1, i, toks[j + 1].lower() == "the", false)
            {
                tail = tail.saturating_add(n);
                j -= 2;
                continue;
            }
        }
        // "7 soldiers, including an officer, were killed": the aside is part of the 7.
        if toks[j].lower() == "including" && toks[j].gap == Gap::Comma && j > start {
            crossed_clause = true;
            tail = 0;
            continue;
        }
        if matches!(
            toks[j].lower(),
            "including" | "among" | "while" | "after" | "when" | "but" | "as" | "no" | "without"
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
                // "2 Hezbollah and 1 Iranian fighter were killed", "a rebel fighter and
                // one civilian died": add the count before.
                let more = (from.saturating_sub(3).max(start)..from)
                    .rev()
                    .find(|&k| toks[k].lower() == "and")
                    .and_then(|k| {
                        (k.saturating_sub(6).max(start)..k).find_map(|m| {
                            let the = m > 0 && toks[m - 1].lower() == "the";
                            victims_at(toks, text, m, k, the, false)
                                .filter(|_| !is_date_part(toks, m))
                        })
                    })
                    .map_or(0, |(m, _)| m);
                return Some(Count::known(n.saturating_add(more).saturating_add(tail)));
            }
        }
        // "He died of his wounds", "she succumbed to her injuries": one.
        if died && j + 2 >= i && matches!(toks[j].lower(), "he" | "she") {
            return Some(Count::known(tail.saturating_add(1)));
        }
        // "Division commander was assassinated", "the QSD fighter succumbed": a singular
        // person right before the verb is one.
        if j + 1 == i
            && PERSON.contains(&toks[j].lower())
            && (died || i >= 2 && toks[i - 1].lower() == "was")
        {
            return Some(Count::known(tail.saturating_add(1)));
        }
        if j + 2 == i
            && PERSON.contains(&toks[j].lower())
            && matches!(toks[j + 1].lower(), "was" | "has" | "had")
        {
            return Some(Count::known(tail.saturating_add(1)));
        }
        // "A regime officer was killed", "an IS fighter died of his wounds", "leaving the
        // driver dead": one.
        if (matches!(toks[j].lower(), "a" | "an")
            || (toks[j].lower() == "the" && !toks[j..i].iter().any(|t| t.lower() == "were")))
            && person_in(toks, j + 1, i).is_some_and(|(_, plural)| !plural)
            && (died || (j + 1..i).any(|k| matches!(toks[k].lower(), "was" | "been")))
        {
            return Some(Count::known(tail.saturating_add(1)));
        }
    }
    None
}

/// A word for people, singular or plural: "fighter", "fighters", "militiamen", "people".
fn is_person_word(w: &str) -> bool {
    PERSON.contains(&w)
        || w.strip_suffix('s').is_some_and(|x| PERSON.contains(&x))
        || w.ends_with("men")
        || matches!(
            w,
            "people"
                | "children"
                | "women"
                | "civilians"
                | "persons"
                | "forces"
                | "troops"
                | "personnel"
                | "elements"
                | "staff"
        )
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
    if near("no", &["information", "reports", "report"], 2) && has("fatalities") {
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
    // "Fatalities were reported", "unknown fatalities", "fatalities are assumed": deaths
    // without a number, ACLED's plural toll. Casualties may all be wounded.
    if words.iter().any(|w| matches!(*w, "fatalities" | "deaths")) {
        return Some(Count::known(VAGUE));
    }
    if about_deaths
        && words
            .iter()
            .any(|w| matches!(*w, "unknown" | "unspecified" | "unclear"))
    {
        return Some(Count::UNKNOWN);
    }
    None
}

/// A total the sentence states for the whole event: "Fatalities coded as 12", "Unknown
/// fatalities coded to 10", "Total fatalities: 5".
fn stated_total(toks: &[Token<'_>], text: &str, s: &Sentence) -> Option<Count> {
    let (first, last) = (s.first, s.last);
    let about = (first..last).any(|k| {
        let w = toks[k].lower();
        w.starts_with("fatalit") || matches!(w, "deaths" | "killed" | "dead")
    });
    if !about {
        return None;
    }
    // "coded as 10 and split between the two locations", "distributed over the activities
    // in A, B and C": each event's share is an even part of the total.
    // (The verb of a toll: "split between", "distributed over"; not "to split the pocket".)
    if let Some(at) = (first..last).find(|&k| {
        matches!(
            toks[k].lower(),
            "split" | "spread" | "distributed" | "divided"
        ) && !(k > first && toks[k - 1].lower() == "to")
            && !toks
                .get(k + 1)
                .is_some_and(|t| matches!(t.lower(), "the" | "a" | "an" | "its" | "their"))
    }) {
        let parts = split_parts(toks, text, at, last).filter(|&n| n >= 2);
        let Some(parts) = parts else {
            return Some(Count::UNKNOWN);
        };
        let coded = (first..last)
            .find(|&k| toks[k].lower() == "coded")
            .and_then(|c| (c + 1..(c + 4).min(last)).find_map(|k| number_at(toks, text, k, last)))
            .map(|(n, _)| n);
        // "10 fatalities split between 3 events"
        let before = (first..at).find_map(|k| {
            let (n, l) = number_at(toks, text, k, at)?;
            toks.get(l + 1)
                .is_some_and(|t| t.lower().starts_with("fatalit") || t.lower() == "deaths")
                .then_some(n)
        });
        let n = coded.or(before);
        return Some(Count {
            fatalities: n.unwrap_or(0),
            known: n.is_some(),
            total: true,
            split: parts,
        });
    }
    // "for a total fatality count of 16" says the total even after "coded to 10".
    let total_at = (first..last).find(|&k| {
        toks[k].lower() == "total"
            && toks.get(k + 1).is_some_and(|t| {
                let n = t.lower();
                n.starts_with("fatalit") || n.starts_with("death") || n == "toll"
            })
    });
    let at = total_at.or_else(|| (first..last).find(|&k| toks[k].lower() == "coded"))?;
    let n = (at + 1..(at + 6).min(last)).find_map(|k| {
        (!is_date_part(toks, k))
            .then(|| number_at(toks, text, k, last))
            .flatten()
    });
    // "coded as an additional 10": a part added to the counts before, not the total.
    if (at + 1..(at + 4).min(last)).any(|k| {
        matches!(
            toks[k].lower(),
            "additional" | "another" | "further" | "extra"
        )
    }) {
        return None;
    }
    let n = match n {
        Some((n, _)) => n,
        // "5 fatalities in total", "a total of 5 deaths"
        None if toks[at].lower() == "total" => {
            (first..at)
                .chain(at + 1..last)
                .find_map(|k| {
                    (!is_date_part(toks, k))
                        .then(|| number_at(toks, text, k, last))
                        .flatten()
                })?
                .0
        }
        None => return None,
    };
    Some(Count {
        fatalities: n,
        known: true,
        total: true,
        split: 0,
    })
}

/// Between how many events the split toll at word `at` is shared: "between the two
/// locations", "across 3 events", "in half", or the places listed after "between",
/// "among", "across" or "in" ("over the activities in A, B and C": 3).
fn split_parts(toks: &[Token<'_>], text: &str, at: usize, last: usize) -> Option<u32> {
    let window = at + 1..(at + 8).min(last);
    for k in window.clone() {
        let w = toks[k].lower();
        if w == "half" {
            return Some(2);
        }
        if matches!(
            w,
            "locations" | "events" | "places" | "areas" | "incidents" | "sites" | "villages"
        ) && k > 0
        {
            if let Some((n, _)) = number_at(toks, text, k - 1, k) {
                return Some(n);
            }
            if toks[k - 1].lower() == "both" {
                return Some(2);
            }
        }
    }
    let list_from = window
        .clone()
        .find(|&k| matches!(toks[k].lower(), "between" | "among" | "across" | "in"))?;
    let mut items = 0;
    let mut expect = true;
    for t in &toks[list_from + 1..last] {
        let w = t.lower();
        if matches!(t.gap, Gap::Comma) || w == "and" {
            expect = true;
            if w == "and" {
                continue;
            }
        }
        if expect && t.cap {
            items += 1;
            expect = false;
        } else if expect && !matches!(w, "the" | "and") {
            break;
        }
    }
    (items >= 2).then_some(items)
}

/// Is the death word at `i` about another event or none: "after the killing of a civilian",
/// "over the previous killing of a commander", "in revenge for the death of", "in order to
/// kill", "an attempt to assassinate".
fn not_this_event(toks: &[Token<'_>], s: &Sentence, i: usize) -> bool {
    let w = |back: usize| (i >= s.first + back).then(|| toks[i - back].lower());
    match toks[i].lower() {
        "kill" | "assassinate" | "execute" | "behead" => w(1) == Some("to"),
        "killing" | "death" | "assassination" | "murder" | "execution" => {
            let mut k = 1;
            while matches!(
                w(k),
                Some("the" | "previous" | "earlier" | "recent" | "his" | "her")
            ) {
                k += 1;
            }
            k > 1
                && matches!(
                    w(k),
                    Some("after" | "following" | "over" | "for" | "avenge" | "since" | "against")
                )
        }
        _ => false,
    }
}

/// What the sentence `s` says about deaths: the sum of the counts it gives (counts after
/// "including" or "among them" are part of another and not added), else whether it says no
/// one died, else unknown. A toll above [`MAX_TOLL`] is unknown.
pub fn count(toks: &[Token<'_>], text: &str, s: &Sentence) -> Count {
    let c = count_as_read(toks, text, s);
    if c.fatalities > MAX_TOLL {
        Count::UNKNOWN
    } else {
        c
    }
}

fn count_as_read(toks: &[Token<'_>], text: &str, s: &Sentence) -> Count {
    use std::sync::OnceLock;
    static DEATH_BEFORE: OnceLock<super::phrase::WordSet> = OnceLock::new();
    static COUNT_BEFORE: OnceLock<super::phrase::WordSet> = OnceLock::new();
    let death_before_count =
        DEATH_BEFORE.get_or_init(|| super::phrase::WordSet::new(DEATH_BEFORE_COUNT));
    let count_before_death =
        COUNT_BEFORE.get_or_init(|| super::phrase::WordSet::new(COUNT_BEFORE_DEATH));
    if let Some(t) = stated_total(toks, text, s) {
        return t;
    }
    let mut total: Option<u32> = None;
    // Words up to here already gave a count; a death word among them adds nothing.
    let mut used_upto = s.first;
    let mut i = s.first;
    let prev = |k: usize, back: usize| (k >= s.first + back).then(|| toks[k - back].lower());
    while i < s.last {
        let w = toks[i].lower();
        let mut found = None;
        let shot_dead = w == "dead" && matches!(prev(i, 1), Some("shot" | "gunned"));
        if not_this_event(toks, s, i) {
            i += 1;
            continue;
        }
        if shot_dead || death_before_count.contains(w) {
            found = count_after(toks, text, i, s.last);
        }
        // "shot him dead", "led to his death": one.
        let one = match w {
            "dead" => {
                matches!(prev(i, 1), Some("him" | "her"))
                    && matches!(prev(i, 2), Some("shot" | "gunned"))
            }
            "death" => matches!(prev(i, 1), Some("his" | "her")),
            _ => false,
        };
        if found.is_none() && one {
            found = Some((Count::known(1), i));
        }
        // "stabbed to death": the victims come before.
        if found.is_none() && w == "death" && prev(i, 1) == Some("to") {
            found = count_before(toks, text, s, i, used_upto).map(|c| (c, i));
        }
        // "a soldier's body was found": one.
        if found.is_none()
            && total.is_none()
            && w == "body"
            && !matches!(prev(i, 1), Some("his" | "her" | "the"))
            && (i + 1..(i + 5).min(s.last)).any(|k| {
                matches!(
                    toks[k].lower(),
                    "found" | "discovered" | "recovered" | "retrieved"
                )
            })
        {
            found = Some((Count::known(1), i));
        }
        if found.is_none() && count_before_death.contains(w) {
            found = count_before(toks, text, s, i, used_upto).map(|c| (c, i));
        }
        if let Some((c, last)) = found {
            total = Some(total.unwrap_or(0).saturating_add(c.fatalities));
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
    fn implausible_tolls_are_unknown_not_wrapped() {
        // 5,000,000,000 wrapped around u32 to 705,032,704 before.
        assert_eq!(c("The bombing killed 5,000,000,000 people."), (0, false));
        assert_eq!(
            c("5,000,000,000 people were killed in the strike."),
            (0, false)
        );
        assert_eq!(
            c("The raid killed 4,294,967,295 people and 4,294,967,295 soldiers."),
            (0, false)
        );
        assert_eq!(c("The bombing killed 2,000,000 people."), (0, false));
        assert_eq!(c("The bombing killed 1,000,000 people."), (1_000_000, true));
        assert_eq!(c("The bombing killed 1,200 people."), (1200, true));
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
    fn one_person_named_at_length() {
        assert_eq!(
            c("Gunmen shot and killed a regime Air Force Intelligence officer near the bakery."),
            (1, true)
        );
        assert_eq!(c("Gunmen stormed the shop and shot him dead."), (1, true));
        assert_eq!(
            c("A commander was stabbed to death in the market."),
            (1, true)
        );
        assert_eq!(c("An officer died of his wounds a week later."), (1, true));
        assert_eq!(c("The blast left the driver dead."), (1, true));
        assert_eq!(c("A farmer's body was found in an orchard."), (1, true));
        assert_eq!(
            c("The body of a shepherd was found near the dam, killed by gunmen."),
            (1, true)
        );
        assert_eq!(c("The sniper fire led to his death."), (1, true));
    }

    #[test]
    fn joined_victims_add_up_but_not_the_wounded() {
        assert_eq!(c("The ambush killed a young man and a child."), (2, true));
        assert_eq!(
            c("The raid killed two soldiers and injured five."),
            (2, true)
        );
        assert_eq!(
            c("Clashes killed 3 soldiers and 5 were wounded."),
            (3, true)
        );
        assert_eq!(
            c("The strike killed one guard, as well as seriously injuring the drivers."),
            (1, true)
        );
        assert_eq!(
            c("The attack killed the head of the council and 3 of his guards."),
            (4, true)
        );
        assert_eq!(
            c("Sixteen fighters as well as a nurse were killed in the shelling."),
            (17, true)
        );
        assert_eq!(c("Three guards were killed by gunmen."), (3, true));
        assert_eq!(
            c("The shelling killed two fighters in the ranks of the rebels and one woman."),
            (3, true)
        );
        assert_eq!(
            c("Militants ambushed the convoy, killing both men."),
            (2, true)
        );
    }

    #[test]
    fn earlier_killings_and_aims_are_not_this_events_deaths() {
        assert_eq!(
            c("Tribesmen stormed the village after the killing of one of their members."),
            (0, false)
        );
        assert_eq!(
            c("Guards detained two men over the previous killing of a commander."),
            (0, false)
        );
        assert_eq!(
            c("Gunmen attacked a checkpoint in order to kill an officer."),
            (0, false)
        );
        assert_eq!(
            c("Rebels captured Base 111 with no injuries or fatalities reported."),
            (0, true)
        );
        assert_eq!(
            c("Two men's bodies were found near the road, killed by gunmen."),
            (2, true)
        );
    }

    #[test]
    fn one_victim_without_an_article() {
        assert_eq!(
            c("The 20th Brigade commander was assassinated in the city."),
            (1, true)
        );
        assert_eq!(
            c("Gunmen assassinated using small arms fire a commander in the market."),
            (1, true)
        );
        assert_eq!(
            c("Gunmen assassinated using small arms fire 2 regime members near the bakery."),
            (2, true)
        );
        assert_eq!(
            c("Gunmen assassinated 9th Division member near a school."),
            (1, true)
        );
        assert_eq!(
            c("Militants assassinated Abu Omar Hadid, a local commander, in his village."),
            (1, true)
        );
        assert_eq!(c("He died later from his wounds."), (1, true));
        assert_eq!(
            c("Gunmen shot and killed a Syrian Democratic Forces fighter near the river."),
            (1, true)
        );
        assert_eq!(
            c("The wounded guard succumbed to his injuries a week later."),
            (1, true)
        );
        assert_eq!(
            c("At least 7 regime forces, including an officer, were killed."),
            (7, true)
        );
        assert_eq!(
            c("2 fighters, including the leader of a rebel brigade, were killed in the clashes."),
            (2, true)
        );
    }

    #[test]
    fn deaths_without_a_number_are_ten() {
        assert_eq!(
            c("Rebels repelled the attack, killing and injuring several soldiers."),
            (10, true)
        );
        assert_eq!(c("An unknown number of militants were killed."), (10, true));
        assert_eq!(
            c("The shelling killed 2 fighters, as well as an unknown number of militiamen."),
            (12, true)
        );
        assert_eq!(c("Fatalities were reported on both sides."), (10, true));
        assert_eq!(c("The raid killed militants hiding in a farm."), (10, true));
        assert_eq!(
            c("The raid ended the killing of civilians by the gang."),
            (0, false)
        );
    }

    #[test]
    fn a_stated_total_is_the_events_count() {
        let toks_total = |text: &str| {
            let toks = tokenize(text);
            let s = &split(text, &toks)[0];
            let c = count(&toks, text, s);
            (c.fatalities, c.known, c.total)
        };
        assert_eq!(
            toks_total("Unknown fatalities coded as 10."),
            (10, true, true)
        );
        assert_eq!(
            toks_total("Total fatalities coded to 12."),
            (12, true, true)
        );
        assert_eq!(toks_total("Total fatalities: 7."), (7, true, true));
        assert_eq!(
            toks_total(
                "Unknown fatalities on the other side coded to 10 for a total fatality count of 16."
            ),
            (16, true, true)
        );
        assert_eq!(
            toks_total(
                "At least 16 soldiers were killed in addition to an unknown number of rebel fatalities, coded as an additional 10."
            ),
            (26, true, false)
        );
        // A part of the toll, not the total.
        assert_eq!(
            toks_total("2 fighters were killed and a total of 5 civilians were killed."),
            (7, true, false)
        );
        let shared = |text: &str| {
            let toks = tokenize(text);
            let s = &split(text, &toks)[0];
            let c = count(&toks, text, s);
            (c.fatalities, c.known, c.split, c.per_event().fatalities)
        };
        assert_eq!(
            shared("Fatalities coded as 10 and split between the two villages."),
            (10, true, 2, 5)
        );
        assert_eq!(
            shared("Unknown fatalities coded to 10, and split between three locations."),
            (10, true, 3, 3)
        );
        assert_eq!(
            shared(
                "Distributed fatalities over the activities in Tel Hamis, Abu Rasin and Jwadiyah."
            ),
            (0, false, 3, 0)
        );
        assert_eq!(
            shared("7 fatalities split in half between the two fronts."),
            (7, true, 2, 3)
        );
        assert_eq!(
            shared(
                "The advance killed 4 fighters and managed to split the besieged pocket in two."
            ),
            (4, true, 0, 4)
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
        assert_eq!(c("The number of casualties is unknown."), (0, false));
        assert_eq!(
            c("Clashes broke out on 3 June 2021 in the town."),
            (0, false)
        );
    }
}
