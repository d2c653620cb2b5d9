//! The lanes under the clients': the lock key as the monitor read it, and the fenced resource's writes.

use yew::prelude::*;

use super::glyphs::{ALARM_HATCH, mark_class, mark_path};
use super::lanes_view::{colour, px};
use super::layout::{KeyState, LABEL_W};
use super::scene::Scene;
use super::timeline::MarkKind;
use crate::i18n::LangHandle;
use crate::i18n::lock::LockText;

/// The lock key's lane: who holds it (a colour per client) and its `PTTL` counting down as steps
/// under the timeout line; a lock without expiry in alarm stripes; nothing where the key is free.
pub fn key_lane(lang: &LangHandle, scene: &Scene, timeout_secs: u32) -> Html {
    let band = scene.key_band;
    let base = band.y + band.h - 4.0;
    html! {
        <g class="lock-key" data-testid="lock-key-lane">
            <rect class="lock-key__band" x="0" y={px(band.y)} width={px(band.x + band.w)} height={px(band.h)} />
            <text class="lock-lane__name" x="6" y={px(band.y + 20.0)}>{ lang.t(LockText::KeyLane) }</text>
            <text class="lock-key__axis" x="6" y={px(band.y + 40.0)}>{ lang.t(LockText::KeyLanePttl) }</text>
            <line class="lock-key__full" x1={px(band.x)} x2={px(band.x + band.w)} y1={px(scene.key_full_y)} y2={px(scene.key_full_y)} />
            <text class="lock-key__axis" x={px(LABEL_W - 6.0)} y={px(scene.key_full_y + 4.0)} text-anchor="end">
                { format!("EX {timeout_secs}") }
            </text>
            <line class="lock-key__base" x1={px(band.x)} x2={px(band.x + band.w)} y1={px(base)} y2={px(base)} />
            { for scene.key.iter().map(|shape| {
                let r = shape.rect;
                let label_y = px(band.y + 14.0);
                match shape.state {
                    KeyState::Held { holder } => {
                        let class = holder.map_or("lock-c-unknown".to_owned(), colour);
                        let label = holder_tag(holder);
                        html! {
                            <g data-pick={shape.pick.to_string()}>
                                <path class={classes!("lock-key__ttl", class)} d={shape.steps.clone()} />
                                if r.w >= 24.0 {
                                    <text class="lock-key__holder" x={px(r.x + 3.0)} y={label_y}>{ label }</text>
                                }
                            </g>
                        }
                    }
                    KeyState::NoExpiry { holder } => html! {
                        <g data-pick={shape.pick.to_string()} class="lock-key__forever">
                            <rect fill={format!("url(#{ALARM_HATCH})")} x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} />
                            <text class="lock-key__alarm" x={px(r.x + 4.0)} y={label_y}>
                                { format!("{} · {}", holder_tag(holder), lang.t(LockText::KeyNoExpiry)) }
                            </text>
                        </g>
                    },
                    KeyState::Free => html! {
                        <rect class="lock-key__free" data-pick={shape.pick.to_string()} x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} />
                    },
                }
            }) }
        </g>
    }
}

/// A holder as the key lane names it: `C2`, or `?` for a token the backend did not hand out.
fn holder_tag(holder: Option<u32>) -> String {
    holder.map_or_else(|| "?".to_owned(), |c| format!("C{c}"))
}

/// The fenced resource's lane: each write with its fence token, accepted or rejected.
pub fn resource_lane(lang: &LangHandle, scene: &Scene) -> Html {
    let Some(band) = scene.resource_band else {
        return Html::default();
    };
    html! {
        <g class="lock-resource">
            <rect class="lock-key__band" x="0" y={px(band.y)} width={px(band.x + band.w)} height={px(band.h)} />
            <text class="lock-lane__name" x="6" y={px(band.y + band.h / 2.0 + 5.0)}>{ lang.t(LockText::ResourceLane) }</text>
            { for scene.writes.iter().map(|write| {
                let kind = MarkKind::Wrote { fence: write.fence, accepted: write.accepted };
                let size = band.h * 0.5;
                html! {
                    <g
                        data-testid="lock-write"
                        data-accepted={if write.accepted { "true" } else { "false" }}
                        data-pick={write.pick.to_string()}
                        tabindex="0"
                    >
                        <path class={mark_class(kind)} d={mark_path(kind, write.x, write.y, size)} />
                        <text class="lock-write__fence" x={px(write.x + size / 2.0 + 3.0)} y={px(write.y + 5.0)}>
                            { format!("#{}", write.fence) }
                        </text>
                    </g>
                }
            }) }
        </g>
    }
}
