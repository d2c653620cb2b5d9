//! The console end to end over the socket on a real Redis: keys put into the namespace wherever Redis's
//! key specs say they are, refusals, replies printed as redis-cli prints them, a streaming `SUBSCRIBE`,
//! a blocking command capped and stopped, "My keys", the help, and isolation from another session.

use redis::AsyncCommands;
use shared::{
    LabEvent, LabReply, LabRequest, ServerMsg, SessionInfo,
    console::{ConsoleEvent, ConsoleReply, ConsoleRequest, Refusal, split},
    ratelimit::{Algorithm, Limits, RatelimitRequest},
};

use crate::support::{
    WsClient, blocked_client, eventually, ping, spawn_app, spawn_app_without_acl_rights,
};

/// Runs one typed line and returns the console's reply.
async fn type_line(ws: &mut WsClient, line: &str) -> ConsoleReply {
    let args = split(line).expect("the test's line splits");
    ask(ws, ConsoleRequest::Run { args }).await
}

async fn ask(ws: &mut WsClient, request: ConsoleRequest) -> ConsoleReply {
    let id = ws.run(LabRequest::Console(request)).await;
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Console(reply),
            ..
        } => reply,
        other => panic!("expected a console reply, got {other:?}"),
    }
}

/// What was sent and Redis's printed reply, for a command that ran.
async fn ran(ws: &mut WsClient, line: &str) -> (Vec<String>, String) {
    match type_line(ws, line).await {
        ConsoleReply::Ran { sent, reply, .. } => (sent, reply),
        other => panic!("{line} did not run: {other:?}"),
    }
}

fn words(line: &str) -> Vec<String> {
    line.split(' ').map(str::to_owned).collect()
}

/// `line` with every `@` replaced by the session's namespace.
fn sent(info: &SessionInfo, line: &str) -> Vec<String> {
    words(&line.replace('@', &info.namespace))
}

#[tokio::test]
async fn console_keys_go_into_the_namespace_at_every_kind_of_position() {
    let app = spawn_app().await;
    let (mut ws, info) = app.session().await;

    let (line, reply) = ran(&mut ws, "SET greeting hi").await;
    assert_eq!(
        (line, reply.as_str()),
        (sent(&info, "SET @greeting hi"), "OK")
    );
    let (line, _) = ran(&mut ws, "MSET a 1 b 2").await;
    assert_eq!(line, sent(&info, "MSET @a 1 @b 2"));
    let (line, reply) = ran(&mut ws, "DEL a b").await;
    assert_eq!(
        (line, reply.as_str()),
        (sent(&info, "DEL @a @b"), "(integer) 2")
    );
    let (line, reply) = ran(
        &mut ws,
        "EVAL \"return redis.call('GET', KEYS[1]) .. ARGV[1]\" 1 greeting greeting",
    )
    .await;
    assert_eq!(line[2..], sent(&info, "1 @greeting greeting")[..]);
    assert_eq!(reply, "\"higreeting\"");
    ran(&mut ws, "ZADD z1 1 a").await;
    ran(&mut ws, "ZADD z2 2 b").await;
    let (line, reply) = ran(&mut ws, "ZUNIONSTORE out 2 z1 z2 WEIGHTS 1 1").await;
    assert_eq!(line, sent(&info, "ZUNIONSTORE @out 2 @z1 @z2 WEIGHTS 1 1"));
    assert_eq!(reply, "(integer) 2");
    let (_, reply) = ran(&mut ws, "ZRANGE out 0 -1 WITHSCORES").await;
    assert_eq!(reply, "1) \"a\"\n2) \"1\"\n3) \"b\"\n4) \"2\"");
    ran(&mut ws, "XADD s1 1-1 f v").await;
    ran(&mut ws, "XADD s2 2-1 g w").await;
    let (line, reply) = ran(&mut ws, "XREAD COUNT 5 STREAMS s1 s2 0 0").await;
    assert_eq!(line, sent(&info, "XREAD COUNT 5 STREAMS @s1 @s2 0 0"));
    assert!(
        reply.starts_with("1) 1) \"s1\"\n   2) 1) 1) \"1-1\"\n         2) 1) \"f\"\n            2) \"v\"\n2) 1) \"s2\""),
        "keys in replies without the namespace, nested as redis-cli: {reply}"
    );
    let (line, reply) = ran(&mut ws, "XGROUP CREATE s1 readers 0").await;
    assert_eq!(
        (line, reply.as_str()),
        (sent(&info, "XGROUP CREATE @s1 readers 0"), "OK")
    );
    let (line, reply) = ran(&mut ws, "PING").await;
    assert_eq!((line, reply.as_str()), (words("PING"), "PONG"));

    let mut redis = app.redis().await;
    let held: Option<String> = redis
        .get(format!("{}greeting", info.namespace))
        .await
        .expect("GET");
    assert_eq!(held.as_deref(), Some("hi"));
    let ttl: i64 = redis
        .ttl(format!("{}out", info.namespace))
        .await
        .expect("TTL");
    assert!(ttl > 0, "a key the console wrote expires: {ttl}");
}

#[tokio::test]
async fn console_replies_print_as_redis_cli_prints_them() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    assert_eq!(ran(&mut ws, "GET nothing").await.1, "(nil)");
    assert_eq!(ran(&mut ws, "INCR n").await.1, "(integer) 1");
    assert_eq!(ran(&mut ws, "LRANGE none 0 -1").await.1, "(empty array)");
    assert_eq!(ran(&mut ws, "SET quoted \"a \\\"b\\\"\"").await.1, "OK");
    assert_eq!(ran(&mut ws, "GET quoted").await.1, r#""a \"b\"""#);
    match type_line(&mut ws, "LPUSH n x").await {
        ConsoleReply::Ran { reply, ok, .. } => {
            assert!(!ok);
            assert!(reply.starts_with("(error) WRONGTYPE"), "{reply}");
        }
        other => panic!("{other:?}"),
    }
    let (_, reply) = ran(&mut ws, "HSET h f v").await;
    assert_eq!(reply, "(integer) 1");
    assert_eq!(ran(&mut ws, "HGETALL h").await.1, "1) \"f\"\n2) \"v\"");
}

#[tokio::test]
async fn console_refuses_server_wide_and_connection_commands_and_runs_nothing() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    ws.record_trace();

    for (line, want) in [
        ("KEYS *", Refusal::ServerWide),
        ("SCAN 0", Refusal::ServerWide),
        ("FLUSHALL", Refusal::ServerWide),
        ("flushdb", Refusal::ServerWide),
        ("CONFIG GET maxmemory", Refusal::ServerWide),
        ("MONITOR", Refusal::ServerWide),
        ("SCRIPT FLUSH", Refusal::ServerWide),
        ("FUNCTION LIST", Refusal::ServerWide),
        ("CLIENT LIST", Refusal::ServerWide),
        ("RANDOMKEY", Refusal::ServerWide),
        ("SELECT 1", Refusal::Connection),
        ("MULTI", Refusal::Connection),
        ("GEOADD g 0 0 x", Refusal::NotOffered),
        ("NOSUCHCOMMAND", Refusal::NotOffered),
    ] {
        match type_line(&mut ws, line).await {
            ConsoleReply::Refused { command, refusal } => {
                assert_eq!(refusal, want, "{line}");
                assert_eq!(command, words(line)[0].to_uppercase());
            }
            other => panic!("{line} was not refused: {other:?}"),
        }
    }
    let traced: Vec<_> = ws
        .take_trace()
        .into_iter()
        .filter(|e| e.request.is_some())
        .collect();
    assert!(
        traced.is_empty(),
        "a refused command runs nothing: {traced:?}"
    );
    assert_eq!(ran(&mut ws, "PING").await.1, "PONG", "the connection stays");
}

#[tokio::test]
async fn console_subscribe_streams_messages_until_stopped() {
    let app = spawn_app().await;
    let (mut ws, info) = app.session().await;

    let id = ws
        .run(LabRequest::Console(ConsoleRequest::Run {
            args: words("SUBSCRIBE news alerts"),
        }))
        .await;
    let subscribed = event(&mut ws, id).await;
    assert_eq!(
        subscribed,
        ConsoleEvent::Subscribed {
            sent: sent(&info, "SUBSCRIBE @news @alerts"),
            reply: "1) \"subscribe\"\n2) \"news\"\n1) \"subscribe\"\n2) \"alerts\"".into(),
        }
    );
    // Another client publishes to the session's channel.
    let mut redis = app.redis().await;
    let receivers: i64 = redis
        .publish(format!("{}news", info.namespace), "hello")
        .await
        .expect("PUBLISH");
    assert_eq!(receivers, 1);
    assert_eq!(
        event(&mut ws, id).await,
        ConsoleEvent::Message {
            text: "1) \"message\"\n2) \"news\"\n3) \"hello\"".into()
        }
    );
    // And the console's own PUBLISH, from a second tab of the session.
    let (mut tab, _) = app.join(&info.id).await;
    let (line, reply) = ran(&mut tab, "PUBLISH alerts fire").await;
    assert_eq!(
        (line, reply.as_str()),
        (sent(&info, "PUBLISH @alerts fire"), "(integer) 1")
    );
    assert_eq!(
        event(&mut ws, id).await,
        ConsoleEvent::Message {
            text: "1) \"message\"\n2) \"alerts\"\n3) \"fire\"".into()
        }
    );
    ws.cancel(id).await;
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Console(ConsoleReply::Stopped { sent: line }),
            ..
        } => assert_eq!(line, sent(&info, "SUBSCRIBE @news @alerts")),
        other => panic!("{other:?}"),
    }
}

/// The next console event of run `id`.
async fn event(ws: &mut WsClient, id: u64) -> ConsoleEvent {
    match ws
        .until(|m| matches!(m, ServerMsg::Event { id: got, .. } | ServerMsg::Error { id: Some(got), .. } if *got == id))
        .await
    {
        ServerMsg::Event {
            event: LabEvent::Console(event),
            ..
        } => event,
        other => panic!("expected a console event, got {other:?}"),
    }
}

#[tokio::test]
async fn console_blocking_commands_are_capped_and_stop_at_once() {
    let app = spawn_app().await;
    let (mut ws, info) = app.session().await;
    let mut redis = app.redis().await;

    let id = ws
        .run(LabRequest::Console(ConsoleRequest::Run {
            args: words("BLPOP queue 0"),
        }))
        .await;
    eventually("BLPOP blocks on Redis", || {
        let mut redis = redis.clone();
        async move { blocked_client(&mut redis, "blpop").await.is_some() }
    })
    .await;
    ws.cancel(id).await;
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Console(ConsoleReply::Stopped { sent: line }),
            ..
        } => assert_eq!(
            line,
            sent(&info, "BLPOP @queue 10"),
            "an endless wait capped"
        ),
        other => panic!("{other:?}"),
    }
    eventually("the stopped BLPOP's connection is gone", || {
        let mut redis = redis.clone();
        async move { blocked_client(&mut redis, "blpop").await.is_none() }
    })
    .await;

    // A blocking read that is answered returns its reply, keys without the namespace.
    let id = ws
        .run(LabRequest::Console(ConsoleRequest::Run {
            args: words("BRPOP jobs 30"),
        }))
        .await;
    eventually("BRPOP blocks on Redis", || {
        let mut redis = redis.clone();
        async move { blocked_client(&mut redis, "brpop").await.is_some() }
    })
    .await;
    let _: i64 = redis
        .lpush(format!("{}jobs", info.namespace), "job-1")
        .await
        .expect("LPUSH");
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply:
                LabReply::Console(ConsoleReply::Ran {
                    sent: line, reply, ..
                }),
            ..
        } => {
            assert_eq!(line, sent(&info, "BRPOP @jobs 10"));
            assert_eq!(reply, "1) \"jobs\"\n2) \"job-1\"");
        }
        other => panic!("{other:?}"),
    }
    let id = ws
        .run(LabRequest::Console(ConsoleRequest::Run {
            args: words("XREAD BLOCK 0 STREAMS events $"),
        }))
        .await;
    eventually("XREAD blocks on Redis", || {
        let mut redis = redis.clone();
        async move { blocked_client(&mut redis, "xread").await.is_some() }
    })
    .await;
    ws.cancel(id).await;
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Console(ConsoleReply::Stopped { sent: line }),
            ..
        } => assert_eq!(line, sent(&info, "XREAD BLOCK 10000 STREAMS @events $")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn console_cannot_reach_another_sessions_keys() {
    let app = spawn_app().await;
    let (mut victim, victim_info) = app.session().await;
    let (mut ws, info) = app.session().await;
    ran(&mut victim, "SET secret s3cr3t").await;

    assert_eq!(ran(&mut ws, "GET secret").await.1, "(nil)");
    let theirs = format!("{}secret", victim_info.namespace);
    let (line, reply) = ran(&mut ws, &format!("GET {theirs}")).await;
    assert_eq!(line, words(&format!("GET {}{theirs}", info.namespace)));
    assert_eq!(reply, "(nil)");
    let script = format!("EVAL \"return redis.call('GET', '{theirs}')\" 0");
    let (_, reply) = ran(&mut ws, &script).await;
    assert!(
        reply.starts_with("(error) ") && !reply.contains("s3cr3t"),
        "{reply}"
    );

    let ConsoleReply::Keys { keys, .. } = ask(&mut ws, ConsoleRequest::Keys).await else {
        panic!("My keys answers with keys");
    };
    assert!(keys.iter().all(|k| !k.contains("secret")), "{keys:?}");
    let ConsoleReply::Keys { keys, .. } = ask(&mut victim, ConsoleRequest::Keys).await else {
        panic!("My keys answers with keys");
    };
    assert!(keys.contains(&"secret".to_owned()), "{keys:?}");
}

#[tokio::test]
async fn console_sees_and_changes_what_a_lab_left() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let id = ws.run(ping("from the lab")).await;
    ws.answer(id).await;
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Hit {
            algorithms: vec![Algorithm::SlidingLogCourse],
            limits: Limits {
                max_requests: 5,
                window_seconds: 10,
            },
        }))
        .await;
    ws.answer(id).await;

    assert_eq!(ran(&mut ws, "GET ping").await.1, "\"from the lab\"");
    let ConsoleReply::Keys { keys, more } = ask(&mut ws, ConsoleRequest::Keys).await else {
        panic!("My keys answers with keys");
    };
    assert!(!more);
    let rate = keys
        .iter()
        .find(|k| k.starts_with("rate:api:you"))
        .unwrap_or_else(|| panic!("the rate limiter's key is listed: {keys:?}"));
    assert_eq!(
        ran(&mut ws, &format!("ZCARD {rate}")).await.1,
        "(integer) 1"
    );
    assert_eq!(ran(&mut ws, &format!("DEL {rate}")).await.1, "(integer) 1");
}

#[tokio::test]
async fn console_help_comes_from_command_docs() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let ConsoleReply::Docs { command, docs } = ask(
        &mut ws,
        ConsoleRequest::Docs {
            command: "SET".into(),
        },
    )
    .await
    else {
        panic!("docs answer");
    };
    let docs = docs.expect("Redis documents SET");
    assert_eq!(command, "set");
    assert_eq!(docs.since, "1.0.0");
    assert!(docs.syntax.starts_with("key value"), "{}", docs.syntax);
    assert!(docs.syntax.contains("[NX|XX]"), "{}", docs.syntax);
    assert!(!docs.summary.is_empty());
    let ConsoleReply::Docs { docs, .. } = ask(
        &mut ws,
        ConsoleRequest::Docs {
            command: "xgroup|create".into(),
        },
    )
    .await
    else {
        panic!("docs answer");
    };
    assert!(docs.is_some_and(|d| d.syntax.starts_with("key group")));
}

#[tokio::test]
async fn console_refuses_scripts_where_only_the_prefix_keeps_sessions_apart() {
    let app = spawn_app_without_acl_rights().await;
    let (mut ws, info) = app.session().await;

    let (line, _) = ran(&mut ws, "SET k v").await;
    assert_eq!(line, sent(&info, "SET @k v"), "keys are still prefixed");
    match type_line(&mut ws, "EVAL \"return redis.call('GET', 'other')\" 0").await {
        ConsoleReply::Refused { command, refusal } => {
            assert_eq!((command.as_str(), refusal), ("EVAL", Refusal::NeedsAcl));
        }
        other => panic!("a script ran without ACL: {other:?}"),
    }
}
