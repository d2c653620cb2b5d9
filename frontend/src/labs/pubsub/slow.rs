//! The slow-subscriber demo's figures: on a private Redis with `client-output-buffer-limit pubsub 65536
//! 32768 1`, a subscriber stopped reading; how many messages were published before Redis cut it off,
//! its output buffer at each reading as a small chart, and whether Redis closed the connection.

use yew::prelude::*;

use super::demos::SLOW_MESSAGE_BYTES;
use super::requests::SlowRun;
use crate::format::grouped;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{fill, use_lang};

/// The demo server's hard limit, in bytes.
const HARD_LIMIT: u64 = 65_536;
/// Its soft limit (for one second), in bytes.
const SOFT_LIMIT: u64 = 32_768;
/// Chart size in user units.
const CHART_W: f64 = 600.0;
const CHART_H: f64 = 200.0;
/// Left margin for the limit labels.
const CHART_LEFT: f64 = 90.0;

/// Props of [`SlowPanel`].
#[derive(Properties, PartialEq)]
pub struct SlowPanelProps {
    /// The last run, if any.
    pub run: SlowRun,
}

/// The bars of the `omem` readings, with the two limits as lines. A reading of 0 still gets a tick
/// on the baseline, so the chart shows that it was taken.
fn chart(omem: &[u64], label: &str) -> Html {
    let top = omem.iter().copied().max().unwrap_or(0).max(HARD_LIMIT) as f64 * 1.1;
    let y = |bytes: u64| CHART_H - bytes as f64 / top * CHART_H;
    let step = (CHART_W - CHART_LEFT) / omem.len().max(1) as f64;
    let limit = |bytes: u64, text: &'static str, class: &'static str| {
        let at = format!("{:.1}", y(bytes));
        html! {
            <g class={class}>
                <line x1={CHART_LEFT.to_string()} x2={CHART_W.to_string()} y1={at.clone()} y2={at} />
                <text x="0" y={format!("{:.1}", y(bytes) + 6.0)} font-size="18">{ text }</text>
            </g>
        }
    };
    html! {
        <svg class="pubsub-slow__chart" viewBox={format!("0 0 {CHART_W} {CHART_H}")} role="img" aria-label={label.to_owned()}>
            { for omem.iter().enumerate().map(|(i, &bytes)| {
                let height = (CHART_H - y(bytes)).max(3.0);
                html! {
                    <rect class="pubsub-slow__bar" x={format!("{:.1}", CHART_LEFT + i as f64 * step + 1.0)}
                        y={format!("{:.1}", CHART_H - height)} width={format!("{:.1}", (step - 2.0).max(1.0))}
                        height={format!("{height:.1}")}>
                        <title>{ format!("{} B", grouped(bytes as i64)) }</title>
                    </rect>
                }
            }) }
            { limit(HARD_LIMIT, "64 KiB", "pubsub-slow__limit pubsub-slow__limit--hard") }
            { limit(SOFT_LIMIT, "32 KiB", "pubsub-slow__limit pubsub-slow__limit--soft") }
            <text class="pubsub-slow__zero" x="0" y={format!("{:.1}", CHART_H - 2.0)} font-size="18">{ "0" }</text>
        </svg>
    }
}

/// The demo's panel.
#[component]
pub fn SlowPanel(props: &SlowPanelProps) -> Html {
    let lang = use_lang();
    let body = match &props.run.result {
        None => html! {
            <p class="running" role="status">
                { fill(lang.t(T::SlowRunning), &[&grouped((SLOW_MESSAGE_BYTES / 1024).into())]) }
            </p>
        },
        Some(Err(_)) => html! { <p class="error-box">{ lang.t(T::SlowFailed) }</p> },
        Some(Ok(figures)) => html! {
            <>
                <dl class="pubsub-slow__figures">
                    <div>
                        <dt>{ lang.t(T::SlowPublished) }</dt>
                        <dd data-testid="pubsub-slow-published">{ grouped(figures.published.into()) }</dd>
                    </div>
                    <div>
                        <dt>{ lang.t(T::SlowBytes) }</dt>
                        <dd>{ format!("{} KiB", grouped((figures.bytes / 1024) as i64)) }</dd>
                    </div>
                    <div>
                        <dt>{ lang.t(T::SlowClosed) }</dt>
                        <dd data-testid="pubsub-slow-closed">
                            { lang.t(if figures.closed_by_redis { T::Yes } else { T::No }) }
                        </dd>
                    </div>
                </dl>
                <h3 class="pubsub-slow__heading">{ lang.t(T::SlowChartTitle) }</h3>
                { chart(&figures.omem, lang.t(T::SlowChartTitle)) }
                <p class="hint">
                    { fill(lang.t(T::SlowChartCaption), &[&figures.omem.len().to_string(), &grouped(figures.published.into())]) }
                </p>
                <p>{ lang.t(T::SlowLesson) }</p>
            </>
        },
    };
    html! {
        <section class="pubsub-slow" data-testid="pubsub-slow" aria-labelledby="pubsub-slow-title">
            <h2 id="pubsub-slow-title" class="panel-title">{ lang.t(T::SlowTitle) }</h2>
            <p class="hint"><code>{ "client-output-buffer-limit pubsub 65536 32768 1" }</code></p>
            { body }
        </section>
    }
}
