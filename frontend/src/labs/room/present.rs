//! `/present`: opens a room with this browser as its presenter, for as long as the page is open. The
//! room's secret is kept in the tab's session storage, so a reload takes the same room back.

use gloo::events::EventListener;
use gloo::storage::{SessionStorage, Storage};
use shared::room::RoomSettings;
use yew::prelude::*;

use super::keys::use_presenter_keys;
use super::stage::Stage;
use super::state::{Reclaim, RoomState, Start};
use super::use_room;

/// Where the tab keeps its room's [`Reclaim`].
const STORAGE_KEY: &str = "pg.room.reclaim";

/// The presenter's page: the room opens on arrival (or is taken back after a reload, within its grace)
/// and closes for everyone on leaving the page.
#[component]
pub fn Present() -> Html {
    let state = use_reducer(|| RoomState {
        start: Some(Start::Open(RoomSettings::default())),
        reclaim: SessionStorage::get::<String>(STORAGE_KEY)
            .ok()
            .and_then(|line| Reclaim::decode(&line)),
        ..RoomState::default()
    });
    use_effect_with(state.reclaim.clone(), |reclaim| match reclaim {
        Some(reclaim) => drop(SessionStorage::set(STORAGE_KEY, reclaim.encode())),
        None => SessionStorage::delete(STORAGE_KEY),
    });
    use_effect_with((), |()| || SessionStorage::delete(STORAGE_KEY));
    let controls = use_room(&state);
    use_presenter_keys(state.room().is_some(), controls.clone());
    let attended = state.room().is_some() && state.book.participants().next().is_some();
    use_leave_prompt(attended);
    html! { <Stage {state} {controls} /> }
}

/// While `on`, leaving or reloading the page asks first: the participants would lose their presenter
/// (a reload in this tab takes the room back within its grace; leaving for good closes it).
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
