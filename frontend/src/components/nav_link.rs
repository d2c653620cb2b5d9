//! A nav link that knows whether it points at the current page.
//!
//! yew-router's `Link` cannot carry `aria-current`, which screen readers need to announce the
//! current page, so this one renders its own `<a>` and navigates the same way.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;

/// Props of [`NavLink`].
#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    /// Where the link goes.
    pub to: Route,
    /// The link's text.
    #[prop_or_default]
    pub children: Html,
}

/// An `<a>` that navigates without reloading and marks itself `aria-current="page"` when current.
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let current = use_route::<Route>() == Some(props.to);
    let to = props.to;
    let on_click = Callback::from(move |event: MouseEvent| {
        // Modified clicks open a new tab or window: leave those to the browser.
        if event.meta_key() || event.ctrl_key() || event.shift_key() || event.alt_key() {
            return;
        }
        if let Some(navigator) = &navigator {
            event.prevent_default();
            navigator.push(&to);
        }
    });
    let path = to.to_path();
    let testid = match path.trim_start_matches('/') {
        "" => "nav-home".to_owned(),
        slug => format!("nav-{slug}"),
    };

    html! {
        <a
            class="nav__link"
            href={path}
            data-testid={testid}
            aria-current={current.then_some("page")}
            onclick={on_click}
        >
            { props.children.clone() }
        </a>
    }
}
