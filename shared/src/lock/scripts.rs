//! The Lua the lock lab runs, kept here so the frontend's code panel shows exactly what Redis executes.

/// The course's release: delete the lock only if it still holds our token (run with `EVAL`, as the
/// course's `self.r.eval(script, 1, self.name, self.token)` does).
pub const RELEASE: &str = include_str!("release.lua");
/// Lease renewal: extend the lock only while it is still ours.
pub const RENEW: &str = include_str!("renew.lua");
/// The fenced resource: reject writes with a token older than the newest seen.
pub const FENCED_WRITE: &str = include_str!("fenced_write.lua");
