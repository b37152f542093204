//! Progress bars for long runs: drawn on stderr only when it is a terminal, only once a run
//! has taken a second (short runs stay quiet), never with `--quiet`.
//!
//! The work never waits on the bar: a ticker thread polls a closure that reads counters the
//! work updates anyway (bytes read, articles, features), so the bar costs nothing per item.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How long a run goes before its bar appears.
const DELAY: Duration = Duration::from_secs(1);
const TICK: Duration = Duration::from_millis(100);

/// What a bar counts: the position the poll returns is in this unit.
#[derive(Clone, Copy)]
pub enum Unit {
    Bytes,
    Items(&'static str),
}

/// A progress bar fed by a poll on a ticker thread; cleared when dropped.
pub struct Bar {
    stop: Arc<AtomicBool>,
    ticker: Option<JoinHandle<()>>,
}

impl Bar {
    /// A bar over `total` (a spinner when it is unknown) that shows what `poll` returns:
    /// the position and a message. Inert when `quiet` or stderr is not a terminal.
    pub fn new(
        quiet: bool,
        total: Option<u64>,
        unit: Unit,
        poll: impl Fn() -> (u64, String) + Send + 'static,
    ) -> Bar {
        let stop = Arc::new(AtomicBool::new(false));
        if quiet || !std::io::stderr().is_terminal() {
            return Bar { stop, ticker: None };
        }
        let stopped = stop.clone();
        let ticker = std::thread::spawn(move || {
            let started = Instant::now();
            let bar = make(total, unit);
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                let (pos, msg) = poll();
                bar.set_position(pos);
                bar.set_message(msg);
                if started.elapsed() >= DELAY && bar.is_hidden() {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                }
            }
            bar.finish_and_clear();
        });
        Bar {
            stop,
            ticker: Some(ticker),
        }
    }

    /// A bar over the articles of a read: bytes against the inputs' size, articles as the
    /// message.
    pub fn articles(quiet: bool, articles: &incimap::read::Articles) -> Bar {
        let progress = articles.progress();
        Bar::new(quiet, articles.total_bytes(), Unit::Bytes, move || {
            let n = progress.articles();
            (progress.bytes(), format!("{} articles", HumanCount(n)))
        })
    }
}

/// A count the work bumps and a [`Bar::counting`] bar shows.
#[derive(Clone, Default)]
pub struct Counter(Arc<AtomicU64>);

impl Counter {
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
}

impl Bar {
    /// A spinner counting `what` (e.g. "features") as the work bumps the returned counter.
    pub fn counting(quiet: bool, what: &'static str) -> (Bar, Counter) {
        let counter = Counter::default();
        let seen = counter.clone();
        let bar = Bar::new(quiet, None, Unit::Items(what), move || {
            (seen.0.load(Ordering::Relaxed), String::new())
        });
        (bar, counter)
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
    }
}

fn make(total: Option<u64>, unit: Unit) -> ProgressBar {
    let (pos, len, rate, what) = match unit {
        Unit::Bytes => (
            "{bytes}",
            "{total_bytes}",
            "{binary_bytes_per_sec}",
            String::new(),
        ),
        Unit::Items(what) => ("{human_pos}", "{human_len}", "{rate}/s", format!(" {what}")),
    };
    let template = match total {
        Some(_) => format!(
            "{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {pos}/{len}{what} ({rate}, {{eta}} left) {{msg}}"
        ),
        None => format!("{{spinner}} [{{elapsed_precise}}] {pos}{what} ({rate}) {{msg}}"),
    };
    let style = ProgressStyle::with_template(&template)
        .expect("a valid progress template")
        // indicatif's own {per_sec} shows four decimals.
        .with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}", HumanCount(state.per_sec() as u64));
            },
        )
        .progress_chars("=> ");
    ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden()).with_style(style)
}
