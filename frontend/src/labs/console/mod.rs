//! The `console` lab: a redis-cli-like console, as a page of its own (`/console`) and as a drawer
//! docked under every other page, which pushes the page up rather than covering it.
//!
//! - `terminal`: the console itself: output, field, history, completion, Redis's help, buttons.
//! - `state`: its reducer and the pure helpers (completion, quoting, history).

mod state;
mod terminal;

use gloo::storage::{LocalStorage, Storage};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::console::ConsoleText;
use crate::i18n::{Text, use_lang};
use crate::route::Route;

use terminal::Terminal;

/// localStorage key of whether the drawer is open.
const DRAWER_KEY: &str = "redis-playground.console-open";

/// The console's own page.
#[component]
pub fn ConsolePage() -> Html {
    let lang = use_lang();
    html! {
        <article class="page lab console-page" data-testid="lab-console">
            <header class="page__header">
                <h1>{ lang.t(Text::ConsoleTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(ConsoleText::Intro) }</p>
            <Terminal id="console" />
        </article>
    }
}

/// The console drawer under every page but the console's own: a bar with its toggle, and the console
/// when open (remembered in the browser).
#[component]
pub fn ConsoleDrawer() -> Html {
    let lang = use_lang();
    let route = use_route::<Route>();
    let open = use_state(|| LocalStorage::get::<bool>(DRAWER_KEY).unwrap_or(false));
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| {
            // A failed write only means the choice is not remembered.
            let _ = LocalStorage::set(DRAWER_KEY, !*open);
            open.set(!*open);
        })
    };
    if route == Some(Route::Console) {
        return Html::default();
    }
    let label = if *open {
        ConsoleText::CloseDrawer
    } else {
        ConsoleText::OpenDrawer
    };
    html! {
        <section class="console-drawer" aria-label={lang.t(Text::ConsoleNav)} data-testid="console-drawer">
            <div class="console-drawer__bar">
                <button
                    type="button"
                    class="button button--quiet console-drawer__toggle"
                    data-testid="console-toggle"
                    aria-expanded={if *open { "true" } else { "false" }}
                    aria-controls="console-drawer-body"
                    onclick={toggle}
                >
                    { lang.t(label) }
                </button>
                <Link<Route> to={Route::Console} classes="console-drawer__full">
                    { lang.t(ConsoleText::FullPage) }
                </Link<Route>>
            </div>
            <div id="console-drawer-body" class="console-drawer__body" hidden={!*open}>
                if *open {
                    <Terminal id="drawer" compact=true />
                }
            </div>
        </section>
    }
}
