//! Presenter mode: large type and a high-contrast palette for a projector (the `presenter` class on the
//! app, styled by `presenter.css`), full screen on request, the trace panel hidden, normal or enlarged,
//! and the presenter's keys. The choice is kept in localStorage, so a reload stays in the mode.

use gloo::events::EventListener;
use gloo::storage::{LocalStorage, Storage};
use web_sys::KeyboardEvent;
use web_sys::wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::keys::{PresenterKey, click_marked, not_a_shortcut};
use crate::lab_table::LABS;
use crate::route::Route;

/// localStorage key of the presenter settings.
const STORAGE_KEY: &str = "redis-playground.presenter";

/// How much room the command trace takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TraceSize {
    /// As on any page.
    #[default]
    Normal,
    /// Wider, with larger type, for the audience to read.
    Large,
    /// Out of the way, for the visual alone.
    Hidden,
}

impl TraceSize {
    /// The next size of the cycle normal → large → hidden → normal.
    pub fn next(self) -> Self {
        match self {
            Self::Normal => Self::Large,
            Self::Large => Self::Hidden,
            Self::Hidden => Self::Normal,
        }
    }

    /// The name kept in localStorage and put in the app's `data-trace` attribute.
    pub fn id(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Large => "large",
            Self::Hidden => "hidden",
        }
    }
}

/// The presenter settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Presenter {
    /// Presenter mode is on.
    pub on: bool,
    /// The trace panel's size.
    pub trace: TraceSize,
}

impl Presenter {
    /// The stored form: `on|off` and the trace size, e.g. `on:large`.
    fn encode(self) -> String {
        format!("{}:{}", if self.on { "on" } else { "off" }, self.trace.id())
    }

    /// Reads [`Presenter::encode`]'s form; anything else is the default.
    fn decode(text: &str) -> Self {
        let (on, trace) = text.split_once(':').unwrap_or((text, ""));
        let trace = [TraceSize::Normal, TraceSize::Large, TraceSize::Hidden]
            .into_iter()
            .find(|size| size.id() == trace)
            .unwrap_or_default();
        Self {
            on: on == "on",
            trace,
        }
    }
}

/// What [`use_presenter`] gives: the settings and a way to change them.
#[derive(Clone, PartialEq)]
pub struct PresenterHandle {
    /// The current settings.
    pub state: Presenter,
    set: Callback<Presenter>,
}

impl PresenterHandle {
    /// Turns presenter mode on or off.
    pub fn toggle(&self) {
        self.set.emit(Presenter {
            on: !self.state.on,
            ..self.state
        });
    }

    /// Moves the trace panel to its next size.
    pub fn cycle_trace(&self) {
        self.set.emit(Presenter {
            trace: self.state.trace.next(),
            ..self.state
        });
    }
}

/// The presenter settings of the app; outside a [`PresenterProvider`], the defaults.
#[hook]
pub fn use_presenter() -> PresenterHandle {
    use_context::<PresenterHandle>().unwrap_or_else(|| PresenterHandle {
        state: Presenter::default(),
        set: Callback::noop(),
    })
}

/// Full screen on when it is off, off when it is on. The browser may refuse (no user gesture); then
/// nothing changes.
pub fn toggle_full_screen() {
    let document = gloo::utils::document();
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    } else if let Some(root) = document.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Props of [`PresenterProvider`].
#[derive(Properties, PartialEq)]
pub struct PresenterProviderProps {
    /// The app's layout.
    #[prop_or_default]
    pub children: Html,
}

/// The app's outer `<div>`, classed for presenter mode and the trace size, holding the settings for
/// everything inside and listening for the presenter's keys. Must sit inside the router.
#[component]
pub fn PresenterProvider(props: &PresenterProviderProps) -> Html {
    let state = use_state(|| {
        LocalStorage::get::<String>(STORAGE_KEY)
            .map(|text| Presenter::decode(&text))
            .unwrap_or_default()
    });
    let set = {
        let state = state.clone();
        Callback::from(move |next: Presenter| {
            // A failed write (private mode, quota) only means the choice is not remembered.
            let _ = LocalStorage::set(STORAGE_KEY, next.encode());
            state.set(next);
        })
    };
    let handle = PresenterHandle { state: *state, set };
    use_presenter_keys(handle.clone());
    let class = classes!("app", handle.state.on.then_some("presenter"));
    html! {
        <ContextProvider<PresenterHandle> context={handle.clone()}>
            <div {class} data-trace={handle.state.trace.id()} data-testid="app">
                { props.children.clone() }
            </div>
        </ContextProvider<PresenterHandle>>
    }
}

/// One keydown listener for the presenter's keys, calling the latest handle and navigator.
#[hook]
fn use_presenter_keys(handle: PresenterHandle) {
    let navigator = use_navigator();
    let route = use_route::<Route>();
    let latest = use_mut_ref(|| (handle.clone(), navigator.clone(), route));
    *latest.borrow_mut() = (handle, navigator, route);
    use_effect_with((), move |()| {
        let listener = EventListener::new(&gloo::utils::document(), "keydown", move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let Some(key) = PresenterKey::of(&event.key()) else {
                return;
            };
            // A page's own handler (the room's keys) already took it.
            if event.default_prevented() {
                return;
            }
            let (handle, navigator, route) = &*latest.borrow();
            if not_a_shortcut(event) || !(handle.state.on || key.always()) {
                return;
            }
            let done = match key {
                PresenterKey::Toggle => {
                    handle.toggle();
                    true
                }
                PresenterKey::FullScreen => {
                    toggle_full_screen();
                    true
                }
                PresenterKey::TraceSize => {
                    handle.cycle_trace();
                    true
                }
                PresenterKey::PreviousLab | PresenterKey::NextLab => {
                    let forward = key == PresenterKey::NextLab;
                    let next = neighbour(*route, forward);
                    if let (Some(next), Some(navigator)) = (next, navigator) {
                        navigator.push(&next);
                    }
                    next.is_some()
                }
                PresenterKey::Button(action) => click_marked(action),
            };
            if done {
                // Arrows and Page keys would scroll as well.
                event.prevent_default();
            }
        });
        move || drop(listener)
    });
}

/// The lab before or after `route` in the course's order; from a page that is not a lab, the first or
/// the last lab. None from a workshop room: leaving `/present` or `/room/<code>` would end the
/// membership (and close the room for everyone), and the room uses the arrows itself.
pub fn neighbour(route: Option<Route>, forward: bool) -> Option<Route> {
    if matches!(route, Some(Route::Present | Route::Room { .. })) {
        return None;
    }
    let at = LABS.iter().position(|lab| Some(lab.route) == route);
    let index = match (at, forward) {
        (Some(i), true) => i + 1,
        (Some(i), false) => i.checked_sub(1)?,
        (None, true) => 0,
        (None, false) => LABS.len() - 1,
    };
    LABS.get(index).map(|lab| lab.route)
}

#[cfg(test)]
mod tests {
    use super::{Presenter, TraceSize, neighbour};
    use crate::lab_table::LABS;
    use crate::route::Route;

    #[test]
    fn labs_follow_the_course_order_and_stop_at_the_ends() {
        assert_eq!(neighbour(Some(LABS[0].route), true), Some(LABS[1].route));
        assert_eq!(neighbour(Some(LABS[1].route), false), Some(LABS[0].route));
        assert_eq!(neighbour(Some(LABS[0].route), false), None);
        assert_eq!(neighbour(Some(LABS[LABS.len() - 1].route), true), None);
        assert_eq!(neighbour(Some(Route::Home), true), Some(LABS[0].route));
    }

    #[test]
    fn a_workshop_room_never_navigates_to_a_lab() {
        assert_eq!(neighbour(Some(Route::Present), true), None);
        assert_eq!(neighbour(Some(Route::Present), false), None);
    }

    #[test]
    fn settings_survive_their_stored_form() {
        let settings = Presenter {
            on: true,
            trace: TraceSize::Large,
        };
        assert_eq!(Presenter::decode(&settings.encode()), settings);
        assert_eq!(Presenter::decode("junk"), Presenter::default());
        assert_eq!(TraceSize::Hidden.next(), TraceSize::Normal);
    }
}
