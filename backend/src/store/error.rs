//! [`StoreError`]: why a Redis operation failed, and an error reply's text as redis-cli shows it. Below
//! every other store module, so each can name a failure without depending on the connection.

/// Why a Redis operation failed; callers branch on it (an outage is reported differently from a bug).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The Redis URL could not be parsed.
    #[error("the Redis URL is not valid: {0}")]
    BadUrl(String),
    /// Redis could not be reached, the connection dropped, or it did not answer in time.
    #[error("Redis is unavailable")]
    Unavailable,
    /// Redis answered with an error.
    #[error("Redis refused the command: {0}")]
    Command(String),
    /// Redis answered with a reply of a shape the operation did not expect.
    #[error("unexpected reply from Redis: {0}")]
    UnexpectedReply(String),
    /// This tab's user was already let into this many namespaces besides its own (rooms).
    #[error("a tab may enter at most {0} rooms")]
    TooManyNamespaces(usize),
}

impl StoreError {
    /// The failure a redis-rs error stands for: an outage, or a command Redis refused.
    pub(super) fn from_redis(e: redis::RedisError) -> Self {
        if e.is_io_error()
            || e.is_connection_dropped()
            || e.is_connection_refusal()
            || e.is_timeout()
        {
            Self::Unavailable
        } else {
            Self::Command(e.to_string())
        }
    }
}

/// An error reply as redis-cli shows it: the code, then the details (`NOSCRIPT No matching script…`).
pub(super) fn server_error_text(e: &redis::ServerError) -> String {
    match e.details() {
        Some(details) => format!("{} {details}", e.code()),
        None => e.code().to_owned(),
    }
}
