//! The two message enums and the per-lab request and reply enums.
//!
//! Adding a lab means one module in this crate and one variant in [`LabRequest`] and [`LabReply`].

use serde::{Deserialize, Serialize};

use crate::{
    ErrorBody, RedisHealth, SessionInfo, TraceEntry, cache, lock, ping, pubsub, quiz, ratelimit,
    room,
};

/// Bumped whenever a message changes shape; the browser shows a "reload" hint on a mismatch.
pub const PROTOCOL_VERSION: u32 = 1;

/// Chosen by the browser, unique per connection; every reply, event and error names the request it answers.
pub type RequestId = u64;

/// Everything a browser sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMsg {
    /// Runs one action of one lab against Redis.
    Run {
        /// Echoed in the reply, the events and any error.
        id: RequestId,
        /// What to run.
        request: LabRequest,
    },
    /// Stops a long run started earlier by request `id`.
    Cancel {
        /// The id of the `Run` to stop.
        id: RequestId,
    },
}

/// One action of one lab. The `lab` field names the lab; the rest are that lab's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "lab", rename_all = "snake_case")]
pub enum LabRequest {
    /// The foundation's smoke lab: PING, SET, GET and TIME.
    Ping(ping::PingRequest),
    /// Fixed and sliding windows side by side.
    Ratelimit(ratelimit::RatelimitRequest),
    /// Contenders for one distributed lock.
    Lock(lock::LockRequest),
    /// Cache warm-up and its effect.
    Cache(cache::CacheRequest),
    /// One quiz option, tried live.
    Quiz(quiz::QuizRequest),
    /// Publishers, subscribers and streams.
    Pubsub(pubsub::PubsubRequest),
    /// A workshop room: open, join, and act in it.
    Room(room::RoomRequest),
}

impl LabRequest {
    /// Checks the request's parameters before anything reaches Redis.
    pub fn validate(&self) -> Result<(), crate::ParamRange> {
        match self {
            Self::Ping(req) => req.validate(),
            Self::Ratelimit(req) => req.validate(),
            Self::Lock(req) => req.validate(),
            Self::Cache(req) => req.validate(),
            Self::Quiz(_) => Ok(()),
            Self::Pubsub(req) => req.validate(),
            Self::Room(req) => req.validate(),
        }
    }
}

/// The final answer to a [`LabRequest`], tagged like it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "lab", rename_all = "snake_case")]
pub enum LabReply {
    /// What the ping lab found.
    Ping(ping::PingReply),
    /// What the rate-limiting lab decided.
    Ratelimit(ratelimit::RatelimitReply),
    /// What a lock run found.
    Lock(lock::LockReply),
    /// What the cache lab did.
    Cache(cache::CacheReply),
    /// What a quiz try showed.
    Quiz(quiz::QuizReply),
    /// What the Pub/Sub lab did.
    Pubsub(pubsub::PubsubReply),
    /// What a room request did.
    Room(room::RoomReply),
}

/// Something a long run reports before its reply, tagged by lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "lab", rename_all = "snake_case")]
pub enum LabEvent {
    /// Decisions streaming from a rate-limit run.
    Ratelimit(ratelimit::RatelimitEvent),
    /// Client happenings and key readings from a lock run.
    Lock(lock::LockEvent),
    /// Warm-up progress.
    Cache(cache::CacheEvent),
    /// Subscribers, publishes and deliveries of a hub.
    Pubsub(pubsub::PubsubEvent),
    /// What happens in a workshop room.
    Room(room::RoomEvent),
}

/// Everything the backend sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    /// First message on every connection.
    Hello {
        /// [`PROTOCOL_VERSION`] of the backend.
        protocol: u32,
        /// The session this connection is, and the namespace all of its keys live under.
        session: SessionInfo,
        /// Redis as the backend sees it right now.
        redis: RedisHealth,
    },
    /// The final answer to request `id`.
    Reply {
        /// The request answered.
        id: RequestId,
        /// The lab's answer.
        reply: LabReply,
    },
    /// Progress of request `id`, before its reply.
    Event {
        /// The request that is running.
        id: RequestId,
        /// What happened.
        event: LabEvent,
    },
    /// A request failed, or a message could not be understood.
    Error {
        /// The request that failed; `None` when the message was too broken to carry an id.
        id: Option<RequestId>,
        /// What went wrong.
        error: ErrorBody,
    },
    /// Commands that ran on Redis for this session, oldest first.
    Trace {
        /// One entry per command, in the order they completed.
        entries: Vec<TraceEntry>,
    },
    /// Redis went away or came back.
    Redis {
        /// The new state.
        health: RedisHealth,
    },
    /// The browser read too slowly, so the backend dropped trace entries instead of buffering without bound.
    Dropped {
        /// How many entries were dropped since the last notice.
        traces: u64,
    },
}
