//! The Pub/Sub exercise's page (`/exercise/pubsub`): the publish and the read, each in an editor of
//! its own under its contract; the grade below them, with each visible case's messages drawn.

use shared::exercise::{
    BUSY_SCRIPT_MS, ExerciseReply, ExerciseRequest, Part,
    pubsub::{
        Case, CaseResult, Grade, KEEP, KEEP_SLACK, PUBLISH_SOLUTION, Property, READ_SOLUTION,
    },
};
use yew::prelude::*;

use super::editor::Editor;
use super::fates::Fates;
use super::verdict::{self, Judged, Named, case_item, grade_view};
use super::{GradeButtons, pending_or_failed, progress, size_hint, solution_view, use_grading};
use crate::i18n::exercise::ExerciseText as T;
use crate::i18n::{LangHandle, Text, fill, use_lang};
use crate::ws::{Status, use_ws};

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

/// The two scripts, in the order of [`progress::PUBSUB`]'s parts: their editors' ids and labels.
const EDITORS: [(Part, &str, T); 2] = [
    (Part::Publish, "exercise-publish", T::PublishLabel),
    (Part::Read, "exercise-read", T::ReadLabel),
];

/// The Pub/Sub exercise's page.
#[component]
pub fn ExercisePubsub() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let grading = use_grading(&progress::PUBSUB);
    let progress = grading.progress.clone();

    let (on_starter, on_solution) = (grading.on_starter(), grading.on_solution());
    let on_submit = {
        let (progress, send) = (progress.clone(), grading.send.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            send.emit(ExerciseRequest::Pubsub {
                publish: progress.script(0).to_owned(),
                read: progress.script(1).to_owned(),
            });
        })
    };

    let shown = grading.shown();
    let running = matches!(shown, Some(None));
    let connected = ws.status() == Status::Connected;
    let grade = match shown {
        Some(Some(Ok(ExerciseReply::Pubsub(grade)))) => Some(grade),
        _ => None,
    };

    html! {
        <article class="page lab exercise" data-testid="lab-exercise-pubsub">
            <header class="page__header">
                <h1>{ lang.t(Text::ExercisePubsubTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(T::PubsubIntro) }</p>
            <section class="explain exercise-contract" aria-labelledby="exercise-contract-title">
                <h2 id="exercise-contract-title" class="panel-title">{ lang.t(T::ContractTitle) }</h2>
                <p>{ lang.t(T::PubsubContractPublish) }</p>
                <p>{ lang.t(T::PubsubContractRead) }</p>
                <p>{ fill(lang.t(T::PubsubNote), &[&KEEP.to_string()]) }</p>
                <p class="hint">{ fill(lang.t(T::Sandbox), &[&BUSY_SCRIPT_MS.to_string()]) }</p>
            </section>
            if progress.passed {
                <p class="exercise-passed" data-testid="exercise-passed-before">{ lang.t(T::PassedBefore) }</p>
            }
            <form class="exercise-form" onsubmit={on_submit} novalidate=true>
                { for EDITORS.iter().enumerate().map(|(index, (part, id, label))| {
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
                { solution_view(&lang, T::PubsubSolutionTitle, &[PUBLISH_SOLUTION, READ_SOLUTION]) }
            }
            if let Some(grade) = grade {
                <PubsubGradeView grade={grade.clone()} />
            }
            { pending_or_failed(&lang, shown).unwrap_or_default() }
        </article>
    }
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
            <Fates fates={fates.clone()} published={case.published} testid={format!("exercise-fates-{}", case.case.id())} />
        },
        None => Html::default(),
    };
    case_item(lang, case.case, params, &case.broken, drawing)
}
