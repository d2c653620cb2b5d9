//! One subscriber's inbox, newest first: each message as the course's callback would get it, a payload
//! that is not JSON marked as what would end the course's listener thread, and each disconnection as a
//! gap saying how many messages it lost. Under the newest items, how many older ones the page let go.

use std::rc::Rc;

use shared::pubsub::{Delivery, Payload};
use yew::prelude::*;

use super::book::{Book, Item};
use super::state::Hovered;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{Lang, fill, use_lang};

/// Props of [`Inbox`].
#[derive(Properties)]
pub struct InboxProps {
    /// Whose inbox.
    pub subscriber: u32,
    /// The hub's bookkeeping.
    pub book: Rc<Book>,
    /// Whether Streams are on: a gap's messages are then still in the stream.
    pub streams: bool,
    /// The pointer moved onto (or off) a message.
    pub on_hover: Callback<Option<Hovered>>,
}

impl PartialEq for InboxProps {
    /// By identity: the book is replaced on every change.
    fn eq(&self, other: &Self) -> bool {
        self.subscriber == other.subscriber
            && Rc::ptr_eq(&self.book, &other.book)
            && self.streams == other.streams
            && self.on_hover == other.on_hover
    }
}

/// The inbox of one subscriber.
#[component]
pub fn Inbox(props: &InboxProps) -> Html {
    let lang = use_lang();
    let Some(member) = props.book.members.get(props.subscriber as usize) else {
        return Html::default();
    };
    let n = props.subscriber.to_string();
    let title = if props.subscriber == 0 {
        lang.t(T::InboxBrowser).to_owned()
    } else {
        fill(lang.t(T::InboxOf), &[&n])
    };
    let counts = fill(
        lang.t(T::InboxCounts),
        &[&member.received.to_string(), &member.missed.to_string()],
    );
    let on_leave = props.on_hover.reform(|_| None);
    let item = |item: &Item| match item {
        Item::Message(delivery) => message(lang.lang, delivery, &props.on_hover, &on_leave),
        Item::Gap { missed, reread } => {
            let text = match missed {
                Some(count) if props.streams => {
                    fill(lang.t(T::GapMissedStreams), &[&count.to_string()])
                }
                Some(count) => fill(lang.t(T::GapMissed), &[&count.to_string()]),
                None => lang.t(T::GapOpen).to_owned(),
            };
            html! {
                <li class="pubsub-gap" data-testid="pubsub-missed" data-missed={missed.map(|m| m.to_string())}>
                    <span class="pubsub-gap__mark" aria-hidden="true">{ "✂" }</span>
                    { text }
                    if *reread > 0 {
                        <span class="pubsub-gap__reread" data-testid="pubsub-reread" data-reread={reread.to_string()}>
                            { fill(lang.t(T::GapReread), &[&reread.to_string()]) }
                        </span>
                    }
                </li>
            }
        }
    };

    html! {
        <section
            class={classes!("pubsub-inbox", (!member.connected).then_some("pubsub-inbox--off"))}
            data-testid="pubsub-inbox"
            data-subscriber={n}
        >
            <h3 class="pubsub-inbox__title">{ title }</h3>
            <p class="pubsub-inbox__counts">
                { counts }
                if member.malformed > 0 {
                    <span class="pubsub-inbox__malformed">
                        { fill(lang.t(T::InboxMalformed), &[&member.malformed.to_string()]) }
                    </span>
                }
            </p>
            if member.items.is_empty() {
                <p class="hint">{ lang.t(T::InboxEmpty) }</p>
            }
            <ol class="pubsub-inbox__items">
                { for member.items.iter().rev().map(item) }
            </ol>
            if member.not_kept > 0 {
                <p class="hint pubsub-inbox__not-kept" data-testid="pubsub-not-kept" data-count={member.not_kept.to_string()}>
                    { fill(lang.t(T::InboxNotKept), &[&member.not_kept.to_string()]) }
                </p>
            }
        </section>
    }
}

/// One received message; hovering or focusing it shows its trace lines.
fn message(
    lang: Lang,
    delivery: &Rc<Delivery>,
    on_hover: &Callback<Option<Hovered>>,
    on_leave: &Callback<MouseEvent>,
) -> Html {
    let hovered = Hovered::Delivery(delivery.clone());
    let on_enter = {
        let (on_hover, hovered) = (on_hover.clone(), hovered.clone());
        Callback::from(move |_: MouseEvent| on_hover.emit(Some(hovered.clone())))
    };
    let on_focus = on_hover.reform(move |_: FocusEvent| Some(hovered.clone()));
    let number = match delivery.publish {
        Some(n) => format!("#{n}"),
        None => lang.t(T::OtherTab).to_owned(),
    };
    let malformed = matches!(delivery.payload, Payload::Malformed { .. });
    let body = match &delivery.payload {
        Payload::Notification(n) => html! {
            <span class="pubsub-msg__body">
                <span class="pubsub-msg__type">{ &n.kind }</span>
                <span class="pubsub-msg__from">{ &n.from }</span>
                <span class="pubsub-msg__content">{ &n.content }</span>
            </span>
        },
        Payload::Json { text } => html! {
            <span class="pubsub-msg__body">
                <code>{ text }</code>
                <span class="pubsub-msg__note">{ lang.t(T::PayloadJson) }</span>
            </span>
        },
        Payload::Malformed { text } => html! {
            <span class="pubsub-msg__body">
                <span class="pubsub-msg__warn">{ lang.t(T::PayloadMalformed) }</span>
                <code>{ text }</code>
                <span class="pubsub-msg__note">{ lang.t(T::PayloadMalformedWhy) }</span>
            </span>
        },
    };
    html! {
        <li
            class={classes!("pubsub-msg", malformed.then_some("pubsub-msg--malformed"))}
            data-testid="pubsub-inbox-item"
            data-publish={delivery.publish.map(|n| n.to_string())}
            tabindex="0"
            onmouseenter={on_enter}
            onmouseleave={on_leave.clone()}
            onfocus={on_focus}
        >
            <span class="pubsub-msg__meta">
                <span class="pubsub-msg__number">{ number }</span>
                <code class="pubsub-msg__channel">{ &delivery.channel }</code>
                if let Some(pattern) = &delivery.pattern {
                    <span class="pubsub-msg__via">{ fill(lang.t(T::ViaPattern), &[pattern]) }</span>
                }
            </span>
            { body }
        </li>
    }
}
