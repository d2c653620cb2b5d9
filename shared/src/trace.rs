//! The command trace: one record per Redis command that really ran for a session.

use serde::{Deserialize, Serialize};

use crate::RequestId;

/// One Redis command, as the backend sent it and as Redis answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceEntry {
    /// Increases by one per entry within a session, so gaps show dropped entries.
    pub seq: u64,
    /// Wall-clock time the command was sent, in Unix milliseconds.
    pub at_ms: u64,
    /// Which virtual client or connection sent it, e.g. `session` or `client-3`.
    pub client: String,
    /// The request that caused it, when there is one (cleanup at disconnect has none).
    pub request: Option<RequestId>,
    /// Command name and arguments, long arguments shortened.
    pub command: Vec<String>,
    /// Short form of the reply, e.g. `OK`, `(integer) 3`, `"hello"`, `(nil)`, or the error text.
    pub reply: String,
    /// False when Redis answered with an error or the command failed to complete.
    pub ok: bool,
    /// Time from send to reply, in microseconds.
    pub micros: u64,
    /// Whether the learner's action caused it, or the playground's own bookkeeping.
    pub origin: Origin,
}

/// Who a traced command is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A command the learner's action (a lab, a demo, a room's action) sent.
    #[default]
    Learner,
    /// The playground's own bookkeeping: presence, the limits' counters, run numbers, ACL, loading a
    /// script after `NOSCRIPT`, cleanup, and reads it adds only to show what happened or to wait for
    /// Redis (`PUBSUB NUMSUB` after a subscriber left). Hidden in the trace panel unless the learner
    /// asks to see them.
    Playground,
}
