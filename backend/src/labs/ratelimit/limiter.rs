//! The limiters. Each takes `now` as an argument instead of reading a clock, so the same code decides live
//! (wall clock) and in a replay (virtual time). The first two are the course's `RateLimiter` methods, line
//! for line, flaws included.

use std::sync::LazyLock;

use shared::ratelimit::{Algorithm, Limits, Peek, scripts};

use crate::store::{Conn, Key, Namespace, Script, StoreError, Transaction};

static SLIDING_LOG: LazyLock<Script> = LazyLock::new(|| Script::new(scripts::SLIDING_LOG));
static SLIDING_COUNTER: LazyLock<Script> = LazyLock::new(|| Script::new(scripts::SLIDING_COUNTER));
static TOKEN_BUCKET: LazyLock<Script> = LazyLock::new(|| Script::new(scripts::TOKEN_BUCKET));
static LEAKY_BUCKET: LazyLock<Script> = LazyLock::new(|| Script::new(scripts::LEAKY_BUCKET));
static GCRA: LazyLock<Script> = LazyLock::new(|| Script::new(scripts::GCRA));

/// A limiter's answer, as the course's methods return it: `(allowed, remaining)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the request may proceed.
    pub allowed: bool,
    /// Requests left, as the algorithm computes it.
    pub remaining: i64,
    /// The fixed window's `INCR` reply: the window's count, as Redis reported it.
    pub counter: Option<i64>,
}

/// One limited identity (the course's `key`, e.g. `api:alice`) inside a session's namespace.
pub struct Limiter<'a> {
    /// The session's namespace.
    pub namespace: &'a Namespace,
    /// The course's `key`; Redis keys are `rate:{key}…` under the namespace.
    pub key: &'a str,
    /// The limit.
    pub limits: Limits,
}

impl Limiter<'_> {
    fn redis_key(&self, rest: &str) -> Key {
        self.namespace.key(&format!("rate:{}{rest}", self.key))
    }

    /// Decides one request at `now_us` (Unix microseconds) with `algorithm`.
    pub async fn decide(
        &self,
        conn: &mut Conn,
        algorithm: Algorithm,
        now_us: u64,
    ) -> Result<Verdict, StoreError> {
        match algorithm {
            Algorithm::FixedWindow => self.fixed_window(conn, now_us).await,
            Algorithm::SlidingLogCourse => self.sliding_log_course(conn, now_us).await,
            Algorithm::SlidingLogLua => {
                self.scripted(conn, &SLIDING_LOG, &self.lua_log_keys(), now_us)
                    .await
            }
            Algorithm::SlidingCounter => {
                let (current, previous) = self.counter_keys(now_us);
                let elapsed = now_us % self.limits.window_us();
                self.scripted(conn, &SLIDING_COUNTER, &[current, previous], elapsed)
                    .await
            }
            Algorithm::TokenBucket => {
                self.scripted(conn, &TOKEN_BUCKET, &[self.redis_key(":bucket")], now_us)
                    .await
            }
            Algorithm::LeakyBucket => {
                self.scripted(conn, &LEAKY_BUCKET, &[self.redis_key(":leaky")], now_us)
                    .await
            }
            Algorithm::Gcra => {
                self.scripted(conn, &GCRA, &[self.redis_key(":tat")], now_us)
                    .await
            }
        }
    }

    /// The course's `is_allowed`: `rate:{key}:{now // window}`, `INCR` and `EXPIRE` in one MULTI/EXEC.
    async fn fixed_window(&self, conn: &mut Conn, now_us: u64) -> Result<Verdict, StoreError> {
        let now = now_us / 1_000_000;
        let window = now / u64::from(self.limits.window_seconds);
        let key = self.redis_key(&format!(":{window}"));
        let replies = conn
            .exec_ints(
                Transaction::new()
                    .incr(&key)
                    .expire(&key, self.limits.window_seconds.into()),
            )
            .await?;
        let count = replies.first().copied().unwrap_or_default();
        let max = i64::from(self.limits.max_requests);
        Ok(Verdict {
            allowed: count <= max,
            remaining: (max - count).max(0),
            counter: Some(count),
        })
    }

    /// The course's `sliding_window`: `ZREMRANGEBYSCORE`, `ZADD {str(now): now}`, `ZCARD`, `EXPIRE` in
    /// one MULTI/EXEC, then a separate `ZREM` when over the limit. Two requests with the same `now` are one
    /// member; the check and the undo are two round trips apart.
    async fn sliding_log_course(
        &self,
        conn: &mut Conn,
        now_us: u64,
    ) -> Result<Verdict, StoreError> {
        let now = now_us as f64 / 1_000_000.0;
        let window = self.limits.window_seconds;
        let key = self.redis_key("");
        let member = py_float(now);
        let replies = conn
            .exec_ints(
                Transaction::new()
                    .zremrangebyscore(&key, "0", &py_float(now - f64::from(window)))
                    .zadd(&key, &member, &member)
                    .zcard(&key)
                    .expire(&key, window.into()),
            )
            .await?;
        let count = replies.get(2).copied().unwrap_or_default();
        let max = i64::from(self.limits.max_requests);
        if count > max {
            conn.zrem(&key, &member).await?;
            return Ok(Verdict {
                allowed: false,
                remaining: 0,
                counter: None,
            });
        }
        Ok(Verdict {
            allowed: true,
            remaining: max - count,
            counter: None,
        })
    }

    async fn scripted(
        &self,
        conn: &mut Conn,
        script: &Script,
        keys: &[Key],
        now_or_elapsed: u64,
    ) -> Result<Verdict, StoreError> {
        let keys: Vec<&Key> = keys.iter().collect();
        let argv = [
            now_or_elapsed.to_string(),
            self.limits.window_us().to_string(),
            self.limits.max_requests.to_string(),
        ];
        let reply = conn.eval_ints(script, &keys, &argv).await?;
        Ok(Verdict {
            allowed: reply.first() == Some(&1),
            remaining: reply.get(1).copied().unwrap_or_default(),
            counter: None,
        })
    }

    fn lua_log_keys(&self) -> [Key; 2] {
        [self.redis_key(":log"), self.redis_key(":log:seq")]
    }

    /// This window's and the previous window's counter keys for the sliding counter.
    fn counter_keys(&self, now_us: u64) -> (Key, Key) {
        let index = now_us / self.limits.window_us();
        (
            self.redis_key(&format!(":counter:{index}")),
            self.redis_key(&format!(":counter:{}", index.saturating_sub(1))),
        )
    }

    /// Reads `algorithm`'s quota at `now_us` with read-only commands: nothing is consumed or changed.
    pub async fn peek(
        &self,
        conn: &mut Conn,
        algorithm: Algorithm,
        now_us: u64,
    ) -> Result<Peek, StoreError> {
        let max = i64::from(self.limits.max_requests);
        let window_us = self.limits.window_us();
        let (remaining, reset_in_us) = match algorithm {
            Algorithm::FixedWindow => {
                let window = now_us / 1_000_000 / u64::from(self.limits.window_seconds);
                let count = conn
                    .get_count(&self.redis_key(&format!(":{window}")))
                    .await?;
                let end = (window + 1) * window_us;
                (
                    (max - count).max(0),
                    if count > 0 { end - now_us } else { 0 },
                )
            }
            Algorithm::SlidingLogCourse | Algorithm::SlidingLogLua => {
                let (key, scale) = if algorithm == Algorithm::SlidingLogCourse {
                    (self.redis_key(""), 1_000_000.0)
                } else {
                    (self.redis_key(":log"), 1.0)
                };
                let floor = now_us.saturating_sub(window_us) as f64 / scale;
                let count = conn.zcount_above(&key, &py_float(floor)).await?;
                let newest = conn.zmax_score(&key).await?.map(|s| (s * scale) as u64);
                let reset = newest.map_or(0, |t| (t + window_us).saturating_sub(now_us));
                ((max - count).max(0), if count > 0 { reset } else { 0 })
            }
            Algorithm::SlidingCounter => {
                let (current, previous) = self.counter_keys(now_us);
                let current = conn.get_count(&current).await? as f64;
                let previous = conn.get_count(&previous).await? as f64;
                let elapsed = now_us % window_us;
                let estimate = previous * (window_us - elapsed) as f64 / window_us as f64 + current;
                let reset = if estimate > 0.0 {
                    2 * window_us - elapsed
                } else {
                    0
                };
                ((max as f64 - estimate).floor().max(0.0) as i64, reset)
            }
            Algorithm::TokenBucket => {
                let state = conn
                    .hmget_f64(&self.redis_key(":bucket"), &["tokens", "at"])
                    .await?;
                let capacity = max as f64;
                let tokens = match (
                    state.first().copied().flatten(),
                    state.get(1).copied().flatten(),
                ) {
                    (Some(tokens), Some(at)) => {
                        let refill = (now_us as f64 - at).max(0.0) * capacity / window_us as f64;
                        (tokens + refill).min(capacity)
                    }
                    _ => capacity,
                };
                let reset = ((capacity - tokens) * window_us as f64 / capacity) as u64;
                (tokens.floor() as i64, reset)
            }
            Algorithm::LeakyBucket => {
                let state = conn
                    .hmget_f64(&self.redis_key(":leaky"), &["level", "at"])
                    .await?;
                let capacity = max as f64;
                let level = match (
                    state.first().copied().flatten(),
                    state.get(1).copied().flatten(),
                ) {
                    (Some(level), Some(at)) => {
                        let leaked = (now_us as f64 - at).max(0.0) * capacity / window_us as f64;
                        (level - leaked).max(0.0)
                    }
                    _ => 0.0,
                };
                let reset = (level * window_us as f64 / capacity) as u64;
                ((capacity - level).floor() as i64, reset)
            }
            Algorithm::Gcra => {
                let tat = conn.get_f64(&self.redis_key(":tat")).await?;
                let ahead = tat.map_or(0.0, |tat| (tat - now_us as f64).max(0.0));
                let interval = window_us as f64 / max as f64;
                let left = ((window_us as f64 - ahead) / interval).floor() as i64;
                (left.clamp(0, max), ahead as u64)
            }
        };
        Ok(Peek {
            algorithm,
            remaining,
            reset_in_ms: reset_in_us / 1000,
        })
    }
}

/// Python's `str(float)`: shortest round-trip digits, and `.0` on whole numbers. redis-py sends scores and
/// the course uses members in this form, so collisions happen exactly where they would in Python.
pub fn py_float(x: f64) -> String {
    let text = format!("{x}");
    if text.contains(['.', 'e', 'n', 'i']) {
        text
    } else {
        format!("{text}.0")
    }
}

#[cfg(test)]
mod tests {
    use super::py_float;

    #[test]
    fn floats_print_like_python() {
        assert_eq!(py_float(1_700_000_000.0), "1700000000.0");
        assert_eq!(py_float(1_700_000_000.123_456), "1700000000.123456");
        assert_eq!(py_float(0.5), "0.5");
    }
}
