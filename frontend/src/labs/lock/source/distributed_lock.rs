// backend/src/labs/lock/distributed_lock.rs (excerpt)
pub struct DistributedLock {
    conn: Conn,
    key: Key,
    timeout_secs: u64,
    token: String,
}

impl DistributedLock {
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

pub struct LockGuard {
    lock: Option<DistributedLock>,
}

impl DistributedLock {
    pub async fn lock(mut self, retry_interval: Duration) -> Result<LockGuard, StoreError> {
        self.acquire(Acquire::SetNxEx, false, true, retry_interval, |_| {})
            .await?;
        Ok(LockGuard { lock: Some(self) })
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        if let Some(mut lock) = self.lock.take() {
            tokio::spawn(async move {
                let _ = lock.release(Release::Lua).await;
            });
        }
    }
}
