//! The console itself: the output, the command field with history, completion and Redis's help, and
//! the Run, Stop, "My keys" and Clear buttons. Used by the full page and by the drawer.

use gloo::storage::{LocalStorage, Storage};
use shared::console::{BLOCK_CAP_SECS, ConsoleRequest, ParseError, Refusal, own_connection, split};
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::state::{Action, Asked, ConsoleState, Entry, completions, help_name, quote, remember};
use crate::i18n::console::ConsoleText;
use crate::i18n::{LangHandle, Text, error_sentence, fill, use_lang};
use crate::ws::{Failure, Status, Update, use_lab, use_ws};

/// localStorage key of the history, shared by every console of the browser.
const HISTORY_KEY: &str = "redis-playground.console-history";

/// Props of [`Terminal`].
#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    /// `console` on its page, `drawer` in a lab page's drawer: the ids of its parts start with it.
    pub id: AttrValue,
    /// In the drawer: a one-line field, so the page keeps most of the screen.
    #[prop_or_default]
    pub compact: bool,
}

/// A redis-cli-like console.
#[component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let state = use_reducer(ConsoleState::default);
    let input = use_state(String::new);
    let history = use_state(|| LocalStorage::get::<Vec<String>>(HISTORY_KEY).unwrap_or_default());
    // Where ↑/↓ is in the history: `None` while editing a new line.
    let browsing = use_state(|| None::<usize>);
    let output = use_node_ref();
    let handle = {
        let state = state.clone();
        use_lab::<ConsoleRequest>(
            100,
            Callback::from(move |updates: Vec<Update<ConsoleRequest>>| {
                state.dispatch(Action::Updates(updates));
            }),
        )
    };

    // The next queued line is sent once nothing runs.
    {
        let (state, handle) = (state.clone(), handle.clone());
        let next = state.queue.front().map(|(_, args)| args.clone());
        use_effect_with((state.running.is_none(), next), move |(idle, next)| {
            if *idle && let Some(args) = next.clone() {
                let stoppable = own_connection(&args);
                let id = handle.send(ConsoleRequest::Run { args });
                state.dispatch(Action::Started(id, stoppable));
            }
        });
    }
    // Redis's help for the command being typed, asked once per command.
    let help = help_name(&input);
    {
        let (state, handle) = (state.clone(), handle.clone());
        use_effect_with(help.clone(), move |help| {
            if let Some(name) = help.clone()
                && !state.docs.contains_key(&name)
            {
                let id = handle.send(ConsoleRequest::Docs {
                    command: name.clone(),
                });
                state.dispatch(Action::Asked(id, Asked::Docs(name)));
            }
        });
    }
    // The newest output stays in view.
    {
        let output = output.clone();
        use_effect_with(state.entries.len(), move |_| {
            if let Some(el) = output.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let submit = {
        let (state, input, history, browsing) = (
            state.clone(),
            input.clone(),
            history.clone(),
            browsing.clone(),
        );
        Callback::from(move |()| {
            let mut lines = Vec::new();
            for line in input.lines().filter(|l| !l.trim().is_empty()) {
                match split(line) {
                    Ok(args) => lines.push((line.to_owned(), args)),
                    Err(error) => {
                        state.dispatch(Action::Invalid(line.to_owned(), error));
                        return;
                    }
                }
            }
            if lines.is_empty() {
                return;
            }
            let mut kept = (*history).clone();
            for (line, _) in &lines {
                kept = remember(&kept, line);
            }
            // A failed write (private mode, quota) only means the history is not kept.
            let _ = LocalStorage::set(HISTORY_KEY, &kept);
            history.set(kept);
            browsing.set(None);
            input.set(String::new());
            state.dispatch(Action::Queue(lines));
        })
    };
    let on_input = {
        let (input, browsing) = (input.clone(), browsing.clone());
        Callback::from(move |e: InputEvent| {
            input.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            browsing.set(None);
        })
    };
    let on_keydown = {
        let (input, history, browsing, submit) = (
            input.clone(),
            history.clone(),
            browsing.clone(),
            submit.clone(),
        );
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" if !e.shift_key() => {
                e.prevent_default();
                submit.emit(());
            }
            "Tab" if !e.shift_key() && !input.contains(char::is_whitespace) => {
                let found = completions(&input);
                if let Some(common) = common_prefix(&found)
                    && common.len() > input.len()
                {
                    e.prevent_default();
                    input.set(common);
                }
            }
            "ArrowUp" | "ArrowDown" if !input.contains('\n') && !history.is_empty() => {
                e.prevent_default();
                let last = history.len() - 1;
                let at = match (e.key().as_str(), *browsing) {
                    ("ArrowUp", None) => Some(last),
                    ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                    (_, Some(i)) if i < last => Some(i + 1),
                    _ => None,
                };
                input.set(at.and_then(|i| history.get(i).cloned()).unwrap_or_default());
                browsing.set(at);
            }
            _ => {}
        })
    };
    let on_run = {
        let submit = submit.clone();
        Callback::from(move |_| submit.emit(()))
    };
    let on_stop = {
        let (state, handle) = (state.clone(), handle.clone());
        Callback::from(move |_| {
            if let Some((id, _)) = state.running {
                handle.cancel(id);
            }
        })
    };
    let on_keys = {
        let (state, handle) = (state.clone(), handle.clone());
        Callback::from(move |_| {
            let id = handle.send(ConsoleRequest::Keys);
            state.dispatch(Action::Asked(id, Asked::Keys));
        })
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Clear))
    };

    let id = &props.id;
    let connected = ws.status() == Status::Connected;
    let stoppable = state.running.is_some_and(|(_, s)| s);
    let typed_first = !input.contains(char::is_whitespace);
    let found = if typed_first {
        completions(&input)
    } else {
        Vec::new()
    };
    let docs = help
        .as_ref()
        .and_then(|name| state.docs.get(name).cloned().flatten());
    let hint_id = format!("{id}-hint");
    let help_id = format!("{id}-help");
    html! {
        <div class="console" data-testid={format!("{id}-console")}>
            <div
                class="console__output"
                ref={output}
                role="log"
                aria-live="polite"
                aria-label={lang.t(ConsoleText::Output)}
                tabindex="0"
                data-testid="console-output"
            >
                { for state.entries.iter().map(|entry| entry_view(&lang, entry)) }
                if state.listening {
                    <p class="console__status">{ lang.t(ConsoleText::Listening) }</p>
                } else if state.running.is_some() {
                    <p class="console__status">{ lang.t(ConsoleText::Waiting) }</p>
                }
            </div>
            <label class="console__label" for={format!("{id}-input")}>
                { lang.t(ConsoleText::Input) }
            </label>
            <div class="console__row">
                <span class="console__prompt" aria-hidden="true">{ "redis>" }</span>
                <textarea
                    id={format!("{id}-input")}
                    class="console__input"
                    data-testid="console-input"
                    rows={if props.compact { "1" } else { "2" }}
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    value={(*input).clone()}
                    oninput={on_input}
                    onkeydown={on_keydown}
                    aria-describedby={format!("{hint_id} {help_id}")}
                />
            </div>
            <div class="console__buttons">
                <button type="button" class="button" data-testid="console-run"
                    onclick={on_run} disabled={!connected}>
                    { lang.t(ConsoleText::Run) }
                </button>
                <button type="button" class="button button--quiet" data-testid="console-stop"
                    onclick={on_stop} disabled={!stoppable}>
                    { lang.t(ConsoleText::Stop) }
                </button>
                <button type="button" class="button button--quiet" data-testid="console-keys"
                    onclick={on_keys} disabled={!connected}>
                    { lang.t(ConsoleText::MyKeys) }
                </button>
                <button type="button" class="button button--quiet" onclick={on_clear}>
                    { lang.t(ConsoleText::Clear) }
                </button>
            </div>
            <div id={help_id.clone()} class="console__help" data-testid="console-help"
                aria-label={lang.t(ConsoleText::Help)} role="note">
                if let (Some(name), Some(docs)) = (&help, &docs) {
                    <p>
                        <code class="console__syntax">
                            { format!("{} {}", name.replace('|', " ").to_uppercase(), docs.syntax) }
                        </code>
                    </p>
                    <p>
                        { docs.summary.clone() }
                        { " (" }{ fill(lang.t(ConsoleText::Since), &[&docs.since]) }{ ")" }
                    </p>
                }
                if !found.is_empty() && help.is_none() {
                    <ul class="console__completions" aria-label={lang.t(ConsoleText::Completions)}>
                        { for found.iter().take(8).map(|name| html! { <li><code>{ name }</code></li> }) }
                    </ul>
                }
            </div>
            <p id={hint_id.clone()} class="hint">
                { fill(lang.t(ConsoleText::InputHint), &[&BLOCK_CAP_SECS.to_string()]) }
            </p>
        </div>
    }
}

/// The longest start all of `names` share; `None` when there are none.
fn common_prefix(names: &[String]) -> Option<String> {
    let first = names.first()?;
    let mut len = first.len();
    for name in &names[1..] {
        len = len.min(
            first
                .bytes()
                .zip(name.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    Some(first[..len].to_owned())
}

fn entry_view(lang: &LangHandle, entry: &Entry) -> Html {
    match entry {
        Entry::Typed(line) => html! {
            <pre class="console__typed" data-testid="console-typed">{ format!("redis> {line}") }</pre>
        },
        Entry::Sent(args) => {
            let line: Vec<String> = args.iter().map(|a| quote(a)).collect();
            html! {
                <p class="console__sent" data-testid="console-sent">
                    <span class="console__sent-label">{ lang.t(ConsoleText::Sent) }{ ": " }</span>
                    <code>{ line.join(" ") }</code>
                </p>
            }
        }
        Entry::Reply { text, ok } => html! {
            <pre class={classes!("console__reply", (!ok).then_some("console__reply--error"))}
                data-testid="console-reply">{ text }</pre>
        },
        Entry::Refused { command, refusal } => {
            let key = match refusal {
                Refusal::ServerWide => ConsoleText::RefusedServerWide,
                Refusal::Connection => ConsoleText::RefusedConnection,
                Refusal::NeedsAcl => ConsoleText::RefusedNeedsAcl,
                Refusal::NotOffered => ConsoleText::RefusedNotOffered,
            };
            html! {
                <p class="console__refused" data-testid="console-refused">
                    { fill(lang.t(key), &[command]) }
                </p>
            }
        }
        Entry::Parse(error) => {
            let key = match error {
                ParseError::Unbalanced => ConsoleText::ParseUnbalanced,
                ParseError::AfterQuote => ConsoleText::ParseAfterQuote,
                ParseError::NotText => ConsoleText::ParseNotText,
            };
            html! { <p class="console__refused" data-testid="console-parse-error">{ lang.t(key) }</p> }
        }
        Entry::Stopped => html! {
            <p class="console__status" data-testid="console-stopped">{ lang.t(ConsoleText::Stopped) }</p>
        },
        Entry::Failed(failure) => {
            let sentence = match failure {
                Failure::Server(error) => error_sentence(lang.lang, error),
                Failure::Lost => lang.t(Text::RequestLost).to_owned(),
                Failure::NotSent => lang.t(Text::RequestNotSent).to_owned(),
            };
            html! { <p class="console__refused" data-testid="console-failed">{ sentence }</p> }
        }
        Entry::Keys { keys, more } => html! {
            <div class="console__keys" data-testid="console-my-keys">
                <p>{ lang.t(ConsoleText::MyKeysTitle) }</p>
                if keys.is_empty() {
                    <p>{ lang.t(ConsoleText::NoKeys) }</p>
                } else {
                    <ul>{ for keys.iter().map(|k| html! { <li><code>{ k }</code></li> }) }</ul>
                }
                if *more {
                    <p>{ fill(lang.t(ConsoleText::MoreKeys), &[&keys.len().to_string()]) }</p>
                }
            </div>
        },
    }
}
