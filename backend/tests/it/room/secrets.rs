//! Nothing a participant is shown names the presenter's session; a wrong code grants nothing, and one
//! tab is let into a bounded number of rooms.

use std::time::Duration;

use shared::{
    ErrorCode, LabRequest, ServerMsg,
    room::{RoomEvent, RoomRequest, RoomSettings},
};

use super::{Browser, error_code};
use crate::support::{WsClient, spawn_app};

/// Everything `ws` receives until a message matching `want`, then whatever follows within a moment
/// (trace entries are streamed separately from replies).
async fn read_until(ws: &mut WsClient, want: impl Fn(&ServerMsg) -> bool) -> Vec<ServerMsg> {
    let mut seen = Vec::new();
    loop {
        let msg = ws.recv().await;
        let done = want(&msg);
        seen.push(msg);
        if done {
            break;
        }
    }
    while let Ok(msg) = tokio::time::timeout(Duration::from_millis(300), ws.recv()).await {
        seen.push(msg);
    }
    seen
}

fn answers(id: shared::RequestId) -> impl Fn(&ServerMsg) -> bool {
    move |msg| matches!(msg, ServerMsg::Reply { id: got, .. } | ServerMsg::Error { id: Some(got), .. } if *got == id)
}

#[tokio::test]
async fn a_participant_never_sees_the_presenters_session_id() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let mut presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let secret = presenter.session_id.clone();
    let (mut guest, _) = WsClient::connect(&ws_url).await;
    let join = RoomRequest::Join {
        code: presenter.code.clone(),
        name: String::new(),
    };
    let run = guest.run(LabRequest::Room(join)).await;
    let mut seen = read_until(&mut guest, |msg| {
        matches!(msg, ServerMsg::Event { id, event: shared::LabEvent::Room(RoomEvent::Entered { .. }) } if *id == run)
    })
    .await;

    // Everything a participant may try, including what only the presenter may do.
    for request in [
        RoomRequest::Configure {
            room: run,
            settings: RoomSettings::default(),
        },
        RoomRequest::Publish {
            room: run,
            text: "hijack".into(),
        },
        RoomRequest::Reset { room: run },
        RoomRequest::Send { room: run },
    ] {
        let forbidden = !matches!(request, RoomRequest::Send { .. });
        let id = guest.run(LabRequest::Room(request)).await;
        let got = read_until(&mut guest, answers(id)).await;
        if forbidden {
            let answer = got.iter().find(|msg| answers(id)(msg)).expect("an answer");
            assert_eq!(error_code(answer), Some(ErrorCode::Forbidden));
        }
        seen.extend(got);
    }
    reply_ok(presenter.publish("hello").await);
    seen.extend(
        read_until(&mut guest, |msg| {
            matches!(
                msg,
                ServerMsg::Event {
                    event: shared::LabEvent::Room(RoomEvent::Delivered { .. }),
                    ..
                }
            )
        })
        .await,
    );

    let all: Vec<String> = seen
        .iter()
        .map(|msg| serde_json::to_string(msg).expect("encode"))
        .collect();
    let all = all.join("\n");
    assert!(
        all.contains("EXISTS") && all.contains(":presenter"),
        "the guest's trace is in what it was shown: {all}"
    );
    assert!(
        !all.contains(&secret),
        "the presenter's session id reached a participant: {all}"
    );
}

#[tokio::test]
async fn joining_codes_no_room_has_grants_nothing() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    for code in ["ABCD2345", "ABCD2346", "ABCD2347"] {
        let join = RoomRequest::Join {
            code: code.into(),
            name: String::new(),
        };
        let id = ws.run(LabRequest::Room(join)).await;
        let (answer, _) = ws.answer(id).await;
        assert_eq!(error_code(&answer), Some(ErrorCode::NoSuchRoom));
    }

    let user = app
        .acl_user(&format!("pg-{}", session.id))
        .await
        .expect("the session's user");
    let rules = format!("{user:?}");
    assert!(!rules.contains("room-"), "no room was granted: {rules}");
}

fn reply_ok(msg: ServerMsg) {
    assert!(matches!(msg, ServerMsg::Reply { .. }), "{msg:?}");
}

#[tokio::test]
async fn one_tab_may_enter_at_most_sixteen_rooms() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let open = || {
        LabRequest::Room(RoomRequest::Open {
            settings: RoomSettings::default(),
        })
    };
    for _ in 0..16 {
        let run = ws.run(open()).await;
        ws.until(|msg| {
            matches!(msg, ServerMsg::Event { id, event: shared::LabEvent::Room(RoomEvent::Entered { .. }) } if *id == run)
        })
        .await;
        let close = ws
            .run(LabRequest::Room(RoomRequest::Close { room: run }))
            .await;
        // Both end, in either order: the close, and the membership, which hears the room close.
        let mut waiting = vec![close, run];
        while !waiting.is_empty() {
            let answer = ws
                .until(|msg| matches!(msg, ServerMsg::Reply { id, .. } | ServerMsg::Error { id: Some(id), .. } if waiting.contains(id)))
                .await;
            let ServerMsg::Reply { id, .. } = answer else {
                panic!("{answer:?}")
            };
            waiting.retain(|&w| w != id);
        }
    }

    let run = ws.run(open()).await;
    let (answer, _) = ws.answer(run).await;

    assert_eq!(
        error_code(&answer),
        Some(ErrorCode::LimitReached),
        "{answer:?}"
    );
    let mut redis = app.redis().await;
    let left: Vec<String> = redis::AsyncCommands::keys(&mut redis, "pg:{room-*")
        .await
        .expect("KEYS");
    assert!(
        left.is_empty(),
        "the refused room's code was given back: {left:?}"
    );
}
