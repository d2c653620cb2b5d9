//! The reducer: hubs replaced on every configuration, events folded, the demo script advancing only
//! on real answers.

use shared::pubsub::{Delivery, Payload, PubsubEvent, PubsubReply};
use shared::{ErrorBody, ErrorCode, LabEvent, RequestId};

use super::*;
use crate::labs::pubsub::book::{EXTRA_CHANNELS, INBOX_KEPT, PUBLISHES_KEPT};
use crate::labs::pubsub::config::Preset;
use crate::labs::pubsub::pulses::MAX_BATCHES;
use crate::labs::pubsub::requests::{Kind, Problem, Sent};
use crate::ws::Failure;

fn event(event: PubsubEvent) -> LabEvent {
    LabEvent::Pubsub(event)
}

fn subscribed(n: u32) -> Vec<LabEvent> {
    (0..n)
        .map(|subscriber| event(PubsubEvent::Subscribed { subscriber }))
        .collect()
}

fn updates(updates: Vec<Update<PubsubRequest>>) -> Action {
    Action::Updates {
        updates,
        now_ms: 0.0,
    }
}

fn answer(id: RequestId, outcome: Result<PubsubReply, Failure>) -> Update<PubsubRequest> {
    Update::new(id, [], Some(outcome))
}

/// A state whose hub `7` has `n` subscribers, all subscribed.
fn running(n: u32) -> LabState {
    let mut state = LabState::default();
    state.apply(Action::HubStarted {
        id: 7,
        subscriptions: vec![Subscription::default(); n as usize],
        streams: false,
    });
    state.apply(updates(vec![Update::new(7, subscribed(n), None)]));
    state
}

#[test]
fn a_hub_starts_then_runs_once_every_subscriber_is_subscribed() {
    let mut state = LabState::default();
    assert_eq!(state.phase(), Phase::Starting);
    state.apply(Action::HubStarted {
        id: 7,
        subscriptions: vec![Subscription::default(); 4],
        streams: false,
    });
    assert_eq!(state.phase(), Phase::Starting);

    state.apply(updates(vec![Update::new(7, subscribed(4), None)]));

    assert_eq!(state.phase(), Phase::Running);
    assert_eq!(state.phase().id(), "running");
}

#[test]
fn a_new_configuration_drops_the_hub_and_a_users_change_ends_the_demo() {
    let mut state = running(2);
    state.apply(Action::Demo(Demo::Loss));
    let epoch = state.epoch;

    let config = Config {
        preset: Preset::PerUser,
        ..Config::default()
    };
    state.apply(Action::Configure {
        config: config.clone(),
        demo: false,
    });

    assert_eq!(state.config, config);
    assert!(state.hub.is_none());
    assert_eq!(state.epoch, epoch + 1);
    assert_eq!(state.demo, None);
    assert!(!state.scripted());
}

#[test]
fn the_script_waits_for_the_hub_then_for_each_reply() {
    let mut state = LabState::default();
    state.apply(Action::Demo(Demo::Loss));
    assert_eq!(
        state.selected, 2,
        "the demo shows the subscriber it disconnects"
    );
    let Some(Step::Configure(config)) = state.script.front().cloned() else {
        panic!("the demo configures first");
    };
    state.apply(Action::Configure { config, demo: true });
    state.apply(Action::Began {
        wait: Wait::Hub,
        sent: None,
    });
    assert_eq!(state.wait, Wait::Hub);
    assert_eq!(
        state.demo,
        Some(Demo::Loss),
        "the script's own change keeps the demo"
    );

    state.apply(Action::HubStarted {
        id: 7,
        subscriptions: vec![Subscription::default(); 4],
        streams: false,
    });
    state.apply(updates(vec![Update::new(7, subscribed(4), None)]));
    assert_eq!(state.wait, Wait::Ready);

    let sent = Sent {
        id: 8,
        kind: Kind::Publish,
    };
    state.apply(Action::Began {
        wait: Wait::Reply(8),
        sent: Some(sent),
    });
    let published = PubsubReply::Published {
        count: 1,
        receivers: 4,
    };
    state.apply(updates(vec![answer(8, Ok(published))]));

    assert_eq!(state.wait, Wait::Ready);
    assert!(state.awaited.is_empty());
    assert!(state.scripted(), "steps remain");
}

#[test]
fn a_failed_step_stops_the_script_and_says_why() {
    let mut state = running(2);
    state.apply(Action::Demo(Demo::Loss));
    state.apply(Action::Began {
        wait: Wait::Reply(9),
        sent: Some(Sent {
            id: 9,
            kind: Kind::Disconnect,
        }),
    });
    let error = ErrorBody::new(ErrorCode::BadRequestId, "no such run");

    state.apply(updates(vec![answer(
        9,
        Err(Failure::Server(error.clone())),
    )]));

    assert!(!state.scripted());
    assert_eq!(state.problem, Some(Problem::Failed(Failure::Server(error))));
}

#[test]
fn a_pause_ends_only_with_its_own_timer() {
    let mut state = running(2);
    state.apply(Action::Demo(Demo::Loss));
    state.apply(Action::Began {
        wait: Wait::Timer,
        sent: None,
    });
    let serial = state.serial;

    state.apply(Action::Waited(serial - 1));
    assert_eq!(state.wait, Wait::Timer, "a stale timer changes nothing");

    state.apply(Action::Waited(serial));
    assert_eq!(state.wait, Wait::Ready);
}

#[test]
fn a_hub_that_ends_unasked_is_an_error() {
    let mut stopped = running(2);
    stopped.apply(updates(vec![answer(7, Ok(PubsubReply::Stopped))]));
    assert_eq!(stopped.phase(), Phase::Error);

    let mut lost = running(2);
    lost.apply(updates(vec![answer(7, Err(Failure::Lost))]));
    assert_eq!(lost.phase(), Phase::Error);
}

#[test]
fn the_slow_demo_keeps_its_figures() {
    let mut state = running(1);
    state.apply(Action::Sent(Sent {
        id: 11,
        kind: Kind::Slow,
    }));
    assert_eq!(state.slow.as_ref().map(|s| s.result.is_none()), Some(true));
    let reply = PubsubReply::SlowSubscriber {
        published: 12,
        bytes: 98_304,
        omem: vec![0, 40_000, 70_000],
        closed_by_redis: true,
    };

    state.apply(updates(vec![answer(11, Ok(reply))]));

    let Some(Some(Ok(figures))) = state.slow.as_ref().map(|s| s.result.clone()) else {
        panic!("figures kept");
    };
    assert_eq!(figures.published, 12);
    assert!(figures.closed_by_redis);
}

#[test]
fn the_sharded_lesson_keeps_its_report_apart_from_the_slow_demos() {
    let mut state = running(1);
    state.apply(Action::Sent(Sent {
        id: 12,
        kind: Kind::Sharded,
    }));
    assert_eq!(
        state.sharded.as_ref().map(|s| s.result.is_none()),
        Some(true)
    );
    assert!(state.slow.is_none());
    let report = shared::pubsub::ShardedReport {
        cluster: true,
        messages: 20,
        classic_receivers: 20,
        sharded_receivers: 20,
        classic_delivered: 20,
        sharded_delivered: 20,
        nodes: vec![shared::pubsub::BusNode {
            address: "127.0.0.1:7001".into(),
            replica: true,
            shard: true,
            classic: 20,
            sharded: 20,
        }],
    };

    state.apply(updates(vec![answer(
        12,
        Ok(PubsubReply::Sharded(report.clone())),
    )]));

    let Some(Some(Ok(kept))) = state.sharded.as_ref().map(|s| s.result.clone()) else {
        panic!("report kept");
    };
    assert_eq!(kept, report);
}

#[test]
fn hovering_a_message_finds_its_publish_line_and_its_receipt() {
    let mut state = running(1);
    let published = event(PubsubEvent::Published {
        publish: 1,
        channel: "news".into(),
        receivers: 1,
        trace: 40,
    });
    state.apply(updates(vec![Update::new(7, [published], None)]));
    let delivery = Rc::new(Delivery {
        subscriber: 0,
        channel: "news".into(),
        pattern: None,
        publish: Some(1),
        payload: Payload::Json { text: "1".into() },
        trace: 41,
    });

    state.apply(Action::Hover(Some(Hovered::Delivery(delivery))));
    assert_eq!(state.hovered_seqs(), [40, 41]);

    state.apply(Action::Hover(Some(Hovered::Publish(1))));
    assert_eq!(state.hovered_seqs(), [40]);

    state.apply(Action::Hover(None));
    assert!(state.hovered_seqs().is_empty());
}

#[test]
fn an_hour_of_messages_keeps_the_state_bounded_and_counts_what_it_let_go() {
    // One hour at 20 messages a second, arriving as the page's updates do: one every 100 ms.
    const MESSAGES: u64 = 3600 * 20;
    const PER_UPDATE: u64 = 2;
    let mut state = running(3);

    for first in (1..=MESSAGES).step_by(PER_UPDATE as usize) {
        let mut events = Vec::new();
        for publish in first..first + PER_UPDATE {
            events.push(event(PubsubEvent::Published {
                publish,
                channel: "news".into(),
                receivers: 3,
                trace: 2 * publish,
            }));
            let deliveries = (0..3)
                .map(|subscriber| Delivery {
                    subscriber,
                    channel: "news".into(),
                    pattern: None,
                    publish: Some(publish),
                    payload: Payload::Json {
                        text: format!("{{\"n\":{publish}}}"),
                    },
                    trace: 2 * publish + 1,
                })
                .collect();
            events.push(event(PubsubEvent::Delivered { deliveries }));
        }
        state.apply(Action::Updates {
            updates: vec![Update::new(7, events, None)],
            now_ms: first as f64 * 50.0,
        });
    }

    let book = &state.hub.as_ref().expect("the hub runs").book;
    assert_eq!(book.published, MESSAGES, "every publish counted");
    assert!(book.publishes.len() <= PUBLISHES_KEPT);
    assert!(book.channels.len() <= EXTRA_CHANNELS);
    assert!(book.pulses.batches().count() <= MAX_BATCHES);
    for member in &book.members {
        assert_eq!(member.received, MESSAGES, "every delivery counted");
        assert_eq!(member.items.len(), INBOX_KEPT);
        assert_eq!(
            member.not_kept + member.items.len() as u64,
            MESSAGES,
            "what was let go is counted, not lost from the figures"
        );
    }
    assert!(state.awaited.is_empty());
}
