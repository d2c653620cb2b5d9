//! Graded exercises: the learner's own code, run on a sandbox redis-server of its own
//! ([`crate::sandbox`]) and judged on what that Redis returned.
//!
//! - [`ratelimit`]: the rate-limit exercise (the course's 演習2), one Lua script against hidden and
//!   visible cases.
//! - [`lock`]: the lock exercise (the course's 演習3), an acquire and a release script run by
//!   contenders with the lock lab's faults.
//! - [`cache`]: the cache warm-up exercise (the course's 演習4), one Lua script judged on what it
//!   leaves in Redis.
//! - [`pubsub`]: the Pub/Sub exercise (the course's 演習1), a publish and a read script run by a
//!   publisher, a live subscriber and a reader that goes away.
//! - [`grading`]: what they share: loading, one script run with its kill path, the verdicts.

pub mod cache;
pub mod grading;
pub mod lock;
pub mod pubsub;
pub mod ratelimit;

use shared::exercise::{ExerciseReply, ExerciseRequest};

use super::Events;
use crate::{error::LabError, sandbox::Sandboxes, session::Session};

/// Grades one submission; a stopped run kills its sandbox and answers `cancelled`.
pub async fn run(
    session: &Session,
    events: Events,
    request: ExerciseRequest,
    sandboxes: &Sandboxes,
) -> Result<ExerciseReply, LabError> {
    let id = events.id();
    let graded = async {
        match request {
            ExerciseRequest::Ratelimit { script } => {
                ratelimit::grade(session, id, &script, sandboxes)
                    .await
                    .map(ExerciseReply::Ratelimit)
            }
            ExerciseRequest::Lock { acquire, release } => {
                lock::grade(session, id, &acquire, &release, sandboxes)
                    .await
                    .map(ExerciseReply::Lock)
            }
            ExerciseRequest::Cache { script } => cache::grade(session, id, &script, sandboxes)
                .await
                .map(ExerciseReply::Cache),
            ExerciseRequest::Pubsub { publish, read } => {
                pubsub::grade(session, id, &publish, &read, sandboxes)
                    .await
                    .map(ExerciseReply::Pubsub)
            }
        }
    };
    tokio::select! {
        reply = graded => reply,
        () = events.cancelled() => Err(LabError::Cancelled),
    }
}
