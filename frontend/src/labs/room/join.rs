//! `/room/<CODE>`: a participant's page. The code comes from the link (or is typed), a name is optional,
//! and joining makes this browser a member of the room until the page is left.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::code::{RoomCode, parse};
use super::stage::Stage;
use super::state::{Action, Phase, Problem, RoomState, Start};
use super::{problem_sentence, updates, use_controls, use_tr};
use crate::i18n::room::RoomText as T;
use crate::i18n::use_lang;
use crate::ws::use_ws;
use shared::room::MAX_NAME;

/// Props of [`JoinRoom`].
#[derive(Properties, PartialEq)]
pub struct JoinRoomProps {
    /// The code in the URL.
    pub code: RoomCode,
}

/// The join form until the room answers, then the room.
#[component]
pub fn JoinRoom(props: &JoinRoomProps) -> Html {
    let ws = use_ws();
    let state = use_reducer(RoomState::default);
    updates::use_membership(&ws, &state);
    updates::use_updates(&ws, &state);
    let controls = use_controls(&ws, &state);
    let phase = state.phase();
    // A room that never answered (a wrong code, a room already closed) brings the form back.
    let entered = state.book.me.is_some();
    if phase == Phase::Idle || (phase == Phase::Error && !entered) {
        let on_join = {
            let dispatcher = state.dispatcher();
            Callback::from(move |start| dispatcher.dispatch(Action::Begin(start)))
        };
        return html! {
            <JoinForm code={AttrValue::from(props.code.to_string())} problem={state.problem.clone()} {on_join} />
        };
    }
    html! { <Stage {state} {controls} /> }
}

/// Props of [`JoinForm`].
#[derive(Properties, PartialEq)]
struct JoinFormProps {
    code: AttrValue,
    problem: Option<Problem>,
    on_join: Callback<Start>,
}

/// The code (pre-filled from the link) and an optional name.
#[component]
fn JoinForm(props: &JoinFormProps) -> Html {
    let lang = use_lang();
    let tr = use_tr();
    let code = use_state(|| props.code.to_string());
    let name = use_state(String::new);
    let invalid = use_state(|| false);
    let input = |field: &UseStateHandle<String>| {
        let field = field.clone();
        Callback::from(move |event: InputEvent| {
            field.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_submit = {
        let (code, name, invalid, on_join) = (
            code.clone(),
            name.clone(),
            invalid.clone(),
            props.on_join.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match parse(&code) {
                Some(code) => on_join.emit(Start::Join {
                    code,
                    name: (*name).clone(),
                }),
                None => invalid.set(true),
            }
        })
    };
    html! {
        <article class="page room room--join" data-testid="room-join">
            <header class="page__header">
                <h1>{ tr.t(T::JoinTitle) }</h1>
            </header>
            <p class="lead">{ tr.t(T::JoinLead) }</p>
            if let Some(problem) = &props.problem {
                <div class="error-box" data-testid="room-error" role="alert">
                    <p>{ problem_sentence(lang.lang, problem) }</p>
                </div>
            }
            <form class="room-join" onsubmit={on_submit}>
                <div class="room-field">
                    <label for="room-join-code">{ tr.t(T::CodeLabel) }</label>
                    <input id="room-join-code" data-testid="room-join-code" type="text" autocomplete="off"
                        autocapitalize="characters" spellcheck="false" value={(*code).clone()} oninput={input(&code)}
                        aria-invalid={invalid.then_some("true")} />
                    if *invalid {
                        <p class="room-field__error">{ tr.t(T::CodeInvalid) }</p>
                    }
                </div>
                <div class="room-field">
                    <label for="room-join-name">{ tr.t(T::NameLabel) }</label>
                    <input id="room-join-name" data-testid="room-join-name" type="text" autocomplete="nickname"
                        maxlength={MAX_NAME.to_string()} value={(*name).clone()} oninput={input(&name)}
                        placeholder={tr.t(T::NamePlaceholder)} />
                </div>
                <button type="submit" class="button room-big-button" data-testid="room-join-submit">{ tr.t(T::Join) }</button>
            </form>
        </article>
    }
}
