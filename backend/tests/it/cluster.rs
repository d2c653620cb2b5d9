//! The playground on a Redis Cluster of its own (three masters, a replica each), whatever
//! `PG_TEST_REDIS` says: a node is found to be a cluster, a session's keys and channels stay in one slot,
//! its user is on every node, and a master killed mid-run fails over to its replica without the backend
//! restarting. The labs' own tests run on a cluster too, in `scripts/test.sh`'s second pass.

use std::time::Duration;

use redis::AsyncCommands;
use shared::{
    LabEvent, LabReply, LabRequest, ServerMsg,
    pubsub::{PubsubReply, PubsubRequest},
    trace::Origin,
};

use crate::support::{TestApp, WsClient, long_live_ratelimit_run, ping, spawn_app_on_cluster};

/// How long a failover may take: the node timeout (1 s), the replica's election, and the backend's
/// cluster client finding the new master.
const FAILED_OVER_WITHIN: Duration = Duration::from_secs(20);

/// The port of the master that serves `key`'s slot now.
async fn master_of(app: &TestApp, key: &str) -> u16 {
    let mut node = app.nodes().await.remove(0);
    let slot: u16 = redis::cmd("CLUSTER")
        .arg("KEYSLOT")
        .arg(key)
        .query_async(&mut node)
        .await
        .expect("CLUSTER KEYSLOT");
    let ranges: Vec<(u16, u16, (String, u16))> = redis::cmd("CLUSTER")
        .arg("SLOTS")
        .query_async::<Vec<redis::Value>>(&mut node)
        .await
        .expect("CLUSTER SLOTS")
        .into_iter()
        .filter_map(|range| match range {
            redis::Value::Array(fields) => Some((
                redis::from_redis_value_ref(&fields[0]).ok()?,
                redis::from_redis_value_ref(&fields[1]).ok()?,
                match &fields[2] {
                    redis::Value::Array(master) => (
                        redis::from_redis_value_ref(&master[0]).ok()?,
                        redis::from_redis_value_ref(&master[1]).ok()?,
                    ),
                    _ => return None,
                },
            )),
            _ => None,
        })
        .collect();
    ranges
        .into_iter()
        .find(|(start, end, _)| (*start..=*end).contains(&slot))
        .map(|(_, _, (_, port))| port)
        .expect("a master serves the slot")
}

/// `ROLE`'s first field on the node at `port`: `master` or `slave`.
async fn role(port: u16) -> String {
    let mut node = redis::Client::open(format!("redis://127.0.0.1:{port}"))
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("connects");
    let role: Vec<redis::Value> = redis::cmd("ROLE")
        .query_async(&mut node)
        .await
        .expect("ROLE");
    redis::from_redis_value_ref(&role[0]).expect("a role")
}

/// Runs a ping and asserts it was answered.
async fn pings(ws: &mut WsClient, text: &str) {
    let id = ws.run(ping(text)).await;
    let (answer, _) = ws.answer(id).await;
    assert!(matches!(answer, ServerMsg::Reply { .. }), "{answer:?}");
}

#[tokio::test]
async fn a_node_is_found_to_be_a_cluster_and_a_sessions_keys_share_its_slot() {
    let app = spawn_app_on_cluster().await;
    assert!(
        app.store().await.is_cluster(),
        "one node's URL finds the cluster"
    );
    let health: serde_json::Value = reqwest::get(app.url("/healthz"))
        .await
        .expect("GET /healthz")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        (&health["deployment"], &health["isolation"]),
        (&"cluster".into(), &"acl".into()),
        "{health}"
    );
    assert!(
        health["redis"]["version"].is_string(),
        "the version is read from a node: {health}"
    );
    let (mut ws, session) = app.session().await;
    pings(&mut ws, "hello").await;

    let mut redis = app.redis().await;
    let stored: Option<String> = redis
        .get(format!("{}ping", session.namespace))
        .await
        .expect("GET through the cluster");
    assert_eq!(stored.as_deref(), Some("hello"));
    let presence = format!("{}presence", session.namespace);
    let ping_key = format!("{}ping", session.namespace);
    assert_eq!(
        master_of(&app, &presence).await,
        master_of(&app, &ping_key).await,
        "every key of a session is in the slot of its hash tag"
    );
    assert!(
        app.acl_user(&format!("pg-{}", session.id)).await.is_some(),
        "the session's user is on every master and replica"
    );
}

#[tokio::test]
async fn a_master_killed_mid_run_fails_over_and_the_page_resumes_without_a_restart() {
    let mut app = spawn_app_on_cluster().await;
    let (mut ws, session) = app.session().await;
    pings(&mut ws, "before").await;
    let run = ws.run(long_live_ratelimit_run()).await;
    ws.until(|m| matches!(m, ServerMsg::Event { id, event: LabEvent::Ratelimit(_) } if *id == run))
        .await;

    let master = master_of(&app, &format!("{}presence", session.namespace)).await;
    let replicas_before: Vec<u16> = {
        let mut ports = Vec::new();
        for port in app.cluster.as_ref().expect("a cluster").ports() {
            if port != master && role(port).await == "slave" {
                ports.push(port);
            }
        }
        ports
    };
    app.cluster.as_mut().expect("a cluster").kill(master).await;

    // The page is told Redis went away, then that it is back.
    let outage = ws
        .until_within(
            FAILED_OVER_WITHIN,
            |m| matches!(m, ServerMsg::Redis { health } if !health.reachable),
        )
        .await;
    assert!(matches!(outage, ServerMsg::Redis { .. }));
    app.cluster
        .as_ref()
        .expect("a cluster")
        .wait_until_ok(FAILED_OVER_WITHIN)
        .await
        .expect("a replica takes over");
    let back = ws
        .until_within(
            FAILED_OVER_WITHIN,
            |m| matches!(m, ServerMsg::Redis { health } if health.reachable),
        )
        .await;
    assert!(
        matches!(back, ServerMsg::Redis { .. }),
        "told that Redis is back"
    );

    // The same socket works again on the same backend, and its slot is served by a promoted replica.
    pings(&mut ws, "after").await;
    let promoted = master_of(&app, &format!("{}presence", session.namespace)).await;
    assert_ne!(promoted, master, "another node serves the slot");
    assert!(
        replicas_before.contains(&promoted),
        "the new master was a replica before the failover"
    );
    let mut redis = app.redis().await;
    let stored: Option<String> = redis
        .get(format!("{}ping", session.namespace))
        .await
        .expect("GET through the cluster");
    assert_eq!(stored.as_deref(), Some("after"));
}

#[tokio::test]
async fn a_classic_publish_crosses_every_nodes_bus_and_a_sharded_one_stays_in_its_shard() {
    let app = spawn_app_on_cluster().await;
    let (mut ws, _) = app.session().await;
    ws.record_trace();
    let id = ws
        .run(LabRequest::Pubsub(PubsubRequest::Sharded { messages: 20 }))
        .await;
    let report = match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Pubsub(PubsubReply::Sharded(report)),
            ..
        } => report,
        other => panic!("{other:?}"),
    };

    assert!(report.cluster);
    assert_eq!(
        (report.classic_delivered, report.sharded_delivered),
        (20, 20),
        "each subscriber heard its 20"
    );
    assert_eq!(
        (report.classic_receivers, report.sharded_receivers),
        (20, 20),
        "each publish counted its one subscriber"
    );
    assert_eq!(report.nodes.len(), 6, "{report:?}");
    for node in &report.nodes {
        // The publisher's node (the shard's master) sends; every other node's bus receives.
        let expected = match (node.shard, node.replica) {
            (true, false) => (0, 0),
            (true, true) => (20, 20),
            (false, _) => (20, 0),
        };
        assert_eq!((node.classic, node.sharded), expected, "{node:?}");
    }
    let trace = ws.take_trace();
    for command in ["SSUBSCRIBE", "SPUBLISH", "(smessage)", "CLUSTER"] {
        assert!(
            trace.iter().any(|e| e.command[0] == command),
            "the trace shows {command}"
        );
    }
    assert!(
        trace
            .iter()
            .filter(|e| e.command[0] == "CLUSTER")
            .all(|e| e.origin == Origin::Playground),
        "the bus readings are the playground's"
    );
}

#[tokio::test]
async fn on_one_server_the_sharded_lesson_says_there_is_no_cluster_and_sends_nothing() {
    let app = crate::support::spawn_app_on_single().await;
    let (mut ws, _) = app.session().await;
    let id = ws
        .run(LabRequest::Pubsub(PubsubRequest::Sharded { messages: 5 }))
        .await;
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Pubsub(PubsubReply::Sharded(report)),
            ..
        } => assert_eq!(
            (report.cluster, report.messages, report.nodes.len()),
            (false, 0, 0)
        ),
        other => panic!("{other:?}"),
    }
}
