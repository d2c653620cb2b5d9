//! Pins the JSON of the console's messages, and the checks on a line's size and a help's name.

use super::pin;
use crate::{
    LabEvent, LabReply, LabRequest,
    console::{
        CommandDocs, ConsoleEvent, ConsoleReply, ConsoleRequest, MAX_ARGS, MAX_LINE_BYTES, Refusal,
    },
};
use serde_json::json;

#[test]
fn console_requests_json() {
    pin(
        LabRequest::Console(ConsoleRequest::Run {
            args: vec!["GET".into(), "k".into()],
        }),
        json!({"lab": "console", "action": "run", "args": ["GET", "k"]}),
    );
    pin(
        LabRequest::Console(ConsoleRequest::Docs {
            command: "xgroup|create".into(),
        }),
        json!({"lab": "console", "action": "docs", "command": "xgroup|create"}),
    );
    pin(
        LabRequest::Console(ConsoleRequest::Keys),
        json!({"lab": "console", "action": "keys"}),
    );
}

#[test]
fn console_replies_and_events_json() {
    pin(
        LabReply::Console(ConsoleReply::Ran {
            sent: vec!["GET".into(), "pg:{a}:k".into()],
            reply: "(nil)".into(),
            ok: true,
        }),
        json!({"lab": "console", "outcome": "ran", "sent": ["GET", "pg:{a}:k"], "reply": "(nil)",
            "ok": true}),
    );
    pin(
        LabReply::Console(ConsoleReply::Refused {
            command: "KEYS".into(),
            refusal: Refusal::ServerWide,
        }),
        json!({"lab": "console", "outcome": "refused", "command": "KEYS", "refusal": "server_wide"}),
    );
    pin(
        LabReply::Console(ConsoleReply::Stopped {
            sent: vec!["BLPOP".into()],
        }),
        json!({"lab": "console", "outcome": "stopped", "sent": ["BLPOP"]}),
    );
    pin(
        LabReply::Console(ConsoleReply::Keys {
            keys: vec!["k".into()],
            more: false,
        }),
        json!({"lab": "console", "outcome": "keys", "keys": ["k"], "more": false}),
    );
    pin(
        LabReply::Console(ConsoleReply::Docs {
            command: "get".into(),
            docs: Some(CommandDocs {
                summary: "Returns the string value of a key.".into(),
                since: "1.0.0".into(),
                group: "string".into(),
                syntax: "key".into(),
            }),
        }),
        json!({"lab": "console", "outcome": "docs", "command": "get", "docs": {
            "summary": "Returns the string value of a key.", "since": "1.0.0", "group": "string",
            "syntax": "key"}}),
    );
    pin(
        LabEvent::Console(ConsoleEvent::Message {
            text: "1) \"message\"".into(),
        }),
        json!({"console": {"message": {"text": "1) \"message\""}}}),
    );
}

#[test]
fn a_line_and_a_name_are_checked_before_anything_runs() {
    let run = |args: Vec<String>| ConsoleRequest::Run { args }.validate();
    assert!(run(vec!["PING".into()]).is_ok());
    assert!(run(vec![]).is_err());
    assert!(run(vec!["x".into(); MAX_ARGS + 1]).is_err());
    assert!(run(vec!["x".repeat(MAX_LINE_BYTES + 1)]).is_err());
    let docs = |command: &str| {
        ConsoleRequest::Docs {
            command: command.into(),
        }
        .validate()
    };
    assert!(docs("xgroup|create").is_ok());
    assert!(docs("").is_err());
    assert!(docs("get key").is_err());
}
