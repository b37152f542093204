//! One event, one incident: a report often tells the same event more than once (in the
//! lead, again in a quote, once more in a summary). Incidents of the same sub-event type at
//! the same location on the same date are merged into the first; a mention that gives no
//! date of its own (it took the publication date) merges with a dated one.
//!
//! A battle is also told in parts: "Clashes took place in X. Regime artillery shelled
//! their positions, killing 2 fighters." ACLED codes shelling and air strikes during a
//! battle as that battle, with its deaths. So a later explosion or strike of the
//! paragraph that names no place and no date of its own, on the battle's date, is folded
//! into the paragraph's first battle, which keeps the larger of the two tolls: the parts
//! of a report often retell the same deaths, and ACLED counts conservatively. A strike
//! that hit civilians is folded too (ACLED's own coding of such paragraphs keeps one
//! battle with the toll, measured on its development notes), but its civilians never
//! become the battle's actor2: a battle has no civilian side.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{EventType, Incident, SubEventType};

/// An incident before merging, with what merging needs to know.
#[derive(Debug, Clone)]
pub struct Draft {
    pub incident: Incident,
    /// The date is the publication date taken by default, or none: the text gave no date
    /// for this mention.
    pub weak_date: bool,
    /// The paragraph the mention is in.
    pub paragraph: usize,
    /// The mention names no place and no date of its own and follows an event of the
    /// paragraph: more of that event.
    pub continuation: bool,
}

/// Did the strike `d` hit civilians (its actor2 is civilians)?
fn hit_civilians(d: &Draft) -> bool {
    d.incident
        .actor2
        .as_deref()
        .is_some_and(|a| a.starts_with("Civilians"))
}

/// Is `d` more of the battle `k` told earlier in its paragraph?
fn part_of_battle(k: &Draft, d: &Draft) -> bool {
    let (x, y) = (&k.incident, &d.incident);
    d.continuation
        && k.paragraph == d.paragraph
        && x.event_type == EventType::Battles
        && x.sub_event_type != y.sub_event_type
        && y.event_type == EventType::ExplosionsRemoteViolence
        && (x.event_date == y.event_date || d.weak_date)
}

/// Fold the part `d` into the battle `k`: the larger known toll.
fn fold(k: &mut Draft, d: &Draft) {
    let (into, from) = (&mut k.incident, &d.incident);
    if from.fatalities_known {
        into.fatalities = if into.fatalities_known {
            into.fatalities.max(from.fatalities)
        } else {
            from.fatalities
        };
        into.fatalities_known = true;
    }
    // A battle has no civilian side: the strike's victims do not become its actor2.
    if into.actor2.is_none() && !hit_civilians(d) {
        into.actor2 = from.actor2.clone();
    }
    into.confidence = into.confidence.max(from.confidence);
}

fn same_event(a: &Draft, b: &Draft) -> bool {
    let (x, y) = (&a.incident, &b.incident);
    x.sub_event_type == y.sub_event_type
        && x.location == y.location
        && (x.event_date == y.event_date || a.weak_date || b.weak_date)
}

/// Merge repeated mentions of one event, keeping the first mention's id, sentence, span and
/// notes; a dated mention's date wins over a default one; known fatalities win over unknown,
/// the larger count over the smaller; missing actors are filled in.
///
/// Each mention merges into the first kept incident it matches, found through [`Kept`]'s
/// indexes rather than by scanning every incident kept so far: a long document (a daily
/// digest of thousands of events) costs n log n, not n².
pub fn merge(drafts: Vec<Draft>) -> Vec<Incident> {
    let mut m = Merger::new(usize::MAX);
    for d in drafts {
        m.add(d);
    }
    m.finish()
}

/// [`merge`] as the mentions come, so a report read in parts never holds more than its
/// incidents (a report that retells the same few events a million times stays a few
/// incidents), with a cap on how many distinct incidents one report keeps: past it, a
/// mention that merges into none kept is dropped and counted.
pub struct Merger {
    kept: Kept,
    cap: usize,
    /// The incidents dropped, by a hash of their type, place and date: 8 bytes each, so
    /// a retold one is counted once.
    dropped: FxHashSet<u64>,
}

impl Merger {
    /// A merger that keeps at most `cap` incidents.
    pub fn new(cap: usize) -> Merger {
        Merger {
            kept: Kept::default(),
            cap,
            dropped: FxHashSet::default(),
        }
    }

    /// Merge one more mention, in text order.
    pub fn add(&mut self, d: Draft) {
        let kept = &mut self.kept;
        if let Some(k) = kept.battle_of(&d) {
            debug_assert!(part_of_battle(&kept.drafts[k], &d));
            fold(&mut kept.drafts[k], &d);
            return;
        }
        let Some(k) = kept.same_event_as(&d) else {
            if kept.drafts.len() < self.cap {
                kept.push(d);
            } else {
                let i = &d.incident;
                let key = crate::hash::Fnv1a::default()
                    .eat(i.sub_event_type.as_str().as_bytes())
                    .eat(&[0x1f])
                    .eat(i.location.as_deref().unwrap_or("").as_bytes())
                    .eat(&[0x1f])
                    .eat(
                        i.event_date
                            .map(|d| d.to_string())
                            .unwrap_or_default()
                            .as_bytes(),
                    );
                self.dropped.insert(key.finish());
            }
            return;
        };
        debug_assert!(same_event(&kept.drafts[k], &d));
        let dated = absorb(&mut kept.drafts[k], &d);
        if let Some(weak_date) = dated {
            kept.dated(k, weak_date);
        }
    }

    /// Distinct incidents (by type, place and date) dropped at the cap.
    pub fn dropped(&self) -> usize {
        self.dropped.len()
    }

    /// The incidents kept, in the order of their first mention.
    pub fn finish(self) -> Vec<Incident> {
        self.kept.drafts.into_iter().map(|d| d.incident).collect()
    }
}

/// Merge `d` into `k`, its earlier mention. Returns `k`'s old date when `k` takes `d`'s
/// (a dated mention's date over a default one).
fn absorb(k: &mut Draft, d: &Draft) -> Option<Date> {
    let mut old_date = None;
    let (into, from) = (&mut k.incident, &d.incident);
    if k.weak_date && !d.weak_date {
        old_date = Some(std::mem::replace(&mut into.event_date, from.event_date));
        into.time_precision = from.time_precision;
        k.weak_date = false;
    }
    match (into.fatalities_known, from.fatalities_known) {
        (false, true) => {
            into.fatalities = from.fatalities;
            into.fatalities_known = true;
        }
        (true, true) => into.fatalities = into.fatalities.max(from.fatalities),
        _ => {}
    }
    if into.actor1.is_none() {
        into.actor1 = from.actor1.clone();
    }
    if into.actor2.is_none() {
        into.actor2 = from.actor2.clone();
    }
    into.confidence = into.confidence.max(from.confidence);
    old_date
}

type Date = Option<chrono::NaiveDate>;
/// What [`same_event`] compares but the date: the sub-event type and the location.
type EventKey = (SubEventType, Option<String>);

/// The incidents kept so far, in order, with the indexes that find the first one a mention
/// merges into: the answers [`part_of_battle`] and [`same_event`] would give scanning
/// `drafts` from the start.
#[derive(Default)]
struct Kept {
    drafts: Vec<Draft>,
    /// By event: the first incident kept, the incidents with a default date (any date
    /// matches them), and the first with each date given in the text.
    first: FxHashMap<EventKey, usize>,
    undated: FxHashMap<EventKey, BTreeSet<usize>>,
    by_date: FxHashMap<(EventKey, Date), usize>,
    /// Battles by paragraph, and by paragraph and date (a battle's date changes when a
    /// dated mention merges into it).
    battles: FxHashMap<usize, usize>,
    battles_by_date: FxHashMap<(usize, Date), BTreeSet<usize>>,
}

impl Kept {
    fn key(d: &Draft) -> EventKey {
        (d.incident.sub_event_type, d.incident.location.clone())
    }

    fn push(&mut self, d: Draft) {
        let k = self.drafts.len();
        let key = Self::key(&d);
        if d.weak_date {
            self.undated.entry(key.clone()).or_default().insert(k);
        } else {
            self.by_date
                .entry((key.clone(), d.incident.event_date))
                .or_insert(k);
        }
        self.first.entry(key).or_insert(k);
        if d.incident.event_type == EventType::Battles {
            self.battles.entry(d.paragraph).or_insert(k);
            self.battles_by_date
                .entry((d.paragraph, d.incident.event_date))
                .or_default()
                .insert(k);
        }
        self.drafts.push(d);
    }

    /// The first battle `d` is a part of.
    fn battle_of(&self, d: &Draft) -> Option<usize> {
        if !d.continuation || d.incident.event_type != EventType::ExplosionsRemoteViolence {
            return None;
        }
        if d.weak_date {
            return self.battles.get(&d.paragraph).copied();
        }
        let on_date = (d.paragraph, d.incident.event_date);
        self.battles_by_date.get(&on_date)?.first().copied()
    }

    /// The first incident `d` is another mention of.
    fn same_event_as(&self, d: &Draft) -> Option<usize> {
        let key = Self::key(d);
        if d.weak_date {
            return self.first.get(&key).copied();
        }
        let undated = self.undated.get(&key).and_then(|s| s.first().copied());
        let dated = self.by_date.get(&(key, d.incident.event_date)).copied();
        undated.into_iter().chain(dated).min()
    }

    /// Incident `k`, kept with a default date `old`, now has the date of the text.
    fn dated(&mut self, k: usize, old: Date) {
        let d = &self.drafts[k];
        let key = Self::key(d);
        if let Some(set) = self.undated.get_mut(&key) {
            set.remove(&k);
        }
        let first = self
            .by_date
            .entry((key, d.incident.event_date))
            .or_insert(k);
        *first = (*first).min(k);
        if d.incident.event_type == EventType::Battles {
            if let Some(set) = self.battles_by_date.get_mut(&(d.paragraph, old)) {
                set.remove(&k);
            }
            self.battles_by_date
                .entry((d.paragraph, d.incident.event_date))
                .or_default()
                .insert(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use proptest::prelude::*;

    /// The merge as first written: scan every kept incident for each mention. The indexed
    /// merge must give exactly what this gives.
    fn merge_by_scanning(drafts: Vec<Draft>) -> Vec<Incident> {
        let mut kept: Vec<Draft> = Vec::new();
        for d in drafts {
            if let Some(k) = kept.iter_mut().find(|k| part_of_battle(k, &d)) {
                fold(k, &d);
                continue;
            }
            match kept.iter_mut().find(|k| same_event(k, &d)) {
                Some(k) => {
                    absorb(k, &d);
                }
                None => kept.push(d),
            }
        }
        kept.into_iter().map(|d| d.incident).collect()
    }

    /// A mention drawn from a few types, places, dates and paragraphs, so that they meet.
    fn draft(n: usize, seed: (u8, u8, u8, u8, u8, u8)) -> Draft {
        let (sub, place, date, para, flags, toll) = seed;
        let sub_event_type = [
            SubEventType::ArmedClash,
            SubEventType::ShellingArtilleryMissileAttack,
            SubEventType::AirDroneStrike,
            SubEventType::PeacefulProtest,
        ][sub as usize % 4];
        Draft {
            incident: Incident {
                id: format!("i{n}"),
                event_date: (date % 4 != 0)
                    .then(|| chrono::NaiveDate::from_ymd_opt(2014, 6, u32::from(10 + date % 4)))
                    .flatten(),
                time_precision: 1 + date % 3,
                event_type: sub_event_type.event_type(),
                sub_event_type,
                actor1: (flags & 8 != 0).then(|| format!("a{n}")),
                assoc_actor_1: None,
                assoc_actor_2: None,
                actor2: match flags & (16 | 64) {
                    0 => None,
                    64 => Some("Civilians (Syria)".into()),
                    _ => Some(format!("b{n}")),
                },
                fatalities: u32::from(toll),
                fatalities_known: flags & 32 != 0,
                location: (place % 4 != 0).then(|| format!("P{}", place % 4)),
                admin1: None,
                country: None,
                point: None,
                geo_precision: 1,
                source: Source::default(),
                sentence: n,
                span: [n, n + 1],
                confidence: f64::from(flags % 7) / 7.0,
                notes: String::new(),
                far_km: None,
            },
            weak_date: flags & 1 != 0,
            paragraph: usize::from(para % 3),
            continuation: flags & 2 != 0,
        }
    }

    proptest! {
        #[test]
        fn indexed_merge_is_the_scanning_merge(
            seeds in proptest::collection::vec(any::<(u8, u8, u8, u8, u8, u8)>(), 0..120)
        ) {
            let drafts: Vec<Draft> =
                seeds.into_iter().enumerate().map(|(n, s)| draft(n, s)).collect();
            prop_assert_eq!(merge(drafts.clone()), merge_by_scanning(drafts));
        }
    }

    #[test]
    fn past_the_cap_new_incidents_are_dropped_and_counted_but_repeats_still_merge() {
        // Five distinct clashes (at P1..P3 on two dates), then the first told again with a
        // toll.
        let clash = |n: usize, place: u8, date: u8| draft(n, (0, place, date, 0, 0, 0));
        let drafts = vec![
            clash(0, 1, 1),
            clash(1, 2, 1),
            clash(2, 3, 1),
            clash(3, 1, 2),
            clash(4, 2, 2),
            draft(5, (0, 1, 1, 0, 32, 9)),
            // A dropped one told again: counted once.
            clash(6, 1, 2),
        ];
        let mut m = Merger::new(3);
        for d in drafts.clone() {
            m.add(d);
        }
        assert_eq!(m.dropped(), 2);
        let kept = m.finish();
        let ids: Vec<&str> = kept.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["i0", "i1", "i2"]);
        assert_eq!((kept[0].fatalities, kept[0].fatalities_known), (9, true));
        // Without a cap, the merge of them all.
        assert_eq!(merge(drafts).len(), 5);
    }

    #[test]
    fn a_dated_mention_dates_an_undated_battle_for_its_parts() {
        let mut battle = draft(0, (0, 1, 0, 0, 1, 0));
        battle.incident.event_date = "2014-06-20".parse().ok();
        let mut dated = draft(1, (0, 1, 1, 0, 0, 0));
        dated.incident.event_date = "2014-06-11".parse().ok();
        let mut part = draft(2, (1, 2, 1, 0, 2 | 32, 4));
        part.incident.event_date = "2014-06-11".parse().ok();
        let got = merge(vec![battle, dated, part]);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].event_date, "2014-06-11".parse().ok());
        assert_eq!((got[0].fatalities, got[0].fatalities_known), (4, true));
    }
}
