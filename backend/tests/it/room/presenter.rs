//! The presenter's settings mirrored to participants, and what only the presenter may do.

use redis::AsyncCommands;
use shared::{
    ErrorCode,
    room::{RoomEvent, RoomLab, RoomReply, RoomRequest, RoomSettings},
};

use super::{Browser, error_code, reply};
use crate::support::spawn_app;

#[tokio::test]
async fn the_presenters_settings_are_mirrored_to_participants() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let mut presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let changed = RoomSettings {
        lab: RoomLab::Lock,
        lock_hold_ms: 500,
        ..RoomSettings::default()
    };

    let answer = presenter
        .ask(RoomRequest::Configure {
            room: presenter.run,
            settings: changed.clone(),
        })
        .await;

    assert_eq!(reply(answer), RoomReply::Configured);
    let seen = guest
        .event(|e| matches!(e, RoomEvent::Settings { .. }))
        .await;
    assert_eq!(
        seen,
        RoomEvent::Settings {
            settings: changed.clone()
        }
    );
    let late = Browser::join(&ws_url, &presenter.code).await;
    assert_eq!(late.entered_with, changed, "a late joiner enters with them");
}

#[tokio::test]
async fn a_participant_may_not_configure_publish_or_reset() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let room = guest.run;
    let tries = [
        RoomRequest::Configure {
            room,
            settings: RoomSettings {
                max_requests: 99,
                ..RoomSettings::default()
            },
        },
        RoomRequest::Publish {
            room,
            text: "hijack".into(),
        },
        RoomRequest::Reset { room },
    ];

    for request in tries {
        let answer = guest.ask(request.clone()).await;
        assert_eq!(
            error_code(&answer),
            Some(ErrorCode::Forbidden),
            "{request:?}"
        );
    }

    let mut redis = app.redis().await;
    let stored: String = redis
        .get(format!("pg:{{room-{}}}:settings", presenter.code))
        .await
        .expect("GET");
    assert_eq!(
        serde_json::from_str::<RoomSettings>(&stored).expect("settings JSON"),
        RoomSettings::default()
    );
    let published: Option<u64> = redis
        .get(format!("pg:{{room-{}}}:seq:publish", presenter.code))
        .await
        .expect("GET");
    assert_eq!(published, None, "nothing was published");
}

#[tokio::test]
async fn the_presenters_reset_frees_the_limiter_for_everyone() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let settings = RoomSettings {
        lab: RoomLab::Ratelimit,
        max_requests: 1,
        window_seconds: 600,
        ..RoomSettings::default()
    };
    let mut presenter = Browser::open(&ws_url, settings).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let send = RoomRequest::Send { room: guest.run };
    reply(guest.ask(send.clone()).await);
    let denied = reply(guest.ask(send.clone()).await);

    let reset = reply(
        presenter
            .ask(RoomRequest::Reset {
                room: presenter.run,
            })
            .await,
    );

    assert!(matches!(denied, RoomReply::Send { allowed: false, .. }));
    assert_eq!(
        reset,
        RoomReply::Reset { deleted: 1 },
        "the window's counter"
    );
    guest.event(|e| *e == RoomEvent::Reset).await;
    assert!(matches!(
        reply(guest.ask(send).await),
        RoomReply::Send { allowed: true, .. }
    ));
}

#[tokio::test]
async fn a_participants_grading_reaches_the_presenter_as_a_verdict_without_the_code() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let settings = RoomSettings {
        lab: RoomLab::Exercise,
        exercise: shared::exercise::ExerciseKind::Cache,
        ..RoomSettings::default()
    };
    let mut presenter = Browser::open(&ws_url, settings).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let script = shared::exercise::cache::STARTER;

    let graded = guest
        .ws
        .run(shared::LabRequest::Exercise(
            shared::exercise::ExerciseRequest::Cache {
                script: script.to_owned(),
            },
        ))
        .await;
    let (answer, _) = guest.ws.answer(graded).await;
    let verdict = presenter
        .event(|e| matches!(e, RoomEvent::Graded { .. }))
        .await;

    assert!(
        matches!(answer, shared::ServerMsg::Reply { .. }),
        "{answer:?}"
    );
    assert_eq!(
        verdict,
        RoomEvent::Graded {
            member: guest.me.n,
            exercise: shared::exercise::ExerciseKind::Cache,
            passed: false,
            broken: vec!["spread".to_owned()],
        },
        "the course's warm-up breaks only the spread"
    );
    let json = serde_json::to_string(&verdict).expect("json");
    assert!(
        !json.contains("SETEX"),
        "no code reaches the presenter: {json}"
    );
}
