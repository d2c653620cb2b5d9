//! Churn: 1,000 sessions connect to the real backend binary, run a lab and leave; afterwards Redis holds
//! no more keys and no more clients than before, and the backend's resident memory is back near where
//! it stood after a warm-up. A session that leaked a task, a connection or a key would show here.

use std::time::Instant;

use backend::embedded::EmbeddedRedis;
use redis::aio::MultiplexedConnection;
use shared::{
    LabReply, LabRequest, ServerMsg,
    ratelimit::{Algorithm, RatelimitReply, RatelimitRequest},
};
use tokio::task::JoinSet;

use crate::{
    procs::BackendProcess,
    ratelimit::limits,
    support::{WsClient, eventually},
};

/// Sessions that come and go while RSS and Redis are watched.
const SESSIONS: usize = 1_000;
/// Sessions open at once: one wave connects, runs its lab and closes before the next starts. 100 keeps
/// 2 CPUs busy without queueing handshakes past the client's wait.
const WAVE: usize = 100;
/// Sessions before the baseline is taken. Resident memory climbs over the first waves while the
/// allocator's per-thread arenas and the runtime's buffers grow to what a wave needs, and then stays flat
/// (measured: from 20 to 39.5 MiB over 400 sessions, then under 2 MiB more over 5,000).
const WARMUP: usize = 500;
/// Growth of resident memory allowed over the churn, above the baseline after the warm-up: the plateau's
/// wobble is 2 to 5 MiB (threads pick different arenas from run to run), while a leak of 12 KiB per
/// session (less than one session's socket buffers, trace channel and tasks) would add 12 MiB over 1,000
/// sessions and fail.
const RSS_TOLERANCE_KIB: u64 = 12 * 1024;
/// The per-address limit, raised through its flag's environment variable: one address opens every
/// session, and closing ones may still count while a wave opens.
const LIMITS: [(&str, &str); 1] = [("MAX_SESSIONS_PER_IP", "10000")];

/// One learner: connects, runs a rate-limit hit of every algorithm (keys of five kinds), and closes.
async fn one_session(url: String) {
    let (mut ws, _) = WsClient::connect(&url).await;
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Hit {
            algorithms: Algorithm::ALL.to_vec(),
            limits: limits(5, 10),
        }))
        .await;
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Ratelimit(RatelimitReply::Hit { decisions }),
            ..
        } => assert_eq!(decisions.len(), Algorithm::ALL.len(), "one decision each"),
        other => panic!("expected the hit's decisions, got {other:?}"),
    }
    ws.close().await;
}

/// `sessions` sessions, `WAVE` at a time.
async fn churn(url: &str, sessions: usize) {
    for wave in 0..sessions.div_ceil(WAVE) {
        let mut set = JoinSet::new();
        for _ in 0..WAVE.min(sessions - wave * WAVE) {
            set.spawn(one_session(url.to_owned()));
        }
        while let Some(done) = set.join_next().await {
            done.expect("a session completes without panicking");
        }
    }
}

/// `DBSIZE` and `connected_clients` (this connection included).
async fn redis_counts(redis: &mut MultiplexedConnection) -> (u64, u64) {
    let keys: u64 = redis::cmd("DBSIZE")
        .query_async(redis)
        .await
        .expect("DBSIZE");
    let info: String = redis::cmd("INFO")
        .arg("clients")
        .query_async(redis)
        .await
        .expect("INFO clients");
    let clients = info
        .lines()
        .find_map(|line| line.strip_prefix("connected_clients:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("connected_clients");
    (keys, clients)
}

/// Waits until Redis is back to `baseline` keys and clients, as every closed session's cleanup ends.
async fn back_to(redis: &MultiplexedConnection, baseline: (u64, u64), what: &str) {
    eventually(what, || {
        let mut redis = redis.clone();
        async move { redis_counts(&mut redis).await == baseline }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_sessions_leave_no_keys_clients_or_memory_behind() {
    // Arrange: the real binary, a private Redis, and its counts before any session.
    let redis_server = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let backend = BackendProcess::start(&redis_server.url(), &LIMITS)
        .await
        .expect("the backend binary starts");
    let ws_url = backend.ws_url();
    let rss_kib = || backend.memory_kib().expect("/proc status reads").0;
    let redis = redis::Client::open(redis_server.url())
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("direct redis connection");
    let idle = redis_counts(&mut redis.clone()).await;
    churn(&ws_url, WARMUP).await;
    back_to(&redis, idle, "the warm-up's keys and connections are gone").await;
    let baseline_kib = rss_kib();

    // Act.
    let started = Instant::now();
    churn(&ws_url, SESSIONS).await;
    let churned_in = started.elapsed();
    back_to(
        &redis,
        idle,
        "every churned session's keys and connections are gone",
    )
    .await;
    let after_kib = rss_kib();

    // Assert.
    println!(
        "churn: {SESSIONS} sessions in {churned_in:?}; RSS {baseline_kib} KiB after the warm-up, \
         {after_kib} KiB after the churn"
    );
    assert!(
        after_kib <= baseline_kib + RSS_TOLERANCE_KIB,
        "RSS grew from {baseline_kib} KiB to {after_kib} KiB, over the {RSS_TOLERANCE_KIB} KiB allowed"
    );
}
