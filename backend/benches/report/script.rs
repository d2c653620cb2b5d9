//! One decision, end to end: the sliding log's Lua script (`sliding_log.lua`) asked for one decision at a
//! time by a browser through the WebSocket, by redis-rs with `EVALSHA`, and by `redis-benchmark`, Redis's
//! own C client, with the very same command. The ratios say what each layer above Redis costs.

use std::time::{Duration, Instant};

use backend::{embedded::EmbeddedRedis, store::Namespace};
use futures_util::SinkExt;
use shared::{
    ClientMsg, LabReply, LabRequest, ServerMsg,
    ratelimit::{Algorithm, Limits, RatelimitReply, RatelimitRequest, scripts},
};
use tokio::process::Command;
use tokio_tungstenite::tungstenite::Message;

use crate::{
    BoxError, Settings, client,
    markdown::{count, micros, ratio, table},
    procs::BackendProcess,
    samples::{Measured, Recorder, on_own_thread},
    sessions::{LIFTED_LIMITS, recv},
};

/// The limit every path enforces; at thousands of decisions a second nearly all are denied, so every
/// path runs the same branch of the script (trim, count, return).
const LIMITS: Limits = Limits {
    max_requests: 50,
    window_seconds: 1,
};
/// Parallel connections of the second `redis-benchmark` run: its default, Redis's ceiling for the script.
const MANY_CLIENTS: usize = 50;

/// One path's figures, or why it has none.
type Row = (&'static str, Result<Figures, String>);

/// Decisions per second and latency percentiles of one path.
struct Figures {
    /// Decisions per second.
    per_second: f64,
    /// Median latency.
    p50_us: Option<f64>,
    /// 99th percentile latency.
    p99_us: Option<f64>,
}

impl From<Measured> for Figures {
    fn from(m: Measured) -> Self {
        Self {
            per_second: m.per_second(),
            p50_us: m.percentile_us(50.0),
            p99_us: m.percentile_us(99.0),
        }
    }
}

/// Measures every path against `redis` and returns the section's markdown.
pub async fn section(redis: &EmbeddedRedis, settings: &Settings) -> Result<String, BoxError> {
    eprintln!("script: sliding_log.lua through the WebSocket, redis-rs and redis-benchmark");
    let backend = BackendProcess::start(&redis.url(), &LIFTED_LIMITS).await?;
    let (ws_url, url, s) = (backend.ws_url(), redis.url(), *settings);
    let websocket = on_own_thread(move || websocket(ws_url, s)).await?;
    backend.stop().await;
    let raw = on_own_thread(move || raw(url, s)).await?;
    let sha = redis_sha(&redis.url()).await?;
    let n = settings.warmup + settings.decisions;
    let one = redis_benchmark(redis.port(), &sha, 1, n).await;
    let many = redis_benchmark(redis.port(), &sha, MANY_CLIENTS, n * 5).await;

    let raw_rate = Some(raw.per_second());
    let rows: Vec<Row> = vec![
        ("websocket `hit`", Ok(websocket.into())),
        ("redis-rs `EVALSHA`", Ok(raw.into())),
        ("redis-benchmark, 1 connection", one),
        ("redis-benchmark, 50 connections", many),
    ];
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|(path, m)| match m {
            Ok(m) => vec![
                (*path).into(),
                count(m.per_second),
                micros(m.p50_us),
                micros(m.p99_us),
                ratio(Some(m.per_second), raw_rate),
            ],
            Err(why) => vec![
                (*path).into(),
                why.clone(),
                "–".into(),
                "–".into(),
                "–".into(),
            ],
        })
        .collect();
    Ok(format!(
        "## One decision, end to end\n\n\
         `sliding_log.lua` ({max} per {window} s) decided {decisions} times one after another \
         (after {warmup} untimed), each path on keys of its own:\n\n\
         - **websocket `hit`**: the browser's button, a `hit` request of `sliding_log_lua` on one \
         socket to the backend binary (its own process), timed from sending to reading the reply, \
         after the trace batch.\n\
         - **redis-rs `EVALSHA`**: the same command from Rust on one multiplexed connection.\n\
         - **redis-benchmark**: Redis's C client sending the same `EVALSHA` with a fixed `now`; with \
         {many} connections at once it shows what Redis itself can do with the script on this machine.\n\n\
         The last column is decisions per second ÷ redis-rs's.\n\n{}",
        table(
            &["path", "decisions/s", "p50 µs", "p99 µs", "÷ redis-rs"],
            &body
        ),
        max = LIMITS.max_requests,
        window = LIMITS.window_seconds,
        decisions = count(settings.decisions as f64),
        warmup = count(settings.warmup as f64),
        many = MANY_CLIENTS,
    ))
}

/// Sequential hits on one socket.
async fn websocket(url: String, settings: Settings) -> Result<Measured, BoxError> {
    let mut ws = client::open(&url).await?;
    recv(&mut ws).await?;
    let mut recorder = Recorder::new(&settings);
    for i in recorder.arrivals() {
        let id = i as u64 + 1;
        let request = LabRequest::Ratelimit(RatelimitRequest::Hit {
            algorithms: vec![Algorithm::SlidingLogLua],
            limits: LIMITS,
        });
        let call = Instant::now();
        ws.send(Message::Text(
            serde_json::to_string(&ClientMsg::Run { id, request })?.into(),
        ))
        .await?;
        let allowed = loop {
            match recv(&mut ws).await? {
                ServerMsg::Reply {
                    id: got,
                    reply: LabReply::Ratelimit(RatelimitReply::Hit { decisions }),
                } if got == id => break decisions.iter().all(|d| d.allowed),
                ServerMsg::Error { error, .. } => return Err(format!("{error:?}").into()),
                _ => {}
            }
        };
        recorder.record(i, call, allowed);
    }
    Ok(recorder.finish())
}

/// Sequential `EVALSHA`s with redis-rs, on the wall clock as the lab's button is.
async fn raw(url: String, settings: Settings) -> Result<Measured, BoxError> {
    let mut conn = redis::Client::open(url)?
        .get_multiplexed_async_connection()
        .await?;
    let sha = load(&mut conn).await?;
    let namespace = Namespace::for_session("script");
    let keys = [
        namespace.key("rate:raw:log").as_str().to_owned(),
        namespace.key("rate:raw:log:seq").as_str().to_owned(),
    ];
    let mut recorder = Recorder::new(&settings);
    for i in recorder.arrivals() {
        let call = Instant::now();
        let now_us = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_micros() as u64;
        let reply: Vec<i64> = redis::cmd("EVALSHA")
            .arg(&sha)
            .arg(keys.len())
            .arg(&keys)
            .arg(now_us)
            .arg(LIMITS.window_us())
            .arg(LIMITS.max_requests)
            .query_async(&mut conn)
            .await?;
        recorder.record(i, call, reply.first() == Some(&1));
    }
    Ok(recorder.finish())
}

async fn load(conn: &mut redis::aio::MultiplexedConnection) -> redis::RedisResult<String> {
    redis::cmd("SCRIPT")
        .arg("LOAD")
        .arg(scripts::SLIDING_LOG)
        .query_async(conn)
        .await
}

async fn redis_sha(url: &str) -> Result<String, BoxError> {
    let mut conn = redis::Client::open(url)?
        .get_multiplexed_async_connection()
        .await?;
    Ok(load(&mut conn).await?)
}

/// `redis-benchmark -c clients -n requests --csv EVALSHA …`; the error says why there is no row.
async fn redis_benchmark(
    port: u16,
    sha: &str,
    clients: usize,
    requests: usize,
) -> Result<Figures, String> {
    let namespace = Namespace::for_session("redis-benchmark");
    let log = namespace.key("rate:rb:log").as_str().to_owned();
    let seq = namespace.key("rate:rb:log:seq").as_str().to_owned();
    let output = Command::new("redis-benchmark")
        .args(["-p", &port.to_string(), "-c", &clients.to_string()])
        .args([
            "-n",
            &requests.to_string(),
            "--csv",
            "EVALSHA",
            sha,
            "2",
            &log,
            &seq,
        ])
        .arg("1700000000000000")
        .arg(LIMITS.window_us().to_string())
        .arg(LIMITS.max_requests.to_string())
        .output()
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "not installed (Debian's redis-tools; scripts/setup.sh)".to_owned()
            }
            _ => format!("could not start: {e}"),
        })?;
    if !output.status.success() {
        return Err(format!("failed ({})", output.status));
    }
    parse_csv(&String::from_utf8_lossy(&output.stdout))
        .ok_or_else(|| "printed no figures".to_owned())
}

/// Figures from redis-benchmark's CSV: `"test","rps","avg_latency_ms","min_latency_ms",
/// "p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"`.
fn parse_csv(text: &str) -> Option<Figures> {
    let row = text.lines().nth(1)?;
    let cells: Vec<f64> = row
        .rsplit(',')
        .take(7)
        .map(|c| c.trim_matches('"').parse().ok())
        .collect::<Option<Vec<f64>>>()?;
    // Reversed: max, p99, p95, p50, min, avg, rps.
    Some(Figures {
        per_second: cells[6],
        p50_us: Some(cells[3] * 1000.0),
        p99_us: Some(cells[1] * 1000.0),
    })
}
