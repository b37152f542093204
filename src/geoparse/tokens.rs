//! Words of an article with their positions, folded and keyed once for all later passes.
//!
//! Offsets are kept in Unicode code points (what GeoWebNews and LGL count, and what users
//! slicing the text in Python get) and in bytes (for slicing in Rust).
//!
//! An article is tokenised once ([`with_tokens`]), and the geoparser and incident extraction
//! both read those tokens. Tokens borrow the text; the words that must be folded or keyed
//! (capitalised words, Arabic script) are written into an arena that each thread reuses from
//! one article to the next, so tokenising allocates nothing per word once the arena has grown
//! to an article's size (see the allocation test below).

use crate::gazetteer::normalize;
use bumpalo::Bump;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::Cell;

/// What separates a word from the one before it; names only span spaces and hyphens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// The first word of the text.
    Start,
    Space,
    Hyphen,
    /// A hyphen set off by spaces: "Aleppo - al-Bab road" (one name's parts) but also a
    /// dateline's dash ("ATLANTA - A former ..."), which ties no words into one name.
    Dash,
    /// A comma, semicolon or colon.
    Comma,
    /// A sentence end (. ! ?) or a blank line: a new sentence starts here.
    Stop,
    /// Anything else: quotes, brackets, dashes, a single line break.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// The word folded ([`normalize::fold`]); borrowed from the text when it already is,
    /// else from the arena.
    pub folded: &'a str,
    /// The word's index key; worked out up front only for words that can start a name
    /// (capitalised, non-Latin, articles), see [`Token::key`].
    key: &'a str,
    /// An Arabic article form (al, el, ez, ...), dropped from keys.
    pub article: bool,
    /// Starts with an upper-case letter (or is Arabic script, which has no case).
    pub cap: bool,
    pub gap: Gap,
    /// Index of the sentence the word is in.
    pub sentence: usize,
    /// A possessive "'s" follows the word (and was skipped): "St. Mary's".
    pub possessive: bool,
}

impl<'a> Token<'a> {
    /// The lower-cased word, for stop-word checks.
    pub fn lower(&self) -> &'a str {
        self.folded
    }

    /// The word's index key ([`normalize::word_key`]).
    ///
    /// Lower-case words are keyed here, on demand: few of them are ever read inside a name.
    pub fn key(&self) -> Cow<'a, str> {
        if self.key.is_empty() && !self.folded.is_empty() {
            Cow::Owned(KEYS.with_borrow_mut(|keys| keys.key(self.folded).to_string()))
        } else {
            Cow::Borrowed(self.key)
        }
    }
}

/// Where the tokens of the articles a thread reads live: one arena, emptied and reused from
/// one article to the next.
pub type Arena = Bump;

thread_local! {
    static ARENA: Cell<Option<Arena>> = const { Cell::new(None) };
}

/// An arena grown past this (more than the largest part a huge report is read in needs) is
/// dropped rather than kept for the next article.
const ARENA_KEEP: usize = 16 << 20;

/// The keys of the words a thread has keyed lately, by one key function (the index key or
/// the consonant key). News repeats its capitalised words (the same towns, people and
/// parties, report after report), and working a key out took longer than looking it up
/// (3-4% of `places`, and the consonant keys 2%, issue 19).
struct WordKeys {
    /// Appends a folded word's key to the string.
    key_of: fn(&str, &mut String),
    /// Folded word → its key's place in `keys`.
    index: FxHashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
    /// The key of a word too long to remember.
    scratch: String,
}

/// Words remembered before the cache starts afresh: more than the distinct capitalised words
/// of a large corpus's usual stretch.
const WORD_KEYS_KEEP: usize = 1 << 16;

/// Longer words are keyed afresh each time, so a report of long made-up words cannot make
/// the cache hold more than a few MB.
const WORD_KEYS_LONGEST: usize = 48;

impl WordKeys {
    fn new(key_of: fn(&str, &mut String)) -> WordKeys {
        WordKeys {
            key_of,
            index: FxHashMap::default(),
            keys: Vec::new(),
            scratch: String::new(),
        }
    }

    /// The key of a folded word.
    fn key(&mut self, folded: &str) -> &str {
        if folded.len() > WORD_KEYS_LONGEST {
            self.scratch.clear();
            (self.key_of)(folded, &mut self.scratch);
            return &self.scratch;
        }
        if let Some(&at) = self.index.get(folded) {
            return &self.keys[at as usize];
        }
        if self.keys.len() >= WORD_KEYS_KEEP {
            self.index.clear();
            self.keys.clear();
        }
        let mut k = String::new();
        (self.key_of)(folded, &mut k);
        self.index.insert(folded.into(), self.keys.len() as u32);
        self.keys.push(k.into_boxed_str());
        self.keys.last().map_or("", |k| k)
    }
}

thread_local! {
    static KEYS: std::cell::RefCell<WordKeys> =
        std::cell::RefCell::new(WordKeys::new(normalize::word_key));
    static CONSONANT_KEYS: std::cell::RefCell<WordKeys> =
        std::cell::RefCell::new(WordKeys::new(normalize::consonant_word_key));
}

/// A folded ASCII word's consonant key ([`normalize::consonant_word_key`]), appended to
/// `out`, remembered per thread.
pub fn consonant_word_key(word: &str, out: &mut String) {
    CONSONANT_KEYS.with_borrow_mut(|keys| out.push_str(keys.key(word)));
}

/// Runs `f` on the words of `text`, tokenised into this thread's arena.
pub fn with_tokens<R>(text: &str, f: impl FnOnce(&[Token<'_>]) -> R) -> R {
    // Taken out of the thread for the call: a nested call (or one after a panic in `f`)
    // starts an arena of its own.
    let mut arena = ARENA.with(Cell::take).unwrap_or_default();
    let out = {
        let toks = tokenize_in(text, &arena);
        f(&toks)
    };
    if arena.allocated_bytes() <= ARENA_KEEP {
        arena.reset();
        ARENA.with(|a| a.set(Some(arena)));
    }
    out
}

/// The words of `text`, for tests and one-off callers: the arena is leaked.
#[cfg(test)]
pub fn tokenize(text: &str) -> bumpalo::collections::Vec<'_, Token<'_>> {
    tokenize_in(text, Box::leak(Box::new(Arena::new())))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

fn is_inner_mark(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʿ' | 'ʾ' | '‘' | 'ʼ')
}

/// Split `text` into words, their folded forms and keys in `arena`. Linear in the text, and
/// holds nothing per character, so a 50 MB document costs its tokens only.
pub fn tokenize_in<'a>(
    text: &'a str,
    arena: &'a Arena,
) -> bumpalo::collections::Vec<'a, Token<'a>> {
    // About one word in six bytes of news text.
    let mut out = bumpalo::collections::Vec::with_capacity_in(text.len() / 6 + 8, arena);
    // The word being folded or keyed, before it is copied into the arena.
    let mut scratch = String::new();
    // the character at byte `b`, if any
    let bytes = text.as_bytes();
    let ch = |b: usize| match bytes.get(b) {
        Some(&c) if c < 0x80 => Some(c as char),
        Some(_) => text.get(b..).and_then(|s| s.chars().next()),
        None => None,
    };
    let possessive_at = |b: usize| {
        // "'s" ending a word: the apostrophe at b, then s, then no word character
        ch(b).is_some_and(is_inner_mark) && {
            let b1 = b + ch(b).map_or(0, char::len_utf8);
            ch(b1).is_some_and(|c| matches!(c, 's' | 'S'))
                && ch(b1 + 1).is_none_or(|c| !is_word_char(c))
        }
    };
    let (mut b, mut ci) = (0usize, 0usize);
    let mut prev_end_byte = 0;
    let mut sentence = 0;
    while let Some(c) = ch(b) {
        if !is_word_char(c) {
            b += c.len_utf8();
            ci += 1;
            continue;
        }
        let start = ci;
        let byte_start = b;
        let (mut e, mut ec) = (b, ci);
        // "U.S.", "U.K.", "D.C.": dotted initials are one word, and their dots end no sentence.
        let mut dotted = 0;
        while let Some(c0) = ch(e).filter(|c| c.is_uppercase()) {
            let e1 = e + c0.len_utf8();
            if ch(e1) != Some('.')
                || !ch(e1 + 1).is_none_or(|c| !is_word_char(c) || c.is_uppercase())
            {
                break;
            }
            e = e1 + 1;
            ec += 2;
            dotted += 1;
        }
        if dotted < 2 {
            (e, ec) = (b, ci);
            loop {
                // ASCII letters and digits, most of any text, a byte at a time.
                while bytes.get(e).is_some_and(u8::is_ascii_alphanumeric) {
                    e += 1;
                    ec += 1;
                }
                let Some(c0) = ch(e) else { break };
                let e1 = e + c0.len_utf8();
                let inner =
                    is_inner_mark(c0) && ch(e1).is_some_and(is_word_char) && !possessive_at(e);
                if is_word_char(c0) || inner {
                    e = e1;
                    ec += 1;
                } else {
                    break;
                }
            }
        }
        let byte_end = e;
        let j = ec;
        let mut gap = if out.is_empty() {
            Gap::Start
        } else {
            classify_gap(&text[prev_end_byte..byte_start])
        };
        if gap == Gap::Stop
            && abbreviation_heads_name(&out, &text[prev_end_byte..byte_start], &text[byte_start..])
        {
            gap = Gap::Space;
        }
        if gap == Gap::Stop {
            sentence += 1;
        }
        let word = &text[byte_start..byte_end];
        let folded: &'a str = if dotted >= 2 {
            // rare ("U.S."), and str's own lower-casing is the one to match
            arena.alloc_str(&word.replace('.', "").to_lowercase())
        } else if word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            // most words: nothing to fold
            word
        } else {
            normalize::fold_into(word, &mut scratch);
            arena.alloc_str(&scratch)
        };
        let article = normalize::is_article(folded);
        let first = word.chars().next().unwrap_or(' ');
        let cap = first.is_uppercase() || (!first.is_lowercase() && first.is_alphabetic());
        // Most words are lower-case English that only matter inside a name: key them lazily.
        let key = if cap || article || !word.is_ascii() {
            KEYS.with_borrow_mut(|keys| arena.alloc_str(keys.key(folded)))
        } else {
            ""
        };
        let possessive = possessive_at(e);
        out.push(Token {
            text: word,
            start,
            end: j,
            byte_start,
            byte_end,
            folded,
            key,
            article,
            cap,
            gap,
            sentence,
            possessive,
        });
        prev_end_byte = byte_end;
        (b, ci) = (e, ec);
        // Skip a possessive "'s" so it does not become a word of its own.
        if possessive {
            b += ch(b).map_or(0, char::len_utf8) + 1;
            ci += 2;
        }
    }
    // Arabic's article takes the sound of a sun letter after it ("at-Tall", "as-Safira",
    // "ar-Raqqa"): a lower-case "at", "as" or "an" before a word that starts otherwise is
    // English ("arriving at Cairo airport"), not an article of the name. (A capitalised
    // one starting a sentence, "An Italian band", stays an article: that keeps it out of
    // the name, as a stop word would.)
    for k in 0..out.len() {
        let next = out.get(k + 1).map(|t| t.folded);
        if out[k].article && !out[k].cap && !normalize::article_fits(out[k].folded, next) {
            out[k].article = false;
        }
    }
    out
}

/// Is the period before this word that of "St." in "St. Louis" (or "Mt. Vernon", "Ft. Worth"):
/// an abbreviation that starts a name, so no sentence ends there and the name runs on?
/// Not "Main St. The police said": an abbreviation after a capitalised word ends that name.
fn abbreviation_heads_name(before: &[Token<'_>], gap: &str, rest: &str) -> bool {
    const HEADS: &[&str] = &["st", "ste", "mt", "ft", "pt"];
    let Some(prev) = before.last() else {
        return false;
    };
    gap.starts_with('.')
        && gap[1..].chars().all(|c| c == ' ')
        && !gap[1..].is_empty()
        && prev.cap
        && HEADS.contains(&prev.folded)
        && !before
            .get(before.len().wrapping_sub(2))
            .is_some_and(|t| t.cap && t.gap == Gap::Space && prev.gap == Gap::Space)
        && rest.chars().next().is_some_and(char::is_uppercase)
}

impl Gap {
    /// Does the word after this gap go on the name before it? A space, a hyphen, or a dash
    /// set off by spaces ("Aleppo - al-Bab road").
    pub fn joins_words(self) -> bool {
        matches!(self, Gap::Space | Gap::Hyphen | Gap::Dash)
    }

    /// A hyphen, set off by spaces or not: what joined words before dashes were told apart.
    pub fn is_hyphen(self) -> bool {
        matches!(self, Gap::Hyphen | Gap::Dash)
    }
}

fn classify_gap(s: &str) -> Gap {
    if s == " " {
        // most gaps
        return Gap::Space;
    }
    let trimmed = s.trim_matches(|c: char| c == ' ' || c == '\t');
    if trimmed.is_empty() {
        return Gap::Space;
    }
    if s.contains("\n\n") || s.contains("\r\n\r\n") || s.contains(['.', '!', '?']) {
        return Gap::Stop;
    }
    if s == "-" || s == "‐" {
        return Gap::Hyphen;
    }
    if trimmed == "-" || trimmed == "‐" {
        return Gap::Dash;
    }
    if s.contains([',', ';', ':', '،']) {
        return Gap::Comma;
    }
    Gap::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key looked up is the key worked out, the first time and every time after.
    #[test]
    fn remembered_keys_are_the_keys() {
        let seed = include_str!("../../data/samples/deir-ez-zor-2014.txt");
        let mut keys = WordKeys::new(normalize::word_key);
        let mut consonants = WordKeys::new(normalize::consonant_word_key);
        for _ in 0..2 {
            for t in tokenize(seed).iter() {
                let mut want = String::new();
                normalize::word_key(t.folded, &mut want);
                assert_eq!(keys.key(t.folded), want, "{}", t.text);
                if t.folded.is_ascii() {
                    want.clear();
                    normalize::consonant_word_key(t.folded, &mut want);
                    assert_eq!(consonants.key(t.folded), want, "{}", t.text);
                }
            }
        }
        assert!(keys.keys.len() > 100 && keys.keys.len() == keys.index.len());
        let long = "qaryataynwadiyatalnahr".repeat(3);
        let mut want = String::new();
        normalize::word_key(&long, &mut want);
        let before = keys.keys.len();
        assert_eq!(keys.key(&long), want);
        assert_eq!(keys.keys.len(), before, "a long word is not remembered");
    }

    /// Tokenising allocates nothing per word once the thread's arena has grown to an
    /// article's size: the seed article and ten copies of it cost the same few allocations
    /// (the scratch buffer of the word being folded), whatever their number of words.
    #[test]
    fn tokenising_allocates_nothing_per_word() {
        use crate::alloc_count::allocations;
        let seed = include_str!("../../data/samples/deir-ez-zor-2014.txt");
        let ten = seed.repeat(10);
        // grow the arena to the longer text, and let it settle
        for _ in 0..3 {
            with_tokens(&ten, |t| t.len());
        }
        let (words, once) = allocations(|| with_tokens(seed, |t| t.len()));
        let (words10, tenfold) = allocations(|| with_tokens(&ten, |t| t.len()));
        assert!(words > 300 && words10 == 10 * words, "{words} {words10}");
        assert!(once <= 3, "{once} allocations tokenising {words} words");
        assert!(
            tenfold <= 3,
            "{tenfold} allocations tokenising {words10} words"
        );
        // the words that are folded and keyed live in the arena: the check above is not
        // vacuous
        with_tokens(seed, |t| {
            let folded = t
                .iter()
                .filter(|t| t.folded.as_ptr() != t.text.as_ptr())
                .count();
            assert!(folded > 50, "{folded}");
            assert!(t.iter().filter(|t| t.cap).all(|t| !t.key().is_empty()));
        });
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "Syria’s Deir ez-Zor. دير الزور";
        let t = tokenize(text);
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(words, ["Syria", "Deir", "ez", "Zor", "دير", "الزور"]);
        for tok in &t {
            let s: String = text
                .chars()
                .skip(tok.start)
                .take(tok.end - tok.start)
                .collect();
            assert_eq!(s, tok.text);
        }
        assert_eq!(t[3].gap, Gap::Hyphen);
        assert!(t[2].article);
        assert_eq!(t[4].gap, Gap::Stop);
        assert_eq!(t[4].sentence, 1);
        assert!(t[4].cap);
    }

    #[test]
    fn dotted_initials_are_one_word() {
        let t = tokenize("the U.S. Army and the U.K. said");
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(words, ["the", "U.S.", "Army", "and", "the", "U.K.", "said"]);
        assert_eq!(t[1].folded, "us");
        assert_eq!(t[2].gap, Gap::Space);
        assert_eq!(t[6].sentence, 0);
    }

    #[test]
    fn the_period_of_st_in_st_louis_ends_no_sentence() {
        let t = tokenize("He studied in St. Louis. ST. LOUIS police said. He lives on Elm St. The");
        let at = |w: &str| t.iter().position(|t| t.text == w).unwrap();
        assert_eq!(t[at("Louis")].gap, Gap::Space);
        assert_eq!(t[at("Louis")].sentence, 0);
        assert_eq!(t[at("LOUIS")].gap, Gap::Space);
        // "Elm St." ends its name and its sentence
        assert_eq!(t[at("The")].gap, Gap::Stop);
    }

    #[test]
    fn inner_apostrophes_stay_in_the_word() {
        let t = tokenize("Ma'arrat al-Nu'man");
        assert_eq!(t[0].text, "Ma'arrat");
        assert_eq!(t[2].text, "Nu'man");
    }
}
