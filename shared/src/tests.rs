//! Pins the JSON of every message: a failing test here means the protocol changed.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::json;

use crate::{
    ClientMsg, ErrorBody, ErrorCode, LabReply, LabRequest, ParamRange, RedisHealth, ServerMsg,
    SessionInfo, TraceEntry,
    ping::{MAX_TEXT_CHARS, PingReply, PingRequest},
};

/// Asserts that `msg` serialises to exactly `expected` and parses back to itself.
fn pin<T>(msg: T, expected: serde_json::Value)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let value = serde_json::to_value(&msg).expect("serialises");
    assert_eq!(value, expected);
    let back: T = serde_json::from_value(value).expect("parses back");
    assert_eq!(back, msg);
}

fn health() -> RedisHealth {
    RedisHealth {
        reachable: true,
        version: Some("7.0.15".into()),
        round_trip_us: Some(120),
    }
}

#[test]
fn run_ping_json() {
    pin(
        ClientMsg::Run {
            id: 7,
            request: LabRequest::Ping(PingRequest { text: "hi".into() }),
        },
        json!({"type": "run", "id": 7, "request": {"lab": "ping", "text": "hi"}}),
    );
}

#[test]
fn cancel_json() {
    pin(
        ClientMsg::Cancel { id: 3 },
        json!({"type": "cancel", "id": 3}),
    );
}

#[test]
fn hello_json() {
    pin(
        ServerMsg::Hello {
            protocol: 1,
            session: SessionInfo {
                id: "ab12".into(),
                namespace: "pg:{ab12}:".into(),
                key_ttl_secs: 3600,
            },
            redis: health(),
        },
        json!({
            "type": "hello",
            "protocol": 1,
            "session": {"id": "ab12", "namespace": "pg:{ab12}:", "key_ttl_secs": 3600},
            "redis": {"reachable": true, "version": "7.0.15", "round_trip_us": 120}
        }),
    );
}

#[test]
fn reply_ping_json() {
    pin(
        ServerMsg::Reply {
            id: 7,
            reply: LabReply::Ping(PingReply {
                pong: "PONG".into(),
                key: "pg:{ab12}:ping".into(),
                stored: "hi".into(),
                ttl_ms: 59_998,
                server_time_us: 1_700_000_000_000_000,
            }),
        },
        json!({
            "type": "reply",
            "id": 7,
            "reply": {
                "lab": "ping",
                "pong": "PONG",
                "key": "pg:{ab12}:ping",
                "stored": "hi",
                "ttl_ms": 59998,
                "server_time_us": 1_700_000_000_000_000u64
            }
        }),
    );
}

#[test]
fn error_json_with_and_without_param() {
    pin(
        ServerMsg::Error {
            id: None,
            error: ErrorBody::new(ErrorCode::Malformed, "not JSON"),
        },
        json!({"type": "error", "id": null, "error": {"code": "malformed", "message": "not JSON"}}),
    );
    pin(
        ServerMsg::Error {
            id: Some(2),
            error: ParamRange {
                field: "text".into(),
                min: 1,
                max: 200,
            }
            .into(),
        },
        json!({"type": "error", "id": 2, "error": {
            "code": "invalid_param",
            "message": "text must be between 1 and 200",
            "param": {"field": "text", "min": 1, "max": 200}
        }}),
    );
}

#[test]
fn every_error_code_has_a_stable_name() {
    let codes = [
        (ErrorCode::Malformed, "malformed"),
        (ErrorCode::UnknownMessage, "unknown_message"),
        (ErrorCode::InvalidParam, "invalid_param"),
        (ErrorCode::RedisUnavailable, "redis_unavailable"),
        (ErrorCode::BadRequestId, "bad_request_id"),
        (ErrorCode::Cancelled, "cancelled"),
        (ErrorCode::Internal, "internal"),
    ];
    for (code, name) in codes {
        pin(code, json!(name));
    }
}

#[test]
fn trace_json() {
    pin(
        ServerMsg::Trace {
            entries: vec![TraceEntry {
                seq: 1,
                at_ms: 1_700_000_000_000,
                client: "session".into(),
                request: Some(7),
                command: vec!["GET".into(), "pg:{ab12}:ping".into()],
                reply: "\"hi\"".into(),
                ok: true,
                micros: 85,
            }],
        },
        json!({"type": "trace", "entries": [{
            "seq": 1, "at_ms": 1_700_000_000_000u64, "client": "session", "request": 7,
            "command": ["GET", "pg:{ab12}:ping"], "reply": "\"hi\"", "ok": true, "micros": 85
        }]}),
    );
}

#[test]
fn redis_and_dropped_json() {
    pin(
        ServerMsg::Redis {
            health: RedisHealth {
                reachable: false,
                version: None,
                round_trip_us: None,
            },
        },
        json!({"type": "redis", "health": {"reachable": false, "version": null, "round_trip_us": null}}),
    );
    pin(
        ServerMsg::Dropped { traces: 12 },
        json!({"type": "dropped", "traces": 12}),
    );
}

#[test]
fn unknown_fields_and_types_are_rejected() {
    let extra = json!({"type": "cancel", "id": 1, "extra": true});
    assert!(serde_json::from_value::<ClientMsg>(extra).is_err());
    let unknown_lab = json!({"type": "run", "id": 1, "request": {"lab": "nope"}});
    assert!(serde_json::from_value::<ClientMsg>(unknown_lab).is_err());
}

#[test]
fn ping_text_is_validated_in_characters() {
    let ok = PingRequest {
        text: "あ".repeat(MAX_TEXT_CHARS),
    };
    assert_eq!(ok.validate(), Ok(()));
    let empty = PingRequest {
        text: String::new(),
    };
    assert_eq!(empty.validate().map_err(|r| r.field), Err("text".into()));
    let long = PingRequest {
        text: "x".repeat(MAX_TEXT_CHARS + 1),
    };
    assert!(long.validate().is_err());
}

mod ratelimit {
    use super::pin;
    use crate::{
        ClientMsg, LabEvent, LabReply, LabRequest, ServerMsg,
        ratelimit::{
            Algorithm, Arrival, Decision, LaneSummary, Limits, Mode, Pattern, Peek, RatelimitEvent,
            RatelimitReply, RatelimitRequest, Traffic, stats::LaneStats,
        },
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
                    decisions: vec![Decision {
                        algorithm: Algorithm::SlidingCounter,
                        index: 0,
                        client: 2,
                        at_us: 100,
                        allowed: false,
                        remaining: 0,
                        trace: vec![7, 8],
                    }],
                }),
            },
            json!({"type": "event", "id": 3, "event": {"lab": "ratelimit", "event": "decisions", "decisions": [{
                "algorithm": "sliding_counter", "index": 0, "client": 2, "at_us": 100,
                "allowed": false, "remaining": 0, "trace": [7, 8]
            }]}}),
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
            json!({"event": "started", "origin_us": 10, "arrivals": 1, "trace": [{"at_us": 0, "client": 0}]}),
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
        };
        assert_eq!(field(long_live), Err("duration_seconds".into()));
    }
}

mod labs {
    use super::pin;
    use crate::{
        LabEvent, LabReply, LabRequest,
        cache::{CacheEvent, CacheReply, CacheRequest, Db, Progress, Source},
        lock::{
            ClientEvent, Faults, Happening, KeyReading, LockEvent, LockParams, LockReply,
            LockRequest, LockSummary, Release, Violation,
        },
        pubsub::{
            Delivery, Message, Notification, Payload, PubsubEvent, PubsubReply, PubsubRequest,
            Subscription,
        },
        quiz::{Choice, Outcome, Question, QuizReply, QuizRequest, Step},
    };
    use serde_json::json;

    #[test]
    fn lock_messages_json() {
        pin(
            LabRequest::Lock(LockRequest::Run {
                params: LockParams::default(),
                faults: Faults {
                    release: Release::Del,
                    fencing: true,
                    ..Faults::default()
                },
            }),
            json!({"lab": "lock", "op": "run",
                "params": {"clients": 3, "rounds": 3, "timeout_secs": 2, "retry_ms": 100, "work_ms": 300,
                    "jitter_ms": 50, "blocking": true, "step": false, "deadline_secs": 30},
                "faults": {"pause_ms": 0, "release": "del", "acquire": "set_nx_ex", "fencing": true, "renewal": false}}),
        );
        pin(
            LockRequest::Step { run: 4 },
            json!({"op": "step", "run": 4}),
        );
        pin(
            LabEvent::Lock(LockEvent::Clients {
                events: vec![ClientEvent {
                    client: 1,
                    at_ms: 5,
                    what: Happening::Acquired {
                        token: "t".into(),
                        fence: Some(2),
                    },
                    trace: vec![9],
                }],
            }),
            json!({"lab": "lock", "event": "clients", "events": [{"client": 1, "at_ms": 5,
                "what": {"kind": "acquired", "token": "t", "fence": 2}, "trace": [9]}]}),
        );
        pin(
            LockEvent::Key {
                readings: vec![KeyReading {
                    at_ms: 1,
                    holder: None,
                    pttl_ms: -1,
                }],
            },
            json!({"event": "key", "readings": [{"at_ms": 1, "holder": null, "pttl_ms": -1}]}),
        );
        pin(
            LabReply::Lock(LockReply::Run(LockSummary {
                acquired: 2,
                violations: vec![Violation {
                    clients: (0, 1),
                    from_ms: 3,
                    to_ms: 4,
                    trace: vec![1, 2],
                }],
                counter: 1,
                expected_counter: 2,
                writes_accepted: 1,
                writes_rejected: 1,
                lock_without_expiry: false,
                timed_out: false,
            })),
            json!({"lab": "lock", "op": "run", "acquired": 2,
                "violations": [{"clients": [0, 1], "from_ms": 3, "to_ms": 4, "trace": [1, 2]}],
                "counter": 1, "expected_counter": 2, "writes_accepted": 1, "writes_rejected": 1,
                "lock_without_expiry": false, "timed_out": false}),
        );
        pin(LockReply::Stepped, json!({"op": "stepped"}));
    }

    #[test]
    fn cache_messages_json() {
        pin(
            LabRequest::Cache(CacheRequest::Warmup {
                source: Source::AccessLog {
                    top_n: 10,
                    zrange_rev: true,
                },
                workers: 10,
                db: Db::default(),
                ttl_secs: 3600,
                ttl_jitter: false,
            }),
            json!({"lab": "cache", "op": "warmup", "source": {"from": "access_log", "top_n": 10, "zrange_rev": true},
                "workers": 10, "db": {"latency_ms": 20}, "ttl_secs": 3600, "ttl_jitter": false}),
        );
        let progress = Progress {
            warmed: 1,
            total: 2,
            elapsed_ms: 3,
            db_hits: 1,
        };
        pin(
            LabEvent::Cache(CacheEvent::Progress(progress)),
            json!({"lab": "cache", "event": "progress", "warmed": 1, "total": 2, "elapsed_ms": 3, "db_hits": 1}),
        );
        pin(
            LabReply::Cache(CacheReply::Warmup {
                ids: vec![7],
                progress,
            }),
            json!({"lab": "cache", "op": "warmup", "ids": [7],
                "progress": {"warmed": 1, "total": 2, "elapsed_ms": 3, "db_hits": 1}}),
        );
        pin(CacheRequest::Reset, json!({"op": "reset"}));
    }

    #[test]
    fn quiz_messages_json() {
        pin(
            LabRequest::Quiz(QuizRequest::Try {
                question: Question::LockOption,
                choice: Choice::D,
            }),
            json!({"lab": "quiz", "op": "try", "question": "lock_option", "choice": "D"}),
        );
        pin(
            LabReply::Quiz(QuizReply::Try {
                steps: vec![Step {
                    client: 0,
                    at_ms: 1,
                    command: "SETNX k t".into(),
                    reply: "(integer) 1".into(),
                    trace: Some(3),
                }],
                outcome: Outcome::StuckForever,
            }),
            json!({"lab": "quiz", "op": "try", "steps": [{"client": 0, "at_ms": 1, "command": "SETNX k t",
                "reply": "(integer) 1", "trace": 3}], "outcome": "stuck_forever"}),
        );
    }

    #[test]
    fn pubsub_messages_json() {
        pin(
            LabRequest::Pubsub(PubsubRequest::Start {
                subscribers: vec![Subscription {
                    channels: vec!["user:1:notifications".into()],
                    patterns: vec![],
                }],
                streams: true,
            }),
            json!({"lab": "pubsub", "op": "start", "subscribers": [{"channels": ["user:1:notifications"], "patterns": []}],
                "streams": true}),
        );
        let notification = Notification {
            kind: "new_message".into(),
            from: "Alice".into(),
            content: "Hello!".into(),
        };
        pin(
            PubsubRequest::Publish {
                hub: 1,
                channel: "c".into(),
                message: Message::Notification(notification.clone()),
                count: 1,
            },
            json!({"op": "publish", "hub": 1, "channel": "c",
                "message": {"kind": "notification", "type": "new_message", "from": "Alice", "content": "Hello!"}, "count": 1}),
        );
        pin(
            LabEvent::Pubsub(PubsubEvent::Delivered {
                deliveries: vec![Delivery {
                    subscriber: 0,
                    channel: "c".into(),
                    pattern: None,
                    publish: Some(1),
                    payload: Payload::Notification(notification),
                    trace: 5,
                }],
            }),
            json!({"lab": "pubsub", "event": "delivered", "deliveries": [{"subscriber": 0, "channel": "c", "pattern": null,
                "publish": 1, "payload": {"as": "notification", "type": "new_message", "from": "Alice", "content": "Hello!"},
                "trace": 5}]}),
        );
        pin(
            PubsubEvent::Reconnected {
                subscriber: 2,
                missed: 3,
            },
            json!({"event": "reconnected", "subscriber": 2, "missed": 3}),
        );
        pin(
            LabReply::Pubsub(PubsubReply::Published {
                count: 2,
                receivers: 4,
            }),
            json!({"lab": "pubsub", "op": "published", "count": 2, "receivers": 4}),
        );
    }
}
