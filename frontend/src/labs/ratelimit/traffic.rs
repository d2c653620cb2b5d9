//! Where requests come from: the "send request" button, a generated run (through the lanes, or over
//! many application servers), and the actions around them (stop, peek, reset, export and import of a
//! run's trace).

use web_sys::{File, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::generator::PatternKind;
use super::settings::{Setting, Settings};
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::{fill, use_lang};

/// A button of the traffic panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// One request now through every chosen lane.
    Send,
    /// A run of the chosen generator.
    Run,
    /// The chosen generator dealt over many application servers.
    Servers,
    /// Stop the run in flight.
    Stop,
    /// Read the button's quota without consuming it.
    Peek,
    /// Delete the button's keys.
    Reset,
    /// Save the run's arrivals as a file.
    Export,
    /// Load a saved file and run it.
    Import(File),
    /// Run the loaded file again with the current settings.
    ReplayFile,
}

/// Props of [`Traffic`].
#[derive(Properties, PartialEq)]
pub struct TrafficProps {
    /// The form's values.
    pub settings: Settings,
    /// The field a range error names, marked invalid.
    pub invalid: Option<AttrValue>,
    /// Whether a run is in flight (Stop is enabled).
    pub running: bool,
    /// Whether there are arrivals to export.
    pub can_export: bool,
    /// Arrivals of the loaded file, once one is loaded.
    pub imported: Option<usize>,
    /// A generator value changed.
    pub on_setting: Callback<Setting>,
    /// A button was pressed.
    pub on_command: Callback<Command>,
}

/// The traffic panel.
#[component]
pub fn Traffic(props: &TrafficProps) -> Html {
    let lang = use_lang();
    let settings = &props.settings;
    let command = |command: Command| {
        props
            .on_command
            .reform(move |_: MouseEvent| command.clone())
    };
    let on_pattern = props.on_setting.reform(|event: Event| {
        let id = event.target_unchecked_into::<HtmlSelectElement>().value();
        let kind = PatternKind::ALL.into_iter().find(|k| k.id() == id);
        Setting::Pattern(kind.unwrap_or(PatternKind::Steady))
    });
    let on_servers = props.on_setting.reform(|event: InputEvent| {
        Setting::Servers(event.target_unchecked_into::<HtmlInputElement>().value())
    });
    let on_file = {
        let on_command = props.on_command.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let file = input.files().and_then(|files| files.get(0));
            // Cleared so that choosing the same file again still fires `change`.
            input.set_value("");
            if let Some(file) = file {
                on_command.emit(Command::Import(file));
            }
        })
    };

    html! {
        <section class="ratelimit-traffic" aria-label={lang.t(RatelimitText::TrafficLabel)}>
            <div class="ratelimit-traffic__send">
                <button type="button" class="button ratelimit-send" data-testid="ratelimit-send" data-key="step" onclick={command(Command::Send)}>
                    { lang.t(RatelimitText::Send) }
                    <kbd class="ratelimit-send__key" aria-hidden="true">{ "S" }</kbd>
                </button>
                <p class="hint">{ lang.t(RatelimitText::SendHint) }</p>
            </div>
            <div class="ratelimit-traffic__pattern">
                <div class="field">
                    <label for="ratelimit-pattern">{ lang.t(RatelimitText::PatternLabel) }</label>
                    <select id="ratelimit-pattern" data-testid="ratelimit-pattern" onchange={on_pattern}>
                        { for PatternKind::ALL.into_iter().map(|kind| html! {
                            <option value={kind.id()} selected={kind == settings.pattern}>{ lang.t(kind.label()) }</option>
                        }) }
                    </select>
                </div>
                { for settings.pattern.params().iter().map(|&param| {
                    let id = format!("ratelimit-param-{}", param.field());
                    let on_input = props.on_setting.reform(move |event: InputEvent| {
                        Setting::Param(param, event.target_unchecked_into::<HtmlInputElement>().value())
                    });
                    let invalid = (props.invalid.as_deref() == Some(param.field())).then_some("true");
                    html! {
                        <div class="field ratelimit-field--small">
                            <label for={id.clone()}>{ lang.t(param.label()) }</label>
                            <input
                                {id}
                                data-testid="ratelimit-param"
                                data-param={param.field()}
                                type="number"
                                inputmode="numeric"
                                min="0"
                                value={settings.param(param).to_owned()}
                                aria-invalid={invalid}
                                oninput={on_input}
                            />
                        </div>
                    }
                }) }
                <button type="button" class="button" data-testid="ratelimit-run" data-key="start" onclick={command(Command::Run)}>
                    { lang.t(RatelimitText::Run) }
                </button>
                <div class="ratelimit-field ratelimit-field--small">
                    <label for="ratelimit-servers">{ lang.t(RatelimitText::ServersLabel) }</label>
                    <input
                        id="ratelimit-servers"
                        data-testid="ratelimit-servers-count"
                        type="number"
                        inputmode="numeric"
                        min="2"
                        max="8"
                        value={settings.servers.clone()}
                        aria-invalid={(props.invalid.as_deref() == Some("servers")).then_some("true")}
                        oninput={on_servers}
                    />
                </div>
                <button type="button" class="button button--quiet" data-testid="ratelimit-servers-run" onclick={command(Command::Servers)}>
                    { lang.t(RatelimitText::ServersRun) }
                </button>
            </div>
            <div class="ratelimit-traffic__actions">
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="ratelimit-stop"
                    data-key="stop"
                    disabled={!props.running}
                    onclick={command(Command::Stop)}
                >
                    { lang.t(RatelimitText::Stop) }
                </button>
                <button type="button" class="button button--quiet" data-testid="ratelimit-peek" onclick={command(Command::Peek)}>
                    { lang.t(RatelimitText::Peek) }
                </button>
                <button type="button" class="button button--quiet" data-testid="ratelimit-reset" data-key="reset" onclick={command(Command::Reset)}>
                    { lang.t(RatelimitText::Reset) }
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="ratelimit-export"
                    disabled={!props.can_export}
                    onclick={command(Command::Export)}
                >
                    { lang.t(RatelimitText::Export) }
                </button>
                <label class="button button--quiet ratelimit-import">
                    { lang.t(RatelimitText::Import) }
                    <input
                        class="visually-hidden"
                        type="file"
                        accept=".json,application/json"
                        data-testid="ratelimit-import"
                        onchange={on_file}
                    />
                </label>
                if let Some(count) = props.imported {
                    <button
                        type="button"
                        class="button button--quiet"
                        data-testid="ratelimit-replay-file"
                        onclick={command(Command::ReplayFile)}
                    >
                        { fill(lang.t(RatelimitText::ReplayFile), &[&count.to_string()]) }
                    </button>
                }
            </div>
        </section>
    }
}
