//! Per-lane figures computed from decisions. Shared so the backend's summary and the frontend's cursor
//! bracket count the same way.

use serde::{Deserialize, Serialize};

/// What one lane did over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneStats {
    /// Requests let through.
    pub allowed: u32,
    /// Requests refused.
    pub denied: u32,
    /// The most allowed requests in any window-length interval `(t − window, t]`: up to 2×max for the
    /// fixed window, at most max for an exact sliding window.
    pub max_in_window: u32,
}

impl LaneStats {
    /// Figures of decisions given as `(at_us, allowed)`, in any order.
    pub fn from_decisions(
        decisions: impl IntoIterator<Item = (u64, bool)>,
        window_us: u64,
    ) -> Self {
        let mut allowed_at = Vec::new();
        let mut denied = 0;
        for (at_us, allowed) in decisions {
            if allowed {
                allowed_at.push(at_us);
            } else {
                denied += 1;
            }
        }
        allowed_at.sort_unstable();
        Self {
            allowed: allowed_at.len() as u32,
            denied,
            max_in_window: max_in_window(&allowed_at, window_us),
        }
    }
}

/// The most of `sorted` (ascending times) inside any interval `(t − window, t]`. The half-open interval
/// is the one the course's `ZREMRANGEBYSCORE key 0 now−window` keeps.
pub fn max_in_window(sorted: &[u64], window_us: u64) -> u32 {
    let mut start = 0;
    let mut best = 0;
    for (end, &t) in sorted.iter().enumerate() {
        while sorted[start] + window_us <= t {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best as u32
}

/// How many of `sorted` lie in `(t − window, t]`: the count the sliding bracket at `t` shows.
pub fn count_in_window(sorted: &[u64], t: u64, window_us: u64) -> u32 {
    let from = sorted.partition_point(|&x| x + window_us <= t);
    let to = sorted.partition_point(|&x| x <= t);
    to.saturating_sub(from) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_is_open_on_the_left() {
        assert_eq!(max_in_window(&[0, 10, 20], 10), 1);
        assert_eq!(max_in_window(&[0, 9, 10], 10), 2);
        assert_eq!(max_in_window(&[], 10), 0);
        assert_eq!(max_in_window(&[5, 5, 5], 1), 3);
    }

    #[test]
    fn stats_count_allowed_denied_and_the_peak() {
        let s = LaneStats::from_decisions([(0, true), (1, false), (2, true), (30, true)], 10);
        assert_eq!(
            s,
            LaneStats {
                allowed: 3,
                denied: 1,
                max_in_window: 2
            }
        );
    }

    #[test]
    fn bracket_counts_match_the_peak_definition() {
        let t = [0, 9, 10, 25];
        assert_eq!(count_in_window(&t, 10, 10), 2);
        assert_eq!(count_in_window(&t, 30, 10), 1);
    }
}
