//! The slow subscriber: on a private Redis whose `client-output-buffer-limit pubsub` is small (64 KB hard),
//! a subscriber stops reading while a publisher keeps sending. Redis buffers for it until the limit, then
//! disconnects it; `PUBLISH` then counts no receiver. A private server, because the limit is server-wide
//! and the shared Redis is not ours to reconfigure.

use std::time::Duration;

use shared::{RequestId, pubsub::PubsubReply};

use crate::{
    embedded::EmbeddedRedis,
    error::LabError,
    session::Session,
    store::{Store, StoreError},
};

/// The demo server's limit: disconnect a Pub/Sub client whose output buffer passes 64 KB, or stays over
/// 32 KB for a second.
const LIMIT: &str = "pubsub 65536 32768 1";
/// Messages sent at most before giving up on seeing the disconnect.
const MAX_MESSAGES: u32 = 5000;
/// Messages between two readings of the subscriber's output buffer.
const READ_EVERY: u32 = 5;

/// Runs the demo for request `id`.
pub async fn run(
    session: &Session,
    id: RequestId,
    message_bytes: u32,
) -> Result<PubsubReply, LabError> {
    let private = EmbeddedRedis::start(&["--client-output-buffer-limit", LIMIT])
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the slow-subscriber demo's redis-server did not start");
            StoreError::Unavailable
        })?;
    let store = Store::connect(&private.url()).await?;
    let channel = session.namespace().channel("slow:firehose");
    let stalled = store
        .stalled_subscriber(&channel, session.tracer(id, "slow-subscriber"))
        .await?;
    let mut publisher = store.dedicated(session.tracer(id, "publisher")).await?;
    let payload = "x".repeat(message_bytes as usize);
    let (mut published, mut omem) = (0u32, Vec::new());
    while published < MAX_MESSAGES {
        if publisher.publish(&channel, &payload).await? == 0 {
            break;
        }
        published += 1;
        if published % READ_EVERY == 0 {
            let buffers = publisher.pubsub_output_buffers().await?;
            omem.push(buffers.first().copied().unwrap_or(0));
        }
    }
    let closed_by_redis = stalled.closed_by_server(Duration::from_secs(2)).await;
    private.stop().await;
    Ok(PubsubReply::SlowSubscriber {
        published,
        bytes: u64::from(published) * u64::from(message_bytes),
        omem,
        closed_by_redis,
    })
}
