//! One visible case's decisions as three lanes on one time axis: the course's code, the learner's and
//! the fixed one, on the same traffic. Each mark is one reply Redis returned: a filled dot for allowed,
//! a cross for refused. Requests at the same millisecond stack up in their lane.

use shared::exercise::{Decision, Lanes};
use yew::prelude::*;

use crate::i18n::exercise::ExerciseText;
use crate::i18n::{fill, use_lang};

/// Width of the drawing, in SVG units.
pub const WIDTH: f64 = 640.0;
/// Where the lanes start, after their names.
pub const LEFT: f64 = 140.0;
/// One lane's height.
const LANE: f64 = 40.0;
/// Marks stacked in a lane before they overlap.
const STACK: usize = 8;
/// Marks closer than this across (in SVG units) stack instead of covering one another.
const NEAR: f64 = 5.0;

/// Where a decision at `at_ms` is drawn across, for a case spanning `span_ms`.
pub fn x_of(at_ms: u32, span_ms: u32) -> f64 {
    let right = WIDTH - 10.0;
    LEFT + (right - LEFT) * f64::from(at_ms) / f64::from(span_ms.max(1))
}

/// Each decision's place in its stack: how many earlier decisions of its lane are drawn within
/// [`NEAR`] of it on a case spanning `span_ms` (the same millisecond, or a burst a few ms long).
pub fn stack_levels(decisions: &[Decision], span_ms: u32) -> Vec<usize> {
    let xs: Vec<f64> = decisions.iter().map(|d| x_of(d.at_ms, span_ms)).collect();
    (0..xs.len())
        .map(|i| xs[..i].iter().filter(|x| (*x - xs[i]).abs() < NEAR).count() % STACK)
        .collect()
}

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The three lanes.
    pub lanes: Lanes,
    /// Names the drawing for tests.
    pub testid: AttrValue,
}

/// The three lanes of one case.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let lang = use_lang();
    let lanes = [
        (ExerciseText::LaneCourse, &props.lanes.course, "course"),
        (ExerciseText::LaneYours, &props.lanes.yours, "yours"),
        (ExerciseText::LaneFixed, &props.lanes.fixed, "fixed"),
    ];
    let span = props.lanes.span_ms;
    let height = LANE * 3.0 + 24.0;
    let summaries: Vec<String> = lanes
        .iter()
        .map(|(name, decisions, _)| {
            let allowed = decisions.iter().filter(|d| d.allowed).count();
            fill(
                lang.t(ExerciseText::LaneSummary),
                &[
                    lang.t(*name),
                    &allowed.to_string(),
                    &(decisions.len() - allowed).to_string(),
                ],
            )
        })
        .collect();
    html! {
        <svg class="exercise-timeline" data-testid={props.testid.clone()} viewBox={format!("0 0 {WIDTH} {height}")} role="img" aria-label={summaries.join(". ")}>
            { for lanes.iter().enumerate().map(|(row, (name, decisions, lane))| {
                let top = LANE * row as f64;
                let levels = stack_levels(decisions, span);
                html! {
                    <g class={format!("exercise-timeline__lane exercise-timeline__lane--{lane}")} data-lane={*lane}>
                        <rect class="exercise-timeline__band" x={LEFT.to_string()} y={(top + 2.0).to_string()} width={(WIDTH - LEFT).to_string()} height={(LANE - 4.0).to_string()} />
                        <text class="exercise-timeline__name" x="0" y={(top + LANE / 2.0 + 4.0).to_string()}>{ lang.t(*name) }</text>
                        { for decisions.iter().zip(levels).map(|(d, level)| {
                            let x = x_of(d.at_ms, span);
                            let y = top + 6.0 + level as f64 * 4.0;
                            mark(d, x, y)
                        }) }
                    </g>
                }
            }) }
            <text class="exercise-timeline__axis" x={LEFT.to_string()} y={(height - 6.0).to_string()}>{ fill(lang.t(ExerciseText::AxisMs), &["0"]) }</text>
            <text class="exercise-timeline__axis" x={(WIDTH - 10.0).to_string()} y={(height - 6.0).to_string()} text-anchor="end">{ fill(lang.t(ExerciseText::AxisMs), &[&span.to_string()]) }</text>
        </svg>
    }
}

/// One reply: a dot when allowed, a cross when refused.
fn mark(d: &Decision, x: f64, y: f64) -> Html {
    let state = if d.allowed { "allowed" } else { "refused" };
    if d.allowed {
        html! {
            <circle class="exercise-timeline__mark exercise-timeline__mark--allowed" data-state={state} cx={x.to_string()} cy={(y + 3.0).to_string()} r="3" />
        }
    } else {
        let path = format!("M{} {} l6 6 M{} {} l-6 6", x - 3.0, y, x + 3.0, y);
        html! {
            <path class="exercise-timeline__mark exercise-timeline__mark--refused" data-state={state} d={path} />
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(at_ms: u32) -> Decision {
        Decision {
            at_ms,
            client: 0,
            allowed: true,
            remaining: 0,
        }
    }

    #[test]
    fn marks_drawn_close_together_stack_up() {
        let lane = [at(5), at(5), at(7), at(500), at(5)];
        assert_eq!(stack_levels(&lane, 1000), [0, 1, 2, 0, 3]);
    }

    #[test]
    fn the_axis_runs_from_the_lane_names_to_the_right_edge() {
        assert_eq!(x_of(0, 1000), LEFT);
        assert_eq!(x_of(1000, 1000), WIDTH - 10.0);
        assert!(x_of(0, 0).is_finite());
    }
}
