//! The cache warm-up exercise (the course's 演習4): the learner writes the warm-up from the access log
//! as one Lua script, so the course's `ZREVRANGE` and one `SETEX` per product become one round trip.
//! The contract:
//!
//! - `KEYS[1]` the access log, a sorted set of product id by views; `KEYS[2]` the database's stand-in,
//!   a hash of product id to the product's JSON (a script reaches nothing but Redis);
//! - `ARGV[1]` how many of the most viewed products to cache, `ARGV[2]` the TTL in seconds, `ARGV[3]`
//!   the prefix of the cache keys (`<prefix><id>`);
//! - it returns how many products it cached.
//!
//! The backend seeds each case's log and database on a sandbox, runs the script once, reads back every
//! key with its `PTTL`, and judges each [`Property`] on what Redis holds.

use serde::{Deserialize, Serialize};

use super::Graded;

/// The starter: the course's `warmup_from_access_log`, carried over to the contract; every product
/// gets the same TTL, so they all expire in the same second.
pub const STARTER: &str = include_str!("cache_starter.lua");
/// The reference solution: the same warm-up, its TTLs spread over the last tenth of the TTL.
pub const SOLUTION: &str = include_str!("cache_solution.lua");
/// How far below the TTL a cached product's expiry may be, in percent of the TTL.
pub const SPREAD_PERCENT: u32 = 10;
/// The least time between the earliest and the latest expiry of one warm-up's products, in ms: less
/// is "all at once", and an hour later every one of them misses at the same moment.
pub const SPREAD_MS: u32 = 1000;

/// The cache exercise's grade.
pub type Grade = Graded<Property, Case, CaseResult>;

/// A property a warm-up must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// The script loads, runs within the busy-script threshold and returns how many products it cached.
    Contract,
    /// Exactly the N most viewed products are cached (all of them when the log has fewer), no other.
    TopProducts,
    /// Each cached value is the database's JSON, byte for byte.
    SameAsDb,
    /// Every cached product expires, no later than the TTL and no sooner than [`SPREAD_PERCENT`] below
    /// it (`PTTL` read back right after the script), and no key is left without an expiry.
    Ttl,
    /// The expiries spread over at least [`SPREAD_MS`], so the products do not all miss at once.
    Spread,
    /// The access log and the database are left as they were.
    Untouched,
}

impl Property {
    /// Every property, in the order a grade lists them.
    pub const ALL: [Property; 6] = [
        Self::Contract,
        Self::TopProducts,
        Self::SameAsDb,
        Self::Ttl,
        Self::Spread,
        Self::Untouched,
    ];
}

/// An access log and a database the warm-up is graded on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    /// 40 products, the 10 most viewed cached for an hour.
    TopTen,
    /// A log of 4 products when 10 are asked for.
    ShortLog,
    /// Products whose ids are not numbers, a TTL of one minute.
    NamedIds,
    /// Hidden: the course's default, the 100 most viewed of 300.
    HiddenHundred,
}

impl Case {
    /// Every case, visible ones first.
    pub const ALL: [Case; 4] = [
        Self::TopTen,
        Self::ShortLog,
        Self::NamedIds,
        Self::HiddenHundred,
    ];

    /// Whether only its verdict and broken properties are shown.
    pub fn hidden(self) -> bool {
        matches!(self, Self::HiddenHundred)
    }
}

/// One product of a case's result: one of the N most viewed, or one the script cached, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The product's id.
    pub id: String,
    /// Its views in the access log.
    pub views: u32,
    /// Its place among the most viewed (1 is the most), when it is one of the N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// The `PTTL` of its cache key read back after the script: -1 without expiry; `None` when the key
    /// does not exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pttl_ms: Option<i64>,
    /// Whether the cached value is the database's JSON (false when not cached).
    pub same_as_db: bool,
    /// The `PTTL` of the course's warm-up's key for it, on the same data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_pttl_ms: Option<i64>,
    /// The `PTTL` of the reference solution's key for it, on the same data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_pttl_ms: Option<i64>,
}

/// One case's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// Which case.
    pub case: Case,
    /// The properties it broke; empty when it passed.
    pub broken: Vec<Property>,
    /// Products in the access log.
    pub products: u32,
    /// `ARGV[1]`.
    pub top_n: u32,
    /// `ARGV[2]`, in seconds.
    pub ttl_secs: u32,
    /// What the script returned.
    pub returned: i64,
    /// The N most viewed first, then what else the learner's script cached, with the course's and the
    /// fixed warm-up's expiries beside; `None` for a hidden case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Row>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::{ExerciseReply, ExerciseRequest, PropertyVerdict, Status};

    #[test]
    fn the_script_is_size_checked() {
        let request = |script: &str| ExerciseRequest::Cache {
            script: script.into(),
        };
        assert!(request(STARTER).validate().is_ok());
        assert_eq!(
            request("").validate().map_err(|r| r.field),
            Err("script".to_owned())
        );
    }

    #[test]
    fn a_cache_grade_pins_its_json() {
        let grade = Grade {
            properties: vec![PropertyVerdict {
                property: Property::Spread,
                status: Status::Broken,
                broken_in: vec![Case::TopTen],
            }],
            cases: vec![CaseResult {
                case: Case::TopTen,
                broken: vec![Property::Spread],
                products: 40,
                top_n: 10,
                ttl_secs: 3600,
                returned: 10,
                rows: Some(vec![Row {
                    id: "7".into(),
                    views: 900,
                    rank: Some(1),
                    pttl_ms: Some(3_599_990),
                    same_as_db: true,
                    course_pttl_ms: Some(3_599_990),
                    fixed_pttl_ms: None,
                }]),
            }],
            error: None,
            error_in: None,
            sandbox_start_ms: 30,
            graded_ms: 200,
        };
        let json = serde_json::to_string(&ExerciseReply::Cache(grade)).expect("json");
        assert_eq!(
            json,
            r#"{"op":"cache","properties":[{"property":"spread","status":"broken","broken_in":["top_ten"]}],"cases":[{"case":"top_ten","broken":["spread"],"products":40,"top_n":10,"ttl_secs":3600,"returned":10,"rows":[{"id":"7","views":900,"rank":1,"pttl_ms":3599990,"same_as_db":true,"course_pttl_ms":3599990}]}],"sandbox_start_ms":30,"graded_ms":200}"#
        );
    }
}
