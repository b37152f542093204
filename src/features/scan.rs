//! A GeoJSON FeatureCollection (or an ACLED API answer, or a JSON array of ACLED records)
//! read as a stream: its features are found one by one in the bytes as they come, so a
//! file of any size costs one chunk of features in memory, not the whole file.
//!
//! The scanner only finds where each value starts and ends (strings, escapes and nested
//! brackets); each feature's text is then parsed by serde_json with the others of its
//! chunk, in parallel. A syntax error stops the read (past it nothing can be trusted) with
//! the file, line, column and byte offset, and the number of the feature it is in. (The
//! `geojson` crate's `FeatureReader` is not used: on bad input it returns the same error
//! forever, and it keeps no positions.)

use std::io::BufRead;
use std::ops::Range;
use std::path::Path;

use serde_json::value::RawValue;

use crate::error::{Error, Result};

/// What the top of a JSON document holds.
pub(super) enum Top {
    /// A stream of features (a FeatureCollection's `features`) or of ACLED records (an API
    /// answer's `data`, or a bare array), handed to the caller in chunks.
    Streamed,
    /// A document without a stream: its whole text (a lone Feature, or an error to name).
    Whole(Vec<u8>),
}

/// What the array being streamed holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Items {
    Features,
    Records,
}

/// One chunk of an array's items: their texts in one buffer, each with its number and
/// where it starts in the file. The items are not checked: [`Item::parse`] does that, on
/// the callers' threads.
pub(super) struct Chunk {
    pub buf: Vec<u8>,
    pub items: Vec<Item>,
}

/// One item of a [`Chunk`].
pub(super) struct Item {
    /// Its number in the array, from 1.
    pub n: u64,
    pub range: Range<usize>,
    at: Position,
}

impl Item {
    /// The item's text, or the error that names the file, the item and where in it.
    pub fn parse<'b>(&self, path: &Path, items: Items, buf: &'b [u8]) -> Result<&'b RawValue> {
        serde_json::from_slice(&buf[self.range.clone()])
            .map_err(|e| error_in(path, &self.at, Some((items, self.n)), &e))
    }
}

/// Features are handed over at most this many bytes of text at a time.
const CHUNK_BYTES: usize = 16 * 1024 * 1024;

/// A reader of JSON that knows where it is.
pub(super) struct Scanner<'p, R> {
    path: &'p Path,
    input: R,
    /// Bytes consumed so far, and the line (from 1) and offset of the line's start.
    offset: u64,
    line: u64,
    line_start: u64,
    /// The bytes of the top-level document, kept until a stream starts (for a lone
    /// Feature, and for the messages of errors in it).
    top: Option<Vec<u8>>,
}

impl<'p, R: BufRead> Scanner<'p, R> {
    pub fn new(path: &'p Path, input: R) -> Self {
        Scanner {
            path,
            input,
            offset: 0,
            line: 1,
            line_start: 0,
            top: Some(Vec::new()),
        }
    }

    /// Read the document, handing each chunk of the array it streams to `chunk` (with
    /// what the items are); `max_items` bounds a chunk's count.
    pub fn read(
        mut self,
        max_items: usize,
        chunk: &mut dyn FnMut(Items, Chunk) -> Result<()>,
    ) -> Result<Top> {
        self.skip_ws()?;
        match self.peek()? {
            Some(b'[') => {
                self.stream(Items::Records, max_items, chunk)?;
                self.end_of_document()?;
                return Ok(Top::Streamed);
            }
            Some(b'{') => self.bump(),
            Some(_) => return Err(self.syntax("expected value")),
            None => {
                return Err(Error::invalid(
                    self.path,
                    "empty input, not an incident file",
                ))
            }
        }
        let mut kind: Option<String> = None;
        let mut streamed = false;
        let mut first = true;
        loop {
            self.skip_ws()?;
            match self.peek()? {
                Some(b'}') if first => {
                    self.bump();
                    break;
                }
                Some(b'"') => {}
                Some(_) => return Err(self.syntax("key must be a string")),
                None => return Err(self.syntax("EOF while parsing an object")),
            }
            first = false;
            let key = self.string()?;
            self.skip_ws()?;
            match self.peek()? {
                Some(b':') => self.bump(),
                Some(_) => return Err(self.syntax("expected `:`")),
                None => return Err(self.syntax("EOF while parsing an object")),
            }
            self.skip_ws()?;
            let array = self.peek()? == Some(b'[');
            match key.as_str() {
                "features" if array => {
                    self.stream(Items::Features, max_items, chunk)?;
                    streamed = true;
                }
                // ACLED's API answers `{"status": 200, "count": n, "data": [records]}`.
                "data" if array && kind.is_none() && !streamed => {
                    self.stream(Items::Records, max_items, chunk)?;
                    streamed = true;
                }
                _ => {
                    let mut value = Vec::new();
                    let at = self.position();
                    self.member(&mut value)?;
                    let parsed = serde_json::from_slice::<serde_json::Value>(&value)
                        .map_err(|e| error_in(self.path, &at, None, &e))?;
                    if key == "type" {
                        kind = Some(parsed.as_str().unwrap_or_default().to_string());
                    }
                }
            }
            self.skip_ws()?;
            match self.peek()? {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    break;
                }
                Some(_) => return Err(self.syntax("expected `,` or `}`")),
                None => return Err(self.syntax("EOF while parsing an object")),
            }
        }
        self.end_of_document()?;
        match (streamed, kind.as_deref()) {
            (true, None | Some("FeatureCollection")) => Ok(Top::Streamed),
            (true, Some(other)) => Err(Error::invalid(
                self.path,
                format!("expected a GeoJSON FeatureCollection or Feature, found type {other:?}"),
            )),
            (false, _) => Ok(Top::Whole(self.top.take().unwrap_or_default())),
        }
    }

    /// Stream the array that starts here, a chunk at a time.
    fn stream(
        &mut self,
        items: Items,
        max_items: usize,
        chunk: &mut dyn FnMut(Items, Chunk) -> Result<()>,
    ) -> Result<()> {
        // The top is not kept past here: it would be the whole file.
        self.top = None;
        self.bump(); // [
        let mut c = Chunk {
            buf: Vec::new(),
            items: Vec::new(),
        };
        let mut n = 0u64;
        self.skip_ws()?;
        if self.peek()? == Some(b']') {
            self.bump();
            return Ok(());
        }
        loop {
            self.skip_ws()?;
            n += 1;
            let at = self.position();
            let start = c.buf.len();
            self.value(&mut c.buf).map_err(|e| match e {
                Scan::Io(e) => e,
                Scan::Syntax(what) => self.error_at_item(items, n, &what),
            })?;
            c.items.push(Item {
                n,
                range: start..c.buf.len(),
                at,
            });
            if c.items.len() >= max_items || c.buf.len() >= CHUNK_BYTES {
                let full = std::mem::replace(
                    &mut c,
                    Chunk {
                        buf: Vec::new(),
                        items: Vec::new(),
                    },
                );
                chunk(items, full)?;
            }
            self.skip_ws()?;
            match self.peek()? {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    break;
                }
                Some(_) => {
                    return Err(self.error_at_item(items, n, "expected `,` or `]` after it"))
                }
                None => return Err(self.error_at_item(items, n, "EOF while parsing a list")),
            }
        }
        if !c.items.is_empty() {
            chunk(items, c)?;
        }
        Ok(())
    }

    /// Nothing but white space may follow the document.
    fn end_of_document(&mut self) -> Result<()> {
        self.skip_ws()?;
        match self.peek()? {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters")),
        }
    }

    /// A string's value (an object's key).
    fn string(&mut self) -> Result<String> {
        let mut raw = Vec::new();
        let at = self.position();
        self.member(&mut raw)?;
        serde_json::from_slice(&raw).map_err(|e| error_in(self.path, &at, None, &e))
    }

    /// [`Scanner::value`] outside a stream: an error is named by its position.
    fn member(&mut self, out: &mut Vec<u8>) -> Result<()> {
        self.value(out).map_err(|e| match e {
            Scan::Io(e) => e,
            Scan::Syntax(what) => self.syntax(&what),
        })
    }

    /// Append the text of the JSON value that starts here to `out`: brackets matched,
    /// strings and escapes skipped, scalars up to the next delimiter. Its inside is left to
    /// serde_json.
    fn value(&mut self, out: &mut Vec<u8>) -> std::result::Result<(), Scan> {
        let mut stack: Vec<u8> = Vec::new();
        let mut in_string = false;
        let mut escaped = false;
        let scalar = !matches!(self.peek()?, Some(b'{' | b'[' | b'"'));
        loop {
            let path = self.path;
            let buf = self
                .input
                .fill_buf()
                .map_err(|e| Scan::Io(Error::io(path, e)))?;
            if buf.is_empty() {
                return Err(Scan::Syntax("EOF while parsing a value".into()));
            }
            let mut used = buf.len();
            let mut done = false;
            let mut bad: Option<String> = None;
            let mut i = 0;
            while i < buf.len() {
                if in_string {
                    if escaped {
                        escaped = false;
                        i += 1;
                        continue;
                    }
                    // Most of a feature is text: jump to the next quote or backslash.
                    let Some(k) = memchr::memchr2(b'"', b'\\', &buf[i..]) else {
                        break;
                    };
                    i += k;
                    if buf[i] == b'\\' {
                        escaped = true;
                    } else {
                        in_string = false;
                        if stack.is_empty() {
                            used = i + 1;
                            done = true;
                            break;
                        }
                    }
                    i += 1;
                    continue;
                }
                let b = buf[i];
                if scalar {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t') {
                        used = i;
                        done = true;
                        break;
                    }
                    i += 1;
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' => stack.push(b'}'),
                    b'[' => stack.push(b']'),
                    b'}' | b']' => {
                        if stack.pop() != Some(b) {
                            used = i;
                            bad = Some(format!("unexpected `{}`", b as char));
                            break;
                        }
                        if stack.is_empty() {
                            used = i + 1;
                            done = true;
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            out.extend_from_slice(&buf[..used]);
            self.consume(used);
            if let Some(what) = bad {
                return Err(Scan::Syntax(what));
            }
            if done {
                return Ok(());
            }
        }
    }

    fn peek(&mut self) -> std::result::Result<Option<u8>, Error> {
        let path = self.path;
        let buf = self.input.fill_buf().map_err(|e| Error::io(path, e))?;
        Ok(buf.first().copied())
    }

    fn bump(&mut self) {
        self.consume(1);
    }

    fn skip_ws(&mut self) -> Result<()> {
        loop {
            let path = self.path;
            let buf = self.input.fill_buf().map_err(|e| Error::io(path, e))?;
            let n = buf
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
                .count();
            if n == 0 {
                return Ok(());
            }
            self.consume(n);
        }
    }

    /// Consume `n` bytes of the buffer, keeping count of lines (and the top's text).
    fn consume(&mut self, n: usize) {
        let buf = self.input.fill_buf().unwrap_or_default();
        let used = &buf[..n.min(buf.len())];
        if let Some(last) = memchr::memrchr(b'\n', used) {
            self.line += memchr::memchr_iter(b'\n', used).count() as u64;
            self.line_start = self.offset + last as u64 + 1;
        }
        if let Some(top) = &mut self.top {
            top.extend_from_slice(used);
        }
        let len = used.len();
        self.offset += len as u64;
        self.input.consume(len);
    }

    fn position(&self) -> Position {
        Position {
            offset: self.offset,
            line: self.line,
            column: self.offset - self.line_start + 1,
        }
    }

    /// A syntax error here.
    fn syntax(&self, what: &str) -> Error {
        let p = self.position();
        Error::parse(
            self.path,
            p.line,
            format!(
                "not valid JSON at column {}: {what} (byte {})",
                p.column, p.offset
            ),
        )
    }

    /// A syntax error here, in item `n` of a stream.
    fn error_at_item(&self, items: Items, n: u64, what: &str) -> Error {
        let p = self.position();
        Error::parse(
            self.path,
            p.line,
            format!(
                "{} {n}: not valid JSON at column {}: {what} (byte {})",
                items.name(),
                p.column,
                p.offset
            ),
        )
    }
}

/// serde_json's error `e` in a value that started at `at` (in item `n` of a stream), placed
/// in the file.
fn error_in(
    path: &Path,
    at: &Position,
    item: Option<(Items, u64)>,
    e: &serde_json::Error,
) -> Error {
    let what = e.to_string();
    let what = what.rsplit_once(" at line ").map_or(what.as_str(), |w| w.0);
    let line = at.line + e.line().saturating_sub(1) as u64;
    let column = match e.line() {
        1 => at.column + e.column().saturating_sub(1) as u64,
        _ => e.column() as u64,
    };
    let item = item.map_or(String::new(), |(items, n)| {
        format!("{} {n} (from byte {}): ", items.name(), at.offset)
    });
    Error::parse(
        path,
        line,
        format!("{item}not valid JSON at column {column}: {what}"),
    )
}

impl Items {
    pub fn name(self) -> &'static str {
        match self {
            Items::Features => "feature",
            Items::Records => "record",
        }
    }
}

/// Where a value starts.
#[derive(Debug, Clone, Copy)]
struct Position {
    offset: u64,
    line: u64,
    column: u64,
}

/// Why [`Scanner::value`] stopped: the input failed, or the text is not JSON.
enum Scan {
    Io(Error),
    Syntax(String),
}

impl From<Error> for Scan {
    fn from(e: Error) -> Scan {
        Scan::Io(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    /// Every item the scanner hands over from `text` read `step` bytes at a time.
    fn items(text: &str, step: usize) -> Result<(Vec<(Items, String)>, bool)> {
        let mut got = Vec::new();
        let input = BufReader::with_capacity(step, text.as_bytes());
        let top = Scanner::new(Path::new("t.geojson"), input).read(2, &mut |items, c| {
            for item in &c.items {
                let raw = item.parse(Path::new("t.geojson"), items, &c.buf)?;
                got.push((items, raw.get().to_string()));
            }
            Ok(())
        })?;
        Ok((got, matches!(top, Top::Streamed)))
    }

    #[test]
    fn finds_each_feature_across_buffer_boundaries() {
        let features = [
            r#"{"type":"Feature","properties":{"note":"a \"quoted\" ] and } in text \\"},"geometry":null}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":[[]],"b":{}}}"#,
            "7",
            r#""text""#,
            "null",
        ];
        let text = format!(
            "{{ \"bbox\": [1, 2, 3, 4], \"type\" : \"FeatureCollection\",\n \"features\" : [ {} ] , \"x\": {{\"y\": [1]}} }}\n",
            features.join(" ,\n")
        );
        for step in [1, 2, 3, 7, 64, 4096] {
            let (got, streamed) = items(&text, step).unwrap();
            assert!(streamed);
            let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
            assert_eq!(texts, features, "read {step} bytes at a time");
            assert!(got.iter().all(|(k, _)| *k == Items::Features));
        }
        // ACLED's answers: records under "data", or a bare array of them.
        let (got, _) = items(r#"{"status":200,"data":[{"a":1},{"b":"]"}]}"#, 3).unwrap();
        assert_eq!(
            got,
            [
                (Items::Records, r#"{"a":1}"#.into()),
                (Items::Records, r#"{"b":"]"}"#.into())
            ]
        );
        let (got, _) = items("[{\"a\":1}]", 1).unwrap();
        assert_eq!(got.len(), 1);
        // A lone Feature is handed back whole.
        let one = r#"{"type":"Feature","geometry":null,"properties":{}}"#;
        let (got, streamed) = items(one, 5).unwrap();
        assert!(got.is_empty() && !streamed);
    }

    #[test]
    fn a_bad_feature_deep_in_the_file_names_its_number_line_and_byte() {
        let good =
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}"#;
        let mut text = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
        for _ in 0..1000 {
            text.push_str(good);
            text.push_str(",\n");
        }
        let bad_at = text.len();
        // A value that is not JSON inside balanced brackets: found when it is parsed.
        text.push_str(r#"{"type":"Feature","properties":{"a":tru}}"#);
        text.push_str("\n]}");
        let err = items(&text, 4096).unwrap_err().to_string();
        assert!(
            err.contains(&format!(
                "t.geojson:1002: feature 1001 (from byte {bad_at})"
            )),
            "{err}"
        );
        assert!(err.contains("column 40: expected ident"), "{err}");

        // Brackets that do not match: found by the scanner, which stops there.
        let text = text.replace(r#""a":tru}}"#, r#""a":[1}}"#);
        let err = items(&text, 4096).unwrap_err().to_string();
        assert!(err.contains("t.geojson:1002: feature 1001"), "{err}");
        assert!(err.contains("unexpected `}`"), "{err}");
        // A file cut short.
        let err = items(&text[..bad_at + 10], 4096).unwrap_err().to_string();
        assert!(err.contains("feature 1001") && err.contains("EOF"), "{err}");
        // Two features without a comma between them.
        let err = items(&format!("{{\"features\":[{good} {good}]}}"), 16)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("feature 1: not valid JSON") && err.contains("expected `,` or `]`"),
            "{err}"
        );
    }
}
