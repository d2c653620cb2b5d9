//! The form: how the clients behave, the fault switches, and Start and Stop.

use shared::lock::{Acquire, Release};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::form::{Field, Form, Setting};
use crate::components::SpeedPicker;
use crate::i18n::lock::LockText;
use crate::i18n::{LangHandle, use_lang};

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The form's values.
    pub form: Form,
    /// The field a range error names, marked invalid.
    pub invalid: Option<Field>,
    /// A run is in flight: Start waits, Stop is offered.
    pub running: bool,
    /// There is a connection to send on.
    pub connected: bool,
    /// A value changed.
    pub on_setting: Callback<Setting>,
    /// Start was pressed.
    pub on_start: Callback<()>,
    /// Stop was pressed.
    pub on_stop: Callback<()>,
    /// A run in step mode is in flight: Step is offered.
    pub stepping: bool,
    /// Step was pressed.
    pub on_step: Callback<()>,
}

/// The clients' parameters, the faults, and the run buttons.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let lang = use_lang();
    let form = &props.form;
    let number = |field: Field| number_field(&lang, form, field, props);
    let check = |label: LockText, testid: &'static str, on: bool, make: fn(bool) -> Setting| {
        let onchange = props.on_setting.reform(move |event: Event| {
            make(event.target_unchecked_into::<HtmlInputElement>().checked())
        });
        html! {
            <label class="check">
                <input type="checkbox" data-testid={testid} checked={on} {onchange} />
                { lang.t(label) }
            </label>
        }
    };
    let release = [
        (Release::Lua, "lua", LockText::ReleaseLua),
        (Release::Del, "del", LockText::ReleaseDel),
    ]
    .map(|(value, id, label)| (form.release == value, id, label, Setting::Release(value)));
    let acquire = [
        (Acquire::SetNxEx, "set_nx_ex", LockText::AcquireSetNxEx),
        (
            Acquire::SetnxThenExpire,
            "setnx_then_expire",
            LockText::AcquireSetnx,
        ),
    ]
    .map(|(value, id, label)| (form.acquire == value, id, label, Setting::Acquire(value)));
    let on_start = props.on_start.reform(|_: MouseEvent| ());
    let on_stop = props.on_stop.reform(|_: MouseEvent| ());
    let on_step = props.on_step.reform(|_: MouseEvent| ());

    html! {
        <section class="lock-controls" aria-label={lang.t(LockText::ControlsLabel)}>
            <fieldset class="lock-group">
                <legend>{ lang.t(LockText::ClientsLegend) }</legend>
                { number(Field::Clients) }
                { number(Field::Rounds) }
                { number(Field::TimeoutSecs) }
                { number(Field::RetryMs) }
                { number(Field::WorkMs) }
                { number(Field::JitterMs) }
                { number(Field::DeadlineSecs) }
                { check(LockText::FieldBlocking, "lock-blocking", form.blocking, Setting::Blocking) }
                { check(LockText::FieldStep, "lock-step-mode", form.step, Setting::Step) }
            </fieldset>
            <fieldset class="lock-group lock-group--faults">
                <legend>{ lang.t(LockText::FaultsLegend) }</legend>
                { number(Field::PauseMs) }
                { choice(&lang, LockText::ReleaseLegend, "lock-release", release, &props.on_setting) }
                { choice(&lang, LockText::AcquireLegend, "lock-acquire", acquire, &props.on_setting) }
                { check(LockText::FieldFencing, "lock-fencing", form.fencing, Setting::Fencing) }
                { check(LockText::FieldRenewal, "lock-renewal", form.renewal, Setting::Renewal) }
            </fieldset>
            <div class="lock-run-buttons">
                <SpeedPicker id="lock-speed" value={form.speed} on_change={props.on_setting.reform(Setting::Speed)} />
                <button
                    type="button"
                    class="button"
                    data-testid="lock-start"
                    data-key="start"
                    disabled={props.running || !props.connected}
                    onclick={on_start}
                >
                    { lang.t(LockText::Start) }
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="lock-stop"
                    data-key="stop"
                    disabled={!props.running}
                    onclick={on_stop}
                >
                    { lang.t(LockText::Stop) }
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="lock-step"
                    data-key="step"
                    disabled={!props.stepping}
                    onclick={on_step}
                >
                    { lang.t(LockText::Step) }
                </button>
            </div>
        </section>
    }
}

/// A number with its label and accepted range.
fn number_field(lang: &LangHandle, form: &Form, field: Field, props: &ControlsProps) -> Html {
    let id = format!("lock-{}", field.wire().replace('_', "-"));
    let (min, max) = field.range();
    let oninput = props.on_setting.reform(move |event: InputEvent| {
        Setting::Number(
            field,
            event.target_unchecked_into::<HtmlInputElement>().value(),
        )
    });
    let invalid = (props.invalid == Some(field)).then_some("true");
    html! {
        <div class="field">
            <label for={id.clone()}>
                { lang.t(field.label()) }
                <span class="field__range">{ format!("{min}–{max}") }</span>
            </label>
            <input
                id={id}
                type="number"
                inputmode="numeric"
                data-testid="lock-field"
                data-field={field.wire()}
                min={min.to_string()}
                max={max.to_string()}
                value={form.number(field).to_owned()}
                aria-invalid={invalid}
                {oninput}
            />
        </div>
    }
}

/// A pair of radio buttons: `(checked, value, label, setting)` each.
fn choice(
    lang: &LangHandle,
    legend: LockText,
    name: &'static str,
    options: [(bool, &'static str, LockText, Setting); 2],
    on_setting: &Callback<Setting>,
) -> Html {
    html! {
        <fieldset class="lock-choice" data-testid={name}>
            <legend>{ lang.t(legend) }</legend>
            { for options.into_iter().map(|(checked, value, label, setting)| {
                let onchange = on_setting.reform(move |_: Event| setting.clone());
                html! {
                    <label class="lock-choice__option">
                        <input type="radio" {name} {value} {checked} {onchange} />
                        <span>{ lang.t(label) }</span>
                    </label>
                }
            }) }
        </fieldset>
    }
}
