//! The course's own Python decides like the lab's two course lanes. The `RateLimiter` class is read from
//! the course file at test time (the `python` block of 演習2, `rate_limiter.py`), run by redis-py under a
//! virtual clock, and compared decision by decision, with the remaining count, against the lab's limiter
//! (`Algorithm::FixedWindow` and `Algorithm::SlidingLogCourse`) given the same `now`, on one private
//! redis-server. The traces include same-timestamp bursts and arrivals on and around window edges.
//!
//! Needs the virtual environment `scripts/setup.sh` makes (`target/course-venv`, with redis-py) and the
//! course beside the repository (`../shared/course`, found by `course::path`).

use std::path::PathBuf;

use backend::{
    embedded::EmbeddedRedis,
    labs::ratelimit::limiter::{Limiter, Verdict},
    store::{Namespace, Store, trace_channel},
};
use serde::{Deserialize, Serialize};
use shared::ratelimit::{Algorithm, Limits};

/// The course file holding `rate_limiter.py`.
const COURSE_FILE: &str = "phase3-2-advanced-features.md";
/// A Unix time in microseconds, a whole number of 2,520 s: of every window used here (2, 3, 5, 7, 10 s).
const ORIGIN_US: u64 = 1_764_000_000_000_000;

/// Runs the course's class on every case; prints, per case, each method's `[allowed, remaining]`.
/// The course module only reads `time.time()` through its own `time` name, which is replaced by the
/// virtual clock, so redis-py keeps the real clock.
const DRIVER: &str = r#"
import json
import sys

sys.path.insert(0, sys.argv[1])
import redis
import rate_limiter


class VirtualClock:
    """Stands in for the time module inside rate_limiter: time() is whatever the driver set."""

    def __init__(self):
        self.now = 0.0

    def time(self):
        return self.now


with open(sys.argv[2], encoding="utf-8") as spec_file:
    spec = json.load(spec_file)
clock = VirtualClock()
rate_limiter.time = clock
limiter = rate_limiter.RateLimiter(redis.Redis(host="127.0.0.1", port=spec["port"]))
out = []
for case in spec["cases"]:
    decided = {}
    for name, method in (
        ("fixed_window", limiter.is_allowed),
        ("sliding_log_course", limiter.sliding_window),
    ):
        rows = []
        for at_us in case["arrivals_us"]:
            clock.now = at_us / 1_000_000
            allowed, remaining = method(
                key=case["key"], max_requests=case["max"], window_seconds=case["window"]
            )
            rows.append([bool(allowed), int(remaining)])
        decided[name] = rows
    out.append(decided)
json.dump(out, sys.stdout)
"#;

/// One generated trace: its limits and arrival times (absolute, in Unix microseconds).
#[derive(Debug, Clone, Serialize)]
struct Case {
    key: String,
    max: u32,
    window: u32,
    arrivals_us: Vec<u64>,
}

/// What the driver is given.
#[derive(Serialize)]
struct Spec<'a> {
    port: u16,
    cases: &'a [Case],
}

/// What the driver prints for one case.
#[derive(Debug, Deserialize)]
struct Decided {
    fixed_window: Vec<(bool, i64)>,
    sliding_log_course: Vec<(bool, i64)>,
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("backend sits in the workspace")
        .to_path_buf()
}

/// The `python` block of 演習2 in the course file: `rate_limiter.py`, verbatim.
fn course_rate_limiter() -> String {
    let text = crate::course::read(COURSE_FILE);
    let exercise = text
        .split("### 演習2")
        .nth(1)
        .expect("the course file has 演習2");
    let block = exercise
        .split("```python\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("演習2 has a python block");
    assert!(
        block.starts_with("# rate_limiter.py") && block.contains("class RateLimiter"),
        "演習2's python block is no longer rate_limiter.py:\n{block}"
    );
    block.to_owned()
}

/// The venv's interpreter; fails loudly when `scripts/setup.sh` has not made it.
fn venv_python() -> PathBuf {
    let python = workspace_root().join("target/course-venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: the course's Python check runs in the virtual environment scripts/setup.sh \
         makes (python3 -m venv target/course-venv, then pip install redis into it). Run scripts/setup.sh.",
        python.display()
    );
    python
}

/// A small deterministic generator (64-bit LCG), so a failure names a case that can be run again.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Traces of every kind: bursts sharing one timestamp, arrivals on a window edge, a microsecond either
/// side of it, exactly one window apart, and scattered ones; in time order, as a clock gives them.
fn cases() -> Vec<Case> {
    let mut dice = Dice(0x5eed);
    let mut cases = Vec::new();
    for i in 0..48 {
        let max = 1 + dice.below(6) as u32;
        let window = [2, 3, 5, 7, 10][dice.below(5) as usize];
        let window_us = u64::from(window) * 1_000_000;
        let mut at = ORIGIN_US + dice.below(window_us);
        let mut arrivals = Vec::new();
        while arrivals.len() < 40 {
            match dice.below(6) {
                // A burst at one instant.
                0 => arrivals.extend(std::iter::repeat_n(at, 2 + dice.below(5) as usize)),
                // The next window edge, and a microsecond either side of it.
                1 => {
                    let edge = (at / window_us + 1) * window_us;
                    arrivals.extend([edge - 1, edge, edge + 1]);
                    at = edge + 1;
                }
                // Exactly one window later: the sliding log's boundary.
                2 => {
                    at += window_us;
                    arrivals.push(at);
                }
                // A whole second later, printed by Python as `x.0`.
                3 => {
                    at = (at / 1_000_000 + 1) * 1_000_000;
                    arrivals.push(at);
                }
                _ => {
                    at += dice.below(window_us / 2);
                    arrivals.push(at);
                }
            }
            at = *arrivals.last().unwrap_or(&at);
        }
        cases.push(Case {
            key: format!("course-{i}"),
            max,
            window,
            arrivals_us: arrivals,
        });
    }
    cases
}

/// The lab's limiter on `case`, with `algorithm`, as `[allowed, remaining]` per arrival.
async fn lab(store: &Store, case: &Case, algorithm: Algorithm) -> Vec<(bool, i64)> {
    let (tracer, _sink) = trace_channel(1);
    let mut conn = store.conn(tracer);
    let namespace = Namespace::for_session("course");
    let limiter = Limiter {
        namespace: &namespace,
        key: &case.key,
        limits: Limits {
            max_requests: case.max,
            window_seconds: case.window,
        },
    };
    let mut decided = Vec::new();
    for &at_us in &case.arrivals_us {
        let verdict: Verdict = limiter
            .decide(&mut conn, algorithm, at_us)
            .await
            .expect("the lab's limiter decides");
        decided.push((verdict.allowed, verdict.remaining));
    }
    decided
}

#[tokio::test]
async fn the_courses_python_decides_like_the_course_lanes() {
    let python = venv_python();
    let source = course_rate_limiter();
    let module = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(module.path().join("rate_limiter.py"), source).expect("rate_limiter.py written");

    let redis = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let store = Store::connect(&redis.url()).await.expect("store connects");
    let cases = cases();

    let spec = serde_json::to_vec(&Spec {
        port: redis.port(),
        cases: &cases,
    })
    .expect("spec serialises");
    let spec_path = module.path().join("spec.json");
    std::fs::write(&spec_path, spec).expect("spec written");
    let output = tokio::process::Command::new(&python)
        .arg("-c")
        .arg(DRIVER)
        .arg(module.path())
        .arg(&spec_path)
        .output()
        .await
        .unwrap_or_else(|e| panic!("{} does not start: {e}", python.display()));
    assert!(
        output.status.success(),
        "the course's Python failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let python_decided: Vec<Decided> =
        serde_json::from_slice(&output.stdout).expect("the driver prints its JSON");
    assert_eq!(python_decided.len(), cases.len());

    let mut refused = 0;
    for (case, py) in cases.iter().zip(&python_decided) {
        let fixed = lab(&store, case, Algorithm::FixedWindow).await;
        assert_eq!(fixed, py.fixed_window, "fixed window differs on {case:?}");
        let sliding = lab(&store, case, Algorithm::SlidingLogCourse).await;
        assert_eq!(
            sliding, py.sliding_log_course,
            "course sliding log differs on {case:?}"
        );
        refused += fixed.iter().chain(&sliding).filter(|(ok, _)| !ok).count();
    }
    assert!(refused > 0, "the traces reach the limits");
    redis.stop().await;
}
