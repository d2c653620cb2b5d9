//! The lanes on one time axis: a legend, one [`LaneView`] per algorithm, the sliding [`Bracket`] over
//! them and the axis labels below.
//!
//! The plot owns the cursor position and the measured width. The lanes' props do not change when the
//! cursor moves, so only the bracket re-renders; the width is measured again when the lanes' box changes
//! size (a `ResizeObserver`: the window, the trace panel folded, presenter mode's fit), never in the
//! middle of a render's update, where reading it would force a layout.

use shared::ratelimit::stats::LaneStats;
use shared::ratelimit::{Algorithm, Limits};
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{Element, ResizeObserver};
use yew::prelude::*;

use super::axis::{Axis, Zoom, ticks};
use super::bracket::Bracket;
use super::lane::Lane as LaneView;
use super::marks::LANE_HEIGHT;
use super::run::Lane;
use super::state::MarkRef;
use crate::components::fit::use_fit_height;
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::{fill, use_lang};

/// Width assumed until the plot has been measured.
const DEFAULT_WIDTH: f64 = 900.0;

/// Props of [`Plot`].
#[derive(Properties, PartialEq)]
pub struct PlotProps {
    /// The lanes to show, top to bottom.
    pub lanes: Vec<Lane>,
    /// Each lane's figures, same order.
    pub stats: Vec<LaneStats>,
    /// The shared axis.
    pub axis: Axis,
    /// How the axis is zoomed.
    pub zoom: Zoom,
    /// Another zoom was chosen.
    pub on_zoom: Callback<Zoom>,
    /// The limit the lanes enforced.
    pub limits: Limits,
    /// The selected mark.
    pub selected: Option<MarkRef>,
    /// A mark was picked.
    pub on_select: Callback<MarkRef>,
    /// A lane's name was clicked.
    pub on_code: Callback<Algorithm>,
}

/// Legend, lanes, bracket and axis.
#[component]
pub fn Plot(props: &PlotProps) -> Html {
    let lang = use_lang();
    let section = use_node_ref();
    let overlay = use_node_ref();
    let width = use_state_eq(|| DEFAULT_WIDTH);
    // How much wider the lanes' drawing is than its box: 1 at the lanes' full height; more where
    // presenter mode makes them shorter to fit the window, so the drawing scales down evenly.
    let stretch = use_state_eq(|| 1.0_f64);
    let cursor = use_state_eq(|| None::<u64>);
    let fit = use_fit_height(section.clone());
    let lane_fit = use_state_eq(|| None::<f64>);

    let measure = {
        let (overlay, width, stretch) = (overlay.clone(), width.clone(), stretch.clone());
        move || {
            if let Some(element) = overlay.cast::<Element>() {
                let measured = f64::from(element.client_width());
                if measured > 0.0 {
                    width.set(measured);
                }
                let drawn = element
                    .parent_element()
                    .and_then(|lanes| lanes.query_selector(".ratelimit-lane__svg").ok().flatten())
                    .map_or(0, |svg| svg.client_height());
                if drawn > 0 {
                    stretch.set(LANE_HEIGHT / f64::from(drawn));
                }
            }
        }
    };
    {
        let (measure, overlay) = (measure.clone(), overlay.clone());
        use_effect_with(props.lanes.len(), move |_| {
            let observed = overlay.cast::<Element>().and_then(|overlay| {
                let lanes = overlay.parent_element()?;
                let callback = Closure::<dyn FnMut()>::new(measure);
                let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
                observer.observe(&overlay);
                observer.observe(&lanes);
                Some((observer, callback))
            });
            move || {
                if let Some((observer, _callback)) = observed {
                    observer.disconnect();
                }
            }
        });
    }
    // In presenter mode the lanes share the height left in the window: what the plot's zoom, legend
    // and axis take is measured, and the rest divided among the lanes.
    {
        let (section, overlay, lane_fit, lanes) = (
            section.clone(),
            overlay.clone(),
            lane_fit.clone(),
            props.lanes.len(),
        );
        use_effect(move || {
            let share = fit
                .zip(section.cast::<Element>())
                .and_then(|(fit, section)| {
                    let lanes_box = overlay.cast::<Element>()?.parent_element()?;
                    let around = f64::from(section.client_height() - lanes_box.client_height());
                    let count = lanes.max(1) as f64;
                    Some(((fit - around) / count).floor())
                });
            lane_fit.set(share);
        });
    }

    let on_move = {
        let (overlay, cursor, axis) = (overlay.clone(), cursor.clone(), props.axis);
        Callback::from(move |event: MouseEvent| {
            let Some(element) = overlay.cast::<Element>() else {
                return;
            };
            let rect = element.get_bounding_client_rect();
            let fraction = (f64::from(event.client_x()) - rect.left()) / rect.width().max(1.0);
            cursor.set(
                (0.0..=1.0)
                    .contains(&fraction)
                    .then(|| axis.time_at(fraction)),
            );
        })
    };
    let on_enter = Callback::from(move |_: MouseEvent| measure());
    let on_leave = {
        let cursor = cursor.clone();
        Callback::from(move |_: MouseEvent| cursor.set(None))
    };

    let zoom_button = |zoom: Zoom, label: RatelimitText| {
        let pressed = props.zoom == zoom;
        html! {
            <button
                type="button"
                class="ratelimit-zoom__option"
                data-testid="ratelimit-zoom"
                data-zoom={if zoom == Zoom::Windows { "windows" } else { "requests" }}
                aria-pressed={if pressed { "true" } else { "false" }}
                onclick={props.on_zoom.reform(move |_: MouseEvent| zoom)}
            >
                { lang.t(label) }
            </button>
        }
    };
    html! {
        <section class="ratelimit-plot" ref={section} aria-label={lang.t(RatelimitText::PlotLabel)}
            style={lane_fit.map(|h| format!("--ratelimit-lane-fit: {h}px"))}>
            <div class="ratelimit-zoom" role="group" aria-label={lang.t(RatelimitText::ZoomLabel)}>
                <span class="ratelimit-zoom__label">{ lang.t(RatelimitText::ZoomLabel) }</span>
                { zoom_button(Zoom::Windows, RatelimitText::ZoomWindows) }
                { zoom_button(Zoom::Requests, RatelimitText::ZoomRequests) }
            </div>
            <ul class="legend ratelimit-legend">
                <li><span class="ratelimit-legend__mark ratelimit-legend__mark--allowed" aria-hidden="true">{ "■" }</span>{ lang.t(RatelimitText::LegendAllowed) }</li>
                <li><span class="ratelimit-legend__mark ratelimit-legend__mark--denied" aria-hidden="true">{ "✕" }</span>{ lang.t(RatelimitText::LegendDenied) }</li>
                <li><span class="legend__swatch ratelimit-legend__swatch--band" aria-hidden="true"></span>{ lang.t(RatelimitText::LegendBands) }</li>
                <li><span class="legend__swatch ratelimit-legend__swatch--bracket" aria-hidden="true"></span>{ lang.t(RatelimitText::LegendBracket) }</li>
                <li><span class="legend__swatch ratelimit-legend__swatch--peak" aria-hidden="true"></span>{ lang.t(RatelimitText::LegendPeak) }</li>
            </ul>
            <div class="ratelimit-lanes" onmousemove={on_move} onmouseenter={on_enter} onmouseleave={on_leave}>
                { for props.lanes.iter().zip(&props.stats).map(|(lane, &stats)| {
                    let selected = props
                        .selected
                        .filter(|m| m.algorithm == lane.algorithm)
                        .map(|m| m.index);
                    html! {
                        <LaneView
                            key={lane.algorithm.id()}
                            lane={lane.clone()}
                            {stats}
                            axis={props.axis}
                            limits={props.limits}
                            width={*width * *stretch}
                            {selected}
                            on_select={props.on_select.clone()}
                            on_code={props.on_code.clone()}
                        />
                    }
                }) }
                <div class="ratelimit-overlay" ref={overlay} aria-hidden="true">
                    <Bracket at_us={*cursor} lanes={props.lanes.clone()} axis={props.axis} limits={props.limits} />
                </div>
            </div>
            <div class="ratelimit-axis" aria-hidden="true">
                <div class="ratelimit-axis__ticks">
                    { for ticks(&props.axis, *width).into_iter().map(|(t, seconds)| {
                        let left = props.axis.fraction(t) * 100.0;
                        html! {
                            <span class="ratelimit-axis__tick" style={format!("left: {left:.3}%;")}>
                                { fill(lang.t(RatelimitText::Seconds), &[&seconds]) }
                            </span>
                        }
                    }) }
                </div>
            </div>
        </section>
    }
}
