//! The `pubsub` lab: the course's `NotificationService` with real subscribers on connections of their own,
//! what a disconnect loses, a slow subscriber cut off by Redis, and Streams recovering what was missed.
//!
//! - [`hub`]: one running hub: its subscribers, its publisher, its stream consumers.
//! - [`listener`]: one subscriber's connection, the course's `subscribe(channel, callback)`.
//! - [`slow`]: the output-buffer demo on a private Redis.
//! - [`sharded`]: classic `PUBLISH` beside sharded `SPUBLISH` on a cluster, and what each node's bus got.

mod hub;
mod listener;
mod sharded;
mod slow;

use std::time::{Duration, Instant};

use shared::pubsub::{Notification, Payload, PubsubReply, PubsubRequest};
use tokio::sync::oneshot;

use crate::{
    error::LabError,
    labs::Events,
    session::Session,
    store::{Channel, Conn, Namespace, StoreError},
};
use hub::{Command, HubHandle};

/// Runs one validated request of the lab.
pub async fn run(
    session: &Session,
    events: Events,
    req: PubsubRequest,
) -> Result<PubsubReply, LabError> {
    match req {
        PubsubRequest::Start {
            subscribers,
            streams,
        } => hub::run(session, events, subscribers, streams).await,
        PubsubRequest::Publish {
            hub,
            channel,
            message,
            count,
        } => {
            steer(session, hub, |reply| Command::Publish {
                channel,
                message,
                count,
                reply,
            })
            .await
        }
        PubsubRequest::Disconnect { hub, subscriber } => {
            steer(session, hub, |reply| Command::Disconnect {
                subscriber,
                reply,
            })
            .await
        }
        PubsubRequest::Reconnect { hub, subscriber } => {
            steer(session, hub, |reply| Command::Reconnect {
                subscriber,
                reply,
            })
            .await
        }
        PubsubRequest::SlowSubscriber { message_bytes } => {
            slow::run(session, events.id(), message_bytes).await
        }
        PubsubRequest::Sharded { messages } => sharded::run(session, events.id(), messages).await,
    }
}

/// Sends a command to the running hub `hub` and waits for its answer.
async fn steer(
    session: &Session,
    hub: shared::RequestId,
    command: impl FnOnce(oneshot::Sender<Result<PubsubReply, LabError>>) -> Command,
) -> Result<PubsubReply, LabError> {
    let handle: HubHandle = session.control(hub).ok_or(LabError::NoSuchRun(hub))?;
    let (reply, answer) = oneshot::channel();
    handle
        .send(command(reply))
        .await
        .map_err(|_| LabError::NoSuchRun(hub))?;
    answer.await.map_err(|_| LabError::NoSuchRun(hub))?
}

/// The course's `json.loads(message['data'])`, told apart: a notification, other JSON, or not JSON.
fn parse(text: &str) -> Payload {
    match serde_json::from_str::<serde_json::Value>(text) {
        Err(_) => Payload::Malformed {
            text: text.to_owned(),
        },
        Ok(value) => match serde_json::from_value::<Notification>(value) {
            Ok(notification) => Payload::Notification(notification),
            Err(_) => Payload::Json {
                text: text.to_owned(),
            },
        },
    }
}

/// How long a closed subscriber may take to leave Redis's counts.
const GONE_WITHIN: Duration = Duration::from_secs(2);

/// What Redis counts for some channels: subscribers of each, and pattern subscriptions in all.
pub struct Counts {
    channels: Vec<(Channel, i64)>,
    patterns: i64,
}

/// Reads `PUBSUB NUMSUB` of each channel and `PUBSUB NUMPAT`.
pub async fn counts(conn: &mut Conn, channels: Vec<Channel>) -> Result<Counts, StoreError> {
    let mut counted = Vec::with_capacity(channels.len());
    for channel in channels {
        let n = conn.numsub(&channel).await?;
        counted.push((channel, n));
    }
    let patterns = conn.numpat().await?;
    Ok(Counts {
        channels: counted,
        patterns,
    })
}

/// A closed subscriber stays in Redis's counts until Redis has processed the closed connection, so a
/// `PUBLISH` right after could still count it. Waits, reading the counts, until each of its channels counts
/// one fewer than `before` and its `patterns` are gone.
pub async fn until_gone(conn: &mut Conn, before: Counts, patterns: i64) -> Result<(), StoreError> {
    let deadline = Instant::now() + GONE_WITHIN;
    loop {
        let mut gone = conn.numpat().await? <= before.patterns - patterns;
        for (channel, n) in &before.channels {
            gone &= conn.numsub(channel).await? < *n;
        }
        if gone || Instant::now() > deadline {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A relative channel name, inside the session's namespace.
fn channel(namespace: &Namespace, name: &str) -> Channel {
    namespace.channel(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_read_like_the_courses_json_loads() {
        let n = r#"{"type":"new_message","from":"Alice","content":"Hello!"}"#;
        assert!(matches!(parse(n), Payload::Notification(ref x) if x.from == "Alice"));
        assert!(matches!(parse("[1,2]"), Payload::Json { .. }));
        assert!(matches!(parse("{not json"), Payload::Malformed { .. }));
    }
}
