//! What the lab sends besides its hub and what comes back: steering requests, the slow-subscriber demo
//! and the sharded lesson, their answers as the reducer sees them, and the problems worth telling the
//! user.

use shared::pubsub::{PubsubReply, ShardedReport};
use shared::{ParamRange, RequestId};

use crate::ws::Failure;

/// What a steering request was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Publish`.
    Publish,
    /// `Disconnect`.
    Disconnect,
    /// `Reconnect`.
    Reconnect,
    /// `SlowSubscriber`.
    Slow,
    /// `Sharded`.
    Sharded,
}

/// A request whose answer the lab awaits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// Its id.
    pub id: RequestId,
    /// What it was.
    pub kind: Kind,
}

/// The slow-subscriber demo's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlowFigures {
    /// Messages published before `PUBLISH` counted no receiver.
    pub published: u32,
    /// Their bytes.
    pub bytes: u64,
    /// The subscriber's output buffer at each reading, in bytes.
    pub omem: Vec<u64>,
    /// Whether Redis had closed the subscriber's connection.
    pub closed_by_redis: bool,
}

/// One run of the slow-subscriber demo.
#[derive(Debug, Clone, PartialEq)]
pub struct SlowRun {
    /// Its request.
    pub id: RequestId,
    /// Its answer, once there is one.
    pub result: Option<Result<SlowFigures, Problem>>,
}

/// One run of the sharded lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct ShardedRun {
    /// Its request.
    pub id: RequestId,
    /// Its answer, once there is one.
    pub result: Option<Result<ShardedReport, Problem>>,
}

/// The sharded lesson's report from its answer.
pub fn sharded_result(outcome: &Result<PubsubReply, Failure>) -> Result<ShardedReport, Problem> {
    match outcome {
        Ok(PubsubReply::Sharded(report)) => Ok(report.clone()),
        // The backend answers this request with its report; anything else means it did not run.
        Ok(_) => Err(Problem::HubGone),
        Err(failure) => Err(Problem::Failed(failure.clone())),
    }
}

/// Something to tell the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A field out of range, found before sending.
    Range(ParamRange),
    /// A request failed.
    Failed(Failure),
    /// The hub ended without being asked (or was gone when a demo's step needed it).
    HubGone,
}

/// The slow-subscriber demo's figures from its answer.
pub fn slow_result(outcome: &Result<PubsubReply, Failure>) -> Result<SlowFigures, Problem> {
    match outcome {
        Ok(PubsubReply::SlowSubscriber {
            published,
            bytes,
            omem,
            closed_by_redis,
        }) => Ok(SlowFigures {
            published: *published,
            bytes: *bytes,
            omem: omem.clone(),
            closed_by_redis: *closed_by_redis,
        }),
        // The backend answers this request with these figures; anything else means it did not run.
        Ok(_) => Err(Problem::HubGone),
        Err(failure) => Err(Problem::Failed(failure.clone())),
    }
}
