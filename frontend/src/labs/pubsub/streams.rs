//! Streams mode: every message is also `XADD`ed to a stream, and each subscriber has a consumer group
//! reading it with `XREADGROUP` and acknowledging with `XACK`. Per consumer, what it read, what is
//! pending (delivered, not yet acknowledged) and what is acknowledged, as `StreamRead` reported, or the
//! error Redis gave (`StreamFailed`).

use std::rc::Rc;

use yew::prelude::*;

use super::book::Book;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{fill, use_lang};

/// Props of [`Streams`].
#[derive(Properties)]
pub struct StreamsProps {
    /// The hub's bookkeeping.
    pub book: Rc<Book>,
}

impl PartialEq for StreamsProps {
    /// By identity: the book is replaced on every change.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.book, &other.book)
    }
}

/// Share of `part` in `whole` as a CSS percentage.
fn percent(part: u64, whole: u64) -> String {
    format!("{:.1}%", 100.0 * part as f64 / whole.max(1) as f64)
}

/// One row per consumer.
#[component]
pub fn Streams(props: &StreamsProps) -> Html {
    let lang = use_lang();
    let most = props
        .book
        .members
        .iter()
        .map(|m| {
            m.stream
                .read
                .max(u64::from(m.stream.acked + m.stream.pending))
        })
        .max()
        .unwrap_or(0);
    html! {
        <section class="pubsub-streams" aria-labelledby="pubsub-streams-title">
            <h2 id="pubsub-streams-title" class="panel-title">{ lang.t(T::StreamsTitle) }</h2>
            <p class="hint">{ lang.t(T::StreamsExplain) }</p>
            <table class="pubsub-streams__table">
                <thead>
                    <tr>
                        <th scope="col">{ lang.t(T::StreamsConsumer) }</th>
                        <th scope="col" class="pubsub-num">{ lang.t(T::StreamsRead) }</th>
                        <th scope="col" class="pubsub-num">{ lang.t(T::StreamsPending) }</th>
                        <th scope="col" class="pubsub-num">{ lang.t(T::StreamsAcked) }</th>
                        <th scope="col">{ lang.t(T::StreamsBar) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.book.members.iter().enumerate().map(|(i, m)| {
                        let s = m.stream;
                        html! { <>
                            <tr data-testid="pubsub-stream" data-subscriber={i.to_string()}
                                data-pending={s.pending.to_string()} data-acked={s.acked.to_string()}
                                class={classes!((!m.connected).then_some("pubsub-streams__off"))}>
                                <th scope="row"><code>{ format!("group-{i} / consumer-{i}") }</code></th>
                                <td class="pubsub-num">{ s.read }</td>
                                <td class="pubsub-num pubsub-streams__pending">{ s.pending }</td>
                                <td class="pubsub-num pubsub-streams__acked">{ s.acked }</td>
                                <td class="pubsub-streams__bar" aria-hidden="true">
                                    <span class="pubsub-bar pubsub-bar--acked" style={format!("width: {}", percent(s.acked.into(), most))}></span>
                                    <span class="pubsub-bar pubsub-bar--pending" style={format!("width: {}", percent(s.pending.into(), most))}></span>
                                </td>
                            </tr>
                            if let Some(error) = &m.stream_error {
                                <tr class="pubsub-streams__error">
                                    <td colspan="5" role="alert" data-testid="pubsub-stream-error">
                                        { fill(lang.t(T::StreamsFailed), &[error]) }
                                    </td>
                                </tr>
                            }
                        </> }
                    }) }
                </tbody>
            </table>
        </section>
    }
}
