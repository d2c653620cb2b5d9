//! The lock exercise's page (`/exercise/lock`): the acquire and the release, each in an editor of its
//! own under its contract; the grade below them, with each visible case's holds drawn.

use shared::exercise::{
    BUSY_SCRIPT_MS, ExerciseRequest, Part,
    lock::{
        ACQUIRE_SOLUTION, Case, CaseResult, DEADLINE_MS, Grade, Lane, Property, RELEASE_SOLUTION,
    },
};
use yew::prelude::*;

use super::holds::Holds;
use super::page::{Editing, ExercisePage, Spec};
use super::progress;
use super::verdict::{Judged, Named, case_item, grade_view};
use crate::i18n::exercise::ExerciseText;
use crate::i18n::{LangHandle, Text, fill, use_lang};

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

/// The lock exercise.
static SPEC: Spec = Spec {
    testid: "lab-exercise-lock",
    title: Text::ExerciseLockTitle,
    intro: ExerciseText::LockIntro,
    contract,
    editors: &[
        Editing {
            part: Some(Part::Acquire),
            id: "exercise-acquire",
            label: ExerciseText::AcquireLabel,
        },
        Editing {
            part: Some(Part::Release),
            id: "exercise-release",
            label: ExerciseText::ReleaseLabel,
        },
    ],
    drafts: &progress::LOCK,
    request: |progress| ExerciseRequest::Lock {
        acquire: progress.script(0).to_owned(),
        release: progress.script(1).to_owned(),
    },
    solution: (
        ExerciseText::LockSolutionTitle,
        &[ACQUIRE_SOLUTION, RELEASE_SOLUTION],
    ),
};

fn contract(lang: &LangHandle) -> Html {
    html! {
        <>
            <p>{ lang.t(ExerciseText::LockContractAcquire) }</p>
            <p>{ lang.t(ExerciseText::LockContractRelease) }</p>
            <p>{ lang.t(ExerciseText::LockNote) }</p>
        </>
    }
}

/// The lock exercise's page.
#[component]
pub fn ExerciseLock() -> Html {
    html! { <ExercisePage spec={&SPEC} /> }
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
    let id = case.case.id();
    let beside = |name: ExerciseText, lane: &Option<Lane>, suffix: &str| match lane {
        Some(lane) => html! {
            <>
                <p class="exercise-lane-name">{ lang.t(name) }</p>
                <Holds holds={lane.holds.clone()} clients={case.clients} span_us={lane.span_us} testid={format!("exercise-holds-{id}-{suffix}")} />
            </>
        },
        None => Html::default(),
    };
    let drawing = match &case.holds {
        Some(holds) => html! {
            <>
                <p class="exercise-lane-name">{ lang.t(ExerciseText::LaneYours) }</p>
                <Holds holds={holds.clone()} clients={case.clients} span_us={case.span_us} testid={format!("exercise-holds-{id}")} />
                { beside(ExerciseText::LaneCourse, &case.course, "course") }
                { beside(ExerciseText::LaneFixed, &case.fixed, "fixed") }
            </>
        },
        None => Html::default(),
    };
    case_item(lang, case.case, params, &case.broken, drawing)
}
