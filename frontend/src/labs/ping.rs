//! The `ping` lab: store a text under the session's key, read it back, and see every command run.

use shared::ping::{MAX_TEXT_CHARS, PingReply, PingRequest};
use shared::{ParamRange, RequestId};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::{CodeLine, CodePanel};
use crate::format::{date_time, grouped, local_utc_offset_minutes};
use crate::i18n::{LangHandle, Text, error_sentence, fill, param_range, use_lang};
use crate::ws::{Failure, Status, Update, use_lab, use_ws};

/// The commands the backend's ping runner sends, in order.
const COMMANDS: &[CodeLine] = &[
    CodeLine {
        code: "PING",
        note: Text::CmdPing,
    },
    CodeLine {
        code: "SET <key> <text> EX <ttl>",
        note: Text::CmdSet,
    },
    CodeLine {
        code: "GET <key>",
        note: Text::CmdGet,
    },
    CodeLine {
        code: "PTTL <key>",
        note: Text::CmdPttl,
    },
    CodeLine {
        code: "TIME",
        note: Text::CmdTime,
    },
];

/// The ping lab page: a text field, a run button, and the reply or error of the last run.
#[component]
pub fn Ping() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let text = use_state(|| String::from("hello"));
    // Set when the browser's own check fails; the request is then not sent at all.
    let invalid = use_state(|| None::<ParamRange>);
    // The last request sent, and its answer once it came.
    let last = use_state(|| None::<(RequestId, Option<Answer>)>);
    let requests = {
        let last = last.clone();
        use_lab::<PingRequest>(
            0,
            Callback::from(move |updates: Vec<Update<PingRequest>>| {
                for update in updates {
                    if let (Some((id, None)), Some(answer)) = (&*last, update.outcome)
                        && *id == update.id
                    {
                        last.set(Some((*id, Some(answer))));
                    }
                }
            }),
        )
    };

    let on_input = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            text.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_submit = {
        let (text, invalid, last) = (text.clone(), invalid.clone(), last.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = PingRequest {
                text: (*text).clone(),
            };
            match request.validate() {
                Ok(()) => {
                    invalid.set(None);
                    last.set(Some((requests.send(request), None)));
                }
                Err(range) => {
                    invalid.set(Some(range));
                    last.set(None);
                }
            }
        })
    };

    let shown = last.as_ref().map(|(_, answer)| answer.as_ref());
    let running = matches!(shown, Some(None));
    let connected = ws.status() == Status::Connected;
    let count = fill(
        lang.t(Text::PingTextCount),
        &[
            &text.chars().count().to_string(),
            &MAX_TEXT_CHARS.to_string(),
        ],
    );

    html! {
        <article class="page lab" data-testid="lab-ping">
            <header class="page__header">
                <h1>{ lang.t(Text::PingTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(Text::PingSummary) }</p>
            <form class="lab-form" onsubmit={on_submit} novalidate=true>
                <label for="ping-text">{ lang.t(Text::PingTextLabel) }</label>
                <div class="lab-form__row">
                    <input
                        id="ping-text"
                        data-testid="ping-text"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        value={(*text).clone()}
                        oninput={on_input}
                        aria-invalid={invalid.is_some().then_some("true")}
                        aria-describedby="ping-text-count"
                    />
                    <button
                        type="submit"
                        class="button"
                        data-testid="ping-run"
                        disabled={!connected || running}
                    >
                        { lang.t(if running { Text::Running } else { Text::PingRun }) }
                    </button>
                </div>
                <p id="ping-text-count" class="hint">
                    { count }
                    if !connected {
                        <span class="hint__wait">{ lang.t(Text::WaitingForServer) }</span>
                    }
                </p>
            </form>
            if let Some(range) = &*invalid {
                { error_box(&lang, param_range(lang.lang, range)) }
            }
            { shown.map(|answer| outcome_view(&lang, answer)).unwrap_or_default() }
            <CodePanel<Text> lines={COMMANDS} />
        </article>
    }
}

/// What a ping request ended with.
type Answer = Result<PingReply, Failure>;

/// The last run's reply or error, exactly as the server sent it; `None` while it runs.
fn outcome_view(lang: &LangHandle, answer: Option<&Answer>) -> Html {
    match answer {
        None => html! {
            <p class="running" role="status">{ lang.t(Text::Running) }</p>
        },
        Some(Ok(reply)) => result_box(lang, reply),
        Some(Err(Failure::Server(error))) => error_box(lang, error_sentence(lang.lang, error)),
        Some(Err(Failure::Lost)) => error_box(lang, lang.t(Text::RequestLost).to_owned()),
        Some(Err(Failure::NotSent)) => error_box(lang, lang.t(Text::RequestNotSent).to_owned()),
    }
}

fn result_box(lang: &LangHandle, reply: &PingReply) -> Html {
    let ttl = format!("{} ms", grouped(reply.ttl_ms));
    let time = date_time(reply.server_time_us, local_utc_offset_minutes());
    let field = |label: Text, testid: &'static str, value: String| {
        html! {
            <div class="result__field">
                <dt>{ lang.t(label) }</dt>
                <dd><code data-testid={testid}>{ value }</code></dd>
            </div>
        }
    };
    html! {
        <section class="result" data-testid="ping-result" role="status">
            <h2 class="panel-title">{ lang.t(Text::ResultTitle) }</h2>
            <dl class="result__fields">
                { field(Text::PingPong, "ping-result-pong", reply.pong.clone()) }
                { field(Text::PingKey, "ping-result-key", reply.key.clone()) }
                { field(Text::PingStored, "ping-result-stored", reply.stored.clone()) }
                { field(Text::PingTtl, "ping-result-ttl", ttl) }
                { field(Text::PingServerTime, "ping-result-time", time) }
            </dl>
        </section>
    }
}

fn error_box(lang: &LangHandle, sentence: String) -> Html {
    html! {
        <section class="error-box" data-testid="ping-error" role="alert">
            <h2 class="panel-title">{ lang.t(Text::ErrorTitle) }</h2>
            <p>{ sentence }</p>
        </section>
    }
}
