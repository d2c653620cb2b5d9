//! The hooks between the connection and the reducer: [`use_membership`] keeps the asked-for membership
//! running (and leaves the room when the page goes), and [`use_updates`] feeds the reducer the
//! connection's [`News`] for it and for the awaited requests.

use gloo::timers::callback::Timeout;
use shared::LabRequest;
use yew::prelude::*;

use super::state::{Action, Problem, RoomState, Start};
use crate::ws::{News, Status, WsHandle};

/// Shortest time between two deliveries while events stream: a room of many participants clicking at
/// once sends far more events than frames worth drawing.
const COALESCE_MS: f64 = 100.0;

/// Events folded before the connection is told it may forget them: a membership runs all workshop
/// long, and its events live on only in the [`Book`](super::book::Book) (which keeps the newest).
const CONSUME_BATCH: usize = 200;

/// Whether `seen` folded events, `consumed` of them already forgotten by the connection, are worth
/// one more dispatch to forget.
pub fn consume_due(seen: usize, consumed: usize) -> bool {
    seen >= consumed.saturating_add(CONSUME_BATCH)
}

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
pub fn use_membership(ws: &WsHandle, state: &UseReducerHandle<RoomState>) {
    let connected = ws.status() == Status::Connected;
    let session = ws.session().map(|s| s.id.clone());
    let deps = (state.start.clone(), state.epoch, connected, session);
    let (ws, dispatcher) = (ws.clone(), state.dispatcher());
    let sent = use_mut_ref(|| None::<u32>);
    use_effect_with(deps, move |(start, epoch, connected, _)| {
        let mut started = None;
        let again = |start: &&Start| *connected && sends(start, *epoch, *sent.borrow());
        if let Some(start) = start.as_ref().filter(again) {
            let request = start.request();
            match request.validate() {
                Ok(()) => {
                    let id = ws.send(LabRequest::Room(request));
                    *sent.borrow_mut() = Some(*epoch);
                    started = Some(id);
                    dispatcher.dispatch(Action::Started(id));
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

/// What the connection holds for the membership and the awaited requests that the reducer has not
/// folded.
fn pending(ws: &WsHandle, state: &RoomState) -> Vec<News> {
    let membership = state
        .membership
        .iter()
        .filter(|m| m.ended.is_none())
        .map(|m| (m.id, m.events_seen));
    membership
        .chain(state.awaited.iter().map(|sent| (sent.id, usize::MAX)))
        .filter_map(|(id, seen)| ws.news(id, seen))
        .collect()
}

/// Dispatches the news after a render that found some, at most once per [`COALESCE_MS`] while events
/// stream; answers go through at once. News not yet dispatched is found again by the next render,
/// because the reducer has not counted it, so nothing is lost by waiting.
#[hook]
pub fn use_updates(ws: &WsHandle, state: &UseReducerHandle<RoomState>) {
    // The membership's events already folded are let go, in batches.
    let due = state
        .membership
        .as_ref()
        .filter(|m| m.ended.is_none() && consume_due(m.events_seen, ws.consumed(m.id)))
        .map(|m| (m.id, m.events_seen));
    {
        let ws = ws.clone();
        use_effect_with(due, move |due| {
            if let Some((id, seen)) = *due {
                ws.consume(id, seen);
            }
        });
    }
    let news = pending(ws, state);
    let dispatcher = state.dispatcher();
    let last_ms = use_mut_ref(|| 0.0_f64);
    use_effect_with(news, move |news| {
        let mut timer = None;
        if !news.is_empty() {
            let news = news.clone();
            let answered = news.iter().any(|n| n.outcome.is_some());
            let wait_ms = COALESCE_MS - (js_sys::Date::now() - *last_ms.borrow());
            let deliver = move || {
                let now_ms = js_sys::Date::now();
                *last_ms.borrow_mut() = now_ms;
                dispatcher.dispatch(Action::News { news, now_ms });
            };
            if answered || wait_ms <= 0.0 {
                deliver();
            } else {
                timer = Some(Timeout::new(wait_ms as u32, deliver));
            }
        }
        // A newer render brings newer news and arms its own timer.
        move || drop(timer)
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

    #[test]
    fn folded_events_are_let_go_in_batches() {
        assert!(!consume_due(0, 0));
        assert!(!consume_due(CONSUME_BATCH - 1, 0));
        assert!(consume_due(CONSUME_BATCH, 0));
        assert!(!consume_due(CONSUME_BATCH + 5, CONSUME_BATCH));
        assert!(consume_due(2 * CONSUME_BATCH, CONSUME_BATCH));
    }
}
