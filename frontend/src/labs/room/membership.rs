//! [`use_membership`] keeps the asked-for membership running, and leaves the room when the page goes.

use shared::room::RoomRequest;
use yew::prelude::*;

use super::state::{Action, Problem, RoomState, Start};
use crate::ws::{LabHandle, Status, WsHandle};

/// Whether `start` is sent (again) for `epoch` once connected, `sent` being the epoch it was last sent
/// for. A participant rejoins after a reconnect; a presenter does not reopen on its own: a new `open`
/// would be a new room with a new code while the participants wait in the old one. Only a retry (a new
/// epoch) opens again.
pub fn sends(start: &Start, epoch: u32, sent: Option<u32>) -> bool {
    !matches!(start, Start::Open(_)) || sent != Some(epoch)
}

/// Sends the membership's `open` or `join` once connected, a `join` again after a reconnect, either
/// after a retry, and cancels it (leaving the room) when the page unmounts or asks for another.
#[hook]
pub fn use_membership(
    ws: &WsHandle,
    requests: &LabHandle<RoomRequest>,
    state: &UseReducerHandle<RoomState>,
) {
    let connected = ws.status() == Status::Connected;
    let session = ws.session().map(|s| s.id);
    let deps = (state.start.clone(), state.epoch, connected, session);
    let (requests, dispatcher) = (requests.clone(), state.dispatcher());
    let sent = use_mut_ref(|| None::<u32>);
    use_effect_with(deps, move |(start, epoch, connected, _)| {
        let mut started = None;
        let again = |start: &&Start| *connected && sends(start, *epoch, *sent.borrow());
        if let Some(start) = start.as_ref().filter(again) {
            let request = start.request();
            match request.validate() {
                Ok(()) => {
                    let id = requests.send(request);
                    *sent.borrow_mut() = Some(*epoch);
                    started = Some(id);
                    dispatcher.dispatch(Action::Started(id));
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

#[cfg(test)]
mod tests {
    use shared::room::RoomSettings;

    use super::*;

    #[test]
    fn a_presenter_reopens_only_on_a_retry_and_a_participant_rejoins() {
        let open = Start::Open(RoomSettings::default());
        assert!(sends(&open, 0, None));
        assert!(
            !sends(&open, 0, Some(0)),
            "a reconnect must not open a new room"
        );
        assert!(sends(&open, 1, Some(0)), "a retry opens a new room");
        let join = Start::Join {
            code: "ABCDEF".into(),
            name: String::new(),
        };
        assert!(sends(&join, 0, Some(0)));
    }
}
