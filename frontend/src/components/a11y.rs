//! What the keyboard and the reader's settings need beyond HTML's defaults: Enter and Space on a
//! focusable mark that is not a button, and whether the browser asks for reduced motion.

use yew::prelude::*;

/// A `keydown` handler that emits `on_press` for Enter and Space, as a button would on a click, so an
/// SVG mark with `tabindex="0"` and an `onclick` works from the keyboard too. Space's default (scrolling
/// the page) is prevented; other keys pass through.
pub fn on_press_keys(on_press: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        if matches!(event.key().as_str(), "Enter" | " ") {
            event.prevent_default();
            on_press.emit(());
        }
    })
}

/// Whether the browser prefers reduced motion (`prefers-reduced-motion: reduce`), for animations the
/// app drives itself; static/a11y.css stops the stylesheets' own.
pub fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}
