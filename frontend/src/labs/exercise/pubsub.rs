//! The Pub/Sub exercise's page (`/exercise/pubsub`): the publish and the read, each in an editor of
//! its own under its contract; the grade below them, with each visible case's messages drawn.

use shared::exercise::{
    BUSY_SCRIPT_MS, ExerciseRequest, Part,
    pubsub::{
        Case, CaseResult, Grade, KEEP, KEEP_SLACK, PUBLISH_SOLUTION, Property, READ_SOLUTION,
    },
};
use yew::prelude::*;

use super::fates::Fates;
use super::page::{Editing, ExercisePage, Spec};
use super::progress;
use super::verdict::{Judged, Named, case_item, grade_view};
use crate::i18n::exercise::ExerciseText as T;
use crate::i18n::{LangHandle, Text, fill, use_lang};

impl Named for Property {
    fn id(self) -> &'static str {
        match self {
            Self::Contract => "contract",
            Self::Live => "live",
            Self::CatchUp => "catch_up",
            Self::Bounded => "bounded",
            Self::Expires => "expires",
        }
    }

    fn name(self) -> T {
        match self {
            Self::Contract => T::PropPubsubContract,
            Self::Live => T::PropLive,
            Self::CatchUp => T::PropCatchUp,
            Self::Bounded => T::PropBounded,
            Self::Expires => T::PropPubsubExpires,
        }
    }
}

impl Judged for Property {
    const BAD_REPLY: T = T::ErrPubsubBadReply;

    fn how(self, lang: &LangHandle) -> String {
        match self {
            Self::Contract => fill(
                lang.t(T::PropPubsubContractHow),
                &[&BUSY_SCRIPT_MS.to_string()],
            ),
            Self::Live => lang.t(T::PropLiveHow).to_owned(),
            Self::CatchUp => fill(lang.t(T::PropCatchUpHow), &[&KEEP.to_string()]),
            Self::Bounded => fill(
                lang.t(T::PropBoundedHow),
                &[&KEEP.to_string(), &KEEP_SLACK.to_string()],
            ),
            Self::Expires => lang.t(T::PropPubsubExpiresHow).to_owned(),
        }
    }
}

impl Named for Case {
    fn id(self) -> &'static str {
        match self {
            Self::Away => "away",
            Self::LateReader => "late_reader",
            Self::Flood => "flood",
            Self::HiddenAbsences => "hidden_absences",
        }
    }

    fn name(self) -> T {
        match self {
            Self::Away => T::CaseAway,
            Self::LateReader => T::CaseLateReader,
            Self::Flood => T::CaseFlood,
            Self::HiddenAbsences => T::CasePubsubHidden,
        }
    }
}

/// The Pub/Sub exercise.
static SPEC: Spec = Spec {
    testid: "lab-exercise-pubsub",
    title: Text::ExercisePubsubTitle,
    intro: T::PubsubIntro,
    contract,
    editors: &[
        Editing {
            part: Some(Part::Publish),
            id: "exercise-publish",
            label: T::PublishLabel,
        },
        Editing {
            part: Some(Part::Read),
            id: "exercise-read",
            label: T::ReadLabel,
        },
    ],
    drafts: &progress::PUBSUB,
    request: |progress| ExerciseRequest::Pubsub {
        publish: progress.script(0).to_owned(),
        read: progress.script(1).to_owned(),
    },
    solution: (T::PubsubSolutionTitle, &[PUBLISH_SOLUTION, READ_SOLUTION]),
};

fn contract(lang: &LangHandle) -> Html {
    html! {
        <>
            <p>{ lang.t(T::PubsubContractPublish) }</p>
            <p>{ lang.t(T::PubsubContractRead) }</p>
            <p>{ fill(lang.t(T::PubsubNote), &[&KEEP.to_string()]) }</p>
        </>
    }
}

/// The Pub/Sub exercise's page.
#[component]
pub fn ExercisePubsub() -> Html {
    html! { <ExercisePage spec={&SPEC} /> }
}

/// Props of [`PubsubGradeView`].
#[derive(Properties, PartialEq)]
pub struct PubsubGradeViewProps {
    /// The grade.
    pub grade: Grade,
}

/// The Pub/Sub exercise's grade, each visible case with its messages.
#[component]
pub fn PubsubGradeView(props: &PubsubGradeViewProps) -> Html {
    let lang = use_lang();
    let legend = html! {
        <p class="exercise-legend exercise-fates__legend">
            <span class="exercise-fates__cell exercise-fates__cell--once" aria-hidden="true"></span>{ lang.t(T::FateOnce) }
            <span class="exercise-fates__cell exercise-fates__cell--missed" aria-hidden="true"></span>{ lang.t(T::FateMissed) }
            <span class="exercise-fates__cell exercise-fates__cell--again" aria-hidden="true"></span>{ lang.t(T::FateAgain) }
            <span class="exercise-fates__cell exercise-fates__cell--away" aria-hidden="true"></span>{ lang.t(T::FateWhileAway) }
        </p>
    };
    grade_view(&lang, &props.grade, legend, |case| case_row(&lang, case))
}

fn case_row(lang: &LangHandle, case: &CaseResult) -> Html {
    let kept = case
        .kept
        .map_or_else(|| lang.t(T::NoLog).to_owned(), |kept| kept.to_string());
    let params = fill(
        lang.t(T::CasePubsubParams),
        &[&case.published.to_string(), &kept],
    );
    let drawing = match &case.fates {
        Some(fates) => html! {
            <Fates fates={fates.clone()} course={case.course.clone().unwrap_or_default()}
                fixed={case.fixed.clone().unwrap_or_default()} published={case.published}
                testid={format!("exercise-fates-{}", case.case.id())} />
        },
        None => Html::default(),
    };
    case_item(lang, case.case, params, &case.broken, drawing)
}
