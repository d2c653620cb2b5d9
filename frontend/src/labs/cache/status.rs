//! The guided demo's button and the lab's status line: idle, running (with the demo's step), done, or
//! the error the last action ended with. `data-state` carries the state for browser tests.

use yew::prelude::*;

use super::demo::STEPS;
use super::kind::{Kind, Phase};
use super::state::Status;
use crate::i18n::cache::CacheText;
use crate::i18n::{Lang, Text, error_sentence, fill, use_lang};
use crate::ws::Failure;

/// The catalogue name of what a request does.
pub fn kind_text(kind: Kind) -> CacheText {
    match kind {
        Kind::Views => CacheText::KindViews,
        Kind::Warmup => CacheText::KindWarmup,
        Kind::Measure(Phase::Cold) => CacheText::KindMeasureCold,
        Kind::Measure(Phase::Warm) => CacheText::KindMeasureWarm,
        Kind::Stampede { .. } => CacheText::KindStampede,
        Kind::Race { .. } => CacheText::KindRace,
        Kind::Reset => CacheText::KindReset,
        Kind::Inspect => CacheText::KindInspect,
    }
}

/// The `data-state` value of a status.
pub fn state_id(status: &Status) -> &'static str {
    match status {
        Status::Idle => "idle",
        Status::Running(_) => "running",
        Status::Done(_) => "done",
        Status::Failed(_) => "error",
    }
}

/// The status line's sentence.
fn sentence(lang: Lang, status: &Status, demo_step: Option<usize>) -> String {
    let kind = |kind| lang.t(kind_text(kind));
    match status {
        Status::Idle => lang.t(CacheText::StatusIdle).to_owned(),
        Status::Running(running) => match demo_step {
            Some(step) => fill(
                lang.t(CacheText::DemoStep),
                &[
                    &(step + 1).to_string(),
                    &STEPS.len().to_string(),
                    kind(*running),
                ],
            ),
            None => fill(lang.t(CacheText::StatusRunning), &[kind(*running)]),
        },
        Status::Done(done) => fill(lang.t(CacheText::StatusDone), &[kind(*done)]),
        Status::Failed(Failure::Server(error)) => error_sentence(lang, error),
        Status::Failed(Failure::Lost) => lang.t(Text::RequestLost).to_owned(),
        Status::Failed(Failure::NotSent) => lang.t(Text::RequestNotSent).to_owned(),
    }
}

/// Props of [`DemoBar`].
#[derive(Properties, PartialEq)]
pub struct DemoBarProps {
    /// Where the lab stands.
    pub status: Status,
    /// The demo's step while it runs.
    pub demo_step: Option<usize>,
    /// The socket is open, so buttons can send.
    pub connected: bool,
    /// The demo button was pressed.
    pub on_demo: Callback<()>,
    /// Stop was pressed: the demo sends no further step.
    pub on_stop: Callback<()>,
}

/// The demo button, what it does, and the status line, with Stop while the demo runs. Stop ends the demo
/// after the step in flight: the cache lab's runs are short and finish what they started.
#[component]
pub fn DemoBar(props: &DemoBarProps) -> Html {
    let lang = use_lang();
    let running = matches!(props.status, Status::Running(_));
    let on_demo = props.on_demo.reform(|_: MouseEvent| ());
    let on_stop = props.on_stop.reform(|_: MouseEvent| ());

    html! {
        <section class="cache-demo" aria-labelledby="cache-demo-title">
            <h2 id="cache-demo-title" class="panel-title">{ lang.t(CacheText::DemoTitle) }</h2>
            <p>{ lang.t(CacheText::DemoExplain) }</p>
            <div class="cache-demo__row">
                <button
                    type="button"
                    class="button"
                    data-testid="cache-demo"
                    disabled={running || !props.connected}
                    onclick={on_demo}
                >
                    { lang.t(CacheText::DemoButton) }
                </button>
                <div
                    class="status-line cache-status"
                    data-testid="cache-status"
                    data-state={state_id(&props.status)}
                    role="status"
                    aria-live="polite"
                >
                    <span class="dot" aria-hidden="true"></span>
                    <span>{ sentence(lang.lang, &props.status, props.demo_step) }</span>
                </div>
                if props.demo_step.is_some() {
                    <button type="button" class="button button--quiet" data-testid="cache-stop" onclick={on_stop}>
                        { lang.t(CacheText::Stop) }
                    </button>
                }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_the_contracts_words() {
        assert_eq!(state_id(&Status::Idle), "idle");
        assert_eq!(state_id(&Status::Running(Kind::Warmup)), "running");
        assert_eq!(state_id(&Status::Done(Kind::Reset)), "done");
        assert_eq!(state_id(&Status::Failed(Failure::Lost)), "error");
    }

    #[test]
    fn the_demo_names_its_step() {
        let running = Status::Running(Kind::Measure(Phase::Cold));
        assert_eq!(
            sentence(Lang::En, &running, Some(1)),
            "Step 2 of 6: measuring cold"
        );
        assert_eq!(
            sentence(Lang::En, &running, None),
            "Running: measuring cold"
        );
    }
}
