//! The console's state: the output so far, the lines waiting their turn, the request running, the
//! help Redis gave per command, and the pure helpers (completion, quoting, history) with host tests.

use std::collections::{HashMap, VecDeque};

use shared::RequestId;
use shared::console::{
    CommandDocs, ConsoleEvent, ConsoleReply, ConsoleRequest, OFFERED, ParseError, Refusal,
};

use crate::ws::{Failure, Update};

/// Most entries the output keeps; older ones go.
const MAX_ENTRIES: usize = 500;
/// Most lines the history keeps.
pub const MAX_HISTORY: usize = 100;

/// One block of the output.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A line as the learner typed it.
    Typed(String),
    /// What the backend really sent.
    Sent(Vec<String>),
    /// Redis's reply as redis-cli prints it; `ok` false for an error reply.
    Reply {
        /// The printed reply.
        text: String,
        /// Whether it was not an error.
        ok: bool,
    },
    /// A refused command.
    Refused {
        /// The command's name.
        command: String,
        /// Why.
        refusal: Refusal,
    },
    /// A line that could not be split.
    Parse(ParseError),
    /// A subscription or blocking command stopped.
    Stopped,
    /// The request failed (server error, connection lost).
    Failed(Failure),
    /// "My keys".
    Keys {
        /// The keys, without the namespace.
        keys: Vec<String>,
        /// Whether there were more.
        more: bool,
    },
}

/// What a request was sent for.
#[derive(Debug, Clone, PartialEq)]
enum Purpose {
    /// A typed line.
    Run,
    /// The help of this command.
    Docs,
    /// "My keys".
    Keys,
}

/// The console's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConsoleState {
    /// The output, oldest first.
    pub entries: Vec<Entry>,
    /// Typed lines waiting for the one running, split, with the text typed.
    pub queue: VecDeque<(String, Vec<String>)>,
    /// The run in progress, and whether it streams or blocks (it can be stopped).
    pub running: Option<(RequestId, bool)>,
    /// Whether the running subscription is listening.
    pub listening: bool,
    /// Redis's help by command name; `None` for a name Redis does not know.
    pub docs: HashMap<String, Option<CommandDocs>>,
    /// Requests in flight and what for.
    pending: HashMap<RequestId, (Purpose, String)>,
}

/// A change of the console's state.
pub enum Action {
    /// Lines typed and split, to run in order.
    Queue(Vec<(String, Vec<String>)>),
    /// A line that could not be split: shown with its error, nothing runs.
    Invalid(String, ParseError),
    /// The next queued line was sent as request `id`; `stoppable` when it streams or blocks.
    Started(RequestId, bool),
    /// A help or key request was sent as `id`.
    Asked(RequestId, Asked),
    /// Updates from the backend.
    Updates(Vec<Update<ConsoleRequest>>),
    /// Empties the output.
    Clear,
}

/// Which side request was sent.
pub enum Asked {
    /// The help of this command.
    Docs(String),
    /// "My keys".
    Keys,
}

impl ConsoleState {
    fn push(&mut self, entry: Entry) {
        if self.entries.len() == MAX_ENTRIES {
            self.entries.drain(..MAX_ENTRIES / 10);
        }
        self.entries.push(entry);
    }

    /// Makes one change.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Queue(lines) => self.queue.extend(lines),
            Action::Invalid(line, error) => {
                self.push(Entry::Typed(line));
                self.push(Entry::Parse(error));
            }
            Action::Started(id, stoppable) => {
                if let Some((line, _)) = self.queue.pop_front() {
                    self.push(Entry::Typed(line));
                }
                self.running = Some((id, stoppable));
                self.pending.insert(id, (Purpose::Run, String::new()));
            }
            Action::Asked(id, Asked::Docs(name)) => {
                self.docs.entry(name.clone()).or_insert(None);
                self.pending.insert(id, (Purpose::Docs, name));
            }
            Action::Asked(id, Asked::Keys) => {
                self.pending.insert(id, (Purpose::Keys, String::new()));
            }
            Action::Updates(updates) => updates.into_iter().for_each(|u| self.update(u)),
            Action::Clear => self.entries.clear(),
        }
    }

    fn update(&mut self, update: Update<ConsoleRequest>) {
        for event in update.events() {
            match event {
                ConsoleEvent::Subscribed { sent, reply } => {
                    self.push(Entry::Sent(sent.clone()));
                    self.push(Entry::Reply {
                        text: reply.clone(),
                        ok: true,
                    });
                    self.listening = true;
                }
                ConsoleEvent::Message { text } => self.push(Entry::Reply {
                    text: text.clone(),
                    ok: true,
                }),
            }
        }
        let Some(outcome) = update.outcome else {
            return;
        };
        let Some((purpose, name)) = self.pending.remove(&update.id) else {
            return;
        };
        if self.running.is_some_and(|(id, _)| id == update.id) {
            self.running = None;
            self.listening = false;
        }
        match (purpose, outcome) {
            (Purpose::Docs, Ok(ConsoleReply::Docs { docs, .. })) => {
                self.docs.insert(name, docs);
            }
            (Purpose::Docs, _) => {}
            (_, Ok(ConsoleReply::Ran { sent, reply, ok })) => {
                self.push(Entry::Sent(sent));
                self.push(Entry::Reply { text: reply, ok });
            }
            (_, Ok(ConsoleReply::Stopped { .. })) => self.push(Entry::Stopped),
            (_, Ok(ConsoleReply::Refused { command, refusal })) => {
                self.push(Entry::Refused { command, refusal });
            }
            (_, Ok(ConsoleReply::Keys { keys, more })) => self.push(Entry::Keys { keys, more }),
            (_, Ok(ConsoleReply::Docs { .. })) => {}
            (_, Err(failure)) => self.push(Entry::Failed(failure)),
        }
    }
}

reducible!(ConsoleState, Action);

/// The offered command names starting with `typed` (case-insensitive), as they are typed:
/// `XGROUP CREATE` for `xgroup|create`.
pub fn completions(typed: &str) -> Vec<String> {
    let typed = typed.to_lowercase();
    if typed.is_empty() {
        return Vec::new();
    }
    OFFERED
        .iter()
        .map(|name| name.replace('|', " "))
        .filter(|name| name.starts_with(&typed))
        .map(|name| name.to_uppercase())
        .collect()
}

/// The name whose help to show for `line` (its last line): `set`, or `xgroup|create` once the
/// subcommand is typed; `None` before a command is typed.
pub fn help_name(line: &str) -> Option<String> {
    let last = line.lines().last().unwrap_or_default();
    let mut words = last.split_whitespace();
    let first = words.next()?.to_lowercase();
    let container = format!("{first}|");
    if OFFERED.iter().any(|o| o.starts_with(&container)) {
        let sub = words.next()?.to_lowercase();
        let name = format!("{container}{sub}");
        return OFFERED.contains(&name.as_str()).then_some(name);
    }
    OFFERED.contains(&first.as_str()).then_some(first)
}

/// An argument as redis-cli would need it typed: bare when it is plain, else in double quotes with
/// `"` and `\` escaped.
pub fn quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && c != '"' && c != '\'' && c != '\\');
    if plain {
        arg.to_owned()
    } else {
        let escaped: String = arg
            .chars()
            .map(|c| match c {
                '"' => "\\\"".to_owned(),
                '\\' => "\\\\".to_owned(),
                '\n' => "\\n".to_owned(),
                c => c.to_string(),
            })
            .collect();
        format!("\"{escaped}\"")
    }
}

/// `history` with `line` added last (a repeat of the last line is not added twice), at most
/// [`MAX_HISTORY`] lines.
pub fn remember(history: &[String], line: &str) -> Vec<String> {
    let mut next: Vec<String> = history.to_vec();
    if next.last().map(String::as_str) != Some(line) {
        next.push(line.to_owned());
    }
    let over = next.len().saturating_sub(MAX_HISTORY);
    next.drain(..over);
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_complete_from_the_offered_list() {
        assert_eq!(completions("zrangeb"), ["ZRANGEBYSCORE", "ZRANGEBYLEX"]);
        assert!(completions("xgroup").contains(&"XGROUP CREATE".to_owned()));
        assert!(completions("flush").is_empty());
        assert!(completions("").is_empty());
    }

    #[test]
    fn help_follows_the_last_line_and_a_subcommand() {
        assert_eq!(help_name("set greeting hi").as_deref(), Some("set"));
        assert_eq!(help_name("GET a\nZRANGE k").as_deref(), Some("zrange"));
        assert_eq!(
            help_name("XGROUP CREATE s").as_deref(),
            Some("xgroup|create")
        );
        assert_eq!(help_name("XGROUP"), None);
        assert_eq!(help_name("KEYS *"), None);
        assert_eq!(help_name("  "), None);
    }

    #[test]
    fn arguments_are_quoted_only_when_needed() {
        assert_eq!(quote("pg:{ab}:k"), "pg:{ab}:k");
        assert_eq!(quote("hello world"), "\"hello world\"");
        assert_eq!(quote(""), "\"\"");
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
    }

    #[test]
    fn history_keeps_the_last_lines_without_repeats() {
        let one = remember(&[], "GET a");
        assert_eq!(remember(&one, "GET a"), ["GET a"]);
        let full: Vec<String> = (0..MAX_HISTORY).map(|i| i.to_string()).collect();
        let next = remember(&full, "new");
        assert_eq!(next.len(), MAX_HISTORY);
        assert_eq!(next.last().map(String::as_str), Some("new"));
    }
}
