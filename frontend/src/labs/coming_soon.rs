//! The page of a lab that is not built yet: its title, what it will teach, and a way back.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{Text, use_lang};
use crate::labs::info;
use crate::route::Route;

/// Props of [`ComingSoon`].
#[derive(Properties, PartialEq)]
pub struct ComingSoonProps {
    /// The lab's route; its title and summary come from [`crate::labs::LABS`].
    pub lab: Route,
}

/// Says the lab is coming and what it will teach, so the nav can list the whole course already.
#[component]
pub fn ComingSoon(props: &ComingSoonProps) -> Html {
    let lang = use_lang();
    let (title, summary) = match info(props.lab) {
        Some(lab) => (lab.title, lab.summary),
        None => (Text::NotFoundTitle, Text::NotFoundBody),
    };

    html! {
        <article class="page coming-soon" data-testid="coming-soon">
            <header class="page__header">
                <h1>{ lang.t(title) }</h1>
                <span class="tag tag--soon">{ lang.t(Text::LabComingSoon) }</span>
            </header>
            <p class="lead">{ lang.t(summary) }</p>
            <p>{ lang.t(Text::ComingSoonBody) }</p>
            <p class="actions">
                <Link<Route> to={Route::Ping} classes="button">{ lang.t(Text::PingTitle) }</Link<Route>>
                <Link<Route> to={Route::Home} classes="button button--quiet">
                    { lang.t(Text::BackHome) }
                </Link<Route>>
            </p>
        </article>
    }
}
