//! A participant's inbox: what this backend's room subscription read from the room channel and relayed
//! to this browser, newest first.

use std::rc::Rc;

use yew::prelude::*;

use super::book::Book;
use crate::format::{clock, local_utc_offset_minutes};
use crate::i18n::room::RoomText as T;
use crate::i18n::{fill, use_lang};

/// Props of [`Inbox`].
#[derive(Properties)]
pub struct InboxProps {
    /// What the room's events said.
    pub book: Rc<Book>,
}

impl PartialEq for InboxProps {
    /// By identity: the book is replaced on every change.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.book, &other.book)
    }
}

/// The messages this browser's subscriber received.
#[component]
pub fn Inbox(props: &InboxProps) -> Html {
    let lang = use_lang();
    let offset = local_utc_offset_minutes();
    let inbox = &props.book.inbox;
    html! {
        <section class="room-inbox" aria-label={lang.t(T::InboxTitle)}>
            <h2 class="panel-title">{ lang.t(T::InboxTitle) }</h2>
            <p class="hint">{ lang.t(T::InboxHint) }</p>
            if inbox.is_empty() {
                <p class="room-inbox__empty">{ lang.t(T::InboxEmpty) }</p>
            }
            if props.book.missed > 0 {
                <p class="notice notice--warn" data-testid="room-inbox-missed" role="status">
                    { fill(lang.t(T::InboxMissed), &[&props.book.missed.to_string()]) }
                </p>
            }
            <ol class="room-inbox__list" data-testid="room-inbox" data-count={inbox.len().to_string()}>
                { for inbox.iter().rev().map(|d| html! {
                    <li class="room-inbox__item" data-testid="room-inbox-item" data-seq={d.seq.to_string()}>
                        <span class="room-inbox__text">{ &d.text }</span>
                        <span class="room-inbox__meta">
                            { fill(lang.t(T::InboxMeta), &[&d.seq.to_string(), &clock(d.at_ms, offset)]) }
                        </span>
                    </li>
                }) }
            </ol>
        </section>
    }
}
