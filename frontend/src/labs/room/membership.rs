//! [`use_membership`] keeps the asked-for membership running, and leaves the room when the page goes.

use shared::room::RoomRequest;
use yew::prelude::*;

use super::state::{Action, Problem, RoomState, Start};
use crate::ws::{LabHandle, Status, WsHandle};

/// Whether `start` is sent (again) for `epoch` once connected, `sent` being the epoch it was last sent
/// for. A participant rejoins after a reconnect; a presenter takes its room back after a reconnect when
/// it holds the room's secret (`reclaimable`), and never reopens on its own: a new `open` would be a new
/// room with a new code while the participants wait in the old one. Only a retry (a new epoch) opens
/// again.
pub fn sends(start: &Start, epoch: u32, sent: Option<u32>, reclaimable: bool) -> bool {
    !matches!(start, Start::Open(_)) || sent != Some(epoch) || reclaimable
}

/// Sends the membership's `open` or `join` once connected, a `join` (or a presenter's `reclaim`) again
/// after a reconnect, either after a retry, and cancels it when the page unmounts or asks for another.
/// A presenter leaving the page closes its room for everyone; its dropped connection does not.
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
    // Read when the effect runs, not a dependency: the secret arriving must not restart the membership.
    let reclaim = use_mut_ref(|| None);
    reclaim.borrow_mut().clone_from(&state.reclaim);
    close_on_leaving(&requests, state);
    use_effect_with(deps, move |(start, epoch, connected, _)| {
        let mut started = None;
        let reclaim = reclaim.borrow().clone();
        let again =
            |start: &&Start| *connected && sends(start, *epoch, *sent.borrow(), reclaim.is_some());
        if let Some(start) = start.as_ref().filter(again) {
            let request = start.request(reclaim.as_ref());
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

/// While this browser presents an open room, leaving the page closes it for everyone: the close is
/// sent in place of the membership's cancel, and the membership ends when the room does. A cancel
/// sent beside the close could end the membership before the close names it, and the room would then
/// wait out its grace with its presenter away.
fn close_on_leaving(requests: &LabHandle<RoomRequest>, state: &RoomState) {
    let open = state.room().filter(|_| state.book.presenting());
    requests.leave_with(open.map(|room| (room, RoomRequest::Close { room })));
}

#[cfg(test)]
mod tests {
    use shared::room::RoomSettings;

    use super::*;

    #[test]
    fn a_presenter_reopens_only_on_a_retry_and_a_participant_rejoins() {
        let open = Start::Open(RoomSettings::default());
        assert!(sends(&open, 0, None, false));
        assert!(
            !sends(&open, 0, Some(0), false),
            "a reconnect must not open a new room"
        );
        assert!(
            sends(&open, 0, Some(0), true),
            "a reconnect takes the room back when the page holds its secret"
        );
        assert!(sends(&open, 1, Some(0), false), "a retry opens a new room");
        let join = Start::Join {
            code: "ABCDEF".into(),
            name: String::new(),
        };
        assert!(sends(&join, 0, Some(0), false));
    }
}
