//! The properties judged on what Redis returned: pure functions over one lane's decisions.

use shared::exercise::{Decision, STRICTNESS_TOLERANCE_PERCENT};

/// Whether no interval one window long, `(t - window, t]`, holds more than `limit` allowed decisions,
/// by the `now` each decision was given.
pub fn within_limit(decisions: &[Decision], limit: u32, window_ms: u32) -> bool {
    let mut allowed: Vec<u32> = decisions
        .iter()
        .filter(|d| d.allowed)
        .map(|d| d.at_ms)
        .collect();
    allowed.sort_unstable();
    let mut first = 0;
    for (last, &at) in allowed.iter().enumerate() {
        while allowed[first] + window_ms <= at {
            first += 1;
        }
        if last - first + 1 > limit as usize {
            return false;
        }
    }
    true
}

/// Whether `yours` allowed at least what the exact sliding log (`fixed`) allowed on the same traffic,
/// less [`STRICTNESS_TOLERANCE_PERCENT`] (rounded down).
pub fn not_too_strict(yours: &[Decision], fixed: &[Decision]) -> bool {
    let count = |lane: &[Decision]| lane.iter().filter(|d| d.allowed).count() as u64;
    let fixed = count(fixed);
    count(yours) >= fixed - fixed * u64::from(STRICTNESS_TOLERANCE_PERCENT) / 100
}

/// Whether every `remaining` is within `0..=limit`.
pub fn remaining_in_range(decisions: &[Decision], limit: u32) -> bool {
    decisions
        .iter()
        .all(|d| (0..=i64::from(limit)).contains(&d.remaining))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(allowed: &[(u32, bool)]) -> Vec<Decision> {
        allowed
            .iter()
            .map(|&(at_ms, allowed)| Decision {
                at_ms,
                client: 0,
                allowed,
                remaining: 0,
            })
            .collect()
    }

    #[test]
    fn a_window_is_half_open() {
        // Two allowed one window apart are in different windows; 1 ms less and they share one.
        assert!(within_limit(&lane(&[(0, true), (1000, true)]), 1, 1000));
        assert!(!within_limit(&lane(&[(0, true), (999, true)]), 1, 1000));
        assert!(within_limit(&lane(&[(0, true), (999, false)]), 1, 1000));
    }

    #[test]
    fn a_boundary_burst_of_a_fixed_window_is_over_the_limit() {
        let burst: Vec<(u32, bool)> = (995..1005).map(|at| (at, true)).collect();
        assert!(!within_limit(&lane(&burst), 5, 1000));
    }

    #[test]
    fn ten_percent_fewer_is_tolerated() {
        let fixed = lane(&[(0, true); 10]);
        let nine = lane(&[(0, true); 9]);
        let eight = lane(&[(0, true); 8]);
        assert!(not_too_strict(&nine, &fixed));
        assert!(!not_too_strict(&eight, &fixed));
    }
}
