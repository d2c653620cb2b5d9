//! Sessions: distinct hash-tagged namespaces, keys deleted on disconnect, sockets closed on shutdown.

use redis::AsyncCommands;
use shared::{LabReply, LabRequest, ServerMsg, ping::PingRequest};
use tokio_tungstenite::tungstenite::{
    client::IntoClientRequest, protocol::frame::coding::CloseCode,
};

use std::time::Duration;

use backend::limits::Limits;

use crate::support::{WsClient, eventually, ping, spawn_app, spawn_app_with};

#[tokio::test]
async fn each_session_gets_its_own_hash_tagged_namespace() {
    let app = spawn_app().await;
    let (_a, first) = app.session().await;
    let (_b, second) = app.session().await;
    assert_ne!(first.id, second.id);
    for s in [&first, &second] {
        assert_eq!(s.namespace, format!("pg:{{{}}}:", s.id));
        assert!(s.id.len() >= 16 && s.id.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}

#[tokio::test]
async fn two_sessions_pinging_do_not_touch_each_others_keys() {
    let app = spawn_app().await;
    let (mut a, _) = app.session().await;
    let (mut b, _) = app.session().await;
    let ida = a
        .run(LabRequest::Ping(PingRequest {
            text: "from a".into(),
        }))
        .await;
    let idb = b
        .run(LabRequest::Ping(PingRequest {
            text: "from b".into(),
        }))
        .await;
    let (ra, _) = a.answer(ida).await;
    let (rb, _) = b.answer(idb).await;
    let (
        ServerMsg::Reply {
            reply: LabReply::Ping(ra),
            ..
        },
        ServerMsg::Reply {
            reply: LabReply::Ping(rb),
            ..
        },
    ) = (ra, rb)
    else {
        panic!("both pings should succeed");
    };
    assert_ne!(ra.key, rb.key);
    let mut redis = app.redis().await;
    let held: Vec<Option<String>> = redis.mget(&[&ra.key, &rb.key]).await.expect("MGET");
    assert_eq!(held, [Some("from a".to_owned()), Some("from b".to_owned())]);
}

#[tokio::test]
async fn closing_the_socket_deletes_the_sessions_keys() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let id = ws
        .run(LabRequest::Ping(PingRequest { text: "bye".into() }))
        .await;
    ws.answer(id).await;
    let mut redis = app.redis().await;
    let key = format!("{}ping", session.namespace);
    assert!(redis.exists::<_, bool>(&key).await.expect("EXISTS"));

    ws.close().await;

    eventually("the session's keys are deleted", || {
        let mut redis = redis.clone();
        let key = key.clone();
        async move { !redis.exists::<_, bool>(&key).await.expect("EXISTS") }
    })
    .await;
}

#[tokio::test]
async fn shutdown_closes_open_sockets_with_going_away() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    app.shutdown.cancel();
    assert_eq!(ws.close_code().await, CloseCode::Away);
}

#[tokio::test]
async fn a_second_tab_joins_the_session_and_its_keys_live_until_the_last_tab_leaves() {
    let app = spawn_app().await;
    let (mut first, session) = app.session().await;
    let (second, joined) = app.join(&session.id).await;
    assert_eq!(
        joined.namespace, session.namespace,
        "one session, one namespace"
    );

    let id = first
        .run(LabRequest::Ping(PingRequest {
            text: "shared".into(),
        }))
        .await;
    first.answer(id).await;
    let key = format!("{}ping", session.namespace);
    first.close().await;
    let mut redis = app.redis().await;
    let kept: Option<String> = redis.get(&key).await.expect("GET");
    assert_eq!(
        kept.as_deref(),
        Some("shared"),
        "the other tab is still open"
    );

    second.close().await;
    eventually("the last tab's close deletes the session's keys", || {
        let mut redis = redis.clone();
        let pattern = format!("{}*", session.namespace);
        async move {
            redis
                .keys::<_, Vec<String>>(pattern)
                .await
                .expect("KEYS")
                .is_empty()
        }
    })
    .await;
}

#[tokio::test]
async fn a_malformed_session_id_is_refused_before_the_upgrade() {
    let app = spawn_app().await;
    let url = format!("ws://{}/ws?session=pg:{{x}}:*", app.addr);
    let err = tokio_tungstenite::connect_async(url)
        .await
        .expect_err("refused");
    let tokio_tungstenite::tungstenite::Error::Http(response) = err else {
        panic!("expected an HTTP refusal, got {err:?}");
    };
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn a_page_of_another_origin_may_not_open_the_socket() {
    let app = spawn_app().await;
    let url = format!("ws://{}/ws", app.addr);
    let mut request = url.as_str().into_client_request().expect("a ws URL");
    let foreign = "http://evil.example".parse().expect("header");
    request.headers_mut().insert("origin", foreign);
    let err = tokio_tungstenite::connect_async(request)
        .await
        .expect_err("refused");
    let tokio_tungstenite::tungstenite::Error::Http(response) = err else {
        panic!("expected an HTTP refusal, got {err:?}");
    };
    assert_eq!(response.status(), 403);

    let (_, own) = WsClient::connect_from(&url, &format!("http://{}", app.addr)).await;
    let (_, listed) = WsClient::connect_from(&url, "http://workshop.example").await;
    assert_ne!(
        own.id, listed.id,
        "the page's own origin and an allowed one both get sessions"
    );
}

/// The session's presence, a sorted set of its open tabs: how many it counts, with the shortest time
/// left in ms of the set's expiry.
async fn presence(redis: &mut crate::support::Direct, namespace: &str) -> (u64, i64) {
    let key = format!("{namespace}presence");
    let tabs: u64 = redis.zcard(&key).await.expect("ZCARD");
    let ttl: i64 = redis.pttl(&key).await.expect("PTTL");
    (tabs, ttl)
}

/// How many passwords the session's ACL user has: one per open tab.
async fn passwords(app: &crate::support::TestApp, session: &str) -> Option<usize> {
    let redis::Value::Array(items) = app.acl_user(&format!("pg-{session}")).await? else {
        panic!("ACL GETUSER replies with an array");
    };
    let at = items
        .iter()
        .position(|v| redis::from_redis_value_ref::<String>(v).is_ok_and(|s| s == "passwords"))
        .expect("a passwords field");
    match &items[at + 1] {
        redis::Value::Array(p) => Some(p.len()),
        other => panic!("passwords are an array, got {other:?}"),
    }
}

#[tokio::test]
async fn an_open_tab_keeps_refreshing_its_presence_and_counts_again_after_redis_lost_it() {
    let app = spawn_app_with(Limits {
        presence_every: Duration::from_millis(100),
        ..Limits::default()
    })
    .await;
    let (_ws, session) = app.session().await;
    let mut redis = app.redis().await;
    let key = format!("{}presence", session.namespace);
    // Aged by hand: the refresh puts the full hour back.
    let _: bool = redis.pexpire(&key, 5_000).await.expect("PEXPIRE");
    eventually("the presence's expiry is refreshed", || {
        let (mut redis, namespace) = (redis.clone(), session.namespace.clone());
        async move { presence(&mut redis, &namespace).await.1 > 3_000_000 }
    })
    .await;

    // A Redis restart loses the presence and the session user; the open tab brings both back.
    let _: i64 = redis.del(&key).await.expect("DEL");
    let _: () = redis::cmd("ACL")
        .arg("DELUSER")
        .arg(format!("pg-{}", session.id))
        .query_async(&mut redis)
        .await
        .expect("ACL DELUSER");
    eventually("the tab counts itself again, with its user", || {
        let (mut redis, namespace) = (redis.clone(), session.namespace.clone());
        let app = &app;
        let id = session.id.clone();
        async move {
            presence(&mut redis, &namespace).await.0 == 1 && passwords(app, &id).await == Some(1)
        }
    })
    .await;
}

#[tokio::test]
async fn a_tab_closing_after_redis_lost_the_presence_leaves_the_other_tabs_keys() {
    // No refresh during the test: the presence stays lost.
    let app = spawn_app().await;
    let (first, session) = app.session().await;
    let (mut second, _) = app.join(&session.id).await;
    let id = second.run(ping("still here")).await;
    second.answer(id).await;
    let mut redis = app.redis().await;
    let presence_key = format!("{}presence", session.namespace);
    let _: i64 = redis.del(&presence_key).await.expect("DEL");

    first.close().await;
    // The first tab's cleanup has run once its password left the user.
    eventually("the first tab's password is removed", || async {
        passwords(&app, &session.id).await == Some(1)
    })
    .await;
    let kept: Option<String> = redis
        .get(format!("{}ping", session.namespace))
        .await
        .expect("GET");
    assert_eq!(kept.as_deref(), Some("still here"), "the other tab's key");
    assert!(
        !redis
            .exists::<_, bool>(&presence_key)
            .await
            .expect("EXISTS"),
        "leaving creates no presence"
    );
    let id = second.run(ping("again")).await;
    assert!(
        matches!(second.answer(id).await.0, ServerMsg::Reply { .. }),
        "the other tab still works"
    );
}

#[tokio::test]
async fn a_tab_closing_after_the_presence_came_back_leaves_the_other_tabs_keys() {
    let app = spawn_app_with(Limits {
        presence_every: Duration::from_millis(100),
        ..Limits::default()
    })
    .await;
    let (first, session) = app.session().await;
    let (mut second, _) = app.join(&session.id).await;
    let id = second.run(ping("still here")).await;
    second.answer(id).await;
    let mut redis = app.redis().await;
    let _: i64 = redis
        .del(format!("{}presence", session.namespace))
        .await
        .expect("DEL");
    eventually("both tabs count themselves again", || {
        let (mut redis, namespace) = (redis.clone(), session.namespace.clone());
        async move { presence(&mut redis, &namespace).await.0 == 2 }
    })
    .await;

    first.close().await;
    eventually("the first tab leaves the presence", || {
        let (mut redis, namespace) = (redis.clone(), session.namespace.clone());
        async move { presence(&mut redis, &namespace).await.0 == 1 }
    })
    .await;
    let kept: Option<String> = redis
        .get(format!("{}ping", session.namespace))
        .await
        .expect("GET");
    assert_eq!(kept.as_deref(), Some("still here"), "the other tab's key");
    assert_eq!(
        passwords(&app, &session.id).await,
        Some(1),
        "the other tab's login"
    );
}
