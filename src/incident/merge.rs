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
//! of a report often retell the same deaths, and ACLED counts conservatively.

use crate::model::Incident;

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

/// Is `d` more of the battle `k` told earlier in its paragraph?
fn part_of_battle(k: &Draft, d: &Draft) -> bool {
    use crate::model::EventType;
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
    if into.actor2.is_none() {
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
pub fn merge(drafts: Vec<Draft>) -> Vec<Incident> {
    let mut kept: Vec<Draft> = Vec::new();
    for d in drafts {
        if let Some(k) = kept.iter_mut().find(|k| part_of_battle(k, &d)) {
            fold(k, &d);
            continue;
        }
        let Some(k) = kept.iter_mut().find(|k| same_event(k, &d)) else {
            kept.push(d);
            continue;
        };
        let (into, from) = (&mut k.incident, &d.incident);
        if k.weak_date && !d.weak_date {
            into.event_date = from.event_date.clone();
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
    }
    kept.into_iter().map(|d| d.incident).collect()
}
