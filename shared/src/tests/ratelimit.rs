//! Pins the JSON of the rate-limit lab's messages.

use super::pin;
use crate::{
    ClientMsg, LabEvent, LabReply, LabRequest, ServerMsg,
    ratelimit::{
        Algorithm, Arrival, Decision, LaneSummary, Limits, Mode, Pattern, Peek, RatelimitEvent,
        RatelimitReply, RatelimitRequest, ServerDecision, ServerTally, Traffic, stats::LaneStats,
    },
    speed::Speed,
};
use serde_json::json;

fn limits() -> Limits {
    Limits {
        max_requests: 5,
        window_seconds: 10,
    }
}

#[test]
fn hit_json() {
    pin(
        ClientMsg::Run {
            id: 1,
            request: LabRequest::Ratelimit(RatelimitRequest::Hit {
                algorithms: vec![Algorithm::FixedWindow, Algorithm::SlidingLogCourse],
                limits: limits(),
            }),
        },
        json!({"type": "run", "id": 1, "request": {
            "lab": "ratelimit", "op": "hit",
            "algorithms": ["fixed_window", "sliding_log_course"],
            "limits": {"max_requests": 5, "window_seconds": 10}
        }}),
    );
}

#[test]
fn run_json_with_pattern_and_trace() {
    pin(
        LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms: vec![Algorithm::SlidingLogLua],
            limits: limits(),
            mode: Mode::Replay,
            traffic: Traffic::Pattern {
                pattern: Pattern::Poisson {
                    per_second: 3,
                    seconds: 20,
                    seed: 9,
                },
            },
            speed: Speed::Normal,
        }),
        json!({"lab": "ratelimit", "op": "run", "algorithms": ["sliding_log_lua"],
            "limits": {"max_requests": 5, "window_seconds": 10}, "mode": "replay",
            "traffic": {"kind": "pattern", "pattern": {"pattern": "poisson", "per_second": 3, "seconds": 20, "seed": 9}}}),
    );
    pin(
        Traffic::Trace {
            arrivals: vec![Arrival {
                at_us: 5,
                client: 1,
            }],
        },
        json!({"kind": "trace", "arrivals": [{"at_us": 5, "client": 1}]}),
    );
    pin(Pattern::BoundaryBurst, json!({"pattern": "boundary_burst"}));
}

#[test]
fn peek_and_reset_json() {
    pin(
        RatelimitRequest::Peek {
            algorithms: vec![Algorithm::TokenBucket],
            limits: limits(),
        },
        json!({"op": "peek", "algorithms": ["token_bucket"], "limits": {"max_requests": 5, "window_seconds": 10}}),
    );
    pin(RatelimitRequest::Reset, json!({"op": "reset"}));
}

#[test]
fn decisions_event_json() {
    pin(
        ServerMsg::Event {
            id: 3,
            event: LabEvent::Ratelimit(RatelimitEvent::Decisions {
                decisions: vec![
                    Decision {
                        algorithm: Algorithm::SlidingCounter,
                        index: 0,
                        client: 2,
                        at_us: 100,
                        allowed: false,
                        remaining: 0,
                        counter: None,
                        trace: vec![7, 8],
                        attempt: 0,
                    },
                    Decision {
                        algorithm: Algorithm::FixedWindow,
                        index: 0,
                        client: 2,
                        at_us: 100,
                        allowed: false,
                        remaining: 0,
                        counter: Some(6),
                        trace: vec![9],
                        attempt: 0,
                    },
                ],
            }),
        },
        json!({"event": {"id": 3, "event": {"ratelimit": {"decisions": {"decisions": [{
            "algorithm": "sliding_counter", "index": 0, "client": 2, "at_us": 100,
            "allowed": false, "remaining": 0, "trace": [7, 8]
        }, {
            "algorithm": "fixed_window", "index": 0, "client": 2, "at_us": 100,
            "allowed": false, "remaining": 0, "counter": 6, "trace": [9]
        }]}}}}}),
    );
    pin(
        RatelimitEvent::Started {
            origin_us: 10,
            arrivals: 1,
            trace: vec![Arrival {
                at_us: 0,
                client: 0,
            }],
        },
        json!({"started": {"origin_us": 10, "arrivals": 1, "trace": [{"at_us": 0, "client": 0}]}}),
    );
}

#[test]
fn replies_json() {
    pin(
        LabReply::Ratelimit(RatelimitReply::Run {
            lanes: vec![LaneSummary {
                algorithm: Algorithm::FixedWindow,
                stats: LaneStats {
                    allowed: 10,
                    denied: 0,
                    max_in_window: 10,
                },
            }],
        }),
        json!({"lab": "ratelimit", "op": "run", "lanes": [{"algorithm": "fixed_window",
            "stats": {"allowed": 10, "denied": 0, "max_in_window": 10}}]}),
    );
    pin(
        RatelimitReply::Peek {
            peeks: vec![Peek {
                algorithm: Algorithm::FixedWindow,
                remaining: 2,
                reset_in_ms: 400,
            }],
        },
        json!({"op": "peek", "peeks": [{"algorithm": "fixed_window", "remaining": 2, "reset_in_ms": 400}]}),
    );
    pin(
        RatelimitReply::Reset { deleted: 3 },
        json!({"op": "reset", "deleted": 3}),
    );
}

#[test]
fn requests_are_validated() {
    let hit = |algorithms: Vec<Algorithm>, max_requests| RatelimitRequest::Hit {
        algorithms,
        limits: Limits {
            max_requests,
            window_seconds: 10,
        },
    };
    assert!(hit(vec![Algorithm::FixedWindow], 5).validate().is_ok());
    let field = |r: RatelimitRequest| r.validate().map_err(|e| e.field);
    assert_eq!(
        field(hit(vec![Algorithm::FixedWindow], 0)),
        Err("max_requests".into())
    );
    assert_eq!(field(hit(vec![], 5)), Err("algorithms".into()));
    assert_eq!(
        field(hit(vec![Algorithm::FixedWindow, Algorithm::FixedWindow], 5)),
        Err("algorithms".into())
    );
    let long_live = RatelimitRequest::Run {
        algorithms: vec![Algorithm::FixedWindow],
        limits: limits(),
        mode: Mode::Live,
        traffic: Traffic::Trace {
            arrivals: vec![Arrival {
                at_us: 500_000_000,
                client: 0,
            }],
        },
        speed: Speed::Normal,
    };
    assert_eq!(field(long_live), Err("duration_seconds".into()));
}

#[test]
fn leaky_bucket_gcra_and_a_retry_json() {
    pin(
        Decision {
            algorithm: Algorithm::Gcra,
            index: 12,
            client: 1,
            at_us: 100,
            allowed: true,
            remaining: 3,
            counter: None,
            trace: vec![9],
            attempt: 2,
        },
        json!({"algorithm": "gcra", "index": 12, "client": 1, "at_us": 100, "allowed": true,
            "remaining": 3, "trace": [9], "attempt": 2}),
    );
    pin(Algorithm::LeakyBucket, json!("leaky_bucket"));
    pin(
        Pattern::RetryFixed {
            per_second: 40,
            seconds: 10,
            delay_ms: 200,
            seed: 1,
        },
        json!({"pattern": "retry_fixed", "per_second": 40, "seconds": 10, "delay_ms": 200, "seed": 1}),
    );
    pin(
        Pattern::RetryJitter {
            per_second: 40,
            seconds: 10,
            base_ms: 200,
            seed: 1,
        },
        json!({"pattern": "retry_jitter", "per_second": 40, "seconds": 10, "base_ms": 200, "seed": 1}),
    );
}

#[test]
fn many_servers_json() {
    pin(
        LabRequest::Ratelimit(RatelimitRequest::Servers {
            servers: 4,
            limits: limits(),
            pattern: Pattern::Steady {
                per_second: 20,
                seconds: 2,
            },
        }),
        json!({"lab": "ratelimit", "op": "servers", "servers": 4,
            "limits": {"max_requests": 5, "window_seconds": 10},
            "pattern": {"pattern": "steady", "per_second": 20, "seconds": 2}}),
    );
    pin(
        RatelimitEvent::Servers {
            decisions: vec![ServerDecision {
                index: 3,
                server: 1,
                at_us: 100,
                own: true,
                redis: false,
                remaining: 0,
                trace: vec![4],
            }],
        },
        json!({"servers": {"decisions": [{"index": 3, "server": 1, "at_us": 100,
            "own": true, "redis": false, "remaining": 0, "trace": [4]}]}}),
    );
    let stats = |allowed, denied, max_in_window| LaneStats {
        allowed,
        denied,
        max_in_window,
    };
    pin(
        RatelimitReply::Servers {
            servers: vec![ServerTally {
                server: 0,
                received: 10,
                own_allowed: 5,
                redis_allowed: 2,
            }],
            own: stats(10, 10, 10),
            redis: stats(5, 15, 5),
        },
        json!({"op": "servers",
            "servers": [{"server": 0, "received": 10, "own_allowed": 5, "redis_allowed": 2}],
            "own": {"allowed": 10, "denied": 10, "max_in_window": 10},
            "redis": {"allowed": 5, "denied": 15, "max_in_window": 5}}),
    );
}

#[test]
fn storms_replay_only_and_servers_stay_in_range() {
    let field = |r: RatelimitRequest| r.validate().map_err(|e| e.field);
    let storm = Pattern::RetryFixed {
        per_second: 40,
        seconds: 10,
        delay_ms: 200,
        seed: 1,
    };
    let run = |mode| RatelimitRequest::Run {
        algorithms: Algorithm::ALL.to_vec(),
        limits: limits(),
        mode,
        traffic: Traffic::Pattern { pattern: storm },
        speed: Speed::Normal,
    };
    assert_eq!(field(run(Mode::Replay)), Ok(()));
    assert_eq!(field(run(Mode::Live)), Err("retry".into()));
    let servers = |servers, pattern| RatelimitRequest::Servers {
        servers,
        limits: limits(),
        pattern,
    };
    let steady = Pattern::Steady {
        per_second: 20,
        seconds: 2,
    };
    assert_eq!(field(servers(2, steady)), Ok(()));
    assert_eq!(field(servers(1, steady)), Err("servers".into()));
    assert_eq!(field(servers(9, steady)), Err("servers".into()));
    assert_eq!(field(servers(4, storm)), Err("retry".into()));
}
