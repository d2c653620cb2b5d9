//! Per-session Redis identity: each session's connections log in as its own ACL user, limited to its
//! namespace; each tab adds a password, the last tab deletes the user, a sweep removes users a crashed
//! backend left behind, and a Redis account without ACL rights falls back to the prefix and says so.

use std::time::Duration;

use backend::{
    embedded::EmbeddedRedis,
    session::Session,
    store::{Isolation, Namespace, trace_channel},
};
use redis::{AsyncCommands, Value};
use shared::{
    LabRequest,
    ping::PingRequest,
    pubsub::{PubsubEvent, PubsubRequest, Subscription},
};

use crate::support::{TestApp, eventually, spawn_app, spawn_app_without_acl_rights};

/// The strings of field `name` in an `ACL GETUSER` reply (`passwords`, `keys`, `channels`, …).
fn field(user: &Value, name: &str) -> Vec<String> {
    let Value::Array(items) = user else {
        panic!("ACL GETUSER replies with an array, got {user:?}");
    };
    let at = items
        .iter()
        .position(|v| redis::from_redis_value_ref::<String>(v).is_ok_and(|s| s == name))
        .unwrap_or_else(|| panic!("no field {name} in {user:?}"));
    match &items[at + 1] {
        Value::Array(values) => values
            .iter()
            .map(|v| redis::from_redis_value_ref(v).expect("a string"))
            .collect(),
        // Redis 7 gives key and channel patterns as one string, separated by spaces.
        one => redis::from_redis_value_ref::<String>(one)
            .expect("a string")
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    }
}

/// The `user=` of every connection the server has, from `CLIENT LIST` (of `kind`, if given).
async fn logged_in_users(app: &TestApp, kind: Option<&str>) -> Vec<String> {
    let mut cmd = redis::cmd("CLIENT");
    cmd.arg("LIST");
    if let Some(kind) = kind {
        cmd.arg("TYPE").arg(kind);
    }
    let mut users = Vec::new();
    for mut node in app.nodes().await {
        let list: String = cmd.query_async(&mut node).await.expect("CLIENT LIST");
        users.extend(
            list.lines()
                .filter_map(|line| line.split(' ').find_map(|f| f.strip_prefix("user=")))
                .map(str::to_owned),
        );
    }
    users
}

async fn ping(ws: &mut crate::support::WsClient, text: &str) {
    let id = ws
        .run(LabRequest::Ping(PingRequest { text: text.into() }))
        .await;
    let (answer, _) = ws.answer(id).await;
    assert!(
        matches!(answer, shared::ServerMsg::Reply { .. }),
        "{answer:?}"
    );
}

#[tokio::test]
async fn healthz_says_sessions_are_isolated_by_acl() {
    let app = spawn_app().await;
    let body: serde_json::Value = reqwest::get(app.url("/healthz"))
        .await
        .expect("GET /healthz")
        .json()
        .await
        .expect("JSON");
    assert_eq!(body["isolation"], "acl");
    assert!(body.get("isolation_note").is_none(), "{body}");
    let deployment = if crate::support::on_cluster() {
        "cluster"
    } else {
        "single"
    };
    assert_eq!(body["deployment"], deployment);
}

#[tokio::test]
async fn a_sessions_connections_log_in_as_its_own_user_limited_to_its_namespace() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let user_name = format!("pg-{}", session.id);

    ping(&mut ws, "hello").await;

    let user = app.acl_user(&user_name).await.expect("the session's user");
    assert_eq!(field(&user, "keys"), [format!("~{}*", session.namespace)]);
    assert_eq!(
        field(&user, "channels"),
        [format!("&{}*", session.namespace)]
    );
    let commands = field(&user, "commands").join(" ");
    assert!(commands.starts_with("-@all"), "{commands}");
    assert!(
        logged_in_users(&app, None).await.contains(&user_name),
        "the ping's connection is the session user's"
    );
}

#[tokio::test]
async fn subscribers_log_in_as_the_session_user_and_get_exactly_their_patterns() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let id = ws
        .run(LabRequest::Pubsub(PubsubRequest::Start {
            subscribers: vec![Subscription {
                channels: vec!["news".into()],
                patterns: vec!["user:*".into()],
            }],
            streams: false,
        }))
        .await;
    ws.until(|m| {
        matches!(m, shared::ServerMsg::Event { id: got, event: shared::LabEvent::Pubsub(PubsubEvent::Subscribed { .. }) } if *got == id)
    })
    .await;

    let user_name = format!("pg-{}", session.id);
    assert!(
        logged_in_users(&app, Some("pubsub"))
            .await
            .contains(&user_name),
        "the subscriber is the session user's"
    );
    let user = app.acl_user(&user_name).await.expect("the session's user");
    assert!(
        field(&user, "channels").contains(&format!("&{}user:*", session.namespace)),
        "the pattern is granted literally, as PSUBSCRIBE needs"
    );
}

#[tokio::test]
async fn each_tab_adds_a_password_and_the_last_tab_deletes_the_user() {
    let app = spawn_app().await;
    let (first, session) = app.session().await;
    let (second, _) = app.join(&session.id).await;
    let user_name = format!("pg-{}", session.id);
    let user = app.acl_user(&user_name).await.expect("the session's user");
    assert_eq!(field(&user, "passwords").len(), 2, "one per tab");

    first.close().await;
    eventually("the first tab's password is removed", || async {
        app.acl_user(&user_name)
            .await
            .is_some_and(|u| field(&u, "passwords").len() == 1)
    })
    .await;

    second.close().await;
    eventually("the last tab deletes the user", || async {
        app.acl_user(&user_name).await.is_none()
    })
    .await;
}

#[tokio::test]
async fn users_left_behind_by_a_crashed_backend_are_swept_and_live_ones_kept() {
    let app = spawn_app().await;
    let (_live, session) = app.session().await;
    let orphan = "pg-0rphan0rphan0rph";
    // ACL is per node: a crashed backend leaves its users on every node of a cluster.
    for mut node in app.nodes().await {
        for (user, password) in [(orphan, ">gone"), ("operator", ">kept")] {
            let _: () = redis::cmd("ACL")
                .arg("SETUSER")
                .arg(user)
                .arg("on")
                .arg(password)
                .query_async(&mut node)
                .await
                .expect("ACL SETUSER");
        }
    }

    let deleted = app.store().await.sweep_users().await.expect("sweep");

    // The backend's own sweep may have taken the orphan first; either way it is the only one taken.
    assert!(
        deleted <= 1,
        "only the orphan is swept, not {deleted} users"
    );
    assert!(app.acl_user(orphan).await.is_none(), "the orphan is swept");
    assert!(
        app.acl_user(&format!("pg-{}", session.id)).await.is_some(),
        "a session with an open tab keeps its user"
    );
    assert!(
        app.acl_user("operator").await.is_some(),
        "only session users are swept"
    );
}

#[tokio::test]
async fn allow_lets_a_session_into_a_rooms_namespace() {
    let app = spawn_app().await;
    let (tracer, _sink) = trace_channel(64);
    let session = Session::new(app.store().await, tracer, None);
    session.open().await.expect("open");
    let room = Namespace::for_session("room-ABCD");
    let key = room.key("votes");

    let refused = session.conn(1).set_ex(&key, "1", 60).await;
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.to_string().contains("NOPERM")),
        "{refused:?}"
    );

    session.allow(&room).await.expect("allow");
    session
        .conn(2)
        .set_ex(&key, "1", 60)
        .await
        .expect("the room's keys are the session's too");
    let held: Option<String> = app.redis().await.get(key.as_str()).await.expect("GET");
    assert_eq!(held.as_deref(), Some("1"));
}

#[tokio::test]
async fn the_stalled_subscriber_logs_in_as_its_sessions_user() {
    let app = spawn_app().await;
    let store = app.store().await;
    let (tracer, _sink) = trace_channel(64);
    let namespace = Namespace::for_session("st4ll3dst4ll3dst");
    let channel = namespace.channel("firehose");
    // A live session has a presence key; without one the backend's sweep could take the user mid-test.
    let _: i64 = app
        .redis()
        .await
        .incr(namespace.key("presence").as_str(), 1)
        .await
        .expect("INCR");

    let stalled = store
        .stalled_subscriber(&channel, tracer)
        .await
        .expect("subscribes");
    assert!(
        logged_in_users(&app, Some("pubsub"))
            .await
            .contains(&"pg-st4ll3dst4ll3dst".to_owned())
    );

    assert!(!stalled.closed_by_server(Duration::ZERO).await);
    let user = app.acl_user("pg-st4ll3dst4ll3dst").await.expect("the user");
    assert!(
        field(&user, "passwords").is_empty(),
        "its password is given back when it is done"
    );
}

#[tokio::test]
async fn the_store_knows_whether_it_isolates_by_acl() {
    let app = spawn_app().await;
    let store = app.store().await;
    assert_eq!(store.isolation(), Isolation::Acl);
    assert_eq!(store.isolation_fallback(), None);
}

#[tokio::test]
async fn a_restarted_redis_gets_the_session_user_back_on_the_next_command() {
    let mut app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    ping(&mut ws, "before").await;

    app.redis.take().expect("redis running").stop().await;
    app.redis = Some(
        EmbeddedRedis::start_on(app.redis_port, &[])
            .await
            .expect("redis restarts"),
    );
    assert!(app.acl_user(&format!("pg-{}", session.id)).await.is_none());
    ws.until(|m| matches!(m, shared::ServerMsg::Redis { health } if health.reachable))
        .await;

    ping(&mut ws, "after").await;
    assert!(app.acl_user(&format!("pg-{}", session.id)).await.is_some());
}

#[tokio::test]
async fn an_account_without_acl_rights_falls_back_to_the_prefix_and_says_so() {
    let app = spawn_app_without_acl_rights().await;

    let body: serde_json::Value = reqwest::get(app.url("/healthz"))
        .await
        .expect("GET /healthz")
        .json()
        .await
        .expect("JSON");
    assert_eq!(body["isolation"], "prefix");
    let note = body["isolation_note"].as_str().expect("a note");
    assert!(note.contains("may not run ACL SETUSER"), "{note}");

    let (mut ws, session) = app.session().await;
    ping(&mut ws, "still works").await;
    let held: Option<String> = app
        .redis()
        .await
        .get(format!("{}ping", session.namespace))
        .await
        .expect("GET");
    assert_eq!(held.as_deref(), Some("still works"));
    assert!(app.acl_user(&format!("pg-{}", session.id)).await.is_none());
}
