//! The exercises: the learner writes the implementation and a sandbox Redis grades it. Each page
//! shows its contract above its editors and the grade below them, as a verdict per property and
//! each visible case drawn; the drafts and whether it passed stay in the browser.
//!
//! - [`ratelimit`]: `/exercise/ratelimit`, one Lua script, each case's lanes ([`timeline`]).
//! - [`lock`]: `/exercise/lock`, the acquire and the release, each case's holds ([`holds`]).
//! - [`cache`]: `/exercise/cache`, the warm-up, each case's products and their expiries.
//! - [`pubsub`]: `/exercise/pubsub`, the publish and the read, each case's messages ([`fates`]).
//! - [`editor`]: the textarea with line numbers, Tab and colouring; [`lua`]: the colouring.
//! - [`page`]: the page every exercise shares, made from its [`page::Spec`].
//! - [`verdict`]: the grade: properties, cases, the script's error.
//! - [`progress`]: what localStorage keeps.

mod cache;
mod editor;
mod fates;
mod holds;
mod lock;
mod lua;
mod page;
mod progress;
mod pubsub;
mod ratelimit;
mod timeline;
mod verdict;

pub use cache::ExerciseCache;
pub use lock::ExerciseLock;
pub use pubsub::ExercisePubsub;
pub use ratelimit::ExerciseRatelimit;

use shared::RequestId;
use shared::exercise::{ExerciseKind, ExerciseReply, ExerciseRequest, MAX_SCRIPT_BYTES};
use yew::prelude::*;

use crate::i18n::exercise::ExerciseText;
use crate::i18n::{LangHandle, Text, fill, use_lang};
use crate::ws::{Failure, Update, use_lab};
use progress::{Drafts, Progress};

/// What a grading request ended with.
type Answer = Result<ExerciseReply, Failure>;

/// One exercise page's grading: its progress, whether the reference solution shows, the last
/// request and its answer once it came, and how to send the next.
pub struct Grading {
    /// The drafts and the pass, kept in localStorage as they change.
    pub progress: UseStateHandle<Progress>,
    /// Open once the exercise is passed (now or before), or on request.
    pub show_solution: UseStateHandle<bool>,
    /// The last request sent, and its answer once it came.
    pub last: UseStateHandle<Option<(RequestId, Option<Answer>)>>,
    /// Sends a grading request and remembers it as the last.
    pub send: Callback<ExerciseRequest>,
}

impl Grading {
    /// The last answer: `None` before any request, `Some(None)` while grading.
    pub fn shown(&self) -> Option<Option<&Answer>> {
        self.last.as_ref().map(|(_, answer)| answer.as_ref())
    }

    /// Puts every script back to the course's code.
    pub fn on_starter(&self) -> Callback<MouseEvent> {
        let progress = self.progress.clone();
        Callback::from(move |_: MouseEvent| progress.set(progress.with_starters()))
    }

    /// Opens or closes the reference solution.
    pub fn on_solution(&self) -> Callback<MouseEvent> {
        let show_solution = self.show_solution.clone();
        Callback::from(move |_: MouseEvent| show_solution.set(!*show_solution))
    }
}

/// The grading of the exercise whose drafts are `drafts`.
#[hook]
pub fn use_grading(drafts: &'static Drafts) -> Grading {
    let progress = use_state(|| Progress::load(drafts));
    let show_solution = use_state(|| progress.passed);
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
                        if answer.as_ref().is_ok_and(passed) {
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
    let send = {
        let last = last.clone();
        Callback::from(move |request: ExerciseRequest| {
            last.set(Some((requests.send(request), None)));
        })
    };
    Grading {
        progress,
        show_solution,
        last,
        send,
    }
}

/// Whether a grade passed, whichever exercise it grades.
fn passed(reply: &ExerciseReply) -> bool {
    reply.passed()
}

/// An exercise's name, as the navigation shows it.
pub fn exercise_name(kind: ExerciseKind) -> Text {
    match kind {
        ExerciseKind::Ratelimit => Text::ExerciseNav,
        ExerciseKind::Lock => Text::ExerciseLockNav,
        ExerciseKind::Cache => Text::ExerciseCacheNav,
        ExerciseKind::Pubsub => Text::ExercisePubsubNav,
    }
}

/// The name of exercise `kind`'s property whose wire name is `id` (`"catch_up"`, …).
pub fn property_name(kind: ExerciseKind, id: &str) -> Option<ExerciseText> {
    fn find<P: verdict::Named>(all: &[P], id: &str) -> Option<ExerciseText> {
        all.iter().find(|p| p.id() == id).map(|p| p.name())
    }
    match kind {
        ExerciseKind::Ratelimit => find(&shared::exercise::Property::ALL, id),
        ExerciseKind::Lock => find(&shared::exercise::lock::Property::ALL, id),
        ExerciseKind::Cache => find(&shared::exercise::cache::Property::ALL, id),
        ExerciseKind::Pubsub => find(&shared::exercise::pubsub::Property::ALL, id),
    }
}

/// Exercise `kind`'s page, as a room's participants get it.
pub fn exercise_page(kind: ExerciseKind) -> Html {
    match kind {
        ExerciseKind::Ratelimit => html! { <ExerciseRatelimit /> },
        ExerciseKind::Lock => html! { <ExerciseLock /> },
        ExerciseKind::Cache => html! { <ExerciseCache /> },
        ExerciseKind::Pubsub => html! { <ExercisePubsub /> },
    }
}

/// Props of [`GradeButtons`].
#[derive(Properties, PartialEq)]
pub struct GradeButtonsProps {
    /// Whether the socket is up.
    pub connected: bool,
    /// Whether a grading is under way.
    pub running: bool,
    /// The grading's state, for the starter and solution buttons.
    pub show_solution: bool,
    /// Puts the course's code back.
    pub on_starter: Callback<MouseEvent>,
    /// Opens or closes the reference solution.
    pub on_solution: Callback<MouseEvent>,
}

/// The form's buttons: grade (the form's submit), back to the course's code, the reference solution.
#[component]
pub fn GradeButtons(props: &GradeButtonsProps) -> Html {
    let lang = use_lang();
    html! {
        <div class="exercise-form__buttons">
            <button type="submit" class="button" data-testid="exercise-grade" disabled={!props.connected || props.running}>
                { lang.t(if props.running { ExerciseText::Grading } else { ExerciseText::Grade }) }
            </button>
            <button type="button" class="button button--quiet" data-testid="exercise-starter" onclick={props.on_starter.clone()}>
                { lang.t(ExerciseText::Starter) }
            </button>
            <button type="button" class="button button--quiet" data-testid="exercise-solution-toggle" aria-expanded={props.show_solution.to_string()} aria-controls="exercise-solution" onclick={props.on_solution.clone()}>
                { lang.t(if props.show_solution { ExerciseText::HideSolution } else { ExerciseText::ShowSolution }) }
            </button>
        </div>
    }
}

/// The size line under an editor (and, while the socket is down, that the server is awaited).
pub fn size_hint(lang: &LangHandle, id: &str, bytes: usize, connected: bool) -> Html {
    html! {
        <p id={id.to_owned()} class="hint">
            { fill(lang.t(ExerciseText::EditorSize), &[&bytes.to_string(), &MAX_SCRIPT_BYTES.to_string()]) }
            if !connected {
                <span class="hint__wait">{ lang.t(Text::WaitingForServer) }</span>
            }
        </p>
    }
}

/// The reference solution's section: `title`, then each script.
pub fn solution_view(lang: &LangHandle, title: ExerciseText, scripts: &[&'static str]) -> Html {
    html! {
        <section id="exercise-solution" class="exercise-solution" data-testid="exercise-solution" aria-labelledby="exercise-solution-title">
            <h2 id="exercise-solution-title" class="panel-title">{ lang.t(title) }</h2>
            { for scripts.iter().map(|script| html! {
                <pre class="exercise-solution__code" tabindex="0" aria-labelledby="exercise-solution-title"><code>{ *script }</code></pre>
            }) }
        </section>
    }
}

/// While grading, the running line; after a failure, what failed.
pub fn pending_or_failed(lang: &LangHandle, shown: Option<Option<&Answer>>) -> Option<Html> {
    match shown {
        None | Some(Some(Ok(_))) => None,
        Some(None) => {
            Some(html! { <p class="running" role="status">{ lang.t(ExerciseText::Grading) }</p> })
        }
        Some(Some(Err(failure))) => Some(verdict::failure_view(lang, failure)),
    }
}
