//! The console: one command typed in the browser's console, through the WebSocket to Redis and back,
//! against redis-cli's own round trip to the same Redis (`redis-cli --latency`, which sends `PING`).

use std::time::Instant;

use backend::embedded::EmbeddedRedis;
use futures_util::SinkExt;
use shared::{
    ClientMsg, LabReply, LabRequest, ServerMsg,
    console::{ConsoleReply, ConsoleRequest},
};
use tokio::process::Command;
use tokio_tungstenite::tungstenite::Message;

use crate::{
    BoxError, client,
    markdown::{micros, ratio, table},
    procs::BackendProcess,
    sessions::{LIFTED_LIMITS, recv},
};

/// Console commands timed, one after another, after [`WARMUP`] untimed.
const COMMANDS: usize = 2_000;
/// Console commands sent first and not timed.
const WARMUP: usize = 200;
/// Seconds `redis-cli --latency` samples for.
const CLI_SECONDS: u32 = 3;

/// Measures the section against `redis` and returns its markdown.
pub async fn section(redis: &EmbeddedRedis) -> Result<String, BoxError> {
    eprintln!("console: PING typed in the console, against redis-cli --latency");
    let backend = BackendProcess::start(&redis.url(), &LIFTED_LIMITS).await?;
    let console = console_pings(&backend.ws_url()).await;
    backend.stop().await;
    let console = console?;
    let cli = cli_latency(redis.port()).await;

    let cli_avg = cli.as_ref().ok().copied();
    let rows = vec![
        vec![
            "console `PING` (WebSocket, backend, Redis)".into(),
            micros(console.0),
            micros(console.1),
            ratio(console.0, cli_avg),
        ],
        match &cli {
            Ok(avg) => vec![
                "`redis-cli --latency` (average)".into(),
                micros(Some(*avg)),
                "–".into(),
                "1.00".into(),
            ],
            Err(why) => vec![
                "`redis-cli --latency`".into(),
                why.clone(),
                "–".into(),
                "–".into(),
            ],
        },
    ];
    Ok(format!(
        "## The console\n\n\
         `PING` typed in the console {COMMANDS} times one after another (after {WARMUP} untimed), \
         each from sending the console's request on a session's socket to reading its reply (the \
         backend process, its own Redis user and connection, and Redis), beside redis-cli's own \
         round trip to the same Redis: `redis-cli --latency` sampling `PING` for {CLI_SECONDS} s, \
         which reports its average to 10 µs. The last column is the console's p50 ÷ redis-cli's \
         average.\n\n{}",
        table(&["path", "p50 µs", "p99 µs", "÷ redis-cli"], &rows)
    ))
}

/// p50 and p99 in µs of [`COMMANDS`] console `PING`s on one session.
async fn console_pings(url: &str) -> Result<(Option<f64>, Option<f64>), BoxError> {
    let mut ws = client::open(url).await?;
    recv(&mut ws).await?;
    let mut samples = Vec::with_capacity(COMMANDS);
    for i in 0..WARMUP + COMMANDS {
        let id = i as u64 + 1;
        let request = LabRequest::Console(ConsoleRequest::Run {
            args: vec!["PING".into()],
        });
        let call = Instant::now();
        ws.send(Message::Text(
            serde_json::to_string(&ClientMsg::Run { id, request })?.into(),
        ))
        .await?;
        loop {
            match recv(&mut ws).await? {
                ServerMsg::Reply {
                    id: got,
                    reply: LabReply::Console(ConsoleReply::Ran { ok: true, .. }),
                } if got == id => break,
                ServerMsg::Reply { id: got, reply } if got == id => {
                    return Err(format!("the console did not run PING: {reply:?}").into());
                }
                ServerMsg::Error { error, .. } => return Err(format!("{error:?}").into()),
                _ => {}
            }
        }
        if i >= WARMUP {
            samples.push(call.elapsed().as_secs_f64() * 1e6);
        }
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = ((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1;
        samples.get(i).copied()
    };
    Ok((at(0.5), at(0.99)))
}

/// `redis-cli --latency`'s average round trip in µs, or why it could not be read.
async fn cli_latency(port: u16) -> Result<f64, String> {
    let output = Command::new("redis-cli")
        .args(["-p", &port.to_string(), "--latency", "--raw"])
        .args(["-i", &CLI_SECONDS.to_string()])
        .output()
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "not installed (Debian's redis-tools; scripts/setup.sh)".to_owned()
            }
            _ => format!("could not start: {e}"),
        })?;
    // One line: min, max and average in ms, then the number of samples.
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace()
        .nth(2)
        .and_then(|avg| avg.parse::<f64>().ok())
        .map(|ms| ms * 1e3)
        .ok_or_else(|| format!("unexpected output: {}", text.trim()))
}
