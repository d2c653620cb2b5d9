//! The guided demo: one click runs, in order, the requests that show what a warm-up buys. Each step is
//! plain data, so tests check the exact requests.
//!
//! Reset, a cold pass, reset again, views, a warm-up from the access log, a warm pass. The second reset
//! is there because a cold pass caches every product it misses (cache-aside): warming on top of that
//! would credit the warm-up with hits the cold pass made. The views come after it, because a reset
//! deletes the access log with the products.

use shared::cache::{CacheRequest, Db, Source};

use super::kind::{Kind, Phase};
use super::settings::MEASURE_SEED;

/// Views the demo records.
const VIEWS: u32 = 2_000;
/// Seed of the demo's views; not the measure's, so the warm-up knows popularity, not the reads.
const VIEWS_SEED: u64 = 1;
/// Most viewed products the demo warms.
const TOP_N: u32 = 200;
/// Reads of each measured pass.
const READS: u32 = 1_000;
/// The course's `max_workers` and TTL.
const WORKERS: u32 = 10;
const TTL_SECS: u32 = 3_600;

/// One step of the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Empty the cache and the access log.
    Reset,
    /// Record the simulated views.
    Views,
    /// Warm the most viewed.
    Warmup,
    /// A measured pass, cold or warm.
    Measure(Phase),
}

/// The demo's steps, in order.
pub const STEPS: [Step; 6] = [
    Step::Reset,
    Step::Measure(Phase::Cold),
    Step::Reset,
    Step::Views,
    Step::Warmup,
    Step::Measure(Phase::Warm),
];

impl Step {
    /// What the lab records the step's request as.
    pub fn kind(self) -> Kind {
        match self {
            Self::Reset => Kind::Reset,
            Self::Views => Kind::Views,
            Self::Warmup => Kind::Warmup,
            Self::Measure(phase) => Kind::Measure(phase),
        }
    }

    /// The step's request; `zrange_rev` is the form's switch, so the demo warms with the command shown.
    pub fn request(self, zrange_rev: bool) -> CacheRequest {
        let db = Db::default();
        match self {
            Self::Reset => CacheRequest::Reset,
            Self::Views => CacheRequest::Views {
                views: VIEWS,
                seed: VIEWS_SEED,
            },
            Self::Warmup => CacheRequest::Warmup {
                source: Source::AccessLog {
                    top_n: TOP_N,
                    zrange_rev,
                },
                workers: WORKERS,
                db,
                ttl_secs: TTL_SECS,
                ttl_jitter: false,
            },
            Self::Measure(_) => CacheRequest::Measure {
                reads: READS,
                seed: MEASURE_SEED,
                db,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_is_a_valid_request() {
        for step in STEPS {
            for zrange_rev in [false, true] {
                assert_eq!(step.request(zrange_rev).validate(), Ok(()), "{step:?}");
            }
        }
    }

    #[test]
    fn both_passes_make_the_same_reads_and_the_cold_one_starts_empty() {
        let passes: Vec<_> = STEPS
            .iter()
            .filter(|step| matches!(step, Step::Measure(_)))
            .map(|step| step.request(false))
            .collect();
        assert_eq!(passes.len(), 2);
        assert_eq!(passes[0], passes[1]);
        assert_eq!(STEPS[0], Step::Reset);
        assert_eq!(STEPS[1], Step::Measure(Phase::Cold));
    }

    #[test]
    fn the_warm_up_follows_fresh_views_after_the_cold_pass_is_wiped() {
        let at = |kind| STEPS.iter().rposition(|&step| step == kind);
        assert!(at(Step::Reset) > at(Step::Measure(Phase::Cold)));
        assert!(at(Step::Views) > at(Step::Reset));
        assert!(at(Step::Warmup) > at(Step::Views));
        assert!(at(Step::Measure(Phase::Warm)) > at(Step::Warmup));
    }

    #[test]
    fn the_switch_reaches_the_warm_up() {
        let CacheRequest::Warmup { source, .. } = Step::Warmup.request(true) else {
            panic!("a warm-up");
        };
        assert_eq!(
            source,
            Source::AccessLog {
                top_n: TOP_N,
                zrange_rev: true
            }
        );
    }
}
