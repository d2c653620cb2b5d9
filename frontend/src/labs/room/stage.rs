//! The room as both roles see it: a heading with the lab and the code, what went wrong, and the lab's
//! panel. The presenter also gets the invitation, the lab tabs, the settings and the reset; a
//! participant gets none of those, only the read-only settings and the actions anyone may take.

use shared::room::RoomLab;
use yew::prelude::*;

use super::board::Board;
use super::code::spaced;
use super::inbox::Inbox;
use super::invite::Invite;
use super::limiter_view::LimiterView;
use super::lock_view::LockView;
use super::publish::PublishPanel;
use super::settings::{LabTabs, SettingsForm, SettingsSummary};
use super::state::{Phase, Problem, RoomState, Start};
use super::{Controls, lab_id, lab_name, problem_sentence};
use crate::components::presenter::toggle_full_screen;
use crate::i18n::room::RoomText as T;
use crate::i18n::{Text, fill, use_lang};
use crate::labs::exercise::exercise_page;
use crate::ws::Failure;

/// Props of [`Stage`].
#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The page's state.
    pub state: UseReducerHandle<RoomState>,
    /// What the page can do.
    pub controls: Controls,
}

/// The room page's body once a membership was asked for.
#[component]
pub fn Stage(props: &StageProps) -> Html {
    let lang = use_lang();
    let state = &props.state;
    let controls = &props.controls;
    let book = &state.book;
    let phase = state.phase();
    let presenting = book.presenting();
    let settings = &book.settings;
    let on_fullscreen = Callback::from(|_: MouseEvent| toggle_full_screen());
    let on_dismiss = controls.dismiss.reform(|_: MouseEvent| ());
    let on_retry = controls.retry.reform(|_: MouseEvent| ());
    let on_reset = controls.reset.reform(|_: MouseEvent| ());
    let on_close = controls.close.reform(|_: MouseEvent| ());
    let role = if presenting {
        "presenter"
    } else {
        "participant"
    };
    let participants = book.participants().count().to_string();
    let opening = matches!(state.start, Some(Start::Open(_)));
    let status = match phase {
        Phase::Idle | Phase::Entering => Some(lang.t(T::Entering).to_owned()),
        Phase::Closed => Some(lang.t(T::Closed).to_owned()),
        Phase::Reconnecting => state.reclaim.as_ref().map(|r| {
            let grace = r.grace_secs.to_string();
            fill(lang.t(T::Reconnecting), &[&spaced(&r.code), &grace])
        }),
        Phase::Error => Some(match &state.gone {
            Some(code) => fill(lang.t(T::RoomLost), &[&spaced(code)]),
            None => lang.t(T::Failed).to_owned(),
        }),
        Phase::Open => None,
    };
    let again = if opening { T::OpenAgain } else { T::JoinAgain };
    // While reconnecting, or once the room is gone, the status already says the connection dropped.
    let problem = state.problem.as_ref().filter(|p| {
        let said = phase == Phase::Reconnecting || state.gone.is_some();
        !said || **p != Problem::Failed(Failure::Lost)
    });
    let panel = match settings.lab {
        RoomLab::Pubsub if presenting => html! {
            <PublishPanel book={book.clone()} draft={AttrValue::from(state.draft.clone())}
                on_draft={controls.draft.clone()} on_publish={controls.publish.clone()} />
        },
        RoomLab::Pubsub => html! { <Inbox book={book.clone()} /> },
        RoomLab::Lock => html! {
            <LockView book={book.clone()} offset_ms={state.offset_ms} busy={state.acquiring()}
                on_acquire={controls.acquire.clone()} />
        },
        RoomLab::Exercise if presenting => html! {
            <Board book={book.clone()} exercise={settings.exercise} />
        },
        RoomLab::Exercise => exercise_page(settings.exercise),
        RoomLab::Ratelimit => html! {
            <LimiterView book={book.clone()} offset_ms={state.offset_ms} on_send={controls.send.clone()} />
        },
    };

    html! {
        <article class={classes!("page", "room", format!("room--{role}"))} data-testid="room"
            data-state={phase.id()} data-role={role} data-lab={lab_id(settings.lab)}>
            <header class="room-head">
                <div class="room-head__title">
                    <p class="room-head__kicker">{ lang.t(T::Kicker) }</p>
                    // Until the room answers, its lab is not known: the default settings are not the room's.
                    <h1 data-testid="room-lab">{ lang.t(if book.me.is_some() { lab_name(settings.lab) } else { T::Entering }) }</h1>
                </div>
                if let Some(code) = &book.code {
                    <p class="room-head__code">
                        <span class="room-head__label">{ lang.t(T::CodeLabel) }</span>
                        <span class="room-code" data-testid="room-code" data-code={code.clone()}>{ spaced(code) }</span>
                    </p>
                }
                <p class="room-head__members" data-testid="room-member-count" data-count={participants.clone()}>
                    { fill(lang.t(T::Participants), &[&participants]) }
                </p>
                if let Some(me) = book.me.as_ref().filter(|_| !presenting) {
                    <p class="room-head__me" data-testid="room-me" data-member={me.n.to_string()}>
                        { fill(lang.t(T::You), &[&me.name]) }
                    </p>
                }
                if presenting {
                    <button type="button" class="button button--quiet room-head__full" onclick={on_fullscreen}>
                        { lang.t(T::Fullscreen) }
                    </button>
                }
            </header>
            if let Some(status) = status {
                <div class="room-status" data-testid="room-status" data-state={phase.id()}>
                    <p>{ status }</p>
                    if matches!(phase, Phase::Error | Phase::Closed | Phase::Reconnecting) {
                        <button type="button" class="button" data-testid="room-retry" onclick={on_retry}>
                            { lang.t(again) }
                        </button>
                    }
                </div>
            }
            if let Some(problem) = problem {
                <div class="error-box room-problem" data-testid="room-error" role="alert">
                    <p>{ problem_sentence(lang.lang, problem) }</p>
                    <button type="button" class="button button--quiet" onclick={on_dismiss}>{ lang.t(Text::Dismiss) }</button>
                </div>
            }
            if phase == Phase::Open && !presenting && book.presenter_away {
                <p class="room-status room-status--away" data-testid="room-presenter-away" role="status">
                    { lang.t(T::PresenterAway) }
                </p>
            }
            if phase == Phase::Open {
                if presenting {
                    <div class="room-grid">
                        <aside class="room-side">
                            if let Some(code) = &book.code {
                                <Invite code={AttrValue::from(code.clone())} />
                            }
                            <LabTabs settings={settings.clone()} on_configure={controls.configure.clone()} />
                            <SettingsForm settings={settings.clone()} on_configure={controls.configure.clone()} />
                            <button type="button" class="button button--quiet room-reset" data-testid="room-reset" onclick={on_reset}>
                                { lang.t(T::Reset) }
                            </button>
                            <button type="button" class="button button--quiet room-close" data-testid="room-close" onclick={on_close}>
                                { lang.t(T::CloseRoom) }
                            </button>
                            <p class="hint room-keys">{ lang.t(T::KeysHint) }</p>
                        </aside>
                        <section class="room-main">{ panel }</section>
                    </div>
                } else {
                    <section class="room-main">{ panel }</section>
                    <SettingsSummary settings={settings.clone()} />
                }
            }
        </article>
    }
}
