//! Runs a demo's script: after each render, when the reducer says the last step is over, starts the
//! next one (sends its request, or arms its pause) and tells the reducer what it now waits for.
//! Sending lives here, not in the reducer, because a reducer must not do I/O.

use gloo::timers::callback::Timeout;
use shared::pubsub::PubsubRequest;
use yew::prelude::*;

use super::demos::{SHARDED_MESSAGES, SLOW_MESSAGE_BYTES, Step};
use super::requests::{Kind, Problem, Sent};
use super::state::{Action, LabState, Wait};
use crate::ws::LabHandle;

/// What starting a step asks of the page.
enum Start {
    /// Send this request; the step waits for its answer.
    Send(PubsubRequest, Kind),
    /// Start a fresh hub with this configuration; the step waits for it to run.
    Configure(super::config::Config),
    /// Wait this long.
    Pause(u32),
}

/// What `step` does, given the running hub (steering steps need one).
fn start(step: &Step, hub: Option<shared::RequestId>) -> Option<Start> {
    let steer = |make: &dyn Fn(shared::RequestId) -> PubsubRequest, kind| {
        hub.map(|hub| Start::Send(make(hub), kind))
    };
    match step {
        Step::Configure(config) => Some(Start::Configure(config.clone())),
        Step::Publish {
            channel,
            message,
            count,
        } => steer(
            &|hub| PubsubRequest::Publish {
                hub,
                channel: channel.clone(),
                message: message.clone(),
                count: *count,
            },
            Kind::Publish,
        ),
        Step::Disconnect(subscriber) => steer(
            &|hub| PubsubRequest::Disconnect {
                hub,
                subscriber: *subscriber,
            },
            Kind::Disconnect,
        ),
        Step::Reconnect(subscriber) => steer(
            &|hub| PubsubRequest::Reconnect {
                hub,
                subscriber: *subscriber,
            },
            Kind::Reconnect,
        ),
        Step::Pause(ms) => Some(Start::Pause(*ms)),
        Step::Slow => Some(Start::Send(
            PubsubRequest::SlowSubscriber {
                message_bytes: SLOW_MESSAGE_BYTES,
            },
            Kind::Slow,
        )),
        Step::Sharded => Some(Start::Send(
            PubsubRequest::Sharded {
                messages: SHARDED_MESSAGES,
            },
            Kind::Sharded,
        )),
    }
}

/// Advances the script of `state` after every render.
#[hook]
pub fn use_script(requests: &LabHandle<PubsubRequest>, state: &UseReducerHandle<LabState>) {
    // The serial of the step last started: effects run after every render, and the reducer may not
    // have applied `Began` yet when the next one runs.
    let started = use_mut_ref(|| None::<u64>);
    let timer = use_mut_ref(|| None::<Timeout>);
    let (requests, state) = (requests.clone(), state.clone());
    use_effect(move || {
        let ready = state.wait == Wait::Ready && *started.borrow() != Some(state.serial);
        if let Some(step) = state.script.front().filter(|_| ready) {
            *started.borrow_mut() = Some(state.serial);
            let hub = state.hub.as_ref().filter(|h| !h.ended).map(|h| h.id);
            match start(step, hub) {
                Some(Start::Configure(config)) => {
                    state.dispatch(Action::Configure { config, demo: true });
                    state.dispatch(Action::Began {
                        wait: Wait::Hub,
                        sent: None,
                    });
                }
                Some(Start::Send(request, kind)) => {
                    let id = requests.send(request);
                    let sent = Some(Sent { id, kind });
                    let wait = Wait::Reply(id);
                    state.dispatch(Action::Began { wait, sent });
                }
                Some(Start::Pause(ms)) => {
                    // `Began` bumps the serial; the timer names the step it belongs to.
                    let serial = state.serial + 1;
                    let dispatcher = state.dispatcher();
                    let pause =
                        Timeout::new(ms, move || dispatcher.dispatch(Action::Waited(serial)));
                    *timer.borrow_mut() = Some(pause);
                    state.dispatch(Action::Began {
                        wait: Wait::Timer,
                        sent: None,
                    });
                }
                // A steering step with no hub running: the hub ended under the script.
                None => state.dispatch(Action::Refused(Problem::HubGone)),
            }
        }
    });
}
