//! A browser that stops reading its socket while a big run streams: the server gives up on it after the
//! send timeout, closes the connection (close code 1008, "too slow"), stops the run and deletes the
//! session's keys. What it had queued for the browser is bounded, so the browser, reading again, gets a
//! bounded number of frames and then the end of the connection; and the backend's resident memory (the
//! binary, run as a process of its own) stays flat however many stalled readers come.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use redis::AsyncCommands;
use shared::{
    ClientMsg, LabEvent, ServerMsg,
    pubsub::{Message as PubsubMessage, PubsubEvent, PubsubRequest},
};
use tokio_tungstenite::tungstenite::{Message, protocol::frame::coding::CloseCode};

use backend::{embedded::EmbeddedRedis, limits::Limits};

use crate::{
    procs::BackendProcess,
    support::{RawWs, WAIT, eventually, hub, spawn_app_with},
};

/// Subscribers of the hub, and messages of [`PAYLOAD`] bytes published to them: about 40 MB of
/// deliveries, far more than the socket buffers between server and client hold.
const SUBSCRIBERS: usize = 10;
const BURST: u32 = 1000;
const PAYLOAD: usize = 4000;
/// Stalled readers in the memory test, one after another. The first half lets the allocator and the
/// connection pools reach their working size; the second half must not need more.
const ROUNDS: usize = 8;
/// How much more resident memory the second half may peak at than the first: a backend that kept
/// what the stalled readers did not read would grow by about 40 MB with each; the rest is the allocator's
/// slack on a loaded machine.
const GROWTH_KIB: u64 = 24 * 1024;

async fn send(ws: &mut RawWs, msg: &ClientMsg) {
    let text = serde_json::to_string(msg).expect("encode");
    ws.send(Message::Text(text.into())).await.expect("send");
}

async fn recv(ws: &mut RawWs) -> ServerMsg {
    loop {
        let frame = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("a frame within the wait")
            .expect("not ended")
            .expect("reads");
        if let Message::Text(text) = frame {
            return serde_json::from_str(&text).expect("server JSON");
        }
    }
}

/// The events `msg` carries, one or several.
fn events(msg: ServerMsg) -> Vec<LabEvent> {
    msg.into_events()
        .map(|(_, events)| events)
        .unwrap_or_default()
}

/// Connects to the backend's socket at `ws_url`, starts a hub of [`SUBSCRIBERS`], asks it for a burst of
/// [`BURST`] messages, and from then on reads nothing. Returns the socket and the session's namespace,
/// which holds keys (`redis` says so) until the server gives up on the socket.
async fn stall(ws_url: &str, redis: &crate::support::Direct) -> (RawWs, String) {
    let (mut ws, _) = tokio_tungstenite::connect_async(ws_url)
        .await
        .expect("ws connects");
    let ServerMsg::Hello { session, .. } = recv(&mut ws).await else {
        panic!("expected hello");
    };
    send(
        &mut ws,
        &ClientMsg::Run {
            id: 1,
            request: hub(SUBSCRIBERS),
        },
    )
    .await;
    let mut subscribed = 0;
    while subscribed < SUBSCRIBERS {
        subscribed += events(recv(&mut ws).await)
            .iter()
            .filter(|e| matches!(e, LabEvent::Pubsub(PubsubEvent::Subscribed { .. })))
            .count();
    }
    let present: bool = redis
        .clone()
        .exists(format!("{}presence", session.namespace))
        .await
        .expect("EXISTS");
    assert!(present, "the session is counted while connected");
    let publish = ClientMsg::Run {
        id: 2,
        request: shared::LabRequest::Pubsub(PubsubRequest::Publish {
            hub: 1,
            channel: "news".into(),
            message: PubsubMessage::Text {
                text: "x".repeat(PAYLOAD),
            },
            count: BURST,
        }),
    };
    send(&mut ws, &publish).await;
    (ws, session.namespace)
}

/// Waits until the session of `namespace` has no keys left: the server has given up on it.
async fn until_cleaned(redis: &crate::support::Direct, namespace: &str) {
    eventually(
        "the server gives up on the reader and deletes its keys",
        || {
            let mut redis = redis.clone();
            let pattern = format!("{namespace}*");
            async move {
                redis
                    .keys::<_, Vec<String>>(pattern)
                    .await
                    .expect("KEYS")
                    .is_empty()
            }
        },
    )
    .await;
}

#[tokio::test]
async fn a_browser_that_stops_reading_is_closed_and_its_session_cleaned_up() {
    let app = spawn_app_with(Limits {
        send_timeout: Duration::from_millis(500),
        ..Limits::default()
    })
    .await;
    let redis = app.redis().await;
    let (mut ws, namespace) = stall(&format!("ws://{}/ws", app.addr), &redis).await;
    until_cleaned(&redis, &namespace).await;

    // Reading again: what was already on its way, then the end.
    let (mut frames, mut deliveries, mut closed_too_slow) = (0usize, 0usize, false);
    loop {
        let next = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("the connection ends within the wait");
        match next {
            Some(Ok(Message::Text(text))) => {
                frames += 1;
                let msg = serde_json::from_str::<ServerMsg>(&text).expect("server JSON");
                for event in events(msg) {
                    if let LabEvent::Pubsub(PubsubEvent::Delivered { deliveries: d }) = event {
                        deliveries += d.len();
                    }
                }
            }
            Some(Ok(Message::Close(frame))) => {
                closed_too_slow =
                    frame.is_some_and(|f| f.code == CloseCode::Policy && f.reason == "too slow");
                break;
            }
            Some(Ok(_)) => {}
            Some(Err(_)) | None => break,
        }
    }
    let published = SUBSCRIBERS * BURST as usize;
    assert!(
        deliveries < published,
        "the server stopped instead of buffering everything: {deliveries} of {published} deliveries \
         in {frames} frames (closed with \"too slow\": {closed_too_slow})"
    );
    assert!(
        closed_too_slow,
        "the browser, reading again, learns why: close code 1008, \"too slow\" (after {frames} frames)"
    );
}

/// How many sockets process `pid` holds open now (its connections to browsers and to Redis, and its
/// listener), from `/proc/<pid>/fd`.
fn open_sockets(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("the backend's open files")
        .filter_map(Result::ok)
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter(|target| target.to_string_lossy().starts_with("socket:"))
        .count()
}

#[tokio::test]
async fn stalled_readers_one_after_another_leave_the_backends_memory_flat() {
    let redis = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let backend = BackendProcess::start(&redis.url(), &[("WS_SEND_TIMEOUT_SECS", "1")])
        .await
        .expect("backend starts");
    let rss_kib = || backend.memory_kib().expect("the backend's memory").0;
    let direct = crate::support::Direct::Server(
        redis::Client::open(redis.url())
            .expect("url")
            .get_multiplexed_async_connection()
            .await
            .expect("direct connection"),
    );

    // Every stalled socket stays open on the client's side: only the server can end it.
    let mut stalled = Vec::new();
    let mut after = Vec::new();
    let pid = backend.pid().expect("the backend runs");
    let sockets = || open_sockets(pid);
    for _ in 0..ROUNDS {
        let before = sockets();
        let (ws, namespace) = stall(&backend.ws_url(), &direct).await;
        until_cleaned(&direct, &namespace).await;
        // The stalled socket's close frame waits behind what the reader did not read, and the server
        // holds the socket, and what it buffered for it, until that wait is over: measured before,
        // the memory counted readers the server was still letting go of.
        eventually("the server lets go of the stalled socket", || {
            let now = sockets();
            async move { now <= before }
        })
        .await;
        stalled.push(ws);
        after.push(rss_kib());
    }
    let (first, second) = after.split_at(ROUNDS / 2);
    let peak = |half: &[u64]| half.iter().copied().max().unwrap_or_default();
    assert!(
        peak(second) <= peak(first) + GROWTH_KIB,
        "resident memory after each stalled reader (KiB): {after:?}"
    );
}
