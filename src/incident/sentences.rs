//! Sentences and paragraphs: the units an incident is read from. Events, their dates and
//! their places are told sentence by sentence, and a paragraph bounds how far a sentence
//! may borrow a date or a place from the one before it.
//!
//! The geoparser's tokenizer already breaks at every `.`, `!`, `?` and blank line; here
//! those breaks are undone after abbreviations ("Gen.", "No.", "Sept.") and initials, so a
//! title does not end a sentence. A single line break ends a sentence only after a line that
//! is not wrapped prose (a headline over its lede), see [`line_of_its_own`].
//!
//! A "sentence" of more than [`MAX_TOKENS`] tokens is not prose (a table, a list, text
//! without punctuation) and is cut into pieces of that length: the readers of a sentence
//! look back from every trigger and across every pair of places in it, and that must stay
//! cheap whatever the input.

use crate::geoparse::tokens::{Gap, Token};

/// The most tokens a sentence holds; news sentences run to about 60.
pub const MAX_TOKENS: usize = 200;

/// One sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index in the document, from 0.
    pub index: usize,
    /// Index of the paragraph (blank-line separated block), from 0.
    pub paragraph: usize,
    /// Tokens `first..last` (exclusive) of the article's token list.
    pub first: usize,
    pub last: usize,
    /// Code points `[start, end)` in the article text.
    pub start: usize,
    pub end: usize,
    /// Byte offsets of the same span.
    pub byte_start: usize,
    pub byte_end: usize,
}

impl Sentence {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.byte_start..self.byte_end]
    }

    /// Does the sentence contain code points `start..end`?
    pub fn contains(&self, start: usize, end: usize) -> bool {
        self.start <= start && end <= self.end
    }
}

/// Words after which a full stop is an abbreviation's, not a sentence's end.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "brig", "cpl", "pvt", "st",
    "no", "nos", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "approx", "est", "km", "sen", "rep", "gov", "prof", "jr", "sr", "inc",
    "ltd", "co",
];

/// Split the tokens of `text` into sentences.
pub fn split(text: &str, toks: &[Token<'_>]) -> Vec<Sentence> {
    let mut out = Vec::new();
    if toks.is_empty() {
        return out;
    }
    let mut first = 0;
    let mut paragraph = 0;
    for i in 1..=toks.len() {
        let breaks = i == toks.len() || i - first >= MAX_TOKENS || is_break(text, toks, i);
        if !breaks {
            continue;
        }
        out.push(make(text, toks, out.len(), paragraph, first, i));
        if i < toks.len() {
            let gap = &text[toks[i - 1].byte_end..toks[i].byte_start];
            if blank_line(gap) {
                paragraph += 1;
            }
        }
        first = i;
    }
    out
}

/// Two line breaks with only white space between them.
fn blank_line(gap: &str) -> bool {
    let mut after_break = false;
    for c in gap.chars() {
        match c {
            '\n' if after_break => return true,
            '\n' => after_break = true,
            c if c.is_whitespace() => {}
            _ => after_break = false,
        }
    }
    false
}

/// Does a new sentence start at token `i`?
fn is_break(text: &str, toks: &[Token<'_>], i: usize) -> bool {
    let gap = &text[toks[i - 1].byte_end..toks[i].byte_start];
    if blank_line(gap) {
        return true;
    }
    if toks[i].gap != Gap::Stop {
        return line_of_its_own(text, toks, i, gap);
    }
    if gap.contains('\n') {
        return true;
    }
    let prev = &toks[i - 1];
    let only_dot = gap.trim_start().starts_with('.') && !gap.contains(['!', '?']);
    if only_dot {
        // "Gen. Smith", "Sept. 21", "J. Smith"
        if ABBREVIATIONS.contains(&prev.lower()) && prev.text.len() <= 5 {
            return false;
        }
        if prev.text.chars().count() == 1 && prev.text.chars().all(char::is_uppercase) {
            return false;
        }
        // "3.5 km"
        if gap == "."
            && prev.text.chars().all(|c| c.is_ascii_digit())
            && toks[i].text.chars().all(|c| c.is_ascii_digit())
        {
            return false;
        }
        // "e.g. the", "a.m. on": a lower-case word after a dot with no space is no new sentence.
        if !gap.contains(char::is_whitespace) {
            return false;
        }
    }
    true
}

/// The longest line taken for one wrapped at a fixed width: e-mail and wire copy wrap at
/// 66 to 80 characters.
const WRAP_WIDTH: usize = 100;

/// Does the single line break before token `i` end a line that stands on its own: a
/// headline ("Airstrike kills 5 in Saraqib") over the lede that retells it, or a byline? Run
/// into the next sentence, a headline's deaths would be added to the lede's. Hard-wrapped
/// prose breaks its lines at about one width, so a line is taken as its own when the next
/// line starts with a capital and is longer than any wrap width, or when it is much
/// shorter than the next (a wrapped paragraph's short line is its last, before a blank
/// line).
fn line_of_its_own(text: &str, toks: &[Token<'_>], i: usize, gap: &str) -> bool {
    // The tokenizer marks a line break as `Other` (with quotes and dashes): most words
    // are passed over here, before the gap's text is looked at.
    if toks[i].gap != Gap::Other || !toks[i].text.starts_with(char::is_uppercase) {
        return false;
    }
    if !(gap.chars().all(char::is_whitespace) && gap.matches('\n').count() == 1) {
        return false;
    }
    let end = toks[i - 1].byte_end;
    let line_start = text[..end].rfind('\n').map_or(0, |p| p + 1);
    let next_start = toks[i].byte_start;
    let next_end = text[next_start..]
        .find('\n')
        .map_or(text.len(), |p| next_start + p);
    let line = text[line_start..end].trim().chars().count();
    let next = text[next_start..next_end].trim_end().chars().count();
    next > WRAP_WIDTH || line * 10 <= next * 6
}

fn make(
    text: &str,
    toks: &[Token<'_>],
    index: usize,
    paragraph: usize,
    first: usize,
    last: usize,
) -> Sentence {
    let a = &toks[first];
    let z = &toks[last - 1];
    // Take an opening quote or bracket right before the first word, and the closing
    // punctuation and quotes right after the last.
    let (mut start, mut byte_start) = (a.start, a.byte_start);
    if let Some(c) = text[..byte_start].chars().next_back() {
        if matches!(c, '“' | '"' | '‘' | '(' | '[' | '«') {
            start -= 1;
            byte_start -= c.len_utf8();
        }
    }
    let (mut end, mut byte_end) = (z.end, z.byte_end);
    for c in text[byte_end..].chars() {
        if c.is_whitespace() || c.is_alphanumeric() {
            break;
        }
        if last < toks.len() && byte_end >= toks[last].byte_start {
            break;
        }
        end += 1;
        byte_end += c.len_utf8();
    }
    Sentence {
        index,
        paragraph,
        first,
        last,
        start,
        end,
        byte_start,
        byte_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;

    fn texts(text: &str) -> Vec<(usize, String)> {
        let toks = tokenize(text);
        split(text, &toks)
            .iter()
            .map(|s| (s.paragraph, s.text(text).to_string()))
            .collect()
    }

    #[test]
    fn a_headline_on_its_own_line_is_its_own_sentence_but_wrapped_prose_is_not() {
        let lede = "An airstrike killed five people in Saraqib on Monday, local sources said.";
        assert_eq!(
            texts(&format!("Airstrike kills 5 in Saraqib\n{lede}")),
            [
                (0, "Airstrike kills 5 in Saraqib".to_string()),
                (0, lede.to_string())
            ]
        );
        // A long headline over a lede on one long line.
        let long = format!("{lede} Rescuers searched the rubble of two houses for survivors.");
        let headline = "Syrian and Russian warplanes strike Saraqib and villages south of Idlib";
        assert_eq!(texts(&format!("{headline}\r\n{long}")).len(), 3);
        // Prose wrapped at 72 columns: its lines run on, whatever word starts the next.
        let wrapped = "Clashes erupted on Monday between government forces and rebels in the\n\
                       Deir ez-Zor countryside, killing three fighters, the Observatory said.\n\
                       Rebels later withdrew from two villages east of the city.";
        assert_eq!(
            texts(wrapped),
            [
                (
                    0,
                    "Clashes erupted on Monday between government forces and rebels in the\n\
                     Deir ez-Zor countryside, killing three fighters, the Observatory said."
                        .to_string()
                ),
                (
                    0,
                    "Rebels later withdrew from two villages east of the city.".to_string()
                ),
            ]
        );
        // A line ending in a comma, or a next line in lower case, runs on.
        assert_eq!(texts(&format!("In Saraqib,\n{lede}")).len(), 1);
        assert_eq!(
            texts("Airstrike kills 5 in\nsouthern Idlib on Monday").len(),
            1
        );
    }

    #[test]
    fn sentences_end_at_stops_but_not_after_titles_or_initials() {
        let text = "Gen. Hassan said the U.S. Army left. Clashes erupted on Sept. 21 near Idlib!\n\n“Two died,” he said.";
        let s = texts(text);
        assert_eq!(
            s,
            [
                (0, "Gen. Hassan said the U.S. Army left.".to_string()),
                (0, "Clashes erupted on Sept. 21 near Idlib!".to_string()),
                (1, "“Two died,” he said.".to_string()),
            ]
        );
    }

    #[test]
    fn text_without_stops_is_cut_into_bounded_sentences() {
        // Found by probing with unpunctuated text: every trigger looked back over the whole
        // "sentence", so 300,000 words took minutes.
        let text = "shelling on Hatla killed three ".repeat(200);
        let toks = tokenize(&text);
        let sentences = split(&text, &toks);
        assert_eq!(sentences.len(), toks.len().div_ceil(MAX_TOKENS));
        assert!(sentences.iter().all(|s| s.last - s.first <= MAX_TOKENS));
        // The pieces tile the tokens, in order.
        assert!(sentences.windows(2).all(|w| w[0].last == w[1].first));
        assert_eq!(sentences.last().unwrap().last, toks.len());
    }

    #[test]
    fn spans_are_code_points() {
        let text = "Ḩalab: shelling. Then calm.";
        let toks = tokenize(text);
        let s = split(text, &toks);
        assert_eq!(s.len(), 2);
        let chars: String = text
            .chars()
            .skip(s[1].start)
            .take(s[1].end - s[1].start)
            .collect();
        assert_eq!(chars, "Then calm.");
        assert_eq!(s[0].text(text), "Ḩalab: shelling.");
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_single_breaks_do_not() {
        let s = texts("Regime shells Hatla\n \nDeir ez-Zor, Syria The regime\nshelled Hatla.");
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].0, s[1].0), (0, 1));
        assert!(s[1].1.ends_with("regime\nshelled Hatla."));
    }
}
