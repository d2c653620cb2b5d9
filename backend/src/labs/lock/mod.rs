//! The `lock` lab: the course's `DistributedLock` under real contention. Each client is a task on its own
//! connection; a monitor reads the lock key; a checker finds every overlap of two clients' holdings.
//!
//! - [`distributed_lock`]: the course's class in Rust, its guard, and the faulty variants.
//! - [`contender`]: one client's rounds of acquire, work and release.
//! - [`monitor`]: `GET` and `PTTL` readings of the lock key.
//! - [`checker`]: holding intervals and their overlaps.

pub mod checker;
pub mod contender;
pub mod distributed_lock;
mod monitor;

use std::{
    sync::{Arc, LazyLock},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use shared::{
    LabEvent,
    lock::{
        ClientEvent, Faults, Happening, KeyReading, LockEvent, LockParams, LockReply, LockRequest,
        LockSummary, scripts,
    },
};
use tokio::{
    sync::{Semaphore, mpsc},
    task::JoinSet,
};

use crate::{
    error::LabError,
    labs::Events,
    session::Session,
    store::{Key, Script, StoreError},
};
use contender::{Contender, Shared};
use distributed_lock::DistributedLock;

/// How often happenings are flushed to the browser.
const FLUSH: Duration = Duration::from_millis(50);

/// The keys of one run, all under `lock:run{n}:` in the session's namespace.
pub struct Keys {
    /// The lock itself: the course's `lock:{name}`.
    pub lock: Key,
    /// The shared counter each holder reads and rewrites.
    pub counter: Key,
    /// The fence counter, `INCR`ed on every acquire when fencing is on.
    pub fence: Key,
    /// The fenced resource.
    pub resource: Key,
    /// Expiry of the counter, fence and resource keys.
    pub ttl_secs: u64,
    /// The glob, relative to the namespace, that matches every key of the run.
    pub glob: String,
}

/// The lab's own Lua, loaded once.
pub struct Scripts {
    /// Lease renewal.
    pub renew: Script,
    /// The fenced resource's check-and-write.
    pub fenced_write: Script,
}

static SCRIPTS: LazyLock<Arc<Scripts>> = LazyLock::new(|| {
    Arc::new(Scripts {
        renew: Script::new(scripts::RENEW),
        fenced_write: Script::new(scripts::FENCED_WRITE),
    })
});

/// What clients and the monitor tell the run.
pub enum Report {
    /// A client's happening.
    Client(ClientEvent),
    /// A reading of the lock key.
    Key(KeyReading),
}

/// Wall-clock now in Unix milliseconds.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

/// Runs one validated request of the lab.
pub async fn run(
    session: &Session,
    events: Events,
    req: LockRequest,
) -> Result<LockReply, LabError> {
    match req {
        LockRequest::Run {
            params,
            faults,
            speed,
        } => {
            // Slow motion is real: Redis gets the stretched expiry, and clients hold and pause longer.
            let (params, faults) = (params.slowed(speed), faults.slowed(speed));
            // A stepped run registers its gate, so `Step` requests can reach it.
            let gate = params.step.then(|| Arc::new(Semaphore::new(0)));
            if let Some(gate) = &gate {
                session.register_control(events.id(), gate.clone());
            }
            let id = events.id();
            let found = contend(session, events, params, faults, gate).await;
            session.unregister_control(id);
            found.map(LockReply::Run)
        }
        LockRequest::Step { run } => {
            let gate: Arc<Semaphore> = session.control(run).ok_or(LabError::NoSuchRun(run))?;
            gate.add_permits(1);
            Ok(LockReply::Stepped)
        }
    }
}

/// Runs the contenders until they are done, the deadline passes or the browser stops the run; the run's
/// keys are deleted when it ends, stopped or not.
async fn contend(
    session: &Session,
    events: Events,
    params: LockParams,
    faults: Faults,
    gate: Option<Arc<Semaphore>>,
) -> Result<LockSummary, LabError> {
    let run = session.next_run(events.id()).await?;
    let prefix = format!("lock:run{run}");
    let namespace = session.namespace();
    let keys = Arc::new(Keys {
        lock: namespace.key(&format!("{prefix}:resource")),
        counter: namespace.key(&format!("{prefix}:counter")),
        fence: namespace.key(&format!("{prefix}:fence")),
        resource: namespace.key(&format!("{prefix}:protected")),
        ttl_secs: u64::from(params.deadline_secs) + 60,
        glob: format!("{prefix}:*"),
    });
    let key = keys.lock.to_string();
    events
        .send(LabEvent::Lock(LockEvent::Started {
            at_ms: now_ms(),
            key,
        }))
        .await;

    let shared = Arc::new(Shared::default());
    let (report, mut reports) = mpsc::channel(1024);
    let mut tasks = JoinSet::new();
    for client in 0..params.clients {
        let conn = session
            .client_conn(events.id(), &format!("client-{client}"))
            .await?;
        let contender = Contender {
            client,
            lock: DistributedLock::new(conn, keys.lock.clone(), params.timeout_secs.into()),
            keys: keys.clone(),
            params,
            faults,
            shared: shared.clone(),
            report: report.clone(),
            scripts: SCRIPTS.clone(),
            gate: gate.clone(),
        };
        tasks.spawn(contender.run());
    }
    let mut monitor_conn = session.playground_conn(events.id(), "monitor").await?;
    let monitor = tokio::spawn(monitor::watch(
        session.playground_conn(events.id(), "monitor").await?,
        keys.clone(),
        shared.clone(),
        report.clone(),
    ));
    drop(report);

    let deadline = tokio::time::sleep(Duration::from_secs(params.deadline_secs.into()));
    let mut seen = Collector::default();
    let outcome = tokio::select! {
        done = seen.collect(&events, &mut reports, &mut tasks) => done.map(|()| false),
        () = deadline => Ok(true),
        () = events.cancelled() => Err(LabError::Cancelled),
    };
    tasks.abort_all();
    monitor.abort();
    while let Ok(report) = reports.try_recv() {
        seen.take(report);
    }
    seen.flush(&events).await;
    let summary = match outcome {
        Ok(timed_out) => summarize(&mut monitor_conn, &keys, &shared, &seen.all, timed_out).await,
        Err(e) => Err(e),
    };
    monitor_conn.delete_matching(namespace, &keys.glob).await?;
    summary
}

/// Everything clients reported, and what is still to be sent to the browser.
#[derive(Default)]
struct Collector {
    all: Vec<ClientEvent>,
    clients: Vec<ClientEvent>,
    readings: Vec<KeyReading>,
}

impl Collector {
    fn take(&mut self, report: Report) {
        match report {
            Report::Client(event) => {
                self.all.push(event.clone());
                self.clients.push(event);
            }
            Report::Key(reading) => self.readings.push(reading),
        }
    }

    async fn flush(&mut self, events: &Events) {
        if !self.clients.is_empty() {
            let batch = std::mem::take(&mut self.clients);
            events
                .send(LabEvent::Lock(LockEvent::Clients { events: batch }))
                .await;
        }
        if !self.readings.is_empty() {
            let readings = std::mem::take(&mut self.readings);
            events
                .send(LabEvent::Lock(LockEvent::Key { readings }))
                .await;
        }
    }

    /// Takes reports, flushing them in batches, until every client is done.
    async fn collect(
        &mut self,
        events: &Events,
        reports: &mut mpsc::Receiver<Report>,
        tasks: &mut JoinSet<Result<(), StoreError>>,
    ) -> Result<(), LabError> {
        let mut flush = tokio::time::interval(FLUSH);
        loop {
            tokio::select! {
                Some(report) = reports.recv() => self.take(report),
                finished = tasks.join_next() => match finished {
                    Some(Ok(Err(e))) => return Err(e.into()),
                    Some(_) => {}
                    None => return Ok(()),
                },
                _ = flush.tick() => self.flush(events).await,
            }
        }
    }
}

/// The run's findings, from the clients' happenings and a last reading of Redis.
async fn summarize(
    conn: &mut crate::store::Conn,
    keys: &Keys,
    shared: &Shared,
    happened: &[ClientEvent],
    timed_out: bool,
) -> Result<LockSummary, LabError> {
    let count =
        |want: fn(&Happening) -> bool| happened.iter().filter(|e| want(&e.what)).count() as u32;
    let counter = conn.get_count(&keys.counter).await?;
    let last = monitor::read(conn, keys, shared).await?;
    Ok(LockSummary {
        acquired: count(|h| matches!(h, Happening::Acquired { .. })),
        violations: checker::violations(happened, now_ms()),
        counter,
        expected_counter: count(|h| matches!(h, Happening::Released { .. })).into(),
        writes_accepted: count(|h| matches!(h, Happening::Wrote { accepted: true, .. })),
        writes_rejected: count(|h| {
            matches!(
                h,
                Happening::Wrote {
                    accepted: false,
                    ..
                }
            )
        }),
        lock_without_expiry: last.pttl_ms == -1,
        timed_out,
    })
}
