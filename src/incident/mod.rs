//! Incidents: ACLED-style events read from a report, each with its type, actors, deaths,
//! date, place and the words that say so.
//!
//! The pipeline, per article, sentence by sentence ([`sentences`]):
//!
//! 1. [`classify`]: trigger words ("air strikes", "car bomb", "clashes", "siege") give the
//!    sub-event type, by ACLED's precedence when a sentence has several; [`factual`] drops
//!    triggers that report no event (plans, claims of intent, negations, purposes, captions);
//! 2. [`actors`]: who did it (actor1) and to whom (actor2), with names normalised;
//! 3. [`fatalities`]: deaths, counted as ACLED does; a following sentence that only gives
//!    the toll ("Five people were killed.", "No fatalities were reported.") is credited to
//!    the event before it in the same paragraph;
//! 4. [`dates`]: the event date, anchored on the publication date;
//! 5. [`locate`]: the place(s), out of the geoparser's mentions; one sentence listing
//!    several places gives one incident per place (fatalities shared out between them);
//! 6. [`merge`]: the same event told twice becomes one incident;
//! 7. [`far`]: incidents far from everything else the report names are marked, to warn.
//!
//! [`records`] turns incidents into GeoJSON features and CSV rows.
//!
//! ```no_run
//! use incimap::gazetteer::Gazetteer;
//! use incimap::geoparse::Geoparser;
//! use incimap::incident::Extractor;
//! use incimap::Article;
//!
//! let g = Gazetteer::bundled();
//! let x = Extractor::new(Geoparser::new(&g)).with_default_date(Some("2014-06-20"))?;
//! let article = Article {
//!     id: "a1".into(),
//!     text: "On Wednesday, regime warplanes struck Hatla, killing five civilians.".into(),
//!     ..Default::default()
//! };
//! for i in x.extract(&article) {
//!     println!("{} {:?} {:?} {}", i.sub_event_type, i.event_date, i.location, i.fatalities);
//! }
//! # Ok::<(), incimap::Error>(())
//! ```

pub mod actors;
pub mod associates;
pub mod classify;
pub mod dates;
pub mod factual;
pub mod far;
pub mod fatalities;
pub mod locate;
pub mod merge;
pub mod phrase;
pub mod records;
pub mod sentences;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::geoparse::tokens::{self, Token};
use crate::geoparse::Focus;
use crate::geoparse::{Geoparser, PART};
use crate::model::{self, Article, EventType, Incident, Mention, Resolution, Source, SubEventType};
use actors::Kind;
use classify::{Cue, Parties};
use dates::When;
use fatalities::Count;
use locate::{Located, Locator};
use merge::{Draft, Merger};
use rayon::prelude::*;
use sentences::Sentence;

/// Reads incidents from articles with one geoparser.
#[derive(Clone)]
pub struct Extractor<'g> {
    parser: Geoparser<'g>,
    /// The publication date of articles that carry none (and no dateline).
    default_date: Option<NaiveDate>,
    /// The most distinct incidents one article keeps.
    max_incidents: usize,
}

impl<'g> Extractor<'g> {
    pub fn new(parser: Geoparser<'g>) -> Self {
        Extractor {
            parser,
            default_date: None,
            max_incidents: MAX_INCIDENTS,
        }
    }

    /// Keep at most `n` distinct incidents per article (default [`MAX_INCIDENTS`]); the
    /// others are dropped and counted in [`Extraction::dropped`].
    pub fn with_max_incidents(mut self, n: usize) -> Self {
        self.max_incidents = n;
        self
    }

    /// The publication date (`YYYY-MM-DD`) to anchor relative dates on in articles that
    /// have neither a date of their own nor a dateline.
    pub fn with_default_date(mut self, date: Option<&str>) -> Result<Self> {
        self.default_date = match date {
            None => None,
            Some(s) => Some(dates::parse(s).ok_or_else(|| {
                Error::Input(format!(
                    "--date {s:?} is not a date; give it as YYYY-MM-DD, e.g. 2014-06-20"
                ))
            })?),
        };
        Ok(self)
    }

    /// This extractor, reading a report whose own words point to no country as about
    /// `country` (see [`Geoparser::prior`]).
    pub fn with_prior(&self, country: Option<String>) -> Self {
        Extractor {
            parser: self.parser.clone().with_prior(country),
            ..self.clone()
        }
    }

    pub fn geoparser(&self) -> &Geoparser<'g> {
        &self.parser
    }

    /// Every incident the article reports, in text order, merged (at most
    /// [`MAX_INCIDENTS`] by default: see [`Extractor::extraction`] for how many more there
    /// were).
    pub fn extract(&self, article: &Article) -> Vec<Incident> {
        self.extraction(article).incidents
    }

    /// Every incident the article reports, in text order, merged; and how many distinct
    /// incidents past the cap ([`Extractor::with_max_incidents`]) were dropped.
    ///
    /// A text longer than [`PART`] (a whole archive pasted as one report) is read in parts
    /// cut at paragraph breaks, as the geoparser reads it, a few parts at a time in
    /// parallel; each part's incidents are merged into those of the parts before as they
    /// come, so memory is that of a few parts and the incidents kept, whatever the length.
    pub fn extraction(&self, article: &Article) -> Extraction {
        let mut merger = Merger::new(self.max_incidents);
        // The mentions of a report read whole, against which far incidents are judged.
        let mut whole: Option<Vec<Mention>> = None;
        let focus;
        if article.text.len() <= PART {
            // One tokenization serves the geoparser and the event reader.
            let (mentions, own) = tokens::with_tokens(&article.text, |toks| {
                let (mentions, own) = self.parser.parse_tokens(article, toks);
                let read = self.drafts(article, &article.text, &mentions, toks, None);
                read.drafts.into_iter().for_each(|d| merger.add(d));
                (mentions, own)
            });
            whole = Some(mentions);
            focus = own;
        } else {
            focus = self.extract_parts(article, PART, &mut merger);
        }
        let dropped = merger.dropped();
        let mut incidents = merger.finish();
        if let Some(mentions) = &whole {
            self.mark_far(&mut incidents, mentions);
        }
        Extraction {
            dropped,
            incidents,
            focus,
        }
    }

    /// The extractions of reports read together, as the commands read each batch of
    /// [`crate::batch::BATCH`]: see [`Extractor::agree`].
    pub fn extract_together(&self, articles: &[Article]) -> Vec<Extraction> {
        let mut read: Vec<crate::Result<(Article, Extraction)>> = articles
            .par_iter()
            .map(|a| Ok((a.clone(), self.extraction(a))))
            .collect();
        self.agree(&mut read);
        read.into_iter()
            .map(|x| x.map_or_else(|_| Extraction::default(), |(_, found)| found))
            .collect()
    }

    /// Reads again the reports of a batch whose own words point to no country, or weakly to
    /// another, as about the country the others agree on ([`crate::geoparse::consensus`]),
    /// unless the caller gave the country. A panic in one becomes its error alone
    /// ([`crate::batch::isolated`]).
    pub fn agree(&self, read: &mut [crate::Result<(Article, Extraction)>]) {
        if self.parser.country.is_some() {
            return;
        }
        let focuses = read
            .iter()
            .filter_map(|x| x.as_ref().ok())
            .map(|(_, found)| found.focus.as_ref().map(|f| f.country.as_str()));
        let Some(prior) = crate::geoparse::consensus(focuses) else {
            return;
        };
        let again = self.with_prior(Some(prior.clone()));
        read.par_iter_mut().for_each(|x| {
            let Ok((article, found)) = x else { return };
            if Focus::yields_to(found.focus.as_ref(), &prior) {
                match crate::batch::isolated(&article.id, || again.extraction(article)) {
                    Ok(f) => *found = f,
                    Err(e) => *x = Err(e),
                }
            }
        });
    }

    /// Every incident, with the article's place mentions already found.
    pub fn extract_with(&self, article: &Article, mentions: &[Mention]) -> Vec<Incident> {
        let mut incidents = tokens::with_tokens(&article.text, |toks| {
            merge::merge(
                self.drafts(article, &article.text, mentions, toks, None)
                    .drafts,
            )
        });
        self.mark_far(&mut incidents, mentions);
        incidents
    }

    /// Marks the incidents that lie far from the report's other places (`far_km`).
    fn mark_far(&self, incidents: &mut [Incident], mentions: &[Mention]) {
        let focus = self.parser.country.as_deref().and_then(|cc| {
            let c = self.parser.gazetteer().country(cc)?;
            Some(far::Focus {
                country: cc,
                lon: c.place.lon,
                lat: c.place.lat,
            })
        });
        let places = places_only(mentions);
        far::mark(incidents, &places, focus);
    }

    /// [`Extractor::extraction`] of a text longer than one part. The report's date is
    /// read once, from its own date or the first part's dateline; the sentence and
    /// paragraph numbers and the spans of later parts count from the start of the text,
    /// so ids are those of one document.
    /// `size` is at most [`PART`], so the geoparser takes each part whole.
    /// Returns the first part's own focus, as [`Geoparser::parse_focused`].
    fn extract_parts(
        &self,
        article: &Article,
        size: usize,
        merger: &mut Merger,
    ) -> Option<crate::geoparse::Focus> {
        let mut parts = model::parts(&article.text, size);
        let first = parts.next()?;
        let read = |text: &str, anchor: Option<Anchor>| {
            let part = Article {
                id: article.id.clone(),
                text: text.to_string(),
                ..Default::default()
            };
            tokens::with_tokens(text, |toks| {
                let (mentions, focus) = self.parser.parse_tokens(&part, toks);
                (
                    self.drafts(article, text, &mentions, toks, anchor),
                    text.chars().count(),
                    focus,
                )
            })
        };
        let (first, mut chars, focus) = read(first, None);
        let (mut sentences, mut paragraphs) = (first.sentences, first.paragraphs);
        first.drafts.into_iter().for_each(|d| merger.add(d));
        // Later parts start after the dateline: never one of their own.
        let anchor = Anchor {
            dateline_end: 0,
            ..first.anchor
        };
        let batch = 2 * rayon::current_num_threads();
        loop {
            let texts: Vec<&str> = parts.by_ref().take(batch).collect();
            if texts.is_empty() {
                break;
            }
            let read: Vec<_> = texts.par_iter().map(|t| read(t, Some(anchor))).collect();
            for (part, n_chars, _) in read {
                for mut d in part.drafts {
                    shift(&mut d, &article.id, chars, sentences, paragraphs);
                    merger.add(d);
                }
                sentences += part.sentences;
                paragraphs += part.paragraphs;
                chars += n_chars;
            }
        }
        focus
    }

    /// When the article was published: its own date, else its dateline's, else the
    /// default date; and where its dateline ends.
    fn anchor(
        &self,
        article: &Article,
        text: &str,
        toks: &[Token<'_>],
        sentences: &[Sentence],
    ) -> Anchor {
        let year = self.default_date.map(|d| chrono::Datelike::year(&d));
        let dateline = dates::dateline(text, toks, sentences, year);
        Anchor {
            date: article
                .date
                .as_deref()
                .and_then(dates::parse)
                .or(dateline.and_then(|d| d.date))
                .or(self.default_date),
            dateline_end: dateline.map_or(0, |d| d.end),
        }
    }

    /// The incidents of `text` (the article's, or a part of it), before merging; `anchor`
    /// is the article's, or read from `text` when not given.
    fn drafts(
        &self,
        article: &Article,
        text: &str,
        mentions: &[Mention],
        toks: &[Token<'_>],
        anchor: Option<Anchor>,
    ) -> Drafts {
        let places = places_only(mentions);
        let mentions: &[Mention] = &places;
        let sentences = sentences::split(text, toks);
        let anchor = anchor.unwrap_or_else(|| self.anchor(article, text, toks, &sentences));
        let country = self.country(mentions);
        let country_name = country.as_deref().and_then(|cc| self.country_name(cc));
        let names = |cc: &str| self.country_name(cc);
        // Each sentence's actors, found once and named later for the country asked about.
        let actor_spans: Vec<Vec<actors::ActorSpan>> = sentences
            .iter()
            .map(|s| actors::spans(toks, s, &names))
            .collect();
        // Names of parties are never places: "Hayat Tahrir al-Sham" is not Damascus.
        let parties: Vec<(usize, usize)> = actor_spans
            .iter()
            .flatten()
            .map(|m| (toks[m.first].start, toks[m.last].end))
            .collect();
        let doc = Doc {
            article,
            text,
            toks,
            sentences: &sentences,
            // The caller's country, else the locator's own reading of where the places are.
            locator: Locator::new(
                text,
                toks,
                &sentences,
                mentions,
                &parties,
                self.parser.country.as_deref(),
                self.seats(mentions),
            ),
            anchor: anchor.date,
            dateline_end: anchor.dateline_end,
            country_name,
            names: &names,
            actor_spans: &actor_spans,
        };
        Drafts {
            drafts: doc.drafts(),
            anchor,
            sentences: sentences.len(),
            paragraphs: sentences.last().map_or(0, |s| s.paragraph + 1),
        }
    }

    /// The country the report is about: the caller's, else the one its places agree on.
    fn country(&self, mentions: &[Mention]) -> Option<String> {
        if let Some(c) = &self.parser.country {
            return Some(c.clone());
        }
        // Each resolved place votes for its country, a country or province more than a
        // village, and a confident place more than a doubtful one.
        let mut votes: Vec<(String, f64)> = Vec::new();
        for m in mentions {
            if m.kind != Resolution::Place || m.names_an_actor() {
                continue;
            }
            let Some(cc) = &m.country else { continue };
            let weight = match m.feature_code.as_deref().unwrap_or("") {
                c if c.starts_with("PCL") => 2.0,
                "ADM1" | "PPLA" | "PPLC" => 1.5,
                _ => 1.0,
            } * m.confidence.max(0.1);
            match votes.iter_mut().find(|(c, _)| c == cc) {
                Some(v) => v.1 += weight,
                None => votes.push((cc.clone(), weight)),
            }
        }
        // Most votes; the first named on ties.
        let mut best: Option<(String, f64)> = None;
        for (c, n) in votes {
            if best.as_ref().is_none_or(|b| n > b.1) {
                best = Some((c, n));
            }
        }
        best.map(|(c, _)| c)
    }

    /// For every mention of a province, the point of its seat, and for every district or
    /// subdistrict, the town it is named after (see [`Locator::new`]). ACLED codes an event
    /// known only to an area at its seat, not at the area's centre, which may lie 40 km off.
    fn seats(&self, mentions: &[Mention]) -> Vec<Option<(f64, f64)>> {
        mentions
            .iter()
            .map(|m| {
                if m.kind != Resolution::Place {
                    return None;
                }
                match m.feature_code.as_deref() {
                    Some("ADM1") => {
                        let seat = self
                            .parser
                            .gazetteer()
                            .admin1_seat(m.country.as_deref()?, m.admin1.as_deref()?)?;
                        Some((seat.lon, seat.lat))
                    }
                    Some("ADM2" | "ADM3") => self.namesake_town(m),
                    _ => None,
                }
            })
            .collect()
    }

    /// The town a district mention `m` is named after: a populated place that records the
    /// district's name, in its country, within [`SEAT_KM`] of the district's point.
    fn namesake_town(&self, m: &Mention) -> Option<(f64, f64)> {
        let area = m.point?;
        let name = m.name.as_deref()?;
        let opts = crate::gazetteer::Lookup {
            country: m.country.clone(),
            near: Some(area.into()),
            limit: 20,
        };
        self.parser
            .gazetteer()
            .lookup(name, &opts)
            .into_iter()
            // A recorded name of the town, not a spelling variant of it.
            .filter(|c| c.place.feature_code.starts_with("PPL") && c.similarity >= 0.9)
            .map(|c| {
                let at = (c.place.lon, c.place.lat);
                (crate::gazetteer::distance_km(at, area.into()), at)
            })
            .filter(|&(km, _)| km <= SEAT_KM)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, at)| at)
    }

    fn country_name(&self, cc: &str) -> Option<String> {
        self.parser.gazetteer().country(cc).map(|c| c.place.name)
    }
}

/// How far from a district's point the town it is named after may lie.
const SEAT_KM: f64 = 50.0;

/// The most distinct incidents one article keeps by default. A real report tells at most a few
/// thousand (a year's daily digest); a text that tells more is not a report (a database
/// dump pasted as text), and its incidents past this many are dropped and counted, so
/// memory stays bounded whatever the input.
pub const MAX_INCIDENTS: usize = 100_000;

/// What [`Extractor::extraction`] read from one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub incidents: Vec<Incident>,
    /// Mentions of distinct incidents past the cap, dropped.
    pub dropped: usize,
    /// The country the report's own places and parties point to (`None` when they point
    /// to none, or when the caller gave the country): what [`crate::geoparse::consensus`]
    /// counts.
    pub focus: Option<crate::geoparse::Focus>,
}

/// When a report was published, and where its dateline ends.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    date: Option<NaiveDate>,
    /// The first word after a dateline, whose date is the report's, not an event's.
    dateline_end: usize,
}

/// The incidents of a text before merging, with what the parts after it count from.
struct Drafts {
    drafts: Vec<Draft>,
    anchor: Anchor,
    sentences: usize,
    paragraphs: usize,
}

/// Count a draft read from a part of a text from the start of the whole text: its
/// sentence, paragraph and span, and so its id.
fn shift(d: &mut Draft, doc: &str, chars: usize, sentences: usize, paragraphs: usize) {
    let i = &mut d.incident;
    i.sentence += sentences;
    i.span = [i.span[0] + chars, i.span[1] + chars];
    i.id = stable_id(doc, i.sentence, i.sub_event_type, i.location.as_deref());
    d.paragraph += paragraphs;
}

/// One article being read.
struct Doc<'a> {
    article: &'a Article,
    text: &'a str,
    toks: &'a [Token<'a>],
    sentences: &'a [Sentence],
    locator: Locator<'a>,
    anchor: Option<NaiveDate>,
    /// The first word after a dateline, whose date is the report's, not an event's.
    dateline_end: usize,
    country_name: Option<String>,
    names: &'a dyn Fn(&str) -> Option<String>,
    /// Where each sentence names actors ([`actors::spans`]), by sentence index.
    actor_spans: &'a [Vec<actors::ActorSpan>],
}

/// The incidents of the last sentence that had any, for a toll given after them.
struct Group {
    paragraph: usize,
    /// Indices into the drafts.
    drafts: std::ops::Range<usize>,
}

impl Doc<'_> {
    fn drafts(&self) -> Vec<Draft> {
        let mut out: Vec<Draft> = Vec::new();
        let mut last_group: Option<Group> = None;
        // The same for the last sentence with a violent incident (not only arrests, changes
        // of activity and other strategic developments).
        let mut last_violent: Option<Group> = None;
        // The date the sentences of a paragraph run on: (paragraph, date).
        let mut running: Option<(usize, When)> = None;
        // Photo captions ("FSA rebels during clashes in X. File photo") report no event.
        let captions = factual::captions(self.text, self.sentences);
        for (k, s) in self.sentences.iter().enumerate() {
            if captions.contains(&k) {
                continue;
            }
            let own = dates::in_sentence(self.toks, s, self.dateline_end, self.anchor);
            let (when, weak) = match (own, running) {
                (Some(w), _) => (w, false),
                (None, Some((p, w))) if p == s.paragraph => (w, false),
                _ => (
                    When {
                        date: self.anchor,
                        precision: if self.anchor.is_some() { 2 } else { 3 },
                    },
                    true,
                ),
            };
            if let Some(w) = own {
                running = Some((s.paragraph, w));
            } else if running.is_some_and(|(p, _)| p != s.paragraph) {
                running = None;
            }
            // Read only for a sentence with an event, or one after an event of its paragraph:
            // most sentences are neither (issue 19: skip what a sentence cannot use).
            let toll = std::cell::LazyCell::new(|| fatalities::count(self.toks, self.text, s));
            let group_here = last_group.as_ref().filter(|g| g.paragraph == s.paragraph);
            let violent_here = last_violent.as_ref().filter(|g| g.paragraph == s.paragraph);
            let made =
                self.sentence_incidents(s, when, weak, &toll, group_here.is_some(), own.is_some());
            match made {
                Some(mut new) if !new.is_empty() => {
                    // Arrests, a change of activity and the like kill no one: deaths told
                    // with them ("2 gunmen were detained; 3 people were killed") are the toll
                    // of the violent event before them in the paragraph.
                    let quiet = new
                        .iter()
                        .all(|d| d.incident.event_type == EventType::StrategicDevelopments);
                    if let Some(g) = violent_here.filter(|_| quiet && toll.fatalities > 0) {
                        credit(&mut out[g.drafts.clone()], *toll);
                        for d in &mut new {
                            d.incident.fatalities = 0;
                            d.incident.fatalities_known = false;
                        }
                    }
                    let start = out.len();
                    let violent = !quiet;
                    out.extend(new);
                    last_group = Some(Group {
                        paragraph: s.paragraph,
                        drafts: start..out.len(),
                    });
                    if violent {
                        last_violent = Some(Group {
                            paragraph: s.paragraph,
                            drafts: start..out.len(),
                        });
                    }
                }
                _ => {
                    // A toll on its own: "Five people were killed.", "No fatalities.": of
                    // the last violent event of the paragraph, else of the last event.
                    if let Some(g) = violent_here.or(group_here) {
                        if toll.known || fatalities::mentioned(self.toks, self.text, s) {
                            credit(&mut out[g.drafts.clone()], *toll);
                        }
                    }
                }
            }
        }
        out
    }

    /// The incidents of one sentence; `None` when it reports none. `after_event` says an
    /// incident came earlier in the paragraph, so a bare killing may be its toll;
    /// `own_date` that the sentence gives a date of its own.
    fn sentence_incidents(
        &self,
        s: &Sentence,
        when: When,
        weak_date: bool,
        toll: &std::cell::LazyCell<Count, impl FnOnce() -> Count>,
        after_event: bool,
        own_date: bool,
    ) -> Option<Vec<Draft>> {
        let toks = self.toks;
        let hits: Vec<_> = classify::triggers(toks, s.first, s.last)
            .into_iter()
            .filter(|h| factual::asserted(toks, self.text, s, h.first))
            .collect();
        let hits = classify::foreground(toks, s.first, s.last, hits);
        if hits.is_empty() {
            return None;
        }
        let toll = **toll;
        let cn = self.country_name.as_deref();
        // (a sentence's index is its place in the report's list of sentences)
        let actor_spans = &self.actor_spans[s.index];
        let ms = actors::named(actor_spans, cn);
        // The government is that of the country the event happens in (by its likely
        // place), else of the country the report is about.
        let place_country = self
            .locator
            .locate(s, hits[0].first)
            .first()
            .and_then(|p| p.country.as_deref())
            .and_then(|cc| (self.names)(cc));
        // "The regime" is Syria's government even when the gazetteer has put the village it
        // took somewhere else.
        let gov = |name: &Option<String>| {
            name.as_deref() == Some("Military Forces of Syria")
                || [place_country.as_deref(), cn]
                    .into_iter()
                    .flatten()
                    .any(|c| {
                        name.as_deref().is_some_and(|n| {
                            n == format!("Military Forces of {c}")
                                || n == format!("Police Forces of {c}")
                        })
                    })
        };
        let parties = |h: &phrase::Hit<Cue>| {
            let r = actors::roles(toks, s, &ms, h.first);
            let armed_target = r
                .actor2
                .as_ref()
                .is_some_and(|a2| ms.iter().any(|m| &m.name == a2 && m.kind.armed()));
            Parties {
                government_agent: gov(&r.actor1),
                victim: actors::victim(toks, s, &ms, h.first, h.last),
                armed_target,
                takes_territory: classify::takes_territory(toks, h.last + 1, s.last),
            }
        };
        let (sub, hit) = classify::classify(&hits, parties)?;
        let places = self.locator.locate(s, hit.first);
        // Actors are named for the country the event happened in ("Unidentified Armed
        // Group (Iraq)" in a Syrian report about Iraq).
        let event_cn = places
            .first()
            .and_then(|p| p.country.as_deref())
            .and_then(|cc| (self.names)(cc))
            .or_else(|| self.country_name.clone());
        let ms = if event_cn != self.country_name {
            actors::named(actor_spans, event_cn.as_deref())
        } else {
            ms
        };
        // "Two civilians were killed." after an event, with no place of its own: its toll.
        let only_killing = hits.iter().all(|h| h.value == Cue::Kill);
        let own_place = places.first().is_some_and(|p| {
            let (start, end) = self.locator.mention_span(p.mention);
            s.contains(start, end)
        });
        if after_event && only_killing && !own_place && toll.known {
            return None;
        }
        // "Regime artillery shelled their positions.": no place or date of its own after an
        // event in the paragraph, and not told as another ("Later, an IED exploded."): more
        // of that event.
        let continuation = after_event && !own_place && !own_date && !tells_a_sequel(toks, s);
        let r = actors::roles(toks, s, &ms, hit.first);
        let (actor1, actor2) =
            default_actors(event_cn.as_deref(), sub, hit.value, r.actor1, r.actor2, &ms);
        let [assoc_actor_1, assoc_actor_2] =
            associates::associated(toks, s, &ms, actor1.as_deref(), actor2.as_deref());
        let span = [toks[hit.first].start, toks[hit.last].end];
        let notes = s
            .text(self.text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let date_conf = match (when.date, weak_date) {
            (Some(_), false) => 1.0,
            (Some(_), true) => 0.6,
            (None, _) => 0.3,
        };
        let strength = classify::strength(hit.value);
        let shares = if toll.split > 1 {
            vec![toll.per_event(); places.len().max(1)]
        } else {
            share(toll, places.len().max(1))
        };
        let source = Source {
            id: self.article.id.clone(),
            title: self.article.title.clone(),
            url: self.article.url.clone(),
        };
        let places: Vec<Option<Located>> = if places.is_empty() {
            vec![None]
        } else {
            places.into_iter().map(Some).collect()
        };
        let drafts = places
            .into_iter()
            .zip(shares)
            .map(|(place, toll)| {
                let loc_conf = place.as_ref().map_or(0.0, |p| {
                    p.confidence.clamp(0.0, 1.0)
                        * [1.0, 0.8, 0.5][usize::from(p.precision.clamp(1, 3) - 1)]
                });
                let location = place.as_ref().map(|p| p.location.clone());
                let incident = Incident {
                    id: stable_id(&self.article.id, s.index, sub, location.as_deref()),
                    event_date: when.date,
                    time_precision: if when.date.is_some() {
                        when.precision
                    } else {
                        3
                    },
                    event_type: sub.event_type(),
                    sub_event_type: sub,
                    actor1: actor1.clone(),
                    actor2: actor2.clone(),
                    assoc_actor_1: assoc_actor_1.clone(),
                    assoc_actor_2: assoc_actor_2.clone(),
                    fatalities: toll.fatalities,
                    fatalities_known: toll.known,
                    location,
                    admin1: place.as_ref().and_then(|p| p.admin1.clone()),
                    country: place.as_ref().and_then(|p| p.country.clone()),
                    point: place
                        .as_ref()
                        .and_then(|p| crate::model::LonLat::new(p.lon, p.lat)),
                    geo_precision: place.as_ref().map_or(3, |p| p.precision),
                    source: source.clone(),
                    sentence: s.index,
                    span,
                    confidence: round3(0.45 * strength + 0.35 * loc_conf + 0.2 * date_conf),
                    notes: notes.clone(),
                    far_km: None,
                };
                Draft {
                    incident,
                    weak_date,
                    paragraph: s.paragraph,
                    continuation,
                }
            })
            .collect();
        Some(drafts)
    }
}

/// Does the sentence tell an event after or apart from the one before: "Later, ...",
/// "Meanwhile, ...", "In a separate attack, ..."?
fn tells_a_sequel(toks: &[Token<'_>], s: &Sentence) -> bool {
    let opening = (s.first..s.last.min(s.first + 3)).any(|i| {
        matches!(
            toks[i].lower(),
            "later"
                | "afterwards"
                | "subsequently"
                | "then"
                | "meanwhile"
                | "separately"
                | "elsewhere"
                | "next"
                | "earlier"
                | "previously"
        )
    });
    opening
        || (s.first..s.last).any(|i| matches!(toks[i].lower(), "separate" | "another" | "second"))
}

/// ACLED's defaults where the text names no party: an explosive or an attack by someone
/// unnamed is an "Unidentified Armed Group"; violence against civilians is done to
/// civilians; protesters protest and rioters riot. `cn` names the event's country.
fn default_actors(
    cn: Option<&str>,
    sub: SubEventType,
    cue: Cue,
    actor1: Option<String>,
    actor2: Option<String>,
    ms: &[actors::ActorMention],
) -> (Option<String>, Option<String>) {
    use SubEventType as S;
    let named = |t: &str| Some(actors::name_for(t, cn));
    let kind_of = |name: &Option<String>| {
        let n = name.as_ref()?;
        ms.iter().find(|m| &m.name == n).map(|m| m.kind)
    };
    let armed = |name: &Option<String>| kind_of(name).is_some_and(Kind::armed);
    let force = if armed(&actor1) {
        actor1.clone()
    } else if armed(&actor2) {
        actor2.clone()
    } else {
        None
    };
    let unidentified = "Unidentified Armed Group ({c})";
    match sub {
        S::PeacefulProtest => (named("Protesters ({c})"), None),
        S::ProtestWithIntervention => (named("Protesters ({c})"), force),
        S::ExcessiveForceAgainstProtesters => (force, named("Protesters ({c})")),
        S::ViolentDemonstration | S::MobViolence => (named("Rioters ({c})"), force),
        S::RemoteExplosiveLandmineIed | S::SuicideBomb | S::Grenade => {
            (actor1.or_else(|| named(unidentified)), actor2)
        }
        S::Attack | S::AbductionForcedDisappearance | S::SexualViolence => {
            let victims = if armed(&actor2) {
                named("Civilians ({c})")
            } else {
                actor2.or_else(|| named("Civilians ({c})"))
            };
            (actor1.or_else(|| named(unidentified)), victims)
        }
        S::ArmedClash if cue == Cue::Kill => (actor1.or_else(|| named(unidentified)), actor2),
        _ => (actor1, actor2),
    }
}

/// A toll credited to the incidents of the sentence before: a known count replaces an
/// unknown one (shared out between the places), a larger known count a smaller one, and a
/// stated total ("Total fatalities coded to 3") any count.
fn credit(drafts: &mut [Draft], toll: Count) {
    let had_known = drafts.iter().any(|d| d.incident.fatalities_known);
    let had = drafts
        .iter()
        .fold(0u32, |n, d| n.saturating_add(d.incident.fatalities));
    // "Fatalities split evenly between the two locations": each incident here is one of
    // the events; it gets its share of the total said, else of the toll it had.
    if toll.split > 1 && (toll.known || had_known) {
        let total = if toll.known { toll } else { Count::known(had) };
        let each = Count {
            split: toll.split,
            ..total
        }
        .per_event();
        for d in drafts.iter_mut() {
            d.incident.fatalities = each.fatalities;
            d.incident.fatalities_known = true;
        }
        return;
    }
    if !toll.known && !had_known {
        return;
    }
    if had_known && !toll.total && (!toll.known || toll.fatalities <= had) {
        return;
    }
    let shares = share(toll, drafts.len());
    for (d, t) in drafts.iter_mut().zip(shares) {
        d.incident.fatalities = t.fatalities;
        d.incident.fatalities_known = t.known;
    }
}

/// A toll shared out between `n` places: whole deaths, the remainder to the first places,
/// so the total stays what the report says.
fn share(toll: Count, n: usize) -> Vec<Count> {
    let n32 = n as u32;
    (0..n32)
        .map(|k| Count {
            fatalities: toll.fatalities / n32 + u32::from(k < toll.fatalities % n32),
            known: toll.known,
            total: false,
            split: 0,
        })
        .collect()
}

/// A stable id: FNV-1a ([`crate::hash::Fnv1a`], which never changes between Rust versions
/// as `std`'s hasher may) of the document id, sentence, sub-event type and location.
pub fn stable_id(doc: &str, sentence: usize, sub: SubEventType, location: Option<&str>) -> String {
    let h = crate::hash::Fnv1a::default()
        .eat(doc.as_bytes())
        .eat(&[0x1f])
        .eat(sentence.to_string().as_bytes())
        .eat(&[0x1f])
        .eat(sub.as_str().as_bytes())
        .eat(&[0x1f])
        .eat(location.unwrap_or("").as_bytes())
        .finish();
    format!("{h:016x}")
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The mentions incidents are read from: all but the places inside organisations' names
/// ("The Washington Post"), which say whose the organisation is, not where anything
/// happened. Borrowed unless there is one to leave out.
fn places_only(mentions: &[Mention]) -> std::borrow::Cow<'_, [Mention]> {
    let org = |m: &Mention| m.feature.as_deref() == Some(crate::geoparse::ORGANISATION);
    if mentions.iter().any(org) {
        std::borrow::Cow::Owned(mentions.iter().filter(|m| !org(m)).cloned().collect())
    } else {
        std::borrow::Cow::Borrowed(mentions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{distance_km, Gazetteer};
    use crate::model::{EventType, SubEventType as S};

    const DEIR: (f64, f64) = (40.141, 35.336);

    fn seed() -> Article {
        Article {
            id: "deir-ez-zor-2014.txt".into(),
            text: include_str!("../../data/samples/deir-ez-zor-2014.txt").into(),
            ..Default::default()
        }
    }

    fn extract(article: &Article, date: Option<&str>) -> Vec<Incident> {
        let g = Gazetteer::bundled();
        let x = Extractor::new(Geoparser::new(&g))
            .with_default_date(date)
            .unwrap();
        x.extract(article)
    }

    #[test]
    fn a_report_naming_no_country_is_read_as_about_the_one_its_batch_agrees_on() {
        let g = Gazetteer::bundled();
        let x = Extractor::new(Geoparser::new(&g));
        let article = |id: &str, text: &str| Article {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        };
        // A lone town whose name is a foreign city's too: alone, nothing says it is Syria's.
        let karak = article(
            "karak",
            "Unidentified gunmen attacked two checkpoints in the town of Karak. \
             No fatalities were reported.",
        );
        let syria = [
            "Regime forces shelled Khan Shaykhun in southern Idlib, killing two civilians.",
            "Clashes broke out between the SDF and Islamic State fighters in Hajin, Deir ez-Zor.",
            "Russian warplanes struck Kafr Nabl in Idlib countryside.",
        ];
        let in_syria = |i: &Incident| {
            i.point.is_some_and(|p| (32.0..37.5).contains(&p.lat()))
                && i.point.is_some_and(|p| (35.5..42.5).contains(&p.lon()))
        };
        let alone = x.extraction(&karak);
        assert!(alone.focus.as_ref().is_some_and(|f| f.country != "SY"));
        assert!(
            !alone.incidents.iter().any(in_syria),
            "{:?}",
            alone.incidents
        );
        let mut batch = vec![karak.clone()];
        batch.extend(
            syria
                .iter()
                .enumerate()
                .map(|(n, t)| article(&n.to_string(), t)),
        );
        let together = x.extract_together(&batch);
        for found in &together[1..] {
            assert_eq!(found.focus.as_ref().unwrap().country, "SY");
        }
        let karak_inc = &together[0].incidents;
        assert!(
            !karak_inc.is_empty() && karak_inc.iter().all(in_syria),
            "{karak_inc:?}"
        );
        // The caller's country decides alone: nothing is read again.
        let told = Extractor::new(Geoparser::new(&g).with_country(Some("PK".into())));
        let told = told.extract_together(&batch);
        assert!(
            !told[0].incidents.iter().any(in_syria),
            "{:?}",
            told[0].incidents
        );
        // "in Iraq" outweighs the batch: a report's own strong clue stands.
        let iraq = article(
            "iraq",
            "Gunmen attacked a checkpoint in the town of Hit in Iraq.",
        );
        batch[0] = iraq;
        let together = x.extract_together(&batch);
        assert_eq!(together[0].focus.as_ref().unwrap().country, "IQ");
        assert!(
            !together[0].incidents.iter().any(in_syria),
            "{:?}",
            together[0].incidents
        );
    }

    fn text(date: Option<&str>, body: &str) -> Vec<Incident> {
        let a = Article {
            id: "t".into(),
            date: date.map(str::to_string),
            text: body.into(),
            ..Default::default()
        };
        extract(&a, None)
    }

    /// A headline that reports the deaths its first sentence reports is one event with
    /// one toll, however the headline is set off: a blank line, a line break, a full stop,
    /// or the JSON `title` (which is not read for events).
    #[test]
    fn a_headline_and_its_lede_count_the_same_deaths_once() {
        let lede = "An airstrike killed five people in Saraqib on Monday, local sources said. \
                    Rescuers searched the rubble of two houses.";
        for layout in [
            format!("Airstrike kills 5 in Saraqib\n\n{lede}"),
            format!("Airstrike kills 5 in Saraqib\n{lede}"),
            format!("Airstrike kills 5 in Saraqib\r\n{lede}"),
            format!("Airstrike Kills 5 in Saraqib, Idlib\n{lede}"),
            format!("Airstrike kills 5 in Saraqib. {lede}"),
        ] {
            let found = text(Some("2024-03-05"), &layout);
            assert_eq!(found.len(), 1, "{layout:?}: {found:#?}");
            let i = &found[0];
            assert_eq!(i.sub_event_type, S::AirDroneStrike, "{layout:?}");
            assert_eq!((i.fatalities, i.fatalities_known), (5, true), "{layout:?}");
            assert_eq!(i.event_date, "2024-03-04".parse().ok(), "{layout:?}");
        }
        let titled = Article {
            id: "t".into(),
            date: Some("2024-03-05".into()),
            title: "Airstrike kills 5 in Saraqib".into(),
            text: lede.into(),
            ..Default::default()
        };
        let found = extract(&titled, None);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].fatalities, 5);
        // Two strikes, each with its toll, stay two events.
        let two = text(
            Some("2024-03-05"),
            "An airstrike killed five people in Saraqib on Monday.\n\
             Another airstrike killed five people in Maarat al-Numan on Monday.",
        );
        assert_eq!(two.len(), 2, "{two:#?}");
        assert!(two.iter().all(|i| i.fatalities == 5), "{two:#?}");
    }

    #[test]
    fn a_long_report_is_read_in_parts_counted_from_its_start() {
        let g = Gazetteer::bundled();
        let x = Extractor::new(Geoparser::new(&g))
            .with_default_date(Some("2014-06-20"))
            .unwrap();
        // The seed three times, then an event of its own: parts of one copy each, and the
        // last paragraph alone in the last part.
        let copy = format!("{}\n\n", seed().text.trim());
        let last = "On 3 March 2015, regime warplanes struck the city of Deir ez-Zor, killing two civilians.\n";
        let long = Article {
            id: "long".into(),
            text: format!("{}{last}", copy.repeat(3)),
            ..Default::default()
        };
        assert_eq!(model::parts(&long.text, copy.len() + 10).count(), 4);
        let mut merger = Merger::new(usize::MAX);
        x.extract_parts(&long, copy.len() + 10, &mut merger);
        let in_parts = merger.finish();
        // The copies retell the seed's events; the last part's event counts its sentence,
        // span and id from the start of the whole text, as a reading of it whole does.
        let whole = x.extract(&long);
        assert_eq!(in_parts, whole);
        assert_eq!(in_parts.len(), x.extract(&seed()).len() + 1);
        let strike = in_parts.last().unwrap();
        assert_eq!(strike.event_date, "2015-03-03".parse().ok());
        let [a, b] = strike.span;
        let said: String = long.text.chars().skip(a).take(b - a).collect();
        assert_eq!(said, "warplanes");

        // Past the cap, the incidents of later parts are dropped and counted.
        let mut merger = Merger::new(2);
        x.extract_parts(&long, copy.len() + 10, &mut merger);
        assert_eq!(merger.dropped(), in_parts.len() - 2);
    }

    fn km_from_deir(i: &Incident) -> f64 {
        distance_km(i.point.unwrap().into(), DEIR)
    }

    /// Sentences a coder checked by hand, each with a variant that the same rule must code.
    #[test]
    fn hand_checked_codings() {
        let one = |body: &str| {
            let found = text(Some("2014-06-20"), body);
            assert_eq!(found.len(), 1, "{body}: {found:#?}");
            found.into_iter().next().unwrap()
        };
        // The owner of the weapon is the doer.
        for body in [
            "Warplanes believed to belong to the Syrian government bombed Hatla on Monday.",
            "Helicopters belonging to the regime dropped barrel bombs on Muhasan on Monday.",
        ] {
            let i = one(body);
            assert_eq!(
                i.actor1.as_deref(),
                Some("Military Forces of Syria"),
                "{body}"
            );
            assert_ne!(
                i.actor2.as_deref(),
                Some("Military Forces of Syria"),
                "{body}"
            );
        }
        let i = one("Drones belonging to the Houthis struck Marib on Monday.");
        assert_eq!(i.actor1.as_deref(), Some("Houthis"));
        // Both sides of "clashes between A and B", under each of their names.
        for body in [
            "Clashes between the Houthis and the Yemeni army in Marib on Monday.",
            "Clashes between Ansar Allah and government forces in Taiz on Monday.",
        ] {
            let i = one(body);
            assert_eq!(i.sub_event_type, S::ArmedClash, "{body}");
            assert_eq!(i.actor1.as_deref(), Some("Houthis"), "{body}");
            assert_eq!(
                i.actor2.as_deref(),
                Some("Military Forces of Yemen"),
                "{body}"
            );
        }
        // A side the lexicon does not know still leaves the other its place.
        let i = one("Clashes broke out between the Murad tribesmen and the Yemeni army in Marib.");
        assert_eq!(i.actor2.as_deref(), Some("Military Forces of Yemen"));
        // Demonstrating is protesting.
        for body in [
            "Around 200 people demonstrated peacefully in Sulaymaniyah on Monday.",
            "Hundreds of students were demonstrating in Basra on Monday.",
        ] {
            let i = one(body);
            assert_eq!(i.sub_event_type, S::PeacefulProtest, "{body}");
            assert_eq!(i.event_type, EventType::Protests, "{body}");
        }
        // A strike is the event, not the fighting of its setting or a fighting position.
        for body in [
            "Mortar rounds falling near the Republican Hospital in Taiz amid clashes killed two people.",
            "Mortar rounds falling near the Republican Hospital in Taiz, where fighting has raged, killed two people.",
            "Artillery shells hit the fighting positions of the Houthis in Taiz on Monday.",
        ] {
            let i = one(body);
            assert_eq!(i.sub_event_type, S::ShellingArtilleryMissileAttack, "{body}");
            assert_eq!(i.event_type, EventType::ExplosionsRemoteViolence, "{body}");
        }
        // But clashes amid shelling are still the battle.
        assert_eq!(
            one("Clashes amid shelling erupted in Taiz on Monday.").sub_event_type,
            S::ArmedClash
        );
        // A strike at a place of its own after a battle is its own event, and its
        // civilians never become the battle's side.
        let found = text(
            Some("2014-06-20"),
            "Clashes erupted in Taiz on Monday. Mortar rounds fell near the Republican \
             Hospital, killing two civilians.",
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].actor2, None);
        assert_eq!(found[1].sub_event_type, S::ShellingArtilleryMissileAttack);
        assert_eq!((found[1].fatalities, found[1].fatalities_known), (2, true));
    }

    #[test]
    fn a_photo_credit_keeps_its_paragraphs_incidents() {
        let body = "Regime warplanes bombed the town of Muhasan on Sunday, killing two children. \
                    Clashes broke out between ISIL and FSA rebels in Hatla. (Photo: ARA News)";
        let found = text(Some("2014-06-20"), body);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|i| !i.notes.contains("Photo")));
    }

    #[test]
    fn seed_article_incidents() {
        let found = extract(&seed(), Some("2014-06-20"));
        let of = |sub: S| found.iter().filter(move |i| i.sub_event_type == sub);

        let air: Vec<_> = of(S::AirDroneStrike).collect();
        assert_eq!(air.len(), 1, "{found:#?}");
        assert_eq!(air[0].actor1.as_deref(), Some("Military Forces of Syria"));
        assert_eq!(air[0].event_type, EventType::ExplosionsRemoteViolence);
        assert_eq!(air[0].location.as_deref(), Some("Deir ez-Zor"));
        // "causing tens of casualties": casualties include the wounded.
        assert_eq!((air[0].fatalities, air[0].fatalities_known), (0, false));

        let bomb: Vec<_> = of(S::RemoteExplosiveLandmineIed).collect();
        assert_eq!(bomb.len(), 1, "{found:#?}");
        assert_eq!((bomb[0].fatalities, bomb[0].fatalities_known), (5, true));
        assert_eq!(bomb[0].event_date, "2014-06-18".parse().ok());
        assert_eq!(bomb[0].time_precision, 1);
        assert!(bomb[0]
            .location
            .as_deref()
            .unwrap()
            .contains("al-Taym oil wells road"));
        assert_eq!(bomb[0].geo_precision, 2);

        let shelled: Vec<&str> = of(S::ShellingArtilleryMissileAttack)
            .map(|i| i.location.as_deref().unwrap())
            .collect();
        assert_eq!(
            shelled,
            [
                "Hatla",
                "al-Hawiqa, Deir ez-Zor",
                "Political Security Bridge, Deir ez-Zor"
            ]
        );
        for i in of(S::ShellingArtilleryMissileAttack) {
            assert_eq!(i.actor1.as_deref(), Some("Military Forces of Syria"));
            assert_eq!(i.event_date, "2014-06-18".parse().ok());
            assert_eq!(i.span, [1749, 1758], "the trigger \"artillery\"");
        }

        let strategic: Vec<&str> = of(S::Other)
            .map(|i| i.location.as_deref().unwrap())
            .collect();
        assert_eq!(
            strategic,
            ["Deir ez-Zor", "Political Security Bridge, Deir ez-Zor"]
        );
        assert!(of(S::Other).all(|i| i.event_type == EventType::StrategicDevelopments));

        for i in &found {
            assert!(km_from_deir(i) < 25.0, "{i:?}");
            // Sub-places the gazetteer lacks sit at the city: part of it, not on it.
            if i.location.as_deref().unwrap().contains(", ") {
                assert_eq!(i.geo_precision, 2, "{i:?}");
            }
            for claim in [
                "prepare car bombs",
                "tries to expand",
                "allowed ISIL",
                "File photo",
            ] {
                assert!(
                    !i.notes.contains(claim),
                    "a claim taken for an incident: {i:?}"
                );
            }
            let chars: String = i.notes.chars().collect();
            assert!(!chars.is_empty());
        }
        assert_eq!(found.len(), 7, "{found:#?}");
    }

    #[test]
    fn seed_dates_are_null_without_an_anchor() {
        let found = extract(&seed(), None);
        assert!(!found.is_empty());
        for i in &found {
            assert_eq!(i.event_date, None, "{i:?}");
            assert_eq!(i.time_precision, 3);
        }
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = extract(&seed(), Some("2014-06-20"));
        let b = extract(&seed(), Some("2014-06-20"));
        let ids: Vec<&str> = a.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, b.iter().map(|i| i.id.as_str()).collect::<Vec<_>>());
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert!(ids.iter().all(|id| id.len() == 16));
    }

    #[test]
    fn spans_point_at_the_trigger() {
        let a = seed();
        for i in extract(&a, None) {
            let words: String = a
                .text
                .chars()
                .skip(i.span[0])
                .take(i.span[1] - i.span[0])
                .collect();
            assert!(i.notes.contains(&words), "{words:?} not in {:?}", i.notes);
        }
    }

    #[test]
    fn territory_actors_and_a_relative_date() {
        let found = text(
            Some("2019-05-10"),
            "Government forces regained control of Kafr Nabl in Idlib countryside on Tuesday after heavy fighting with rebels.",
        );
        let i = &found[0];
        assert_eq!(
            i.sub_event_type,
            S::GovernmentRegainsTerritory,
            "{found:#?}"
        );
        assert_eq!(i.actor1.as_deref(), Some("Military Forces of Syria"));
        assert_eq!(i.actor2.as_deref(), Some("Opposition Rebels (Syria)"));
        assert_eq!(i.event_date, "2019-05-07".parse().ok());
        assert_eq!(i.location.as_deref(), Some("Kafr Nabl"));

        let found = text(
            Some("2019-05-10"),
            "Rebel factions captured the village of Kafr Nabl from government forces.",
        );
        assert_eq!(found[0].sub_event_type, S::NonStateActorOvertakesTerritory);
    }

    #[test]
    fn a_toll_in_the_next_sentence_belongs_to_the_event_before() {
        let found = text(
            Some("2020-03-04"),
            "On 2 March 2020, a roadside bomb exploded near a bus in Jasim. Four civilians were killed.\n\nOn 3 March 2020, clashes erupted in Inkhil. No fatalities were reported.",
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].sub_event_type, S::RemoteExplosiveLandmineIed);
        assert_eq!((found[0].fatalities, found[0].fatalities_known), (4, true));
        assert_eq!(found[0].event_date, "2020-03-02".parse().ok());
        assert_eq!(found[1].sub_event_type, S::ArmedClash);
        assert_eq!((found[1].fatalities, found[1].fatalities_known), (0, true));
        assert_eq!(found[1].event_date, "2020-03-03".parse().ok());
    }

    #[test]
    fn listed_places_share_the_toll() {
        let found = text(
            Some("2020-03-04"),
            "Regime artillery shelled Jasim, Inkhil and Nawa on Monday, killing five civilians.",
        );
        let got: Vec<(&str, u32)> = found
            .iter()
            .map(|i| (i.location.as_deref().unwrap(), i.fatalities))
            .collect();
        assert_eq!(got.len(), 3, "{found:#?}");
        assert_eq!(got.iter().map(|g| g.1).sum::<u32>(), 5);
        assert_eq!(got.iter().map(|g| g.1).collect::<Vec<_>>(), [2, 2, 1]);
        assert!(found
            .iter()
            .all(|i| i.actor2.as_deref() == Some("Civilians (Syria)") || i.actor2.is_none()));
    }

    #[test]
    fn the_same_event_told_twice_is_one_incident() {
        let found = text(
            Some("2020-03-04"),
            "Warplanes struck Maarat al-Numan on Monday. Residents said the air strikes on Maarat al-Numan destroyed a market.",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].sub_event_type, S::AirDroneStrike);
        assert_eq!(found[0].event_date, "2020-03-02".parse().ok());
    }

    #[test]
    fn a_sentence_without_a_place_borrows_the_one_before() {
        let found = text(
            Some("2020-03-04"),
            "Gunmen attacked a checkpoint in Tafas on Monday. Later, an IED exploded.",
        );
        let ied = found
            .iter()
            .find(|i| i.sub_event_type == S::RemoteExplosiveLandmineIed)
            .unwrap();
        assert_eq!(ied.location.as_deref(), Some("Tafas"));
        assert_eq!(ied.geo_precision, 2);
        assert_eq!(
            ied.actor1.as_deref(),
            Some("Unidentified Armed Group (Syria)")
        );
    }

    #[test]
    fn demonyms_are_never_locations() {
        let found = text(None, "Iraqi militias shelled the area.");
        for i in &found {
            assert_ne!(i.location.as_deref(), Some("Iraq"), "{i:?}");
        }
    }

    #[test]
    fn a_militia_named_for_its_home_is_not_where_it_fought() {
        let found = text(
            None,
            "Clashes took place between As-Sweida communal militia and gunmen on the \
             outskirts of Qarrasa in western As-Sweida countryside.",
        );
        assert!(!found.is_empty());
        assert_eq!(found[0].location.as_deref(), Some("Qarrasa"), "{found:?}");
    }

    #[test]
    fn a_sea_is_never_the_point_of_an_incident() {
        // The coast the text names is the place; without one, no point is guessed.
        let found = text(
            Some("2024-01-10"),
            "Houthi forces fired a missile at a ship in the Red Sea off Hodeidah on Monday, \
             killing 3 sailors.",
        );
        assert!(!found.is_empty());
        assert_eq!(found[0].location.as_deref(), Some("Hodeidah"), "{found:?}");
        let found = text(
            Some("2024-01-10"),
            "Houthi forces fired a missile at a ship in the Red Sea on Monday, killing 3 \
             sailors.",
        );
        assert!(!found.is_empty());
        assert!(found[0].point.is_none(), "{found:?}");
        // Nor is a region's middle where anything took place.
        let found = text(
            Some("2016-03-10"),
            "Islamic State fighters attacked a convoy in the Middle East on Monday, killing 4.",
        );
        assert!(!found.is_empty());
        assert!(found[0].point.is_none(), "{found:?}");
        // Nor is a river's mouth where a fight on its bank took place.
        let found = text(
            Some("2017-06-10"),
            "Clashes broke out on the banks of the Euphrates River near Raqqa on Friday.",
        );
        assert!(!found.is_empty());
        assert_eq!(found[0].location.as_deref(), Some("Raqqa"), "{found:?}");
    }

    #[test]
    fn a_name_that_starts_with_a_groups_head_word_is_the_group() {
        // "Usud" is "lions"; the rest of the name spells a village near Homs.
        let found = text(
            None,
            "Clashes took place between Usud al-Sharqiyah and regime forces in the Homs \
             governorate desert.",
        );
        assert!(!found.is_empty());
        assert_eq!(found[0].location.as_deref(), Some("Homs"), "{found:?}");
    }

    #[test]
    fn a_place_in_an_organisations_name_is_never_a_location() {
        // Only "Washington" and "Pakistan" are places here, both inside names.
        let found = text(
            None,
            "Gunmen attacked a checkpoint, killing two soldiers, The Washington Post \
             reported, citing Pakistan Army officials.",
        );
        assert!(!found.is_empty());
        for i in &found {
            assert!(i.location.is_none(), "{i:?}");
        }
        let found = text(
            None,
            "The Washington Post reported that US warplanes struck Raqqa, killing 12 \
             civilians.",
        );
        assert_eq!(found[0].location.as_deref(), Some("Raqqa"), "{found:#?}");
    }

    #[test]
    fn a_dateline_anchors_relative_dates() {
        let a = Article {
            id: "wire".into(),
            text: "ALEPPO, June 5 (Reuters) - Warplanes struck the town of Atarib on Wednesday."
                .into(),
            ..Default::default()
        };
        // The year comes from --date; the day from the dateline (a Thursday).
        let found = extract(&a, Some("2014-01-01"));
        assert_eq!(found[0].event_date, "2014-06-04".parse().ok(), "{found:#?}");
    }

    #[test]
    fn a_bad_default_date_says_how_to_write_one() {
        let g = Gazetteer::bundled();
        let err = Extractor::new(Geoparser::new(&g))
            .with_default_date(Some("20/06/2014"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn share_keeps_the_total() {
        let t = Count::known(7);
        let s: Vec<u32> = share(t, 3).iter().map(|c| c.fatalities).collect();
        assert_eq!(s, [3, 2, 2]);
    }
}

/// Short reports in the style of ACLED's notes (written for these tests, not taken from
/// ACLED): one event each, dated, placed, with its toll.
#[cfg(test)]
mod note_style {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::model::SubEventType as S;

    /// The first incident of a note dated `date`.
    fn first_incident(date: &str, body: &str) -> Incident {
        let g = Gazetteer::bundled();
        let x = Extractor::new(Geoparser::new(&g));
        let a = Article {
            id: "note".into(),
            date: Some(date.into()),
            text: body.into(),
            ..Default::default()
        };
        x.extract(&a)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no incident in {body:?}"))
    }

    /// (sub-event type, actor1, actor2, location, fatalities, known, date) of the first
    /// incident.
    fn first(date: &str, body: &str) -> (S, String, String, String, u32, bool, String) {
        let i = first_incident(date, body);
        (
            i.sub_event_type,
            i.actor1.clone().unwrap_or_default(),
            i.actor2.clone().unwrap_or_default(),
            i.location.clone().unwrap_or_default(),
            i.fatalities,
            i.fatalities_known,
            i.event_date.map(|d| d.to_string()).unwrap_or_default(),
        )
    }

    #[test]
    fn an_event_known_only_to_its_province_sits_at_the_provincial_capital() {
        let i = first_incident(
            "2022-08-25",
            "On 23 August 2022, a militiaman shot and killed a commander in an unspecified \
             location in Aleppo province. 1 fatality.",
        );
        assert_eq!(i.geo_precision, 3, "{i:?}");
        let (lat, lon) = (i.point.unwrap().lat(), i.point.unwrap().lon());
        // Aleppo city, not the province's centre 40 km to the east.
        let km = crate::gazetteer::distance_km((lon, lat), (37.16, 36.20));
        assert!(km < 5.0, "{km} km: {i:?}");
        let rural = first_incident(
            "2022-08-25",
            "On 23 August 2022, clashes took place in Rural Damascus province. No fatalities.",
        );
        // Rif Dimashq's seat is Douma.
        let km = crate::gazetteer::distance_km(rural.point.unwrap().into(), (36.40, 33.57));
        assert!(km < 5.0, "{km} km: {rural:?}");
    }

    #[test]
    fn gunmen_killing_a_fighter_is_a_clash() {
        let got = first(
            "2022-03-14",
            "On 12 March 2022, unknown gunmen shot dead a former rebel commander in Tafas town in Daraa countryside. 1 fatality.",
        );
        assert_eq!(got.0, S::ArmedClash);
        assert_eq!(got.1, "Unidentified Armed Group (Syria)");
        assert_eq!(got.3, "Tafas");
        assert_eq!((got.4, got.5), (1, true));
        assert_eq!(got.6, "2022-03-12");
    }

    #[test]
    fn gunmen_killing_a_farmer_is_violence_against_civilians() {
        let got = first(
            "2022-03-14",
            "On 13 March 2022, gunmen killed a farmer near his field in Jasim in Daraa. 1 fatality.",
        );
        assert_eq!(got.0, S::Attack);
        assert_eq!(got.2, "Civilians (Syria)");
        assert_eq!(
            got.3, "Jasim",
            "the report's spelling, as ACLED users write it"
        );
        assert_eq!((got.4, got.5), (1, true));
    }

    #[test]
    fn clashes_with_no_fatalities() {
        let got = first(
            "2021-07-02",
            "On 1 July 2021, clashes took place between the SDF and Turkish forces near Tal Tamer in Al-Hasakeh countryside. Neither fatalities nor injuries were reported.",
        );
        assert_eq!(got.0, S::ArmedClash);
        assert_eq!(got.1, "Syrian Democratic Forces");
        assert_eq!(got.2, "Military Forces of Turkey");
        assert_eq!(got.3, "Tal Tamer");
        assert_eq!((got.4, got.5), (0, true));
    }

    #[test]
    fn a_stated_total_replaces_the_sum_before_it() {
        let got = first(
            "2020-03-04",
            "On 3 March 2020, clashes erupted between rebels and regime forces in Inkhil, killing 2 rebels and several soldiers. Total fatalities coded as 5.",
        );
        assert_eq!(got.0, S::ArmedClash);
        assert_eq!((got.4, got.5), (5, true));
        let got = first(
            "2020-03-04",
            "On 3 March 2020, clashes erupted between rebels and regime forces in Inkhil, killing 2 rebels and several soldiers.",
        );
        assert_eq!((got.4, got.5), (12, true));
    }

    /// The place of the first incident: (location, lat, lon, geo precision).
    fn place(date: &str, body: &str) -> (String, f64, f64, u8) {
        let i = first_incident(date, body);
        (
            i.location.clone().unwrap_or_default(),
            i.point.map_or(0.0, |p| p.lat()),
            i.point.map_or(0.0, |p| p.lon()),
            i.geo_precision,
        )
    }

    #[test]
    fn a_road_in_a_town_is_in_that_town_and_a_road_in_a_province_at_its_end() {
        // The road leads to Manbij; this stretch of it is in Al Bab.
        let (location, lat, lon, precision) = place(
            "2021-05-04",
            "On 3 May 2021, gunmen attacked a patrol on the Manbij road in the city of Al Bab \
             in the northern countryside of Aleppo. 1 fatality.",
        );
        let km = crate::gazetteer::distance_km((lon, lat), (37.516, 36.371));
        assert!(km < 3.0, "{location}: {km} km");
        assert_eq!((location.as_str(), precision), ("Manbij road, Al Bab", 2));
        // A province holds the road; its first end says where.
        let (location, lat, lon, _) = place(
            "2021-05-04",
            "On 3 May 2021, gunmen attacked a patrol on the Nawa - Jasim road in Daraa \
             countryside. 1 fatality.",
        );
        let km = crate::gazetteer::distance_km((lon, lat), (36.039, 32.886));
        assert!(km < 3.0, "{location}: {km} km");
    }

    #[test]
    fn a_province_a_bridge_lies_in_is_not_where_it_happened() {
        let (location, lat, lon, _) = place(
            "2022-05-04",
            "On 3 May 2022, gunmen clashed with soldiers near the Khirbet Ghazaleh bridge in \
             Dara countryside with machine guns. Casualties unknown.",
        );
        let km = crate::gazetteer::distance_km((lon, lat), (36.205, 32.734));
        assert!(km < 3.0, "{location}: {km} km");
    }

    #[test]
    fn a_name_hyphened_to_pro_or_affiliated_is_a_party_not_a_place() {
        let got = place(
            "2020-05-06",
            "On 5 May 2020, pro-Hadi forces exchanged artillery fire with Houthi forces along \
             the Harib front (Harib, Marib). Unclear fatalities coded as 10.",
        );
        assert_eq!(got.0, "Harib", "{got:?}");
        let got = place(
            "2020-05-06",
            "On 5 May 2020, Islah-affiliated units clashed with Houthi forces along the Harib \
             front (Harib, Marib). Unclear fatalities coded as 10.",
        );
        assert_eq!(got.0, "Harib", "{got:?}");
    }

    #[test]
    fn where_a_party_is_based_or_named_from_is_not_where_it_fought() {
        let got = place(
            "2021-05-04",
            "On 3 May 2021, the Manbij Military Council and rebels exchanged shelling on the \
             rural Jarablus axis in Aleppo countryside. No fatalities.",
        );
        assert_eq!(got.0, "Jarablus", "{got:?}");
        let got = place(
            "2018-11-02",
            "SDF fighters backed by Coalition forces based in Shadadeh clashed with IS \
             fighters in the vicinity of Hajin in Deir-ez-Zor. No fatalities.",
        );
        assert_eq!(got.0, "Hajin", "{got:?}");
    }

    #[test]
    fn an_event_known_only_to_a_district_sits_at_the_town_it_is_named_after() {
        // Jarablus subdistrict's centre lies 12 km from the town, Tell Abiad's 9 km.
        for (district, town) in [
            ("Jarablus district", (38.011, 36.818)),
            ("Tell Abiad district", (38.954, 36.696)),
        ] {
            let body = format!(
                "On 3 May 2021, rival factions clashed in {district} in northern Syria. \
                 No fatalities."
            );
            let i = first_incident("2021-05-04", &body);
            let km = crate::gazetteer::distance_km(i.point.unwrap().into(), town);
            assert!(km < 2.0, "{district}: {km} km: {i:?}");
            assert_eq!(i.geo_precision, 2, "{district}: {i:?}");
        }
    }

    #[test]
    fn a_village_named_in_a_countryside_or_beside_a_city_is_the_place() {
        // The countryside named after the clashes holds the village taken.
        let got = place(
            "2019-05-03",
            "On 2 May 2019, regime forces took control of Khan Tuman village after clashes \
             with HTS fighters in Aleppo countryside. No fatalities reported.",
        );
        assert_eq!((got.0.as_str(), got.3), ("Khan Tuman", 1), "{got:?}");
        // A village holds no city: "X city in Y village" says where Y lies.
        let got = place(
            "2019-05-03",
            "On 2 May 2019, IS fighters clashed with regime forces north of Homs city in Tir \
             Maalah village. No fatalities reported.",
        );
        assert_eq!((got.0.as_str(), got.3), ("Tir Maalah", 1), "{got:?}");
        // With no village named, the countryside stays the place.
        let got = place(
            "2019-05-03",
            "On 2 May 2019, regime forces clashed with rebels in the western countryside of \
             Idleb. No fatalities reported.",
        );
        assert_eq!((got.0.as_str(), got.3), ("Idleb", 2), "{got:?}");
    }

    #[test]
    fn a_homonym_outside_the_area_named_falls_back_to_that_area() {
        // Whether the gazetteer knows this "Hole" or only the one in the Caribbean, the
        // text puts it in Al-Hasakeh, and so must the incident (the fallback itself is
        // tested in `locate` with made-up places).
        let (loc, lat, lon, _) = place(
            "2022-03-18",
            "On 17 March 2022, gunmen attacked a checkpoint in Hole town in Al Hasakeh countryside, killing a guard.",
        );
        let km = crate::gazetteer::distance_km((lon, lat), (40.75, 36.5));
        assert!(km < 60.0, "{loc} is {km:.0} km from Al-Hasakah");
        assert!(loc.starts_with("Hole"), "{loc}");
    }

    #[test]
    fn a_party_named_twice_does_not_decide_the_country() {
        // "Deen" in the party's name is a town in Sudan to the gazetteer.
        let (loc, ..) = place(
            "2023-04-07",
            "On 6 April 2023, Hurras al Deen members attacked regime positions in Lattakia countryside, killing one Hurras al Deen member.",
        );
        // the report's own spelling; the province, not Sudan
        assert_eq!(loc, "Lattakia");
    }

    #[test]
    fn an_operation_at_a_town_is_not_a_party_named_after_it() {
        let (loc, ..) = place(
            "2022-10-18",
            "On 17 October 2022, regime forces started a security operation at Jasim town in Daraa countryside, and clashed with IS members.",
        );
        assert_eq!(loc, "Jasim");
    }

    #[test]
    fn shelling_during_a_battle_is_that_battle() {
        let g = Gazetteer::bundled();
        let x = Extractor::new(Geoparser::new(&g));
        let run = |body: &str| {
            let a = Article {
                id: "note".into(),
                date: Some("2021-03-02".into()),
                text: body.into(),
                ..Default::default()
            };
            x.extract(&a)
                .into_iter()
                .map(|i| (i.sub_event_type, i.fatalities))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            run("On 1 March 2021, clashes took place between regime forces and rebels in Inkhil. Regime artillery shelled their positions, killing 2 fighters."),
            [(S::ArmedClash, 2)]
        );
        // With a place of its own it is an event of its own.
        assert_eq!(
            run("On 1 March 2021, clashes took place between regime forces and rebels in Inkhil. Regime artillery shelled Nawa, killing 2 fighters."),
            [(S::ArmedClash, 0), (S::ShellingArtilleryMissileAttack, 2)]
        );
    }

    #[test]
    fn a_toll_after_reinforcements_is_the_clashs() {
        let g = Gazetteer::bundled();
        let x = Extractor::new(Geoparser::new(&g));
        let a = Article {
            id: "note".into(),
            date: Some("2020-05-24".into()),
            text: "On 23 May 2020, members of a rebel faction clashed with a local family in the town of Ariha. The faction brought military reinforcements to the town. 2 people were killed and several others were injured.".into(),
            ..Default::default()
        };
        let found: Vec<_> = x
            .extract(&a)
            .into_iter()
            .map(|i| (i.event_type, i.fatalities))
            .collect();
        assert_eq!(found[0], (EventType::Battles, 2), "{found:?}");
        assert!(
            found[1..].iter().all(|f| f.1 == 0),
            "a strategic development kills no one: {found:?}"
        );
    }

    #[test]
    fn islamic_state_overtakes_a_village() {
        let got = first(
            "2017-05-20",
            "IS fighters recaptured the village of Maskanah from regime forces after heavy clashes. No casualties were reported.",
        );
        assert_eq!(got.0, S::NonStateActorOvertakesTerritory);
        assert_eq!(got.1, "Islamic State");
        assert_eq!(got.2, "Military Forces of Syria");
        assert_eq!((got.4, got.5), (0, true));
    }

    #[test]
    fn protests_and_arrests() {
        let got = first(
            "2020-05-02",
            "On 1 May 2020, dozens of residents of Idlib city protested against rising bread prices.",
        );
        assert_eq!(got.0, S::PeacefulProtest);
        assert_eq!(got.1, "Protesters (Syria)");
        let got = first(
            "2020-05-02",
            "On 1 May 2020, regime security forces arrested two young men at a checkpoint in Daraa city.",
        );
        assert_eq!(got.0, S::Arrests);
        assert_eq!(got.1, "Military Forces of Syria");
    }

    #[test]
    fn an_unanchored_note_keeps_its_explicit_date() {
        let g = Gazetteer::bundled();
        let x = Extractor::new(Geoparser::new(&g));
        let a = Article {
            id: "n".into(),
            text: "On 2 June 2023, regime artillery shelled Kansafra in Idlib countryside.".into(),
            ..Default::default()
        };
        let i = &x.extract(&a)[0];
        assert_eq!(i.event_date, "2023-06-02".parse().ok());
        assert_eq!(i.time_precision, 1);
        assert_eq!(i.sub_event_type, S::ShellingArtilleryMissileAttack);
    }
}
