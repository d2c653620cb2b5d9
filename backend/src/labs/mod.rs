//! The labs. Each module runs one lab's requests against Redis through the session's traced connections;
//! [`dispatch`] is the one `match` that routes a request to its lab.

pub mod cache;
pub mod lock;
pub mod ping;
pub mod pubsub;
pub mod quiz;
pub mod ratelimit;
pub mod room;

use shared::{LabEvent, LabReply, LabRequest, RequestId, ServerMsg};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::{error::LabError, session::Session};

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

/// Validates `request`, then runs it to completion and returns the lab's reply. Nothing reaches Redis for
/// a request that fails validation.
pub async fn dispatch(
    session: &Session,
    events: Events,
    request: LabRequest,
) -> Result<LabReply, LabError> {
    request.validate()?;
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
    }
}
