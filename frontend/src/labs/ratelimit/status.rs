//! The run's state in one line: idle, waiting for the window edge (live runs start on one), running with
//! its progress, done, or the error it ended with. `data-state` carries the state for browser tests.

use gloo::timers::callback::Interval;
use shared::ErrorCode;
use shared::ratelimit::Mode;
use yew::prelude::*;

use super::fleet::FleetView;
use super::run::{RunView, Source};
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::{LangHandle, Text, error_sentence, fill, use_lang};
use crate::ws::{Failure, Phase};

/// How often the countdown and the live progress are redrawn.
const TICK_MS: u32 = 100;

/// How far a run has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The decisions come from the button, not a run.
    pub button: bool,
    /// A live run: it waits for its origin on the wall clock.
    pub live: bool,
    /// The run's time zero (Unix µs for live runs), once `Started` arrived.
    pub origin_us: Option<u64>,
    /// Decisions received.
    pub received: u32,
    /// Decisions the run will make.
    pub expected: u32,
}

impl Progress {
    /// The progress of the many-servers lesson's run, which is live.
    pub fn of_fleet(fleet: &FleetView) -> Self {
        Self {
            button: false,
            live: true,
            origin_us: fleet.origin_us,
            received: fleet.decisions.len() as u32,
            expected: fleet.arrivals,
        }
    }

    /// The progress of `view`, or of nothing yet.
    pub fn of(view: Option<&RunView>) -> Self {
        Self {
            button: view.is_some_and(|v| v.source == Source::Button),
            live: view.is_some_and(|v| {
                matches!(
                    v.source,
                    Source::Run {
                        mode: Mode::Live,
                        ..
                    }
                )
            }),
            origin_us: view.and_then(|v| v.origin_us),
            received: view.map_or(0, |v| v.received),
            expected: view.map_or(0, RunView::expected),
        }
    }
}

/// Props of [`RunStatus`].
#[derive(Properties, PartialEq)]
pub struct RunStatusProps {
    /// Where the run stands.
    pub phase: Phase,
    /// Its progress.
    pub progress: Progress,
}

/// The status line with a progress bar while running.
#[component]
pub fn RunStatus(props: &RunStatusProps) -> Html {
    let lang = use_lang();
    let redraw = use_force_update();
    let progress = props.progress;
    let ticking = props.phase == Phase::Running && progress.live;
    use_effect_with(ticking, move |&ticking| {
        let interval = ticking.then(|| Interval::new(TICK_MS, move || redraw.force_update()));
        move || drop(interval)
    });

    let now_us = (js_sys::Date::now() * 1000.0) as u64;
    let wait_us = progress
        .origin_us
        .filter(|_| progress.live && progress.received == 0)
        .map(|origin| origin.saturating_sub(now_us))
        .filter(|&wait| wait > 0);
    let (state, text, bar) = match (&props.phase, wait_us) {
        (Phase::Idle, _) => ("idle", lang.t(RatelimitText::StatusIdle).to_owned(), None),
        (Phase::Running, Some(wait)) => (
            "waiting",
            fill(
                lang.t(RatelimitText::StatusWaiting),
                &[&format!("{:.1}", wait as f64 / 1e6)],
            ),
            None,
        ),
        // The button's presses have no total, and a run has none until `Started` arrives.
        (Phase::Running, None) if progress.button || progress.expected == 0 => {
            ("running", lang.t(Text::Running).to_owned(), None)
        }
        (Phase::Running, None) => (
            "running",
            fill(
                lang.t(RatelimitText::StatusRunning),
                &[
                    &progress.received.to_string(),
                    &progress.expected.to_string(),
                ],
            ),
            Some((progress.received, progress.expected.max(1))),
        ),
        (Phase::Done, _) => (
            "done",
            fill(
                lang.t(RatelimitText::StatusDone),
                &[&progress.received.to_string()],
            ),
            None,
        ),
        (Phase::Failed(failure), _) => ("error", failure_text(&lang, failure, progress), None),
    };

    html! {
        <div id="ratelimit-status" class="status-line ratelimit-status" data-testid="ratelimit-status" data-state={state} role="status" aria-live="polite">
            <span class="dot" aria-hidden="true"></span>
            <span class="ratelimit-status__text">{ text }</span>
            if let Some((value, max)) = bar {
                <progress class="ratelimit-status__bar" value={value.to_string()} max={max.to_string()}></progress>
            }
            if wait_us.is_some() {
                <span class="ratelimit-status__pulse" aria-hidden="true"></span>
            }
        </div>
    }
}

fn failure_text(lang: &LangHandle, failure: &Failure, progress: Progress) -> String {
    match failure {
        Failure::Server(error) if error.code == ErrorCode::Cancelled => fill(
            lang.t(RatelimitText::StatusStopped),
            &[
                &progress.received.to_string(),
                &progress.expected.to_string(),
            ],
        ),
        Failure::Server(error) => error_sentence(lang.lang, error),
        Failure::Lost => lang.t(Text::RequestLost).to_owned(),
        Failure::NotSent => lang.t(Text::RequestNotSent).to_owned(),
    }
}
