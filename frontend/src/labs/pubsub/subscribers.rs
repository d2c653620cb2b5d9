//! Compact counters for every subscriber: what it listens to, messages received and missed, its
//! connection, and the button that closes or reopens it. Selecting one shows its inbox.

use std::rc::Rc;

use shared::pubsub::Subscription;
use yew::prelude::*;

use super::book::Book;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{fill, use_lang};

/// Props of [`Subscribers`].
#[derive(Properties)]
pub struct SubscribersProps {
    /// What each subscriber listens to.
    pub subscriptions: Rc<Vec<Subscription>>,
    /// The hub's bookkeeping.
    pub book: Rc<Book>,
    /// The virtual subscriber whose inbox is shown.
    pub selected: u32,
    /// Whether the hub runs, so its subscribers can be steered.
    pub ready: bool,
    /// A subscriber was chosen for the inbox.
    pub on_select: Callback<u32>,
    /// Close this subscriber's connection.
    pub on_disconnect: Callback<u32>,
    /// Open it again.
    pub on_reconnect: Callback<u32>,
}

impl PartialEq for SubscribersProps {
    /// By identity: the book is replaced on every change.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.subscriptions, &other.subscriptions)
            && Rc::ptr_eq(&self.book, &other.book)
            && self.selected == other.selected
            && self.ready == other.ready
            && self.on_select == other.on_select
            && self.on_disconnect == other.on_disconnect
            && self.on_reconnect == other.on_reconnect
    }
}

/// What a subscriber listens to, in one short line.
fn listens(subscription: &Subscription) -> String {
    subscription
        .channels
        .iter()
        .chain(&subscription.patterns)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

/// The grid of subscribers.
#[component]
pub fn Subscribers(props: &SubscribersProps) -> Html {
    let lang = use_lang();
    let rows = props
        .subscriptions
        .iter()
        .zip(&props.book.members)
        .enumerate();
    html! {
        <section class="pubsub-subscribers" aria-labelledby="pubsub-subscribers-title">
            <h2 id="pubsub-subscribers-title" class="panel-title">{ lang.t(T::SubscribersTitle) }</h2>
            <ul class="pubsub-subscribers__grid">
                { for rows.map(|(i, (subscription, member))| {
                    let i = i as u32;
                    let name = if i == 0 { lang.t(T::BrowserShort).to_owned() } else { format!("#{i}") };
                    let connected = member.connected;
                    let class = classes!(
                        "pubsub-sub",
                        (!connected).then_some("pubsub-sub--off"),
                        (i == props.selected).then_some("pubsub-sub--selected"),
                    );
                    let on_select = props.on_select.reform(move |_: MouseEvent| i);
                    let (testid, label, toggle) = if connected {
                        ("pubsub-disconnect", T::Disconnect, props.on_disconnect.reform(move |_: MouseEvent| i))
                    } else {
                        ("pubsub-reconnect", T::Reconnect, props.on_reconnect.reform(move |_: MouseEvent| i))
                    };
                    html! {
                        <li {class} data-testid="pubsub-subscriber" data-subscriber={i.to_string()}
                            data-connected={if connected { "true" } else { "false" }}>
                            <button type="button" class="pubsub-sub__name" onclick={on_select}
                                aria-pressed={if i == props.selected { "true" } else { "false" }}
                                title={listens(subscription)}>
                                { name }
                            </button>
                            <span class="pubsub-sub__listens">{ listens(subscription) }</span>
                            <span class="pubsub-sub__counts">
                                { fill(lang.t(T::SubCounts), &[&member.received.to_string(), &member.missed.to_string()]) }
                            </span>
                            <button type="button" class="button button--quiet pubsub-sub__toggle" data-testid={testid}
                                data-subscriber={i.to_string()} disabled={!props.ready} onclick={toggle}>
                                { lang.t(label) }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
