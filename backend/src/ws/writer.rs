//! The sending half of a connection: messages from the outbox, trace entries in batches, and Redis health
//! changes, encoded as JSON text frames.

use axum::extract::ws::{Message, WebSocket};
use futures_util::{SinkExt, stream::SplitSink};
use shared::{RedisHealth, ServerMsg};
use tokio::sync::{mpsc, oneshot, watch};

use super::{close_frame, codec};
use crate::store::TraceSink;

/// Most trace entries sent in one frame.
const TRACE_BATCH: usize = 256;

/// Why the connection is being closed: a WebSocket close code and a short reason.
pub type CloseReason = (u16, &'static str);

/// Sends `hello` first, then everything else until the outbox closes, a close is asked for, or the
/// socket fails.
pub async fn run(
    hello: ServerMsg,
    mut sink: SplitSink<WebSocket, Message>,
    mut outbox: mpsc::Receiver<ServerMsg>,
    mut close: oneshot::Receiver<CloseReason>,
    mut traces: TraceSink,
    mut health: watch::Receiver<RedisHealth>,
) {
    health.mark_unchanged();
    if !send(&mut sink, &hello).await {
        return;
    }
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
            Ok((code, reason)) = &mut close => {
                let _ = sink.send(close_frame(code, reason)).await;
                return;
            }
            next = outbox.recv() => match next {
                Some(msg) => msg,
                None => return,
            },
            Ok(()) = health.changed() => ServerMsg::Redis { health: health.borrow_and_update().clone() },
        };
        if !send(&mut sink, &msg).await {
            return;
        }
        let dropped = traces.take_dropped();
        if dropped > 0 && !send(&mut sink, &ServerMsg::Dropped { traces: dropped }).await {
            return;
        }
    }
}

async fn send(sink: &mut SplitSink<WebSocket, Message>, msg: &ServerMsg) -> bool {
    match codec::encode(msg) {
        Some(text) => sink.send(Message::Text(text.into())).await.is_ok(),
        None => true,
    }
}
