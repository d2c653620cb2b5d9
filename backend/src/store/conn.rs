//! [`Conn`]: a traced Redis connection and the typed operations labs call on it.

use std::time::Instant;

use redis::{
    Cmd, FromRedisValue, Value,
    aio::{ConnectionLike, ConnectionManager, MultiplexedConnection},
};

use super::{
    Key, Namespace,
    reply::{shorten, summarize},
    trace::{Tracer, now_ms},
};

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
}

impl StoreError {
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

enum Link {
    /// The backend-wide connection, shared by every session's own commands; it reconnects by itself.
    Shared(ConnectionManager),
    /// A connection of one virtual client's own.
    Dedicated(MultiplexedConnection),
}

/// A Redis connection whose every command is recorded in a session's trace.
pub struct Conn {
    link: Link,
    tracer: Tracer,
}

impl Conn {
    pub(super) fn shared(link: ConnectionManager, tracer: Tracer) -> Self {
        Self {
            link: Link::Shared(link),
            tracer,
        }
    }

    pub(super) fn dedicated(link: MultiplexedConnection, tracer: Tracer) -> Self {
        Self {
            link: Link::Dedicated(link),
            tracer,
        }
    }

    /// Runs one command, records it, and converts the reply. The only place a command reaches Redis.
    async fn run<T: FromRedisValue>(&mut self, args: Vec<String>) -> Result<T, StoreError> {
        let mut cmd = Cmd::new();
        for arg in &args {
            cmd.arg(arg);
        }
        let at_ms = now_ms();
        let started = Instant::now();
        let result = match &mut self.link {
            Link::Shared(c) => c.req_packed_command(&cmd).await,
            Link::Dedicated(c) => c.req_packed_command(&cmd).await,
        };
        let micros = started.elapsed().as_micros() as u64;
        let shown: Vec<String> = args.iter().map(|a| shorten(a)).collect();
        match result {
            Ok(Value::ServerError(e)) => {
                let text = e.details().unwrap_or(e.code()).to_owned();
                self.tracer
                    .record(shown, format!("(error) {text}"), false, at_ms, micros);
                Err(StoreError::Command(text))
            }
            Ok(value) => {
                self.tracer
                    .record(shown, summarize(&value), true, at_ms, micros);
                T::from_redis_value(value).map_err(|e| StoreError::UnexpectedReply(e.to_string()))
            }
            Err(e) => {
                self.tracer
                    .record(shown, format!("(failed) {e}"), false, at_ms, micros);
                Err(StoreError::from_redis(e))
            }
        }
    }

    /// `PING`.
    pub async fn ping(&mut self) -> Result<String, StoreError> {
        self.run(args(["PING"])).await
    }

    /// `SET key value EX ttl_secs`: every write carries an expiry.
    pub async fn set_ex(
        &mut self,
        key: &Key,
        value: &str,
        ttl_secs: u64,
    ) -> Result<(), StoreError> {
        self.run(args([
            "SET",
            key.as_str(),
            value,
            "EX",
            &ttl_secs.to_string(),
        ]))
        .await
    }

    /// `GET key`.
    pub async fn get(&mut self, key: &Key) -> Result<Option<String>, StoreError> {
        self.run(args(["GET", key.as_str()])).await
    }

    /// `PTTL key`: milliseconds left, -1 for no expiry, -2 for no key.
    pub async fn pttl(&mut self, key: &Key) -> Result<i64, StoreError> {
        self.run(args(["PTTL", key.as_str()])).await
    }

    /// `TIME`, as Unix microseconds on Redis's own clock.
    pub async fn time(&mut self) -> Result<u64, StoreError> {
        let (secs, micros): (u64, u64) = self.run(args(["TIME"])).await?;
        Ok(secs * 1_000_000 + micros)
    }

    /// Deletes every key of `namespace` with `SCAN MATCH` and `UNLINK` (never `KEYS`, which blocks Redis).
    /// Returns how many keys were removed.
    pub async fn delete_namespace(&mut self, namespace: &Namespace) -> Result<u64, StoreError> {
        let pattern = namespace.pattern();
        let mut cursor = "0".to_owned();
        let mut removed = 0;
        loop {
            let (next, keys): (String, Vec<String>) = self
                .run(args(["SCAN", &cursor, "MATCH", &pattern, "COUNT", "500"]))
                .await?;
            if !keys.is_empty() {
                let mut unlink = vec!["UNLINK".to_owned()];
                unlink.extend(keys);
                removed += self.run::<u64>(unlink).await?;
            }
            if next == "0" {
                return Ok(removed);
            }
            cursor = next;
        }
    }
}

fn args<const N: usize>(parts: [&str; N]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_owned()).collect()
}
