//! A workshop survives a blip. A presenter whose connection dropped takes the same room back with its
//! secret, within the grace; participants are told it is away and back; a room whose presenter never
//! came back closes for everyone; a participant whose backend was killed stops being counted.

use std::time::Duration;

use backend::{embedded::EmbeddedRedis, labs::room::presence::RoomTimes, limits::Limits};
use shared::{
    ErrorCode,
    room::{RoomEvent, RoomLab, RoomReply, RoomRequest, RoomSettings},
};

use super::{Browser, error_code, members_numbers, reply};
use crate::{
    procs::BackendProcess,
    support::{WsClient, spawn_app_with},
};

/// Room times short enough for a test: a beat every 200 ms, a grace of 2 s.
fn short() -> Limits {
    Limits {
        rooms: RoomTimes {
            grace: Duration::from_secs(2),
            beat: Duration::from_millis(200),
        },
        ..Limits::default()
    }
}

/// The same, as a backend process's environment.
const SHORT_ENV: [(&str, &str); 2] = [("ROOM_GRACE_SECS", "3"), ("ROOM_BEAT_MS", "200")];

fn secret(browser: &Browser) -> String {
    browser.secret.clone().expect("a presenter has a secret")
}

#[tokio::test]
async fn a_presenter_whose_connection_dropped_gets_the_same_room_back() {
    let app = spawn_app_with(Limits::default()).await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let settings = RoomSettings {
        lab: RoomLab::Lock,
        ..RoomSettings::default()
    };
    let presenter = Browser::open(&ws_url, settings.clone()).await;
    let (code, secret) = (presenter.code.clone(), secret(&presenter));
    let mut guest = Browser::join(&ws_url, &code).await;

    presenter.ws.close().await;
    guest.event(|e| *e == RoomEvent::PresenterAway).await;
    let mut back = Browser::reclaim(&ws_url, &code, &secret).await;
    guest.event(|e| *e == RoomEvent::PresenterBack).await;

    assert_eq!(back.code, code, "the same room");
    assert_eq!(back.entered_with, settings, "with its settings");
    assert_eq!(
        members_numbers(&back.entered_among),
        [0, 1],
        "and its guest"
    );
    assert_eq!(back.secret.as_deref(), Some(secret.as_str()));
    let published = back.publish("still here").await;
    assert_eq!(
        reply(published),
        RoomReply::Published {
            seq: 1,
            receivers: 1
        },
        "the reclaimed presenter reaches the guest"
    );
}

#[tokio::test]
async fn a_wrong_secret_takes_no_room() {
    let app = spawn_app_with(Limits::default()).await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let (mut thief, _) = WsClient::connect(&ws_url).await;
    let reclaim = RoomRequest::Reclaim {
        code: presenter.code.clone(),
        secret: "0".repeat(shared::room::SECRET_LEN),
    };

    let id = thief.run(shared::LabRequest::Room(reclaim)).await;
    let (answer, trace) = thief.answer(id).await;

    assert_eq!(error_code(&answer), Some(ErrorCode::NoSuchRoom));
    assert!(
        trace.iter().all(|e| e.command[0] == "GET"),
        "nothing but the presenter key's read ran: {trace:#?}"
    );
}

#[tokio::test]
async fn a_room_whose_presenter_does_not_come_back_closes_for_everyone() {
    let app = spawn_app_with(short()).await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let (code, secret) = (presenter.code.clone(), secret(&presenter));
    let mut guest = Browser::join(&ws_url, &code).await;

    presenter.ws.close().await;
    guest.event(|e| *e == RoomEvent::PresenterAway).await;
    guest.event(|e| *e == RoomEvent::Closed).await;

    assert_eq!(reply(guest.ws.answer(guest.run).await.0), RoomReply::Left);
    let (mut late, _) = WsClient::connect(&ws_url).await;
    let reclaim = RoomRequest::Reclaim { code, secret };
    let id = late.run(shared::LabRequest::Room(reclaim)).await;
    assert_eq!(
        error_code(&late.answer(id).await.0),
        Some(ErrorCode::NoSuchRoom),
        "past the grace, the room is gone"
    );
}

/// A private Redis and two backend processes sharing it, with short room times.
async fn two_backends() -> (EmbeddedRedis, BackendProcess, BackendProcess) {
    let redis = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let one = BackendProcess::start(&redis.url(), &SHORT_ENV)
        .await
        .expect("backend 1");
    let two = BackendProcess::start(&redis.url(), &SHORT_ENV)
        .await
        .expect("backend 2");
    (redis, one, two)
}

#[tokio::test]
async fn a_participant_whose_backend_was_killed_is_no_longer_counted() {
    let (_redis, one, two) = two_backends().await;
    let mut presenter = Browser::open(&one.ws_url(), RoomSettings::default()).await;
    let _near = Browser::join(&one.ws_url(), &presenter.code).await;
    let _far = Browser::join(&two.ws_url(), &presenter.code).await;
    presenter
        .event(|e| matches!(e, RoomEvent::Members { members } if members.len() == 3))
        .await;

    two.stop().await;

    let listed = presenter
        .event(|e| matches!(e, RoomEvent::Members { members } if members.len() == 2))
        .await;
    let RoomEvent::Members { members } = listed else {
        unreachable!("matched above")
    };
    assert_eq!(
        members_numbers(&members),
        [0, 1],
        "the killed backend's member is gone"
    );
}

#[tokio::test]
async fn participants_see_a_killed_presenters_backend_and_the_presenter_come_back_on_another() {
    let (_redis, one, two) = two_backends().await;
    let presenter = Browser::open(&one.ws_url(), RoomSettings::default()).await;
    let (code, secret) = (presenter.code.clone(), secret(&presenter));
    let mut guest = Browser::join(&two.ws_url(), &code).await;

    one.stop().await;
    drop(presenter);
    guest.event(|e| *e == RoomEvent::PresenterAway).await;
    let back = Browser::reclaim(&two.ws_url(), &code, &secret).await;
    guest.event(|e| *e == RoomEvent::PresenterBack).await;

    assert_eq!(members_numbers(&back.entered_among), [0, 1]);
}

#[tokio::test]
async fn closing_the_room_tells_every_participant_on_every_backend() {
    let (_redis, one, two) = two_backends().await;
    let mut presenter = Browser::open(&one.ws_url(), RoomSettings::default()).await;
    let mut near = Browser::join(&one.ws_url(), &presenter.code).await;
    let mut far = Browser::join(&two.ws_url(), &presenter.code).await;

    let (closed, left) = presenter.close().await;
    assert_eq!(reply(closed), RoomReply::Closed);
    assert_eq!(reply(left), RoomReply::Left);

    for guest in [&mut near, &mut far] {
        guest.event(|e| *e == RoomEvent::Closed).await;
        assert_eq!(reply(guest.ws.answer(guest.run).await.0), RoomReply::Left);
    }
    let (mut late, _) = WsClient::connect(&two.ws_url()).await;
    let reclaim = RoomRequest::Reclaim {
        code: presenter.code.clone(),
        secret: secret(&presenter),
    };
    let id = late.run(shared::LabRequest::Room(reclaim)).await;
    assert_eq!(
        error_code(&late.answer(id).await.0),
        Some(ErrorCode::NoSuchRoom),
        "a closed room cannot be taken back"
    );
}
