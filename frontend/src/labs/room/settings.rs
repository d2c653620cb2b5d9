//! The presenter's choices: a tab per room lab, and the current lab's parameters (the lock's lifetime
//! and hold, the limiter's algorithm, size and window). Participants see the same values read-only.

use shared::ratelimit::Algorithm;
use shared::room::{RoomLab, RoomSettings};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{lab_id, lab_name, use_tr};
use crate::format::seconds;
use crate::i18n::room::RoomText as T;
use crate::i18n::{Text, fill, use_lang};

/// The name of a limiter algorithm, as the rate-limit lab calls it.
fn algorithm_name(algorithm: Algorithm) -> Text {
    match algorithm {
        Algorithm::FixedWindow => Text::RlAlgoFixed,
        Algorithm::SlidingLogCourse => Text::RlAlgoCourse,
        Algorithm::SlidingLogLua => Text::RlAlgoLua,
        Algorithm::SlidingCounter => Text::RlAlgoCounter,
        Algorithm::TokenBucket => Text::RlAlgoBucket,
    }
}

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
    let tr = use_tr();
    html! {
        <nav class="room-tabs" aria-label={tr.t(T::TabsLabel)}>
            { for RoomLab::ALL.into_iter().map(|lab| {
                let current = props.settings.lab == lab;
                let settings = props.settings.clone();
                let onclick = props.on_configure.reform(move |_: MouseEvent| RoomSettings { lab, ..settings.clone() });
                html! {
                    <button type="button" class={classes!("room-tab", current.then_some("room-tab--on"))}
                        data-testid="room-lab-tab" data-lab={lab_id(lab)}
                        aria-pressed={current.to_string()} {onclick}>
                        { tr.t(lab_name(lab)) }
                    </button>
                }
            }) }
        </nav>
    }
}

/// A number field's value; anything unreadable is 0, which the range check then names.
fn number(value: &str) -> u32 {
    value.trim().parse().unwrap_or(0)
}

/// The current lab's parameters, applied together.
#[component]
pub fn SettingsForm(props: &SettingsProps) -> Html {
    let lang = use_lang();
    let tr = use_tr();
    let draft = use_state(|| props.settings.clone());
    {
        // Another tab or a key press changed the room's settings: start again from them.
        let draft = draft.clone();
        use_effect_with(props.settings.clone(), move |settings| {
            draft.set(settings.clone())
        });
    }
    let edit = |change: fn(&mut RoomSettings, String)| {
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let mut next = (*draft).clone();
            change(
                &mut next,
                event.target_unchecked_into::<HtmlInputElement>().value(),
            );
            draft.set(next);
        })
    };
    let on_algorithm = {
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let id = event.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(algorithm) = Algorithm::ALL.into_iter().find(|a| a.id() == id) {
                draft.set(RoomSettings {
                    algorithm,
                    ..(*draft).clone()
                });
            }
        })
    };
    let on_submit = {
        let (draft, on_configure) = (draft.clone(), props.on_configure.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            on_configure.emit((*draft).clone());
        })
    };
    let field = |id: &'static str, label: T, value: u32, change: fn(&mut RoomSettings, String)| {
        html! {
            <div class="room-field">
                <label for={id}>{ tr.t(label) }</label>
                <input {id} type="number" inputmode="numeric" min="0" data-testid={id}
                    value={value.to_string()} onchange={edit(change)} />
            </div>
        }
    };
    let fields = match props.settings.lab {
        RoomLab::Pubsub => return Html::default(),
        RoomLab::Lock => html! {
            <>
                { field("room-lock-ttl", T::LockTtl, draft.lock_ttl_ms, |s, v| s.lock_ttl_ms = number(&v)) }
                { field("room-lock-hold", T::LockHold, draft.lock_hold_ms, |s, v| s.lock_hold_ms = number(&v)) }
            </>
        },
        RoomLab::Ratelimit => html! {
            <>
                <div class="room-field">
                    <label for="room-algorithm">{ tr.t(T::Algorithm) }</label>
                    <select id="room-algorithm" data-testid="room-algorithm" onchange={on_algorithm}>
                        { for Algorithm::ALL.into_iter().map(|a| html! {
                            <option value={a.id()} selected={a == draft.algorithm}>{ lang.t(algorithm_name(a)) }</option>
                        }) }
                    </select>
                </div>
                { field("room-max", T::MaxRequests, draft.max_requests, |s, v| s.max_requests = number(&v)) }
                { field("room-window", T::WindowSeconds, draft.window_seconds, |s, v| s.window_seconds = number(&v)) }
            </>
        },
    };
    html! {
        <form class="room-settings" onsubmit={on_submit} aria-label={tr.t(T::SettingsLabel)}>
            { fields }
            <button type="submit" class="button" data-testid="room-apply">{ tr.t(T::Apply) }</button>
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
    let tr = use_tr();
    let s = &props.settings;
    let line = match s.lab {
        RoomLab::Pubsub => return Html::default(),
        RoomLab::Lock => fill(
            tr.t(T::LockSummary),
            &[&seconds(s.lock_ttl_ms), &seconds(s.lock_hold_ms)],
        ),
        RoomLab::Ratelimit => fill(
            tr.t(T::LimiterSummary),
            &[
                lang.t(algorithm_name(s.algorithm)),
                &s.max_requests.to_string(),
                &s.window_seconds.to_string(),
            ],
        ),
    };
    html! { <p class="room-summary" data-testid="room-settings-summary">{ line }</p> }
}
