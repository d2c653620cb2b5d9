//! The script editor: a textarea over its own Lua colouring, with line numbers, Tab to indent and the
//! line Redis's error named marked in the gutter. Escape, then Tab, leaves the editor, so the keyboard
//! is never trapped.

use js_sys::{Array, Function, Reflect};
use web_sys::HtmlElement;
use web_sys::wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::lua::{Kind, runs};
use crate::i18n::exercise::ExerciseText;
use crate::i18n::use_lang;

/// What one Tab inserts.
const INDENT: &str = "  ";

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The textarea's id (which its label names) and its `data-testid`.
    pub id: AttrValue,
    /// The script.
    pub value: AttrValue,
    /// The line Redis's error named, 1-based.
    #[prop_or_default]
    pub error_line: Option<u32>,
    /// Called with the whole new script after each edit.
    pub on_change: Callback<String>,
    /// The id of the text that describes the editor (its size and keys).
    pub described_by: AttrValue,
}

/// The editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let lang = use_lang();
    // After Escape, the next Tab moves focus on instead of indenting.
    let escaped = use_mut_ref(|| false);
    let on_input = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: InputEvent| {
            let area: JsValue = event.target_unchecked_into::<HtmlElement>().into();
            if let Some(value) = field(&area, "value") {
                on_change.emit(value);
            }
        })
    };
    let on_keydown = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if key == "Escape" {
                *escaped.borrow_mut() = true;
                return;
            }
            let leave = std::mem::take(&mut *escaped.borrow_mut());
            if key != "Tab" || event.shift_key() || event.ctrl_key() || event.alt_key() || leave {
                return;
            }
            event.prevent_default();
            let area: JsValue = event.target_unchecked_into::<HtmlElement>().into();
            if indent(&area).is_some()
                && let Some(value) = field(&area, "value")
            {
                on_change.emit(value);
            }
        })
    };

    let lines = props.value.split('\n').count().max(1);
    html! {
        <div class="exercise-editor">
            <ol class="exercise-editor__gutter" aria-hidden="true">
                { for (1..=lines).map(|n| {
                    let error = props.error_line == Some(n as u32);
                    html! {
                        <li class={classes!(error.then_some("exercise-editor__error"))} title={error.then(|| lang.t(ExerciseText::ErrorLine))}>
                            { n }
                        </li>
                    }
                }) }
            </ol>
            <div class="exercise-editor__code">
                <pre class="exercise-editor__colour" aria-hidden="true">
                    { for runs(&props.value).into_iter().map(|(kind, text)| match kind {
                        Kind::Plain => html! { { text } },
                        kind => html! { <span class={kind.class()}>{ text }</span> },
                    }) }
                    // A textarea ending in a newline shows one more line; so must its colouring.
                    { "\n" }
                </pre>
                <textarea
                    id={props.id.clone()}
                    class="exercise-editor__text"
                    data-testid={props.id.clone()}
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    aria-describedby={props.described_by.clone()}
                    value={props.value.clone()}
                    oninput={on_input}
                    onkeydown={on_keydown}
                />
            </div>
        </div>
    }
}

/// A string property of a DOM object. Read through `Reflect`: the textarea's three properties do not
/// justify building web-sys's `HtmlTextAreaElement` binding.
fn field(target: &JsValue, name: &str) -> Option<String> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// Replaces the textarea's selection with [`INDENT`] and puts the caret after it, as typing would
/// (`setRangeText(text, start, end, "end")`).
fn indent(area: &JsValue) -> Option<()> {
    let number = |name: &str| Reflect::get(area, &JsValue::from_str(name)).ok();
    let (start, end) = (number("selectionStart")?, number("selectionEnd")?);
    let set_range_text: Function = Reflect::get(area, &JsValue::from_str("setRangeText"))
        .ok()?
        .dyn_into()
        .ok()?;
    let args = Array::of4(
        &JsValue::from_str(INDENT),
        &start,
        &end,
        &JsValue::from_str("end"),
    );
    Reflect::apply(&set_range_text, area, &args).ok()?;
    Some(())
}
