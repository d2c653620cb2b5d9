//! Feeds the lab's reducer from the connection: for every request the lab still awaits, the events the
//! connection stored since the last update and, once there is one, the final outcome.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::state::{Action, LabState};
use crate::ws::{News, WsHandle};

/// Shortest time between two deliveries while a run streams.
const COALESCE_MS: f64 = 250.0;

/// What the connection holds for `state`'s awaited requests that the reducer has not folded yet.
fn pending_updates(ws: &WsHandle, state: &LabState) -> Vec<News> {
    state
        .awaited
        .iter()
        .filter_map(|awaited| ws.news(awaited.id, awaited.events_seen))
        .collect()
}

/// Dispatches the updates after a render that found some, at most once per [`COALESCE_MS`] while a run
/// streams: a replay sends an event every few milliseconds, and redrawing the lanes for each would
/// spend the browser's time on frames nobody sees. Final outcomes go through at once.
///
/// Undelivered events are not lost: the next render finds them again (the reducer has not counted
/// them as seen), so the timer always carries everything that arrived.
#[hook]
pub fn use_updates(ws: &WsHandle, state: &UseReducerHandle<LabState>) {
    let updates = pending_updates(ws, state);
    let dispatcher = state.dispatcher();
    let last_ms = use_mut_ref(|| 0.0_f64);
    use_effect_with(updates, move |updates| {
        let mut timer = None;
        if !updates.is_empty() {
            let last_ms = last_ms.clone();
            let updates = updates.clone();
            let finished = updates.iter().any(|u| u.outcome.is_some());
            let wait_ms = COALESCE_MS - (js_sys::Date::now() - *last_ms.borrow());
            let deliver = move || {
                *last_ms.borrow_mut() = js_sys::Date::now();
                dispatcher.dispatch(Action::Updates(updates));
            };
            if finished || wait_ms <= 0.0 {
                deliver();
            } else {
                timer = Some(Timeout::new(wait_ms as u32, deliver));
            }
        }
        // A newer render brings newer updates and arms its own timer.
        move || drop(timer)
    });
}
