//! The hooks that connect the lab's reducer to the connection: news for the requests it awaits, the
//! guided demo's next step, and the heat strip's readings (after every action, and on a slow timer while
//! keys are about to expire).

use gloo::timers::callback::Interval;
use shared::LabRequest;
use yew::prelude::*;

use super::state::{Action, CacheState, Kind};
use super::strip;
use crate::ws::{News, Status, WsHandle};

/// How often the strip is read while the page is visible, so expiring keys are seen to go.
const STRIP_EVERY_MS: u32 = 10_000;

/// What the connection holds for `state`'s awaited requests that the reducer has not folded yet.
fn pending_updates(ws: &WsHandle, state: &CacheState) -> Vec<News> {
    state
        .awaited
        .iter()
        .filter_map(|awaited| ws.news(awaited.id, awaited.events_seen))
        .collect()
}

/// Hands the reducer what arrived for its requests, after each render that found some. Progress comes
/// a few times a second, so unlike the rate-limit lab's stream nothing needs coalescing.
#[hook]
pub fn use_updates(ws: &WsHandle, state: &UseReducerHandle<CacheState>) {
    let updates = pending_updates(ws, state);
    let dispatcher = state.dispatcher();
    use_effect_with(updates, move |updates| {
        if !updates.is_empty() {
            dispatcher.dispatch(Action::Updates(updates.clone()));
        }
    });
}

/// Sends the guided demo's next step once the previous one answered.
#[hook]
pub fn use_demo(ws: &WsHandle, state: &UseReducerHandle<CacheState>) {
    let due = state.demo_due();
    let zrange_rev = state.settings.zrange_rev;
    let (ws, dispatcher) = (ws.clone(), state.dispatcher());
    use_effect_with(due, move |due| {
        if let Some(step) = *due {
            let id = ws.send(LabRequest::Cache(step.request(zrange_rev)));
            dispatcher.dispatch(Action::Sent {
                id,
                kind: step.kind(),
                demo: true,
            });
        }
    });
}

/// Reads the strip whenever the reducer asks (after every action, and when the connection opens), and
/// every [`STRIP_EVERY_MS`] while the tab is visible and a key is near its end. A reading may overlap one
/// still in flight: it is cheap, and skipping it could leave the strip showing the state before the last
/// action.
#[hook]
pub fn use_strip(ws: &WsHandle, state: &UseReducerHandle<CacheState>) {
    let connected = ws.status() == Status::Connected;
    let wanted = (state.strip_wanted, connected);
    let (ws, dispatcher) = (ws.clone(), state.dispatcher());
    use_effect_with(wanted, move |&(_, connected)| {
        if connected {
            let id = ws.send(LabRequest::Cache(strip::request()));
            dispatcher.dispatch(Action::Sent {
                id,
                kind: Kind::Inspect,
                demo: false,
            });
        }
    });

    let watching = state.strip.as_deref().is_some_and(strip::watching);
    let dispatcher = state.dispatcher();
    use_effect_with(watching, move |&watching| {
        let interval = watching.then(|| {
            Interval::new(STRIP_EVERY_MS, move || {
                if !gloo::utils::document().hidden() {
                    dispatcher.dispatch(Action::RefreshStrip);
                }
            })
        });
        move || drop(interval)
    });
}
