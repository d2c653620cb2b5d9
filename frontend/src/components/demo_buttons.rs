//! The row of guided-demo buttons the rate-limit, lock and Pub/Sub labs share: one pressed button for the
//! demo on screen.

use yew::prelude::*;

/// One demo's button.
#[derive(Clone, PartialEq)]
pub struct DemoButton {
    /// Its translated title.
    pub label: &'static str,
    /// Its `data-testid`.
    pub testid: &'static str,
    /// Whether it is the demo on screen.
    pub pressed: bool,
    /// Starts the demo.
    pub on_click: Callback<MouseEvent>,
}

/// Props of [`DemoButtons`].
#[derive(Properties, PartialEq)]
pub struct DemoButtonsProps {
    /// One per demo, in order.
    pub buttons: Vec<DemoButton>,
    /// False while there is no connection to send on.
    #[prop_or(true)]
    pub enabled: bool,
}

/// The buttons, in a row.
#[component]
pub fn DemoButtons(props: &DemoButtonsProps) -> Html {
    html! {
        <div class="demos__buttons">
            { for props.buttons.iter().map(|button| html! {
                <button
                    type="button"
                    class="button demos__button"
                    data-testid={button.testid}
                    aria-pressed={if button.pressed { "true" } else { "false" }}
                    disabled={!props.enabled}
                    onclick={button.on_click.clone()}
                >
                    { button.label }
                </button>
            }) }
        </div>
    }
}
