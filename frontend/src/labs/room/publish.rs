//! The presenter's Pub/Sub panel: a publish box, the fan-out graph of the real participants with the
//! receiver count `PUBLISH` returned, and the publishes so far.

use std::rc::Rc;

use shared::room::MAX_TEXT;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::book::Book;
use super::fanout::{self, DRAWN};
use crate::components::Fit;
use crate::format::{clock, local_utc_offset_minutes};
use crate::i18n::room::RoomText as T;
use crate::i18n::{fill, use_lang};

/// The graph's size in its own coordinates; CSS scales it to the panel.
const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 420.0;
/// Most participants whose names are written beside their nodes.
const NAMED: usize = 20;
/// Publishes listed under the graph.
const LISTED: usize = 8;

/// Props of [`PublishPanel`].
#[derive(Properties)]
pub struct PublishPanelProps {
    /// What the room's events said.
    pub book: Rc<Book>,
    /// The publish box's text.
    pub draft: AttrValue,
    /// The text changed.
    pub on_draft: Callback<String>,
    /// Publish was pressed.
    pub on_publish: Callback<()>,
}

impl PartialEq for PublishPanelProps {
    /// By identity: the book is replaced on every change.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.book, &other.book)
            && self.draft == other.draft
            && self.on_draft == other.on_draft
            && self.on_publish == other.on_publish
    }
}

/// The publish box, the fan-out graph and the publish log.
#[component]
pub fn PublishPanel(props: &PublishPanelProps) -> Html {
    let lang = use_lang();
    let book = &props.book;
    let on_input = props
        .on_draft
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    let on_submit = props.on_publish.reform(|event: SubmitEvent| {
        event.prevent_default();
    });
    let last = book.publishes.last();
    let offset = local_utc_offset_minutes();
    html! {
        <div class="room-pubsub">
            <form class="room-publish" onsubmit={on_submit}>
                <label for="room-publish-text">{ lang.t(T::PublishLabel) }</label>
                <div class="room-publish__row">
                    <input id="room-publish-text" type="text" data-testid="room-publish-text" autocomplete="off"
                        maxlength={MAX_TEXT.to_string()} value={props.draft.clone()} oninput={on_input}
                        placeholder={lang.t(T::PublishPlaceholder)} />
                    <button type="submit" class="button" data-testid="room-publish">{ lang.t(T::Publish) }</button>
                </div>
            </form>
            <Fit>
                <FanOut book={book.clone()} />
            </Fit>
            if let Some(last) = last {
                <p class="room-receivers">
                    { lang.t(T::ReceiversLabel) }
                    <strong data-testid="room-receivers" data-seq={last.seq.to_string()}>{ last.receivers }</strong>
                </p>
            }
            <ol class="room-log" data-testid="room-publish-log">
                { for book.publishes.iter().rev().take(LISTED).map(|p| html! {
                    <li class="room-log__item">
                        <span class="room-log__time">{ clock(p.at_ms, offset) }</span>
                        <span class="room-log__text">{ &p.text }</span>
                        <span class="room-log__count">{ fill(lang.t(T::ReceivedBy), &[&p.receivers.to_string()]) }</span>
                    </li>
                }) }
            </ol>
        </div>
    }
}

/// Props of [`FanOut`].
#[derive(Properties)]
struct FanOutProps {
    book: Rc<Book>,
}

impl PartialEq for FanOutProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.book, &other.book)
    }
}

/// The presenter, the room channel's edges to every participant, and the last receiver count. Each
/// backend with participants holds one subscription and relays to its own, so PUBLISH answers how many
/// backends' subscriptions it reached, not which participants: each publish pulses the presenter
/// (keyed by its number, so the animation restarts), the edges stay still, and the caption says
/// "reached N subscriptions" beside the participants counted from the room's member list.
#[component]
fn FanOut(props: &FanOutProps) -> Html {
    let lang = use_lang();
    let book = &props.book;
    let participants: Vec<_> = book.participants().collect();
    let nodes = fanout::participants(participants.len(), WIDTH, HEIGHT);
    let r = fanout::radius(participants.len(), HEIGHT);
    let origin = fanout::presenter(WIDTH, HEIGHT);
    let seq = book.publishes.last().map_or(0, |p| p.seq);
    let hidden = participants.len().saturating_sub(DRAWN);
    // Names fit beside the nodes while there are at most two columns.
    let named = participants.len() <= NAMED;
    html! {
        <figure class="room-fanout" data-testid="room-fanout" data-participants={participants.len().to_string()}>
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={lang.t(T::FanOutLabel)}>
                <g class="room-fanout__edges">
                    { for nodes.iter().map(|n| html! {
                        <line x1={origin.x.to_string()} y1={origin.y.to_string()} x2={n.x.to_string()} y2={n.y.to_string()} />
                    }) }
                </g>
                // Keyed alone in its list, so a new publish replaces the ring and its animation restarts.
                { for (seq > 0).then(|| html! {
                    <circle key={seq.to_string()} class="room-fanout__pulse" cx={origin.x.to_string()}
                        cy={origin.y.to_string()} r="34" />
                }) }
                <circle class="room-fanout__presenter" cx={origin.x.to_string()} cy={origin.y.to_string()} r="34" />
                <text class="room-fanout__presenter-label" x={origin.x.to_string()} y={(origin.y + 58.0).to_string()}>
                    { lang.t(T::PresenterNode) }
                </text>
                { for participants.iter().zip(&nodes).map(|(member, n)| html! {
                    <g class="room-fanout__node" data-member={member.n.to_string()}>
                        <title>{ &member.name }</title>
                        <circle cx={n.x.to_string()} cy={n.y.to_string()} r={r.to_string()}
                            style={format!("--hue: {}", super::timeline::hue(member.n))} />
                        <text x={n.x.to_string()} y={(n.y + r * 0.35).to_string()}>{ member.n }</text>
                        if named {
                            <text class="room-fanout__name" x={(n.x + r + 6.0).to_string()} y={(n.y + 5.0).to_string()}>{ &member.name }</text>
                        }
                    </g>
                }) }
            </svg>
            <figcaption>
                if participants.is_empty() {
                    { lang.t(T::NobodyYet) }
                } else if let Some(last) = book.publishes.last() {
                    { fill(lang.t(T::FanOutReached), &[&last.receivers.to_string(), &participants.len().to_string()]) }
                } else {
                    { lang.t(T::FanOutCaption) }
                }
                if hidden > 0 {
                    { " " }{ fill(lang.t(T::MoreParticipants), &[&hidden.to_string()]) }
                }
            </figcaption>
        </figure>
    }
}
