//! What the browser knows about its connection: every change is one [`Action`], and applying it says
//! what changed ([`Changes`]), so [`super::store`] wakes only the components that show it.
//!
//! The state holds only what the server said (plus the request ids we sent), so nothing shown in
//! the UI is invented by the browser.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::rc::Rc;

use shared::{
    ErrorBody, LabEvent, LabReply, PROTOCOL_VERSION, RedisHealth, RequestId, ServerMsg, SessionInfo,
};

use super::status::Status;
use crate::trace_log::TraceLog;

/// How many requests are kept; older finished ones are forgotten so a long session stays small.
/// A lab takes what it needs as it arrives, so the limit is generous.
const REQUESTS_KEPT: usize = 256;

/// Where one request stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Sent; no answer yet.
    Pending,
    /// The lab's answer.
    Replied(LabReply),
    /// The server's error for this request.
    Failed(ErrorBody),
    /// The connection dropped before an answer came.
    Lost,
    /// There was no connection, so the request was never sent.
    NotSent,
}

/// One progress event, shared rather than copied, and compared by identity: a long run sends
/// hundreds of events of hundreds of decisions each, and a lab's action carrying them is cheap to
/// copy and compare.
#[derive(Debug, Clone)]
pub struct SharedEvent(Rc<LabEvent>);

impl SharedEvent {
    /// Wraps an event just received.
    pub fn new(event: LabEvent) -> Self {
        Self(Rc::new(event))
    }
}

impl PartialEq for SharedEvent {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for SharedEvent {
    type Target = LabEvent;

    fn deref(&self) -> &LabEvent {
        &self.0
    }
}

/// Why the page should be reloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReloadHint {
    /// The server speaks another protocol version.
    Protocol {
        /// The server's [`PROTOCOL_VERSION`].
        server: u32,
    },
    /// A frame did not decode as a `ServerMsg`, which means the two sides disagree.
    Undecodable,
}

/// One request this page sent: its outcome, and the events its lab has not taken yet.
#[derive(Debug, Clone, PartialEq)]
struct Request {
    outcome: Outcome,
    events: Vec<SharedEvent>,
    /// The final outcome was taken: a lab is told once.
    answered: bool,
}

/// What a request reported since its lab last took its news (see [`WsState::take`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    /// Events since the last take, oldest first.
    pub events: Vec<SharedEvent>,
    /// The final outcome, the first time it is taken.
    pub outcome: Option<Outcome>,
}

/// What one [`Action`] changed, so only the components showing it are woken.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The connection's status, session, Redis health, reload hint or stray error.
    pub link: bool,
    /// The command trace.
    pub trace: bool,
    /// Requests with a new event or outcome.
    pub requests: Vec<RequestId>,
}

/// Everything the connection has told the app so far.
#[derive(Debug, Clone, PartialEq)]
pub struct WsState {
    /// Connection state.
    pub status: Status,
    /// The session of the current (or last) connection.
    pub session: Option<SessionInfo>,
    /// Redis health while connected; `None` when unknown.
    pub redis: Option<RedisHealth>,
    /// Set when the page and the server no longer understand each other.
    pub reload: Option<ReloadHint>,
    /// The last error that named no request of ours, until dismissed.
    pub stray_error: Option<ErrorBody>,
    /// Each recent request, by id. A lab takes its events as they come, so a request running for
    /// hours (a workshop room's membership) keeps none here.
    requests: BTreeMap<RequestId, Request>,
    /// The command trace.
    pub trace: TraceLog,
}

impl Default for WsState {
    fn default() -> Self {
        Self {
            status: Status::Connecting,
            session: None,
            redis: None,
            reload: None,
            stray_error: None,
            requests: BTreeMap::new(),
            trace: TraceLog::default(),
        }
    }
}

/// One change to [`WsState`].
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A connection attempt started; `first` is true only for the page's first attempt.
    Connecting {
        /// Whether no attempt came before.
        first: bool,
    },
    /// Messages that arrived from the server together, applied in order as one change.
    Received(Vec<ServerMsg>),
    /// A text frame did not decode.
    Undecodable,
    /// The socket closed (or never opened); the next attempt is in `retry_in_ms`.
    Disconnected {
        /// The wait before the next attempt.
        retry_in_ms: u32,
        /// What `navigator.onLine` said.
        online: bool,
    },
    /// A request went out on the socket.
    Sent(RequestId),
    /// A request was not sent because there was no connection.
    NotSent(RequestId),
    /// The user cleared the trace.
    ClearTrace,
    /// The user dismissed [`WsState::stray_error`].
    DismissError,
}

impl WsState {
    /// Applies one action and says what it changed.
    pub fn apply(&mut self, action: Action) -> Changes {
        let mut changes = Changes::default();
        match action {
            Action::Connecting { first } => {
                self.status = if first {
                    Status::Connecting
                } else {
                    Status::Reconnecting { retry_in_ms: None }
                };
                changes.link = true;
            }
            Action::Received(msgs) => {
                for msg in msgs {
                    self.receive(msg, &mut changes);
                }
            }
            Action::Undecodable => {
                self.reload = Some(ReloadHint::Undecodable);
                changes.link = true;
            }
            Action::Disconnected {
                retry_in_ms,
                online,
            } => {
                self.status = if online {
                    Status::Reconnecting {
                        retry_in_ms: Some(retry_in_ms),
                    }
                } else {
                    Status::Offline { retry_in_ms }
                };
                self.redis = None;
                changes.link = true;
                for (id, request) in &mut self.requests {
                    if request.outcome == Outcome::Pending {
                        request.outcome = Outcome::Lost;
                        changes.requests.push(*id);
                    }
                }
            }
            Action::Sent(id) => self.record(id, Outcome::Pending),
            Action::NotSent(id) => {
                self.record(id, Outcome::NotSent);
                changes.requests.push(id);
            }
            Action::ClearTrace => {
                self.trace.clear();
                changes.trace = true;
            }
            Action::DismissError => {
                self.stray_error = None;
                changes.link = true;
            }
        }
        changes.requests.sort_unstable();
        changes.requests.dedup();
        changes
    }

    /// Where request `id` stands; `None` for an id this page did not send (or forgot).
    pub fn outcome(&self, id: RequestId) -> Option<&Outcome> {
        self.requests.get(&id).map(|request| &request.outcome)
    }

    /// What request `id` reported since the last take, or `None` when nothing is new: its events (which
    /// the state then forgets) and its final outcome (once). Taking twice hands nothing over twice.
    /// A request the state no longer knows has no answer coming: it is [`Outcome::Lost`].
    pub fn take(&mut self, id: RequestId) -> Option<Taken> {
        let Some(request) = self.requests.get_mut(&id) else {
            return Some(Taken {
                events: Vec::new(),
                outcome: Some(Outcome::Lost),
            });
        };
        let final_outcome = request.outcome != Outcome::Pending && !request.answered;
        if request.events.is_empty() && !final_outcome {
            return None;
        }
        request.answered |= final_outcome;
        Some(Taken {
            events: std::mem::take(&mut request.events),
            outcome: final_outcome.then(|| request.outcome.clone()),
        })
    }

    fn receive(&mut self, msg: ServerMsg, changes: &mut Changes) {
        match msg {
            ServerMsg::Hello {
                protocol,
                session,
                redis,
            } => {
                self.status = Status::Connected;
                self.session = Some(session);
                self.redis = Some(redis);
                if protocol != PROTOCOL_VERSION {
                    self.reload = Some(ReloadHint::Protocol { server: protocol });
                }
                changes.link = true;
            }
            ServerMsg::Reply { id, reply } => self.answer(id, Outcome::Replied(reply), changes),
            // Events for an id we never sent (or already forgot) have no lab to show them.
            ServerMsg::Event { id, event } => self.progress(id, [event], changes),
            ServerMsg::Events { id, events } => self.progress(id, events, changes),
            ServerMsg::Error { id, error } => match id {
                Some(id) if self.requests.contains_key(&id) => {
                    self.answer(id, Outcome::Failed(error), changes)
                }
                _ => {
                    self.stray_error = Some(error);
                    changes.link = true;
                }
            },
            ServerMsg::Trace { entries } => {
                self.trace.extend(entries);
                changes.trace = true;
            }
            ServerMsg::Redis { health } => {
                self.redis = Some(health);
                changes.link = true;
            }
            ServerMsg::Dropped { traces } => {
                self.trace.note_server_dropped(traces);
                changes.trace = true;
            }
        }
    }

    /// Adds `events` to request `id`'s.
    fn progress(
        &mut self,
        id: RequestId,
        events: impl IntoIterator<Item = LabEvent>,
        changes: &mut Changes,
    ) {
        if let Some(request) = self.requests.get_mut(&id) {
            request
                .events
                .extend(events.into_iter().map(SharedEvent::new));
            changes.requests.push(id);
        }
    }

    /// Records the final outcome of a request still pending. A request has one answer: a late error
    /// (a Stop that crossed the reply, say) does not replace the one it had.
    fn answer(&mut self, id: RequestId, outcome: Outcome, changes: &mut Changes) {
        if let Some(request) = self
            .requests
            .get_mut(&id)
            .filter(|request| request.outcome == Outcome::Pending)
        {
            request.outcome = outcome;
            changes.requests.push(id);
        }
    }

    /// Records a request just sent and forgets the oldest finished requests past [`REQUESTS_KEPT`]. A
    /// request still running (a Pub/Sub hub, say) is never forgotten, however many came after it.
    fn record(&mut self, id: RequestId, outcome: Outcome) {
        self.requests.insert(
            id,
            Request {
                outcome,
                events: Vec::new(),
                answered: false,
            },
        );
        while self.requests.len() > REQUESTS_KEPT {
            let finished = self
                .requests
                .iter()
                .find(|(_, r)| r.outcome != Outcome::Pending)
                .map(|(id, _)| *id);
            let Some(old) = finished else { break };
            self.requests.remove(&old);
        }
    }
}

#[cfg(test)]
mod tests {
    use shared::ping::PingReply;
    use shared::ratelimit::RatelimitEvent;
    use shared::{ErrorCode, TraceEntry};

    use super::*;

    fn received(msg: ServerMsg) -> Action {
        Action::Received(vec![msg])
    }

    fn hello(protocol: u32) -> ServerMsg {
        ServerMsg::Hello {
            protocol,
            session: SessionInfo {
                id: "ab12".into(),
                namespace: "pg:{ab12}:".into(),
                key_ttl_secs: 3600,
            },
            redis: RedisHealth {
                reachable: true,
                version: Some("7.2.4".into()),
                round_trip_us: Some(120),
            },
        }
    }

    fn reply() -> LabReply {
        LabReply::Ping(PingReply {
            pong: "PONG".into(),
            key: "pg:{ab12}:ping".into(),
            stored: "hi".into(),
            ttl_ms: 59_998,
            server_time_us: 1_700_000_000_000_000,
        })
    }

    #[test]
    fn hello_connects_and_a_version_mismatch_asks_for_a_reload() {
        let mut state = WsState::default();
        state.apply(received(hello(PROTOCOL_VERSION)));
        assert_eq!(state.status, Status::Connected);
        assert_eq!(state.reload, None);

        state.apply(received(hello(PROTOCOL_VERSION + 1)));

        assert_eq!(
            state.reload,
            Some(ReloadHint::Protocol {
                server: PROTOCOL_VERSION + 1
            })
        );
    }

    #[test]
    fn replies_and_errors_land_on_their_request() {
        let mut state = WsState::default();
        state.apply(Action::Sent(1));
        state.apply(Action::Sent(2));

        state.apply(received(ServerMsg::Reply {
            id: 1,
            reply: reply(),
        }));
        let error = ErrorBody::new(ErrorCode::RedisUnavailable, "down");
        state.apply(received(ServerMsg::Error {
            id: Some(2),
            error: error.clone(),
        }));

        assert_eq!(state.outcome(1), Some(&Outcome::Replied(reply())));
        assert_eq!(state.outcome(2), Some(&Outcome::Failed(error)));
        assert_eq!(state.stray_error, None);
    }

    #[test]
    fn errors_for_no_request_of_ours_are_kept_until_dismissed() {
        let mut state = WsState::default();
        let error = ErrorBody::new(ErrorCode::Malformed, "not JSON");
        state.apply(received(ServerMsg::Error {
            id: None,
            error: error.clone(),
        }));
        assert_eq!(state.stray_error, Some(error));

        state.apply(Action::DismissError);

        assert_eq!(state.stray_error, None);
    }

    #[test]
    fn a_disconnect_loses_pending_requests_and_forgets_redis() {
        let mut state = WsState::default();
        state.apply(received(hello(PROTOCOL_VERSION)));
        state.apply(Action::Sent(1));
        state.apply(Action::Sent(2));
        state.apply(received(ServerMsg::Reply {
            id: 1,
            reply: reply(),
        }));

        state.apply(Action::Disconnected {
            retry_in_ms: 500,
            online: true,
        });

        assert_eq!(
            state.status,
            Status::Reconnecting {
                retry_in_ms: Some(500)
            }
        );
        assert_eq!(state.outcome(1), Some(&Outcome::Replied(reply())));
        assert_eq!(state.outcome(2), Some(&Outcome::Lost));
        assert_eq!(state.redis, None);
    }

    #[test]
    fn events_are_kept_for_our_requests_only() {
        let mut state = WsState::default();
        state.apply(Action::Sent(1));
        let event = || LabEvent::Ratelimit(RatelimitEvent::Decisions { decisions: vec![] });

        state.apply(received(ServerMsg::Event {
            id: 1,
            event: event(),
        }));
        state.apply(received(ServerMsg::Event {
            id: 1,
            event: event(),
        }));
        state.apply(received(ServerMsg::Events {
            id: 1,
            events: vec![event(), event()],
        }));
        state.apply(received(ServerMsg::Event {
            id: 9,
            event: event(),
        }));

        assert_eq!(state.take(1).map(|t| t.events.len()), Some(4));
        assert_eq!(state.outcome(9), None);
    }

    #[test]
    fn messages_received_together_apply_in_order() {
        let mut state = WsState::default();
        state.apply(Action::Sent(1));
        let event = LabEvent::Ratelimit(RatelimitEvent::Decisions { decisions: vec![] });

        state.apply(Action::Received(vec![
            ServerMsg::Event { id: 1, event },
            ServerMsg::Reply {
                id: 1,
                reply: reply(),
            },
        ]));

        let taken = state.take(1).expect("news");
        assert_eq!(taken.events.len(), 1);
        assert_eq!(taken.outcome, Some(Outcome::Replied(reply())));
    }

    #[test]
    fn events_are_compared_by_identity() {
        let event = || LabEvent::Ratelimit(RatelimitEvent::Decisions { decisions: vec![] });
        let (a, b) = (SharedEvent::new(event()), SharedEvent::new(event()));

        assert_eq!(a, a.clone(), "a copy points at the same event");
        assert_ne!(a, b, "equal contents, different events");
        assert_eq!(*b, event());
    }

    #[test]
    fn status_follows_attempts_and_the_network() {
        let mut state = WsState::default();
        assert_eq!(state.status, Status::Connecting);

        state.apply(Action::Disconnected {
            retry_in_ms: 1_000,
            online: false,
        });
        assert_eq!(state.status, Status::Offline { retry_in_ms: 1_000 });

        state.apply(Action::Connecting { first: false });
        assert_eq!(state.status, Status::Reconnecting { retry_in_ms: None });
    }

    #[test]
    fn old_requests_are_forgotten() {
        let mut state = WsState::default();
        for id in 1..=(REQUESTS_KEPT as u64 + 10) {
            state.apply(Action::NotSent(id));
        }
        assert_eq!(state.requests.len(), REQUESTS_KEPT);
        assert_eq!(state.requests.keys().next(), Some(&11));
    }

    #[test]
    fn a_running_request_is_never_forgotten() {
        let mut state = WsState::default();
        state.apply(Action::Sent(1));
        for id in 2..=(REQUESTS_KEPT as u64 + 10) {
            state.apply(Action::NotSent(id));
        }
        assert_eq!(state.outcome(1), Some(&Outcome::Pending));
        assert_eq!(state.requests.len(), REQUESTS_KEPT);
    }

    #[test]
    fn trace_and_drop_notices_reach_the_log() {
        let mut state = WsState::default();
        let entry = TraceEntry {
            seq: 1,
            at_ms: 0,
            client: "session".into(),
            request: None,
            command: vec!["PING".into()],
            reply: "PONG".into(),
            ok: true,
            micros: 10,
            origin: shared::Origin::Learner,
        };
        state.apply(received(ServerMsg::Trace {
            entries: vec![entry],
        }));
        state.apply(received(ServerMsg::Dropped { traces: 7 }));
        assert_eq!(state.trace.lines(None).count(), 1);
        assert_eq!(state.trace.server_dropped(), 7);

        state.apply(Action::ClearTrace);

        assert_eq!(state.trace.lines(None).count(), 0);
    }

    #[test]
    fn news_taken_twice_hands_nothing_over_twice() {
        let mut state = WsState::default();
        state.apply(Action::Sent(4));
        let event = || ServerMsg::Event {
            id: 4,
            event: LabEvent::Ratelimit(RatelimitEvent::Decisions { decisions: vec![] }),
        };
        state.apply(Action::Received(vec![event(), event()]));

        let first = state.take(4).expect("two events");
        assert_eq!((first.events.len(), first.outcome), (2, None));
        assert_eq!(state.take(4), None, "taken events are forgotten");

        state.apply(Action::Received(vec![
            event(),
            ServerMsg::Reply {
                id: 4,
                reply: reply(),
            },
        ]));
        let last = state.take(4).expect("an event and the reply");
        assert_eq!(last.events.len(), 1);
        assert_eq!(last.outcome, Some(Outcome::Replied(reply())));
        assert_eq!(state.take(4), None, "the outcome is handed over once");
        assert_eq!(state.outcome(4), Some(&Outcome::Replied(reply())));
    }

    #[test]
    fn a_forgotten_request_is_lost_and_an_unsent_one_says_so() {
        let mut state = WsState::default();
        assert_eq!(state.take(99).and_then(|t| t.outcome), Some(Outcome::Lost));

        let changes = state.apply(Action::NotSent(5));

        assert_eq!(changes.requests, vec![5]);
        assert_eq!(
            state.take(5).and_then(|t| t.outcome),
            Some(Outcome::NotSent)
        );
    }

    #[test]
    fn a_late_error_does_not_replace_the_answer() {
        let mut state = WsState::default();
        state.apply(Action::Sent(1));
        state.apply(received(ServerMsg::Reply {
            id: 1,
            reply: reply(),
        }));

        let changes = state.apply(received(ServerMsg::Error {
            id: Some(1),
            error: ErrorBody::new(ErrorCode::BadRequestId, "no run has id 1"),
        }));

        assert_eq!(state.outcome(1), Some(&Outcome::Replied(reply())));
        assert_eq!(changes, Changes::default());
    }

    #[test]
    fn changes_name_only_what_changed() {
        let mut state = WsState::default();
        state.apply(Action::Sent(1));
        state.apply(Action::Sent(2));

        let trace = state.apply(received(ServerMsg::Dropped { traces: 1 }));
        let events = state.apply(Action::Received(vec![
            ServerMsg::Event {
                id: 2,
                event: LabEvent::Ratelimit(RatelimitEvent::Decisions { decisions: vec![] }),
            },
            ServerMsg::Reply {
                id: 2,
                reply: reply(),
            },
        ]));
        let drop = state.apply(Action::Disconnected {
            retry_in_ms: 500,
            online: true,
        });

        assert!(trace.trace && !trace.link && trace.requests.is_empty());
        assert_eq!(events.requests, vec![2]);
        assert!(!events.trace && !events.link);
        assert!(drop.link);
        assert_eq!(drop.requests, vec![1], "only the pending request was lost");
    }
}
