//! One question: its options to answer, the feedback with the explanation and a link to the lab that
//! shows the point, and a "try it live" button per option whose timeline comes from the backend.

use shared::quiz::{Choice, Question, QuizReply, QuizRequest};
use shared::{LabReply, LabRequest, RequestId};
use yew::prelude::*;
use yew_router::prelude::*;

use super::content::{OptionText, content, letter, question_id};
use super::timeline::Timeline;
use crate::i18n::quiz::{QuizText, t};
use crate::i18n::{Lang, Text, error_sentence, fill, use_lang};
use crate::route::Route;
use crate::ws::{Outcome, Status, use_ws};

/// Props of [`QuestionCard`].
#[derive(Properties, PartialEq)]
pub struct QuestionCardProps {
    /// The question.
    pub question: Question,
    /// Its place in the quiz, from 1.
    pub number: usize,
    /// The option the learner chose, if any.
    pub chosen: Option<Choice>,
    /// An option was chosen.
    pub on_choose: Callback<(Question, Choice)>,
}

/// The question's card.
#[component]
pub fn QuestionCard(props: &QuestionCardProps) -> Html {
    let lang = use_lang().lang;
    let ws = use_ws();
    // The last option tried live, and its request; the reply lives in the connection's store.
    let tried = use_state(|| None::<(Choice, RequestId)>);
    let question = props.question;
    let card = content(question);
    let tr = |key| t(lang, key);
    let option_text = |option: OptionText| match option {
        OptionText::Code(code) => html! { <code>{ code }</code> },
        OptionText::Text(key) => html! { { tr(key) } },
    };
    let outcome = tried.and_then(|(_, id)| ws.outcome(id));
    let trying = matches!(outcome, Some(Outcome::Pending));
    let connected = ws.status() == Status::Connected;
    let qid = question_id(question);

    let choices = Choice::ALL.into_iter().zip(card.options).map(|(choice, option)| {
        let on_choose = props.on_choose.reform(move |_: MouseEvent| (question, choice));
        let on_try = {
            let (ws, tried) = (ws.clone(), tried.clone());
            Callback::from(move |_: MouseEvent| {
                let id = ws.send(LabRequest::Quiz(QuizRequest::Try { question, choice }));
                tried.set(Some((choice, id)));
            })
        };
        let chosen = props.chosen == Some(choice);
        html! {
            <li class="quiz-option">
                <button
                    type="button"
                    class="quiz-choice"
                    data-testid="quiz-choice"
                    data-choice={letter(choice)}
                    aria-pressed={if chosen { "true" } else { "false" }}
                    onclick={on_choose}
                >
                    <span class="quiz-choice__letter">{ letter(choice) }</span>
                    <span class="quiz-choice__text">{ option_text(option) }</span>
                    if chosen {
                        <span class="visually-hidden">{ format!(" ({})", tr(QuizText::Chosen)) }</span>
                    }
                </button>
                <button
                    type="button"
                    class="button button--quiet quiz-try"
                    data-testid="quiz-try"
                    data-choice={letter(choice)}
                    disabled={trying || !connected}
                    onclick={on_try}
                >
                    { fill(tr(QuizText::Try), &[letter(choice)]) }
                </button>
            </li>
        }
    });

    let feedback = props.chosen.map(|chosen| {
        let correct = chosen == question.answer();
        let verdict = if correct {
            tr(QuizText::Correct).to_owned()
        } else {
            fill(tr(QuizText::Incorrect), &[letter(question.answer())])
        };
        let (route, link) = card.lab;
        html! {
            <div class="quiz-feedback" data-testid="quiz-feedback" data-correct={if correct { "true" } else { "false" }} role="status">
                <p class="quiz-feedback__verdict">{ verdict }</p>
                <pre class="quiz-feedback__code" tabindex="0"><code>{ card.code }</code></pre>
                <p>{ tr(card.explanation) }</p>
                <Link<Route> to={route} classes="quiz-feedback__link">{ tr(link) }</Link<Route>>
            </div>
        }
    });

    html! {
        <section class="quiz-question" data-testid="quiz-question" data-question={qid} aria-labelledby={format!("quiz-{qid}")}>
            <h2 id={format!("quiz-{qid}")} class="quiz-question__title">
                <span class="quiz-question__number">{ fill(tr(QuizText::Number), &[&props.number.to_string()]) }</span>
                { tr(card.question) }
            </h2>
            <ul class="quiz-options" aria-label={tr(QuizText::Choose)}>{ for choices }</ul>
            { feedback.unwrap_or_default() }
            if card.claims {
                <p class="hint">{ tr(QuizText::SameExperiment) }</p>
            }
            if let Some((choice, _)) = *tried {
                <div class="quiz-try-result">
                    <h3 class="panel-title">{ fill(tr(QuizText::TryTitle), &[letter(choice)]) }</h3>
                    { try_view(lang, outcome) }
                </div>
            }
        </section>
    }
}

/// A try's timeline, or where it stands.
fn try_view(lang: Lang, outcome: Option<&Outcome>) -> Html {
    let error = |sentence: String| html! { <p class="error-box" role="alert">{ sentence }</p> };
    match outcome {
        Some(Outcome::Pending) => html! { <p class="running">{ t(lang, QuizText::Trying) }</p> },
        Some(Outcome::Replied(LabReply::Quiz(QuizReply::Try { steps, outcome }))) => {
            html! { <Timeline steps={steps.clone()} outcome={*outcome} /> }
        }
        Some(Outcome::Failed(body)) => error(error_sentence(lang, body)),
        Some(Outcome::NotSent) => error(crate::i18n::t(lang, Text::RequestNotSent).to_owned()),
        // Lost, forgotten by the connection, or another lab's reply: no answer will come.
        Some(Outcome::Lost | Outcome::Replied(_)) | None => {
            error(crate::i18n::t(lang, Text::RequestLost).to_owned())
        }
    }
}
