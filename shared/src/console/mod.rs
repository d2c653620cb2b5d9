//! The `console` lab: a redis-cli-like console. The learner types a line, the browser splits it like
//! redis-cli ([`parse`]), and the backend runs it as the session's own Redis user with every key and
//! channel put into the session's namespace. Which commands are offered, and why the others are
//! refused, is [`commands`].

pub mod commands;
pub mod parse;

use serde::{Deserialize, Serialize};

pub use commands::{
    BLOCK_CAP_SECS, BLOCKING, OFFERED, Refusal, SCRIPTS, command_name, own_connection, refusal,
};
pub use parse::{ParseError, split};

use crate::ParamRange;

/// Most arguments in one command line.
pub const MAX_ARGS: usize = 256;
/// Most bytes in one command line's arguments together.
pub const MAX_LINE_BYTES: usize = 16 * 1024;
/// Most keys "My keys" lists.
pub const MAX_LISTED_KEYS: usize = 200;
/// Longest command name asked about.
const MAX_NAME: usize = 40;

/// What the console asks of the backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ConsoleRequest {
    /// Runs one command line, already split ([`split`]), keys without the namespace.
    Run {
        /// The command and its arguments, as typed.
        args: Vec<String>,
    },
    /// Redis's own documentation of one command (`COMMAND DOCS`), for the help shown while typing.
    Docs {
        /// The command's name (`set`, `xgroup`).
        command: String,
    },
    /// The session's own keys, listed by the playground ("My keys").
    Keys,
}

impl ConsoleRequest {
    /// Checks the sizes before anything reaches Redis.
    pub fn validate(&self) -> Result<(), ParamRange> {
        match self {
            Self::Run { args } => {
                ParamRange::check("args", args.len() as i64, 1, MAX_ARGS as i64)?;
                let bytes: usize = args.iter().map(String::len).sum();
                ParamRange::check("bytes", bytes as i64, 1, MAX_LINE_BYTES as i64)
            }
            Self::Docs { command } => {
                let ok = command
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'|' || b == b'-');
                let len = if ok { command.len() as i64 } else { 0 };
                ParamRange::check("command", len, 1, MAX_NAME as i64)
            }
            Self::Keys => Ok(()),
        }
    }
}

/// What the backend answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ConsoleReply {
    /// The command ran.
    Ran {
        /// What was really sent, keys and channels with the namespace.
        sent: Vec<String>,
        /// Redis's reply as redis-cli prints it, lines joined by `\n`, keys without the namespace.
        reply: String,
        /// False when Redis answered with an error.
        ok: bool,
    },
    /// A subscription or blocking command stopped at the learner's request; nothing more arrives.
    Stopped {
        /// What was sent.
        sent: Vec<String>,
    },
    /// The command was refused; nothing ran.
    Refused {
        /// The command's name, as typed (upper-cased).
        command: String,
        /// Why.
        refusal: Refusal,
    },
    /// The help for one command; `None` when Redis does not know it.
    Docs {
        /// The name asked about, lower-cased.
        command: String,
        /// Redis's documentation.
        docs: Option<CommandDocs>,
    },
    /// The session's own keys, without the namespace, sorted.
    Keys {
        /// At most [`MAX_LISTED_KEYS`].
        keys: Vec<String>,
        /// True when there were more.
        more: bool,
    },
}

/// Something a long console run reports: a subscription's messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsoleEvent {
    /// The subscription is in place: what was sent, and Redis's confirmations as redis-cli prints them.
    Subscribed {
        /// What was sent.
        sent: Vec<String>,
        /// The confirmations.
        reply: String,
    },
    /// A message arrived, as redis-cli prints it.
    Message {
        /// `1) "message"`, the channel (without the namespace), the payload.
        text: String,
    },
}

/// One command's documentation as `COMMAND DOCS` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandDocs {
    /// One sentence.
    pub summary: String,
    /// The Redis version that added it.
    pub since: String,
    /// The group (`string`, `sorted-set`, …).
    pub group: String,
    /// Its arguments in redis-cli's hint syntax: `key value [NX|XX] [GET]`.
    pub syntax: String,
}
