//! The labs. Each module runs one lab's requests against Redis through the session's traced connections;
//! [`dispatch`] is the one `match` that routes a request to its lab.

pub mod cache;
pub mod exercise;
pub mod lock;
pub mod ping;
pub mod pubsub;
pub mod quiz;
pub mod ratelimit;
pub mod room;

use std::collections::BTreeSet;

use shared::{
    LabEvent, LabReply, LabRequest, RequestId, ServerMsg,
    cache::CacheRequest,
    lock::LockRequest,
    pubsub::PubsubRequest,
    ratelimit::{Mode, RatelimitRequest},
    room::RoomRequest,
};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::{error::LabError, limits::Quota, session::Session};

/// Where a run reports progress before its reply: the session's outbox, tagged with the request id.
#[derive(Clone)]
pub struct Events {
    id: RequestId,
    outbox: mpsc::Sender<ServerMsg>,
    cancel: CancellationToken,
}

impl Events {
    /// Events of request `id`, sent to `outbox`; `cancel` is cancelled when the browser stops the run.
    pub fn new(id: RequestId, outbox: mpsc::Sender<ServerMsg>, cancel: CancellationToken) -> Self {
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
        let _ = self
            .outbox
            .send(ServerMsg::Event { id: self.id, event })
            .await;
    }
}

/// Validates `request`, counts a run that opens connections against the session's limits (`quota`),
/// then runs it to completion
/// and returns the lab's reply. Nothing reaches Redis for a request that fails validation; a refused one
/// runs nothing.
pub async fn dispatch(
    session: &Session,
    events: Events,
    request: LabRequest,
    quota: &Quota,
) -> Result<LabReply, LabError> {
    request.validate()?;
    let clients = virtual_clients(&request);
    // A request that opens no connection of its own runs a few commands on the session's connection and
    // ends; the message rate bounds those. Counting them too cost two more round trips per click.
    if clients == 0 {
        return run(session, events, request, quota).await;
    }
    // Held while the run lasts; dropping it (a cancelled or aborted run) gives the counts back too.
    let held = quota.admit_run(clients).await?;
    let reply = run(session, events, request, quota).await;
    held.release().await;
    reply
}

/// The one `match` over labs.
async fn run(
    session: &Session,
    events: Events,
    request: LabRequest,
    quota: &Quota,
) -> Result<LabReply, LabError> {
    let id = events.id();
    match request {
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
        LabRequest::Room(req) => room::run(session, events, req).await.map(LabReply::Room),
        LabRequest::Exercise(req) => exercise::run(session, events, req, quota)
            .await
            .map(LabReply::Exercise),
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
            PubsubRequest::Publish { .. }
            | PubsubRequest::Disconnect { .. }
            | PubsubRequest::Reconnect { .. } => 0,
        },
        // A member's subscriber to the room, or the connection of its own a lock attempt runs on.
        LabRequest::Room(
            RoomRequest::Open { .. } | RoomRequest::Join { .. } | RoomRequest::Acquire { .. },
        ) => 1,
        LabRequest::Room(_) => 0,
        // The sandbox's connections reach only the sandbox; counting one keeps a session's gradings
        // among its runs.
        LabRequest::Exercise(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use shared::{
        cache::Db,
        lock::{Faults, LockParams},
        pubsub::{MAX_SUBSCRIBERS, Subscription},
        ratelimit::{Algorithm, Limits as Rate, Pattern, Traffic},
    };

    use super::*;
    use crate::limits::Limits;

    #[test]
    fn the_largest_run_of_each_lab_fits_the_default_client_limit() {
        let hub = LabRequest::Pubsub(PubsubRequest::Start {
            subscribers: vec![Subscription::default(); MAX_SUBSCRIBERS as usize + 1],
            streams: true,
        });
        let lock = LabRequest::Lock(LockRequest::Run {
            params: LockParams {
                clients: shared::lock::MAX_CLIENTS,
                ..LockParams::default()
            },
            faults: Faults::default(),
            speed: Default::default(),
        });
        let live = LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms: Algorithm::ALL.to_vec(),
            limits: Rate {
                max_requests: 10,
                window_seconds: 1,
            },
            mode: Mode::Live,
            traffic: Traffic::Pattern {
                pattern: Pattern::Concurrent {
                    clients: shared::ratelimit::MAX_CLIENTS,
                    each: 1,
                },
            },
            speed: Default::default(),
        });
        let stampede = LabRequest::Cache(CacheRequest::Stampede {
            keys: 100,
            readers: 50,
            ttl_secs: 1,
            ttl_jitter: false,
            lock: true,
            db: Db::default(),
        });
        let declared: Vec<u32> = [&hub, &lock, &live, &stampede]
            .into_iter()
            .map(virtual_clients)
            .collect();
        assert_eq!(declared, [103, 22, 50, 100]);
        let limit = Limits::default().clients_per_session;
        assert!(declared.iter().all(|&n| n <= limit), "{declared:?}");
    }
}
