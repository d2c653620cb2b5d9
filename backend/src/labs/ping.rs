//! The `ping` lab: the smallest real round trip. `PING`, then `SET` the text under the session's `ping` key
//! with an expiry, `GET` it back, read its `PTTL`, and Redis's `TIME`.

use shared::{
    RequestId,
    ping::{PingReply, PingRequest},
};

use crate::{error::LabError, session::Session};

/// The ping key lives a minute, so the learner can watch `PTTL` count down on repeated runs.
const PING_TTL_SECS: u64 = 60;

/// Runs the lab for request `id`; `req` is already validated.
pub async fn run(
    session: &Session,
    id: RequestId,
    req: PingRequest,
) -> Result<PingReply, LabError> {
    let mut conn = session.conn(id);
    let key = session.namespace().key("ping");
    let pong = conn.ping().await?;
    conn.set_ex(&key, &req.text, PING_TTL_SECS).await?;
    let stored = conn.get(&key).await?.unwrap_or_default();
    let ttl_ms = conn.pttl(&key).await?;
    let server_time_us = conn.time().await?;
    Ok(PingReply {
        pong,
        key: key.to_string(),
        stored,
        ttl_ms,
        server_time_us,
    })
}
