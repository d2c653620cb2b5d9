//! The ping lab end to end over the socket, checked against what Redis really holds.

use redis::AsyncCommands;
use shared::{LabReply, LabRequest, ServerMsg, ping::PingRequest};

use crate::support::spawn_app;

#[tokio::test]
async fn ping_stores_the_text_in_the_session_namespace_and_reads_it_back() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;

    let id = ws
        .run(LabRequest::Ping(PingRequest {
            text: "こんにちは".into(),
        }))
        .await;
    let (answer, _) = ws.answer(id).await;

    let ServerMsg::Reply {
        reply: LabReply::Ping(reply),
        ..
    } = answer
    else {
        panic!("expected a ping reply, got {answer:?}");
    };
    assert_eq!(reply.pong, "PONG");
    assert_eq!(reply.key, format!("{}ping", session.namespace));
    assert_eq!(reply.stored, "こんにちは");
    assert!((1..=60_000).contains(&reply.ttl_ms), "ttl {}", reply.ttl_ms);
    assert!(reply.server_time_us > 1_600_000_000_000_000);

    let mut redis = app.redis().await;
    let held: Option<String> = redis.get(&reply.key).await.expect("GET");
    assert_eq!(held.as_deref(), Some("こんにちは"));
    let ttl: i64 = redis.pttl(&reply.key).await.expect("PTTL");
    assert!((1..=60_000).contains(&ttl), "key must expire, pttl {ttl}");
}

#[tokio::test]
async fn every_command_of_a_ping_is_traced_before_the_reply() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;

    let id = ws
        .run(LabRequest::Ping(PingRequest { text: "hi".into() }))
        .await;
    let (_, traces) = ws.answer(id).await;

    let commands: Vec<&str> = traces.iter().map(|t| t.command[0].as_str()).collect();
    assert_eq!(commands, ["PING", "SET", "GET", "PTTL", "TIME"]);
    let key = format!("{}ping", session.namespace);
    assert_eq!(traces[1].command, ["SET", &key, "hi", "EX", "60"]);
    assert_eq!(traces[1].reply, "OK");
    assert_eq!(traces[2].reply, "\"hi\"");
    assert!(
        traces
            .iter()
            .all(|t| t.ok && t.request == Some(id) && t.client == "session")
    );
    let seqs: Vec<u64> = traces.iter().map(|t| t.seq).collect();
    assert!(
        seqs.windows(2).all(|w| w[1] == w[0] + 1),
        "seq numbers without gaps: {seqs:?}"
    );
}
