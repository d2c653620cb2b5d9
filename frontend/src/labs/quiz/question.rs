//! One question: its options to answer, the feedback with the explanation and a link to the lab that
//! shows the point, and a "try it live" button per option whose timeline comes from the backend.

use shared::RequestId;
use shared::quiz::{Choice, Question, QuizReply, QuizRequest};
use yew::prelude::*;
use yew_router::prelude::*;

use super::content::{OptionText, content, letter, question_id};
use super::timeline::Timeline;
use crate::i18n::quiz::QuizText;
use crate::i18n::{Lang, Text, error_sentence, fill, use_lang};
use crate::route::Route;
use crate::ws::{Failure, Status, Update, use_lab, use_ws};

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
    // The last option tried live, its request, and its answer once it came.
    let tried = use_state(|| None::<(Choice, RequestId, Option<Answer>)>);
    let requests = {
        let tried = tried.clone();
        use_lab::<QuizRequest>(
            0,
            Callback::from(move |updates: Vec<Update<QuizRequest>>| {
                for update in updates {
                    if let (Some((choice, id, None)), Some(answer)) = (&*tried, update.outcome)
                        && *id == update.id
                    {
                        tried.set(Some((*choice, *id, Some(answer))));
                    }
                }
            }),
        )
    };
    let question = props.question;
    let card = content(question);
    let option_text = |option: OptionText| match option {
        OptionText::Code(code) => html! { <code>{ code }</code> },
        OptionText::Text(key) => html! { { lang.t(key) } },
    };
    let answer = tried.as_ref().map(|(_, _, answer)| answer.as_ref());
    let trying = matches!(answer, Some(None));
    let connected = ws.status() == Status::Connected;
    let qid = question_id(question);

    let choices = Choice::ALL.into_iter().zip(card.options).map(|(choice, option)| {
        let on_choose = props.on_choose.reform(move |_: MouseEvent| (question, choice));
        let on_try = {
            let (requests, tried) = (requests.clone(), tried.clone());
            Callback::from(move |_: MouseEvent| {
                let id = requests.send(QuizRequest::Try { question, choice });
                tried.set(Some((choice, id, None)));
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
                        <span class="visually-hidden">{ format!(" ({})", lang.t(QuizText::Chosen)) }</span>
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
                    { fill(lang.t(QuizText::Try), &[letter(choice)]) }
                </button>
            </li>
        }
    });

    let feedback = props.chosen.map(|chosen| {
        let correct = chosen == question.answer();
        let verdict = if correct {
            lang.t(QuizText::Correct).to_owned()
        } else {
            fill(lang.t(QuizText::Incorrect), &[letter(question.answer())])
        };
        let (route, link) = card.lab;
        html! {
            <div class="quiz-feedback" data-testid="quiz-feedback" data-correct={if correct { "true" } else { "false" }} role="status">
                <p class="quiz-feedback__verdict">{ verdict }</p>
                <pre class="quiz-feedback__code" tabindex="0"><code>{ card.code }</code></pre>
                <p>{ lang.t(card.explanation) }</p>
                <Link<Route> to={route} classes="quiz-feedback__link">{ lang.t(link) }</Link<Route>>
            </div>
        }
    });

    html! {
        <section class="quiz-question" data-testid="quiz-question" data-question={qid} aria-labelledby={format!("quiz-{qid}")}>
            <h2 id={format!("quiz-{qid}")} class="quiz-question__title">
                <span class="quiz-question__number">{ fill(lang.t(QuizText::Number), &[&props.number.to_string()]) }</span>
                { lang.t(card.question) }
            </h2>
            <ul class="quiz-options" aria-label={lang.t(QuizText::Choose)}>{ for choices }</ul>
            { feedback.unwrap_or_default() }
            if card.claims {
                <p class="hint">{ lang.t(QuizText::SameExperiment) }</p>
            }
            if let Some((choice, _, answer)) = &*tried {
                <div class="quiz-try-result">
                    <h3 class="panel-title">{ fill(lang.t(QuizText::TryTitle), &[letter(*choice)]) }</h3>
                    { try_view(lang, answer.as_ref()) }
                </div>
            }
        </section>
    }
}

/// What a try ended with.
type Answer = Result<QuizReply, Failure>;

/// A try's timeline, or where it stands: `None` while it runs.
fn try_view(lang: Lang, answer: Option<&Answer>) -> Html {
    let error = |sentence: String| html! { <p class="error-box" role="alert">{ sentence }</p> };
    match answer {
        None => html! { <p class="running">{ lang.t(QuizText::Trying) }</p> },
        Some(Ok(QuizReply::Try { steps, outcome })) => {
            html! { <Timeline steps={steps.clone()} outcome={*outcome} /> }
        }
        Some(Err(Failure::Server(body))) => error(error_sentence(lang, body)),
        Some(Err(Failure::NotSent)) => error(lang.t(Text::RequestNotSent).to_owned()),
        // Lost, or forgotten by the connection: no answer will come.
        Some(Err(Failure::Lost)) => error(lang.t(Text::RequestLost).to_owned()),
    }
}
