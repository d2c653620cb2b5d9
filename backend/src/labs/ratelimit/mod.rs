//! The `ratelimit` lab: the course's fixed and sliding windows, the sliding log fixed in Lua, and the
//! sliding counter, token bucket, leaky bucket and GCRA people use today, deciding the same traffic side
//! by side; and the many-servers lesson.
//!
//! - [`limiter`]: the algorithms, each taking `now` as an argument.
//! - [`runner`]: many arrivals, live on the wall clock or replayed on virtual time.
//! - [`servers`]: N application servers limiting on their own or through one limiter in Redis.

pub mod limiter;
mod runner;
pub mod servers;

use std::time::{SystemTime, UNIX_EPOCH};

use shared::ratelimit::{Algorithm, Decision, Limits, RatelimitReply, RatelimitRequest};

use crate::{error::LabError, labs::Events, session::Session};
use limiter::Limiter;

/// The course's `key` for the "send request" button: `api:{user_id}` with the learner as the user.
const BUTTON_KEY: &str = "api:you";

/// Runs one validated request of the lab.
pub async fn run(
    session: &Session,
    events: Events,
    req: RatelimitRequest,
) -> Result<RatelimitReply, LabError> {
    let id = events.id();
    match req {
        RatelimitRequest::Hit { algorithms, limits } => {
            let mut conn = session.conn(id);
            let limiter = button_limiter(session, limits);
            let now_us = wall_clock_us();
            let mut decisions = Vec::with_capacity(algorithms.len());
            for algorithm in algorithms {
                let verdict = limiter.decide(&mut conn, algorithm, now_us).await?;
                decisions.push(Decision {
                    algorithm,
                    index: 0,
                    client: 0,
                    at_us: now_us,
                    allowed: verdict.allowed,
                    remaining: verdict.remaining,
                    counter: verdict.counter,
                    trace: conn.take_trace(),
                    attempt: 0,
                });
            }
            Ok(RatelimitReply::Hit { decisions })
        }
        RatelimitRequest::Run {
            algorithms,
            limits,
            mode,
            traffic,
            speed,
        } => {
            let plan = runner::Plan {
                algorithms: &algorithms,
                limits,
                mode,
                traffic: &traffic,
                speed,
            };
            runner::run(session, events, plan).await
        }
        RatelimitRequest::Peek { algorithms, limits } => {
            let mut conn = session.conn(id);
            let limiter = button_limiter(session, limits);
            let now_us = wall_clock_us();
            let mut peeks = Vec::with_capacity(algorithms.len());
            for algorithm in algorithms {
                peeks.push(limiter.peek(&mut conn, algorithm, now_us).await?);
            }
            Ok(RatelimitReply::Peek { peeks })
        }
        RatelimitRequest::Servers {
            servers,
            limits,
            pattern,
        } => servers::run(session, events, servers, limits, pattern).await,
        RatelimitRequest::Reset => {
            let deleted = session
                .conn(id)
                .delete_matching(session.namespace(), &format!("rate:{BUTTON_KEY}*"))
                .await?;
            Ok(RatelimitReply::Reset { deleted })
        }
    }
}

fn button_limiter(session: &Session, limits: Limits) -> Limiter<'_> {
    Limiter {
        namespace: session.namespace(),
        key: BUTTON_KEY,
        limits,
    }
}

/// The wall clock in Unix microseconds: the `now` of live decisions, as `time.time()` is in the course.
fn wall_clock_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or_default()
}

/// The trace's name for the connection deciding `algorithm`'s lane in a replay.
fn lane_client(algorithm: Algorithm) -> String {
    format!("lane:{}", algorithm.id())
}
