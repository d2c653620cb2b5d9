//! Churn: 1,000 sessions connect to the real backend binary, run a lab and leave; afterwards Redis holds
//! no more keys and no more clients than before, and the backend's resident memory is back near where
//! it stood after a warm-up. A session that leaked a task, a connection or a key would show here.

use std::{path::Path, process::Stdio, time::Instant};

use backend::embedded::EmbeddedRedis;
use redis::aio::MultiplexedConnection;
use shared::{
    LabReply, LabRequest, ServerMsg,
    ratelimit::{Algorithm, RatelimitReply, RatelimitRequest},
};
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    task::JoinSet,
};

use crate::{
    ratelimit::limits,
    support::{WAIT, WsClient, eventually},
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

/// The backend binary on a free port, serving a stand-in frontend, against `redis_url`.
struct Backend {
    /// The process; killed when dropped.
    child: Child,
    /// `ws://127.0.0.1:<port>/ws`.
    ws_url: String,
    /// Keeps the stand-in frontend folder alive as long as the process.
    _frontend: tempfile::TempDir,
}

impl Backend {
    /// Starts `target/…/backend --port 0` and reads the address it prints once it listens.
    async fn spawn(redis_url: &str) -> Self {
        let frontend = tempfile::tempdir().expect("temp dir");
        std::fs::write(frontend.path().join("index.html"), "<!doctype html>").expect("index.html");
        let mut child = Command::new(env!("CARGO_BIN_EXE_backend"))
            .args(["--port", "0", "--redis-url", redis_url, "--frontend-dir"])
            .arg(frontend.path())
            // One address opens every session; closing ones may still count while a wave opens.
            .args(["--max-sessions-per-ip", "10000"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("the backend binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let banner = tokio::time::timeout(WAIT, lines.next_line())
            .await
            .expect("the backend prints its address in time")
            .expect("stdout reads")
            .expect("a banner line");
        let addr = banner
            .rsplit("http://")
            .next()
            .map(|rest| rest.trim_end_matches('/'))
            .expect("the banner names the address")
            .to_owned();
        // Keeps the pipe drained so a warning never blocks the server on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self {
            child,
            ws_url: format!("ws://{addr}/ws"),
            _frontend: frontend,
        }
    }

    /// Resident memory in KiB (`VmRSS` of /proc/<pid>/status).
    fn rss_kib(&self) -> u64 {
        let pid = self.child.id().expect("the backend is running");
        let status =
            std::fs::read_to_string(Path::new("/proc").join(pid.to_string()).join("status"))
                .expect("/proc status reads");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in kB")
    }
}

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
    let backend = Backend::spawn(&redis_server.url()).await;
    let redis = redis::Client::open(redis_server.url())
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("direct redis connection");
    let idle = redis_counts(&mut redis.clone()).await;
    churn(&backend.ws_url, WARMUP).await;
    back_to(&redis, idle, "the warm-up's keys and connections are gone").await;
    let baseline_kib = backend.rss_kib();

    // Act.
    let started = Instant::now();
    churn(&backend.ws_url, SESSIONS).await;
    let churned_in = started.elapsed();
    back_to(
        &redis,
        idle,
        "every churned session's keys and connections are gone",
    )
    .await;
    let after_kib = backend.rss_kib();

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
