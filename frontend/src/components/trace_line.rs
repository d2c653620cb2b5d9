//! One row of the trace panel: when, which client, the command, Redis's reply and how long it took.

use std::rc::Rc;

use shared::Origin;
use yew::prelude::*;

use crate::format::{clock, command_line, micros};
use crate::i18n::{Text, use_lang};
use crate::trace_log::TraceLine as Line;

/// Props of [`TraceLine`].
#[derive(Properties, PartialEq)]
pub struct TraceLineProps {
    /// The line to show; shared with the log, so re-rendering the panel copies nothing.
    pub line: Rc<Line>,
    /// Minutes to add to UTC for local time, computed once by the panel.
    pub utc_offset_minutes: i64,
}

/// A trace row of the panel's table. `data-client` lets tests (and the filter) pick one client's lines;
/// `data-origin` says whether the learner's action or the playground's own bookkeeping sent it.
#[component]
pub fn TraceLine(props: &TraceLineProps) -> Html {
    let lang = use_lang();
    let entry = &props.line.entry;
    let own = entry.origin == Origin::Playground;
    let class = classes!(
        "trace-line",
        (!entry.ok).then_some("trace-line--failed"),
        own.then_some("trace-line--playground")
    );

    html! {
        <tr
            {class}
            data-testid="trace-line"
            data-client={entry.client.clone()}
            data-ok={if entry.ok { "true" } else { "false" }}
            data-origin={if own { "playground" } else { "learner" }}
        >
            <td class="trace-line__time">
                <time>{ clock(entry.at_ms, props.utc_offset_minutes) }</time>
            </td>
            <td class="trace-line__client">
                { &entry.client }
                if own {
                    { " · " }<small class="trace-line__origin">{ lang.t(Text::TraceOriginPlayground) }</small>
                }
            </td>
            <td class="trace-line__command"><code>{ command_line(&entry.command) }</code></td>
            <td class="trace-line__reply">
                if !entry.ok {
                    <span class="visually-hidden">{ lang.t(Text::TraceFailed) }</span>
                }
                <code>{ &entry.reply }</code>
            </td>
            <td class="trace-line__micros">{ micros(entry.micros) }</td>
        </tr>
    }
}
