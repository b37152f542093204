//! Decoding text as users' files actually come: mostly UTF-8, sometimes with a byte order
//! mark, now and then with a stray Latin-1 byte. One bad byte should cost one character
//! (U+FFFD), not the article, so decoding is lossy and the loss is counted as a warning.

use std::borrow::Cow;

use super::{Origin, ReadStats};
use crate::model::Article;

/// `bytes` as text: lossy UTF-8 with the byte order mark removed; a lossy decode is counted
/// and warned about at `origin`.
pub(super) fn decode<'a>(bytes: &'a [u8], origin: &Origin, stats: &mut ReadStats) -> Cow<'a, str> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(e) => {
            stats.lossy_utf8 += 1;
            stats.warn(
                origin.clone(),
                format!(
                    "invalid UTF-8 at byte {}; replaced with U+FFFD (is the file Latin-1 or \
                     Windows-1252? convert it with iconv -t UTF-8)",
                    e.valid_up_to()
                ),
            );
            String::from_utf8_lossy(bytes)
        }
    }
}

/// A whole-file article: the id is the file name, the text all of the file, and there is no
/// title or date (a first line may be a headline, a dateline or the lede; guessing which
/// would put wrong data in every later stage). `None`, counted and warned about, when the
/// text is empty or whitespace only.
pub(super) fn article(
    id: String,
    bytes: Vec<u8>,
    origin: Origin,
    stats: &mut ReadStats,
) -> Option<(Article, Origin)> {
    let text = match decode(&bytes, &origin, stats) {
        // Reuse the buffer when it was valid UTF-8 (the common case) instead of copying it.
        Cow::Borrowed(s) if s.len() == bytes.len() => {
            String::from_utf8(bytes).expect("checked by decode")
        }
        text => text.into_owned(),
    };
    if text.trim().is_empty() {
        stats.skipped.empty += 1;
        stats.warn(origin, "empty document; skipped");
        return None;
    }
    let article = Article {
        id,
        date: None,
        title: String::new(),
        text,
        url: None,
    };
    Some((article, origin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn origin() -> Origin {
        Origin {
            path: PathBuf::from("a.txt"),
            line: None,
        }
    }

    #[test]
    fn keeps_the_whole_text_without_a_title() {
        let mut stats = ReadStats::default();
        let text = "\u{feff}ALEPPO, 2 June\n\nShelling hit the Sheikh Maqsoud district.\n";
        let (a, o) = article(
            "a.txt".into(),
            text.as_bytes().to_vec(),
            origin(),
            &mut stats,
        )
        .unwrap();
        assert_eq!(a.id, "a.txt");
        assert_eq!(a.title, "");
        assert_eq!(a.date, None);
        assert_eq!(
            a.text,
            &text[3..],
            "the byte order mark is dropped, nothing else"
        );
        assert_eq!(o, origin());
        assert_eq!(stats.lossy_utf8, 0);
        assert!(stats.warnings.is_empty());
    }

    #[test]
    fn latin1_bytes_become_replacement_characters() {
        let mut stats = ReadStats::default();
        let (a, _) = article(
            "a.txt".into(),
            b"Caf\xe9 in Idlib".to_vec(),
            origin(),
            &mut stats,
        )
        .unwrap();
        assert_eq!(a.text, "Caf\u{fffd} in Idlib");
        assert_eq!(stats.lossy_utf8, 1);
        assert!(stats.warnings[0]
            .to_string()
            .starts_with("a.txt: invalid UTF-8 at byte 3"));
    }

    #[test]
    fn whitespace_only_is_skipped() {
        let mut stats = ReadStats::default();
        assert!(article("a.txt".into(), b" \n\t\r\n".to_vec(), origin(), &mut stats).is_none());
        assert_eq!(stats.skipped.empty, 1);
        assert_eq!(
            stats.warnings[0].to_string(),
            "a.txt: empty document; skipped"
        );
    }
}
