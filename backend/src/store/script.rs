//! Lua scripts, run the way production code runs them: `EVALSHA` first, and on `NOSCRIPT` a
//! `SCRIPT LOAD` and a second `EVALSHA`. Each of those commands is traced, so the learner sees the cache
//! miss the first time a script runs; the `SCRIPT LOAD` is marked as the playground's own.

use super::{Key, conn::Conn, error::StoreError};

/// A Lua script and its SHA1, computed once.
pub struct Script {
    source: &'static str,
    sha: String,
}

impl Script {
    /// Wraps `source`.
    pub fn new(source: &'static str) -> Self {
        Self {
            source,
            sha: redis::Script::new(source).get_hash().to_owned(),
        }
    }

    /// The SHA1 Redis knows the script by.
    pub fn sha(&self) -> &str {
        &self.sha
    }
}

impl Conn {
    /// Runs `script` with `keys` and `argv`; the script must return an array of integers.
    pub async fn eval_ints(
        &mut self,
        script: &Script,
        keys: &[&Key],
        argv: &[String],
    ) -> Result<Vec<i64>, StoreError> {
        self.evalsha(script, keys, argv).await
    }

    /// Runs `script` with `keys` and `argv`; the script must return an integer.
    pub async fn eval_int(
        &mut self,
        script: &Script,
        keys: &[&Key],
        argv: &[String],
    ) -> Result<i64, StoreError> {
        self.evalsha(script, keys, argv).await
    }

    /// `EVAL <source> …`: the whole script on every call, as the course's `self.r.eval(script, …)` sends it.
    pub async fn eval_source_int(
        &mut self,
        script: &Script,
        keys: &[&Key],
        argv: &[String],
    ) -> Result<i64, StoreError> {
        self.run(script_line("EVAL", script.source, keys, argv))
            .await
    }

    async fn evalsha<T: redis::FromRedisValue>(
        &mut self,
        script: &Script,
        keys: &[&Key],
        argv: &[String],
    ) -> Result<T, StoreError> {
        let line = script_line("EVALSHA", &script.sha, keys, argv);
        match self.run(line.clone()).await {
            Err(StoreError::Command(text)) if text.starts_with("NOSCRIPT") => {
                let _: String = self
                    .run_for_playground(vec!["SCRIPT".into(), "LOAD".into(), script.source.into()])
                    .await?;
                self.run(line).await
            }
            other => other,
        }
    }
}

/// `<command> <script> <numkeys> <keys…> <argv…>`.
fn script_line(command: &str, script: &str, keys: &[&Key], argv: &[String]) -> Vec<String> {
    let mut line = vec![
        command.to_owned(),
        script.to_owned(),
        keys.len().to_string(),
    ];
    line.extend(keys.iter().map(|k| k.to_string()));
    line.extend(argv.iter().cloned());
    line
}
