//! One exercise page, whichever exercise: its title and lead, its contract, an editor per script, the
//! grade buttons, the reference solution once open, and the grade. What differs between exercises is
//! a [`Spec`]; the grade draws itself by its own exercise ([`grade_html`]).

use shared::exercise::{BUSY_SCRIPT_MS, ExerciseReply, ExerciseRequest, Graded, Part};
use yew::prelude::*;

use super::cache::CacheGradeView;
use super::editor::Editor;
use super::lock::LockGradeView;
use super::progress::{Drafts, Progress};
use super::pubsub::PubsubGradeView;
use super::verdict::{self, GradeView};
use super::{GradeButtons, pending_or_failed, size_hint, solution_view, use_grading};
use crate::i18n::exercise::ExerciseText;
use crate::i18n::{LangHandle, Text, fill, use_lang};
use crate::ws::{Status, use_ws};

/// One script's editor: which part of the submission it is (for an exercise of several), its id and
/// its label.
pub struct Editing {
    /// The part Redis's errors name, when the exercise has several scripts.
    pub part: Option<Part>,
    /// The textarea's id and `data-testid`.
    pub id: &'static str,
    /// Its label.
    pub label: ExerciseText,
}

/// What makes one exercise's page.
pub struct Spec {
    /// The page's `data-testid`.
    pub testid: &'static str,
    /// Its heading.
    pub title: Text,
    /// Its lead paragraph.
    pub intro: ExerciseText,
    /// The contract's paragraphs, filled with the exercise's numbers.
    pub contract: fn(&LangHandle) -> Html,
    /// An editor per script, in the order of `drafts`' parts.
    pub editors: &'static [Editing],
    /// What the browser keeps.
    pub drafts: &'static Drafts,
    /// The grading request for the scripts in the editors.
    pub request: fn(&Progress) -> ExerciseRequest,
    /// The reference solution's heading and scripts.
    pub solution: (ExerciseText, &'static [&'static str]),
}

impl PartialEq for Spec {
    /// Each exercise has one spec, a `static`: the same spec is the same exercise.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Props of [`ExercisePage`].
#[derive(Properties, PartialEq)]
pub struct PageProps {
    /// The exercise.
    pub spec: &'static Spec,
}

/// The line Redis named in the learner's script `part`, if that script failed.
fn error_line(reply: &ExerciseReply, part: Option<Part>) -> Option<u32> {
    fn of<P, C, R>(grade: &Graded<P, C, R>, part: Option<Part>) -> Option<u32> {
        (grade.error_in == part)
            .then(|| verdict::error_line(grade))
            .flatten()
    }
    match reply {
        ExerciseReply::Ratelimit(grade) => of(grade, part),
        ExerciseReply::Lock(grade) => of(grade, part),
        ExerciseReply::Cache(grade) => of(grade, part),
        ExerciseReply::Pubsub(grade) => of(grade, part),
    }
}

/// The grade, drawn by its own exercise.
pub fn grade_html(reply: &ExerciseReply) -> Html {
    match reply {
        ExerciseReply::Ratelimit(grade) => html! { <GradeView grade={grade.clone()} /> },
        ExerciseReply::Lock(grade) => html! { <LockGradeView grade={grade.clone()} /> },
        ExerciseReply::Cache(grade) => html! { <CacheGradeView grade={grade.clone()} /> },
        ExerciseReply::Pubsub(grade) => html! { <PubsubGradeView grade={grade.clone()} /> },
    }
}

/// An exercise's page.
#[component]
pub fn ExercisePage(props: &PageProps) -> Html {
    let spec = props.spec;
    let lang = use_lang();
    let ws = use_ws();
    let grading = use_grading(spec.drafts);
    let progress = grading.progress.clone();

    let (on_starter, on_solution) = (grading.on_starter(), grading.on_solution());
    let on_submit = {
        let (progress, send) = (progress.clone(), grading.send.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            send.emit((spec.request)(&progress));
        })
    };

    let shown = grading.shown();
    let running = matches!(shown, Some(None));
    let connected = ws.status() == Status::Connected;
    let reply = match shown {
        Some(Some(Ok(reply))) => Some(reply),
        _ => None,
    };
    let (solution_title, solutions) = spec.solution;

    html! {
        <article class="page lab exercise" data-testid={spec.testid}>
            <header class="page__header">
                <h1>{ lang.t(spec.title) }</h1>
            </header>
            <p class="lead">{ lang.t(spec.intro) }</p>
            <section class="explain exercise-contract" aria-labelledby="exercise-contract-title">
                <h2 id="exercise-contract-title" class="panel-title">{ lang.t(ExerciseText::ContractTitle) }</h2>
                { (spec.contract)(&lang) }
                <p class="hint">{ fill(lang.t(ExerciseText::Sandbox), &[&BUSY_SCRIPT_MS.to_string()]) }</p>
            </section>
            if progress.passed {
                <p class="exercise-passed" data-testid="exercise-passed-before">{ lang.t(ExerciseText::PassedBefore) }</p>
            }
            <form class="exercise-form" onsubmit={on_submit} novalidate=true>
                { for spec.editors.iter().enumerate().map(|(index, editing)| {
                    let on_change = {
                        let progress = progress.clone();
                        Callback::from(move |script: String| progress.set(progress.with_script(index, script)))
                    };
                    let error_line = reply.and_then(|reply| error_line(reply, editing.part));
                    let size_id = format!("{}-size", editing.id);
                    html! {
                        <>
                            <label for={editing.id} class="exercise-form__label">{ lang.t(editing.label) }</label>
                            <Editor id={editing.id} value={AttrValue::from(progress.script(index).to_owned())} {error_line} {on_change} described_by={size_id.clone()} />
                            { size_hint(&lang, &size_id, progress.script(index).len(), connected) }
                        </>
                    }
                }) }
                <GradeButtons {connected} {running} show_solution={*grading.show_solution} {on_starter} {on_solution} />
            </form>
            if *grading.show_solution {
                { solution_view(&lang, solution_title, solutions) }
            }
            if let Some(reply) = reply {
                { grade_html(reply) }
            }
            { pending_or_failed(&lang, shown).unwrap_or_default() }
        </article>
    }
}
