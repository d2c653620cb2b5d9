//! Page-wide notices from the connection: "reload the page" and errors that named no request.

use shared::PROTOCOL_VERSION;
use yew::prelude::*;

use crate::i18n::{Text, error_sentence, fill, use_lang};
use crate::ws::{ReloadHint, use_ws};

/// Shows the reload hint and the last stray server error, or nothing.
#[component]
pub fn Notices() -> Html {
    let lang = use_lang();
    let ws = use_ws();

    let reload = ws.reload_hint().map(|hint| {
        let sentence = match hint {
            ReloadHint::Protocol { server } => fill(
                lang.t(Text::ReloadProtocol),
                &[&server.to_string(), &PROTOCOL_VERSION.to_string()],
            ),
            ReloadHint::Undecodable => lang.t(Text::ReloadUndecodable).to_owned(),
        };
        let on_reload = Callback::from(|_: MouseEvent| {
            // If reloading fails there is nothing better to do than leave the notice up.
            let _ = gloo::utils::window().location().reload();
        });
        html! {
            <div class="notice notice--warn" data-testid="reload-notice" role="alert">
                <p>{ sentence }</p>
                <button type="button" class="button" onclick={on_reload}>{ lang.t(Text::ReloadButton) }</button>
            </div>
        }
    });

    let stray = ws.stray_error().map(|error| {
        let on_dismiss = {
            let ws = ws.clone();
            Callback::from(move |_: MouseEvent| ws.dismiss_error())
        };
        html! {
            <div class="notice notice--error" data-testid="server-error" role="alert">
                <p>
                    <strong>{ lang.t(Text::ServerRejected) }</strong>
                    { " " }
                    { error_sentence(lang.lang, &error) }
                </p>
                <button type="button" class="button button--quiet" onclick={on_dismiss}>
                    { lang.t(Text::Dismiss) }
                </button>
            </div>
        }
    });

    html! { <>{ reload }{ stray }</> }
}
