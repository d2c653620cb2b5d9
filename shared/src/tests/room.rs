//! Pins the JSON of the room messages, and the checks on a join's code and a publish's text.

use super::pin;
use crate::{
    LabEvent, LabReply, LabRequest, ServerMsg,
    ratelimit::Algorithm,
    room::{
        CODE_LEN, LockOutcome, MAX_TEXT, Member, RanCommand, Role, RoomEvent, RoomLab, RoomReply,
        RoomRequest, RoomSettings, SECRET_LEN,
    },
};
use serde_json::json;

fn settings_json() -> serde_json::Value {
    json!({"lab": "pubsub", "lock_ttl_ms": 5000, "lock_hold_ms": 2000, "algorithm": "fixed_window",
        "max_requests": 10, "window_seconds": 10, "exercise": "ratelimit"})
}

fn guest() -> Member {
    Member {
        n: 3,
        name: "guest 3".into(),
        role: Role::Participant,
    }
}

#[test]
fn room_requests_json() {
    pin(
        LabRequest::Room(RoomRequest::Open {
            settings: RoomSettings::default(),
        }),
        json!({"lab": "room", "op": "open", "settings": settings_json()}),
    );
    pin(
        RoomRequest::Join {
            code: "ABCD2345".into(),
            name: "ann".into(),
        },
        json!({"op": "join", "code": "ABCD2345", "name": "ann"}),
    );
    pin(
        RoomRequest::Configure {
            room: 4,
            settings: RoomSettings {
                lab: RoomLab::Ratelimit,
                algorithm: Algorithm::TokenBucket,
                ..RoomSettings::default()
            },
        },
        json!({"op": "configure", "room": 4, "settings": {"lab": "ratelimit", "lock_ttl_ms": 5000,
            "lock_hold_ms": 2000, "algorithm": "token_bucket", "max_requests": 10, "window_seconds": 10,
            "exercise": "ratelimit"}}),
    );
    pin(
        RoomRequest::Publish {
            room: 4,
            text: "hi".into(),
        },
        json!({"op": "publish", "room": 4, "text": "hi"}),
    );
    pin(
        RoomRequest::Acquire { room: 5 },
        json!({"op": "acquire", "room": 5}),
    );
    pin(
        RoomRequest::Send { room: 5 },
        json!({"op": "send", "room": 5}),
    );
    pin(
        RoomRequest::Reset { room: 4 },
        json!({"op": "reset", "room": 4}),
    );
    pin(
        RoomRequest::Reclaim {
            code: "ABCD2345".into(),
            secret: "0f".repeat(16),
        },
        json!({"op": "reclaim", "code": "ABCD2345", "secret": "0f".repeat(16)}),
    );
    pin(
        RoomRequest::Close { room: 4 },
        json!({"op": "close", "room": 4}),
    );
}

#[test]
fn room_events_json() {
    pin(
        LabEvent::Room(RoomEvent::Entered {
            code: "ABCD2345".into(),
            me: guest(),
            settings: RoomSettings::default(),
            members: vec![
                Member {
                    n: 0,
                    name: "presenter".into(),
                    role: Role::Presenter,
                },
                guest(),
            ],
        }),
        json!({"room": {"entered": {"code": "ABCD2345",
            "me": {"n": 3, "name": "guest 3", "role": "participant"},
            "settings": settings_json(),
            "members": [{"n": 0, "name": "presenter", "role": "presenter"},
                {"n": 3, "name": "guest 3", "role": "participant"}]}}}),
    );
    pin(
        RoomEvent::Members {
            members: vec![guest()],
        },
        json!({"members": {"members": [{"n": 3, "name": "guest 3", "role": "participant"}]}}),
    );
    pin(
        RoomEvent::Settings {
            settings: RoomSettings::default(),
        },
        json!({"settings": {"settings": settings_json()}}),
    );
    pin(
        RoomEvent::Published {
            seq: 1,
            text: "hi".into(),
            receivers: 12,
            at_ms: 5,
        },
        json!({"published": {"seq": 1, "text": "hi", "receivers": 12, "at_ms": 5}}),
    );
    pin(
        RoomEvent::Delivered {
            seq: 1,
            text: "hi".into(),
            at_ms: 6,
        },
        json!({"delivered": {"seq": 1, "text": "hi", "at_ms": 6}}),
    );
    pin(
        RoomEvent::Missed {
            messages: 40,
            at_ms: 6,
        },
        json!({"missed": {"messages": 40, "at_ms": 6}}),
    );
    pin(
        RoomEvent::Lock {
            member: 3,
            outcome: LockOutcome::Released { released: true },
            ran: RanCommand {
                command: "EVAL … 1 pg:{room-ABCD2345}:lock t".into(),
                reply: "(integer) 1".into(),
            },
            at_ms: 7,
        },
        json!({"lock": {"member": 3, "outcome": {"outcome": "released", "released": true},
            "ran": {"command": "EVAL … 1 pg:{room-ABCD2345}:lock t", "reply": "(integer) 1"},
            "at_ms": 7}}),
    );
    pin(LockOutcome::Busy, json!({"outcome": "busy"}));
    pin(
        RoomEvent::Decision {
            member: 3,
            allowed: false,
            remaining: 0,
            ran: vec![RanCommand {
                command: "INCR pg:{room-ABCD2345}:rate:room:1".into(),
                reply: "QUEUED".into(),
            }],
            at_ms: 8,
        },
        json!({"decision": {"member": 3, "allowed": false, "remaining": 0,
            "ran": [{"command": "INCR pg:{room-ABCD2345}:rate:room:1", "reply": "QUEUED"}],
            "at_ms": 8}}),
    );
    pin(RoomEvent::Reset, json!("reset"));
    pin(RoomEvent::Closed, json!("closed"));
    pin(
        RoomEvent::Reclaimable {
            secret: "ab".repeat(16),
            grace_secs: 120,
        },
        json!({"reclaimable": {"secret": "ab".repeat(16), "grace_secs": 120}}),
    );
    pin(RoomEvent::PresenterAway, json!("presenter_away"));
    pin(
        RoomEvent::Graded {
            member: 3,
            exercise: crate::exercise::ExerciseKind::Cache,
            passed: false,
            broken: vec!["spread".into()],
        },
        json!({"graded": {"member": 3, "exercise": "cache", "passed": false,
            "broken": ["spread"]}}),
    );
    pin(RoomEvent::PresenterBack, json!("presenter_back"));
}

#[test]
fn a_burst_of_deliveries_goes_in_one_frame() {
    let delivered = |seq| {
        LabEvent::Room(RoomEvent::Delivered {
            seq,
            text: format!("m{seq}"),
            at_ms: 9,
        })
    };
    pin(
        ServerMsg::Events {
            id: 4,
            events: vec![delivered(1), delivered(2)],
        },
        json!({"events": {"id": 4, "events": [
            {"room": {"delivered": {"seq": 1, "text": "m1", "at_ms": 9}}},
            {"room": {"delivered": {"seq": 2, "text": "m2", "at_ms": 9}}}]}}),
    );
}

#[test]
fn room_replies_json() {
    pin(
        LabReply::Room(RoomReply::Left),
        json!({"lab": "room", "op": "left"}),
    );
    pin(RoomReply::Configured, json!({"op": "configured"}));
    pin(
        RoomReply::Published {
            seq: 2,
            receivers: 12,
        },
        json!({"op": "published", "seq": 2, "receivers": 12}),
    );
    pin(
        RoomReply::Acquire { acquired: true },
        json!({"op": "acquire", "acquired": true}),
    );
    pin(
        RoomReply::Send {
            allowed: true,
            remaining: 4,
        },
        json!({"op": "send", "allowed": true, "remaining": 4}),
    );
    pin(
        RoomReply::Reset { deleted: 3 },
        json!({"op": "reset", "deleted": 3}),
    );
    pin(RoomReply::Closed, json!({"op": "closed"}));
}

#[test]
fn settings_from_before_the_exercise_lab_still_read() {
    let old = json!({"lab": "lock", "lock_ttl_ms": 5000, "lock_hold_ms": 2000,
        "algorithm": "fixed_window", "max_requests": 10, "window_seconds": 10});
    let settings: RoomSettings = serde_json::from_value(old).expect("reads");
    assert_eq!(settings.exercise, crate::exercise::ExerciseKind::Ratelimit);
}

#[test]
fn a_reclaim_needs_a_code_and_a_secret_of_hex() {
    let reclaim = |code: &str, secret: &str| RoomRequest::Reclaim {
        code: code.into(),
        secret: secret.into(),
    };
    let secret = "a1".repeat(SECRET_LEN / 2);
    assert!(reclaim("abcd2345", &secret).validate().is_ok());
    assert_eq!(
        reclaim("ABCD234", &secret)
            .validate()
            .expect_err("code")
            .field,
        "code"
    );
    for bad in [&secret[1..], "zz".repeat(SECRET_LEN / 2).as_str(), ""] {
        let err = reclaim("ABCD2345", bad).validate().expect_err(bad);
        assert_eq!(err.field, "secret", "{bad}");
    }
}

#[test]
fn a_join_needs_a_code_of_the_alphabet_and_a_short_name() {
    let join = |code: &str, name: &str| RoomRequest::Join {
        code: code.into(),
        name: name.into(),
    };
    assert!(
        join("abcd2345", "").validate().is_ok(),
        "lower case is accepted"
    );
    for bad in ["ABCD234", "ABCD23456", "ABCD2340", "ABCDI345"] {
        let err = join(bad, "").validate().expect_err(bad);
        assert_eq!(err.field, "code", "{bad}");
        assert_eq!((err.min, err.max), (CODE_LEN as i64, CODE_LEN as i64));
    }
    let err = join("ABCD2345", &"x".repeat(25))
        .validate()
        .expect_err("long name");
    assert_eq!(err.field, "name");
}

#[test]
fn a_publish_needs_some_text_and_not_too_much() {
    let publish = |text: String| RoomRequest::Publish { room: 1, text };
    assert!(publish("x".repeat(MAX_TEXT)).validate().is_ok());
    assert_eq!(
        publish(String::new()).validate().expect_err("empty").field,
        "text"
    );
    assert!(publish("x".repeat(MAX_TEXT + 1)).validate().is_err());
}
