//! Properties of the limiters over random traces, against a real Redis: the Lua sliding log never lets
//! more than `max` through in any window, the fixed window never more than 2×max, and a replay is
//! deterministic.

use std::cell::RefCell;

use proptest::{prelude::*, test_runner::TestRunner};
use shared::ratelimit::{Algorithm, Arrival, Mode, Traffic};

use crate::{
    ratelimit::{limits, run},
    support::spawn_app,
};

/// Up to 120 arrivals over 30 s, often sharing a timestamp (a tenth of the time range is 100 ms steps).
fn arrivals() -> impl Strategy<Value = Vec<Arrival>> {
    let at = prop_oneof![0..30_000_000u64, (0..300u64).prop_map(|t| t * 100_000)];
    prop::collection::vec(
        (at, 0..3u32).prop_map(|(at_us, client)| Arrival { at_us, client }),
        1..120,
    )
}

/// Runs `check` on many random (trace, max, window) cases, each replayed through the real backend.
fn for_random_replays(
    algorithms: &'static [Algorithm],
    cases: u32,
    check: impl Fn(&crate::ratelimit::RunOutput, u32) -> Result<(), TestCaseError>,
) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let app = runtime.block_on(spawn_app());
    // The runner takes an `Fn`, so the one socket is borrowed per case.
    let ws = RefCell::new(runtime.block_on(app.session()).0);
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        ..ProptestConfig::default()
    });
    let case = (arrivals(), 1..8u32, 5..20u32);
    let result = runner.run(&case, |(arrivals, max, window)| {
        let traffic = Traffic::Trace { arrivals };
        let out = runtime.block_on(run(
            &mut ws.borrow_mut(),
            algorithms,
            limits(max, window),
            Mode::Replay,
            traffic,
        ));
        check(&out, max)
    });
    result.expect("property holds");
}

#[test]
fn the_lua_sliding_log_never_allows_more_than_max_in_any_window() {
    for_random_replays(&[Algorithm::SlidingLogLua], 48, |out, max| {
        let stats = out.lane(Algorithm::SlidingLogLua).stats;
        prop_assert!(stats.max_in_window <= max, "{stats:?} with max {max}");
        Ok(())
    });
}

#[test]
fn the_fixed_window_never_allows_more_than_twice_max_in_any_window() {
    for_random_replays(&[Algorithm::FixedWindow], 48, |out, max| {
        let stats = out.lane(Algorithm::FixedWindow).stats;
        prop_assert!(stats.max_in_window <= 2 * max, "{stats:?} with max {max}");
        Ok(())
    });
}

#[test]
fn replaying_the_same_trace_gives_the_same_decisions() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let app = runtime.block_on(spawn_app());
    // The runner takes an `Fn`, so the one socket is borrowed per case.
    let ws = RefCell::new(runtime.block_on(app.session()).0);
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 16,
        ..ProptestConfig::default()
    });
    let result = runner.run(
        &(arrivals(), 1..8u32, 5..20u32),
        |(arrivals, max, window)| {
            let traffic = Traffic::Trace { arrivals };
            let first = runtime.block_on(run(
                &mut ws.borrow_mut(),
                &Algorithm::ALL,
                limits(max, window),
                Mode::Replay,
                traffic.clone(),
            ));
            let second = runtime.block_on(run(
                &mut ws.borrow_mut(),
                &Algorithm::ALL,
                limits(max, window),
                Mode::Replay,
                traffic,
            ));
            for algorithm in Algorithm::ALL {
                prop_assert_eq!(
                    first.allowed(algorithm),
                    second.allowed(algorithm),
                    "{:?}",
                    algorithm
                );
            }
            prop_assert_eq!(first.lanes(), second.lanes());
            Ok(())
        },
    );
    result.expect("replays are deterministic");
}

/// The leaky bucket script's arithmetic in Rust, step for step: `(allowed, remaining)` per arrival.
fn leaky_model(times: &[u64], max: u32, window_us: u64) -> Vec<(bool, i64)> {
    let (capacity, window) = (f64::from(max), window_us as f64);
    let mut state: Option<(f64, f64)> = None;
    times
        .iter()
        .map(|&now| {
            let now = now as f64;
            let (mut level, mut at) = state.unwrap_or((0.0, now));
            if now > at {
                level = (level - (now - at) * capacity / window).max(0.0);
                at = now;
            }
            let allowed = level + 1.0 <= capacity;
            if allowed {
                level += 1.0;
            }
            state = Some((level, at));
            (allowed, (capacity - level).floor() as i64)
        })
        .collect()
}

/// The GCRA script's arithmetic in Rust, step for step: `(allowed, remaining)` per arrival.
fn gcra_model(times: &[u64], max: u32, window_us: u64) -> Vec<(bool, i64)> {
    let window = window_us as f64;
    let interval = window / f64::from(max);
    let mut stored: Option<f64> = None;
    times
        .iter()
        .map(|&now| {
            let now = now as f64;
            let tat = stored.unwrap_or(0.0).max(now);
            let new_tat = tat + interval;
            if new_tat - now > window + 1.0 {
                return (false, 0);
            }
            stored = Some(new_tat);
            (
                true,
                ((window + 1.0 - (new_tat - now)) / interval).floor() as i64,
            )
        })
        .collect()
}

/// A lane's `(allowed, remaining)` by arrival index, and the times it decided at.
fn lane_verdicts(
    out: &crate::ratelimit::RunOutput,
    algorithm: Algorithm,
) -> (Vec<u64>, Vec<(bool, i64)>) {
    let mut lane: Vec<_> = out
        .decisions
        .iter()
        .filter(|d| d.algorithm == algorithm)
        .collect();
    lane.sort_by_key(|d| d.index);
    (
        lane.iter().map(|d| d.at_us).collect(),
        lane.iter().map(|d| (d.allowed, d.remaining)).collect(),
    )
}

#[test]
fn the_leaky_bucket_and_gcra_scripts_decide_as_their_models() {
    for_random_replays(
        &[Algorithm::LeakyBucket, Algorithm::Gcra],
        48,
        |out, max| {
            let window_us = out.window_us;
            let (times, leaky) = lane_verdicts(out, Algorithm::LeakyBucket);
            prop_assert_eq!(leaky, leaky_model(&times, max, window_us));
            let (times, gcra) = lane_verdicts(out, Algorithm::Gcra);
            prop_assert_eq!(gcra, gcra_model(&times, max, window_us));
            // Both let a burst of max through at once, and never more than max + the refill.
            for algorithm in [Algorithm::LeakyBucket, Algorithm::Gcra] {
                let stats = out.lane(algorithm).stats;
                prop_assert!(
                    stats.max_in_window <= 2 * max,
                    "{:?} {:?}",
                    algorithm,
                    stats
                );
            }
            Ok(())
        },
    );
}
