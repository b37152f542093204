//! incimap for Python: the library's geoparser, incident reader, gazetteer and GeoParquet
//! writer behind a PyO3 module, `incimap._incimap`, that `python/incimap/__init__.py`
//! re-exports.
//!
//! Nothing here re-derives what the library computes: incidents become dicts through the
//! same [`Row`] cells and rounding ([`round_point`]) the CLI's writers use, mentions through
//! the same serde form `incimap places` prints, and `write_geoparquet` writes through the
//! CLI's [`export::Writer`]. What this crate adds is the Python side: argument checks with
//! clear `TypeError`/`ValueError`s, one gazetteer per process, and the GIL released while Rust
//! works.

use std::path::PathBuf;
use std::sync::{mpsc, Arc, OnceLock};

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use incimap::export::normalize::{FeatureRow, Owned};
use incimap::export::schema::round_point;
use incimap::export::{self, Cell, Kind, Row};
use incimap::gazetteer::{Gazetteer, Lookup};
use incimap::geoparse::Geoparser;
use incimap::incident::Extractor;
use incimap::model::Incident;
use incimap::Article;

// As the CLI's (src/main.rs), so the same work runs as fast here; Python's own objects keep
// Python's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The longest text accepted, in UTF-8 bytes: far above any news report (a long feature is
/// under 100 KB). A larger string is most likely a whole corpus passed as one text, which
/// should go through `extract_many` one article at a time.
const MAX_TEXT: usize = 10 * 1024 * 1024;

/// Articles handed to the workers at a time by `extract_many`: enough to keep every core
/// busy for a while, so reading the next chunk and building the last one's dicts (which need
/// the GIL) overlap the work.
const CHUNK: usize = 4 * incimap::batch::BATCH;

/// The id of a text given without one.
const DEFAULT_DOC: &str = "text";

/// The default gazetteer (bundled, plus the imported index if the data directory holds
/// one, as the CLI loads it), loaded on first use and kept for the life of the process.
static GAZETTEER: OnceLock<Result<Gazetteer, String>> = OnceLock::new();

fn gazetteer() -> PyResult<&'static Gazetteer> {
    // Loaded with the GIL held: a second thread waits for the first here rather than
    // loading it twice, and cannot deadlock on the GIL since it never releases it inside.
    GAZETTEER
        .get_or_init(|| Gazetteer::open(&[]).map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| PyOSError::new_err(format!("cannot load the gazetteer: {e}")))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".into(), |n| n.to_string())
}

/// A text argument as a Rust string, or a clear error: `None`, bytes and other types are
/// `TypeError`s, an over-long text a `ValueError`.
fn text_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        // A lone surrogate cannot be UTF-8: UnicodeEncodeError, a ValueError.
        let s = s.to_str()?;
        if s.len() > MAX_TEXT {
            return Err(PyValueError::new_err(format!(
                "{what} is {:.1} MB; the limit is {} MB a text (pass a corpus one article at \
                 a time, e.g. with extract_many)",
                s.len() as f64 / 1e6,
                MAX_TEXT >> 20
            )));
        }
        return Ok(s.to_owned());
    }
    Err(PyTypeError::new_err(if obj.is_none() {
        format!("{what} must be a str, got None")
    } else if obj.is_instance_of::<PyBytes>() {
        format!("{what} must be a str, got bytes: decode it first, e.g. data.decode(\"utf-8\")")
    } else {
        format!("{what} must be a str, got {}", type_name(obj))
    }))
}

/// An optional string field (`None` for None).
fn optional_str(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<String>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => text_arg(o, what).map(Some),
    }
}

/// A date given as `YYYY-MM-DD` text or a `datetime.date`, checked as `--date` is.
fn date_arg(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<String>> {
    let Some(o) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let s: String = if o.is_instance_of::<PyString>() {
        o.extract()?
    } else if o.hasattr("isoformat")? && o.hasattr("year")? {
        // datetime.date, datetime.datetime, pandas.Timestamp: the day.
        let iso: String = o.call_method0("isoformat")?.extract()?;
        iso.chars().take(10).collect()
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a str (YYYY-MM-DD) or a datetime.date, got {}",
            type_name(o)
        )));
    };
    match incimap::incident::dates::parse(&s) {
        Some(d) => Ok(Some(d.format("%Y-%m-%d").to_string())),
        None => Err(PyValueError::new_err(format!(
            "{what} {s:?} is not a date; give it as YYYY-MM-DD, e.g. \"2014-06-20\""
        ))),
    }
}

/// A country as the CLI's `--country` takes it: two letters, upper-cased.
fn country_arg(country: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(cc) = optional_str(country, "country")? else {
        return Ok(None);
    };
    if cc.len() != 2 || !cc.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(PyValueError::new_err(format!(
            "country takes a two-letter ISO code such as \"SY\", got {cc:?}"
        )));
    }
    Ok(Some(cc.to_ascii_uppercase()))
}

fn extractor(country: Option<String>, date: Option<&str>) -> PyResult<Extractor<'static>> {
    let parser = Geoparser::new(gazetteer()?).with_country(country);
    Extractor::new(parser)
        .with_default_date(date)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The incident columns' names as Python strings, made once per call.
struct Keys<'py> {
    names: Vec<Bound<'py, PyString>>,
    latitude: Bound<'py, PyString>,
    longitude: Bound<'py, PyString>,
}

impl<'py> Keys<'py> {
    fn new(py: Python<'py>) -> Keys<'py> {
        let schema = export::incident::schema();
        Keys {
            names: schema
                .columns
                .iter()
                .map(|c| PyString::intern(py, &c.name))
                .collect(),
            latitude: PyString::intern(py, "latitude"),
            longitude: PyString::intern(py, "longitude"),
        }
    }

    /// One incident as the CLI writes it: every column of the incident schema, then the
    /// rounded, checked `latitude` and `longitude` (None without a location).
    fn dict(&self, py: Python<'py>, i: &Incident) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, name) in self.names.iter().enumerate() {
            match i.cell(k) {
                Cell::Null => d.set_item(name, py.None())?,
                Cell::Bool(b) => d.set_item(name, b)?,
                Cell::Int(n) => d.set_item(name, n)?,
                // GeoJSON has no NaN: the CLI writes a non-finite number as null.
                Cell::Float(x) if !x.is_finite() => d.set_item(name, py.None())?,
                Cell::Float(x) => d.set_item(name, x)?,
                Cell::Str(s) => d.set_item(name, s)?,
                // As `json.loads` gives it from the CLI's GeoJSON: `YYYY-MM-DD` text.
                Cell::Date(day) => d.set_item(name, day.to_string())?,
            }
        }
        let p = round_point(i.point());
        d.set_item(&self.latitude, p.map(|p| p[1]))?;
        d.set_item(&self.longitude, p.map(|p| p[0]))?;
        Ok(d)
    }
}

/// A JSON value as the Python value `json.loads` would give.
fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(json_to_py(py, x)?)?;
            }
            l.into_any()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, json_to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

fn serialized<'py>(py: Python<'py>, v: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(v).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    json_to_py(py, &json)
}

/// Every place mention in `text`, resolved, with the fields of `incimap places`.
///
/// `start`/`end` index the Python str (code points): `text[m["start"]:m["end"]] == m["text"]`.
///
///     >>> [m["name"] for m in incimap.places("Shelling hit Aleppo and Idlib.")]
///     ['Aleppo', 'Idlib']
#[pyfunction]
#[pyo3(signature = (text, *, country=None, date=None))]
fn places<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    country: Option<&Bound<'py, PyAny>>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let text = text_arg(text, "text")?;
    let date = date_arg(date, "date")?;
    let country = country_arg(country)?;
    let parser = Geoparser::new(gazetteer()?).with_country(country);
    let article = Article {
        id: DEFAULT_DOC.into(),
        date,
        text,
        ..Article::default()
    };
    let mentions = py.detach(|| parser.parse(&article));
    let out = PyList::empty(py);
    for m in &mentions {
        out.append(serialized(py, m)?)?;
    }
    Ok(out)
}

/// The incidents `text` reports, each as the CLI writes it, plus latitude and longitude.
///
/// `date` is the CLI's `--date`; `doc_id` (default "text") the document id incident ids are
/// made from.
///
///     >>> incidents = incimap.extract(text, date="2014-06-20", doc_id="report-1")
///     >>> incidents[0]["event_type"], incidents[0]["fatalities"]
#[pyfunction]
#[pyo3(signature = (text, *, date=None, country=None, doc_id=None))]
fn extract<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    date: Option<&Bound<'py, PyAny>>,
    country: Option<&Bound<'py, PyAny>>,
    doc_id: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let text = text_arg(text, "text")?;
    let date = date_arg(date, "date")?;
    let country = country_arg(country)?;
    let id = optional_str(doc_id, "doc_id")?.unwrap_or_else(|| DEFAULT_DOC.into());
    let extractor = extractor(country, date.as_deref())?;
    let article = Article {
        id,
        text,
        ..Article::default()
    };
    let incidents = py.detach(|| extractor.extract(&article));
    let keys = Keys::new(py);
    let out = PyList::empty(py);
    for i in &incidents {
        out.append(keys.dict(py, i)?)?;
    }
    Ok(out)
}

/// One item of `extract_many` as an article, read as the CLI reads a JSON Lines object:
/// `text` required; `id` text or a number (its position when missing); `date`, `title`,
/// `url` optional. A date that does not read as one is an error here (the CLI keeps none
/// and warns), since a caller can fix it.
fn article_from(item: &Bound<'_, PyAny>, index: usize) -> PyResult<Article> {
    let at = |e: PyErr| {
        let py = item.py();
        let msg = format!("item {index}: {}", e.value(py));
        if e.is_instance_of::<PyTypeError>(py) {
            PyTypeError::new_err(msg)
        } else {
            PyValueError::new_err(msg)
        }
    };
    let d = match item.cast::<PyDict>() {
        Ok(d) => d.clone(),
        Err(_) if item.hasattr("keys").unwrap_or(false) => {
            item.py().get_type::<PyDict>().call1((item,))?.cast_into()?
        }
        Err(_) => {
            return Err(PyTypeError::new_err(format!(
                "item {index}: expected a dict such as {{\"id\": \"a1\", \"text\": \"...\"}}, \
                 got {}",
                type_name(item)
            )))
        }
    };
    let text = match d.get_item("text")? {
        Some(t) => text_arg(&t, "text").map_err(at)?,
        None => {
            return Err(PyValueError::new_err(format!(
                "item {index}: no \"text\"; each item needs the article text under \"text\""
            )))
        }
    };
    let id = match d.get_item("id")? {
        None => index.to_string(),
        Some(v) if v.is_none() => index.to_string(),
        Some(v) if v.is_instance_of::<PyInt>() && !v.is_instance_of::<PyBool>() => {
            v.str()?.to_string()
        }
        Some(v) => {
            let s = text_arg(&v, "id").map_err(at)?;
            if s.trim().is_empty() {
                index.to_string()
            } else {
                s
            }
        }
    };
    let field = |k: &str| -> PyResult<Option<String>> {
        Ok(optional_str(d.get_item(k)?.as_ref(), k)
            .map_err(at)?
            .filter(|s| !s.trim().is_empty()))
    };
    let date = match d.get_item("date")? {
        Some(v) if v.is_instance_of::<PyString>() => {
            let raw: String = v.extract()?;
            if raw.trim().is_empty() {
                None
            } else {
                Some(incimap::read::normalize_date(&raw).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "item {index}: date {raw:?} is not a date; give it as YYYY-MM-DD"
                    ))
                })?)
            }
        }
        v => date_arg(v.as_ref(), "date").map_err(at)?,
    };
    Ok(Article {
        id,
        date,
        title: field("title")?.unwrap_or_default(),
        text,
        url: field("url")?,
    })
}

/// The next up to [`CHUNK`] articles of `items`.
fn read_chunk(items: &Bound<'_, PyAny>, next_index: &mut usize) -> PyResult<Vec<Article>> {
    let mut chunk = Vec::with_capacity(CHUNK);
    while chunk.len() < CHUNK {
        let Some(item) = items.try_iter()?.next() else {
            break;
        };
        chunk.push(article_from(&item?, *next_index)?);
        *next_index += 1;
    }
    Ok(chunk)
}

type Found = Result<Vec<Vec<Incident>>, String>;

/// Extract `chunk` on the pool in the background, sending the result on `tx`.
fn spawn(
    pool: Option<&Arc<rayon::ThreadPool>>,
    extractor: &Arc<Extractor<'static>>,
    chunk: Vec<Article>,
    tx: mpsc::Sender<Found>,
) {
    let extractor = Arc::clone(extractor);
    let job = move || {
        let work = std::panic::AssertUnwindSafe(|| {
            // Articles read together, as the CLI reads a batch: one that names no country
            // is read as about the one the others agree on.
            chunk
                .chunks(incimap::batch::BATCH)
                .flat_map(|batch| extractor.extract_together(batch))
                .map(|found| found.incidents)
                .collect::<Vec<_>>()
        });
        // A panic in a rayon job would abort the interpreter: it becomes an exception.
        let r = std::panic::catch_unwind(work).map_err(|p| {
            p.downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into())
        });
        let _ = tx.send(r);
    };
    match pool {
        Some(p) => p.spawn(job),
        None => rayon::spawn(job),
    }
}

/// The incidents of many articles, in input order, extracted on all cores (or `threads`)
/// with the GIL released. Each article is a dict as a JSON Lines line of the CLI's input.
///
///     >>> rows = [{"id": "a1", "date": "2014-06-20", "text": text}]
///     >>> incidents = incimap.extract_many(rows, threads=2)
#[pyfunction]
#[pyo3(signature = (articles, threads=None, *, date=None, country=None))]
fn extract_many<'py>(
    py: Python<'py>,
    articles: &Bound<'py, PyAny>,
    threads: Option<&Bound<'py, PyAny>>,
    date: Option<&Bound<'py, PyAny>>,
    country: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    if articles.is_instance_of::<PyString>() || articles.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(format!(
            "articles must be an iterable of dicts (a list, a generator), got one {}: wrap it \
             in a list",
            type_name(articles)
        )));
    }
    let pool = match threads.filter(|t| !t.is_none()) {
        None => None,
        Some(t) => {
            let n: i64 = t.extract().map_err(|_| {
                PyTypeError::new_err(format!("threads must be an int, got {}", type_name(t)))
            })?;
            if !(1..=1024).contains(&n) {
                return Err(PyValueError::new_err(format!(
                    "threads must be 1 or more (None for every core), got {n}"
                )));
            }
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n as usize)
                .build()
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            Some(Arc::new(pool))
        }
    };
    let date = date_arg(date, "date")?;
    let country = country_arg(country)?;
    let extractor = Arc::new(extractor(country, date.as_deref())?);
    let items = articles.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "articles must be an iterable of dicts, got {}",
            type_name(articles)
        ))
    })?;
    let items = items.into_any();

    let keys = Keys::new(py);
    let out = PyList::empty(py);
    let append = |found: Found| -> PyResult<()> {
        let found = found.map_err(|p| {
            PyRuntimeError::new_err(format!(
                "incimap failed on an article ({p}); please report it"
            ))
        })?;
        for i in found.iter().flatten() {
            out.append(keys.dict(py, i)?)?;
        }
        Ok(())
    };
    // A pipeline: while the workers extract one chunk, this thread (holding the GIL) builds
    // the dicts of the last and reads the next.
    let (tx, mut rx) = mpsc::channel::<Found>();
    let mut index = 0;
    let mut chunk = read_chunk(&items, &mut index)?;
    let mut previous: Option<Found> = None;
    while !chunk.is_empty() {
        spawn(pool.as_ref(), &extractor, chunk, tx.clone());
        if let Some(found) = previous.take() {
            append(found)?;
        }
        chunk = read_chunk(&items, &mut index)?;
        // A Receiver is Send but not Sync: hand the waiting thread a unique borrow.
        let rx = &mut rx;
        previous = Some(py.detach(move || {
            rx.recv()
                .unwrap_or_else(|_| Err("the worker stopped".into()))
        }));
    }
    if let Some(found) = previous {
        append(found)?;
    }
    Ok(out)
}

/// Place names to ranked places: the bundled gazetteer (and an imported GeoNames index),
/// plus user CSVs. Without user CSVs, the process's one shared gazetteer.
///
///     >>> incimap.Gazetteer().lookup("Deir ez-Zor", country="SY", limit=1)[0]["name"]
///     'Deir ez-Zor'
#[pyclass(frozen, name = "Gazetteer", module = "incimap")]
struct PyGazetteer {
    inner: GazetteerRef,
}

enum GazetteerRef {
    Shared(&'static Gazetteer),
    Own(Gazetteer),
}

impl PyGazetteer {
    fn get(&self) -> &Gazetteer {
        match &self.inner {
            GazetteerRef::Shared(g) => g,
            GazetteerRef::Own(g) => g,
        }
    }
}

#[pymethods]
impl PyGazetteer {
    #[new]
    #[pyo3(signature = (user_csvs=None))]
    fn new(py: Python<'_>, user_csvs: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let mut files: Vec<PathBuf> = Vec::new();
        if let Some(u) = user_csvs.filter(|u| !u.is_none()) {
            if u.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(
                    "user_csvs takes a list of paths, got one str: wrap it in a list",
                ));
            }
            for f in u.try_iter()? {
                let f = f?;
                files.push(f.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "user_csvs takes paths (str or os.PathLike), got {}",
                        type_name(&f)
                    ))
                })?);
            }
        }
        if files.is_empty() {
            return Ok(PyGazetteer {
                inner: GazetteerRef::Shared(gazetteer()?),
            });
        }
        let g = py
            .detach(|| Gazetteer::open(&files))
            .map_err(|e| PyValueError::new_err(format!("cannot load the gazetteer: {e}")))?;
        // Bad rows are skipped, as the CLI does; Python hears of them as a UserWarning.
        for skipped in g.skipped_rows() {
            let first = skipped.first.first().map(|e| e.to_string()).unwrap_or_default();
            let msg = format!(
                "{}: {} row(s) skipped (first: {first})",
                skipped.path.display(),
                skipped.count
            );
            let msg = std::ffi::CString::new(msg.replace('\0', " "))
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
            PyErr::warn(py, category.as_any(), &msg, 1)?;
        }
        Ok(PyGazetteer {
            inner: GazetteerRef::Own(g),
        })
    }

    /// Ranked places for `name`, best first, as `incimap gazetteer lookup --format json`.
    #[pyo3(signature = (name, country=None, near=None, limit=10))]
    fn lookup<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'py, PyAny>,
        country: Option<&Bound<'py, PyAny>>,
        near: Option<&Bound<'py, PyAny>>,
        limit: i64,
    ) -> PyResult<Bound<'py, PyList>> {
        let name = text_arg(name, "name")?;
        let country = country_arg(country)?;
        let near = match near.filter(|n| !n.is_none()) {
            None => None,
            Some(n) => {
                let (lon, lat): (f64, f64) = n.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "near takes a (lon, lat) pair of numbers, got {}",
                        type_name(n)
                    ))
                })?;
                if !((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
                    return Err(PyValueError::new_err(format!(
                        "near takes (lon, lat) in degrees, got ({lon}, {lat})"
                    )));
                }
                Some((lon, lat))
            }
        };
        if limit < 0 {
            return Err(PyValueError::new_err(format!(
                "limit must be 0 (all) or more, got {limit}"
            )));
        }
        let opts = Lookup {
            country,
            near,
            limit: limit as usize,
        };
        let g = self.get();
        let found = py.detach(|| g.lookup(&name, &opts));
        let out = PyList::empty(py);
        for c in &found {
            // Three decimals, as `incimap gazetteer lookup --format json` prints the score.
            let mut c = c.clone();
            c.score = (c.score * 1000.0).round() / 1000.0;
            out.append(serialized(py, &c)?)?;
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        let parts: Vec<String> = self
            .get()
            .parts()
            .map(|p| match &p.path {
                Some(path) => path.display().to_string(),
                None => "bundled".into(),
            })
            .collect();
        format!("incimap.Gazetteer({})", parts.join(", "))
    }
}

/// A dict from `write_geoparquet`'s input as a row of the incident schema: the cells as
/// features read back from a file hold them, and a point that may be missing.
struct DictRow {
    point: Option<[f64; 2]>,
    cells: FeatureRow,
}

impl Row for DictRow {
    fn point(&self) -> Option<[f64; 2]> {
        self.point
    }

    fn cell(&self, i: usize) -> Cell<'_> {
        self.cells.cell(i)
    }
}

/// A missing value: None, or the NaN pandas puts in an empty cell.
fn is_missing(v: &Bound<'_, PyAny>) -> bool {
    v.is_none() || v.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan())
}

fn owned(v: &Bound<'_, PyAny>, kind: Kind, column: &str, k: usize) -> PyResult<Owned> {
    if is_missing(v) {
        return Ok(Owned::Null);
    }
    let wrong = |want: &str| {
        PyTypeError::new_err(format!(
            "incident {k}: {column} must be {want} or None, got {}",
            type_name(v)
        ))
    };
    Ok(match kind {
        Kind::Bool if v.is_instance_of::<PyBool>() => Owned::Bool(v.extract()?),
        Kind::Bool => Owned::Bool(v.extract().map_err(|_| wrong("a bool"))?),
        Kind::Int | Kind::Long if v.is_instance_of::<PyBool>() => return Err(wrong("an int")),
        Kind::Int | Kind::Long => Owned::Int(v.extract().map_err(|_| wrong("an int"))?),
        Kind::Float => Owned::Float(v.extract().map_err(|_| wrong("a float"))?),
        Kind::Str => Owned::Str(text_arg(v, column).map_err(|_| wrong("a str"))?),
        Kind::Date => match date_arg(Some(v), column)? {
            Some(d) => Owned::Str(d),
            None => Owned::Null,
        },
    })
}

/// Write incidents (dicts as `extract` returns them) to a GeoParquet file, whole or not at
/// all, with the columns `incimap extract --format parquet` writes. Returns the rows written.
///
///     >>> incimap.write_geoparquet(incimap.extract(text, date="2014-06-20"), "seed.parquet")
#[pyfunction]
fn write_geoparquet(py: Python<'_>, incidents: &Bound<'_, PyAny>, path: PathBuf) -> PyResult<u64> {
    let schema = export::incident::schema();
    let mut rows = Vec::new();
    for (k, item) in incidents.try_iter()?.enumerate() {
        let item = item?;
        let d = item.cast::<PyDict>().map_err(|_| {
            PyTypeError::new_err(format!(
                "incident {k}: expected a dict as extract() returns, got {}",
                type_name(&item)
            ))
        })?;
        let mut cells = Vec::with_capacity(schema.len());
        for c in &schema.columns {
            cells.push(match d.get_item(&c.name)? {
                Some(v) => owned(&v, c.kind, &c.name, k)?,
                None => Owned::Null,
            });
        }
        let coordinate = |key: &str| -> PyResult<Option<f64>> {
            match d.get_item(key)? {
                Some(v) if !is_missing(&v) => Ok(Some(v.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "incident {k}: {key} must be a number or None, got {}",
                        type_name(&v)
                    ))
                })?)),
                _ => Ok(None),
            }
        };
        let point = match (coordinate("longitude")?, coordinate("latitude")?) {
            (Some(lon), Some(lat)) => Some([lon, lat]),
            _ => None,
        };
        rows.push(DictRow {
            point,
            // The row's own point is not read: DictRow answers with `point`.
            cells: FeatureRow {
                point: [0.0, 0.0],
                cells,
            },
        });
    }
    let name = path
        .file_stem()
        .map_or("incidents".into(), |s| s.to_string_lossy().into_owned());
    let written = py.detach(|| {
        let mut written = 0;
        export::atomic::write_with(&path, |out| {
            let mut w = export::Writer::new(out, export::Format::GeoParquet, schema, &name)?;
            for r in &rows {
                w.write(r)?;
            }
            written = w.finish()?.written;
            Ok(())
        })
        .map(|()| written)
    });
    written.map_err(|e| PyOSError::new_err(format!("{e:#}")))
}

/// The incident columns, in the order every format writes them.
fn columns(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
    let names: Vec<String> = export::incident::schema()
        .columns
        .into_iter()
        .map(|c| c.name)
        .collect();
    PyTuple::new(py, names)
}

#[pymodule]
fn _incimap(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(places, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(write_geoparquet, m)?)?;
    m.add_class::<PyGazetteer>()?;
    m.add("COLUMNS", columns(m.py())?)?;
    m.add("MAX_TEXT_BYTES", MAX_TEXT)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
