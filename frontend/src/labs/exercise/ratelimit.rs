//! The rate-limit exercise's page (`/exercise/ratelimit`): one Lua script, the contract above the
//! editor, the grade below it with each visible case drawn beside the course's code and the fixed one
//! ([`super::verdict::GradeView`]).

use shared::exercise::{ExerciseRequest, RATELIMIT_SOLUTION};
use yew::prelude::*;

use super::page::{Editing, ExercisePage, Spec};
use super::progress;
use crate::i18n::exercise::ExerciseText;
use crate::i18n::{LangHandle, Text};

/// The rate-limit exercise.
static SPEC: Spec = Spec {
    testid: "lab-exercise",
    title: Text::ExerciseTitle,
    intro: ExerciseText::Intro,
    contract,
    editors: &[Editing {
        part: None,
        id: "exercise-script",
        label: ExerciseText::EditorLabel,
    }],
    drafts: &progress::RATELIMIT,
    request: |progress| ExerciseRequest::Ratelimit {
        script: progress.script(0).to_owned(),
    },
    solution: (ExerciseText::SolutionTitle, &[RATELIMIT_SOLUTION]),
};

fn contract(lang: &LangHandle) -> Html {
    html! { <p>{ lang.t(ExerciseText::Contract) }</p> }
}

/// The rate-limit exercise's page.
#[component]
pub fn ExerciseRatelimit() -> Html {
    html! { <ExercisePage spec={&SPEC} /> }
}
