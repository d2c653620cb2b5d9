//! Bad input gets a typed error naming the problem, and the connection stays open; an oversized frame
//! closes it with code 1009.

use shared::{ErrorCode, LabRequest, ServerMsg, ping::PingRequest};
use tokio_tungstenite::tungstenite::{Message, protocol::frame::coding::CloseCode};

use crate::support::{WsClient, spawn_app};

/// Reads the next error and returns its id and code.
async fn next_error(ws: &mut WsClient) -> (Option<u64>, ErrorCode, String) {
    match ws.until(|m| matches!(m, ServerMsg::Error { .. })).await {
        ServerMsg::Error { id, error } => (id, error.code, error.message),
        _ => unreachable!("until returned a non-error"),
    }
}

/// Proves the connection still works after an error.
async fn still_serves(ws: &mut WsClient) {
    let id = ws
        .run(LabRequest::Ping(PingRequest { text: "ok".into() }))
        .await;
    let (answer, _) = ws.answer(id).await;
    assert!(matches!(answer, ServerMsg::Reply { .. }), "got {answer:?}");
}

#[tokio::test]
async fn malformed_json_is_reported_without_an_id() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    ws.send_text("{this is not json").await;
    let (id, code, message) = next_error(&mut ws).await;
    assert_eq!((id, code), (None, ErrorCode::Malformed));
    assert!(message.contains("not valid JSON"), "{message}");
    still_serves(&mut ws).await;
}

#[tokio::test]
async fn unknown_message_type_names_the_request() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    ws.send_text(r#"{"type":"teleport","id":41}"#).await;
    let (id, code, _) = next_error(&mut ws).await;
    assert_eq!((id, code), (Some(41), ErrorCode::UnknownMessage));
    still_serves(&mut ws).await;
}

#[tokio::test]
async fn unknown_lab_is_an_unknown_message() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    ws.send_text(r#"{"type":"run","id":42,"request":{"lab":"mining"}}"#)
        .await;
    let (id, code, _) = next_error(&mut ws).await;
    assert_eq!((id, code), (Some(42), ErrorCode::UnknownMessage));
    still_serves(&mut ws).await;
}

#[tokio::test]
async fn out_of_range_text_names_the_field_and_its_limits() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let id = ws
        .run(LabRequest::Ping(PingRequest {
            text: "x".repeat(201),
        }))
        .await;
    let (answer, traces) = ws.answer(id).await;
    let ServerMsg::Error { error, .. } = answer else {
        panic!("expected an error, got {answer:?}");
    };
    assert_eq!(error.code, ErrorCode::InvalidParam);
    let param = error.param.expect("range detail");
    assert_eq!(
        (param.field.as_str(), param.min, param.max),
        ("text", 1, 200)
    );
    assert!(
        traces.is_empty(),
        "nothing may reach Redis for a rejected request"
    );
    still_serves(&mut ws).await;
}

#[tokio::test]
async fn binary_frames_and_unknown_cancels_get_errors() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    ws.send_frame(Message::Binary(vec![1, 2, 3].into())).await;
    assert_eq!(next_error(&mut ws).await.1, ErrorCode::Malformed);
    ws.send_text(r#"{"type":"cancel","id":99}"#).await;
    let (id, code, _) = next_error(&mut ws).await;
    assert_eq!((id, code), (Some(99), ErrorCode::BadRequestId));
    still_serves(&mut ws).await;
}

#[tokio::test]
async fn an_oversized_frame_closes_with_message_too_big() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    ws.send_text("x".repeat(backend::ws::MAX_FRAME_BYTES + 1))
        .await;
    assert_eq!(ws.close_code().await, CloseCode::Size);
}
