//! `/present`: opens a room with this browser as its presenter, for as long as the page is open.

use gloo::events::EventListener;
use shared::room::RoomSettings;
use yew::prelude::*;

use super::keys::use_presenter_keys;
use super::stage::Stage;
use super::state::{RoomState, Start};
use super::use_room;

/// The presenter's page: the room opens on arrival and closes for everyone on leaving.
#[component]
pub fn Present() -> Html {
    let state = use_reducer(|| RoomState {
        start: Some(Start::Open(RoomSettings::default())),
        ..RoomState::default()
    });
    let controls = use_room(&state);
    use_presenter_keys(state.room().is_some(), controls.clone());
    let attended = state.room().is_some() && state.book.participants().next().is_some();
    use_leave_prompt(attended);
    html! { <Stage {state} {controls} /> }
}

/// While `on`, leaving or reloading the page asks first: it would close the room for everyone in it.
#[hook]
fn use_leave_prompt(on: bool) {
    use_effect_with(on, |&on| {
        let listener = on.then(|| {
            EventListener::new(&gloo::utils::window(), "beforeunload", |event| {
                event.prevent_default();
                // Older browsers ask only when `returnValue` is set; the text itself is not shown.
                let _ = js_sys::Reflect::set(event, &"returnValue".into(), &"".into());
            })
        });
        move || drop(listener)
    });
}
