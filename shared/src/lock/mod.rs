//! The `lock` lab: the course's `DistributedLock` with real contenders, and the faults that break it
//! (a paused holder, an unsafe release, `SETNX` then `EXPIRE`) beside what fixes them (the Lua release,
//! fencing tokens, lease renewal). [`scripts`] holds the Lua it runs; [`overlap`] finds violations.

pub mod overlap;
pub mod scripts;

use serde::{Deserialize, Serialize};

use crate::{ParamRange, speed::Speed};

/// Most contending clients.
pub const MAX_CLIENTS: u32 = 20;
/// Most rounds (acquire, work, release) per client.
pub const MAX_ROUNDS: u32 = 100;
/// Longest work inside the lock, in milliseconds.
pub const MAX_WORK_MS: u32 = 10_000;
/// Longest run, in seconds.
pub const MAX_RUN_SECS: u32 = 120;
/// Longest lock timeout (the course's `timeout`, `SET … EX`), in seconds.
pub const MAX_TIMEOUT_SECS: u32 = 60;

/// How a run's clients behave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockParams {
    /// Contending clients, each a task on its own connection: 1 to [`MAX_CLIENTS`].
    pub clients: u32,
    /// Rounds per client: 1 to [`MAX_ROUNDS`].
    pub rounds: u32,
    /// The lock's expiry, `EX` seconds (the course's `timeout`): 1 to [`MAX_TIMEOUT_SECS`].
    pub timeout_secs: u32,
    /// Pause between failed attempts (the course's `retry_interval`), 10 to 2000 ms.
    pub retry_ms: u32,
    /// Time spent holding the lock each round, 0 to [`MAX_WORK_MS`] ms.
    pub work_ms: u32,
    /// Up to this much random extra wait before each acquire, 0 to 1000 ms.
    pub jitter_ms: u32,
    /// The course's `blocking`: retry until acquired, or give the round up after one attempt.
    pub blocking: bool,
    /// Walk the run through: every client waits for a [`LockRequest::Step`] before it acquires and
    /// before it releases.
    #[serde(default)]
    pub step: bool,
    /// The run ends after this many seconds even if clients still wait (a lock without expiry would
    /// otherwise keep them waiting forever): 1 to [`MAX_RUN_SECS`].
    pub deadline_secs: u32,
}

impl LockParams {
    /// These parameters at `speed`: the lock's expiry, the retry pause, the work, the jitter and the
    /// deadline all stretched, so Redis really sees a slower run (`SET … EX` of the stretched timeout).
    pub fn slowed(self, speed: Speed) -> Self {
        Self {
            timeout_secs: speed.stretch_u32(self.timeout_secs),
            retry_ms: speed.stretch_u32(self.retry_ms),
            work_ms: speed.stretch_u32(self.work_ms),
            jitter_ms: speed.stretch_u32(self.jitter_ms),
            deadline_secs: speed.stretch_u32(self.deadline_secs),
            ..self
        }
    }
}

impl Default for LockParams {
    fn default() -> Self {
        Self {
            clients: 3,
            rounds: 3,
            timeout_secs: 10,
            retry_ms: 100,
            work_ms: 300,
            jitter_ms: 50,
            blocking: true,
            step: false,
            deadline_secs: 30,
        }
    }
}

/// How the lock is released.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Release {
    /// The course's Lua compare-and-delete: deletes only if the value is still our token.
    #[default]
    Lua,
    /// A plain `DEL`: deletes whoever's lock is there.
    Del,
}

/// How the lock is taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acquire {
    /// The course's `SET key token NX EX timeout`: one atomic command.
    #[default]
    SetNxEx,
    /// `SETNX key token`, then `EXPIRE key timeout` as a second command; client 0 "crashes" between the
    /// two in its first round, leaving a lock that never expires.
    SetnxThenExpire,
}

/// The fault and fix switches of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faults {
    /// Client 0 stalls this long (a GC pause) right after taking the lock in its first round; 0 for none.
    pub pause_ms: u32,
    /// How clients release.
    pub release: Release,
    /// How clients acquire.
    pub acquire: Acquire,
    /// Every acquire `INCR`s a fence counter; the protected resource rejects writes with an older token.
    pub fencing: bool,
    /// A watchdog extends the lock while work runs (every third of the timeout). A renewal that finds
    /// the lock gone makes the client stop: it neither writes nor releases.
    pub renewal: bool,
}

impl Faults {
    /// These faults at `speed`: the holder's pause stretched like every other duration.
    pub fn slowed(self, speed: Speed) -> Self {
        Self {
            pause_ms: speed.stretch_u32(self.pause_ms),
            ..self
        }
    }
}

/// What the browser asks of the lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum LockRequest {
    /// Starts the contenders; events stream until the run ends or is cancelled.
    Run {
        /// Client behaviour.
        params: LockParams,
        /// Faults and fixes.
        faults: Faults,
        /// Slow motion: every duration of `params` and `faults` stretched (see [`LockParams::slowed`]).
        #[serde(default, skip_serializing_if = "Speed::is_normal")]
        speed: Speed,
    },
    /// Lets one waiting client of run `run` (started with `step`) take its next step.
    Step {
        /// The `Run` request's id.
        run: crate::RequestId,
    },
}

impl LockRequest {
    /// Checks every parameter, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ParamRange> {
        let Self::Run { params, faults, .. } = self else {
            return Ok(());
        };
        ParamRange::check("clients", params.clients.into(), 1, MAX_CLIENTS.into())?;
        ParamRange::check("rounds", params.rounds.into(), 1, MAX_ROUNDS.into())?;
        ParamRange::check(
            "timeout_secs",
            params.timeout_secs.into(),
            1,
            MAX_TIMEOUT_SECS.into(),
        )?;
        ParamRange::check("retry_ms", params.retry_ms.into(), 10, 2000)?;
        ParamRange::check("work_ms", params.work_ms.into(), 0, MAX_WORK_MS.into())?;
        ParamRange::check("jitter_ms", params.jitter_ms.into(), 0, 1000)?;
        ParamRange::check(
            "deadline_secs",
            params.deadline_secs.into(),
            1,
            MAX_RUN_SECS.into(),
        )?;
        ParamRange::check("pause_ms", faults.pause_ms.into(), 0, 120_000)
    }
}

/// One thing that happened to one client, at a wall-clock time, with the trace seqs of its commands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientEvent {
    /// Which client.
    pub client: u32,
    /// Unix milliseconds.
    pub at_ms: u64,
    /// What happened.
    pub what: Happening,
    /// `seq` of each trace entry of the commands involved.
    pub trace: Vec<u64>,
}

/// The kinds of [`ClientEvent`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Happening {
    /// Started trying to acquire (round `round`).
    Waiting {
        /// 0-based round.
        round: u32,
    },
    /// An attempt failed; the client retries after `retry_ms`.
    Retry,
    /// A non-blocking attempt failed; the client skips this round.
    Skipped,
    /// `SET NX` succeeded: the client now believes it holds the lock.
    Acquired {
        /// The uuid token written as the value.
        token: String,
        /// The fence counter's value, when fencing is on.
        fence: Option<i64>,
    },
    /// The client stalled (a GC pause) until `until_ms`.
    Paused {
        /// Unix milliseconds when it wakes.
        until_ms: u64,
    },
    /// The client "crashed" between `SETNX` and `EXPIRE`: the lock it left has no expiry.
    Crashed,
    /// The watchdog extended the lock (`ok`), or found it gone (`!ok`), whereupon the client stops.
    Renewed {
        /// Whether the lock was still ours.
        ok: bool,
    },
    /// A write to the protected resource, accepted or rejected by its fence check.
    Wrote {
        /// The fence token the write carried.
        fence: i64,
        /// Whether the resource took it.
        accepted: bool,
    },
    /// The client released: `deleted` is what the release returned (Lua: 0 when the lock was not ours).
    Released {
        /// Whether a key was deleted.
        deleted: bool,
        /// Whether the deleted key held another client's token (only possible with `DEL`).
        stole: bool,
    },
}

/// A reading of the lock key itself, from a monitor connection running `GET` and `PTTL`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyReading {
    /// Unix milliseconds.
    pub at_ms: u64,
    /// The client whose token is the value, if any.
    pub holder: Option<u32>,
    /// `PTTL`: ms left, -1 for no expiry, -2 for no key.
    pub pttl_ms: i64,
}

/// Two clients that both believed they held the lock at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// The two clients.
    pub clients: (u32, u32),
    /// Unix milliseconds the overlap began.
    pub from_ms: u64,
    /// Unix milliseconds it ended.
    pub to_ms: u64,
    /// `seq`s of the two acquires (and releases) involved.
    pub trace: Vec<u64>,
}

/// The lab's streamed events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockEvent {
    /// The run began; all times are Unix milliseconds.
    Started {
        /// When the clients started.
        at_ms: u64,
        /// The lock's full key.
        key: String,
    },
    /// Client happenings since the last event.
    Clients {
        /// In the order they happened.
        events: Vec<ClientEvent>,
    },
    /// Lock-key readings since the last event.
    Key {
        /// In time order.
        readings: Vec<KeyReading>,
    },
}

/// What a finished run found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockSummary {
    /// Rounds that got the lock.
    pub acquired: u32,
    /// Every overlap of two clients' holding intervals.
    pub violations: Vec<Violation>,
    /// The shared counter each holder read and rewrote (`GET`, then `SET` + 1) under the lock.
    pub counter: i64,
    /// What the counter would be had no update been lost: one per acquired round.
    pub expected_counter: i64,
    /// Writes the fenced resource accepted and rejected.
    pub writes_accepted: u32,
    /// See `writes_accepted`.
    pub writes_rejected: u32,
    /// Whether the run ended with a lock that never expires (`PTTL` −1).
    pub lock_without_expiry: bool,
    /// Whether the deadline ended the run while clients still waited.
    pub timed_out: bool,
}

/// The lab's final answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum LockReply {
    /// The run's findings.
    Run(LockSummary),
    /// A client was let take its step.
    Stepped,
}
