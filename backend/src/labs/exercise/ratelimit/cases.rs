//! The traffic each case sends, fixed so every submission meets the same requests. Times are ms from
//! the case's start, which is a multiple of every window, so a fixed window's boundary falls on a
//! multiple of the window here too.

use shared::exercise::Case;

/// The `now` of a case's first request, in Unix ms: a multiple of every window the cases use.
pub const START_MS: u64 = 1_700_000_000_000;
/// In the concurrent case, the ms between two consecutive `now`s handed out to the racing clients.
pub const CONCURRENT_STEP_MS: u32 = 10;

/// What one case sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The limit passed as `ARGV[2]`.
    pub limit: u32,
    /// The window passed as `ARGV[3]`, in ms.
    pub window_ms: u32,
    /// The traffic.
    pub traffic: Traffic,
}

/// How the requests arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Traffic {
    /// One client, one request after the other, at these ms (some equal on purpose).
    Sequential(Vec<u32>),
    /// `clients` clients on connections of their own, racing in `rounds` rounds of `each` requests
    /// each: every request takes the next `now` (a step of [`CONCURRENT_STEP_MS`]) just before it is
    /// sent. Round `r` starts at `2 r` windows, and a round spans less than a window, so whatever order
    /// the race gives, the exact sliding log allows exactly the limit in each round.
    Racing {
        /// Clients.
        clients: u8,
        /// Rounds.
        rounds: u32,
        /// Requests per client per round.
        each: u32,
    },
}

/// The plan of `case`.
pub fn plan(case: Case) -> Plan {
    match case {
        Case::BoundaryBurst => Plan {
            limit: 5,
            window_ms: 1000,
            traffic: Traffic::Sequential(
                (995..1005).chain([1500, 1994, 1995, 1996, 2000]).collect(),
            ),
        },
        Case::SameTimestamp => Plan {
            limit: 5,
            window_ms: 1000,
            traffic: Traffic::Sequential(
                [100, 600, 1150]
                    .into_iter()
                    .flat_map(|at| [at; 8])
                    .collect(),
            ),
        },
        Case::Concurrent => Plan {
            limit: 5,
            window_ms: 1000,
            traffic: Traffic::Racing {
                clients: 4,
                rounds: 3,
                each: 4,
            },
        },
        Case::Poisson => Plan {
            limit: 5,
            window_ms: 1000,
            traffic: Traffic::Sequential(poisson(0x5eed_0001, 100, 4000, false)),
        },
        Case::HiddenLimitOne => Plan {
            limit: 1,
            window_ms: 500,
            traffic: Traffic::Sequential(vec![0, 1, 250, 499, 500, 501, 999, 1000, 1001, 1600]),
        },
        Case::HiddenShortWindow => Plan {
            limit: 10,
            window_ms: 250,
            traffic: Traffic::Sequential((240..260).chain(600..606).collect()),
        },
        Case::HiddenPoisson => Plan {
            limit: 3,
            window_ms: 400,
            traffic: Traffic::Sequential(poisson(0x5eed_0002, 60, 2000, true)),
        },
    }
}

/// Arrivals of a Poisson process with a mean gap of `mean_gap_ms`, before `until_ms`, from a small
/// deterministic generator (xorshift). Arrivals in the same ms are moved 1 ms on unless `collide`,
/// which instead repeats every seventh arrival's time.
fn poisson(seed: u64, mean_gap_ms: u32, until_ms: u32, collide: bool) -> Vec<u32> {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // A uniform in (0, 1]: never 0, so the logarithm is finite.
        ((state >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    };
    let mut at = 0.0_f64;
    let mut times: Vec<u32> = Vec::new();
    loop {
        at += -next().ln() * f64::from(mean_gap_ms);
        if at >= f64::from(until_ms) {
            return times;
        }
        let mut ms = at as u32;
        let last = times.last().copied();
        if collide && times.len() % 7 == 6 {
            ms = last.unwrap_or(ms);
        } else if let Some(last) = last {
            ms = ms.max(last + 1);
        }
        times.push(ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(case: Case) -> Vec<u32> {
        match plan(case).traffic {
            Traffic::Sequential(times) => times,
            Traffic::Racing { .. } => Vec::new(),
        }
    }

    #[test]
    fn only_the_same_timestamp_cases_repeat_a_millisecond() {
        for case in Case::ALL {
            let times = times(case);
            let repeats = times.windows(2).any(|w| w[0] == w[1]);
            let meant = matches!(case, Case::SameTimestamp | Case::HiddenPoisson);
            assert_eq!(repeats, meant, "{case:?}: {times:?}");
            assert!(times.windows(2).all(|w| w[0] <= w[1]), "{case:?} in order");
        }
    }

    #[test]
    fn poisson_traffic_is_about_twice_the_limit() {
        let plan = plan(Case::Poisson);
        let n = times(Case::Poisson).len() as u32;
        // 4 windows at 2 × 5 requests per window: 40 on average.
        assert!((25..=60).contains(&n), "{n} arrivals");
        assert_eq!(plan.limit, 5);
    }

    #[test]
    fn a_racing_round_spans_less_than_a_window() {
        let plan = plan(Case::Concurrent);
        let Traffic::Racing { clients, each, .. } = plan.traffic else {
            panic!("the concurrent case races");
        };
        assert!(u32::from(clients) * each * CONCURRENT_STEP_MS < plan.window_ms);
    }

    #[test]
    fn the_start_is_a_multiple_of_every_window() {
        for case in Case::ALL {
            assert_eq!(START_MS % u64::from(plan(case).window_ms), 0, "{case:?}");
        }
    }
}
