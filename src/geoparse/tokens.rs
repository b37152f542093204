//! Words of an article with their positions, folded and keyed once for all later passes.
//!
//! Offsets are kept in Unicode code points (what GeoWebNews and LGL count, and what users
//! slicing the text in Python get) and in bytes (for slicing in Rust).

use crate::gazetteer::normalize;

/// What separates a word from the one before it; names only span spaces and hyphens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// The first word of the text.
    Start,
    Space,
    Hyphen,
    /// A comma, semicolon or colon.
    Comma,
    /// A sentence end (. ! ?) or a blank line: a new sentence starts here.
    Stop,
    /// Anything else: quotes, brackets, dashes, a single line break.
    Other,
}

#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// The word folded ([`normalize::fold`]); borrowed from the text when it already is.
    pub folded: std::borrow::Cow<'a, str>,
    /// The word's index key; computed up front only for words that can start a name
    /// (capitalised, non-Latin, articles), see [`Token::key`].
    key: String,
    /// An Arabic article form (al, el, ez, ...), dropped from keys.
    pub article: bool,
    /// Starts with an upper-case letter (or is Arabic script, which has no case).
    pub cap: bool,
    pub gap: Gap,
    /// Index of the sentence the word is in.
    pub sentence: usize,
}

impl Token<'_> {
    /// The lower-cased word, for stop-word checks.
    pub fn lower(&self) -> &str {
        &self.folded
    }

    /// The word's index key ([`normalize::word_key`]).
    pub fn key(&self) -> std::borrow::Cow<'_, str> {
        if self.key.is_empty() && !self.folded.is_empty() {
            let mut k = String::new();
            normalize::word_key(&self.folded, &mut k);
            std::borrow::Cow::Owned(k)
        } else {
            std::borrow::Cow::Borrowed(&self.key)
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

fn is_inner_mark(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʿ' | 'ʾ' | '‘' | 'ʼ')
}

/// Split `text` into words. Linear in the text, and holds nothing per character, so a
/// 50 MB document costs its tokens only.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::new();
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
            while let Some(c0) = ch(e) {
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
        let gap = if out.is_empty() {
            Gap::Start
        } else {
            classify_gap(&text[prev_end_byte..byte_start])
        };
        if gap == Gap::Stop {
            sentence += 1;
        }
        let word = &text[byte_start..byte_end];
        let folded = if dotted >= 2 {
            std::borrow::Cow::Owned(word.replace('.', "").to_lowercase())
        } else if word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            // most words: nothing to fold, no allocation
            std::borrow::Cow::Borrowed(word)
        } else {
            std::borrow::Cow::Owned(normalize::fold(word))
        };
        let article = normalize::is_article(&folded);
        let first = word.chars().next().unwrap_or(' ');
        let cap = first.is_uppercase() || (!first.is_lowercase() && first.is_alphabetic());
        // Most words are lower-case English that only matter inside a name: key them lazily.
        let mut key = String::new();
        if cap || article || !word.is_ascii() {
            normalize::word_key(&folded, &mut key);
        }
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
        });
        prev_end_byte = byte_end;
        (b, ci) = (e, ec);
        // Skip a possessive "'s" so it does not become a word of its own.
        if possessive_at(b) {
            b += ch(b).map_or(0, char::len_utf8) + 1;
            ci += 2;
        }
    }
    out
}

fn classify_gap(s: &str) -> Gap {
    let trimmed = s.trim_matches(|c: char| c == ' ' || c == '\t');
    if trimmed.is_empty() {
        return Gap::Space;
    }
    if s.contains("\n\n") || s.contains("\r\n\r\n") || s.contains(['.', '!', '?']) {
        return Gap::Stop;
    }
    if trimmed == "-" || trimmed == "‐" {
        return Gap::Hyphen;
    }
    if s.contains([',', ';', ':', '،']) {
        return Gap::Comma;
    }
    Gap::Other
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn inner_apostrophes_stay_in_the_word() {
        let t = tokenize("Ma'arrat al-Nu'man");
        assert_eq!(t[0].text, "Ma'arrat");
        assert_eq!(t[2].text, "Nu'man");
    }
}
