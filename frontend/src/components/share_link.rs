//! Share links in the browser: a run request as `?s=<base64url>` (the bytes of `shared::share`), the
//! "copy link" button, and reading the link a page was opened with.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use shared::LabRequest;
use shared::share::{self, ShareError};
use web_sys::wasm_bindgen::{JsCast, JsValue};
use web_sys::{Clipboard, HtmlInputElement};
use yew::prelude::*;

use crate::i18n::{Text, use_lang};

/// The query parameter holding a link's request.
const PARAM: &str = "s=";

/// The `?s=` value of `request`, or `None` for requests a link cannot carry.
pub fn encode(request: &LabRequest) -> Option<String> {
    share::encode(request).map(|bytes| URL_SAFE_NO_PAD.encode(bytes))
}

/// The request in a page query such as `?x=1&s=…`: `None` without one, an error when it is damaged.
pub fn from_query(query: &str) -> Option<Result<LabRequest, ShareError>> {
    let value = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(PARAM))?;
    Some(
        URL_SAFE_NO_PAD
            .decode(value)
            .map_err(|_| ShareError::Truncated)
            .and_then(|bytes| share::decode(&bytes)),
    )
}

/// The request of the link this page was opened with, if any.
pub fn opened() -> Option<Result<LabRequest, ShareError>> {
    from_query(&gloo::utils::window().location().search().ok()?)
}

/// Props of [`ShareLink`].
#[derive(Properties, PartialEq)]
pub struct ShareLinkProps {
    /// The request the link reopens; `None` disables the button.
    pub request: Option<LabRequest>,
    /// The lab's path, e.g. `/ratelimit`.
    pub path: AttrValue,
}

/// What the last press did.
#[derive(Clone, PartialEq)]
enum Copied {
    /// The link is on the clipboard.
    Yes(String),
    /// The clipboard refused; the link is shown selected.
    ByHand(String),
}

/// "Copy link": puts the link on the clipboard and shows it in a read-only field (selected for copying
/// by hand when the clipboard is not available, e.g. on plain http from another host).
#[component]
pub fn ShareLink(props: &ShareLinkProps) -> Html {
    let lang = use_lang();
    let copied = use_state(|| None::<Copied>);
    let field = use_node_ref();
    let link = props.request.as_ref().and_then(encode).map(|value| {
        let origin = gloo::utils::window()
            .location()
            .origin()
            .unwrap_or_default();
        format!("{origin}{}?{PARAM}{value}", props.path)
    });
    let onclick = {
        let (copied, link) = (copied.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(link) = link.clone() else {
                return;
            };
            // `navigator.clipboard` is missing outside secure contexts (plain http from another host).
            let clipboard = js_sys::Reflect::get(
                &gloo::utils::window().navigator(),
                &JsValue::from_str("clipboard"),
            )
            .ok()
            .filter(|c| !c.is_undefined())
            .map(JsCast::unchecked_into::<Clipboard>);
            let Some(clipboard) = clipboard else {
                return copied.set(Some(Copied::ByHand(link)));
            };
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let written =
                    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&link)).await;
                copied.set(Some(match written {
                    Ok(_) => Copied::Yes(link),
                    Err(_) => Copied::ByHand(link),
                }));
            });
        })
    };
    {
        let field = field.clone();
        use_effect_with((*copied).clone(), move |copied| {
            if let (Some(Copied::ByHand(_)), Some(input)) =
                (copied, field.cast::<HtmlInputElement>())
            {
                input.select();
            }
        });
    }
    let (shown, note) = match &*copied {
        Some(Copied::Yes(link)) => (Some(link.clone()), Text::ShareCopied),
        Some(Copied::ByHand(link)) => (Some(link.clone()), Text::ShareCopyByHand),
        None => (None, Text::ShareCopied),
    };
    html! {
        <div class="share-link">
            <button
                type="button"
                class="button button--quiet"
                data-testid="share-copy"
                disabled={link.is_none()}
                {onclick}
            >
                { lang.t(Text::ShareCopyLink) }
            </button>
            if let Some(shown) = shown {
                <input
                    ref={field}
                    class="share-link__field"
                    data-testid="share-link"
                    type="text"
                    readonly=true
                    aria-label={lang.t(Text::ShareLinkLabel)}
                    value={shown}
                />
                <span class="hint" role="status">{ lang.t(note) }</span>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use shared::LabRequest;
    use shared::ratelimit::{Algorithm, Arrival, Limits, Mode, RatelimitRequest, Traffic};
    use shared::share::ShareError;
    use shared::speed::Speed;

    use super::{encode, from_query};

    #[test]
    fn a_link_round_trips_through_the_query_and_1000_arrivals_fit_a_url() {
        let arrivals = (0..1000u64)
            .map(|i| Arrival {
                at_us: i * 7_919 % 1_000_003 + i * 100_000,
                client: (i % 3) as u32,
            })
            .collect();
        let request = LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms: Algorithm::ALL.to_vec(),
            limits: Limits::default(),
            mode: Mode::Replay,
            traffic: Traffic::Trace { arrivals },
            speed: Speed::Normal,
        });
        let value = encode(&request).expect("a run can be shared");
        assert!(value.len() < 6_000, "{} characters", value.len());
        assert!(
            value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        let back = from_query(&format!("?lang=en&s={value}")).expect("a link");
        let Ok(LabRequest::Ratelimit(RatelimitRequest::Run { traffic, .. })) = back else {
            panic!("a rate-limit run");
        };
        let LabRequest::Ratelimit(RatelimitRequest::Run { traffic: sent, .. }) = &request else {
            unreachable!("built above")
        };
        assert_eq!(
            traffic.arrivals(Limits::default()),
            sent.arrivals(Limits::default())
        );
    }

    #[test]
    fn a_page_without_a_link_has_none_and_a_damaged_one_is_an_error() {
        assert_eq!(from_query("?session=abc"), None);
        assert_eq!(from_query(""), None);
        assert_eq!(from_query("?s=!!"), Some(Err(ShareError::Truncated)));
        assert_eq!(from_query("?s=AQk"), Some(Err(ShareError::Unknown)));
    }
}
