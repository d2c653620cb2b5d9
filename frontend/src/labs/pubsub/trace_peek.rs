//! The trace lines behind what the pointer is on: the `PUBLISH` of a message and its receipt by the
//! subscriber, looked up by `seq` in the browser's trace. The trace is capped, so old lines may be gone;
//! the box then says so instead of showing nothing.

use shared::RequestId;
use yew::prelude::*;

use crate::format::command_line;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{fill, use_lang};
use crate::ws::use_trace;

/// Props of [`TracePeek`].
#[derive(Properties, PartialEq)]
pub struct TracePeekProps {
    /// The hub whose lines these are: seqs restart with a new session, request ids do not.
    pub hub: Option<RequestId>,
    /// The lines' seqs, in order; empty when the pointer is on nothing.
    pub seqs: Vec<u64>,
}

/// The hovered item's trace lines.
#[component]
pub fn TracePeek(props: &TracePeekProps) -> Html {
    let lang = use_lang();
    let ws = use_trace();
    let trace = ws.trace();
    let found = props
        .hub
        .map(|hub| trace.of_request(hub, &props.seqs))
        .unwrap_or_default();
    let missing = props.seqs.len() - found.len();
    html! {
        <section class="pubsub-peek" data-testid="pubsub-trace-peek" aria-live="polite" aria-labelledby="pubsub-peek-title">
            <h3 id="pubsub-peek-title" class="pubsub-peek__title">{ lang.t(T::PeekTitle) }</h3>
            if props.seqs.is_empty() {
                <p class="hint">{ lang.t(T::PeekHint) }</p>
            }
            <ol class="pubsub-peek__lines">
                { for found.iter().map(|line| {
                    let e = &line.entry;
                    html! {
                        <li key={line.line} data-testid="pubsub-trace-line" data-seq={e.seq.to_string()}>
                            <span class="pubsub-peek__client">{ &e.client }</span>
                            <code class="pubsub-peek__command">{ command_line(&e.command) }</code>
                            <span aria-hidden="true">{ " → " }</span>
                            <code class="pubsub-peek__reply">{ &e.reply }</code>
                        </li>
                    }
                }) }
            </ol>
            if missing > 0 {
                <p class="hint">{ fill(lang.t(T::PeekMissing), &[&missing.to_string(), &trace.cap().to_string()]) }</p>
            }
        </section>
    }
}
