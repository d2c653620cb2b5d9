//! The connection's state in one shared place, and who to wake when part of it changes.
//!
//! The provider's context holds this store behind an `Rc` that never changes, so a server frame
//! re-renders nobody by itself. Components subscribe to a [`Topic`]: the header to the link, the
//! trace panel to the trace, a lab to the requests it sent. Applying an [`Action`] wakes only the
//! subscribers of what it changed.

use std::cell::{Cell, Ref, RefCell};
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

use shared::{ClientMsg, LabRequest, RequestId};

use super::outbox::Outbox;
use super::state::{Action, Changes, Taken, WsState};

/// A part of the state that components can watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    /// Status, session, Redis health, the reload hint and the stray error.
    Link,
    /// The command trace.
    Trace,
    /// One request's events and outcome.
    Request(RequestId),
}

/// What a subscriber runs when its topic changed.
type Listener = Rc<dyn Fn()>;

/// The state, the way out, and the subscribers.
#[derive(Default)]
pub struct Store {
    state: RefCell<WsState>,
    outbox: Outbox,
    listeners: RefCell<BTreeMap<Topic, BTreeMap<u64, Listener>>>,
    next_key: Cell<u64>,
}

/// A subscription; dropping it unsubscribes.
pub struct Subscription {
    store: Weak<Store>,
    topic: Topic,
    key: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let Some(store) = self.store.upgrade() else {
            return;
        };
        let mut listeners = store.listeners.borrow_mut();
        if let Some(topic) = listeners.get_mut(&self.topic) {
            topic.remove(&self.key);
            if topic.is_empty() {
                listeners.remove(&self.topic);
            }
        }
    }
}

impl Store {
    /// Applies `action`, then wakes the subscribers of what it changed.
    ///
    /// No borrow is held while they run: a subscriber may re-render at once, read the state, send.
    pub fn apply(&self, action: Action) {
        let changes = self.state.borrow_mut().apply(action);
        self.notify(&changes);
    }

    fn notify(&self, changes: &Changes) {
        let topics = changes
            .link
            .then_some(Topic::Link)
            .into_iter()
            .chain(changes.trace.then_some(Topic::Trace))
            .chain(changes.requests.iter().map(|&id| Topic::Request(id)));
        let woken: Vec<Listener> = {
            let listeners = self.listeners.borrow();
            topics
                .filter_map(|topic| listeners.get(&topic))
                .flat_map(|topic| topic.values().cloned())
                .collect()
        };
        woken.iter().for_each(|listener| listener());
    }

    /// Calls `listener` whenever `topic` changes, until the returned subscription is dropped.
    pub fn subscribe(self: &Rc<Self>, topic: Topic, listener: Listener) -> Subscription {
        let key = self.next_key.get();
        self.next_key.set(key + 1);
        self.listeners
            .borrow_mut()
            .entry(topic)
            .or_default()
            .insert(key, listener);
        Subscription {
            store: Rc::downgrade(self),
            topic,
            key,
        }
    }

    /// The state as it is now.
    pub fn state(&self) -> Ref<'_, WsState> {
        self.state.borrow()
    }

    /// The socket's side of the store, for the connection loop.
    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// Sends `request` and returns the id its reply, errors and trace will carry. Without a
    /// connection nothing is sent and the request ends at once as not sent.
    pub fn send(&self, request: LabRequest) -> RequestId {
        let id = self.outbox.next_id();
        let sent = self.outbox.send(ClientMsg::Run { id, request });
        self.apply(if sent {
            Action::Sent(id)
        } else {
            Action::NotSent(id)
        });
        id
    }

    /// Asks the backend to stop request `id`; it answers with a `cancelled` error for that id.
    /// Without a connection there is nothing to stop: the run ended with the connection.
    pub fn cancel(&self, id: RequestId) {
        self.outbox.send(ClientMsg::Cancel { id });
    }

    /// What request `id` reported since the last take (see [`WsState::take`]).
    pub fn take(&self, id: RequestId) -> Option<Taken> {
        self.state.borrow_mut().take(id)
    }
}

#[cfg(test)]
mod tests {
    use shared::ping::PingRequest;
    use shared::{Lab, ServerMsg};

    use super::super::state::Outcome;
    use super::*;

    fn counter(store: &Rc<Store>, topic: Topic) -> (Rc<Cell<u32>>, Subscription) {
        let count = Rc::new(Cell::new(0));
        let seen = Rc::clone(&count);
        let subscription = store.subscribe(topic, Rc::new(move || seen.set(seen.get() + 1)));
        (count, subscription)
    }

    #[test]
    fn a_change_wakes_only_its_subscribers_until_they_unsubscribe() {
        let store = Rc::new(Store::default());
        let (link, _link) = counter(&store, Topic::Link);
        let (trace, _trace) = counter(&store, Topic::Trace);
        let (one, one_subscription) = counter(&store, Topic::Request(1));
        let (two, _two) = counter(&store, Topic::Request(2));

        store.apply(Action::Received(vec![ServerMsg::Dropped { traces: 3 }]));
        store.apply(Action::NotSent(1));

        assert_eq!(
            (link.get(), trace.get(), one.get(), two.get()),
            (0, 1, 1, 0)
        );

        drop(one_subscription);
        store.apply(Action::Sent(1));
        store.apply(Action::Disconnected {
            retry_in_ms: 500,
            online: true,
        });

        assert_eq!((link.get(), one.get()), (1, 1));
        assert!(store.listeners.borrow().get(&Topic::Request(1)).is_none());
    }

    #[test]
    fn sending_without_a_connection_ends_the_request_as_not_sent() {
        let store = Rc::new(Store::default());
        let id = store.send(PingRequest { text: "hi".into() }.wrap());
        let taken = store.take(id).expect("an outcome");
        assert_eq!(taken.outcome, Some(Outcome::NotSent));
    }
}
