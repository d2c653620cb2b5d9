//! The bookkeeping against event sequences the backend's own tests produce.

use shared::pubsub::{Notification, Payload, PubsubEvent};

use super::*;

fn delivered(subscriber: u32, publish: u64, payload: Payload) -> PubsubEvent {
    PubsubEvent::Delivered {
        deliveries: vec![Delivery {
            subscriber,
            channel: "news".into(),
            pattern: None,
            publish: Some(publish),
            payload,
            trace: 100 + publish,
        }],
    }
}

fn text(text: &str) -> Payload {
    Payload::Json { text: text.into() }
}

fn published(publish: u64, receivers: i64) -> PubsubEvent {
    PubsubEvent::Published {
        publish,
        channel: "news".into(),
        receivers,
        trace: publish,
    }
}

fn started(n: u32) -> Book {
    let mut book = Book::new(n as usize);
    let events: Vec<_> = (0..n)
        .map(|subscriber| PubsubEvent::Subscribed { subscriber })
        .collect();
    book.fold(&events, 0.0);
    book
}

#[test]
fn the_hub_runs_once_every_subscriber_is_subscribed() {
    let mut book = Book::new(3);
    book.fold(&[PubsubEvent::Subscribed { subscriber: 0 }], 0.0);
    assert!(!book.running());

    book.fold(
        &[
            PubsubEvent::Subscribed { subscriber: 1 },
            PubsubEvent::Subscribed { subscriber: 2 },
        ],
        0.0,
    );

    assert!(book.running());
    assert!(book.members.iter().all(|m| m.connected));
}

#[test]
fn a_disconnect_leaves_a_gap_that_the_reconnect_labels_with_what_was_missed() {
    let mut book = started(3);
    book.fold(
        &[
            PubsubEvent::Disconnected { subscriber: 2 },
            published(1, 2),
            published(2, 2),
            published(3, 2),
            delivered(0, 1, text("1")),
        ],
        0.0,
    );
    assert!(!book.members[2].connected);
    assert_eq!(
        book.members[2].items.back(),
        Some(&Item::Gap {
            missed: None,
            reread: 0
        })
    );
    assert_eq!(book.last_receivers(), Some(2), "PUBLISH counted one fewer");

    book.fold(
        &[
            PubsubEvent::Subscribed { subscriber: 2 },
            PubsubEvent::Reconnected {
                subscriber: 2,
                missed: 3,
            },
            delivered(2, 4, text("after")),
        ],
        0.0,
    );

    let member = &book.members[2];
    assert!(member.connected);
    assert_eq!(member.missed, 3);
    assert_eq!(member.received, 1);
    assert!(matches!(
        member.items.iter().collect::<Vec<_>>()[..],
        [
            Item::Gap {
                missed: Some(3),
                ..
            },
            Item::Message(_)
        ]
    ));
}

#[test]
fn counters_count_every_delivery_while_inboxes_keep_the_newest() {
    let mut book = started(2);
    let deliveries: Vec<Delivery> = (1..=1000)
        .flat_map(|n| {
            (0..2).map(move |subscriber| Delivery {
                subscriber,
                channel: "news".into(),
                pattern: None,
                publish: Some(n),
                payload: text(&n.to_string()),
                trace: n,
            })
        })
        .collect();

    book.fold(&[PubsubEvent::Delivered { deliveries }], 0.0);

    for member in &book.members {
        assert_eq!(member.received, 1000);
        assert_eq!(member.items.len(), INBOX_KEPT);
        assert_eq!(member.not_kept, 1000 - INBOX_KEPT as u64);
        let Some(Item::Message(last)) = member.items.back() else {
            panic!("the newest item is a message");
        };
        assert_eq!(last.publish, Some(1000));
    }
}

#[test]
fn malformed_payloads_are_counted_apart() {
    let mut book = started(1);
    let note = Payload::Notification(Notification {
        kind: "new_message".into(),
        from: "Alice".into(),
        content: "Hello!".into(),
    });
    book.fold(
        &[
            delivered(0, 1, note),
            delivered(
                0,
                2,
                Payload::Malformed {
                    text: "{not json".into(),
                },
            ),
        ],
        0.0,
    );
    assert_eq!(
        (book.members[0].received, book.members[0].malformed),
        (2, 1)
    );
}

#[test]
fn stream_reads_add_up_and_pending_follows_the_last_reading() {
    let mut book = started(2);
    let read = |read, pending, acked| PubsubEvent::StreamRead {
        subscriber: 1,
        read,
        pending,
        acked,
    };
    book.fold(&[read(3, 3, 0)], 0.0);
    assert_eq!(
        book.members[1].stream,
        StreamCounts {
            read: 3,
            pending: 3,
            acked: 0
        }
    );

    book.fold(&[read(0, 0, 3), read(2, 2, 3)], 0.0);

    assert_eq!(
        book.members[1].stream,
        StreamCounts {
            read: 5,
            pending: 2,
            acked: 3
        }
    );
}

#[test]
fn publishes_are_remembered_with_their_trace_and_channels_are_collected() {
    let mut book = started(1);
    let on = |channel: &str, publish| PubsubEvent::Published {
        publish,
        channel: channel.into(),
        receivers: 0,
        trace: 50 + publish,
    };
    book.fold(&[on("a", 1), on("b", 2), on("a", 3)], 0.0);
    assert_eq!(book.channels, ["a", "b"]);
    assert_eq!(book.publish(2).map(|p| p.trace), Some(52));
    assert_eq!(book.published, 3);

    let many: Vec<_> = (0..PUBLISHES_KEPT as u64 + 5)
        .map(|n| on(&format!("c{n}"), 10 + n))
        .collect();
    book.fold(&many, 0.0);

    assert_eq!(book.publishes.len(), PUBLISHES_KEPT);
    assert_eq!(book.channels.len(), EXTRA_CHANNELS);
    assert!(book.publish(1).is_none(), "the oldest are forgotten");
}

#[test]
fn events_for_unknown_subscribers_are_ignored() {
    let mut book = started(1);
    book.fold(
        &[
            PubsubEvent::Disconnected { subscriber: 7 },
            delivered(7, 1, text("x")),
        ],
        0.0,
    );
    assert_eq!(book.members.len(), 1);
    assert!(book.members[0].connected);
}

#[test]
fn what_the_stream_consumer_reads_after_a_gap_is_counted_on_the_gap() {
    let mut book = started(3);
    let read = |read| PubsubEvent::StreamRead {
        subscriber: 2,
        read,
        pending: read,
        acked: 0,
    };
    book.fold(&[read(2)], 0.0);
    book.fold(
        &[
            PubsubEvent::Disconnected { subscriber: 2 },
            PubsubEvent::Subscribed { subscriber: 2 },
            PubsubEvent::Reconnected {
                subscriber: 2,
                missed: 5,
            },
            read(5),
        ],
        0.0,
    );

    assert_eq!(
        book.members[2].items.back(),
        Some(&Item::Gap {
            missed: Some(5),
            reread: 5
        })
    );
    assert_eq!(book.members[2].stream.read, 7);
}
