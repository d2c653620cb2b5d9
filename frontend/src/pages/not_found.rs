//! The page for any URL the playground does not have.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{Text, use_lang};
use crate::route::Route;

/// Says the page does not exist and links home.
#[component]
pub fn NotFound() -> Html {
    let lang = use_lang();
    html! {
        <article class="page not-found" data-testid="not-found">
            <header class="page__header">
                <h1>{ lang.t(Text::NotFoundTitle) }</h1>
            </header>
            <p>{ lang.t(Text::NotFoundBody) }</p>
            <p class="actions">
                <Link<Route> to={Route::Home} classes="button">{ lang.t(Text::BackHome) }</Link<Route>>
            </p>
        </article>
    }
}
