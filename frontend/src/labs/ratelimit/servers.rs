//! The many-servers lesson on screen: the two variants side by side, one row of marks per server on a
//! shared time axis, and each variant's totals labelled with where they come from (the servers' own
//! memory, or Redis).

use yew::prelude::*;

use super::fleet::{FleetView, Variant};
use super::marks::{Placed, crosses_path, dots_path};
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::{LangHandle, fill, use_lang};

/// Width of the plot in SVG units; it scales to the page.
const WIDTH: f64 = 800.0;
/// Room on the left for a row's label.
const LABEL_W: f64 = 90.0;
/// Room on the right for a row's count.
const COUNT_W: f64 = 60.0;
/// Height of one server's row.
const ROW_H: f64 = 22.0;
/// Height of a variant's heading above its rows.
const HEAD_H: f64 = 26.0;

/// Props of [`Servers`].
#[derive(Properties, PartialEq)]
pub struct ServersProps {
    /// The lesson's run.
    pub fleet: FleetView,
}

/// Both variants of the lesson's run.
#[component]
pub fn Servers(props: &ServersProps) -> Html {
    let lang = use_lang();
    let fleet = &props.fleet;
    let state = if fleet.summary.is_some() {
        "done"
    } else {
        "running"
    };
    let block = HEAD_H + ROW_H * f64::from(fleet.servers);
    let height = block * 2.0 + 8.0;
    html! {
        <section class="ratelimit-servers" data-testid="ratelimit-servers" data-state={state} aria-live="polite">
            <div class="ratelimit-servers-plot">
                <svg
                    class="ratelimit-servers__svg"
                    viewBox={format!("0 0 {WIDTH} {height}")}
                    role="img"
                    aria-label={lang.t(RatelimitText::ServersPlotLabel)}
                >
                    { for Variant::ALL.into_iter().enumerate().map(|(i, variant)| {
                        variant_rows(&lang, fleet, variant, i as f64 * (block + 8.0))
                    }) }
                </svg>
            </div>
            <div class="ratelimit-servers__figures">
                { for Variant::ALL.into_iter().map(|variant| figures(&lang, fleet, variant)) }
            </div>
        </section>
    }
}

/// One variant's heading and its servers' rows, from `top`.
fn variant_rows(lang: &LangHandle, fleet: &FleetView, variant: Variant, top: f64) -> Html {
    let plot_w = WIDTH - LABEL_W - COUNT_W;
    let rows = (0..fleet.servers).map(|server| {
        let y = top + HEAD_H + ROW_H * (f64::from(server) + 0.5);
        let placed = |allowed: bool| -> Vec<Placed> {
            fleet
                .decisions
                .iter()
                .filter(|d| d.server == server && variant.allowed(d) == allowed)
                .map(|d| Placed {
                    x: LABEL_W + fleet.x(d) * plot_w,
                    y,
                })
                .collect()
        };
        let (allowed, denied) = (placed(true), placed(false));
        let label = fill(lang.t(RatelimitText::ServersServer), &[&(server + 1).to_string()]);
        html! {
            <g class="ratelimit-servers__row" data-server={server.to_string()}>
                <text class="ratelimit-servers__label" x="0" y={(y + 4.0).to_string()}>{ label }</text>
                <line class="ratelimit-baseline" x1={LABEL_W.to_string()} x2={(LABEL_W + plot_w).to_string()}
                    y1={y.to_string()} y2={y.to_string()} />
                <path class="ratelimit-marks ratelimit-marks--allowed" d={dots_path(&allowed)} />
                <path class="ratelimit-marks ratelimit-marks--denied" d={crosses_path(&denied)} />
                <text class="ratelimit-servers__count" x={(WIDTH - COUNT_W + 8.0).to_string()} y={(y + 4.0).to_string()}>
                    { fleet.allowed_on(variant, server).to_string() }
                </text>
            </g>
        }
    });
    let heading = match variant {
        Variant::Own => RatelimitText::ServersOwn,
        Variant::Redis => RatelimitText::ServersShared,
    };
    html! {
        <g class="ratelimit-servers__variant" data-variant={variant.id()}>
            <text class="ratelimit-servers__heading" x="0" y={(top + 18.0).to_string()}>{ lang.t(heading) }</text>
            { for rows }
        </g>
    }
}

/// One variant's totals, and where they come from.
fn figures(lang: &LangHandle, fleet: &FleetView, variant: Variant) -> Html {
    // The backend's summary once it came; until then the same figures over the decisions so far.
    let stats = match (&fleet.summary, variant) {
        (Some(summary), Variant::Own) => summary.own,
        (Some(summary), Variant::Redis) => summary.redis,
        (None, _) => fleet.stats(variant),
    };
    let max = fleet.limits.max_requests;
    let over = stats.max_in_window > max;
    let (heading, source) = match variant {
        Variant::Own => (RatelimitText::ServersOwn, RatelimitText::ServersOwnSource),
        Variant::Redis => (
            RatelimitText::ServersShared,
            RatelimitText::ServersSharedSource,
        ),
    };
    let class = classes!(
        "ratelimit-servers__figure",
        over.then_some("ratelimit-lane--over")
    );
    html! {
        <div {class} data-testid="ratelimit-servers-figure" data-variant={variant.id()}>
            <h3 class="ratelimit-code__heading">{ lang.t(heading) }</h3>
            <dl class="ratelimit-lane__stats">
                <div class="ratelimit-stat">
                    <dt>{ lang.t(RatelimitText::StatAllowed) }</dt>
                    <dd data-testid="ratelimit-servers-allowed">{ stats.allowed.to_string() }</dd>
                </div>
                <div class="ratelimit-stat">
                    <dt>{ lang.t(RatelimitText::StatDenied) }</dt>
                    <dd>{ stats.denied.to_string() }</dd>
                </div>
                <div class={classes!("ratelimit-stat", over.then_some("ratelimit-stat--over"))}>
                    <dt>{ lang.t(RatelimitText::StatMax) }</dt>
                    <dd data-testid="ratelimit-servers-peak">{ stats.max_in_window.to_string() }</dd>
                </div>
            </dl>
            <p class="ratelimit-lane__over">
                if over {
                    { fill(lang.t(RatelimitText::OverLimit), &[&max.to_string()]) }
                }
            </p>
            <p class="hint" data-testid="ratelimit-servers-source">{ lang.t(source) }</p>
        </div>
    }
}
