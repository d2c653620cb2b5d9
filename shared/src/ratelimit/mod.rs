//! The `ratelimit` lab: fixed and sliding windows (and what people use today) side by side, on the same
//! traffic, live on the wall clock or replayed instantly on virtual time; and the many-servers lesson,
//! where N application servers limit with counters of their own or share one limiter in Redis.
//!
//! - [`traffic`]: arrivals and the deterministic generators (steady, bursts, boundary burst, Poisson,
//!   concurrent clients, and the retry storms, whose refused requests come back).
//! - [`stats`]: per-lane figures, above all the most requests allowed in any window-length interval.
//! - [`scripts`]: the Lua sources the backend runs and the frontend shows.

pub mod scripts;
pub mod stats;
pub mod traffic;

use serde::{Deserialize, Serialize};

use crate::{ParamRange, speed::Speed};
pub use traffic::{Arrival, Pattern};

/// Largest `max_requests`.
pub const MAX_REQUESTS: u32 = 1000;
/// Largest `window_seconds`.
pub const MAX_WINDOW_SECONDS: u32 = 3600;
/// Most arrivals in one run or replay.
pub const MAX_ARRIVALS: usize = 10_000;
/// Most concurrent virtual clients.
pub const MAX_CLIENTS: u32 = 50;
/// Longest live run, in seconds.
pub const MAX_LIVE_SECONDS: u64 = 120;
/// Fewest application servers in the many-servers lesson.
pub const MIN_SERVERS: u32 = 2;
/// Most application servers in the many-servers lesson.
pub const MAX_SERVERS: u32 = 8;

/// The limiters the lab can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// The course's `is_allowed`: `INCR` + `EXPIRE` on `rate:{key}:{now // window}` in MULTI/EXEC.
    FixedWindow,
    /// The course's `sliding_window`, flaws included: same-`now` members collide, and the check and the
    /// `ZREM` undo are separate round trips.
    SlidingLogCourse,
    /// The sliding log fixed: one Lua script, unique members, atomic.
    SlidingLogLua,
    /// Weighted two-window approximation, in Lua.
    SlidingCounter,
    /// Token bucket refilling `max_requests` per window, in Lua.
    TokenBucket,
    /// Leaky bucket as a meter: a level that leaks `max_requests` per window, no queue, in Lua.
    LeakyBucket,
    /// GCRA: the theoretical arrival time of the next request, one key, in Lua.
    Gcra,
}

impl Algorithm {
    /// Every algorithm, in lane order.
    pub const ALL: [Algorithm; 7] = [
        Self::FixedWindow,
        Self::SlidingLogCourse,
        Self::SlidingLogLua,
        Self::SlidingCounter,
        Self::TokenBucket,
        Self::LeakyBucket,
        Self::Gcra,
    ];

    /// The snake_case name used on the wire and in trace client names.
    pub fn id(self) -> &'static str {
        match self {
            Self::FixedWindow => "fixed_window",
            Self::SlidingLogCourse => "sliding_log_course",
            Self::SlidingLogLua => "sliding_log_lua",
            Self::SlidingCounter => "sliding_counter",
            Self::TokenBucket => "token_bucket",
            Self::LeakyBucket => "leaky_bucket",
            Self::Gcra => "gcra",
        }
    }

    /// Whether no window-length interval can ever hold more than `max_requests` allowed requests.
    pub fn is_exact(self) -> bool {
        matches!(self, Self::SlidingLogLua)
    }
}

/// The limit every chosen algorithm enforces: `max_requests` per `window_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Requests allowed per window, 1 to [`MAX_REQUESTS`].
    pub max_requests: u32,
    /// Window length, 1 to [`MAX_WINDOW_SECONDS`].
    pub window_seconds: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_requests: 5,
            window_seconds: 10,
        }
    }
}

impl Limits {
    /// Checks both parameters, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ParamRange> {
        ParamRange::check(
            "max_requests",
            self.max_requests.into(),
            1,
            MAX_REQUESTS.into(),
        )?;
        ParamRange::check(
            "window_seconds",
            self.window_seconds.into(),
            1,
            MAX_WINDOW_SECONDS.into(),
        )
    }

    /// The limit at `speed`: the same `max_requests` over a window stretched like the arrival times.
    pub fn slowed(self, speed: Speed) -> Self {
        Self {
            window_seconds: speed.stretch_u32(self.window_seconds),
            ..self
        }
    }

    /// The window in microseconds.
    pub fn window_us(&self) -> u64 {
        u64::from(self.window_seconds) * 1_000_000
    }
}

/// How arrivals are timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// On the wall clock: arrivals are sent when their time comes, concurrent clients on their own
    /// connections, so races are real.
    Live,
    /// On virtual time, as fast as Redis answers, one arrival after another: the same trace and
    /// parameters always give the same decisions.
    Replay,
}

/// The traffic of a run: generated from a pattern, or given arrival by arrival (an imported trace).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Traffic {
    /// Generated by [`Pattern::arrivals`].
    Pattern {
        /// The generator and its parameters.
        pattern: Pattern,
    },
    /// Exactly these arrivals.
    Trace {
        /// Offsets from the run's origin, in any order (they are sorted before the run).
        arrivals: Vec<Arrival>,
    },
}

/// What the browser asks of the lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RatelimitRequest {
    /// One request, now, through every chosen limiter (the "send request" button).
    Hit {
        /// Lanes to decide in.
        algorithms: Vec<Algorithm>,
        /// The limit.
        limits: Limits,
    },
    /// A run of many arrivals; decisions stream as events, the summary is the reply.
    Run {
        /// Lanes to decide in.
        algorithms: Vec<Algorithm>,
        /// The limit.
        limits: Limits,
        /// Wall clock or virtual time.
        mode: Mode,
        /// The arrivals.
        traffic: Traffic,
        /// Slow motion of a live run: arrival times and the window stretched alike (see
        /// [`Limits::slowed`]), so every limiter decides exactly as at normal speed, only later. A live
        /// run may then last up to four times [`MAX_LIVE_SECONDS`]. Ignored by a replay, which runs
        /// on virtual time.
        #[serde(default, skip_serializing_if = "Speed::is_normal")]
        speed: Speed,
    },
    /// The many-servers lesson, live: the pattern's arrivals dealt in turn to `servers` application
    /// servers, each deciding every request twice, with a sliding log of its own in memory and with the
    /// sliding log all servers share in Redis. Events are [`RatelimitEvent::Started`] and
    /// [`RatelimitEvent::Servers`]; the reply is [`RatelimitReply::Servers`].
    Servers {
        /// Application servers, [`MIN_SERVERS`] to [`MAX_SERVERS`], each a task with its own connection.
        servers: u32,
        /// The limit every server enforces, alone or together.
        limits: Limits,
        /// The traffic, at most [`MAX_LIVE_SECONDS`] long; not a retry storm.
        pattern: Pattern,
    },
    /// Each limiter's remaining quota and reset time for the button's key, without consuming a request.
    Peek {
        /// Lanes to read.
        algorithms: Vec<Algorithm>,
        /// The limit.
        limits: Limits,
    },
    /// Deletes the button's limiter keys, starting the live lanes afresh.
    Reset,
}

impl RatelimitRequest {
    /// Checks every parameter, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ParamRange> {
        match self {
            Self::Hit { algorithms, limits } | Self::Peek { algorithms, limits } => {
                check_algorithms(algorithms)?;
                limits.validate()
            }
            Self::Run {
                algorithms,
                limits,
                mode,
                traffic,
                ..
            } => {
                check_algorithms(algorithms)?;
                limits.validate()?;
                traffic.validate(*mode)
            }
            Self::Servers {
                servers,
                limits,
                pattern,
            } => {
                ParamRange::check(
                    "servers",
                    (*servers).into(),
                    MIN_SERVERS.into(),
                    MAX_SERVERS.into(),
                )?;
                limits.validate()?;
                pattern.validate()?;
                ParamRange::check("retry", pattern.retry().is_some().into(), 0, 0)?;
                let last = pattern.arrivals(*limits).last().map_or(0, |a| a.at_us);
                ParamRange::check(
                    "duration_seconds",
                    (last / 1_000_000) as i64,
                    0,
                    MAX_LIVE_SECONDS as i64,
                )
            }
            Self::Reset => Ok(()),
        }
    }
}

fn check_algorithms(algorithms: &[Algorithm]) -> Result<(), ParamRange> {
    let distinct = algorithms
        .iter()
        .enumerate()
        .all(|(i, a)| !algorithms[..i].contains(a));
    let len = if distinct { algorithms.len() } else { 0 };
    ParamRange::check("algorithms", len as i64, 1, Algorithm::ALL.len() as i64)
}

impl Traffic {
    /// The arrivals, sorted by time then client.
    pub fn arrivals(&self, limits: Limits) -> Vec<Arrival> {
        let mut arrivals = match self {
            Self::Pattern { pattern } => pattern.arrivals(limits),
            Self::Trace { arrivals } => arrivals.clone(),
        };
        arrivals.sort_by_key(|a| (a.at_us, a.client));
        arrivals
    }

    /// How refused requests come back: only a retry storm's do.
    pub fn retry(&self) -> Option<traffic::Retry> {
        match self {
            Self::Pattern { pattern } => pattern.retry(),
            Self::Trace { .. } => None,
        }
    }

    /// The arrivals at `speed`: each time stretched, in the same order.
    pub fn arrivals_at(&self, limits: Limits, speed: Speed) -> Vec<Arrival> {
        let mut arrivals = self.arrivals(limits);
        for arrival in &mut arrivals {
            arrival.at_us = speed.stretch_u64(arrival.at_us);
        }
        arrivals
    }

    fn validate(&self, mode: Mode) -> Result<(), ParamRange> {
        match self {
            Self::Pattern { pattern } => {
                pattern.validate()?;
                // Each lane's refusals decide its retries, so a storm is replayed lane by lane.
                let live_retries = mode == Mode::Live && pattern.retry().is_some();
                ParamRange::check("retry", live_retries.into(), 0, 0)
            }
            Self::Trace { arrivals } => {
                ParamRange::check("arrivals", arrivals.len() as i64, 1, MAX_ARRIVALS as i64)?;
                let clients = arrivals.iter().map(|a| a.client).max().unwrap_or(0);
                ParamRange::check("client", clients.into(), 0, i64::from(MAX_CLIENTS) - 1)?;
                let last = arrivals.iter().map(|a| a.at_us).max().unwrap_or(0);
                match mode {
                    Mode::Live => ParamRange::check(
                        "duration_seconds",
                        (last / 1_000_000) as i64,
                        0,
                        MAX_LIVE_SECONDS as i64,
                    ),
                    Mode::Replay => Ok(()),
                }
            }
        }
    }
}

/// One limiter's verdict on one arrival.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Which lane.
    pub algorithm: Algorithm,
    /// Index of the arrival in the run (for a hit: 0).
    pub index: u32,
    /// Virtual client that sent it.
    pub client: u32,
    /// The `now` the limiter was given, in Unix microseconds (virtual in a replay).
    pub at_us: u64,
    /// Whether the request got through.
    pub allowed: bool,
    /// What the limiter said was left.
    pub remaining: i64,
    /// Redis's reply to the fixed window's `INCR`: the window's count after this request (that lane
    /// only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<i64>,
    /// `seq` of each trace entry of the commands that made this decision.
    pub trace: Vec<u64>,
    /// 0 for a first attempt; in a retry storm, which retry of a refused request this is. A retry's
    /// `index` counts on from the last arrival, in the order the lane made them.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub attempt: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One request of the many-servers lesson, decided by the server it was dealt to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerDecision {
    /// Index of the arrival in the run.
    pub index: u32,
    /// The server, 0-based.
    pub server: u32,
    /// The server's wall clock when it decided, in Unix microseconds; both limiters were given it.
    pub at_us: u64,
    /// The verdict of the server's own in-memory limiter: the playground's count, not Redis.
    pub own: bool,
    /// The verdict of the limiter the servers share in Redis.
    pub redis: bool,
    /// What the shared limiter said was left.
    pub remaining: i64,
    /// `seq` of each trace entry of the shared limiter's commands.
    pub trace: Vec<u64>,
}

/// One server's counts at the end of the many-servers lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerTally {
    /// The server, 0-based.
    pub server: u32,
    /// Requests dealt to it.
    pub received: u32,
    /// Requests its own in-memory limiter let through, read from its own counter.
    pub own_allowed: u32,
    /// Requests the shared limiter in Redis let through on it.
    pub redis_allowed: u32,
}

/// A limiter's quota as a read-only peek found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Peek {
    /// Which lane.
    pub algorithm: Algorithm,
    /// Requests that would still be allowed now.
    pub remaining: i64,
    /// Milliseconds until the quota is fully back, or 0 when it already is.
    pub reset_in_ms: u64,
}

/// The end-of-run figures of one lane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneSummary {
    /// Which lane.
    pub algorithm: Algorithm,
    /// Figures computed from the lane's decisions.
    pub stats: stats::LaneStats,
}

/// The lab's streamed events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatelimitEvent {
    /// The run has its arrivals and origin; in live mode it may first wait for a window edge.
    Started {
        /// Unix microseconds of the run's time zero, a multiple of the window.
        origin_us: u64,
        /// How many arrivals will be decided.
        arrivals: u32,
        /// The arrivals themselves, so the run can be exported and replayed.
        trace: Vec<Arrival>,
    },
    /// Decisions made since the last event, in the order Redis answered them.
    Decisions {
        /// The decisions.
        decisions: Vec<Decision>,
    },
    /// The many-servers lesson's decisions since the last event.
    Servers {
        /// The decisions.
        decisions: Vec<ServerDecision>,
    },
}

/// The lab's final answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RatelimitReply {
    /// The button's decisions, one per chosen lane.
    Hit {
        /// The decisions.
        decisions: Vec<Decision>,
    },
    /// A run finished (or was the last chunk of a cancelled one).
    Run {
        /// One per lane.
        lanes: Vec<LaneSummary>,
    },
    /// Each lane's quota.
    Peek {
        /// One per lane.
        peeks: Vec<Peek>,
    },
    /// How many limiter keys were deleted.
    Reset {
        /// Keys deleted.
        deleted: u64,
    },
    /// The many-servers lesson finished.
    Servers {
        /// Each server's counts.
        servers: Vec<ServerTally>,
        /// All servers' own limiters together: the playground's count, not Redis.
        own: stats::LaneStats,
        /// The limiter shared in Redis, from its replies.
        redis: stats::LaneStats,
    },
}
