//! The rate-limit exercise's page (`/exercise/ratelimit`): one Lua script, the contract above the
//! editor, the grade below it with each visible case drawn beside the course's code and the fixed one.

use shared::exercise::{BUSY_SCRIPT_MS, ExerciseReply, ExerciseRequest, RATELIMIT_SOLUTION};
use yew::prelude::*;

use super::editor::Editor;
use super::verdict::{self, GradeView};
use super::{GradeButtons, pending_or_failed, progress, size_hint, solution_view, use_grading};
use crate::i18n::exercise::ExerciseText;
use crate::i18n::{Text, fill, use_lang};
use crate::ws::{Status, use_ws};

/// The rate-limit exercise's page.
#[component]
pub fn ExerciseRatelimit() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let grading = use_grading(&progress::RATELIMIT);
    let progress = grading.progress.clone();

    let on_change = {
        let progress = progress.clone();
        Callback::from(move |script: String| progress.set(progress.with_script(0, script)))
    };
    let (on_starter, on_solution) = (grading.on_starter(), grading.on_solution());
    let on_submit = {
        let (progress, send) = (progress.clone(), grading.send.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            send.emit(ExerciseRequest::Ratelimit {
                script: progress.script(0).to_owned(),
            });
        })
    };

    let shown = grading.shown();
    let running = matches!(shown, Some(None));
    let connected = ws.status() == Status::Connected;
    let grade = match shown {
        Some(Some(Ok(ExerciseReply::Ratelimit(grade)))) => Some(grade),
        _ => None,
    };
    let error_line = grade.and_then(verdict::error_line);

    html! {
        <article class="page lab exercise" data-testid="lab-exercise">
            <header class="page__header">
                <h1>{ lang.t(Text::ExerciseTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(ExerciseText::Intro) }</p>
            <section class="explain exercise-contract" aria-labelledby="exercise-contract-title">
                <h2 id="exercise-contract-title" class="panel-title">{ lang.t(ExerciseText::ContractTitle) }</h2>
                <p>{ lang.t(ExerciseText::Contract) }</p>
                <p class="hint">{ fill(lang.t(ExerciseText::Sandbox), &[&BUSY_SCRIPT_MS.to_string()]) }</p>
            </section>
            if progress.passed {
                <p class="exercise-passed" data-testid="exercise-passed-before">{ lang.t(ExerciseText::PassedBefore) }</p>
            }
            <form class="exercise-form" onsubmit={on_submit} novalidate=true>
                <label for="exercise-script" class="exercise-form__label">{ lang.t(ExerciseText::EditorLabel) }</label>
                <Editor id="exercise-script" value={AttrValue::from(progress.script(0).to_owned())} {error_line} {on_change} described_by="exercise-script-size" />
                { size_hint(&lang, "exercise-script-size", progress.script(0).len(), connected) }
                <GradeButtons {connected} {running} show_solution={*grading.show_solution} {on_starter} {on_solution} />
            </form>
            if *grading.show_solution {
                { solution_view(&lang, ExerciseText::SolutionTitle, &[RATELIMIT_SOLUTION]) }
            }
            if let Some(grade) = grade {
                <GradeView grade={grade.clone()} />
            }
            { pending_or_failed(&lang, shown).unwrap_or_default() }
        </article>
    }
}
