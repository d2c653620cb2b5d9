//! Figures on screen are Redis's readings: the trace of a MULTI/EXEC is every reply Redis sent, an
//! error included; the fixed window's counter is the `INCR` reply, whoever else counted; the quiz's
//! outcome follows what Redis answered; a stream consumer's refused `XACK` is shown as an error, not 0.
//! A transaction whose run stopped after it was sent is traced all the same.

use std::{future::Future, task::Poll};

use backend::store::{Namespace, Transaction, trace_channel};
use redis::AsyncCommands;
use shared::{
    LabEvent, LabReply, LabRequest, ServerMsg, TraceEntry,
    pubsub::{Message, PubsubEvent, PubsubRequest, Subscription},
    quiz::{Choice, Outcome, Question, QuizReply, QuizRequest},
    ratelimit::{Algorithm, Decision, Limits, RatelimitReply, RatelimitRequest},
};

use crate::support::{WsClient, blocked_client, eventually, spawn_app};

/// The course's window for the button: an hour, so a test's hits share one window unless it turns.
const WINDOW_SECS: u64 = 3600;

/// The button's fixed-window decision and the request's trace lines.
async fn hit(ws: &mut WsClient, max_requests: u32) -> (Option<Decision>, Vec<TraceEntry>) {
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Hit {
            algorithms: vec![Algorithm::FixedWindow],
            limits: Limits {
                max_requests,
                window_seconds: WINDOW_SECS as u32,
            },
        }))
        .await;
    let (answer, trace) = ws.answer(id).await;
    let decision = match answer {
        ServerMsg::Reply {
            reply: LabReply::Ratelimit(RatelimitReply::Hit { decisions }),
            ..
        } => decisions.into_iter().next(),
        _ => None,
    };
    (decision, trace)
}

/// Each trace line as `command: reply`.
fn lines(trace: &[TraceEntry]) -> Vec<String> {
    trace
        .iter()
        .map(|t| format!("{}: {}", t.command[0], t.reply))
        .collect()
}

#[tokio::test]
async fn a_transaction_traces_every_reply_redis_sent_even_when_exec_holds_an_error() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    // The button's window key holds text, so Redis queues INCR and then fails it inside EXEC.
    let mut redis = app.redis().await;
    for window in [now / WINDOW_SECS, now / WINDOW_SECS + 1] {
        let key = format!("{}rate:api:you:{window}", session.namespace);
        let () = redis.set_ex(key, "not a number", 60).await.expect("SET");
    }

    let (decision, trace) = hit(&mut ws, 5).await;

    assert_eq!(decision, None, "the hit failed");
    let lines = lines(&trace);
    assert_eq!(
        lines[..3],
        ["MULTI: OK", "INCR: QUEUED", "EXPIRE: QUEUED"],
        "queued, as Redis said, not \"(not sent)\""
    );
    assert!(
        lines[3].starts_with("EXEC: 1) (error) ERR value is not an integer")
            && lines[3].ends_with("2) (integer) 1"),
        "EXEC's own reply: {lines:?}"
    );
    let failed: Vec<bool> = trace.iter().map(|t| !t.ok).collect();
    assert_eq!(
        failed,
        [false, false, false, true],
        "only EXEC held an error"
    );
}

#[tokio::test]
async fn the_fixed_windows_counter_is_the_incr_reply_even_when_another_tab_counted() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let (mut other_tab, _) = app.join(&session.id).await;

    let (first, _) = hit(&mut ws, 5).await;
    let (second, _) = hit(&mut other_tab, 5).await;
    // Only the limit changes: the marks of this tab would say 2, Redis says 3.
    let (third, trace) = hit(&mut ws, 1).await;

    let counters: Vec<Option<i64>> = [first, second, third.clone()]
        .iter()
        .map(|d| d.as_ref().and_then(|d| d.counter))
        .collect();
    assert_eq!(counters, [Some(1), Some(2), Some(3)]);
    let third = third.expect("a decision");
    assert!(!third.allowed && third.remaining == 0);
    assert!(
        lines(&trace).contains(&"EXEC: 1) (integer) 3 2) (integer) 1".to_owned()),
        "the counter is what EXEC returned: {trace:?}"
    );
}

#[tokio::test]
async fn the_quizs_outcome_follows_redis_replies_not_the_answer_key() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    // Someone already holds the try's lock (its run number is the session's first), so A's SET NX
    // is refused too.
    let mut redis = app.redis().await;
    let key = format!("{}quiz:try1:lock", session.namespace);
    let () = redis.set_ex(key, "someone", 60).await.expect("SET");

    let id = ws
        .run(LabRequest::Quiz(QuizRequest::Try {
            question: Question::LockOption,
            choice: Choice::B,
        }))
        .await;
    let ServerMsg::Reply {
        reply: LabReply::Quiz(QuizReply::Try { steps, outcome }),
        ..
    } = ws.answer(id).await.0
    else {
        panic!("expected a try");
    };

    let replies: Vec<&str> = steps.iter().map(|s| s.reply.as_str()).collect();
    assert_eq!(replies, ["(nil)", "(nil)"]);
    assert_eq!(outcome, Outcome::Unexpected, "A was refused as well as B");
}

#[tokio::test]
async fn the_quizs_subscribe_steps_show_the_confirmations_redis_sent() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let id = ws
        .run(LabRequest::Quiz(QuizRequest::Try {
            question: Question::PubsubWhileDisconnected,
            choice: Choice::A,
        }))
        .await;
    let (answer, trace) = ws.answer(id).await;
    let ServerMsg::Reply {
        reply: LabReply::Quiz(QuizReply::Try { steps, outcome }),
        ..
    } = answer
    else {
        panic!("expected a try");
    };
    assert_eq!(outcome, Outcome::MessageLost);
    let subscribes: Vec<&str> = steps
        .iter()
        .filter(|s| s.command.starts_with("SUBSCRIBE"))
        .map(|s| s.reply.as_str())
        .collect();
    assert_eq!(subscribes.len(), 2);
    assert!(
        subscribes
            .iter()
            .all(|r| r.starts_with("1) \"subscribe\" 2) \"pg:")),
        "Redis's confirmation: {subscribes:?}"
    );
    let traced: Vec<&str> = trace
        .iter()
        .filter(|t| t.command[0] == "SUBSCRIBE")
        .map(|t| t.reply.as_str())
        .collect();
    assert_eq!(traced, subscribes, "the steps are the trace's lines");
}

#[tokio::test]
async fn a_consumers_refused_xack_is_shown_as_redis_error_not_as_zero() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let hub = ws
        .run(LabRequest::Pubsub(PubsubRequest::Start {
            subscribers: vec![Subscription {
                channels: vec!["news".into()],
                patterns: Vec::new(),
            }],
            streams: true,
        }))
        .await;
    ws.until(|m| {
        matches!(m, ServerMsg::Event { id, event: LabEvent::Pubsub(PubsubEvent::Subscribed { .. }) } if *id == hub)
    })
    .await;
    ws.run(LabRequest::Pubsub(PubsubRequest::Publish {
        hub,
        channel: "news".into(),
        message: Message::Text { text: "hi".into() },
        count: 1,
    }))
    .await;
    // The consumer has read the entry and now "works" on it before its XACK: the stream is replaced by
    // a string meanwhile, so Redis refuses the XACK (and the XPENDING after it).
    ws.until(|m| {
        matches!(m, ServerMsg::Event { id, event: LabEvent::Pubsub(PubsubEvent::StreamRead { read: 1, .. }) } if *id == hub)
    })
    .await;
    let mut redis = app.redis().await;
    let stream = format!("{}stream:notifications", session.namespace);
    let () = redis.del(&stream).await.expect("DEL");
    let () = redis
        .set_ex(&stream, "not a stream", 60)
        .await
        .expect("SET");

    let failed = ws
        .until(|m| {
            matches!(m, ServerMsg::Event { id, event: LabEvent::Pubsub(PubsubEvent::StreamFailed { .. } | PubsubEvent::StreamRead { .. }) } if *id == hub)
        })
        .await;
    let ServerMsg::Event {
        event: LabEvent::Pubsub(PubsubEvent::StreamFailed { subscriber, error }),
        ..
    } = failed
    else {
        panic!("expected Redis's error, got {failed:?}");
    };
    assert_eq!(subscriber, 0);
    assert!(
        error.starts_with("XACK: ") && error.contains("WRONGTYPE"),
        "{error}"
    );
}

#[tokio::test]
async fn a_transaction_whose_run_stopped_after_it_was_sent_is_traced_and_redis_ran_it() {
    let app = spawn_app().await;
    let store = app.store().await;
    let mut redis = app.redis().await;
    let (tracer, mut sink) = trace_channel(32);
    // Two connections on the store's one shared link: what the reader blocks, Redis queues behind it.
    let mut reader = store.conn(tracer.clone());
    let mut conn = store.conn(tracer);
    let namespace = Namespace::for_session("stopped");
    let (stream, counter) = (namespace.key("stream"), namespace.key("n"));
    reader
        .xgroup_create(&stream, "g")
        .await
        .expect("XGROUP CREATE");
    let blocked = stream.clone();
    let read =
        tokio::spawn(async move { reader.xreadgroup(&blocked, "g", "c", 1, 0).await.map(drop) });
    eventually("the reader is blocked", || {
        let mut redis = redis.clone();
        async move { blocked_client(&mut redis, "xreadgroup").await.is_some() }
    })
    .await;

    let mut tx = Transaction::new();
    tx.incr(&counter).expire(&counter, 60);
    let mut run = Box::pin(conn.exec_all(&tx));
    let first = std::future::poll_fn(|cx| Poll::Ready(run.as_mut().poll(cx))).await;
    assert!(first.is_pending(), "Redis cannot answer behind the block");
    eventually(
        "the transaction reached Redis, queued behind the block",
        || {
            let mut redis = redis.clone();
            async move {
                blocked_client(&mut redis, "xreadgroup")
                    .await
                    .is_some_and(|l| !l.contains(" qbuf=0 "))
            }
        },
    )
    .await;
    drop(run);

    let _: String = redis::cmd("XADD")
        .arg(stream.as_str())
        .arg("*")
        .arg("f")
        .arg("v")
        .query_async(&mut redis)
        .await
        .expect("XADD");
    read.await.expect("reader joins").expect("XREADGROUP");
    assert_eq!(
        conn.get_count(&counter).await.expect("GET"),
        1,
        "Redis ran the stopped transaction"
    );
    let mut traced = Vec::new();
    while let Some(entry) = sink.try_recv() {
        traced.push(entry);
    }
    let stopped: Vec<String> = traced
        .iter()
        .filter(|e| e.reply == "(run stopped before the reply)")
        .map(|e| format!("{} ok={}", e.command.join(" "), e.ok))
        .collect();
    let key = counter.as_str();
    assert_eq!(
        stopped,
        [
            "MULTI ok=false".to_owned(),
            format!("INCR {key} ok=false"),
            format!("EXPIRE {key} 60 ok=false"),
            "EXEC ok=false".to_owned(),
        ],
        "{traced:#?}"
    );
}
