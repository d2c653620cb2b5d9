//! Escape attempts: session A tries to read, write, subscribe to or script against session B's keys and
//! channels, through every message of the protocol and directly as A's Redis user. Each must fail with a
//! clear error (or be kept inside A's namespace by construction, which the test then shows), and B's data
//! must be exactly as it was.

use std::collections::BTreeMap;

use backend::embedded::EmbeddedRedis;
use redis::{AsyncCommands, RedisResult, Value};
use shared::{
    ErrorCode, LabEvent, LabReply, LabRequest, RequestId, ServerMsg, SessionInfo, TraceEntry,
    cache::{CacheRequest, Db, Source},
    lock::{Faults, LockParams, LockRequest},
    ping::PingRequest,
    pubsub::{Message, PubsubEvent, PubsubReply, PubsubRequest, Subscription},
    quiz::{Choice, Question, QuizRequest},
    ratelimit::{Algorithm, Limits, RatelimitRequest},
};

use crate::support::{TestApp, WAIT, WsClient, spawn_app, spawn_app_on};

/// Every key of a namespace and its value as bytes, to compare before and after an attempt.
type Snapshot = BTreeMap<String, Vec<u8>>;

/// `DUMP` of each key, except a stream's entries (`XRANGE`): a stream's `DUMP` also holds its consumers'
/// last-seen times, which a running hub's blocking reads move on their own.
async fn snapshot(app: &TestApp, namespace: &str) -> Snapshot {
    let mut redis = app.redis().await;
    let keys: Vec<String> = redis
        .keys(format!("{namespace}*"))
        .await
        .expect("KEYS in a test Redis");
    let mut dumped = Snapshot::new();
    for key in keys {
        let kind: String = redis::cmd("TYPE")
            .arg(&key)
            .query_async(&mut redis)
            .await
            .expect("TYPE");
        let value = if kind == "stream" {
            let entries: redis::Value = redis::cmd("XRANGE")
                .arg(&key)
                .arg("-")
                .arg("+")
                .query_async(&mut redis)
                .await
                .expect("XRANGE");
            format!("{entries:?}").into_bytes()
        } else {
            redis::cmd("DUMP")
                .arg(&key)
                .query_async(&mut redis)
                .await
                .expect("DUMP")
        };
        dumped.insert(key, value);
    }
    dumped
}

/// Session B, the victim: a ping key, rate-limit state, and what they hold.
struct Victim {
    ws: WsClient,
    info: SessionInfo,
    before: Snapshot,
}

impl Victim {
    async fn new(app: &TestApp) -> Self {
        let (mut ws, info) = app.session().await;
        answer(
            &mut ws,
            LabRequest::Ping(PingRequest {
                text: "B's secret".into(),
            }),
        )
        .await;
        answer(
            &mut ws,
            LabRequest::Ratelimit(RatelimitRequest::Hit {
                algorithms: vec![Algorithm::FixedWindow, Algorithm::TokenBucket],
                limits: limits(),
            }),
        )
        .await;
        let before = snapshot(app, &info.namespace).await;
        assert!(before.len() >= 3, "B has data to protect: {before:?}");
        Self { ws, info, before }
    }

    /// Takes the snapshot again, after B's own activity (a run counts itself in B's namespace).
    async fn settle(&mut self, app: &TestApp) {
        self.before = snapshot(app, &self.info.namespace).await;
    }

    fn key(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.info.namespace)
    }

    /// Asserts that B's keys hold exactly what they held (and the secret is still there).
    async fn assert_untouched(&self, app: &TestApp) {
        assert_eq!(
            snapshot(app, &self.info.namespace).await,
            self.before,
            "B's data changed"
        );
        let secret: Option<String> = app.redis().await.get(self.key("ping")).await.expect("GET");
        assert_eq!(secret.as_deref(), Some("B's secret"));
    }
}

fn limits() -> Limits {
    Limits {
        max_requests: 5,
        window_seconds: 60,
    }
}

/// Runs `request` and returns its answer and trace, which must be a reply.
async fn answer(ws: &mut WsClient, request: LabRequest) -> (LabReply, Vec<TraceEntry>) {
    let id = ws.run(request).await;
    match ws.answer(id).await {
        (ServerMsg::Reply { reply, .. }, traces) => (reply, traces),
        (other, _) => panic!("expected a reply, got {other:?}"),
    }
}

/// Runs `request` and returns the error code it must fail with.
async fn refused(ws: &mut WsClient, request: LabRequest) -> ErrorCode {
    let id = ws.run(request).await;
    match ws.answer(id).await.0 {
        ServerMsg::Error { error, .. } => error.code,
        other => panic!("expected an error, got {other:?}"),
    }
}

/// Asserts that every key, channel or pattern the traced commands name is inside `namespace`: the
/// arguments in a key's, channel's or pattern's place by each command's syntax, whatever they hold,
/// so a bare `victim` is caught as surely as another session's `pg:{…}:`.
fn assert_stays_in(traces: &[TraceEntry], namespace: &str) {
    assert!(!traces.is_empty(), "the request ran commands");
    for entry in traces {
        for name in names(&entry.command) {
            assert!(
                name.starts_with(namespace),
                "{name} is outside {namespace}: {entry:?}"
            );
        }
    }
}

/// The arguments of a traced command line that name a key, a channel or a pattern. A command the labs
/// do not send fails the test, so a new one is added here with its syntax.
fn names(command: &[String]) -> Vec<&str> {
    let (name, args) = command.split_first().expect("a command line");
    let all = || args.iter().map(String::as_str).collect();
    let first = || args.iter().take(1).map(String::as_str).collect();
    match name.to_uppercase().as_str() {
        "MULTI" | "EXEC" | "PING" | "TIME" | "SCRIPT" | "(READ)" => Vec::new(),
        "DEL" | "UNLINK" | "EXISTS" | "MGET" | "SUBSCRIBE" | "PSUBSCRIBE" | "UNSUBSCRIBE"
        | "PUNSUBSCRIBE" => all(),
        "GET" | "SET" | "SETEX" | "SETNX" | "EXPIRE" | "PEXPIRE" | "TTL" | "PTTL" | "INCR"
        | "INCRBY" | "DECR" | "TYPE" | "ZADD" | "ZREM" | "ZCARD" | "ZCOUNT" | "ZRANGE"
        | "ZREVRANGE" | "ZREMRANGEBYSCORE" | "ZINCRBY" | "ZSCORE" | "HSET" | "HGET" | "HMGET"
        | "HLEN" | "HDEL" | "HGETALL" | "XADD" | "XLEN" | "XRANGE" | "XACK" | "XPENDING"
        | "PUBLISH" => first(),
        "XGROUP" => args.iter().skip(1).take(1).map(String::as_str).collect(),
        "EVAL" | "EVALSHA" => {
            let keys = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(0);
            args.iter().skip(2).take(keys).map(String::as_str).collect()
        }
        "XREADGROUP" => {
            let streams = args
                .iter()
                .position(|a| a == "STREAMS")
                .map_or(0, |i| i + 1);
            let rest = &args[streams..];
            rest[..rest.len() / 2].iter().map(String::as_str).collect()
        }
        "SCAN" => args
            .iter()
            .skip_while(|a| *a != "MATCH")
            .skip(1)
            .take(1)
            .map(String::as_str)
            .collect(),
        "PUBSUB" => args.iter().skip(1).map(String::as_str).collect(),
        // A received message: `(message) channel payload` or `(pmessage) pattern channel payload`.
        "(MESSAGE)" => first(),
        "(PMESSAGE)" => args.iter().take(2).map(String::as_str).collect(),
        other => panic!("the escape tests do not know where {other}'s keys are: {command:?}"),
    }
}

#[test]
fn a_bare_key_or_channel_is_outside_the_namespace() {
    let entry = |command: &[&str]| -> TraceEntry {
        serde_json::from_value(serde_json::json!({
            "seq": 1, "at_ms": 0, "client": "session", "request": 1, "command": command,
            "reply": "OK", "ok": true, "micros": 1, "origin": "learner",
        }))
        .expect("a trace entry")
    };
    let inside = "pg:{a}:";
    for command in [
        &["GET", "victim"][..],
        &["PUBLISH", "news", "pg:{a}:hello"],
        &["EVALSHA", "abc", "1", "pg:{b}:lock", "pg:{a}:token"],
        &["XREADGROUP", "GROUP", "g", "c", "STREAMS", "stream", ">"],
    ] {
        let escaped = std::panic::catch_unwind(|| assert_stays_in(&[entry(command)], inside));
        assert!(escaped.is_err(), "{command:?} was let through");
    }
    assert_stays_in(&[entry(&["SET", "pg:{a}:k", "victim"])], inside);
}

/// One escape attempt's cast: an app, the victim B with its data, and session A, the attacker.
struct Attempt {
    app: TestApp,
    b: Victim,
    /// A's browser; it stays open for the whole attempt, as A's session and Redis user live with it.
    ws: WsClient,
    a: SessionInfo,
}

impl Attempt {
    /// A fresh app, B with its data, then A.
    async fn new() -> Self {
        let app = spawn_app().await;
        let b = Victim::new(&app).await;
        Self::against(app, b).await
    }

    /// Opens session A on `app`, once B is set up there.
    async fn against(app: TestApp, b: Victim) -> Self {
        let (ws, a) = app.session().await;
        Self { app, b, ws, a }
    }

    /// A client logged in as A's Redis user.
    async fn user(&self) -> redis::Client {
        self.app.login_as(&format!("pg-{}", self.a.id)).await
    }

    /// A direct connection of A's Redis user.
    async fn conn(&self) -> redis::aio::MultiplexedConnection {
        self.user()
            .await
            .get_multiplexed_async_connection()
            .await
            .expect("A's user logs in")
    }

    /// A Pub/Sub connection of A's Redis user.
    async fn pubsub(&self) -> redis::aio::PubSub {
        self.user()
            .await
            .get_async_pubsub()
            .await
            .expect("A's user logs in")
    }
}

/// Asserts that Redis refused `result` for lack of permission.
fn assert_denied<T: std::fmt::Debug>(what: &str, result: RedisResult<T>) {
    let error = result.expect_err(what).to_string();
    assert!(
        error.to_lowercase().contains("noperm") || error.contains("can't access"),
        "{what}: {error}"
    );
}

async fn raw(conn: &mut redis::aio::MultiplexedConnection, parts: &[&str]) -> RedisResult<Value> {
    let mut cmd = redis::cmd(parts[0]);
    for part in &parts[1..] {
        cmd.arg(*part);
    }
    cmd.query_async(conn).await
}

/// Starts a Pub/Sub hub and waits until its subscribers are subscribed.
async fn start_hub(ws: &mut WsClient, subscribers: Vec<Subscription>, streams: bool) -> RequestId {
    let n = subscribers.len();
    let id = ws
        .run(LabRequest::Pubsub(PubsubRequest::Start {
            subscribers,
            streams,
        }))
        .await;
    let mut subscribed = 0;
    while subscribed < n {
        if let ServerMsg::Event {
            id: got,
            event: LabEvent::Pubsub(PubsubEvent::Subscribed { .. }),
        } = ws.recv().await
            && got == id
        {
            subscribed += 1;
        }
    }
    id
}

fn on(channels: &[&str], patterns: &[&str]) -> Subscription {
    Subscription {
        channels: channels.iter().map(|c| (*c).to_owned()).collect(),
        patterns: patterns.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn publish(hub: RequestId, channel: &str, text: &str) -> LabRequest {
    LabRequest::Pubsub(PubsubRequest::Publish {
        hub,
        channel: channel.to_owned(),
        message: Message::Text {
            text: text.to_owned(),
        },
        count: 1,
    })
}

/// Publishes `text` on `channel` through `hub`, and reads until both the reply and a delivery on
/// `channel` arrived (in either order). Returns the reply and the channels of every delivery meanwhile.
async fn publish_and_hear(
    ws: &mut WsClient,
    hub: RequestId,
    channel: &str,
    text: &str,
) -> (LabReply, Vec<String>) {
    let id = ws.run(publish(hub, channel, text)).await;
    let (mut reply, mut heard) = (None, Vec::<String>::new());
    let read = async {
        while reply.is_none() || !heard.iter().any(|c| c == channel) {
            match ws.recv().await {
                ServerMsg::Reply { id: got, reply: r } if got == id => reply = Some(r),
                ServerMsg::Error {
                    id: Some(got),
                    error,
                } if got == id => {
                    panic!("the publish failed: {error:?}")
                }
                ServerMsg::Event {
                    id: got,
                    event: LabEvent::Pubsub(PubsubEvent::Delivered { deliveries }),
                } if got == hub => heard.extend(deliveries.into_iter().map(|d| d.channel)),
                _ => {}
            }
        }
    };
    tokio::time::timeout(WAIT, read)
        .await
        .expect("the reply and the delivery within the wait");
    (reply.expect("the reply arrived"), heard)
}

// Directly, as A's Redis user.

#[tokio::test]
async fn escape_get_of_another_sessions_key_is_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;

    assert_denied("GET", conn.get::<_, Option<String>>(at.b.key("ping")).await);
    assert_denied(
        "HMGET",
        raw(
            &mut conn,
            &["HMGET", &at.b.key("rate:button:token_bucket"), "tokens"],
        )
        .await,
    );
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_set_over_another_sessions_key_is_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;

    assert_denied(
        "SET",
        raw(&mut conn, &["SET", &at.b.key("ping"), "owned", "EX", "60"]).await,
    );
    assert_denied("INCR", raw(&mut conn, &["INCR", &at.b.key("runs")]).await);
    assert_denied(
        "EXPIRE",
        raw(&mut conn, &["EXPIRE", &at.b.key("ping"), "1"]).await,
    );
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_del_and_unlink_of_another_sessions_keys_are_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;

    assert_denied("DEL", raw(&mut conn, &["DEL", &at.b.key("ping")]).await);
    assert_denied(
        "UNLINK",
        raw(&mut conn, &["UNLINK", &at.b.key("ping")]).await,
    );
    let own = format!("{}mine", at.a.namespace);
    assert_denied(
        "DEL of one own key and one of B's",
        raw(&mut conn, &["DEL", &own, &at.b.key("ping")]).await,
    );
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_eval_naming_another_sessions_key_is_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;

    let script = "return redis.call('SET', KEYS[1], 'owned')";
    assert_denied(
        "EVAL",
        raw(&mut conn, &["EVAL", script, "1", &at.b.key("ping")]).await,
    );
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_a_script_reaching_an_undeclared_key_is_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;

    let own = format!("{}mine", at.a.namespace);
    let script = format!("return redis.call('DEL', '{}')", at.b.key("ping"));
    assert_denied(
        "EVAL declaring its own key and deleting B's",
        raw(&mut conn, &["EVAL", &script, "1", &own]).await,
    );
    let loaded = raw(&mut conn, &["SCRIPT", "LOAD", &script])
        .await
        .expect("SCRIPT LOAD is allowed");
    let sha: String = redis::from_redis_value(loaded).expect("a SHA1");
    assert_denied("EVALSHA", raw(&mut conn, &["EVALSHA", &sha, "0"]).await);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_subscribe_to_another_sessions_channel_is_refused() {
    let at = Attempt::new().await;
    let mut pubsub = at.pubsub().await;

    assert_denied("SUBSCRIBE", pubsub.subscribe(at.b.key("news")).await);
    assert_denied("SUBSCRIBE to a bare name", pubsub.subscribe("news").await);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_psubscribe_to_patterns_spanning_sessions_is_refused() {
    let at = Attempt::new().await;
    let mut pubsub = at.pubsub().await;

    let own_without_colon = format!("pg:{{{}}}*", at.a.id);
    for pattern in ["*", "pg:*", &at.b.key("*"), &own_without_colon, "pg:{*}:*"] {
        assert_denied(pattern, pubsub.psubscribe(pattern).await);
    }
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_publish_to_another_sessions_channel_is_refused() {
    let app = spawn_app().await;
    let mut b = Victim::new(&app).await;
    let hub = start_hub(&mut b.ws, vec![on(&["news"], &[])], false).await;
    b.settle(&app).await;
    let mut at = Attempt::against(app, b).await;
    let mut conn = at.conn().await;

    assert_denied(
        "PUBLISH",
        raw(&mut conn, &["PUBLISH", &at.b.key("news"), "forged"]).await,
    );

    at.b.assert_untouched(&at.app).await;
    let (reply, heard) = publish_and_hear(&mut at.b.ws, hub, "news", "genuine").await;
    assert!(
        matches!(
            reply,
            LabReply::Pubsub(PubsubReply::Published { receivers: 1, .. })
        ),
        "{reply:?}"
    );
    assert_eq!(heard.len(), 1, "B heard only its own message: {heard:?}");
}

#[tokio::test]
async fn escape_stream_commands_on_another_sessions_stream_are_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;
    let stream = at.b.key("stream:news");

    assert_denied(
        "XADD",
        raw(&mut conn, &["XADD", &stream, "*", "f", "v"]).await,
    );
    assert_denied(
        "XGROUP CREATE",
        raw(
            &mut conn,
            &["XGROUP", "CREATE", &stream, "g", "$", "MKSTREAM"],
        )
        .await,
    );
    assert_denied(
        "XREADGROUP",
        raw(
            &mut conn,
            &["XREADGROUP", "GROUP", "g", "c", "STREAMS", &stream, ">"],
        )
        .await,
    );
    assert_denied("XACK", raw(&mut conn, &["XACK", &stream, "g", "0-1"]).await);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_listing_keys_is_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;

    assert_denied("KEYS", raw(&mut conn, &["KEYS", "*"]).await);
    assert_denied("SCAN", raw(&mut conn, &["SCAN", "0"]).await);
    assert_denied("RANDOMKEY", raw(&mut conn, &["RANDOMKEY"]).await);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_flushing_the_server_is_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;

    assert_denied("FLUSHALL", raw(&mut conn, &["FLUSHALL"]).await);
    assert_denied("FLUSHDB", raw(&mut conn, &["FLUSHDB"]).await);
    assert_denied("SCRIPT FLUSH", raw(&mut conn, &["SCRIPT", "FLUSH"]).await);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_config_is_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;

    assert_denied("CONFIG GET", raw(&mut conn, &["CONFIG", "GET", "*"]).await);
    assert_denied(
        "CONFIG SET",
        raw(&mut conn, &["CONFIG", "SET", "maxmemory", "1"]).await,
    );
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_monitor_and_debug_are_refused() {
    // A server that allows DEBUG, so what refuses it is the session user's ACL.
    let redis = EmbeddedRedis::start(&["--enable-debug-command", "yes"])
        .await
        .expect("redis-server starts");
    let url = redis.url();
    let app = spawn_app_on(redis, &url).await;
    let b = Victim::new(&app).await;
    let at = Attempt::against(app, b).await;
    let mut conn = at.conn().await;

    assert_denied("MONITOR", raw(&mut conn, &["MONITOR"]).await);
    assert_denied("DEBUG", raw(&mut conn, &["DEBUG", "SLEEP", "0"]).await);
    assert_denied("CLIENT LIST", raw(&mut conn, &["CLIENT", "LIST"]).await);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_widening_its_own_rights_is_refused() {
    let at = Attempt::new().await;
    let mut conn = at.conn().await;
    let me = format!("pg-{}", at.a.id);

    assert_denied(
        "ACL SETUSER",
        raw(&mut conn, &["ACL", "SETUSER", &me, "~*", "+@all"]).await,
    );
    assert_denied("SELECT", raw(&mut conn, &["SELECT", "1"]).await);
    assert_denied(
        "RENAME into B's namespace",
        raw(
            &mut conn,
            &["RENAME", &format!("{}x", at.a.namespace), &at.b.key("ping")],
        )
        .await,
    );
    at.b.assert_untouched(&at.app).await;
}

// Through the protocol, as session A's browser.

#[tokio::test]
async fn escape_a_ping_naming_another_sessions_key_stays_in_its_own_namespace() {
    let mut at = Attempt::new().await;

    let (reply, traces) = answer(
        &mut at.ws,
        LabRequest::Ping(PingRequest {
            text: at.b.key("ping"),
        }),
    )
    .await;

    let LabReply::Ping(reply) = reply else {
        panic!("expected a ping reply, got {reply:?}");
    };
    assert_eq!(reply.key, format!("{}ping", at.a.namespace));
    let keys: Vec<&String> = traces.iter().filter_map(|e| e.command.get(1)).collect();
    assert!(!keys.is_empty());
    assert!(
        keys.iter().all(|key| key.starts_with(&at.a.namespace)),
        "the text is a value, never a key: {keys:?}"
    );
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_rate_limit_hit_peek_and_reset_touch_only_their_own_keys() {
    let mut at = Attempt::new().await;
    let algorithms = vec![Algorithm::FixedWindow, Algorithm::TokenBucket];

    let mut traces = Vec::new();
    for request in [
        RatelimitRequest::Hit {
            algorithms: algorithms.clone(),
            limits: limits(),
        },
        RatelimitRequest::Peek {
            algorithms,
            limits: limits(),
        },
        RatelimitRequest::Reset,
    ] {
        traces.extend(answer(&mut at.ws, LabRequest::Ratelimit(request)).await.1);
    }

    assert_stays_in(&traces, &at.a.namespace);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_pubsub_names_that_leave_the_namespace_are_refused() {
    let mut at = Attempt::new().await;

    let outside = at.b.key("news");
    for name in ["*", outside.as_str(), "}", "{", "pg:{x}:y", "a b", ""] {
        let code = refused(
            &mut at.ws,
            LabRequest::Pubsub(PubsubRequest::Start {
                subscribers: vec![on(&[name], &[])],
                streams: false,
            }),
        )
        .await;
        assert_eq!(code, ErrorCode::InvalidParam, "channel {name:?}");
    }
    for pattern in [outside.as_str(), "}*", "[a-z]*"] {
        let code = refused(
            &mut at.ws,
            LabRequest::Pubsub(PubsubRequest::Start {
                subscribers: vec![on(&[], &[pattern])],
                streams: false,
            }),
        )
        .await;
        assert_eq!(code, ErrorCode::InvalidParam, "pattern {pattern:?}");
    }
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_dots_and_a_star_pattern_stay_inside_their_own_namespace() {
    let app = spawn_app().await;
    let mut b = Victim::new(&app).await;
    let b_hub = start_hub(&mut b.ws, vec![on(&["news"], &[])], false).await;
    b.settle(&app).await;
    let mut at = Attempt::against(app, b).await;
    let hub = start_hub(&mut at.ws, vec![on(&[".."], &["*"])], false).await;

    let subscribed: Vec<String> = redis::cmd("PUBSUB")
        .arg("CHANNELS")
        .arg(format!("{}*", at.a.namespace))
        .query_async(&mut at.app.redis().await)
        .await
        .expect("PUBSUB CHANNELS");
    assert_eq!(subscribed, [format!("{}..", at.a.namespace)]);
    let receivers: i64 = at
        .app
        .redis()
        .await
        .publish(at.b.key("news"), "probe")
        .await
        .expect("PUBLISH");
    assert_eq!(receivers, 1, "only B's own subscriber hears B's channel");

    at.b.assert_untouched(&at.app).await;
    answer(&mut at.b.ws, publish(b_hub, "news", "B only")).await;
    let (_, heard) = publish_and_hear(&mut at.ws, hub, "mine", "A's own").await;
    assert_eq!(heard, ["mine"], "A's `*` heard nothing of B's");
}

#[tokio::test]
async fn escape_publishing_through_another_sessions_hub_is_refused() {
    let app = spawn_app().await;
    let mut b = Victim::new(&app).await;
    let b_hub = start_hub(&mut b.ws, vec![on(&["news"], &[])], false).await;
    b.settle(&app).await;
    let mut at = Attempt::against(app, b).await;

    assert_eq!(
        refused(&mut at.ws, publish(b_hub, "news", "forged")).await,
        ErrorCode::BadRequestId
    );
    for request in [
        PubsubRequest::Disconnect {
            hub: b_hub,
            subscriber: 0,
        },
        PubsubRequest::Reconnect {
            hub: b_hub,
            subscriber: 0,
        },
    ] {
        assert_eq!(
            refused(&mut at.ws, LabRequest::Pubsub(request)).await,
            ErrorCode::BadRequestId
        );
    }

    at.b.assert_untouched(&at.app).await;
    let (_, heard) = publish_and_hear(&mut at.b.ws, b_hub, "news", "genuine").await;
    assert_eq!(heard.len(), 1, "B's subscriber heard only B's message");
}

#[tokio::test]
async fn escape_cancelling_another_sessions_request_is_refused() {
    let app = spawn_app().await;
    let mut b = Victim::new(&app).await;
    let b_hub = start_hub(&mut b.ws, vec![on(&["news"], &[])], false).await;
    b.settle(&app).await;
    let mut at = Attempt::against(app, b).await;

    at.ws
        .send_text(format!(r#"{{"type":"cancel","id":{b_hub}}}"#))
        .await;
    let error = at
        .ws
        .until(|m| matches!(m, ServerMsg::Error { id: Some(id), .. } if *id == b_hub))
        .await;
    assert!(
        matches!(error, ServerMsg::Error { ref error, .. } if error.code == ErrorCode::BadRequestId),
        "{error:?}"
    );

    at.b.assert_untouched(&at.app).await;
    let (reply, _) = answer(&mut at.b.ws, publish(b_hub, "news", "still running")).await;
    assert!(
        matches!(
            reply,
            LabReply::Pubsub(PubsubReply::Published { receivers: 1, .. })
        ),
        "B's hub is still running: {reply:?}"
    );
}

#[tokio::test]
async fn escape_stepping_another_sessions_lock_run_is_refused() {
    let app = spawn_app().await;
    let mut b = Victim::new(&app).await;
    let params = LockParams {
        clients: 1,
        rounds: 1,
        work_ms: 0,
        jitter_ms: 0,
        step: true,
        ..LockParams::default()
    };
    let run =
        b.ws.run(LabRequest::Lock(LockRequest::Run {
            params,
            faults: Faults::default(),
            speed: Default::default(),
        }))
        .await;
    b.ws.until(|m| matches!(m, ServerMsg::Event { id, event: LabEvent::Lock(_) } if *id == run))
        .await;
    b.settle(&app).await;
    let mut at = Attempt::against(app, b).await;

    let code = refused(&mut at.ws, LabRequest::Lock(LockRequest::Step { run })).await;

    assert_eq!(code, ErrorCode::BadRequestId);
    at.b.assert_untouched(&at.app).await;
    at.b.ws
        .send_text(format!(r#"{{"type":"cancel","id":{run}}}"#))
        .await;
    let (answer, _) = at.b.ws.answer(run).await;
    assert!(
        matches!(answer, ServerMsg::Error { ref error, .. } if error.code == ErrorCode::Cancelled),
        "B's run was still B's to stop: {answer:?}"
    );
}

#[tokio::test]
async fn escape_a_lock_run_keeps_to_its_own_namespace() {
    let mut at = Attempt::new().await;
    let params = LockParams {
        clients: 3,
        rounds: 2,
        work_ms: 0,
        ..LockParams::default()
    };

    let (_, traces) = answer(
        &mut at.ws,
        LabRequest::Lock(LockRequest::Run {
            params,
            faults: Faults::default(),
            speed: Default::default(),
        }),
    )
    .await;

    assert_stays_in(&traces, &at.a.namespace);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_a_stream_hub_keeps_to_its_own_namespace() {
    let app = spawn_app().await;
    let mut b = Victim::new(&app).await;
    let b_hub = start_hub(&mut b.ws, vec![on(&["news"], &[])], true).await;
    assert!(b_hub > 0);
    publish_and_hear(&mut b.ws, b_hub, "news", "B's stream entry").await;
    let before = snapshot(&app, &b.info.namespace).await;
    let mut at = Attempt::against(app, b).await;
    let hub = start_hub(&mut at.ws, vec![on(&["news"], &[])], true).await;

    publish_and_hear(&mut at.ws, hub, "news", "A's stream entry").await;

    let mut redis = at.app.redis().await;
    let mut streams = Vec::new();
    for key in snapshot(&at.app, &at.a.namespace).await.into_keys() {
        let kind: String = redis::cmd("TYPE")
            .arg(&key)
            .query_async(&mut redis)
            .await
            .expect("TYPE");
        if kind == "stream" {
            streams.push(key);
        }
    }
    assert!(!streams.is_empty(), "A's stream is in A's namespace");
    assert_eq!(
        snapshot(&at.app, &at.b.info.namespace).await,
        before,
        "B's stream is untouched"
    );
}

#[tokio::test]
async fn escape_cache_runs_keep_to_their_own_namespace() {
    let mut at = Attempt::new().await;

    let (_, mut traces) = answer(
        &mut at.ws,
        LabRequest::Cache(CacheRequest::Warmup {
            source: Source::Range { first: 1, count: 5 },
            workers: 2,
            db: Db { latency_ms: 1 },
            ttl_secs: 60,
            ttl_jitter: false,
        }),
    )
    .await;
    traces.extend(
        answer(
            &mut at.ws,
            LabRequest::Cache(CacheRequest::Measure {
                reads: 10,
                seed: 1,
                db: Db { latency_ms: 1 },
            }),
        )
        .await
        .1,
    );

    assert_stays_in(&traces, &at.a.namespace);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_quiz_tries_keep_to_their_own_namespace() {
    let mut at = Attempt::new().await;

    let mut traces = Vec::new();
    for (question, choice) in [
        (Question::LockOption, Choice::A),
        (Question::PubsubWhileDisconnected, Choice::A),
    ] {
        let request = LabRequest::Quiz(QuizRequest::Try { question, choice });
        traces.extend(answer(&mut at.ws, request).await.1);
    }

    assert_stays_in(&traces, &at.a.namespace);
    at.b.assert_untouched(&at.app).await;
}

#[tokio::test]
async fn escape_joining_with_a_malformed_session_id_is_refused() {
    let app = spawn_app().await;
    let b = Victim::new(&app).await;
    let wildcard = format!("{}*", &b.info.id[..15]);
    let with_brace = format!("{}}}", &b.info.id[..15]);
    let longer = format!("{}x", b.info.id);

    for id in [
        wildcard.as_str(),
        with_brace.as_str(),
        longer.as_str(),
        "pg:{x}:*",
        "../../etc",
        "",
    ] {
        let url = format!("ws://{}/ws?session={}", app.addr, urlencode(id));
        let err = tokio_tungstenite::connect_async(url)
            .await
            .expect_err("refused");
        let tokio_tungstenite::tungstenite::Error::Http(response) = err else {
            panic!("expected an HTTP refusal for {id:?}, got {err:?}");
        };
        assert_eq!(response.status(), 400, "{id:?}");
    }
    b.assert_untouched(&app).await;
}

/// Percent-encodes everything but letters and digits.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn escape_the_console_naming_another_sessions_keys_stays_in_its_own_namespace() {
    let mut at = Attempt::new().await;
    let theirs = at.b.key("ping");
    let lines = [
        format!("GET {theirs}"),
        format!("SET {theirs} stolen"),
        format!("DEL {theirs}"),
        format!("EVAL \"return redis.call('GET', KEYS[1])\" 1 {theirs}"),
        format!("PUBLISH {} hi", at.b.key("news")),
        format!("EVAL \"return redis.call('DEL', '{theirs}')\" 0"),
    ];
    for line in &lines {
        let args = shared::console::split(line).expect("splits");
        let (reply, traces) = answer(
            &mut at.ws,
            LabRequest::Console(shared::console::ConsoleRequest::Run { args }),
        )
        .await;
        let learner: Vec<TraceEntry> = traces
            .into_iter()
            .filter(|t| t.origin == shared::Origin::Learner)
            .collect();
        assert_stays_in(&learner, &at.a.namespace);
        let LabReply::Console(shared::console::ConsoleReply::Ran { reply, .. }) = reply else {
            panic!("{line} did not run: {reply:?}");
        };
        assert!(
            !reply.contains("B's secret"),
            "{line} read B's data: {reply}"
        );
    }
    at.b.assert_untouched(&at.app).await;
}
