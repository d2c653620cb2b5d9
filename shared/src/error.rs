//! Error codes the browser can branch on and translate; the English `message` is for logs and tooltips.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable reason. The frontend's catalogue has a ja and an en sentence for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The frame was not JSON, or not a message of this protocol.
    Malformed,
    /// The JSON named a message type or lab that does not exist.
    UnknownMessage,
    /// A parameter was outside its allowed range; see [`ErrorBody::param`].
    InvalidParam,
    /// Redis could not be reached; the backend is reconnecting.
    RedisUnavailable,
    /// A request with that id is already running, or no run has that id.
    BadRequestId,
    /// The run was stopped at the browser's request.
    Cancelled,
    /// Something failed inside the backend; details are in its log.
    Internal,
    /// A participant asked for something only the room's presenter may do.
    Forbidden,
    /// No open room has that code.
    NoSuchRoom,
    /// A limit on runs, clients, subscribers, room members or connections per address was reached.
    LimitReached,
    /// The browser sent messages faster than the per-connection rate limit allows.
    RateLimited,
}

impl ErrorCode {
    /// Every code, so catalogues can prove they translate each one.
    pub const ALL: [ErrorCode; 11] = [
        Self::Malformed,
        Self::UnknownMessage,
        Self::InvalidParam,
        Self::RedisUnavailable,
        Self::BadRequestId,
        Self::Cancelled,
        Self::Internal,
        Self::Forbidden,
        Self::NoSuchRoom,
        Self::LimitReached,
        Self::RateLimited,
    ];
}

/// Which parameter was out of range, and the range it must be in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamRange {
    /// The parameter's field name as it appears in the request.
    pub field: String,
    /// Smallest allowed value (for text: length in characters).
    pub min: i64,
    /// Largest allowed value (for text: length in characters).
    pub max: i64,
}

impl ParamRange {
    /// `Ok` when `min <= value <= max`, else this range, named `field`.
    pub fn check(field: &str, value: i64, min: i64, max: i64) -> Result<(), ParamRange> {
        if (min..=max).contains(&value) {
            Ok(())
        } else {
            Err(ParamRange {
                field: field.into(),
                min,
                max,
            })
        }
    }
}

/// What the browser is told about a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable reason.
    pub code: ErrorCode,
    /// One English sentence naming the problem, e.g. "text must be 1 to 200 characters".
    pub message: String,
    /// Set when `code` is [`ErrorCode::InvalidParam`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<ParamRange>,
}

impl ErrorBody {
    /// An error with no parameter detail.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            param: None,
        }
    }
}

impl From<ParamRange> for ErrorBody {
    fn from(range: ParamRange) -> Self {
        Self {
            code: ErrorCode::InvalidParam,
            message: format!(
                "{} must be between {} and {}",
                range.field, range.min, range.max
            ),
            param: Some(range),
        }
    }
}
