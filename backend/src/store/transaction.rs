//! Pipelines: commands sent in one write and answered in one read. A MULTI/EXEC transaction also runs
//! them with nothing in between, and its trace shows exactly that: `MULTI`, each command `QUEUED`, and
//! `EXEC` with the replies and the round trip's time. A plain pipeline's trace shows each command with its
//! own reply, the round trip's time on the last.

use std::time::Instant;

use redis::Value;

use super::{
    Key,
    conn::{Conn, StoreError},
    reply::{shorten, summarize},
    trace::now_ms,
};

/// Commands to send in one round trip, built with typed methods so every key is a session [`Key`].
pub struct Transaction {
    commands: Vec<Vec<String>>,
    atomic: bool,
}

impl Default for Transaction {
    fn default() -> Self {
        Self::new()
    }
}

impl Transaction {
    /// An empty MULTI/EXEC transaction.
    pub fn new() -> Self {
        Self {
            commands: Vec::new(),
            atomic: true,
        }
    }

    /// An empty plain pipeline: one round trip, no atomicity.
    pub fn pipeline() -> Self {
        Self {
            commands: Vec::new(),
            atomic: false,
        }
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

    /// `SETEX key secs value`, as the course writes cached products.
    pub fn setex(&mut self, key: &Key, secs: u64, value: &str) -> &mut Self {
        self.push(&["SETEX", key.as_str(), &secs.to_string(), value])
    }

    /// `ZINCRBY key by member`.
    pub fn zincrby(&mut self, key: &Key, by: i64, member: &str) -> &mut Self {
        self.push(&["ZINCRBY", key.as_str(), &by.to_string(), member])
    }

    /// `PTTL key`.
    pub fn pttl(&mut self, key: &Key) -> &mut Self {
        self.push(&["PTTL", key.as_str()])
    }

    /// `ZCARD key`.
    pub fn zcard(&mut self, key: &Key) -> &mut Self {
        self.push(&["ZCARD", key.as_str()])
    }

    /// `HSET key field value`.
    pub fn hset(&mut self, key: &Key, field: &str, value: &str) -> &mut Self {
        self.push(&["HSET", key.as_str(), field, value])
    }
}

impl Conn {
    /// Runs `tx` and returns each command's integer reply.
    pub async fn exec_ints(&mut self, tx: &Transaction) -> Result<Vec<i64>, StoreError> {
        self.exec(tx)
            .await?
            .into_iter()
            .map(|v| {
                redis::from_redis_value(v).map_err(|e| StoreError::UnexpectedReply(e.to_string()))
            })
            .collect()
    }

    /// `MULTI`, `GET key`, `DEL key`, `EXEC`: deletes the key whoever it belongs to, and says what it held,
    /// read in the same atomic step.
    pub async fn get_and_del(&mut self, key: &Key) -> Result<Option<String>, StoreError> {
        let mut tx = Transaction::new();
        tx.push(&["GET", key.as_str()]).push(&["DEL", key.as_str()]);
        let replies = self.exec(&tx).await?;
        let held = replies.into_iter().next().unwrap_or(Value::Nil);
        redis::from_redis_value(held).map_err(|e| StoreError::UnexpectedReply(e.to_string()))
    }

    /// Runs `tx` for its effect; fails if any command failed.
    pub async fn exec_all(&mut self, tx: &Transaction) -> Result<(), StoreError> {
        self.exec(tx).await.map(drop)
    }

    async fn exec(&mut self, tx: &Transaction) -> Result<Vec<Value>, StoreError> {
        let mut pipe = redis::pipe();
        if tx.atomic {
            pipe.atomic();
        }
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
        if tx.atomic {
            self.record_transaction(tx, &result, at_ms, micros);
        } else {
            self.record_pipeline(tx, &result, at_ms, micros);
        }
        result.map_err(StoreError::from_redis)
    }

    fn record_transaction(
        &mut self,
        tx: &Transaction,
        result: &redis::RedisResult<Vec<Value>>,
        at_ms: u64,
        micros: u64,
    ) {
        let ok = result.is_ok();
        let queued = if ok { "QUEUED" } else { "(not sent)" };
        self.record(vec!["MULTI".into()], "OK".into(), ok, at_ms, 0);
        for command in &tx.commands {
            let shown = command.iter().map(|a| shorten(a)).collect();
            self.record(shown, queued.into(), ok, at_ms, 0);
        }
        let exec = match result {
            Ok(replies) => summarize(&Value::Array(replies.clone())),
            Err(e) => format!("(failed) {e}"),
        };
        self.record(vec!["EXEC".into()], exec, ok, at_ms, micros);
    }

    fn record_pipeline(
        &mut self,
        tx: &Transaction,
        result: &redis::RedisResult<Vec<Value>>,
        at_ms: u64,
        micros: u64,
    ) {
        let last = tx.commands.len().saturating_sub(1);
        for (i, command) in tx.commands.iter().enumerate() {
            let shown = command.iter().map(|a| shorten(a)).collect();
            let (reply, ok) = match result {
                Ok(replies) => (replies.get(i).map(summarize).unwrap_or_default(), true),
                Err(e) => (format!("(failed) {e}"), false),
            };
            self.record(shown, reply, ok, at_ms, if i == last { micros } else { 0 });
        }
    }
}
