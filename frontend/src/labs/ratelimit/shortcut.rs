//! The keyboard shortcut for the "send request" button: `S` or Space anywhere on the page, except while
//! typing in a field or on a control that Space already activates.

use gloo::events::EventListener;
use web_sys::KeyboardEvent;
use web_sys::wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::keys::not_a_shortcut;

/// Calls `on_send` when `S` or Space is pressed outside fields and buttons. Held keys repeat in the
/// browser; repeats are ignored so a held key does not flood Redis.
///
/// The listener is registered once and calls the latest `on_send`, so a caller that makes a new
/// callback on every render does not remove and add the listener each time.
#[hook]
pub fn use_send_key(on_send: Callback<()>) {
    let latest = use_mut_ref(|| on_send.clone());
    *latest.borrow_mut() = on_send;
    use_effect_with((), move |()| {
        let listener = EventListener::new(&gloo::utils::document(), "keydown", move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if not_a_shortcut(event) || !matches!(event.key().as_str(), " " | "s" | "S") {
                return;
            }
            // Space would scroll the page as well.
            event.prevent_default();
            latest.borrow().emit(());
        });
        move || drop(listener)
    });
}
