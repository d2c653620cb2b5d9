//! Pub/Sub subscribers. A subscribed connection can do nothing but (un)subscribe and receive, so each
//! subscriber has a connection of its own. Its `SUBSCRIBE`s are traced, and so is every message it
//! receives, under its own client name: the trace shows what really reached whom.

use std::time::Instant;

use futures_util::StreamExt;
use redis::aio::PubSub;

use super::{
    Channel,
    error::StoreError,
    identity::SessionUser,
    reply::{quoted, shorten},
    trace::{Tracer, now_ms},
};

/// One subscriber connection.
pub struct Subscriber {
    pubsub: PubSub,
    pub(super) tracer: Tracer,
    /// The ACL user it is logged in as, which must be granted each pattern before `PSUBSCRIBE`.
    user: Option<SessionUser>,
    /// The last subscription's reply as the trace shows it.
    confirmed: String,
}

/// A message as one subscriber received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The channel it was published to.
    pub channel: String,
    /// The pattern that matched, for a `PSUBSCRIBE`.
    pub pattern: Option<String>,
    /// The payload, as text.
    pub payload: String,
    /// `seq` of its trace entry.
    pub seq: u64,
}

impl Subscriber {
    pub(super) fn new(pubsub: PubSub, tracer: Tracer, user: Option<SessionUser>) -> Self {
        Self {
            pubsub,
            tracer,
            user,
            confirmed: String::new(),
        }
    }

    /// The last `SUBSCRIBE` or `PSUBSCRIBE`'s reply, as its trace line shows it.
    pub fn confirmed(&self) -> &str {
        &self.confirmed
    }

    /// `SUBSCRIBE channel`.
    pub async fn subscribe(&mut self, channel: &Channel) -> Result<u64, StoreError> {
        let at_ms = now_ms();
        let started = Instant::now();
        let result = self.pubsub.subscribe(channel.as_str()).await;
        self.confirm("SUBSCRIBE", channel, result, at_ms, started)
    }

    /// `PSUBSCRIBE pattern`.
    pub async fn psubscribe(&mut self, pattern: &Channel) -> Result<u64, StoreError> {
        if let Some(user) = &self.user {
            user.grant_pattern(pattern).await?;
        }
        let at_ms = now_ms();
        let started = Instant::now();
        let result = self.pubsub.psubscribe(pattern.as_str()).await;
        self.confirm("PSUBSCRIBE", pattern, result, at_ms, started)
    }

    fn confirm(
        &mut self,
        command: &str,
        name: &Channel,
        result: redis::RedisResult<()>,
        at_ms: u64,
        started: Instant,
    ) -> Result<u64, StoreError> {
        let micros = started.elapsed().as_micros() as u64;
        let line = vec![command.to_owned(), name.as_str().to_owned()];
        let reply = match &result {
            Ok(()) => format!(
                "1) {} 2) {}",
                quoted(&command.to_lowercase()),
                quoted(name.as_str())
            ),
            Err(e) => format!("(failed) {e}"),
        };
        self.confirmed.clone_from(&reply);
        let seq = self
            .tracer
            .record(line, reply, result.is_ok(), at_ms, micros);
        result.map(|()| seq).map_err(StoreError::from_redis)
    }

    /// The next message; `None` when the connection closed.
    pub async fn next(&mut self) -> Option<Delivery> {
        let msg = self.pubsub.on_message().next().await?;
        let channel = msg.get_channel_name().to_owned();
        let pattern: Option<String> = msg.get_pattern().ok();
        let payload = String::from_utf8_lossy(msg.get_payload_bytes()).into_owned();
        let kind = if pattern.is_some() {
            "pmessage"
        } else {
            "message"
        };
        let mut line = vec![format!("({kind})")];
        line.extend(pattern.iter().cloned());
        line.push(channel.clone());
        line.push(shorten(&payload));
        let seq = self
            .tracer
            .record(line, "(received)".into(), true, now_ms(), 0);
        Some(Delivery {
            channel,
            pattern,
            payload,
            seq,
        })
    }
}
