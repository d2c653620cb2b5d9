//! A browser that stops reading its socket while a big run streams: the server gives up on it after the
//! send timeout, closes the connection (close code 1008, "too slow"), stops the run and deletes the
//! session's keys. What it had queued for the browser is bounded, so the browser, reading again, gets a
//! bounded number of frames and then the end of the connection.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use redis::AsyncCommands;
use shared::{
    ClientMsg, LabEvent, ServerMsg,
    pubsub::{Message as PubsubMessage, PubsubEvent, PubsubRequest},
};
use tokio_tungstenite::tungstenite::Message;

use backend::limits::Limits;

use crate::support::{WAIT, eventually, hub, spawn_app_with};

/// Subscribers of the hub, and messages of [`PAYLOAD`] bytes published to them: about 40 MB of
/// deliveries, far more than the socket buffers between server and client hold.
const SUBSCRIBERS: usize = 10;
const BURST: u32 = 1000;
const PAYLOAD: usize = 4000;

async fn send(ws: &mut crate::support::RawWs, msg: &ClientMsg) {
    let text = serde_json::to_string(msg).expect("encode");
    ws.send(Message::Text(text.into())).await.expect("send");
}

async fn recv(ws: &mut crate::support::RawWs) -> ServerMsg {
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

#[tokio::test]
async fn a_browser_that_stops_reading_is_closed_and_its_session_cleaned_up() {
    let app = spawn_app_with(Limits {
        send_timeout: Duration::from_millis(500),
        ..Limits::default()
    })
    .await;
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{}/ws", app.addr))
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
        if let ServerMsg::Event {
            event: LabEvent::Pubsub(PubsubEvent::Subscribed { .. }),
            ..
        } = recv(&mut ws).await
        {
            subscribed += 1;
        }
    }
    let presence = format!("{}presence", session.namespace);
    let mut redis = app.redis().await;
    let present: bool = redis::cmd("EXISTS")
        .arg(&presence)
        .query_async(&mut redis)
        .await
        .expect("EXISTS");
    assert!(present, "the session is counted while connected");

    // The burst, then no reading at all.
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
    eventually(
        "the server gives up on the reader and deletes its keys",
        || {
            let mut redis = redis.clone();
            let pattern = format!("{}*", session.namespace);
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

    // Reading again: what was already on its way, then the end.
    let (mut frames, mut deliveries, mut closed_too_slow) = (0usize, 0usize, false);
    loop {
        let next = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("the connection ends within the wait");
        match next {
            Some(Ok(Message::Text(text))) => {
                frames += 1;
                if let Ok(ServerMsg::Event {
                    event: LabEvent::Pubsub(PubsubEvent::Delivered { deliveries: d }),
                    ..
                }) = serde_json::from_str::<ServerMsg>(&text)
                {
                    deliveries += d.len();
                }
            }
            Some(Ok(Message::Close(frame))) => {
                closed_too_slow = frame.is_some_and(|f| f.reason == "too slow");
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
}
