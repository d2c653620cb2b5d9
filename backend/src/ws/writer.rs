//! The sending half of a connection: messages from the outbox, trace entries in batches, and Redis health
//! changes, encoded as JSON text frames. What queues up during a burst (a room's messages) goes out
//! together: a request's events queued back to back in one frame ([`ServerMsg::Events`]), and frames
//! flushed once the queue is empty or every [`FLUSH_EVERY`] frames.
//!
//! A browser that stops reading cannot hold the session up: a frame that cannot reach the socket within
//! the send timeout ends the writer, which closes the connection with close code 1008 ("too slow"); that
//! cancels the runs and cleans the session up. Until then the outbox and the trace channel are bounded,
//! so the backend's memory for the session stays bounded too.

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, close_code};
use futures_util::{SinkExt, stream::SplitSink};
use serde::Serialize;
use shared::{RedisHealth, RequestId, ServerMsg};
use tokio::sync::{mpsc, oneshot, watch};

use super::{
    close_frame,
    codec::{Encoder, EventFrame, TraceFrame},
};
use crate::{
    outbox::{OutEvent, Outgoing},
    store::{Entries, TraceSink, Traced},
};

/// Most trace entries sent in one frame.
const TRACE_BATCH: usize = 256;
/// Most events of one request sent in one frame.
const EVENTS_BATCH: usize = 256;
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
    encoder: Encoder,
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

    /// Queues `frame`, as [`Self::feed`] does.
    async fn feed_frame(&mut self, frame: &Frame) -> Result<(), Stop> {
        match frame {
            Frame::Msg(msg) => self.feed(msg).await,
            Frame::Events { id, events } => match events.as_slice() {
                [event] => self.feed(&EventFrame::Event { id: *id, event }).await,
                events => self.feed(&EventFrame::Events { id: *id, events }).await,
            },
        }
    }

    /// Queues a trace frame of `entries`, as [`Self::feed`] does.
    async fn feed_trace(&mut self, entries: &[Traced]) -> Result<(), Stop> {
        let entries = Entries(entries);
        self.feed(&TraceFrame::Trace { entries }).await
    }

    /// Queues `msg` in the socket's buffer, which goes out at the next [`Self::flush`] (or when it
    /// fills).
    async fn feed(&mut self, msg: &impl Serialize) -> Result<(), Stop> {
        let Some(text) = self.encoder.text(msg) else {
            return Ok(());
        };
        Self::within(self.timeout, self.sink.feed(Message::Text(text))).await
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
    outbox: mpsc::Receiver<Outgoing>,
    close: oneshot::Receiver<CloseReason>,
    traces: TraceSink,
    health: watch::Receiver<RedisHealth>,
    send_timeout: Duration,
) {
    let mut socket = Socket {
        sink,
        encoder: Encoder::default(),
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
    mut outbox: mpsc::Receiver<Outgoing>,
    mut close: oneshot::Receiver<CloseReason>,
    mut traces: TraceSink,
    mut health: watch::Receiver<RedisHealth>,
) -> Result<(), Stop> {
    health.mark_unchanged();
    socket.send(&hello).await?;
    let mut queued = 0;
    // A message taken from the outbox while gathering events, sent next.
    let mut held: Option<Outgoing> = None;
    loop {
        // Biased towards traces so that the commands of a run reach the browser before its reply.
        let msg = tokio::select! {
            biased;
            Some(first) = traces.rx.recv() => {
                socket.feed_trace(&batch(first, &mut traces)).await?;
                None
            }
            Ok(reason) = &mut close => {
                let within = socket.timeout;
                socket.close(reason, within).await;
                return Ok(());
            }
            Some(msg) = async { held.take() }, if held.is_some() => Some(gather(msg, &mut outbox, &mut held)),
            next = outbox.recv() => match next {
                Some(msg) => Some(gather(msg, &mut outbox, &mut held)),
                None => return Ok(()),
            },
            Ok(()) = health.changed() => Some(Frame::Msg(ServerMsg::Redis { health: health.borrow_and_update().clone() })),
        };
        if let Some(frame) = msg {
            if matches!(frame, Frame::Events { .. }) {
                // The events gathered were queued after the commands they report: those go first.
                while let Ok(first) = traces.rx.try_recv() {
                    socket.feed_trace(&batch(first, &mut traces)).await?;
                }
            }
            socket.feed_frame(&frame).await?;
        }
        let dropped = traces.take_dropped();
        if dropped > 0 {
            socket.feed(&ServerMsg::Dropped { traces: dropped }).await?;
        }
        // Frames that queued up while one was sent go out together: one write for a burst.
        queued += 1;
        let idle = held.is_none() && outbox.is_empty() && traces.rx.is_empty();
        if queued >= FLUSH_EVERY || idle {
            socket.flush().await?;
            queued = 0;
        }
        if idle {
            socket.encoder.settle();
        }
    }
}

/// `first` and the trace items queued behind it, while they stand for fewer than [`TRACE_BATCH`]
/// entries.
fn batch(first: Traced, traces: &mut TraceSink) -> Vec<Traced> {
    let mut entries = first.entries();
    let mut items = vec![first];
    while entries < TRACE_BATCH {
        match traces.rx.try_recv() {
            Ok(item) => {
                entries += item.entries();
                items.push(item);
            }
            Err(_) => break,
        }
    }
    items
}

/// What goes out as one frame.
#[derive(Debug, PartialEq)]
enum Frame {
    /// A message that is not an event.
    Msg(ServerMsg),
    /// Events of one request, as one [`ServerMsg::Event`], or one [`ServerMsg::Events`] for more.
    Events {
        id: RequestId,
        events: Vec<OutEvent>,
    },
}

/// `msg`, or, when it holds events, them and the events of the same request queued right behind them
/// (while fewer than [`EVENTS_BATCH`]), to go in one frame. The first other item met is `held` for the next turn.
fn gather(
    msg: Outgoing,
    outbox: &mut mpsc::Receiver<Outgoing>,
    held: &mut Option<Outgoing>,
) -> Frame {
    let (id, mut events) = match msg {
        Outgoing::Msg(msg) => return Frame::Msg(msg),
        Outgoing::Events { id, events } => (id, events),
    };
    while events.len() < EVENTS_BATCH {
        match outbox.try_recv() {
            Ok(Outgoing::Events {
                id: next,
                events: more,
            }) if next == id => events.extend(more),
            Ok(other) => {
                *held = Some(other);
                break;
            }
            Err(_) => break,
        }
    }
    Frame::Events { id, events }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{LabEvent, room::RoomEvent};

    fn delivered(seq: u64) -> OutEvent {
        OutEvent::Value(LabEvent::Room(RoomEvent::Delivered {
            seq,
            text: format!("m{seq}"),
            at_ms: 1,
        }))
    }

    fn event(id: u64, seq: u64) -> Outgoing {
        Outgoing::Events {
            id,
            events: vec![delivered(seq)],
        }
    }

    #[tokio::test]
    async fn events_queued_back_to_back_go_in_one_frame_and_the_next_message_waits_its_turn() {
        let (tx, mut outbox) = mpsc::channel(8);
        for msg in [event(1, 2), event(1, 3), event(2, 1), event(1, 4)] {
            tx.send(msg).await.expect("queued");
        }
        let mut held = None;

        let first = gather(event(1, 1), &mut outbox, &mut held);
        assert_eq!(
            first,
            Frame::Events {
                id: 1,
                events: vec![delivered(1), delivered(2), delivered(3)],
            }
        );
        assert_eq!(
            held,
            Some(event(2, 1)),
            "another request's event ends the frame"
        );

        let alone = gather(held.take().expect("held"), &mut outbox, &mut held);
        assert_eq!(
            alone,
            Frame::Events {
                id: 2,
                events: vec![delivered(1)]
            }
        );
        assert_eq!(held, Some(event(1, 4)));
        let last = gather(held.take().expect("held"), &mut outbox, &mut held);
        assert_eq!(
            last,
            Frame::Events {
                id: 1,
                events: vec![delivered(4)]
            }
        );
        assert_eq!(held, None, "nothing more was queued");
    }

    #[tokio::test]
    async fn events_that_came_at_once_join_the_frame_of_their_request() {
        let (tx, mut outbox) = mpsc::channel(8);
        let burst = Outgoing::Events {
            id: 1,
            events: vec![delivered(2), delivered(3)],
        };
        for msg in [burst, event(1, 4), event(2, 1)] {
            tx.send(msg).await.expect("queued");
        }
        let mut held = None;

        let frame = gather(event(1, 1), &mut outbox, &mut held);
        assert_eq!(
            frame,
            Frame::Events {
                id: 1,
                events: vec![delivered(1), delivered(2), delivered(3), delivered(4)],
            }
        );
        assert_eq!(held, Some(event(2, 1)));
    }
}
