//! [`use_hub`] keeps one hub running for the current configuration.

use shared::pubsub::PubsubRequest;
use yew::prelude::*;

use super::requests::Problem;
use super::state::{Action, LabState};
use crate::ws::{LabHandle, Status, WsHandle};

/// Starts a hub for the configuration on entering the page and whenever the configuration, the
/// requested epoch or the connection changes; cancels the old one first, and the last one on leaving.
#[hook]
pub fn use_hub(
    ws: &WsHandle,
    requests: &LabHandle<PubsubRequest>,
    state: &UseReducerHandle<LabState>,
) {
    let connected = ws.status() == Status::Connected;
    let session = ws.session().map(|s| s.id);
    let deps = (state.config.clone(), state.epoch, connected, session);
    let (requests, dispatcher) = (requests.clone(), state.dispatcher());
    use_effect_with(deps, move |(config, _, connected, _)| {
        let mut started = None;
        if *connected {
            match config.start() {
                Ok(request) => {
                    let id = requests.send(request);
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
                requests.cancel(id);
            }
        }
    });
}
