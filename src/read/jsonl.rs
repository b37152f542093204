//! JSON Lines: one article object a line, `{"id", "date", "title", "text", "url"}`, read one
//! line at a time so a corpus of any size streams in bounded memory.
//!
//! A line's problems stay on that line. The fields an article cannot do without (`text`, and
//! `id` when given) make a broken line an error; the optional ones (`date`, `title`, `url`)
//! when unusable are dropped with a warning, because a report without a date still has
//! places and events in it.

use std::borrow::Cow;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

use serde_json::{Map, Value};

use super::{normalize_date, text, Origin, ReadStats};
use crate::error::{Error, Result};
use crate::model::Article;

/// The longest line read; a longer one is an error rather than an unbounded allocation.
/// Far above any news article (a 50 MB text is about 55 MB as a JSON string).
const MAX_LINE: usize = 256 * 1024 * 1024;

/// An open JSON Lines stream, read a line at a time.
pub(super) struct Lines {
    path: PathBuf,
    /// Prefix of ids made up for lines without one: `<name>:<line>`.
    name: String,
    reader: BufReader<Box<dyn Read + Send>>,
    /// Number of the line last read, from 1.
    line: u64,
    /// Whether a non-blank line has been seen; the first one may reveal a JSON document.
    seen_content: bool,
    buf: Vec<u8>,
    done: bool,
}

impl Lines {
    pub(super) fn new(path: PathBuf, name: String, reader: Box<dyn Read + Send>) -> Lines {
        Lines {
            path,
            name,
            reader: BufReader::with_capacity(64 * 1024, reader),
            line: 0,
            seen_content: false,
            buf: Vec::new(),
            done: false,
        }
    }

    /// The next article or line error; `None` at the end of the stream. Blank lines are
    /// passed over; empty articles are counted and passed over.
    pub(super) fn next(&mut self, stats: &mut ReadStats) -> Option<Result<(Article, Origin)>> {
        while !self.done {
            let too_long = match read_line(&mut self.reader, &mut self.buf, MAX_LINE) {
                Ok(Some(too_long)) => too_long,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    // A read error (a truncated gzip member, a failing disk) will not go away
                    // on the next line, so the rest of this input is given up.
                    self.done = true;
                    stats.skipped.unreadable += 1;
                    let message = format!("after line {}: {e}", self.line);
                    return Some(Err(Error::io(
                        &self.path,
                        io::Error::new(e.kind(), message),
                    )));
                }
            };
            self.line += 1;
            if too_long {
                stats.skipped.malformed += 1;
                let message = format!("line longer than {} MB; skipped", MAX_LINE >> 20);
                return Some(Err(Error::parse(&self.path, self.line, message)));
            }
            let origin = Origin {
                path: self.path.clone(),
                line: Some(self.line),
            };
            let line = text::decode(&self.buf, &origin, stats);
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            if !std::mem::replace(&mut self.seen_content, true) {
                if let Some(message) = json_document(trimmed) {
                    self.done = true;
                    stats.skipped.malformed += 1;
                    return Some(Err(Error::invalid(&self.path, message)));
                }
            }
            let fallback_id = || format!("{}:{}", self.name, self.line);
            match parse(trimmed, fallback_id, &origin, stats) {
                Ok(Some(article)) => return Some(Ok((article, origin))),
                Ok(None) => continue,
                Err(message) => {
                    stats.skipped.malformed += 1;
                    return Some(Err(Error::parse(&self.path, self.line, message)));
                }
            }
        }
        None
    }
}

/// A message when the first line shows a whole JSON document rather than JSON Lines, whose
/// every line would otherwise be reported as broken.
fn json_document(first_line: &str) -> Option<String> {
    if first_line.starts_with('[') {
        Some(
            "a JSON array, not JSON Lines (one article object a line); convert it with \
             jq -c '.[]' FILE > FILE.jsonl"
                .into(),
        )
    } else if first_line == "{" {
        Some(
            "a pretty-printed JSON document, not JSON Lines (one article object a line); \
             convert it with jq -c . FILE > FILE.jsonl"
                .into(),
        )
    } else {
        None
    }
}

/// Reads one line into `buf`, without its `\n` or `\r\n`. `Ok(None)` at the end of input,
/// `Ok(Some(true))` when the line was longer than `cap` (its bytes are dropped, not kept).
fn read_line(r: &mut impl BufRead, buf: &mut Vec<u8>, cap: usize) -> io::Result<Option<bool>> {
    buf.clear();
    let mut any = false;
    let mut too_long = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let chunk = &available[..newline.unwrap_or(available.len())];
        if !too_long {
            if buf.len() + chunk.len() > cap {
                too_long = true;
                *buf = Vec::new();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = newline.map_or(available.len(), |i| i + 1);
        r.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(any.then_some(too_long))
}

/// One line's article. `Ok(None)` when its text is empty (counted and warned about); `Err`
/// with a message for a line that is not an article.
fn parse(
    line: &str,
    fallback_id: impl FnOnce() -> String,
    origin: &Origin,
    stats: &mut ReadStats,
) -> std::result::Result<Option<Article>, String> {
    if !line.starts_with('{') {
        return Err(
            "not a JSON object; each line must be one article object {\"text\": ...}".into(),
        );
    }
    let mut object: Map<String, Value> =
        serde_json::from_str(line).map_err(|e| format!("bad JSON: {}", serde_message(&e)))?;

    let text = match object.remove("text") {
        Some(Value::String(t)) => t,
        Some(Value::Null) | None => return Err(missing_text(&object)),
        Some(other) => {
            return Err(format!(
                "`text` must be a string, found {}",
                kind_of(&other)
            ))
        }
    };
    let id = match object.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Null) | Some(Value::String(_)) | None => fallback_id(),
        Some(other) => {
            return Err(format!(
                "`id` must be a string or a number, found {}",
                kind_of(&other)
            ))
        }
    };
    let mut optional = |field: &str| match object.remove(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Value::String(_)) | Some(Value::Null) | None => None,
        Some(other) => {
            let message = format!(
                "`{field}` must be a string, found {}; ignored",
                kind_of(&other)
            );
            stats.warn(origin.clone(), message);
            None
        }
    };
    let title = optional("title").unwrap_or_default();
    let url = optional("url");
    let date = optional("date").and_then(|raw| {
        let day = normalize_date(&raw);
        if day.is_none() {
            stats.bad_dates += 1;
            stats.warn(
                origin.clone(),
                format!("unrecognised date {raw:?}; kept none (use YYYY-MM-DD)"),
            );
        }
        day
    });

    if text.trim().is_empty() {
        stats.skipped.empty += 1;
        stats.warn(origin.clone(), "empty text; skipped");
        return Ok(None);
    }
    Ok(Some(Article {
        id,
        date,
        title,
        text,
        url,
    }))
}

/// The error for a line without `text`, naming a field that was probably meant instead.
fn missing_text(object: &Map<String, Value>) -> String {
    const LIKELY: [&str; 5] = ["body", "content", "article", "full_text", "Text"];
    match LIKELY.iter().find(|k| object.contains_key(**k)) {
        Some(k) => format!("missing `text` (found `{k}`; rename it to `text`)"),
        None => "missing `text`; each line needs the article's text in a \"text\" field".into(),
    }
}

/// serde_json's message with its position made sense of: the line is ours to report, the
/// column is worth keeping.
fn serde_message(e: &serde_json::Error) -> Cow<'static, str> {
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&position) {
        Some(message) => format!("{message} at column {}", e.column()).into(),
        None => full.into(),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// Every item of `input` read as JSON Lines named `f.jsonl`, with the stats.
    fn read(input: &[u8]) -> (Vec<Result<(Article, Origin)>>, ReadStats) {
        let mut stats = ReadStats::default();
        let mut lines = Lines::new(
            PathBuf::from("f.jsonl"),
            "f.jsonl".into(),
            Box::new(Cursor::new(input.to_vec())),
        );
        let items = std::iter::from_fn(|| lines.next(&mut stats)).collect();
        (items, stats)
    }

    #[test]
    fn reads_every_field_and_the_line_number() {
        let (items, stats) = read(
            b"\n{\"id\":\"a1\",\"date\":\"2023-06-02T08:00:00Z\",\"title\":\"Clashes\",\
              \"text\":\"Fighting in Deir ez-Zor.\",\"url\":\"https://example.org/a1\",\"lang\":\"en\"}\r\n",
        );
        let (a, o) = items.into_iter().next().unwrap().unwrap();
        assert_eq!(
            a,
            Article {
                id: "a1".into(),
                date: Some("2023-06-02".into()),
                title: "Clashes".into(),
                text: "Fighting in Deir ez-Zor.".into(),
                url: Some("https://example.org/a1".into()),
            }
        );
        assert_eq!(o.to_string(), "f.jsonl:2");
        assert!(stats.warnings.is_empty());
    }

    #[test]
    fn ids_from_numbers_or_the_line() {
        let (items, _) = read(
            b"{\"id\":42,\"text\":\"a\"}\n{\"id\":7.5,\"text\":\"b\"}\n{\"text\":\"c\"}\n{\"id\":\"\",\"text\":\"d\"}\n",
        );
        let ids: Vec<String> = items.into_iter().map(|i| i.unwrap().0.id).collect();
        assert_eq!(ids, ["42", "7.5", "f.jsonl:3", "f.jsonl:4"]);
    }

    #[test]
    fn a_broken_line_is_reported_and_the_rest_read() {
        let (items, stats) = read(
            b"{\"id\":1,\"text\":\"one\"}\n{\"id\":2,\"text\":\"tw\n{\"id\":3,\"title\":\"no text\"}\n\
              {\"id\":4,\"body\":\"x\"}\n[1]\n{\"id\":5,\"text\":[\"x\"]}\n{\"id\":true,\"text\":\"x\"}\n\
              {\"id\":6,\"text\":\"six\"}\n",
        );
        let errors: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_ref().err().map(|e| e.to_string()))
            .collect();
        assert_eq!(
            errors,
            [
                "f.jsonl:2: bad JSON: EOF while parsing a string at column 18",
                "f.jsonl:3: missing `text`; each line needs the article's text in a \"text\" field",
                "f.jsonl:4: missing `text` (found `body`; rename it to `text`)",
                "f.jsonl:5: not a JSON object; each line must be one article object {\"text\": ...}",
                "f.jsonl:6: `text` must be a string, found an array",
                "f.jsonl:7: `id` must be a string or a number, found a boolean",
            ]
        );
        let ids: Vec<String> = items.into_iter().flatten().map(|(a, _)| a.id).collect();
        assert_eq!(ids, ["1", "6"]);
        assert_eq!(stats.skipped.malformed, 6);
    }

    #[test]
    fn unusable_optional_fields_are_dropped_with_a_warning() {
        let (items, stats) = read(
            b"{\"text\":\"x\",\"date\":\"last Tuesday\",\"title\":3,\"url\":null}\n\
              {\"text\":\"y\",\"date\":\"02 June 2023\"}\n",
        );
        let articles: Vec<Article> = items.into_iter().map(|i| i.unwrap().0).collect();
        assert_eq!(articles[0].date, None);
        assert_eq!(articles[0].title, "");
        assert_eq!(articles[0].url, None);
        assert_eq!(articles[1].date.as_deref(), Some("2023-06-02"));
        assert_eq!(stats.bad_dates, 1);
        let warnings: Vec<String> = stats.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            warnings,
            [
                "f.jsonl:1: `title` must be a string, found a number; ignored",
                "f.jsonl:1: unrecognised date \"last Tuesday\"; kept none (use YYYY-MM-DD)",
            ]
        );
    }

    #[test]
    fn empty_text_is_skipped_and_counted() {
        let (items, stats) = read(b"{\"id\":1,\"text\":\"  \"}\n{\"id\":2,\"text\":\"x\"}");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].as_ref().unwrap().0.id, "2");
        assert_eq!(stats.skipped.empty, 1);
        assert_eq!(
            stats.warnings[0].to_string(),
            "f.jsonl:1: empty text; skipped"
        );
    }

    #[test]
    fn a_json_document_is_one_error_not_one_per_line() {
        let (items, _) = read(b"[\n {\"text\": \"a\"},\n {\"text\": \"b\"}\n]\n");
        assert_eq!(items.len(), 1);
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("jq -c '.[]'"));
        let (items, _) = read(b"{\n  \"text\": \"a\"\n}\n");
        assert_eq!(items.len(), 1);
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("pretty-printed"));
    }

    #[test]
    fn lines_longer_than_the_cap_are_dropped_not_kept() {
        let mut r = Cursor::new(b"abcdef\nxy\r\nlast".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut r, &mut buf, 4).unwrap(), Some(true));
        assert!(buf.is_empty());
        assert_eq!(read_line(&mut r, &mut buf, 4).unwrap(), Some(false));
        assert_eq!(buf, b"xy");
        assert_eq!(read_line(&mut r, &mut buf, 4).unwrap(), Some(false));
        assert_eq!(buf, b"last");
        assert_eq!(read_line(&mut r, &mut buf, 4).unwrap(), None);
    }
}
