//! The course's `DistributedLock`, in Rust: a uuid token, `SET lock:{name} <token> NX EX timeout` retried
//! every `retry_interval` when blocking, and the Lua compare-and-delete to release. [`LockGuard`] stands
//! in for the course's `with` block: dropping it releases the lock. The faults the lab can switch on
//! (`SETNX` then `EXPIRE`, release by plain `DEL`) are here too, each beside the code it replaces.

use std::{sync::LazyLock, time::Duration};

use shared::lock::{Acquire, Release, scripts};

use crate::store::{Conn, Key, Script, StoreError};

/// The course's release script, sent with `EVAL` on every release as the course does.
static RELEASE: LazyLock<Script> = LazyLock::new(|| Script::new(scripts::RELEASE));

/// How an acquire ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acquired {
    /// The lock is ours.
    Yes,
    /// Non-blocking, and someone else holds it.
    No,
    /// `SETNX` succeeded and the client "crashed" before `EXPIRE`: the lock will never expire.
    Crashed,
}

/// One client's lock: the course's `DistributedLock(redis_client, name, timeout)`.
pub struct DistributedLock {
    conn: Conn,
    key: Key,
    timeout_secs: u64,
    token: String,
}

impl DistributedLock {
    /// A lock on `key` (the course's `lock:{name}`) that expires `timeout_secs` after it is taken.
    pub fn new(conn: Conn, key: Key, timeout_secs: u64) -> Self {
        Self {
            conn,
            key,
            timeout_secs,
            token: String::new(),
        }
    }

    /// The connection, for the work done under the lock.
    pub fn conn(&mut self) -> &mut Conn {
        &mut self.conn
    }

    /// Gives the connection back when the lock is no longer needed.
    pub fn into_conn(self) -> Conn {
        self.conn
    }

    /// The token of the last acquire.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The course's `acquire(blocking, retry_interval)`: a fresh uuid token, then one attempt after
    /// another until one succeeds, or after the first when not `blocking`. `on_retry` sees each failed
    /// attempt. With `crash` and [`Acquire::SetnxThenExpire`], the client dies between the two commands.
    pub async fn acquire(
        &mut self,
        how: Acquire,
        crash: bool,
        blocking: bool,
        retry_interval: Duration,
        mut on_retry: impl FnMut(&mut Conn),
    ) -> Result<Acquired, StoreError> {
        self.token = uuid::Uuid::new_v4().to_string();
        loop {
            let taken = match how {
                Acquire::SetNxEx => {
                    self.conn
                        .set_nx_ex(&self.key, &self.token, self.timeout_secs)
                        .await?
                }
                Acquire::SetnxThenExpire => {
                    let taken = self.conn.setnx(&self.key, &self.token).await?;
                    if taken && crash {
                        return Ok(Acquired::Crashed);
                    }
                    if taken {
                        self.conn.expire(&self.key, self.timeout_secs).await?;
                    }
                    taken
                }
            };
            if taken {
                return Ok(Acquired::Yes);
            }
            if !blocking {
                return Ok(Acquired::No);
            }
            on_retry(&mut self.conn);
            tokio::time::sleep(retry_interval).await;
        }
    }

    /// One non-blocking attempt with a fresh token and a lifetime in milliseconds, `SET key <token> NX PX
    /// ttl_ms`, as a workshop room takes its shared lock: true when the lock is ours.
    pub async fn try_acquire_px(&mut self, ttl_ms: u64) -> Result<bool, StoreError> {
        self.token = uuid::Uuid::new_v4().to_string();
        self.conn.set_nx_px(&self.key, &self.token, ttl_ms).await
    }

    /// The course's `release()` (the Lua compare-and-delete), or the unsafe plain `DEL`, and what it did.
    pub async fn release(&mut self, how: Release) -> Result<Released, StoreError> {
        match how {
            Release::Lua => {
                let token = self.token.clone();
                let deleted = self
                    .conn
                    .eval_source_int(&RELEASE, &[&self.key], &[token])
                    .await?;
                // The script deletes only our own token, so it can never remove another client's lock.
                Ok(Released {
                    deleted: deleted == 1,
                    stole: false,
                })
            }
            Release::Del => {
                // The fault is a bare `DEL`, and a bare `DEL` is what runs. The `GET` before it is the
                // playground's own read (the code panel says so, and the trace marks it so), so Redis
                // says whose lock was there.
                let held = self.conn.for_playground().get(&self.key).await?;
                let deleted = self.conn.del(&self.key).await? == 1;
                Ok(Released {
                    deleted,
                    stole: deleted && held.is_some_and(|t| t != self.token),
                })
            }
        }
    }
}

/// What a release did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Released {
    /// A key was deleted.
    pub deleted: bool,
    /// The key deleted held another client's token.
    pub stole: bool,
}

/// Holds a [`DistributedLock`] until [`LockGuard::release`] or drop: the course's `with` block.
pub struct LockGuard {
    lock: Option<DistributedLock>,
}

impl DistributedLock {
    /// Blocks until the lock is ours and returns a guard: `with DistributedLock(r, name, timeout):`.
    pub async fn lock(mut self, retry_interval: Duration) -> Result<LockGuard, StoreError> {
        self.acquire(Acquire::SetNxEx, false, true, retry_interval, |_| {})
            .await?;
        Ok(LockGuard { lock: Some(self) })
    }
}

impl LockGuard {
    /// The connection, for the work done under the lock.
    pub fn conn(&mut self) -> Option<&mut Conn> {
        self.lock.as_mut().map(DistributedLock::conn)
    }

    /// Releases now (the Lua release) and reports whether our lock was deleted, instead of leaving it
    /// to `drop`.
    pub async fn release(mut self) -> Result<bool, StoreError> {
        match self.lock.take() {
            Some(mut lock) => lock.release(Release::Lua).await.map(|r| r.deleted),
            None => Ok(false),
        }
    }
}

impl Drop for LockGuard {
    /// An early return, an error or a stopped task still releases, as `__exit__` does. `Drop` cannot
    /// wait, so a task of its own sends the release.
    fn drop(&mut self) {
        if let Some(mut lock) = self.lock.take() {
            tokio::spawn(async move {
                let _ = lock.release(Release::Lua).await;
            });
        }
    }
}
