//! The Pub/Sub exercise (the course's 演習1): a notification delivery that a subscriber who was away
//! does not lose. The learner writes both sides, each as one Lua script with a fixed contract:
//!
//! - publish: `KEYS[1]` the channel's log, `ARGV[1]` the channel, `ARGV[2]` the message (JSON);
//!   delivers it to the channel's live subscribers, keeps it for those who are away, and returns its
//!   id;
//! - read: `KEYS[1]` the log, `ARGV[1]` the id of the last message the subscriber has (`0` for
//!   none); returns the messages after it, oldest first, as `{id, message, id, message, …}`.
//!
//! The backend publishes each case's messages on a sandbox while a live subscriber listens on the
//! channel and another subscriber reads, goes away, comes back and reads again; each [`Property`] is
//! judged on what Redis delivered and returned.

use serde::{Deserialize, Serialize};

use super::Graded;

/// The starter publish: the course's `publish`, one `PUBLISH`.
pub const PUBLISH_STARTER: &str = include_str!("pubsub_publish_starter.lua");
/// The starter read: the course has none, so nothing comes back.
pub const READ_STARTER: &str = include_str!("pubsub_read_starter.lua");
/// The reference publish: `XADD` with a cap and an expiry, then `PUBLISH`.
pub const PUBLISH_SOLUTION: &str = include_str!("pubsub_publish_solution.lua");
/// The reference read: `XRANGE` from just after the last id.
pub const READ_SOLUTION: &str = include_str!("pubsub_read_solution.lua");
/// How many messages the log may keep at most (the newest), give or take [`KEEP_SLACK`].
pub const KEEP: u32 = 1000;
/// What an approximate trim (`MAXLEN ~`) may keep beyond [`KEEP`].
pub const KEEP_SLACK: u32 = 100;
/// The most fates a case's result lists: a flood's newest.
pub const FATES_SHOWN: usize = 60;

/// The Pub/Sub exercise's grade.
pub type Grade = Graded<Property, Case, CaseResult>;

/// A property a delivery must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// Both scripts load, run within the busy-script threshold; publish returns an id (a string or an
    /// integer) and read an array of id and message pairs.
    Contract,
    /// Every message reaches the channel's live subscriber through Pub/Sub, in order.
    Live,
    /// A subscriber that was away gets every message, exactly once and in order, from its reads.
    CatchUp,
    /// The log keeps at most [`KEEP`] messages (plus [`KEEP_SLACK`]), read back after the case.
    Bounded,
    /// Every key the scripts wrote has an expiry (`PTTL` read back).
    Expires,
}

impl Property {
    /// Every property, in the order a grade lists them.
    pub const ALL: [Property; 5] = [
        Self::Contract,
        Self::Live,
        Self::CatchUp,
        Self::Bounded,
        Self::Expires,
    ];
}

/// A run of messages the delivery is graded on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    /// Messages before, during and after one absence of the reading subscriber.
    Away,
    /// The subscriber reads only once, after every message was sent.
    LateReader,
    /// More messages than the log may keep: the newest must still arrive, the log must stay bounded.
    Flood,
    /// Hidden: several absences, messages whose text repeats.
    HiddenAbsences,
}

impl Case {
    /// Every case, visible ones first.
    pub const ALL: [Case; 4] = [
        Self::Away,
        Self::LateReader,
        Self::Flood,
        Self::HiddenAbsences,
    ];

    /// Whether only its verdict and broken properties are shown.
    pub fn hidden(self) -> bool {
        matches!(self, Self::HiddenAbsences)
    }
}

/// How one message fared, in publish order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fate {
    /// Its number, from 1.
    pub n: u32,
    /// Whether the reading subscriber was away when it was published.
    pub while_away: bool,
    /// Whether the live subscriber received it.
    pub live: bool,
    /// How many times the reading subscriber's reads returned it (1 is right).
    pub read: u32,
}

/// One case's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// Which case.
    pub case: Case,
    /// The properties it broke; empty when it passed.
    pub broken: Vec<Property>,
    /// Messages published.
    pub published: u32,
    /// How many entries the log held at the end (its length, by its type); `None` without a log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept: Option<u64>,
    /// The newest [`FATES_SHOWN`] messages' fates, in publish order; none for a hidden case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fates: Option<Vec<Fate>>,
    /// The same for the course's code, on the same messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<Vec<Fate>>,
    /// The same for the reference solution, on the same messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Vec<Fate>>,
    /// Whether the reader's messages came back out of order.
    pub out_of_order: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::{ExerciseReply, ExerciseRequest};

    #[test]
    fn both_scripts_are_size_checked_by_name() {
        let request = |publish: &str, read: &str| ExerciseRequest::Pubsub {
            publish: publish.into(),
            read: read.into(),
        };
        assert!(request(PUBLISH_STARTER, READ_STARTER).validate().is_ok());
        assert_eq!(
            request(PUBLISH_STARTER, "").validate().map_err(|r| r.field),
            Err("read".to_owned())
        );
    }

    #[test]
    fn a_pubsub_grade_pins_its_json() {
        let grade = Grade {
            properties: Vec::new(),
            cases: vec![CaseResult {
                case: Case::Away,
                broken: vec![Property::CatchUp],
                published: 2,
                kept: None,
                fates: Some(vec![Fate {
                    n: 1,
                    while_away: true,
                    live: true,
                    read: 0,
                }]),
                course: None,
                fixed: None,
                out_of_order: false,
            }],
            error: None,
            error_in: None,
            sandbox_start_ms: 30,
            graded_ms: 200,
        };
        let json = serde_json::to_string(&ExerciseReply::Pubsub(grade)).expect("json");
        assert_eq!(
            json,
            r#"{"op":"pubsub","properties":[],"cases":[{"case":"away","broken":["catch_up"],"published":2,"fates":[{"n":1,"while_away":true,"live":true,"read":0}],"out_of_order":false}],"sandbox_start_ms":30,"graded_ms":200}"#
        );
    }
}
