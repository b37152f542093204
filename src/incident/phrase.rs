//! Phrase patterns matched against an article's words, so every lexicon (triggers, actors,
//! date words, death words) is a plain table of strings a reader can check.
//!
//! A pattern is words separated by spaces, matched against folded (lower-case, accent-free)
//! words that follow each other with only a space or hyphen between them: `car bomb*`
//! matches "car bombs" and "car-bomb", not "car, bomb". Within a word, `a|b` gives
//! alternatives and a trailing `*` matches any word starting with what precedes it.

use crate::geoparse::tokens::{Gap, Token};

/// Does one pattern word match a folded word?
pub fn word_matches(pat: &str, word: &str) -> bool {
    pat.split('|').any(|alt| match alt.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == alt,
    })
}

/// The index of the last word of `pattern` if it matches the words from `i` on, without
/// passing `end` (exclusive).
pub fn match_at(toks: &[Token<'_>], i: usize, end: usize, pattern: &str) -> Option<usize> {
    let mut j = i;
    for (n, pat) in pattern.split(' ').enumerate() {
        if j >= end {
            return None;
        }
        let t = &toks[j];
        if n > 0 && !matches!(t.gap, Gap::Space | Gap::Hyphen) {
            return None;
        }
        if !word_matches(pat, t.lower()) {
            return None;
        }
        j += 1;
    }
    Some(j - 1)
}

/// A match of a table entry: words `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit<T> {
    pub first: usize,
    pub last: usize,
    pub value: T,
}

/// Every match of the table's patterns in words `start..end`, left to right, the longest
/// at each place, without overlaps.
pub fn find_all<T: Copy>(
    toks: &[Token<'_>],
    start: usize,
    end: usize,
    table: &[(&str, T)],
) -> Vec<Hit<T>> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let best = table
            .iter()
            .filter_map(|(p, v)| match_at(toks, i, end, p).map(|last| (last, *v)))
            .max_by_key(|(last, _)| *last);
        match best {
            Some((last, value)) => {
                out.push(Hit {
                    first: i,
                    last,
                    value,
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Is any word of `start..end` one of `words` (pattern words)?
pub fn any_word(toks: &[Token<'_>], start: usize, end: usize, words: &[&str]) -> bool {
    toks[start..end]
        .iter()
        .any(|t| words.iter().any(|w| word_matches(w, t.lower())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;

    #[test]
    fn patterns_match_across_spaces_and_hyphens_only() {
        let toks = tokenize("a car-bomb, car bombs and car, bomb");
        let hits = find_all(&toks, 0, toks.len(), &[("car bomb*", 1), ("car", 2)]);
        let got: Vec<(usize, usize, i32)> =
            hits.iter().map(|h| (h.first, h.last, h.value)).collect();
        assert_eq!(got, [(1, 2, 1), (3, 4, 1), (6, 6, 2)]);
    }

    #[test]
    fn alternatives_and_prefixes() {
        assert!(word_matches("shell|shelled|shelling", "shelled"));
        assert!(!word_matches("shell|shelled", "shellfish"));
        assert!(word_matches("airstrike*", "airstrikes"));
    }
}
