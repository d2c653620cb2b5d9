//! The page header: product name, the nav through the labs, the presenter controls, the status badge and
//! the language switch.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{LangSwitch, NavLink, PresenterTools, StatusBadge};
use crate::i18n::{Text, use_lang};
use crate::lab_table::LABS;
use crate::route::Route;

/// Header shown on every page.
#[component]
pub fn Header() -> Html {
    let lang = use_lang();
    html! {
        <header class="site-header">
            <Link<Route> to={Route::Home} classes="brand">
                <img class="brand__mark" src="/favicon.svg" alt="" width="32" height="32" />
                <span class="brand__name">{ lang.t(Text::AppTitle) }</span>
            </Link<Route>>
            <nav class="nav" aria-label={lang.t(Text::NavLabel)}>
                <ul class="nav__list">
                    <li><NavLink to={Route::Home}>{ lang.t(Text::NavHome) }</NavLink></li>
                    { for LABS.iter().map(|lab| html! {
                        <li><NavLink to={lab.route}>{ lang.t(lab.nav) }</NavLink></li>
                    }) }
                </ul>
            </nav>
            <div class="site-header__tools">
                <PresenterTools />
                <StatusBadge />
                <LangSwitch />
            </div>
        </header>
    }
}
