//! The presenter's invitation: the room code in large type, the join link, and its QR code.

use yew::prelude::*;

use super::code::{join_url, spaced};
use super::qr::Qr;
use super::use_tr;
use crate::i18n::room::RoomText as T;

/// Props of [`Invite`].
#[derive(Properties, PartialEq)]
pub struct InviteProps {
    /// The room's code.
    pub code: AttrValue,
}

/// How to join: scan the code, open the link, or type the code on the home page.
#[component]
pub fn Invite(props: &InviteProps) -> Html {
    let tr = use_tr();
    let origin = gloo::utils::window()
        .location()
        .origin()
        .unwrap_or_default();
    let url = join_url(&origin, &props.code);
    html! {
        <section class="room-invite" aria-label={tr.t(T::InviteTitle)}>
            <h2 class="panel-title">{ tr.t(T::InviteTitle) }</h2>
            <Qr text={AttrValue::from(url.clone())} label={AttrValue::from(tr.t(T::QrLabel))} />
            <p class="room-invite__code">{ spaced(&props.code) }</p>
            <input class="room-invite__url" type="text" readonly=true data-testid="room-join-url"
                aria-label={tr.t(T::JoinUrlLabel)} value={url} />
            <p class="hint">{ tr.t(T::InviteHint) }</p>
        </section>
    }
}
