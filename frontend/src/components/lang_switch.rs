//! The ja/en switch in the header: one button per language, the current one pressed.

use yew::prelude::*;

use crate::i18n::{Lang, Text, use_lang};

/// Switches the whole app's language; the choice is remembered across visits.
#[component]
pub fn LangSwitch() -> Html {
    let lang = use_lang();
    html! {
        <div
            class="lang-switch"
            data-testid="lang-switch"
            role="group"
            aria-label={lang.t(Text::LangSwitchLabel)}
        >
            { for Lang::ALL.into_iter().map(|option| {
                let on_click = {
                    let lang = lang.clone();
                    Callback::from(move |_: MouseEvent| lang.set(option))
                };
                let pressed = option == lang.lang;
                html! {
                    <button
                        type="button"
                        class="lang-switch__option"
                        data-lang={option.code()}
                        lang={option.code()}
                        aria-pressed={if pressed { "true" } else { "false" }}
                        onclick={on_click}
                    >
                        { lang.t(option.endonym()) }
                    </button>
                }
            }) }
        </div>
    }
}
