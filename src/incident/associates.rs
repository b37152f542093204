//! Associated actors: the parties that act with actor1 or actor2 rather than as one of them
//! ("regime forces backed by Russian warplanes", "SDF fighters alongside the Global
//! Coalition", "HTS with Turkish forces"), which ACLED records as `assoc_actor_1` and
//! `assoc_actor_2`.
//!
//! An actor named in the sentence that is neither actor1 nor actor2 is associated when the
//! words before it say so ("with", "alongside", "backed by", "supported by", "aided by",
//! "assisted by"), and it is associated with the main actor named nearest before it (or,
//! failing one, after it). Anything else is left out: an unclear party is no party.

use super::actors::ActorMention;
use super::sentences::Sentence;
use crate::geoparse::tokens::{Gap, Token};

/// Whether the words before token `i` tie the name there to another actor.
fn cued(toks: &[Token<'_>], s: &Sentence, i: usize) -> bool {
    let mut j = i;
    // Skip a determiner or two: "backed by the", "with its".
    while j > s.first && matches!(toks[j - 1].lower(), "the" | "a" | "an" | "its" | "their") {
        j -= 1;
    }
    // The cue is the word right before, with no punctuation between.
    if j == s.first || toks[j].gap != Gap::Space {
        return false;
    }
    match toks[j - 1].lower() {
        "with" | "alongside" => true,
        "by" => {
            j > s.first + 1
                && matches!(
                    toks[j - 2].lower(),
                    "backed" | "supported" | "aided" | "assisted" | "joined"
                )
        }
        _ => false,
    }
}

/// `[assoc_actor_1, assoc_actor_2]` for an event whose main actors are `actor1` and
/// `actor2`, from the sentence's actor mentions `ms`; several associates of one side are
/// joined with "; " as ACLED joins them.
pub fn associated(
    toks: &[Token<'_>],
    s: &Sentence,
    ms: &[ActorMention],
    actor1: Option<&str>,
    actor2: Option<&str>,
) -> [Option<String>; 2] {
    let mut out: [Vec<&str>; 2] = [Vec::new(), Vec::new()];
    let side = |m: &ActorMention| {
        if Some(m.name.as_str()) == actor1 {
            Some(0)
        } else if Some(m.name.as_str()) == actor2 {
            Some(1)
        } else {
            None
        }
    };
    for (k, m) in ms.iter().enumerate() {
        if side(m).is_some() || !cued(toks, s, m.first) {
            continue;
        }
        let before = ms[..k].iter().rev().find_map(&side);
        let after = || ms[k + 1..].iter().find_map(&side);
        if let Some(to) = before.or_else(after) {
            if !out[to].contains(&m.name.as_str()) {
                out[to].push(&m.name);
            }
        }
    }
    out.map(|names| (!names.is_empty()).then(|| names.join("; ")))
}
