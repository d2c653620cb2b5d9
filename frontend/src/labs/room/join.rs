//! `/room/<CODE>`: a participant's page. The code comes from the link (or is typed), a name is optional,
//! and joining makes this browser a member of the room until the page is left.

use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use super::code::{LinkCode, parse};
use super::stage::Stage;
use super::state::{Action, Phase, Problem, RoomState, Start};
use super::{problem_sentence, use_room};
use crate::i18n::room::RoomText as T;
use crate::i18n::{fill, use_lang};
use crate::route::Route;
use shared::room::MAX_NAME;

/// Props of [`JoinRoom`].
#[derive(Properties, PartialEq)]
pub struct JoinRoomProps {
    /// The code in the URL, as it came.
    pub code: LinkCode,
}

/// What the join form starts with: the last join asked for (so a failed join keeps what was typed),
/// else the link's code as it came, and whether the link's code is malformed.
pub fn prefill(start: Option<&Start>, link: &LinkCode) -> (String, String, bool) {
    match start {
        Some(Start::Join { code, name }) => (code.clone(), name.clone(), false),
        _ => (
            link.as_str().to_owned(),
            String::new(),
            link.code().is_none(),
        ),
    }
}

/// The join form until the room answers, then the room.
#[component]
pub fn JoinRoom(props: &JoinRoomProps) -> Html {
    let state = use_reducer(RoomState::default);
    let controls = use_room(&state);
    let phase = state.phase();
    // A room that never answered (a wrong code, a room already closed) brings the form back.
    let entered = state.book.me.is_some();
    if phase == Phase::Idle || (phase == Phase::Error && !entered) {
        let on_join = {
            let dispatcher = state.dispatcher();
            Callback::from(move |start| dispatcher.dispatch(Action::Begin(start)))
        };
        let (code, name, malformed) = prefill(state.start.as_ref(), &props.code);
        let link = malformed.then(|| AttrValue::from(props.code.to_string()));
        return html! {
            <JoinForm code={AttrValue::from(code)} name={AttrValue::from(name)} {link}
                problem={state.problem.clone()} {on_join} />
        };
    }
    html! { <Stage {state} {controls} /> }
}

/// Props of [`JoinForm`].
#[derive(Properties, PartialEq)]
struct JoinFormProps {
    code: AttrValue,
    name: AttrValue,
    /// The link's code, when it is not a room code.
    link: Option<AttrValue>,
    problem: Option<Problem>,
    on_join: Callback<Start>,
}

/// The code (pre-filled from the link) and an optional name.
#[component]
fn JoinForm(props: &JoinFormProps) -> Html {
    let lang = use_lang();
    let code = use_state(|| props.code.to_string());
    let name = use_state(|| props.name.to_string());
    let invalid = use_state(|| false);
    let navigator = use_navigator();
    let input = |field: &UseStateHandle<String>| {
        let field = field.clone();
        Callback::from(move |event: InputEvent| {
            field.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_submit = {
        let (code, name, invalid, on_join, navigator) = (
            code.clone(),
            name.clone(),
            invalid.clone(),
            props.on_join.clone(),
            navigator.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match parse(&code) {
                Some(code) => {
                    // The address bar shows the room joined, not what the link first carried.
                    if let Some(navigator) = &navigator {
                        navigator.replace(&Route::Room {
                            code: LinkCode::new(&code),
                        });
                    }
                    on_join.emit(Start::Join {
                        code,
                        name: (*name).clone(),
                    });
                }
                None => invalid.set(true),
            }
        })
    };
    html! {
        <article class="page room room--join" data-testid="room-join">
            <header class="page__header">
                <h1>{ lang.t(T::JoinTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(T::JoinLead) }</p>
            if let Some(link) = props.link.as_ref().filter(|_| props.problem.is_none()) {
                <div class="error-box" data-testid="room-link-invalid" role="alert">
                    <p>{ fill(lang.t(T::LinkInvalid), &[link.as_str()]) }</p>
                    <p>{ lang.t(T::CodeInvalid) }</p>
                </div>
            }
            if let Some(problem) = &props.problem {
                <div class="error-box" data-testid="room-error" role="alert">
                    <p>{ problem_sentence(lang.lang, problem) }</p>
                </div>
            }
            <form class="room-join" onsubmit={on_submit}>
                <div class="field room-field">
                    <label for="room-join-code">{ lang.t(T::CodeLabel) }</label>
                    <input id="room-join-code" data-testid="room-join-code" type="text" autocomplete="off"
                        autocapitalize="characters" spellcheck="false" value={(*code).clone()} oninput={input(&code)}
                        aria-invalid={invalid.then_some("true")} />
                    if *invalid {
                        <p class="room-field__error">{ lang.t(T::CodeInvalid) }</p>
                    }
                </div>
                <div class="field room-field">
                    <label for="room-join-name">{ lang.t(T::NameLabel) }</label>
                    <input id="room-join-name" data-testid="room-join-name" type="text" autocomplete="nickname"
                        maxlength={MAX_NAME.to_string()} value={(*name).clone()} oninput={input(&name)}
                        placeholder={lang.t(T::NamePlaceholder)} />
                </div>
                <button type="submit" class="button room-big-button" data-testid="room-join-submit">{ lang.t(T::Join) }</button>
            </form>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_keeps_the_last_join_else_the_link_as_it_came() {
        let link = LinkCode::new("abcd-0345");
        assert_eq!(
            prefill(None, &link),
            ("abcd-0345".into(), String::new(), true)
        );
        let good = LinkCode::new("ABCD2345");
        assert_eq!(
            prefill(None, &good),
            ("ABCD2345".into(), String::new(), false)
        );
        let asked = Start::Join {
            code: "WXYZ2345".into(),
            name: "ada".into(),
        };
        assert_eq!(
            prefill(Some(&asked), &link),
            ("WXYZ2345".into(), "ada".into(), false)
        );
    }
}
