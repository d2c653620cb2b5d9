//! The `pubsub` lab: the course's `NotificationService` with real subscribers. Each subscriber (this
//! browser is subscriber 0) has a Redis connection of its own, because a subscribed RESP2 connection can
//! do nothing else. Loss on disconnect, a slow subscriber cut off by Redis, and Streams as the durable
//! alternative.

use serde::{Deserialize, Serialize};

use crate::{ParamRange, RequestId};

/// Most virtual subscribers besides the browser.
pub const MAX_SUBSCRIBERS: u32 = 50;
/// Largest payload, in bytes.
pub const MAX_PAYLOAD: usize = 4096;
/// Most messages in one burst.
pub const MAX_BURST: u32 = 1000;
/// Longest channel name or pattern, in characters (before the namespace).
pub const MAX_NAME: usize = 64;
/// Most messages the classic-against-sharded lesson publishes each way.
pub const MAX_SHARDED_MESSAGES: u32 = 100;

/// What one subscriber listens to, by names relative to the session's namespace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// `SUBSCRIBE` these, e.g. `user:1:notifications`.
    pub channels: Vec<String>,
    /// `PSUBSCRIBE` these, e.g. `user:*:notifications`.
    pub patterns: Vec<String>,
}

/// The course's notification: `{'type': …, 'from': …, 'content': …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// e.g. `new_message`.
    #[serde(rename = "type")]
    pub kind: String,
    /// e.g. `Alice`.
    pub from: String,
    /// e.g. `Hello!`.
    pub content: String,
}

/// What to publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Message {
    /// `service.publish(channel, {...})`: the backend sends `json.dumps` of it.
    Notification(Notification),
    /// Any text as is, including text that is not JSON.
    Text {
        /// The payload.
        text: String,
    },
}

/// What the browser asks of the lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PubsubRequest {
    /// Starts a hub: subscriber 0 (this browser) and the virtual ones, each on its own connection. It
    /// runs, streaming deliveries, until cancelled.
    Start {
        /// One per subscriber; index 0 is the browser.
        subscribers: Vec<Subscription>,
        /// Also send every message through a Redis Stream with a consumer group per subscriber.
        streams: bool,
    },
    /// Publishes `count` messages (numbered when more than one) through hub `hub`.
    Publish {
        /// The `Start` request's id.
        hub: RequestId,
        /// Channel, relative to the namespace.
        channel: String,
        /// The message.
        message: Message,
        /// 1 to [`MAX_BURST`].
        count: u32,
    },
    /// Closes subscriber `subscriber`'s connection.
    Disconnect {
        /// The hub.
        hub: RequestId,
        /// Which subscriber.
        subscriber: u32,
    },
    /// Opens it again and subscribes as before.
    Reconnect {
        /// The hub.
        hub: RequestId,
        /// Which subscriber.
        subscriber: u32,
    },
    /// On a private Redis with a small `client-output-buffer-limit pubsub`, a subscriber that stops
    /// reading while messages pile up, until Redis disconnects it.
    SlowSubscriber {
        /// Bytes per message, 1024 to 65536.
        message_bytes: u32,
    },
    /// On a Redis Cluster, `messages` classic `PUBLISH`es and `messages` sharded `SPUBLISH`es (Redis 7),
    /// each heard by a subscriber of its own, and what every node's cluster bus received meanwhile
    /// (`CLUSTER INFO`'s `cluster_stats_messages_publish_received` and `…_publishshard_received`).
    Sharded {
        /// 1 to [`MAX_SHARDED_MESSAGES`].
        messages: u32,
    },
}

/// A relative channel name: letters, digits and `:_-.`, 1 to [`MAX_NAME`] characters; patterns may
/// also use `*` and `?`.
pub fn validate_name(field: &str, name: &str, pattern: bool) -> Result<(), ParamRange> {
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || ":_-.".contains(c) || (pattern && "*?".contains(c));
    let len = name.chars().count();
    let ok_len = if name.chars().all(allowed) {
        len as i64
    } else {
        0
    };
    ParamRange::check(field, ok_len, 1, MAX_NAME as i64)
}

impl PubsubRequest {
    /// Checks every parameter, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ParamRange> {
        match self {
            Self::Start { subscribers, .. } => {
                ParamRange::check(
                    "subscribers",
                    subscribers.len() as i64,
                    1,
                    i64::from(MAX_SUBSCRIBERS) + 1,
                )?;
                for s in subscribers {
                    ParamRange::check(
                        "subscriptions",
                        (s.channels.len() + s.patterns.len()) as i64,
                        1,
                        8,
                    )?;
                    s.channels
                        .iter()
                        .try_for_each(|c| validate_name("channel", c, false))?;
                    s.patterns
                        .iter()
                        .try_for_each(|p| validate_name("pattern", p, true))?;
                }
                Ok(())
            }
            Self::Publish {
                channel,
                message,
                count,
                ..
            } => {
                validate_name("channel", channel, false)?;
                ParamRange::check("count", (*count).into(), 1, MAX_BURST.into())?;
                let bytes = match message {
                    Message::Text { text } => text.len(),
                    Message::Notification(n) => n.kind.len() + n.from.len() + n.content.len(),
                };
                ParamRange::check("payload_bytes", bytes as i64, 0, MAX_PAYLOAD as i64)
            }
            Self::Disconnect { subscriber, .. } | Self::Reconnect { subscriber, .. } => {
                ParamRange::check(
                    "subscriber",
                    (*subscriber).into(),
                    0,
                    MAX_SUBSCRIBERS.into(),
                )
            }
            Self::SlowSubscriber { message_bytes } => {
                ParamRange::check("message_bytes", (*message_bytes).into(), 1024, 65_536)
            }
            Self::Sharded { messages } => ParamRange::check(
                "messages",
                (*messages).into(),
                1,
                MAX_SHARDED_MESSAGES.into(),
            ),
        }
    }
}

/// How a delivered payload read, through the course's `json.loads`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "as", rename_all = "snake_case")]
pub enum Payload {
    /// A notification: the course's callback gets it.
    Notification(Notification),
    /// Valid JSON of another shape.
    Json {
        /// The text.
        text: String,
    },
    /// Not JSON: the course's `json.loads` would raise here and end its listener thread.
    Malformed {
        /// The text.
        text: String,
    },
}

/// One message as one subscriber received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// Which subscriber.
    pub subscriber: u32,
    /// Channel, relative to the namespace.
    pub channel: String,
    /// The matching pattern, for a `PSUBSCRIBE`.
    pub pattern: Option<String>,
    /// The hub's number of the publish, when the hub sent it.
    pub publish: Option<u64>,
    /// The payload, parsed as the course's callback would.
    pub payload: Payload,
    /// `seq` of the trace entry of the receipt.
    pub trace: u64,
}

/// The lab's streamed events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PubsubEvent {
    /// A subscriber is connected and subscribed.
    Subscribed {
        /// Which.
        subscriber: u32,
    },
    /// A message was published: `PUBLISH`'s reply is how many subscribers received it.
    Published {
        /// The hub's number for it.
        publish: u64,
        /// Channel, relative.
        channel: String,
        /// `PUBLISH`'s reply.
        receivers: i64,
        /// `seq` of its trace entry.
        trace: u64,
    },
    /// Messages received since the last event.
    Delivered {
        /// In order of receipt.
        deliveries: Vec<Delivery>,
    },
    /// A subscriber's connection was closed.
    Disconnected {
        /// Which.
        subscriber: u32,
    },
    /// It came back; `missed` messages matching its subscriptions were published meanwhile.
    Reconnected {
        /// Which.
        subscriber: u32,
        /// Published while it was away, and gone for it.
        missed: u32,
    },
    /// A subscriber's consumer group read from the stream.
    StreamRead {
        /// Which.
        subscriber: u32,
        /// Entries read this time.
        read: u32,
        /// Entries delivered to the group and not yet acknowledged (`XPENDING`).
        pending: u32,
        /// Entries acknowledged so far.
        acked: u32,
    },
    /// Redis refused a subscriber's consumer's `XPENDING` or `XACK`: its counts are unknown until the
    /// next reading.
    StreamFailed {
        /// Which.
        subscriber: u32,
        /// The command and Redis's error, as the trace shows them.
        error: String,
    },
}

/// The lab's final answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PubsubReply {
    /// The hub stopped.
    Stopped,
    /// The last `PUBLISH`'s receiver count, and how many were sent.
    Published {
        /// Messages published.
        count: u32,
        /// Receivers of the last one.
        receivers: i64,
    },
    /// The hub did it.
    Done,
    /// The slow subscriber was cut off.
    SlowSubscriber {
        /// Messages published before `PUBLISH` counted no receiver.
        published: u32,
        /// Their bytes: the playground's own sum (messages × message size), not a figure Redis
        /// reported; the screen says so.
        bytes: u64,
        /// The subscriber's output buffer (`omem` in `CLIENT LIST`) at each reading, in bytes.
        omem: Vec<u64>,
        /// Whether reading the subscriber's socket then found it closed by Redis.
        closed_by_redis: bool,
    },
    /// Classic against sharded Pub/Sub.
    Sharded(ShardedReport),
}

/// What classic `PUBLISH` and sharded `SPUBLISH` reached, every figure read from Redis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardedReport {
    /// Whether this Redis is a cluster. One server has no cluster bus; then nothing was published and
    /// the rest is empty.
    pub cluster: bool,
    /// Messages published each way.
    pub messages: u32,
    /// The sum of `PUBLISH`'s replies: subscribers counted on the node it ran on.
    pub classic_receivers: i64,
    /// The sum of `SPUBLISH`'s replies.
    pub sharded_receivers: i64,
    /// Messages the classic subscriber received.
    pub classic_delivered: u32,
    /// Messages the sharded subscriber received.
    pub sharded_delivered: u32,
    /// Every node, as `CLUSTER NODES` listed it, with its bus's counts over the run.
    pub nodes: Vec<BusNode>,
}

/// One cluster node and the Pub/Sub messages its cluster bus received during the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusNode {
    /// `host:port`.
    pub address: String,
    /// A replica (else a master).
    pub replica: bool,
    /// Whether it is in the shard of the lesson's channels: the master serving their slot, or one of
    /// its replicas.
    pub shard: bool,
    /// Growth of `cluster_stats_messages_publish_received`: classic messages that crossed the bus to it.
    pub classic: u64,
    /// Growth of `cluster_stats_messages_publishshard_received`: sharded ones.
    pub sharded: u64,
}

/// Whether `channel` matches `pattern` the way `PSUBSCRIBE` does, for `*` and `?`.
pub fn glob_matches(pattern: &str, channel: &str) -> bool {
    fn go(p: &[u8], c: &[u8]) -> bool {
        match (p.first(), c.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], c) || (!c.is_empty() && go(p, &c[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &c[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &c[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), channel.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_psubscribe() {
        assert!(glob_matches("user:*:notifications", "user:1:notifications"));
        assert!(glob_matches("user:?:n", "user:7:n"));
        assert!(!glob_matches("user:*:notifications", "user:1:other"));
        assert!(glob_matches("*", ""));
    }

    #[test]
    fn names_are_validated() {
        assert!(validate_name("channel", "user:1:notifications", false).is_ok());
        assert!(validate_name("channel", "user:*", false).is_err());
        assert!(validate_name("pattern", "user:*", true).is_ok());
        assert!(
            validate_name("channel", "pg:{x}", false).is_err(),
            "no braces: nothing outside the namespace"
        );
        assert!(validate_name("channel", "", false).is_err());
    }
}
