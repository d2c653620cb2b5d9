//! The shared limiter in the room: a "send" button for everyone, and a timeline of everyone's requests
//! as Redis decided them: allowed on the upper row, refused on the lower, each mark in its sender's
//! colour. Every mark opens the commands that decided it.

use std::rc::Rc;

use yew::prelude::*;

use super::book::Book;
use super::clock::use_now;
use super::ran_detail::{RanDetail, tooltip};
use super::timeline::{Window, hue, limiter_span_ms, marks};
use crate::components::Fit;
use crate::components::a11y::on_press_keys;
use crate::format::{clock, local_utc_offset_minutes};
use crate::i18n::room::RoomText as T;
use crate::i18n::{fill, use_lang};

/// The plot's size in its own coordinates.
const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 140.0;
/// The centre of each row: allowed above, refused below.
const ALLOWED_Y: f64 = 40.0;
const REFUSED_Y: f64 = 100.0;

/// Props of [`LimiterView`].
#[derive(Properties)]
pub struct LimiterViewProps {
    /// What the room's events said.
    pub book: Rc<Book>,
    /// The backends' clock minus this browser's.
    pub offset_ms: i64,
    /// Send was pressed.
    pub on_send: Callback<()>,
}

impl PartialEq for LimiterViewProps {
    /// By identity: the book is replaced on every change.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.book, &other.book)
            && self.offset_ms == other.offset_ms
            && self.on_send == other.on_send
    }
}

/// The send button, the counts and the timeline.
#[component]
pub fn LimiterView(props: &LimiterViewProps) -> Html {
    let lang = use_lang();
    let now = use_now(props.offset_ms);
    // The selected decision, by its time and sender: indices shift as old decisions scroll out.
    let selected = use_state(|| None::<(u64, u32)>);
    let book = &props.book;
    let offset = local_utc_offset_minutes();
    let window = Window::ending(now, limiter_span_ms(book.settings.window_seconds), WIDTH);
    let shown = marks(&book.decisions, &window);
    let (allowed, refused) = (book.allowed, book.refused);
    let mine = book.me.as_ref().map(|me| me.n);
    let last_mine = book.decisions.iter().rev().find(|d| Some(d.member) == mine);
    let on_send = props.on_send.reform(|_: MouseEvent| ());
    let title = |member: u32, allowed: bool, remaining: i64, at_ms: u64| {
        let verdict = lang.t(if allowed { T::Allowed } else { T::Refused });
        fill(
            lang.t(T::DecisionTitle),
            &[
                &book.name(member),
                verdict,
                &remaining.to_string(),
                &clock(at_ms, offset),
            ],
        )
    };
    let detail = selected.and_then(|(at_ms, member)| {
        let d = book
            .decisions
            .iter()
            .find(|d| d.at_ms == at_ms && d.member == member)?;
        Some((
            title(d.member, d.allowed, d.remaining, d.at_ms),
            d.ran.to_vec(),
        ))
    });
    let on_close = {
        let selected = selected.clone();
        Callback::from(move |()| selected.set(None))
    };
    let mut senders: Vec<u32> = book.decisions.iter().map(|d| d.member).collect();
    senders.sort_unstable();
    senders.dedup();

    html! {
        <div class="room-limiter">
            <div class="room-actions">
                <button type="button" class="button room-big-button" data-testid="room-send" onclick={on_send}>
                    { lang.t(T::Send) }
                </button>
                if let Some(d) = last_mine {
                    <p class={classes!("room-verdict", if d.allowed { "room-verdict--ok" } else { "room-verdict--no" })}
                        data-testid="room-my-verdict" data-allowed={d.allowed.to_string()}>
                        { lang.t(if d.allowed { T::Allowed } else { T::Refused }) }
                    </p>
                }
                <p class="hint">{ lang.t(T::SendHint) }</p>
            </div>
            <p class="room-counts" data-testid="room-counts">
                { fill(lang.t(T::Counts), &[&allowed.to_string(), &refused.to_string()]) }
            </p>
            <Fit>
                <svg class="room-timeline" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="group" aria-label={lang.t(T::TimelineLabel)}>
                    <line class="room-timeline__row" x1="0" x2={WIDTH.to_string()} y1={ALLOWED_Y.to_string()} y2={ALLOWED_Y.to_string()} />
                    <line class="room-timeline__row" x1="0" x2={WIDTH.to_string()} y1={REFUSED_Y.to_string()} y2={REFUSED_Y.to_string()} />
                    <text class="room-timeline__label" x="4" y={(ALLOWED_Y - 18.0).to_string()}>{ lang.t(T::Allowed) }</text>
                    <text class="room-timeline__label" x="4" y={(REFUSED_Y - 18.0).to_string()}>{ lang.t(T::Refused) }</text>
                    { for shown.iter().filter_map(|mark| {
                        let d = book.decisions.get(mark.index)?;
                        let y = if mark.allowed { ALLOWED_Y } else { REFUSED_Y };
                        let choice = (d.at_ms, d.member);
                        let selected = selected.clone();
                        let press = Callback::from(move |()| selected.set(Some(choice)));
                        let onclick = press.reform(|_: MouseEvent| ());
                        Some(html! {
                            <circle class={classes!("room-decision", if mark.allowed { "room-decision--ok" } else { "room-decision--no" })}
                                data-testid="room-decision" data-member={mark.member.to_string()} data-allowed={mark.allowed.to_string()}
                                cx={mark.x.to_string()} cy={y.to_string()} r="9" style={format!("--hue: {}", hue(mark.member))}
                                tabindex="0" {onclick} onkeydown={on_press_keys(press)}>
                                <title>{ tooltip(&title(d.member, d.allowed, d.remaining, d.at_ms), &d.ran) }</title>
                            </circle>
                        })
                    }) }
                </svg>
            </Fit>
            <ul class="room-senders">
                { for senders.iter().map(|&n| html! {
                    <li style={format!("--hue: {}", hue(n))}>{ book.name(n) }</li>
                }) }
            </ul>
            if let Some((title, ran)) = detail {
                <RanDetail title={AttrValue::from(title)} {ran} {on_close} />
            }
        </div>
    }
}
