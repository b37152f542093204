//! Finding the spans that name places: gazetteer names, facility names, and names a cue
//! phrase marks as places.

use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;

use super::tokens::{Gap, Token};
use super::words;
use crate::gazetteer::{self, Gazetteer};
use crate::model::Candidate;

/// How a span was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A gazetteer name.
    Name,
    /// A facility: a name ending in bridge, road, oil wells, base, ...
    Facility,
    /// A name a cue phrase lists as a place ("the neighbourhoods of X, Y and Z").
    Cued,
    /// A demonym ("Syrian", "Russian"): a mention of its country (ISO alpha-2 code) or
    /// continent (its English name, "Europe"), never an event location.
    Demonym(&'static str),
    /// A US state, Canadian province or Australian state by its abbreviation ("Mansfield,
    /// La.", "Columbus, OH", "Nelson, B.C.", "regional NSW"): its name and country code.
    State(&'static str, &'static str),
}

/// A span that names a place, before resolution. Token indices are inclusive.
#[derive(Debug, Clone)]
pub struct Draft {
    pub first: usize,
    pub last: usize,
    pub found: Found,
    /// The feature type the text gives it.
    pub feature: Option<&'static str>,
    /// An all-capitals short word (US, UAE, ARA): kept only if it names a country.
    pub acronym: bool,
    /// The gazetteer's candidates for a [`Found::Name`], found while detecting it.
    pub cands: Rc<Vec<Candidate>>,
}

/// Candidates per folded span, so a name repeated through an article is looked up once.
#[derive(Default)]
pub struct Memo {
    spans: FxHashMap<String, Rc<Vec<Candidate>>>,
    /// Candidates held in all: what the memory the memo takes grows with.
    candidates: usize,
}

/// The candidates of the span `first..=last`, memoised.
pub fn span_candidates(
    g: &Gazetteer,
    memo: &mut Memo,
    toks: &[Token<'_>],
    first: usize,
    last: usize,
) -> Rc<Vec<Candidate>> {
    // Folded into the thread's buffer: most probes find the span remembered, and need no
    // string of their own.
    thread_local! {
        static SPAN: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let folded = SPAN.with_borrow_mut(|span| {
        span.clear();
        fold_span_into(toks, first, last, span);
        memo.spans
            .get(span.as_str())
            .cloned()
            .ok_or_else(|| span.clone())
    });
    let folded = match folded {
        Ok(known) => return known,
        Err(new) => new,
    };
    let c = super::resolve::candidates_in(g, &folded, crate::gazetteer::Loose::WhenNothingRecorded);
    memo.candidates += c.len();
    memo.spans.insert(folded, c.clone());
    c
}

/// Tokens `first..=last` folded as the gazetteer folds a name.
fn span_folded(toks: &[Token<'_>], first: usize, last: usize) -> String {
    let mut folded = String::new();
    fold_span_into(toks, first, last, &mut folded);
    folded
}

/// [`span_folded`], appended to `out`.
fn fold_span_into(toks: &[Token<'_>], first: usize, last: usize, out: &mut String) {
    for (n, t) in toks[first..=last].iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(t.folded);
    }
}

/// Is tokens `first..=last` a name a user gazetteer records? The user wrote it down as a
/// place, so it is one whole span whatever its words look like elsewhere: "Tahrir Square"
/// (a group's word and a common noun), "White Helmets" (an organisation's name).
fn user_name(g: &Gazetteer, toks: &[Token<'_>], first: usize, last: usize) -> bool {
    g.has_user_places() && g.user_records(&span_folded(toks, first, last))
}

const MAX_WORDS: usize = 8;

fn joins(t: &Token<'_>) -> bool {
    t.gap.joins_words()
}

/// All drafts of an article, in text order, without overlaps.
pub fn detect(g: &Gazetteer, toks: &[Token<'_>]) -> Vec<Draft> {
    MEMO.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (id, memo) = &mut *cell;
        if *id != g.id() || memo.spans.len() > MEMO_MAX || memo.candidates > MEMO_MAX_CANDIDATES {
            *memo = Memo::default();
            *id = g.id();
        }
        detect_with(g, memo, toks)
    })
}

thread_local! {
    /// Candidates per folded span, kept per thread across articles: a corpus names the same
    /// towns again and again. Tied to one gazetteer's contents by its id.
    static MEMO: std::cell::RefCell<(u64, Memo)> = std::cell::RefCell::new((0, Memo::default()));
}

/// Spans the candidate memo may hold before it starts afresh (most hold no candidate: a
/// capitalised word that is no place)...
const MEMO_MAX: usize = 100_000;

/// ... and candidates: about 25 MB a thread.
const MEMO_MAX_CANDIDATES: usize = 100_000;

fn detect_with(g: &Gazetteer, memo: &mut Memo, toks: &[Token<'_>]) -> Vec<Draft> {
    let surnames = surnames(g, memo, toks);
    let mut drafts = names(g, memo, toks, &surnames);
    demonyms(toks, &mut drafts);
    states(toks, &mut drafts);
    facilities(toks, &mut drafts);
    cued_lists(toks, &mut drafts);
    counties(toks, &mut drafts);
    suffix_cues(toks, &mut drafts);
    organisations(g, memo, toks, &mut drafts);
    drafts.sort_by_key(|d| (d.first, d.last));
    drafts
}

/// A country, a province, a capital or a city of 100,000: a place well enough known that
/// organisations take its name.
fn well_known(c: &Candidate) -> bool {
    let code = c.place.feature_code.as_str();
    code.starts_with("PCL")
        || matches!(code, "ADM1" | "PPLC" | "PPLA")
        || c.place.population >= 100_000
}

/// Longest span of capitalised words an organisation's name may start with.
const ORG_PLACE_WORDS: usize = 3;

/// Places inside organisations' names: "The Washington Post", "Pakistan Army", "the New
/// York Times", "Northern Illinois University", "Springfield City Council". The name says
/// which place the organisation belongs to, not where anything happened: the geoparser
/// reports it with the feature "organisation", and neither the report's country nor its
/// incidents take anything from it. Only a well-known place (a country, a province, a
/// city) is read so, or a town whose name stands before "City Council", "City Hall" or
/// "City Commission": "Superior Court" and "Turner Construction" name no place.
fn organisations(g: &Gazetteer, memo: &mut Memo, toks: &[Token<'_>], drafts: &mut Vec<Draft>) {
    let covered = coverage(toks.len(), drafts);
    let mut found: Vec<Draft> = Vec::new();
    for f in 1..toks.len() {
        let tail = &toks[f];
        if !tail.cap || !joins(tail) || !words::is_org_tail(tail.lower()) {
            continue;
        }
        let city_office = tail.lower() == "city"
            && toks.get(f + 1).is_some_and(|n| {
                n.cap && joins(n) && matches!(n.lower(), "council" | "hall" | "commission")
            });
        // the longest span of capitalised words before the tail that names a place
        let lo = f.saturating_sub(ORG_PLACE_WORDS);
        let span = (lo..f).find_map(|i| {
            let words = &toks[i..f];
            let fits = words.iter().all(|t| t.cap && !t.article)
                && words[1..].iter().all(joins)
                && covered[i..f].iter().all(Option::is_none)
                && found.last().is_none_or(|d| d.last < i)
                && words::demonym_country(toks[i].lower()).is_none()
                && !(words.len() == 1
                    && (words::is_stop(toks[i].lower()) || words::is_given_name(toks[i].lower())));
            if !fits {
                return None;
            }
            let cands = span_candidates(g, memo, toks, i, f - 1);
            let best = cands.first().filter(|c| c.similarity >= 0.9)?;
            Some((i, cands.clone(), well_known(best) || city_office))
        });
        // The longest recorded name decides: "Loma Linda University" is not Linda's.
        let span = span.and_then(|(i, cands, known)| known.then_some((i, cands)));
        // Inside a longer capitalised name ("Stephen F. Austin University", "Guaranty Bon
        // Bank") the name is someone's or something's; a side of a place ("Northern
        // Illinois University") or the sentence's first word is not such a name.
        let span = span.filter(|&(i, _)| {
            let initial = i > 0 && toks[i - 1].cap && toks[i - 1].text.chars().count() == 1;
            i == 0
                || (matches!(toks[i].gap, Gap::Start | Gap::Stop) && !initial)
                || !toks[i - 1].cap
                || toks[i - 1].article
                || words::is_stop(toks[i - 1].lower())
                || words::COMPASS_ADJECTIVES.contains(&toks[i - 1].lower())
        });
        if let Some((first, cands)) = span {
            found.push(Draft {
                first,
                last: f - 1,
                found: Found::Name,
                feature: Some(super::resolve::ORGANISATION),
                acronym: false,
                cands,
            });
        }
    }
    drafts.extend(found);
}

/// Longest gazetteer names, left to right.
/// The words an article uses as surnames.
#[derive(Default)]
struct Surnames {
    /// Every surname, by any cue.
    any: FxHashSet<String>,
    /// Those a title, a middle initial or a given name and title mark, and that the article
    /// never puts after a preposition of place: "Mrs. Lincoln" is a person even though
    /// Lincoln is a state capital. Speech alone does not mark one ("Moscow said").
    marked: FxHashSet<String>,
}

impl Surnames {
    fn contains(&self, word: &str) -> bool {
        self.any.contains(word)
    }
}

/// Words the article uses as surnames: the second word of a two-word capitalised name that is
/// not itself a place and does not start with a place ("Tom Kelly", "Jacob Zuma").
fn surnames(g: &Gazetteer, memo: &mut Memo, toks: &[Token<'_>]) -> Surnames {
    let mut out: FxHashSet<String> = FxHashSet::default();
    let mut marked: FxHashSet<String> = FxHashSet::default();
    // The cues that make a single capitalised word a person wherever the article uses it:
    // a title before it ("Mrs. Parsons", "coach Ripley", "Lance Cpl. Josef Robinson"), a
    // middle initial before it ("Carol J. Gray") or after the given name before it ("Jerome
    // A. Gorman"), or speech after it ("Byrd recalled") when the article never puts the
    // word after a preposition of place ("authorities in Alberta said").
    // Words the article puts after a preposition of place, found in one pass: a huge report
    // must not be scanned again for every word that speaks.
    let placed: FxHashSet<&str> = toks
        .windows(2)
        .filter(|w| w[1].cap && joins(&w[1]) && words::LOCATIVE.contains(&w[0].lower()))
        .map(|w| w[1].lower())
        .collect();
    for i in 0..toks.len() {
        let y = &toks[i];
        if !y.cap || y.article || words::is_stop(y.lower()) || y.text.chars().count() < 2 {
            continue;
        }
        let prev = i.checked_sub(1).map(|k| &toks[k]);
        let initial = |t: &Token<'_>| t.text.len() == 1 && t.cap && t.text.is_ascii();
        let titled = prev.is_some_and(|x| {
            (x.cap && words::is_title_abbreviation(x.lower()) && y.gap == Gap::Stop)
                || (!x.cap && words::is_lower_title(x.lower()) && y.gap == Gap::Space)
        });
        let middle_initial = i >= 2
            && y.gap == Gap::Stop
            && initial(&toks[i - 1])
            && toks[i - 1].gap == Gap::Space
            && toks[i - 2].cap
            && !toks[i - 2].article;
        // "Judge Haywood Turner", "Jason Terrell Jones": a title or given name, then two
        // capitalised words: the last is a surname, whatever towns the middle one names.
        let three_words = i >= 2
            && y.gap == Gap::Space
            && toks[i - 1].gap == Gap::Space
            && toks[i - 1].cap
            && !toks[i - 1].article
            && toks[i - 2].cap
            && (words::is_person_head(toks[i - 2].lower())
                || words::is_given_name(toks[i - 2].lower()))
            && (i < 3 || !(toks[i - 2].gap == Gap::Space && toks[i - 3].cap))
            && toks.get(i + 1).is_none_or(|n| !(n.cap && joins(n)));
        if (titled || middle_initial || three_words) && !placed.contains(y.lower()) {
            marked.insert(y.lower().to_string());
        }
        if titled || middle_initial || three_words || speaker(toks, i, &placed) {
            out.insert(y.lower().to_string());
        }
        // "Jerome A. Gorman": a given name before a middle initial, and the surname after
        if i + 2 < toks.len()
            && toks
                .get(i + 1)
                .is_some_and(|t| initial(t) && t.gap == Gap::Space)
            && toks[i + 2].gap == Gap::Stop
            && toks[i + 2].cap
            && prev.is_none_or(|x| !(x.cap && joins(y)))
        {
            out.insert(y.lower().to_string());
        }
    }
    for i in 1..toks.len() {
        let (x, y) = (&toks[i - 1], &toks[i]);
        if !(x.cap && y.cap && y.gap == Gap::Space) || x.article || y.article {
            continue;
        }
        if words::is_stop(x.lower()) && !words::is_person_head(x.lower()) {
            continue;
        }
        // "the A429 Cirencester junction", "the M5 Gloucester exit": a road's or a code's
        // number is no given name.
        if x.text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let next_cap = toks.get(i + 1).is_some_and(|t| t.cap && joins(t));
        if next_cap || out.contains(y.lower()) {
            continue;
        }
        // A sentence's first word is capitalised whatever it is ("Downtown Greer, known
        // locally as ..."): there only a given name or a title makes a person.
        let sentence_start = matches!(x.gap, Gap::Start | Gap::Stop);
        if words::is_person_head(x.lower())
            || (!sentence_start
                && only_weak(&span_candidates(g, memo, toks, i - 1, i - 1))
                && only_weak(&span_candidates(g, memo, toks, i - 1, i)))
        {
            out.insert(y.lower().to_string());
        }
    }
    Surnames { any: out, marked }
}

/// Does the capitalised word at `i` speak ("Byrd said"), alone and never after a preposition
/// of place anywhere in the article (`placed`: the words that do come after one)?
fn speaker(toks: &[Token<'_>], i: usize, placed: &FxHashSet<&str>) -> bool {
    let y = &toks[i];
    let speaks = toks
        .get(i + 1)
        .is_some_and(|a| a.gap == Gap::Space && words::is_speech(a.lower()));
    let alone = (i == 0 || !(toks[i - 1].cap && joins(y)))
        && toks.get(i + 1).is_none_or(|n| !(n.cap && joins(n)));
    speaks && alone && !placed.contains(y.lower())
}

/// Are these candidates (if any) all weak: villages only the village layer knows, or
/// loose spellings? "Kevin" or "Jana" may be such a village somewhere, and that does not
/// stop "Kevin Sullivan" being a person.
fn only_weak(cands: &[Candidate]) -> bool {
    cands
        .iter()
        .all(|c| super::resolve::is_village_layer(c) || c.similarity < 0.75)
}

/// The `limit` best places recorded for a folded name, without context.
fn best_places(g: &Gazetteer, folded: &str, limit: usize) -> Vec<Candidate> {
    g.lookup(
        folded,
        &crate::gazetteer::Lookup {
            limit,
            ..Default::default()
        },
    )
}

/// Is the best place for this single word a prominent one (a country, a province, a city)?
fn prominent(g: &Gazetteer, t: &Token<'_>) -> bool {
    // A country or a first-level area under its own name ("California", whose score the
    // admin layer's missing population holds below a city's) is prominent as it stands;
    // not one named by a common word, which after a name is that name's generic part
    // ("the Al-Hoss Plateau" is no Nigerian state, "the Danube Delta" none either).
    // So is a continent, a region or a sea under its own name ("Europe added 24 GW").
    best_places(g, t.folded, 1).first().is_some_and(|c| {
        c.score >= 0.82
            || (c.similarity >= 0.99
                && c.place.is_area()
                && !GENERIC_AREA_WORDS.contains(&t.lower()))
    })
}

/// Common words that name first-level areas somewhere (Nigeria's Plateau and Delta, Kenya's
/// Coast, South Sudan's Lakes, Zambia's Central) and end many other names.
const GENERIC_AREA_WORDS: &[&str] = &[
    "plateau",
    "delta",
    "valley",
    "lakes",
    "lake",
    "coast",
    "heights",
    "hills",
    "mountains",
    "mountain",
    "desert",
    "plains",
    "plain",
    "highlands",
    "islands",
    "island",
    "river",
    "basin",
    "forest",
    "bay",
    "gulf",
    "sea",
    "central",
    "eastern",
    "western",
    "northern",
    "southern",
    "north",
    "south",
    "east",
    "west",
    "upper",
    "lower",
    "capital",
    "centre",
    "center",
    "littoral",
    "region",
    "interior",
    "border",
    "frontier",
    "mission",
    "federal",
];

/// "Rep. Mary Seifert, R-Marshall", "(D-Story City)": token `i` is a legislator's party
/// before the home town US papers give after a hyphen. Not a word of the town's name.
pub(super) fn party_initials(toks: &[Token<'_>], i: usize) -> bool {
    matches!(toks[i].text, "R" | "D" | "I" | "DFL")
        && matches!(toks[i].gap, Gap::Comma | Gap::Other)
        && toks.get(i + 1).is_some_and(|t| t.gap.is_hyphen() && t.cap)
}

fn names(g: &Gazetteer, memo: &mut Memo, toks: &[Token<'_>], surnames: &Surnames) -> Vec<Draft> {
    let mut out = Vec::new();
    let mut idx: Vec<usize> = Vec::with_capacity(MAX_WORDS);
    let mut walks = Vec::new();
    let mut complete: Vec<usize> = Vec::with_capacity(MAX_WORDS);
    let mut i = 0;
    while i < toks.len() {
        // A name never starts with a lower-case word that is not an article, unless a cue
        // ("the village of") stands before it.
        let t = &toks[i];
        if let Some(n) = operation_len(toks, i) {
            i += n;
            continue;
        }
        if party_initials(toks, i) {
            i += 1;
            continue;
        }
        if !t.cap && !t.article && !cue_before(toks, i) {
            if let Some(d) = compass_area(g, memo, toks, i) {
                i = d.last + 1;
                out.push(d);
            } else {
                i += 1;
            }
            continue;
        }
        idx.clear();
        let mut j = i;
        while j < toks.len() && j < i + MAX_WORDS {
            if j > i && !joins(&toks[j]) {
                break;
            }
            if !toks[j].article {
                idx.push(j);
            }
            j += 1;
        }
        if idx.is_empty() {
            i += 1;
            continue;
        }
        // The words' keys, fed one at a time to the name automata: `complete` holds the
        // numbers of words after which they spell a whole name. A word is keyed only when
        // some name goes on past the words before it: "Raqqa and its environs" stops at
        // "and", unkeyed.
        complete.clear();
        for (k, &w) in idx.iter().enumerate() {
            let key = toks[w].key();
            let (whole, goes_on) = if k == 0 {
                g.walk_names_with(&mut walks, &key)
            } else {
                Gazetteer::feed_names(&mut walks, &key)
            };
            if whole {
                complete.push(k);
            }
            if !goes_on {
                break;
            }
        }
        let mut taken = false;
        for &k in complete.iter().rev() {
            let last = idx[k];
            let user = user_name(g, toks, i, last);
            if !user && !accept(toks, i, last) {
                continue;
            }
            let cands = span_candidates(g, memo, toks, i, last);
            // "Tal Msebin", "Deir Elfardis": a generic first word recorded alone ("Tal",
            // "Deir") heads a longer name only its consonants find. Not where the rest is a
            // recorded name itself: "Tall Sukayk" is Sukayk.
            let mut rest_recorded = || idx.get(1).is_some_and(|&j| recorded(g, memo, toks, j, j));
            // "Big Habbuba", "Upper Baghuz": an English qualifier recorded alone heads the
            // name recorded with the Arabic one last, whatever the rest is.
            let qualifier = gazetteer::normalize::arabic_qualifier(toks[i].lower()).is_some();
            if !user
                && i == last
                && (qualifier || words::NAME_HEADS.contains(&toks[i].lower()))
                && name_continues(toks, last)
                && (qualifier || !rest_recorded())
            {
                if let Some(d) = consonant_name(g, memo, toks, i, &idx, surnames) {
                    i = d.last + 1;
                    out.push(d);
                    taken = true;
                    break;
                }
            }
            if user || recorded_name_fits(g, toks, i, last, &cands, surnames) {
                let acronym = !user && i == last && is_acronym(toks[i].text);
                out.push(Draft {
                    first: i,
                    last,
                    found: Found::Name,
                    feature: None,
                    acronym,
                    cands,
                });
                i = last + 1;
                taken = true;
                break;
            }
        }
        if !taken {
            // "Tall Sukayk": a generic head recorded alone (and so turned down above),
            // then a recorded name, which is the place meant, not some other "Tall S-k-k"
            // its consonants find.
            let head_of_recorded = complete.first() == Some(&0)
                && words::NAME_HEADS.contains(&toks[i].lower())
                && idx
                    .get(1)
                    .is_some_and(|&j| j == i + 1 && recorded(g, memo, toks, j, j));
            if !head_of_recorded {
                if let Some(d) = consonant_name(g, memo, toks, i, &idx, surnames) {
                    i = d.last + 1;
                    out.push(d);
                    continue;
                }
            }
            i += 1;
        }
    }
    out
}

/// "eastern Ghouta", "western Qalamoun": an area recorded with its compass qualifier, which
/// reporters write in lower case. Only areas: "east London" is London's east, not the South
/// African city of East London, and "southern Idlib" is Idlib, found from its own word.
fn compass_area(g: &Gazetteer, memo: &mut Memo, toks: &[Token<'_>], i: usize) -> Option<Draft> {
    // Asked of every lower-case word: the length test spares most of them the list.
    let w = toks[i].lower();
    if w.len() < 7
        || !toks.get(i + 1).is_some_and(|n| n.cap)
        || !words::COMPASS_ADJECTIVES.contains(&w)
    {
        return None;
    }
    let mut last = i;
    let mut found = None;
    while last + 1 < toks.len() && last < i + 3 {
        let n = &toks[last + 1];
        if !(n.cap && !n.article && joins(n)) {
            break;
        }
        last += 1;
        let cands = span_candidates(g, memo, toks, i, last);
        let area = cands.first().is_some_and(|c| {
            c.similarity >= 0.9
                && matches!(gazetteer::feature_class(&c.place.feature_code), 'L' | 'T')
        });
        if area {
            found = Some((last, cands));
        }
    }
    let (last, cands) = found?;
    Some(Draft {
        first: i,
        last,
        found: Found::Name,
        feature: None,
        acronym: false,
        cands,
    })
}

/// Is a span that [`accept`] lets through, recorded in the gazetteer with these candidates,
/// a place name here, and not part of a longer name, a person or an organisation?
fn recorded_name_fits(
    g: &Gazetteer,
    toks: &[Token<'_>],
    i: usize,
    last: usize,
    cands: &[Candidate],
    surnames: &Surnames,
) -> bool {
    // Found only by its consonant skeleton: left to the second tier's stricter rules
    // ([`consonant_name`]), so "Ohio Senate" stays "Ohio".
    if cands
        .iter()
        .all(|c| c.similarity < gazetteer::rank::MIN_VARIANT_SIMILARITY)
    {
        return false;
    }
    // "In Hawaii" is not an Iraqi village whose spelling it shares: a weak name does not
    // start with an English function word.
    // "Ali Jaru village" is a village for all that the given name "Ali" is a stop word: a
    // settlement word after the span says so.
    let settlement_after = words::is_person_head(toks[i].lower()) && settlement_after(toks, last);
    if last > i && only_weak(cands) && words::is_stop(toks[i].lower()) && !settlement_after {
        return false;
    }
    // "Mexico City", "Quezon City": a word that ends organisation names ("City" of
    // "Manchester City") belongs to a place name the gazetteer records in full, and so do
    // admin areas' names ("West Bank", "Henry County").
    // After a preposition of place the full name is the place, however small ("in Phenix
    // City, Alabama"), and so is a place's own recorded name anywhere ("Dodge City is",
    // "Atlantic City, New Jersey"): only another name of a place may be a club's, and no
    // name inside a longer one ("Angeles City" of "Los Angeles City Council").
    let locative = i > 0 && words::LOCATIVE.contains(&toks[i - 1].lower());
    let own_name = !(i > 0 && joins(&toks[i]) && toks[i - 1].cap);
    if org_tail_inside(toks, i, last)
        && !cands.first().is_some_and(|c| {
            (c.similarity >= 0.99 && own_name)
                || (c.similarity >= 0.93
                    && (c.score >= 0.8 || locative || c.place.feature_code.starts_with("ADM")))
        })
    {
        return false;
    }
    // "Ma'arrat" of an unknown "Ma'arrat Hurma", "Tall" of "Tall Rifaat": the first word of
    // a longer name is not the obscure place that shares it.
    let partial = name_continues(toks, last)
        && cands
            .first()
            .is_some_and(|c| c.score < 0.82 && c.similarity < 0.9);
    // "Kharab" of "Kharab Shahem", "Tall" of an unrecorded "Tall X": a generic head word
    // (ruin, hill, monastery) recorded alone as some village is not the place a longer
    // name starting with it means.
    if last == i && words::NAME_HEADS.contains(&toks[i].lower()) && name_continues(toks, last) {
        return false;
    }
    // A name known only as a village or by a loose spelling, inside a longer capitalised
    // name ("Jorden Schiff", "Civil War", "Jana Van Voorhis"), is part of that name.
    let embedded = only_weak(cands) && (capitalised_before(toks, i) || name_continues(toks, last));
    !cands.is_empty() && !partial && !embedded && !person(g, toks, i, last, surnames)
}

/// A name no source records in this spelling, found by its consonant skeleton ("Hmeirat",
/// "Thiban"): the second matching tier, tried only where no recorded name starts. `idx`
/// holds the window's non-article token indices.
fn consonant_name(
    g: &Gazetteer,
    memo: &mut Memo,
    toks: &[Token<'_>],
    i: usize,
    idx: &[usize],
    surnames: &Surnames,
) -> Option<Draft> {
    let head = &toks[*idx.first()?];
    // A sentence's first word is capitalised whatever it is ("Battles", "Clashes").
    let sentence_start = matches!(toks[i].gap, Gap::Start | Gap::Stop | Gap::Other);
    // "KBR", "MSF": an acronym's letters are no village's consonants.
    if !head.cap || is_acronym(head.text) || sentence_start || !head.folded.is_ascii() {
        return None;
    }
    // "Big Habbuba", "Upper Baghuz": the English qualifier comes last in the recorded name
    // (Habbubah Kabirah, Baghuz Fawqani).
    if let Some(ar) = gazetteer::normalize::arabic_qualifier(head.lower()) {
        return qualified_consonant_name(g, memo, toks, i, &idx[1..], ar, surnames);
    }
    // "Um Jlud": a two-letter word that heads place names ("Um", mother) is a head still.
    let short = head.folded.len() < 3 && !words::NAME_HEADS.contains(&head.lower());
    if short || words::is_stop(head.lower()) {
        return None;
    }
    // Word keys as the index joins them: a letter doubled across words counts once.
    let keys = consonant_keys(toks, idx);
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    for &k in g.complete_consonant_keys(&refs).iter().rev() {
        let last = idx[k];
        if let Some(d) = consonant_draft(g, memo, toks, i, last, surnames) {
            return Some(d);
        }
    }
    None
}

/// [`consonant_name`] of a name an English qualifier heads: the rest's words, longest first,
/// with the Arabic qualifier after them.
fn qualified_consonant_name(
    g: &Gazetteer,
    memo: &mut Memo,
    toks: &[Token<'_>],
    i: usize,
    rest: &[usize],
    arabic: &str,
    surnames: &Surnames,
) -> Option<Draft> {
    let mut qualifier = String::new();
    gazetteer::normalize::consonant_word_key(arabic, &mut qualifier);
    let compass = gazetteer::normalize::is_compass_qualifier(arabic);
    // "Northern Irish": a people's name after the qualifier is no village's.
    let demonym = rest
        .first()
        .is_some_and(|&j| words::demonym_country(toks[j].lower()).is_some());

    for m in (1..=rest.len().min(3)).rev() {
        let mut keys = consonant_keys(toks, &rest[..m]);
        // Joined as the index joins them: "Kabsh Sharqi" doubles no sh.
        let doubled = keys.last().and_then(|k| k.chars().last()) == qualifier.chars().next();
        keys.push(qualifier.chars().skip(usize::from(doubled)).collect());
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        // "Northern Irish", "Southern Californian": a compass word before a name is a
        // region's side far more often than the first word of a village's English name,
        // so a compass-qualified village found by its consonants needs the text to call it
        // a village or town ("Eastern Kabsh village"), or to say where it lies ("Eastern
        // Aluq in Al Hasakeh").
        let placed = || {
            let last = rest[m - 1];
            settlement_after(toks, last)
                || (toks.get(last + 1).is_some_and(|t| t.lower() == "in")
                    && toks.get(last + 2).is_some_and(|p| p.cap))
        };
        if g.complete_consonant_keys(&refs).contains(&m) && !demonym && (!compass || placed()) {
            if let Some(d) = consonant_draft(g, memo, toks, i, rest[m - 1], surnames) {
                return Some(d);
            }
        }
    }
    // "Lower Baqras": the village is recorded without its qualifier (Buqrus), and the
    // qualified span resolves to it. Not for a name recorded as spelled ("Lower
    // Manhattan" is Manhattan, found on its own) nor for a compass side.
    if compass || demonym {
        return None;
    }
    for m in (1..=rest.len().min(3)).rev() {
        let keys = consonant_keys(toks, &rest[..m]);
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        if g.complete_consonant_keys(&refs).contains(&(m - 1))
            && !recorded(g, memo, toks, rest[0], rest[m - 1])
        {
            if let Some(d) = consonant_draft(g, memo, toks, i, rest[m - 1], surnames) {
                return Some(d);
            }
        }
    }
    None
}

/// The consonant word keys of the tokens `idx`, as the index joins them: a letter doubled
/// across words counts once.
fn consonant_keys(toks: &[Token<'_>], idx: &[usize]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(idx.len());
    let mut last_char: Option<char> = None;
    for (n, &j) in idx.iter().enumerate() {
        let mut k = String::new();
        // "Deir Elfardis" is "Dayr al Fardis", as consonant_key reads it
        let word = gazetteer::normalize::glued_article_dropped(toks[j].folded, n);
        super::tokens::consonant_word_key(word, &mut k);
        if let (Some(c), Some(f)) = (last_char, k.chars().next()) {
            if c == f {
                k.remove(0);
            }
        }
        if let Some(c) = k.chars().last() {
            last_char = Some(c);
        }
        keys.push(k);
    }
    keys
}

/// The draft of the span `i..=last` a consonant key completes, unless the span is a
/// person's, a people's or an organisation's name, or part of a longer name.
fn consonant_draft(
    g: &Gazetteer,
    memo: &mut Memo,
    toks: &[Token<'_>],
    i: usize,
    last: usize,
    surnames: &Surnames,
) -> Option<Draft> {
    if !accept(toks, i, last) || person(g, toks, i, last, surnames) {
        return None;
    }
    // "Syrian Army", "ARA News": a people's or an organisation's name.
    let named_for = words::demonym_country(toks[i].lower()).is_some()
        || (i < last && org_tail_inside(toks, i, last));
    if named_for {
        return None;
    }
    let cands = span_candidates(g, memo, toks, i, last);
    if cands.is_empty() || capitalised_before(toks, i) || name_continues(toks, last) {
        return None;
    }
    Some(Draft {
        first: i,
        last,
        found: Found::Name,
        feature: None,
        acronym: false,
        cands,
    })
}

/// The number of words of a military operation's name starting at word `i` ("Operation
/// Peace Spring", "Olive Branch"), so that no word of it is taken for a place.
fn operation_len(toks: &[Token<'_>], i: usize) -> Option<usize> {
    if toks[i].cap && matches!(toks[i].lower(), "operation" | "operations") {
        let mut j = i + 1;
        while j < toks.len() && joins(&toks[j]) && (toks[j].cap || toks[j].lower() == "of") {
            j += 1;
        }
        return (j > i + 1).then_some(j - i);
    }
    if !toks[i].cap || !words::starts_operation(toks[i].lower()) {
        return None;
    }
    (2..=3).rev().find(|&n| {
        i + n <= toks.len()
            && toks[i + 1..i + n].iter().all(joins)
            && words::is_operation(
                &toks[i..i + n]
                    .iter()
                    .map(|t| t.lower())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
    })
}

/// Is the span `first..=last` recorded under this spelling (not only a variant's)?
fn recorded(g: &Gazetteer, memo: &mut Memo, toks: &[Token<'_>], first: usize, last: usize) -> bool {
    span_candidates(g, memo, toks, first, last)
        .iter()
        .any(|c| c.similarity >= 0.9)
}

/// Does the text call the place ending at word `last` a village or town ("Ali Jaru
/// village", "Eastern Kabsh town")?
fn settlement_after(toks: &[Token<'_>], last: usize) -> bool {
    toks.get(last + 1)
        .is_some_and(|t| joins(t) && matches!(t.lower(), "village" | "town"))
}

/// Is word `first` preceded, in the same name, by a capitalised word that is not an article,
/// a stop word or a cue ("Civil War", "Jorden Schiff", but not "the", "In", "Al")?
fn capitalised_before(toks: &[Token<'_>], first: usize) -> bool {
    first > 0
        && joins(&toks[first])
        && toks[first - 1].cap
        && !toks[first - 1].article
        && !words::is_stop(toks[first - 1].lower())
        && words::list_cue(toks[first - 1].lower()).is_none()
        // "Tall Sukayk" is Sukayk: a generic head before a name is no longer name's word
        && !words::NAME_HEADS.contains(&toks[first - 1].lower())
}

/// Does a capitalised name go on after word `last` ("Ma'arrat al-Nu'man", "Tall Rifaat")?
fn name_continues(toks: &[Token<'_>], last: usize) -> bool {
    let Some(next) = toks.get(last + 1).filter(|t| joins(t)) else {
        return false;
    };
    let word = if next.article {
        match toks.get(last + 2).filter(|t| joins(t)) {
            Some(t) => t,
            None => return false,
        }
    } else {
        next
    };
    word.cap
        && !words::is_stop(word.lower())
        && !words::is_org_tail(word.lower())
        && words::suffix_cue(word.lower()).is_none()
        && words::facility(word.lower()).is_none()
        && words::demonym_country(word.lower()).is_none()
}

/// A one-word name used as a person's name: a surname the article uses, or a name that
/// speaks ("Kelly said"), unless it names a prominent place.
fn person(
    g: &Gazetteer,
    toks: &[Token<'_>],
    first: usize,
    last: usize,
    surnames: &Surnames,
) -> bool {
    if first != last {
        return false;
    }
    let t = &toks[first];
    // "Doctors in Montpellier said": after a preposition of place the speaker is someone
    // there, not the name.
    // "Army Kitsmore, 54, of Tyler said", "a former resident of Lubbock told": where the
    // speaker lives.
    let residence = first > 0 && toks[first - 1].lower() == "of" && {
        let of = &toks[first - 1];
        of.gap == Gap::Comma
            || first.checked_sub(2).is_some_and(|k| {
                matches!(
                    toks[k].lower(),
                    "resident" | "residents" | "native" | "natives"
                )
            })
    };
    let placed = after_where(toks, first) || residence;
    let speaks = !placed
        && toks
            .get(last + 1)
            .is_some_and(|a| joins(a) && words::is_speech(a.lower()));
    // "Hugley-Green", "Abdul-Hamid": the second half of a double-barrelled name, when the
    // first is no place ("Fargo-Moorhead") and no party's initials ("DFL-Cook", "R-Marshall").
    // The first half is read with the capitalised words before it: in "the Kafr
    // Khasher-Menagh axis" it is the village Kafr Khasher.
    let double_barrelled = first > 0 && t.gap.is_hyphen() && {
        let x = &toks[first - 1];
        let mut start = first - 1;
        while start > 0 && first - start < 4 && joins(&toks[start]) && toks[start - 1].cap {
            start -= 1;
        }
        let place = || {
            (start..first).any(|a| {
                let folded: Vec<&str> = toks[a..first].iter().map(|t| t.lower()).collect();
                // a village only the village layer knows ("Wal" of "Wal-Mart") is no
                // first half of a place pair
                best_places(g, &folded.join(" "), 1)
                    .first()
                    .is_some_and(|c| c.similarity >= 0.9 && !super::resolve::is_village_layer(c))
            })
        };
        // Reports from Arabic-speaking countries join two places by a hyphen ("the Kafr
        // Khasher-Menagh axis", "the Tal Rifaat-Azaz road"), however each is spelled.
        let arabic_place = || {
            best_places(g, t.folded, 4).iter().any(|c| {
                c.similarity >= 0.9
                    && crate::gazetteer::normalize::romanised_from_arabic_script(&c.place.country)
            })
        };
        x.cap
            && !x.article
            && !words::is_stop(x.lower())
            && x.text.chars().count() >= 3
            && x.text.chars().any(char::is_lowercase)
            && !place()
            && !arabic_place()
    };
    double_barrelled
        || ((speaks || surnames.contains(t.lower()))
            && (surnames.marked.contains(t.lower()) || !prominent(g, t)))
}

/// "US", "UAE", "U.S.": short all-capital words, dotted or not.
fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| *c != '.').count();
    (2..=4).contains(&letters) && w.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

/// "in Montpellier", "from Port Said": a preposition of place (not "of") right before `i`.
fn after_where(toks: &[Token<'_>], i: usize) -> bool {
    i > 0 && words::is_where(toks[i - 1].lower())
}

/// "village of x", "town of x": a cue that makes a lower-case word a place.
fn cue_before(toks: &[Token<'_>], i: usize) -> bool {
    i >= 2 && toks[i - 1].lower() == "of" && words::list_cue(toks[i - 2].lower()).is_some()
}

/// Is tokens `first..=last` a place name in this context?
fn accept(toks: &[Token<'_>], first: usize, last: usize) -> bool {
    // On the stack: a span is at most MAX_WORDS words, and this runs for every span a name
    // walk completes.
    let content: smallvec::SmallVec<[&Token<'_>; MAX_WORDS]> =
        toks[first..=last].iter().filter(|t| !t.article).collect();
    let Some(head) = content.first() else {
        return false;
    };
    // "I", "A": a single letter is never a place name here.
    if content.len() == 1 && head.text.chars().count() < 2 {
        return false;
    }
    // "Canadian" is Canada, not the town of Canadian, Texas.
    if content.len() == 1
        && (words::demonym_country(head.lower()).is_some()
            || words::continent_demonym(head.lower()).is_some())
    {
        return false;
    }
    if !head.cap && !cue_before(toks, first) {
        return false;
    }
    // "St. Mary's High School", "St. Patrick's Day", "St. Michael's": a saint's, not a town.
    if content.len() > 1 && matches!(head.lower(), "st" | "ste") && toks[last].possessive {
        return false;
    }
    // "US", "U.S." are not the word "us"; acronyms are checked against countries later.
    // A given name before an admin word is the area's name ("Henry County", "Charles City").
    let admin_word = content.len() > 1
        && matches!(
            content[content.len() - 1].lower(),
            "county" | "city" | "parish" | "township" | "borough"
        )
        && content[..content.len() - 1].iter().all(|t| t.cap);
    // "in Port Said": capitalised words after a preposition of place are a name, however
    // common each word is alone.
    // Not compass words alone: "in South West England" is no Cameroonian "South-West".
    let placed_name = content.len() > 1
        && content.iter().all(|t| t.cap)
        && !content
            .iter()
            .all(|t| words::COMPASS_POINTS.contains(&t.lower()))
        && after_where(toks, first);
    if !admin_word
        && !placed_name
        && content
            .iter()
            .all(|t| words::is_stop(t.lower()) && !is_acronym(t.text))
    {
        return false;
    }
    let before = (first > 0 && joins(&toks[first])).then(|| &toks[first - 1]);
    let after = toks.get(last + 1).filter(|t| joins(t));
    // "as Lebanese", "at Home": English words that look like articles only count as
    // articles when hyphenated or capitalised ("as-Suwayda", "As Suwayda").
    let lead = &toks[first];
    if lead.article
        && !lead.cap
        && !matches!(lead.lower(), "al" | "el")
        && first < last
        && !toks[first + 1].gap.is_hyphen()
    {
        return false;
    }
    // A name right after a hyphenated article was already tried with it ("Al-Furati").
    if before.is_some_and(|b| b.article && toks[first].gap.is_hyphen()) {
        return false;
    }
    // "China is", "the UK has": a name in running text ends in a capitalised word
    // ("Côte d'Ivoire"); a lower-case word after it is the sentence going on. Scripts
    // without case (Arabic) say nothing either way.
    let end = &toks[last];
    let lower_case =
        end.text.chars().any(char::is_lowercase) && !end.text.chars().any(char::is_uppercase);
    if first < last && !end.article && lower_case {
        return false;
    }
    // Operations: "Operation Peace Spring", "the Olive Branch operation", "Peace Spring".
    let operation_word = |t: &Token<'_>| matches!(t.lower(), "operation" | "operations");
    if before.is_some_and(operation_word) || after.is_some_and(operation_word) {
        return false;
    }
    let span: Vec<&str> = toks[first..=last].iter().map(|t| t.lower()).collect();
    let span = span.join(" ");
    if words::is_operation(&span)
        || words::is_weapon(&span, before.map(|b| b.lower()), after.map(|a| a.lower()))
    {
        return false;
    }
    // Armed groups: "Hayat Tahrir al-Sham", "Jaysh al-Islam", "Liwa al-Quds".
    if before.is_some_and(|b| words::is_group_head(b.lower())) {
        return false;
    }
    // People: "Ali al-Sistani", "Abo Hussein al-Furati", "Saleh Adam".
    if let Some(b) = before {
        if b.cap && words::is_person_head(b.lower()) {
            return false;
        }
        // Inside a longer capitalised name that is not a place ("Abo Hussein al-Furati").
        if b.cap && !b.article && !words::is_stop(b.lower()) && first > 0 && toks[first].article {
            return false;
        }
    }
    // "Ali Hussein", "John Kelly": a title or given name before another name; but a place
    // name may start with a given name ("Beverly Hills").
    let single = content.len() == 1;
    let person_head = if words::is_given_name(head.lower()) {
        single
    } else {
        words::is_person_head(head.lower())
    };
    if person_head && after.is_some_and(|a| a.cap) {
        return false;
    }
    if let Some(a) = after {
        // Diseases named after places: "Reston virus", "West Nile virus", "Lassa fever".
        if !a.cap && words::is_disease_tail(a.lower()) {
            return false;
        }
        // Organisations: "ARA News", "Aleppo Media Center".
        if a.cap && words::is_org_tail(a.lower()) {
            return false;
        }
        // "Al-Furati said": an al- name that speaks is a person.
        if toks[first].article && words::is_speech(a.lower()) {
            return false;
        }
    }
    true
}

/// Does a word that ends organisation names ("ARA News", "Deir ez-Zor Media Center") stand
/// inside the span after its first word?
fn org_tail_inside(toks: &[Token<'_>], first: usize, last: usize) -> bool {
    toks[first + 1..=last]
        .iter()
        .any(|t| t.cap && !t.article && words::is_org_tail(t.lower()))
}

/// "Syrian", "Russian-backed": capitalised demonyms that no place name already covers.
/// "South African", "Sri Lankan": two words make one demonym, not "African".
/// "European", "African": demonyms of continents name the continent.
fn demonyms(toks: &[Token<'_>], drafts: &mut Vec<Draft>) {
    let covered = coverage(toks.len(), drafts);
    // A name found only by a loose spelling of a word that is a demonym gives way to the
    // demonym: "Korean" is Korea's, not the Syrian village Kurin by its consonants.
    let loose = |k: usize| {
        let d = &drafts[k];
        d.found == Found::Name && d.cands.iter().all(|c| c.similarity < 0.9)
    };
    let free = |j: usize| covered[j].is_none_or(loose);
    let mut replaced: Vec<usize> = Vec::new();
    let mut found: Vec<Draft> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if !t.cap || !free(i) {
            i += 1;
            continue;
        }
        let pair = toks
            .get(i + 1)
            .filter(|u| u.cap && u.gap == Gap::Space && free(i + 1))
            .and_then(|u| {
                let two = format!("{} {}", t.lower(), u.lower());
                words::demonym_country(&two).or_else(|| words::continent_demonym(&two))
            });
        // "EU" only in capitals: "eu" is also a word in Romance languages and Portuguese
        // names.
        let single = || {
            words::demonym_country(t.lower()).or_else(|| {
                words::continent_demonym(t.lower())
                    .filter(|_| t.lower() != "eu" || is_acronym(t.text))
            })
        };
        let (last, code) = match pair {
            Some(cc) => (i + 1, Some(cc)),
            None => (i, single()),
        };
        if let Some(code) = code {
            // the loose name must lie within the demonym to give way to it
            let within = |j: usize| {
                covered[j].is_none_or(|k| drafts[k].first >= i && drafts[k].last <= last)
            };
            if within(i) && within(last) {
                replaced.extend((i..=last).filter_map(|j| covered[j]));
                found.push(Draft {
                    first: i,
                    last,
                    found: Found::Demonym(code),
                    feature: Some("demonym"),
                    acronym: false,
                    cands: Rc::default(),
                });
            }
        }
        i = last + 1;
    }
    if !replaced.is_empty() {
        // marked once: a huge report may repeat a demonym a hundred thousand times
        let mut gone = vec![false; drafts.len()];
        replaced.into_iter().for_each(|k| gone[k] = true);
        let mut k = 0;
        drafts.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
    }
    drafts.extend(found);
}

/// "Political Security Bridge", "al-Taym oil wells road": a capitalised name, optional
/// lower-case infix words, and a facility word.
fn facilities(toks: &[Token<'_>], drafts: &mut Vec<Draft>) {
    let mut found: Vec<Draft> = Vec::new();
    for f in 1..toks.len() {
        let Some(feature) = words::facility(toks[f].lower()) else {
            continue;
        };
        if !joins(&toks[f]) {
            continue;
        }
        // "He'll drive", "the fast lane": the street words English uses otherwise are
        // street names only capitalised.
        if matches!(
            toks[f].lower(),
            "avenue" | "boulevard" | "drive" | "lane" | "parkway"
        ) && !toks[f].cap
        {
            continue;
        }
        // "Memphis St." is a street; "St Anne" or "St. Louis" after a name is not.
        if matches!(toks[f].lower(), "st" | "ave" | "blvd" | "pkwy")
            && toks.get(f + 1).is_some_and(|n| n.gap == Gap::Space)
        {
            continue;
        }
        // "oil field", "gas wells": a bare "field" or "well" is not a facility.
        if matches!(toks[f].lower(), "field" | "fields" | "well" | "wells")
            && !matches!(toks[f - 1].lower(), "oil" | "gas")
        {
            continue;
        }
        let mut k = f;
        // "the Omar Oil Fields": oil and gas are the facility's, capitalised or not.
        while k > 0
            && joins(&toks[k])
            && words::FACILITY_INFIX.contains(&toks[k - 1].lower())
            && (!toks[k - 1].cap || matches!(toks[k - 1].lower(), "oil" | "gas"))
        {
            k -= 1;
        }
        let mut first = None;
        while k > 0 && joins(&toks[k]) {
            let t = &toks[k - 1];
            // A given name is a facility's name as well: "the Omar oil fields".
            let name_word = !words::is_stop(t.lower()) || words::is_person_head(t.lower());
            if t.article || (t.cap && name_word) {
                first = Some(k - 1);
                k -= 1;
            } else {
                break;
            }
        }
        let Some(mut first) = first else { continue };
        while toks[first].article && first < f {
            // A name does not end at its article; if it starts with one, keep it.
            if toks[first + 1].cap {
                break;
            }
            first += 1;
        }
        if !toks[first..f].iter().any(|t| t.cap && !t.article) {
            continue;
        }
        found.push(Draft {
            first,
            last: f,
            found: Found::Facility,
            feature: Some(feature),
            acronym: false,
            cands: Rc::default(),
        });
    }
    if found.is_empty() {
        return;
    }
    // "al-Taym oil wells road" is one road, not also "al-Taym oil wells".
    found.sort_by_key(|d| (d.first, std::cmp::Reverse(d.last)));
    let mut outer: Vec<Draft> = Vec::with_capacity(found.len());
    for d in found {
        if outer.last().is_none_or(|o| d.first > o.last) {
            outer.push(d);
        }
    }
    let found = outer;
    // A facility swallows the names inside it: "al-Taym oil wells road" is one road.
    let mut inside = vec![false; toks.len()];
    for d in &found {
        inside[d.first..=d.last].iter_mut().for_each(|x| *x = true);
    }
    drafts.retain(|d| !inside[d.first..=d.last].iter().any(|&x| x));
    drafts.extend(found);
}

/// For each token, the draft that covers it, if any.
fn coverage(n: usize, drafts: &[Draft]) -> Vec<Option<usize>> {
    let mut cov = vec![None; n];
    for (k, d) in drafts.iter().enumerate() {
        cov[d.first..=d.last].iter_mut().for_each(|x| *x = Some(k));
    }
    cov
}

/// US states, Canadian provinces and Australian states by their abbreviations: after a place
/// and a comma ("Mansfield, La.", "Kansas City, Kan., police", "Columbus, OH", "Greenwood,
/// W. Va.", "Kingston, Ont.", "Dubbo, NSW"), or anywhere in the forms no word shares
/// ("S.C.", "N.Y.", "NSW", "B.C." but for "500 BC"). An AP form must end in its dot, so that
/// "Pa" or "Ind" in running text stays what it is. Whatever else read the word ("Kan" as a
/// town in China) gives way.
fn states(toks: &[Token<'_>], drafts: &mut Vec<Draft>) {
    let mut found: Vec<(usize, usize, (&'static str, &'static str))> = Vec::new();
    for i in 0..toks.len() {
        let t = &toks[i];
        if !t.cap {
            continue;
        }
        let after_place = i > 0 && t.gap == Gap::Comma && toks[i - 1].cap;
        // the dot after an AP form makes the next gap a sentence stop, or ends the text
        let dot_after = |j: usize| toks.get(j + 1).is_none_or(|n| n.gap == Gap::Stop);
        let dotted = t.text.ends_with('.') && t.text.len() > 2;
        // "P.A." and "W.V." are other things: only the two-word states' initials
        let two_words = matches!(
            t.lower(),
            "nh" | "nj" | "nm" | "ny" | "nc" | "nd" | "ri" | "sc" | "sd" | "wva" | "dc"
        );
        let postal = t.text.len() >= 2 && t.text.chars().all(|c| c.is_ascii_uppercase());
        // "500 BC" is a year
        let after_number = i > 0 && toks[i - 1].text.bytes().all(|b| b.is_ascii_digit());
        if dotted && two_words {
            if let Some(name) = words::us_state_abbreviation(t.lower()) {
                found.push((i, i, (name, "US")));
            }
        } else if let Some(state) = words::standalone_province(t.text).filter(|_| !after_number) {
            // "NSW" and "B.C." read as their state wherever they stand
            found.push((i, i, state));
        } else if after_place {
            // "W. Va.": two words
            if t.text == "W" && toks.get(i + 1).is_some_and(|n| n.text == "Va") && dot_after(i + 1)
            {
                found.push((i, i + 1, ("West Virginia", "US")));
            } else if let Some(name) = words::us_state_abbreviation(t.lower()) {
                let postal = t.text.len() == 2 && postal;
                let ap = t.text.len() > 1 && !postal && dot_after(i);
                if postal || ap {
                    found.push((i, i, (name, "US")));
                }
            } else if let Some(state) = words::province_abbreviation(t.lower()) {
                // "Sydney, NSW", "Toronto, Ont.": the postal code or the dotted form
                if postal || (t.text.len() > 1 && dot_after(i)) {
                    found.push((i, i, state));
                }
            }
        }
    }
    // inside a longer name the gazetteer has ("Washington, D.C."), the name stands
    let covered = coverage(toks.len(), drafts);
    found
        .retain(|&(a, b, _)| covered[a].is_none_or(|k| drafts[k].first >= a || drafts[k].last < b));
    if found.is_empty() {
        return;
    }
    // whatever else read the abbreviation gives way (marked once: reports may be huge)
    let mut state = vec![false; toks.len()];
    for &(a, b, _) in &found {
        state[a..=b].iter_mut().for_each(|x| *x = true);
    }
    drafts.retain(|d| !state[d.first..=d.last].iter().any(|&x| x));
    for (first, last, (name, country)) in found {
        drafts.push(Draft {
            first,
            last,
            found: Found::State(name, country),
            feature: None,
            acronym: false,
            cands: Rc::default(),
        });
    }
}

/// Items of "the neighbourhoods of Hatla, al-Hawiqa and the Political Security Bridge" and
/// "areas; al-Qusour and al-Joura".
fn cued_lists(toks: &[Token<'_>], drafts: &mut Vec<Draft>) {
    let covered = coverage(toks.len(), drafts);
    for c in 0..toks.len() {
        let Some(feature) = words::list_cue(toks[c].lower()) else {
            continue;
        };
        let mut i = c + 1;
        match toks.get(i) {
            Some(t) if t.lower() == "of" && joins(t) => i += 1,
            Some(t) if feature == "area" && matches!(t.gap, Gap::Comma | Gap::Other) => {}
            _ => continue,
        }
        let mut items = 0;
        while i < toks.len() && items < 10 {
            if toks[i].lower() == "the" {
                i += 1;
                continue;
            }
            let first = i;
            let mut last = None;
            while i < toks.len()
                && (i == first || joins(&toks[i]))
                && (toks[i].cap || toks[i].article)
            {
                last = Some(i);
                i += 1;
            }
            let Some(last) = last else { break };
            if toks[first..=last]
                .iter()
                .all(|t| t.article || words::is_stop(t.lower()))
            {
                break;
            }
            items += 1;
            // "the neighbourhood of Aleppo city": the word after the name types it.
            let typed_after = toks
                .get(last + 1)
                .filter(|t| joins(t))
                .and_then(|t| words::suffix_cue(t.lower()));
            let feature = typed_after.unwrap_or(feature);
            if let Some(d) = (first..=last)
                .find_map(|t| covered[t])
                .map(|k| &mut drafts[k])
            {
                if d.feature.is_none() {
                    d.feature = Some(feature);
                }
            } else if feature != "countryside" || items == 1 {
                drafts.push(Draft {
                    first,
                    last,
                    found: Found::Cued,
                    feature: Some(feature),
                    acronym: false,
                    cands: Rc::default(),
                });
            }
            // next item: ", X", " and X", ", and X", " or X"
            match toks.get(i) {
                Some(t) if matches!(t.lower(), "and" | "or") => i += 1,
                Some(t) if t.gap == Gap::Comma => {
                    if matches!(t.lower(), "and" | "or") {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
    }
}

/// "Jackson and Barrow counties", "Butler, Clark, Hamilton or Warren counties": each name of
/// a list before a plural "counties" or "parishes" is a county's, not its namesake town's.
fn counties(toks: &[Token<'_>], drafts: &mut Vec<Draft>) {
    // computed once and kept up to date: a long report may say "counties" often
    let mut covered: Option<Vec<Option<usize>>> = None;
    for c in 1..toks.len() {
        if !matches!(toks[c].lower(), "counties" | "parishes") || !joins(&toks[c]) {
            continue;
        }
        let covered = covered.get_or_insert_with(|| coverage(toks.len(), drafts));
        let mut last = c - 1;
        for _ in 0..12 {
            if !toks[last].cap || toks[last].article {
                break;
            }
            let mut first = last;
            while first > 0 && toks[first].gap == Gap::Space && toks[first - 1].cap {
                first -= 1;
            }
            if toks[first..=last].iter().all(|t| words::is_stop(t.lower())) {
                break;
            }
            match (first..=last).find_map(|t| covered[t]) {
                Some(k) => drafts[k].feature = Some("county"),
                None => {
                    covered[first..=last]
                        .iter_mut()
                        .for_each(|x| *x = Some(drafts.len()));
                    drafts.push(Draft {
                        first,
                        last,
                        found: Found::Cued,
                        feature: Some("county"),
                        acronym: false,
                        cands: Rc::default(),
                    });
                }
            }
            // the item before: ", X", " and X", ", and X", " or X"
            if first < 2 {
                break;
            }
            let before = &toks[first - 1];
            if toks[first].gap == Gap::Comma {
                last = first - 1;
            } else if matches!(before.lower(), "and" | "or") && joins(&toks[first]) {
                last = first - 2;
            } else {
                break;
            }
        }
    }
}

/// "Aleppo province", "Idlib countryside": a cue word after a name types it.
fn suffix_cues(toks: &[Token<'_>], drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        if d.feature.is_some() {
            continue;
        }
        if let Some(next) = toks.get(d.last + 1).filter(|t| joins(t)) {
            if let Some(f) = words::suffix_cue(next.lower()) {
                d.feature = Some(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Mention;

    use super::super::resolved_places as places;

    fn named(ms: &[Mention], text: &str) -> Option<(String, String)> {
        ms.iter().find(|m| m.text == text).map(|m| {
            (
                m.name.clone().unwrap_or_default(),
                m.country.clone().unwrap_or_default(),
            )
        })
    }

    #[test]
    fn a_state_after_a_capitalised_word_stays_a_state_and_a_generic_area_word_does_not() {
        // "Connecting California" once made California a surname throughout the article.
        let ms = places(
            "Orange County has a bad case of a California malady. Joe Mathews writes the \
             Connecting California column.",
        );
        let states = ms
            .iter()
            .filter(|m| m.text == "California" && m.name.as_deref() == Some("California"))
            .count();
        assert_eq!(states, 2, "{ms:?}");
        // ... and a common word that names a Nigerian state is still a name's generic part.
        let ms = places("Clashes took place on the Al-Hoss Plateau front in Aleppo province.");
        assert!(
            ms.iter().all(|m| m.country.as_deref() != Some("NG")),
            "{ms:?}"
        );
    }

    #[test]
    fn an_area_recorded_with_its_compass_word_is_found_in_lower_case() {
        let ms =
            places("The Russian-backed offensive in eastern Ghouta has killed 1,600 civilians.");
        assert_eq!(
            named(&ms, "eastern Ghouta"),
            Some(("Eastern Ghouta".to_string(), "SY".to_string()))
        );
        // a town recorded with a compass word is not what "east London" means
        let ms = places("In east London police cordoned off a street near the Thames.");
        assert_eq!(
            named(&ms, "London"),
            Some(("London".to_string(), "GB".to_string()))
        );
    }

    #[test]
    fn st_louis_is_one_name_and_st_marys_school_no_place() {
        let ms = places(
            "Two men from St. Louis were charged on Friday. ST. LOUIS police said the pair \
             attended St. Mary's High School and marched on St. Patrick's Day.",
        );
        assert_eq!(
            named(&ms, "St. Louis"),
            Some(("St. Louis".to_string(), "US".to_string()))
        );
        assert_eq!(
            named(&ms, "ST. LOUIS"),
            Some(("St. Louis".to_string(), "US".to_string()))
        );
        for saint in ["St. Mary", "Mary", "St. Patrick", "Patrick", "Louis"] {
            assert!(
                ms.iter().all(|m| m.text != saint || m.name.is_none()),
                "{saint}: {ms:?}"
            );
        }
    }

    #[test]
    fn an_english_qualifier_or_a_short_head_starts_a_name_found_by_its_consonants() {
        let ms = places(
            "Syrian regime forces captured Big Habbuba village east of Aleppo, shelled \
             Upper Baghuz and Lower Baghuz, and clashed with the SDF in Um Jlud area.",
        );
        for (text, name) in [
            ("Big Habbuba", "Habbubah Kabirah"),
            ("Upper Baghuz", "Baghuz Fawqani"),
            ("Lower Baghuz", "Baghuz at-Tahtani"),
            ("Um Jlud", "Umm al Julud"),
        ] {
            assert_eq!(
                named(&ms, text),
                Some((name.to_string(), "SY".to_string())),
                "{ms:?}"
            );
        }
    }

    #[test]
    fn a_compass_qualifier_that_shares_the_names_last_letters_still_finds_it() {
        // Kabsh Sharqi: "Kabsh" ends in the sh "Sharqi" starts with.
        let ms = places(
            "Syrian Democratic Forces advanced into Eastern Kabsh village after clashes \
             with Islamic State.",
        );
        assert_eq!(
            named(&ms, "Eastern Kabsh"),
            Some(("Kabsh Sharqi".to_string(), "SY".to_string())),
            "{ms:?}"
        );
    }

    #[test]
    fn an_upper_or_lower_village_recorded_without_its_qualifier_is_that_village() {
        // Buqrus is recorded with no Tahtani; "Lower Manhattan" stays Manhattan's.
        let ms = places(
            "Militia members shot and injured a man in Lower Baqras town in Deir ez Zor \
             countryside.",
        );
        assert_eq!(
            named(&ms, "Lower Baqras"),
            Some(("Buqrus".to_string(), "SY".to_string())),
            "{ms:?}"
        );
        let ms = places("He lives in Lower Manhattan.");
        assert_eq!(
            named(&ms, "Manhattan").map(|n| n.1),
            Some("US".into()),
            "{ms:?}"
        );
    }

    #[test]
    fn a_generic_head_of_a_longer_name_is_not_the_village_of_that_word() {
        // "Kharab" (ruin) is some village's whole name, 250 km from Kharab Shahem.
        let ms = places("Former rebel fighters clashed in the town of Kharab Shahem.");
        assert!(ms.iter().all(|m| m.text != "Kharab"), "{ms:?}");
        // and the recorded name after a generic head is the place
        let ms = places("Regime forces regained control of Tall Sukayk in Idleb.");
        assert_eq!(
            named(&ms, "Sukayk"),
            Some(("Sukayk".to_string(), "SY".to_string())),
            "{ms:?}"
        );
    }

    #[test]
    fn a_compass_word_before_a_demonym_is_no_village_by_its_consonants() {
        let ms = places(
            "In the middle of a Northern Irish town, he walked behind the coffin of a \
             murdered policeman.",
        );
        assert!(
            ms.iter().all(|m| m.country.as_deref() != Some("SY")),
            "{ms:?}"
        );
    }

    #[test]
    fn a_village_named_with_a_given_name_first_is_a_village() {
        let ms =
            places("Free Syrian Army fighters controlled Ali Jaru village in Aleppo countryside.");
        assert_eq!(
            named(&ms, "Ali Jaru"),
            Some(("`Ali Jaru".to_string(), "SY".to_string())),
            "{ms:?}"
        );
        // without the settlement word, "Ali" still starts a person's name
        let ms = places("Ali Jaru said the fighters left Aleppo.");
        assert!(named(&ms, "Ali Jaru").is_none(), "{ms:?}");
    }

    #[test]
    fn a_name_does_not_run_into_the_lower_case_word_after_it() {
        let ms = places(
            "China is confident that it can control the outbreak. The UK has banned \
             all movement of livestock from Côte d'Ivoire. قصف على دير الزور",
        );
        assert_eq!(
            named(&ms, "China").map(|n| n.1),
            Some("CN".into()),
            "{ms:?}"
        );
        assert_eq!(named(&ms, "UK").map(|n| n.1), Some("GB".into()), "{ms:?}");
        let ci = named(&ms, "Côte d'Ivoire").map(|n| n.1);
        assert_eq!(ci, Some("CI".into()), "{ms:?}");
        assert_eq!(
            named(&ms, "دير الزور").map(|n| n.1),
            Some("SY".into()),
            "{ms:?}"
        );
        assert!(!ms
            .iter()
            .any(|m| m.text.contains(" is") || m.text.contains(" has")));
    }

    #[test]
    fn city_ends_a_recorded_place_name_but_not_a_club() {
        let ms = places(
            "All schools in Mexico City have been closed, and flights to Quezon City were \
             cut. Manchester City won the match.",
        );
        assert_eq!(
            named(&ms, "Mexico City").map(|n| n.1),
            Some("MX".into()),
            "{ms:?}"
        );
        assert_eq!(
            named(&ms, "Quezon City").map(|n| n.1),
            Some("PH".into()),
            "{ms:?}"
        );
        // the club's city is only the club's: an organisation's place, never an event's
        assert!(
            ms.iter()
                .filter(|m| m.text.contains("Manchester"))
                .all(|m| m.feature.as_deref() == Some(crate::geoparse::ORGANISATION)),
            "{ms:?}"
        );
    }

    #[test]
    fn a_surname_after_a_given_name_is_a_person_for_the_whole_article() {
        let ms = places(
            "When Trump spoke to Putin, White House chief of staff John Kelly wasn't on the \
             line. Kelly later flew to Texas. South Africa's ex-President Jacob Zuma appeared \
             in a Durban court; it is a U-turn for Zuma.",
        );
        let texts: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("Kelly") || t.contains("Zuma")),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"Texas") && texts.contains(&"Durban"),
            "{texts:?}"
        );
    }

    #[test]
    fn a_place_name_may_start_with_a_given_name() {
        // (Named alone before "Police", a small city may be read as part of the department's
        // name: the county says it is a place here.)
        let ms = places(
            "The Beverly Hills Police Department in Los Angeles County said the glass shattered.",
        );
        assert_eq!(
            named(&ms, "Beverly Hills").map(|n| n.1),
            Some("US".into()),
            "{ms:?}"
        );
    }

    #[test]
    fn demonyms_of_two_words_and_of_continents() {
        let ms = places(
            "South African health officials met European and Asian experts. The EU banned \
             imports, and the European Union will review the ban.",
        );
        let got = |t: &str| named(&ms, t).map(|n| n.0);
        assert_eq!(got("South African"), Some("South Africa".into()), "{ms:?}");
        assert_eq!(got("European"), Some("Europe".into()), "{ms:?}");
        assert_eq!(got("Asian"), Some("Asia".into()), "{ms:?}");
        assert_eq!(got("EU"), Some("Europe".into()), "{ms:?}");
        assert_eq!(got("European Union"), Some("Europe".into()), "{ms:?}");
        assert!(ms
            .iter()
            .filter(|m| m.name.as_deref() == Some("Europe"))
            .all(|m| m.feature.as_deref() == Some("demonym")));
    }

    #[test]
    fn a_demonym_is_not_a_village_by_its_consonants() {
        // "Korean" is also a loose spelling of Kurin, a Syrian village conflict data knows.
        let ms = places("A South Korean court jailed her. Korean media said she would appeal.");
        let got = |t: &str| named(&ms, t).map(|n| n.0);
        assert_eq!(got("South Korean"), Some("South Korea".into()), "{ms:?}");
        assert_eq!(got("Korean"), Some("South Korea".into()), "{ms:?}");
        assert!(
            ms.iter().all(|m| m.country.as_deref() != Some("SY")),
            "{ms:?}"
        );
    }

    #[test]
    fn america_alone_is_the_united_states_but_not_in_latin_america() {
        let ms = places(
            "She left South Korea for America to become a chef, and later toured Latin \
             America and Central America.",
        );
        let got = |t: &str| named(&ms, t);
        assert_eq!(
            got("America"),
            Some(("United States".into(), "US".into())),
            "{ms:?}"
        );
        assert_eq!(
            got("Latin America").map(|n| n.0),
            Some("Latin America".into())
        );
        assert_eq!(
            got("Central America").map(|n| n.0),
            Some("Central America".into())
        );
    }

    /// Every mention of `text` (unresolved ones too), with a user gazetteer of `csv` when
    /// given.
    fn all_mentions(text: &str, csv: Option<&str>) -> Vec<Mention> {
        let mut g = crate::gazetteer::Gazetteer::bundled();
        let dir = tempfile::tempdir().unwrap();
        if let Some(csv) = csv {
            let path = dir.path().join("mine.csv");
            std::fs::write(&path, csv).unwrap();
            g.add_user_csv(&path).unwrap();
        }
        let article = crate::model::Article {
            id: "t".into(),
            text: text.into(),
            ..Default::default()
        };
        crate::geoparse::Geoparser::new(&g).parse(&article)
    }

    fn texts(ms: &[Mention]) -> Vec<&str> {
        ms.iter().map(|m| m.text.as_str()).collect()
    }

    /// A user's name is one whole span, even made of words read otherwise alone ("Tahrir"
    /// starts group names, "Square" ends facilities, "Helmets" ends an organisation's).
    #[test]
    fn a_user_gazetteer_name_is_found_whole() {
        let csv = "name,lat,lon,kind,country\n\
                   Tahrir Square,30.0444,31.2357,square,EG\n\
                   Green Zone,33.30,44.38,district,IQ\n\
                   White Helmets,36.2,37.1,building,SY\n";
        for (text, name, country) in [
            (
                "Protesters gathered in Tahrir Square on Friday.",
                "Tahrir Square",
                "EG",
            ),
            ("A rocket fell in the Green Zone.", "Green Zone", "IQ"),
            (
                "The White Helmets said rescuers pulled five people out.",
                "White Helmets",
                "SY",
            ),
        ] {
            let ms = all_mentions(text, Some(csv));
            // One mention: the name whole, no part of it on its own.
            assert_eq!(texts(&ms), [name], "{text}");
            assert_eq!(ms[0].name.as_deref(), Some(name), "{:?}", ms[0]);
            assert_eq!(ms[0].country.as_deref(), Some(country), "{:?}", ms[0]);
        }
    }

    /// Without the user's gazetteer, "White Helmets" is an organisation: no mention at all,
    /// not "White" (a town in Georgia, US) left unresolved.
    #[test]
    fn an_organisation_named_helmets_is_not_a_place() {
        for text in [
            "The White Helmets said rescuers pulled five people from the rubble in Idlib.",
            "Rescuers from the White Helmets worked through the night in Idlib.",
            "UN Blue Helmets patrolled near Naqoura.",
        ] {
            let ms = all_mentions(text, None);
            assert!(
                !ms.iter()
                    .any(|m| m.text.contains("White") || m.text.contains("Blue")),
                "{text}: {:?}",
                texts(&ms)
            );
            assert!(
                ms.iter().any(|m| m.text == "Idlib" || m.text == "Naqoura"),
                "{text}: {:?}",
                texts(&ms)
            );
        }
    }

    #[test]
    fn a_virus_named_after_a_place_is_not_the_place() {
        let ms = places(
            "The Reston virus was found in pigs in the Philippines, and West Nile virus \
             cases rose in Texas.",
        );
        let texts: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("Reston") || t.contains("Nile")),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"Philippines") && texts.contains(&"Texas"),
            "{texts:?}"
        );
    }

    #[test]
    fn a_generic_first_word_heads_the_longer_name_its_consonants_find() {
        let ms =
            places("HTS fighters clashed with the regime in Tal Msebin and near Deir Elfardis.");
        assert_eq!(
            named(&ms, "Tal Msebin"),
            Some(("Tall Musaybin".into(), "SY".into()))
        );
        assert_eq!(
            named(&ms, "Deir Elfardis"),
            Some(("Dayr al Fardis".into(), "SY".into()))
        );
        // where the rest is a recorded name, that name is meant
        let ms = places("Regime forces regained control of Tall Sukayk in Idleb.");
        assert_eq!(
            named(&ms, "Sukayk").map(|n| n.1),
            Some("SY".into()),
            "{ms:?}"
        );
    }
}
