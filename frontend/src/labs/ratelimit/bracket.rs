//! The sliding window: a bracket one window wide that ends at the cursor and spans every lane, with each
//! lane's count of allowed requests in `(t − window, t]`.
//!
//! It is its own component over the lanes (positioned in percent of the plot's width), so moving the
//! cursor re-renders only this and never the lanes' thousands of marks.

use shared::ratelimit::Limits;
use shared::ratelimit::stats::count_in_window;
use yew::prelude::*;

use super::axis::Axis;
use super::run::Lane;
use crate::format::offset_seconds;
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::{fill, use_lang};

/// Props of [`Bracket`].
#[derive(Properties, PartialEq)]
pub struct BracketProps {
    /// Where the cursor is on the axis, in absolute µs; `None` when it is outside the lanes.
    pub at_us: Option<u64>,
    /// The lanes shown, top to bottom.
    pub lanes: Vec<Lane>,
    /// The axis they share.
    pub axis: Axis,
    /// The limit: the bracket's width and the count to compare with.
    pub limits: Limits,
}

/// The bracket and its per-lane counts, or nothing while the cursor is elsewhere.
#[component]
pub fn Bracket(props: &BracketProps) -> Html {
    let lang = use_lang();
    let Some(t) = props.at_us else {
        return Html::default();
    };
    let window_us = props.limits.window_us();
    let max = props.limits.max_requests;
    let percent = |t: u64| props.axis.fraction(t).clamp(0.0, 1.0) * 100.0;
    let (left, right) = (percent(t.saturating_sub(window_us)), percent(t));
    let at = offset_seconds(t.saturating_sub(props.axis.origin_us));
    let label = fill(
        lang.t(RatelimitText::BracketLabel),
        &[&props.limits.window_seconds.to_string(), &at],
    );

    html! {
        <div class="ratelimit-bracket" data-testid="ratelimit-bracket">
            <div
                class="ratelimit-bracket__span"
                style={format!("left: {left:.3}%; width: {:.3}%;", right - left)}
            >
                <span class="ratelimit-bracket__label">{ label }</span>
            </div>
            <div class="ratelimit-bracket__counts" style={format!("left: {right:.3}%;")}>
                { for props.lanes.iter().map(|lane| {
                    let count = count_in_window(&lane.allowed_at, t, window_us);
                    let class = classes!("ratelimit-bracket__count", (count > max).then_some("ratelimit-bracket__count--over"));
                    html! {
                        <div class="ratelimit-bracket__row" data-algorithm={lane.algorithm.id()}>
                            <span {class} data-testid="ratelimit-bracket-count">{ format!("{count} / {max}") }</span>
                        </div>
                    }
                }) }
            </div>
        </div>
    }
}
