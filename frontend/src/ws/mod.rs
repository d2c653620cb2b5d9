//! The connection to the backend: a context provider that owns the WebSocket, and `use_ws()`.
//!
//! Components see [`WsHandle`]: the connection status, the session, Redis's health, the trace,
//! `send(LabRequest) -> RequestId`, `cancel(id)`, and the events and outcome of each id. They never see
//! a frame or JSON.
//!
//! - `state`: the reducer holding everything the server said.
//! - `status`: the connection state shown in the header.
//! - `connection`: the socket loop, backoff and encoding.

mod connection;
mod state;
mod status;

pub use state::{Outcome, ReloadHint, SharedEvent};
pub use status::Status;

use std::rc::Rc;

use futures::future::abortable;
use shared::{ClientMsg, ErrorBody, LabRequest, RedisHealth, RequestId, SessionInfo};
use yew::prelude::*;

use crate::trace_log::TraceLog;
use connection::{Outbox, run, socket_url};
use state::{Action, WsState};

/// What components get from [`use_ws`]. Cheap to clone; equal while nothing changed.
#[derive(Clone)]
pub struct WsHandle {
    state: UseReducerHandle<WsState>,
    outbox: Rc<Outbox>,
}

impl PartialEq for WsHandle {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && Rc::ptr_eq(&self.outbox, &other.outbox)
    }
}

impl WsHandle {
    /// Sends `request` to the backend and returns the id its reply, errors and trace will carry.
    ///
    /// Without a connection nothing is sent and the id's outcome is [`Outcome::NotSent`].
    pub fn send(&self, request: LabRequest) -> RequestId {
        let id = self.outbox.next_id();
        let sent = self.outbox.send(ClientMsg::Run { id, request });
        self.state.dispatch(if sent {
            Action::Sent(id)
        } else {
            Action::NotSent(id)
        });
        id
    }

    /// The connection state.
    pub fn status(&self) -> Status {
        self.state.status
    }

    /// The current session, once the server said hello.
    pub fn session(&self) -> Option<&SessionInfo> {
        self.state.session.as_ref()
    }

    /// Redis's health as the backend last reported it; `None` while not connected.
    pub fn redis(&self) -> Option<&RedisHealth> {
        self.state.redis.as_ref()
    }

    /// Set when the page should be reloaded to match the server.
    pub fn reload_hint(&self) -> Option<ReloadHint> {
        self.state.reload
    }

    /// The last server error that named none of our requests.
    pub fn stray_error(&self) -> Option<&ErrorBody> {
        self.state.stray_error.as_ref()
    }

    /// Where request `id` stands; `None` for an id this page did not send (or forgot).
    pub fn outcome(&self, id: RequestId) -> Option<&Outcome> {
        self.state.outcomes.get(&id)
    }

    /// Asks the backend to stop request `id`; it answers with a `cancelled` error for that id.
    ///
    /// Without a connection there is nothing to stop: the run ended with the connection.
    pub fn cancel(&self, id: RequestId) {
        self.outbox.send(ClientMsg::Cancel { id });
    }

    /// What request `id` reported after the first `seen` of its events, or `None` when nothing is new.
    /// A request the connection no longer knows has no answer coming: its news is `Outcome::Lost`.
    /// Events counts are from the request's first event, consumed ones included.
    pub fn news(&self, id: RequestId, seen: usize) -> Option<News> {
        let (base, events) = self.state.events_after_consumed(id);
        let skip = seen.saturating_sub(base).min(events.len());
        let outcome = match self.outcome(id) {
            Some(Outcome::Pending) => None,
            Some(outcome) => Some(outcome.clone()),
            None => Some(Outcome::Lost),
        };
        (skip < events.len() || outcome.is_some()).then(|| News {
            id,
            from: base + skip,
            events: events[skip..].to_vec(),
            outcome,
        })
    }

    /// The progress events request `id` reported so far and not consumed, oldest first.
    pub fn events(&self, id: RequestId) -> &[SharedEvent] {
        self.state.events_after_consumed(id).1
    }

    /// How many of request `id`'s first events were consumed (see [`WsHandle::consume`]).
    pub fn consumed(&self, id: RequestId) -> usize {
        self.state.events_after_consumed(id).0
    }

    /// Tells the connection that the lab folded request `id`'s first `upto` events into its own
    /// state: they are forgotten, so a request running for hours does not keep them all. Only for
    /// a lab that reads its events through [`WsHandle::news`].
    pub fn consume(&self, id: RequestId, upto: usize) {
        self.state.dispatch(Action::Consume { id, upto });
    }

    /// The command trace.
    pub fn trace(&self) -> &TraceLog {
        &self.state.trace
    }

    /// Empties the trace panel.
    pub fn clear_trace(&self) {
        self.state.dispatch(Action::ClearTrace);
    }

    /// Hides the stray-error notice.
    pub fn dismiss_error(&self) {
        self.state.dispatch(Action::DismissError);
    }
}

/// Props of [`WsProvider`].
#[derive(Properties, PartialEq)]
pub struct WsProviderProps {
    /// The app, which reaches the connection with [`use_ws`].
    #[prop_or_default]
    pub children: Html,
}

/// What arrived for one request since a lab last looked, handed to the lab's reducer.
#[derive(Debug, Clone, PartialEq)]
pub struct News {
    /// The request.
    pub id: RequestId,
    /// Position of `events[0]` among the request's events, so news delivered twice changes nothing.
    pub from: usize,
    /// Events from `from` on.
    pub events: Vec<SharedEvent>,
    /// Its final outcome, once it has one.
    pub outcome: Option<Outcome>,
}

/// Opens the WebSocket on the page's origin, keeps it open, and shares it with everything inside.
#[component]
pub fn WsProvider(props: &WsProviderProps) -> Html {
    let state = use_reducer(WsState::default);
    let outbox = use_memo((), |()| Outbox::default());

    {
        let dispatch = state.dispatcher();
        let outbox = Rc::clone(&outbox);
        use_effect_with((), move |()| {
            let location = gloo::utils::window().location();
            let url = socket_url(
                &location.protocol().unwrap_or_default(),
                &location.host().unwrap_or_default(),
                &location.search().unwrap_or_default(),
            );
            let (task, stop) = abortable(async move { run(url, dispatch, &outbox).await });
            wasm_bindgen_futures::spawn_local(async move {
                // `Err(Aborted)` is the normal end when the provider unmounts.
                let _ = task.await;
            });
            move || stop.abort()
        });
    }

    let handle = WsHandle { state, outbox };
    html! {
        <ContextProvider<WsHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<WsHandle>>
    }
}

/// The connection; must be called inside [`WsProvider`].
#[hook]
pub fn use_ws() -> WsHandle {
    use_context::<WsHandle>().expect("WsProvider wraps the whole app")
}
