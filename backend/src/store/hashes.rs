//! Hash commands, and the millisecond-lifetime `SET NX PX` a workshop room's lock is taken with. Each
//! write carries an expiry, as every write in [`super::commands`] does.

use super::{
    Key, Transaction,
    commands::set_nx,
    conn::{Conn, args},
    error::StoreError,
};

impl Conn {
    /// `HSET key field value` and `EXPIRE key secs` in one MULTI/EXEC: a hash entry that still expires.
    pub async fn hset_with_expiry(
        &mut self,
        key: &Key,
        field: &str,
        value: &str,
        secs: u64,
    ) -> Result<(), StoreError> {
        self.exec_all(Transaction::new().hset(key, field, value).expire(key, secs))
            .await
    }

    /// `HVALS key`: every value of the hash, in Redis's order.
    pub async fn hvals(&mut self, key: &Key) -> Result<Vec<String>, StoreError> {
        self.run(args(["HVALS", key.as_str()])).await
    }

    /// `HLEN key`: how many fields the hash has; 0 when there is no key.
    pub async fn hlen(&mut self, key: &Key) -> Result<u64, StoreError> {
        self.run(args(["HLEN", key.as_str()])).await
    }

    /// `HDEL key field`: how many fields were removed.
    pub async fn hdel(&mut self, key: &Key, field: &str) -> Result<i64, StoreError> {
        self.run(args(["HDEL", key.as_str(), field])).await
    }

    /// `SET key value NX PX ms`: true when the key was set (it did not exist).
    pub async fn set_nx_px(&mut self, key: &Key, value: &str, ms: u64) -> Result<bool, StoreError> {
        let reply: Option<String> = self.run(set_nx(key, value, "PX", ms)).await?;
        Ok(reply.is_some())
    }

    /// `EXPIRE` on each of `keys` in one pipelined round trip: whether each key existed.
    pub async fn expire_all(&mut self, keys: &[Key], secs: u64) -> Result<Vec<bool>, StoreError> {
        let mut pipe = Transaction::pipeline();
        for key in keys {
            pipe.expire(key, secs);
        }
        let replies = self.exec_ints(&pipe).await?;
        Ok(replies.iter().map(|&r| r == 1).collect())
    }
}
