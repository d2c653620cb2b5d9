//! The client lanes as SVG, in three layers so nothing important hides: the lanes' bars underneath, the
//! violations' stripes across them, and on top the bars' labels and the marks.

use yew::prelude::*;

use super::glyphs::{ALARM_HATCH, PAUSE_HATCH, mark_class, mark_path};
use super::scene::{LaneShape, Scene};
use super::timeline::SpanKind;
use crate::i18n::lock::LockText;
use crate::i18n::{LangHandle, fill};

/// How many colours clients cycle through; the lane names tell clients of the same colour apart.
const COLOURS: u32 = 6;

/// A coordinate as an attribute, to a tenth of a pixel.
pub fn px(value: f64) -> String {
    format!("{value:.1}")
}

/// The class that colours client `client`.
pub fn colour(client: u32) -> String {
    format!("lock-c{}", client % COLOURS)
}

/// A client's lane: its band and name, its waiting, holding and paused spans, and its retry ticks.
pub fn client_lane(lang: &LangHandle, lane: &LaneShape) -> Html {
    let colour = colour(lane.client);
    let name = fill(lang.t(LockText::ClientName), &[&lane.client.to_string()]);
    let band = lane.band;
    let odd = (lane.client % 2 == 1).then_some("lock-lane__band--odd");
    html! {
        <g class="lock-lane" data-testid="lock-lane" data-client={lane.client.to_string()}>
            <rect class={classes!("lock-lane__band", odd)}
                x="0" y={px(band.y)} width={px(band.x + band.w)} height={px(band.h)} />
            <rect class={classes!("lock-swatch", colour.clone())}
                x="6" y={px(band.y + band.h / 2.0 - 7.0)} width="14" height="14" rx="2" />
            <text class="lock-lane__name" x="26" y={px(band.y + band.h / 2.0 + 5.0)}>{ name }</text>
            // A wait of no width (the client got the lock at once) would show only its outline.
            { for lane.spans.iter().filter(|span| span.rect.w >= 1.0).map(|span| {
                let r = span.rect;
                let (class, hatch, focusable) = match span.kind {
                    SpanKind::Waiting { .. } => (classes!("lock-wait"), None, false),
                    SpanKind::Holding { .. } => (classes!("lock-hold", colour.clone()), None, true),
                    SpanKind::Paused => (classes!("lock-pause"), Some(format!("url(#{PAUSE_HATCH})")), false),
                };
                html! {
                    <rect
                        {class}
                        fill={hatch}
                        data-pick={span.pick.to_string()}
                        tabindex={focusable.then_some("0")}
                        x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} rx="3"
                    />
                }
            }) }
            <path class="lock-retries" d={lane.retries.clone()} />
        </g>
    }
}

/// What goes over the violations on a client's lane: the bars' labels and the marks.
pub fn lane_top(lang: &LangHandle, lane: &LaneShape) -> Html {
    html! {
        <g class="lock-lane-top">
            { for lane.spans.iter().map(|span| {
                let r = span.rect;
                let y = px(r.y + r.h / 2.0 + 5.0);
                match (&span.kind, &span.label) {
                    (SpanKind::Holding { .. }, Some(label)) => html! {
                        <text class="lock-hold__label" x={px(r.x + 5.0)} {y}>{ label }</text>
                    },
                    (SpanKind::Paused, _) if r.w > 70.0 => html! {
                        <text class="lock-pause__label" x={px(r.x + r.w - 5.0)} {y} text-anchor="end">
                            { lang.t(LockText::PausedShort) }
                        </text>
                    },
                    _ => Html::default(),
                }
            }) }
            { for lane.marks.iter().map(|mark| html! {
                <path
                    class={mark_class(mark.kind)}
                    data-pick={mark.pick.to_string()}
                    d={mark_path(mark.kind, mark.x, mark.y, lane.mark_size)}
                />
            }) }
        </g>
    }
}

/// Each violation: alarm stripes over the overlap on both clients' lanes, joined by a line.
pub fn violations(lang: &LangHandle, scene: &Scene) -> Html {
    html! {
        <g class="lock-violations">
            { for scene.violations.iter().map(|v| {
                let [a, b] = v.rects;
                let label = fill(
                    lang.t(LockText::ViolationLabel),
                    &[&v.clients.0.to_string(), &v.clients.1.to_string()],
                );
                let (top, bottom) = if a.y < b.y { (a, b) } else { (b, a) };
                html! {
                    <g class="lock-violation" data-testid="lock-violation" data-pick={v.pick.to_string()} tabindex="0">
                        <title>{ label }</title>
                        { for [a, b].into_iter().map(|r| html! {
                            <rect fill={format!("url(#{ALARM_HATCH})")} class="lock-violation__rect"
                                x={px(r.x)} y={px(r.y + 1.0)} width={px(r.w)} height={px(r.h - 2.0)} />
                        }) }
                        <line class="lock-violation__link" x1={px(a.x + 1.5)} x2={px(a.x + 1.5)}
                            y1={px(top.y + top.h)} y2={px(bottom.y)} />
                        <text class="lock-violation__label" x={px(a.x + 4.0)} y={px(top.y + 14.0)}>{ "⚠" }</text>
                    </g>
                }
            }) }
        </g>
    }
}
