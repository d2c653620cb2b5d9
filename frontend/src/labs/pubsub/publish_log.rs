//! The newest publishes, each with `PUBLISH`'s reply: how many subscribers received it. Whoever was not
//! counted did not get the message, and Pub/Sub will not resend it; a zero is marked.

use std::rc::Rc;

use yew::prelude::*;

use super::book::Book;
use super::state::Hovered;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{fill, use_lang};

/// Publishes listed.
const SHOWN: usize = 8;

/// Props of [`PublishLog`].
#[derive(Properties)]
pub struct PublishLogProps {
    /// The hub's bookkeeping.
    pub book: Rc<Book>,
    /// The pointer moved onto (or off) a publish.
    pub on_hover: Callback<Option<Hovered>>,
}

impl PartialEq for PublishLogProps {
    /// By identity: the book is replaced on every change.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.book, &other.book) && self.on_hover == other.on_hover
    }
}

/// The publish log.
#[component]
pub fn PublishLog(props: &PublishLogProps) -> Html {
    let lang = use_lang();
    let book = &props.book;
    let on_leave = props.on_hover.reform(|_: MouseEvent| None);
    html! {
        <section class="pubsub-log" aria-labelledby="pubsub-log-title">
            <h2 id="pubsub-log-title" class="panel-title">
                { fill(lang.t(T::LogTitle), &[&book.published.to_string()]) }
            </h2>
            if book.publishes.is_empty() {
                <p class="hint">{ lang.t(T::LogEmpty) }</p>
            }
            <ol class="pubsub-log__items">
                { for book.publishes.iter().rev().take(SHOWN).map(|p| {
                    let publish = p.publish;
                    let onmouseenter = props.on_hover.reform(move |_: MouseEvent| Some(Hovered::Publish(publish)));
                    let onfocus = props.on_hover.reform(move |_: FocusEvent| Some(Hovered::Publish(publish)));
                    html! {
                        <li key={p.publish} class={classes!("pubsub-log__item", (p.receivers == 0).then_some("pubsub-log__item--nobody"))}
                            data-testid="pubsub-publish-item" data-receivers={p.receivers.to_string()}
                            tabindex="0" {onmouseenter} onmouseleave={on_leave.clone()} {onfocus}>
                            <span class="pubsub-log__number">{ format!("#{}", p.publish) }</span>
                            <code class="pubsub-log__channel">{ &p.channel }</code>
                            <span class="pubsub-log__receivers">
                                { fill(lang.t(T::LogReceivers), &[&p.receivers.to_string()]) }
                            </span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
