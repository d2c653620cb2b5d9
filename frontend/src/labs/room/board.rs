//! The presenter's board for a room exercise: how many participants passed, and which properties the
//! participants' latest grades broke most often, from the verdicts their backends reported (never
//! their code).

use shared::exercise::ExerciseKind;
use yew::prelude::*;

use super::book::Book;
use crate::i18n::room::RoomText as T;
use crate::i18n::{fill, use_lang};
use crate::labs::exercise::{exercise_name, property_name};

/// Props of [`Board`].
#[derive(Properties, PartialEq)]
pub struct BoardProps {
    /// The room's book.
    pub book: std::rc::Rc<Book>,
    /// The exercise on screen.
    pub exercise: ExerciseKind,
}

/// Passed, graded, and each broken property with how many participants' latest grade broke it, most
/// first (ties in the exercise's order of properties as the verdicts list them).
pub fn tally(book: &Book, exercise: ExerciseKind) -> (usize, usize, Vec<(String, usize)>) {
    let present: Vec<u32> = book.participants().map(|m| m.n).collect();
    let verdicts: Vec<_> = book
        .verdicts
        .iter()
        .filter(|((member, kind), _)| *kind == exercise && present.contains(member))
        .map(|(_, verdict)| verdict)
        .collect();
    let passed = verdicts.iter().filter(|v| v.passed_ever).count();
    let mut broken: Vec<(String, usize)> = Vec::new();
    for verdict in &verdicts {
        for property in &verdict.broken {
            match broken.iter_mut().find(|(p, _)| p == property) {
                Some((_, count)) => *count += 1,
                None => broken.push((property.clone(), 1)),
            }
        }
    }
    broken.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    (passed, verdicts.len(), broken)
}

/// The board.
#[component]
pub fn Board(props: &BoardProps) -> Html {
    let lang = use_lang();
    let participants = props.book.participants().count();
    let (passed, graded, broken) = tally(&props.book, props.exercise);
    let most = broken.first().map_or(1, |(_, count)| *count).max(1);
    html! {
        <section class="room-board" data-testid="room-board" aria-labelledby="room-board-title"
            data-passed={passed.to_string()} data-graded={graded.to_string()}>
            <h2 id="room-board-title" class="panel-title">{ lang.t(exercise_name(props.exercise)) }</h2>
            <p class="room-board__counts" data-testid="room-board-counts">
                { fill(lang.t(T::BoardCounts), &[&passed.to_string(), &participants.to_string(), &graded.to_string()]) }
            </p>
            if broken.is_empty() {
                if graded == 0 {
                    <p class="hint">{ lang.t(T::BoardNone) }</p>
                }
            } else {
                <h3 class="panel-title">{ lang.t(T::BoardBroken) }</h3>
                <ol class="room-board__broken">
                    { for broken.iter().map(|(property, count)| {
                        let name = property_name(props.exercise, property)
                            .map_or_else(|| property.clone(), |key| lang.t(key).to_owned());
                        let width = format!("width: {}%", count * 100 / most);
                        html! {
                            <li class="room-board__row" data-testid="room-board-broken" data-property={property.clone()} data-count={count.to_string()}>
                                <span class="room-board__label">{ fill(lang.t(T::BoardBar), &[&name, &count.to_string()]) }</span>
                                <span class="room-board__bar" style={width} aria-hidden="true"></span>
                            </li>
                        }
                    }) }
                </ol>
            }
            <p class="hint">{ lang.t(T::BoardNote) }</p>
        </section>
    }
}
