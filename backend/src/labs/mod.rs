//! The labs. Each module runs one lab's requests against Redis through the session's traced connections;
//! [`dispatch`] is the one `match` that routes a request to its lab.

pub mod cache;
pub mod console;
pub mod exercise;
pub mod lock;
pub mod ping;
pub mod pubsub;
pub mod quiz;
pub mod ratelimit;
pub mod room;

use std::{collections::BTreeSet, sync::Arc};

use serde_json::value::RawValue;

use shared::{
    LabEvent, LabReply, LabRequest, RequestId,
    cache::CacheRequest,
    lock::LockRequest,
    pubsub::PubsubRequest,
    ratelimit::{Mode, RatelimitRequest},
    room::RoomRequest,
};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::{
    error::LabError,
    outbox::{OutEvent, Outgoing},
    sandbox::Sandboxes,
    session::Session,
};
use room::presence::RoomTimes;

/// Where a run reports progress before its reply: the session's outbox, tagged with the request id.
#[derive(Clone)]
pub struct Events {
    id: RequestId,
    outbox: mpsc::Sender<Outgoing>,
    cancel: CancellationToken,
}

impl Events {
    /// Events of request `id`, sent to `outbox`; `cancel` is cancelled when the browser stops the run.
    pub fn new(id: RequestId, outbox: mpsc::Sender<Outgoing>, cancel: CancellationToken) -> Self {
        Self { id, outbox, cancel }
    }

    /// Resolves when the browser stops the run or leaves; long runs select on it and clean up.
    pub async fn cancelled(&self) {
        self.cancel.cancelled().await;
    }

    /// The request these events belong to.
    pub fn id(&self) -> RequestId {
        self.id
    }

    /// Sends one event; waits while the browser is behind, so a run never outpaces its reader's buffer.
    pub async fn send(&self, event: LabEvent) {
        self.send_out(vec![OutEvent::Value(event)]).await;
    }

    /// Sends events written as JSON already ([`crate::outbox::encode`]) that came at once, oldest
    /// first, as one item, waiting as [`Self::send`] does: the browser gets them as it would get each
    /// sent in turn.
    pub async fn send_encoded(&self, events: Vec<Arc<RawValue>>) {
        if events.is_empty() {
            return;
        }
        self.send_out(events.into_iter().map(OutEvent::Encoded).collect())
            .await;
    }

    async fn send_out(&self, events: Vec<OutEvent>) {
        let id = self.id;
        let _ = self.outbox.send(Outgoing::Events { id, events }).await;
    }
}

/// A request its lab's `validate` accepted: the only kind [`dispatch`] runs, so nothing reaches Redis
/// for one that fails validation.
pub struct Checked(LabRequest);

impl Checked {
    /// Checks `request` against its lab's parameter ranges.
    pub fn new(request: LabRequest) -> Result<Self, LabError> {
        request.validate()?;
        Ok(Self(request))
    }

    /// The Redis connections of its own it opens: what counts against the session's client limit
    /// (see [`virtual_clients`]).
    pub fn virtual_clients(&self) -> u32 {
        virtual_clients(&self.0)
    }

    /// It grades a learner's code: it counts against the session's gradings per minute too.
    pub fn grades(&self) -> bool {
        matches!(self.0, LabRequest::Exercise(_))
    }
}

/// The one `match` over labs: runs a checked request to completion and returns the lab's reply.
/// Counting it against the session's limits is the caller's business (the socket's quota), done before.
/// `sandboxes` are the backend's slots for an exercise's grading; `rooms`, how workshop rooms keep time.
pub async fn dispatch(
    session: &Session,
    events: Events,
    request: Checked,
    sandboxes: &Sandboxes,
    rooms: RoomTimes,
) -> Result<LabReply, LabError> {
    let id = events.id();
    match request.0 {
        LabRequest::Ping(req) => ping::run(session, id, req).await.map(LabReply::Ping),
        LabRequest::Ratelimit(req) => ratelimit::run(session, events, req)
            .await
            .map(LabReply::Ratelimit),
        LabRequest::Lock(req) => lock::run(session, events, req).await.map(LabReply::Lock),
        LabRequest::Cache(req) => cache::run(session, events, req).await.map(LabReply::Cache),
        LabRequest::Quiz(req) => quiz::run(session, events.id(), req)
            .await
            .map(LabReply::Quiz),
        LabRequest::Pubsub(req) => pubsub::run(session, events, req)
            .await
            .map(LabReply::Pubsub),
        LabRequest::Room(req) => room::run(session, events, req, rooms)
            .await
            .map(LabReply::Room),
        LabRequest::Console(req) => console::run(session, events, req)
            .await
            .map(LabReply::Console),
        LabRequest::Exercise(req) => {
            let reply = exercise::run(session, events, req, sandboxes).await?;
            room::actions::graded(session, id, &reply).await;
            Ok(LabReply::Exercise(reply))
        }
    }
}

/// Concurrent readers of a measured cache pass (`cache::reader`'s `READERS`).
const MEASURE_READERS: u32 = 10;

/// The Redis connections of their own (virtual clients, subscribers, monitors) that `request` opens,
/// as its parameters declare them; what counts against the session's client limit.
pub fn virtual_clients(request: &LabRequest) -> u32 {
    match request {
        LabRequest::Ping(_) => 0,
        LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms,
            limits,
            mode,
            traffic,
            ..
        }) => match mode {
            // One connection per lane.
            Mode::Replay => algorithms.len() as u32,
            // One connection per client that sends.
            Mode::Live => {
                let clients: BTreeSet<u32> =
                    traffic.arrivals(*limits).iter().map(|a| a.client).collect();
                clients.len() as u32
            }
        },
        // One connection per application server.
        LabRequest::Ratelimit(RatelimitRequest::Servers { servers, .. }) => *servers,
        LabRequest::Ratelimit(_) => 0,
        // The contenders and the two monitor connections.
        LabRequest::Lock(LockRequest::Run { params, .. }) => params.clients + 2,
        LabRequest::Lock(LockRequest::Step { .. }) => 0,
        LabRequest::Cache(req) => match req {
            CacheRequest::Warmup { workers, .. }
            | CacheRequest::WorkersVsPipeline { workers, .. } => *workers,
            CacheRequest::Measure { reads, .. } => (*reads).min(MEASURE_READERS),
            // A reader's connection, and one for its lock when the lock guards it.
            CacheRequest::Stampede { readers, lock, .. } => readers * (1 + u32::from(*lock)),
            CacheRequest::Views { .. } | CacheRequest::Inspect { .. } | CacheRequest::Reset => 0,
        },
        LabRequest::Quiz(_) => 2,
        LabRequest::Pubsub(req) => match req {
            // Each subscriber, the publisher, and a stream consumer per subscriber when asked.
            PubsubRequest::Start {
                subscribers,
                streams,
            } => {
                let n = subscribers.len() as u32;
                n + 1 + if *streams { n } else { 0 }
            }
            // The stalled subscriber and its publisher.
            PubsubRequest::SlowSubscriber { .. } => 2,
            // The classic and the sharded subscriber, and their publisher.
            PubsubRequest::Sharded { .. } => 3,
            PubsubRequest::Publish { .. }
            | PubsubRequest::Disconnect { .. }
            | PubsubRequest::Reconnect { .. } => 0,
        },
        // The presenter's subscriber to the room, or the connection of its own a lock attempt runs
        // on. A participant hears the room through its backend's relay, which is the backend's.
        LabRequest::Room(
            RoomRequest::Open { .. } | RoomRequest::Reclaim { .. } | RoomRequest::Acquire { .. },
        ) => 1,
        LabRequest::Room(_) => 0,
        // A blocking command's connection, or a subscriber.
        LabRequest::Console(shared::console::ConsoleRequest::Run { args }) => {
            u32::from(shared::console::own_connection(args))
        }
        LabRequest::Console(_) => 0,
        // The sandbox's connections reach only the sandbox; counting one keeps a session's gradings
        // among its runs.
        LabRequest::Exercise(_) => 1,
    }
}
