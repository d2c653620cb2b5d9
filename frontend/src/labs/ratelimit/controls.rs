//! The settings every request uses: which lanes, the limit (`max_requests` per `window_seconds`) and
//! whether runs are live or replayed.

use shared::ratelimit::{Algorithm, MAX_REQUESTS, MAX_WINDOW_SECONDS, Mode};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::settings::{Setting, Settings};
use crate::components::SpeedPicker;
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::use_lang;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The form's values.
    pub settings: Settings,
    /// The field a range error names, marked invalid.
    pub invalid: Option<AttrValue>,
    /// A value changed.
    pub on_setting: Callback<Setting>,
}

/// Lanes, limit and mode.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let lang = use_lang();
    let settings = &props.settings;
    let text = |make: fn(String) -> Setting| {
        props.on_setting.reform(move |event: InputEvent| {
            make(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let invalid = |field: &str| (props.invalid.as_deref() == Some(field)).then_some("true");

    html! {
        <section class="ratelimit-controls" aria-label={lang.t(RatelimitText::SettingsLabel)}>
            <fieldset class="field ratelimit-lanes-choice">
                <legend>{ lang.t(RatelimitText::LanesLabel) }</legend>
                { for Algorithm::ALL.into_iter().map(|algorithm| {
                    let checked = settings.lanes.contains(&algorithm);
                    let on_change = props.on_setting.reform(move |event: Event| {
                        let on = event.target_unchecked_into::<HtmlInputElement>().checked();
                        Setting::Lane(algorithm, on)
                    });
                    html! {
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="ratelimit-lane-toggle"
                                data-algorithm={algorithm.id()}
                                {checked}
                                onchange={on_change}
                            />
                            { lang.t(RatelimitText::algorithm(algorithm)) }
                        </label>
                    }
                }) }
            </fieldset>
            <div class="field">
                <label for="ratelimit-max">
                    { lang.t(RatelimitText::MaxLabel) }
                    <span class="field__range">{ format!("1–{MAX_REQUESTS}") }</span>
                </label>
                <input
                    id="ratelimit-max"
                    data-testid="ratelimit-max"
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max={MAX_REQUESTS.to_string()}
                    value={settings.max_requests.clone()}
                    aria-invalid={invalid("max_requests")}
                    oninput={text(Setting::MaxRequests)}
                />
            </div>
            <div class="field">
                <label for="ratelimit-window">
                    { lang.t(RatelimitText::WindowLabel) }
                    <span class="field__range">{ format!("1–{MAX_WINDOW_SECONDS}") }</span>
                </label>
                <input
                    id="ratelimit-window"
                    data-testid="ratelimit-window"
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max={MAX_WINDOW_SECONDS.to_string()}
                    value={settings.window_seconds.clone()}
                    aria-invalid={invalid("window_seconds")}
                    oninput={text(Setting::WindowSeconds)}
                />
            </div>
            <fieldset class="field ratelimit-mode" data-testid="ratelimit-mode" role="radiogroup">
                <legend>{ lang.t(RatelimitText::ModeLabel) }</legend>
                { for [(Mode::Live, "live", RatelimitText::ModeLive), (Mode::Replay, "replay", RatelimitText::ModeReplay)]
                    .into_iter()
                    .map(|(mode, id, label)| {
                        let on_change = props.on_setting.reform(move |_: Event| Setting::Mode(mode));
                        html! {
                            <label class="ratelimit-mode__option">
                                <input
                                    type="radio"
                                    name="ratelimit-mode"
                                    data-mode={id}
                                    value={id}
                                    checked={settings.mode == mode}
                                    onchange={on_change}
                                />
                                { lang.t(label) }
                            </label>
                        }
                    }) }
            </fieldset>
            if settings.mode == Mode::Live {
                <SpeedPicker id="ratelimit-speed" value={settings.speed} on_change={props.on_setting.reform(Setting::Speed)} />
            }
        </section>
    }
}
