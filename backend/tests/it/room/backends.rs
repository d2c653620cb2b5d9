//! One room on two backend processes sharing a Redis: messages, the lock and the limiter cross
//! between them through Redis.

use backend::embedded::EmbeddedRedis;
use shared::{
    ClientMsg, LabRequest,
    room::{LockOutcome, RoomEvent, RoomLab, RoomReply, RoomRequest, RoomSettings},
};

use super::{Browser, reply};
use crate::procs::BackendProcess;

/// A private Redis and two backend processes sharing it.
async fn two_backends() -> (EmbeddedRedis, BackendProcess, BackendProcess) {
    let redis = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let one = BackendProcess::start(&redis.url(), &[])
        .await
        .expect("backend 1");
    let two = BackendProcess::start(&redis.url(), &[])
        .await
        .expect("backend 2");
    assert_ne!(one.pid(), two.pid(), "two processes");
    (redis, one, two)
}

#[tokio::test]
async fn a_publish_on_one_backend_reaches_participants_on_both() {
    let (_redis, one, two) = two_backends().await;
    let mut presenter = Browser::open(&one.ws_url(), RoomSettings::default()).await;
    let mut near = Browser::join(&one.ws_url(), &presenter.code).await;
    let mut far = Browser::join(&two.ws_url(), &presenter.code).await;
    presenter
        .event(|e| matches!(e, RoomEvent::Members { members } if members.len() == 3))
        .await;

    let (answer, seen) = presenter
        .ask_seeing(RoomRequest::Publish {
            room: presenter.run,
            text: "hello room".into(),
        })
        .await;

    assert_eq!(
        reply(answer),
        RoomReply::Published {
            seq: 1,
            receivers: 2
        },
        "PUBLISH counted each backend's subscription"
    );
    for guest in [&mut near, &mut far] {
        let got = guest
            .event(|e| matches!(e, RoomEvent::Delivered { .. }))
            .await;
        assert!(
            matches!(got, RoomEvent::Delivered { seq: 1, ref text, .. } if text == "hello room"),
            "{got:?}"
        );
    }
    assert!(
        seen.iter().any(|e| matches!(
            e,
            RoomEvent::Published {
                seq: 1,
                receivers: 2,
                ..
            }
        )),
        "the presenter is shown the count: {seen:?}"
    );
    one.stop().await;
    two.stop().await;
}

#[tokio::test]
async fn a_lock_taken_on_one_backend_shows_at_the_presenter_on_the_other() {
    let (_redis, one, two) = two_backends().await;
    let settings = RoomSettings {
        lab: RoomLab::Lock,
        lock_ttl_ms: 30_000,
        lock_hold_ms: 60_000,
        ..RoomSettings::default()
    };
    let mut presenter = Browser::open(&one.ws_url(), settings).await;
    let mut holder = Browser::join(&two.ws_url(), &presenter.code).await;
    let mut rival = Browser::join(&one.ws_url(), &presenter.code).await;

    let acquire = holder
        .ws
        .run(LabRequest::Room(RoomRequest::Acquire { room: holder.run }))
        .await;
    let taken = presenter
        .event(|e| matches!(e, RoomEvent::Lock { .. }))
        .await;
    let busy = rival.ask(RoomRequest::Acquire { room: rival.run }).await;
    let cancel = ClientMsg::Cancel { id: acquire };
    holder
        .ws
        .send_text(serde_json::to_string(&cancel).expect("encode"))
        .await;
    let released = presenter
        .event(|e| {
            matches!(
                e,
                RoomEvent::Lock {
                    outcome: LockOutcome::Released { .. },
                    ..
                }
            )
        })
        .await;

    let RoomEvent::Lock {
        member,
        outcome,
        ran,
        ..
    } = taken
    else {
        unreachable!()
    };
    assert_eq!((member, outcome), (holder.me.n, LockOutcome::Acquired));
    let key = format!("pg:{{room-{}}}:lock", presenter.code);
    assert!(
        ran.command.starts_with(&format!("SET {key} ")) && ran.command.ends_with("NX PX 30000"),
        "{}",
        ran.command
    );
    assert_eq!(ran.reply, "OK");
    assert_eq!(reply(busy), RoomReply::Acquire { acquired: false });
    assert!(matches!(
        released,
        RoomEvent::Lock { member, outcome: LockOutcome::Released { released: true }, .. }
            if member == holder.me.n
    ));
}

#[tokio::test]
async fn participants_on_two_backends_share_one_limiter() {
    let (_redis, one, two) = two_backends().await;
    let settings = RoomSettings {
        lab: RoomLab::Ratelimit,
        max_requests: 2,
        window_seconds: 600,
        ..RoomSettings::default()
    };
    let mut presenter = Browser::open(&one.ws_url(), settings).await;
    let mut first = Browser::join(&one.ws_url(), &presenter.code).await;
    let mut second = Browser::join(&two.ws_url(), &presenter.code).await;

    let a = reply(first.ask(RoomRequest::Send { room: first.run }).await);
    let b = reply(second.ask(RoomRequest::Send { room: second.run }).await);
    let c = reply(second.ask(RoomRequest::Send { room: second.run }).await);

    let verdicts: Vec<bool> = [a, b, c]
        .into_iter()
        .map(|r| match r {
            RoomReply::Send { allowed, .. } => allowed,
            other => panic!("expected a send reply, got {other:?}"),
        })
        .collect();
    assert_eq!(verdicts, [true, true, false], "one limit for the room");
    let mut seen = Vec::new();
    while seen.len() < 3 {
        if let RoomEvent::Decision {
            member,
            allowed,
            ran,
            ..
        } = presenter
            .event(|e| matches!(e, RoomEvent::Decision { .. }))
            .await
        {
            assert!(
                ran.iter().any(|r| r.command.starts_with("INCR pg:{room-")),
                "the fixed window's INCR decided it: {ran:?}"
            );
            seen.push((member, allowed));
        }
    }
    assert_eq!(
        seen,
        [
            (first.me.n, true),
            (second.me.n, true),
            (second.me.n, false)
        ]
    );
}
