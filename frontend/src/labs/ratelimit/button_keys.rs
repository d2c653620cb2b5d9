//! What the button's keys hold: the last peek (each lane's remaining quota and when it is full again,
//! read without consuming a request) and the last reset.

use shared::ratelimit::Peek;
use yew::prelude::*;

use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::{LangHandle, Text, error_sentence, fill, use_lang};
use crate::ws::Failure;

/// Props of [`ButtonKeys`].
#[derive(Properties, PartialEq)]
pub struct ButtonKeysProps {
    /// The last peek, if any.
    pub peeks: Option<Result<Vec<Peek>, Failure>>,
    /// The last reset, if any: keys deleted.
    pub reset: Option<Result<u64, Failure>>,
}

/// The peek table and the reset note; nothing before either was used.
#[component]
pub fn ButtonKeys(props: &ButtonKeysProps) -> Html {
    let lang = use_lang();
    if props.peeks.is_none() && props.reset.is_none() {
        return Html::default();
    }
    html! {
        <section class="ratelimit-keys" data-testid="ratelimit-keys">
            <h2 class="panel-title">{ lang.t(RatelimitText::PeekTitle) }</h2>
            { match &props.peeks {
                Some(Ok(peeks)) => html! {
                    <ul class="ratelimit-keys__list" data-testid="ratelimit-peek-result">
                        { for peeks.iter().map(|peek| html! {
                            <li data-testid="ratelimit-peek-row" data-algorithm={peek.algorithm.id()}>
                                <span class="ratelimit-keys__name">{ lang.t(RatelimitText::algorithm(peek.algorithm)) }</span>
                                <span class="ratelimit-keys__value">
                                    { fill(
                                        lang.t(RatelimitText::PeekRow),
                                        &[&peek.remaining.to_string(), &format!("{:.1}", peek.reset_in_ms as f64 / 1000.0)],
                                    ) }
                                </span>
                            </li>
                        }) }
                    </ul>
                },
                Some(Err(failure)) => failure_view(&lang, failure),
                None => Html::default(),
            } }
            { match &props.reset {
                Some(Ok(deleted)) => html! {
                    <p class="ratelimit-keys__reset" data-testid="ratelimit-reset-result">
                        { fill(lang.t(RatelimitText::ResetDone), &[&deleted.to_string()]) }
                    </p>
                },
                Some(Err(failure)) => failure_view(&lang, failure),
                None => Html::default(),
            } }
        </section>
    }
}

fn failure_view(lang: &LangHandle, failure: &Failure) -> Html {
    let sentence = match failure {
        Failure::Server(error) => error_sentence(lang.lang, error),
        Failure::Lost => lang.t(Text::RequestLost).to_owned(),
        Failure::NotSent => lang.t(Text::RequestNotSent).to_owned(),
    };
    html! { <p class="ratelimit-keys__error" role="alert">{ sentence }</p> }
}
