//! One request's life as a lab sees it, written once for every lab.
//!
//! A lab calls [`use_lab`] with its request type (`shared::Lab` ties it to the lab's events and
//! reply) and the callback of its reducer. [`LabHandle::send`] sends a request and watches it; from
//! then on the hook hands the reducer each [`Update`]: the request's new events, typed, and once its
//! final outcome, as the lab's own reply or a [`Failure`]. Events are taken from the connection as
//! they are handed over, so each reaches the reducer once and a request running for hours keeps
//! none in the connection. While events stream, updates are coalesced to one per the lab's interval;
//! an outcome goes through at once. Only the lab's own requests wake it: nothing else re-renders it.
//! When the lab's page goes, the requests it still awaits are stopped: nobody is left to watch them.
//! A run that a request of its own ends is ended by that request instead ([`LabHandle::leave_with`]).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use shared::{ErrorBody, Lab, LabEvent, RequestId};
use yew::prelude::*;

use super::state::{Outcome, SharedEvent, Taken};
use super::store::{Store, Subscription, Topic};
use super::use_handle;

/// Why a request ended without its lab's reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The backend's error: `cancelled` after Stop, `invalid_param`, Redis unavailable…
    Server(ErrorBody),
    /// The connection dropped before the answer, or no longer knows the request.
    Lost,
    /// There was no connection, so nothing was sent.
    NotSent,
}

/// Where a lab's run (or its last action) stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Phase {
    /// Nothing sent yet.
    #[default]
    Idle,
    /// Sent; the answer has not come.
    Running,
    /// The reply came.
    Done,
    /// It ended (or never started) without a reply.
    Failed(Failure),
}

impl Phase {
    /// Where a request stands once its outcome came.
    pub fn ended<R>(outcome: &Result<R, Failure>) -> Self {
        match outcome {
            Ok(_) => Self::Done,
            Err(failure) => Self::Failed(failure.clone()),
        }
    }
}

/// The reply or failure of a finished request, as lab `L` sees it; `None` while it is pending.
/// Another lab's reply cannot answer this lab's request: it counts as lost.
fn answer<L: Lab>(outcome: Outcome) -> Option<Result<L::Reply, Failure>> {
    match outcome {
        Outcome::Pending => None,
        Outcome::Replied(reply) => Some(L::reply(reply).ok_or(Failure::Lost)),
        Outcome::Failed(error) => Some(Err(Failure::Server(error))),
        Outcome::Lost => Some(Err(Failure::Lost)),
        Outcome::NotSent => Some(Err(Failure::NotSent)),
    }
}

/// What one request of lab `L` reported since the last update: handed to the lab's reducer, once.
#[derive(Debug, Clone, PartialEq)]
pub struct Update<L: Lab> {
    /// The request.
    pub id: RequestId,
    /// Its new events, oldest first (read them typed with [`Update::events`]).
    raw: Vec<SharedEvent>,
    /// Its final outcome, in the update that brings it.
    pub outcome: Option<Result<L::Reply, Failure>>,
}

impl<L: Lab> Update<L> {
    /// An update of request `id`: these events, and the outcome if it came.
    pub fn new(
        id: RequestId,
        events: impl IntoIterator<Item = LabEvent>,
        outcome: Option<Result<L::Reply, Failure>>,
    ) -> Self {
        Self {
            id,
            raw: events.into_iter().map(SharedEvent::new).collect(),
            outcome,
        }
    }

    fn taken(id: RequestId, taken: Taken) -> Self {
        Self {
            id,
            raw: taken.events,
            outcome: taken.outcome.and_then(answer::<L>),
        }
    }

    /// The lab's events in this update, oldest first.
    pub fn events(&self) -> impl Iterator<Item = &L::Event> {
        self.raw.iter().filter_map(|event| L::event(event))
    }
}

/// How long to wait before handing updates over: none for an outcome or once `every_ms` passed since
/// the last delivery, else the rest of that interval.
fn wait_ms(now_ms: f64, last_ms: f64, every_ms: u32, finished: bool) -> u32 {
    let left = f64::from(every_ms) - (now_ms - last_ms);
    if finished || left <= 0.0 {
        0
    } else {
        left.ceil() as u32
    }
}

/// The requests one lab watches, and where their updates go.
struct Tracker<L: Lab> {
    store: Rc<Store>,
    /// Shortest time between deliveries while events stream; 0 delivers each wake at once.
    every_ms: u32,
    /// The lab's reducer, as of its last render.
    deliver: RefCell<Callback<Vec<Update<L>>>>,
    watched: RefCell<BTreeMap<RequestId, Subscription>>,
    last_ms: Cell<f64>,
    /// A delivery is already scheduled.
    armed: Cell<bool>,
    /// The run ended by a request of the lab's, not by a cancel, when the page goes.
    farewell: RefCell<Option<(RequestId, L)>>,
    /// The page went: every request watched was stopped, or ended by the farewell.
    closed: Cell<bool>,
}

impl<L: Lab + 'static> Tracker<L> {
    /// Wakes the tracker on every change of request `id` until its outcome is handed over.
    fn watch(self: &Rc<Self>, id: RequestId) {
        let tracker = Rc::downgrade(self);
        let listener = Rc::new(move || {
            if let Some(tracker) = tracker.upgrade() {
                tracker.woken(id);
            }
        });
        let subscription = self.store.subscribe(Topic::Request(id), listener);
        self.watched.borrow_mut().insert(id, subscription);
    }

    fn woken(self: &Rc<Self>, id: RequestId) {
        let finished = self
            .store
            .state()
            .outcome(id)
            .is_none_or(|outcome| *outcome != Outcome::Pending);
        if self.every_ms == 0 || finished {
            self.pump();
        } else if !self.armed.get() {
            match wait_ms(
                js_sys::Date::now(),
                self.last_ms.get(),
                self.every_ms,
                false,
            ) {
                0 => self.pump(),
                wait => self.arm(wait),
            }
        }
    }

    /// Delivers after `ms`, unless a delivery is already scheduled.
    fn arm(self: &Rc<Self>, ms: u32) {
        if self.armed.replace(true) {
            return;
        }
        let tracker: Weak<Self> = Rc::downgrade(self);
        // Forgotten rather than kept: the callback checks the tracker is still there.
        Timeout::new(ms, move || {
            if let Some(tracker) = tracker.upgrade() {
                tracker.armed.set(false);
                tracker.pump();
            }
        })
        .forget();
    }

    /// Hands the reducer everything its requests reported since the last delivery, and stops
    /// watching the requests that ended.
    fn pump(&self) {
        let ids: Vec<RequestId> = self.watched.borrow().keys().copied().collect();
        let updates: Vec<Update<L>> = ids
            .into_iter()
            .filter_map(|id| Some(Update::taken(id, self.store.take(id)?)))
            .collect();
        if updates.is_empty() {
            return;
        }
        {
            let mut watched = self.watched.borrow_mut();
            for update in updates.iter().filter(|u| u.outcome.is_some()) {
                watched.remove(&update.id);
            }
        }
        if self.every_ms > 0 {
            self.last_ms.set(js_sys::Date::now());
        }
        let deliver = self.deliver.borrow().clone();
        deliver.emit(updates);
    }

    /// Stops the requests still awaited, the farewell's run by sending the farewell, and watches
    /// nothing more.
    fn close(&self) {
        self.closed.set(true);
        let mut farewell = self.farewell.take();
        let watched = std::mem::take(&mut *self.watched.borrow_mut());
        for id in watched.into_keys() {
            if self.store.state().outcome(id) != Some(&Outcome::Pending) {
                continue;
            }
            match farewell.take() {
                Some((run, request)) if run == id => {
                    self.store.send(request.wrap());
                }
                kept => {
                    farewell = kept;
                    self.store.cancel(id);
                }
            }
        }
    }
}

/// What a lab sends through: requests of its own type, watched until their outcome is handed over.
pub struct LabHandle<L: Lab> {
    tracker: Rc<Tracker<L>>,
}

impl<L: Lab> Clone for LabHandle<L> {
    fn clone(&self) -> Self {
        Self {
            tracker: Rc::clone(&self.tracker),
        }
    }
}

impl<L: Lab> PartialEq for LabHandle<L> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.tracker, &other.tracker)
    }
}

impl<L: Lab + 'static> LabHandle<L> {
    /// Sends `request` and returns the id its updates, errors and trace will carry. Record the id in
    /// the reducer right away: the first update comes after the current event handler returns.
    /// Without a connection nothing is sent, and the update says [`Failure::NotSent`].
    pub fn send(&self, request: L) -> RequestId {
        let id = self.tracker.store.send(request.wrap());
        self.tracker.watch(id);
        self.tracker.arm(0);
        id
    }

    /// Asks the backend to stop request `id`; its update then brings the `cancelled` error. Once the
    /// page went it sends nothing: leaving stopped every request still awaited, or ended it with the
    /// farewell, which a cancel must not overtake. (A hook holding this handle was called after
    /// [`use_lab`], so its effects are torn down after the lab's.)
    pub fn cancel(&self, id: RequestId) {
        if !self.tracker.closed.get() {
            self.tracker.store.cancel(id);
        }
    }

    /// When the page goes while run `run` is still awaited, sends `request` in its place instead of
    /// cancelling it: for a run that the request ends (a presenter's membership ends when its room
    /// closes), where a cancel sent beside the request could end the run before the request acts on
    /// it. `None` cancels as any other run.
    pub fn leave_with(&self, farewell: Option<(RequestId, L)>) {
        self.tracker.farewell.replace(farewell);
    }
}

/// Lab `L`'s requests: `deliver` (the lab's reducer) gets their updates, at most one batch per
/// `every_ms` while events stream (0: as they come). Must be called inside the `WsProvider`.
#[hook]
pub fn use_lab<L>(every_ms: u32, deliver: Callback<Vec<Update<L>>>) -> LabHandle<L>
where
    L: Lab + 'static,
{
    let store = use_handle().store;
    let tracker = {
        let deliver = deliver.clone();
        use_memo((), move |()| Tracker {
            store,
            every_ms,
            deliver: RefCell::new(deliver),
            watched: RefCell::default(),
            last_ms: Cell::new(0.0),
            armed: Cell::new(false),
            farewell: RefCell::default(),
            closed: Cell::new(false),
        })
    };
    // The newest callback, so a delivery reaches the reducer as it is now.
    *tracker.deliver.borrow_mut() = deliver;
    {
        let tracker = Rc::clone(&tracker);
        use_effect_with((), move |()| move || tracker.close());
    }
    LabHandle { tracker }
}

#[cfg(test)]
mod tests {
    use shared::ratelimit::{RatelimitEvent, RatelimitReply, RatelimitRequest};
    use shared::{ClientMsg, ErrorCode, LabReply, ServerMsg};

    use super::super::state::Action;
    use super::*;

    type Updates = Rc<RefCell<Vec<Update<RatelimitRequest>>>>;

    fn tracker() -> (Rc<Tracker<RatelimitRequest>>, Updates) {
        let got: Updates = Rc::default();
        let sink = Rc::clone(&got);
        let tracker = Rc::new(Tracker {
            store: Rc::new(Store::default()),
            every_ms: 0,
            deliver: RefCell::new(Callback::from(move |updates: Vec<_>| {
                sink.borrow_mut().extend(updates);
            })),
            watched: RefCell::default(),
            last_ms: Cell::new(0.0),
            armed: Cell::new(false),
            farewell: RefCell::default(),
            closed: Cell::new(false),
        });
        (tracker, got)
    }

    fn decisions() -> LabEvent {
        LabEvent::Ratelimit(RatelimitEvent::Decisions { decisions: vec![] })
    }

    fn event(id: RequestId) -> ServerMsg {
        ServerMsg::Event {
            id,
            event: decisions(),
        }
    }

    fn reply(id: RequestId) -> ServerMsg {
        ServerMsg::Reply {
            id,
            reply: LabReply::Ratelimit(RatelimitReply::Reset { deleted: 2 }),
        }
    }

    #[test]
    fn events_reach_the_lab_once_typed_and_the_outcome_ends_the_watch() {
        let (tracker, got) = tracker();
        tracker.store.apply(Action::Sent(1));
        tracker.watch(1);

        tracker
            .store
            .apply(Action::Received(vec![event(1), event(1)]));
        tracker.pump();
        tracker.store.apply(Action::Received(vec![reply(1)]));
        tracker.store.apply(Action::Received(vec![event(1)]));

        let got = got.borrow();
        let events: Vec<usize> = got.iter().map(|u| u.events().count()).collect();
        assert_eq!(events, [2, 0], "each event once, however often woken");
        assert!(
            got[0]
                .events()
                .all(|e| *e == RatelimitEvent::Decisions { decisions: vec![] })
        );
        assert_eq!(
            got[1].outcome,
            Some(Ok(RatelimitReply::Reset { deleted: 2 }))
        );
        assert!(tracker.watched.borrow().is_empty());
    }

    #[test]
    fn failures_map_to_the_shared_failure() {
        let error = ErrorBody::new(ErrorCode::Cancelled, "cancelled");
        let cases = [
            (Outcome::Pending, None),
            (
                Outcome::Failed(error.clone()),
                Some(Err(Failure::Server(error))),
            ),
            (Outcome::Lost, Some(Err(Failure::Lost))),
            (Outcome::NotSent, Some(Err(Failure::NotSent))),
            (
                Outcome::Replied(LabReply::Ping(shared::ping::PingReply {
                    pong: "PONG".into(),
                    key: "k".into(),
                    stored: "v".into(),
                    ttl_ms: 1,
                    server_time_us: 1,
                })),
                Some(Err(Failure::Lost)),
            ),
        ];
        for (outcome, expected) in cases {
            assert_eq!(answer::<RatelimitRequest>(outcome), expected);
        }
        assert_eq!(
            Phase::ended::<()>(&Err(Failure::Lost)),
            Phase::Failed(Failure::Lost)
        );
        assert_eq!(Phase::ended(&Ok(())), Phase::Done);
    }

    #[test]
    fn a_request_sent_without_a_connection_is_handed_over_as_not_sent() {
        let (tracker, got) = tracker();
        let id = tracker.store.send(RatelimitRequest::Reset.wrap());
        tracker.watch(id);

        tracker.pump();
        tracker.pump();

        let got = got.borrow();
        assert_eq!(got.len(), 1, "delivered twice, it changes nothing");
        assert_eq!(got[0].outcome, Some(Err(Failure::NotSent)));
    }

    #[test]
    fn leaving_ends_the_farewells_run_with_its_request_and_cancels_the_rest_once() {
        let (tracker, _got) = tracker();
        let (sender, mut sent) = futures::channel::mpsc::unbounded();
        tracker.store.outbox().attach(sender);
        let handle = LabHandle {
            tracker: Rc::clone(&tracker),
        };
        let [kept, other] = [(); 2].map(|()| {
            let id = tracker.store.send(RatelimitRequest::Reset.wrap());
            tracker.watch(id);
            id
        });
        handle.leave_with(Some((kept, RatelimitRequest::Reset)));
        let mut taken = || std::iter::from_fn(|| sent.try_recv().ok()).collect::<Vec<_>>();
        assert_eq!(taken().len(), 2, "the two runs");

        tracker.close();
        handle.cancel(kept);
        handle.cancel(other);

        let left = taken();
        assert_eq!(left.len(), 2, "one message each: {left:?}");
        assert!(left.contains(&ClientMsg::Cancel { id: other }), "{left:?}");
        assert!(
            left.iter()
                .any(|msg| matches!(msg, ClientMsg::Run { id, request }
                if *id > other && *request == RatelimitRequest::Reset.wrap())),
            "the farewell, in place of the kept run's cancel: {left:?}"
        );
    }

    #[test]
    fn streaming_updates_wait_for_the_interval_and_outcomes_do_not() {
        assert_eq!(wait_ms(1_000.0, 900.0, 250, false), 150);
        assert_eq!(wait_ms(1_000.0, 700.0, 250, false), 0);
        assert_eq!(wait_ms(1_000.0, 900.0, 250, true), 0);
        assert_eq!(wait_ms(1_000.0, 999.5, 0, false), 0);
    }
}
