//! Opening, joining and leaving a room; its keys expire, and go when everyone leaves.

use redis::AsyncCommands;
use shared::{
    ErrorCode, LabRequest,
    room::{LockOutcome, Role, RoomEvent, RoomReply, RoomRequest, RoomSettings},
};

use super::{Browser, error_code, members_numbers, reply, room_keys};
use crate::support::{eventually, spawn_app};

#[tokio::test]
async fn a_participant_joins_with_the_code_and_leaves() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let mut presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    assert_eq!(presenter.me.role, Role::Presenter);

    let mut guest = Browser::join(&ws_url, &presenter.code.to_lowercase()).await;

    assert_eq!(
        guest.code, presenter.code,
        "a lower-case code names the room"
    );
    assert_eq!((guest.me.n, guest.me.name.as_str()), (1, "guest 1"));
    let seen = presenter
        .event(|e| matches!(e, RoomEvent::Members { members } if members.len() == 2))
        .await;
    let RoomEvent::Members { members } = seen else {
        unreachable!()
    };
    assert_eq!(members_numbers(&members), [0, 1]);
    assert_eq!(reply(guest.leave().await), RoomReply::Left);
    presenter
        .event(|e| matches!(e, RoomEvent::Members { members } if members_numbers(members) == [0]))
        .await;
    let mut redis = app.redis().await;
    let left: u64 = redis
        .hlen(format!("pg:{{room-{}}}:members", presenter.code))
        .await
        .expect("HLEN");
    assert_eq!(left, 1, "only the presenter is in the member hash");
}

#[tokio::test]
async fn joining_a_code_no_room_has_is_no_such_room() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let join = RoomRequest::Join {
        code: "ABCD2345".into(),
        name: "ann".into(),
    };
    let id = ws.run(LabRequest::Room(join)).await;

    let (answer, _) = ws.answer(id).await;

    assert_eq!(error_code(&answer), Some(ErrorCode::NoSuchRoom));
}

#[tokio::test]
async fn every_room_key_expires_and_all_go_when_everyone_leaves() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let settings = RoomSettings {
        lock_hold_ms: 60_000,
        ..RoomSettings::default()
    };
    let mut presenter = Browser::open(&ws_url, settings).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let published = presenter.publish("hi").await;
    assert_eq!(
        reply(published),
        RoomReply::Published {
            seq: 1,
            receivers: 1
        }
    );
    reply(guest.ask(RoomRequest::Send { room: guest.run }).await);
    // The guest holds the lock for a minute: its key exists while the keys are checked.
    guest
        .ws
        .run(LabRequest::Room(RoomRequest::Acquire { room: guest.run }))
        .await;
    presenter
        .event(|e| {
            matches!(
                e,
                RoomEvent::Lock {
                    outcome: LockOutcome::Acquired,
                    ..
                }
            )
        })
        .await;

    let mut redis = app.redis().await;
    let keys = room_keys(&mut redis, &presenter.code).await;
    for suffix in [
        "presenter",
        "settings",
        "members",
        "alive",
        "seq:members",
        "seq:publish",
        "lock",
    ] {
        let key = format!("pg:{{room-{}}}:{suffix}", presenter.code);
        assert!(keys.contains(&key), "{key} exists");
    }
    assert!(
        keys.iter().any(|k| k.contains(":rate:room")),
        "limiter keys exist"
    );
    for key in &keys {
        let ttl: i64 = redis.pttl(key).await.expect("PTTL");
        assert!(ttl > 0, "{key} expires (PTTL {ttl})");
    }

    let (closed, left) = presenter.close().await;
    assert_eq!(reply(closed), RoomReply::Closed);
    assert_eq!(
        reply(left),
        RoomReply::Left,
        "the presenter's membership ends"
    );
    guest.event(|e| *e == RoomEvent::Closed).await;
    eventually("the room's keys are gone", || {
        let mut redis = redis.clone();
        let code = presenter.code.clone();
        async move { room_keys(&mut redis, &code).await.is_empty() }
    })
    .await;
}

#[tokio::test]
async fn a_room_whose_presenter_is_gone_is_left_to_expire_when_the_last_participant_leaves() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let mut redis = app.redis().await;
    // The presenter's backend "crashed": its member entry is gone, its keys are left to expire.
    let _: i64 = redis
        .hdel(format!("pg:{{room-{}}}:members", presenter.code), "0")
        .await
        .expect("HDEL");

    assert_eq!(reply(guest.leave().await), RoomReply::Left);

    let keys = room_keys(&mut redis, &presenter.code).await;
    assert!(
        keys.contains(&format!("pg:{{room-{}}}:presenter", presenter.code)),
        "participants do not delete the room: {keys:?}"
    );
    for key in &keys {
        let ttl: i64 = redis.pttl(key).await.expect("PTTL");
        assert!(ttl > 0, "{key} expires (PTTL {ttl})");
    }
}

#[tokio::test]
async fn only_the_presenter_hears_arrivals_and_departures_and_one_relay_hears_for_the_participants()
{
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let mut first = Browser::join(&ws_url, &presenter.code).await;
    let mut second = Browser::join(&ws_url, &presenter.code).await;
    let mut redis = app.redis().await;
    let channel = |name: &str| format!("pg:{{room-{}}}:{name}", presenter.code);

    let counts = subscriptions(
        &mut redis,
        &[channel("roster"), channel("events"), channel("chat")],
    )
    .await;

    assert_eq!(
        (
            counts[&channel("roster")],
            counts[&channel("events")],
            counts[&channel("chat")]
        ),
        (1, 2, 1),
        "roster: the presenter; events: the presenter and the backend's relay; chat: the relay"
    );

    // The relay closes with the last participant who shares it.
    let chat = [channel("chat")];
    first.leave().await;
    assert_eq!(subscriptions(&mut redis, &chat).await[&chat[0]], 1);
    second.leave().await;
    eventually("the relay unsubscribed", || {
        let (mut redis, chat) = (redis.clone(), chat.clone());
        async move { subscriptions(&mut redis, &chat).await[&chat[0]] == 0 }
    })
    .await;
}

/// How many connections are subscribed to each of `channels`: `PUBSUB NUMSUB`, or `SHARDNUMSUB` on a
/// cluster, where a room's channels are sharded. A map: on a cluster the client sums every node's
/// counts, in no particular order.
async fn subscriptions(
    redis: &mut crate::support::Direct,
    channels: &[String],
) -> std::collections::HashMap<String, u64> {
    let numsub = if crate::support::on_cluster() {
        "SHARDNUMSUB"
    } else {
        "NUMSUB"
    };
    redis::cmd("PUBSUB")
        .arg(numsub)
        .arg(channels)
        .query_async(redis)
        .await
        .expect("PUBSUB NUMSUB")
}

#[tokio::test]
async fn participants_on_one_backend_share_its_subscription_and_each_trace_shows_the_relayed_message()
 {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let mut presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let mut first = Browser::join(&ws_url, &presenter.code).await;
    let mut second = Browser::join(&ws_url, &presenter.code).await;
    presenter
        .event(|e| matches!(e, RoomEvent::Members { members } if members.len() == 3))
        .await;

    let answer = presenter.publish("one for all").await;

    assert_eq!(
        reply(answer),
        RoomReply::Published {
            seq: 1,
            receivers: 1
        },
        "PUBLISH counts the one subscription of the participants' backend"
    );
    let (kind, subscribe) = if crate::support::on_cluster() {
        ("(smessage)", "SSUBSCRIBE")
    } else {
        ("(message)", "SUBSCRIBE")
    };
    let chat = format!("pg:{{room-{}}}:chat", presenter.code);
    for guest in [&mut first, &mut second] {
        guest
            .event(
                |e| matches!(e, RoomEvent::Delivered { seq: 1, text, .. } if text == "one for all"),
            )
            .await;
        let trace = guest.ws.take_trace();
        let relayed = trace
            .iter()
            .find(|e| e.command.first().map(String::as_str) == Some(kind))
            .unwrap_or_else(|| panic!("the delivery is in the trace: {trace:?}"));
        assert_eq!(
            (
                relayed.command.get(1),
                relayed.client.as_str(),
                relayed.request
            ),
            (Some(&chat), "room", Some(guest.run))
        );
        assert!(relayed.reply.contains("relayed"), "{relayed:?}");
        let subscribed = trace.iter().any(|e| {
            e.command.first().map(String::as_str) == Some(subscribe)
                && e.command.get(1) == Some(&chat)
                && e.client == "room relay"
                && e.origin == shared::Origin::Playground
        });
        // The first participant (number 1; the presenter is 0) opened the subscription; the second
        // shares it.
        assert_eq!(subscribed, guest.me.n == 1, "{trace:?}");
    }
}

#[tokio::test]
async fn a_hold_past_its_lifetime_ends_where_the_holders_pttl_found_the_key_gone() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let settings = RoomSettings {
        lock_ttl_ms: 300,
        lock_hold_ms: 900,
        ..RoomSettings::default()
    };
    let presenter = Browser::open(&ws_url, settings).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;

    let (answer, mut seen) = guest
        .ask_seeing(RoomRequest::Acquire { room: guest.run })
        .await;
    assert_eq!(reply(answer), RoomReply::Acquire { acquired: true });
    // The announcements cross the room's channel, in order, so the last ones may come after the reply.
    let released = |e: &RoomEvent| {
        matches!(
            e,
            RoomEvent::Lock {
                outcome: LockOutcome::Released { .. },
                ..
            }
        )
    };
    while !seen.iter().any(released) {
        seen.push(guest.event(|e| matches!(e, RoomEvent::Lock { .. })).await);
    }
    let steps: Vec<(LockOutcome, &str, &str)> = seen
        .iter()
        .filter_map(|e| match e {
            RoomEvent::Lock { outcome, ran, .. } => Some((
                outcome.clone(),
                ran.command.split(' ').next().unwrap_or_default(),
                ran.reply.as_str(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        steps,
        [
            (LockOutcome::Acquired, "SET", "OK"),
            (LockOutcome::Gone, "PTTL", "(integer) -2"),
            (
                LockOutcome::Released { released: false },
                "EVAL",
                "(integer) 0"
            ),
        ],
        "the expiry is Redis's reading, not a clock's guess"
    );
}

#[tokio::test]
async fn a_relay_whose_connection_dropped_ends_its_participants_and_the_next_participant_opens_another()
 {
    let app = crate::support::spawn_app_on_single().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let mut presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let mut first = Browser::join(&ws_url, &presenter.code).await;
    let mut redis = app.redis().await;

    // The relay is the one Pub/Sub connection logged in as the backend's own user; the presenter's
    // subscriber logs in as its session's.
    let killed: u64 = redis::cmd("CLIENT")
        .arg(&["KILL", "TYPE", "pubsub", "USER", "default"])
        .query_async(&mut redis)
        .await
        .expect("CLIENT KILL");
    assert_eq!(killed, 1, "one relay");

    let (ended, _) = first.ws.answer(first.run).await;
    assert_eq!(
        error_code(&ended),
        Some(ErrorCode::RedisUnavailable),
        "{ended:?}"
    );
    let mut second = Browser::join(&ws_url, &presenter.code).await;
    let answer = presenter.publish("still here").await;
    assert_eq!(
        reply(answer),
        RoomReply::Published {
            seq: 1,
            receivers: 1
        },
        "a new relay"
    );
    second
        .event(|e| matches!(e, RoomEvent::Delivered { text, .. } if text == "still here"))
        .await;
}
