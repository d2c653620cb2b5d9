//! Traffic: arrivals, and the deterministic generators the lab's sources and demos use.
//!
//! Offsets are from the run's origin, which is always a multiple of the window, so "the first window edge"
//! is at offset `window`. A pattern with a seed gives the same arrivals every time, on every machine that
//! runs the backend.

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
            } => {
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
                    out.push(at(t as u64, 0));
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
