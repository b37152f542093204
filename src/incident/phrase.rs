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
    alternatives(pat).any(|alt| alt.matches(word))
}

/// One alternative of a pattern word: the word itself, or a prefix (`fatalit*`).
#[derive(Clone, Copy)]
enum Alt<'p> {
    Exact(&'p str),
    Prefix(&'p str),
}

/// The alternatives of a pattern word (`a|b|c*`): the one reading of the syntax that every
/// matcher here shares.
fn alternatives(pat: &str) -> impl Iterator<Item = Alt<'_>> {
    pat.split('|').map(|alt| match alt.strip_suffix('*') {
        Some(prefix) => Alt::Prefix(prefix),
        None => Alt::Exact(alt),
    })
}

impl Alt<'_> {
    fn matches(&self, word: &str) -> bool {
        match *self {
            Alt::Exact(w) => word == w,
            Alt::Prefix(p) => word.starts_with(p),
        }
    }
}

/// A pattern word as the matcher reads it: as written, or split into its alternatives once.
trait PatternWord {
    fn fits(&self, word: &str) -> bool;
}

impl PatternWord for &str {
    fn fits(&self, word: &str) -> bool {
        word_matches(self, word)
    }
}

impl PatternWord for &[Alt<'_>] {
    fn fits(&self, word: &str) -> bool {
        self.iter().any(|a| a.matches(word))
    }
}

/// The index of the last word of `pattern` if it matches the words from `i` on, without
/// passing `end` (exclusive).
pub fn match_at(toks: &[Token<'_>], i: usize, end: usize, pattern: &str) -> Option<usize> {
    match_words(toks, i, end, pattern.split(' '))
}

/// The index of the last word if the pattern words match the words from `i` on.
fn match_words<W: PatternWord>(
    toks: &[Token<'_>],
    i: usize,
    end: usize,
    words: impl IntoIterator<Item = W>,
) -> Option<usize> {
    let mut j = i;
    for (n, pat) in words.into_iter().enumerate() {
        if j >= end {
            return None;
        }
        let t = &toks[j];
        if n > 0 && !(t.gap == Gap::Space || t.gap.is_hyphen()) {
            return None;
        }
        if !pat.fits(t.lower()) {
            return None;
        }
        j += 1;
    }
    Some(j - 1)
}

/// A list of word patterns ("killed|kills", "fatalit*") made ready for membership tests:
/// exact words hashed, prefixes kept apart. Build one per static list (in a `OnceLock`).
pub struct WordSet {
    exact: rustc_hash::FxHashSet<&'static str>,
    prefix: Vec<&'static str>,
}

impl WordSet {
    pub fn new(patterns: &[&'static str]) -> WordSet {
        let mut s = WordSet {
            exact: Default::default(),
            prefix: Vec::new(),
        };
        for p in patterns {
            for alt in alternatives(p) {
                match alt {
                    Alt::Prefix(pre) => s.prefix.push(pre),
                    Alt::Exact(w) => {
                        s.exact.insert(w);
                    }
                }
            }
        }
        s
    }

    /// Does `word` match any pattern of the list?
    pub fn contains(&self, word: &str) -> bool {
        self.exact.contains(word) || self.prefix.iter().any(|p| word.starts_with(p))
    }
}

/// A pattern table made ready for matching: each pattern split into its words once, and
/// indexed by the alternatives of its first word, so matching a word costs one hash lookup
/// instead of a pass over the whole table. Build one per static table (in a `OnceLock`).
pub struct Compiled {
    /// Each pattern's words, each word's alternatives split once: splitting them at every
    /// match was 1.5% of `extract`.
    words: Vec<Vec<Vec<Alt<'static>>>>,
    exact: rustc_hash::FxHashMap<&'static str, Vec<usize>>,
    prefix: Vec<(&'static str, usize)>,
}

impl Compiled {
    pub fn new(patterns: impl IntoIterator<Item = &'static str>) -> Compiled {
        let mut c = Compiled {
            words: Vec::new(),
            exact: Default::default(),
            prefix: Vec::new(),
        };
        for (k, p) in patterns.into_iter().enumerate() {
            let words: Vec<Vec<Alt<'static>>> =
                p.split(' ').map(|w| alternatives(w).collect()).collect();
            for &alt in &words[0] {
                match alt {
                    Alt::Prefix(pre) => c.prefix.push((pre, k)),
                    Alt::Exact(w) => c.exact.entry(w).or_default().push(k),
                }
            }
            c.words.push(words);
        }
        c
    }

    /// The longest match starting at word `i` (before `end`): `(pattern index, last word)`.
    /// On equal length the later pattern wins, as `max_by_key` over the table would.
    pub fn longest_at(&self, toks: &[Token<'_>], i: usize, end: usize) -> Option<(usize, usize)> {
        let w = toks.get(i)?.lower();
        let mut best: Option<(usize, usize)> = None;
        let exact = self.exact.get(w).map(Vec::as_slice).unwrap_or(&[]);
        let prefixed = self
            .prefix
            .iter()
            .filter(|(pre, _)| w.starts_with(pre))
            .map(|(_, k)| k);
        for &k in exact.iter().chain(prefixed) {
            let words = self.words[k].iter().map(Vec::as_slice);
            if let Some(last) = match_words(toks, i, end, words) {
                let better = match best {
                    None => true,
                    Some((bk, bl)) => last > bl || (last == bl && k > bk),
                };
                if better {
                    best = Some((k, last));
                }
            }
        }
        best
    }

    /// Every match in words `start..end`, left to right, the longest at each place, without
    /// overlaps (as [`find_all`]).
    pub fn find_all<T: Copy>(
        &self,
        toks: &[Token<'_>],
        start: usize,
        end: usize,
        values: &[T],
    ) -> Vec<Hit<T>> {
        let mut out = Vec::new();
        let mut i = start;
        while i < end {
            match self.longest_at(toks, i, end) {
                Some((k, last)) => {
                    out.push(Hit {
                        first: i,
                        last,
                        value: values[k],
                    });
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        out
    }
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

    /// The compiled table finds what the plain scan of the table finds, on a real report.
    #[test]
    fn compiled_tables_find_what_the_plain_scan_finds() {
        let text = format!(
            "{} A car-bomb and car bombs, car, bomb; killed|kills. Air strikes hit.",
            include_str!("../../data/samples/deir-ez-zor-2014.txt")
        );
        let toks = tokenize(&text);
        let table: Vec<(&'static str, usize)> = [
            "car bomb*",
            "car",
            "air strike*|airstrike*",
            "shell|shelled|shelling",
            "regime forces",
            "regime",
            "the regime*",
            "killed|kills",
            "fatalit* toll",
            "siege",
            "islamic state",
            "deir",
        ]
        .into_iter()
        .enumerate()
        .map(|(k, p)| (p, k))
        .collect();
        let compiled = Compiled::new(table.iter().map(|(p, _)| *p));
        let values: Vec<usize> = (0..table.len()).collect();
        for (start, end) in [(0, toks.len()), (3, toks.len() / 2), (10, 10)] {
            let plain = find_all(&toks, start, end, &table);
            assert!(start == end || plain.len() > 10, "{}", plain.len());
            assert_eq!(compiled.find_all(&toks, start, end, &values), plain);
        }
    }
}
