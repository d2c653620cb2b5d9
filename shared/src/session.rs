//! Who the connection is, and the health of the Redis behind the backend.

use serde::{Deserialize, Serialize};

/// One browser connection's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// Random id, unguessable.
    pub id: String,
    /// Prefix of every key and channel this session touches, `pg:{<id>}:`. The braces are a Redis Cluster
    /// hash tag, so all of a session's keys share one slot.
    pub namespace: String,
    /// Every key the session writes expires after at most this many seconds.
    pub key_ttl_secs: u64,
}

/// Redis as one backend sees it. Also the body of `/healthz`'s `redis` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedisHealth {
    /// Whether the last probe got an answer.
    pub reachable: bool,
    /// `redis_version` from `INFO server`, once known.
    pub version: Option<String>,
    /// Round trip of the last successful `PING`, in microseconds.
    pub round_trip_us: Option<u64>,
}
