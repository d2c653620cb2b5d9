//! Workshop rooms. Not built yet: every request is refused.

use shared::room::{RoomReply, RoomRequest};

use super::Events;
use crate::{error::LabError, session::Session};

/// Refuses every room request until rooms are built.
pub async fn run(
    _session: &Session,
    _events: Events,
    _request: RoomRequest,
) -> Result<RoomReply, LabError> {
    Err(LabError::NoSuchRoom)
}
