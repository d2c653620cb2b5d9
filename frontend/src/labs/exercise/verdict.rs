//! A grade as the server sent it: the overall verdict, the verdict per property with the cases it broke
//! in, the script's error pointing at its line, and each case (a visible one with its lanes). The
//! parts every exercise's grade shares ([`grade_view`], [`case_item`]) take any exercise's properties
//! and cases ([`Judged`], [`Named`]); [`GradeView`] is the rate-limit exercise's grade.

use shared::exercise::{
    BUSY_SCRIPT_MS, Case, CaseResult, Grade, Graded, Part, Property, PropertyVerdict,
    STRICTNESS_TOLERANCE_PERCENT, ScriptError, Status,
};
use yew::prelude::*;

use super::timeline::Timeline;
use crate::i18n::exercise::ExerciseText;
use crate::i18n::{LangHandle, Text, error_sentence, fill, use_lang};
use crate::ws::Failure;

/// The line of the learner's script Redis's error named, if the grade stopped on one.
pub fn error_line<P, C, R>(grade: &Graded<P, C, R>) -> Option<u32> {
    match &grade.error {
        Some(ScriptError::Lua { line, .. }) => *line,
        _ => None,
    }
}

/// A case of an exercise, as the grade names it.
pub trait Named: Copy {
    /// A stable name for tests: its wire name.
    fn id(self) -> &'static str;
    /// Its name, as a key.
    fn name(self) -> ExerciseText;
}

/// A property of an exercise, as the grade names and explains it.
pub trait Judged: Named {
    /// What a reply outside the exercise's contract is told, with the reply as its hole.
    const BAD_REPLY: ExerciseText;
    /// How it is judged, with its numbers filled in.
    fn how(self, lang: &LangHandle) -> String;
}

impl Named for Property {
    fn id(self) -> &'static str {
        property_id(self)
    }
    fn name(self) -> ExerciseText {
        property_text(self).0
    }
}

impl Judged for Property {
    const BAD_REPLY: ExerciseText = ExerciseText::ErrBadReply;

    fn how(self, lang: &LangHandle) -> String {
        property_how(lang, self)
    }
}

impl Named for Case {
    fn id(self) -> &'static str {
        case_id(self)
    }
    fn name(self) -> ExerciseText {
        case_text(self)
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
    let legend = html! {
        <div class="legend exercise-legend">
            <span><svg class="legend__swatch" viewBox="0 0 10 10" aria-hidden="true"><circle class="exercise-timeline__mark--allowed" cx="5" cy="5" r="3.5" /></svg>{ lang.t(ExerciseText::Allowed) }</span>
            <span><svg class="legend__swatch" viewBox="0 0 10 10" aria-hidden="true"><path class="exercise-timeline__mark--refused" d="M2 2 l6 6 M8 2 l-6 6" /></svg>{ lang.t(ExerciseText::Refused) }</span>
        </div>
    };
    grade_view(&lang, &props.grade, legend, |case| case_row(&lang, case))
}

/// Any exercise's grade: the verdict, the script's error (named by its script when the exercise has
/// several), the verdict per property, then `legend` and each case as `row` draws it, and the timing.
pub fn grade_view<P: Judged, C: Named, R>(
    lang: &LangHandle,
    grade: &Graded<P, C, R>,
    legend: Html,
    row: impl Fn(&R) -> Html,
) -> Html {
    let passed = grade.passed();
    html! {
        <section class="exercise-grade" data-testid="exercise-grade-result" data-passed={passed.to_string()} aria-labelledby="exercise-verdict">
            <h2 id="exercise-verdict" class={classes!("exercise-verdict", if passed { "exercise-verdict--pass" } else { "exercise-verdict--fail" })} data-testid="exercise-verdict" role="status">
                { lang.t(if passed { ExerciseText::Passed } else { ExerciseText::Failed }) }
            </h2>
            if let Some(error) = &grade.error {
                <p class="error-box" data-testid="exercise-error" role="alert">{ script_error(lang, error, grade.error_in, P::BAD_REPLY) }</p>
            }
            <h3 class="panel-title">{ lang.t(ExerciseText::PropertiesTitle) }</h3>
            <ul class="exercise-properties">
                { for grade.properties.iter().map(|verdict| property_row(lang, verdict)) }
            </ul>
            if !grade.cases.is_empty() {
                <h3 class="panel-title">{ lang.t(ExerciseText::CasesTitle) }</h3>
                <p class="hint">{ lang.t(ExerciseText::HiddenNote) }</p>
                { legend }
                <ol class="exercise-cases">
                    { for grade.cases.iter().map(row) }
                </ol>
            }
            <p class="hint" data-testid="exercise-timing">
                { fill(lang.t(ExerciseText::Timing), &[&grade.sandbox_start_ms.to_string(), &grade.graded_ms.to_string()]) }
            </p>
        </section>
    }
}

fn property_row<P: Judged, C: Named>(lang: &LangHandle, verdict: &PropertyVerdict<P, C>) -> Html {
    let (status, class) = match verdict.status {
        Status::Held => (ExerciseText::Held, "held"),
        Status::Broken => (ExerciseText::Broken, "broken"),
        Status::NotJudged => (ExerciseText::NotJudged, "not-judged"),
    };
    let cases: Vec<&str> = verdict
        .broken_in
        .iter()
        .map(|case| lang.t(case.name()))
        .collect();
    html! {
        <li class={format!("exercise-property exercise-property--{class}")} data-testid={format!("exercise-property-{}", verdict.property.id())} data-status={class}>
            <strong class="exercise-property__status">{ lang.t(status) }</strong>
            <span class="exercise-property__name">{ lang.t(verdict.property.name()) }</span>
            <span class="exercise-property__how">{ verdict.property.how(lang) }</span>
            if !cases.is_empty() {
                <span class="exercise-property__cases">{ fill(lang.t(ExerciseText::BrokenIn), &[&cases.join(", ")]) }</span>
            }
        </li>
    }
}

/// One case of any exercise: its name and `params`, passed or the properties it broke, and its
/// drawing when it is visible.
pub fn case_item<C: Named, P: Named>(
    lang: &LangHandle,
    case: C,
    params: String,
    broken: &[P],
    drawing: Html,
) -> Html {
    let passed = broken.is_empty();
    let verdict = if passed {
        lang.t(ExerciseText::CasePassed).to_owned()
    } else {
        let broken: Vec<&str> = broken.iter().map(|p| lang.t(p.name())).collect();
        fill(lang.t(ExerciseText::CaseFailed), &[&broken.join(", ")])
    };
    html! {
        <li class="exercise-case" data-testid={format!("exercise-case-{}", case.id())} data-passed={passed.to_string()}>
            <h4 class="exercise-case__title">
                { lang.t(case.name()) }
                <span class="exercise-case__params">{ params }</span>
            </h4>
            <p class={classes!("exercise-case__verdict", if passed { "exercise-case__verdict--pass" } else { "exercise-case__verdict--fail" })}>{ verdict }</p>
            { drawing }
        </li>
    }
}

fn case_row(lang: &LangHandle, case: &CaseResult) -> Html {
    let params = fill(
        lang.t(ExerciseText::CaseParams),
        &[&case.limit.to_string(), &case.window_ms.to_string()],
    );
    let drawing = match &case.lanes {
        Some(lanes) => html! {
            <Timeline lanes={lanes.clone()} testid={format!("exercise-timeline-{}", case_id(case.case))} />
        },
        None => Html::default(),
    };
    case_item(lang, case.case, params, &case.broken, drawing)
}

/// The script's error as a sentence, with the line Redis named, and the script it came from when
/// the exercise has several; a reply outside the contract is told `bad_reply`.
fn script_error(
    lang: &LangHandle,
    error: &ScriptError,
    part: Option<Part>,
    bad_reply: ExerciseText,
) -> String {
    let sentence = match error {
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
        ScriptError::BadReply { reply } => fill(lang.t(bad_reply), &[reply]),
        ScriptError::SandboxLost => lang.t(ExerciseText::ErrSandboxLost).to_owned(),
    };
    match part {
        Some(part) => fill(
            lang.t(ExerciseText::ErrIn),
            &[lang.t(part_text(part)), &sentence],
        ),
        None => sentence,
    }
}

/// A script's name, for a submission of several.
pub fn part_text(part: Part) -> ExerciseText {
    match part {
        Part::Acquire => ExerciseText::AcquireLabel,
        Part::Release => ExerciseText::ReleaseLabel,
        Part::Publish => ExerciseText::PublishLabel,
        Part::Read => ExerciseText::ReadLabel,
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
