//! The playground's wire protocol, shared by the browser (`frontend`, wasm32) and the server (`backend`).
//!
//! Every byte that crosses the WebSocket is one [`ClientMsg`] or one [`ServerMsg`], as JSON in a text
//! frame. Changing a type here is a protocol change: `tests` pins the JSON of every message.
//!
//! - [`protocol`]: the two message enums, request ids, the lab request/reply enums, and [`Lab`], which
//!   ties each lab's own types to them.
//! - [`exercise`]: graded exercises: the learner's code, its contract, and what grading found.
//! - [`error`]: stable error codes sent to the browser.
//! - [`trace`]: one record of a Redis command that really ran.
//! - [`session`]: who the browser is (session id and namespace) and how Redis is doing.
//! - [`ping`]: the `ping` lab, the smallest end-to-end path through the product.
//! - [`console`]: the redis-cli-like console: requests, the line splitter, the offered commands.
//! - [`cache`]: the cache warm-up lab: the course's `CacheWarmer`, the access log, cache-aside.
//! - [`lock`]: the distributed-lock lab: contenders, faults, fencing.
//! - [`pubsub`]: the Pub/Sub lab: fan-out, loss, a slow subscriber, Streams.
//! - [`quiz`]: the unit's questions, each option runnable live.
//! - [`ratelimit`]: the rate-limiting lab: fixed and sliding windows on the same traffic.
//! - [`share`]: share links: a run request packed into a few bytes for a URL.
//! - [`speed`]: slow motion for live runs: every duration Redis sees, stretched.
//! - [`room`]: workshop rooms: a presenter, an audience joining with a code, shared real Redis actions.

pub mod cache;
pub mod console;
pub mod error;
pub mod exercise;
pub mod lock;
pub mod ping;
pub mod protocol;
pub mod pubsub;
pub mod quiz;
pub mod ratelimit;
pub mod room;
pub mod session;
pub mod share;
pub mod speed;
pub mod trace;

pub use error::{ErrorBody, ErrorCode, ParamRange};
pub use protocol::{
    ClientMsg, Lab, LabEvent, LabReply, LabRequest, PROTOCOL_VERSION, RequestId, ServerMsg,
};
pub use session::{RedisHealth, SessionInfo};
pub use trace::{Origin, TraceEntry};

#[cfg(test)]
mod tests;
