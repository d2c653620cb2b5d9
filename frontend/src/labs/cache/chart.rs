//! The before/after chart: the same reads cold and after the warm-up, as pairs of SVG bars for the hit
//! ratio, the database fetches and three latency percentiles. Each pair has its own scale, so a
//! small number still shows; the figures are written beside the bars.

use yew::prelude::*;

use super::kind::Phase;
use super::state::Pass;
use crate::format::micros;
use crate::i18n::cache::CacheText;
use crate::i18n::{fill, use_lang};

/// A hit ratio (0 to 1) as a percentage with one decimal, `42.5`: what `cache-hit-ratio` holds.
pub fn percent(ratio: f64) -> String {
    format!("{:.1}", (ratio * 100.0).clamp(0.0, 100.0))
}

/// Bar lengths, 0 to 100, of `values` on a scale whose end is `max` (or the largest value when `max`
/// is `None`). All zeros draw nothing rather than dividing by zero.
pub fn lengths(values: &[f64], max: Option<f64>) -> Vec<f64> {
    let end = max.unwrap_or_else(|| values.iter().copied().fold(0.0, f64::max));
    values
        .iter()
        .map(|&v| {
            if end > 0.0 {
                (v / end * 100.0).clamp(0.0, 100.0)
            } else {
                0.0
            }
        })
        .collect()
}

/// One row of the chart: a metric of both passes.
struct Metric {
    label: CacheText,
    /// `data-testid` of the figures, if the contract names them.
    testid: Option<&'static str>,
    /// The figure as a number (for the bar) and as text.
    value: fn(&Pass) -> (f64, String),
    /// The scale's end; `None` scales to the larger figure.
    max: Option<f64>,
}

const METRICS: [Metric; 5] = [
    Metric {
        label: CacheText::MetricHitRatio,
        testid: Some("cache-hit-ratio"),
        value: |p| (p.measured.hit_ratio * 100.0, percent(p.measured.hit_ratio)),
        max: Some(100.0),
    },
    Metric {
        label: CacheText::MetricDbHits,
        testid: Some("cache-db-hits"),
        value: |p| {
            (
                f64::from(p.measured.db_hits),
                p.measured.db_hits.to_string(),
            )
        },
        max: None,
    },
    Metric {
        label: CacheText::MetricP50,
        testid: None,
        value: |p| (p.measured.p50_us as f64, micros(p.measured.p50_us)),
        max: None,
    },
    Metric {
        label: CacheText::MetricP90,
        testid: None,
        value: |p| (p.measured.p90_us as f64, micros(p.measured.p90_us)),
        max: None,
    },
    Metric {
        label: CacheText::MetricP99,
        testid: None,
        value: |p| (p.measured.p99_us as f64, micros(p.measured.p99_us)),
        max: None,
    },
];

/// Props of [`BeforeAfter`].
#[derive(Properties, PartialEq)]
pub struct BeforeAfterProps {
    /// The cold pass.
    pub cold: Option<Pass>,
    /// The pass after the warm-up.
    pub warm: Option<Pass>,
}

/// The chart, or how to get one.
#[component]
pub fn BeforeAfter(props: &BeforeAfterProps) -> Html {
    let lang = use_lang();
    let passes: Vec<(Phase, &Pass)> = [(Phase::Cold, &props.cold), (Phase::Warm, &props.warm)]
        .into_iter()
        .filter_map(|(phase, pass)| pass.as_ref().map(|pass| (phase, pass)))
        .collect();
    let phase_name = |phase| match phase {
        Phase::Cold => lang.t(CacheText::PhaseCold),
        Phase::Warm => lang.t(CacheText::PhaseWarm),
    };
    let phase_id = |phase| match phase {
        Phase::Cold => "cold",
        Phase::Warm => "warm",
    };

    let rows = METRICS.iter().map(|metric| {
        let figures: Vec<(f64, String)> = passes.iter().map(|(_, p)| (metric.value)(p)).collect();
        let numbers: Vec<f64> = figures.iter().map(|(n, _)| *n).collect();
        let bars = lengths(&numbers, metric.max);
        html! {
            <div class="cache-metric" role="group" aria-label={lang.t(metric.label)}>
                <h3 class="cache-metric__label">{ lang.t(metric.label) }</h3>
                { for passes.iter().zip(figures).zip(bars).map(|(((phase, _), (_, text)), length)| html! {
                    <div class={classes!("cache-bar", format!("cache-bar--{}", phase_id(*phase)))}>
                        <span class="cache-bar__phase">{ phase_name(*phase) }</span>
                        <svg class="cache-bar__svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                            <rect class="cache-bar__track" x="0" y="0" width="100" height="10" />
                            <rect class="cache-bar__fill" x="0" y="0" width={format!("{length:.2}")} height="10" />
                        </svg>
                        <span class="cache-bar__value" data-testid={metric.testid} data-phase={phase_id(*phase)}>{ text }</span>
                    </div>
                }) }
            </div>
        }
    });

    html! {
        <section class="cache-panel cache-chart" aria-labelledby="cache-chart-title">
            <h2 id="cache-chart-title" class="panel-title">{ lang.t(CacheText::ChartTitle) }</h2>
            if passes.is_empty() {
                <p class="hint">{ lang.t(CacheText::ChartEmpty) }</p>
            } else {
                <div class="cache-chart__rows">{ for rows }</div>
                <ul class="cache-chart__reads">
                    { for passes.iter().map(|(phase, pass)| html! {
                        <li>
                            <strong>{ phase_name(*phase) }</strong>{ ": " }
                            { fill(lang.t(CacheText::ChartReads), &[&pass.measured.reads.to_string(), &pass.measured.hits.to_string()]) }
                        </li>
                    }) }
                </ul>
            }
            if props.warm.is_some_and(|pass| pass.dirty) {
                <p class="cache-note" role="note">{ lang.t(CacheText::ChartDirty) }</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_has_one_decimal_and_stays_in_range() {
        assert_eq!(percent(0.425), "42.5");
        assert_eq!(percent(0.0), "0.0");
        assert_eq!(percent(1.0), "100.0");
        assert_eq!(percent(2.0 / 3.0), "66.7");
        assert_eq!(percent(1.5), "100.0");
    }

    #[test]
    fn bars_scale_to_the_larger_figure_or_a_fixed_end() {
        assert_eq!(lengths(&[50.0, 200.0], None), [25.0, 100.0]);
        assert_eq!(lengths(&[40.0, 80.0], Some(100.0)), [40.0, 80.0]);
        assert_eq!(lengths(&[0.0, 0.0], None), [0.0, 0.0]);
        assert_eq!(lengths(&[], None), Vec::<f64>::new());
    }
}
