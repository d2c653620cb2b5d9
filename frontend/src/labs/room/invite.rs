//! The presenter's invitation: the room code in large type, the join link, and its QR code.

use yew::prelude::*;

use super::code::{join_url, spaced};
use super::qr::Qr;
use crate::i18n::room::RoomText as T;
use crate::i18n::{fill, use_lang};

/// Whether `hostname` (a `location.hostname`) names this machine only (a loopback name or address,
/// or the unspecified `0.0.0.0`): a join link on it cannot reach the participants' phones.
pub fn loopback(hostname: &str) -> bool {
    let host = hostname.trim_start_matches('[').trim_end_matches(']');
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified())
}

/// Props of [`Invite`].
#[derive(Properties, PartialEq)]
pub struct InviteProps {
    /// The room's code.
    pub code: AttrValue,
}

/// How to join: scan the code, open the link, or type the code on the home page.
#[component]
pub fn Invite(props: &InviteProps) -> Html {
    let lang = use_lang();
    let location = gloo::utils::window().location();
    let origin = location.origin().unwrap_or_default();
    let hostname = location.hostname().unwrap_or_default();
    let url = join_url(&origin, &props.code);
    html! {
        <section class="room-invite" aria-label={lang.t(T::InviteTitle)}>
            <h2 class="panel-title">{ lang.t(T::InviteTitle) }</h2>
            <Qr text={AttrValue::from(url.clone())} label={AttrValue::from(lang.t(T::QrLabel))} />
            <p class="room-invite__code">{ spaced(&props.code) }</p>
            <input class="room-invite__url" type="text" readonly=true data-testid="room-join-url"
                aria-label={lang.t(T::JoinUrlLabel)} value={url} />
            <p class="hint">{ lang.t(T::InviteHint) }</p>
            if loopback(&hostname) {
                <p class="room-invite__warning" data-testid="room-loopback" role="note">
                    { fill(lang.t(T::LoopbackWarning), &[&hostname]) }
                </p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::loopback;

    #[test]
    fn loopback_hosts_are_the_ones_phones_cannot_reach() {
        for host in [
            "localhost",
            "LOCALHOST",
            "app.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "[::1]",
            "::1",
            "0.0.0.0",
        ] {
            assert!(loopback(host), "{host}");
        }
        for host in ["192.168.1.20", "10.0.0.5", "example.com", "[fe80::1]"] {
            assert!(!loopback(host), "{host}");
        }
    }
}
