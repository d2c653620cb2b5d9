//! `/healthz`, and an outage: Redis stops mid-session, browsers are told, and it all works again when
//! Redis returns, without restarting the backend.

use backend::embedded::EmbeddedRedis;
use shared::{ErrorCode, LabRequest, ServerMsg, ping::PingRequest};

use crate::support::spawn_app;

#[tokio::test]
async fn healthz_reports_the_redis_version_and_round_trip() {
    let app = spawn_app().await;
    let response = reqwest::get(app.url("/healthz"))
        .await
        .expect("GET /healthz");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON body");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["protocol"], shared::PROTOCOL_VERSION);
    assert_eq!(body["redis"]["reachable"], true);
    assert!(
        body["redis"]["version"]
            .as_str()
            .is_some_and(|v| v.starts_with(char::is_numeric))
    );
    assert!(body["redis"]["round_trip_us"].as_u64().is_some());
}

#[tokio::test]
async fn a_redis_outage_is_reported_and_survived() {
    let mut app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    app.redis.take().expect("redis running").stop().await;
    let down = ws.until(|m| matches!(m, ServerMsg::Redis { .. })).await;
    assert!(
        matches!(down, ServerMsg::Redis { ref health } if !health.reachable),
        "{down:?}"
    );
    let response = reqwest::get(app.url("/healthz"))
        .await
        .expect("GET /healthz");
    assert_eq!(response.status(), 503);
    let id = ws
        .run(LabRequest::Ping(PingRequest {
            text: "during".into(),
        }))
        .await;
    let (answer, _) = ws.answer(id).await;
    assert!(
        matches!(answer, ServerMsg::Error { ref error, .. } if error.code == ErrorCode::RedisUnavailable),
        "{answer:?}"
    );

    app.redis = Some(
        EmbeddedRedis::start_on(app.redis_port, &[])
            .await
            .expect("redis restarts"),
    );
    let up = ws.until(|m| matches!(m, ServerMsg::Redis { .. })).await;
    assert!(
        matches!(up, ServerMsg::Redis { ref health } if health.reachable),
        "{up:?}"
    );
    let id = ws
        .run(LabRequest::Ping(PingRequest {
            text: "after".into(),
        }))
        .await;
    let (answer, _) = ws.answer(id).await;
    assert!(matches!(answer, ServerMsg::Reply { .. }), "{answer:?}");
}
