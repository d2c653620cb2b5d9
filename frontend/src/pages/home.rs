//! The home page: what the playground is, where the session's keys live, and a card per lab.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{Text, fill, use_lang};
use crate::lab_table::LABS;
use crate::labs::room::Workshop;
use crate::route::Route;
use crate::ws::use_ws;

/// Introduction and the list of labs in course order.
#[component]
pub fn Home() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let session = ws.session().map(|session| {
        fill(
            lang.t(Text::HomeSession),
            &[&session.namespace, &session.key_ttl_secs.to_string()],
        )
    });

    html! {
        <article class="page home" data-testid="home">
            <header class="page__header">
                <h1>{ lang.t(Text::HomeTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(Text::HomeIntro) }</p>
            if let Some(session) = session {
                <p class="hint" data-testid="home-session">{ session }</p>
            }
            <h2>{ lang.t(Text::HomeLabs) }</h2>
            <ul class="cards">
                { for LABS.iter().map(|lab| {
                    html! {
                        <li class="card">
                            <div class="card__head">
                                <Link<Route> to={lab.route} classes="card__link">{ lang.t(lab.title) }</Link<Route>>
                            </div>
                            <p class="card__summary">{ lang.t(lab.summary) }</p>
                        </li>
                    }
                }) }
            </ul>
            <Workshop />
        </article>
    }
}
