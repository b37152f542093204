//! Choosing each mention's place with the document's context.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::detect::{Draft, Found};
use super::ranker::{
    argmax, best_of, cue, Features, Placed, Placeness, Ranked, RankedCandidate, P,
    PLACENESS_THRESHOLD, WEIGHTS,
};
use super::tokens::Token;
use super::words;
use super::{Focus, Geoparser};
use crate::gazetteer::{distance_km, feature_class, normalize, rank, Gazetteer, Loose, Near};
use crate::model::{Article, Candidate, Mention, Resolution};
use std::rc::Rc;

/// Candidates kept per mention.
const KEEP: usize = 8;

/// The country-focus vote of an armed group that fights in one country.
const GROUP_VOTE: f64 = 1.0;

/// Farthest a neighbourhood or area the report names lies from the report's other places.
const PART_OF_TOWN_KM: f64 = 30.0;

/// Farthest the town an admin area is named after lies from the area's point.
const SEAT_OF_AREA_KM: f64 = 30.0;

/// Farthest a place found only by a spelling variant lies from the report's other places.
const VARIANT_FAR_KM: f64 = 150.0;

/// Lowest gazetteer score of a place outside the article's country focus.
const FOREIGN_MIN_SCORE: f64 = 0.78;

/// A town abroad this close to a place of another name the report gives is across a
/// border the report itself crosses ("Imperial Beach" in a Tijuana story that names San
/// Diego), not a misread word.
const ACROSS_BORDER_KM: f64 = 50.0;

/// Least total vote that makes a country the article's focus: one village's vote (0.25)
/// is not enough, one town's is.
const MIN_FOCUS_VOTE: f64 = 0.3;

/// The share of a name's vote for the other countries it is recorded in.
const SECOND_VOTE: f64 = 0.5;

/// How near a place of another name a name's place abroad must lie to vote for its country.
const BESIDE_KM: f64 = 50.0;

/// The country-focus vote of a place and the province or county the text puts it in
/// ("Snetterton, Norfolk"), when some reading of the one lies in a reading of the other: as
/// strong a clue as a group that fights in one country.
const CONTAINED_VOTE: f64 = 1.0;

/// The focus vote of the country the reports read with a document agree on
/// ([`super::consensus`]): a conflict place's, less than "in Syria" gives.
pub const PRIOR_VOTE: f64 = 1.0;

/// Beyond this distance from everything else a report names (another part of the world:
/// Syria to Sierra Leone or Japan, not Darfur to Malakal), a town abroad in a country the
/// report does not name is taken for a misread word, unless it is well known.
const FAR_KM: f64 = 2500.0;

/// How well known ([`renown`]) a town abroad must be to stand far from everything else a
/// report names: a city of about 400,000.
const FAR_RENOWN: f64 = 0.6;

/// How far a place the text says lies in or near a town may lie from it: villages "in the
/// countryside of" a town lie up to a district's width away.
const CONTAINED_KM: f64 = 40.0;

/// How far below a name's first choice another of its readings may score and still
/// support the places near it.
const ALTERNATE_MARGIN: f64 = 0.1;

/// How near each other two towns joined by a hyphen lie when a district is named after both.
const HYPHEN_PAIR_KM: f64 = 40.0;

/// The distance at which a town's nearness to another place counts half, for a name read
/// first as a country or a state: a town of the name must lie beside another place the
/// report names to take the name from the area (30 km for other names).
const AREA_READ_FIRST_KM: f64 = 10.0;

/// Places of one name closer than this are one place recorded twice, not homonyms.
const HOMONYM_KM: f64 = 10.0;

/// How far from a city's point a neighbourhood the text puts in it may lie.
const NEIGHBOURHOOD_KM: f64 = 12.0;

/// Words (besides compass words, [`words::COMPASS_ADJECTIVES`] and [`words::COMPASS_POINTS`])
/// that may stand between a place and the place it lies in: "X town in the western
/// countryside of Y", "X area on the outskirts of Y", "X, 10 km south of Y".
const LINK: &[&str] = &[
    "in",
    "the",
    "of",
    "near",
    "nearby",
    "at",
    "on",
    "outside",
    "around",
    "within",
    "inside",
    "close",
    "to",
    "by",
    "town",
    "towns",
    "village",
    "villages",
    "hamlet",
    "hamlets",
    "city",
    "area",
    "areas",
    "neighbourhood",
    "neighbourhoods",
    "neighborhood",
    "neighborhoods",
    "quarter",
    "quarters",
    "district",
    "sub-district",
    "subdistrict",
    "countryside",
    "province",
    "governorate",
    "region",
    "outskirts",
    "vicinity",
    "suburbs",
    "suburb",
    "rural",
    "desert",
    "badia",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "mile",
    "kms",
    "a",
    "few",
    "its",
    "countryside's",
    // a front line runs through a place: "on Ftireh axis in Idleb countryside"
    "front",
    "fronts",
    "frontline",
    "frontlines",
    "axis",
    "axes",
];

/// Of [`LINK`], the words that say "lies in": without one, "X north Y" is no containment.
const LINK_HEAD: &[&str] = &[
    "in",
    "of",
    "near",
    "nearby",
    "outside",
    "around",
    "within",
    "inside",
    "outskirts",
    "vicinity",
    "close",
    "countryside",
];

/// Words that turn a place name before them into an organisation's: "Palestine Liberation
/// Army", "Deir ez-Zor Military Council". Such a name says nothing of where a report is.
const ORG_AFTER: &[&str] = &[
    "liberation",
    "army",
    "military",
    "council",
    "brigade",
    "brigades",
    "division",
    "front",
    "movement",
    "party",
    "battalion",
    "battalions",
    "regiment",
    "corps",
    "guard",
    "guards",
    "shield",
    "falcons",
    "hawks",
    "lions",
    "revolutionaries",
    "police",
    "tribe",
];

/// Words before a country's name that make it where a story happens ("in Syria", "across
/// Iraq"), not an actor ("Turkey backed", "a Palestine Liberation Army member").
const LOCATIVE_BEFORE: &[&str] = &[
    "in",
    "across",
    "throughout",
    "inside",
    "into",
    "to",
    "within",
    "rural",
    "war-torn",
];

/// How one mention relates to the next in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Link {
    /// "X in (the countryside of) Y": X lies in Y.
    In,
    /// "X, Y": X lies in Y when Y is an area or a city, else the two are a list.
    Comma,
    /// "X and Y", "X, and Y": a list; X lies where Y lies.
    List,
}

fn link(toks: &[Token<'_>], a: &Draft, b: &Draft) -> Option<Link> {
    if b.first <= a.last || toks[a.last].sentence != toks[b.first].sentence {
        return None;
    }
    let between = &toks[a.last + 1..b.first];
    if between.is_empty() {
        return (toks[b.first].gap == super::tokens::Gap::Comma).then_some(Link::Comma);
    }
    if between.len() == 1 && matches!(between[0].lower(), "and" | "or") {
        return Some(Link::List);
    }
    let words_ok = between.iter().all(|t| {
        let w = t.lower();
        LINK.contains(&w)
            || words::COMPASS_ADJECTIVES.contains(&w)
            || words::COMPASS_POINTS.contains(&w)
            || w.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    });
    if words_ok && between.iter().any(|t| LINK_HEAD.contains(&t.lower())) {
        return Some(Link::In);
    }
    None
}

/// Does the place `c` lie in `y`, the place the text says it lies in?
fn lies_in(c: &Candidate, y: &Candidate) -> bool {
    let (cp, yp) = (&c.place, &y.place);
    if cp.country != yp.country {
        return false;
    }
    let code = yp.feature_code.as_str();
    if code.starts_with("PCL") {
        return true;
    }
    let same_admin1 = match same_syrian_governorate(cp, yp) {
        Some(same) => same,
        None => !cp.admin1.is_empty() && (cp.admin1 == yp.admin1 || cp.admin1 == yp.name),
    };
    let d = distance_km((cp.lon, cp.lat), (yp.lon, yp.lat));
    match code {
        "ADM1" => same_admin1,
        "PPLA" | "PPLC" => same_admin1 || d <= CONTAINED_KM,
        _ => d <= CONTAINED_KM,
    }
}

/// How far outside a governorate's boundary a village may lie and still be "in" it.
const GOVERNORATE_MARGIN_KM: f64 = 5.0;

/// Do two Syrian places lie in one governorate by OCHA's boundaries, which ACLED and
/// reporters go by? The gazetteer's own admin1 of a village near a boundary is often the
/// neighbour's (WOF puts Thalijah, "in southern Idleb", in Aleppo).
/// `None` outside Syria.
fn same_syrian_governorate(a: &crate::model::Place, b: &crate::model::Place) -> Option<bool> {
    use crate::export::acled::{near_syrian_governorate, syria_admin};
    if a.country != "SY" || b.country != "SY" {
        return None;
    }
    let (gov, _) = syria_admin(b.lon, b.lat)?;
    Some(near_syrian_governorate(
        a.lon,
        a.lat,
        gov,
        GOVERNORATE_MARGIN_KM,
    ))
}

/// Weight of the side of its container a place lies on, when the text names the side
/// ("the eastern countryside of Hama"): a cosine, -1..1, times this.
const SIDE_WEIGHT: f64 = 0.15;

/// The side of `b` the text puts `a` on, as a unit vector (east, north): compass words
/// between the two ("X in the eastern countryside of Y", "X, north of Y", "X in southern
/// Y") or right after the container ("X in Y eastern countryside").
fn side(toks: &[Token<'_>], a: &Draft, b: &Draft) -> Option<(f64, f64)> {
    let after = toks[b.last + 1..]
        .iter()
        .take(2)
        .take_while(|t| t.sentence == toks[b.last].sentence);
    let (mut x, mut y) = (0.0, 0.0);
    for t in toks[a.last + 1..b.first].iter().chain(after) {
        let w = t.lower();
        if !(words::COMPASS_ADJECTIVES.contains(&w) || words::COMPASS_POINTS.contains(&w)) {
            continue;
        }
        // "north-eastern" is two tokens, "northeastern" one: each names its parts.
        if w.starts_with("north") {
            y += 1.0;
        }
        if w.starts_with("south") {
            y -= 1.0;
        }
        if w.contains("east") {
            x += 1.0;
        }
        if w.contains("west") {
            x -= 1.0;
        }
    }
    let len = f64::hypot(x, y);
    (len > 0.0).then(|| (x / len, y / len))
}

/// Whether `c` lies on `side` of the point `from`: 1 on that side (within about 70° of
/// it), -1 on the far side, 0 across or at the point itself. Only the side counts, not
/// how exactly: "northeast Hama" says which half, and of two villages in it the text's
/// other clues choose.
fn toward(side: (f64, f64), from: (f64, f64), c: &Candidate) -> f64 {
    let dx = (c.place.lon - from.0) * from.1.to_radians().cos();
    let dy = c.place.lat - from.1;
    let len = f64::hypot(dx, dy);
    // within about 3 km a side means nothing
    if len < 0.03 {
        return 0.0;
    }
    let cos = (dx * side.0 + dy * side.1) / len;
    if cos > 0.35 {
        1.0
    } else if cos < -0.35 {
        -1.0
    } else {
        0.0
    }
}

/// The point a side is reckoned from: a province's seat (Hama city for "eastern Hama"),
/// else the place itself.
fn side_origin(g: &Gazetteer, y: &Candidate) -> (f64, f64) {
    let p = &y.place;
    if p.feature_code == "ADM1" {
        for a1 in [&p.name, &p.admin1] {
            if let Some(seat) = g.admin1_seat(&p.country, a1) {
                return (seat.lon, seat.lat);
            }
        }
    }
    (p.lon, p.lat)
}

/// Is this place as large as the places others lie in (a country, province or city)?
fn is_container_level(c: &Candidate) -> bool {
    let code = c.place.feature_code.as_str();
    code.starts_with("PCL")
        || matches!(code, "ADM1" | "ADM2" | "PPLA" | "PPLC" | "PPLA2" | "RGN")
        || c.place.population >= 100_000
}

/// A confidently placed mention the others are compared with.
struct Anchor {
    name: String,
    lon: f64,
    lat: f64,
    near: Near,
    admin1: String,
    country: String,
    /// Found by one of its recorded names, not by a spelling variant.
    exact: bool,
}

struct Scored {
    draft: Draft,
    folded: String,
    /// `folded` as names are compared between mentions ([`rank::reduce`]), worked out once.
    reduced: String,
    /// Shared with the detector's memo until a pass changes them ([`retain_candidates`]):
    /// copying every mention's list was 3-4% of `places`.
    cands: Rc<Vec<Candidate>>,
    pick: Option<usize>,
    /// Why the candidates were all turned down.
    rejected: Option<String>,
    /// The candidates are those of the place a facility is named after ("Kahil road",
    /// "Shamarekh camp"), which the gazetteer has when it lacks the facility.
    named_after: bool,
    /// Other places of the name as likely as the pick that nothing in the text set
    /// apart from it: a bare "Mushayrifah" is one of 37.
    homonyms: usize,
    /// This name's vote for the first-level areas its places lie in ([`RegionVotes`]).
    spread: Vec<((String, String), f64)>,
    /// Each candidate's cues as the ranker last scored them, to explain the pick.
    features: Vec<Features>,
    /// The pick was set by the kind of the rest of its list ([`one_kind_per_list`]).
    listed: Option<&'static str>,
    /// The pick is the country or first-level area another mention of the name reads as
    /// ([`one_area_per_name`]).
    as_elsewhere: bool,
    /// The pick is the town of the name in the report's country, because the text gives
    /// it a police force, a council or streets ([`municipal`]).
    municipal: bool,
}

/// How well known a place is, 0..1: countries, continents, oceans and seas fully, provinces
/// half, towns by population.
pub fn prominence(c: &Candidate) -> f64 {
    let code = c.place.feature_code.as_str();
    if code.starts_with("PCL") || code == "CONT" || code == "RGN" || c.place.is_open_water() {
        1.0
    } else if code == "ADM1" {
        // as well known as a city of about 100,000: a province does not outrank the
        // provincial capital it is named after
        0.5
    } else if c.place.is_water_body() && c.place.source == "admin" {
        // the bundled rivers and lakes are those a world map at 1:10m shows ("Lake
        // Victoria", "Euphrates River"): as well known as a province
        0.5
    } else {
        rank::population_term(code, c.place.population)
    }
}

/// How well known a place is abroad, 0..1: as [`prominence`], except that a province is
/// as well known as a city of its people. England or Queensland named in a story about
/// another country is still the province, not a small town of that country.
fn renown(c: &Candidate) -> f64 {
    if c.place.feature_code == "ADM1" {
        rank::population_term("PPL", c.place.population).max(0.5)
    } else if c.place.feature_code == "ADM2" {
        // Orange County is known abroad as a city of its people is.
        rank::population_term("PPL", c.place.population)
    } else {
        prominence(c)
    }
}

/// ACLED-style precision of a place of this feature code.
pub fn precision_of(code: &str) -> u8 {
    match code {
        c if c.starts_with("PCL") || c == "ADM1" || c == "RGN" || c == "TERR" => 3,
        "OCN" | "SEA" | "GULF" => 3,
        "ADM2" | "ADM3" | "OILF" | "AREA" => 2,
        _ => 1,
    }
}

/// The close-spelled places of a report's names on a grid of half-degree cells, so that
/// "is a place of another name within [`BESIDE_KM`]?" costs a few cells, not every mention
/// of a long report.
struct NearbyNames<'a> {
    cells: rustc_hash::FxHashMap<Cell<'a>, Vec<NamedPoint<'a>>>,
}

/// A grid cell of a country: (country, latitude row, longitude column).
type Cell<'a> = (&'a str, i32, i32);

/// A name's place: (the name folded, lon, lat).
type NamedPoint<'a> = (&'a str, f64, f64);

impl<'a> NearbyNames<'a> {
    const CELL_DEG: f64 = 0.5;

    fn cell(lon: f64, lat: f64) -> (i32, i32) {
        (
            (lat / Self::CELL_DEG).floor() as i32,
            (lon / Self::CELL_DEG).floor() as i32,
        )
    }

    fn new(items: &'a [Scored]) -> Self {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut cells: rustc_hash::FxHashMap<Cell<'a>, Vec<NamedPoint<'a>>> = Default::default();
        for it in items {
            if !seen.insert(it.folded.as_str()) {
                continue;
            }
            for d in it.cands.iter().filter(|d| d.similarity >= 0.9) {
                let (y, x) = Self::cell(d.place.lon, d.place.lat);
                cells
                    .entry((d.place.country.as_str(), y, x))
                    .or_default()
                    .push((it.folded.as_str(), d.place.lon, d.place.lat));
            }
        }
        NearbyNames { cells }
    }

    /// Does a place of a name other than `name` lie within [`BESIDE_KM`] of `c`, in its
    /// country? (Half a degree is at least 55 km of latitude; longitude cells narrow toward
    /// the poles, where two rings of cells are searched.)
    fn beside(&self, c: &Candidate, name: &str) -> bool {
        let (y, x) = Self::cell(c.place.lon, c.place.lat);
        let reach = if c.place.lat.abs() > 60.0 { 2 } else { 1 };
        (-1..=1).any(|dy| {
            (-reach..=reach).any(|dx| {
                self.cells
                    .get(&(c.place.country.as_str(), y + dy, x + dx))
                    .is_some_and(|v| {
                        v.iter().any(|&(n, lon, lat)| {
                            n != name
                                && distance_km((c.place.lon, c.place.lat), (lon, lat)) <= BESIDE_KM
                        })
                    })
            })
        })
    }
}

/// The first-level areas (states, provinces) the report's places lie in: Lieberman's local
/// lexicon. A local paper names its own county's towns and counties without the state;
/// "Becker, Clay, Douglas and Grant counties" are Minnesota's because each of the names has
/// a place there, and most have none together anywhere else.
struct RegionVotes {
    /// Votes per country and first-level area, summed over distinct names.
    votes: rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<String, f64>>,
    /// Votes per country, summed over its areas.
    countries: rustc_hash::FxHashMap<String, f64>,
    total: f64,
}

impl RegionVotes {
    /// The votes of the report's distinct names ([`Scored::spread`]).
    fn new(items: &[Scored]) -> Self {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut votes: rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<String, f64>> =
            Default::default();
        let mut countries: rustc_hash::FxHashMap<String, f64> = Default::default();
        let mut total = 0.0;
        for it in items {
            if !seen.insert(it.folded.as_str()) {
                continue;
            }
            for ((country, admin1), v) in &it.spread {
                *votes
                    .entry(country.clone())
                    .or_default()
                    .entry(admin1.clone())
                    .or_default() += v;
                *countries.entry(country.clone()).or_default() += v;
                total += v;
            }
        }
        RegionVotes {
            votes,
            countries,
            total,
        }
    }

    /// One name's vote, spread evenly over the areas of its likely candidates (close
    /// spellings, scored near the best); a province named itself votes twice.
    fn spread(it: &Scored) -> Vec<((String, String), f64)> {
        // A street or a bridge says where it is only through the town it lies in.
        if it.named_after || matches!(it.draft.found, Found::Demonym(_) | Found::Facility) {
            return Vec::new();
        }
        let Some(best) = it.cands.iter().map(|c| c.score).reduce(f64::max) else {
            return Vec::new();
        };
        let mut keys: Vec<((String, String), bool)> = Vec::new();
        for c in it.cands.iter() {
            if c.similarity < 0.75 || c.score < best - 0.1 || c.place.admin1.is_empty() {
                continue;
            }
            let key = (c.place.country.clone(), c.place.admin1.clone());
            let province = c.place.feature_code == "ADM1" && c.score >= best - 0.02;
            match keys.iter_mut().find(|(k, _)| *k == key) {
                Some(k) => k.1 |= province,
                None => keys.push((key, province)),
            }
        }
        let n = keys.len() as f64;
        keys.into_iter()
            .map(|(k, province)| (k, if province && n == 1.0 { 2.0 } else { 1.0 / n }))
            .collect()
    }

    /// The share of the report's other names that vote for this candidate's area.
    /// A country holds all its areas' votes: "Mexico" is no less the report's than Mexico
    /// City is.
    fn share(&self, it: &Scored, c: &Candidate) -> f64 {
        let country = c.place.feature_code.starts_with("PCL");
        if c.place.admin1.is_empty() && !country {
            return 0.0;
        }
        let inside =
            |k: &(String, String)| k.0 == c.place.country && (country || k.1 == c.place.admin1);
        let own = it.spread.as_slice();
        let own_total: f64 = own.iter().map(|(_, v)| v).sum();
        let others = self.total - own_total;
        if others < 1.0 {
            return 0.0;
        }
        let own_here: f64 = own.iter().filter(|(k, _)| inside(k)).map(|(_, v)| v).sum();
        let here = if country {
            self.countries.get(&c.place.country).copied().unwrap_or(0.0)
        } else {
            self.votes
                .get(&c.place.country)
                .and_then(|areas| areas.get(&c.place.admin1))
                .copied()
                .unwrap_or(0.0)
        };
        ((here - own_here) / others).clamp(0.0, 1.0)
    }
}

/// Candidates looked at per mention before the [`KEEP`] best (and the best area) are kept.
const LOOK: usize = 64;

/// Candidates for a folded span, scored without context (the detector keeps these): the
/// [`KEEP`] best, and the best country or province if it is not among them. Victoria (the
/// Australian state) or Washington (the state) rank below a dozen towns of the name
/// without context, and only context can bring them back.
///
/// The list is shared with the thread's memo ([`Remembered`]): a caller that keeps only
/// some candidates copies those ([`retain_candidates`] copies on write).
pub(super) fn candidates(g: &Gazetteer, folded: &str) -> Rc<Vec<Candidate>> {
    candidates_in(g, folded, Loose::Everywhere)
}

/// As [`candidates`], with a choice of where loose spellings are sought: the detector
/// probes every capitalised span cheaply, and the resolver widens the search for the
/// names it keeps.
pub(super) fn candidates_in(g: &Gazetteer, folded: &str, loose: Loose) -> Rc<Vec<Candidate>> {
    remembered(g, folded, Asked::Shortlist(loose))
}

/// [`candidates_in`]'s answers, kept per thread across articles and tied to one gazetteer
/// by its id: a corpus names the same places again and again, and the resolver's own
/// lookups (facilities' places, Arabic heads, widened searches) were 10% of `places` before
/// they were remembered.
#[derive(Default)]
struct Remembered {
    gazetteer: u64,
    /// Keyed by the folded name, then by what was asked: a probe borrows the name (no
    /// `String` per probe) and finds its answer among the few kinds of lookup.
    answers: rustc_hash::FxHashMap<String, Vec<Answer>>,
    /// Candidates held in all: what the memory the memo takes grows with.
    candidates: usize,
}

thread_local! {
    static REMEMBERED: std::cell::RefCell<Remembered> = Default::default();
}

/// Candidates [`Remembered`] may hold before it starts afresh: about 25 MB a thread.
const REMEMBER_MAX: usize = 100_000;

/// One lookup [`Remembered`] holds: what was asked, and the places found.
type Answer = (Asked, Rc<Vec<Candidate>>);

/// What a lookup [`Remembered`] holds asked for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// [`look_up_candidates`]: the shortlist a mention ranks.
    Shortlist(Loose),
    /// [`scored_candidates`]: every place found, for a caller that filters them itself.
    Scored(Loose),
}

/// [`scored_candidates`], remembered: the container pass widens the search for a place the
/// text puts inside another ("Shiha village in Hama"), and a corpus does so for the same
/// few names again and again (3-4% of `places` on the seed variants before).
fn remembered_scored(g: &Gazetteer, folded: &str, loose: Loose) -> Rc<Vec<Candidate>> {
    remembered(g, folded, Asked::Scored(loose))
}

fn remembered(g: &Gazetteer, folded: &str, asked: Asked) -> Rc<Vec<Candidate>> {
    let known = REMEMBERED.with_borrow(|r| {
        (r.gazetteer == g.id())
            .then(|| r.answers.get(folded))
            .flatten()
            .and_then(|kinds| kinds.iter().find(|(a, _)| *a == asked))
            .map(|(_, c)| c.clone())
    });
    if let Some(c) = known {
        return c;
    }
    let found = Rc::new(match asked {
        Asked::Shortlist(loose) => look_up_candidates(g, folded, loose),
        Asked::Scored(loose) => scored_candidates(g, folded, loose),
    });
    REMEMBERED.with_borrow_mut(|r| {
        if r.gazetteer != g.id() || r.candidates + found.len() > REMEMBER_MAX {
            *r = Remembered {
                gazetteer: g.id(),
                ..Default::default()
            };
        }
        r.candidates += found.len();
        r.answers
            .entry(folded.to_string())
            .or_default()
            .push((asked, found.clone()));
    });
    found
}

fn look_up_candidates(g: &Gazetteer, folded: &str, loose: Loose) -> Vec<Candidate> {
    let mut all = scored_candidates(g, folded, loose);
    // Seas and rivers have English names and recorded Arabic ones, not spellings to be
    // guessed at: "Raids" is no "Red Sea" by its consonants.
    all.retain(|c| c.similarity >= 0.9 || !c.place.is_water_body());
    // Consonant-skeleton readings keep their own KEEP places: a Syrian "Sulan" for "Solan"
    // must not be crowded out by Turkish and Yemeni villages of the same consonants, or by
    // the Indian town recorded under the very spelling (the report's country decides).
    let loose = |c: &Candidate| c.similarity <= rank::MAX_CONSONANT_SIMILARITY;
    if all.iter().any(loose) && all.iter().any(|c| !loose(c)) {
        let (close, rest): (Vec<Candidate>, Vec<Candidate>) =
            all.into_iter().partition(|c| !loose(c));
        let mut out = shortlist(close);
        out.extend(rest.into_iter().take(KEEP));
        return out;
    }
    shortlist(all)
}

/// Is the word at `i` preceded by "the", directly or across lower-case words ("the
/// tropical Atlantic", "the eastern Mediterranean")?
fn the_before(toks: &[Token<'_>], i: usize) -> bool {
    use super::tokens::Gap;
    let mut k = i;
    for _ in 0..3 {
        if k == 0 || !matches!(toks[k].gap, Gap::Space) {
            return false;
        }
        k -= 1;
        let w = &toks[k];
        if w.lower() == "the" {
            return true;
        }
        if w.cap || w.article {
            return false;
        }
    }
    false
}

/// The [`KEEP`] best of candidates sorted best first, with the best area and every
/// homonym of the best.
fn shortlist(mut all: Vec<Candidate>) -> Vec<Candidate> {
    if all.len() <= KEEP {
        return all;
    }
    let area = |c: &Candidate| c.place.is_area();
    let mut keep = KEEP;
    if !all[..KEEP].iter().any(area) {
        if let Some(k) = all[KEEP..].iter().position(area) {
            all.swap(KEEP, KEEP + k);
            keep += 1;
        }
    }
    // Homonyms ("Mushayrifah", 37 villages) all stay, so context can choose among them.
    let best = all[0].score;
    while keep < all.len()
        && keep < LOOK
        && all[keep].similarity >= 0.9
        && all[keep].score >= best - 0.05
    {
        keep += 1;
    }
    // The best of each other country whose names reach English romanised stays too:
    // fifteen Yemeni villages called Al Hazm must not crowd out Syria's one Hazm before
    // the report's country is known. (Elsewhere a name's renown decides: Athens is in
    // Greece even in a Canadian story.)
    let mut countries: Vec<String> = all[..keep]
        .iter()
        .map(|c| c.place.country.clone())
        .collect();
    let mut abroad: Vec<Candidate> = Vec::new();
    for c in all[keep..].iter().take(LOOK) {
        if abroad.len() == KEEP {
            break;
        }
        if c.similarity >= 0.9
            && normalize::consonant_tier_country(&c.place.country)
            && !countries.contains(&c.place.country)
        {
            countries.push(c.place.country.clone());
            abroad.push(c.clone());
        }
    }
    all.truncate(keep);
    all.extend(abroad);
    all
}

fn scored_candidates(g: &Gazetteer, folded: &str, loose: Loose) -> Vec<Candidate> {
    let key = normalize::skeleton(folded);
    g.candidates_in(folded, &key, LOOK, loose, |row, sim, tier| {
        let user = matches!(tier, crate::gazetteer::Tier::User);
        Some(rank::base_score(
            sim,
            row.feature_code,
            row.population,
            if user { 1.0 } else { 0.0 },
            crate::gazetteer::conflict_place(row.source),
        ))
    })
}

/// Facility words whose facility usually lies at, or leads to, the place it is named after:
/// "Kahil road", "Shamarekh camp", "Tishrin Dam", "T4 airport". Streets and squares are
/// named after people and cities far away ("Baghdad Street"); a hospital or a prison is
/// taken to lie in the place it is named after only when that is a city ([`IN_ITS_CITY`]).
const NAMED_AFTER_ITS_PLACE: &[&str] = &[
    "road",
    "highway",
    "bridge",
    "airport",
    "airbase",
    "base",
    "dam",
    "camp",
    "checkpoint",
    "field",
    "fields",
    "oilfield",
    "well",
    "wells",
];

/// Facility words whose facility, named after a city, lies in that city wherever it is:
/// "a Jakarta prison", "the Benghazi hospital", "Cairo airport". Only a city is taken so
/// ([`is_city`]): a hospital named after a village or a saint may be anywhere.
const IN_ITS_CITY: &[&str] = &[
    "airport",
    "hospital",
    "prison",
    "jail",
    "university",
    "court",
    "stadium",
];

/// A capital, a provincial seat or a city of 100,000 people: a place facilities abroad are
/// named after and lie in.
fn is_city(c: &Candidate) -> bool {
    matches!(c.place.feature_code.as_str(), "PPLC" | "PPLA")
        || (c.place.feature_code.starts_with("PPL") && c.place.population >= 100_000)
}

/// Is candidate `k` of a facility named after a place the city it lies in, wherever that
/// is? "a Jakarta prison" in a report about Peru is in Jakarta.
fn in_its_city(toks: &[Token<'_>], it: &Scored, k: usize) -> bool {
    it.named_after
        && IN_ITS_CITY.contains(&toks[it.draft.last].lower())
        && it.cands[k].similarity >= EXACT
        && is_city(&it.cands[k])
}

/// The candidates of the place a facility is named after: the whole name ("Khirbet Qias
/// road"), else its first and then its last part ("Tadmor-Sokhna road"). Only settlements
/// and facilities: a road named after a country or province says nothing precise.
/// Is `folded` one word in the form of an English demonym or adjective ("Assyrian",
/// "Kurdish", "Lebanese")?
fn english_adjective(folded: &str) -> bool {
    !folded.contains(' ')
        && folded.len() > 6
        && ["ian", "ians", "ish", "ese"]
            .iter()
            .any(|end| folded.ends_with(end))
}

/// The places recorded under the Arabic form of a facility's name: "Yarmouk camp" as
/// "Mukhayyam Yarmouk" (Mukhayyam al Yarmuk), the camp itself rather than a village named
/// Yarmuk.
fn arabic_head_candidates(g: &Gazetteer, toks: &[Token<'_>], d: &Draft) -> Vec<Candidate> {
    let Some(head) = words::lookup(words::ARABIC_HEAD, toks[d.last].lower()) else {
        return Vec::new();
    };
    let Some(end) = (d.first..d.last).rev().find(|&j| toks[j].cap) else {
        return Vec::new();
    };
    let folded = format!("{head} {}", span_folded(toks, d.first, end));
    candidates_in(g, &folded, Loose::WhenNothingRecorded)
        .iter()
        .filter(|c| c.similarity >= 0.75)
        .cloned()
        .collect()
}

/// A candidate's similarity when the text spells one of its recorded names.
const EXACT: f64 = 0.99;

fn named_after_candidates(
    g: &Gazetteer,
    text: &str,
    toks: &[Token<'_>],
    d: &Draft,
) -> Vec<Candidate> {
    let Some(end) = (d.first..d.last).rev().find(|&j| toks[j].cap) else {
        return Vec::new();
    };
    if !NAMED_AFTER_ITS_PLACE.contains(&toks[d.last].lower()) {
        if !IN_ITS_CITY.contains(&toks[d.last].lower()) {
            return Vec::new();
        }
        // "at Cairo airport": the name starts at its first capitalised word
        let Some(start) = (d.first..=end).find(|&j| toks[j].cap) else {
            return Vec::new();
        };
        let folded = span_folded(toks, start, end);
        return candidates_in(g, &folded, Loose::WhenNothingRecorded)
            .iter()
            .filter(|c| c.similarity >= EXACT && is_city(c))
            .cloned()
            .collect();
    }
    let mut spans = vec![(d.first, end)];
    for p in d.first + 1..=end {
        // "Hrak-Maliha road"; "Deir-ez-Zor - al-Hasakeh road", a dash set off by spaces.
        let dash = text
            .get(toks[p - 1].byte_end..toks[p].byte_start)
            .is_some_and(|t| t.len() > 1 && matches!(t.trim(), "-" | "–" | "—"));
        let joined = toks[p].gap.is_hyphen() && toks[p].cap && !toks[p - 1].article;
        if dash || joined {
            spans.push((d.first, p - 1));
            spans.push((p, end));
            break;
        }
    }
    for (a, z) in spans {
        let folded = span_folded(toks, a, z);
        let all = candidates_in(g, &folded, Loose::WhenNothingRecorded);
        let settlement = |c: &Candidate| {
            let code = c.place.feature_code.as_str();
            c.similarity >= 0.75 && !c.place.is_area() && !code.starts_with("ADM")
        };
        // "Hole Camp": where no settlement has the name in this spelling, only loose
        // variants abroad (Halen, Hawli), a subdistrict that has it exactly stands for its
        // seat town, near which it is centred, unless the seat is found near it under
        // another spelling; a district or province is too wide to stand for a town.
        let exact_settlement = all.iter().any(|c| settlement(c) && c.similarity >= EXACT);
        let subdistricts: Vec<Candidate> = all
            .iter()
            .filter(|c| c.place.feature_code == "ADM3" && c.similarity >= EXACT)
            .cloned()
            .collect();
        if !exact_settlement && !subdistricts.is_empty() {
            // A town of the subdistrict's country recorded under another spelling
            // ("Tadmor" is the subdistrict's spelling and Tadmur the town's, whose desert
            // subdistrict is centred 38 km away) is the town meant.
            let at_home: Vec<Candidate> = all
                .iter()
                .filter(|c| {
                    settlement(c)
                        && subdistricts
                            .iter()
                            .any(|a| a.place.country == c.place.country)
                })
                .cloned()
                .collect();
            return if at_home.is_empty() {
                subdistricts
            } else {
                at_home
            };
        }
        let cands: Vec<Candidate> = all.iter().filter(|c| settlement(c)).cloned().collect();
        if !cands.is_empty() {
            return cands;
        }
    }
    Vec::new()
}

fn span_folded(toks: &[Token<'_>], first: usize, last: usize) -> String {
    let mut s = String::new();
    for t in &toks[first..=last] {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(t.folded);
    }
    s
}

/// Is this a place known only to the village layer (Who's On First localities that no
/// other source has)? Such a place is taken only inside the report's own country.
pub(super) fn is_village_layer(c: &Candidate) -> bool {
    c.place.source == "wof"
}

/// Is this a place a sub-place can lie in (a town or city, not a country or province)?
fn is_settlement(c: &Candidate) -> bool {
    let code = c.place.feature_code.as_str();
    (code.starts_with("PPL") && code != "PPLX") || code == "ADM2" || code == "ADM3"
}

pub fn resolve(
    p: &Geoparser<'_>,
    article: &Article,
    char_base: usize,
    toks: &[Token<'_>],
    drafts: Vec<Draft>,
) -> (Vec<Mention>, Option<Focus>) {
    let g = p.gazetteer;
    let groups = words::group_names(toks);
    // Places inside organisations' names ("The Washington Post") are read apart: they say
    // nothing about where the report is, so they take no part in reading the others.
    let (organisations, drafts): (Vec<Draft>, Vec<Draft>) = drafts
        .into_iter()
        .partition(|d| d.feature == Some(ORGANISATION));
    let mut items: Vec<Scored> = drafts
        .into_iter()
        // "Ahrar al-Sham", "Liwa al-Quds": a place's name inside a group's is no place.
        .filter(|d| {
            !groups
                .iter()
                .any(|g| g.first <= d.first && d.last <= g.last && g.last > g.first)
        })
        .map(|mut d| {
            let folded = span_folded(toks, d.first, d.last);
            let mut cands: Rc<Vec<Candidate>> = match d.found {
                Found::Demonym(cc) if cc.len() == 2 => Rc::new(g.country(cc).into_iter().collect()),
                Found::Demonym(continent) => Rc::new(
                    candidates(g, &normalize::fold(continent))
                        .iter()
                        .filter(|c| c.place.feature_code == "CONT")
                        .take(1)
                        .cloned()
                        .collect(),
                ),
                Found::State(name, country) => Rc::new(
                    candidates(g, &normalize::fold(name))
                        .iter()
                        .filter(|c| c.place.feature_code == "ADM1" && c.place.country == country)
                        .take(1)
                        .cloned()
                        .collect(),
                ),
                Found::Name => std::mem::take(&mut d.cands),
                _ => candidates_in(g, &folded, Loose::WhenNothingRecorded),
            };
            if cands.is_empty() && d.found != Found::Name {
                // "the Political Security Bridge" may be in a user gazetteer as "Political ...".
                if let Some(rest) = folded.strip_prefix("the ") {
                    cands = candidates(g, rest);
                }
            }
            // "North Africa", "western Europe": a side of a continent is the continent's, not
            // a town that has the continent's name among its old ones (Mahdia, "Africa").
            let side = d.first > 0 && {
                let w = toks[d.first - 1].lower();
                words::COMPASS_POINTS.contains(&w) || words::COMPASS_ADJECTIVES.contains(&w)
            };
            if side && cands.iter().any(|c| c.place.feature_code == "CONT") {
                retain_candidates(&mut cands, |c| c.place.feature_code == "CONT");
            }
            // "the north Atlantic", "the tropical Atlantic", "in the Mediterranean": a side or
            // the definite article before a name that open water has is the water; a town of
            // the name takes no article (Atlantic, Iowa; Pacific, Missouri).
            if (side || the_before(toks, d.first))
                && d.first == d.last
                && cands.iter().any(|c| c.place.is_open_water())
            {
                retain_candidates(&mut cands, |c| c.place.is_open_water());
            }
            if d.found == Found::Facility {
                // "Kahil road" is not "Kulard" by its consonants: a facility's generic word
                // is no part of a spelling to be forgiven.
                retain_candidates(&mut cands, |c| c.similarity >= 0.75);
                if cands.is_empty() {
                    cands = Rc::new(arabic_head_candidates(g, toks, &d));
                }
            }
            // "Ar-Ra'ee town": the text calls it a settlement and this spelling is recorded
            // only for an area, the subdistrict named after the town; the town itself may be
            // recorded under another spelling, near the area.
            let settlement = matches!(d.feature, Some("town" | "village" | "city"));
            if settlement
                && !cands.is_empty()
                && cands
                    .iter()
                    .all(|c| feature_class(&c.place.feature_code) == 'A')
            {
                let near_area = |c: &Candidate| {
                    cands.iter().any(|a| {
                        distance_km((a.place.lon, a.place.lat), (c.place.lon, c.place.lat))
                            <= SEAT_OF_AREA_KM
                    })
                };
                let towns: Vec<Candidate> = candidates_in(g, &folded, Loose::Widest)
                    .iter()
                    .filter(|c| c.place.feature_code.starts_with("PPL") && near_area(c))
                    .cloned()
                    .collect();
                if !towns.is_empty() {
                    Rc::make_mut(&mut cands).extend(towns);
                }
            }
            // "Jackson and Barrow counties": the counties, wherever the names alone lead.
            if d.feature == Some("county") {
                let mut counties: Vec<Candidate> = Vec::new();
                for kind in [" county", " parish"] {
                    let all = candidates(g, &format!("{folded}{kind}"));
                    counties.extend(
                        all.iter()
                            .filter(|c| c.place.feature_code == "ADM2" && c.similarity >= 0.9)
                            .cloned(),
                    );
                }
                if !counties.is_empty() {
                    cands = Rc::new(counties);
                }
            }
            let mut named_after = false;
            if cands.is_empty() {
                cands = Rc::new(named_after_candidates(g, &article.text, toks, &d));
                named_after = !cands.is_empty();
            }
            if d.acronym {
                retain_candidates(&mut cands, |c| {
                    c.place.feature_code.starts_with("PCL") && c.score > 0.8
                });
            }
            // "the Assyrian Church" is no village spelled like "Syrian" by its consonants: a
            // word in an English adjective's form is a place only by its own name.
            if english_adjective(&folded) {
                retain_candidates(&mut cands, |c| c.similarity >= 0.9);
            }
            Scored {
                draft: d,
                reduced: rank::reduce(&folded),
                folded,
                cands,
                pick: None,
                rejected: None,
                named_after,
                homonyms: 0,
                spread: Vec::new(),
                features: Vec::new(),
                listed: None,
                as_elsewhere: false,
                municipal: false,
            }
        })
        .collect();

    // Country focus: the caller's, else the country the confident first choices agree on,
    // else the one the reports read with this one agree on.
    let mut votes: HashMap<&str, f64> = HashMap::default();
    if p.country.is_none() {
        // A name said fifteen times is one vote: "Santa Ana" in a Californian story is the
        // Salvadoran city by its first candidate, and repeating it does not make it so.
        let mut voted: HashSet<&str> = HashSet::default();
        let near = NearbyNames::new(&items);
        for it in &items {
            // A facility's namesake ("al-Hail oil field": Ha'il) is a guess, not a clue.
            if it.named_after || !voted.insert(it.folded.as_str()) {
                continue;
            }
            let weight = |c: &Candidate| {
                // A well-known place says more about where the story is than a hamlet
                // that shares a surname's or a word's spelling ("Park", "Swan", "Fife");
                // places of conflict events are what conflict reports are about. A
                // demonym names an actor ("Turkish forces"), not where the story is.
                let org = toks
                    .get(it.draft.last + 1)
                    .is_some_and(|t| t.cap && ORG_AFTER.contains(&t.lower()));
                // "Syrian regime forces", "the Yemeni government": a regime fights at
                // home, whoever else is in the report.
                let own_state = toks
                    .get(it.draft.last + 1)
                    .is_some_and(|t| matches!(t.lower(), "regime" | "government"));
                if org {
                    0.0
                } else if matches!(it.draft.found, Found::Demonym(_)) {
                    if own_state {
                        1.5
                    } else {
                        0.5
                    }
                } else if c.similarity < 0.75 {
                    // a loose spelling ("Kahn Shaykhun") says little of where the story is
                    0.1
                } else if is_village_layer(c) {
                    // Tens of thousands of villages share English words' and surnames'
                    // spellings ("Schiff", "War"): one says little of where a story is.
                    0.25
                } else if c.place.feature_code.starts_with("PCL") {
                    // "in Syria" places the story; "US warplanes" names an actor
                    let locative = it.draft.first == 0
                        || LOCATIVE_BEFORE.contains(&toks[it.draft.first - 1].lower())
                        || words::COMPASS_ADJECTIVES.contains(&toks[it.draft.first - 1].lower());
                    if locative {
                        2.0
                    } else {
                        0.75
                    }
                } else if crate::gazetteer::conflict_place(&c.place.source) {
                    1.0
                } else {
                    0.5 + renown(c)
                }
            };
            let Some(first) = it.cands.first() else {
                continue;
            };
            *votes.entry(first.place.country.as_str()).or_default() += weight(first) * first.score;
            // A name recorded in several countries votes, at half weight, for another
            // where its place stands beside a place of another name the report gives:
            // "Alexandria" is Egypt's city first, but the Alexandria 2 km from Pineville
            // is in Louisiana.
            let mut counted = vec![first.place.country.as_str()];
            for c in &it.cands[1..] {
                let beside = || near.beside(c, &it.folded);
                if c.similarity >= 0.9
                    && c.score >= first.score - 0.1
                    && !c.place.country.is_empty()
                    && !counted.contains(&c.place.country.as_str())
                    && beside()
                {
                    counted.push(c.place.country.as_str());
                    *votes.entry(c.place.country.as_str()).or_default() +=
                        SECOND_VOTE * weight(c) * c.score;
                }
            }
        }
        // "Snetterton, Norfolk", "Pineville in Rapides Parish": a town and the province or
        // county the text puts it in say where the story is more surely than either name
        // alone: Norfolk, Virginia is the better-known Norfolk, but Snetterton lies in
        // England's. Each pair of names votes once, for the country where they fit.
        let mut pairs_voted: HashSet<(&str, &str)> = Default::default();
        for (x, y) in items.iter().zip(items.iter().skip(1)) {
            if x.named_after
                || y.named_after
                || !matches!(link(toks, &x.draft, &y.draft), Some(Link::Comma | Link::In))
            {
                continue;
            }
            let fits = y
                .cands
                .iter()
                .filter(|a| {
                    a.similarity >= 0.9 && matches!(a.place.feature_code.as_str(), "ADM1" | "ADM2")
                })
                .find(|a| {
                    x.cands
                        .iter()
                        .any(|c| c.similarity >= 0.9 && !c.place.is_area() && lies_in(c, a))
                });
            if let Some(a) = fits {
                if pairs_voted.insert((x.folded.as_str(), y.folded.as_str())) {
                    *votes.entry(a.place.country.as_str()).or_default() += CONTAINED_VOTE;
                }
            }
        }
        // "HTS", "the Houthis": a group that fights in one country places the story
        // there as a conflict place does.
        let mut groups_voted: Vec<&str> = Vec::new();
        for g in &groups {
            // a group named ten times is one vote
            if !groups_voted.contains(&g.name) && !g.country.is_empty() {
                groups_voted.push(g.name);
                *votes.entry(g.country).or_default() += GROUP_VOTE;
            }
        }
    }
    // Continents, regions, seas and rivers have no country: they vote for none.
    let leader = |votes: &HashMap<&str, f64>| {
        votes
            .iter()
            .filter(|(cc, v)| !cc.is_empty() && **v >= MIN_FOCUS_VOTE)
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(cc, v)| Focus {
                country: cc.to_string(),
                vote: *v,
            })
    };
    let own_focus = leader(&votes);
    // The country the reports read with this one agree on counts as one strong clue: a
    // lone town abroad ("the town of Karak") does not outweigh it, "in Syria" does.
    if let Some(prior) = p.prior.as_deref() {
        *votes.entry(prior).or_default() += PRIOR_VOTE;
    }
    let focus = p
        .country
        .clone()
        .or_else(|| leader(&votes).map(|f| f.country));

    // A consonant-skeleton reading (similarity at most 0.7) is for a name the report's
    // country does not record in any close spelling: "Rihan" is Syria's Ar Rayhan when
    // Syria has no "Rihan", whatever Lebanon has. Where the name is recorded at home, or
    // the report's country is unknown and it is recorded anywhere, the loose readings go.
    // The detector's probe sought loose spellings only where no close one is recorded at
    // all; a name the report's country does not record closely is sought there in full.
    if let Some(f) = focus
        .as_deref()
        .filter(|f| normalize::consonant_tier_country(f))
    {
        let mut widened: HashMap<String, Rc<Vec<Candidate>>> = HashMap::default();
        for it in items.iter_mut() {
            let close_at_home = |c: &Candidate| {
                c.similarity > rank::MAX_CONSONANT_SIMILARITY && c.place.country == f
            };
            let probed_loose = it
                .cands
                .iter()
                .any(|c| c.similarity <= rank::MAX_CONSONANT_SIMILARITY);
            // A country, province or city abroad ("Iraq", "Tikrit") is what it says.
            let renowned = it.cands.first().is_some_and(|c| renown(c) >= 0.5);
            if matches!(it.draft.found, Found::Name | Found::Cued)
                && !probed_loose
                && !renowned
                && !it.cands.is_empty()
                && !it.cands.iter().any(close_at_home)
            {
                it.cands = widened
                    .entry(it.folded.clone())
                    .or_insert_with(|| candidates(g, &it.folded))
                    .clone();
            }
        }
    }
    let placed_by_text: Vec<bool> = (0..items.len())
        .map(|n| {
            let d = &items[n].draft;
            d.feature.is_some_and(|f| f != "demonym")
                || items
                    .get(n + 1)
                    .is_some_and(|nx| link(toks, d, &nx.draft) == Some(Link::In))
        })
        .collect();
    for (it, placed) in items.iter_mut().zip(placed_by_text) {
        let close = |c: &Candidate| c.similarity > rank::MAX_CONSONANT_SIMILARITY;
        let Some(f) = focus.as_deref() else {
            if it.cands.iter().any(close) {
                retain_candidates(&mut it.cands, close);
            }
            continue;
        };
        let at_home = |c: &Candidate| c.place.country == f;
        if it.cands.iter().any(|c| close(c) && at_home(c))
            || !it.cands.iter().any(|c| !close(c) && at_home(c))
        {
            if it.cands.iter().any(close) {
                retain_candidates(&mut it.cands, close);
            }
        } else if it.cands.iter().any(close)
            && (!placed
                || toks[it.draft.first].gap == super::tokens::Gap::Start
                || toks[it.draft.first].gap == super::tokens::Gap::Stop)
        {
            // Only where the text says it is a place ("Jasmi town", "Hmeirat in northern
            // Hama"): a name recorded abroad that reads like a village at home is as
            // likely a word or a party's name ("Jaysh al Islam", "Fierce clashes").
            retain_candidates(&mut it.cands, close);
        }
    }

    for it in items.iter_mut() {
        it.spread = RegionVotes::spread(it);
    }
    let regions = RegionVotes::new(&items);
    let context_features = |it: &Scored, c: &Candidate| -> Features {
        let mut f = Features::of(c);
        // The home region is one inside the report's country: two spellings of a Syrian
        // village that are both Karachi's alternate names do not make Sindh its region.
        if focus.as_deref().is_none_or(|f| f == c.place.country) {
            f.0[cue::REGION] = regions.share(it, c);
        }
        let mut known = prominence(c);
        if let Some(home) = &focus {
            // Abroad, only the obscure lose: London in a US story is still London.
            if &c.place.country == home {
                f.0[cue::HOME] = 1.0;
            } else {
                known = renown(c);
                f.0[cue::OBSCURE_ABROAD] = 1.0 - known;
            }
        }
        // A well-known place is what a reader assumes unless the text says otherwise.
        f.0[cue::RENOWN] = known;
        if let Some(feat) = it.draft.feature {
            if words::feature_matches(feat, &c.place.feature_code) {
                // "Manbij district", "Idlib province": the text names the area itself,
                // which outweighs the town it is named after.
                let names_area = matches!(feat, "district" | "province")
                    && feature_class(&c.place.feature_code) == 'A';
                f.0[if names_area {
                    cue::NAMES_AREA
                } else {
                    cue::NAMES_KIND
                }] = 1.0;
            } else if matches!(feat, "village" | "town" | "city")
                && feature_class(&c.place.feature_code) == 'A'
            {
                // "Aleppo city" is not the province, however well the province contains
                // the report's other places.
                f.0[cue::SETTLEMENT_ON_AREA] = 1.0;
            }
        }
        f
    };
    let context_score = |it: &Scored, c: &Candidate| context_features(it, c).score(&WEIGHTS);
    // Pass 1: each mention on its own, with the country focus and its cues.
    // Each candidate's pass-1 score is kept: the other readings of a name are judged by it.
    let first_scores: Vec<Vec<f64>> = items
        .iter_mut()
        .map(|it| {
            let scores: Vec<f64> = it.cands.iter().map(|c| context_score(it, c)).collect();
            it.pick = argmax(scores.iter().copied());
            scores
        })
        .collect();
    // Pass 2: spatial coherence with the other mentions' first choices.
    let anchors: Vec<Anchor> = items
        .iter()
        .filter_map(|it| {
            let c = &it.cands[it.pick?];
            let code = c.place.feature_code.as_str();
            (feature_class(code) != 'A' || code.starts_with("ADM2") || code.starts_with("ADM3"))
                .then(|| Anchor {
                    name: it.reduced.clone(),
                    lon: c.place.lon,
                    lat: c.place.lat,
                    near: Near::new(c.place.lon, c.place.lat),
                    admin1: c.place.admin1.clone(),
                    country: c.place.country.clone(),
                    exact: c.similarity >= 0.9,
                })
        })
        .collect();
    // A place named ten times is one anchor, not ten.
    let mut anchors = anchors;
    anchors.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then(a.lon.total_cmp(&b.lon))
            .then(a.lat.total_cmp(&b.lat))
    });
    anchors.dedup_by(|a, b| a.name == b.name && a.lon == b.lon && a.lat == b.lat);
    // The other readings of an ambiguous name that its first choice barely beat
    // (Leidner's spatial minimality, one step): "Richmond ... Madison County" is the
    // Richmond in a Madison County even when each name alone reads as another state's.
    let mut alternates: Vec<(String, f64, f64)> = items
        .iter()
        .zip(&first_scores)
        .filter_map(|(it, scores)| Some((it, it.pick?, scores)))
        // only a name the text marks as a place: a surname or a word ("Section", "Taylor")
        // has readings everywhere, and would pull the others to one of them
        .filter(|(it, _, _)| {
            it.cands.len() > 1
                && (it.draft.last > it.draft.first
                    || it.draft.feature.is_some()
                    || after_preposition(toks, &it.draft)
                    || party_home(toks, &it.draft))
        })
        .flat_map(|(it, k, scores)| {
            let least = scores[k] - ALTERNATE_MARGIN;
            let at = (it.cands[k].place.lon, it.cands[k].place.lat);
            let name = it.reduced.clone();
            it.cands
                .iter()
                .enumerate()
                .filter(move |&(j, c)| {
                    let code = c.place.feature_code.as_str();
                    j != k
                        && scores[j] >= least
                        && (feature_class(code) != 'A'
                            || code.starts_with("ADM2")
                            || code.starts_with("ADM3"))
                        && distance_km(at, (c.place.lon, c.place.lat)) > HOMONYM_KM
                })
                .map(move |(_, c)| (name.clone(), c.place.lon, c.place.lat))
        })
        .collect();
    // A name repeated ten times lends its readings once.
    alternates.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
    });
    alternates.dedup();
    let alternates: Vec<(String, Near)> = alternates
        .into_iter()
        .map(|(name, lon, lat)| (name, Near::new(lon, lat)))
        .collect();
    // The provinces the report names ("in Hama countryside"): a village of a common name
    // ("Mushayrifah", 37 places) is the one in a province the report names.
    let mut named_provinces: Vec<(String, String, String)> = items
        .iter()
        .filter_map(|it| {
            let c = &it.cands[it.pick?];
            (c.place.feature_code == "ADM1" || c.place.feature_code == "PPLA").then(|| {
                (
                    c.place.country.clone(),
                    c.place.admin1.clone(),
                    it.reduced.clone(),
                )
            })
        })
        .collect();
    // A province named a thousand times is one: every candidate is checked against them.
    named_provinces.sort();
    named_provinces.dedup();
    let (mut picks, features): (Vec<Option<usize>>, Vec<Vec<Features>>) = items
        .iter()
        .enumerate()
        .map(|(n, it)| {
            let me = it.reduced.clone();
            let next_admin = items.get(n + 1).filter(|nx| {
                nx.draft.first == it.draft.last + 1
                    && toks[nx.draft.first].gap == super::tokens::Gap::Comma
            });
            // "Mexico", "California": a country or province read first stays one unless
            // the text's own places say otherwise, not because a namesake town lies near
            // some reading of another name. (Nor is a name of one reading weighed.)
            let no_other_reading = it.cands.len() < 2
                || it.pick.is_some_and(|k| {
                    let code = it.cands[k].place.feature_code.as_str();
                    code.starts_with("PCL") || matches!(code, "ADM1" | "CONT" | "RGN")
                });
            // ... spelt as the area's own recorded name, and the only word of the name; the
            // area's own seat of that name ("Geneva", "Pailin") is no namesake.
            let area_by_its_name = it.pick.map(|k| &it.cands[k]).filter(|c| {
                it.cands.len() > 1
                    && it.draft.first == it.draft.last
                    && c.similarity >= EXACT
                    && (c.place.feature_code.starts_with("PCL") || c.place.feature_code == "ADM1")
            });
            let namesake_of_area = |c: &Candidate| {
                area_by_its_name.is_some_and(|a| {
                    c.place.country != a.place.country
                        || (a.place.feature_code == "ADM1" && c.place.admin1 != a.place.admin1)
                })
            };
            let features: Vec<Features> = it
                .cands
                .iter()
                .map(|c| {
                    let mut f = context_features(it, c);
                    let others = anchors.iter().filter(|a| a.name != me);
                    let code = c.place.feature_code.as_str();
                    // Provinces and countries cohere by containing the other places, not by
                    // the distance to their centre points.
                    f.0[cue::NEAR] = if code == "ADM1" {
                        let inside =
                            |a: &&Anchor| a.country == c.place.country && a.admin1 == c.place.name;
                        if others.clone().any(|a| inside(&a)) {
                            1.0
                        } else {
                            0.0
                        }
                    } else if code.starts_with("PCL") {
                        if others.clone().any(|a| a.country == c.place.country) {
                            1.0
                        } else {
                            0.0
                        }
                    } else {
                        // the nearest other place's proximity (0 with none: 1 / infinity)
                        let at = Near::new(c.place.lon, c.place.lat);
                        // A name read first as a country or a state ("California") is
                        // a town of the name only beside another place: a town 80 km from
                        // the dateline's city is no reason ("WASHINGTON - ... Marines in
                        // California" is not California, Maryland).
                        let scale = if namesake_of_area(c) {
                            AREA_READ_FIRST_KM
                        } else {
                            30.0
                        };
                        let near = rank::proximity(at.nearest_km(others.map(|a| &a.near)), scale);
                        if !no_other_reading && !alternates.is_empty() {
                            let km = at.nearest_km(
                                alternates.iter().filter(|(n, _)| n != &me).map(|(_, a)| a),
                            );
                            f.0[cue::NEAR_READING] = (rank::proximity(km, 30.0) - near).max(0.0);
                        }
                        near
                    };
                    let code_is_province = code == "ADM1" || code == "PPLA";
                    if !code_is_province
                        && !c.place.admin1.is_empty()
                        && named_provinces.iter().any(|(cc, a1, name)| {
                            // another mention's province: "New York" is not its own support
                            name != &me && cc == &c.place.country && a1 == &c.place.admin1
                        })
                    {
                        f.0[cue::NAMED_PROVINCE] = 1.0;
                    }
                    // "Hatla, Deir ez-Zor": the place in that admin area.
                    if let Some(nx) = next_admin {
                        if rank::reduce(&normalize::fold(&c.place.admin1)) == nx.reduced {
                            f.0[cue::ADMIN_AFTER] = 1.0;
                        }
                    }
                    f
                })
                .collect();
            let pick = best_of(&features, &WEIGHTS);
            (pick, features)
        })
        .unzip();
    if let Some(log) = &p.ranking_log {
        for ((it, &pick), features) in items.iter().zip(&picks).zip(&features) {
            log.record(Ranked {
                doc: article.id.clone(),
                start: char_base + toks[it.draft.first].start,
                end: char_base + toks[it.draft.last].end,
                text: it.folded.clone(),
                pick,
                candidates: it
                    .cands
                    .iter()
                    .zip(features)
                    .map(|(c, f)| RankedCandidate {
                        name: c.place.name.clone(),
                        country: c.place.country.clone(),
                        feature_code: c.place.feature_code.clone(),
                        lon: c.place.lon,
                        lat: c.place.lat,
                        features: f.0,
                    })
                    .collect(),
            });
        }
    }
    for (n, kind) in one_kind_per_list(toks, &items, &mut picks) {
        items[n].listed = Some(kind);
    }
    // The countries the text names itself ("in Japan", "Japanese"): a place there may lie
    // far from all the others.
    let named_countries: Vec<String> = items
        .iter()
        .zip(&picks)
        .filter_map(|(it, pk)| {
            let c = &it.cands[(*pk)?];
            (c.place.feature_code.starts_with("PCL")).then(|| c.place.country.clone())
        })
        .collect();
    let home_point = focus
        .as_deref()
        .and_then(|f| g.country(f))
        .map(|c| (c.place.lon, c.place.lat));
    for ((it, pk), f) in items.iter_mut().zip(picks).zip(features) {
        it.pick = pk;
        it.features = f;
        // "Dublin City Council", "Alexandria Police", "Orchard St., Alexandria": a town
        // with its own police and streets, in a report about one country that does not
        // name the other, is the home town of that name, not a capital abroad.
        if let (Some(k), Some(f)) = (it.pick, focus.as_deref()) {
            let c = &it.cands[k];
            if c.place.country != f
                && !c.place.feature_code.starts_with("PCL")
                && !named_countries.contains(&c.place.country)
                && municipal(toks, &it.draft)
            {
                let town_at_home = |o: &Candidate| {
                    o.place.country == f
                        && o.similarity >= 0.9
                        && o.place.feature_code.starts_with("PPL")
                };
                let home = argmax(it.cands.iter().zip(&it.features).map(|(o, x)| {
                    if town_at_home(o) {
                        x.score(&WEIGHTS)
                    } else {
                        f64::NEG_INFINITY
                    }
                }))
                .filter(|&h| town_at_home(&it.cands[h]));
                if let Some(h) = home {
                    it.pick = Some(h);
                    it.municipal = true;
                }
            }
        }
        // With no country in view, a village that shares an English word's spelling is
        // more likely the word.
        if let (Some(k), None) = (it.pick, &focus) {
            let c = &it.cands[k];
            if (is_village_layer(c) || c.similarity < 0.75) && it.draft.feature.is_none() {
                it.pick = None;
                it.rejected = Some(format!(
                    "only a village of this name is known ({} in {}), and the article gives no country",
                    it.cands[k].place.name, it.cands[k].place.country
                ));
            }
        }
        // "the areas of al-Qusour and al-Joura": parts of a town the report names lie
        // in it, not at a village of the same name 160 km away.
        if let Some(k) = it.pick {
            let c = &it.cands[k];
            // An "area" may be a village's surroundings: only a village far from all the
            // report's places is turned down.
            let weak = is_village_layer(c) || c.similarity < 0.75;
            let limit = match it.draft.feature {
                Some("neighbourhood") if weak => PART_OF_TOWN_KM,
                Some("area") if weak => 3.0 * PART_OF_TOWN_KM,
                // A name found only by a spelling variant or its consonants, far from
                // everything else the report names, is more likely a misreading than the
                // one place the report strays to ("the Kanamat area ... of Deir-ez-Zor
                // city" is not Ghanamah, 259 km away in Aleppo).
                // A place of conflict events is where conflict reports stray to.
                _ if c.similarity < 0.9 && !crate::gazetteer::conflict_place(&c.place.source) => {
                    VARIANT_FAR_KM
                }
                _ => f64::INFINITY,
            };
            let part_of_town = limit.is_finite();
            let me = it.reduced.clone();
            // A variant is judged by the places of its own country the report names by their
            // own names: two variants do not rule each other out.
            let variant = limit == VARIANT_FAR_KM;
            let nearest = Near::new(c.place.lon, c.place.lat).nearest_km(
                anchors
                    .iter()
                    .filter(|a| {
                        a.name != me && (!variant || (a.exact && a.country == c.place.country))
                    })
                    .map(|a| &a.near),
            );
            if part_of_town && nearest.is_finite() && nearest > limit {
                it.pick = None;
                it.rejected = Some(if variant {
                    format!(
                        "{} is only a spelling variant of the name and lies {:.0} km from the \
                         report's other places",
                        c.place.name, nearest
                    )
                } else {
                    format!(
                        "{} ({:.0} km from the report's other places) cannot be one of its {}s",
                        c.place.name,
                        nearest,
                        it.draft.feature.unwrap_or("area")
                    )
                });
            }
        }
        // A place outside the article's country must be a prominent one under its own
        // name: "al-Joura" in a Syrian report is not a town in India.
        if let (Some(k), Some(f)) = (it.pick, &focus) {
            let c = &it.cands[k];
            // Countries, continents and regions such as the Middle East lie in no one
            // country.
            let country_itself =
                c.place.feature_code.starts_with("PCL") || c.place.country.is_empty();
            // Spelling variants are for names romanised at home, not abroad; so are villages.
            let variant = c.similarity < 0.9 || is_village_layer(c);
            // A road or oil field is named after a place near it, not after a city abroad
            // ("al-Hail oil field" is not in Saudi Arabia's Ha'il).
            // Far from everything else the report names, in a country it does not name, a
            // town abroad is a misread word ("the village of Hamada Omar" is not Hamada,
            // Japan); a capital, a big city or a place of conflict events is a real far
            // reference ("flew to Tokyo", "fighting in Deir ez-Zor").
            let me = it.reduced.clone();
            let far_alone = || {
                let nearest = anchors
                    .iter()
                    .filter(|a| a.name != me)
                    .map(|a| (a.lon, a.lat))
                    .chain(home_point)
                    .map(|p| distance_km((c.place.lon, c.place.lat), p))
                    .fold(f64::INFINITY, f64::min);
                (nearest > FAR_KM
                    && !named_countries.contains(&c.place.country)
                    && c.place.feature_code != "PPLC"
                    && !crate::gazetteer::conflict_place(&c.place.source)
                    && renown(c) < FAR_RENOWN)
                    .then_some(nearest)
            };
            let across_border = || {
                !variant
                    && !it.named_after
                    && anchors
                        .iter()
                        .filter(|a| a.name != me && a.exact && a.country == c.place.country)
                        .any(|a| {
                            distance_km((c.place.lon, c.place.lat), (a.lon, a.lat))
                                <= ACROSS_BORDER_KM
                        })
            };
            if &c.place.country != f
                && !country_itself
                && !in_its_city(toks, it, k)
                && !across_border()
            {
                let reason = if c.score < FOREIGN_MIN_SCORE || variant || it.named_after {
                    Some(format!(
                        "the only candidates ({} in {}) lie outside the article's country, {f}",
                        c.place.name, c.place.country
                    ))
                } else {
                    far_alone().map(|km| {
                        format!(
                            "the only candidate well known enough ({} in {}) lies {km:.0} km \
                             from every other place the report names, in a country it does not name",
                            c.place.name, c.place.country
                        )
                    })
                };
                if reason.is_some() {
                    // The name's best reading at home is the one meant where it is spelt
                    // the same or conflict data records it: "Khalsa" in a Syrian report is
                    // Aleppo's Khalasah, not the Lebanese village spelt so. A looser
                    // reading of a village at home is as likely another place's name.
                    let sure = |o: &Candidate| {
                        &o.place.country == f
                            && (o.similarity >= 0.9
                                || crate::gazetteer::conflict_place(&o.place.source))
                    };
                    let home = argmax(it.cands.iter().zip(&it.features).map(|(o, x)| {
                        if sure(o) {
                            x.score(&WEIGHTS)
                        } else {
                            f64::NEG_INFINITY
                        }
                    }))
                    .filter(|&h| !it.named_after && sure(&it.cands[h]));
                    match home {
                        Some(h) => it.pick = Some(h),
                        None => {
                            it.pick = None;
                            it.rejected = reason;
                        }
                    }
                }
            }
        }
    }

    // ACLED's compound names, "Damascus - Jobar": the place after the dash lies in the one
    // before it.
    let dashed: Vec<bool> = (0..items.len())
        .map(|n| {
            items.get(n + 1).is_some_and(|nx| {
                let a = toks[items[n].draft.last].byte_end;
                let b = toks[nx.draft.first].byte_start;
                article
                    .text
                    .get(a..b)
                    .is_some_and(|t| matches!(t.trim(), "-" | "–" | "—"))
            })
        })
        .collect();
    let container = contain(
        g,
        toks,
        &dashed,
        &mut items,
        focus.as_deref(),
        &context_score,
    );

    // A facility is placed at its namesake only inside the report's own country, or, when
    // the report names no other place, at a namesake conflict data knows.
    for it in items.iter_mut().filter(|it| it.named_after) {
        if let Some(k) = it.pick {
            let c = &it.cands[k].place;
            let fits = in_its_city(toks, it, k)
                || match focus.as_deref() {
                    Some(f) => f == c.country,
                    None => crate::gazetteer::conflict_place(&c.source),
                };
            if !fits {
                it.rejected = Some(format!(
                    "{} lies outside the report's country",
                    it.cands[k].place.name
                ));
                it.pick = None;
            }
        }
    }

    one_area_per_name(&mut items, &container);

    // A bare homonym: the pick has namesakes as likely, far from it, and the text gives
    // no clue for it (no place it lies in, no other place near it, no province of its).
    for (n, it) in items.iter_mut().enumerate() {
        let Some(k) = it.pick else { continue };
        if it.named_after || container[n].is_some() {
            continue;
        }
        let c = &it.cands[k];
        // A province and its capital share a name without being namesakes in doubt.
        if feature_class(&c.place.feature_code) == 'A' || is_container_level(c) {
            continue;
        }
        let at = (c.place.lon, c.place.lat);
        let me = it.reduced.clone();
        let near_others = anchors
            .iter()
            .filter(|a| a.name != me)
            .any(|a| distance_km(at, (a.lon, a.lat)) <= HOMONYM_KM * 3.0);
        let in_named_province = named_provinces
            .iter()
            .any(|(cc, a1, name)| name != &me && cc == &c.place.country && a1 == &c.place.admin1);
        if near_others || in_named_province {
            continue;
        }
        it.homonyms = it
            .cands
            .iter()
            .filter(|o| {
                o.similarity >= 0.9
                    && feature_class(&o.place.feature_code) != 'A'
                    && o.score >= c.score - 0.05
                    && distance_km(at, (o.place.lon, o.place.lat)) > HOMONYM_KM
            })
            .count();
    }

    // "Tell Syriatel", "Kafir El Zeit": a generic first word alone is no place when the
    // name it starts goes on; "the Kharaji tribe" is a tribe.
    for it in items.iter_mut() {
        let next = toks.get(it.draft.last + 1).filter(|t| t.gap.joins_words());
        let why = if it.draft.first == it.draft.last
            && words::NAME_HEADS.contains(&toks[it.draft.first].lower())
            && next.is_some_and(|t| t.cap || t.article)
        {
            Some("a generic first word of a longer name the gazetteer lacks")
        } else if next.is_some_and(|t| matches!(t.lower(), "tribe" | "tribes" | "clan" | "clans")) {
            Some("a tribe's name")
        } else {
            None
        };
        if let (Some(why), Some(_)) = (why, it.pick) {
            it.pick = None;
            it.rejected = Some(why.to_string());
        }
    }

    // Is each name meant as a place at all? ([`Placeness`])
    let placeness = placeness(article, toks, &items);
    // A name the text does not mark as a place, read by its cues as a word, a surname or part
    // of an organisation's name ("Chamber of Commerce", "Turner's 39"), is no place. The
    // village layer and conflict data have their own guards: a Syrian village named bare in
    // a note is what conflict notes are made of.
    // One sense per discourse: a name that reads as a place once ("Harib, Marib") is one
    // wherever the report repeats it ("the Harib front").
    let chances: Vec<f64> = {
        let mut by_name: HashMap<&str, f64> = HashMap::default();
        for (it, f) in items.iter().zip(&placeness) {
            if let Some(f) = f {
                let e = by_name.entry(it.folded.as_str()).or_insert(0.0);
                *e = e.max(f.probability());
            }
        }
        items
            .iter()
            .map(|it| by_name.get(it.folded.as_str()).copied().unwrap_or(0.0))
            .collect()
    };
    // "Watertown-Mayer", "Plainview-Elgin": towns a hyphen joins that lie side by side are
    // the towns a school district or a metro area is named after, not a double-barrelled
    // surname.
    let paired: Vec<bool> = (0..items.len())
        .map(|n| {
            let beside = |m: usize| {
                let (a, b) = (&items[n.min(m)], &items[n.max(m)]);
                b.draft.first == a.draft.last + 1
                    && toks[b.draft.first].gap.is_hyphen()
                    && match (a.pick, b.pick) {
                        (Some(x), Some(y)) => {
                            let (p, q) = (&a.cands[x].place, &b.cands[y].place);
                            distance_km((p.lon, p.lat), (q.lon, q.lat)) <= HYPHEN_PAIR_KM
                        }
                        _ => false,
                    }
            };
            (n > 0 && beside(n - 1)) || (n + 1 < items.len() && beside(n + 1))
        })
        .collect();
    for (((it, f), chance), paired) in items.iter_mut().zip(&placeness).zip(chances).zip(paired) {
        let (Some(k), Some(f)) = (it.pick, f) else {
            continue;
        };
        let c = &it.cands[k];
        // a name in the user's own gazetteer is a place because the user says so
        let user = || g.has_user_places() && g.user_records(&it.folded);
        if it.draft.found != Found::Name
            || it.draft.feature.is_some()
            || party_home(toks, &it.draft)
            || paired
            || user()
            || is_village_layer(c)
            || crate::gazetteer::conflict_place(&c.place.source)
        {
            continue;
        }
        if chance < PLACENESS_THRESHOLD {
            it.rejected = Some(format!(
                "read as a word or a name here, not {} (placeness {:.2}: {})",
                c.place.name,
                chance,
                f.against(3).join(", ")
            ));
            it.pick = None;
        }
    }
    if let Some(log) = &p.ranking_log {
        for (it, f) in items.iter().zip(&placeness) {
            if let Some(f) = f {
                log.record_placed(Placed {
                    doc: article.id.clone(),
                    start: char_base + toks[it.draft.first].start,
                    end: char_base + toks[it.draft.last].end,
                    text: it.folded.clone(),
                    features: f.0,
                });
            }
        }
    }

    // The place sub-places lie in: the settlement the article names most (first on ties).
    let place_key = |c: &Candidate| {
        (
            c.place.name.clone(),
            c.place.lat.to_bits(),
            c.place.lon.to_bits(),
        )
    };
    let mut times: HashMap<(String, u64, u64), usize> = HashMap::default();
    for it in &items {
        if let Some(k) = it.pick {
            *times.entry(place_key(&it.cands[k])).or_default() += 1;
        }
    }
    let mut counts: Vec<(usize, usize, usize)> = Vec::new(); // (count, -first, item)
    for (n, it) in items.iter().enumerate() {
        let Some(k) = it.pick else { continue };
        let c = &it.cands[k];
        if !is_settlement(c) || focus.as_deref().is_some_and(|f| f != c.place.country) {
            continue;
        }
        let same = times.get(&place_key(c)).copied().unwrap_or(0);
        counts.push((same, usize::MAX - it.draft.first, n));
    }
    counts.sort();
    let parent = counts.last().map(|&(_, _, n)| {
        let it = &items[n];
        it.cands[it.pick.unwrap()].clone()
    });

    // A sub-place lies in the place the text says it lies in ("Al Joura neighborhood in
    // Menbij city"), else in the report's main settlement.
    let local_parent: Vec<Option<Candidate>> = (0..items.len())
        .map(|n| {
            let mut m = container[n];
            while let Some(k) = m {
                if let Some(pk) = items[k]
                    .pick
                    .filter(|&pk| is_settlement(&items[k].cands[pk]))
                {
                    return Some(items[k].cands[pk].clone());
                }
                m = container[k];
            }
            None
        })
        .collect();
    let mut mentions: Vec<Mention> = items
        .into_iter()
        .zip(local_parent)
        // A gazetteer key with no acceptable candidate was a collision, not a place.
        .filter(|(it, _)| {
            !(matches!(it.draft.found, Found::Name | Found::Demonym(_)) && it.cands.is_empty())
        })
        // Nor was a name found only as a far village or a loose spelling and then turned
        // down, unless the text marks it as a place ("the village of X").
        .filter(|(it, _)| {
            !(it.draft.found == Found::Name
                && it.pick.is_none()
                && it.draft.feature.is_none()
                && it
                    .cands
                    .iter()
                    .all(|c| is_village_layer(c) || c.similarity < 0.75))
        })
        .map(|(it, local)| {
            let parent = local.as_ref().or(parent.as_ref());
            to_mention(article, char_base, toks, it, parent, &focus)
        })
        .collect();
    if !organisations.is_empty() {
        // The report's own places choose among namesakes: "Dublin City Council" in a
        // story from Ohio.
        // Each distinct point and admin area once, and each candidate's nearness worked out
        // once: a huge report names the same few places and papers thousands of times
        // (`bench/hostile_reports.py organisations`: 0.6 MB took 24 s comparing every paper
        // with every place).
        let places = mentions
            .iter()
            .filter(|m| m.kind == Resolution::Place && !m.names_an_actor());
        let mut points: Vec<(f64, f64)> = places
            .clone()
            .filter_map(|m| m.point)
            .map(Into::into)
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        points.dedup();
        let points: Vec<Near> = points
            .into_iter()
            .map(|(lon, lat)| Near::new(lon, lat))
            .collect();
        let admins: HashSet<(&str, &str)> = places
            .filter_map(|m| Some((m.country.as_deref()?, m.admin1.as_deref()?)))
            .collect();
        let nearness: std::cell::RefCell<HashMap<(u64, u64), f64>> = Default::default();
        let context = |c: &Candidate| {
            let key = (c.place.lon.to_bits(), c.place.lat.to_bits());
            let cached = nearness.borrow().get(&key).copied();
            let near = cached.unwrap_or_else(|| {
                // the nearest place's proximity (0 with none: 1 / infinity)
                let at = Near::new(c.place.lon, c.place.lat);
                let near = rank::proximity(at.nearest_km(&points), 30.0);
                nearness.borrow_mut().insert(key, near);
                near
            });
            let same_admin1 = !c.place.admin1.is_empty()
                && admins.contains(&(c.place.country.as_str(), c.place.admin1.as_str()));
            WEIGHTS[cue::NEAR] * near + if same_admin1 { 0.1 } else { 0.0 }
        };
        let found: Vec<Mention> = organisations
            .into_iter()
            .filter_map(|d| organisation_mention(article, char_base, toks, d, &focus, &context))
            .collect();
        mentions.extend(found);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
    (mentions, own_focus)
}

/// The feature of a place named inside an organisation's name ("The Washington Post").
pub const ORGANISATION: &str = "organisation";

/// A place inside an organisation's name, read after the others: its best-known reading,
/// unless the report's country or its other places point to a namesake ("the Pakistan
/// Army", "Dublin City Council" in Ohio).
fn organisation_mention(
    article: &Article,
    char_base: usize,
    toks: &[Token<'_>],
    d: Draft,
    focus: &Option<String>,
    context: &dyn Fn(&Candidate) -> f64,
) -> Option<Mention> {
    let cands = d.cands;
    let at_home = |c: &Candidate| focus.as_deref() == Some(c.place.country.as_str());
    // A city of a million lends its name to papers, councils and clubs more often than
    // the province it shares it with: "the New York Times".
    let metropolis =
        |c: &Candidate| c.place.feature_code.starts_with("PPL") && c.place.population >= 1_000_000;
    let k = argmax(cands.iter().map(|c| {
        c.score
            + context(c)
            + if at_home(c) && c.similarity >= 0.9 {
                0.1
            } else {
                0.0
            }
            + if metropolis(c) { 0.1 } else { 0.0 }
    }))?;
    let c = &cands[k];
    let (a, z) = (toks[d.first].byte_start, toks[d.last].byte_end);
    let org_end = toks.get(d.last + 1).map_or(z, |t| t.byte_end);
    Some(Mention {
        doc: article.id.clone(),
        start: char_base + toks[d.first].start,
        end: char_base + toks[d.last].end,
        text: article.text[a..z].to_string(),
        name: Some(c.place.name.clone()),
        point: crate::model::LonLat::new(c.place.lon, c.place.lat),
        feature_code: Some(c.place.feature_code.clone()),
        country: Some(c.place.country.clone()),
        admin1: Some(c.place.admin1.clone()),
        geonameid: c.place.geonameid,
        kind: Resolution::Place,
        feature: Some(ORGANISATION.to_string()),
        precision: Some(precision_of(&c.place.feature_code)),
        confidence: round3(c.score.clamp(0.0, 1.0)),
        reason: Some(format!(
            "part of an organisation's name ({}), the place it is named for; never where an \
             event happened",
            &article.text[a..org_end]
        )),
    })
}

/// "Arizona, California, Colorado, ... and Wisconsin": a list whose names are mostly read as
/// states (or countries) is a list of states (or countries), so the rest of it is too, and
/// not the Missouri towns called California, Mexico and Oregon that lie near one another.
/// A list here is two or more names joined by commas, "and" or "or" ("England and Wales");
/// in a pair, a capital read first stays one ("New York and Washington").
/// Returns the names whose pick it changed, with the kind of their list.
fn one_kind_per_list(
    toks: &[Token<'_>],
    items: &[Scored],
    picks: &mut [Option<usize>],
) -> Vec<(usize, &'static str)> {
    let mut changed = Vec::new();
    use super::tokens::Gap;
    let joined = |a: &Scored, b: &Scored| {
        let (end, start) = (a.draft.last, b.draft.first);
        (start == end + 1 && toks[start].gap == Gap::Comma)
            || (start == end + 2
                && matches!(toks[end + 1].lower(), "and" | "or")
                && toks[start].gap == Gap::Space)
    };
    let kind_of = |c: &Candidate| -> Option<&'static str> {
        let code = c.place.feature_code.as_str();
        if code == "ADM1" {
            Some("ADM1")
        } else if code.starts_with("PCL") {
            Some("PCL")
        } else {
            None
        }
    };
    let mut start = 0;
    while start < items.len() {
        let mut end = start;
        while end + 1 < items.len() && joined(&items[end], &items[end + 1]) {
            end += 1;
        }
        let run = start..=end;
        start = end + 1;
        // "England and Wales": two names are a list too.
        if run.end() == run.start() {
            continue;
        }
        // The kind and country most of the list's picks already are.
        let mut kinds: Vec<((&str, &str), usize)> = Vec::new();
        for n in run.clone() {
            let Some(k) = picks[n] else { continue };
            let c = &items[n].cands[k];
            if let Some(kind) = kind_of(c) {
                let key = (kind, c.place.country.as_str());
                match kinds.iter_mut().find(|(x, _)| *x == key) {
                    Some(e) => e.1 += 1,
                    None => kinds.push((key, 1)),
                }
            }
        }
        let Some(((kind, country), count)) = kinds.into_iter().max_by_key(|(_, n)| *n) else {
            continue;
        };
        let size = run.end() - run.start() + 1;
        let same = |c: &Candidate| {
            kind_of(c) == Some(kind) && c.place.country == country && c.similarity >= 0.9
        };
        // A third of the list read so already, and two thirds able to be.
        let able = run
            .clone()
            .filter(|&n| items[n].cands.iter().any(same))
            .count();
        if 3 * count < size || 3 * able < 2 * size {
            continue;
        }
        // A pair is a weaker list: "New York and Washington" are two cities, whatever
        // "New York" alone reads as; a capital read first stays one.
        let capital = |c: &Candidate| matches!(c.place.feature_code.as_str(), "PPLC" | "PPLA");
        for n in run {
            let it = &items[n];
            if picks[n].is_some_and(|k| same(&it.cands[k]) || (size == 2 && capital(&it.cands[k])))
            {
                continue;
            }
            if let Some(k) = it.cands.iter().position(same) {
                picks[n] = Some(k);
                changed.push((n, kind));
            }
        }
    }
    changed
}

/// "in Shadadah", "around western A'rima", "in rural Idlib", "in the town": a preposition
/// of place before the name, across a side word, "rural" or "the".
fn after_preposition(toks: &[Token<'_>], d: &Draft) -> bool {
    let mut k = d.first;
    for _ in 0..3 {
        let Some(b) = k.checked_sub(1) else {
            return false;
        };
        let w = toks[b].lower();
        if words::LOCATIVE.contains(&w) {
            return true;
        }
        if !(words::COMPASS_ADJECTIVES.contains(&w) || matches!(w, "rural" | "the")) {
            return false;
        }
        k = b;
    }
    false
}

/// Street words that end the street of an address before its town ("1935 Orchard St.,
/// Alexandria").
const STREET_WORDS: &[&str] = &[
    "st",
    "street",
    "ave",
    "avenue",
    "rd",
    "road",
    "dr",
    "drive",
    "ln",
    "lane",
    "blvd",
    "boulevard",
    "ct",
    "court",
    "pl",
    "place",
    "way",
    "pkwy",
    "parkway",
    "hwy",
    "highway",
];

/// "Alexandria Police", "Dublin City Council", "Berlin police", "of 1935 Orchard St.,
/// Alexandria": the text uses the name as a town with its own police, council and streets,
/// as a local paper writes of its own town.
fn municipal(toks: &[Token<'_>], d: &Draft) -> bool {
    use super::tokens::Gap;
    let word = |k: usize| {
        toks.get(k)
            .filter(|t| t.gap == Gap::Space)
            .map(|t| t.lower())
    };
    let next = d.last + 1;
    let office = match word(next) {
        Some("police" | "mayor" | "township") => true,
        Some("city" | "town" | "village") => matches!(
            word(next + 1),
            Some("council" | "manager" | "hall" | "commission" | "clerk" | "police")
        ),
        Some("fire") => matches!(word(next + 1), Some("department" | "chief")),
        Some("public") => matches!(word(next + 1), Some("library" | "schools")),
        Some("school") => matches!(word(next + 1), Some("board" | "district")),
        _ => false,
    };
    let address = d.first > 1
        && matches!(toks[d.first].gap, Gap::Comma | Gap::Stop)
        && STREET_WORDS.contains(&toks[d.first - 1].lower())
        && toks[d.first - 1].cap
        && toks[d.first - 2].cap;
    office || address
}

/// "Rep. Mary Seifert, R-Marshall", "(D-Story City)": a legislator's party and home town,
/// as US papers write them.
fn party_home(toks: &[Token<'_>], d: &Draft) -> bool {
    d.first > 0 && super::detect::party_initials(toks, d.first - 1)
}

/// The placeness cues of each resolved name ([`Placeness`]); `None` where nothing was
/// picked.
fn placeness(article: &Article, toks: &[Token<'_>], items: &[Scored]) -> Vec<Option<Placeness>> {
    use super::tokens::Gap;
    let joined = |t: &Token<'_>| matches!(t.gap, Gap::Space | Gap::Hyphen);
    let after_preposition =
        |it: &Scored| after_preposition(toks, &it.draft) || party_home(toks, &it.draft);
    let mut counts: HashMap<&str, usize> = HashMap::default();
    let mut placed_names: HashSet<&str> = Default::default();
    for it in items {
        *counts.entry(it.folded.as_str()).or_default() += 1;
        if after_preposition(it) {
            placed_names.insert(it.folded.as_str());
        }
    }
    items
        .iter()
        .enumerate()
        .map(|(n, it)| {
            let k = it.pick?;
            let c = &it.cands[k];
            let cues = it.features.get(k).copied().unwrap_or_default();
            let (first, last) = (it.draft.first, it.draft.last);
            let words = toks[first..=last].iter().filter(|t| !t.article).count();
            let on = |b: bool| if b { 1.0 } else { 0.0 };
            let mut f = [0.0; P];
            f[0] = 1.0;
            f[1] = on(words == 1);
            f[2] = renown(c);
            f[3] = c.similarity;
            let here = after_preposition(it);
            f[4] = on(here);
            f[5] = on(items.get(n + 1).is_some_and(|nx| {
                nx.draft.first == last + 1 && toks[nx.draft.first].gap == Gap::Comma
            }) || cues.0[cue::ADMIN_AFTER] > 0.0);
            f[6] = on(!here && placed_names.contains(it.folded.as_str()));
            f[7] = cues.0[cue::NEAR];
            f[8] = cues.0[cue::REGION];
            f[9] = cues.0[cue::HOME];
            f[10] = on(toks.get(last + 1).is_some_and(|t| t.cap && joined(t)));
            // "The Beverly Hills Police": an article or a function word is no name before it
            f[11] = on(first > 0
                && toks[first - 1].cap
                && !words::is_stop(toks[first - 1].lower())
                && joined(&toks[first]));
            f[12] = on(matches!(toks[first].gap, Gap::Start | Gap::Stop));
            let rest = article.text.get(toks[last].byte_end..).unwrap_or("");
            f[13] = on(rest.starts_with("'s") || rest.starts_with("\u{2019}s"));
            let times = counts.get(it.folded.as_str()).copied().unwrap_or(1);
            f[14] = ((times - 1) as f64 / 3.0).min(1.0);
            f[15] = on(is_village_layer(c));
            f[16] = on(crate::gazetteer::conflict_place(&c.place.source));
            f[17] = on(it.draft.feature.is_some() || it.draft.found != Found::Name);
            f[18] = on(c.place.is_area());
            f[19] = on(toks[first..=last]
                .iter()
                .all(|t| t.text.chars().count() > 1 && !t.text.chars().any(char::is_lowercase)));
            // "the Athens Police Department", "Paris Public Library", "Columbus Council": a
            // town's own institutions are named after it.
            f[20] = on(toks.get(last + 1).is_some_and(|t| {
                t.cap
                    && joined(t)
                    && matches!(
                        t.lower(),
                        "police"
                            | "sheriff"
                            | "fire"
                            | "library"
                            | "council"
                            | "mayor"
                            | "courthouse"
                            | "schools"
                            | "school"
                            | "public"
                            | "city"
                            | "county"
                            | "board"
                            | "chamber"
                            | "township"
                            | "town"
                            | "village"
                    )
            }));
            Some(Placeness(f))
        })
        .collect()
}

/// "Mzeireb town in Dara governorate", "Salba in the Hama countryside", "Hatla, Deir
/// ez-Zor": the text says where a place lies, which outweighs every other clue. Of a
/// name's candidates, one that lies there wins; a name none of whose candidates lies
/// there is not guessed, unless it names a city: the report's incident then falls back to
/// the place it lies in.
fn contain(
    g: &Gazetteer,
    toks: &[Token<'_>],
    dashed: &[bool],
    items: &mut [Scored],
    focus: Option<&str>,
    context_score: &dyn Fn(&Scored, &Candidate) -> f64,
) -> Vec<Option<usize>> {
    let mut container: Vec<Option<usize>> = vec![None; items.len()];
    // The side of its container the text puts each place on.
    let mut sides: Vec<Option<(f64, f64)>> = vec![None; items.len()];
    for n in (0..items.len().saturating_sub(1)).rev() {
        let y = &items[n + 1];
        let here = side(toks, &items[n].draft, &y.draft);
        (container[n], sides[n]) = match link(toks, &items[n].draft, &y.draft) {
            Some(Link::In) => (Some(n + 1), here),
            Some(Link::Comma) => {
                let area = y.pick.is_some_and(|k| {
                    let code = y.cands[k].place.feature_code.as_str();
                    code.starts_with("PCL") || matches!(code, "ADM1" | "ADM2" | "PPLA" | "PPLC")
                });
                if area {
                    (Some(n + 1), here)
                } else {
                    (container[n + 1], sides[n + 1])
                }
            }
            Some(Link::List) => (container[n + 1], sides[n + 1]),
            None => (None, None),
        };
    }
    for n in 0..items.len().saturating_sub(1) {
        let city_first = items[n]
            .pick
            .is_some_and(|k| is_container_level(&items[n].cands[k]));
        if dashed[n] && city_first && container[n + 1].is_none() {
            container[n + 1] = Some(n);
            // a part of the place, which falls back to it when the gazetteer lacks it
            items[n + 1].draft.feature.get_or_insert("area");
        }
    }
    for n in 0..items.len() {
        let Some(m) = container[n] else { continue };
        let Some(yk) = items[m].pick else { continue };
        let (it, y_it) = (&items[n], &items[m]);
        let current = it.pick.map(|k| &it.cands[k]);
        let side = sides[n];
        // "Al-Zahraa neighbourhood of Aleppo city" lies in the city itself, not in the
        // town of that name 17 km out.
        let part_of_town = matches!(it.draft.feature, Some("neighbourhood"));
        let lies_in = |c: &Candidate, y: &Candidate| {
            lies_in(c, y)
                && !(part_of_town
                    && y.place.feature_code.starts_with("PPL")
                    && distance_km((c.place.lon, c.place.lat), (y.place.lon, y.place.lat))
                        > NEIGHBOURHOOD_KM)
        };
        // The text's side of the container, as a score: 0 without one.
        let toward_side = |c: &Candidate, y: &Candidate| {
            side.map_or(0.0, |sd| SIDE_WEIGHT * toward(sd, side_origin(g, y), c))
        };
        // Inside its container, and on the side the text names if it names one: the
        // reading stands, with all the clues that chose it. A river or a lake is no point
        // to lie inside anything ("the Euphrates River near Raqqa").
        if current.is_some_and(|c| {
            let y = &y_it.cands[yk];
            c.place.is_area()
                || c.place.is_water_body()
                || (lies_in(c, y) && (side.is_none() || toward_side(c, y) > 0.0))
        }) {
            continue;
        }
        // The container's own first reading may be the wrong one ("Thruxton, near Andover":
        // England's Andover, not Massachusetts'): the pair that fits is chosen together.
        let y_best = context_score(y_it, &y_it.cands[yk]);
        // A place already inside its container is only moved to the text's side of it:
        // the container keeps its reading ("Homs governorate" stays the province).
        let inside = current.is_some_and(|c| lies_in(c, &y_it.cands[yk]));
        let mut pair: Option<(usize, usize, f64)> = None;
        for (j, yc) in y_it.cands.iter().enumerate() {
            let ys = context_score(y_it, yc);
            if ys < y_best - 0.15 || (inside && j != yk) {
                continue;
            }
            for (k, c) in it.cands.iter().enumerate() {
                // The side moves a place among its homonyms, never onto the district
                // named after it ("Salamiyah outskirts, north-eastern Hama").
                let district = inside && feature_class(&c.place.feature_code) == 'A';
                if lies_in(c, yc) && !district {
                    let s = context_score(it, c) + toward_side(c, yc) + ys;
                    if pair.is_none_or(|p| s > p.2) {
                        pair = Some((k, j, s));
                    }
                }
            }
        }
        let floor = current.map_or(0.0, |c| c.score - 0.35);
        // A name that matches a place only loosely, or only as a village or abroad, is
        // not kept against the text's word on where it lies.
        let turned_down = current
            .filter(|c| {
                !is_container_level(c)
                    && (is_village_layer(c)
                        // a town of the name, not a neighbourhood the gazetteer knows
                        || (part_of_town && c.place.feature_code != "PPLX")
                        || c.similarity < 0.9
                        || focus.is_some_and(|f| f != c.place.country))
            })
            .map(|c| {
                format!(
                    "{} ({}) does not lie in {}, where the text places it",
                    c.place.name, c.place.admin1, y_it.cands[yk].place.name
                )
            });
        // A pair on the wrong side of the container is no better than none.
        let pair = pair.filter(|&(k, j, _)| {
            side.is_none() || toward_side(&it.cands[k], &y_it.cands[j]) > -SIDE_WEIGHT / 2.0
        });
        match pair {
            Some((k, j, _)) if it.cands[k].score >= floor => {
                items[n].pick = Some(k);
                items[n].rejected = None;
                items[m].pick = Some(j);
            }
            // An acronym ("IS on the frontline of Aleppo") is only ever a country's.
            _ if matches!(it.draft.found, Found::Name | Found::Cued)
                && !it.named_after
                && !it.draft.acronym =>
            {
                // "Shiha village in Hama": Hama's village is recorded as Ash Shihah, and
                // the Shihas recorded elsewhere hid it. Inside the place the text names,
                // every spelling variant and consonant reading may be the one meant.
                let y = &y_it.cands[yk];
                let mut wide: Vec<Candidate> = remembered_scored(g, &it.folded, Loose::Widest)
                    .iter()
                    .filter(|c| lies_in(c, y) && !is_container_level(c))
                    .filter(|c| side.is_none() || toward_side(c, y) > -SIDE_WEIGHT / 2.0)
                    .cloned()
                    .collect();
                let k = best(&wide, |c| context_score(it, c) + toward_side(c, y));
                if let Some(k) = k {
                    wide.swap(0, k);
                    wide.truncate(KEEP);
                    items[n].cands = Rc::new(wide);
                    items[n].pick = Some(0);
                    items[n].rejected = None;
                } else if let Some(why) = turned_down {
                    items[n].rejected = Some(why);
                    items[n].pick = None;
                }
            }
            _ => {
                if let Some(why) = turned_down {
                    items[n].rejected = Some(why);
                    items[n].pick = None;
                }
            }
        }
    }
    container
}

/// One sense per discourse for countries and first-level areas: where one mention of a
/// name reads as the state or province ("the Ontario budget", a list of states), so do its
/// other mentions, unless the text marks one as a town of the name (the place it lies in,
/// "the town of", a feature word). Otherwise "Ontario" read as the province once is also
/// read six times as Ontario, California, because that town lies near another name.
fn one_area_per_name(items: &mut [Scored], container: &[Option<usize>]) {
    let area = |c: &Candidate| {
        let code = c.place.feature_code.as_str();
        code.starts_with("PCL") || code == "ADM1"
    };
    let mut areas: HashMap<String, (String, String, String)> = HashMap::default();
    for it in items.iter() {
        let Some(k) = it.pick else { continue };
        let c = &it.cands[k];
        if area(c) && c.similarity >= 0.9 {
            areas.entry(it.folded.clone()).or_insert_with(|| {
                (
                    c.place.name.clone(),
                    c.place.feature_code.clone(),
                    c.place.country.clone(),
                )
            });
        }
    }
    if areas.is_empty() {
        return;
    }
    for (n, it) in items.iter_mut().enumerate() {
        let Some(k) = it.pick else { continue };
        if area(&it.cands[k])
            || it.named_after
            || container[n].is_some()
            || it.draft.feature.is_some()
            || it
                .features
                .get(k)
                .is_some_and(|f| f.0[cue::ADMIN_AFTER] > 0.0)
        {
            continue;
        }
        let Some((name, code, country)) = areas.get(&it.folded) else {
            continue;
        };
        let same = it.cands.iter().position(|c| {
            &c.place.name == name && &c.place.feature_code == code && &c.place.country == country
        });
        if let Some(j) = same {
            it.pick = Some(j);
            it.as_elsewhere = true;
        }
    }
}

/// Keep the candidates `keep` says, copying a list shared with the memo only when some go.
fn retain_candidates(cands: &mut Rc<Vec<Candidate>>, keep: impl Fn(&Candidate) -> bool) {
    if cands.iter().all(&keep) {
        return;
    }
    match Rc::get_mut(cands) {
        Some(own) => own.retain(keep),
        // Shared with the memo: copy only the candidates kept, not the whole list.
        None => *cands = Rc::new(cands.iter().filter(|c| keep(c)).cloned().collect()),
    }
}

fn best(cands: &[Candidate], score: impl FnMut(&Candidate) -> f64) -> Option<usize> {
    argmax(cands.iter().map(score))
}

fn to_mention(
    article: &Article,
    char_base: usize,
    toks: &[Token<'_>],
    it: Scored,
    parent: Option<&Candidate>,
    focus: &Option<String>,
) -> Mention {
    let mut first = it.draft.first;
    // "the Political Security Bridge": the article is not part of the name.
    while first < it.draft.last && toks[first].lower() == "the" {
        first += 1;
    }
    let (a, z) = (toks[first].byte_start, toks[it.draft.last].byte_end);
    let mut m = Mention {
        doc: article.id.clone(),
        start: char_base + toks[first].start,
        end: char_base + toks[it.draft.last].end,
        text: article.text[a..z].to_string(),
        name: None,
        point: None,
        feature_code: None,
        country: None,
        admin1: None,
        geonameid: None,
        kind: Resolution::Unresolved,
        feature: it.draft.feature.map(str::to_string),
        precision: None,
        confidence: 0.0,
        reason: None,
    };
    let fill = |m: &mut Mention, c: &Candidate| {
        m.name = Some(c.place.name.clone());
        m.point = crate::model::LonLat::new(c.place.lon, c.place.lat);
        m.feature_code = Some(c.place.feature_code.clone());
        m.country = Some(c.place.country.clone());
        m.admin1 = Some(c.place.admin1.clone());
        m.geonameid = c.place.geonameid;
    };
    // "T4 airbase": a facility named by the short name of a recorded facility of its kind
    // is that facility, not something named after it.
    let itself = |k: usize| {
        it.draft
            .feature
            .is_some_and(|f| words::feature_matches(f, &it.cands[k].place.feature_code))
    };
    if let Some(k) = it.pick.filter(|&k| it.named_after && !itself(k)) {
        let c = &it.cands[k];
        fill(&mut m, c);
        m.kind = Resolution::Parent;
        m.precision = Some(2);
        m.confidence = round3((c.score * 0.8).clamp(0.0, 1.0));
        m.reason = Some(format!(
            "not in the gazetteer; placed at {}, which it is named after",
            c.place.name
        ));
        return m;
    }
    if let Some(k) = it.pick {
        let c = &it.cands[k];
        fill(&mut m, c);
        m.kind = Resolution::Place;
        m.precision = Some(precision_of(&c.place.feature_code));
        m.confidence = round3(c.score.clamp(0.0, 1.0));
        if it.homonyms > 0 {
            // as likely as any of its namesakes, but no lower than a loose spelling's
            let share = (1.0 / (1.0 + it.homonyms as f64)).max(0.2);
            m.confidence = round3(m.confidence * share);
            m.reason = Some(format!(
                "one of {} places called {} the text does not tell apart; the best known chosen",
                it.homonyms + 1,
                m.text
            ));
        } else {
            m.reason = Some(why_chosen(&it, k, c));
        }
        return m;
    }
    // A name the text marks as a place ("areas; al-Qusour and al-Joura") may take its parent.
    let sub_place = matches!(it.draft.found, Found::Facility | Found::Cued)
        || it.draft.feature.is_some_and(|f| {
            !matches!(
                f,
                "province" | "countryside" | "city" | "region" | "demonym"
            )
        });
    match parent {
        Some(pc) if sub_place => {
            fill(&mut m, pc);
            m.kind = Resolution::Parent;
            m.precision = Some(2);
            m.confidence = round3((pc.score * 0.6).clamp(0.0, 1.0));
            m.reason = Some(format!(
                "not in the gazetteer; placed at the place it lies in, {}",
                pc.place.name
            ));
        }
        _ => {
            m.reason = Some(match (it.draft.found, focus) {
                (Found::Name, _) if it.rejected.is_some() => {
                    it.rejected.clone().unwrap_or_default()
                }
                (Found::Name, _) => "no candidate place in the gazetteer fits".to_string(),
                (_, Some(cc)) => format!(
                    "not in the gazetteer, and the article names no town in {cc} it could lie in"
                ),
                _ => "not in the gazetteer, and the article names no town it could lie in"
                    .to_string(),
            });
        }
    }
    m
}

/// Why candidate `k` (now `c`) was chosen: the cues that set it above the runner-up.
fn why_chosen(it: &Scored, k: usize, c: &Candidate) -> String {
    let (Some(fk), true) = (
        it.features.get(k).copied(),
        it.features.len() == it.cands.len(),
    ) else {
        return format!("{} is the only candidate", c.place.name);
    };
    let others = it.features.len() - 1;
    let ranked = best_of(&it.features, &WEIGHTS);
    if others == 0 {
        return format!("{} is the only candidate", c.place.name);
    }
    if let Some(kind) = it.listed {
        let what = if kind == "PCL" {
            "countries"
        } else {
            "first-level areas (states, provinces)"
        };
        return format!("the other names of its list are {what}");
    }
    if it.municipal {
        return format!(
            "{} is the town of the name in the report's country: the text gives it a police \
             force, a council or streets",
            c.place.name
        );
    }
    if it.as_elsewhere {
        return format!(
            "{} is what the name means elsewhere in the report",
            c.place.name
        );
    }
    if ranked != Some(k) {
        return format!(
            "chosen by the places the text puts {} in or beside",
            c.place.name
        );
    }
    // The runner-up by the same weights, among the others, in the order of the list with
    // the pick taken out by `swap_remove` (the last candidate in its place), which decides
    // ties.
    let original = |j: usize| if j == k { it.features.len() - 1 } else { j };
    let runner = (0..it.cands.len() - 1)
        .max_by(|&a, &b| {
            let (fa, fb) = (it.features[original(a)], it.features[original(b)]);
            fa.score(&WEIGHTS)
                .total_cmp(&fb.score(&WEIGHTS))
                .then(b.cmp(&a))
        })
        .unwrap_or(0);
    let o = &it.cands[original(runner)].place;
    let cues = fk.over(&it.features[original(runner)], &WEIGHTS, 2);
    if cues.is_empty() {
        return format!(
            "chosen over {} ({}, {}), which scores as well",
            o.name, o.feature_code, o.country
        );
    }
    let rest = match others - 1 {
        0 => String::new(),
        1 => " and 1 other".to_string(),
        n => format!(" and {n} others"),
    };
    format!(
        "chosen over {} ({}, {}){rest}: {}",
        o.name,
        o.feature_code,
        o.country,
        cues.join("; ")
    )
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use crate::model::Mention;

    use super::super::resolved_places as places;

    fn admin1_of(ms: &[Mention], text: &str) -> Option<String> {
        ms.iter()
            .find(|m| m.text == text)
            .and_then(|m| m.admin1.clone())
    }

    #[test]
    fn a_local_reports_towns_lie_in_the_state_its_other_places_share() {
        // Alexandria alone is Egypt's city; with Pineville and Mansfield it is Louisiana's.
        let ms = places(
            "A man was arrested Tuesday after a chase that began in Pineville and ended near \
             the river in Alexandria, police said. The driver, 34, lives in Mansfield.",
        );
        for town in ["Alexandria", "Pineville", "Mansfield"] {
            assert_eq!(
                admin1_of(&ms, town).as_deref(),
                Some("Louisiana"),
                "{town}: {ms:?}"
            );
        }
    }

    #[test]
    fn a_town_is_the_one_near_a_reading_of_the_county_the_report_names() {
        // Each name alone reads as another state's (Richmond, Virginia; some Madison
        // County): the Richmond is the one in a Madison County, Kentucky's. (The county
        // itself is ranked by the other names' first readings and may stay elsewhere: a
        // second round by the moved choices swung others back and cost ACLED points.)
        let text = "A Richmond woman was charged on Friday after Richmond police said she \
             drove into a parked truck. She was held in the Madison County Detention Center \
             overnight.";
        let ms = places(text);
        assert_eq!(
            admin1_of(&ms, "Richmond").as_deref(),
            Some("Kentucky"),
            "{ms:?}"
        );
        let why = ms
            .iter()
            .find(|m| m.text == "Richmond")
            .and_then(|m| m.reason.clone());
        assert!(
            why.as_deref()
                .is_some_and(|r| r.contains("another reading")),
            "{why:?}"
        );
        // Without the county, Richmond is Virginia's capital.
        let alone = places("A Richmond woman was charged on Friday after a crash.");
        assert_eq!(
            admin1_of(&alone, "Richmond").as_deref(),
            Some("Virginia"),
            "{alone:?}"
        );
    }

    #[test]
    fn a_legislators_home_town_after_the_party_is_a_place() {
        let ms = places(
            "The Minnesota Senate passed the bill. Sen. Tom Bakk, DFL-Cook, said it was \
             fair; Rep. Mary Seifert, R-Marshall, voted against it, as did a visiting \
             Georgia lawmaker, Sen. Jay Roberts (R-Ocilla).",
        );
        for (town, state) in [
            ("Cook", "Minnesota"),
            ("Marshall", "Minnesota"),
            ("Ocilla", "Georgia"),
        ] {
            assert_eq!(
                admin1_of(&ms, town).as_deref(),
                Some(state),
                "{town}: {ms:?}"
            );
        }
        // the party's initial is no word of the town's name
        assert!(ms.iter().all(|m| !m.text.starts_with("R-")), "{ms:?}");
        // without the party, a surname after a comma stays a surname
        let plain = places("The Minnesota Senate passed the bill, said Tom Bakk, Cook said.");
        assert_eq!(admin1_of(&plain, "Cook"), None, "{plain:?}");
    }

    #[test]
    fn towns_a_hyphen_joins_side_by_side_are_both_places() {
        // A school district named after two towns 10 km apart: neither is a surname.
        let ms = places(
            "The Watertown-Mayer Royals beat Delano 21-14 on Friday night, the last game \
             of their season in Minnesota.",
        );
        for town in ["Watertown", "Mayer", "Delano"] {
            assert_eq!(
                admin1_of(&ms, town).as_deref(),
                Some("Minnesota"),
                "{town}: {ms:?}"
            );
        }
        // Alone after a capitalised word, the smaller town is read as a surname.
        let alone = places("The Royals' coach, Tom Mayer, praised the team in Minnesota.");
        assert_eq!(admin1_of(&alone, "Mayer"), None, "{alone:?}");
    }

    #[test]
    fn a_road_number_before_a_town_makes_no_surname_of_it() {
        // "A429 Cirencester" read like "John Cirencester" had dropped the town everywhere.
        let ms = places(
            "The road from the Air Balloon roundabout to the A429 Cirencester junction \
             will close tonight, and drivers to Cirencester will be sent round by Stroud.",
        );
        let found = ms.iter().filter(|m| m.text == "Cirencester").count();
        assert_eq!(found, 2, "{ms:?}");
        assert_eq!(
            admin1_of(&ms, "Cirencester").as_deref(),
            Some("England"),
            "{ms:?}"
        );
    }

    #[test]
    fn a_name_after_a_preposition_of_place_is_no_speaker_and_no_common_words() {
        // "Montpellier confirmed" reads like "Byrd confirmed", "Port Said" like two common
        // words; after "in" both are the city.
        for (text, town, country) in [
            (
                "Doctors in Montpellier confirmed on Monday that the patient had died.",
                "Montpellier",
                "FR",
            ),
            (
                "The ferry had left from Port Said two days earlier.",
                "Port Said",
                "EG",
            ),
        ] {
            let ms = places(text);
            let m = ms.iter().find(|m| m.text == town);
            assert_eq!(
                m.and_then(|m| m.country.as_deref()),
                Some(country),
                "{town}: {ms:?}"
            );
        }
        // "of" also joins an organisation's name: the ministry speaks, no place.
        let ministry = places("The Ministry of Commerce said the tariffs were unfair.");
        assert!(
            ministry.iter().all(|m| m.text != "Commerce"),
            "{ministry:?}"
        );
        // but ", 54, of Tyler said" and "a resident of Lubbock told" say where people live
        let people = places(
            "Mark Kitsmore, 54, of Tyler said he was not worried. A former resident of \
             Lubbock told reporters she had the flu. Both live in Texas.",
        );
        for town in ["Tyler", "Lubbock"] {
            assert_eq!(
                admin1_of(&people, town).as_deref(),
                Some("Texas"),
                "{town}: {people:?}"
            );
        }
    }

    #[test]
    fn a_datelines_dash_ties_the_town_to_no_word_after_it() {
        // "ATLANTA - A former": the capitalised "A" after the dash is no part of a longer
        // name, so the dateline's town is not judged a word of one.
        let ms = places(
            "Leader of suicide group defends work\n\nATLANTA - A former leader of an \
             assisted suicide network defended its work on Monday.",
        );
        assert_eq!(
            admin1_of(&ms, "ATLANTA").as_deref(),
            Some("Georgia"),
            "{ms:?}"
        );
        // a dash set off by spaces still joins a road's two ends into one name
        let road = places("An IED struck an army convoy on the Aleppo - al-Bab road on Monday.");
        assert!(
            road.iter().any(|m| m.text == "Aleppo - al-Bab road"),
            "{road:?}"
        );
    }

    #[test]
    fn a_county_is_the_county_in_the_reports_state() {
        let ms = places(
            "Deputies from Walker County arrested two men near Huntsville on Monday. The \
             pair were taken to the county jail in Huntsville, Texas.",
        );
        let walker = ms
            .iter()
            .find(|m| m.text == "Walker County")
            .expect("Walker County");
        assert_eq!(walker.feature_code.as_deref(), Some("ADM2"), "{ms:?}");
        assert_eq!(walker.admin1.as_deref(), Some("Texas"), "{ms:?}");
        assert_eq!(
            admin1_of(&ms, "Huntsville").as_deref(),
            Some("Texas"),
            "{ms:?}"
        );
    }

    #[test]
    fn names_before_counties_are_the_counties() {
        let ms = places(
            "Burn bans remain in Harvey, Harper and Kingman counties, the Kansas Forest \
             Service said.",
        );
        for name in ["Harvey", "Harper", "Kingman"] {
            let m = ms.iter().find(|m| m.text == name).expect(name);
            assert_eq!(m.feature_code.as_deref(), Some("ADM2"), "{name}: {ms:?}");
            assert_eq!(m.admin1.as_deref(), Some("Kansas"), "{name}: {ms:?}");
        }
    }

    #[test]
    fn a_state_abbreviation_after_a_town_is_the_state() {
        let ms = places("KANSAS CITY, Kan. -- A police officer was dragged by a car in Mansfield, La., on Friday.");
        assert_eq!(admin1_of(&ms, "Kan").as_deref(), Some("Kansas"), "{ms:?}");
        assert_eq!(admin1_of(&ms, "La").as_deref(), Some("Louisiana"), "{ms:?}");
        assert_eq!(
            admin1_of(&ms, "Mansfield").as_deref(),
            Some("Louisiana"),
            "{ms:?}"
        );
        // "D.C." alone is the capital's district; inside "Washington, D.C." the name stands
        let ms =
            places("He rode a bike from Norman to D.C. to meet Hamas critics from the West Bank.");
        assert_eq!(
            admin1_of(&ms, "D.C.").as_deref(),
            Some("Washington, D.C."),
            "{ms:?}"
        );
        assert!(
            ms.iter()
                .any(|m| m.text == "West Bank" && m.feature_code.as_deref() == Some("ADM1")),
            "{ms:?}"
        );
        // without its dot, a word of that spelling is no state
        let ms = places("Kan Chen, a physician in Ohio, said the outbreak was over.");
        assert!(
            ms.iter().all(|m| m.admin1.as_deref() != Some("Kansas")),
            "{ms:?}"
        );
    }

    #[test]
    fn canadian_and_australian_abbreviations_are_their_provinces() {
        let ms = places(
            "Horses in regional NSW were quarantined, and the B.C. government opened an \
             office in Nelson, B.C., and another in Kingston, Ont.",
        );
        assert_eq!(
            admin1_of(&ms, "NSW").as_deref(),
            Some("New South Wales"),
            "{ms:?}"
        );
        assert_eq!(
            admin1_of(&ms, "Nelson").as_deref(),
            Some("British Columbia"),
            "{ms:?}"
        );
        assert_eq!(admin1_of(&ms, "Ont").as_deref(), Some("Ontario"), "{ms:?}");
        assert!(
            ms.iter()
                .filter(|m| m.text == "B.C.")
                .all(|m| m.admin1.as_deref() == Some("British Columbia")),
            "{ms:?}"
        );
        // a year is no province, nor is a word in running text
        let ms = places("The temple in Ontario was built in 500 BC, and Ont and Vic are names.");
        assert!(
            ms.iter()
                .all(|m| m.text == "Ontario" && m.admin1.as_deref() == Some("Ontario")),
            "{ms:?}"
        );
    }

    #[test]
    fn places_inside_organisations_names_are_marked_so() {
        let ms = places(
            "The Springfield City Council met on Monday, The Washington Post reported, and \
             students of Northern Illinois University joined them. Loma Linda University \
             and Stephen F. Austin University sent no one.",
        );
        let org = |text: &str| {
            ms.iter()
                .find(|m| m.text == text)
                .filter(|m| m.feature.as_deref() == Some(super::super::ORGANISATION))
        };
        assert_eq!(
            org("Washington").and_then(|m| m.name.as_deref()),
            Some("Washington"),
            "{ms:?}"
        );
        assert_eq!(
            org("Springfield").and_then(|m| m.admin1.as_deref()),
            Some("Illinois"),
            "{ms:?}"
        );
        assert!(org("Illinois").is_some(), "{ms:?}");
        assert!(
            ms.iter().all(|m| m.text != "Linda" && m.text != "Austin"),
            "{ms:?}"
        );
        // A small town's name before "Court" is no organisation's place.
        let ms = places("The Superior Court ruled on Friday.");
        assert!(ms.iter().all(|m| m.feature.is_none()), "{ms:?}");
    }

    #[test]
    fn a_side_of_a_continent_is_the_continent_not_a_town_of_its_old_name() {
        // Mahdia in Tunisia records "Africa" among its old names.
        let ms = places(
            "Tunisia's coast from Sousse to Monastir is the most stable part of North \
             Africa, officials in Sfax said of western Africa's troubles.",
        );
        let africa: Vec<&Mention> = ms.iter().filter(|m| m.text == "Africa").collect();
        assert_eq!(africa.len(), 2, "{ms:?}");
        for m in africa {
            assert_eq!(m.feature_code.as_deref(), Some("CONT"), "{m:?}");
        }
    }

    #[test]
    fn a_region_is_not_turned_down_for_lying_outside_the_focus_country() {
        let ms = places(
            "Egypt reported a second death from the virus in Cairo, and the Middle East \
             has seen about 100 cases.",
        );
        let me = ms.iter().find(|m| m.text == "Middle East");
        assert_eq!(
            me.and_then(|m| m.feature_code.as_deref()),
            Some("RGN"),
            "{ms:?}"
        );
    }

    #[test]
    fn a_town_across_the_border_beside_a_named_place_there_is_no_misread_word() {
        // A Mexican story: the focus is Mexico, and the Californian beach town 20 km from
        // San Diego is still a place.
        let ms = places(
            "TIJUANA - Sewage from Tijuana keeps flowing north. Officials in Tijuana and \
             Mexicali met, and Baja California promised repairs. Across the border, San \
             Diego officials say beach closures in Imperial Beach have made people sick.",
        );
        let m = ms.iter().find(|m| m.text == "Imperial Beach");
        assert_eq!(m.and_then(|m| m.country.as_deref()), Some("US"), "{ms:?}");
    }

    #[test]
    fn a_towns_own_name_ending_in_city_is_the_town_without_a_preposition() {
        let ms = places(
            "Dodge City is growing, and Atlantic City, New Jersey, reopened its casinos. The \
             Los Angeles City Council met on Monday.",
        );
        for (name, state) in [("Dodge City", "Kansas"), ("Atlantic City", "New Jersey")] {
            let m = ms.iter().find(|m| m.text == name);
            assert_eq!(m.and_then(|m| m.admin1.as_deref()), Some(state), "{ms:?}");
        }
        // the Philippine Angeles City is no part of Los Angeles
        assert!(ms.iter().all(|m| m.text != "Angeles City"), "{ms:?}");
    }

    #[test]
    fn the_places_in_a_groups_long_name_are_its_name() {
        let ms = places(
            "The Islamic State of Iraq and the Levant (ISIL) and al-Qaeda in the Arabian \
             Peninsula both claimed the attack in Mukalla.",
        );
        let names: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(names, ["Mukalla"], "{ms:?}");
    }

    #[test]
    fn a_named_group_of_countries_is_a_region() {
        let ms = places(
            "Refugees crossed the Balkans on foot, and fighters from the Caucasus joined \
             the war.",
        );
        for name in ["Balkans", "Caucasus"] {
            let m = ms.iter().find(|m| m.text == name);
            assert_eq!(
                m.and_then(|m| m.feature_code.as_deref()),
                Some("RGN"),
                "{name}: {ms:?}"
            );
        }
    }

    #[test]
    fn the_ocean_with_an_article_is_the_water_and_a_town_of_its_name_keeps_its_state() {
        let ms = places(
            "Forecasters expect more storms in the Atlantic this year: the tropical Atlantic \
             is warm, the north Atlantic cooler, and the eastern Pacific calm. Migrants still \
             cross the Mediterranean from Libya.",
        );
        let water: Vec<&Mention> = ms
            .iter()
            .filter(|m| matches!(m.text.as_str(), "Atlantic" | "Pacific" | "Mediterranean"))
            .collect();
        assert_eq!(water.len(), 5, "{ms:?}");
        for m in water {
            let code = m.feature_code.as_deref().unwrap_or("");
            assert!(matches!(code, "OCN" | "SEA"), "{m:?}");
            assert!(m.country.as_deref().unwrap_or("").is_empty(), "{m:?}");
        }
        // Without an article, and beside its state, the town is meant.
        let ms = places("The storm hit Des Moines and Atlantic, Iowa, overnight.");
        let m = ms.iter().find(|m| m.text == "Atlantic").expect("Atlantic");
        assert_eq!(m.country.as_deref(), Some("US"), "{m:?}");
        // A sea's name is never guessed from consonants.
        let ms = places("Hartford Police Find Guns, Drugs In Raids. Officers seized heroin.");
        assert!(
            ms.iter().all(|m| m.name.as_deref() != Some("Red Sea")),
            "{ms:?}"
        );
    }

    #[test]
    fn a_river_or_lake_named_in_full_is_the_water_not_a_town_of_its_name() {
        let code = |text: &str, name: &str| {
            let ms = places(text);
            let m = ms.iter().find(|m| m.text == name).cloned();
            (m.and_then(|m| m.feature_code), ms)
        };
        // not Victoria, British Columbia
        let (c, ms) = code(
            "Fishermen on Lake Victoria sold their catch in Kampala.",
            "Lake Victoria",
        );
        assert_eq!(c.as_deref(), Some("LK"), "{ms:?}");
        // a river lies "near" a town without Raqqa being moved to suit it
        let (c, ms) = code(
            "Boats sailed down the Euphrates River near Raqqa.",
            "Euphrates River",
        );
        assert_eq!(c.as_deref(), Some("STM"), "{ms:?}");
        assert_eq!(
            ms.iter()
                .find(|m| m.text == "Raqqa")
                .and_then(|m| m.feature_code.as_deref()),
            Some("PPLA"),
            "{ms:?}"
        );
        // "river" in lower case is the river's word as well
        let (c, ms) = code("The Euphrates river flooded the fields.", "Euphrates river");
        assert_eq!(c.as_deref(), Some("STM"), "{ms:?}");
        // and a river the gazetteer lacks is never the village of its name
        let ms = places("Clashes broke out near the Khabur river in Hasakah.");
        assert!(ms.iter().all(|m| m.text != "Khabur"), "{ms:?}");
        // a continent that speaks is still the continent
        let (c, ms) = code("Europe added 24 GW of new capacity in 2017.", "Europe");
        assert_eq!(c.as_deref(), Some("CONT"), "{ms:?}");
        // Three rivers are called Red River: the one that flows past Fargo is meant.
        let ms = places("The Red River flooded Fargo, North Dakota, on Monday.");
        let red = ms
            .iter()
            .find(|m| m.text == "Red River")
            .expect("Red River");
        assert_eq!(red.feature_code.as_deref(), Some("STM"), "{red:?}");
        let p = red.point.expect("a point");
        assert!(p.lat() > 45.0 && p.lon() < -90.0, "{red:?}");
    }

    #[test]
    fn a_town_on_another_continent_in_a_country_the_report_does_not_name_is_no_place() {
        // Hamada (Japan), Bo (Sierra Leone): thousands of km from everything else.
        for (text, name) in [
            (
                "Syrian regime forces clashed with rebels in the village of Hamada Omar.",
                "Hamada",
            ),
            (
                "QSD forces clashed with Islamic State in the villages of al Jabour and \
                 al Bo Hussein near Hajin in Deir ez-Zor.",
                "Bo",
            ),
        ] {
            let all = super::super::tests::parsed(text);
            assert!(
                all.iter()
                    .all(|m| m.country.as_deref().is_none_or(|c| c == "SY")),
                "{all:?}"
            );
            let unresolved = all
                .iter()
                .find(|m| m.text.ends_with(name) && m.kind == crate::model::Resolution::Unresolved);
            if let Some(m) = unresolved {
                assert!(
                    m.reason
                        .as_deref()
                        .is_some_and(|r| r.contains("does not name")),
                    "{m:?}"
                );
            }
        }
        // A capital, a big city, or a town in a country the text names stays put.
        let ms = places(
            "Syrian regime forces shelled Douma. The opposition met in Astana and Sochi, \
             and a delegation visited Hamada in Japan.",
        );
        for (name, cc) in [("Astana", "KZ"), ("Sochi", "RU"), ("Hamada", "JP")] {
            let m = ms.iter().find(|m| m.text == name);
            assert_eq!(m.and_then(|m| m.country.as_deref()), Some(cc), "{ms:?}");
        }
    }

    #[test]
    fn a_list_of_villages_lies_in_the_place_after_it() {
        // Al Mariiyah lies in Deir ez-Zor; a namesake by its consonants lies in Homs.
        let ms = places(
            "Regime forces clashed with Islamic State in Mreiyeh, Abu Omar and Al Jafra \
             villages in Deir-ez-Zor countryside.",
        );
        let m = ms.iter().find(|m| m.text == "Mreiyeh");
        assert_eq!(
            m.and_then(|m| m.admin1.as_deref()),
            Some("Deir ez-Zor"),
            "{ms:?}"
        );
    }

    #[test]
    fn a_facility_by_its_usual_short_name_is_that_facility() {
        let ms = places(
            "Israeli warplanes struck the T4 military airbase in Homs province, and QSD \
             forces clashed with gunmen near the Omar Oil Fields.",
        );
        let t4 = ms.iter().find(|m| m.text.starts_with("T4"));
        assert_eq!(
            t4.map(|m| (m.name.as_deref(), m.kind)),
            Some((
                Some("Tiyas Military Airbase"),
                crate::model::Resolution::Place
            )),
            "{ms:?}"
        );
        // Recorded under its Arabic name, Mukhayyam al Yarmuk, not at a village Yarmuk.
        let camp = places("Regime forces battled the Islamic State in the Yarmouk camp area.");
        let camp = camp.iter().find(|m| m.text == "Yarmouk camp");
        assert_eq!(
            camp.and_then(|m| m.name.as_deref()),
            Some("Mukhayyam al Yarmuk"),
            "{camp:?}"
        );
        let omar = ms.iter().find(|m| m.text == "Omar Oil Fields");
        assert_eq!(
            omar.and_then(|m| m.name.as_deref()),
            Some("Al Omar oil fields"),
            "{ms:?}"
        );
    }

    #[test]
    fn an_acronym_on_a_front_line_is_no_village_of_its_letters() {
        // "IS" is the Islamic State, not Ash Shaykh `Isa ("Al Is") near Aleppo.
        let ms = places("Regime forces clashed with IS on the frontline of Aleppo.");
        assert!(ms.iter().all(|m| m.text != "IS"), "{ms:?}");
        assert!(ms.iter().any(|m| m.text == "Aleppo"));
    }

    #[test]
    fn a_group_named_corps_holds_no_place() {
        let ms = places(
            "A Sharqiya Army member stabbed a member from Al Sham Corps in Jandairis district \
             in Aleppo countryside.",
        );
        assert!(
            ms.iter()
                .all(|m| m.text != "Al Sham"
                    || m.feature.as_deref() == Some(super::super::ORGANISATION)),
            "{ms:?}"
        );
        assert!(ms.iter().any(|m| m.text == "Jandairis"), "{ms:?}");
    }

    #[test]
    fn a_weapon_named_like_a_town_is_no_place() {
        let ms = places(
            "YPG forces shelled Turkish positions near Afrin with MLRS BM-21 Grad rockets, \
             and the Houthis fired a Tochka missile at Marib.",
        );
        let texts: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        assert!(
            !texts.contains(&"Grad") && !texts.contains(&"Tochka"),
            "{texts:?}"
        );
        for place in ["Afrin", "Marib"] {
            assert!(texts.contains(&place), "{place} not in {texts:?}");
        }
        // Alone, a weapon's name may be a town's.
        assert!(!super::words::is_weapon("badr", Some("near"), Some(".")));
        assert!(super::words::is_weapon(
            "badr",
            Some("near"),
            Some("missiles")
        ));
    }

    #[test]
    fn provinces_outvote_small_towns_that_share_their_names_abroad() {
        // Scotland and England against Fife (Washington), Suffolk (Virginia) and Matthews
        // (North Carolina).
        let ms = places(
            "The swan was found by farmer Matthews in Fife, Scotland. Poultry farms in \
             Suffolk, England, are being checked.",
        );
        assert!(
            !ms.iter()
                .any(|m| m.text == "Fife" && m.country.as_deref() == Some("US")),
            "{ms:?}"
        );
        let scotland = ms.iter().find(|m| m.text == "Scotland");
        assert_eq!(scotland.and_then(|m| m.country.as_deref()), Some("GB"));
    }

    #[test]
    fn a_name_repeated_through_a_story_votes_once_for_its_country() {
        let ms = places(
            "Parents in Santa Ana say the air is making their children sick. Santa Ana has \
             515 permitted businesses, more than Irvine or Newport Beach. The mayor of Santa \
             Ana sits on the air board. Santa Ana schools were tested, and Santa Ana officials \
             met the governor of California.",
        );
        let sa: Vec<&Mention> = ms.iter().filter(|m| m.text == "Santa Ana").collect();
        assert!(!sa.is_empty(), "{ms:?}");
        assert!(
            sa.iter().all(|m| m.country.as_deref() == Some("US")),
            "{ms:?}"
        );
    }

    #[test]
    fn a_populous_province_abroad_beats_a_small_town_at_home() {
        let ms = places(
            "Officials in Texas, Ohio and Kansas said the strain had also been found in \
             England last year.",
        );
        let e = ms.iter().find(|m| m.text == "England");
        assert_eq!(e.and_then(|m| m.country.as_deref()), Some("GB"), "{ms:?}");
    }
}

#[cfg(test)]
mod candidate_tests {
    use crate::gazetteer::Gazetteer;

    #[test]
    fn a_state_stays_a_candidate_behind_many_towns_of_its_name() {
        let g = Gazetteer::bundled();
        for (name, cc) in [("victoria", "AU"), ("washington", "US")] {
            let cands = super::candidates(&g, name);
            assert!(cands.len() <= super::KEEP + 1);
            assert!(
                cands
                    .iter()
                    .any(|c| c.place.feature_code == "ADM1" && c.place.country == cc),
                "{name}: {cands:?}"
            );
        }
    }
}

#[cfg(test)]
mod village_context_tests {
    use super::super::resolved_places as places;

    fn find<'a>(ms: &'a [crate::model::Mention], text: &str) -> &'a crate::model::Mention {
        ms.iter()
            .find(|m| m.text == text && m.point.is_some())
            .unwrap_or_else(|| panic!("{text} unresolved: {ms:?}"))
    }

    #[test]
    fn a_common_village_name_is_the_one_near_the_reports_other_places() {
        let hama =
            places("Regime shelling hit Mushayrifah village in Hama countryside, near Suran.");
        let daraa = places(
            "Regime shelling hit Mushayrifah village in Daraa countryside, near Busra al-Harir.",
        );
        let (h, d) = (find(&hama, "Mushayrifah"), find(&daraa, "Mushayrifah"));
        // Chosen for its context, which the reason says.
        let why = h.reason.as_deref().unwrap_or_default();
        assert!(!why.contains("places called"), "{h:?}");
        assert!(why.starts_with("chosen"), "{h:?}");
        // Bare, it is one of dozens: a guess, said to be one.
        let bare = places("Regime forces captured Mushayrifah.");
        let b = find(&bare, "Mushayrifah");
        assert!(b.confidence < h.confidence / 2.0, "{b:?}");
        assert!(
            b.reason
                .as_deref()
                .is_some_and(|r| r.contains("places called Mushayrifah")),
            "{b:?}"
        );
        assert_eq!(h.admin1.as_deref(), Some("Hama"), "{h:?}");
        let apart = crate::gazetteer::distance_km(h.point.unwrap().into(), d.point.unwrap().into());
        assert!(apart > 100.0, "two different places: {h:?} {d:?}");
        assert!(d.point.unwrap().lat() < 33.5, "the southern one: {d:?}");
    }

    #[test]
    fn the_text_naming_a_district_picks_the_district() {
        let town = places("Clashes erupted in Manbij on Monday.");
        let district = places("Clashes erupted in Manbij district on Monday.");
        assert!(find(&town, "Manbij")
            .feature_code
            .as_deref()
            .unwrap()
            .starts_with("PPL"));
        assert_eq!(
            find(&district, "Manbij").feature_code.as_deref(),
            Some("ADM2")
        );
    }

    #[test]
    fn a_village_known_only_abroad_is_not_an_english_word() {
        // "War", "Schiff": Lebanese and Yemeni villages to the village layer.
        let ms = places(
            "He served in the Gulf War. Jorden Schiff, the superintendent, said the board \
             in Des Moines, Iowa, would vote.",
        );
        assert!(
            !ms.iter()
                .any(|m| m.country.as_deref().is_some_and(|c| c == "LB" || c == "YE")),
            "{ms:?}"
        );
    }
}

#[cfg(test)]
mod containment_tests {
    use super::super::resolved_places as places;
    use crate::model::Mention;

    fn get<'a>(ms: &'a [Mention], text: &str) -> Option<&'a Mention> {
        ms.iter().find(|m| m.text == text)
    }

    #[test]
    fn a_village_is_the_one_in_the_province_the_text_names() {
        // "Palestine Liberation Army" is a party, not the report's country.
        let ms = places(
            "Gunmen shot and killed a Palestine Liberation Army member in Mzeireb town in \
             Dara governorate.",
        );
        let m = get(&ms, "Mzeireb").and_then(|m| m.admin1.clone());
        assert_eq!(m.as_deref(), Some("Daraa"), "{ms:?}");
    }

    #[test]
    fn a_name_spelt_as_a_village_abroad_is_read_at_home_where_conflict_data_has_it() {
        use crate::gazetteer::Gazetteer;
        use crate::model::Article;
        let g = Gazetteer::bundled();
        let article = Article {
            id: "t".into(),
            text: "Rebels deflected an attack by pro-government forces on Khalsa town.".into(),
            ..Default::default()
        };
        let parser = super::super::Geoparser::new(&g).with_country(Some("SY".into()));
        let ms = parser.parse(&article);
        // Lebanon's Khalsa is spelt so; Aleppo's Khalasah is where the fighting was.
        let m = get(&ms, "Khalsa").expect("Khalsa mentioned");
        assert_eq!(m.country.as_deref(), Some("SY"), "{m:?}");
        assert_eq!(m.admin1.as_deref(), Some("Aleppo"), "{m:?}");
    }

    #[test]
    fn a_front_line_lies_in_the_province_the_text_names() {
        // The closer spelling, Fatiro, is a Latakia village; "axis in Idleb countryside"
        // puts the front at Idlib's Fatirah.
        let ms = places(
            "Opposition snipers shot and killed a regime soldier on Ftireh axis in Idleb \
             countryside.",
        );
        let m = get(&ms, "Ftireh").expect("Ftireh resolved");
        assert_eq!(m.admin1.as_deref(), Some("Idlib"), "{m:?}");
    }

    #[test]
    fn a_village_on_a_governorate_boundary_is_in_the_governorate_the_text_names() {
        // The gazetteer records Thalijah in Aleppo; it lies on Idlib's boundary, where
        // ACLED and OCHA put it.
        let ms = places("Regime forces gained control of Al-Thalijah town in southern Idleb.");
        let m = get(&ms, "Al-Thalijah").expect("Al-Thalijah resolved");
        assert_eq!(m.name.as_deref(), Some("Thalijah"), "{m:?}");
        assert_eq!(m.precision, Some(1), "{m:?}");
    }

    #[test]
    fn a_place_that_does_not_lie_where_the_text_says_is_not_guessed() {
        // The only "Al Wahidi" known lies 250 km from Daman.
        let ms = places(
            "Clashes took place in Al Wahid area on the outskirts of Daman town in Deir ez \
             Zor province.",
        );
        assert!(
            get(&ms, "Al Wahid").is_none_or(|m| m.point.is_none()),
            "{ms:?}"
        );
        let daman = get(&ms, "Daman").expect("Daman found");
        assert_eq!(daman.admin1.as_deref(), Some("Deir ez-Zor"), "{daman:?}");
    }

    #[test]
    fn the_container_is_read_together_with_the_place_in_it() {
        // Andover alone is a Massachusetts town by population; Thruxton lies near England's.
        let ms = places("He won his home race at Thruxton, near Andover, last season.");
        let t = get(&ms, "Thruxton").expect("Thruxton resolved");
        let a = get(&ms, "Andover").expect("Andover resolved");
        assert_eq!(t.country.as_deref(), Some("GB"), "{t:?}");
        assert_eq!(a.country.as_deref(), Some("GB"), "{a:?}");
    }

    #[test]
    fn an_actor_country_does_not_turn_the_report_away_from_its_places() {
        let ms = places(
            "QSD, with support of Coalition warplanes, suspected to belong to the US, clashed \
             with IS in Al-Tabqa in Raqqa province.",
        );
        let t = get(&ms, "Al-Tabqa").expect("Al-Tabqa found");
        assert_eq!(t.country.as_deref(), Some("SY"), "{ms:?}");
        let r = get(&ms, "Raqqa").expect("Raqqa found");
        assert_eq!(r.country.as_deref(), Some("SY"), "{ms:?}");
    }

    #[test]
    fn a_persons_name_sets_no_country() {
        // "Abu Ali Barad" matches a Somali town only by its consonants.
        let ms = places(
            "Islamic State fighters assassinated Abu Ali Barad, the leader of the Army of \
             Revolutionaries, in the town of Baghuz.",
        );
        let b = get(&ms, "Baghuz").expect("Baghuz found");
        assert_eq!(b.country.as_deref(), Some("SY"), "{ms:?}");
        assert!(
            ms.iter().all(|m| m.country.as_deref() != Some("SO")),
            "{ms:?}"
        );
    }

    #[test]
    fn a_road_or_camp_the_gazetteer_lacks_is_placed_at_the_place_it_is_named_after() {
        let ms = places("Gunmen shot and killed a fighter on Kahil road in Dar'a countryside.");
        let road = get(&ms, "Kahil road").expect("the road found");
        assert_eq!(road.kind, crate::model::Resolution::Parent, "{road:?}");
        assert_eq!(road.precision, Some(2), "{road:?}");
        assert_eq!(road.name.as_deref(), Some("Kahil"), "{road:?}");
        assert_eq!(road.admin1.as_deref(), Some("Daraa"), "{road:?}");
        let ms = places("Clashes broke out near Yarmouk camp in Damascus.");
        let camp = get(&ms, "Yarmouk camp").expect("the camp found");
        assert!(
            camp.name.as_deref().is_some_and(|n| n.contains("Yarmuk")),
            "{camp:?}"
        );
    }

    #[test]
    fn a_camp_named_after_a_town_recorded_only_as_its_subdistrict_is_placed_there() {
        // The town is Al Hawl; "Hole" is only its subdistrict's recorded name. The loose
        // variants abroad (Halen in Belgium) are not it, nor is the province the text puts
        // the camp in, 40 km away.
        let ms = places("QSD detained four IS members in Hole Camp in Al Hasakeh countryside.");
        let camp = get(&ms, "Hole Camp").expect("the camp found");
        assert_eq!(camp.kind, crate::model::Resolution::Parent, "{camp:?}");
        assert_eq!(camp.precision, Some(2), "{camp:?}");
        assert_eq!(camp.feature_code.as_deref(), Some("ADM3"), "{camp:?}");
        let p = camp.point.expect("placed");
        assert!(
            crate::gazetteer::distance_km(p.into(), (41.15, 36.39)) < 5.0,
            "{camp:?}"
        );
    }

    #[test]
    fn a_street_is_not_placed_at_the_city_it_is_named_after() {
        let ms = places("A car bomb exploded on Baghdad Street in Damascus.");
        let street = get(&ms, "Baghdad Street").expect("the street found");
        assert_ne!(street.country.as_deref(), Some("IQ"), "{street:?}");
    }

    #[test]
    fn a_spelling_recorded_only_abroad_still_finds_the_village_at_home() {
        // "Solan" is recorded in India; Syria has "Sulan", 28 km from Ain al Arab.
        let ms = places(
            "Turkish forces and QSD exchanged fire in Solan area in the countryside of Ain al \
             Arab in Aleppo.",
        );
        let m = get(&ms, "Solan").expect("Solan found");
        assert_eq!(m.country.as_deref(), Some("SY"), "{m:?}");
        assert_eq!(m.name.as_deref(), Some("Sulan"), "{m:?}");
        // Without the text's word that it is a place, a word recorded abroad stays a word.
        let ms = places("Clashes erupted between Jaysh al Islam and regime forces in Douma.");
        assert!(get(&ms, "Islam").is_none(), "{ms:?}");
    }

    #[test]
    fn a_generic_first_word_is_not_the_village_called_so() {
        let ms = places(
            "Regime forces advanced into the Tell Syriatel area west of Abul Thouhur town in \
             Idleb.",
        );
        assert!(get(&ms, "Tell").is_none(), "{ms:?}");
        assert!(get(&ms, "Abul Thouhur").is_some(), "{ms:?}");
    }

    #[test]
    fn a_neighbourhood_falls_back_to_the_town_the_text_puts_it_in() {
        let ms = places(
            "Clashes took place among Al Kharaji tribe militiamen in Al Joura neighborhood in \
             Menbij city in Aleppo countryside.",
        );
        assert!(
            get(&ms, "Al Kharaji").is_none(),
            "a tribe, not a place: {ms:?}"
        );
        let joura = get(&ms, "Al Joura").expect("Al Joura placed");
        assert_eq!(joura.admin1.as_deref(), Some("Aleppo"), "{joura:?}");
    }

    #[test]
    fn a_village_recorded_in_another_spelling_is_found_in_the_province_the_text_names() {
        // Syria records "Shiha" only in Aleppo and al-Hasakah; Hama's villages are "Ash
        // Shihah". Without the province, the recorded spelling stands.
        let ms = places("Rebels took control of the hill in Shiha village in Hama.");
        let m = get(&ms, "Shiha").expect("Shiha placed");
        assert_eq!(m.admin1.as_deref(), Some("Hama"), "{m:?}");
        assert!(m.point.is_some(), "{m:?}");
        let ms = places("Rebels took control of the hill in Shiha village in Syria.");
        let m = get(&ms, "Shiha").expect("Shiha placed");
        assert_ne!(m.admin1.as_deref(), Some("Hama"), "{m:?}");
    }

    #[test]
    fn the_side_of_the_province_the_text_names_chooses_among_homonyms() {
        let lon = |text: &str, name: &str| {
            let ms = places(text);
            let m = get(&ms, name).unwrap_or_else(|| panic!("{name} placed: {ms:?}"));
            (m.admin1.clone(), m.point.expect("a point").lon())
        };
        // Deir ez-Zor city lies at 40.14 E; Sha`fa at 39.5 E is its western countryside.
        let (a1, east) = lon(
            "IS clashed with the SDF near Shafa town in Deir-ez-Zor eastern countryside.",
            "Shafa",
        );
        assert_eq!(a1.as_deref(), Some("Deir ez-Zor"));
        assert!(east > 40.3, "{east}");
        let (_, west) = lon(
            "IS clashed with the SDF near Shafa town in the western countryside of Deir-ez-Zor.",
            "Shafa",
        );
        assert!(west < 40.0, "{west}");
    }

    #[test]
    fn an_armed_group_places_the_report_and_its_name_holds_no_place() {
        // Al Hazm is a Yemeni provincial capital; the HTS report is about Syria's Hazm.
        let ms = places(
            "Hayat Tahrir Al Sham fighters attacked an Islamic State position in Hazm village.",
        );
        let hazm = get(&ms, "Hazm").expect("Hazm placed");
        assert_eq!(hazm.country.as_deref(), Some("SY"), "{hazm:?}");
        // "Sham" (Damascus) and "Hayat" are words of the group's name.
        assert!(get(&ms, "Sham").is_none(), "{ms:?}");
        assert!(get(&ms, "Hayat").is_none(), "{ms:?}");
    }

    #[test]
    fn a_neighbourhood_of_a_city_lies_in_the_city() {
        // Az Zahra' is a town 17 km from Aleppo; the neighbourhood is in the city.
        let ms = places(
            "Clashes took place in the Al-Zahraa neighborhood of Aleppo city. No fatalities.",
        );
        let aleppo = get(&ms, "Aleppo").expect("Aleppo placed");
        assert_eq!(aleppo.feature_code.as_deref(), Some("PPLA"), "{aleppo:?}");
        let z = get(&ms, "Al-Zahraa").expect("Al-Zahraa kept");
        assert_ne!(z.name.as_deref(), Some("Az Zahra'"), "{z:?}");
    }

    #[test]
    fn an_english_adjective_is_no_village_by_its_consonants() {
        // "Assyrian" read as "As" + "Syrian" has the consonants of Suran, a town in Hama.
        let ms = places("Gunmen clashed near the Assyrian Church in Al-Hasakeh city.");
        assert!(
            get(&ms, "Assyrian").is_none_or(|m| m.point.is_none()),
            "{ms:?}"
        );
        assert!(get(&ms, "Al-Hasakeh").is_some_and(|m| m.point.is_some()));
    }

    #[test]
    fn a_spelling_variant_far_from_the_reports_places_is_withheld() {
        // Kanamat's consonants are those of Ghanamah, 259 km away in Aleppo province.
        let ms = places(
            "Syrian regime forces took the Kanamat area in the Ali Bek neighbourhood of \
             Deir-ez-Zor city.",
        );
        let deir = (40.14, 35.34);
        if let Some(p) = get(&ms, "Kanamat").and_then(|m| m.point) {
            let km = super::distance_km(p.into(), deir);
            assert!(km < super::VARIANT_FAR_KM, "{km} km: {ms:?}");
        }
        // A variant near the report's other places stands: Sokhneh is As Sukhnah.
        let ms = places("Syrian regime forces took Sokhneh after clashes east of Palmyra.");
        let s = get(&ms, "Sokhneh").expect("Sokhneh placed");
        assert_eq!(s.name.as_deref(), Some("As Sukhnah"), "{s:?}");
    }

    #[test]
    fn a_town_recorded_under_another_spelling_beats_the_area_named_after_it() {
        // "Ar-Ra'ee" is recorded as written only for the subdistrict; the town is Ar Ra'i.
        let ms = places("Two factions clashed in Ar-Ra'ee town in the countryside of Aleppo.");
        let r = get(&ms, "Ar-Ra'ee").expect("Ar-Ra'ee placed");
        let code = r.feature_code.as_deref().unwrap_or_default();
        assert!(code.starts_with("PPL"), "{r:?}");
    }

    #[test]
    fn a_road_between_two_places_set_off_by_a_spaced_dash_falls_back_to_the_first() {
        let ms = places("An IED struck an army convoy on the Aleppo - al-Bab road on Monday.");
        let road = get(&ms, "Aleppo - al-Bab road").expect("the road kept whole");
        assert_eq!(road.kind, crate::model::Resolution::Parent, "{road:?}");
        assert_eq!(road.name.as_deref(), Some("Aleppo"), "{road:?}");
    }

    #[test]
    fn a_regime_fights_at_home() {
        // Many towns abroad are called Mansura; "Syrian regime forces" place the report.
        let ms = places("Syrian regime forces captured the town of Mansura after clashes.");
        let m = get(&ms, "Mansura").expect("Mansura placed");
        assert_eq!(m.country.as_deref(), Some("SY"), "{m:?}");
    }

    #[test]
    fn an_acled_compound_name_puts_the_second_part_in_the_first() {
        // Syria's only Jawbar in the gazetteer is a Homs village, 130 km from Damascus.
        let ms = places("Clashes took place in Damascus - Jobar on Monday.");
        let j = get(&ms, "Jobar").expect("Jobar kept");
        assert_ne!(j.name.as_deref(), Some("Jawbar"), "{j:?}");
        if j.point.is_some() {
            assert_eq!(j.name.as_deref(), Some("Damascus"), "{j:?}");
        }
    }

    #[test]
    fn a_town_and_the_county_it_lies_in_place_the_report() {
        // Norfolk, Kent and Cheshire are American towns first; "Snetterton, Norfolk" fits
        // only England's Norfolk, and says the story is English.
        let ms = places(
            "The series visits Snetterton, Norfolk, in July and Silverstone, \
             Northamptonshire, in September. Two of its teams are based in Kent and one \
             in Cheshire.",
        );
        for name in ["Snetterton", "Norfolk"] {
            let m = get(&ms, name).expect("placed");
            assert_eq!(m.country.as_deref(), Some("GB"), "{m:?}");
        }
    }

    #[test]
    fn a_state_named_twice_is_the_state_both_times() {
        // The list makes the first "California" the state; the second, alone, lies near no
        // Californian place but near a Pennsylvanian town called California.
        let ms = places(
            "Cases were reported in California, Oregon and Washington last week. Beekeepers \
             from Pittsburgh and Uniontown said bees pollinate the almond trees in California \
             every spring.",
        );
        let both: Vec<&Mention> = ms.iter().filter(|m| m.text == "California").collect();
        assert_eq!(both.len(), 2, "{ms:?}");
        for m in both {
            assert_eq!(m.feature_code.as_deref(), Some("ADM1"), "{m:?}");
        }
    }

    #[test]
    fn a_town_with_its_own_police_is_the_one_at_home() {
        // Berea is an old name of Aleppo; a Berea with a police force and streets in a
        // Texan report is an American town.
        let ms = places(
            "Police in Texas are searching for a suspect after a robbery on Monday. Berea \
             Police said the man fled on foot.",
        );
        let m = get(&ms, "Berea").expect("Berea placed");
        assert_eq!(m.country.as_deref(), Some("US"), "{m:?}");
    }

    #[test]
    fn two_names_joined_by_and_are_one_kind_of_place() {
        // Wales is also a village in England, and Indiana a town in Pennsylvania.
        for (text, second) in [
            (
                "Police figures for England and Wales show that crime fell.",
                "Wales",
            ),
            (
                "Unemployment in Pennsylvania and Indiana rose in February.",
                "Indiana",
            ),
        ] {
            let ms = places(text);
            let m = get(&ms, second).expect("placed");
            assert_eq!(m.feature_code.as_deref(), Some("ADM1"), "{m:?}");
        }
        // Two cities stay cities: Washington read as the capital is not the state.
        let ms = places("Flights between New York and Washington were cancelled.");
        let m = get(&ms, "Washington").expect("placed");
        assert_eq!(m.feature_code.as_deref(), Some("PPLC"), "{m:?}");
    }

    #[test]
    fn a_facility_named_after_a_city_abroad_lies_in_that_city() {
        // The report is about Peru; the prison is in Jakarta, not at Lima.
        let ms = places(
            "Two managers face up to 15 years in a Jakarta prison for environmental crime, \
             the court in Lima said.",
        );
        let m = get(&ms, "Jakarta prison").expect("placed");
        assert_eq!(m.name.as_deref(), Some("Jakarta"), "{m:?}");
        assert_eq!(m.kind, crate::model::Resolution::Parent, "{m:?}");
    }

    #[test]
    fn an_english_at_before_a_facility_is_not_its_article() {
        // "at" is Arabic's article only before a t ("at-Tall").
        let ms = places("Passengers arriving at Cairo airport were tested in Toronto.");
        let m = get(&ms, "Cairo airport").expect("the airport, without 'at'");
        assert_eq!(m.name.as_deref(), Some("Cairo"), "{m:?}");
        let ms = places("Clashes took place in at-Tall on Monday.");
        assert!(get(&ms, "at-Tall").is_some(), "{ms:?}");
    }

    #[test]
    fn a_state_is_no_town_of_its_name_near_the_dateline_city() {
        // California, Maryland lies 80 km from Washington: no reason to leave the state.
        let ms = places(
            "WASHINGTON (AP) - Trump praised his chief of staff, telling Marines in \
             California last month that Kelly likes it.",
        );
        let m = get(&ms, "California").expect("placed");
        assert_eq!(m.feature_code.as_deref(), Some("ADM1"), "{m:?}");
    }
}
