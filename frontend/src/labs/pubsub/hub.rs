//! The hooks between the connection and the reducer: [`use_hub`] keeps one hub running for the current
//! configuration, and [`use_updates`] feeds the reducer what the connection stored for it.

use gloo::timers::callback::Timeout;
use shared::LabRequest;
use yew::prelude::*;

use super::requests::{Failure, Problem, Update};
use super::state::{Action, LabState};
use crate::ws::{Outcome, Status, WsHandle};

/// Shortest time between two updates while messages stream: the animation's frame of coalescing.
const COALESCE_MS: f64 = 100.0;

/// Starts a hub for the configuration on entering the page and whenever the configuration, the
/// requested epoch or the connection changes; cancels the old one first, and the last one on leaving.
#[hook]
pub fn use_hub(ws: &WsHandle, state: &UseReducerHandle<LabState>) {
    let connected = ws.status() == Status::Connected;
    let session = ws.session().map(|s| s.id.clone());
    let deps = (state.config.clone(), state.epoch, connected, session);
    let (ws, dispatcher) = (ws.clone(), state.dispatcher());
    use_effect_with(deps, move |(config, _, connected, _)| {
        let mut started = None;
        if *connected {
            match config.start() {
                Ok(request) => {
                    let id = ws.send(LabRequest::Pubsub(request));
                    started = Some(id);
                    dispatcher.dispatch(Action::HubStarted {
                        id,
                        subscriptions: config.subscriptions(),
                        streams: config.streams,
                    });
                }
                Err(range) => dispatcher.dispatch(Action::Refused(Problem::Range(range))),
            }
        }
        move || {
            if let Some(id) = started {
                ws.cancel(id);
            }
        }
    });
}

/// The answer the reducer sees for a request the connection holds (or forgot).
fn answer(outcome: Option<&Outcome>) -> Option<Result<shared::LabReply, Failure>> {
    match outcome? {
        Outcome::Pending => None,
        Outcome::Replied(reply) => Some(Ok(reply.clone())),
        Outcome::Failed(error) => Some(Err(Failure::Server(error.clone()))),
        Outcome::Lost => Some(Err(Failure::Lost)),
        Outcome::NotSent => Some(Err(Failure::NotSent)),
    }
}

/// What the connection holds for the hub and the awaited requests that the reducer has not folded.
fn pending_updates(ws: &WsHandle, state: &LabState) -> Vec<Update> {
    let hub = state.hub.iter().filter(|hub| hub.failed.is_none());
    let watched = hub
        .map(|hub| (hub.id, hub.events_seen))
        .chain(state.awaited.iter().map(|sent| (sent.id, 0)));
    watched
        .filter_map(|(id, seen)| {
            let events = ws.events(id);
            let from = seen.min(events.len());
            let outcome = match ws.outcome(id) {
                None => Some(Err(Failure::Forgotten)),
                known => answer(known),
            };
            (from < events.len() || outcome.is_some()).then(|| Update {
                id,
                from,
                events: events[from..].to_vec(),
                outcome,
            })
        })
        .collect()
}

/// Dispatches the updates after a render that found some, at most once per [`COALESCE_MS`] while
/// messages stream; answers go through at once. Events not yet dispatched are found again by the next
/// render, because the reducer has not counted them, so nothing is lost by waiting.
#[hook]
pub fn use_updates(ws: &WsHandle, state: &UseReducerHandle<LabState>) {
    let updates = pending_updates(ws, state);
    let dispatcher = state.dispatcher();
    let last_ms = use_mut_ref(|| 0.0_f64);
    use_effect_with(updates, move |updates| {
        let mut timer = None;
        if !updates.is_empty() {
            let updates = updates.clone();
            let answered = updates.iter().any(|u| u.outcome.is_some());
            let wait_ms = COALESCE_MS - (js_sys::Date::now() - *last_ms.borrow());
            let deliver = move || {
                let now_ms = js_sys::Date::now();
                *last_ms.borrow_mut() = now_ms;
                dispatcher.dispatch(Action::Updates { updates, now_ms });
            };
            if answered || wait_ms <= 0.0 {
                deliver();
            } else {
                timer = Some(Timeout::new(wait_ms as u32, deliver));
            }
        }
        // A newer render brings newer updates and arms its own timer.
        move || drop(timer)
    });
}
