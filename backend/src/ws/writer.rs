//! The sending half of a connection: messages from the outbox, trace entries in batches, and Redis health
//! changes, encoded as JSON text frames. Frames that queue up during a burst (a room's messages) are
//! written together, flushed once the queue is empty or every [`FLUSH_EVERY`] frames.
//!
//! A browser that stops reading cannot hold the session up: a frame that cannot reach the socket within
//! the send timeout ends the writer, which closes the connection with close code 1008 ("too slow"); that
//! cancels the runs and cleans the session up. Until then the outbox and the trace channel are bounded,
//! so the backend's memory for the session stays bounded too.

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, close_code};
use futures_util::{SinkExt, stream::SplitSink};
use shared::{RedisHealth, ServerMsg};
use tokio::sync::{mpsc, oneshot, watch};

use super::{close_frame, codec};
use crate::store::TraceSink;

/// Most trace entries sent in one frame.
const TRACE_BATCH: usize = 256;
/// Most frames queued before they are flushed, when more keep coming.
const FLUSH_EVERY: usize = 64;
/// How long the close frame of a too-slow browser may wait. It is queued behind what the browser has not
/// read, so it waits in a task of its own while the session is cleaned up: a browser that reads again
/// within this time learns why it was closed (1008, "too slow"); after it the connection is dropped.
const SLOW_CLOSE: Duration = Duration::from_secs(5);

/// Why the connection is being closed: a WebSocket close code and a short reason.
pub type CloseReason = (u16, &'static str);

/// Where frames go, and how long one may take.
struct Socket {
    sink: SplitSink<WebSocket, Message>,
    timeout: Duration,
}

/// Why sending stopped.
enum Stop {
    /// The socket failed: the browser is gone.
    Gone,
    /// A frame did not reach the socket within the timeout.
    TooSlow,
}

impl Socket {
    /// Sends `msg` at once.
    async fn send(&mut self, msg: &ServerMsg) -> Result<(), Stop> {
        self.feed(msg).await?;
        self.flush().await
    }

    /// Queues `msg` in the socket's buffer, which goes out at the next [`Self::flush`] (or when it
    /// fills).
    async fn feed(&mut self, msg: &ServerMsg) -> Result<(), Stop> {
        let Some(text) = codec::encode(msg) else {
            return Ok(());
        };
        Self::within(self.timeout, self.sink.feed(Message::Text(text.into()))).await
    }

    async fn flush(&mut self) -> Result<(), Stop> {
        Self::within(self.timeout, self.sink.flush()).await
    }

    async fn within(
        timeout: Duration,
        io: impl Future<Output = Result<(), axum::Error>>,
    ) -> Result<(), Stop> {
        match tokio::time::timeout(timeout, io).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Stop::Gone),
            Err(_) => Err(Stop::TooSlow),
        }
    }

    async fn close(&mut self, (code, reason): CloseReason, within: Duration) {
        let _ = tokio::time::timeout(within, self.sink.send(close_frame(code, reason))).await;
    }
}

/// Sends `hello` first, then everything else until the outbox closes, a close is asked for, the socket
/// fails, or one frame takes longer than `send_timeout` to send.
pub async fn run(
    hello: ServerMsg,
    sink: SplitSink<WebSocket, Message>,
    outbox: mpsc::Receiver<ServerMsg>,
    close: oneshot::Receiver<CloseReason>,
    traces: TraceSink,
    health: watch::Receiver<RedisHealth>,
    send_timeout: Duration,
) {
    let mut socket = Socket {
        sink,
        timeout: send_timeout,
    };
    let sent = forward(hello, &mut socket, outbox, close, traces, health).await;
    if let Err(Stop::TooSlow) = sent {
        tracing::warn!(?send_timeout, "the browser stopped reading; closing");
        tokio::spawn(async move {
            socket
                .close((close_code::POLICY, "too slow"), SLOW_CLOSE)
                .await;
        });
    }
}

async fn forward(
    hello: ServerMsg,
    socket: &mut Socket,
    mut outbox: mpsc::Receiver<ServerMsg>,
    mut close: oneshot::Receiver<CloseReason>,
    mut traces: TraceSink,
    mut health: watch::Receiver<RedisHealth>,
) -> Result<(), Stop> {
    health.mark_unchanged();
    socket.send(&hello).await?;
    let mut queued = 0;
    loop {
        // Biased towards traces so that the commands of a run reach the browser before its reply.
        let msg = tokio::select! {
            biased;
            Some(first) = traces.rx.recv() => {
                let mut entries = vec![first];
                while entries.len() < TRACE_BATCH {
                    match traces.rx.try_recv() {
                        Ok(entry) => entries.push(entry),
                        Err(_) => break,
                    }
                }
                ServerMsg::Trace { entries }
            }
            Ok(reason) = &mut close => {
                let within = socket.timeout;
                socket.close(reason, within).await;
                return Ok(());
            }
            next = outbox.recv() => match next {
                Some(msg) => msg,
                None => return Ok(()),
            },
            Ok(()) = health.changed() => ServerMsg::Redis { health: health.borrow_and_update().clone() },
        };
        socket.feed(&msg).await?;
        let dropped = traces.take_dropped();
        if dropped > 0 {
            socket.feed(&ServerMsg::Dropped { traces: dropped }).await?;
        }
        // Frames that queued up while one was sent go out together: one write for a burst.
        queued += 1;
        if queued >= FLUSH_EVERY || (outbox.is_empty() && traces.rx.is_empty()) {
            socket.flush().await?;
            queued = 0;
        }
    }
}
