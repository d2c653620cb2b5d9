//! The slow-motion picker of live runs (1×, 0.5×, 0.25×), shared by the labs that allow it.

use shared::speed::Speed;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{Text, use_lang};

/// Props of [`SpeedPicker`].
#[derive(Properties, PartialEq)]
pub struct SpeedPickerProps {
    /// The `id` of the `<select>`, unique on the page.
    pub id: AttrValue,
    /// The chosen speed.
    pub value: Speed,
    /// Another speed was chosen.
    pub on_change: Callback<Speed>,
}

/// A labelled `<select>` of the speeds, with a hint saying that slow motion really slows Redis down.
#[component]
pub fn SpeedPicker(props: &SpeedPickerProps) -> Html {
    let lang = use_lang();
    let onchange = props.on_change.reform(|event: Event| {
        let id = event.target_unchecked_into::<HtmlSelectElement>().value();
        Speed::from_id(&id).unwrap_or_default()
    });
    html! {
        <div class="speed-picker">
            <label for={props.id.clone()}>{ lang.t(Text::SpeedLabel) }</label>
            <select id={props.id.clone()} data-testid="speed" {onchange} title={lang.t(Text::SpeedHint)}>
                { for Speed::ALL.into_iter().map(|speed| html! {
                    <option value={speed.id()} selected={speed == props.value}>{ format!("{}×", speed.id()) }</option>
                }) }
            </select>
        </div>
    }
}
