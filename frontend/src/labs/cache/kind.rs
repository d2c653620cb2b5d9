//! What the lab's requests are, as the status line and the guided demo name them.

/// Whether a measured pass ran on an empty cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing was cached since the last reset.
    Cold,
    /// Something was: a warm-up, or the reads of an earlier pass.
    Warm,
}

/// What an awaited request was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Simulated views.
    Views,
    /// A warm-up; its progress events feed the bar.
    Warmup,
    /// A measured pass.
    Measure(Phase),
    /// A stampede.
    Stampede {
        /// Guarded by the lock.
        lock: bool,
        /// With spread TTLs.
        jitter: bool,
    },
    /// Workers against one pipeline.
    Race {
        /// The workers.
        workers: u32,
    },
    /// Emptying the cache.
    Reset,
    /// The heat strip's `PTTL`s; not an action, so it never shows in the status.
    Inspect,
}
