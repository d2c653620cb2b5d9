//! The Pub/Sub lab against real Redis: fan-out in order, PUBLISH's receiver count, what a disconnect
//! loses, patterns, Streams recovering what was missed, a slow subscriber cut off by Redis, and a
//! malformed payload shown as such.

use shared::{
    ErrorCode, LabEvent, LabReply, LabRequest, RequestId, ServerMsg,
    pubsub::{
        Delivery, Message, Notification, Payload, PubsubEvent, PubsubReply, PubsubRequest,
        Subscription,
    },
};

use crate::support::{WsClient, spawn_app};

fn on(channels: &[&str], patterns: &[&str]) -> Subscription {
    Subscription {
        channels: channels.iter().map(|c| (*c).to_owned()).collect(),
        patterns: patterns.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn text(text: &str) -> Message {
    Message::Text {
        text: text.to_owned(),
    }
}

/// A running hub and everything it has reported so far.
struct Hub {
    id: RequestId,
    deliveries: Vec<Delivery>,
    events: Vec<PubsubEvent>,
}

impl Hub {
    /// Starts a hub and waits until every subscriber is subscribed.
    async fn start(ws: &mut WsClient, subscribers: Vec<Subscription>, streams: bool) -> Self {
        let n = subscribers.len();
        let id = ws
            .run(LabRequest::Pubsub(PubsubRequest::Start {
                subscribers,
                streams,
            }))
            .await;
        let mut hub = Self {
            id,
            deliveries: Vec::new(),
            events: Vec::new(),
        };
        hub.wait(ws, |h| {
            h.events
                .iter()
                .filter(|e| matches!(e, PubsubEvent::Subscribed { .. }))
                .count()
                == n
        })
        .await;
        hub
    }

    /// Reads the hub's events until `done` holds.
    async fn wait(&mut self, ws: &mut WsClient, done: impl Fn(&Self) -> bool) {
        while !done(self) {
            if let ServerMsg::Event {
                id,
                event: LabEvent::Pubsub(event),
            } = ws.recv().await
                && id == self.id
            {
                match event {
                    PubsubEvent::Delivered { deliveries } => self.deliveries.extend(deliveries),
                    other => self.events.push(other),
                }
            }
        }
    }

    /// Sends a request that steers the hub and returns its reply, collecting hub events meanwhile.
    async fn ask(&mut self, ws: &mut WsClient, req: PubsubRequest) -> ServerMsg {
        let id = ws.run(LabRequest::Pubsub(req)).await;
        loop {
            match ws.recv().await {
                ServerMsg::Event {
                    id: got,
                    event: LabEvent::Pubsub(event),
                } if got == self.id => match event {
                    PubsubEvent::Delivered { deliveries } => self.deliveries.extend(deliveries),
                    other => self.events.push(other),
                },
                msg @ (ServerMsg::Reply { .. } | ServerMsg::Error { .. }) => match &msg {
                    ServerMsg::Reply { id: got, .. } | ServerMsg::Error { id: Some(got), .. }
                        if *got == id =>
                    {
                        return msg;
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    async fn publish(
        &mut self,
        ws: &mut WsClient,
        channel: &str,
        message: Message,
        count: u32,
    ) -> i64 {
        let req = PubsubRequest::Publish {
            hub: self.id,
            channel: channel.to_owned(),
            message,
            count,
        };
        match self.ask(ws, req).await {
            ServerMsg::Reply {
                reply: LabReply::Pubsub(PubsubReply::Published { receivers, .. }),
                ..
            } => receivers,
            other => panic!("expected a publish reply, got {other:?}"),
        }
    }

    fn of(&self, subscriber: u32) -> Vec<&Delivery> {
        self.deliveries
            .iter()
            .filter(|d| d.subscriber == subscriber)
            .collect()
    }
}

#[tokio::test]
async fn every_subscriber_receives_every_message_in_order_and_publish_counts_them() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let mut hub = Hub::start(&mut ws, vec![on(&["user:1:notifications"], &[]); 5], false).await;

    let receivers = hub
        .publish(&mut ws, "user:1:notifications", text("hello"), 20)
        .await;
    assert_eq!(receivers, 5);
    hub.wait(&mut ws, |h| h.deliveries.len() == 100).await;
    for subscriber in 0..5 {
        let numbers: Vec<Option<u64>> = hub.of(subscriber).iter().map(|d| d.publish).collect();
        assert_eq!(
            numbers,
            (1..=20).map(Some).collect::<Vec<_>>(),
            "subscriber {subscriber}"
        );
    }
    let counts: Vec<i64> = hub
        .events
        .iter()
        .filter_map(|e| match e {
            PubsubEvent::Published { receivers, .. } => Some(*receivers),
            _ => None,
        })
        .collect();
    assert_eq!(counts, [5; 20], "PUBLISH counted every live subscriber");
}

#[tokio::test]
async fn a_disconnected_subscriber_misses_exactly_what_was_published_meanwhile() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let mut hub = Hub::start(&mut ws, vec![on(&["news"], &[]); 3], false).await;
    hub.ask(
        &mut ws,
        PubsubRequest::Disconnect {
            hub: hub.id,
            subscriber: 2,
        },
    )
    .await;

    assert_eq!(
        hub.publish(&mut ws, "news", text("while away"), 3).await,
        2,
        "PUBLISH counts fewer receivers"
    );
    hub.ask(
        &mut ws,
        PubsubRequest::Reconnect {
            hub: hub.id,
            subscriber: 2,
        },
    )
    .await;
    assert!(hub.events.contains(&PubsubEvent::Reconnected {
        subscriber: 2,
        missed: 3
    }));
    assert_eq!(hub.publish(&mut ws, "news", text("after"), 1).await, 3);

    hub.wait(&mut ws, |h| h.deliveries.len() == 3 + 3 + 1 + 1 + 1)
        .await;
    let got: Vec<Option<u64>> = hub.of(2).iter().map(|d| d.publish).collect();
    assert_eq!(
        got,
        [Some(4)],
        "only the message after the reconnect arrives"
    );
}

#[tokio::test]
async fn pattern_subscribers_hear_every_matching_channel() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let subs = vec![
        on(&["user:1:notifications"], &[]),
        on(&[], &["user:*:notifications"]),
    ];
    let mut hub = Hub::start(&mut ws, subs, false).await;
    let note = |content: &str| {
        Message::Notification(Notification {
            kind: "new_message".into(),
            from: "Alice".into(),
            content: content.into(),
        })
    };
    assert_eq!(
        hub.publish(&mut ws, "user:1:notifications", note("to one"), 1)
            .await,
        2
    );
    assert_eq!(
        hub.publish(&mut ws, "user:2:notifications", note("to two"), 1)
            .await,
        1
    );
    hub.wait(&mut ws, |h| h.deliveries.len() == 3).await;
    let by_pattern = hub.of(1);
    assert_eq!(by_pattern.len(), 2);
    assert!(
        by_pattern
            .iter()
            .all(|d| d.pattern.as_deref() == Some("user:*:notifications"))
    );
    assert!(
        matches!(&by_pattern[1].payload, Payload::Notification(n) if n.content == "to two" && n.from == "Alice")
    );
    assert_eq!(hub.of(0).len(), 1);
}

#[tokio::test]
async fn the_stream_consumer_reads_back_what_it_missed() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let mut hub = Hub::start(&mut ws, vec![on(&["orders"], &[]); 2], true).await;
    hub.ask(
        &mut ws,
        PubsubRequest::Disconnect {
            hub: hub.id,
            subscriber: 1,
        },
    )
    .await;
    hub.publish(&mut ws, "orders", text("order"), 3).await;
    hub.ask(
        &mut ws,
        PubsubRequest::Reconnect {
            hub: hub.id,
            subscriber: 1,
        },
    )
    .await;
    hub.wait(&mut ws, |h| {
        h.events.iter().any(|e| {
            matches!(
                e,
                PubsubEvent::StreamRead {
                    subscriber: 1,
                    acked: 3,
                    pending: 0,
                    ..
                }
            )
        })
    })
    .await;
    assert!(
        hub.events.contains(&PubsubEvent::Reconnected {
            subscriber: 1,
            missed: 3
        }),
        "Pub/Sub lost them"
    );
    assert!(
        hub.events.iter().any(|e| matches!(
            e,
            PubsubEvent::StreamRead {
                subscriber: 1,
                read: 3,
                pending: 3,
                ..
            }
        )),
        "the stream delivered all three, pending until acknowledged: {:?}",
        hub.events
    );
}

#[tokio::test]
async fn a_malformed_payload_is_shown_as_malformed_and_a_stopped_hub_is_gone() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let mut hub = Hub::start(&mut ws, vec![on(&["user:1:notifications"], &[])], false).await;
    hub.publish(&mut ws, "user:1:notifications", text("{not json"), 1)
        .await;
    hub.wait(&mut ws, |h| h.deliveries.len() == 1).await;
    assert!(matches!(
        hub.deliveries[0].payload,
        Payload::Malformed { .. }
    ));

    ws.send_text(format!(r#"{{"type":"cancel","id":{}}}"#, hub.id))
        .await;
    let (stopped, _) = ws.answer(hub.id).await;
    assert!(
        matches!(
            stopped,
            ServerMsg::Reply {
                reply: LabReply::Pubsub(PubsubReply::Stopped),
                ..
            }
        ),
        "{stopped:?}"
    );
    let answer = hub
        .ask(
            &mut ws,
            PubsubRequest::Publish {
                hub: hub.id,
                channel: "x".into(),
                message: text("late"),
                count: 1,
            },
        )
        .await;
    assert!(
        matches!(answer, ServerMsg::Error { ref error, .. } if error.code == ErrorCode::BadRequestId),
        "{answer:?}"
    );
}

#[tokio::test]
async fn channel_names_cannot_leave_the_namespace() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let id = ws
        .run(LabRequest::Pubsub(PubsubRequest::Start {
            subscribers: vec![on(&["pg:{someone-else}:news"], &[])],
            streams: false,
        }))
        .await;
    let (answer, traces) = ws.answer(id).await;
    assert!(
        matches!(answer, ServerMsg::Error { ref error, .. } if error.code == ErrorCode::InvalidParam),
        "{answer:?}"
    );
    assert!(traces.is_empty());
}

#[tokio::test]
async fn redis_disconnects_a_subscriber_that_stops_reading() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let id = ws
        .run(LabRequest::Pubsub(PubsubRequest::SlowSubscriber {
            message_bytes: 8192,
        }))
        .await;
    let (answer, traces) = ws.answer(id).await;
    let ServerMsg::Reply {
        reply:
            LabReply::Pubsub(PubsubReply::SlowSubscriber {
                published,
                omem,
                closed_by_redis,
                ..
            }),
        ..
    } = answer
    else {
        panic!("expected the demo's figures, got {answer:?}");
    };
    assert!(
        closed_by_redis,
        "Redis closed the stalled subscriber's connection"
    );
    assert!(
        published < 5000,
        "PUBLISH stopped counting it after {published} messages"
    );
    assert!(
        omem.iter().any(|&b| b > 0),
        "its output buffer grew first: {omem:?}"
    );
    assert!(
        traces
            .iter()
            .any(|t| t.client == "slow-subscriber" && t.command[0] == "SUBSCRIBE")
    );
}
