//! A room's audience as the bench sees it: a presenter and many participants, each a WebSocket client
//! of a backend process (tokio-tungstenite, not a browser), and the delivery times they record. Used by
//! the room load section and the fan-out section.

use std::{collections::HashMap, sync::LazyLock, time::Duration};

use futures_util::{SinkExt, StreamExt};
use shared::{
    ClientMsg, LabEvent, LabReply, LabRequest, RequestId, ServerMsg,
    room::{RoomEvent, RoomReply, RoomRequest, RoomSettings},
};
use tokio::{sync::mpsc, task::JoinSet, time::Instant};
use tokio_tungstenite::tungstenite::Message;

use crate::{
    BoxError,
    client::{self, Socket},
    samples::Measured,
    sessions::answer,
};

/// Longest any phase (joining, a burst's deliveries) may take before the bench gives up.
pub const PHASE_TIMEOUT: Duration = Duration::from_secs(180);
/// Participants connecting and joining at the same time.
const JOINING_AT_ONCE: usize = 50;
/// The backend's per-address and per-connection limits, raised (through their flags' environment
/// variables) so that the bench's many sockets from one address, and the presenter's burst, are allowed.
pub const GENEROUS_LIMITS: [(&str, &str); 3] = [
    ("MAX_SESSIONS_PER_IP", "5000"),
    ("WS_MESSAGE_BURST", "1000"),
    ("MAX_RUNS_PER_SESSION", "1000"),
];
/// The request id every participant's `join` run has.
const JOIN_ID: RequestId = 1;

/// The presenter: the socket that opened the room.
pub struct Presenter {
    ws: Socket,
    run: RequestId,
    /// The room's code.
    pub code: String,
    next_id: RequestId,
}

impl Presenter {
    /// Opens a room on the backend at `ws_url`.
    pub async fn open(ws_url: &str) -> Result<Self, BoxError> {
        let mut ws = client::open(ws_url).await?;
        let open = RoomRequest::Open {
            settings: RoomSettings::default(),
        };
        send(&mut ws, 1, open).await?;
        loop {
            let entered =
                room_events(recv(&mut ws).await?)
                    .into_iter()
                    .find_map(|event| match event {
                        RoomEvent::Entered { code, .. } => Some(code),
                        _ => None,
                    });
            if let Some(code) = entered {
                return Ok(Self {
                    ws,
                    run: 1,
                    code,
                    next_id: 2,
                });
            }
        }
    }

    /// Publishes `texts` as fast as the socket takes them, every request sent before any reply is read,
    /// and returns when each was sent and the smallest receiver count a `PUBLISH` returned.
    pub async fn burst(&mut self, texts: &[String]) -> Result<(Vec<Instant>, u64), BoxError> {
        let mut sent = Vec::with_capacity(texts.len());
        let mut ids = HashMap::new();
        for text in texts {
            let id = self.next_id;
            self.next_id += 1;
            let publish = RoomRequest::Publish {
                room: self.run,
                text: text.clone(),
            };
            send(&mut self.ws, id, publish).await?;
            sent.push(Instant::now());
            ids.insert(id, ());
        }
        let mut receivers = u64::MAX;
        while !ids.is_empty() {
            match recv(&mut self.ws).await? {
                ServerMsg::Reply {
                    id,
                    reply: LabReply::Room(RoomReply::Published { receivers: r, .. }),
                } if ids.remove(&id).is_some() => receivers = receivers.min(r),
                ServerMsg::Error {
                    id: Some(id),
                    error,
                } if ids.contains_key(&id) => {
                    return Err(format!("the server refused a publish: {error:?}").into());
                }
                _ => {}
            }
        }
        Ok((sent, receivers))
    }

    /// Closes the room for everyone, as the page does when it goes (the close alone: the membership
    /// ends with the room), waits until the backend has, then leaves. Leaving or cancelling first
    /// could end the membership before the close was handled: the close would then be refused, and the
    /// room would only close for its participants once its grace period ran out.
    pub async fn close(mut self) -> Result<(), BoxError> {
        let id = self.next_id;
        send(&mut self.ws, id, RoomRequest::Close { room: self.run }).await?;
        tokio::time::timeout(PHASE_TIMEOUT, answer(&mut self.ws, id))
            .await
            .map_err(|_| "the room's close was not answered in time")??;
        let _ = self.ws.close(None).await;
        Ok(())
    }
}

/// Participants listening in one room: each reports, once, when every expected message has arrived.
pub struct Audience {
    tasks: JoinSet<Result<(), BoxError>>,
    arrived: mpsc::Receiver<Vec<(String, Instant)>>,
    /// How many joined.
    pub size: usize,
    /// How long joining them all took.
    pub joining: Duration,
}

impl Audience {
    /// Joins `size` participants to room `code` at `ws_url`, [`JOINING_AT_ONCE`] at a time, and returns
    /// once every one has entered. Each then waits for `expect` deliveries and keeps reading until the
    /// room closes, so no one leaves while others are still measured.
    pub async fn join(
        ws_url: &str,
        code: &str,
        size: usize,
        expect: usize,
    ) -> Result<Self, BoxError> {
        let started = Instant::now();
        let (entered_tx, mut entered) = mpsc::channel(size.max(1));
        let (arrived_tx, arrived) = mpsc::channel(size.max(1));
        let mut tasks = JoinSet::new();
        let mut waiting = 0;
        for _ in 0..size {
            if waiting == JOINING_AT_ONCE {
                wait_entered(&mut entered, &mut tasks).await?;
                waiting -= 1;
            }
            let (url, code) = (ws_url.to_owned(), code.to_owned());
            let (entered_tx, arrived_tx) = (entered_tx.clone(), arrived_tx.clone());
            tasks.spawn(async move { listen(url, code, expect, entered_tx, arrived_tx).await });
            waiting += 1;
        }
        for _ in 0..waiting {
            wait_entered(&mut entered, &mut tasks).await?;
        }
        Ok(Self {
            tasks,
            arrived,
            size,
            joining: started.elapsed(),
        })
    }

    /// Waits until every participant has its deliveries, and returns each delivery's latency from the
    /// send time of its text in `sent`, over the span from the first send to the last delivery.
    pub async fn deliveries(
        &mut self,
        sent: &HashMap<String, Instant>,
    ) -> Result<Measured, BoxError> {
        let mut latencies = Vec::new();
        let mut last: Option<Instant> = None;
        let first = sent.values().min().copied().unwrap_or_else(Instant::now);
        for _ in 0..self.size {
            let got = tokio::time::timeout(PHASE_TIMEOUT, self.arrived.recv())
                .await
                .map_err(|_| "participants did not get every message in time")?
                .ok_or("every participant stopped before its messages arrived")?;
            for (text, at) in got {
                let Some(sent_at) = sent.get(&text) else {
                    continue;
                };
                latencies.push(at.saturating_duration_since(*sent_at).as_nanos() as u64);
                last = Some(last.map_or(at, |l| l.max(at)));
            }
        }
        let last = last.unwrap_or(first);
        let delivered = latencies.len();
        Ok(Measured::new(
            delivered,
            last.saturating_duration_since(first),
            latencies,
        ))
    }

    /// Waits for every participant to see the room close and end.
    pub async fn finish(mut self) -> Result<(), BoxError> {
        while let Some(ended) = tokio::time::timeout(PHASE_TIMEOUT, self.tasks.join_next())
            .await
            .map_err(|_| "participants did not see the room close")?
        {
            ended??;
        }
        Ok(())
    }
}

/// Waits for one more participant to enter, failing if a participant's task failed first.
async fn wait_entered(
    entered: &mut mpsc::Receiver<()>,
    tasks: &mut JoinSet<Result<(), BoxError>>,
) -> Result<(), BoxError> {
    tokio::select! {
        got = tokio::time::timeout(PHASE_TIMEOUT, entered.recv()) => {
            got.map_err(|_| "a participant did not enter in time")?;
            Ok(())
        }
        Some(ended) = tasks.join_next() => {
            ended??;
            Err("a participant ended before entering".into())
        }
    }
}

/// One participant: joins, says so, collects `expect` deliveries by text with their arrival instants,
/// hands them over, then reads until the room closes.
async fn listen(
    url: String,
    code: String,
    expect: usize,
    entered: mpsc::Sender<()>,
    arrived: mpsc::Sender<Vec<(String, Instant)>>,
) -> Result<(), BoxError> {
    let mut ws = client::open(&url).await?;
    let join = RoomRequest::Join {
        code,
        name: String::new(),
    };
    send(&mut ws, JOIN_ID, join).await?;
    let mut got = Vec::with_capacity(expect);
    'reading: loop {
        let msg = recv_untraced(&mut ws).await?;
        if let ServerMsg::Error {
            id: Some(JOIN_ID),
            error,
        } = msg
        {
            return Err(format!("a join failed: {error:?}").into());
        }
        let now = Instant::now();
        for event in room_events(msg) {
            match event {
                RoomEvent::Entered { .. } => {
                    let _ = entered.send(()).await;
                }
                RoomEvent::Delivered { text, .. } => {
                    got.push((text, now));
                    if got.len() == expect {
                        let _ = arrived.send(std::mem::take(&mut got)).await;
                    }
                }
                RoomEvent::Closed => break 'reading,
                _ => {}
            }
        }
    }
    let _ = ws.close(None).await;
    Ok(())
}

/// Sends `request` as run `id`.
async fn send(ws: &mut Socket, id: RequestId, request: RoomRequest) -> Result<(), BoxError> {
    let msg = ClientMsg::Run {
        id,
        request: LabRequest::Room(request),
    };
    ws.send(Message::Text(serde_json::to_string(&msg)?.into()))
        .await?;
    Ok(())
}

/// The room events `msg` carries: one ([`ServerMsg::Event`]) or several ([`ServerMsg::Events`]).
fn room_events(msg: ServerMsg) -> Vec<RoomEvent> {
    let Some((_, events)) = msg.into_events() else {
        return Vec::new();
    };
    events
        .into_iter()
        .filter_map(|event| match event {
            LabEvent::Room(event) => Some(event),
            _ => None,
        })
        .collect()
}

/// The next message from the server that is not a trace batch. Trace frames, the bulk of a
/// participant's bytes, are skipped unparsed: the bench's 1,000 participants share this machine's CPUs
/// with the backend, where 1,000 browsers would each parse their own on their own machines.
async fn recv_untraced(ws: &mut Socket) -> Result<ServerMsg, BoxError> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) if text.starts_with(TRACE_FRAME.as_str()) => continue,
            Some(Ok(Message::Text(text))) => return Ok(serde_json::from_str(&text)?),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(other)) => return Err(format!("unexpected frame: {other:?}").into()),
            Some(Err(e)) => return Err(e.into()),
            None => return Err("the server closed the socket".into()),
        }
    }
}

/// How the sections say what a participant parses ([`recv_untraced`]).
pub const PARSING: &str = "Each participant parses the frames it times (its events) and skips its trace \
    batches unparsed: the bench's participants share this machine's two CPUs with the backends and \
    Redis, where a workshop's browsers each parse their own on their own machine.";

/// How a [`ServerMsg::Trace`] frame begins, up to its entries (`{"trace":{"entries":`), read off the
/// protocol's own encoding of an empty one.
static TRACE_FRAME: LazyLock<String> = LazyLock::new(|| {
    let empty = serde_json::to_string(&ServerMsg::Trace {
        entries: Vec::new(),
    })
    .unwrap_or_default();
    let entries = empty.find('[').unwrap_or(empty.len());
    empty[..entries].to_owned()
});

/// The next message from the server.
async fn recv(ws: &mut Socket) -> Result<ServerMsg, BoxError> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => return Ok(serde_json::from_str(&text)?),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(other)) => return Err(format!("unexpected frame: {other:?}").into()),
            Some(Err(e)) => return Err(e.into()),
            None => return Err("the server closed the socket".into()),
        }
    }
}
