//! The lab's form, and the requests its buttons send.
//!
//! Numbers are kept as typed, so a half-typed value stays on screen. They become a request only when a
//! button is pressed, through the same `validate` the backend runs, so the browser names the same
//! field and range the server would have.

use shared::ParamRange;
use shared::cache::{CacheRequest, Db, Source};

/// The seed of every measured pass: the same reads cold and warm, so the two passes compare.
pub const MEASURE_SEED: u64 = 7;
/// Products the workers-vs-pipeline comparison writes.
pub const RACE_COUNT: u32 = 500;
/// Products and readers of the stampede, and its keys' one TTL.
const STAMPEDE_KEYS: u32 = 20;
const STAMPEDE_READERS: u32 = 20;
const STAMPEDE_TTL_SECS: u32 = 2;

/// Which products a warm-up takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `warmup_products` over a range of ids.
    Range,
    /// `warmup_from_access_log(top_n)`.
    AccessLog,
}

/// A number field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The database's latency, ms.
    Latency,
    /// Warm-up workers.
    Workers,
    /// First id of the range.
    First,
    /// Ids in the range.
    Count,
    /// `top_n`.
    TopN,
    /// Seconds each warmed product lives.
    Ttl,
    /// Views the traffic button records.
    Views,
    /// Reads a measured pass makes.
    Reads,
}

impl Field {
    /// The field name on the wire, as range errors name it.
    pub fn wire(self) -> &'static str {
        match self {
            Self::Latency => "latency_ms",
            Self::Workers => "workers",
            Self::First => "first",
            Self::Count => "count",
            Self::TopN => "top_n",
            Self::Ttl => "ttl_secs",
            Self::Views => "views",
            Self::Reads => "reads",
        }
    }
}

/// One change to the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// A number field, as typed.
    Number(Field, String),
    /// The warm-up's source.
    Source(SourceKind),
    /// Read the access log with `ZRANGE … REV` rather than `ZREVRANGE`.
    ZrangeRev(bool),
    /// Spread the TTLs.
    Jitter(bool),
}

/// The form's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Each number as typed, in [`Field`] order.
    numbers: [String; 8],
    /// The warm-up's source.
    pub source: SourceKind,
    /// `ZRANGE … REV` (true) or the course's `ZREVRANGE`.
    pub zrange_rev: bool,
    /// TTL jitter on warm-ups and the stampede.
    pub jitter: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            // The course's figures where it has them: 10 workers, 3600 s, top 100 (200 here, to fill
            // the strip's view of the most popular ids).
            numbers: ["20", "10", "1", "200", "200", "3600", "2000", "1000"].map(String::from),
            // A range works in a fresh session; the access log needs views first.
            source: SourceKind::Range,
            zrange_rev: false,
            jitter: false,
        }
    }
}

/// A typed number; anything unreadable becomes a value every range refuses.
fn number(text: &str) -> u32 {
    text.trim().parse().unwrap_or(u32::MAX)
}

impl Settings {
    /// Applies one change.
    pub fn apply(&mut self, setting: Setting) {
        match setting {
            Setting::Number(field, text) => self.numbers[field as usize] = text,
            Setting::Source(source) => self.source = source,
            Setting::ZrangeRev(on) => self.zrange_rev = on,
            Setting::Jitter(on) => self.jitter = on,
        }
    }

    /// A number as typed.
    pub fn text(&self, field: Field) -> &str {
        &self.numbers[field as usize]
    }

    fn get(&self, field: Field) -> u32 {
        number(self.text(field))
    }

    /// The stand-in database.
    pub fn db(&self) -> Db {
        Db {
            latency_ms: self.get(Field::Latency),
        }
    }

    /// Workers as typed, for labels.
    pub fn workers(&self) -> u32 {
        self.get(Field::Workers)
    }

    /// The traffic button's request, drawn from `seed`.
    pub fn views(&self, seed: u64) -> Result<CacheRequest, ParamRange> {
        checked(CacheRequest::Views {
            views: self.get(Field::Views),
            seed,
        })
    }

    /// The warm-up button's request.
    pub fn warmup(&self) -> Result<CacheRequest, ParamRange> {
        let source = match self.source {
            SourceKind::Range => Source::Range {
                first: self.get(Field::First),
                count: self.get(Field::Count),
            },
            SourceKind::AccessLog => Source::AccessLog {
                top_n: self.get(Field::TopN),
                zrange_rev: self.zrange_rev,
            },
        };
        checked(CacheRequest::Warmup {
            source,
            workers: self.get(Field::Workers),
            db: self.db(),
            ttl_secs: self.get(Field::Ttl),
            ttl_jitter: self.jitter,
        })
    }

    /// The measure button's request: always the same reads.
    pub fn measure(&self) -> Result<CacheRequest, ParamRange> {
        checked(CacheRequest::Measure {
            reads: self.get(Field::Reads),
            seed: MEASURE_SEED,
            db: self.db(),
        })
    }

    /// The stampede, guarded by the lock or not.
    pub fn stampede(&self, lock: bool) -> Result<CacheRequest, ParamRange> {
        checked(CacheRequest::Stampede {
            keys: STAMPEDE_KEYS,
            readers: STAMPEDE_READERS,
            ttl_secs: STAMPEDE_TTL_SECS,
            ttl_jitter: self.jitter,
            lock,
            db: self.db(),
        })
    }

    /// Workers against one pipeline, with the form's workers.
    pub fn race(&self) -> Result<CacheRequest, ParamRange> {
        checked(CacheRequest::WorkersVsPipeline {
            count: RACE_COUNT,
            workers: self.get(Field::Workers),
        })
    }
}

fn checked(request: CacheRequest) -> Result<CacheRequest, ParamRange> {
    request.validate().map(|()| request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_courses_and_valid() {
        let settings = Settings::default();
        assert!(settings.views(1).is_ok());
        assert!(settings.measure().is_ok());
        assert!(settings.stampede(true).is_ok());
        assert!(settings.race().is_ok());
        let Ok(CacheRequest::Warmup {
            workers,
            db,
            ttl_secs,
            ..
        }) = settings.warmup()
        else {
            panic!("a warm-up");
        };
        assert_eq!((workers, db.latency_ms, ttl_secs), (10, 20, 3600));
    }

    #[test]
    fn the_switch_picks_the_command_that_reads_the_top() {
        let mut settings = Settings::default();
        settings.apply(Setting::Source(SourceKind::AccessLog));
        settings.apply(Setting::ZrangeRev(true));
        let Ok(CacheRequest::Warmup { source, .. }) = settings.warmup() else {
            panic!("a warm-up");
        };
        assert_eq!(
            source,
            Source::AccessLog {
                top_n: 200,
                zrange_rev: true
            }
        );
    }

    #[test]
    fn a_bad_field_is_named_as_the_server_would() {
        let mut settings = Settings::default();
        settings.apply(Setting::Number(Field::Workers, "0".into()));
        assert_eq!(
            settings.warmup().map_err(|range| range.field),
            Err(Field::Workers.wire().to_owned())
        );
        settings.apply(Setting::Number(Field::Latency, "fast".into()));
        assert_eq!(
            settings.measure().map_err(|range| range.field),
            Err(Field::Latency.wire().to_owned())
        );
    }

    #[test]
    fn measured_passes_repeat_the_same_reads() {
        let settings = Settings::default();
        assert_eq!(settings.measure(), settings.measure());
    }
}
