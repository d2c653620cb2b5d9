//! Pins the JSON of the lock, cache, quiz and Pub/Sub labs' messages.

use super::pin;
use crate::{
    LabEvent, LabReply, LabRequest,
    cache::{CacheEvent, CacheReply, CacheRequest, Db, Progress, Source},
    lock::{
        ClientEvent, Faults, Happening, KeyReading, LockEvent, LockParams, LockReply, LockRequest,
        LockSummary, Release, Violation,
    },
    pubsub::{
        Delivery, Message, Notification, Payload, PubsubEvent, PubsubReply, PubsubRequest,
        Subscription,
    },
    quiz::{Choice, Outcome, Question, QuizReply, QuizRequest, Step},
    speed::Speed,
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
            speed: Speed::Normal,
        }),
        json!({"lab": "lock", "op": "run",
            "params": {"clients": 3, "rounds": 3, "timeout_secs": 10, "retry_ms": 100, "work_ms": 300,
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
        json!({"lock": {"clients": {"events": [{"client": 1, "at_ms": 5,
            "what": {"kind": "acquired", "token": "t", "fence": 2}, "trace": [9]}]}}}),
    );
    pin(
        LockEvent::Key {
            readings: vec![KeyReading {
                at_ms: 1,
                holder: None,
                pttl_ms: -1,
            }],
        },
        json!({"key": {"readings": [{"at_ms": 1, "holder": null, "pttl_ms": -1}]}}),
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
        json!({"cache": {"progress": {"warmed": 1, "total": 2, "elapsed_ms": 3, "db_hits": 1}}}),
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
        json!({"pubsub": {"delivered": {"deliveries": [{"subscriber": 0, "channel": "c", "pattern": null,
            "publish": 1, "payload": {"as": "notification", "type": "new_message", "from": "Alice", "content": "Hello!"},
            "trace": 5}]}}}),
    );
    pin(
        PubsubEvent::Reconnected {
            subscriber: 2,
            missed: 3,
        },
        json!({"reconnected": {"subscriber": 2, "missed": 3}}),
    );
    pin(
        LabReply::Pubsub(PubsubReply::Published {
            count: 2,
            receivers: 4,
        }),
        json!({"lab": "pubsub", "op": "published", "count": 2, "receivers": 4}),
    );
    pin(
        PubsubRequest::Sharded { messages: 20 },
        json!({"op": "sharded", "messages": 20}),
    );
    pin(
        PubsubReply::Sharded(crate::pubsub::ShardedReport {
            cluster: true,
            messages: 20,
            classic_receivers: 20,
            sharded_receivers: 20,
            classic_delivered: 20,
            sharded_delivered: 20,
            nodes: vec![crate::pubsub::BusNode {
                address: "127.0.0.1:7004".into(),
                replica: true,
                shard: true,
                classic: 20,
                sharded: 20,
            }],
        }),
        json!({"op": "sharded", "cluster": true, "messages": 20, "classic_receivers": 20,
            "sharded_receivers": 20, "classic_delivered": 20, "sharded_delivered": 20,
            "nodes": [{"address": "127.0.0.1:7004", "replica": true, "shard": true, "classic": 20,
                "sharded": 20}]}),
    );
}
