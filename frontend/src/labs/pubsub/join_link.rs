//! The link that lets another tab or device join this session: the same namespace, so its subscribers
//! hear this page's publishes and the other way round.

use js_sys::{Function, Promise, Reflect};
use web_sys::HtmlInputElement;
use web_sys::wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::use_lang;

/// `{origin}/pubsub?session={id}`, with the id percent-encoded should it ever hold more than
/// letters, digits, `-` and `_`.
pub fn join_url(origin: &str, session: &str) -> String {
    let mut id = String::with_capacity(session.len());
    for byte in session.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            id.push(char::from(byte));
        } else {
            id.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("{origin}/pubsub?session={id}")
}

/// `navigator.clipboard.writeText(text)`, read through reflection because the Clipboard API is only
/// there in secure contexts (a workshop reaching the laptop by its LAN address is not one).
fn write_clipboard(text: &str) -> Option<Promise> {
    let navigator = gloo::utils::window().navigator();
    let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    if clipboard.is_undefined() {
        return None;
    }
    let write: Function = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()?
        .dyn_into()
        .ok()?;
    write
        .call1(&clipboard, &JsValue::from_str(text))
        .ok()?
        .dyn_into()
        .ok()
}

/// Props of [`JoinLink`].
#[derive(Properties, PartialEq)]
pub struct JoinLinkProps {
    /// The session's id, once the server said hello.
    pub session: Option<AttrValue>,
}

/// The join link in a read-only field, with a copy button.
#[component]
pub fn JoinLink(props: &JoinLinkProps) -> Html {
    let lang = use_lang();
    // `None` before any copy; then whether the clipboard took it.
    let copied = use_state(|| None::<bool>);
    let field = use_node_ref();
    let origin = gloo::utils::window()
        .location()
        .origin()
        .unwrap_or_default();
    let url = props
        .session
        .as_deref()
        .map(|id| join_url(&origin, id))
        .unwrap_or_default();

    let on_copy = {
        let (copied, field, url) = (copied.clone(), field.clone(), url.clone());
        Callback::from(move |_: MouseEvent| {
            // Selected either way, so Ctrl+C works where the clipboard API is missing.
            if let Some(input) = field.cast::<HtmlInputElement>() {
                input.select();
            }
            let copied = copied.clone();
            match write_clipboard(&url) {
                Some(promise) => wasm_bindgen_futures::spawn_local(async move {
                    let done = wasm_bindgen_futures::JsFuture::from(promise).await;
                    copied.set(Some(done.is_ok()));
                }),
                None => copied.set(Some(false)),
            }
        })
    };
    let on_focus = Callback::from(|event: FocusEvent| {
        event.target_unchecked_into::<HtmlInputElement>().select();
    });

    html! {
        <section class="pubsub-join" aria-labelledby="pubsub-join-title">
            <h2 id="pubsub-join-title" class="panel-title">{ lang.t(T::JoinTitle) }</h2>
            <p class="hint">{ lang.t(T::JoinHint) }</p>
            <div class="pubsub-join__row">
                <input
                    ref={field}
                    type="text"
                    readonly=true
                    class="pubsub-join__url"
                    data-testid="pubsub-join-link"
                    aria-label={lang.t(T::JoinTitle)}
                    value={url}
                    onfocus={on_focus}
                />
                <button type="button" class="button" onclick={on_copy} disabled={props.session.is_none()}>
                    { lang.t(T::JoinCopy) }
                </button>
            </div>
            <p class="pubsub-join__copied" role="status">
                { match *copied {
                    Some(true) => lang.t(T::JoinCopied),
                    Some(false) => lang.t(T::JoinCopyByHand),
                    None => "",
                } }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_opens_this_lab_in_this_session() {
        assert_eq!(
            join_url("http://127.0.0.1:8080", "ab12cd"),
            "http://127.0.0.1:8080/pubsub?session=ab12cd"
        );
        assert_eq!(
            join_url("https://x", "a b&c"),
            "https://x/pubsub?session=a%20b%26c"
        );
    }
}
