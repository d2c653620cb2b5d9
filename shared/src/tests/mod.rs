//! Pins the JSON of every message: a failing test here means the protocol changed.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::json;

use crate::{
    ClientMsg, ErrorBody, ErrorCode, LabReply, LabRequest, Origin, ParamRange, RedisHealth,
    ServerMsg, SessionInfo, TraceEntry,
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
        json!({"hello": {
            "protocol": 1,
            "session": {"id": "ab12", "namespace": "pg:{ab12}:", "key_ttl_secs": 3600},
            "redis": {"reachable": true, "version": "7.0.15", "round_trip_us": 120}
        }}),
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
        json!({"reply": {
            "id": 7,
            "reply": {
                "lab": "ping",
                "pong": "PONG",
                "key": "pg:{ab12}:ping",
                "stored": "hi",
                "ttl_ms": 59998,
                "server_time_us": 1_700_000_000_000_000u64
            }
        }}),
    );
}

#[test]
fn error_json_with_and_without_param() {
    pin(
        ServerMsg::Error {
            id: None,
            error: ErrorBody::new(ErrorCode::Malformed, "not JSON"),
        },
        json!({"error": {"id": null, "error": {"code": "malformed", "message": "not JSON"}}}),
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
        json!({"error": {"id": 2, "error": {
            "code": "invalid_param",
            "message": "text must be between 1 and 200",
            "param": {"field": "text", "min": 1, "max": 200}
        }}}),
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
            entries: vec![
                TraceEntry {
                    seq: 1,
                    at_ms: 1_700_000_000_000,
                    client: "session".into(),
                    request: Some(7),
                    command: vec!["GET".into(), "pg:{ab12}:ping".into()],
                    reply: "\"hi\"".into(),
                    ok: true,
                    micros: 85,
                    origin: Origin::Learner,
                },
                TraceEntry {
                    seq: 2,
                    at_ms: 1_700_000_000_001,
                    client: "session".into(),
                    request: None,
                    command: vec![
                        "EVALSHA".into(),
                        "ab".into(),
                        "1".into(),
                        "pg:{ab12}:presence".into(),
                    ],
                    reply: "(integer) 1".into(),
                    ok: true,
                    micros: 90,
                    origin: Origin::Playground,
                },
            ],
        },
        json!({"trace": {"entries": [{
            "seq": 1, "at_ms": 1_700_000_000_000u64, "client": "session", "request": 7,
            "command": ["GET", "pg:{ab12}:ping"], "reply": "\"hi\"", "ok": true, "micros": 85,
            "origin": "learner"
        }, {
            "seq": 2, "at_ms": 1_700_000_000_001u64, "client": "session", "request": null,
            "command": ["EVALSHA", "ab", "1", "pg:{ab12}:presence"], "reply": "(integer) 1",
            "ok": true, "micros": 90, "origin": "playground"
        }]}}),
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
        json!({"redis": {"health": {"reachable": false, "version": null, "round_trip_us": null}}}),
    );
    pin(
        ServerMsg::Dropped { traces: 12 },
        json!({"dropped": {"traces": 12}}),
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

mod console;
mod labs;
mod ratelimit;
mod room;
mod speed;
