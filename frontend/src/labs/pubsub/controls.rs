//! The hub's configuration form: how many virtual subscribers, what they listen to, and Streams. Each
//! change that takes effect restarts the hub, so a count is applied when committed (Enter, arrows or
//! leaving the field) and custom names when "apply" is pressed, not at every keystroke.

use shared::pubsub::MAX_SUBSCRIBERS;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::config::{Config, CustomError, Preset, parse_count, parse_custom};
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{fill, param_range, use_lang};

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The configuration the hub runs.
    pub config: Config,
    /// A new configuration was chosen.
    pub on_config: Callback<Config>,
}

fn preset_text(preset: Preset) -> T {
    match preset {
        Preset::OneChannel => T::PresetOneChannel,
        Preset::PerUser => T::PresetPerUser,
        Preset::Custom => T::PresetCustom,
    }
}

/// Subscriber count, preset, custom names and the Streams switch.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let lang = use_lang();
    let config = &props.config;
    let count_error = use_state(|| false);
    let channels = use_state(|| config.custom.channels.join(", "));
    let patterns = use_state(|| config.custom.patterns.join(", "));
    let custom_error = use_state(|| None::<CustomError>);

    let on_count = {
        let (config, on_config, count_error) =
            (config.clone(), props.on_config.clone(), count_error.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            match parse_count(&value) {
                Ok(n) => {
                    count_error.set(false);
                    if n != config.virtual_subscribers {
                        on_config.emit(Config {
                            virtual_subscribers: n,
                            ..config.clone()
                        });
                    }
                }
                Err(_) => count_error.set(true),
            }
        })
    };
    let on_apply = {
        let (config, on_config) = (config.clone(), props.on_config.clone());
        let (channels, patterns, custom_error) =
            (channels.clone(), patterns.clone(), custom_error.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match parse_custom(&channels, &patterns) {
                Ok(custom) => {
                    custom_error.set(None);
                    on_config.emit(Config {
                        preset: Preset::Custom,
                        custom,
                        ..config.clone()
                    });
                }
                Err(error) => custom_error.set(Some(error)),
            }
        })
    };
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            state.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_streams = {
        let (config, on_config) = (config.clone(), props.on_config.clone());
        Callback::from(move |event: Event| {
            let streams = event.target_unchecked_into::<HtmlInputElement>().checked();
            on_config.emit(Config {
                streams,
                ..config.clone()
            });
        })
    };
    let custom_message = custom_error.as_ref().map(|error| match error {
        CustomError::BadName {
            name,
            pattern: false,
        } => fill(lang.t(T::CustomBadChannel), &[name]),
        CustomError::BadName {
            name,
            pattern: true,
        } => fill(lang.t(T::CustomBadPattern), &[name]),
        CustomError::Count => lang.t(T::CustomCount).to_owned(),
    });

    html! {
        <section class="pubsub-panel pubsub-controls" aria-labelledby="pubsub-controls-title">
            <h2 id="pubsub-controls-title" class="panel-title">{ lang.t(T::ControlsTitle) }</h2>
            <div class="field pubsub-field">
                <label for="pubsub-count">
                    { lang.t(T::CountLabel) }
                    <span class="field__range">{ format!("1–{MAX_SUBSCRIBERS}") }</span>
                </label>
                <input
                    id="pubsub-count"
                    data-testid="pubsub-subscribers"
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max={MAX_SUBSCRIBERS.to_string()}
                    value={config.virtual_subscribers.to_string()}
                    aria-invalid={count_error.then_some("true")}
                    onchange={on_count}
                />
                if *count_error {
                    <p class="pubsub-field__error" role="alert">
                        { param_range(lang.lang, &shared::ParamRange { field: lang.t(T::CountLabel).to_owned(), min: 1, max: MAX_SUBSCRIBERS.into() }) }
                    </p>
                }
            </div>
            <fieldset class="field pubsub-field pubsub-presets">
                <legend>{ lang.t(T::PresetLabel) }</legend>
                { for Preset::ALL.into_iter().map(|preset| {
                    let on_config = props.on_config.clone();
                    let next = Config { preset, ..config.clone() };
                    let onchange = Callback::from(move |_: Event| on_config.emit(next.clone()));
                    html! {
                        <label class="pubsub-radio">
                            <input type="radio" name="pubsub-preset" value={preset.id()} data-preset={preset.id()}
                                checked={config.preset == preset} {onchange} />
                            { lang.t(preset_text(preset)) }
                        </label>
                    }
                }) }
            </fieldset>
            if config.preset == Preset::Custom {
                <form class="pubsub-custom" onsubmit={on_apply} novalidate=true>
                    <label for="pubsub-custom-channels">{ lang.t(T::CustomChannels) }</label>
                    <input id="pubsub-custom-channels" type="text" spellcheck="false" autocomplete="off"
                        value={(*channels).clone()} oninput={text_input(&channels)} />
                    <label for="pubsub-custom-patterns">{ lang.t(T::CustomPatterns) }</label>
                    <input id="pubsub-custom-patterns" type="text" spellcheck="false" autocomplete="off"
                        value={(*patterns).clone()} oninput={text_input(&patterns)} />
                    <p class="hint">{ lang.t(T::CustomHint) }</p>
                    <button type="submit" class="button button--quiet">{ lang.t(T::CustomApply) }</button>
                    if let Some(message) = custom_message {
                        <p class="pubsub-field__error" role="alert">{ message }</p>
                    }
                </form>
            }
            <label class="check pubsub-check">
                <input type="checkbox" data-testid="pubsub-streams" checked={config.streams} onchange={on_streams} />
                { lang.t(T::StreamsLabel) }
            </label>
            <p class="hint">{ lang.t(T::StreamsHint) }</p>
        </section>
    }
}
