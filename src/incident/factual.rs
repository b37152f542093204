//! Telling reported events from everything else a report says about violence: plans and
//! threats ("ISIL prepares car bombs", "tries to expand"), things allowed or feared,
//! negations ("no clashes were reported"), purposes ("troops piled up to shell"),
//! descriptions ("under-shelling areas", "cooperation in bombardments") and photo captions.
//! ACLED codes what happened, so these are not incidents.

use super::phrase::word_matches;
use super::sentences::Sentence;
use crate::geoparse::tokens::{Gap, Token};

/// Words that, before a trigger in the same sentence, make it a plan, a wish, a claim of
/// what may happen, or a permission, not an event.
const INTENT: &[&str] = &[
    "will",
    "would",
    "shall",
    "could",
    "might",
    "should",
    "plan|plans|planned|planning",
    "intend*",
    "prepare|prepares|preparing",
    "try|tries|trying",
    "aim|aims|aiming",
    "goal|goals",
    "threaten*",
    "vow|vows|vowed|vowing",
    "warn|warns|warned|warning",
    "allow|allows|allowed|allowing",
    "expected|expects",
    "want|wants|seek|seeks|seeking",
    "fear|fears|feared",
    "if|unless",
];

/// Words that negate a trigger right after them.
const NEGATION: &[&str] = &[
    "no",
    "not",
    "never",
    "without",
    "neither",
    "nor",
    "deny|denies|denied",
    "didnt|doesnt|dont|wasnt|werent|hasnt|havent|hadnt",
];

/// Abstract nouns that, with a preposition, talk about a kind of event in general:
/// "cooperation in bombardments", "responsibility for attacks".
const ABSTRACT: &[&str] = &[
    "cooperation",
    "involvement",
    "role",
    "responsibility",
    "participation",
    "collusion",
    "complicity",
    "coordination",
];

/// Verbs before "to" that make what follows happen: "managed to control", "continued to
/// clash".
const SUCCEEDED: &[&str] = &[
    "managed|manage|manages",
    "able",
    "continued|continue|continues|continuing",
    "began|begun|begin|begins|started|start|starts",
    "went|proceeded",
    // An attempted attack is still an attack: "attempted to assassinate".
    "attempted|attempting|tried",
];

/// Hyphenated first halves that keep a trigger a trigger: "counter-attack".
const KEEP_AFTER_HYPHEN: &[&str] = &["counter", "re", "air", "car", "barrel", "drone"];

/// Is the sentence (part of) a photo caption rather than report text?
pub fn is_caption(sentence_text: &str) -> bool {
    // One automaton pass over the sentence, ignoring ASCII case, instead of lower-casing
    // every sentence into a new string and searching it once per marker (2% of `extract`).
    // The markers are ASCII but for ©, so ASCII case is all there is to ignore.
    static MARKERS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    MARKERS
        .get_or_init(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([
                    "file photo",
                    "photo:",
                    "(photo",
                    "photo credit",
                    "©",
                    "image:",
                    "getty images",
                ])
                .expect("caption markers are a valid automaton")
        })
        .is_match(sentence_text)
}

/// A credit is at most this many words ("File photo", "(Photo: ARA News)"); a longer
/// sentence with a caption marker is a caption of its own.
const CREDIT_WORDS: usize = 6;
/// A caption's description is one short line ("FSA rebels during clashes in Idlib"); a
/// report's sentence telling an event is most often longer.
const CAPTION_WORDS: usize = 16;

/// The sentences (by index into `sentences`) that are photo captions, not report text:
/// each sentence with a caption marker and, when that sentence is only a credit closing a
/// two-sentence paragraph, the short description before it ("FSA rebels during clashes in
/// Idlib. File photo"). A credit at the end of a paragraph of report ("... killing 3.
/// (Photo: ARA News)") takes nothing else with it.
pub fn captions(text: &str, sentences: &[Sentence]) -> Vec<usize> {
    let mut out = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        if !is_caption(s.text(text)) {
            continue;
        }
        out.push(k);
        let words = |s: &Sentence| s.last - s.first;
        let Some(before) = k.checked_sub(1).map(|b| &sentences[b]) else {
            continue;
        };
        let opens_paragraph = k < 2 || sentences[k - 2].paragraph != before.paragraph;
        let closes_paragraph = sentences
            .get(k + 1)
            .is_none_or(|after| after.paragraph != s.paragraph);
        if words(s) <= CREDIT_WORDS
            && before.paragraph == s.paragraph
            && opens_paragraph
            && closes_paragraph
            && words(before) <= CAPTION_WORDS
        {
            out.push(k - 1);
        }
    }
    out
}

/// Does the trigger at words `first..=last` of `sentence` report an event that happened?
pub fn asserted(toks: &[Token<'_>], text: &str, sentence: &Sentence, first: usize) -> bool {
    let t = &toks[first];
    // "under-shelling areas", "ISIL-affiliated": a trigger hyphenated to a word before it
    // describes that word; after a dash set off by spaces it reports ("JSH and other
    // factions - clashed with YPG forces").
    if first > sentence.first
        && t.gap == Gap::Hyphen
        && !KEEP_AFTER_HYPHEN.contains(&toks[first - 1].lower())
    {
        return false;
    }
    // "to shell other neighbourhoods", "to fight": a purpose. "led to clashes" stays.
    if first > sentence.first && toks[first - 1].lower() == "to" {
        let w = t.lower();
        // "managed to control", "continued to clash": it happened.
        let happened = first >= sentence.first + 2
            && SUCCEEDED
                .iter()
                .any(|p| word_matches(p, toks[first - 2].lower()));
        if !(w.ends_with("ing") || w.ends_with('s') || w.ends_with("ed") || happened) {
            return false;
        }
    }
    use std::sync::OnceLock;
    static INTENT_SET: OnceLock<super::phrase::WordSet> = OnceLock::new();
    static NEGATION_SET: OnceLock<super::phrase::WordSet> = OnceLock::new();
    let intent = INTENT_SET.get_or_init(|| super::phrase::WordSet::new(INTENT));
    let negation = NEGATION_SET.get_or_init(|| super::phrase::WordSet::new(NEGATION));
    let before = &toks[sentence.first..first];
    for (k, b) in before.iter().enumerate() {
        let w = b.lower();
        // "May 5" is a month; only a lower-case "may" is a modal.
        let modal_may = w == "may" && b.text == "may";
        if modal_may || intent.contains(w) {
            return false;
        }
        let dist = before.len() - k;
        if dist <= 3 && negation.contains(w) {
            return false;
        }
        if dist <= 3
            && ABSTRACT.contains(&w)
            && before
                .get(k + 1)
                .is_some_and(|p| matches!(p.lower(), "in" | "of" | "for" | "with"))
        {
            return false;
        }
    }
    // A question asks; it does not report.
    !sentence
        .text(text)
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with('?')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;
    use crate::incident::sentences::split;

    /// Is the first word `word` of `text` asserted?
    fn check(text: &str, word: &str) -> bool {
        let toks = tokenize(text);
        let s = &split(text, &toks)[0];
        let i = toks.iter().position(|t| t.lower() == word).unwrap();
        asserted(&toks, text, s, i)
    }

    #[test]
    fn events_that_happened_are_asserted() {
        assert!(check(
            "Regime forces shelled Talbiseh on Monday.",
            "shelled"
        ));
        assert!(check("The raid led to clashes in the town.", "clashes"));
        assert!(check(
            "Rebels launched a counter-attack near Hama.",
            "attack"
        ));
        assert!(check(
            "Sources said regime warplanes struck the market.",
            "warplanes"
        ));
        // a dash set off by spaces ends an aside; the verb after it reports
        assert!(check(
            "Opposition forces - JSH and other factions - clashed with YPG forces.",
            "clashed"
        ));
    }

    #[test]
    fn plans_purposes_negations_and_descriptions_are_not() {
        assert!(!check(
            "Sources said ISIL prepares car bombs in the villages.",
            "car"
        ));
        assert!(!check(
            "ISIL tries to expand, merging the two battles.",
            "battles"
        ));
        assert!(!check(
            "Troops piled up in the base to shell the town.",
            "shell"
        ));
        assert!(!check(
            "Residents fled the under-shelling areas.",
            "shelling"
        ));
        assert!(!check(
            "He confirmed their cooperation in bombardments.",
            "bombardments"
        ));
        assert!(!check("No clashes were reported in Daraa.", "clashes"));
        assert!(!check(
            "The army will storm the town and shell it.",
            "shell"
        ));
        assert!(!check("Did warplanes strike the hospital?", "warplanes"));
    }

    #[test]
    fn captions_are_recognised() {
        assert!(is_caption("FSA rebels during clashes in Idlib. File photo"));
        assert!(!is_caption("Clashes erupted in Idlib."));
        // any case, and the non-ASCII marker
        assert!(is_caption("(PHOTO: ARA News)"));
        assert!(is_caption("Smoke over Raqqa. Getty Images"));
        assert!(is_caption("Smoke over Raqqa © AFP"));
        assert!(!is_caption("A photographer was wounded in Raqqa."));
    }

    fn caption_texts(text: &str) -> Vec<String> {
        let toks = crate::geoparse::tokens::tokenize(text);
        let ss = crate::incident::sentences::split(text, &toks);
        captions(text, &ss)
            .into_iter()
            .map(|k| ss[k].text(text).trim().to_string())
            .collect()
    }

    #[test]
    fn a_caption_is_dropped_without_its_paragraph() {
        let mut found =
            caption_texts("FSA rebels during clashes in Idlib. File photo\n\nClashes erupted.");
        found.sort();
        assert_eq!(found, ["FSA rebels during clashes in Idlib.", "File photo"]);
        assert_eq!(
            caption_texts(
                "Regime warplanes bombed the town of Muhasan on Sunday, killing two children. \
                 Clashes broke out in Hatla. (Photo: ARA News)"
            ),
            ["(Photo: ARA News)"]
        );
    }
}
