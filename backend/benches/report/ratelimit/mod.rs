//! The rate-limiting section: for every algorithm of the lab, the same arrivals decided four ways on one
//! Redis, and the ratios between them.
//!
//! - [`runner`]: the lab's own code, tracing every command.
//! - [`raw`]: the same commands sent with redis-rs directly: the baseline.
//! - [`python`]: the course's `RateLimiter`, run as written.
//! - [`websocket`]: a whole replay through the real server and socket.
//! - [`render`]: the markdown.

mod python;
mod raw;
mod render;
mod runner;
mod websocket;

use std::collections::BTreeMap;

use backend::{embedded::EmbeddedRedis, store::Store};
use shared::ratelimit::{Algorithm, Limits};

use crate::{
    BoxError, Settings,
    samples::{Measured, on_own_thread},
};

/// The limit every path enforces: with one arrival per [`STEP_US`] (100 a second) about half are allowed,
/// so every path both allows and denies, and the deny branches (the course's `ZREM`, the scripts' early
/// return) are timed too.
const LIMITS: Limits = Limits {
    max_requests: 50,
    window_seconds: 1,
};
/// Virtual time between arrivals: the WebSocket replay's `Steady` pattern at 100 per second.
const STEP_US: u64 = 10_000;
/// Virtual time of arrival 0: the lab's replay epoch, a window edge, so every path starts alike.
const ORIGIN_US: u64 = 1_700_000_000_000_000;
/// The course's `key` (`api:{user_id}`) every path limits.
const KEY: &str = "api:bench";

/// The `now` of arrival `i`, in Unix microseconds.
fn at_us(i: usize) -> u64 {
    ORIGIN_US + i as u64 * STEP_US
}

/// What was measured for one algorithm.
struct Lane {
    /// Which algorithm.
    algorithm: Algorithm,
    /// `Limiter::decide` on a traced connection.
    runner: Measured,
    /// Trace entries the runner recorded per decision (warm-up included).
    traced_per_decision: f64,
    /// The same commands with redis-rs.
    raw: Measured,
    /// The course's Python method, for the two algorithms the course has.
    python: Option<Measured>,
    /// A replay `Run` through the server, timed from request to reply.
    websocket: Option<Measured>,
}

/// Measures every algorithm on every path against `redis` and returns the section's markdown.
pub async fn section(redis: &EmbeddedRedis, settings: &Settings) -> Result<String, BoxError> {
    let (url, sequential) = (redis.url(), *settings);
    let mut lanes = on_own_thread(move || runner_and_raw(url, sequential)).await?;

    eprintln!("ratelimit: the course's Python");
    let python = if settings.python {
        python::measure(redis.port(), settings).await
    } else {
        Err("skipped with --no-python".into())
    };
    let python_note = match python {
        Ok(course) => {
            fill(&mut lanes, course.methods, |lane| &mut lane.python);
            Ok(course.versions)
        }
        Err(reason) => {
            eprintln!("ratelimit: python: not available: {reason}");
            Err(reason)
        }
    };

    eprintln!("ratelimit: WebSocket replays");
    let replays = websocket::measure(Store::connect(&redis.url()).await?, settings).await?;
    fill(&mut lanes, replays, |lane| &mut lane.websocket);

    Ok(render::section(&lanes, settings, &python_note))
}

/// The runner and raw paths of every algorithm, taking turns algorithm by algorithm.
async fn runner_and_raw(url: String, settings: Settings) -> Result<Vec<Lane>, BoxError> {
    let store = Store::connect(&url).await?;
    let mut direct = redis::Client::open(url)?
        .get_multiplexed_async_connection()
        .await?;
    let mut lanes = Vec::new();
    for algorithm in Algorithm::ALL {
        eprintln!("ratelimit: {} (raw, runner)", algorithm.id());
        let raw = raw::measure(&mut direct, algorithm, &settings).await?;
        let (runner, traced) = runner::measure(&store, algorithm, &settings).await?;
        lanes.push(Lane {
            algorithm,
            runner,
            traced_per_decision: traced as f64 / (settings.warmup + settings.decisions) as f64,
            raw,
            python: None,
            websocket: None,
        });
    }
    Ok(lanes)
}

/// Moves each algorithm's figures from `by_algorithm` into the `slot` of its lane.
fn fill(
    lanes: &mut [Lane],
    mut by_algorithm: BTreeMap<Algorithm, Measured>,
    slot: impl Fn(&mut Lane) -> &mut Option<Measured>,
) {
    for lane in lanes {
        *slot(lane) = by_algorithm.remove(&lane.algorithm);
    }
}
