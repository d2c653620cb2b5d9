//! The WebSocket: one per browser tab. A reader decodes [`ClientMsg`]s and starts runs; a writer, fed by a
//! bounded channel, sends [`ServerMsg`]s, trace batches and Redis health changes. When either side ends,
//! or the backend shuts down, the runs are cancelled and the session's keys deleted.
//!
//! The limits of [`crate::limits`] apply here: a socket over the per-address limit is told so and closed;
//! every message passes the socket's rate limit first; `dispatch` counts each run against the session's.
//!
//! - [`codec`]: JSON in and out; [`decode`] is public for the fuzz tests.
//! - [`runs`]: the runs in flight on one connection.
//! - [`writer`]: the sending half.

mod codec;
mod runs;
mod writer;

use axum::{
    extract::{
        ConnectInfo, Query, State, WebSocketUpgrade,
        ws::{CloseFrame, Message, WebSocket, close_code},
    },
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use futures_util::{
    StreamExt,
    stream::{SplitSink, SplitStream},
};
use serde::Deserialize;
use shared::{
    ClientMsg, ErrorBody, ErrorCode, LabReply, LabRequest, PROTOCOL_VERSION, RequestId, ServerMsg,
};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::{
    AppState,
    error::LabError,
    labs::{self, Checked, Events},
    limits::{self, Quota},
    outbox::Outgoing,
    session::{Session, SessionId},
    store::{TraceSink, trace_channel},
};
pub use codec::{DecodeError, decode};
use runs::Runs;
use writer::CloseReason;

/// Largest text frame a browser may send. Requests are small; a larger frame closes the connection with
/// close code 1009 (message too big).
pub const MAX_FRAME_BYTES: usize = 64 * 1024;
/// Bytes the socket reads at a time. tungstenite's default, 128 KiB, is allocated per connection up front
/// and made an idle session cost about 140 KiB; requests are a few hundred bytes, and a larger frame
/// still arrives (the buffer grows as it needs to).
const READ_BUFFER: usize = 8 * 1024;
/// Messages queued for one browser before senders wait.
const OUTBOX: usize = 256;
/// Trace entries queued for one browser before new ones are dropped and counted.
const TRACE_BACKLOG: usize = 4096;
/// How long a closing connection may take to flush its last frames.
const FLUSH_ON_CLOSE: Duration = Duration::from_secs(2);

/// `GET /ws`: upgrades to a WebSocket and serves one session on it.
/// `/ws?session=<id>`: join that session (another tab of the same learner) instead of starting one.
#[derive(Deserialize)]
pub struct Join {
    session: Option<String>,
}

/// `GET /ws`: upgrades to a WebSocket and serves one session on it; 403 for a page of another origin
/// (a browser always says where the page came from), 400 for a malformed session id.
pub async fn handler(
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    Query(join): Query<Join>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    State(state): State<AppState>,
) -> Response {
    if !origin_allowed(&headers, &state.allowed_origins) {
        let refusal = "this page's origin may not open the playground's socket";
        return (StatusCode::FORBIDDEN, refusal).into_response();
    }
    let joining = match join.session.map(|id| id.parse::<SessionId>()).transpose() {
        Ok(joining) => joining,
        Err(reason) => return (StatusCode::BAD_REQUEST, reason).into_response(),
    };
    // The transport's own cap sits above ours so that an oversized frame reaches `reader`, which closes
    // with a proper code, instead of failing inside the transport with none.
    ws.max_message_size(MAX_FRAME_BYTES * 4)
        .max_frame_size(MAX_FRAME_BYTES * 4)
        .read_buffer_size(READ_BUFFER)
        .on_upgrade(move |socket| serve(socket, state, joining, peer.ip()))
}

/// Whether the page that opens the socket may: no `Origin` (not a browser), the playground's own origin
/// (its host is the `Host` asked for), or one on the allow-list. Stops another site's page, open in a
/// learner's browser, from driving a session.
fn origin_allowed(headers: &HeaderMap, allowed: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    let own = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    (own.is_some() && origin_host == own)
        || allowed.iter().any(|a| a.trim_end_matches('/') == origin)
}

async fn serve(socket: WebSocket, state: AppState, joining: Option<SessionId>, ip: IpAddr) {
    let (tracer, traces) = trace_channel(TRACE_BACKLOG);
    let limits_tracer = tracer.for_client("limits");
    let address =
        match limits::admit_connection(&state.store, &limits_tracer, ip, &state.limits).await {
            Ok(held) => held,
            Err(sentence) => {
                tracing::info!(%ip, "refused: too many connections from one address");
                refuse(socket, sentence).await;
                return;
            }
        };
    let (sink, stream) = socket.split();
    let session = Arc::new(Session::new(state.store.clone(), tracer, joining));
    if let Err(e) = session.open().await {
        tracing::warn!(error = %e, "could not count the connection in its session");
    }
    let quota = Arc::new(Quota::new(
        state.store.clone(),
        limits_tracer,
        session.namespace().clone(),
        state.limits,
        state.sandboxes.clone(),
    ));
    let span = tracing::info_span!("session", id = %session.info().id);
    serve_session(sink, stream, session, quota, traces, state)
        .instrument(span)
        .await;
    address.release().await;
}

/// Tells a browser over the connections-per-address limit why, then closes with close code 1008
/// (policy violation). It has no session: it gets no hello.
async fn refuse(mut socket: WebSocket, sentence: String) {
    let error = ServerMsg::Error {
        id: None,
        error: ErrorBody::new(ErrorCode::LimitReached, sentence),
    };
    let refusal = async {
        if let Some(text) = codec::Encoder::default().text(&error) {
            socket.send(Message::Text(text)).await?;
        }
        socket
            .send(close_frame(close_code::POLICY, "too many connections"))
            .await
    };
    let _ = tokio::time::timeout(FLUSH_ON_CLOSE, refusal).await;
}

async fn serve_session(
    sink: SplitSink<WebSocket, Message>,
    stream: SplitStream<WebSocket>,
    session: Arc<Session>,
    quota: Arc<Quota>,
    traces: TraceSink,
    state: AppState,
) {
    tracing::info!("connected");
    let (out, outbox) = mpsc::channel(OUTBOX);

    let hello = ServerMsg::Hello {
        protocol: PROTOCOL_VERSION,
        session: session.info().clone(),
        redis: state.store.health(),
    };
    let mut runs = Runs::default();
    let (close, close_rx) = oneshot::channel();
    let mut writer = tokio::spawn(
        writer::run(
            hello,
            sink,
            outbox,
            close_rx,
            traces,
            state.store.watch_health(),
            state.limits.send_timeout,
        )
        .in_current_span(),
    );
    let presence = spawn_presence(&session, state.limits.presence_every);
    let (writer_ended, reason) = tokio::select! {
        reason = read(stream, &out, &session, &quota, &mut runs) => (false, reason),
        _ = &mut writer => (true, None),
        () = state.shutdown.cancelled() => (false, Some((close_code::AWAY, "the playground is shutting down"))),
    };
    if let Some(reason) = reason {
        let _ = close.send(reason);
    }
    runs.stop_all().await;
    drop(out);
    if !writer_ended {
        // Lets the writer flush what is queued, a close frame included, then end as its outbox closes.
        let _ = tokio::time::timeout(FLUSH_ON_CLOSE, writer).await;
    }
    // Stopped, a refresh in flight included, before the tab leaves: none may count it again after.
    presence.stop().await;
    match session.cleanup().await {
        Ok(removed) => tracing::info!(removed, "disconnected; keys deleted"),
        Err(e) => tracing::warn!(error = %e, "disconnected; keys left to expire"),
    }
}

/// Keeps the tab counted in its session's presence while the socket lives, refreshing it `every`; the
/// refreshes stop when the returned guard is cancelled or dropped.
fn spawn_presence(session: &Arc<Session>, every: Duration) -> PresenceGuard {
    let stop = CancellationToken::new();
    let (session, stopped) = (session.clone(), stop.clone());
    let task = tokio::spawn(
        async move {
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    () = stopped.cancelled() => return,
                    _ = tick.tick() => {}
                }
                if let Err(e) = session.refresh_presence().await {
                    tracing::warn!(error = %e, "presence not refreshed; retrying next time");
                }
            }
        }
        .in_current_span(),
    );
    PresenceGuard {
        stop,
        task: Some(task),
    }
}

/// The presence refresher of one connection; dropped, it stops at once.
struct PresenceGuard {
    stop: CancellationToken,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl PresenceGuard {
    /// Stops refreshing, after a refresh in flight ends.
    async fn stop(mut self) {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for PresenceGuard {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Reads frames until the browser closes or the socket fails (`None`), or a frame breaks a limit (the
/// reason to close with).
async fn read(
    mut stream: SplitStream<WebSocket>,
    out: &mpsc::Sender<Outgoing>,
    session: &Arc<Session>,
    quota: &Arc<Quota>,
    runs: &mut Runs,
) -> Option<CloseReason> {
    while let Some(Ok(frame)) = stream.next().await {
        let text = match frame {
            Message::Text(text) => text,
            Message::Binary(_) => {
                let body = ErrorBody::new(
                    ErrorCode::Malformed,
                    "binary frames are not supported; send JSON text",
                );
                reply_error(out, None, body).await;
                continue;
            }
            Message::Close(_) => return None,
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        if text.len() > MAX_FRAME_BYTES {
            tracing::warn!(bytes = text.len(), "frame over the size limit; closing");
            return Some((close_code::SIZE, "message too big"));
        }
        let decoded = codec::decode(&text);
        if !quota.allow_message() {
            let id = match &decoded {
                Ok(ClientMsg::Run { id, .. } | ClientMsg::Cancel { id }) => Some(*id),
                Err(e) => e.id,
            };
            let limits = quota.limits();
            let body = ErrorBody::new(
                ErrorCode::RateLimited,
                format!(
                    "too many messages: at most {} at once and {} every {} s",
                    limits.message_burst, limits.message_burst, limits.message_window_secs
                ),
            );
            reply_error(out, id, body).await;
            continue;
        }
        match decoded {
            Ok(ClientMsg::Run { id, request }) => {
                if runs.is_running(id) {
                    let body = ErrorBody::new(
                        ErrorCode::BadRequestId,
                        format!("request {id} is already running"),
                    );
                    reply_error(out, Some(id), body).await;
                    continue;
                }
                let (session, quota) = (session.clone(), quota.clone());
                let out = out.clone();
                runs.start(id, move |cancel| async move {
                    let events = Events::new(id, out.clone(), cancel);
                    let msg = match run_counted(&session, events, request, &quota).await {
                        Ok(reply) => ServerMsg::Reply { id, reply },
                        Err(e) => ServerMsg::Error {
                            id: Some(id),
                            error: e.to_body(),
                        },
                    };
                    let _ = out.send(Outgoing::Msg(msg)).await;
                });
            }
            Ok(ClientMsg::Cancel { id }) => {
                // A cancelled run answers for itself, with `cancelled`, once it has cleaned up.
                if !runs.cancel(id) {
                    let body =
                        ErrorBody::new(ErrorCode::BadRequestId, format!("no run has id {id}"));
                    reply_error(out, Some(id), body).await;
                }
            }
            Err(e) => reply_error(out, e.id, e.body).await,
        }
    }
    None
}

/// Checks `request`, counts a run that opens connections against the session's limits, then runs it
/// to completion. Nothing reaches Redis for a request that fails validation; a refused one runs nothing.
async fn run_counted(
    session: &Session,
    events: Events,
    request: LabRequest,
    quota: &Quota,
) -> Result<LabReply, LabError> {
    let request = Checked::new(request)?;
    // Held while the run lasts; dropping it (a cancelled or aborted run) gives the counts back too.
    let held = quota.admit_run(&request).await?;
    let rooms = quota.limits().rooms;
    let reply = labs::dispatch(session, events, request, quota.sandboxes(), rooms).await;
    if let Some(held) = held {
        held.release().await;
    }
    reply
}

async fn reply_error(out: &mpsc::Sender<Outgoing>, id: Option<RequestId>, error: ErrorBody) {
    let _ = out
        .send(Outgoing::Msg(ServerMsg::Error { id, error }))
        .await;
}

/// A close frame with `code` and `reason`.
fn close_frame(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}
