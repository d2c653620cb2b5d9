//! The `quiz`: the course's question (which `SET` gives a lock) and three more from the same unit. Every
//! answer can be tried live: two simulated clients run it against Redis in the session's namespace and
//! the browser draws what each command did. Scoring stays in the browser.

use serde::{Deserialize, Serialize};

/// The questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// The course's: which command option gives a lock? (A `SET key value`, B `… NX`, C `… XX`,
    /// D `SETNX key value`; B.)
    LockOption,
    /// What does a subscriber that was disconnected receive of what was published meanwhile? (Nothing.)
    PubsubWhileDisconnected,
    /// With 5 requests per 10 s, how many can the course's fixed window let through in one second
    /// around a window edge? (10.)
    FixedWindowBoundary,
    /// Why must the release check the token before deleting? (Another client may hold the lock now.)
    ReleaseTokenCheck,
}

impl Question {
    /// Every question, in order.
    pub const ALL: [Question; 4] = [
        Self::LockOption,
        Self::PubsubWhileDisconnected,
        Self::FixedWindowBoundary,
        Self::ReleaseTokenCheck,
    ];

    /// The correct option.
    pub fn answer(self) -> Choice {
        match self {
            Self::LockOption | Self::PubsubWhileDisconnected => Choice::B,
            Self::FixedWindowBoundary => Choice::C,
            Self::ReleaseTokenCheck => Choice::A,
        }
    }
}

/// An option, A to D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Choice {
    /// Option A.
    A,
    /// Option B.
    B,
    /// Option C.
    C,
    /// Option D.
    D,
}

impl Choice {
    /// A to D.
    pub const ALL: [Choice; 4] = [Self::A, Self::B, Self::C, Self::D];
}

/// What the browser asks: run one option of one question live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum QuizRequest {
    /// Runs `choice` of `question` with two clients. For the questions whose options are claims rather
    /// than commands, every option runs the same experiment, which shows which claim is true.
    Try {
        /// The question.
        question: Question,
        /// The option.
        choice: Choice,
    },
}

/// One command of a live try, or one thing that happened to a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Which of the two clients, 0 (A) or 1 (B).
    pub client: u32,
    /// Milliseconds since the try began.
    pub at_ms: u64,
    /// The command as sent, or a happening such as `(crashed)` or `(disconnected)`.
    pub command: String,
    /// Redis's reply, redis-cli style.
    pub reply: String,
    /// `seq` of the trace entry, when a command ran.
    pub trace: Option<u64>,
}

/// What a try showed, as a stable code the browser explains in ja and en.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Both clients "got" the lock: the second overwrote the first.
    Overwritten,
    /// The second client was refused while the first held the lock.
    Refused,
    /// `SET … XX` did nothing: the key did not exist.
    NothingSet,
    /// The holder crashed and the lock has no expiry (`TTL` −1): nobody gets it again.
    StuckForever,
    /// The subscriber got nothing of what was published while it was away.
    MessageLost,
    /// The fixed window let twice its limit through in one second.
    DoubleBurst,
    /// A release without the token check deleted another client's lock.
    DeletedOthersLock,
    /// Redis's replies showed none of the above (another client touched the keys, say): the steps
    /// say what it answered.
    Unexpected,
}

/// The quiz's final answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum QuizReply {
    /// The live try.
    Try {
        /// What each client did, in time order.
        steps: Vec<Step>,
        /// What it showed.
        outcome: Outcome,
    },
}
