//! The hooks that send on the lab's behalf: the guided demo's next step, and the heat strip's readings
//! (after every action, and on a slow timer while keys are about to expire).

use gloo::timers::callback::Interval;
use shared::cache::CacheRequest;
use yew::prelude::*;

use super::kind::Kind;
use super::state::{Action, CacheState};
use super::strip;
use crate::ws::LabHandle;

/// How often the strip is read while the page is visible, so expiring keys are seen to go.
const STRIP_EVERY_MS: u32 = 10_000;

/// Sends the guided demo's next step once the previous one answered.
#[hook]
pub fn use_demo(requests: &LabHandle<CacheRequest>, state: &UseReducerHandle<CacheState>) {
    let due = state.demo_due();
    let zrange_rev = state.settings.zrange_rev;
    let (requests, dispatcher) = (requests.clone(), state.dispatcher());
    use_effect_with(due, move |due| {
        if let Some(step) = *due {
            let id = requests.send(step.request(zrange_rev));
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
pub fn use_strip(
    requests: &LabHandle<CacheRequest>,
    connected: bool,
    state: &UseReducerHandle<CacheState>,
) {
    let wanted = (state.strip_wanted, connected);
    let (requests, dispatcher) = (requests.clone(), state.dispatcher());
    use_effect_with(wanted, move |&(_, connected)| {
        if connected {
            let id = requests.send(strip::request());
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
