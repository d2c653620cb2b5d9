//! The `quiz`: the course's question (which `SET` option gives a lock) and three more from the same unit.
//! Each option can be answered, and tried live: two clients run it against Redis and the timeline shows
//! what each command did. The score stays in the browser.
//!
//! - [`content`]: each question's wording, options, explanation and lab; the outcomes' sentences.
//! - [`question`]: one question's card; [`timeline`]: a live try's two lanes.
//! - [`score`]: the answers as a reducer, and how they are stored.

mod content;
mod question;
mod score;
mod timeline;

use gloo::storage::{LocalStorage, Storage};
use shared::quiz::Question;
use yew::prelude::*;

use crate::i18n::quiz::QuizText;
use crate::i18n::{Text, fill, use_lang};
use question::QuestionCard;
use score::{Action, Answers, STORAGE_KEY};

/// The quiz page.
#[component]
pub fn Quiz() -> Html {
    let lang = use_lang();
    let answers = use_reducer(|| {
        LocalStorage::get::<String>(STORAGE_KEY)
            .map(|stored| Answers::decode(&stored))
            .unwrap_or_default()
    });
    use_effect_with(*answers, |answers| {
        // A failed write (private mode, quota) only means the score is not remembered.
        let _ = LocalStorage::set(STORAGE_KEY, answers.encode());
    });
    let dispatcher = answers.dispatcher();
    let on_choose = use_callback(dispatcher.clone(), |(question, choice), dispatcher| {
        dispatcher.dispatch(Action::Choose(question, choice));
    });
    let on_reset = use_callback(dispatcher, |_: MouseEvent, dispatcher| {
        dispatcher.dispatch(Action::Reset);
    });

    html! {
        <article class="page lab quiz" data-testid="lab-quiz">
            <header class="page__header">
                <h1>{ lang.t(Text::QuizTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(QuizText::Intro) }</p>
            <div class="quiz-scoreboard" role="status" aria-live="polite">
                <span>{ lang.t(QuizText::Score) }</span>
                <strong class="quiz-scoreboard__score" data-testid="quiz-score">{ answers.score() }</strong>
                <span>{ fill(lang.t(QuizText::ScoreOf), &[&Question::ALL.len().to_string()]) }</span>
                <button type="button" class="button button--quiet" data-testid="quiz-reset" onclick={on_reset}>
                    { lang.t(QuizText::Reset) }
                </button>
            </div>
            { for Question::ALL.into_iter().enumerate().map(|(i, question)| html! {
                <QuestionCard
                    key={content::question_id(question)}
                    {question}
                    number={i + 1}
                    chosen={answers.get(question)}
                    on_choose={on_choose.clone()}
                />
            }) }
        </article>
    }
}
