//! The course's own Python, run as written: `rate_limiter.py` is the course's 演習2 code copied verbatim,
//! and `course.py` times its two methods on the bench's arrivals against the same Redis.
//!
//! redis-py is installed into a venv under `target/bench-venv` once. When Python, venv or pip is missing,
//! or PyPI cannot be reached, this path is "not available" and the rest of the report stands.

use std::{collections::BTreeMap, path::PathBuf, process::Output, time::Duration};

use serde::Deserialize;
use shared::ratelimit::Algorithm;
use tokio::process::Command;

use super::{LIMITS, ORIGIN_US, STEP_US};
use crate::{Settings, samples::Measured, workspace_root};

/// What the course's Python measured.
pub struct Course {
    /// Figures of `is_allowed` (fixed window) and `sliding_window` (course sliding log).
    pub methods: BTreeMap<Algorithm, Measured>,
    /// `Python x.y.z, redis-py a.b.c`, for the report.
    pub versions: String,
}

/// `course.py`'s output.
#[derive(Deserialize)]
struct Printed {
    python: String,
    redis_py: String,
    methods: BTreeMap<Algorithm, PrintedMethod>,
}

/// One method's figures as `course.py` prints them.
#[derive(Deserialize)]
struct PrintedMethod {
    elapsed_ns: u64,
    allowed: usize,
    latencies_ns: Vec<u64>,
}

/// Runs `course.py` against the Redis on `port`; the error is the reason Python is not available.
pub async fn measure(port: u16, settings: &Settings) -> Result<Course, String> {
    let python = venv_python().await?;
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/report/ratelimit/course.py");
    let numbers = [
        ("--port", u64::from(port)),
        ("--decisions", settings.decisions as u64),
        ("--warmup", settings.warmup as u64),
        ("--origin-us", ORIGIN_US),
        ("--step-us", STEP_US),
        ("--max-requests", LIMITS.max_requests.into()),
        ("--window-seconds", LIMITS.window_seconds.into()),
    ];
    let mut command = Command::new(&python);
    command.arg(&script);
    for (flag, value) in numbers {
        command.arg(flag).arg(value.to_string());
    }
    let output = succeed(&mut command, "course.py").await?;
    let printed: Printed = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("course.py printed something other than its JSON: {e}"))?;
    let methods = printed
        .methods
        .into_iter()
        .map(|(algorithm, m)| {
            let elapsed = Duration::from_nanos(m.elapsed_ns);
            (algorithm, Measured::new(m.allowed, elapsed, m.latencies_ns))
        })
        .collect();
    Ok(Course {
        methods,
        versions: format!("Python {}, redis-py {}", printed.python, printed.redis_py),
    })
}

/// The venv's interpreter, creating the venv and installing redis-py only when it cannot import redis.
async fn venv_python() -> Result<PathBuf, String> {
    let venv = workspace_root().join("target/bench-venv");
    let python = venv.join("bin/python");
    let ready = Command::new(&python)
        .args(["-c", "import redis"])
        .output()
        .await
        .is_ok_and(|out| out.status.success());
    if ready {
        return Ok(python);
    }
    if !python.exists() {
        eprintln!("ratelimit: python3 -m venv {}", venv.display());
        succeed(
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
        )
        .await?;
    }
    eprintln!("ratelimit: pip install redis (into the venv)");
    // Short timeouts: without network the bench should say so soon, not after pip's minutes of retries.
    succeed(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--timeout",
            "15",
            "--retries",
            "1",
            "redis",
        ]),
        "pip install redis",
    )
    .await?;
    Ok(python)
}

/// Runs `command` to completion; a failure names `what` and the last line it printed on stderr.
async fn succeed(command: &mut Command, what: &str) -> Result<Output, String> {
    let output = command
        .output()
        .await
        .map_err(|e| format!("{what} could not start: {e}"))?;
    if output.status.success() {
        return Ok(output);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
    Err(format!(
        "{what} failed ({}): {}",
        output.status,
        last.unwrap_or("no message").trim()
    ))
}
