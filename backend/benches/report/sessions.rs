//! Concurrent sessions: many WebSocket sessions open at once on the real backend binary, each asking for
//! a rate-limit decision ten times a second, as a classroom clicking would. Reports the round trip each
//! decision took (p50, p99), the rate actually reached, and what the server paid: resident memory and
//! CPU of the backend process, and Redis's CPU.

use std::time::{Duration, Instant};

use backend::embedded::EmbeddedRedis;
use futures_util::{SinkExt, StreamExt};
use redis::aio::MultiplexedConnection;
use shared::{
    ClientMsg, LabReply, LabRequest, RequestId, ServerMsg,
    ratelimit::{Algorithm, Limits, RatelimitReply, RatelimitRequest},
};
use tokio::{task::JoinSet, time::MissedTickBehavior};
use tokio_tungstenite::tungstenite::Message;

use crate::{
    BoxError,
    client::{self, Socket},
    markdown::{count, table},
    process::cpu_seconds_of,
    procs::BackendProcess,
    samples::Measured,
};

/// The backend's per-address and per-socket limits, lifted (through their flags' environment
/// variables), not measured: the bench is one address opening 1,000 sockets, and one socket asking
/// thousands of times a second.
pub const LIFTED_LIMITS: [(&str, &str); 3] = [
    ("MAX_SESSIONS_PER_IP", "100000"),
    ("WS_MESSAGE_BURST", "1000000"),
    ("WS_MESSAGE_WINDOW_SECS", "1"),
];
/// Decisions each session asks for per second.
pub const PER_SECOND: u64 = 10;
/// Sessions connecting at once while the sessions open.
const CONNECT_BATCH: usize = 100;
/// The limit each session's button enforces: ten a second against five per second, so half are denied.
const LIMITS: Limits = Limits {
    max_requests: 5,
    window_seconds: 1,
};

/// How many sessions, for how long.
#[derive(Clone, Copy)]
pub struct Load {
    /// Sessions open at once.
    pub sessions: usize,
    /// Seconds every session keeps asking.
    pub seconds: u64,
}

/// What one session saw.
struct Seen {
    /// Each answered decision's round trip.
    latencies_ns: Vec<u64>,
    /// Decisions that were allowed.
    allowed: usize,
    /// Requests answered with an error, or not at all.
    failed: usize,
}

/// Runs the load against a spawned backend on `redis` and returns the section's markdown.
pub async fn section(redis: &EmbeddedRedis, load: Load) -> Result<String, BoxError> {
    eprintln!(
        "sessions: {} sessions at {PER_SECOND} decisions/s for {} s",
        load.sessions, load.seconds
    );
    let backend = BackendProcess::start(&redis.url(), &LIFTED_LIMITS).await?;
    let backend_pid = backend.pid().ok_or("the backend process has exited")?;
    let ws_url = backend.ws_url();
    let mut direct = redis::Client::open(redis.url())?
        .get_multiplexed_async_connection()
        .await?;
    let (idle_kib, _) = backend.memory_kib()?;

    let sockets = open(&[ws_url], load.sessions).await?;
    let (open_kib, _) = backend.memory_kib()?;

    let (backend_cpu, redis_cpu, own_cpu) = (
        cpu_seconds_of(backend_pid)?,
        redis_cpu_seconds(&mut direct).await?,
        cpu_seconds_of(std::process::id())?,
    );
    let sessions = sockets.len();
    let (measured, failed) = drive(sockets, load).await?;
    let allowed = measured.allowed;
    let wall = measured.elapsed;
    let backend_cpu = cpu_seconds_of(backend_pid)? - backend_cpu;
    let redis_cpu = redis_cpu_seconds(&mut direct).await? - redis_cpu;
    let own_cpu = cpu_seconds_of(std::process::id())? - own_cpu;
    let (loaded_kib, peak_kib) = backend.memory_kib()?;
    backend.stop().await;

    let wall_s = wall.as_secs_f64();
    let share = |cpu: f64| format!("{:.0}% of one core", cpu / wall_s * 100.0);
    let mib = |kib: u64| format!("{:.1} MiB", kib as f64 / 1024.0);
    let asked = load.sessions as f64 * PER_SECOND as f64;
    let rows = vec![
        vec![
            "decisions per second".into(),
            format!(
                "{} reached of {} asked",
                count(measured.per_second()),
                count(asked)
            ),
        ],
        vec![
            "round trip p50 / p99".into(),
            format!(
                "{} / {} ms",
                millis(measured.percentile_us(50.0)),
                millis(measured.percentile_us(99.0))
            ),
        ],
        vec![
            "decisions answered / failed".into(),
            format!(
                "{} / {}",
                count(measured.decisions as f64),
                count(failed as f64)
            ),
        ],
        vec![
            "allowed".into(),
            format!(
                "{} of {}",
                count(allowed as f64),
                count(measured.decisions as f64)
            ),
        ],
        vec!["backend CPU".into(), share(backend_cpu)],
        vec!["redis-server CPU".into(), share(redis_cpu)],
        vec!["the bench's clients CPU".into(), share(own_cpu)],
        vec!["backend RSS, no session".into(), mib(idle_kib)],
        vec![
            format!("backend RSS, {} sessions open", load.sessions),
            mib(open_kib),
        ],
        vec![
            "backend RSS, after the load / peak".into(),
            format!("{} / {}", mib(loaded_kib), mib(peak_kib)),
        ],
    ];
    Ok(format!(
        "## Concurrent sessions\n\n\
         {sessions} WebSocket sessions open at once on the backend binary (release build, its own \
         process), each sending a rate-limit `hit` (`sliding_log_lua`, {max} per {window} s, so about \
         half are denied) every {period} ms for {seconds} s, ticks spread evenly over the period. A \
         round trip is from sending the request to reading its reply, after the decision's trace \
         batch. The clients run in the bench process on the same 2 CPUs as the backend and Redis, so \
         the CPU rows share one machine: their sum cannot pass 200%.\n\n{}",
        table(&["", ""], &rows),
        max = LIMITS.max_requests,
        window = LIMITS.window_seconds,
        period = 1000 / PER_SECOND,
        seconds = load.seconds,
    ))
}

/// `sessions` new sessions, dealt out in turn to the backends at `ws_urls`, [`CONNECT_BATCH`] at a time.
pub async fn open(ws_urls: &[String], sessions: usize) -> Result<Vec<Socket>, BoxError> {
    let mut sockets = Vec::with_capacity(sessions);
    while sockets.len() < sessions {
        let batch = CONNECT_BATCH.min(sessions - sockets.len());
        let mut set = JoinSet::new();
        for i in 0..batch {
            let url = ws_urls[(sockets.len() + i) % ws_urls.len()].clone();
            set.spawn(connect(url));
        }
        while let Some(socket) = set.join_next().await {
            sockets.push(socket??);
        }
    }
    Ok(sockets)
}

/// Every socket asking [`PER_SECOND`] decisions a second for `load.seconds`, ticks spread evenly over
/// one period: each answered decision's round trip, over the wall time, and how many failed.
pub async fn drive(sockets: Vec<Socket>, load: Load) -> Result<(Measured, usize), BoxError> {
    let started = Instant::now();
    let mut set = JoinSet::new();
    let sessions = sockets.len();
    for (i, socket) in sockets.into_iter().enumerate() {
        // Spread the sessions' ticks evenly over one period, as a room's clicks would be.
        let offset = Duration::from_nanos(1_000_000_000 / PER_SECOND * i as u64 / sessions as u64);
        set.spawn(ask(socket, offset, Duration::from_secs(load.seconds)));
    }
    let mut latencies_ns = Vec::new();
    let (mut allowed, mut failed) = (0, 0);
    while let Some(seen) = set.join_next().await {
        let seen = seen?;
        latencies_ns.extend(seen.latencies_ns);
        allowed += seen.allowed;
        failed += seen.failed;
    }
    Ok((
        Measured::new(allowed, started.elapsed(), latencies_ns),
        failed,
    ))
}

/// Milliseconds with two decimals from microseconds.
fn millis(us: Option<f64>) -> String {
    us.map_or_else(|| "–".into(), |us| format!("{:.2}", us / 1000.0))
}

/// A new session, past its hello.
pub async fn connect(url: String) -> Result<Socket, BoxError> {
    let mut ws = client::open(&url).await?;
    match recv(&mut ws).await? {
        ServerMsg::Hello { .. } => Ok(ws),
        other => Err(format!("expected the hello, got {other:?}").into()),
    }
}

/// One session's clicks: a hit every period from `offset` on, for `duration`, then a close.
async fn ask(mut ws: Socket, offset: Duration, duration: Duration) -> Seen {
    let mut seen = Seen {
        latencies_ns: Vec::with_capacity((duration.as_secs() * PER_SECOND) as usize),
        allowed: 0,
        failed: 0,
    };
    tokio::time::sleep(offset).await;
    let end = Instant::now() + duration;
    let mut tick = tokio::time::interval(Duration::from_millis(1000 / PER_SECOND));
    // A late answer delays the next click rather than bunching clicks up, as a person would.
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut id: RequestId = 0;
    while Instant::now() < end {
        tick.tick().await;
        id += 1;
        let sent = Instant::now();
        match hit(&mut ws, id).await {
            Ok(allowed) => {
                seen.latencies_ns.push(sent.elapsed().as_nanos() as u64);
                seen.allowed += usize::from(allowed);
            }
            Err(_) => seen.failed += 1,
        }
    }
    let _ = ws.close(None).await;
    seen
}

/// Sends one hit and reads to its reply; answers whether it was allowed.
async fn hit(ws: &mut Socket, id: RequestId) -> Result<bool, BoxError> {
    let request = LabRequest::Ratelimit(RatelimitRequest::Hit {
        algorithms: vec![Algorithm::SlidingLogLua],
        limits: LIMITS,
    });
    let text = serde_json::to_string(&ClientMsg::Run { id, request })?;
    ws.send(Message::Text(text.into())).await?;
    match answer(ws, id).await? {
        LabReply::Ratelimit(RatelimitReply::Hit { decisions }) => {
            Ok(decisions.iter().all(|d| d.allowed))
        }
        other => Err(format!("expected a hit's decisions, got {other:?}").into()),
    }
}

/// The next message from the server.
pub async fn recv(ws: &mut Socket) -> Result<ServerMsg, BoxError> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => return Ok(serde_json::from_str(&text)?),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(other)) => return Err(format!("unexpected frame {other:?}").into()),
            Some(Err(e)) => return Err(e.into()),
            None => return Err("the server closed the socket".into()),
        }
    }
}

/// Reads past a run's events and trace batches to the reply (or error) naming request `id`.
pub async fn answer(ws: &mut Socket, id: RequestId) -> Result<LabReply, BoxError> {
    loop {
        match recv(ws).await? {
            ServerMsg::Reply { id: got, reply } if got == id => return Ok(reply),
            ServerMsg::Error {
                id: Some(got),
                error,
            } if got == id => {
                return Err(format!("the server refused request {id}: {error:?}").into());
            }
            _ => {}
        }
    }
}

/// `used_cpu_user` plus `used_cpu_sys` from `INFO cpu`.
async fn redis_cpu_seconds(redis: &mut MultiplexedConnection) -> Result<f64, BoxError> {
    let info: String = redis::cmd("INFO").arg("cpu").query_async(redis).await?;
    let field = |name: &str| -> Result<f64, BoxError> {
        info.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
            .ok_or_else(|| format!("no {name} in INFO cpu"))?
            .trim()
            .parse::<f64>()
            .map_err(BoxError::from)
    };
    Ok(field("used_cpu_user")? + field("used_cpu_sys")?)
}
