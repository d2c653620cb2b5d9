//! A run's traffic as a JSON file: the arrivals of `Started.trace` plus the limits, lanes and mode, so a
//! run seen once (a live race, a workshop's prepared trace) can be replayed anywhere, with the same
//! decisions in replay mode.
//!
//! Apart from `ws`, this is the only module that reads or writes JSON. It uses the protocol's own serde
//! types for every field, so a file holds exactly what a request would.

use serde_json::{Value, json};
use shared::ratelimit::{Algorithm, Arrival, Limits, Mode, Traffic};

use crate::i18n::ratelimit::RatelimitText;

/// The `format` field, telling this file from any other JSON.
const FORMAT: &str = "redis-playground/ratelimit-trace";
/// The `version` field; bumped when the file's shape changes.
const VERSION: u64 = 1;
/// The name offered when saving.
pub const FILE_NAME: &str = "ratelimit-trace.json";

/// Everything needed to run the same traffic again.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceFile {
    /// Lanes of the saved run.
    pub algorithms: Vec<Algorithm>,
    /// Its limit.
    pub limits: Limits,
    /// How it was timed.
    pub mode: Mode,
    /// Its arrivals, relative to the run's origin.
    pub arrivals: Vec<Arrival>,
}

/// Why a file could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceFileError {
    /// Not JSON at all.
    NotJson,
    /// JSON, but not a trace file of this lab (or of another version).
    NotATrace,
    /// A trace file with a field missing or malformed; names the field.
    BadField(&'static str),
}

impl TraceFileError {
    /// The catalogue sentence; for [`TraceFileError::BadField`] it has a `{}` for the field's name.
    pub fn text(self) -> RatelimitText {
        match self {
            Self::NotJson => RatelimitText::ImportNotJson,
            Self::NotATrace => RatelimitText::ImportNotATrace,
            Self::BadField(_) => RatelimitText::ImportBadField,
        }
    }
}

/// Takes field `$name` out of `$map` as whatever type the struct field has, or returns `BadField`.
///
/// A macro rather than a generic function because serde's `DeserializeOwned` bound cannot be named
/// without adding serde itself as a dependency of this crate.
macro_rules! field {
    ($map:ident, $name:literal) => {
        serde_json::from_value($map.remove($name).unwrap_or(Value::Null))
            .map_err(|_| TraceFileError::BadField($name))?
    };
}

impl TraceFile {
    /// The file's text.
    pub fn encode(&self) -> String {
        json!({
            "format": FORMAT,
            "version": VERSION,
            "mode": self.mode,
            "limits": self.limits,
            "algorithms": self.algorithms,
            "arrivals": self.arrivals,
        })
        .to_string()
    }

    /// Reads a file written by [`TraceFile::encode`]. Ranges are not checked here: the run request is
    /// validated like any other before it is sent.
    pub fn decode(text: &str) -> Result<Self, TraceFileError> {
        let Value::Object(mut map) =
            serde_json::from_str(text).map_err(|_| TraceFileError::NotJson)?
        else {
            return Err(TraceFileError::NotATrace);
        };
        let format = map.get("format").and_then(Value::as_str);
        let version = map.get("version").and_then(Value::as_u64);
        if format != Some(FORMAT) || version != Some(VERSION) {
            return Err(TraceFileError::NotATrace);
        }
        Ok(Self {
            algorithms: field!(map, "algorithms"),
            limits: field!(map, "limits"),
            mode: field!(map, "mode"),
            arrivals: field!(map, "arrivals"),
        })
    }

    /// The file's arrivals as a run's traffic.
    pub fn traffic(&self) -> Traffic {
        Traffic::Trace {
            arrivals: self.arrivals.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> TraceFile {
        TraceFile {
            algorithms: vec![Algorithm::FixedWindow, Algorithm::TokenBucket],
            limits: Limits {
                max_requests: 5,
                window_seconds: 10,
            },
            mode: Mode::Live,
            arrivals: vec![
                Arrival {
                    at_us: 9_900_000,
                    client: 0,
                },
                Arrival {
                    at_us: 10_000_000,
                    client: 3,
                },
            ],
        }
    }

    #[test]
    fn a_file_reads_back_as_written() {
        let text = file().encode();
        assert!(text.contains(r#""format":"redis-playground/ratelimit-trace""#));
        assert!(text.contains(r#""mode":"live""#));
        assert!(text.contains(r#""algorithms":["fixed_window","token_bucket"]"#));
        assert_eq!(TraceFile::decode(&text), Ok(file()));
    }

    #[test]
    fn other_json_and_broken_fields_are_told_apart() {
        assert_eq!(TraceFile::decode("not json"), Err(TraceFileError::NotJson));
        assert_eq!(
            TraceFile::decode(r#"{"hello":1}"#),
            Err(TraceFileError::NotATrace)
        );
        assert_eq!(TraceFile::decode("[1]"), Err(TraceFileError::NotATrace));
        let broken = file()
            .encode()
            .replace(r#""mode":"live""#, r#""mode":"sideways""#);
        assert_eq!(
            TraceFile::decode(&broken),
            Err(TraceFileError::BadField("mode"))
        );
        let newer = file().encode().replace(r#""version":1"#, r#""version":2"#);
        assert_eq!(TraceFile::decode(&newer), Err(TraceFileError::NotATrace));
    }

    #[test]
    fn the_traffic_is_the_arrivals_as_saved() {
        let Traffic::Trace { arrivals } = file().traffic() else {
            panic!("a trace");
        };
        assert_eq!(arrivals, file().arrivals);
    }
}
