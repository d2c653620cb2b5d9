//! The labs. Each module runs one lab's requests against Redis through the session's traced connections;
//! [`dispatch`] is the one `match` that routes a request to its lab.

pub mod ping;

use shared::{LabReply, LabRequest, RequestId};

use crate::{error::LabError, session::Session};

/// Runs `request` (sent as request `id`) to completion and returns the lab's reply.
pub async fn dispatch(
    session: &Session,
    id: RequestId,
    request: LabRequest,
) -> Result<LabReply, LabError> {
    match request {
        LabRequest::Ping(req) => ping::run(session, id, req).await.map(LabReply::Ping),
    }
}
