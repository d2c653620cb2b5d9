//! The rate-limiting lab over the socket, against real Redis: decisions on hand-made traces, the boundary
//! burst, the course's same-timestamp collision, what the keys hold, a live race, and cancelling.

use redis::AsyncCommands;
use shared::{
    ErrorCode, LabEvent, LabReply, LabRequest, ServerMsg,
    ratelimit::{
        Algorithm, Arrival, Decision, LaneSummary, Limits, Mode, Pattern, RatelimitEvent,
        RatelimitReply, RatelimitRequest, Traffic,
    },
};

use crate::support::{WsClient, spawn_app};

/// What a run sent: its origin, every decision, and the final reply or error.
pub struct RunOutput {
    pub origin_us: u64,
    /// The run's window, in µs.
    pub window_us: u64,
    pub decisions: Vec<Decision>,
    pub answer: ServerMsg,
}

impl RunOutput {
    pub fn lanes(&self) -> &[LaneSummary] {
        match &self.answer {
            ServerMsg::Reply {
                reply: LabReply::Ratelimit(RatelimitReply::Run { lanes }),
                ..
            } => lanes,
            other => panic!("expected a run summary, got {other:?}"),
        }
    }

    pub fn lane(&self, algorithm: Algorithm) -> &LaneSummary {
        self.lanes()
            .iter()
            .find(|l| l.algorithm == algorithm)
            .expect("lane present")
    }

    /// The allowed flags of one lane, by arrival index.
    pub fn allowed(&self, algorithm: Algorithm) -> Vec<bool> {
        let mut lane: Vec<&Decision> = self
            .decisions
            .iter()
            .filter(|d| d.algorithm == algorithm)
            .collect();
        lane.sort_by_key(|d| d.index);
        lane.iter().map(|d| d.allowed).collect()
    }
}

pub fn limits(max_requests: u32, window_seconds: u32) -> Limits {
    Limits {
        max_requests,
        window_seconds,
    }
}

/// Sends a run and reads until its reply, collecting its events.
pub async fn run(
    ws: &mut WsClient,
    algorithms: &[Algorithm],
    limits: Limits,
    mode: Mode,
    traffic: Traffic,
) -> RunOutput {
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms: algorithms.to_vec(),
            limits,
            mode,
            traffic,
            speed: Default::default(),
        }))
        .await;
    let mut out = RunOutput {
        origin_us: 0,
        window_us: limits.window_us(),
        decisions: Vec::new(),
        answer: ServerMsg::Dropped { traces: 0 },
    };
    loop {
        match ws.recv().await {
            ServerMsg::Event {
                id: got,
                event: LabEvent::Ratelimit(event),
            } if got == id => match event {
                RatelimitEvent::Started { origin_us, .. } => out.origin_us = origin_us,
                RatelimitEvent::Decisions { decisions } => out.decisions.extend(decisions),
                RatelimitEvent::Servers { .. } => {}
            },
            msg @ (ServerMsg::Reply { .. } | ServerMsg::Error { .. }) => {
                out.answer = msg;
                return out;
            }
            _ => {}
        }
    }
}

fn trace(at_seconds: &[f64]) -> Traffic {
    Traffic::Trace {
        arrivals: at_seconds
            .iter()
            .map(|s| Arrival {
                at_us: (s * 1_000_000.0) as u64,
                client: 0,
            })
            .collect(),
    }
}

#[tokio::test]
async fn the_course_fixed_window_counts_per_window_and_resets_at_the_edge() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let out = run(
        &mut ws,
        &[Algorithm::FixedWindow],
        limits(3, 10),
        Mode::Replay,
        trace(&[0.0, 1.0, 2.0, 3.0, 4.0, 10.0, 11.0]),
    )
    .await;
    assert_eq!(
        out.allowed(Algorithm::FixedWindow),
        [true, true, true, false, false, true, true]
    );
    let mut lane: Vec<&Decision> = out.decisions.iter().collect();
    lane.sort_by_key(|d| d.index);
    let remaining: Vec<i64> = lane.iter().map(|d| d.remaining).collect();
    assert_eq!(
        remaining,
        [2, 1, 0, 0, 0, 2, 1],
        "max(0, max - count), as the course returns"
    );
    assert_eq!(
        out.origin_us % 10_000_000,
        0,
        "replays start on a window edge"
    );
}

#[tokio::test]
async fn every_algorithm_decides_a_simple_trace_the_same_way() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let out = run(
        &mut ws,
        &Algorithm::ALL,
        limits(2, 10),
        Mode::Replay,
        trace(&[0.0, 0.5, 1.0, 30.0]),
    )
    .await;
    for algorithm in Algorithm::ALL {
        assert_eq!(
            out.allowed(algorithm),
            [true, true, false, true],
            "{algorithm:?}"
        );
    }
}

#[tokio::test]
async fn the_boundary_burst_doubles_the_fixed_window_but_not_the_sliding_log() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let out = run(
        &mut ws,
        &Algorithm::ALL,
        limits(5, 10),
        Mode::Replay,
        Traffic::Pattern {
            pattern: Pattern::BoundaryBurst,
        },
    )
    .await;
    assert_eq!(out.lane(Algorithm::FixedWindow).stats.max_in_window, 10);
    assert_eq!(out.lane(Algorithm::FixedWindow).stats.allowed, 10);
    assert!(out.lane(Algorithm::SlidingLogLua).stats.max_in_window <= 5);
    assert!(out.lane(Algorithm::SlidingLogCourse).stats.max_in_window <= 5);
    assert!(out.lane(Algorithm::TokenBucket).stats.max_in_window <= 6);
}

#[tokio::test]
async fn same_timestamp_requests_collide_in_the_course_version_only() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let out = run(
        &mut ws,
        &[Algorithm::SlidingLogCourse, Algorithm::SlidingLogLua],
        limits(3, 10),
        Mode::Replay,
        trace(&[1.0; 8]),
    )
    .await;
    let course = out.lane(Algorithm::SlidingLogCourse).stats;
    let lua = out.lane(Algorithm::SlidingLogLua).stats;
    // Eight ZADDs of the one member `1.0` leave one entry: ZCARD says 1 each time, so the course's code
    // lets all eight through (remaining 2 each).
    assert_eq!(
        (course.allowed, course.denied),
        (8, 0),
        "ZADD of one member collapses them all: {course:?}"
    );
    assert_eq!(lua.allowed, 3);
    assert_eq!(lua.max_in_window, 3);
}

#[tokio::test]
async fn the_keys_hold_what_the_algorithms_say() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let out = run(
        &mut ws,
        &[
            Algorithm::SlidingLogLua,
            Algorithm::FixedWindow,
            Algorithm::SlidingLogCourse,
        ],
        limits(2, 10),
        Mode::Replay,
        trace(&[1.0, 2.0, 3.0]),
    )
    .await;
    let base = format!("{}rate:api:run1", session.namespace);
    let mut redis = app.redis().await;

    let log: Vec<(String, f64)> = redis
        .zrange_withscores(format!("{base}:log"), 0, -1)
        .await
        .expect("ZRANGE");
    let first = out.origin_us + 1_000_000;
    let second = out.origin_us + 2_000_000;
    assert_eq!(
        log,
        [
            (format!("{first}:1"), first as f64),
            (format!("{second}:2"), second as f64)
        ],
        "only the two allowed requests are logged, with unique members"
    );
    let pttl: i64 = redis.pttl(format!("{base}:log")).await.expect("PTTL");
    assert!((1..=10_000).contains(&pttl), "pttl {pttl}");

    let window = out.origin_us / 1_000_000 / 10;
    let count: i64 = redis.get(format!("{base}:{window}")).await.expect("GET");
    assert_eq!(count, 3, "INCR counts denied requests too");
    let ttl: i64 = redis.ttl(format!("{base}:{window}")).await.expect("TTL");
    assert!((1..=10).contains(&ttl), "ttl {ttl}");

    let course: Vec<(String, f64)> = redis.zrange_withscores(&base, 0, -1).await.expect("ZRANGE");
    let members: Vec<&str> = course.iter().map(|(m, _)| m.as_str()).collect();
    let secs = |us: u64| format!("{}.0", us / 1_000_000);
    assert_eq!(
        members,
        [secs(first), secs(second)],
        "str(now) members; the denied one was ZREMed"
    );
}

/// Each lane's remaining quota for the button's key.
async fn peek(ws: &mut WsClient, algorithms: &[Algorithm], limits: Limits) -> Vec<i64> {
    let algorithms = algorithms.to_vec();
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Peek {
            algorithms,
            limits,
        }))
        .await;
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Ratelimit(RatelimitReply::Peek { peeks }),
            ..
        } => peeks.iter().map(|p| p.remaining).collect(),
        other => panic!("expected peeks, got {other:?}"),
    }
}

#[tokio::test]
async fn hits_consume_peeks_do_not_and_reset_starts_afresh() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let algorithms = vec![
        Algorithm::FixedWindow,
        Algorithm::SlidingLogLua,
        Algorithm::TokenBucket,
    ];
    let limits = limits(3, 60);
    assert_eq!(peek(&mut ws, &algorithms, limits).await, [3, 3, 3]);
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Hit {
            algorithms: algorithms.clone(),
            limits,
        }))
        .await;
    let (answer, traces) = ws.answer(id).await;
    let ServerMsg::Reply {
        reply: LabReply::Ratelimit(RatelimitReply::Hit { decisions }),
        ..
    } = answer
    else {
        panic!("expected hit decisions, got {answer:?}");
    };
    assert!(decisions.iter().all(|d| d.allowed));
    let traced: Vec<u64> = traces.iter().map(|t| t.seq).collect();
    assert!(
        decisions
            .iter()
            .all(|d| !d.trace.is_empty() && d.trace.iter().all(|s| traced.contains(s))),
        "every decision points at trace entries that were sent: {decisions:?} {traced:?}"
    );
    assert_eq!(peek(&mut ws, &algorithms, limits).await, [2, 2, 2]);
    assert_eq!(
        peek(&mut ws, &algorithms, limits).await,
        [2, 2, 2],
        "peeking consumes nothing"
    );

    let id = ws.run(LabRequest::Ratelimit(RatelimitRequest::Reset)).await;
    let (answer, _) = ws.answer(id).await;
    assert!(
        matches!(answer, ServerMsg::Reply { reply: LabReply::Ratelimit(RatelimitReply::Reset { deleted }), .. } if deleted >= 3),
        "{answer:?}"
    );
    assert_eq!(peek(&mut ws, &algorithms, limits).await, [3, 3, 3]);
}

#[tokio::test]
async fn concurrent_live_clients_race_on_their_own_connections() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let out = run(
        &mut ws,
        &[Algorithm::SlidingLogLua, Algorithm::FixedWindow],
        limits(5, 2),
        Mode::Live,
        Traffic::Pattern {
            pattern: Pattern::Concurrent {
                clients: 12,
                each: 1,
            },
        },
    )
    .await;
    assert_eq!(out.decisions.len(), 24);
    let clients: std::collections::BTreeSet<u32> = out.decisions.iter().map(|d| d.client).collect();
    assert_eq!(clients.len(), 12);
    assert_eq!(
        out.lane(Algorithm::SlidingLogLua).stats.allowed,
        5,
        "atomic: exactly max under a race"
    );
    assert_eq!(
        out.lane(Algorithm::FixedWindow).stats.allowed,
        5,
        "INCR is atomic too"
    );
}

#[tokio::test]
async fn a_live_run_can_be_cancelled() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms: vec![Algorithm::FixedWindow],
            limits: limits(5, 1),
            mode: Mode::Live,
            traffic: Traffic::Pattern {
                pattern: Pattern::Steady {
                    per_second: 10,
                    seconds: 60,
                },
            },
            speed: Default::default(),
        }))
        .await;
    ws.until(|m| {
        matches!(
            m,
            ServerMsg::Event {
                event: LabEvent::Ratelimit(RatelimitEvent::Decisions { .. }),
                ..
            }
        )
    })
    .await;
    ws.send_text(format!(r#"{{"type":"cancel","id":{id}}}"#))
        .await;
    let answer = ws
        .until(|m| matches!(m, ServerMsg::Error { .. } | ServerMsg::Reply { .. }))
        .await;
    assert!(
        matches!(answer, ServerMsg::Error { id: Some(got), ref error } if got == id && error.code == ErrorCode::Cancelled),
        "{answer:?}"
    );
}

#[tokio::test]
async fn out_of_range_limits_are_refused_before_redis() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let out = run(
        &mut ws,
        &[Algorithm::FixedWindow],
        limits(5, 0),
        Mode::Replay,
        trace(&[0.0]),
    )
    .await;
    let ServerMsg::Error { error, .. } = out.answer else {
        panic!("expected an error, got {:?}", out.answer);
    };
    assert_eq!(error.code, ErrorCode::InvalidParam);
    assert_eq!(error.param.expect("range").field, "window_seconds");
}
