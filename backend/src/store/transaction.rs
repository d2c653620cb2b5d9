//! Pipelines: commands sent in one write and answered in one read. A MULTI/EXEC transaction also runs
//! them with nothing in between. The trace shows every reply Redis sent: `MULTI`'s, each command's
//! (`QUEUED`, or the error that refused it), and `EXEC`'s with the round trip's time. A plain pipeline's
//! trace shows each command with its own reply, the round trip's time on the last. A run stopped after
//! the pipeline was sent still traces every line, with the reply `(run stopped before the reply)`.

use redis::{FromRedisValue, Value};

use super::{
    Key,
    conn::{Conn, Sent},
    error::{StoreError, server_error_text},
    reply::{shorten, summarize},
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

    /// The lines the trace shows, one per reply Redis sends: for a transaction, `MULTI` and `EXEC`
    /// around the commands.
    fn lines(&self) -> Vec<Vec<String>> {
        let commands = self
            .commands
            .iter()
            .map(|command| command.iter().map(|a| shorten(a)).collect());
        if self.atomic {
            std::iter::once(vec!["MULTI".into()])
                .chain(commands)
                .chain(std::iter::once(vec!["EXEC".into()]))
                .collect()
        } else {
            commands.collect()
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

    /// `GET key`.
    pub fn get(&mut self, key: &Key) -> &mut Self {
        self.push(&["GET", key.as_str()])
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
        self.exec_into(tx).await
    }

    /// Runs `tx` and reads the commands' replies, in order, as `T` (a tuple or a `Vec`).
    pub async fn exec_into<T: FromRedisValue>(
        &mut self,
        tx: &Transaction,
    ) -> Result<T, StoreError> {
        redis::from_redis_value(Value::Array(self.exec(tx).await?))
            .map_err(|e| StoreError::UnexpectedReply(e.to_string()))
    }

    /// Runs `tx` for its effect; fails if any command failed.
    pub async fn exec_all(&mut self, tx: &Transaction) -> Result<(), StoreError> {
        self.exec(tx).await.map(drop)
    }

    /// Sends `tx` in one write and reads every reply Redis gave (for a transaction, `MULTI`'s, each
    /// command's `QUEUED` or error, and `EXEC`'s), traces each as it came, and returns the commands'
    /// own replies.
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
        let (result, sent) = self.send_pipeline(&pipe, tx.lines()).await;
        let Sent {
            lines,
            at_ms,
            micros,
        } = sent;
        let replies = match result {
            Ok(replies) if replies.len() == lines.len() => replies,
            Ok(replies) => {
                let text = format!("{} replies to {} commands", replies.len(), lines.len());
                self.record_lines(lines, at_ms, micros, |i| {
                    (replies.get(i).map(summarize).unwrap_or_default(), false)
                });
                return Err(StoreError::UnexpectedReply(text));
            }
            Err(e) => {
                // No reply was read: whether the commands reached Redis is unknown, so the trace says
                // only that they failed, and why.
                self.record_lines(lines, at_ms, micros, |_| (format!("(failed) {e}"), false));
                return Err(StoreError::from_redis(e));
            }
        };
        self.record_lines(lines, at_ms, micros, |i| {
            (summarize(&replies[i]), !holds_error(&replies[i]))
        });
        results(replies, tx.atomic)
    }

    /// Records each of `lines` with the reply and success `reply(i)` gives, the round trip's time on
    /// the last.
    fn record_lines(
        &mut self,
        lines: Vec<Vec<String>>,
        at_ms: u64,
        micros: u64,
        reply: impl Fn(usize) -> (String, bool),
    ) {
        let last = lines.len().saturating_sub(1);
        for (i, line) in lines.into_iter().enumerate() {
            let (text, ok) = reply(i);
            self.record(line, text, ok, at_ms, if i == last { micros } else { 0 });
        }
    }
}

/// Whether Redis answered with an error, or with an `EXEC` array that holds one.
fn holds_error(reply: &Value) -> bool {
    match reply {
        Value::ServerError(_) => true,
        Value::Array(items) => items.iter().any(|v| matches!(v, Value::ServerError(_))),
        _ => false,
    }
}

/// The commands' own replies out of everything Redis answered: `EXEC`'s array for a transaction, every
/// reply for a plain pipeline. The first error Redis gave (an `EXECABORT`, or one command's) fails it.
fn results(mut replies: Vec<Value>, atomic: bool) -> Result<Vec<Value>, StoreError> {
    let replies = if atomic {
        match replies.pop() {
            Some(Value::Array(items)) => items,
            Some(Value::ServerError(e)) => return Err(StoreError::Command(server_error_text(&e))),
            other => {
                return Err(StoreError::UnexpectedReply(format!(
                    "EXEC answered {}",
                    other.as_ref().map(summarize).unwrap_or_default()
                )));
            }
        }
    } else {
        replies
    };
    match replies.iter().find_map(|v| match v {
        Value::ServerError(e) => Some(server_error_text(e)),
        _ => None,
    }) {
        Some(text) => Err(StoreError::Command(text)),
        None => Ok(replies),
    }
}
