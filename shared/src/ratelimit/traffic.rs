//! Traffic: arrivals, and the deterministic generators the lab's sources and demos use.
//!
//! Offsets are from the run's origin, which is always a multiple of the window, so "the first window edge"
//! is at offset `window`. A pattern with a seed gives the same arrivals every time, on every machine that
//! runs the backend.
//!
//! The two retry storms give first attempts like [`Pattern::Poisson`], and a [`Retry`] policy: a lane
//! that refuses a request sends it again later, as a client library would. The retries depend on each
//! lane's own refusals, so the runner makes them while it replays; their delays come from the seed too.

use serde::{Deserialize, Serialize};

use super::{Limits, MAX_ARRIVALS, MAX_CLIENTS, MAX_LIVE_SECONDS};
use crate::ParamRange;

/// One request: when, and from which virtual client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    /// Microseconds after the run's origin.
    pub at_us: u64,
    /// Virtual client, 0-based.
    pub client: u32,
}

/// A traffic generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "pattern", rename_all = "snake_case")]
pub enum Pattern {
    /// Evenly spaced requests.
    Steady {
        /// Requests per second, 1 to 100.
        per_second: u32,
        /// How long, 1 to 120 seconds.
        seconds: u32,
    },
    /// `size` requests at once, every `every_seconds`.
    Bursts {
        /// Requests per burst, 1 to 200.
        size: u32,
        /// Seconds between bursts, 1 to 60.
        every_seconds: u32,
        /// Number of bursts, 1 to 20.
        count: u32,
    },
    /// `max_requests` just before the first fixed-window edge, then `max_requests` just after: the
    /// fixed window lets 2×max through in well under one window.
    BoundaryBurst,
    /// Random arrivals at a mean rate (exponential gaps), reproducible from `seed`.
    Poisson {
        /// Mean requests per second, 1 to 100.
        per_second: u32,
        /// How long, 1 to 120 seconds.
        seconds: u32,
        /// Seed of the generator.
        seed: u64,
    },
    /// `clients` virtual clients each sending `each` requests at the same instant.
    Concurrent {
        /// Clients, 1 to [`MAX_CLIENTS`].
        clients: u32,
        /// Requests per client, 1 to 20.
        each: u32,
    },
    /// A retry storm: Poisson arrivals, and every refused request is sent again after the same short
    /// delay, up to [`RETRY_ATTEMPTS`] times.
    RetryFixed {
        /// Mean first attempts per second, 1 to 100.
        per_second: u32,
        /// How long first attempts come, 1 to 120 seconds.
        seconds: u32,
        /// The delay before every retry, 1 to 10,000 ms.
        delay_ms: u32,
        /// Seed of the arrivals.
        seed: u64,
    },
    /// The storm calmed: the same arrivals, but a refused request waits a random time up to
    /// `base_ms × 2^attempt` ("full jitter" exponential backoff) before each retry.
    RetryJitter {
        /// Mean first attempts per second, 1 to 100.
        per_second: u32,
        /// How long first attempts come, 1 to 120 seconds.
        seconds: u32,
        /// The backoff's first ceiling, 1 to 10,000 ms; it doubles with each retry.
        base_ms: u32,
        /// Seed of the arrivals and of the jitter.
        seed: u64,
    },
}

/// Most times a refused request of a retry storm is sent again.
pub const RETRY_ATTEMPTS: u32 = 4;

/// How a retry storm's refused requests come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// After the same delay every time, in µs.
    Fixed {
        /// The delay.
        delay_us: u64,
    },
    /// After a random delay in `[0, base × 2^attempt)`, from the seed.
    Jitter {
        /// The first ceiling, in µs.
        base_us: u64,
        /// Seed of the delays.
        seed: u64,
    },
}

impl Retry {
    /// When arrival `index`, refused at its attempt `attempt` (0 for the first), comes back: the delay
    /// in µs, or `None` once it has been sent [`RETRY_ATTEMPTS`] times again. The same arguments always
    /// give the same delay, whatever order a lane asks in.
    pub fn delay_us(&self, index: u32, attempt: u32) -> Option<u64> {
        if attempt >= RETRY_ATTEMPTS {
            return None;
        }
        Some(match *self {
            Self::Fixed { delay_us } => delay_us,
            Self::Jitter { base_us, seed } => {
                let mut rng = SplitMix64(
                    seed ^ (u64::from(index) << 8 | u64::from(attempt))
                        .wrapping_mul(0xA24B_AED4_963E_E407),
                );
                let ceiling = base_us << attempt;
                (ceiling as f64 * (1.0 - rng.unit())) as u64
            }
        })
    }
}

/// Gap between requests of a boundary burst, before clamping to fit the window.
const BOUNDARY_GAP_US: u64 = 20_000;
/// When the concurrent clients fire: mid-window, away from any edge.
const CONCURRENT_AT: f64 = 0.5;

impl Pattern {
    /// Checks the pattern's parameters, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ParamRange> {
        let seconds_max = MAX_LIVE_SECONDS as i64;
        match *self {
            Self::Steady {
                per_second,
                seconds,
            }
            | Self::Poisson {
                per_second,
                seconds,
                ..
            } => {
                ParamRange::check("per_second", per_second.into(), 1, 100)?;
                ParamRange::check("seconds", seconds.into(), 1, seconds_max)
            }
            Self::Bursts {
                size,
                every_seconds,
                count,
            } => {
                ParamRange::check("size", size.into(), 1, 200)?;
                ParamRange::check("every_seconds", every_seconds.into(), 1, 60)?;
                ParamRange::check("count", count.into(), 1, 20)
            }
            Self::BoundaryBurst => Ok(()),
            Self::RetryFixed {
                per_second,
                seconds,
                delay_ms: ms,
                ..
            }
            | Self::RetryJitter {
                per_second,
                seconds,
                base_ms: ms,
                ..
            } => {
                ParamRange::check("per_second", per_second.into(), 1, 100)?;
                ParamRange::check("seconds", seconds.into(), 1, seconds_max)?;
                ParamRange::check(
                    if matches!(self, Self::RetryFixed { .. }) {
                        "delay_ms"
                    } else {
                        "base_ms"
                    },
                    ms.into(),
                    1,
                    10_000,
                )
            }
            Self::Concurrent { clients, each } => {
                ParamRange::check("clients", clients.into(), 1, MAX_CLIENTS.into())?;
                ParamRange::check("each", each.into(), 1, 20)
            }
        }
    }

    /// The arrivals this pattern makes under `limits`, sorted by time, at most [`MAX_ARRIVALS`].
    pub fn arrivals(&self, limits: Limits) -> Vec<Arrival> {
        let window = limits.window_us();
        let mut out: Vec<Arrival> = match *self {
            Self::Steady {
                per_second,
                seconds,
            } => {
                let gap = 1_000_000 / u64::from(per_second);
                (0..u64::from(per_second) * u64::from(seconds))
                    .map(|i| at(i * gap, 0))
                    .collect()
            }
            Self::Bursts {
                size,
                every_seconds,
                count,
            } => (0..u64::from(count))
                .flat_map(|b| {
                    (0..size).map(move |_| at(b * u64::from(every_seconds) * 1_000_000, 0))
                })
                .collect(),
            Self::BoundaryBurst => {
                let max = u64::from(limits.max_requests);
                let gap = BOUNDARY_GAP_US.min(window / (2 * max + 1)).max(1);
                let before = (1..=max).rev().map(|i| at(window - i * gap, 0));
                let after = (0..max).map(|i| at(window + i * gap, 0));
                before.chain(after).collect()
            }
            Self::Poisson {
                per_second,
                seconds,
                seed,
            }
            | Self::RetryFixed {
                per_second,
                seconds,
                seed,
                ..
            }
            | Self::RetryJitter {
                per_second,
                seconds,
                seed,
                ..
            } => {
                let many_clients = !matches!(self, Self::Poisson { .. });
                let mut rng = SplitMix64(seed);
                let end = u64::from(seconds) * 1_000_000;
                let mean_gap = 1_000_000.0 / f64::from(per_second);
                let mut t = 0.0_f64;
                let mut out = Vec::new();
                loop {
                    t += -rng.unit().ln() * mean_gap;
                    if t >= end as f64 || out.len() == MAX_ARRIVALS {
                        break out;
                    }
                    // A storm's requests come from many clients (numbered in turn), each retrying its own.
                    let client = if many_clients {
                        out.len() as u32 % MAX_CLIENTS
                    } else {
                        0
                    };
                    out.push(at(t as u64, client));
                }
            }
            Self::Concurrent { clients, each } => {
                let when = (window as f64 * CONCURRENT_AT) as u64;
                (0..each)
                    .flat_map(|_| (0..clients).map(move |c| at(when, c)))
                    .collect()
            }
        };
        out.truncate(MAX_ARRIVALS);
        out.sort_by_key(|a| (a.at_us, a.client));
        out
    }

    /// How a retry storm's refused requests come back; `None` for every other pattern.
    pub fn retry(&self) -> Option<Retry> {
        match *self {
            Self::RetryFixed { delay_ms, .. } => Some(Retry::Fixed {
                delay_us: u64::from(delay_ms) * 1000,
            }),
            Self::RetryJitter { base_ms, seed, .. } => Some(Retry::Jitter {
                base_us: u64::from(base_ms) * 1000,
                seed,
            }),
            _ => None,
        }
    }
}

fn at(at_us: u64, client: u32) -> Arrival {
    Arrival { at_us, client }
}

/// SplitMix64: a tiny, well-known generator, enough for reproducible traffic.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1]: never 0, so its logarithm is finite.
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max: u32, window: u32) -> Limits {
        Limits {
            max_requests: max,
            window_seconds: window,
        }
    }

    #[test]
    fn boundary_burst_straddles_the_first_edge() {
        let arrivals = Pattern::BoundaryBurst.arrivals(limits(5, 10));
        let edge = 10_000_000;
        assert_eq!(arrivals.len(), 10);
        assert!(arrivals[..5].iter().all(|a| a.at_us < edge));
        assert!(arrivals[5..].iter().all(|a| a.at_us >= edge));
        let span = arrivals[9].at_us - arrivals[0].at_us;
        assert!(span < edge, "the whole burst fits in less than one window");
    }

    #[test]
    fn boundary_burst_fits_even_a_tight_window() {
        let arrivals = Pattern::BoundaryBurst.arrivals(limits(1000, 1));
        assert_eq!(arrivals.len(), 2000);
        assert!(arrivals[999].at_us < 1_000_000 && arrivals[1000].at_us >= 1_000_000);
    }

    #[test]
    fn poisson_is_reproducible_from_its_seed() {
        let p = Pattern::Poisson {
            per_second: 20,
            seconds: 10,
            seed: 7,
        };
        let a = p.arrivals(Limits::default());
        assert_eq!(a, p.arrivals(Limits::default()));
        assert!(
            (120..=280).contains(&a.len()),
            "about 200 arrivals, got {}",
            a.len()
        );
    }

    #[test]
    fn concurrent_clients_share_one_instant() {
        let a = Pattern::Concurrent {
            clients: 4,
            each: 2,
        }
        .arrivals(limits(5, 10));
        assert_eq!(a.len(), 8);
        assert!(a.iter().all(|x| x.at_us == 5_000_000));
        assert_eq!(a.iter().filter(|x| x.client == 3).count(), 2);
    }

    #[test]
    fn jittered_retries_are_reproducible_and_within_their_ceiling() {
        let retry = Pattern::RetryJitter {
            per_second: 10,
            seconds: 5,
            base_ms: 100,
            seed: 3,
        }
        .retry()
        .expect("a storm retries");
        for attempt in 0..RETRY_ATTEMPTS {
            let delay = retry.delay_us(7, attempt).expect("within the attempts");
            assert!(delay < 100_000 << attempt);
            assert_eq!(retry.delay_us(7, attempt), Some(delay));
        }
        assert_eq!(retry.delay_us(7, RETRY_ATTEMPTS), None);
        let delays: Vec<_> = (0..20).filter_map(|i| retry.delay_us(i, 0)).collect();
        assert!(
            delays.windows(2).any(|w| w[0] != w[1]),
            "jitter spreads them"
        );
    }

    #[test]
    fn a_fixed_storm_keeps_the_poisson_times_from_many_clients() {
        let (per_second, seconds, seed) = (20, 10, 7);
        let storm = Pattern::RetryFixed {
            per_second,
            seconds,
            delay_ms: 200,
            seed,
        }
        .arrivals(Limits::default());
        let plain = Pattern::Poisson {
            per_second,
            seconds,
            seed,
        }
        .arrivals(Limits::default());
        let times = |a: &[Arrival]| a.iter().map(|x| x.at_us).collect::<Vec<_>>();
        assert_eq!(times(&storm), times(&plain));
        assert!(storm.iter().any(|a| a.client > 0));
        assert!(
            Pattern::Poisson {
                per_second,
                seconds,
                seed
            }
            .retry()
            .is_none()
        );
    }

    #[test]
    fn out_of_range_patterns_name_the_field() {
        let bad = Pattern::Steady {
            per_second: 0,
            seconds: 5,
        };
        assert_eq!(
            bad.validate().map_err(|r| r.field),
            Err("per_second".into())
        );
    }
}
