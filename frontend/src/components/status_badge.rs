//! The header badge: is the browser connected to the backend, and can the backend reach Redis?

use yew::prelude::*;

use crate::format::{micros, seconds};
use crate::i18n::{LangHandle, Text, fill, use_lang};
use crate::ws::{Status, WsHandle, use_ws};

/// Connection and Redis health at a glance. `data-state` carries the connection state for tests.
#[component]
pub fn StatusBadge() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let status = ws.status();
    let (redis_state, redis_text) = redis_view(&lang, &ws);
    let title = ws
        .session()
        .map(|session| fill(lang.t(Text::SessionTooltip), &[&session.namespace]));

    html! {
        <div
            class="status"
            data-testid="conn-status"
            data-state={status.data_state()}
            role="status"
            aria-live="polite"
            {title}
        >
            <span class="status__conn">
                <span class="dot" aria-hidden="true"></span>
                { connection_text(&lang, status) }
            </span>
            <span class="status__redis" data-redis={redis_state}>{ redis_text }</span>
        </div>
    }
}

fn connection_text(lang: &LangHandle, status: Status) -> String {
    match status {
        Status::Connecting => lang.t(Text::StatusConnecting).to_owned(),
        Status::Connected => lang.t(Text::StatusConnected).to_owned(),
        Status::Reconnecting { retry_in_ms: None } => lang.t(Text::StatusReconnecting).to_owned(),
        Status::Reconnecting {
            retry_in_ms: Some(ms),
        } => fill(lang.t(Text::StatusReconnectingIn), &[&seconds(ms)]),
        Status::Offline { retry_in_ms } => {
            fill(lang.t(Text::StatusOffline), &[&seconds(retry_in_ms)])
        }
    }
}

/// `data-redis` value (`up`, `down`, `unknown`) and the text beside it.
fn redis_view(lang: &LangHandle, ws: &WsHandle) -> (&'static str, String) {
    match ws.redis() {
        Some(health) if health.reachable => {
            let version = health.version.as_deref().unwrap_or("?");
            let round_trip = health
                .round_trip_us
                .map(micros)
                .unwrap_or_else(|| "—".into());
            ("up", fill(lang.t(Text::RedisUp), &[version, &round_trip]))
        }
        Some(_) => ("down", lang.t(Text::RedisDown).to_owned()),
        None => ("unknown", lang.t(Text::RedisUnknown).to_owned()),
    }
}
