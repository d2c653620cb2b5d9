//! The legend under the lanes: every bar, hatch and mark with its meaning, drawn with the same shapes
//! and classes as the plot.

use yew::prelude::*;

use super::detail::mark_text;
use super::glyphs::legend_mark;
use super::timeline::MarkKind;
use crate::i18n::lock::LockText;
use crate::i18n::use_lang;

/// The marks, in the order a round meets them.
const MARKS: [MarkKind; 9] = [
    MarkKind::Renewed { ok: true },
    MarkKind::Renewed { ok: false },
    MarkKind::Wrote {
        fence: 0,
        accepted: true,
    },
    MarkKind::Wrote {
        fence: 0,
        accepted: false,
    },
    MarkKind::Released,
    MarkKind::Refused,
    MarkKind::Stole,
    MarkKind::Crashed,
    MarkKind::Skipped,
];

/// Bars and patterns: `(swatch class, meaning)`.
const SWATCHES: [(&str, LockText); 6] = [
    ("lock-legend__swatch--wait", LockText::LegendWaiting),
    ("lock-legend__swatch--hold", LockText::LegendHolding),
    ("lock-legend__swatch--pause", LockText::LegendPaused),
    ("lock-legend__swatch--ttl", LockText::LegendTtl),
    ("lock-legend__swatch--forever", LockText::LegendNoExpiry),
    ("lock-legend__swatch--violation", LockText::LegendViolation),
];

/// The legend.
#[component]
pub fn Legend() -> Html {
    let lang = use_lang();
    html! {
        <ul class="legend lock-legend" aria-label={lang.t(LockText::LegendLabel)}>
            { for SWATCHES.into_iter().map(|(class, text)| html! {
                <li>
                    <span class={classes!("legend__swatch", "lock-legend__swatch", class)} aria-hidden="true"></span>
                    { lang.t(text) }
                </li>
            }) }
            <li>
                <span class="legend__swatch lock-legend__swatch lock-legend__swatch--retry" aria-hidden="true"></span>
                { lang.t(LockText::LegendRetry) }
            </li>
            { for MARKS.into_iter().map(|kind| html! {
                <li>{ legend_mark(kind) }{ lang.t(mark_text(kind)) }</li>
            }) }
        </ul>
    }
}
