//! Errors of the backend as a whole: why it could not start, and why a lab request failed.

use std::{net::SocketAddr, path::PathBuf};

use shared::{ErrorBody, ErrorCode, ParamRange};

use crate::store::StoreError;

/// Why the backend could not start. Each message is one sentence saying what to do.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// No `--redis-url` was given and `redis-server` is not installed.
    #[error(
        "No Redis to use: install redis-server (for example `apt-get install redis-server`) or pass --redis-url redis://HOST:PORT."
    )]
    NoRedisServer,
    /// The private redis-server did not come up.
    #[error(
        "The playground's own redis-server did not start ({0}); pass --redis-url to use another Redis."
    )]
    EmbeddedFailed(String),
    /// The Redis at the given URL did not answer.
    #[error(
        "Could not reach Redis at {url} ({reason}); start it, or leave out --redis-url so the playground starts its own."
    )]
    Unreachable {
        /// The URL tried.
        url: String,
        /// What went wrong, from the store.
        reason: StoreError,
    },
    /// The listening address could not be bound.
    #[error("Could not listen on {addr} ({source}); choose another port with --port.")]
    Bind {
        /// The address tried.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The frontend directory has no index.html.
    #[error(
        "The built frontend is missing at {0}; build it with `trunk build` or pass --frontend-dir."
    )]
    FrontendMissing(PathBuf),
    /// No `--frontend-dir` was given and the binary carries no frontend (built before `trunk build`).
    #[error(
        "This binary carries no frontend; run `trunk build --release` before `cargo build --release`, or pass --frontend-dir."
    )]
    FrontendNotEmbedded,
}

/// Why one lab request failed. The socket turns it into an [`ErrorBody`] and stays open.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// A parameter was out of range.
    #[error("invalid parameter {}", .0.field)]
    InvalidParam(ParamRange),
    /// Redis failed underneath the lab.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The browser stopped the run.
    #[error("the run was stopped")]
    Cancelled,
    /// A request named a run that is not running (e.g. a Pub/Sub hub that was stopped).
    #[error("no running request has id {0}")]
    NoSuchRun(shared::RequestId),
    /// A request named a subscriber the hub does not have.
    #[error("the hub has no subscriber {0}")]
    NoSuchSubscriber(u32),
    /// A participant asked for something only the room's presenter may do.
    #[error("only the presenter may {0}")]
    Forbidden(&'static str),
    /// No open room has the code asked for.
    #[error("no open room has that code")]
    NoSuchRoom,
    /// A per-session or per-room limit was reached; the sentence names it.
    #[error("{0}")]
    LimitReached(String),
    /// The backend could not do what was asked, through no fault of the request; the sentence says
    /// what.
    #[error("{0}")]
    Internal(String),
}

impl From<ParamRange> for LabError {
    fn from(range: ParamRange) -> Self {
        Self::InvalidParam(range)
    }
}

impl LabError {
    /// What the browser is told. Internals go to the log, not to the user.
    pub fn to_body(&self) -> ErrorBody {
        match self {
            Self::InvalidParam(range) => range.clone().into(),
            Self::Cancelled => ErrorBody::new(ErrorCode::Cancelled, "the run was stopped"),
            Self::NoSuchRun(id) => ErrorBody::new(
                ErrorCode::BadRequestId,
                format!("no running request has id {id}"),
            ),
            Self::NoSuchSubscriber(n) => ErrorBody::new(
                ErrorCode::InvalidParam,
                format!("the hub has no subscriber {n}"),
            ),
            Self::Forbidden(action) => ErrorBody::new(
                ErrorCode::Forbidden,
                format!("only the presenter may {action}"),
            ),
            Self::NoSuchRoom => ErrorBody::new(ErrorCode::NoSuchRoom, "no open room has that code"),
            Self::LimitReached(what) => ErrorBody::new(ErrorCode::LimitReached, what.clone()),
            Self::Internal(what) => ErrorBody::new(ErrorCode::Internal, what.clone()),
            Self::Store(StoreError::Unavailable) => ErrorBody::new(
                ErrorCode::RedisUnavailable,
                "Redis is unavailable; the backend is reconnecting",
            ),
            Self::Store(e) => {
                tracing::error!(error = %e, "lab failed");
                ErrorBody::new(
                    ErrorCode::Internal,
                    "the lab failed inside the backend; see its log",
                )
            }
        }
    }
}
