//! The `pubsub` lab: the course's `NotificationService` with real subscribers on connections of their own,
//! what a disconnect loses, a slow subscriber cut off by Redis, and Streams recovering what was missed.
//!
//! - [`hub`]: one running hub: its subscribers, its publisher, its stream consumers.
//! - [`listener`]: one subscriber's connection, the course's `subscribe(channel, callback)`.
//! - [`slow`]: the output-buffer demo on a private Redis.

mod hub;
mod listener;
mod slow;

use shared::pubsub::{Notification, Payload, PubsubReply, PubsubRequest};
use tokio::sync::oneshot;

use crate::{
    error::LabError,
    labs::Events,
    session::Session,
    store::{Channel, Namespace},
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
