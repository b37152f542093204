//! Articles from `.txt` files, folders, JSON Lines and stdin: the one way every command reads
//! its input, so all of them accept the same inputs and report bad ones the same way.
//!
//! [`Articles`] is an iterator that opens its inputs one after another and yields one article
//! at a time, so a corpus of any size streams in bounded memory: JSON Lines are read a line at
//! a time; only a single `.txt` document is ever held whole. Each item is a
//! `Result<Article>`: one bad input or line is an `Err` naming the file (and line), and the
//! iteration goes on with the next. Softer problems (lossy UTF-8, empty documents,
//! unrecognised dates, ignored files) are counted in [`ReadStats`] with a bounded list of
//! warnings, for the summary a command prints at the end.
//!
//! | input | read as |
//! |---|---|
//! | `-` | stdin: JSON Lines if its first non-blank byte is `{`, else one document, id `stdin` |
//! | a folder | every `.txt`, `.jsonl`, `.ndjson`, `.json` (also `.gz`) inside, recursively, in sorted path order; other files are counted as ignored |
//! | `*.txt` | one document: id = file name, text = the whole file, no title or date |
//! | `*.jsonl`, `*.ndjson`, `*.json` | JSON Lines, one `{"id", "date", "title", "text", "url"}` object a line |
//! | any other file | like stdin, by its first bytes |
//!
//! Gzip is unwrapped wherever it appears, whatever the file is called. A file with NUL bytes
//! in its first 8 KB is binary and an error. Invalid UTF-8 is replaced with U+FFFD and warned
//! about. In JSON Lines, `id` may be a string or a number (missing: `<file name>:<line>`), and
//! `date` is normalised to `YYYY-MM-DD` with [`normalize_date`].

mod date;
mod jsonl;
mod sniff;

/// Is this the head of a binary file (a NUL byte in it), not text? Every reader of text
/// input asks it of its first bytes: an article, a list of names.
pub fn looks_binary(head: &[u8]) -> bool {
    head.contains(&0)
}
mod text;
mod walk;

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub(crate) use date::month_number;
pub use date::{normalize_date, parse_date};

use crate::error::{Error, Result};
use crate::model::Article;
use jsonl::Lines;
use sniff::Stream;
use walk::Walk;

/// The input name that means stdin.
pub const STDIN: &str = "-";

/// How many warnings [`ReadStats`] keeps; the rest are only counted.
pub const MAX_WARNINGS: usize = 100;

/// Where an article was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file, `<stdin>`, or the name given to [`Articles::from_reader`].
    pub path: PathBuf,
    /// The line, from 1, for an article from JSON Lines; `None` for a whole-file document.
    pub line: Option<u64>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// Something worth telling the user that did not stop an article from being read (or was
/// not an error): displayed as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub origin: Origin,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// Documents and lines passed over, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Documents whose text is empty or whitespace only (a warning, not an error).
    pub empty: u64,
    /// Binary (or UTF-16) files (each also an `Error::Invalid` item).
    pub binary: u64,
    /// JSON lines that are not articles, and whole-JSON documents given as JSON Lines (each
    /// also an `Error::Parse` or `Error::Invalid` item).
    pub malformed: u64,
    /// Files and folders that could not be opened or read to the end (each also an
    /// `Error::Io` item).
    pub unreadable: u64,
}

impl Skipped {
    pub fn total(&self) -> u64 {
        self.empty + self.binary + self.malformed + self.unreadable
    }
}

/// What reading has met so far: counts for a summary line, and the first [`MAX_WARNINGS`]
/// warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Articles yielded.
    pub articles: u64,
    /// Files and streams opened (folders not included).
    pub files: u64,
    pub skipped: Skipped,
    /// Documents or lines with invalid UTF-8, decoded with U+FFFD.
    pub lossy_utf8: u64,
    /// Dates that could not be normalised and were dropped.
    pub bad_dates: u64,
    /// Files in folders that are not articles (by extension, hidden, or links to folders).
    pub ignored_files: u64,
    /// The first [`MAX_WARNINGS`] warnings, in the order met.
    pub warnings: Vec<Warning>,
    /// Warnings counted but not kept.
    pub warnings_dropped: u64,
}

impl ReadStats {
    /// Keeps a warning, or only counts it once [`MAX_WARNINGS`] are kept, so that a corpus
    /// full of one problem cannot fill memory with messages about it.
    fn warn(&mut self, origin: Origin, message: impl Into<String>) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(Warning {
                origin,
                message: message.into(),
            });
        } else {
            self.warnings_dropped += 1;
        }
    }
}

/// One line for the end of a run: `120 articles from 3 files; 2 skipped (1 empty,
/// 1 malformed); 1 with invalid UTF-8; 4 files in folders ignored`.
impl fmt::Display for ReadStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{} from {}",
            plural(self.articles, "article", "articles"),
            plural(self.files, "file", "files")
        )?;
        let s = &self.skipped;
        if s.total() > 0 {
            let reasons: Vec<String> = [
                (s.empty, "empty"),
                (s.binary, "binary"),
                (s.malformed, "malformed"),
                (s.unreadable, "unreadable"),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, why)| format!("{n} {why}"))
            .collect();
            write!(f, "; {} skipped ({})", s.total(), reasons.join(", "))?;
        }
        if self.lossy_utf8 > 0 {
            write!(f, "; {} with invalid UTF-8", self.lossy_utf8)?;
        }
        if self.bad_dates > 0 {
            let dates = plural(self.bad_dates, "date", "dates");
            write!(f, "; {dates} not understood")?;
        }
        if self.ignored_files > 0 {
            let files = plural(self.ignored_files, "file", "files");
            write!(f, "; {files} in folders ignored")?;
        }
        Ok(())
    }
}

/// How a file's content is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// One document, the whole file.
    Text,
    /// One article a line.
    JsonLines,
    /// Decided by the first bytes: JSON Lines if `{`, else one document.
    Sniff,
}

impl Format {
    /// The format a file's name announces (ignoring a `.gz` suffix); `None` when it announces
    /// none of ours.
    fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = Path::new(name).extension()?.to_str()?;
        match ext {
            "txt" => Some(Format::Text),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// How far reading has got: bytes read from the inputs (before gzip is unwrapped) and
/// articles yielded. A cheap handle that another thread can poll for a progress bar while
/// the [`Articles`] it came from is being iterated.
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<Counts>);

#[derive(Debug, Default)]
struct Counts {
    bytes: AtomicU64,
    articles: AtomicU64,
}

impl Progress {
    pub fn bytes(&self) -> u64 {
        self.0.bytes.load(Ordering::Relaxed)
    }

    pub fn articles(&self) -> u64 {
        self.0.articles.load(Ordering::Relaxed)
    }
}

impl Progress {
    /// `inner`, adding what is read from it to this progress.
    pub fn counted<R>(&self, inner: R) -> Counted<R> {
        Counted {
            inner,
            progress: self.clone(),
        }
    }
}

/// A reader that adds what it reads to a [`Progress`] (see [`Progress::counted`]).
pub struct Counted<R> {
    inner: R,
    progress: Progress,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.0.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: io::Seek> io::Seek for Counted<R> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// An input not yet opened.
enum Input {
    Path(PathBuf),
    Stdin,
    Reader(PathBuf, Box<dyn Read + Send>, Format),
}

/// The articles of a list of inputs, in order, one at a time; see the [module docs](self)
/// for what each input may be.
///
/// ```no_run
/// use incimap::read::Articles;
///
/// let mut articles = Articles::open(["reports/", "extra.jsonl"]);
/// for item in articles.by_ref() {
///     match item {
///         Ok(article) => println!("{}: {} bytes", article.id, article.text.len()),
///         Err(e) => eprintln!("incimap: {e}"),
///     }
/// }
/// eprintln!("{}", articles.stats());
/// ```
pub struct Articles {
    inputs: VecDeque<Input>,
    walk: Walk,
    lines: Option<Lines>,
    stats: ReadStats,
    progress: Progress,
    total_bytes: Option<u64>,
}

impl Articles {
    /// Reads `inputs` in order: files, folders, and [`STDIN`] (`-`). Nothing is opened until
    /// iteration reaches it, and opening problems (a missing file) are items, not a failure
    /// here.
    pub fn open<P: AsRef<Path>>(inputs: impl IntoIterator<Item = P>) -> Articles {
        let inputs = inputs
            .into_iter()
            .map(|p| {
                let p = p.as_ref();
                if p == Path::new(STDIN) {
                    Input::Stdin
                } else {
                    Input::Path(p.to_path_buf())
                }
            })
            .collect();
        Articles::with_inputs(inputs)
    }

    /// Reads one stream as stdin is read (JSON Lines if it starts with `{`, else one
    /// document; gzip unwrapped). `name` stands for the path in errors and origins, and is
    /// the document id when the stream is one document.
    pub fn from_reader(name: impl Into<PathBuf>, reader: impl Read + Send + 'static) -> Articles {
        let input = Input::Reader(name.into(), Box::new(reader), Format::Sniff);
        Articles::with_inputs(VecDeque::from([input]))
    }

    /// Reads one stream as JSON Lines whatever its first bytes (gzip still unwrapped), as a
    /// `.jsonl` file is read; `name` stands for the path in errors and origins.
    pub fn from_json_lines(
        name: impl Into<PathBuf>,
        reader: impl Read + Send + 'static,
    ) -> Articles {
        let input = Input::Reader(name.into(), Box::new(reader), Format::JsonLines);
        Articles::with_inputs(VecDeque::from([input]))
    }

    fn with_inputs(inputs: VecDeque<Input>) -> Articles {
        // Known only when every input is a plain file: folders would have to be walked twice.
        let total_bytes = inputs
            .iter()
            .map(|input| match input {
                Input::Path(p) => std::fs::metadata(p)
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| m.len()),
                _ => None,
            })
            .sum();
        Articles {
            inputs,
            walk: Walk::default(),
            lines: None,
            stats: ReadStats::default(),
            progress: Progress::default(),
            total_bytes,
        }
    }

    /// A handle on how far reading has got, to poll from another thread.
    pub fn progress(&self) -> Progress {
        self.progress.clone()
    }

    /// The size of all inputs in bytes, when every input is a plain file (not a folder or
    /// stdin); compare with [`Progress::bytes`].
    pub fn total_bytes(&self) -> Option<u64> {
        self.total_bytes
    }

    /// What reading has met so far; complete once the iterator has returned `None`.
    pub fn stats(&self) -> &ReadStats {
        &self.stats
    }

    pub fn into_stats(self) -> ReadStats {
        self.stats
    }

    /// The same iteration, with where each article came from.
    pub fn with_origins(self) -> WithOrigins {
        WithOrigins(self)
    }

    fn next_located(&mut self) -> Option<Result<(Article, Origin)>> {
        let item = self.advance();
        if let Some(Ok(_)) = item {
            self.stats.articles += 1;
            self.progress.0.articles.fetch_add(1, Ordering::Relaxed);
        }
        item
    }

    /// The next item: from the JSON Lines being read, else the folder being walked, else the
    /// next input.
    fn advance(&mut self) -> Option<Result<(Article, Origin)>> {
        loop {
            if let Some(lines) = &mut self.lines {
                match lines.next(&mut self.stats) {
                    Some(item) => return Some(item),
                    None => self.lines = None,
                }
                continue;
            }
            let item = match self.walk.next(&mut self.stats) {
                Some(Ok((path, format))) => self.open_file(path, format),
                Some(Err(e)) => Some(Err(e)),
                None => match self.inputs.pop_front()? {
                    Input::Stdin => self.open_stream(
                        PathBuf::from("<stdin>"),
                        "stdin".into(),
                        Box::new(io::stdin()),
                        Format::Sniff,
                    ),
                    Input::Reader(name, reader, format) => {
                        let id = name.to_string_lossy().into_owned();
                        self.open_stream(name, id, reader, format)
                    }
                    Input::Path(path) => self.open_path(path),
                },
            };
            if item.is_some() {
                return item;
            }
        }
    }

    /// A path given by the user: a folder to walk or a file to read.
    fn open_path(&mut self, path: PathBuf) -> Option<Result<(Article, Origin)>> {
        match std::fs::metadata(&path) {
            Err(e) => Some(self.unreadable(path, e)),
            Ok(meta) if meta.is_dir() => match self.walk.enter(&path) {
                Ok(()) => None,
                Err(e) => {
                    self.stats.skipped.unreadable += 1;
                    Some(Err(e))
                }
            },
            Ok(_) => {
                let format = Format::of(&path).unwrap_or(Format::Sniff);
                self.open_file(path, format)
            }
        }
    }

    fn open_file(&mut self, path: PathBuf, format: Format) -> Option<Result<(Article, Origin)>> {
        match std::fs::File::open(&path) {
            Ok(file) => {
                let name = path
                    .file_name()
                    .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy())
                    .into_owned();
                self.open_stream(path, name, Box::new(file), format)
            }
            Err(e) => Some(self.unreadable(path, e)),
        }
    }

    /// Starts reading a stream: a document is read whole and returned (`None` when empty);
    /// JSON Lines become the lines being read and `None` is returned.
    fn open_stream(
        &mut self,
        path: PathBuf,
        name: String,
        reader: Box<dyn Read + Send>,
        format: Format,
    ) -> Option<Result<(Article, Origin)>> {
        self.stats.files += 1;
        let reader = Box::new(self.progress.counted(reader));
        let stream = match Stream::open(reader) {
            Ok(s) => s,
            Err(e) => return Some(self.unreadable(path, e)),
        };
        if let Some(reason) = stream.binary_reason() {
            self.stats.skipped.binary += 1;
            return Some(Err(Error::invalid(path, reason)));
        }
        let json_lines = match format {
            Format::Text => false,
            Format::JsonLines => true,
            Format::Sniff => stream.looks_like_json_lines(),
        };
        if json_lines {
            self.lines = Some(Lines::new(path, name, stream.into_reader()));
            return None;
        }
        match stream.read_all() {
            Ok(bytes) => {
                let origin = Origin { path, line: None };
                text::article(name, bytes, origin, &mut self.stats).map(Ok)
            }
            Err(e) => Some(self.unreadable(path, e)),
        }
    }

    fn unreadable<T>(&mut self, path: PathBuf, e: io::Error) -> Result<T> {
        self.stats.skipped.unreadable += 1;
        Err(Error::io(path, e))
    }
}

impl Iterator for Articles {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Result<Article>> {
        self.next_located()
            .map(|item| item.map(|(article, _)| article))
    }
}

impl std::iter::FusedIterator for Articles {}

/// [`Articles`] yielding each article with its [`Origin`].
pub struct WithOrigins(Articles);

impl WithOrigins {
    pub fn stats(&self) -> &ReadStats {
        self.0.stats()
    }

    pub fn into_stats(self) -> ReadStats {
        self.0.into_stats()
    }
}

impl Iterator for WithOrigins {
    type Item = Result<(Article, Origin)>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next_located()
    }
}

impl std::iter::FusedIterator for WithOrigins {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::{Cursor, Write};

    fn write(path: &Path, bytes: &[u8]) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    /// Ids of the articles and messages of the errors, in order.
    fn summary(items: impl Iterator<Item = Result<Article>>) -> Vec<String> {
        items
            .map(|i| match i {
                Ok(a) => a.id,
                Err(e) => format!("error: {e}"),
            })
            .collect()
    }

    const REPORT: &str = "ALEPPO, 2 June (Reuters) - Shelling killed three civilians in \
                          the Sheikh Maqsoud district on Friday, a monitor said.\n";

    #[test]
    fn progress_counts_the_bytes_of_every_input_and_the_articles() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("a.txt");
        let jsonl = dir.path().join("b.jsonl.gz");
        let lines = "{\"id\":\"1\",\"text\":\"Hama\"}\n{\"id\":\"2\",\"text\":\"Homs\"}\n";
        write(&txt, REPORT.as_bytes());
        write(&jsonl, &gzip(lines.as_bytes()));
        let mut articles = Articles::open([&txt, &jsonl]);
        let total = articles.total_bytes().unwrap();
        assert_eq!(
            total,
            fs::metadata(&txt).unwrap().len() + fs::metadata(&jsonl).unwrap().len()
        );
        let progress = articles.progress();
        assert_eq!((progress.bytes(), progress.articles()), (0, 0));
        assert_eq!(articles.by_ref().filter(Result::is_ok).count(), 3);
        // Gzip counts as read from disk, not as unwrapped.
        assert_eq!((progress.bytes(), progress.articles()), (total, 3));
        // A folder's size is not known before it is walked.
        assert_eq!(Articles::open([dir.path()]).total_bytes(), None);
    }

    #[test]
    fn a_txt_file_is_one_document_named_by_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("000_b8fb5e990e0f894b.txt");
        write(&path, REPORT.as_bytes());
        let mut articles = Articles::open([&path]).with_origins();
        let (a, origin) = articles.next().unwrap().unwrap();
        assert_eq!(
            a,
            Article {
                id: "000_b8fb5e990e0f894b.txt".into(),
                date: None,
                title: String::new(),
                text: REPORT.into(),
                url: None,
            }
        );
        assert_eq!(origin, Origin { path, line: None });
        assert!(articles.next().is_none());
        assert_eq!(articles.stats().articles, 1);
        assert_eq!(articles.stats().files, 1);
    }

    #[test]
    fn folders_are_walked_recursively_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(&root.join("b.txt"), b"Report b");
        write(&root.join("a/z.txt"), b"Report a/z");
        write(
            &root.join("a/b/c.jsonl"),
            b"{\"id\":\"c1\",\"text\":\"x\"}\n",
        );
        write(&root.join("a.txt"), b"Report a");
        write(
            &root.join("c.jsonl.gz"),
            &gzip(b"{\"id\":\"gz1\",\"text\":\"x\"}\n"),
        );
        write(&root.join("d.json"), b"{\"id\":\"d1\",\"text\":\"x\"}\n");
        write(&root.join("notes.md"), b"not an article");
        write(&root.join("map.png"), b"\x89PNG\0\0");
        write(&root.join(".hidden.txt"), b"hidden");
        write(&root.join(".git/HEAD.txt"), b"ref");

        let mut articles = Articles::open([root]);
        let ids = summary(articles.by_ref());
        assert_eq!(ids, ["c1", "z.txt", "a.txt", "b.txt", "gz1", "d1"]);
        // notes.md, map.png, .hidden.txt and .git
        assert_eq!(articles.stats().ignored_files, 4);
        assert_eq!(articles.stats().files, 6);
    }

    #[test]
    fn a_broken_line_reports_file_and_line_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.jsonl");
        write(
            &path,
            b"{\"id\":1,\"text\":\"one\"}\n\n{\"id\":2,\"text\":\n{\"id\":3,\"title\":\"t\"}\n{\"id\":4,\"text\":\"four\"}\n",
        );
        let mut articles = Articles::open([&path]).with_origins();
        let items: Vec<_> = articles.by_ref().collect();
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].as_ref().unwrap().0.id, "1");
        match &items[1] {
            Err(Error::Parse { path: p, line, .. }) => assert_eq!((p, *line), (&path, 3)),
            other => panic!("expected a parse error, got {other:?}"),
        }
        let missing = items[2].as_ref().unwrap_err().to_string();
        assert!(missing.ends_with(
            "news.jsonl:4: missing `text`; each line needs the article's text in a \"text\" field"
        ));
        let (a, origin) = items[3].as_ref().unwrap();
        assert_eq!(a.id, "4");
        assert_eq!(origin.line, Some(5));
        assert_eq!(articles.stats().skipped.malformed, 2);
        assert_eq!(articles.stats().articles, 2);
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("latin1.txt");
        write(&txt, b"Shelling near Ra\xefs al-Ain.");
        let jsonl = dir.path().join("latin1.jsonl");
        write(&jsonl, b"{\"id\":1,\"text\":\"Caf\xe9\"}\n");
        let mut articles = Articles::open([&txt, &jsonl]);
        let texts: Vec<String> = articles.by_ref().map(|a| a.unwrap().text).collect();
        assert_eq!(texts, ["Shelling near Ra\u{fffd}s al-Ain.", "Caf\u{fffd}"]);
        let stats = articles.into_stats();
        assert_eq!(stats.lossy_utf8, 2);
        assert!(stats.warnings[1]
            .to_string()
            .contains("latin1.jsonl:1: invalid UTF-8"));
    }

    #[test]
    fn binary_empty_and_missing_files_are_skipped_and_the_rest_read() {
        let dir = tempfile::tempdir().unwrap();
        let binary = dir.path().join("scan.txt");
        write(&binary, b"%PDF-1.4\0\0\x01stream");
        let empty = dir.path().join("empty.txt");
        write(&empty, b"  \n\n");
        let missing = dir.path().join("missing.txt");
        let good = dir.path().join("good.txt");
        write(&good, REPORT.as_bytes());

        let mut articles = Articles::open([&binary, &empty, &missing, &good]);
        let items: Vec<_> = articles.by_ref().collect();
        assert_eq!(
            items.len(),
            3,
            "the empty document is a warning, not an item"
        );
        match &items[0] {
            Err(Error::Invalid { path, message }) => {
                assert_eq!(path, &binary);
                assert!(message.starts_with("binary file, not an article;"));
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
        match &items[1] {
            Err(Error::Io { path, source }) => {
                assert_eq!(path, &missing);
                assert_eq!(source.kind(), io::ErrorKind::NotFound);
            }
            other => panic!("expected Io, got {other:?}"),
        }
        assert_eq!(items[2].as_ref().unwrap().id, "good.txt");

        let stats = articles.stats();
        assert_eq!(
            stats.skipped,
            Skipped {
                empty: 1,
                binary: 1,
                malformed: 0,
                unreadable: 1
            }
        );
        assert_eq!(stats.warnings.len(), 1);
        assert_eq!(stats.warnings[0].origin.path, empty);
        assert_eq!(
            stats.to_string(),
            "1 article from 3 files; 3 skipped (1 empty, 1 binary, 1 unreadable)"
        );
    }

    #[test]
    fn streams_are_json_lines_when_they_start_with_a_brace() {
        let jsonl =
            "\n  {\"id\": 9, \"date\": \"02 June 2023\", \"text\": \"a\"}\n{\"text\": \"b\"}\n";
        let items: Vec<Article> = Articles::from_reader("stdin", Cursor::new(jsonl))
            .map(|a| a.unwrap())
            .collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].id, "9");
        assert_eq!(items[0].date.as_deref(), Some("2023-06-02"));
        assert_eq!(items[1].id, "stdin:3");

        let items: Vec<Article> = Articles::from_reader("stdin", Cursor::new(REPORT))
            .map(|a| a.unwrap())
            .collect();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].id, "stdin");
        assert_eq!(items[0].text, REPORT);

        let gz = gzip(jsonl.as_bytes());
        assert_eq!(Articles::from_reader("stdin", Cursor::new(gz)).count(), 2);
    }

    #[test]
    fn files_with_other_names_are_read_by_their_content() {
        let dir = tempfile::tempdir().unwrap();
        let feed = dir.path().join("feed");
        write(&feed, b"{\"id\":\"f1\",\"text\":\"x\"}\n");
        let story = dir.path().join("story.md");
        write(&story, REPORT.as_bytes());
        let gz = dir.path().join("old.jsonl.gz");
        write(
            &gz,
            &gzip(b"{\"id\":\"g1\",\"text\":\"x\"}\n{\"id\":\"g2\",\"text\":\"y\"}"),
        );
        let ids = summary(Articles::open([&feed, &story, &gz]));
        assert_eq!(ids, ["f1", "story.md", "g1", "g2"]);
    }

    #[test]
    fn dates_are_normalised_or_dropped_with_a_warning() {
        let input = "{\"text\":\"a\",\"date\":\"2023-06-02T21:00:00+03:00\"}\n\
                     {\"text\":\"b\",\"date\":\"Fri, 02 Jun 2023 10:00:00 GMT\"}\n\
                     {\"text\":\"c\",\"date\":\"02/06/2023\"}\n";
        let mut articles = Articles::from_reader("dates.jsonl", Cursor::new(input));
        let dates: Vec<Option<String>> = articles.by_ref().map(|a| a.unwrap().date).collect();
        assert_eq!(
            dates,
            [Some("2023-06-02".into()), Some("2023-06-02".into()), None]
        );
        let stats = articles.stats();
        assert_eq!(stats.bad_dates, 1);
        assert_eq!(
            stats.warnings[0].to_string(),
            "dates.jsonl:3: unrecognised date \"02/06/2023\"; kept none (use YYYY-MM-DD)"
        );
    }

    #[test]
    fn warnings_are_capped() {
        let input = "{\"text\":\"\"}\n".repeat(MAX_WARNINGS + 50);
        let mut articles = Articles::from_reader("empty.jsonl", Cursor::new(input));
        assert_eq!(articles.by_ref().count(), 0);
        let stats = articles.stats();
        assert_eq!(stats.skipped.empty, MAX_WARNINGS as u64 + 50);
        assert_eq!(stats.warnings.len(), MAX_WARNINGS);
        assert_eq!(stats.warnings_dropped, 50);
    }

    /// An endless JSON Lines stream: reading must yield articles before its end, which it
    /// never reaches.
    struct Endless;

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let line = b"{\"text\":\"more shelling\"}\n";
            let n = buf.len().min(line.len());
            buf[..n].copy_from_slice(&line[..n]);
            Ok(n)
        }
    }

    #[test]
    fn json_lines_stream_one_line_at_a_time() {
        let ids: Vec<String> = Articles::from_reader("endless", Endless)
            .take(3)
            .map(|a| a.unwrap().id)
            .collect();
        assert_eq!(ids, ["endless:1", "endless:2", "endless:3"]);
    }

    #[test]
    fn readers_can_move_between_threads() {
        fn send<T: Send>() {}
        send::<Articles>();
        send::<WithOrigins>();
    }

    #[test]
    fn format_comes_from_the_name_without_gz() {
        assert_eq!(Format::of(Path::new("a/B.TXT")), Some(Format::Text));
        assert_eq!(Format::of(Path::new("x.jsonl.gz")), Some(Format::JsonLines));
        assert_eq!(Format::of(Path::new("x.ndjson")), Some(Format::JsonLines));
        assert_eq!(Format::of(Path::new("x.json")), Some(Format::JsonLines));
        assert_eq!(Format::of(Path::new("x.gz")), None);
        assert_eq!(Format::of(Path::new("x.csv")), None);
        assert_eq!(Format::of(Path::new("README")), None);
    }
}
