//! The Lua the backend runs for the atomic limiters. Kept here so the frontend's code panel shows exactly
//! the text Redis executes.

/// The sliding log, fixed: atomic, unique members.
pub const SLIDING_LOG: &str = include_str!("sliding_log.lua");
/// The weighted two-window sliding counter.
pub const SLIDING_COUNTER: &str = include_str!("sliding_counter.lua");
/// The token bucket.
pub const TOKEN_BUCKET: &str = include_str!("token_bucket.lua");
/// The leaky bucket as a meter: a level that leaks, no queue.
pub const LEAKY_BUCKET: &str = include_str!("leaky_bucket.lua");
/// GCRA: the theoretical arrival time in one key.
pub const GCRA: &str = include_str!("gcra.lua");
