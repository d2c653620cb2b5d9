//! One contending client: a task on its own connection that, round after round, acquires the lock,
//! works under it (reading and rewriting a shared counter, writing the fenced resource) and releases,
//! with the run's faults applied. Every step becomes a [`ClientEvent`] carrying its commands' trace.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use rand::Rng;
use shared::lock::{ClientEvent, Faults, Happening, LockParams};
use tokio::sync::{Semaphore, mpsc};

use super::{
    Keys, Report, Scripts,
    distributed_lock::{Acquired, DistributedLock},
    now_ms,
};
use crate::store::StoreError;

/// What the clients of one run share in the backend's memory: who did what, never the lock itself.
#[derive(Default)]
pub struct Shared {
    /// The first client to acquire takes the run's pause or crash; set once.
    pub fault_taken: AtomicBool,
    /// The client of each token handed out, so key readings can name the holder. A std mutex: no
    /// `.await` happens while it is held.
    pub holders: Mutex<HashMap<String, u32>>,
}

/// One client of a run.
pub struct Contender {
    /// Its number, 0-based.
    pub client: u32,
    /// Its lock, on its own connection.
    pub lock: DistributedLock,
    /// The run's keys.
    pub keys: Arc<Keys>,
    /// The run's parameters.
    pub params: LockParams,
    /// The run's faults.
    pub faults: Faults,
    /// State shared with the other clients of the run.
    pub shared: Arc<Shared>,
    /// Where happenings go.
    pub report: mpsc::Sender<Report>,
    /// The scripts it runs.
    pub scripts: Arc<Scripts>,
    /// In a stepped run, the permits `Step` requests hand out; the client takes one before it acquires
    /// and one before it releases.
    pub gate: Option<Arc<Semaphore>>,
}

impl Contender {
    /// Reports `what` at `at_ms` with the trace of the commands since the last report.
    async fn emit(&mut self, at_ms: u64, what: Happening) {
        let trace = self.lock.conn().take_trace();
        let event = ClientEvent {
            client: self.client,
            at_ms,
            what,
            trace,
        };
        let _ = self.report.send(Report::Client(event)).await;
    }

    /// In a stepped run, waits for the browser's next step.
    async fn step(&self) {
        if let Some(gate) = &self.gate
            && let Ok(permit) = gate.acquire().await
        {
            permit.forget();
        }
    }

    /// Plays every round, then ends; ends early when it "crashes".
    pub async fn run(mut self) -> Result<(), StoreError> {
        // Clients start 10 ms apart, so the first to acquire (and take a fault) is almost always client 0.
        tokio::time::sleep(Duration::from_millis(u64::from(self.client) * 10)).await;
        for round in 0..self.params.rounds {
            let jitter = rand::rng().random_range(0..=self.params.jitter_ms);
            tokio::time::sleep(Duration::from_millis(jitter.into())).await;
            self.emit(now_ms(), Happening::Waiting { round }).await;
            self.step().await;
            let crash = !self.shared.fault_taken.load(Ordering::Relaxed);
            let (retried, mut retries) = mpsc::unbounded_channel::<Vec<u64>>();
            let report = self.report.clone();
            let client = self.client;
            // Retries are reported as they happen, so the browser sees the waiting live.
            let forward = tokio::spawn(async move {
                while let Some(trace) = retries.recv().await {
                    let what = Happening::Retry;
                    let event = ClientEvent {
                        client,
                        at_ms: now_ms(),
                        what,
                        trace,
                    };
                    let _ = report.send(Report::Client(event)).await;
                }
            });
            let acquired = self
                .lock
                .acquire(
                    self.faults.acquire,
                    crash,
                    self.params.blocking,
                    Duration::from_millis(self.params.retry_ms.into()),
                    |conn| {
                        let _ = retried.send(conn.take_trace());
                    },
                )
                .await;
            drop(retried);
            let _ = forward.await;
            match acquired? {
                Acquired::Yes => self.hold().await?,
                Acquired::No => self.emit(now_ms(), Happening::Skipped).await,
                Acquired::Crashed => {
                    self.shared.fault_taken.store(true, Ordering::Relaxed);
                    self.note_holder();
                    self.emit(now_ms(), Happening::Crashed).await;
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    fn note_holder(&self) {
        if let Ok(mut holders) = self.shared.holders.lock() {
            holders.insert(self.lock.token().to_owned(), self.client);
        }
    }

    /// From a successful acquire to the release: fence, pause, work, write, release.
    async fn hold(&mut self) -> Result<(), StoreError> {
        let fence = if self.faults.fencing {
            Some(
                self.lock
                    .conn()
                    .incr_with_expiry(&self.keys.fence, self.keys.ttl_secs)
                    .await?,
            )
        } else {
            None
        };
        self.note_holder();
        let token = self.lock.token().to_owned();
        self.emit(now_ms(), Happening::Acquired { token, fence })
            .await;

        let paused =
            self.faults.pause_ms > 0 && !self.shared.fault_taken.swap(true, Ordering::Relaxed);
        if paused {
            let until_ms = now_ms() + u64::from(self.faults.pause_ms);
            self.emit(now_ms(), Happening::Paused { until_ms }).await;
            tokio::time::sleep(Duration::from_millis(self.faults.pause_ms.into())).await;
        }
        if !self.work(paused, fence).await? {
            return Ok(());
        }
        self.step().await;
        // The client stops believing it holds the lock the moment it starts to release.
        let releasing_at = now_ms();
        let released = self.lock.release(self.faults.release).await?;
        let what = Happening::Released {
            deleted: released.deleted,
            stole: released.stole,
        };
        self.emit(releasing_at, what).await;
        Ok(())
    }

    /// The work under the lock: read the counter, work (renewing), write it back plus one, write the
    /// fenced resource. False when a renewal found the lock gone, so the client stopped.
    async fn work(&mut self, paused: bool, fence: Option<i64>) -> Result<bool, StoreError> {
        let ttl_ms = self.params.timeout_secs * 1000;
        let renew_every = u64::from(ttl_ms / 3).max(1);
        // A watchdog frozen with its client fires as soon as the client resumes.
        if self.faults.renewal && paused && !self.renew(ttl_ms).await? {
            return Ok(false);
        }
        let value = self.lock.conn().get_count(&self.keys.counter).await?;
        let mut left = u64::from(self.params.work_ms);
        while left > 0 {
            let step = if self.faults.renewal {
                left.min(renew_every)
            } else {
                left
            };
            tokio::time::sleep(Duration::from_millis(step)).await;
            left -= step;
            if self.faults.renewal && left > 0 && !self.renew(ttl_ms).await? {
                return Ok(false);
            }
        }
        let (counter, ttl_secs) = (self.keys.counter.clone(), self.keys.ttl_secs);
        self.lock
            .conn()
            .set_ex(&counter, &(value + 1).to_string(), ttl_secs)
            .await?;
        if let Some(fence) = fence {
            let argv = [
                fence.to_string(),
                format!("client-{}", self.client),
                (ttl_secs * 1000).to_string(),
            ];
            let resource = self.keys.resource.clone();
            let script = &self.scripts.fenced_write;
            let accepted = self
                .lock
                .conn()
                .eval_int(script, &[&resource], &argv)
                .await?
                == 1;
            self.emit(now_ms(), Happening::Wrote { fence, accepted })
                .await;
        }
        Ok(true)
    }

    /// The watchdog's renewal: extends the lock if it is still ours.
    async fn renew(&mut self, ttl_ms: u32) -> Result<bool, StoreError> {
        let token = self.lock.token().to_owned();
        let key = self.keys.lock.clone();
        let script = &self.scripts.renew;
        let ok = self
            .lock
            .conn()
            .eval_int(script, &[&key], &[token, ttl_ms.to_string()])
            .await?
            == 1;
        self.emit(now_ms(), Happening::Renewed { ok }).await;
        Ok(ok)
    }
}
