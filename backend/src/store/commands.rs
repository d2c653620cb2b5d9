//! Typed single-command operations. Each writes with an expiry or only reads; keys are always [`Key`]s.

use super::{
    Channel, Key, Namespace,
    conn::{Conn, args},
    error::StoreError,
};

impl Conn {
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

    /// Deletes the keys of `namespace` whose rest matches the glob `rest` (`*` for all of them), with
    /// `SCAN MATCH` and `UNLINK`, never `KEYS`, which blocks Redis. Returns how many were removed. The
    /// `SCAN` runs on the backend's own connection: a session's ACL user may not list keys.
    pub async fn delete_matching(
        &mut self,
        namespace: &Namespace,
        rest: &str,
    ) -> Result<u64, StoreError> {
        let pattern = namespace.pattern(rest);
        let mut cursor = "0".to_owned();
        let mut removed = 0;
        loop {
            let (next, keys): (String, Vec<String>) = self
                .run_as_backend(args(["SCAN", &cursor, "MATCH", &pattern, "COUNT", "500"]))
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

    /// `ZREM key member`.
    pub async fn zrem(&mut self, key: &Key, member: &str) -> Result<i64, StoreError> {
        self.run(args(["ZREM", key.as_str(), member])).await
    }

    /// `ZRANGE key -inf max BYSCORE`: the members scored at most `max`.
    pub async fn zrange_below(&mut self, key: &Key, max: u64) -> Result<Vec<String>, StoreError> {
        self.run(args([
            "ZRANGE",
            key.as_str(),
            "-inf",
            &max.to_string(),
            "BYSCORE",
        ]))
        .await
    }

    /// `ZCOUNT key (min +inf`: members scored above `min`.
    pub async fn zcount_above(&mut self, key: &Key, min: &str) -> Result<i64, StoreError> {
        self.run(args(["ZCOUNT", key.as_str(), &format!("({min}"), "+inf"]))
            .await
    }

    /// The highest score in the sorted set, via `ZRANGE key -1 -1 WITHSCORES`.
    pub async fn zmax_score(&mut self, key: &Key) -> Result<Option<f64>, StoreError> {
        let last: Vec<(String, f64)> = self
            .run(args(["ZRANGE", key.as_str(), "-1", "-1", "WITHSCORES"]))
            .await?;
        Ok(last.first().map(|(_, score)| *score))
    }

    /// `GET key` of a counter; a missing key counts 0.
    pub async fn get_count(&mut self, key: &Key) -> Result<i64, StoreError> {
        let value: Option<i64> = self.run(args(["GET", key.as_str()])).await?;
        Ok(value.unwrap_or(0))
    }

    /// `GET key` as a number, or `None` when the key is missing.
    pub async fn get_f64(&mut self, key: &Key) -> Result<Option<f64>, StoreError> {
        self.run(args(["GET", key.as_str()])).await
    }

    /// `HMGET key field…` as numbers; missing fields are `None`.
    pub async fn hmget_f64(
        &mut self,
        key: &Key,
        fields: &[&str],
    ) -> Result<Vec<Option<f64>>, StoreError> {
        let mut line = vec!["HMGET".to_owned(), key.to_string()];
        line.extend(fields.iter().map(|f| (*f).to_owned()));
        self.run(line).await
    }

    /// `SET key value NX EX secs`: true when the key was set (it did not exist).
    pub async fn set_nx_ex(
        &mut self,
        key: &Key,
        value: &str,
        secs: u64,
    ) -> Result<bool, StoreError> {
        let reply: Option<String> = self.run(set_nx(key, value, "EX", secs)).await?;
        Ok(reply.is_some())
    }

    /// `EXISTS key`, on the backend's own connection: whether a room exists is asked before the
    /// session's user is let into the room's namespace, which it may not reach yet. The reply is 0 or
    /// 1, never a key's value.
    pub async fn exists_as_backend(&mut self, key: &Key) -> Result<bool, StoreError> {
        let n: u64 = self.run_as_backend(args(["EXISTS", key.as_str()])).await?;
        Ok(n > 0)
    }

    /// `GET key` on the backend's own connection: what a room's presenter key holds is read before the
    /// session's user is let into the room's namespace, so a wrong secret grants nothing.
    pub async fn get_as_backend(&mut self, key: &Key) -> Result<Option<String>, StoreError> {
        self.run_as_backend(args(["GET", key.as_str()])).await
    }

    /// `DEL key` on the backend's own connection: gives back a room code claimed with
    /// [`Conn::set_nx_ex_as_backend`] when the session may not enter the room after all.
    pub async fn del_as_backend(&mut self, key: &Key) -> Result<i64, StoreError> {
        self.run_as_backend(args(["DEL", key.as_str()])).await
    }

    /// `SET key value NX EX secs` on the backend's own connection, for claiming a room's code before
    /// the session's user is let into its namespace: true when the key was set.
    pub async fn set_nx_ex_as_backend(
        &mut self,
        key: &Key,
        value: &str,
        secs: u64,
    ) -> Result<bool, StoreError> {
        let reply: Option<String> = self.run_as_backend(set_nx(key, value, "EX", secs)).await?;
        Ok(reply.is_some())
    }

    /// `SETNX key value`: true when set. The one write with no expiry: the lock lab shows what that
    /// costs, and deletes the key when its run ends.
    pub async fn setnx(&mut self, key: &Key, value: &str) -> Result<bool, StoreError> {
        self.run(args(["SETNX", key.as_str(), value])).await
    }

    /// `EXPIRE key secs`: true when the key existed.
    pub async fn expire(&mut self, key: &Key, secs: u64) -> Result<bool, StoreError> {
        self.run(args(["EXPIRE", key.as_str(), &secs.to_string()]))
            .await
    }

    /// `DECR key`: the new value. Only for a counter whose key already has an expiry.
    pub async fn decr(&mut self, key: &Key) -> Result<i64, StoreError> {
        self.run(args(["DECR", key.as_str()])).await
    }

    /// `DEL key`: how many keys were deleted.
    pub async fn del(&mut self, key: &Key) -> Result<i64, StoreError> {
        self.run(args(["DEL", key.as_str()])).await
    }

    /// `INCR key` and `EXPIRE key secs` in one MULTI/EXEC: a counter that still expires.
    pub async fn incr_with_expiry(&mut self, key: &Key, secs: u64) -> Result<i64, StoreError> {
        let replies = self
            .exec_ints(super::Transaction::new().incr(key).expire(key, secs))
            .await?;
        Ok(replies.first().copied().unwrap_or_default())
    }

    /// `SETEX key secs value`, the course's way of caching a product.
    pub async fn setex(&mut self, key: &Key, secs: u64, value: &str) -> Result<(), StoreError> {
        self.run(args(["SETEX", key.as_str(), &secs.to_string(), value]))
            .await
    }

    /// The course's `ZREVRANGE key start stop` (deprecated since Redis 6.2).
    pub async fn zrevrange(
        &mut self,
        key: &Key,
        start: i64,
        stop: i64,
    ) -> Result<Vec<String>, StoreError> {
        self.run(args([
            "ZREVRANGE",
            key.as_str(),
            &start.to_string(),
            &stop.to_string(),
        ]))
        .await
    }

    /// Today's spelling of the same: `ZRANGE key start stop REV`.
    pub async fn zrange_rev(
        &mut self,
        key: &Key,
        start: i64,
        stop: i64,
    ) -> Result<Vec<String>, StoreError> {
        self.run(args([
            "ZRANGE",
            key.as_str(),
            &start.to_string(),
            &stop.to_string(),
            "REV",
        ]))
        .await
    }

    /// `ZRANGE key start stop REV WITHSCORES`: members and scores, highest first.
    pub async fn zrange_rev_scores(
        &mut self,
        key: &Key,
        start: i64,
        stop: i64,
    ) -> Result<Vec<(String, f64)>, StoreError> {
        self.run(args([
            "ZRANGE",
            key.as_str(),
            &start.to_string(),
            &stop.to_string(),
            "REV",
            "WITHSCORES",
        ]))
        .await
    }

    /// `SET key value`, with `NX` or `XX` when `mode` says, and no expiry: only for showing what a plain
    /// `SET` does to a lock. The caller deletes the key when the demonstration ends.
    pub async fn set_plain(
        &mut self,
        key: &Key,
        value: &str,
        mode: SetMode,
    ) -> Result<bool, StoreError> {
        let mut line = args(["SET", key.as_str(), value]);
        match mode {
            SetMode::Always => {}
            SetMode::Nx => line.push("NX".into()),
            SetMode::Xx => line.push("XX".into()),
        }
        let reply: Option<String> = self.run(line).await?;
        Ok(reply.is_some())
    }

    /// `TTL key`: seconds left, -1 for no expiry, -2 for no key.
    pub async fn ttl(&mut self, key: &Key) -> Result<i64, StoreError> {
        self.run(args(["TTL", key.as_str()])).await
    }

    /// `PUBLISH channel message`: how many subscribers received it.
    pub async fn publish(&mut self, channel: &Channel, message: &str) -> Result<i64, StoreError> {
        self.run(args(["PUBLISH", channel.as_str(), message])).await
    }

    /// `SPUBLISH channel message` (Redis 7): how many subscribers of the channel's shard received it.
    pub async fn spublish(&mut self, channel: &Channel, message: &str) -> Result<i64, StoreError> {
        self.run(args(["SPUBLISH", channel.as_str(), message]))
            .await
    }

    /// `XGROUP CREATE key group $ MKSTREAM`: a consumer group that starts at new entries.
    pub async fn xgroup_create(&mut self, key: &Key, group: &str) -> Result<(), StoreError> {
        self.run(args([
            "XGROUP",
            "CREATE",
            key.as_str(),
            group,
            "$",
            "MKSTREAM",
        ]))
        .await
    }

    /// `XADD key MAXLEN ~ 10000 * field value…`: the new entry's id.
    pub async fn xadd(&mut self, key: &Key, fields: &[(&str, &str)]) -> Result<String, StoreError> {
        let mut line = args(["XADD", key.as_str(), "MAXLEN", "~", "10000", "*"]);
        for (field, value) in fields {
            line.push((*field).to_owned());
            line.push((*value).to_owned());
        }
        self.run(line).await
    }

    /// `XREADGROUP GROUP group consumer COUNT count BLOCK ms STREAMS key >`: new entries for this
    /// consumer, as `(id, fields)`; empty when none came within `block_ms`.
    pub async fn xreadgroup(
        &mut self,
        key: &Key,
        group: &str,
        consumer: &str,
        count: u32,
        block_ms: u32,
    ) -> Result<Vec<(String, Vec<(String, String)>)>, StoreError> {
        type Entries = Vec<(String, Vec<(String, String)>)>;
        let reply: Option<Vec<(String, Entries)>> = self
            .run(args([
                "XREADGROUP",
                "GROUP",
                group,
                consumer,
                "COUNT",
                &count.to_string(),
                "BLOCK",
                &block_ms.to_string(),
                "STREAMS",
                key.as_str(),
                ">",
            ]))
            .await?;
        Ok(reply
            .into_iter()
            .flatten()
            .flat_map(|(_, entries)| entries)
            .collect())
    }

    /// `XACK key group id…`: how many were acknowledged.
    pub async fn xack(
        &mut self,
        key: &Key,
        group: &str,
        ids: &[String],
    ) -> Result<i64, StoreError> {
        let mut line = args(["XACK", key.as_str(), group]);
        line.extend(ids.iter().cloned());
        self.run(line).await
    }

    /// The pending count from `XPENDING key group`: delivered to the group, not yet acknowledged.
    pub async fn xpending_count(&mut self, key: &Key, group: &str) -> Result<i64, StoreError> {
        // XPENDING's summary: count, smallest id, largest id, and per-consumer counts.
        type Summary = (
            i64,
            Option<String>,
            Option<String>,
            Option<Vec<(String, String)>>,
        );
        let (count, ..): Summary = self.run(args(["XPENDING", key.as_str(), group])).await?;
        Ok(count)
    }

    /// `PUBSUB NUMSUB channel`: how many connections are subscribed to it. A read the playground makes
    /// for itself (waiting until Redis counted a closed subscriber out), traced as the playground's.
    pub async fn numsub(&mut self, channel: &Channel) -> Result<i64, StoreError> {
        let reply: Vec<(String, i64)> = self
            .run_for_playground(args(["PUBSUB", "NUMSUB", channel.as_str()]))
            .await?;
        Ok(reply.first().map_or(0, |(_, n)| *n))
    }

    /// `PUBSUB NUMPAT`: how many pattern subscriptions the server has. Traced as the playground's, like
    /// [`Conn::numsub`].
    pub async fn numpat(&mut self) -> Result<i64, StoreError> {
        self.run_for_playground(args(["PUBSUB", "NUMPAT"])).await
    }

    /// `omem` (output buffer bytes) of each Pub/Sub client, from `CLIENT LIST TYPE pubsub`.
    pub async fn pubsub_output_buffers(&mut self) -> Result<Vec<u64>, StoreError> {
        let list: String = self.run(args(["CLIENT", "LIST", "TYPE", "pubsub"])).await?;
        Ok(list
            .lines()
            .filter_map(|line| line.split(' ').find_map(|f| f.strip_prefix("omem=")))
            .filter_map(|v| v.parse().ok())
            .collect())
    }
}

/// The condition of a plain `SET`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetMode {
    /// Always set.
    Always,
    /// Only if the key does not exist.
    Nx,
    /// Only if the key exists.
    Xx,
}

/// `SET key value NX <unit> <amount>`: the one command line of every claim that expires (`unit` is `EX`
/// or `PX`).
pub(super) fn set_nx(key: &Key, value: &str, unit: &str, amount: u64) -> Vec<String> {
    args(["SET", key.as_str(), value, "NX", unit, &amount.to_string()])
}
