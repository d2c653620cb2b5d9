//! The connection to the backend: a context provider that owns the WebSocket, and the hooks that
//! reach it.
//!
//! The context is one [`WsHandle`] that never changes, so a server frame re-renders nobody by itself.
//! Each hook subscribes to the part it shows: [`use_ws`] to the link (status, session, Redis's health,
//! notices), [`use_trace`] to the command trace, and a lab's [`use_lab`] to the requests it sent, whose
//! typed events and outcome it hands to the lab's reducer. Components never see a frame or JSON.
//!
//! - `state`: what the server said, and what each change touched.
//! - `store`: the state shared behind the handle, and the subscriptions.
//! - `lifecycle`: one request's life as a lab sees it: [`use_lab`], [`Update`], [`Failure`], [`Phase`].
//! - `status`: the connection state shown in the header.
//! - `connection`: the socket loop, backoff and encoding; `outbox`: request ids and the way out.

mod connection;
mod lifecycle;
mod outbox;
mod state;
mod status;
mod store;

pub use lifecycle::{Failure, LabHandle, Phase, Update, use_lab};
pub use state::{ReloadHint, SharedEvent};
pub use status::Status;

use std::cell::Ref;
use std::rc::Rc;

use futures::future::abortable;
use shared::{ErrorBody, RedisHealth, RequestId, SessionInfo};
use yew::prelude::*;

use crate::trace_log::TraceLog;
use connection::{run, socket_url};
use state::Action;
use store::{Store, Topic};

/// The connection, as components reach it: one store behind an `Rc` for the page's whole life, so
/// handles are always equal and reading one always gives the state as it is now.
#[derive(Clone)]
pub struct WsHandle {
    store: Rc<Store>,
}

impl PartialEq for WsHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.store, &other.store)
    }
}

impl WsHandle {
    /// The connection state.
    pub fn status(&self) -> Status {
        self.store.state().status
    }

    /// The current session, once the server said hello.
    pub fn session(&self) -> Option<SessionInfo> {
        self.store.state().session.clone()
    }

    /// Redis's health as the backend last reported it; `None` while not connected.
    pub fn redis(&self) -> Option<RedisHealth> {
        self.store.state().redis.clone()
    }

    /// Set when the page should be reloaded to match the server.
    pub fn reload_hint(&self) -> Option<ReloadHint> {
        self.store.state().reload
    }

    /// The last server error that named none of our requests.
    pub fn stray_error(&self) -> Option<ErrorBody> {
        self.store.state().stray_error.clone()
    }

    /// Asks the backend to stop request `id`; it answers with a `cancelled` error for that id.
    pub fn cancel(&self, id: RequestId) {
        self.store.cancel(id);
    }

    /// The command trace. Read it while rendering; do not hold it across a callback.
    pub fn trace(&self) -> Ref<'_, TraceLog> {
        Ref::map(self.store.state(), |state| &state.trace)
    }

    /// Empties the trace panel.
    pub fn clear_trace(&self) {
        self.store.apply(Action::ClearTrace);
    }

    /// Hides the stray-error notice.
    pub fn dismiss_error(&self) {
        self.store.apply(Action::DismissError);
    }
}

/// Props of [`WsProvider`].
#[derive(Properties, PartialEq)]
pub struct WsProviderProps {
    /// The app, which reaches the connection with [`use_ws`].
    #[prop_or_default]
    pub children: Html,
}

/// Opens the WebSocket on the page's origin, keeps it open, and shares it with everything inside.
#[component]
pub fn WsProvider(props: &WsProviderProps) -> Html {
    let store = use_memo((), |()| Store::default());

    {
        let store = Rc::clone(&store);
        use_effect_with((), move |()| {
            let location = gloo::utils::window().location();
            let url = socket_url(
                &location.protocol().unwrap_or_default(),
                &location.host().unwrap_or_default(),
                &location.search().unwrap_or_default(),
            );
            let (task, stop) = abortable(async move { run(url, &store).await });
            wasm_bindgen_futures::spawn_local(async move {
                // `Err(Aborted)` is the normal end when the provider unmounts.
                let _ = task.await;
            });
            move || stop.abort()
        });
    }

    let handle = WsHandle { store };
    html! {
        <ContextProvider<WsHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<WsHandle>>
    }
}

/// The provider's handle, without subscribing to anything.
#[hook]
fn use_handle() -> WsHandle {
    use_context::<WsHandle>().expect("WsProvider wraps the whole app")
}

/// Re-renders the calling component whenever `topic` changes.
#[hook]
fn use_topic(handle: &WsHandle, topic: Topic) {
    let update = use_force_update();
    let store = Rc::clone(&handle.store);
    use_effect_with(topic, move |&topic| {
        let subscription = store.subscribe(topic, Rc::new(move || update.force_update()));
        move || drop(subscription)
    });
}

/// The connection, re-rendering the caller when its status, session, Redis's health or notices
/// change; must be called inside [`WsProvider`].
#[hook]
pub fn use_ws() -> WsHandle {
    let handle = use_handle();
    use_topic(&handle, Topic::Link);
    handle
}

/// The connection, re-rendering the caller when the command trace changes.
#[hook]
pub fn use_trace() -> WsHandle {
    let handle = use_handle();
    use_topic(&handle, Topic::Trace);
    handle
}
