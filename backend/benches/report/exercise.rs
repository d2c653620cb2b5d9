//! The exercises: how long a sandbox redis-server takes to start, how long a browser waits from
//! submitting its scripts to the verdict (each exercise), and whether a runaway
//! script in one session slows another session's `hit`.

use std::time::{Duration, Instant};

use backend::{embedded::EmbeddedRedis, sandbox::Sandboxes, store::trace_channel};
use futures_util::SinkExt;
use shared::{
    ClientMsg, LabReply, LabRequest, ServerMsg,
    exercise::{
        ExerciseRequest, RATELIMIT_SOLUTION, cache,
        lock::{ACQUIRE_SOLUTION, RELEASE_SOLUTION},
        pubsub,
    },
    ratelimit::{Algorithm, Limits, RatelimitRequest},
};
use tokio_tungstenite::tungstenite::Message;

use crate::{
    BoxError,
    client::{self, Socket},
    markdown::{micros, table},
    procs::BackendProcess,
    sessions::{LIFTED_LIMITS, recv},
};

/// Sandboxes started for the start-up figure.
const STARTS: usize = 20;
/// Gradings timed from submit to verdict, per exercise (the default limit is 12 a minute per session;
/// each grading here has a session of its own).
const GRADINGS: usize = 10;
/// Hits timed per phase of the runaway comparison.
const HITS: usize = 2_000;
/// An endless loop: the runaway.
const RUNAWAY: &str = "while true do end\nreturn {1, 0}";

/// Measures the section against `redis` and returns its markdown.
pub async fn section(redis: &EmbeddedRedis) -> Result<String, BoxError> {
    eprintln!("exercise: sandbox start-up, submit to verdict, a runaway beside another session");
    let starts = sandbox_starts().await?;
    let backend = BackendProcess::start(&redis.url(), &LIFTED_LIMITS).await?;
    let url = backend.ws_url();
    let ratelimit = || ExerciseRequest::Ratelimit {
        script: RATELIMIT_SOLUTION.to_owned(),
    };
    let lock = || ExerciseRequest::Lock {
        acquire: ACQUIRE_SOLUTION.to_owned(),
        release: RELEASE_SOLUTION.to_owned(),
    };
    let warmup = || ExerciseRequest::Cache {
        script: cache::SOLUTION.to_owned(),
    };
    let delivery = || ExerciseRequest::Pubsub {
        publish: pubsub::PUBLISH_SOLUTION.to_owned(),
        read: pubsub::READ_SOLUTION.to_owned(),
    };
    let mut verdicts = Vec::with_capacity(GRADINGS);
    let mut lock_verdicts = Vec::with_capacity(GRADINGS);
    let mut cache_verdicts = Vec::with_capacity(GRADINGS);
    let mut pubsub_verdicts = Vec::with_capacity(GRADINGS);
    for _ in 0..GRADINGS {
        verdicts.push(submit_to_verdict(&url, ratelimit()).await?);
        lock_verdicts.push(submit_to_verdict(&url, lock()).await?);
        cache_verdicts.push(submit_to_verdict(&url, warmup()).await?);
        pubsub_verdicts.push(submit_to_verdict(&url, delivery()).await?);
    }
    let quiet = hits_p99(&url, None).await?;
    let beside = hits_p99(&url, Some(RUNAWAY)).await?;
    backend.stop().await;

    let row = |what: &str, mut samples: Vec<Duration>| {
        samples.sort();
        let at = |q: f64| {
            let i = ((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1;
            samples[i].as_secs_f64() * 1e3
        };
        vec![
            what.to_owned(),
            samples.len().to_string(),
            format!("{:.1}", at(0.5)),
            format!("{:.1}", at(1.0)),
        ]
    };
    Ok(format!(
        "## The exercises\n\n\
         A sandbox is a `redis-server` of its own per grading (`backend::sandbox`): started, connected \
         and its admin connection opened. A grading is the reference solution submitted through the \
         WebSocket to the backend binary, from sending to the verdict (the sandbox's start included; \
         the aim for the rate-limit exercise is under 2 s). The lock exercise's cases run contenders \
         that wait out the lock's lifetime and a crashed holder's expiry, so most of its time is those \
         waits; the Pub/Sub exercise's flood publishes 1,300 messages one `EVALSHA` at a time.\n\n{}\n\
         Another session's `hit` (sliding log, through the WebSocket) while no grading runs, and while \
         a third session keeps submitting an endless loop (each stopped by `SCRIPT KILL` after 200 ms \
         on its sandbox), {hits} hits each:\n\n{}",
        table(
            &["what", "runs", "p50 ms", "max ms"],
            &[
                row("sandbox start-up", starts),
                row("submit to verdict, rate limit", verdicts),
                row("submit to verdict, lock", lock_verdicts),
                row("submit to verdict, cache warm-up", cache_verdicts),
                row("submit to verdict, Pub/Sub", pubsub_verdicts)
            ],
        ),
        table(
            &["while", "p50 µs", "p99 µs"],
            &[
                vec!["nothing else runs".into(), micros(quiet.0), micros(quiet.1)],
                vec![
                    "a runaway script runs".into(),
                    micros(beside.0),
                    micros(beside.1)
                ],
            ],
        ),
        hits = HITS,
    ))
}

/// Start-up times of [`STARTS`] sandboxes, one after another.
async fn sandbox_starts() -> Result<Vec<Duration>, BoxError> {
    let sandboxes = Sandboxes::new(1);
    let (tracer, _sink) = trace_channel(64);
    let mut starts = Vec::with_capacity(STARTS);
    for _ in 0..STARTS {
        let sandbox = sandboxes
            .open(tracer.clone())
            .await
            .map_err(|e| format!("a sandbox did not start: {e}"))?;
        starts.push(sandbox.started_in());
    }
    Ok(starts)
}

/// One grading of `request` on a fresh session: from sending to the verdict.
async fn submit_to_verdict(url: &str, request: ExerciseRequest) -> Result<Duration, BoxError> {
    let mut ws = client::open(url).await?;
    recv(&mut ws).await?;
    let started = Instant::now();
    grade(&mut ws, 1, request).await?;
    Ok(started.elapsed())
}

/// Sends a grading of `request` as request `id` and waits for its grade.
async fn grade(ws: &mut Socket, id: u64, request: ExerciseRequest) -> Result<(), BoxError> {
    let request = LabRequest::Exercise(request);
    ws.send(Message::Text(
        serde_json::to_string(&ClientMsg::Run { id, request })?.into(),
    ))
    .await?;
    loop {
        match recv(ws).await? {
            ServerMsg::Reply {
                id: got,
                reply: LabReply::Exercise(_),
            } if got == id => return Ok(()),
            ServerMsg::Error { error, .. } => return Err(format!("{error:?}").into()),
            _ => {}
        }
    }
}

/// p50 and p99 of [`HITS`] sequential hits on one session, in µs, while another session keeps
/// submitting `runaway` (if any), each on a socket of its own.
async fn hits_p99(
    url: &str,
    runaway: Option<&'static str>,
) -> Result<(Option<f64>, Option<f64>), BoxError> {
    let stop = tokio_util::sync::CancellationToken::new();
    let background = runaway.map(|script| {
        let (url, stop) = (url.to_owned(), stop.clone());
        tokio::spawn(async move {
            let mut id = 0;
            while !stop.is_cancelled() {
                // A fresh session per grading stays under the gradings-per-minute limit.
                let Ok(mut ws) = client::open(&url).await else {
                    return;
                };
                if recv(&mut ws).await.is_err() {
                    return;
                }
                id += 1;
                let request = ExerciseRequest::Ratelimit {
                    script: script.to_owned(),
                };
                let _ = grade(&mut ws, id, request).await;
            }
        })
    });
    // Let the first runaway start.
    tokio::time::sleep(Duration::from_millis(if runaway.is_some() {
        100
    } else {
        0
    }))
    .await;
    let mut ws = client::open(url).await?;
    recv(&mut ws).await?;
    let mut samples = Vec::with_capacity(HITS);
    for i in 0..HITS {
        let id = i as u64 + 1;
        let request = LabRequest::Ratelimit(RatelimitRequest::Hit {
            algorithms: vec![Algorithm::SlidingLogLua],
            limits: Limits {
                max_requests: 50,
                window_seconds: 1,
            },
        });
        let call = Instant::now();
        ws.send(Message::Text(
            serde_json::to_string(&ClientMsg::Run { id, request })?.into(),
        ))
        .await?;
        loop {
            match recv(&mut ws).await? {
                ServerMsg::Reply { id: got, .. } if got == id => break,
                ServerMsg::Error { error, .. } => return Err(format!("{error:?}").into()),
                _ => {}
            }
        }
        samples.push(call.elapsed().as_secs_f64() * 1e6);
    }
    stop.cancel();
    if let Some(background) = background {
        let _ = background.await;
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = ((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1;
        samples.get(i).copied()
    };
    Ok((at(0.5), at(0.99)))
}
