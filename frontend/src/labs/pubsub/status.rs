//! The hub's state line: starting, running (with how many connections that takes), or stopped, with a
//! way to start it again. `data-state` is what browser tests wait on.

use yew::prelude::*;

use super::state::Phase;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{fill, use_lang};

/// Props of [`HubStatus`].
#[derive(Properties, PartialEq)]
pub struct HubStatusProps {
    /// Where the hub stands.
    pub phase: Phase,
    /// Subscribers, the browser included.
    pub subscribers: usize,
    /// Whether Streams are on: one more connection per subscriber.
    pub streams: bool,
    /// Whether the page is connected to the server at all.
    pub connected: bool,
    /// Start a fresh hub.
    pub on_restart: Callback<()>,
}

/// The hub's state, and why every subscriber needs a connection of its own.
#[component]
pub fn HubStatus(props: &HubStatusProps) -> Html {
    let lang = use_lang();
    let n = props.subscribers.to_string();
    // The publisher has a connection too; with Streams each subscriber adds a consumer's.
    let connections = (props.subscribers * if props.streams { 2 } else { 1 } + 1).to_string();
    let (text, class) = match props.phase {
        Phase::Starting if !props.connected => (
            lang.t(T::StatusWaiting).to_owned(),
            "pubsub-status--starting",
        ),
        Phase::Starting => (
            fill(lang.t(T::StatusStarting), &[&n]),
            "pubsub-status--starting",
        ),
        Phase::Running => (
            fill(lang.t(T::StatusRunning), &[&n, &connections]),
            "pubsub-status--running",
        ),
        Phase::Error => (lang.t(T::StatusError).to_owned(), "pubsub-status--error"),
    };
    let restart = props.on_restart.reform(|_: MouseEvent| ());
    html! {
        <section class={classes!("pubsub-status", class)} data-testid="pubsub-status" data-state={props.phase.id()} role="status">
            <span class="dot" aria-hidden="true"></span>
            <span class="pubsub-status__text">{ text }</span>
            if props.phase == Phase::Error && props.connected {
                <button type="button" class="button button--quiet" onclick={restart}>
                    { lang.t(T::StatusRestart) }
                </button>
            }
            <p class="pubsub-status__why">{ lang.t(T::OwnConnection) }</p>
        </section>
    }
}
