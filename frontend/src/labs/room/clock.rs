//! A ticking "now" on the backends' clock, so a hold still going grows and the time axes scroll
//! between events.

use gloo::timers::callback::Interval;
use yew::prelude::*;

/// How often the axes move.
const TICK_MS: u32 = 250;

/// Unix milliseconds now on the backends' clock: the browser's clock plus `offset_ms`, the difference
/// the newest event showed. Re-renders the caller every [`TICK_MS`].
#[hook]
pub fn use_now(offset_ms: i64) -> u64 {
    let now = use_state(js_sys::Date::now);
    {
        let now = now.clone();
        use_effect_with((), move |()| {
            let interval = Interval::new(TICK_MS, move || now.set(js_sys::Date::now()));
            move || drop(interval)
        });
    }
    (*now as i64 + offset_ms).max(0) as u64
}
