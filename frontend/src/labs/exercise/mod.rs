//! The exercises: the learner writes the implementation and a sandbox Redis grades it. The rate-limit
//! exercise (`/exercise/ratelimit`): one Lua script, the contract above the editor, the grade below it
//! as a verdict per property and each visible case drawn beside the course's code and the fixed one.
//! The draft and whether it passed stay in the browser.
//!
//! - [`editor`]: the textarea with line numbers, Tab and colouring; [`lua`]: the colouring.
//! - [`verdict`]: the grade: properties, cases, the script's error; [`timeline`]: one case's lanes.
//! - [`progress`]: what localStorage keeps.

mod editor;
mod lua;
mod progress;
mod timeline;
mod verdict;

use shared::RequestId;
use shared::exercise::{
    BUSY_SCRIPT_MS, ExerciseReply, ExerciseRequest, MAX_SCRIPT_BYTES, RATELIMIT_SOLUTION,
    RATELIMIT_STARTER,
};
use yew::prelude::*;

use crate::i18n::exercise::ExerciseText;
use crate::i18n::{Text, fill, use_lang};
use crate::ws::{Failure, Status, Update, use_lab, use_ws};
use editor::Editor;
use progress::Progress;
use verdict::{GradeView, failure_view};

/// What a grading request ended with.
type Answer = Result<ExerciseReply, Failure>;

/// The rate-limit exercise's page.
#[component]
pub fn ExerciseRatelimit() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let progress = use_state(Progress::load);
    // Open once the exercise is passed (now or before), or on request.
    let show_solution = use_state(|| progress.passed);
    // The last request sent, and its answer once it came.
    let last = use_state(|| None::<(RequestId, Option<Answer>)>);
    let requests = {
        let (last, progress, show_solution) =
            (last.clone(), progress.clone(), show_solution.clone());
        use_lab::<ExerciseRequest>(
            0,
            Callback::from(move |updates: Vec<Update<ExerciseRequest>>| {
                for update in updates {
                    if let (Some((id, None)), Some(answer)) = (&*last, update.outcome)
                        && *id == update.id
                    {
                        if let Ok(ExerciseReply::Ratelimit(grade)) = &answer
                            && grade.passed()
                        {
                            progress.set(progress.passed());
                            show_solution.set(true);
                        }
                        last.set(Some((*id, Some(answer))));
                    }
                }
            }),
        )
    };
    use_effect_with((*progress).clone(), |progress| progress.save());

    let on_change = {
        let progress = progress.clone();
        Callback::from(move |script: String| progress.set(progress.with_script(script)))
    };
    let on_starter = {
        let progress = progress.clone();
        Callback::from(move |_: MouseEvent| {
            progress.set(progress.with_script(RATELIMIT_STARTER.to_owned()));
        })
    };
    let on_solution = {
        let show_solution = show_solution.clone();
        Callback::from(move |_: MouseEvent| show_solution.set(!*show_solution))
    };
    let on_submit = {
        let (progress, last) = (progress.clone(), last.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = ExerciseRequest::Ratelimit {
                script: progress.script.clone(),
            };
            last.set(Some((requests.send(request), None)));
        })
    };

    let shown = last.as_ref().map(|(_, answer)| answer.as_ref());
    let running = matches!(shown, Some(None));
    let connected = ws.status() == Status::Connected;
    let error_line = match shown {
        Some(Some(Ok(ExerciseReply::Ratelimit(grade)))) => verdict::error_line(grade),
        _ => None,
    };
    let size = fill(
        lang.t(ExerciseText::EditorSize),
        &[
            &progress.script.len().to_string(),
            &MAX_SCRIPT_BYTES.to_string(),
        ],
    );

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
                <Editor value={AttrValue::from(progress.script.clone())} {error_line} {on_change} described_by="exercise-script-size" />
                <p id="exercise-script-size" class="hint">
                    { size }
                    if !connected {
                        <span class="hint__wait">{ lang.t(Text::WaitingForServer) }</span>
                    }
                </p>
                <div class="exercise-form__buttons">
                    <button type="submit" class="button" data-testid="exercise-grade" disabled={!connected || running}>
                        { lang.t(if running { ExerciseText::Grading } else { ExerciseText::Grade }) }
                    </button>
                    <button type="button" class="button button--quiet" data-testid="exercise-starter" onclick={on_starter}>
                        { lang.t(ExerciseText::Starter) }
                    </button>
                    <button type="button" class="button button--quiet" data-testid="exercise-solution-toggle" aria-expanded={show_solution.to_string()} aria-controls="exercise-solution" onclick={on_solution}>
                        { lang.t(if *show_solution { ExerciseText::HideSolution } else { ExerciseText::ShowSolution }) }
                    </button>
                </div>
            </form>
            if *show_solution {
                <section id="exercise-solution" class="exercise-solution" data-testid="exercise-solution" aria-labelledby="exercise-solution-title">
                    <h2 id="exercise-solution-title" class="panel-title">{ lang.t(ExerciseText::SolutionTitle) }</h2>
                    <pre class="exercise-solution__code" tabindex="0" aria-labelledby="exercise-solution-title"><code>{ RATELIMIT_SOLUTION }</code></pre>
                </section>
            }
            { match shown {
                None => Html::default(),
                Some(None) => html! { <p class="running" role="status">{ lang.t(ExerciseText::Grading) }</p> },
                Some(Some(Ok(ExerciseReply::Ratelimit(grade)))) => html! { <GradeView grade={grade.clone()} /> },
                Some(Some(Err(failure))) => failure_view(&lang, failure),
            } }
        </article>
    }
}
