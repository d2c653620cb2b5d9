//! The presenter's keys on the room page: ← and → show the previous and next room lab on every
//! screen, `r` resets the lock and the limiter. Ignored while typing in a field.

use gloo::events::EventListener;
use shared::room::RoomLab;
use web_sys::wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use super::Controls;

/// Elements whose own keyboard handling must win.
const OWN_KEYS: [&str; 3] = ["INPUT", "SELECT", "TEXTAREA"];

/// What a key asks of the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Show the lab this many steps along.
    Step(isize),
    /// Reset the lock and the limiter.
    Reset,
}

/// The room action of the key named `key` (a `KeyboardEvent.key`), if any.
pub fn key(key: &str) -> Option<Key> {
    match key {
        "ArrowLeft" => Some(Key::Step(-1)),
        "ArrowRight" => Some(Key::Step(1)),
        "r" | "R" => Some(Key::Reset),
        _ => None,
    }
}

/// The lab `delta` steps from `lab` along [`RoomLab::ALL`], staying at either end.
pub fn step(lab: RoomLab, delta: isize) -> RoomLab {
    let at = RoomLab::ALL.iter().position(|&l| l == lab).unwrap_or(0);
    let next = at.saturating_add_signed(delta).min(RoomLab::ALL.len() - 1);
    RoomLab::ALL[next]
}

/// Listens for the presenter's keys while `active`; registered once, calling the latest controls.
#[hook]
pub fn use_presenter_keys(active: bool, controls: Controls) {
    let latest = use_mut_ref(|| (active, controls.clone()));
    *latest.borrow_mut() = (active, controls);
    use_effect_with((), move |()| {
        let listener = EventListener::new(&gloo::utils::document(), "keydown", move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let modified = event.ctrl_key() || event.meta_key() || event.alt_key();
            let Some(action) = key(&event.key()).filter(|_| !modified && !event.repeat()) else {
                return;
            };
            let typing = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .is_some_and(|element| OWN_KEYS.contains(&element.tag_name().as_str()));
            let (active, controls) = latest.borrow().clone();
            if typing || !active {
                return;
            }
            event.prevent_default();
            match action {
                Key::Step(delta) => controls.step.emit(delta),
                Key::Reset => controls.reset.emit(()),
            }
        });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_step_and_r_resets() {
        assert_eq!(key("ArrowLeft"), Some(Key::Step(-1)));
        assert_eq!(key("ArrowRight"), Some(Key::Step(1)));
        assert_eq!(key("r"), Some(Key::Reset));
        assert_eq!(key("R"), Some(Key::Reset));
        assert_eq!(key("s"), None);
    }

    #[test]
    fn steps_stay_within_the_labs() {
        assert_eq!(step(RoomLab::Pubsub, 1), RoomLab::Lock);
        assert_eq!(step(RoomLab::Lock, 1), RoomLab::Ratelimit);
        assert_eq!(step(RoomLab::Ratelimit, 1), RoomLab::Exercise);
        assert_eq!(step(RoomLab::Exercise, 1), RoomLab::Exercise);
        assert_eq!(step(RoomLab::Lock, -1), RoomLab::Pubsub);
        assert_eq!(step(RoomLab::Pubsub, -1), RoomLab::Pubsub);
    }
}
