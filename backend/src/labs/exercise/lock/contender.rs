//! One case's contenders: a task per client, each on a sandbox connection of its own, looping acquire
//! → work → release with the learner's two scripts, and the lock lab's faults played where the plan
//! says. Each client records what Redis returned and when (µs from the case's start): its holds,
//! bounded by the `PTTL` read right after each acquire, and what `GET` found around each release.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use shared::{
    RequestId,
    exercise::{
        Part, ScriptError,
        lock::{DEADLINE_MS, Fault, Hold},
    },
};
use tokio::{sync::watch, task::JoinSet};

use super::cases::{Plan, RETRY_MS};
use crate::{
    labs::exercise::grading::{gives_way, run_script},
    sandbox::Sandbox,
    session::Session,
    store::{Conn, Key},
};

/// The learner's scripts, as `SCRIPT LOAD` named them.
#[derive(Clone)]
pub struct Shas {
    /// The acquire's SHA1.
    pub acquire: String,
    /// The release's SHA1.
    pub release: String,
}

/// A script's failure, and which script failed.
pub type Failed = (Part, ScriptError);

/// What one case's clients saw, together.
#[derive(Debug, Default)]
pub struct CaseRun {
    /// Every hold, in the order they began.
    pub holds: Vec<Hold>,
    /// Some client neither finished its rounds nor crashed before the deadline.
    pub unfinished: bool,
    /// A stale holder's release removed the token `GET` found just before it (another holder's).
    pub stale_deleted: bool,
    /// A holder's release left its own token in the key.
    pub release_kept: bool,
    /// A `PTTL` right after an acquire found the lock without an expiry.
    pub no_expiry: bool,
    /// How long the case ran, in µs.
    pub span_us: u32,
}

/// What the clients share: the clock, the plan, the scripts, and two signals.
struct Shared {
    sandbox: Arc<Sandbox>,
    plan: Plan,
    shas: Shas,
    key: Key,
    start: Instant,
    deadline: tokio::time::Instant,
    /// Set once client 0 holds the lock: the others start then, so client 0 plays its fault first.
    first: watch::Sender<bool>,
    /// Stale releases still to come: a holder waits for them before its work, so a stale release
    /// always meets a live holder.
    stale_left: watch::Sender<usize>,
}

impl Shared {
    fn us(&self) -> u32 {
        u32::try_from(self.start.elapsed().as_micros()).unwrap_or(u32::MAX)
    }
}

/// Runs `plan` with the scripts `shas` on lock key `key`; every client's connections are opened before
/// any of them starts. Clients are traced as `client-N`, after `names` (`""` for the learner's lane,
/// `"course-"` for the course's).
pub async fn run(
    sandbox: &Arc<Sandbox>,
    (session, id, names): (&Session, RequestId, &str),
    shas: &Shas,
    key: Key,
    plan: &Plan,
) -> Result<CaseRun, Failed> {
    let mut conns = Vec::new();
    for client in 0..plan.clients {
        let tracer = session.tracer(id, &format!("{names}client-{client}"));
        let conn = sandbox.connection(tracer.clone()).await;
        let reader = sandbox.connection(tracer.playground()).await;
        match (conn, reader) {
            (Ok(conn), Ok(reader)) => conns.push((conn, reader)),
            _ => return Err((Part::Acquire, ScriptError::SandboxLost)),
        }
    }
    let shared = Arc::new(Shared {
        sandbox: sandbox.clone(),
        plan: plan.clone(),
        shas: shas.clone(),
        key,
        start: Instant::now(),
        deadline: tokio::time::Instant::now() + Duration::from_millis(u64::from(DEADLINE_MS)),
        first: watch::Sender::new(false),
        stale_left: watch::Sender::new(plan.stale_count()),
    });
    let mut tasks = JoinSet::new();
    for (client, (conn, reader)) in conns.into_iter().enumerate() {
        let shared = shared.clone();
        tasks.spawn(async move { contend(&shared, client as u8, conn, reader).await });
    }
    let mut run = CaseRun::default();
    let mut failed: Option<Failed> = None;
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(client)) => {
                run.holds.extend(client.holds);
                run.unfinished |= !client.finished;
                run.stale_deleted |= client.stale_deleted;
                run.release_kept |= client.release_kept;
                run.no_expiry |= client.no_expiry;
            }
            Ok(Err(next)) => {
                if gives_way(failed.as_ref().map(|(_, e)| e)) {
                    failed = Some(next);
                }
                // The cause is known: the other clients would only wait for a lock nobody releases.
                if !gives_way(failed.as_ref().map(|(_, e)| e)) {
                    break;
                }
            }
            Err(_) => {
                failed.get_or_insert((Part::Acquire, ScriptError::SandboxLost));
            }
        }
    }
    if let Some(failed) = failed {
        return Err(failed);
    }
    run.holds.sort_by_key(|h| (h.from_us, h.client));
    run.span_us = shared.us();
    Ok(run)
}

/// What one client saw.
#[derive(Debug, Default)]
struct ClientRun {
    holds: Vec<Hold>,
    finished: bool,
    stale_deleted: bool,
    release_kept: bool,
    no_expiry: bool,
}

/// One client's rounds. A client that crashes has finished; one still waiting for the lock at the
/// deadline has not.
async fn contend(
    shared: &Shared,
    client: u8,
    mut conn: Conn,
    mut reader: Conn,
) -> Result<ClientRun, Failed> {
    let mut run = ClientRun::default();
    if client != 0 {
        let mut first = shared.first.subscribe();
        let started = tokio::time::timeout_at(shared.deadline, first.wait_for(|held| *held)).await;
        if !matches!(started, Ok(Ok(_))) {
            return Ok(run);
        }
    }
    for round in 0..shared.plan.rounds {
        let token = format!("client-{client}:round-{round}");
        let Some(from_us) = acquire(shared, &mut conn, &token).await? else {
            return Ok(run);
        };
        if client == 0 && round == 0 {
            shared.first.send_replace(true);
        }
        let read_us = shared.us();
        let lost = |_| (Part::Acquire, ScriptError::SandboxLost);
        let pttl = reader.pttl(&shared.key).await.map_err(lost)?;
        run.no_expiry |= pttl == -1;
        let fault = shared.plan.fault(client, round);
        let mut hold = Hold {
            client,
            from_us,
            // -1: no expiry; -2: no key to bound the hold, which then lasts until its release.
            lease_us: u32::try_from(pttl)
                .ok()
                .map(|ms| read_us.saturating_add(ms.saturating_mul(1000))),
            release_us: None,
            fault,
        };
        if fault == Some(Fault::Crash) {
            run.holds.push(hold);
            run.finished = true;
            return Ok(run);
        }
        let lost = |_| (Part::Release, ScriptError::SandboxLost);
        if fault == Some(Fault::Stale) {
            pause(shared.plan.stale_pause_ms()).await;
            let before = reader.get(&shared.key).await.map_err(lost)?;
            hold.release_us = Some(shared.us());
            release(shared, &mut conn, &token).await?;
            let after = reader.get(&shared.key).await.map_err(lost)?;
            run.stale_deleted |= before.as_ref().is_some_and(|b| *b != token) && after != before;
            shared
                .stale_left
                .send_modify(|left| *left = left.saturating_sub(1));
        } else {
            let mut stale_left = shared.stale_left.subscribe();
            let _ =
                tokio::time::timeout_at(shared.deadline, stale_left.wait_for(|left| *left == 0))
                    .await;
            pause(shared.plan.work_ms).await;
            hold.release_us = Some(shared.us());
            release(shared, &mut conn, &token).await?;
            let after = reader.get(&shared.key).await.map_err(lost)?;
            run.release_kept |= after.as_deref() == Some(token.as_str());
        }
        run.holds.push(hold);
    }
    run.finished = true;
    Ok(run)
}

/// Tries the learner's acquire every [`RETRY_MS`] until it returns 1 (when its reply arrived, in µs)
/// or the deadline passes (`None`).
async fn acquire(shared: &Shared, conn: &mut Conn, token: &str) -> Result<Option<u32>, Failed> {
    let argv = [token.to_owned(), shared.plan.ttl_ms.to_string()];
    loop {
        if tokio::time::Instant::now() >= shared.deadline {
            return Ok(None);
        }
        if call(shared, conn, (Part::Acquire, &shared.shas.acquire), &argv).await? {
            return Ok(Some(shared.us()));
        }
        tokio::time::sleep(Duration::from_millis(RETRY_MS)).await;
    }
}

/// The learner's release of `token`; what it returned is not trusted: `GET` reads what it did.
async fn release(shared: &Shared, conn: &mut Conn, token: &str) -> Result<(), Failed> {
    call(
        shared,
        conn,
        (Part::Release, &shared.shas.release),
        &[token.to_owned()],
    )
    .await
    .map(|_| ())
}

/// One run of the learner's `part` (loaded as `sha`), whose reply the contract fixes as 0 or 1.
async fn call(
    shared: &Shared,
    conn: &mut Conn,
    (part, sha): (Part, &str),
    argv: &[String],
) -> Result<bool, Failed> {
    let reply: i64 = run_script(&shared.sandbox, conn, sha, &[&shared.key], argv)
        .await
        .map_err(|e| (part, e))?;
    match reply {
        0 | 1 => Ok(reply == 1),
        _ => Err((
            part,
            ScriptError::BadReply {
                reply: conn
                    .last()
                    .map(|(_, reply, _)| reply.clone())
                    .unwrap_or_default(),
            },
        )),
    }
}

async fn pause(ms: u32) {
    tokio::time::sleep(Duration::from_millis(u64::from(ms))).await;
}
