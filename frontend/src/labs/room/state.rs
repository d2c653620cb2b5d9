//! A room page's state as one reducer: which membership to run (open or join), the membership's run and
//! the [`Book`] its events fold into, a presenter's way back into its room, the requests still awaited,
//! the publish draft and the problem to show. Every change is one [`Action`]; each [`Update`] of its
//! requests is folded once.

use std::rc::Rc;

use shared::room::{RoomEvent, RoomReply, RoomRequest, RoomSettings};
use shared::{ParamRange, RequestId};

use super::book::Book;
use crate::ws::{Failure, Update};

/// The membership a page asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// Open a new room as its presenter.
    Open(RoomSettings),
    /// Join room `code` as a participant named `name` (empty for `guest <n>`).
    Join {
        /// The room's code.
        code: String,
        /// The display name.
        name: String,
    },
}

impl Start {
    /// The request that starts it: a presenter holding `reclaim` takes its room back rather than
    /// opening a new one.
    pub fn request(&self, reclaim: Option<&Reclaim>) -> RoomRequest {
        match (self, reclaim) {
            (Self::Open(_), Some(reclaim)) => RoomRequest::Reclaim {
                code: reclaim.code.clone(),
                secret: reclaim.secret.clone(),
            },
            (Self::Open(settings), None) => RoomRequest::Open {
                settings: settings.clone(),
            },
            (Self::Join { code, name }, _) => RoomRequest::Join {
                code: code.clone(),
                name: name.trim().to_owned(),
            },
        }
    }
}

/// What a presenter's browser keeps to take its room back after its connection dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reclaim {
    /// The room's code.
    pub code: String,
    /// The secret of the room's `Reclaimable` event.
    pub secret: String,
    /// How long the room waits, in seconds.
    pub grace_secs: u32,
}

impl Reclaim {
    /// One line for the tab's session storage: `CODE SECRET GRACE`.
    pub fn encode(&self) -> String {
        format!("{} {} {}", self.code, self.secret, self.grace_secs)
    }

    /// The line [`Reclaim::encode`] wrote, if it is one.
    pub fn decode(line: &str) -> Option<Self> {
        let mut parts = line.split(' ');
        let (code, secret, grace) = (parts.next()?, parts.next()?, parts.next()?);
        Some(Self {
            code: code.to_owned(),
            secret: secret.to_owned(),
            grace_secs: grace.parse().ok()?,
        })
    }
}

/// Something to tell the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A field out of range, found before sending.
    Range(ParamRange),
    /// A request failed.
    Failed(Failure),
}

/// What a request besides the membership was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Configure`.
    Configure,
    /// `Publish`.
    Publish,
    /// `Acquire`.
    Acquire,
    /// `Send`.
    Send,
    /// `Reset`.
    Reset,
    /// `Close`.
    Close,
}

/// A request whose answer the page awaits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// Its id.
    pub id: RequestId,
    /// What it was.
    pub kind: Kind,
}

/// The running membership.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    /// The `open` or `join` request, which later requests name.
    pub id: RequestId,
    /// Set when it ended: `None` inside is a normal leave.
    pub ended: Option<Option<Failure>>,
    /// Whether it is a presenter taking its room back.
    pub reclaiming: bool,
}

/// Where the page stands, as `data-state` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing asked yet (the join form).
    Idle,
    /// Asked; the room has not answered yet.
    Entering,
    /// In the room.
    Open,
    /// The presenter left and the room closed.
    Closed,
    /// The presenter's connection dropped; its room waits while the page reconnects to take it back.
    Reconnecting,
    /// The membership failed (no such room, a lost connection…).
    Error,
}

impl Phase {
    /// The `data-state` value.
    pub fn id(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Entering => "entering",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Reconnecting => "reconnecting",
            Self::Error => "error",
        }
    }
}

/// Everything a room page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoomState {
    /// The membership asked for.
    pub start: Option<Start>,
    /// Bumped to ask again for the same membership.
    pub epoch: u32,
    /// The current membership, once its request was sent.
    pub membership: Option<Membership>,
    /// A presenter's way back into its room, while the room may still wait for it.
    pub reclaim: Option<Reclaim>,
    /// The code of a room this presenter could not take back: it closed while the page was away.
    pub gone: Option<String>,
    /// The fold of its events; replaced on every change, so components compare it by identity.
    pub book: Rc<Book>,
    /// Requests whose answers are awaited.
    pub awaited: Vec<Sent>,
    /// The publish form's text.
    pub draft: String,
    /// What went wrong last.
    pub problem: Option<Problem>,
    /// The backends' clock minus this browser's, in milliseconds, from the newest event: drawing "now"
    /// on the backends' time axis.
    pub offset_ms: i64,
}

/// One change to [`RoomState`].
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Ask for this membership.
    Begin(Start),
    /// Ask again for the same membership.
    Retry,
    /// The page sent the membership's request.
    Started(RequestId),
    /// What the membership and the awaited requests reported, folded at `now_ms`.
    Updates {
        /// One per request with something new.
        updates: Vec<Update<RoomRequest>>,
        /// `Date.now()`.
        now_ms: f64,
    },
    /// The page sent a request.
    Sent(Sent),
    /// Something was refused before sending.
    Refused(Problem),
    /// The publish form's text changed.
    Draft(String),
    /// Hide the problem.
    Dismiss,
}

impl RoomState {
    /// Where the page stands.
    pub fn phase(&self) -> Phase {
        let Some(membership) = &self.membership else {
            return if self.start.is_some() {
                Phase::Entering
            } else {
                Phase::Idle
            };
        };
        if self.book.closed {
            Phase::Closed
        } else if matches!(
            membership.ended,
            Some(Some(Failure::Lost | Failure::NotSent))
        ) && self.reclaim.is_some()
        {
            Phase::Reconnecting
        } else if matches!(membership.ended, Some(Some(_))) {
            Phase::Error
        } else if membership.ended.is_some() {
            Phase::Closed
        } else if self.book.me.is_some() {
            Phase::Open
        } else {
            Phase::Entering
        }
    }

    /// The membership's id while it runs: what later requests name.
    pub fn room(&self) -> Option<RequestId> {
        self.membership
            .as_ref()
            .filter(|m| m.ended.is_none() && !self.book.closed && self.book.me.is_some())
            .map(|m| m.id)
    }

    /// Whether this browser's own lock attempt (and hold) is still going.
    pub fn acquiring(&self) -> bool {
        self.awaited.iter().any(|s| s.kind == Kind::Acquire)
    }

    /// Applies one action; kept apart from `yew::Reducible` so tests call it on a plain value.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Begin(start) => {
                self.start = Some(start);
                self.epoch += 1;
                self.problem = None;
            }
            Action::Retry => {
                self.epoch += 1;
                self.problem = None;
                // A retry opens a fresh room.
                self.reclaim = None;
                self.gone = None;
            }
            Action::Started(id) => {
                let reclaiming =
                    self.reclaim.is_some() && matches!(self.start, Some(Start::Open(_)));
                self.membership = Some(Membership {
                    id,
                    ended: None,
                    reclaiming,
                });
                self.book = Rc::default();
                self.awaited.clear();
                // A new membership: what went wrong with the last one no longer stands.
                self.problem = None;
            }
            Action::Updates { updates, now_ms } => {
                updates.iter().for_each(|u| self.fold(u, now_ms));
            }
            Action::Sent(sent) => self.awaited.push(sent),
            Action::Refused(problem) => self.problem = Some(problem),
            Action::Draft(text) => self.draft = text,
            Action::Dismiss => self.problem = None,
        }
    }

    fn fold(&mut self, update: &Update<RoomRequest>, now_ms: f64) {
        if let Some(membership) = self.membership.as_mut().filter(|m| m.id == update.id) {
            let events: Vec<&RoomEvent> = update.events().collect();
            if !events.is_empty() {
                let book = Rc::make_mut(&mut self.book);
                let before = book.latest_ms;
                for event in events {
                    book.fold(event);
                    if let (RoomEvent::Reclaimable { secret, grace_secs }, Some(code)) =
                        (event, &book.code)
                    {
                        self.reclaim = Some(Reclaim {
                            code: code.clone(),
                            secret: secret.clone(),
                            grace_secs: *grace_secs,
                        });
                    }
                }
                if book.closed {
                    self.reclaim = None;
                }
                if let Some(latest) = book.latest_ms.filter(|&l| Some(l) != before) {
                    self.offset_ms = latest as i64 - now_ms as i64;
                }
            }
            if let Some(outcome) = &update.outcome {
                let failure = outcome.as_ref().err().cloned();
                if let Some(failure) = &failure {
                    self.problem = Some(Problem::Failed(failure.clone()));
                }
                // The room refused the way back: it closed while this page was away.
                if membership.reclaiming && matches!(failure, Some(Failure::Server(_))) {
                    self.gone = self.reclaim.take().map(|r| r.code);
                }
                membership.ended = Some(failure);
                self.awaited.clear();
            }
            return;
        }
        let Some(outcome) = &update.outcome else {
            return;
        };
        let Some(at) = self.awaited.iter().position(|s| s.id == update.id) else {
            return;
        };
        let sent = self.awaited.remove(at);
        match outcome {
            Err(failure) => self.problem = Some(Problem::Failed(failure.clone())),
            Ok(RoomReply::Published { .. }) if sent.kind == Kind::Publish => self.draft.clear(),
            Ok(_) => {}
        }
    }
}

reducible!(RoomState, Action);

#[cfg(test)]
mod tests;
