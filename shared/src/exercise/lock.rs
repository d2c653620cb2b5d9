//! The lock exercise (the course's 演習3): the learner writes the acquire and the release, each as one
//! Lua script with a fixed contract:
//!
//! - acquire: `KEYS[1]` the lock's key, `ARGV[1]` the caller's token, `ARGV[2]` the lock's lifetime
//!   in ms; returns 1 when the lock is now the caller's, else 0.
//! - release: `KEYS[1]` the lock's key, `ARGV[1]` the caller's token; returns 1 when it deleted the
//!   caller's lock, else 0.
//!
//! The backend runs them for contenders on a sandbox, with the lock lab's faults (a holder that pauses
//! past its lifetime then releases, a holder that crashes after acquiring), and judges each
//! [`Property`] on what Redis returned and when.

use serde::{Deserialize, Serialize};

use super::Graded;

/// The starter acquire: the course's `SET name token NX EX timeout`, carried over to the contract.
pub const ACQUIRE_STARTER: &str = include_str!("lock_acquire_starter.lua");
/// The starter release: the course's compare-and-delete, as it is.
pub const RELEASE_STARTER: &str = include_str!("lock_release_starter.lua");
/// The reference acquire.
pub const ACQUIRE_SOLUTION: &str = include_str!("lock_acquire_solution.lua");
/// The reference release.
pub const RELEASE_SOLUTION: &str = include_str!("lock_release_solution.lua");
/// How long a case may run before a client still waiting counts as not finished, in ms.
pub const DEADLINE_MS: u32 = 2500;

/// The lock exercise's grade.
pub type Grade = Graded<Property, Case, CaseResult>;

/// A property a lock must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// Both scripts load, run within the busy-script threshold and return 0 or 1.
    Contract,
    /// Never two holders at once: no two clients' leases overlap, each from its acquire's reply of 1
    /// to its release or to the expiry `PTTL` read back right after the acquire.
    OneHolder,
    /// A stale holder's release never deletes the new holder's lock (`GET` before and after it).
    StaleRelease,
    /// A holder's release frees its lock (`GET` after it no longer finds the holder's token).
    ReleaseFrees,
    /// No lock is left without an expiry (`PTTL` read back after each acquire, and of every key at the
    /// end).
    Expires,
    /// Every client finishes its rounds before [`DEADLINE_MS`].
    Deadline,
}

impl Property {
    /// Every property, in the order a grade lists them.
    pub const ALL: [Property; 6] = [
        Self::Contract,
        Self::OneHolder,
        Self::StaleRelease,
        Self::ReleaseFrees,
        Self::Expires,
        Self::Deadline,
    ];
}

/// A run of contenders the lock is graded on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    /// Clients racing for the lock, round after round, with no fault.
    Contenders,
    /// The first holder pauses past its lifetime, then releases while another client holds the lock.
    StaleHolder,
    /// The first holder crashes after acquiring and never releases.
    Crash,
    /// Hidden: more clients, a short lifetime, a stale holder and a crash in the same run.
    HiddenMixed,
}

impl Case {
    /// Every case, visible ones first.
    pub const ALL: [Case; 4] = [
        Self::Contenders,
        Self::StaleHolder,
        Self::Crash,
        Self::HiddenMixed,
    ];

    /// Whether only its verdict and broken properties are shown.
    pub fn hidden(self) -> bool {
        matches!(self, Self::HiddenMixed)
    }
}

/// A fault the lock lab shows, played by one client in one round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// It paused past the lock's lifetime before releasing.
    Stale,
    /// It crashed after acquiring: no release, no more rounds.
    Crash,
}

/// One client's hold of the lock, in µs from the case's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// The client (0-based).
    pub client: u8,
    /// When its acquire's reply of 1 arrived.
    pub from_us: u32,
    /// The earliest the lock could expire, by the `PTTL` read right after the acquire (sent time plus
    /// the milliseconds it returned); `None` when the key had no expiry, or no key was there to bound
    /// the hold (which then lasts until its release).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_us: Option<u32>,
    /// When its release was sent; `None` when it never released (it crashed, or the case ended first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_us: Option<u32>,
    /// The fault this hold played, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<Fault>,
}

impl Hold {
    /// Until when the client held the lock: its release or its lease's end, whichever came first;
    /// `None` when neither ever came.
    pub fn until_us(&self) -> Option<u32> {
        match (self.lease_us, self.release_us) {
            (Some(lease), Some(release)) => Some(lease.min(release)),
            (lease, release) => lease.or(release),
        }
    }
}

/// One case's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// Which case.
    pub case: Case,
    /// The properties it broke; empty when it passed.
    pub broken: Vec<Property>,
    /// How many clients contended.
    pub clients: u8,
    /// The lifetime given to the acquire as `ARGV[2]`, in ms.
    pub ttl_ms: u32,
    /// Every hold, in the order they began; `None` for a hidden case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holds: Option<Vec<Hold>>,
    /// How long the case ran, in µs.
    pub span_us: u32,
    /// The course's scripts under the same plan; `None` for a hidden case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<Lane>,
    /// The reference solution under the same plan; `None` for a hidden case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Lane>,
}

/// Another pair of scripts run under a case's plan, beside the learner's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lane {
    /// Every hold, in the order they began.
    pub holds: Vec<Hold>,
    /// How long it ran, in µs.
    pub span_us: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::{ExerciseReply, ExerciseRequest, PropertyVerdict, Status};

    #[test]
    fn a_hold_ends_at_its_release_or_its_lease_whichever_is_first() {
        let hold = |lease_us, release_us| Hold {
            client: 0,
            from_us: 0,
            lease_us,
            release_us,
            fault: None,
        };
        assert_eq!(hold(Some(300), Some(100)).until_us(), Some(100));
        assert_eq!(hold(Some(300), Some(900)).until_us(), Some(300));
        assert_eq!(hold(None, Some(900)).until_us(), Some(900));
        assert_eq!(hold(None, None).until_us(), None);
    }

    #[test]
    fn both_scripts_are_size_checked_by_name() {
        let request = |acquire: &str, release: &str| ExerciseRequest::Lock {
            acquire: acquire.into(),
            release: release.into(),
        };
        assert!(request(ACQUIRE_STARTER, RELEASE_STARTER).validate().is_ok());
        assert_eq!(
            request(ACQUIRE_STARTER, "").validate().map_err(|r| r.field),
            Err("release".to_owned())
        );
        assert_eq!(
            request("", RELEASE_STARTER).validate().map_err(|r| r.field),
            Err("acquire".to_owned())
        );
    }

    #[test]
    fn a_lock_grade_pins_its_json() {
        let grade = Grade {
            properties: vec![PropertyVerdict {
                property: Property::StaleRelease,
                status: Status::Broken,
                broken_in: vec![Case::StaleHolder],
            }],
            cases: vec![CaseResult {
                case: Case::StaleHolder,
                broken: vec![Property::StaleRelease],
                clients: 2,
                ttl_ms: 200,
                holds: Some(vec![Hold {
                    client: 0,
                    from_us: 10,
                    lease_us: Some(200_010),
                    release_us: Some(300_000),
                    fault: Some(Fault::Stale),
                }]),
                span_us: 400_000,
                course: None,
                fixed: None,
            }],
            error: None,
            error_in: None,
            sandbox_start_ms: 30,
            graded_ms: 900,
        };
        let json = serde_json::to_string(&ExerciseReply::Lock(grade)).expect("json");
        assert_eq!(
            json,
            r#"{"op":"lock","properties":[{"property":"stale_release","status":"broken","broken_in":["stale_holder"]}],"cases":[{"case":"stale_holder","broken":["stale_release"],"clients":2,"ttl_ms":200,"holds":[{"client":0,"from_us":10,"lease_us":200010,"release_us":300000,"fault":"stale"}],"span_us":400000}],"sandbox_start_ms":30,"graded_ms":900}"#
        );
    }
}
