//! Ordered parallelism for streams of articles: work on all cores, output in input order.
//!
//! Articles arrive as a stream that must not be held whole, and users expect the same bytes
//! out whatever the thread count. So the stream is cut into batches; each batch is processed
//! in parallel (rayon) and its results are handed on in input order before the next batch is
//! read. Memory stays bounded by one batch.
//!
//! One article must never cost the others their output: [`isolated`] runs an article's
//! work so that a panic in it (a bug, met on some unforeseen text) becomes an error for
//! that article alone, which the commands count and report like a bad input line.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use rayon::prelude::*;

use crate::error::Error;

thread_local! {
    /// Set while this thread runs work in [`quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Run one article's work, turning a panic into [`Error::Panic`] with the article's id and
/// the panic message. The panic hook stays silent for such panics (the caller reports the
/// error in one line); panics anywhere else print as usual.
pub fn isolated<R>(article: &str, work: impl FnOnce() -> R) -> Result<R, Error> {
    quietly(|| {
        panic_if_asked(article);
        work()
    })
    .map_err(|message| Error::Panic {
        article: article.to_string(),
        message,
    })
}

/// Run `work`, turning a panic into its message, with the panic hook silent for it: for
/// work whose panic is an error of its input (an article, a corrupt file read by a crate
/// that panics), not the end of the run.
pub fn quietly<R>(work: impl FnOnce() -> R) -> Result<R, String> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|f| f.replace(true));
    // Unwind safety: the work owns or only reads what it touches (the article, shared
    // read-only models); what a panic leaves half-built is dropped with the error.
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    QUIET.with(|f| f.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into())
    })
}

/// In debug builds, panic in the article named by `INCIMAP_TEST_PANIC_ON`: the CLI tests'
/// way to check that a panic in one article spares the others, now that the inputs that
/// used to panic no longer do. Release builds never read the variable.
fn panic_if_asked(article: &str) {
    #[cfg(debug_assertions)]
    {
        static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
        let target = TARGET.get_or_init(|| std::env::var("INCIMAP_TEST_PANIC_ON").ok());
        if target.as_deref() == Some(article) {
            panic!("INCIMAP_TEST_PANIC_ON asked for a panic here");
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = article;
}

/// Items per batch: large enough to keep every core busy, small enough to bound memory.
pub const BATCH: usize = 256;

/// Apply `f` to every item of `items` on the current rayon pool, and hand each result to
/// `sink` in input order. Stops at the first error `sink` returns.
pub fn for_each_ordered<T, R, E>(
    items: impl Iterator<Item = T> + Send,
    f: impl Fn(T) -> R + Sync,
    sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    for_each_ordered_then(items, f, |results| results, sink)
}

/// As [`for_each_ordered`], with each batch's results handed to `then` before `sink`: for
/// work where reports read together inform each other (the country most of a batch is
/// about, for the few reports that name none). Results stay in input order, and batches
/// are cut by count, so the output is the same whatever the thread count. `sink` runs on
/// the calling thread, each batch's results while the next batch is worked on.
pub fn for_each_ordered_then<T, R, S, E>(
    mut items: impl Iterator<Item = T> + Send,
    f: impl Fn(T) -> R + Sync,
    then: impl Fn(Vec<R>) -> Vec<S> + Sync,
    mut sink: impl FnMut(S) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
    S: Send,
{
    let mut batch: Vec<T> = items.by_ref().take(BATCH).collect();
    let mut done: Vec<S> = Vec::new();
    while !batch.is_empty() {
        // The pool works on this batch while this thread reads the next one (decompressing,
        // parsing JSON) and writes the last one's results (serialising them): done one
        // after the other, they left all cores but one idle, 10-15% of a run.
        let mut results: Vec<S> = Vec::new();
        let mut next: Vec<T> = Vec::new();
        let mut written = Ok(());
        let work = std::mem::take(&mut batch);
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| {
                results = then(work.into_par_iter().map(&f).collect::<Vec<R>>());
            });
            next = items.by_ref().take(BATCH).collect();
            written = done.drain(..).try_for_each(&mut sink);
        });
        // When writing failed, the batch worked on meanwhile is dropped unwritten.
        written?;
        done = results;
        batch = next;
    }
    done.into_iter().try_for_each(sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order() {
        let mut out = Vec::new();
        for_each_ordered(
            0..1000u32,
            |x| x * 2,
            |y| {
                out.push(y);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(out, (0..1000).map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_one_article_is_its_error_alone() {
        let mut out = Vec::new();
        for_each_ordered(
            0..100u32,
            |x| {
                isolated(&format!("doc-{x}"), || {
                    let v: Vec<u32> = Vec::new();
                    if x == 42 {
                        // An out-of-bounds index, as a bug would make it.
                        return v[x as usize];
                    }
                    x
                })
            },
            |r| {
                out.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(out.iter().filter(|r| r.is_ok()).count(), 99);
        match &out[42] {
            Err(Error::Panic { article, message }) => {
                assert_eq!(article, "doc-42");
                assert!(message.contains("index out of bounds"), "{message}");
            }
            other => panic!("expected the panic as an error, got {other:?}"),
        }
        assert!(matches!(out[43], Ok(43)));
    }
}
