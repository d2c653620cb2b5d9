//! Feeds the lab's reducer from the connection: the run's events stored since the last update and,
//! once there is one, its final outcome.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::state::{Action, LabState};
use crate::ws::{News, WsHandle};

/// Shortest time between two deliveries while a run streams: the backend flushes every 50 ms and the
/// lock key is read every 100 ms, and redrawing every lane for each batch would spend the browser's
/// time on frames nobody sees.
const COALESCE_MS: f64 = 150.0;

/// What the connection holds for the running run that the reducer has not folded yet.
fn pending_update(ws: &WsHandle, state: &LabState) -> Option<News> {
    ws.news(state.running()?, state.events_seen)
}

/// Dispatches the pending update after a render that found one, at most once per [`COALESCE_MS`]; the
/// final outcome goes through at once. Events not yet delivered are found again by the next render.
#[hook]
pub fn use_updates(ws: &WsHandle, state: &UseReducerHandle<LabState>) {
    let update = pending_update(ws, state);
    let dispatcher = state.dispatcher();
    let last_ms = use_mut_ref(|| 0.0_f64);
    use_effect_with(update, move |update| {
        let mut timer = None;
        if let Some(update) = update.clone() {
            let wait_ms = COALESCE_MS - (js_sys::Date::now() - *last_ms.borrow());
            let finished = update.outcome.is_some();
            let deliver = move || {
                *last_ms.borrow_mut() = js_sys::Date::now();
                dispatcher.dispatch(Action::News(update));
            };
            if finished || wait_ms <= 0.0 {
                deliver();
            } else {
                timer = Some(Timeout::new(wait_ms as u32, deliver));
            }
        }
        // A newer render brings a newer update and arms its own timer.
        move || drop(timer)
    });
}
