//! The trace panel: every Redis command that ran for this session, newest last, as the server
//! reported it. Nothing here invents a line; it only shows `ServerMsg::Trace` entries. The
//! playground's own commands are hidden until the learner turns on one switch, which is remembered.

use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Timeout;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::trace_chunk::{TraceChunk, split};
use crate::format::local_utc_offset_minutes;
use crate::i18n::{Text, fill, use_lang};
use crate::ws::use_trace;

/// How close to the bottom (in CSS pixels) still counts as "at the bottom" for auto-scroll.
const STICK_SLACK_PX: i32 = 24;
/// Shortest time between two redraws of the table while lines stream in.
const REDRAW_MS: u32 = 500;
/// Where the "show the playground's own commands" switch is remembered.
const PLAYGROUND_KEY: &str = "redis-playground.trace-playground";

/// The collapsible trace panel with a per-client filter and a clear button.
#[component]
pub fn TracePanel() -> Html {
    let lang = use_lang();
    let ws = use_trace();
    let filter = use_state(|| None::<String>);
    let playground = use_state(|| LocalStorage::get::<bool>(PLAYGROUND_KEY).unwrap_or(false));
    let collapsed = use_state(|| false);
    let scroller = use_node_ref();
    // Follow new lines only while the reader is at the bottom, so scrolling up to explain an
    // older command is not undone by the next trace message.
    let stick = use_mut_ref(|| true);
    let utc_offset = *use_memo((), |()| local_utc_offset_minutes());

    let trace = ws.trace();
    // A client vanishes from the list after a clear; fall back to "all" rather than show nothing.
    let client = filter
        .as_deref()
        .filter(|wanted| trace.clients_shown(*playground).any(|seen| seen == *wanted));
    // While lines stream in (a replay sends thousands a second) the table follows at most every
    // REDRAW_MS: each redraw lays out hundreds of rows, and nobody reads faster than that.
    let latest = trace.lines(None).last().map(|line| line.line);
    let drawn = use_state_eq(|| latest);
    let drawn_at_ms = use_mut_ref(|| 0.0_f64);
    {
        let (drawn, drawn_at_ms) = (drawn.clone(), drawn_at_ms.clone());
        use_effect_with(latest, move |&latest| {
            let wait_ms = f64::from(REDRAW_MS) - (js_sys::Date::now() - *drawn_at_ms.borrow());
            let redraw = move || {
                *drawn_at_ms.borrow_mut() = js_sys::Date::now();
                drawn.set(latest);
            };
            let timer = (wait_ms > 0.0).then(|| Timeout::new(wait_ms as u32, redraw.clone()));
            if timer.is_none() {
                redraw();
            }
            move || drop(timer)
        });
    }
    let chunks = use_memo((*drawn, client.map(str::to_owned), *playground), |_| {
        split(trace.shown(client, *playground).cloned().collect())
    });
    let newest = chunks
        .last()
        .and_then(|chunk| chunk.lines.last())
        .map(|line| line.line);

    {
        let (scroller, stick) = (scroller.clone(), stick.clone());
        use_effect_with((newest, *collapsed, client.map(str::to_owned)), move |_| {
            if let Some(element) = scroller.cast::<Element>()
                && *stick.borrow()
            {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }

    let on_scroll = {
        let (scroller, stick) = (scroller.clone(), stick.clone());
        Callback::from(move |_: Event| {
            if let Some(element) = scroller.cast::<Element>() {
                let gap = element.scroll_height() - element.scroll_top() - element.client_height();
                *stick.borrow_mut() = gap <= STICK_SLACK_PX;
            }
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            filter.set((!value.is_empty()).then_some(value));
        })
    };
    let on_playground = {
        let playground = playground.clone();
        Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
            // A failed write (private mode, quota) only means the choice is not remembered.
            let _ = LocalStorage::set(PLAYGROUND_KEY, on);
            playground.set(on);
        })
    };
    let on_clear = {
        let ws = ws.clone();
        Callback::from(move |_: MouseEvent| ws.clear_trace())
    };
    let on_toggle = {
        let collapsed = collapsed.clone();
        Callback::from(move |_: MouseEvent| collapsed.set(!*collapsed))
    };

    let class = classes!("trace", collapsed.then_some("trace--collapsed"));
    html! {
        <aside {class} data-testid="trace-panel" aria-labelledby="trace-title">
            <div class="trace__bar">
                <h2 id="trace-title" class="trace__title">{ lang.t(Text::TraceTitle) }</h2>
                if !*collapsed {
                    <label class="trace__filter">
                        <span>{ lang.t(Text::TraceClient) }</span>
                        <select data-testid="trace-filter" onchange={on_filter}>
                            <option value="" selected={client.is_none()}>{ lang.t(Text::TraceAll) }</option>
                            { for trace.clients_shown(*playground).map(|name| html! {
                                <option value={name.to_owned()} selected={client == Some(name)}>
                                    { name }
                                </option>
                            }) }
                        </select>
                    </label>
                    <label class="trace__filter" title={lang.t(Text::TracePlaygroundHint)}>
                        <input
                            type="checkbox"
                            data-testid="trace-playground"
                            checked={*playground}
                            onchange={on_playground}
                        />
                        <span>{ lang.t(Text::TracePlayground) }</span>
                    </label>
                    <button type="button" class="button button--quiet" data-testid="trace-clear" onclick={on_clear}>
                        { lang.t(Text::TraceClear) }
                    </button>
                }
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="trace-toggle"
                    aria-expanded={if *collapsed { "false" } else { "true" }}
                    aria-controls="trace-body"
                    onclick={on_toggle}
                >
                    { lang.t(if *collapsed { Text::TraceShow } else { Text::TraceHide }) }
                </button>
            </div>
            if !*collapsed {
                <div id="trace-body" class="trace__body">
                    if trace.capped() {
                        <p class="trace__notice" data-testid="trace-capped">
                            { fill(lang.t(Text::TraceCapped), &[&trace.cap().to_string()]) }
                        </p>
                    }
                    if trace.server_dropped() > 0 {
                        <p class="trace__notice trace__notice--warn" data-testid="trace-dropped" role="status">
                            { fill(lang.t(Text::TraceServerDropped), &[&trace.server_dropped().to_string()]) }
                        </p>
                    }
                    <div class="trace__scroller" ref={scroller.clone()} onscroll={on_scroll} tabindex="0">
                        <table class="trace__table">
                            <thead>
                                <tr>
                                    <th scope="col">{ lang.t(Text::TraceColTime) }</th>
                                    <th scope="col">{ lang.t(Text::TraceColClient) }</th>
                                    <th scope="col">{ lang.t(Text::TraceColCommand) }</th>
                                    <th scope="col">{ lang.t(Text::TraceColReply) }</th>
                                    <th scope="col" class="trace__num">{ lang.t(Text::TraceColMicros) }</th>
                                </tr>
                            </thead>
                            { for chunks.iter().map(|chunk| html! {
                                <TraceChunk
                                    key={chunk.number}
                                    lines={chunk.lines.clone()}
                                    eager={chunk.eager}
                                    scroller={scroller.clone()}
                                    utc_offset_minutes={utc_offset}
                                />
                            }) }
                        </table>
                        if newest.is_none() {
                            <p class="trace__empty">{ lang.t(Text::TraceEmpty) }</p>
                        }
                    </div>
                </div>
            }
        </aside>
    }
}
