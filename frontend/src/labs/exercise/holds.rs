//! One visible lock case's holds: a row per client on one time axis, a bar per hold from its
//! acquire's reply to its release or its lease's end, as Redis's replies and the `PTTL` read after
//! the acquire bound it. A stale holder's belief past its lease is drawn hatched; a crash, marked.

use shared::exercise::lock::{Fault, Hold};
use yew::prelude::*;

use super::timeline::{LEFT, WIDTH, x_of};
use crate::i18n::exercise::ExerciseText;
use crate::i18n::{fill, use_lang};

/// One client's row height.
const ROW: f64 = 22.0;

/// Props of [`Holds`].
#[derive(Properties, PartialEq)]
pub struct HoldsProps {
    /// Every hold of the case.
    pub holds: Vec<Hold>,
    /// How many clients contended (rows).
    pub clients: u8,
    /// How long the case ran, in µs.
    pub span_us: u32,
    /// Names the drawing for tests.
    pub testid: AttrValue,
}

/// Where a hold is drawn across, from its start to its end (the case's end when it never ended), and
/// where a stale holder's belief ends (its release), in SVG units.
pub fn bar(hold: &Hold, span_us: u32) -> (f64, f64, Option<f64>) {
    let x = |us: u32| x_of(us / 1000, span_us / 1000);
    let end = hold.until_us().unwrap_or(span_us);
    let believed = hold.release_us.filter(|release| *release > end).map(&x);
    (x(hold.from_us), x(end.max(hold.from_us)), believed)
}

/// The holds of one case.
#[component]
pub fn Holds(props: &HoldsProps) -> Html {
    let lang = use_lang();
    let rows = f64::from(props.clients.max(1));
    let height = ROW * rows + 24.0;
    let span_ms = props.span_us / 1000;
    let summary = fill(
        lang.t(ExerciseText::HoldsSummary),
        &[
            &props.clients.to_string(),
            &props.holds.len().to_string(),
            &span_ms.to_string(),
        ],
    );
    html! {
        <figure class="exercise-holds">
            <svg class="exercise-holds__svg" data-testid={props.testid.clone()} viewBox={format!("0 0 {WIDTH} {height}")} role="img" aria-label={summary}>
                { for (0..props.clients).map(|client| {
                    let top = ROW * f64::from(client);
                    html! {
                        <g class="exercise-holds__row" data-client={client.to_string()}>
                            <rect class="exercise-timeline__band" x={LEFT.to_string()} y={(top + 2.0).to_string()} width={(WIDTH - LEFT).to_string()} height={(ROW - 4.0).to_string()} />
                            <text class="exercise-timeline__name" x="0" y={(top + ROW / 2.0 + 4.0).to_string()}>{ fill(lang.t(ExerciseText::ClientName), &[&client.to_string()]) }</text>
                        </g>
                    }
                }) }
                { for props.holds.iter().map(|hold| {
                    let top = ROW * f64::from(hold.client) + 5.0;
                    let (from, to, believed) = bar(hold, props.span_us);
                    let fault = match hold.fault {
                        Some(Fault::Stale) => "stale",
                        Some(Fault::Crash) => "crash",
                        None => "none",
                    };
                    html! {
                        <g class="exercise-holds__hold" data-fault={fault}>
                            <rect class={classes!("exercise-holds__bar", (hold.fault == Some(Fault::Crash)).then_some("exercise-holds__bar--crash"))} x={from.to_string()} y={top.to_string()} width={(to - from).max(1.5).to_string()} height={(ROW - 10.0).to_string()} />
                            if let Some(believed) = believed {
                                <rect class="exercise-holds__bar exercise-holds__bar--stale" x={to.to_string()} y={top.to_string()} width={(believed - to).max(1.5).to_string()} height={(ROW - 10.0).to_string()} />
                            }
                        </g>
                    }
                }) }
                <text class="exercise-timeline__axis" x={LEFT.to_string()} y={(height - 6.0).to_string()}>{ fill(lang.t(ExerciseText::AxisMs), &["0"]) }</text>
                <text class="exercise-timeline__axis" x={(WIDTH - 10.0).to_string()} y={(height - 6.0).to_string()} text-anchor="end">{ fill(lang.t(ExerciseText::AxisMs), &[&span_ms.to_string()]) }</text>
            </svg>
            <figcaption class="legend exercise-legend">
                <span><svg class="legend__swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class="exercise-holds__bar" x="1" y="2" width="8" height="6" /></svg>{ lang.t(ExerciseText::LegendHold) }</span>
                <span><svg class="legend__swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class="exercise-holds__bar exercise-holds__bar--stale" x="1" y="2" width="8" height="6" /></svg>{ lang.t(ExerciseText::LegendStale) }</span>
                <span><svg class="legend__swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class="exercise-holds__bar exercise-holds__bar--crash" x="1" y="2" width="8" height="6" /></svg>{ lang.t(ExerciseText::LegendCrash) }</span>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold(from_us: u32, lease_us: Option<u32>, release_us: Option<u32>) -> Hold {
        Hold {
            client: 0,
            from_us,
            lease_us,
            release_us,
            fault: None,
        }
    }

    #[test]
    fn a_stale_holders_belief_runs_past_its_lease_to_its_release() {
        let (from, to, believed) = bar(&hold(0, Some(500_000), Some(800_000)), 1_000_000);
        assert_eq!(from, LEFT);
        assert!(to < believed.expect("believed past its lease"));
    }

    #[test]
    fn a_hold_that_never_ends_runs_to_the_case_end() {
        let (_, to, believed) = bar(&hold(100_000, None, None), 1_000_000);
        assert_eq!(to, x_of(1000, 1000));
        assert!(believed.is_none());
    }
}
