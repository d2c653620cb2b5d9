//! The presenter's choices: a tab per room lab, and the current lab's parameters (the lock's lifetime
//! and hold, the limiter's algorithm, size and window). Participants see the same values read-only.

use shared::exercise::ExerciseKind;
use shared::ratelimit::Algorithm;
use shared::room::{RoomLab, RoomSettings};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{lab_id, lab_name};
use crate::format::seconds;
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::room::RoomText as T;
use crate::i18n::{fill, use_lang};
use crate::labs::exercise::exercise_name;

/// Props of [`LabTabs`] and [`SettingsForm`].
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// The room's current settings.
    pub settings: RoomSettings,
    /// New settings for everyone.
    pub on_configure: Callback<RoomSettings>,
}

/// A tab per room lab; choosing one shows it on every member's screen.
#[component]
pub fn LabTabs(props: &SettingsProps) -> Html {
    let lang = use_lang();
    html! {
        <nav class="room-tabs" aria-label={lang.t(T::TabsLabel)}>
            { for RoomLab::ALL.into_iter().map(|lab| {
                let current = props.settings.lab == lab;
                let settings = props.settings.clone();
                let onclick = props.on_configure.reform(move |_: MouseEvent| RoomSettings { lab, ..settings.clone() });
                html! {
                    <button type="button" class={classes!("room-tab", current.then_some("room-tab--on"))}
                        data-testid="room-lab-tab" data-lab={lab_id(lab)}
                        aria-pressed={current.to_string()} {onclick}>
                        { lang.t(lab_name(lab)) }
                    </button>
                }
            }) }
        </nav>
    }
}

/// An exercise's `value` in the select.
fn exercise_id(kind: ExerciseKind) -> &'static str {
    match kind {
        ExerciseKind::Ratelimit => "ratelimit",
        ExerciseKind::Lock => "lock",
        ExerciseKind::Cache => "cache",
        ExerciseKind::Pubsub => "pubsub",
    }
}

/// A number field's value; anything unreadable is 0, which the range check then names.
fn number(value: &str) -> u32 {
    value.trim().parse().unwrap_or(0)
}

/// The value typed in the field `node`, if it is drawn.
fn typed(node: &NodeRef) -> Option<u32> {
    node.cast::<HtmlInputElement>()
        .map(|input| number(&input.value()))
}

/// The current lab's parameters, applied together. The fields are read when the form is sent, so a
/// value typed and sent with Enter is the value applied.
#[component]
pub fn SettingsForm(props: &SettingsProps) -> Html {
    let lang = use_lang();
    let ttl = use_node_ref();
    let hold = use_node_ref();
    let algorithm = use_node_ref();
    let max = use_node_ref();
    let window = use_node_ref();
    let exercise = use_node_ref();
    let on_submit = {
        let settings = props.settings.clone();
        let on_configure = props.on_configure.clone();
        let (ttl, hold, algorithm, max, window, exercise) = (
            ttl.clone(),
            hold.clone(),
            algorithm.clone(),
            max.clone(),
            window.clone(),
            exercise.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let chosen = algorithm.cast::<HtmlSelectElement>().and_then(|select| {
                let id = select.value();
                Algorithm::ALL.into_iter().find(|a| a.id() == id)
            });
            let picked = exercise.cast::<HtmlSelectElement>().and_then(|select| {
                let id = select.value();
                ExerciseKind::ALL
                    .into_iter()
                    .find(|k| exercise_id(*k) == id)
            });
            on_configure.emit(RoomSettings {
                lab: settings.lab,
                lock_ttl_ms: typed(&ttl).unwrap_or(settings.lock_ttl_ms),
                lock_hold_ms: typed(&hold).unwrap_or(settings.lock_hold_ms),
                algorithm: chosen.unwrap_or(settings.algorithm),
                max_requests: typed(&max).unwrap_or(settings.max_requests),
                window_seconds: typed(&window).unwrap_or(settings.window_seconds),
                exercise: picked.unwrap_or(settings.exercise),
            });
        })
    };
    let field = |id: &'static str, label: T, value: u32, node: &NodeRef| {
        html! {
            <div class="field room-field">
                <label for={id}>{ lang.t(label) }</label>
                <input {id} ref={node.clone()} type="number" inputmode="numeric" min="0" data-testid={id}
                    value={value.to_string()} />
            </div>
        }
    };
    let s = &props.settings;
    let fields = match s.lab {
        RoomLab::Pubsub => return Html::default(),
        RoomLab::Lock => html! {
            <>
                { field("room-lock-ttl", T::LockTtl, s.lock_ttl_ms, &ttl) }
                { field("room-lock-hold", T::LockHold, s.lock_hold_ms, &hold) }
            </>
        },
        RoomLab::Ratelimit => html! {
            <>
                <div class="field room-field">
                    <label for="room-algorithm">{ lang.t(T::Algorithm) }</label>
                    <select id="room-algorithm" ref={algorithm} data-testid="room-algorithm">
                        { for Algorithm::ALL.into_iter().map(|a| html! {
                            <option value={a.id()} selected={a == s.algorithm}>{ lang.t(RatelimitText::algorithm(a)) }</option>
                        }) }
                    </select>
                </div>
                { field("room-max", T::MaxRequests, s.max_requests, &max) }
                { field("room-window", T::WindowSeconds, s.window_seconds, &window) }
            </>
        },
        RoomLab::Exercise => html! {
            <div class="field room-field">
                <label for="room-exercise">{ lang.t(T::ExerciseField) }</label>
                <select id="room-exercise" ref={exercise} data-testid="room-exercise">
                    { for ExerciseKind::ALL.into_iter().map(|k| html! {
                        <option value={exercise_id(k)} selected={k == s.exercise}>{ lang.t(exercise_name(k)) }</option>
                    }) }
                </select>
            </div>
        },
    };
    html! {
        <form class="room-settings" onsubmit={on_submit} aria-label={lang.t(T::SettingsLabel)}>
            { fields }
            <button type="submit" class="button" data-testid="room-apply">{ lang.t(T::Apply) }</button>
        </form>
    }
}

/// Props of [`SettingsSummary`].
#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// The room's current settings.
    pub settings: RoomSettings,
}

/// The current lab's parameters as the presenter set them, for participants.
#[component]
pub fn SettingsSummary(props: &SummaryProps) -> Html {
    let lang = use_lang();
    let s = &props.settings;
    let line = match s.lab {
        RoomLab::Pubsub => return Html::default(),
        RoomLab::Lock => fill(
            lang.t(T::LockSummary),
            &[&seconds(s.lock_ttl_ms), &seconds(s.lock_hold_ms)],
        ),
        RoomLab::Ratelimit => fill(
            lang.t(T::LimiterSummary),
            &[
                lang.t(RatelimitText::algorithm(s.algorithm)),
                &s.max_requests.to_string(),
                &s.window_seconds.to_string(),
            ],
        ),
        RoomLab::Exercise => fill(
            lang.t(T::ExerciseSummary),
            &[lang.t(exercise_name(s.exercise))],
        ),
    };
    html! { <p class="room-summary" data-testid="room-settings-summary">{ line }</p> }
}
