//! The labs. Each module runs one lab's requests against Redis through the session's traced connections;
//! [`dispatch`] is the one `match` that routes a request to its lab.

pub mod ping;
pub mod ratelimit;

use shared::{LabEvent, LabReply, LabRequest, RequestId, ServerMsg};
use tokio::sync::mpsc;

use crate::{error::LabError, session::Session};

/// Where a run reports progress before its reply: the session's outbox, tagged with the request id.
#[derive(Clone)]
pub struct Events {
    id: RequestId,
    outbox: mpsc::Sender<ServerMsg>,
}

impl Events {
    /// Events of request `id`, sent to `outbox`.
    pub fn new(id: RequestId, outbox: mpsc::Sender<ServerMsg>) -> Self {
        Self { id, outbox }
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
    }
}
