//! The home page's way into workshop rooms: open one as the presenter, or type a code to join one.

use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use super::code::RoomCode;
use crate::i18n::room::RoomText as T;
use crate::i18n::use_lang;
use crate::route::Route;

/// The workshop card: a link to `/present` and a code field leading to `/room/<CODE>`.
#[component]
pub fn Workshop() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let code = use_state(String::new);
    let invalid = use_state(|| false);
    let on_input = {
        let code = code.clone();
        Callback::from(move |event: InputEvent| {
            code.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_submit = {
        let (code, invalid) = (code.clone(), invalid.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match (code.parse::<RoomCode>(), &navigator) {
                (Ok(code), Some(navigator)) => navigator.push(&Route::Room { code: code.into() }),
                _ => invalid.set(true),
            }
        })
    };
    html! {
        <section class="room-workshop" data-testid="workshop">
            <h2>{ lang.t(T::WorkshopTitle) }</h2>
            <p>{ lang.t(T::WorkshopLead) }</p>
            <div class="room-workshop__actions">
                <Link<Route> to={Route::Present} classes="button" >{ lang.t(T::WorkshopPresent) }</Link<Route>>
                <form class="room-workshop__join" onsubmit={on_submit}>
                    <label for="workshop-code">{ lang.t(T::CodeLabel) }</label>
                    <input id="workshop-code" data-testid="workshop-code" type="text" autocomplete="off"
                        autocapitalize="characters" spellcheck="false" value={(*code).clone()} oninput={on_input}
                        aria-invalid={invalid.then_some("true")} />
                    <button type="submit" class="button button--quiet" data-testid="workshop-join">{ lang.t(T::Join) }</button>
                    if *invalid {
                        <p class="room-field__error">{ lang.t(T::CodeInvalid) }</p>
                    }
                </form>
            </div>
        </section>
    }
}
