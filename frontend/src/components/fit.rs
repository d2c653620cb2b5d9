//! Presenter mode's fit to the window: how much height a visual has from where it starts down to the
//! bottom of the window, measured as the page lies unscrolled, so the visual can size itself to show
//! whole on a projector without anyone scrolling (`presenter.css` reads it as `--fit-h`).

use gloo::events::EventListener;
use web_sys::Element;
use yew::prelude::*;

use crate::components::presenter::use_presenter;

/// Room kept free under a visual, in CSS pixels, so its frame does not touch the window's edge.
const MARGIN_PX: f64 = 12.0;
/// The least height a visual is given, in CSS pixels, however little room is left: below this it would
/// say nothing to a room of people anyway.
const LEAST_PX: f64 = 160.0;

/// The height from the top of `node`'s element to the bottom of the window, as the page lies with
/// nothing scrolled, less a margin; `None` outside presenter mode. Measured after every render of the
/// caller and when the window is resized.
#[hook]
pub fn use_fit_height(node: NodeRef) -> Option<f64> {
    let on = use_presenter().state.on;
    let height = use_state_eq(|| None::<f64>);
    let redraw = use_force_update();
    {
        use_effect_with((), move |()| {
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| {
                redraw.force_update();
            });
            move || drop(listener)
        });
    }
    {
        let height = height.clone();
        use_effect(move || {
            height.set(if on { measure(&node) } else { None });
        });
    }
    *height
}

/// What [`use_fit_height`] measures, once.
fn measure(node: &NodeRef) -> Option<f64> {
    let element = node.cast::<Element>()?;
    let window = gloo::utils::window();
    let inner = window.inner_height().ok()?.as_f64()?;
    // Where the element starts with nothing scrolled: the page, and the main area that scrolls on wide
    // screens.
    let scrolled = gloo::utils::document()
        .get_element_by_id("main")
        .map_or(0.0, |main| f64::from(main.scroll_top()))
        + window.scroll_y().unwrap_or_default();
    let top = element.get_bounding_client_rect().top() + scrolled;
    Some((inner - top - MARGIN_PX).max(LEAST_PX).round())
}

/// Props of [`Fit`].
#[derive(Properties, PartialEq)]
pub struct FitProps {
    /// Classes of the wrapper.
    #[prop_or_default]
    pub class: Classes,
    /// The visual.
    #[prop_or_default]
    pub children: Html,
}

/// A wrapper that tells the visual inside it, in presenter mode, the height left to the bottom of the
/// window (the CSS variable `--fit-h`).
#[component]
pub fn Fit(props: &FitProps) -> Html {
    let node = use_node_ref();
    let height = use_fit_height(node.clone());
    let style = height.map(|h| format!("--fit-h: {h}px"));
    html! {
        <div class={classes!("fit", props.class.clone())} ref={node} {style}>
            { props.children.clone() }
        </div>
    }
}
