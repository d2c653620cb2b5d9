//! MULTI/EXEC pipelines: the commands are queued and sent in one write, answered in one read, and run by
//! Redis without anything in between. The trace shows exactly that: `MULTI`, each command `QUEUED`, and
//! `EXEC` with the replies and the round trip's time.

use std::time::Instant;

use redis::Value;

use super::{
    Key,
    conn::{Conn, StoreError},
    reply::{shorten, summarize},
    trace::now_ms,
};

/// Commands to run atomically, built with typed methods so every key is a session [`Key`].
#[derive(Default)]
pub struct Transaction {
    commands: Vec<Vec<String>>,
}

impl Transaction {
    /// An empty transaction.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, parts: &[&str]) -> &mut Self {
        self.commands
            .push(parts.iter().map(|p| (*p).to_owned()).collect());
        self
    }

    /// `INCR key`.
    pub fn incr(&mut self, key: &Key) -> &mut Self {
        self.push(&["INCR", key.as_str()])
    }

    /// `EXPIRE key secs`.
    pub fn expire(&mut self, key: &Key, secs: u64) -> &mut Self {
        self.push(&["EXPIRE", key.as_str(), &secs.to_string()])
    }

    /// `ZREMRANGEBYSCORE key min max`, bounds as Redis reads them (e.g. `0`, `1700000000.25`).
    pub fn zremrangebyscore(&mut self, key: &Key, min: &str, max: &str) -> &mut Self {
        self.push(&["ZREMRANGEBYSCORE", key.as_str(), min, max])
    }

    /// `ZADD key score member`.
    pub fn zadd(&mut self, key: &Key, score: &str, member: &str) -> &mut Self {
        self.push(&["ZADD", key.as_str(), score, member])
    }

    /// `ZCARD key`.
    pub fn zcard(&mut self, key: &Key) -> &mut Self {
        self.push(&["ZCARD", key.as_str()])
    }
}

impl Conn {
    /// Runs `tx` as one MULTI/EXEC pipeline and returns each command's integer reply.
    pub async fn exec_ints(&mut self, tx: &Transaction) -> Result<Vec<i64>, StoreError> {
        let mut pipe = redis::pipe();
        pipe.atomic();
        for command in &tx.commands {
            pipe.cmd(&command[0]);
            for arg in &command[1..] {
                pipe.arg(arg);
            }
        }
        let at_ms = now_ms();
        let started = Instant::now();
        let result: redis::RedisResult<Vec<Value>> = self.send_pipeline(&pipe).await;
        let micros = started.elapsed().as_micros() as u64;
        let ok = result.is_ok();
        let queued = if ok { "QUEUED" } else { "(not sent)" };
        self.record(vec!["MULTI".into()], "OK".into(), ok, at_ms, 0);
        for command in &tx.commands {
            let shown = command.iter().map(|a| shorten(a)).collect();
            self.record(shown, queued.into(), ok, at_ms, 0);
        }
        match result {
            Ok(replies) => {
                let shown = summarize(&Value::Array(replies.clone()));
                self.record(vec!["EXEC".into()], shown, true, at_ms, micros);
                replies
                    .into_iter()
                    .map(|v| {
                        redis::from_redis_value(v)
                            .map_err(|e| StoreError::UnexpectedReply(e.to_string()))
                    })
                    .collect()
            }
            Err(e) => {
                self.record(
                    vec!["EXEC".into()],
                    format!("(failed) {e}"),
                    false,
                    at_ms,
                    micros,
                );
                Err(StoreError::from_redis(e))
            }
        }
    }
}
