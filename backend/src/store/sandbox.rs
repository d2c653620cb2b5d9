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

    /// `EVALSHA sha 1 key argv…`, whose reply must convert to `T` (the exercise's contract's shape);
    /// another shape is [`StoreError::UnexpectedReply`] with the reply as the trace shows it.
    pub async fn evalsha_loaded<T: FromRedisValue>(
        &mut self,
        sha: &str,
        key: &Key,
        argv: &[String],
    ) -> Result<T, StoreError> {
        let mut line = args(["EVALSHA", sha, "1", key.as_str()]);
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
