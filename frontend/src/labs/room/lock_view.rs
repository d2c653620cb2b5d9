//! The lock in the room: an "acquire" button for everyone, and one lane per member showing when they
//! held the lock (from `SET NX` saying `OK` to their release, or to the `PX` lifetime when Redis expired
//! it) and when an attempt found it taken. Every bar and mark opens the command that made it.

use std::rc::Rc;

use yew::prelude::*;

use super::book::Book;
use super::book::Lane;
use super::clock::use_now;
use super::ran_detail::{RanDetail, tooltip};
use super::timeline::{End, Window, bars, busy_marks, hold_end, hue};
use crate::components::Fit;
use crate::components::a11y::on_press_keys;
use crate::format::{clock, local_utc_offset_minutes, seconds};
use crate::i18n::room::RoomText as T;
use crate::i18n::{fill, use_lang};

/// The names' column, the plot's width in its own coordinates, and each lane's height.
const LABEL_W: f64 = 170.0;
const WIDTH: f64 = 640.0;
const LANE_H: f64 = 46.0;
/// Time shown: the last 30 seconds.
const SPAN_MS: u64 = 30_000;

/// Props of [`LockView`].
#[derive(Properties)]
pub struct LockViewProps {
    /// What the room's events said.
    pub book: Rc<Book>,
    /// The backends' clock minus this browser's.
    pub offset_ms: i64,
    /// Whether this browser's own attempt (and hold) is still going.
    pub busy: bool,
    /// Acquire was pressed.
    pub on_acquire: Callback<()>,
}

impl PartialEq for LockViewProps {
    /// By identity: the book is replaced on every change.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.book, &other.book)
            && self.offset_ms == other.offset_ms
            && self.busy == other.busy
            && self.on_acquire == other.on_acquire
    }
}

/// What the detail box shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Selected {
    /// Member's hold number.
    Hold(u32, usize),
    /// Member's busy attempt number.
    Busy(u32, usize),
}

/// The acquire button and the lanes.
#[component]
pub fn LockView(props: &LockViewProps) -> Html {
    let lang = use_lang();
    let now = use_now(props.offset_ms);
    let selected = use_state(|| None::<Selected>);
    let book = &props.book;
    let offset = local_utc_offset_minutes();
    let window = Window::ending(now, SPAN_MS, WIDTH);
    // Everyone present has a lane, and so has anyone who left after trying.
    let mut members: Vec<u32> = book.participants().map(|m| m.n).collect();
    members.extend(book.lanes.iter().map(|lane| lane.member));
    members.sort_unstable();
    members.dedup();
    let height = LANE_H * members.len().max(1) as f64;
    let on_acquire = props.on_acquire.reform(|_: MouseEvent| ());
    let select = |choice: Selected| {
        let selected = selected.clone();
        Callback::from(move |()| selected.set(Some(choice)))
    };
    let detail = selected.and_then(|choice| {
        let (member, title, ran) = match choice {
            Selected::Hold(member, i) => {
                let hold = book.lane(member)?.holds.get(i)?;
                let (end_ms, end) = hold_end(hold, now);
                let mut ran = vec![hold.acquire.clone()];
                ran.extend(hold.gone.iter().map(|g| g.ran.clone()));
                ran.extend(hold.release.iter().map(|r| r.ran.clone()));
                let title = fill(
                    lang.t(T::HoldTitle),
                    &[
                        &clock(hold.from_ms, offset),
                        &seconds((end_ms - hold.from_ms) as u32),
                        lang.t(end_text(end)),
                    ],
                );
                (member, title, ran)
            }
            Selected::Busy(member, i) => {
                let busy = book.lane(member)?.busy.get(i)?;
                let title = fill(lang.t(T::BusyTitle), &[&clock(busy.at_ms, offset)]);
                (member, title, vec![busy.ran.clone()])
            }
        };
        Some((format!("{}: {title}", book.name(member)), ran))
    });
    let on_close = {
        let selected = selected.clone();
        Callback::from(move |()| selected.set(None))
    };

    html! {
        <div class="room-lock">
            <div class="room-actions">
                <button type="button" class="button room-big-button" data-testid="room-acquire"
                    disabled={props.busy} onclick={on_acquire}>
                    { lang.t(if props.busy { T::Holding } else { T::Acquire }) }
                </button>
                <p class="hint">{ lang.t(T::AcquireHint) }</p>
            </div>
            <Fit>
                <svg class="room-lanes" data-testid="room-lock-lanes" viewBox={format!("0 0 {} {height}", LABEL_W + WIDTH)}
                    role="group" aria-label={lang.t(T::LanesLabel)}>
                    { for members.iter().enumerate().map(|(row, &n)| {
                        let y = row as f64 * LANE_H;
                        let lane = book.lane(n);
                        html! {
                            <g class="room-lane" data-testid="room-lock-lane" data-member={n.to_string()}
                                style={format!("--hue: {}", hue(n))}>
                                <rect class="room-lane__bg" x="0" y={y.to_string()} width={(LABEL_W + WIDTH).to_string()} height={LANE_H.to_string()} />
                                <rect class="room-lane__swatch" x="0" y={y.to_string()} width="8" height={LANE_H.to_string()} />
                                <text class="room-lane__name" x="16" y={(y + LANE_H * 0.66).to_string()}>{ book.name(n) }</text>
                                <g transform={format!("translate({LABEL_W} 0)")}>
                                    if let Some(lane) = lane {
                                        { lane_marks(&book.name(n), lane, y, &window, select) }
                                    }
                                </g>
                            </g>
                        }
                    }) }
                </svg>
            </Fit>
            <p class="room-legend">{ lang.t(T::LanesLegend) }</p>
            if let Some((title, ran)) = detail {
                <RanDetail title={AttrValue::from(title)} {ran} {on_close} />
            }
        </div>
    }
}

/// How a hold ended, in words.
fn end_text(end: End) -> T {
    match end {
        End::Released => T::EndReleased,
        End::Expired => T::EndExpired,
        End::Lost => T::EndLost,
        End::Held => T::EndHeld,
    }
}

/// The bars and busy marks of one lane at height `y`; `select` makes what clicking a mark, or Enter or
/// Space on it, does.
fn lane_marks(
    name: &str,
    lane: &Lane,
    y: f64,
    window: &Window,
    select: impl Fn(Selected) -> Callback<()>,
) -> Html {
    let holds = bars(lane, window).into_iter().filter_map(|bar| {
        let hold = lane.holds.get(bar.index)?;
        let mut ran = vec![hold.acquire.clone()];
        ran.extend(hold.release.iter().map(|r| r.ran.clone()));
        let press = select(Selected::Hold(lane.member, bar.index));
        Some(html! {
            <rect class={classes!("room-hold", format!("room-hold--{}", bar.end.id()))}
                data-testid="room-lock-hold" data-end={bar.end.id()}
                x={bar.x.to_string()} y={(y + 6.0).to_string()}
                width={bar.width.to_string()} height={(LANE_H - 12.0).to_string()}
                tabindex="0" onclick={press.reform(|_: MouseEvent| ())} onkeydown={on_press_keys(press)}>
                <title>{ tooltip(name, &ran) }</title>
            </rect>
        })
    });
    let busy = busy_marks(lane, window).into_iter().filter_map(|(i, x)| {
        let busy = lane.busy.get(i)?;
        let (x0, x1, y0, y1) = (x - 7.0, x + 7.0, y + 13.0, y + LANE_H - 13.0);
        let press = select(Selected::Busy(lane.member, i));
        Some(html! {
            <g class="room-busy" data-testid="room-lock-busy" tabindex="0"
                onclick={press.reform(|_: MouseEvent| ())} onkeydown={on_press_keys(press)}>
                <title>{ tooltip(name, std::slice::from_ref(&busy.ran)) }</title>
                <path d={format!("M{x0} {y0}L{x1} {y1}M{x0} {y1}L{x1} {y0}")} />
            </g>
        })
    });
    holds.chain(busy).collect()
}
