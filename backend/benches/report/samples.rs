//! Timing decisions: the recorder every path's loop feeds, and the figures drawn from it (decisions per
//! second, p50, p99), so every row of the report is measured and summarized the same way.

use std::{
    ops::Range,
    time::{Duration, Instant},
};

use crate::{BoxError, Settings};

/// What one path did over its timed decisions.
pub struct Measured {
    /// Decisions timed.
    pub decisions: usize,
    /// How many of them were allowed: equal counts show that two paths did the same work.
    pub allowed: usize,
    /// Wall time of all the timed decisions together.
    pub elapsed: Duration,
    /// Each decision's latency in nanoseconds, ascending; empty when only the total was timed.
    latencies_ns: Vec<u64>,
}

impl Measured {
    /// Figures from per-decision latencies (in any order).
    pub fn new(allowed: usize, elapsed: Duration, mut latencies_ns: Vec<u64>) -> Self {
        latencies_ns.sort_unstable();
        Self {
            decisions: latencies_ns.len(),
            allowed,
            elapsed,
            latencies_ns,
        }
    }

    /// One set of figures from parts measured at the same time (two backends' audiences of one
    /// burst): every latency together, over the longest part's span.
    pub fn merged(parts: Vec<Self>) -> Self {
        let allowed = parts.iter().map(|p| p.allowed).sum();
        let elapsed = parts.iter().map(|p| p.elapsed).max().unwrap_or_default();
        let latencies = parts.into_iter().flat_map(|p| p.latencies_ns).collect();
        Self::new(allowed, elapsed, latencies)
    }

    /// Figures from a total time alone, when single decisions cannot be timed from outside.
    pub fn total_only(decisions: usize, allowed: usize, elapsed: Duration) -> Self {
        Self {
            decisions,
            allowed,
            elapsed,
            latencies_ns: Vec::new(),
        }
    }

    /// Decisions per second of wall time.
    pub fn per_second(&self) -> f64 {
        self.decisions as f64 / self.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
    }

    /// The nearest-rank `p`th percentile latency in microseconds, if latencies were recorded.
    pub fn percentile_us(&self, p: f64) -> Option<f64> {
        let n = self.latencies_ns.len();
        if n == 0 {
            return None;
        }
        // Nearest rank: the smallest sample with at least p% of all samples at or below it.
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        let ns = self.latencies_ns[rank.clamp(1, n) - 1];
        Some(ns as f64 / 1000.0)
    }
}

/// Times decisions made one after another: arrivals `0..warmup` untimed, then `decisions` timed.
///
/// Arrival `i` is the same request on every path, so the warm-up also brings each path's keys to the same
/// steady state before timing starts. (A loop the caller writes, rather than a function taking an async
/// closure: the closure's borrowed connection would make the report's task not provably `Send`.)
pub struct Recorder {
    warmup: usize,
    total: usize,
    latencies_ns: Vec<u64>,
    allowed: usize,
    /// When the first timed arrival started, and when the last one ended.
    span: Option<(Instant, Instant)>,
}

impl Recorder {
    /// A recorder for `settings.warmup` untimed and `settings.decisions` timed arrivals.
    pub fn new(settings: &Settings) -> Self {
        Self {
            warmup: settings.warmup,
            total: settings.warmup + settings.decisions,
            latencies_ns: Vec::with_capacity(settings.decisions),
            allowed: 0,
            span: None,
        }
    }

    /// Every arrival's index, warm-up first.
    pub fn arrivals(&self) -> Range<usize> {
        0..self.total
    }

    /// Records that arrival `i`, started at `call`, has just been decided.
    pub fn record(&mut self, i: usize, call: Instant, allowed: bool) {
        if i < self.warmup {
            return;
        }
        let now = Instant::now();
        self.latencies_ns.push((now - call).as_nanos() as u64);
        self.allowed += usize::from(allowed);
        let first = self.span.map_or(call, |(first, _)| first);
        self.span = Some((first, now));
    }

    /// The figures of the timed arrivals.
    pub fn finish(self) -> Measured {
        let elapsed = self
            .span
            .map_or(Duration::ZERO, |(first, last)| last - first);
        Measured::new(self.allowed, elapsed, self.latencies_ns)
    }
}

/// Runs the future `make` builds on a single-threaded runtime on a thread of its own, and waits for it.
///
/// Paths that decide one request after another are measured there: the measuring task and its
/// connections' I/O share one thread, so no round trip pays a hop between threads and every path is
/// scheduled alike. On the multi-thread runtime, whether a task and its connection's I/O land on the same
/// worker changes from run to run, and with it p50 by up to 2×.
pub async fn on_own_thread<T, F, M>(make: M) -> Result<T, BoxError>
where
    M: FnOnce() -> F + Send + 'static,
    F: Future<Output = Result<T, BoxError>>,
    T: Send + 'static,
{
    let (done, result) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let outcome = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(BoxError::from)
            .and_then(|runtime| runtime.block_on(make()));
        let _ = done.send(outcome);
    });
    result
        .await
        .map_err(|_| "the measuring thread stopped without an answer")?
}
