//! One lane: an algorithm's name and figures, and its decisions on the shared time axis.
//!
//! However many decisions a lane holds, its marks are two `<path>` elements (allowed, denied) for each
//! 64-pixel strip of the plot, built once per change of the lane and memoised, so moving the cursor
//! never rebuilds them, and a new decision changes only its strip's paths. Clicks and the
//! keyboard pick a mark by binary search on x; hovering shows which mark is under the pointer.

use std::rc::Rc;

use shared::ratelimit::stats::LaneStats;
use shared::ratelimit::{Algorithm, Limits};
use web_sys::Element;
use yew::prelude::*;

use super::axis::{Axis, bands, busiest};
use super::marks::{LANE_HEIGHT, MARK, Placed, band_counters, hovered, pick, place, strips};
use super::run::Lane as SharedLane;
use super::state::MarkRef;
use crate::format::offset_seconds;
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::{LangHandle, fill, use_lang};

/// Narrowest band that gets its `INCR` counter written in it.
const COUNTER_MIN_PX: f64 = 22.0;
/// Narrowest band whose counter also says `INCR`.
const COUNTER_WORD_PX: f64 = 64.0;

/// Props of [`Lane`].
#[derive(Properties, PartialEq)]
pub struct LaneProps {
    /// The decisions to draw.
    pub lane: SharedLane,
    /// The figures shown in the header.
    pub stats: LaneStats,
    /// The axis every lane shares.
    pub axis: Axis,
    /// The limit, for the window length and the over-the-limit highlight.
    pub limits: Limits,
    /// Measured width of the plot, in CSS pixels.
    pub width: f64,
    /// Index of the selected mark, when it is in this lane.
    pub selected: Option<u32>,
    /// A mark was clicked or reached with the keyboard.
    pub on_select: Callback<MarkRef>,
    /// The lane's name was clicked: show its code.
    pub on_code: Callback<Algorithm>,
}

/// One fixed window as drawn, its attributes written once per change of the lane.
struct BandView {
    x: AttrValue,
    width: AttrValue,
    odd: bool,
    /// Redis's `INCR` reply written in the band (fixed-window lane, wide enough bands only).
    counter: Option<(AttrValue, String)>,
    over: bool,
}

/// Everything drawn from the lane's data, computed once per change.
struct Drawn {
    placed: Vec<Placed>,
    /// Each strip's dots and crosses.
    strips: Vec<(AttrValue, AttrValue)>,
    bands: Vec<BandView>,
    busiest: Option<(u64, u64, u32)>,
}

/// What the drawing depends on; the memo's key.
#[derive(PartialEq)]
struct Key {
    lane: SharedLane,
    axis: Axis,
    width: f64,
    limits: Limits,
}

fn draw(key: &Key) -> Drawn {
    let Key {
        lane,
        axis,
        width,
        limits,
    } = key;
    let (width, window_us) = (*width, limits.window_us());
    let placed = place(&lane.marks, axis, width);
    let strips = strips(
        placed.iter().zip(&lane.marks).map(|(p, m)| (p, m.allowed)),
        width,
    )
    .into_iter()
    .map(|strip| (shared_text(strip.allowed), shared_text(strip.denied)))
    .collect();
    let bands = bands(axis, window_us, width);
    let counters = band_counters(&lane.marks, &bands);
    let bands = bands
        .iter()
        .zip(counters)
        .map(|(band, counter)| {
            let x0 = axis.x(band.start_us, width).max(0.0);
            let wide = axis.x(band.end_us, width).min(width) - x0;
            let label = match counter {
                Some(count) if wide >= COUNTER_WORD_PX => Some(format!("INCR {count}")),
                Some(count) if wide >= COUNTER_MIN_PX => Some(count.to_string()),
                _ => None,
            };
            BandView {
                x: pixels(x0),
                width: pixels(wide),
                odd: band.number % 2 == 1,
                counter: label.map(|label| (pixels(x0 + 4.0), label)),
                over: counter.is_some_and(|c| c > i64::from(limits.max_requests)),
            }
        })
        .collect();
    Drawn {
        placed,
        strips,
        bands,
        busiest: busiest(&lane.allowed_at, window_us),
    }
}

/// A coordinate as an attribute, to a tenth of a pixel.
fn pixels(value: f64) -> AttrValue {
    AttrValue::from(format!("{value:.1}"))
}

/// A long string as an attribute shared, not copied, by every render until the lane changes.
fn shared_text(text: String) -> AttrValue {
    AttrValue::from(Rc::<str>::from(text))
}

/// One algorithm's lane: header with figures, and the plot of its decisions.
#[component]
pub fn Lane(props: &LaneProps) -> Html {
    let lang = use_lang();
    let area = use_node_ref();
    let hover = use_state_eq(|| None::<usize>);
    let drawn = use_memo(
        Key {
            lane: props.lane.clone(),
            axis: props.axis,
            width: props.width,
            limits: props.limits,
        },
        draw,
    );
    let algorithm = props.lane.algorithm;
    let max = props.limits.max_requests;

    let point = {
        let (area, width) = (area.clone(), props.width);
        move |event: &MouseEvent| {
            let rect = area.cast::<Element>()?.get_bounding_client_rect();
            (rect.width() > 0.0).then(|| {
                let x = (f64::from(event.client_x()) - rect.left()) / rect.width() * width;
                let y = (f64::from(event.client_y()) - rect.top()) / rect.height() * LANE_HEIGHT;
                (x, y)
            })
        }
    };
    let on_click = {
        let (drawn, lane, on_select, point) = (
            drawn.clone(),
            props.lane.clone(),
            props.on_select.clone(),
            point.clone(),
        );
        Callback::from(move |event: MouseEvent| {
            let picked = point(&event).and_then(|(x, y)| pick(&drawn.placed, x, y));
            if let Some(i) = picked {
                on_select.emit(MarkRef {
                    algorithm,
                    index: lane.marks[i].index,
                });
            }
        })
    };
    let on_move = {
        let (drawn, hover) = (drawn.clone(), hover.clone());
        Callback::from(move |event: MouseEvent| {
            hover.set(point(&event).and_then(|(x, y)| hovered(&drawn.placed, x, y)));
        })
    };
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let on_key = {
        let (lane, on_select, selected) =
            (props.lane.clone(), props.on_select.clone(), props.selected);
        Callback::from(move |event: KeyboardEvent| {
            let current =
                selected.and_then(|index| lane.marks.iter().position(|m| m.index == index));
            let last = lane.marks.len().checked_sub(1);
            let next = match (event.key().as_str(), current) {
                ("ArrowRight", Some(i)) => Some((i + 1).min(last.unwrap_or(0))),
                ("ArrowLeft", Some(i)) => Some(i.saturating_sub(1)),
                ("ArrowRight" | "Home", None) | ("Home", _) => last.map(|_| 0),
                ("ArrowLeft" | "End", None) | ("End", _) => last,
                _ => return,
            };
            event.prevent_default();
            if let Some(i) = next {
                on_select.emit(MarkRef {
                    algorithm,
                    index: lane.marks[i].index,
                });
            }
        })
    };
    let on_name = props.on_code.reform(move |_: MouseEvent| algorithm);

    let over = props.stats.max_in_window > max;
    let position = |index: u32| {
        props
            .lane
            .marks
            .iter()
            .position(|m| m.index == index)
            .map(|i| (i, drawn.placed[i]))
    };
    let selected = props.selected.and_then(position);
    let hovered_mark = hover.and_then(|i| drawn.placed.get(i).map(|p| (i, *p)));
    let name = lang.t(RatelimitText::algorithm(algorithm));
    let class = classes!("ratelimit-lane", over.then_some("ratelimit-lane--over"));
    let view_box = AttrValue::from(format!("0 0 {:.0} {LANE_HEIGHT}", props.width));

    html! {
        <div {class} data-testid="ratelimit-lane" data-algorithm={algorithm.id()}>
            <div class="ratelimit-lane__head">
                <button type="button" class="ratelimit-lane__name" onclick={on_name}>{ name }</button>
                <dl class="ratelimit-lane__stats">
                    { stat(&lang, RatelimitText::StatAllowed, "ratelimit-stat-allowed", props.stats.allowed, false) }
                    { stat(&lang, RatelimitText::StatDenied, "ratelimit-stat-denied", props.stats.denied, false) }
                    { stat(&lang, RatelimitText::StatMax, "ratelimit-stat-max", props.stats.max_in_window, over) }
                </dl>
                // Always present, so every lane header is the same height and the bracket's rows line up.
                <p class="ratelimit-lane__over">
                    if over {
                        { fill(lang.t(RatelimitText::OverLimit), &[&max.to_string()]) }
                    }
                </p>
            </div>
            <div
                class="ratelimit-lane__area"
                data-testid="ratelimit-lane-area"
                role="group"
                tabindex="0"
                aria-label={fill(lang.t(RatelimitText::LaneAreaLabel), &[name])}
                onclick={on_click}
                onmousemove={on_move}
                onmouseleave={on_leave}
                onkeydown={on_key}
            >
                <div class="ratelimit-lane__plot">
                    <svg
                        ref={area}
                        class="ratelimit-lane__svg"
                        viewBox={view_box.clone()}
                        preserveAspectRatio="none"
                        aria-hidden="true"
                    >
                        { bands_view(&drawn) }
                        <line class="ratelimit-baseline" x1="0" x2={props.width.to_string()}
                            y1={(LANE_HEIGHT / 2.0).to_string()} y2={(LANE_HEIGHT / 2.0).to_string()} />
                        { for drawn.strips.iter().map(|(allowed, denied)| html! {
                            <>
                                <path class="ratelimit-marks ratelimit-marks--allowed" d={allowed.clone()} />
                                <path class="ratelimit-marks ratelimit-marks--denied" d={denied.clone()} />
                            </>
                        }) }
                        // Over the marks, so a dense lane does not hide it.
                        if over {
                            { peak_view(&lang, &drawn, &props.axis, props.width) }
                        }
                    </svg>
                    // Selection and hover sit on a layer of their own, so they change without
                    // repainting thousands of marks.
                    <svg class="ratelimit-lane__top" viewBox={view_box} preserveAspectRatio="none" aria-hidden="true">
                        if let Some((_, p)) = selected {
                            <circle class="ratelimit-selected" cx={p.x.to_string()} cy={p.y.to_string()} r={MARK.to_string()} />
                        }
                        if let Some((i, p)) = hovered_mark {
                            { hover_view(&lang, &props.lane, &props.axis, i, p, props.width) }
                        }
                    </svg>
                </div>
            </div>
        </div>
    }
}

fn stat(
    lang: &LangHandle,
    label: RatelimitText,
    testid: &'static str,
    value: u32,
    over: bool,
) -> Html {
    let class = classes!("ratelimit-stat", over.then_some("ratelimit-stat--over"));
    html! {
        <div {class}>
            <dt>{ lang.t(label) }</dt>
            <dd data-testid={testid}>{ value }</dd>
        </div>
    }
}

/// The fixed windows as alternating bands, their edges, and in the fixed-window lane each window's
/// `INCR` value (at the bottom, clear of the over-the-limit frame's label at the top).
fn bands_view(drawn: &Drawn) -> Html {
    // Taller than the plot: the lane may be taller than the plot, and its area clips what sticks out,
    // so the bands always fill the lane from top to bottom.
    let (top, height) = ((-LANE_HEIGHT).to_string(), (3.0 * LANE_HEIGHT).to_string());
    let bottom = (2.0 * LANE_HEIGHT).to_string();
    let counter_y = (LANE_HEIGHT - 5.0).to_string();
    html! {
        <g class="ratelimit-bands">
            { for drawn.bands.iter().map(|band| {
                let class = classes!("ratelimit-band", band.odd.then_some("ratelimit-band--odd"));
                let counter = classes!("ratelimit-counter", band.over.then_some("ratelimit-counter--over"));
                html! {
                    <>
                        <rect {class} x={band.x.clone()} y={top.clone()} width={band.width.clone()} height={height.clone()} />
                        <line class="ratelimit-edge" x1={band.x.clone()} x2={band.x.clone()} y1={top.clone()} y2={bottom.clone()} />
                        if let Some((x, label)) = &band.counter {
                            <text class={counter} data-testid="ratelimit-counter" x={x.clone()} y={counter_y.clone()}>{ label }</text>
                        }
                    </>
                }
            }) }
        </g>
    }
}

/// A frame around the window that let more than the limit through.
fn peak_view(lang: &LangHandle, drawn: &Drawn, axis: &Axis, width: f64) -> Html {
    let Some((first, last, count)) = drawn.busiest else {
        return Html::default();
    };
    let x0 = axis.x(first, width) - MARK / 2.0 - 2.0;
    let x1 = axis.x(last, width) + MARK / 2.0 + 2.0;
    // Written inside the frame's top, from whichever side leaves room in the lane.
    let (anchor, x) = if x0 < width * 0.6 {
        ("start", x0.max(0.0) + 4.0)
    } else {
        ("end", x1.min(width) - 4.0)
    };
    html! {
        <g class="ratelimit-peak">
            <rect x={x0.to_string()} y="1" width={(x1 - x0).to_string()} height={(LANE_HEIGHT / 2.0).to_string()} />
            <text x={x.to_string()} y="15" text-anchor={anchor}>
                { fill(lang.t(RatelimitText::PeakLabel), &[&count.to_string()]) }
            </text>
        </g>
    }
}

/// A ring around the mark under the pointer and a label saying which request it is.
fn hover_view(
    lang: &LangHandle,
    lane: &SharedLane,
    axis: &Axis,
    i: usize,
    p: Placed,
    width: f64,
) -> Html {
    let mark = lane.marks[i];
    let verdict = lang.t(if mark.allowed {
        RatelimitText::DetailAllowed
    } else {
        RatelimitText::DetailDenied
    });
    let at = offset_seconds(mark.at_us.saturating_sub(axis.origin_us));
    let label = fill(
        lang.t(RatelimitText::HoverLabel),
        &[&mark.index.to_string(), &at, verdict],
    );
    // Labels near the right edge are written leftwards so they stay inside the lane.
    let (anchor, dx) = if p.x > width * 0.7 {
        ("end", "-10")
    } else {
        ("start", "10")
    };
    let y = p.y.clamp(14.0, LANE_HEIGHT - 6.0);
    html! {
        <g class="ratelimit-hover">
            <circle cx={p.x.to_string()} cy={p.y.to_string()} r={MARK.to_string()} />
            <text x={p.x.to_string()} y={y.to_string()} {dx} text-anchor={anchor}>{ label }</text>
        </g>
    }
}
