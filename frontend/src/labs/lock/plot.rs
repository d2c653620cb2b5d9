//! The run as one SVG: the time axis, a lane per client, the lock key's lane and the fenced resource's,
//! and the violations drawn across the lanes they involve ([`super::lanes_view`], [`super::key_view`]).
//!
//! The scene is laid out once per change of the run or the width. One listener on the `<svg>` finds the
//! element under the pointer by its `data-pick` index, so thousands of shapes need no listener each.

use std::rc::Rc;

use gloo::events::EventListener;
use web_sys::Element;
use web_sys::wasm_bindgen::JsCast;
use yew::prelude::*;

use super::glyphs::patterns;
use super::key_view::{key_lane, resource_lane};
use super::lanes_view::{client_lane, lane_top, px, violations};
use super::pick::Picked;
use super::scene::{Rect, Scene, build};
use super::timeline::RunView;
use crate::i18n::lock::LockText;
use crate::i18n::use_lang;
use shared::lock::Violation;

/// Width assumed until the plot has been measured.
const DEFAULT_WIDTH: f64 = 900.0;

/// Props of [`Plot`].
#[derive(Properties, PartialEq)]
pub struct PlotProps {
    /// The run.
    pub run: Rc<RunView>,
    /// Violations to draw.
    pub violations: Rc<Vec<Violation>>,
    /// The clicked element, outlined.
    pub selected: Option<Picked>,
    /// The pointer moved onto an element, or off all of them.
    pub on_hover: Callback<Option<Picked>>,
    /// An element (or empty space) was clicked.
    pub on_select: Callback<Option<Picked>>,
}

/// The lanes.
#[component]
pub fn Plot(props: &PlotProps) -> Html {
    let lang = use_lang();
    let holder = use_node_ref();
    let width = use_state_eq(|| DEFAULT_WIDTH);
    let measure = {
        let (holder, width) = (holder.clone(), width.clone());
        move || {
            if let Some(element) = holder.cast::<Element>() {
                let measured = f64::from(element.client_width());
                if measured > 0.0 {
                    width.set(measured);
                }
            }
        }
    };
    {
        let measure = measure.clone();
        use_effect_with((), move |()| {
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    // A growing page gains a scroll bar, and the trace panel can be folded, without a window resize;
    // measuring after every render catches both, and an unchanged width changes nothing.
    use_effect(measure);
    let scene = use_memo(
        (props.run.clone(), props.violations.clone(), *width),
        |(run, violations, width)| build(run, violations, *width),
    );

    let picked_at = {
        let scene = scene.clone();
        move |event: &Event| -> Option<Picked> {
            let target = event.target()?.dyn_into::<Element>().ok()?;
            let element = target.closest("[data-pick]").ok()??;
            let index: usize = element.get_attribute("data-pick")?.parse().ok()?;
            scene.picks.get(index).cloned()
        }
    };
    let on_over = {
        let (picked_at, on_hover) = (picked_at.clone(), props.on_hover.clone());
        Callback::from(move |event: MouseEvent| on_hover.emit(picked_at(&event)))
    };
    let on_leave = props.on_hover.reform(|_: MouseEvent| None);
    let on_click = {
        let (picked_at, on_select) = (picked_at.clone(), props.on_select.clone());
        Callback::from(move |event: MouseEvent| on_select.emit(picked_at(&event)))
    };
    let on_focus = {
        let on_select = props.on_select.clone();
        Callback::from(move |event: FocusEvent| {
            if let Some(picked) = picked_at(&event) {
                on_select.emit(Some(picked));
            }
        })
    };

    let selected = props
        .selected
        .as_ref()
        .and_then(|s| scene.picks.iter().position(|p| p.same(s)));
    let view_box = format!("0 0 {:.0} {:.0}", scene.frame.width, scene.height);
    html! {
        <div class="lock-plot" ref={holder}>
            <svg
                class="lock-plot__svg"
                viewBox={view_box}
                width="100%"
                role="group"
                aria-label={lang.t(LockText::PlotLabel)}
                onmouseover={on_over}
                onmouseleave={on_leave}
                onclick={on_click}
                onfocusin={on_focus}
            >
                { patterns() }
                { axis(&scene) }
                { for scene.lanes.iter().map(|lane| client_lane(&lang, lane)) }
                { key_lane(&lang, &scene, props.run.params.timeout_secs) }
                { resource_lane(&lang, &scene) }
                { violations(&lang, &scene) }
                { for scene.lanes.iter().map(|lane| lane_top(&lang, lane)) }
                if let Some(rect) = selected.and_then(|i| outline(&scene, i)) {
                    <rect class="lock-selected" x={px(rect.x - 3.0)} y={px(rect.y - 3.0)}
                        width={px(rect.w + 6.0)} height={px(rect.h + 6.0)} rx="4" />
                }
            </svg>
        </div>
    }
}

/// The box around element `index`, to outline it when selected.
fn outline(scene: &Scene, index: usize) -> Option<Rect> {
    let square = |x: f64, y: f64, size: f64| Rect {
        x: x - size / 2.0,
        y: y - size / 2.0,
        w: size,
        h: size,
    };
    let lanes = scene.lanes.iter();
    let spans = lanes
        .clone()
        .flat_map(|l| &l.spans)
        .find(|s| s.pick == index)
        .map(|s| s.rect);
    let marks = lanes
        .flat_map(|l| l.marks.iter().map(move |m| (m, l.mark_size)))
        .find(|(m, _)| m.pick == index)
        .map(|(m, size)| square(m.x, m.y, size));
    let keys = scene.key.iter().find(|k| k.pick == index).map(|k| k.rect);
    let writes = scene
        .writes
        .iter()
        .find(|w| w.pick == index)
        .map(|w| square(w.x, w.y, 20.0));
    let violation = scene.violations.iter().find(|v| v.pick == index).map(|v| {
        let [a, b] = v.rects;
        let top = a.y.min(b.y);
        Rect {
            y: top,
            h: (a.y + a.h).max(b.y + b.h) - top,
            ..a
        }
    });
    spans.or(marks).or(keys).or(writes).or(violation)
}

/// Seconds along the top, and a faint line down through every lane at each.
fn axis(scene: &Scene) -> Html {
    let bottom = px(scene.height - 4.0);
    html! {
        <g class="lock-axis" aria-hidden="true">
            { for scene.frame.ticks().into_iter().map(|(x, label)| html! {
                <>
                    <line class="lock-axis__grid" x1={px(x)} x2={px(x)} y1="20" y2={bottom.clone()} />
                    <text class="lock-axis__label" x={px(x)} y="15" text-anchor="middle">{ format!("{label} s") }</text>
                </>
            }) }
        </g>
    }
}
