//! The limits: a message rate per connection (the rate-limit lab's token bucket), runs and virtual
//! clients per session across its tabs, and connections per address. Each refusal has its own code
//! and a sentence naming the limit.

use std::time::Duration;

use futures_util::StreamExt;
use shared::{ErrorCode, LabEvent, ServerMsg, pubsub::PubsubEvent};
use tokio_tungstenite::tungstenite::{Message, protocol::frame::coding::CloseCode};

use backend::limits::Limits;

use crate::support::{WAIT, eventually, hub, ping, spawn_app_with};

fn error_code(msg: &ServerMsg) -> Option<ErrorCode> {
    match msg {
        ServerMsg::Error { error, .. } => Some(error.code),
        _ => None,
    }
}

/// Reads until the hub `id` reports a subscribed subscriber: its connections are open.
async fn until_subscribed(ws: &mut crate::support::WsClient, id: u64) {
    ws.until(|m| {
        matches!(m, ServerMsg::Event { id: got, event: LabEvent::Pubsub(PubsubEvent::Subscribed { .. }) } if *got == id)
    })
    .await;
}

#[tokio::test]
async fn messages_past_the_burst_are_rate_limited_and_run_nothing() {
    let app = spawn_app_with(Limits {
        message_burst: 3,
        message_window_secs: 3600,
        ..Limits::default()
    })
    .await;
    let (mut ws, _) = app.session().await;

    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(ws.run(ping(&format!("hit {n}"))).await);
    }

    let mut refused = Vec::new();
    let mut answered = 0;
    while answered < ids.len() {
        match ws.recv().await {
            ServerMsg::Reply { .. } => answered += 1,
            ServerMsg::Error {
                id: Some(id),
                error,
            } if error.code == ErrorCode::RateLimited => {
                assert!(error.message.contains("at most 3"), "{}", error.message);
                refused.push(id);
                answered += 1;
            }
            ServerMsg::Error { error, .. } => panic!("unexpected error {error:?}"),
            ServerMsg::Trace { entries } => assert!(
                entries
                    .iter()
                    .all(|e| e.request.is_none_or(|r| r <= ids[2])),
                "a refused message ran: {entries:?}"
            ),
            _ => {}
        }
    }
    refused.sort_unstable();
    assert_eq!(
        refused,
        ids[3..],
        "the first three pass, the rest are refused"
    );

    // The connection is kept: a further message is answered, refused again.
    let id = ws.run(ping("still here")).await;
    let (answer, _) = ws.answer(id).await;
    assert_eq!(error_code(&answer), Some(ErrorCode::RateLimited));
}

#[tokio::test]
async fn runs_per_session_are_counted_across_tabs_and_given_back() {
    let app = spawn_app_with(Limits {
        runs_per_session: 1,
        ..Limits::default()
    })
    .await;
    let (mut first, session) = app.session().await;
    let (mut second, _) = app.join(&session.id).await;
    let hub_id = first.run(hub(1)).await;
    until_subscribed(&mut first, hub_id).await;

    let id = second.run(hub(1)).await;
    let (answer, traces) = second.answer(id).await;
    let ServerMsg::Error { error, .. } = answer else {
        panic!("expected a refusal, got {answer:?}");
    };
    assert_eq!(error.code, ErrorCode::LimitReached);
    assert!(
        error.message.contains("at most 1 runs"),
        "{}",
        error.message
    );
    assert!(traces.is_empty(), "a refused run ran {traces:?}");
    // A request that opens no connection of its own is bounded by the message rate alone.
    let id = second.run(ping("beside the hub")).await;
    let (answer, _) = second.answer(id).await;
    assert!(matches!(answer, ServerMsg::Reply { .. }), "{answer:?}");

    first.cancel(hub_id).await;
    first.answer(hub_id).await;
    let id = second.run(hub(1)).await;
    until_subscribed(&mut second, id).await;
    second.cancel(id).await;
    second.answer(id).await;
    let mut redis = app.redis().await;
    let runs: Option<i64> = redis::cmd("GET")
        .arg(format!("{}limits:runs", session.namespace))
        .query_async(&mut redis)
        .await
        .expect("GET");
    assert_eq!(runs, None, "every run gave its count back");
}

#[tokio::test]
async fn virtual_clients_per_session_are_limited_by_what_runs_declare() {
    let app = spawn_app_with(Limits {
        clients_per_session: 5,
        ..Limits::default()
    })
    .await;
    let (mut ws, session) = app.session().await;

    // Five subscribers and their publisher are six clients.
    let id = ws.run(hub(5)).await;
    let (answer, _) = ws.answer(id).await;
    let ServerMsg::Error { error, .. } = answer else {
        panic!("expected a refusal, got {answer:?}");
    };
    assert_eq!(error.code, ErrorCode::LimitReached);
    assert!(
        error.message.contains("at most 5 virtual clients") && error.message.contains("needs 6"),
        "{}",
        error.message
    );

    let hub_id = ws.run(hub(2)).await;
    until_subscribed(&mut ws, hub_id).await;
    let mut redis = app.redis().await;
    let clients_key = format!("{}limits:clients", session.namespace);
    let held: i64 = redis::cmd("GET")
        .arg(&clients_key)
        .query_async(&mut redis)
        .await
        .expect("GET");
    assert_eq!(held, 3, "two subscribers and a publisher");
    let ttl: i64 = redis::cmd("TTL")
        .arg(&clients_key)
        .query_async(&mut redis)
        .await
        .expect("TTL");
    assert!(ttl > 0, "the count expires: {ttl}");

    let id = ws.run(hub(2)).await;
    let (answer, _) = ws.answer(id).await;
    let ServerMsg::Error { error, .. } = answer else {
        panic!("expected a refusal, got {answer:?}");
    };
    assert!(error.message.contains("3 are in use"), "{}", error.message);

    ws.cancel(hub_id).await;
    ws.answer(hub_id).await;
    let id = ws.run(hub(4)).await;
    until_subscribed(&mut ws, id).await;
}

#[tokio::test]
async fn connections_past_the_per_address_limit_are_told_why_and_closed() {
    let app = spawn_app_with(Limits {
        sessions_per_ip: 2,
        ..Limits::default()
    })
    .await;
    let (first, _) = app.session().await;
    let (_second, _) = app.session().await;

    let url = format!("ws://{}/ws", app.addr);
    let (mut third, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("the upgrade succeeds");
    let frame = tokio::time::timeout(WAIT, third.next())
        .await
        .expect("a frame")
        .expect("not ended")
        .expect("reads");
    let Message::Text(text) = frame else {
        panic!("expected the refusal, got {frame:?}");
    };
    let refusal: ServerMsg = serde_json::from_str(&text).expect("JSON");
    let ServerMsg::Error { id: None, error } = refusal else {
        panic!("expected an error, got {refusal:?}");
    };
    assert_eq!(error.code, ErrorCode::LimitReached);
    assert!(
        error.message.contains("at most 2 connections"),
        "{}",
        error.message
    );
    let close = tokio::time::timeout(WAIT, third.next())
        .await
        .expect("a frame")
        .expect("not ended")
        .expect("reads");
    assert!(
        matches!(close, Message::Close(Some(ref f)) if f.code == CloseCode::Policy),
        "{close:?}"
    );

    first.close().await;
    let redis = app.redis().await;
    crate::support::eventually("the closed tab's count is given back", || {
        let mut redis = redis.clone();
        async move {
            redis::cmd("GET")
                .arg("pg:{ip-127.0.0.1}:sessions")
                .query_async::<i64>(&mut redis)
                .await
                .is_ok_and(|n| n == 1)
        }
    })
    .await;
    let (_again, again) = app.session().await;
    assert_eq!(again.id.len(), 16, "the freed place lets a new tab in");
}

/// `PTTL key` in ms.
async fn pttl(redis: &mut crate::support::Direct, key: &str) -> i64 {
    redis::cmd("PTTL")
        .arg(key)
        .query_async(redis)
        .await
        .expect("PTTL")
}

#[tokio::test]
async fn held_counts_keep_their_counters_from_expiring_and_stop_when_given_back() {
    let ttl = Duration::from_millis(1500);
    let app = spawn_app_with(Limits {
        count_ttl: ttl,
        ..Limits::default()
    })
    .await;
    let (mut ws, session) = app.session().await;
    let hub_id = ws.run(hub(2)).await;
    until_subscribed(&mut ws, hub_id).await;
    let redis = app.redis().await;

    // Refreshed every 500 ms to 1500: the time left falls below 1200 ms, then is put back above it.
    let runs_key = format!("{}limits:runs", session.namespace);
    let clients_key = format!("{}limits:clients", session.namespace);
    let address_key = "pg:{ip-127.0.0.1}:sessions".to_owned();
    for key in [&runs_key, &clients_key, &address_key] {
        for (what, below) in [("runs down", true), ("is refreshed", false)] {
            eventually(&format!("{key}'s expiry {what}"), || {
                let mut redis = redis.clone();
                async move {
                    let left = pttl(&mut redis, key).await;
                    assert!(left > 0, "{key} expired while held: {left}");
                    (left < 1200) == below
                }
            })
            .await;
        }
    }
    // Held for longer than the counters live, still counted.
    let held: i64 = redis::cmd("GET")
        .arg(&clients_key)
        .query_async(&mut redis.clone())
        .await
        .expect("GET");
    assert_eq!(held, 3, "two subscribers and a publisher");

    ws.cancel(hub_id).await;
    ws.answer(hub_id).await;
    eventually("the run's counts are given back", || {
        let mut redis = redis.clone();
        let runs_key = runs_key.clone();
        async move { pttl(&mut redis, &runs_key).await == -2 }
    })
    .await;
}
