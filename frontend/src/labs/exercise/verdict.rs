//! A grade as the server sent it: the overall verdict, the verdict per property with the cases it broke
//! in, the script's error pointing at its line, and each case (a visible one with its lanes).

use shared::exercise::{
    BUSY_SCRIPT_MS, Case, CaseResult, Grade, Property, PropertyVerdict,
    STRICTNESS_TOLERANCE_PERCENT, ScriptError, Status,
};
use yew::prelude::*;

use super::timeline::Timeline;
use crate::i18n::exercise::ExerciseText;
use crate::i18n::{LangHandle, Text, error_sentence, fill, use_lang};
use crate::ws::Failure;

/// The line of the learner's script Redis's error named, if the grade stopped on one.
pub fn error_line(grade: &Grade) -> Option<u32> {
    match &grade.error {
        Some(ScriptError::Lua { line, .. }) => *line,
        _ => None,
    }
}

/// A property's name and how it is judged, as keys.
fn property_text(property: Property) -> (ExerciseText, ExerciseText) {
    match property {
        Property::Contract => (ExerciseText::PropContract, ExerciseText::PropContractHow),
        Property::WithinLimit => (
            ExerciseText::PropWithinLimit,
            ExerciseText::PropWithinLimitHow,
        ),
        Property::NotTooStrict => (
            ExerciseText::PropNotTooStrict,
            ExerciseText::PropNotTooStrictHow,
        ),
        Property::Expires => (ExerciseText::PropExpires, ExerciseText::PropExpiresHow),
        Property::OneRoundTrip => (
            ExerciseText::PropOneRoundTrip,
            ExerciseText::PropOneRoundTripHow,
        ),
    }
}

/// How a property is judged, with its number filled in.
fn property_how(lang: &LangHandle, property: Property) -> String {
    let how = lang.t(property_text(property).1);
    match property {
        Property::Contract => fill(how, &[&BUSY_SCRIPT_MS.to_string()]),
        Property::NotTooStrict => fill(how, &[&STRICTNESS_TOLERANCE_PERCENT.to_string()]),
        _ => how.to_owned(),
    }
}

/// A case's name.
fn case_text(case: Case) -> ExerciseText {
    match case {
        Case::BoundaryBurst => ExerciseText::CaseBoundaryBurst,
        Case::SameTimestamp => ExerciseText::CaseSameTimestamp,
        Case::Concurrent => ExerciseText::CaseConcurrent,
        Case::Poisson => ExerciseText::CasePoisson,
        Case::HiddenLimitOne => ExerciseText::CaseHidden1,
        Case::HiddenShortWindow => ExerciseText::CaseHidden2,
        Case::HiddenPoisson => ExerciseText::CaseHidden3,
    }
}

/// A stable name for tests: the case's wire name.
fn case_id(case: Case) -> &'static str {
    match case {
        Case::BoundaryBurst => "boundary_burst",
        Case::SameTimestamp => "same_timestamp",
        Case::Concurrent => "concurrent",
        Case::Poisson => "poisson",
        Case::HiddenLimitOne => "hidden_limit_one",
        Case::HiddenShortWindow => "hidden_short_window",
        Case::HiddenPoisson => "hidden_poisson",
    }
}

/// A stable name for tests: the property's wire name.
fn property_id(property: Property) -> &'static str {
    match property {
        Property::Contract => "contract",
        Property::WithinLimit => "within_limit",
        Property::NotTooStrict => "not_too_strict",
        Property::Expires => "expires",
        Property::OneRoundTrip => "one_round_trip",
    }
}

/// Props of [`GradeView`].
#[derive(Properties, PartialEq)]
pub struct GradeViewProps {
    /// The grade.
    pub grade: Grade,
}

/// The whole grade.
#[component]
pub fn GradeView(props: &GradeViewProps) -> Html {
    let lang = use_lang();
    let grade = &props.grade;
    let passed = grade.passed();
    html! {
        <section class="exercise-grade" data-testid="exercise-grade-result" data-passed={passed.to_string()} aria-labelledby="exercise-verdict">
            <h2 id="exercise-verdict" class={classes!("exercise-verdict", if passed { "exercise-verdict--pass" } else { "exercise-verdict--fail" })} data-testid="exercise-verdict" role="status">
                { lang.t(if passed { ExerciseText::Passed } else { ExerciseText::Failed }) }
            </h2>
            if let Some(error) = &grade.error {
                <p class="error-box" data-testid="exercise-error" role="alert">{ script_error(&lang, error) }</p>
            }
            <h3 class="panel-title">{ lang.t(ExerciseText::PropertiesTitle) }</h3>
            <ul class="exercise-properties">
                { for grade.properties.iter().map(|verdict| property_row(&lang, verdict)) }
            </ul>
            if !grade.cases.is_empty() {
                <h3 class="panel-title">{ lang.t(ExerciseText::CasesTitle) }</h3>
                <p class="hint">{ lang.t(ExerciseText::HiddenNote) }</p>
                <div class="legend exercise-legend">
                    <span><svg class="legend__swatch" viewBox="0 0 10 10" aria-hidden="true"><circle class="exercise-timeline__mark--allowed" cx="5" cy="5" r="3.5" /></svg>{ lang.t(ExerciseText::Allowed) }</span>
                    <span><svg class="legend__swatch" viewBox="0 0 10 10" aria-hidden="true"><path class="exercise-timeline__mark--refused" d="M2 2 l6 6 M8 2 l-6 6" /></svg>{ lang.t(ExerciseText::Refused) }</span>
                </div>
                <ol class="exercise-cases">
                    { for grade.cases.iter().map(|case| case_row(&lang, case)) }
                </ol>
            }
            <p class="hint" data-testid="exercise-timing">
                { fill(lang.t(ExerciseText::Timing), &[&grade.sandbox_start_ms.to_string(), &grade.graded_ms.to_string()]) }
            </p>
        </section>
    }
}

fn property_row(lang: &LangHandle, verdict: &PropertyVerdict) -> Html {
    let (name, _) = property_text(verdict.property);
    let (status, class) = match verdict.status {
        Status::Held => (ExerciseText::Held, "held"),
        Status::Broken => (ExerciseText::Broken, "broken"),
        Status::NotJudged => (ExerciseText::NotJudged, "not-judged"),
    };
    let cases: Vec<&str> = verdict
        .broken_in
        .iter()
        .map(|case| lang.t(case_text(*case)))
        .collect();
    html! {
        <li class={format!("exercise-property exercise-property--{class}")} data-testid={format!("exercise-property-{}", property_id(verdict.property))} data-status={class}>
            <strong class="exercise-property__status">{ lang.t(status) }</strong>
            <span class="exercise-property__name">{ lang.t(name) }</span>
            <span class="exercise-property__how">{ property_how(lang, verdict.property) }</span>
            if !cases.is_empty() {
                <span class="exercise-property__cases">{ fill(lang.t(ExerciseText::BrokenIn), &[&cases.join(", ")]) }</span>
            }
        </li>
    }
}

fn case_row(lang: &LangHandle, case: &CaseResult) -> Html {
    let verdict = if case.broken.is_empty() {
        lang.t(ExerciseText::CasePassed).to_owned()
    } else {
        let broken: Vec<&str> = case
            .broken
            .iter()
            .map(|p| lang.t(property_text(*p).0))
            .collect();
        fill(lang.t(ExerciseText::CaseFailed), &[&broken.join(", ")])
    };
    let id = case_id(case.case);
    html! {
        <li class="exercise-case" data-testid={format!("exercise-case-{id}")} data-passed={case.broken.is_empty().to_string()}>
            <h4 class="exercise-case__title">
                { lang.t(case_text(case.case)) }
                <span class="exercise-case__params">{ fill(lang.t(ExerciseText::CaseParams), &[&case.limit.to_string(), &case.window_ms.to_string()]) }</span>
            </h4>
            <p class={classes!("exercise-case__verdict", if case.broken.is_empty() { "exercise-case__verdict--pass" } else { "exercise-case__verdict--fail" })}>{ verdict }</p>
            if let Some(lanes) = &case.lanes {
                <Timeline lanes={lanes.clone()} testid={format!("exercise-timeline-{id}")} />
            }
        </li>
    }
}

/// The script's error as a sentence, with the line Redis named.
fn script_error(lang: &LangHandle, error: &ScriptError) -> String {
    match error {
        ScriptError::Lua {
            line: Some(line),
            message,
        } => fill(
            lang.t(ExerciseText::ErrLuaLine),
            &[&line.to_string(), message],
        ),
        ScriptError::Lua {
            line: None,
            message,
        } => fill(lang.t(ExerciseText::ErrLua), &[message]),
        ScriptError::TooSlow { limit_ms } => {
            fill(lang.t(ExerciseText::ErrTooSlow), &[&limit_ms.to_string()])
        }
        ScriptError::BadReply { reply } => fill(lang.t(ExerciseText::ErrBadReply), &[reply]),
        ScriptError::SandboxLost => lang.t(ExerciseText::ErrSandboxLost).to_owned(),
    }
}

/// A request that failed before grading: the error's sentence, and the server's own words (which
/// name the limit that refused it).
pub fn failure_view(lang: &LangHandle, failure: &Failure) -> Html {
    let (sentence, detail) = match failure {
        Failure::Server(error) => (
            error_sentence(lang.lang, error),
            Some(error.message.clone()),
        ),
        Failure::Lost => (lang.t(Text::RequestLost).to_owned(), None),
        Failure::NotSent => (lang.t(Text::RequestNotSent).to_owned(), None),
    };
    html! {
        <section class="error-box" data-testid="exercise-failure" role="alert">
            <h2 class="panel-title">{ lang.t(Text::ErrorTitle) }</h2>
            <p>{ sentence }</p>
            if let Some(detail) = detail {
                <p class="hint" lang="en">{ detail }</p>
            }
        </section>
    }
}
