//! The lock exercise's page (`/exercise/lock`): the acquire and the release, each in an editor of its
//! own under its contract; the grade below them, with each visible case's holds drawn.

use shared::exercise::{
    BUSY_SCRIPT_MS, ExerciseReply, ExerciseRequest, Part,
    lock::{ACQUIRE_SOLUTION, Case, CaseResult, DEADLINE_MS, Grade, Property, RELEASE_SOLUTION},
};
use yew::prelude::*;

use super::editor::Editor;
use super::holds::Holds;
use super::verdict::{self, Judged, Named, case_item, grade_view};
use super::{GradeButtons, pending_or_failed, progress, size_hint, solution_view, use_grading};
use crate::i18n::exercise::ExerciseText;
use crate::i18n::{LangHandle, Text, fill, use_lang};
use crate::ws::{Status, use_ws};

impl Named for Property {
    fn id(self) -> &'static str {
        match self {
            Self::Contract => "contract",
            Self::OneHolder => "one_holder",
            Self::StaleRelease => "stale_release",
            Self::ReleaseFrees => "release_frees",
            Self::Expires => "expires",
            Self::Deadline => "deadline",
        }
    }

    fn name(self) -> ExerciseText {
        match self {
            Self::Contract => ExerciseText::PropLockContract,
            Self::OneHolder => ExerciseText::PropOneHolder,
            Self::StaleRelease => ExerciseText::PropStaleRelease,
            Self::ReleaseFrees => ExerciseText::PropReleaseFrees,
            Self::Expires => ExerciseText::PropLockExpires,
            Self::Deadline => ExerciseText::PropDeadline,
        }
    }
}

impl Judged for Property {
    const BAD_REPLY: ExerciseText = ExerciseText::ErrLockBadReply;

    fn how(self, lang: &LangHandle) -> String {
        match self {
            Self::Contract => fill(
                lang.t(ExerciseText::PropLockContractHow),
                &[&BUSY_SCRIPT_MS.to_string()],
            ),
            Self::OneHolder => lang.t(ExerciseText::PropOneHolderHow).to_owned(),
            Self::StaleRelease => lang.t(ExerciseText::PropStaleReleaseHow).to_owned(),
            Self::ReleaseFrees => lang.t(ExerciseText::PropReleaseFreesHow).to_owned(),
            Self::Expires => lang.t(ExerciseText::PropLockExpiresHow).to_owned(),
            Self::Deadline => fill(
                lang.t(ExerciseText::PropDeadlineHow),
                &[&DEADLINE_MS.to_string()],
            ),
        }
    }
}

impl Named for Case {
    fn id(self) -> &'static str {
        match self {
            Self::Contenders => "contenders",
            Self::StaleHolder => "stale_holder",
            Self::Crash => "crash",
            Self::HiddenMixed => "hidden_mixed",
        }
    }

    fn name(self) -> ExerciseText {
        match self {
            Self::Contenders => ExerciseText::CaseContenders,
            Self::StaleHolder => ExerciseText::CaseStaleHolder,
            Self::Crash => ExerciseText::CaseCrash,
            Self::HiddenMixed => ExerciseText::CaseLockHidden,
        }
    }
}

/// The two scripts, in the order of [`progress::LOCK`]'s parts: their editors' ids and labels.
const EDITORS: [(Part, &str, ExerciseText, ExerciseText); 2] = [
    (
        Part::Acquire,
        "exercise-acquire",
        ExerciseText::AcquireLabel,
        ExerciseText::LockContractAcquire,
    ),
    (
        Part::Release,
        "exercise-release",
        ExerciseText::ReleaseLabel,
        ExerciseText::LockContractRelease,
    ),
];

/// The lock exercise's page.
#[component]
pub fn ExerciseLock() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let grading = use_grading(&progress::LOCK);
    let progress = grading.progress.clone();

    let (on_starter, on_solution) = (grading.on_starter(), grading.on_solution());
    let on_submit = {
        let (progress, send) = (progress.clone(), grading.send.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            send.emit(ExerciseRequest::Lock {
                acquire: progress.script(0).to_owned(),
                release: progress.script(1).to_owned(),
            });
        })
    };

    let shown = grading.shown();
    let running = matches!(shown, Some(None));
    let connected = ws.status() == Status::Connected;
    let grade = match shown {
        Some(Some(Ok(ExerciseReply::Lock(grade)))) => Some(grade),
        _ => None,
    };

    html! {
        <article class="page lab exercise" data-testid="lab-exercise-lock">
            <header class="page__header">
                <h1>{ lang.t(Text::ExerciseLockTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(ExerciseText::LockIntro) }</p>
            <section class="explain exercise-contract" aria-labelledby="exercise-contract-title">
                <h2 id="exercise-contract-title" class="panel-title">{ lang.t(ExerciseText::ContractTitle) }</h2>
                <p>{ lang.t(ExerciseText::LockContractAcquire) }</p>
                <p>{ lang.t(ExerciseText::LockContractRelease) }</p>
                <p>{ lang.t(ExerciseText::LockNote) }</p>
                <p class="hint">{ fill(lang.t(ExerciseText::Sandbox), &[&BUSY_SCRIPT_MS.to_string()]) }</p>
            </section>
            if progress.passed {
                <p class="exercise-passed" data-testid="exercise-passed-before">{ lang.t(ExerciseText::PassedBefore) }</p>
            }
            <form class="exercise-form" onsubmit={on_submit} novalidate=true>
                { for EDITORS.iter().enumerate().map(|(index, (part, id, label, _))| {
                    let on_change = {
                        let progress = progress.clone();
                        Callback::from(move |script: String| progress.set(progress.with_script(index, script)))
                    };
                    let error_line = grade
                        .filter(|grade| grade.error_in == Some(*part))
                        .and_then(verdict::error_line);
                    let size_id = format!("{id}-size");
                    html! {
                        <>
                            <label for={*id} class="exercise-form__label">{ lang.t(*label) }</label>
                            <Editor id={*id} value={AttrValue::from(progress.script(index).to_owned())} {error_line} {on_change} described_by={size_id.clone()} />
                            { size_hint(&lang, &size_id, progress.script(index).len(), connected) }
                        </>
                    }
                }) }
                <GradeButtons {connected} {running} show_solution={*grading.show_solution} {on_starter} {on_solution} />
            </form>
            if *grading.show_solution {
                { solution_view(&lang, ExerciseText::LockSolutionTitle, &[ACQUIRE_SOLUTION, RELEASE_SOLUTION]) }
            }
            if let Some(grade) = grade {
                <LockGradeView grade={grade.clone()} />
            }
            { pending_or_failed(&lang, shown).unwrap_or_default() }
        </article>
    }
}

/// Props of [`LockGradeView`].
#[derive(Properties, PartialEq)]
pub struct LockGradeViewProps {
    /// The grade.
    pub grade: Grade,
}

/// The lock exercise's grade, each case with its holds.
#[component]
pub fn LockGradeView(props: &LockGradeViewProps) -> Html {
    let lang = use_lang();
    grade_view(&lang, &props.grade, Html::default(), |case| {
        case_row(&lang, case)
    })
}

fn case_row(lang: &LangHandle, case: &CaseResult) -> Html {
    let params = fill(
        lang.t(ExerciseText::CaseLockParams),
        &[&case.clients.to_string(), &case.ttl_ms.to_string()],
    );
    let drawing = match &case.holds {
        Some(holds) => html! {
            <Holds holds={holds.clone()} clients={case.clients} span_us={case.span_us} testid={format!("exercise-holds-{}", case.case.id())} />
        },
        None => Html::default(),
    };
    case_item(lang, case.case, params, &case.broken, drawing)
}
