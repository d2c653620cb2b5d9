//! The section's markdown: what was measured, how to read it, the ratios, and one table per algorithm.

use shared::ratelimit::Algorithm;

use super::{LIMITS, Lane, STEP_US};
use crate::{
    Settings,
    markdown::{count, micros, ratio, table},
    samples::Measured,
};

/// The section. `python` is the course's versions, or why Python was not available.
pub fn section(lanes: &[Lane], settings: &Settings, python: &Result<String, String>) -> String {
    let python_line = match python {
        Ok(versions) => format!(
            "the course's `RateLimiter` methods as written ({versions}), with `time.time()` replaced \
             by the same virtual clock."
        ),
        Err(reason) => format!("not available ({reason})."),
    };
    let mut out = format!(
        "## Rate limiting\n\n\
         For each algorithm every path decides the same arrivals, one after another on one connection \
         to the one Redis: one every {step} ms of virtual time under a limit of {max} per {window} s, \
         so about half are allowed and half denied. {warmup} untimed arrivals come first, then \
         {decisions} are timed.\n\n\
         - **runner**: the lab's code, `Limiter::decide` on a traced `Conn`, as a replay lane runs it.\n\
         - **raw**: the same Redis commands sent with redis-rs and nothing else. Runner and raw share a \
         single-threaded runtime of their own, so both are scheduled alike and differ only in code.\n\
         - **python**: {python_line}\n\
         - **websocket**: one replay `Run` of the arrivals through the real server and socket, on \
         fresh keys, timed from request to reply (decisions per second only). It runs on the server's \
         multi-threaded runtime, where a lane and its connection may share a worker thread, so it can \
         beat raw: it is the rate a browser sees, not a cost on top of raw.\n\n\
         What the runner adds is the trace: every command it sends (for a MULTI/EXEC: `MULTI`, each \
         queued command and `EXEC`) becomes a `TraceEntry` whose arguments and reply summary are copied \
         into strings and pushed on the session's channel. Ratios are of decisions per second: runner ÷ \
         raw is the share of the raw speed the lab keeps and overhead (raw ÷ runner) how many times \
         longer a traced decision takes, and python ÷ raw compares the course's Python with the same \
         commands sent from Rust. Every path waits on the \
         same loopback round trips, so a ratio near 1 means Redis, not the code around it, sets the \
         pace.\n\n",
        step = STEP_US / 1000,
        max = LIMITS.max_requests,
        window = LIMITS.window_seconds,
        warmup = count(settings.warmup as f64),
        decisions = count(settings.decisions as f64),
    );

    out.push_str("### Ratios\n\n");
    let rows: Vec<Vec<String>> = lanes
        .iter()
        .map(|lane| {
            let per_second = |m: Option<&Measured>| m.map(Measured::per_second);
            let (runner, raw) = (per_second(Some(&lane.runner)), per_second(Some(&lane.raw)));
            vec![
                format!("`{}`", lane.algorithm.id()),
                ratio(runner, raw),
                ratio(raw, runner),
                ratio(per_second(lane.python.as_ref()), raw),
                format!("{:.1}", lane.traced_per_decision),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "algorithm",
            "runner ÷ raw",
            "overhead (raw ÷ runner)",
            "python ÷ raw",
            "trace entries / decision",
        ],
        &rows,
    ));

    for lane in lanes {
        out.push_str(&format!(
            "\n### `{}`\n\n{}\n\n",
            lane.algorithm.id(),
            what(lane.algorithm)
        ));
        let python = match (&lane.python, python) {
            (Some(m), _) => figures("python", m),
            (None, Ok(_)) => absent("python", "not in the course"),
            (None, Err(_)) => absent("python", "not available"),
        };
        let websocket = lane.websocket.as_ref().map_or_else(
            || absent("websocket", "not measured"),
            |m| figures("websocket", m),
        );
        let rows = [
            figures("runner", &lane.runner),
            figures("raw", &lane.raw),
            python,
            websocket,
        ];
        out.push_str(&table(
            &["path", "decisions/s", "p50 µs", "p99 µs", "allowed"],
            &rows,
        ));
    }
    out
}

/// What the algorithm sends to Redis per decision.
fn what(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::FixedWindow => {
            "The course's `is_allowed`: `INCR` and `EXPIRE` in one MULTI/EXEC round trip."
        }
        Algorithm::SlidingLogCourse => {
            "The course's `sliding_window`: `ZREMRANGEBYSCORE`, `ZADD`, `ZCARD` and `EXPIRE` in one \
             MULTI/EXEC round trip, and a second round trip (`ZREM`) for each denied request."
        }
        Algorithm::SlidingLogLua => "The sliding log fixed: one `EVALSHA` of `sliding_log.lua`.",
        Algorithm::SlidingCounter => "The sliding counter: one `EVALSHA` of `sliding_counter.lua`.",
        Algorithm::TokenBucket => "The token bucket: one `EVALSHA` of `token_bucket.lua`.",
        Algorithm::LeakyBucket => {
            "The leaky bucket as a meter: one `EVALSHA` of `leaky_bucket.lua`."
        }
        Algorithm::Gcra => "GCRA: one `EVALSHA` of `gcra.lua`.",
    }
}

/// A table row of `path`'s figures.
fn figures(path: &str, m: &Measured) -> Vec<String> {
    vec![
        path.into(),
        count(m.per_second()),
        micros(m.percentile_us(50.0)),
        micros(m.percentile_us(99.0)),
        format!(
            "{} of {}",
            count(m.allowed as f64),
            count(m.decisions as f64)
        ),
    ]
}

/// A table row for a path with no figures, saying why.
fn absent(path: &str, why: &str) -> Vec<String> {
    vec![path.into(), why.into(), "–".into(), "–".into(), "–".into()]
}
