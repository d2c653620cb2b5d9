//! Operations only a private sandbox Redis gets: the learner's own script loaded and run, the busy
//! script stopped, and the reads that grade it (every key and its expiry, Redis's own command counts).
//! Each is traced like any other command; the grading reads are marked as the playground's.

use redis::FromRedisValue;

use super::{
    Key, StoreError,
    conn::{Conn, args},
};

impl Conn {
    /// `SCRIPT LOAD source`: the SHA1 Redis will know the learner's script by; a script that does not
    /// compile is refused here with Redis's error (which names the line).
    pub async fn script_load(&mut self, source: &str) -> Result<String, StoreError> {
        self.run(args(["SCRIPT", "LOAD", source])).await
    }

    /// `EVALSHA sha numkeys key… argv…`, whose reply must convert to `T` (the exercise's contract's
    /// shape); another shape is [`StoreError::UnexpectedReply`] with the reply as the trace shows it.
    pub async fn evalsha_loaded<T: FromRedisValue>(
        &mut self,
        sha: &str,
        keys: &[&Key],
        argv: &[String],
    ) -> Result<T, StoreError> {
        let mut line = args(["EVALSHA", sha, &keys.len().to_string()]);
        line.extend(keys.iter().map(|k| k.as_str().to_owned()));
        line.extend(argv.iter().cloned());
        self.run::<T>(line).await.map_err(|e| match e {
            StoreError::UnexpectedReply(_) => StoreError::UnexpectedReply(
                self.last()
                    .map(|(_, reply, _)| reply.clone())
                    .unwrap_or_default(),
            ),
            other => other,
        })
    }

    /// `SCRIPT KILL`, the playground's: `Ok(true)` when a busy script was stopped, `Ok(false)` when
    /// none ran; an error (`UNKILLABLE` for a script that already wrote) otherwise.
    pub async fn script_kill(&mut self) -> Result<bool, StoreError> {
        match self
            .run_for_playground::<String>(args(["SCRIPT", "KILL"]))
            .await
        {
            Ok(_) => Ok(true),
            Err(StoreError::Command(text)) if text.starts_with("NOTBUSY") => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Every key on this server with its `PTTL`, read with `SCAN` and `PTTL` as the playground's. Only
    /// for a sandbox: on a shared Redis this would list other sessions' keys.
    pub async fn every_key_pttl(&mut self) -> Result<Vec<(String, i64)>, StoreError> {
        let mut found = Vec::new();
        let mut cursor = "0".to_owned();
        loop {
            let (next, keys): (String, Vec<String>) = self
                .run_for_playground(args(["SCAN", &cursor, "COUNT", "500"]))
                .await?;
            for key in keys {
                let pttl: i64 = self.run_for_playground(args(["PTTL", &key])).await?;
                found.push((key, pttl));
            }
            if next == "0" {
                return Ok(found);
            }
            cursor = next;
        }
    }

    /// `ZADD key score member…` and `HSET key field value…` of a case's data, as the playground's,
    /// each with an expiry of `secs`: what the learner's script is graded on.
    pub async fn seed(
        &mut self,
        zset: (&Key, &[(String, u32)]),
        hash: (&Key, &[(String, String)]),
        secs: u64,
    ) -> Result<(), StoreError> {
        let (key, members) = zset;
        let mut line = args(["ZADD", key.as_str()]);
        for (member, score) in members {
            line.extend([score.to_string(), member.clone()]);
        }
        self.run_for_playground::<i64>(line).await?;
        let (key, fields) = hash;
        let mut line = args(["HSET", key.as_str()]);
        for (field, value) in fields {
            line.extend([field.clone(), value.clone()]);
        }
        self.run_for_playground::<i64>(line).await?;
        for key in [zset.0, hash.0] {
            self.run_for_playground::<i64>(args(["EXPIRE", key.as_str(), &secs.to_string()]))
                .await?;
        }
        Ok(())
    }

    /// `ZRANGE key 0 -1 WITHSCORES` as the playground's read.
    pub async fn zset_read(&mut self, key: &Key) -> Result<Vec<(String, f64)>, StoreError> {
        self.run_for_playground(args(["ZRANGE", key.as_str(), "0", "-1", "WITHSCORES"]))
            .await
    }

    /// `HGETALL key` as the playground's read, sorted by field.
    pub async fn hash_read(&mut self, key: &Key) -> Result<Vec<(String, String)>, StoreError> {
        let mut fields: Vec<(String, String)> = self
            .run_for_playground(args(["HGETALL", key.as_str()]))
            .await?;
        fields.sort();
        Ok(fields)
    }

    /// `GET key` of any key the learner's script wrote, as the playground's read; `None` for a key that
    /// does not exist or holds no string.
    pub async fn value_read(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        match self.run_for_playground(args(["GET", key])).await {
            Err(StoreError::Command(text)) if text.starts_with("WRONGTYPE") => Ok(None),
            other => other,
        }
    }

    /// How many entries `key` holds, by its `TYPE` (a stream's `XLEN`, a list's `LLEN`, …; a string
    /// is one), as the playground's reads; `None` when there is no such key.
    pub async fn length_read(&mut self, key: &Key) -> Result<Option<u64>, StoreError> {
        let kind: String = self
            .run_for_playground(args(["TYPE", key.as_str()]))
            .await?;
        let command = match kind.as_str() {
            "none" => return Ok(None),
            "string" => return Ok(Some(1)),
            "stream" => "XLEN",
            "list" => "LLEN",
            "zset" => "ZCARD",
            "hash" => "HLEN",
            _ => "SCARD",
        };
        self.run_for_playground(args([command, key.as_str()]))
            .await
            .map(Some)
    }

    /// How many times this server ran `command` (lower case), from `INFO commandstats`, as the
    /// playground's read.
    pub async fn command_calls(&mut self, command: &str) -> Result<u64, StoreError> {
        let info: String = self
            .run_for_playground(args(["INFO", "commandstats"]))
            .await?;
        let prefix = format!("cmdstat_{command}:calls=");
        Ok(info
            .lines()
            .find_map(|line| line.strip_prefix(&prefix))
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0))
    }
}
