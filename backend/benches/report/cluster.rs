//! The cluster section: the playground on a private Redis Cluster (three masters, a replica each) beside
//! one Redis. **Fan-out**: a room of [`PARTICIPANTS`] WebSocket participants split across two backend
//! processes on the cluster, a burst from the presenter. **Redis per learner**: the connections and
//! memory Redis holds for one session and for one room participant, on one Redis and on the cluster
//! (every node counted: a replica keeps a copy of its master's keys and has its own ACL users).
//! **Load**: the concurrent-sessions load on one backend and one Redis, then split across two backends
//! on the cluster.

use std::collections::HashMap;

use backend::embedded::{EmbeddedRedis, LocalCluster};
use futures_util::SinkExt;
use shared::{ClientMsg, LabRequest, ServerMsg, ping::PingRequest};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use crate::{
    BoxError,
    audience::{Audience, GENEROUS_LIMITS, PARSING, Presenter},
    client::Socket,
    fanout::{BENCH_CPU, Burst, cpu_seconds},
    markdown::{count, table},
    procs::BackendProcess,
    samples::Measured,
    sessions::{LIFTED_LIMITS, Load, PER_SECOND, connect, drive, open, recv},
};

/// Participants of the fan-out room, half on each backend.
const PARTICIPANTS: usize = 1000;
/// Messages in the presenter's burst.
const MESSAGES: usize = 100;
/// Sessions and participants the per-learner figures are averaged over.
const LEARNERS: usize = 100;
/// The concurrent-sessions load, on one backend and one Redis, then split across two on the cluster.
const LOAD: Load = Load {
    sessions: 1000,
    seconds: 20,
};

/// Measures both parts and returns the markdown.
pub async fn section(single: &EmbeddedRedis) -> Result<String, BoxError> {
    let cluster = LocalCluster::start()
        .await
        .map_err(|e| format!("the private cluster did not start: {e}"))?;
    let cluster_url = cluster.urls()[0].clone();
    let burst = fan_out(&cluster_url).await?;
    let fanout = &burst.deliveries;
    let on_single = per_learner(&single.url(), &[single.port()]).await?;
    let on_cluster = per_learner(&cluster_url, &cluster.ports()).await?;
    let load_single = under_load(&single.url(), 1).await?;
    let load_cluster = under_load(&cluster_url, 2).await?;
    let load_row = |name: &str, (m, failed): &(Measured, usize)| {
        let ms = |p| {
            m.percentile_us(p)
                .map_or("–".into(), |us| format!("{:.2}", us / 1000.0))
        };
        vec![
            name.to_owned(),
            count(m.per_second()),
            ms(50.0),
            ms(99.0),
            count(*failed as f64),
        ]
    };
    let ms = |p| {
        fanout
            .percentile_us(p)
            .map_or("–".into(), |us| format!("{:.1}", us / 1000.0))
    };
    let row = |name: &str, cost: &Cost| {
        vec![
            name.to_owned(),
            format!("{:.2}", cost.session_connections),
            format!("{:.1} KiB", cost.session_bytes / 1024.0),
            format!("{:.2}", cost.participant_connections),
            format!("{:.1} KiB", cost.participant_bytes / 1024.0),
        ]
    };
    Ok(format!(
        "## On a Redis Cluster\n\n\
         A private cluster of three masters with a replica each (`LocalCluster`, the tests' cluster), \
         on this machine.\n\n\
         ### Fan-out: {PARTICIPANTS} participants across two backends\n\n\
         A room whose {PARTICIPANTS} WebSocket participants are split across two backend processes on \
         the cluster (joined in {:.1} s); the presenter, on the first, publishes {MESSAGES} messages \
         back to back. On a cluster a room's Pub/Sub is sharded: each backend holds one sharded \
         subscription (`SSUBSCRIBE`) to the room and relays what it hears to its participants, so the \
         presenter's `SPUBLISH` counted 2. Latency runs from sending a message to a participant reading it; \
         the backends' CPU is their two processes' user and system time from the first send to the last \
         delivery, per delivery; {BENCH_CPU} {PARSING}\n\n{}\n\
         ### Redis per learner\n\n\
         What Redis holds for one learner, averaged over {LEARNERS}: **session**, a tab that ran a \
         ping (its ACL user, its own connection, its presence and the ping's key); **participant**, a \
         tab that joined a room (its membership, on top of its session; the room's subscription is its \
         backend's, one per room). On the cluster, a session's connection is a cluster connection, which \
         the `redis` crate opens to every master and replica. \
         Connections are `connected_clients`, memory is `used_memory`, each summed over every node and \
         taken as the difference from before the learners came. A lab run opens more while it runs \
         (one connection per virtual client, one per subscriber) and gives them back when it ends.\n\n{}\n\
         ### {sessions} sessions, one backend or two\n\n\
         The concurrent-sessions load (each session a rate-limit `hit` {PER_SECOND} times a second for {seconds} \
         s, {asked} asked a second in all) on one backend process and one redis-server, then dealt out \
         between two backend processes on the cluster; the clients, the backends and every Redis share \
         this machine's two cores.\n\n{}",
        burst.joining.as_secs_f64(),
        table(
            &[
                "path",
                "deliveries",
                "p50 ms",
                "p99 ms",
                "backend CPU µs / delivery",
                "bench CPU µs / delivery",
            ],
            &[[
                "WebSocket, 2 backends, cluster".to_owned(),
                count(fanout.decisions as f64),
                ms(50.0),
                ms(99.0),
            ]
            .into_iter()
            .chain(burst.cpu_per_delivery())
            .collect()],
        ),
        table(
            &[
                "Redis",
                "connections / session",
                "memory / session",
                "connections / participant",
                "memory / participant",
            ],
            &[
                row("one redis-server", &on_single),
                row("cluster, 3 masters + 3 replicas", &on_cluster),
            ],
        ),
        table(
            &["path", "decisions/s", "p50 ms", "p99 ms", "failed"],
            &[
                load_row("1 backend, one redis-server", &load_single),
                load_row("2 backends, cluster", &load_cluster),
            ],
        ),
        sessions = count(LOAD.sessions as f64),
        seconds = LOAD.seconds,
        asked = count(LOAD.sessions as f64 * PER_SECOND as f64),
    ))
}

/// A room of [`PARTICIPANTS`] on two backends at `url`, and the presenter's burst.
async fn fan_out(url: &str) -> Result<Burst, BoxError> {
    let first = BackendProcess::start(url, &GENEROUS_LIMITS).await?;
    let second = BackendProcess::start(url, &GENEROUS_LIMITS).await?;
    let texts: Vec<String> = (1..=MESSAGES).map(|i| format!("cluster {i}")).collect();
    let mut presenter = Presenter::open(&first.ws_url()).await?;
    let started = Instant::now();
    let half = PARTICIPANTS / 2;
    let mut here = Audience::join(&first.ws_url(), &presenter.code, half, texts.len()).await?;
    let mut there = Audience::join(
        &second.ws_url(),
        &presenter.code,
        PARTICIPANTS - half,
        texts.len(),
    )
    .await?;
    let joining = started.elapsed();
    let before = cpu_seconds(&[&first, &second])?;
    let (sent, receivers) = presenter.burst(&texts).await?;
    // One subscription per backend.
    if receivers != 2 {
        return Err(format!("SPUBLISH reached {receivers} subscriptions, not 2").into());
    }
    let sent: HashMap<String, Instant> = texts.iter().cloned().zip(sent).collect();
    let (a, b) = tokio::join!(here.deliveries(&sent), there.deliveries(&sent));
    let measured = Measured::merged(vec![a?, b?]);
    let after = cpu_seconds(&[&first, &second])?;
    presenter.close().await?;
    here.finish().await?;
    there.finish().await?;
    first.stop().await;
    second.stop().await;
    Ok(Burst::new(measured, joining, before, after))
}

/// The concurrent-sessions load on `backends` backend processes at `url`: each decision's round trip,
/// and how many failed.
async fn under_load(url: &str, backends: usize) -> Result<(Measured, usize), BoxError> {
    let mut processes = Vec::with_capacity(backends);
    for _ in 0..backends {
        processes.push(BackendProcess::start(url, &LIFTED_LIMITS).await?);
    }
    let urls: Vec<String> = processes.iter().map(BackendProcess::ws_url).collect();
    let sockets = open(&urls, LOAD.sessions).await?;
    let measured = drive(sockets, LOAD).await?;
    for process in processes {
        process.stop().await;
    }
    Ok(measured)
}

/// Redis's cost of one session and of one room participant.
struct Cost {
    session_connections: f64,
    session_bytes: f64,
    participant_connections: f64,
    participant_bytes: f64,
}

/// [`LEARNERS`] sessions that pinged, then [`LEARNERS`] participants of a room, on a backend at `url`
/// whose Redis nodes listen on `ports`.
async fn per_learner(url: &str, ports: &[u16]) -> Result<Cost, BoxError> {
    let backend = BackendProcess::start(url, &GENEROUS_LIMITS).await?;
    let before = totals(ports).await?;
    let mut sessions = Vec::with_capacity(LEARNERS);
    for n in 0..LEARNERS {
        let mut ws = connect(backend.ws_url()).await?;
        ping(&mut ws, n).await?;
        sessions.push(ws);
    }
    let with_sessions = totals(ports).await?;
    let presenter = Presenter::open(&backend.ws_url()).await?;
    let with_room = totals(ports).await?;
    let audience = Audience::join(&backend.ws_url(), &presenter.code, LEARNERS, 0).await?;
    let with_audience = totals(ports).await?;
    presenter.close().await?;
    audience.finish().await?;
    for mut ws in sessions {
        let _ = ws.close(None).await;
    }
    backend.stop().await;
    let per = |a: f64, b: f64| (b - a) / LEARNERS as f64;
    Ok(Cost {
        session_connections: per(before.0, with_sessions.0),
        session_bytes: per(before.1, with_sessions.1),
        participant_connections: per(with_room.0, with_audience.0),
        participant_bytes: per(with_room.1, with_audience.1),
    })
}

/// One ping on `ws`, answered.
async fn ping(ws: &mut Socket, n: usize) -> Result<(), BoxError> {
    let request = LabRequest::Ping(PingRequest {
        text: format!("learner {n}"),
    });
    let text = serde_json::to_string(&ClientMsg::Run { id: 1, request })?;
    ws.send(Message::Text(text.into())).await?;
    loop {
        match recv(ws).await? {
            ServerMsg::Reply { id: 1, .. } => return Ok(()),
            ServerMsg::Error { id: Some(1), error } => {
                return Err(format!("a ping failed: {error:?}").into());
            }
            _ => {}
        }
    }
}

/// `connected_clients` and `used_memory`, each summed over the nodes on `ports`.
async fn totals(ports: &[u16]) -> Result<(f64, f64), BoxError> {
    let (mut clients, mut memory) = (0.0, 0.0);
    for port in ports {
        let mut node = redis::Client::open(format!("redis://127.0.0.1:{port}"))?
            .get_multiplexed_async_connection()
            .await?;
        let info: String = redis::cmd("INFO").query_async(&mut node).await?;
        let field = |name: &str| {
            info.lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|v| v.trim().parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        // This reading's own connection is not a learner's.
        clients += field("connected_clients:") - 1.0;
        memory += field("used_memory:");
    }
    Ok((clients, memory))
}
