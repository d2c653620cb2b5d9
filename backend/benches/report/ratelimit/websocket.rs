//! The whole trip: per algorithm, one replay `Run` of the bench's arrivals through the real server
//! (spawned on port 0, as the integration tests do) over a WebSocket, timed from sending the request to
//! reading its reply. On top of the runner's work it pays for JSON, the socket, the trace batches and the
//! decision events the browser would draw. Single decisions are not visible from outside, so this path
//! has decisions per second only.

use std::{
    collections::BTreeMap,
    net::{Ipv4Addr, SocketAddr},
    time::Duration,
};

use backend::{AppState, limits::Limits, store::Store};
use futures_util::{SinkExt, StreamExt};
use shared::{
    ClientMsg, LabReply, LabRequest, RequestId, ServerMsg,
    ratelimit::{
        Algorithm, LaneSummary, MAX_LIVE_SECONDS, Mode, Pattern, RatelimitReply, RatelimitRequest,
        Traffic,
    },
};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

use super::{LIMITS, STEP_US};
use crate::{
    BoxError, Settings,
    client::{self, Socket},
    samples::Measured,
    sessions::answer,
    workspace_root,
};

/// Longest one replay may take before the bench gives up on the server.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);
/// The replay's arrivals per second of virtual time: one per [`STEP_US`], as on the other paths.
const PER_SECOND: u32 = (1_000_000 / STEP_US) as u32;

/// Replays the bench's arrivals once per algorithm through a server on `store`, timing each run.
pub async fn measure(
    store: Store,
    settings: &Settings,
) -> Result<BTreeMap<Algorithm, Measured>, BoxError> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let state = AppState {
        store,
        shutdown: shutdown.clone(),
        allowed_origins: Vec::new().into(),
        limits: Limits::default(),
        sandboxes: backend::sandbox::Sandboxes::new(Limits::default().sandboxes),
    };
    // Only `/ws` is used: the built frontend need not exist.
    let frontend = workspace_root().join("dist");
    let server = tokio::spawn(async move { backend::run(listener, state, &frontend).await });
    let measured = replay_all(addr, settings).await;
    shutdown.cancel();
    let _ = server.await;
    measured
}

async fn replay_all(
    addr: SocketAddr,
    settings: &Settings,
) -> Result<BTreeMap<Algorithm, Measured>, BoxError> {
    let mut ws = client::open(&format!("ws://{addr}/ws")).await?;
    match recv(&mut ws).await? {
        ServerMsg::Hello { .. } => {}
        other => return Err(format!("expected the server's hello, got {other:?}").into()),
    }
    let mut next_id = 1;
    if settings.warmup > 0 {
        // One untimed run of every lane warms the connections and loads the scripts.
        let seconds = settings
            .warmup
            .div_ceil(PER_SECOND as usize)
            .min(MAX_LIVE_SECONDS as usize);
        replay(&mut ws, next_id, Algorithm::ALL.to_vec(), seconds).await?;
        next_id += 1;
    }
    let seconds = settings.decisions / PER_SECOND as usize;
    let mut measured = BTreeMap::new();
    for algorithm in Algorithm::ALL {
        let started = Instant::now();
        let lanes = replay(&mut ws, next_id, vec![algorithm], seconds).await?;
        let elapsed = started.elapsed();
        next_id += 1;
        let allowed = lanes.first().map_or(0, |lane| lane.stats.allowed as usize);
        let decisions = seconds * PER_SECOND as usize;
        measured.insert(algorithm, Measured::total_only(decisions, allowed, elapsed));
    }
    let _ = ws.close(None).await;
    Ok(measured)
}

/// Sends one replay `Run` of `seconds` of steady traffic and reads until its reply.
async fn replay(
    ws: &mut Socket,
    id: RequestId,
    algorithms: Vec<Algorithm>,
    seconds: usize,
) -> Result<Vec<LaneSummary>, BoxError> {
    let request = LabRequest::Ratelimit(RatelimitRequest::Run {
        algorithms,
        limits: LIMITS,
        mode: Mode::Replay,
        traffic: Traffic::Pattern {
            pattern: Pattern::Steady {
                per_second: PER_SECOND,
                seconds: seconds as u32,
            },
        },
        speed: Default::default(),
    });
    let text = serde_json::to_string(&ClientMsg::Run { id, request })?;
    ws.send(Message::Text(text.into())).await?;
    let answer = tokio::time::timeout(RUN_TIMEOUT, answer(ws, id))
        .await
        .map_err(|_| format!("no reply to the replay within {RUN_TIMEOUT:?}"))??;
    match answer {
        LabReply::Ratelimit(RatelimitReply::Run { lanes }) => Ok(lanes),
        other => Err(format!("expected a run summary, got {other:?}").into()),
    }
}

/// The next message from the server, decoded as the frontend would.
async fn recv(ws: &mut Socket) -> Result<ServerMsg, BoxError> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => return Ok(serde_json::from_str(&text)?),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(other)) => {
                return Err(format!("unexpected frame from the server: {other:?}").into());
            }
            Some(Err(e)) => return Err(e.into()),
            None => return Err("the server closed the socket".into()),
        }
    }
}
