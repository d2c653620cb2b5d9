//! The guided-demo bar the rate-limit, lock and Pub/Sub labs share: a heading and one button per demo,
//! the demo on screen pressed. Each lab says what its demos are through [`GuidedDemo`].

use yew::prelude::*;

use crate::i18n::{Key, use_lang};

/// A lab's guided demos, as its bar shows them.
pub trait GuidedDemo: Copy + PartialEq + 'static {
    /// The lab's catalogue.
    type Text: Key;
    /// Every demo, in the bar's order.
    const ALL: &'static [Self];
    /// The lab's name, which prefixes the heading's id (`ratelimit` → `ratelimit-demos-title`).
    const LAB: &'static str;
    /// The bar's heading.
    const HEADING: Self::Text;

    /// The demo's title, on its button.
    fn title(self) -> Self::Text;

    /// Its button's `data-testid`.
    fn testid(self) -> &'static str;
}

/// Props of [`DemoBar`].
#[derive(Properties, PartialEq)]
pub struct DemoBarProps<D: GuidedDemo> {
    /// The demo on screen, if any; its button is shown pressed.
    pub active: Option<D>,
    /// False while there is no connection to send on.
    #[prop_or(true)]
    pub enabled: bool,
    /// A demo was chosen.
    pub on_demo: Callback<D>,
    /// What the lab shows under the buttons (the chosen demo's explanation, say).
    #[prop_or_default]
    pub children: Html,
}

/// The heading and one button per guided demo.
#[component]
pub fn DemoBar<D: GuidedDemo>(props: &DemoBarProps<D>) -> Html {
    let lang = use_lang();
    let title_id = format!("{}-demos-title", D::LAB);
    html! {
        <section class="demos" aria-labelledby={title_id.clone()}>
            <h2 id={title_id} class="panel-title">{ lang.t(D::HEADING) }</h2>
            <div class="demos__buttons">
                { for D::ALL.iter().map(|&demo| html! {
                    <button
                        type="button"
                        class="button demos__button"
                        data-testid={demo.testid()}
                        aria-pressed={if props.active == Some(demo) { "true" } else { "false" }}
                        disabled={!props.enabled}
                        onclick={props.on_demo.reform(move |_: MouseEvent| demo)}
                    >
                        { lang.t(demo.title()) }
                    </button>
                }) }
            </div>
            { props.children.clone() }
        </section>
    }
}
