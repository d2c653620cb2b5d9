//! The `ping` lab: one request runs `PING`, `SET key text EX ttl`, `GET key`, `PTTL key` and `TIME`.

use serde::{Deserialize, Serialize};

use crate::ParamRange;

/// Longest `text` accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// Asks the backend to store `text` under the session's `ping` key and read it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PingRequest {
    /// What to store; 1 to [`MAX_TEXT_CHARS`] characters.
    pub text: String,
}

impl PingRequest {
    /// Checks the parameters, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ParamRange> {
        let chars = self.text.chars().count();
        if (1..=MAX_TEXT_CHARS).contains(&chars) {
            Ok(())
        } else {
            Err(ParamRange {
                field: "text".into(),
                min: 1,
                max: MAX_TEXT_CHARS as i64,
            })
        }
    }
}

/// What Redis answered, command by command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingReply {
    /// `PING`'s answer, `PONG`.
    pub pong: String,
    /// The full key written, inside the session's namespace.
    pub key: String,
    /// What `GET` read back.
    pub stored: String,
    /// The key's remaining time to live as `PTTL` reported it, in milliseconds.
    pub ttl_ms: i64,
    /// Redis's own clock from `TIME`, in Unix microseconds.
    pub server_time_us: u64,
}
