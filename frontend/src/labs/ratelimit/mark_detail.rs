//! The selected mark: which request it was, what the limiter said, and the Redis commands that decided
//! it, looked up by `seq` in the browser's trace.
//!
//! The trace is capped and the server drops lines when the browser reads too slowly, so some lines of
//! a big run are gone; the box then says how many are missing and why, instead of showing nothing.

use shared::RequestId;
use shared::ratelimit::Decision;
use yew::prelude::*;

use crate::format::{command_line, offset_seconds};
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::{fill, use_lang};
use crate::ws::use_trace;

/// Props of [`MarkDetail`].
#[derive(Properties, PartialEq)]
pub struct MarkDetailProps {
    /// The decision behind the mark (its `index` is the mark's).
    pub decision: Decision,
    /// The request that made it: trace lines carry this id.
    pub request: RequestId,
    /// Time zero of the axis, in absolute µs.
    pub origin_us: u64,
}

/// The detail box of the selected mark.
#[component]
pub fn MarkDetail(props: &MarkDetailProps) -> Html {
    let lang = use_lang();
    let ws = use_trace();
    let decision = &props.decision;
    let trace = ws.trace();
    let found = trace.of_request(props.request, &decision.trace);
    let missing = decision.trace.len() - found.len();
    let verdict = if decision.allowed {
        RatelimitText::DetailAllowed
    } else {
        RatelimitText::DetailDenied
    };
    let summary = fill(
        lang.t(RatelimitText::DetailSummary),
        &[
            &decision.index.to_string(),
            &decision.client.to_string(),
            &offset_seconds(decision.at_us.saturating_sub(props.origin_us)),
            &decision.remaining.to_string(),
        ],
    );
    let class = classes!(
        "ratelimit-detail",
        if decision.allowed {
            "ratelimit-detail--allowed"
        } else {
            "ratelimit-detail--denied"
        }
    );

    html! {
        <section
            {class}
            data-testid="ratelimit-mark-detail"
            data-algorithm={decision.algorithm.id()}
            data-index={decision.index.to_string()}
            data-allowed={if decision.allowed { "true" } else { "false" }}
            aria-live="polite"
        >
            <h2 class="panel-title">
                { lang.t(RatelimitText::algorithm(decision.algorithm)) }
                { " · " }
                <span class="ratelimit-detail__verdict">{ lang.t(verdict) }</span>
            </h2>
            <p class="ratelimit-detail__summary">{ summary }</p>
            <h3 class="ratelimit-detail__heading">{ lang.t(RatelimitText::DetailCommands) }</h3>
            <ol class="ratelimit-detail__trace">
                { for found.iter().map(|line| {
                    let entry = &line.entry;
                    let class = classes!("ratelimit-detail__line", (!entry.ok).then_some("ratelimit-detail__line--failed"));
                    html! {
                        <li {class} key={line.line} data-testid="ratelimit-mark-trace">
                            <code class="ratelimit-detail__command">{ command_line(&entry.command) }</code>
                            <span class="ratelimit-detail__arrow" aria-hidden="true">{ " → " }</span>
                            <code class="ratelimit-detail__reply">{ &entry.reply }</code>
                        </li>
                    }
                }) }
            </ol>
            if missing > 0 {
                <p class="ratelimit-detail__missing" data-testid="ratelimit-mark-trace-missing">
                    { fill(
                        lang.t(RatelimitText::DetailMissing),
                        &[&missing.to_string(), &decision.trace.len().to_string(), &trace.cap().to_string()],
                    ) }
                </p>
            }
        </section>
    }
}
