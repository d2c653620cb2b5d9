//! The baseline: for each algorithm, the very commands the runner sends, sent with redis-rs directly and
//! nothing else (no trace, no typed keys, no reply conversion beyond integers).
//!
//! The bench is not lab code, so it may use the `redis` crate directly: the invariant "only
//! `backend::store` talks to Redis" keeps the labs' trace complete, and nothing here is traced. The key
//! names and arguments mirror `backend::labs::ratelimit::limiter`, so the bytes on the wire match; the
//! report's "allowed" column shows both paths made the same decisions.

use std::time::Instant;

use backend::{labs::ratelimit::limiter::py_float, store::Namespace};
use redis::{RedisResult, aio::MultiplexedConnection};
use shared::ratelimit::{Algorithm, scripts};

use super::{KEY, LIMITS, at_us};
use crate::{
    Settings,
    samples::{Measured, Recorder},
};

/// Decides the bench's arrivals with `algorithm` on `conn`, timing each decision.
pub async fn measure(
    conn: &mut MultiplexedConnection,
    algorithm: Algorithm,
    settings: &Settings,
) -> RedisResult<Measured> {
    let raw = Raw {
        namespace: Namespace::for_session("raw"),
        sliding_log: load(conn, scripts::SLIDING_LOG).await?,
        sliding_counter: load(conn, scripts::SLIDING_COUNTER).await?,
        token_bucket: load(conn, scripts::TOKEN_BUCKET).await?,
        leaky_bucket: load(conn, scripts::LEAKY_BUCKET).await?,
        gcra: load(conn, scripts::GCRA).await?,
    };
    let mut recorder = Recorder::new(settings);
    for i in recorder.arrivals() {
        let call = Instant::now();
        let allowed = raw.decide(conn, algorithm, at_us(i)).await?;
        recorder.record(i, call, allowed);
    }
    Ok(recorder.finish())
}

/// `SCRIPT LOAD`s `source` and returns its SHA1, so every timed decision is a single `EVALSHA`, as the
/// runner's are once its first `NOSCRIPT` (in the warm-up) has loaded the script.
async fn load(conn: &mut MultiplexedConnection, source: &str) -> RedisResult<String> {
    redis::cmd("SCRIPT")
        .arg("LOAD")
        .arg(source)
        .query_async(conn)
        .await
}

/// The keys and loaded scripts of the baseline.
struct Raw {
    /// Same shape as a session's namespace, so keys are as long as the runner's.
    namespace: Namespace,
    sliding_log: String,
    sliding_counter: String,
    token_bucket: String,
    leaky_bucket: String,
    gcra: String,
}

impl Raw {
    /// `rate:{key}{rest}` in the namespace, as the limiter names it.
    fn key(&self, rest: &str) -> String {
        self.namespace
            .key(&format!("rate:{KEY}{rest}"))
            .as_str()
            .to_owned()
    }

    /// One decision at `now_us`; answers whether it was allowed.
    async fn decide(
        &self,
        conn: &mut MultiplexedConnection,
        algorithm: Algorithm,
        now_us: u64,
    ) -> RedisResult<bool> {
        let max = i64::from(LIMITS.max_requests);
        let window_us = LIMITS.window_us();
        match algorithm {
            Algorithm::FixedWindow => {
                let window = now_us / 1_000_000 / u64::from(LIMITS.window_seconds);
                let key = self.key(&format!(":{window}"));
                // Explicit commands: redis-rs's `incr` helper would send INCRBY.
                let (count, _): (i64, i64) = redis::pipe()
                    .atomic()
                    .cmd("INCR")
                    .arg(&key)
                    .cmd("EXPIRE")
                    .arg(&key)
                    .arg(LIMITS.window_seconds)
                    .query_async(conn)
                    .await?;
                Ok(count <= max)
            }
            Algorithm::SlidingLogCourse => {
                let now = now_us as f64 / 1_000_000.0;
                let window = LIMITS.window_seconds;
                let key = self.key("");
                let member = py_float(now);
                let (_, _, count, _): (i64, i64, i64, i64) = redis::pipe()
                    .atomic()
                    .cmd("ZREMRANGEBYSCORE")
                    .arg(&key)
                    .arg("0")
                    .arg(py_float(now - f64::from(window)))
                    .cmd("ZADD")
                    .arg(&key)
                    .arg(&member)
                    .arg(&member)
                    .cmd("ZCARD")
                    .arg(&key)
                    .cmd("EXPIRE")
                    .arg(&key)
                    .arg(window)
                    .query_async(conn)
                    .await?;
                if count > max {
                    let _: i64 = redis::cmd("ZREM")
                        .arg(&key)
                        .arg(&member)
                        .query_async(conn)
                        .await?;
                    return Ok(false);
                }
                Ok(true)
            }
            Algorithm::SlidingLogLua => {
                let keys = [self.key(":log"), self.key(":log:seq")];
                evalsha(conn, &self.sliding_log, &keys, now_us).await
            }
            Algorithm::SlidingCounter => {
                let index = now_us / window_us;
                let keys = [
                    self.key(&format!(":counter:{index}")),
                    self.key(&format!(":counter:{}", index.saturating_sub(1))),
                ];
                evalsha(conn, &self.sliding_counter, &keys, now_us % window_us).await
            }
            Algorithm::TokenBucket => {
                let keys = [self.key(":bucket")];
                evalsha(conn, &self.token_bucket, &keys, now_us).await
            }
            Algorithm::LeakyBucket => {
                let keys = [self.key(":leaky")];
                evalsha(conn, &self.leaky_bucket, &keys, now_us).await
            }
            Algorithm::Gcra => {
                let keys = [self.key(":tat")];
                evalsha(conn, &self.gcra, &keys, now_us).await
            }
        }
    }
}

/// `EVALSHA sha <n> keys… now_or_elapsed window_us max`, as the limiter's scripted algorithms send it.
async fn evalsha(
    conn: &mut MultiplexedConnection,
    sha: &str,
    keys: &[String],
    now_or_elapsed: u64,
) -> RedisResult<bool> {
    let reply: Vec<i64> = redis::cmd("EVALSHA")
        .arg(sha)
        .arg(keys.len())
        .arg(keys)
        .arg(now_or_elapsed)
        .arg(LIMITS.window_us())
        .arg(LIMITS.max_requests)
        .query_async(conn)
        .await?;
    Ok(reply.first() == Some(&1))
}
