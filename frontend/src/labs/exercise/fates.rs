//! One visible Pub/Sub case's messages, in publish order: a cell per message in rows, the live
//! subscriber's (heard through Pub/Sub or not) and the reader's (read once, missed, or read again),
//! then the reader's row of the course's code and of the fixed one on the same messages; the messages
//! sent while the reader was away outlined.

use shared::exercise::pubsub::Fate;
use yew::prelude::*;

use crate::i18n::exercise::ExerciseText as T;
use crate::i18n::{fill, use_lang};

/// Props of [`Fates`].
#[derive(Properties, PartialEq)]
pub struct FatesProps {
    /// The newest messages' fates, in publish order.
    pub fates: Vec<Fate>,
    /// The same for the course's code.
    #[prop_or_default]
    pub course: Vec<Fate>,
    /// The same for the reference solution.
    #[prop_or_default]
    pub fixed: Vec<Fate>,
    /// Messages published in the case.
    pub published: u32,
    /// Names the drawing for tests.
    pub testid: AttrValue,
}

/// The reader's cell: its class and its words.
fn read_cell(fate: &Fate) -> (&'static str, T) {
    match fate.read {
        0 => ("missed", T::FateMissed),
        1 => ("once", T::FateOnce),
        _ => ("again", T::FateAgain),
    }
}

/// A row's `data-lane`.
fn lane_id(name: T) -> &'static str {
    match name {
        T::FatesLive => "live",
        T::FatesCourseReader => "course",
        T::FatesFixedReader => "fixed",
        _ => "yours",
    }
}

/// The messages of one case.
#[component]
pub fn Fates(props: &FatesProps) -> Html {
    let lang = use_lang();
    let missed = props.fates.iter().filter(|f| f.read == 0).count();
    let again = props.fates.iter().filter(|f| f.read > 1).count();
    let unheard = props.fates.iter().filter(|f| !f.live).count();
    let summary = fill(
        lang.t(T::FatesSummary),
        &[
            &props.fates.len().to_string(),
            &props.published.to_string(),
            &missed.to_string(),
            &again.to_string(),
            &unheard.to_string(),
        ],
    );
    let row = |name: T, fates: &[Fate], cell: &dyn Fn(&Fate) -> (&'static str, T)| {
        html! {
            <div class="exercise-fates__row" data-lane={lane_id(name)}>
                <span class="exercise-fates__name">{ lang.t(name) }</span>
                <ol class="exercise-fates__cells">
                    { for fates.iter().map(|fate| {
                        let (class, words) = cell(fate);
                        let label = fill(lang.t(T::FateLabel), &[&fate.n.to_string(), lang.t(words)]);
                        html! {
                            <li class={classes!("exercise-fates__cell", format!("exercise-fates__cell--{class}"), fate.while_away.then_some("exercise-fates__cell--away"))}
                                data-n={fate.n.to_string()} data-fate={class} title={label.clone()} aria-label={label} />
                        }
                    }) }
                </ol>
            </div>
        }
    };
    let live = |fate: &Fate| {
        if fate.live {
            ("heard", T::FateHeard)
        } else {
            ("unheard", T::FateUnheard)
        }
    };
    html! {
        <figure class="exercise-fates" data-testid={props.testid.clone()}>
            { row(T::FatesLive, &props.fates, &live) }
            { row(T::FatesReader, &props.fates, &read_cell) }
            if !props.course.is_empty() {
                { row(T::FatesCourseReader, &props.course, &read_cell) }
            }
            if !props.fixed.is_empty() {
                { row(T::FatesFixedReader, &props.fixed, &read_cell) }
            }
            <figcaption class="hint">{ summary }</figcaption>
        </figure>
    }
}
