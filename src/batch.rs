//! Ordered parallelism for streams of articles: work on all cores, output in input order.
//!
//! Articles arrive as a stream that must not be held whole, and users expect the same bytes
//! out whatever the thread count. So the stream is cut into batches; each batch is processed
//! in parallel (rayon) and its results are handed on in input order before the next batch is
//! read. Memory stays bounded by one batch.

use rayon::prelude::*;

/// Items per batch: large enough to keep every core busy, small enough to bound memory.
pub const BATCH: usize = 256;

/// Apply `f` to every item of `items` on the current rayon pool, and hand each result to
/// `sink` in input order. Stops at the first error `sink` returns.
pub fn for_each_ordered<T, R, E>(
    mut items: impl Iterator<Item = T> + Send,
    f: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    let mut batch: Vec<T> = items.by_ref().take(BATCH).collect();
    while !batch.is_empty() {
        // Read the next batch while this one is processed, so reading (decompressing,
        // parsing JSON) overlaps the work instead of leaving the other cores idle.
        let (next, results) = rayon::join(
            || items.by_ref().take(BATCH).collect::<Vec<T>>(),
            || {
                std::mem::take(&mut batch)
                    .into_par_iter()
                    .map(&f)
                    .collect::<Vec<R>>()
            },
        );
        for r in results {
            sink(r)?;
        }
        batch = next;
    }
    Ok(())
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
}
