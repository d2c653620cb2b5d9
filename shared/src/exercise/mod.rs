//! Graded exercises: the learner writes the implementation, and a sandbox Redis of its own grades it.
//!
//! The rate-limit exercise (the course's 演習2): the learner's limiter is ONE Lua script with a fixed
//! contract (`KEYS[1]` the key; `ARGV[1]` now in ms, `ARGV[2]` the limit, `ARGV[3]` the window in ms;
//! it returns `{allowed (1/0), remaining}`). The backend runs it on the sandbox over visible and hidden
//! cases, beside the course's version ([`RATELIMIT_STARTER`]) and the fixed one
//! ([`RATELIMIT_SOLUTION`]) on the same traffic, and judges each [`Property`] on what Redis returned.
//!
//! [`lock`]: the lock exercise (the course's 演習3), an acquire and a release script judged under
//! contenders with the lock lab's faults. [`cache`]: the cache warm-up (the course's 演習4), one
//! script judged on what it leaves in Redis. [`pubsub`]: the notification delivery (the course's
//! 演習1), a publish and a read script judged by a live subscriber and one that goes away. All grade as a [`Graded`]: a verdict per property, the
//! cases, the script's error.

pub mod cache;
pub mod lock;
pub mod pubsub;

use serde::{Deserialize, Serialize};

use crate::ParamRange;

/// The starter: the course's `sliding_window` carried over to the contract, its same-timestamp
/// collision (`ZADD key now now`) included.
pub const RATELIMIT_STARTER: &str = include_str!("ratelimit_starter.lua");
/// The reference solution: an exact sliding log with members that never collide.
pub const RATELIMIT_SOLUTION: &str = include_str!("ratelimit_solution.lua");
/// Longest script the sandbox accepts, in bytes.
pub const MAX_SCRIPT_BYTES: usize = 16 * 1024;
/// How much less than the exact sliding log a limiter may allow on the same traffic, in percent of
/// what the sliding log allowed (rounded down), before it counts as too strict.
pub const STRICTNESS_TOLERANCE_PERCENT: u32 = 10;
/// The sandbox's busy-script threshold: a decision that runs longer is stopped, in ms.
pub const BUSY_SCRIPT_MS: u32 = 200;

/// Grade one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ExerciseRequest {
    /// Grades a rate limiter written as one Lua script.
    Ratelimit {
        /// The learner's Lua source.
        script: String,
    },
    /// Grades a lock written as two Lua scripts ([`lock`]'s contract).
    Lock {
        /// The acquire script's source.
        acquire: String,
        /// The release script's source.
        release: String,
    },
    /// Grades a cache warm-up written as one Lua script ([`cache`]'s contract).
    Cache {
        /// The learner's Lua source.
        script: String,
    },
    /// Grades a notification delivery written as two Lua scripts ([`pubsub`]'s contract).
    Pubsub {
        /// The publish script's source.
        publish: String,
        /// The read script's source.
        read: String,
    },
}

impl ExerciseRequest {
    /// Checks the size of the script before anything starts.
    pub fn validate(&self) -> Result<(), ParamRange> {
        match self {
            Self::Ratelimit { script } | Self::Cache { script } => check_script("script", script),
            Self::Lock { acquire, release } => {
                check_script("acquire", acquire)?;
                check_script("release", release)
            }
            Self::Pubsub { publish, read } => {
                check_script("publish", publish)?;
                check_script("read", read)
            }
        }
    }
}

/// A script's size, named `field`, within `1..=`[`MAX_SCRIPT_BYTES`].
fn check_script(field: &str, script: &str) -> Result<(), ParamRange> {
    ParamRange::check(field, script.len() as i64, 1, MAX_SCRIPT_BYTES as i64)
}

/// The grade of one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ExerciseReply {
    /// The rate-limit exercise's grade.
    Ratelimit(Grade),
    /// The lock exercise's grade.
    Lock(lock::Grade),
    /// The cache exercise's grade.
    Cache(cache::Grade),
    /// The Pub/Sub exercise's grade.
    Pubsub(pubsub::Grade),
}

impl ExerciseReply {
    /// Which exercise it grades.
    pub fn kind(&self) -> ExerciseKind {
        match self {
            Self::Ratelimit(_) => ExerciseKind::Ratelimit,
            Self::Lock(_) => ExerciseKind::Lock,
            Self::Cache(_) => ExerciseKind::Cache,
            Self::Pubsub(_) => ExerciseKind::Pubsub,
        }
    }

    /// Whether every property held.
    pub fn passed(&self) -> bool {
        match self {
            Self::Ratelimit(grade) => grade.passed(),
            Self::Lock(grade) => grade.passed(),
            Self::Cache(grade) => grade.passed(),
            Self::Pubsub(grade) => grade.passed(),
        }
    }
}

/// Which exercise: what a workshop room's presenter sets the audience, and what a verdict names.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseKind {
    /// 演習2, the rate limiter.
    #[default]
    Ratelimit,
    /// 演習3, the lock.
    Lock,
    /// 演習4, the cache warm-up.
    Cache,
    /// 演習1, the notification delivery.
    Pubsub,
}

impl ExerciseKind {
    /// Every exercise, in the course's order.
    pub const ALL: [ExerciseKind; 4] = [Self::Pubsub, Self::Ratelimit, Self::Lock, Self::Cache];
}

/// The rate-limit exercise's grade.
pub type Grade = Graded<Property, Case, CaseResult>;

/// What grading found: a verdict per property `P` (with the cases `C` it broke in), each case's
/// result `R`, and the script's error if it had one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Graded<P, C, R> {
    /// Each property, in the order of the exercise's list of them (its `Property::ALL`).
    pub properties: Vec<PropertyVerdict<P, C>>,
    /// Each case, visible ones first.
    pub cases: Vec<R>,
    /// The first thing that stopped the learner's script, if any; grading stops there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ScriptError>,
    /// Which of the submission's scripts `error` came from, when it has more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_in: Option<Part>,
    /// How long the sandbox took to start and accept connections, in ms.
    pub sandbox_start_ms: u32,
    /// How long grading took, sandbox included, in ms.
    pub graded_ms: u32,
}

impl<P, C, R> Graded<P, C, R> {
    /// Whether every property held.
    pub fn passed(&self) -> bool {
        self.error.is_none()
            && !self.properties.is_empty()
            && self.properties.iter().all(|p| p.status == Status::Held)
    }
}

/// A property a limiter must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// The script loads, runs within the busy-script threshold and returns `{0 or 1, 0..=limit}`.
    Contract,
    /// Never more allowed decisions than the limit in any interval one window long.
    WithinLimit,
    /// Allows at least what the exact sliding log allows, less [`STRICTNESS_TOLERANCE_PERCENT`].
    NotTooStrict,
    /// Every key the script created has an expiry (`PTTL` read back on the sandbox).
    Expires,
    /// Each decision is one round trip: Redis counted one `EVALSHA` per decision and nothing else.
    OneRoundTrip,
}

impl Property {
    /// Every property, in the order a grade lists them.
    pub const ALL: [Property; 5] = [
        Self::Contract,
        Self::WithinLimit,
        Self::NotTooStrict,
        Self::Expires,
        Self::OneRoundTrip,
    ];
}

/// Whether a property held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It held in every case.
    Held,
    /// It broke in at least one case.
    Broken,
    /// Grading stopped before it could be judged (the script failed).
    NotJudged,
}

/// One property's verdict over all cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PropertyVerdict<P, C> {
    /// Which property.
    pub property: P,
    /// Its verdict.
    pub status: Status,
    /// The cases it broke in.
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub broken_in: Vec<C>,
}

/// A traffic pattern the limiter is graded on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    /// A full burst just before a fixed window's boundary and another just after it.
    BoundaryBurst,
    /// Bursts whose requests all carry the same millisecond.
    SameTimestamp,
    /// Clients on connections of their own racing to the sandbox at once.
    Concurrent,
    /// Random (Poisson) arrivals at about twice the limit's rate.
    Poisson,
    /// Hidden: a limit of one.
    HiddenLimitOne,
    /// Hidden: a boundary burst on a short window with a larger limit.
    HiddenShortWindow,
    /// Hidden: Poisson arrivals with another seed, some at the same millisecond.
    HiddenPoisson,
}

impl Case {
    /// Every case, visible ones first.
    pub const ALL: [Case; 7] = [
        Self::BoundaryBurst,
        Self::SameTimestamp,
        Self::Concurrent,
        Self::Poisson,
        Self::HiddenLimitOne,
        Self::HiddenShortWindow,
        Self::HiddenPoisson,
    ];

    /// Whether only its verdict and broken properties are shown.
    pub fn hidden(self) -> bool {
        matches!(
            self,
            Self::HiddenLimitOne | Self::HiddenShortWindow | Self::HiddenPoisson
        )
    }
}

/// One case's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// Which case.
    pub case: Case,
    /// The properties it broke; empty when it passed.
    pub broken: Vec<Property>,
    /// The limit the script was given.
    pub limit: u32,
    /// The window the script was given, in ms.
    pub window_ms: u32,
    /// What Redis returned, lane by lane; `None` for a hidden case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lanes: Option<Lanes>,
}

/// The same traffic decided by three scripts, each on its own key of the sandbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lanes {
    /// The course's version (the starter).
    pub course: Vec<Decision>,
    /// The learner's script.
    pub yours: Vec<Decision>,
    /// The reference solution.
    pub fixed: Vec<Decision>,
    /// How long the case's traffic spans, in ms from its first request.
    pub span_ms: u32,
}

/// One decision as Redis returned it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The `now` the script was given, in ms from the case's first request.
    pub at_ms: u32,
    /// The client that asked (0 unless the case has several).
    pub client: u8,
    /// The reply's first element.
    pub allowed: bool,
    /// The reply's second element.
    pub remaining: i64,
}

/// One of the scripts of a submission that has several (the lock exercise's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The lock's acquire.
    Acquire,
    /// The lock's release.
    Release,
    /// The Pub/Sub exercise's publish.
    Publish,
    /// The Pub/Sub exercise's read.
    Read,
}

/// Why the learner's script stopped grading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScriptError {
    /// Redis refused to load or run it; `line` is the line of the script Redis named.
    Lua {
        /// 1-based line in the learner's script, from Redis's `user_script:N:`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        /// Redis's error text.
        message: String,
    },
    /// One decision ran past the busy-script threshold and was stopped (`SCRIPT KILL`, or the sandbox
    /// killed when the script had already written).
    TooSlow {
        /// The threshold, in ms.
        limit_ms: u32,
    },
    /// The reply did not keep the contract.
    BadReply {
        /// The reply as the trace shows it.
        reply: String,
    },
    /// The sandbox stopped answering (its process ran out of memory, or was killed).
    SandboxLost,
}

/// The line Redis's error text names in the learner's script (`user_script:N:`), if any.
pub fn error_line(message: &str) -> Option<u32> {
    let rest = &message[message.find("user_script:")? + "user_script:".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_comes_from_redis_error_text() {
        let compile =
            "ERR Error compiling script (new function): user_script:3: '=' expected near 'x'";
        let run = "ERR user_script:7: Script attempted to access nonexistent global variable 'foo' \
                   script: 6a1f, on @user_script:7.";
        assert_eq!(error_line(compile), Some(3));
        assert_eq!(error_line(run), Some(7));
        assert_eq!(error_line("ERR not enough memory"), None);
    }

    #[test]
    fn the_script_size_is_limited() {
        let ok = ExerciseRequest::Ratelimit {
            script: RATELIMIT_STARTER.into(),
        };
        let big = ExerciseRequest::Ratelimit {
            script: "-".repeat(MAX_SCRIPT_BYTES + 1),
        };
        let empty = ExerciseRequest::Ratelimit {
            script: String::new(),
        };
        assert!(ok.validate().is_ok());
        assert_eq!(
            big.validate().map_err(|r| r.field),
            Err("script".to_owned())
        );
        assert!(empty.validate().is_err());
    }

    #[test]
    fn a_grade_pins_its_json() {
        let grade = Grade {
            properties: vec![PropertyVerdict {
                property: Property::WithinLimit,
                status: Status::Broken,
                broken_in: vec![Case::SameTimestamp],
            }],
            cases: vec![CaseResult {
                case: Case::HiddenLimitOne,
                broken: vec![Property::WithinLimit],
                limit: 1,
                window_ms: 500,
                lanes: None,
            }],
            error: Some(ScriptError::Lua {
                line: Some(2),
                message: "ERR x".into(),
            }),
            error_in: None,
            sandbox_start_ms: 30,
            graded_ms: 400,
        };
        let json = serde_json::to_string(&ExerciseReply::Ratelimit(grade)).expect("json");
        assert_eq!(
            json,
            r#"{"op":"ratelimit","properties":[{"property":"within_limit","status":"broken","broken_in":["same_timestamp"]}],"cases":[{"case":"hidden_limit_one","broken":["within_limit"],"limit":1,"window_ms":500}],"error":{"kind":"lua","line":2,"message":"ERR x"},"sandbox_start_ms":30,"graded_ms":400}"#
        );
    }
}
