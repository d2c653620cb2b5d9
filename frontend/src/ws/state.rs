//! What the browser knows about its connection, as a reducer: every change is one [`Action`].
//!
//! The state holds only what the server said (plus the request ids we sent), so nothing shown in
//! the UI is invented by the browser.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::rc::Rc;

use shared::{
    ErrorBody, LabEvent, LabReply, PROTOCOL_VERSION, RedisHealth, RequestId, ServerMsg, SessionInfo,
};
use yew::Reducible;

use super::status::Status;
use crate::trace_log::TraceLog;

/// How many request outcomes are kept; older finished ones are forgotten so a long session stays small.
/// A lab looks up the ids it still awaits, so the limit is generous.
const OUTCOMES_KEPT: usize = 256;

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

/// One progress event as the state keeps it: shared, and compared by identity.
///
/// The reducer clones the whole state on every message, and the context provider compares the old
/// and new state to decide whether to re-render. A long run sends hundreds of events of hundreds of
/// decisions each; holding them behind an `Rc` compared by pointer keeps both steps at one pointer
/// per event instead of a walk through every decision, so a run's cost stays linear in its size.
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
    /// Outcome of each recent request, by id.
    pub outcomes: BTreeMap<RequestId, Outcome>,
    /// Progress events of each recent request, by id, oldest first, past those consumed.
    pub events: BTreeMap<RequestId, Vec<SharedEvent>>,
    /// How many of a request's first events its lab consumed (folded into its own state) and the
    /// state forgot: a workshop room's membership runs for hours, and keeping its every event would
    /// grow without end.
    pub consumed: BTreeMap<RequestId, usize>,
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
            outcomes: BTreeMap::new(),
            events: BTreeMap::new(),
            consumed: BTreeMap::new(),
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
    /// The lab folded request `id`'s first `upto` events: they may be forgotten.
    Consume {
        /// The request.
        id: RequestId,
        /// Events folded, counted from the request's first.
        upto: usize,
    },
}

impl WsState {
    /// Applies one action; kept apart from [`Reducible`] so tests can call it on a plain value.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Connecting { first } => {
                self.status = if first {
                    Status::Connecting
                } else {
                    Status::Reconnecting { retry_in_ms: None }
                };
            }
            Action::Received(msgs) => msgs.into_iter().for_each(|msg| self.receive(msg)),
            Action::Undecodable => self.reload = Some(ReloadHint::Undecodable),
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
                for outcome in self.outcomes.values_mut() {
                    if *outcome == Outcome::Pending {
                        *outcome = Outcome::Lost;
                    }
                }
            }
            Action::Sent(id) => self.record(id, Outcome::Pending),
            Action::NotSent(id) => self.record(id, Outcome::NotSent),
            Action::ClearTrace => self.trace.clear(),
            Action::DismissError => self.stray_error = None,
            Action::Consume { id, upto } => self.consume(id, upto),
        }
    }

    /// Request `id`'s events not consumed, and how many came before them.
    pub fn events_after_consumed(&self, id: RequestId) -> (usize, &[SharedEvent]) {
        let base = self.consumed.get(&id).copied().unwrap_or(0);
        (base, self.events.get(&id).map_or(&[], Vec::as_slice))
    }

    fn consume(&mut self, id: RequestId, upto: usize) {
        let Some(events) = self.events.get_mut(&id) else {
            return;
        };
        let base = self.consumed.entry(id).or_default();
        let n = upto.saturating_sub(*base).min(events.len());
        events.drain(..n);
        *base += n;
    }

    fn receive(&mut self, msg: ServerMsg) {
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
            }
            ServerMsg::Reply { id, reply } => self.record(id, Outcome::Replied(reply)),
            // Events for an id we never sent (or already forgot) have no lab to show them.
            ServerMsg::Event { id, event } => {
                if self.outcomes.contains_key(&id) {
                    self.events
                        .entry(id)
                        .or_default()
                        .push(SharedEvent::new(event));
                }
            }
            ServerMsg::Error { id, error } => match id {
                Some(id) if self.outcomes.contains_key(&id) => {
                    self.record(id, Outcome::Failed(error))
                }
                _ => self.stray_error = Some(error),
            },
            ServerMsg::Trace { entries } => self.trace.extend(entries),
            ServerMsg::Redis { health } => self.redis = Some(health),
            ServerMsg::Dropped { traces } => self.trace.note_server_dropped(traces),
        }
    }

    /// Records `outcome` and forgets the oldest finished requests past [`OUTCOMES_KEPT`]. A request still
    /// running (a Pub/Sub hub, say) is never forgotten, however many requests came after it.
    fn record(&mut self, id: RequestId, outcome: Outcome) {
        self.outcomes.insert(id, outcome);
        while self.outcomes.len() > OUTCOMES_KEPT {
            let finished = self
                .outcomes
                .iter()
                .find(|(_, o)| !matches!(o, Outcome::Pending))
                .map(|(id, _)| *id);
            let Some(old) = finished else { break };
            self.outcomes.remove(&old);
            self.events.remove(&old);
            self.consumed.remove(&old);
        }
    }
}

impl Reducible for WsState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
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

        assert_eq!(state.outcomes.get(&1), Some(&Outcome::Replied(reply())));
        assert_eq!(state.outcomes.get(&2), Some(&Outcome::Failed(error)));
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
        assert_eq!(state.outcomes.get(&1), Some(&Outcome::Replied(reply())));
        assert_eq!(state.outcomes.get(&2), Some(&Outcome::Lost));
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
        state.apply(received(ServerMsg::Event {
            id: 9,
            event: event(),
        }));

        assert_eq!(state.events.get(&1).map(Vec::len), Some(2));
        assert!(!state.events.contains_key(&9));
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

        assert_eq!(state.events.get(&1).map(Vec::len), Some(1));
        assert_eq!(state.outcomes.get(&1), Some(&Outcome::Replied(reply())));
    }

    #[test]
    fn events_are_shared_between_copies_and_compared_by_identity() {
        let mut state = WsState::default();
        state.apply(Action::Sent(1));
        let event = || LabEvent::Ratelimit(RatelimitEvent::Decisions { decisions: vec![] });
        state.apply(received(ServerMsg::Event {
            id: 1,
            event: event(),
        }));

        let copy = state.clone();
        state.apply(received(ServerMsg::Event {
            id: 1,
            event: event(),
        }));

        let (old, new) = (&copy.events[&1], &state.events[&1]);
        assert_eq!(old[0], new[0], "the copy points at the same event");
        assert_ne!(new[0], new[1], "equal contents, different events");
        assert_eq!(*new[1], event());
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
    fn old_outcomes_are_forgotten() {
        let mut state = WsState::default();
        for id in 1..=(OUTCOMES_KEPT as u64 + 10) {
            state.apply(Action::NotSent(id));
        }
        assert_eq!(state.outcomes.len(), OUTCOMES_KEPT);
        assert_eq!(state.outcomes.keys().next(), Some(&11));
    }

    #[test]
    fn a_running_request_is_never_forgotten() {
        let mut state = WsState::default();
        state.apply(Action::Sent(1));
        for id in 2..=(OUTCOMES_KEPT as u64 + 10) {
            state.apply(Action::NotSent(id));
        }
        assert_eq!(state.outcomes.get(&1), Some(&Outcome::Pending));
        assert_eq!(state.outcomes.len(), OUTCOMES_KEPT);
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
    fn consumed_events_are_forgotten_and_counted() {
        let mut state = WsState::default();
        state.apply(Action::Sent(4));
        let event = || ServerMsg::Event {
            id: 4,
            event: LabEvent::Ratelimit(RatelimitEvent::Decisions { decisions: vec![] }),
        };
        state.apply(Action::Received(vec![event(), event(), event()]));
        state.apply(Action::Consume { id: 4, upto: 2 });
        assert_eq!(state.events_after_consumed(4).0, 2);
        assert_eq!(state.events_after_consumed(4).1.len(), 1);
        // Asking again for what is gone, or for more than came, changes nothing wrong.
        state.apply(Action::Consume { id: 4, upto: 1 });
        state.apply(Action::Consume { id: 4, upto: 9 });
        assert_eq!(state.events_after_consumed(4).0, 3);
        assert!(state.events_after_consumed(4).1.is_empty());
        state.apply(Action::Received(vec![event()]));
        assert_eq!(state.events_after_consumed(4), (3, &state.events[&4][..]));
        assert_eq!(state.events[&4].len(), 1);
        // Unknown ids are ignored.
        state.apply(Action::Consume { id: 99, upto: 1 });
        assert!(!state.consumed.contains_key(&99));
    }
}
