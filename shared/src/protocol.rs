//! The two message enums and the per-lab request and reply enums.
//!
//! Adding a lab means one module in this crate and one variant in [`LabRequest`] and [`LabReply`].
//!
//! What the backend streams, [`ServerMsg`] and the events it carries ([`LabEvent`] and each lab's
//! event enum), is externally tagged: `{"events": {"id": 7, "events": [{"room": {"delivered": …}}]}}`.
//! A reader then knows each variant from its first key and reads it in one pass; an internally tagged
//! enum (`{"type": "events", …}`) is first buffered whole and read again, once per level, which made
//! decoding a frame of room deliveries about five times slower, in the bench's participants and in
//! the browser alike. Requests and replies, one per action, keep their tag fields.

use std::convert::Infallible;
use std::fmt::Debug;

use serde::{Deserialize, Serialize};

use crate::{
    ErrorBody, RedisHealth, SessionInfo, TraceEntry, cache, console, exercise, lock, ping, pubsub,
    quiz, ratelimit, room,
};

/// Bumped whenever a message changes shape; the browser shows a "reload" hint on a mismatch.
pub const PROTOCOL_VERSION: u32 = 3;

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
    /// A command typed in the console.
    Console(console::ConsoleRequest),
    /// A graded exercise: the learner's code, run on a sandbox Redis.
    Exercise(exercise::ExerciseRequest),
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
            Self::Console(req) => req.validate(),
            Self::Exercise(req) => req.validate(),
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
    /// What a console command did.
    Console(console::ConsoleReply),
    /// An exercise's grade.
    Exercise(exercise::ExerciseReply),
}

/// Something a long run reports before its reply, tagged by lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// A console subscription's messages.
    Console(console::ConsoleEvent),
}

/// One lab's own request, event and reply types, tied to the generic [`LabRequest`], [`LabEvent`] and
/// [`LabReply`] once. Implemented by each lab's request type (below, one line per lab), so a browser
/// page speaks its lab's types and never matches on another lab's variant.
pub trait Lab: Sized {
    /// What a long run of this lab reports before its reply (`Infallible` for a lab without events).
    type Event: Debug + Clone + PartialEq;
    /// The lab's final answer.
    type Reply: Debug + Clone + PartialEq;

    /// The request as the protocol carries it.
    fn wrap(self) -> LabRequest;

    /// The lab's own event inside `event`; `None` for another lab's.
    fn event(event: &LabEvent) -> Option<&Self::Event>;

    /// The lab's own reply inside `reply`; `None` for another lab's.
    fn reply(reply: LabReply) -> Option<Self::Reply>;
}

/// Implements [`Lab`] for one lab's request type: `lab!(Variant: Request => Reply, Event)`, or without
/// the event for a lab that has none.
macro_rules! lab {
    ($lab:ident: $request:ty => $reply:ty, $event:ty) => {
        lab!(@tie $lab, $request, $reply, $event, |event| match event {
            LabEvent::$lab(event) => Some(event),
            _ => None,
        });
    };
    ($lab:ident: $request:ty => $reply:ty) => {
        lab!(@tie $lab, $request, $reply, Infallible, |_event| None);
    };
    (@tie $lab:ident, $request:ty, $reply:ty, $event:ty, |$e:ident| $event_of:expr) => {
        impl Lab for $request {
            type Event = $event;
            type Reply = $reply;

            fn wrap(self) -> LabRequest {
                LabRequest::$lab(self)
            }

            fn event($e: &LabEvent) -> Option<&$event> {
                $event_of
            }

            fn reply(reply: LabReply) -> Option<$reply> {
                match reply {
                    LabReply::$lab(reply) => Some(reply),
                    _ => None,
                }
            }
        }
    };
}

lab!(Ping: ping::PingRequest => ping::PingReply);
lab!(Ratelimit: ratelimit::RatelimitRequest => ratelimit::RatelimitReply, ratelimit::RatelimitEvent);
lab!(Lock: lock::LockRequest => lock::LockReply, lock::LockEvent);
lab!(Cache: cache::CacheRequest => cache::CacheReply, cache::CacheEvent);
lab!(Quiz: quiz::QuizRequest => quiz::QuizReply);
lab!(Pubsub: pubsub::PubsubRequest => pubsub::PubsubReply, pubsub::PubsubEvent);
lab!(Room: room::RoomRequest => room::RoomReply, room::RoomEvent);
lab!(Console: console::ConsoleRequest => console::ConsoleReply, console::ConsoleEvent);
lab!(Exercise: exercise::ExerciseRequest => exercise::ExerciseReply);

/// Everything the backend sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// Progress of request `id`: several events in one frame, in the order they happened. The backend
    /// sends them so when they queued up while the socket was busy (a room's burst of messages); the
    /// same as that many [`ServerMsg::Event`]s.
    Events {
        /// The request that is running.
        id: RequestId,
        /// What happened, oldest first.
        events: Vec<LabEvent>,
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

impl ServerMsg {
    /// The request and the events an [`ServerMsg::Event`] or [`ServerMsg::Events`] carries, oldest
    /// first; `None` for any other message.
    pub fn into_events(self) -> Option<(RequestId, Vec<LabEvent>)> {
        match self {
            Self::Event { id, event } => Some((id, vec![event])),
            Self::Events { id, events } => Some((id, events)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::{CacheReply, CacheRequest};
    use crate::ping::PingRequest;
    use crate::ratelimit::{RatelimitEvent, RatelimitRequest};

    #[test]
    fn a_lab_wraps_its_request_and_finds_only_its_own_events_and_replies() {
        let request = PingRequest { text: "hi".into() };
        assert_eq!(request.clone().wrap(), LabRequest::Ping(request));

        let decisions = RatelimitEvent::Decisions { decisions: vec![] };
        let event = LabEvent::Ratelimit(decisions.clone());
        assert_eq!(RatelimitRequest::event(&event), Some(&decisions));
        assert_eq!(CacheRequest::event(&event), None);
        assert_eq!(PingRequest::event(&event), None);

        let reply = CacheReply::Reset { deleted: 3 };
        assert_eq!(
            CacheRequest::reply(LabReply::Cache(reply.clone())),
            Some(reply.clone())
        );
        assert_eq!(RatelimitRequest::reply(LabReply::Cache(reply)), None);
    }

    #[test]
    fn one_event_or_several_are_events_and_nothing_else_is() {
        let event = || LabEvent::Ratelimit(RatelimitEvent::Decisions { decisions: vec![] });
        let one = ServerMsg::Event {
            id: 3,
            event: event(),
        };
        assert_eq!(one.into_events(), Some((3, vec![event()])));
        let events = vec![event(), event()];
        let several = ServerMsg::Events {
            id: 4,
            events: events.clone(),
        };
        assert_eq!(several.into_events(), Some((4, events)));
        assert_eq!(ServerMsg::Dropped { traces: 2 }.into_events(), None);
    }
}
