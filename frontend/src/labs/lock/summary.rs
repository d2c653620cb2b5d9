//! The run's figures: acquired rounds, violations, the counter against what it should be, the fenced
//! writes, and whether a lock without expiry or the deadline ended it. Figures the events already tell
//! are counted live; the backend's summary replaces them when it arrives.

use std::rc::Rc;

use yew::prelude::*;

use super::timeline::{MarkKind, RunView, SpanKind};
use crate::i18n::lock::LockText;
use crate::i18n::{LangHandle, use_lang};

/// Props of [`Summary`].
#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// The run.
    pub run: Rc<RunView>,
    /// Violations drawn: the backend's, or those found so far.
    pub violations: usize,
}

/// Figures of a run, counted from events until the summary comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// Rounds that got the lock.
    pub acquired: u32,
    /// The counter, and what it should be (known only from the summary).
    pub counter: Option<(i64, i64)>,
    /// Writes the resource took.
    pub accepted: u32,
    /// Writes it rejected.
    pub rejected: u32,
    /// Whether the lock had no expiry (the last reading, or the summary).
    pub no_expiry: bool,
    /// Whether the deadline ended the run (summary only).
    pub timed_out: Option<bool>,
}

impl Figures {
    /// The figures of `run` as they stand.
    pub fn of(run: &RunView) -> Self {
        if let Some(s) = &run.summary {
            return Self {
                acquired: s.acquired,
                counter: Some((s.counter, s.expected_counter)),
                accepted: s.writes_accepted,
                rejected: s.writes_rejected,
                no_expiry: s.lock_without_expiry,
                timed_out: Some(s.timed_out),
            };
        }
        let spans = run.tracks.iter().flat_map(|t| &t.spans);
        let marks: Vec<MarkKind> = run
            .tracks
            .iter()
            .flat_map(|t| &t.marks)
            .map(|m| m.kind)
            .collect();
        let writes = |want: bool| {
            marks
                .iter()
                .filter(|&&m| matches!(m, MarkKind::Wrote { accepted, .. } if accepted == want))
                .count() as u32
        };
        Self {
            acquired: spans
                .filter(|s| matches!(s.kind, SpanKind::Holding { .. }))
                .count() as u32,
            counter: None,
            accepted: writes(true),
            rejected: writes(false),
            no_expiry: run.readings.last().is_some_and(|r| r.pttl_ms == -1),
            timed_out: None,
        }
    }
}

/// The summary panel.
#[component]
pub fn Summary(props: &SummaryProps) -> Html {
    let lang = use_lang();
    let figures = Figures::of(&props.run);
    let fenced = props.run.faults.fencing;
    let (counter, lost) = match figures.counter {
        Some((counter, expected)) => (
            format!("{counter} / {expected}"),
            Some((expected - counter).max(0)),
        ),
        None => ("…".to_owned(), None),
    };
    let yes_no = |flag: Option<bool>| match flag {
        Some(true) => lang.t(LockText::Yes),
        Some(false) => lang.t(LockText::No),
        None => "…",
    };
    let violations = props.violations;
    html! {
        <section class="lock-summary" data-testid="lock-summary" aria-labelledby="lock-summary-title">
            <h2 id="lock-summary-title" class="panel-title">{ lang.t(LockText::SummaryTitle) }</h2>
            <dl class="lock-summary__figures">
                { figure(&lang, LockText::SumAcquired, "lock-acquired", figures.acquired.to_string(), false) }
                <div class={classes!("lock-figure", (violations > 0).then_some("lock-figure--alarm"))}>
                    <dt>{ lang.t(LockText::SumViolations) }</dt>
                    <dd data-testid="lock-violations">{ violations }</dd>
                </div>
                { figure(&lang, LockText::SumCounter, "lock-counter", counter, false) }
                { figure(&lang, LockText::SumLost, "lock-lost", lost.map_or("…".to_owned(), |n| n.to_string()), lost.is_some_and(|n| n > 0)) }
                <div class="lock-figure">
                    <dt>{ lang.t(LockText::SumWrites) }</dt>
                    // Without fencing nothing is written to the resource, so "0 / 0" would read as "all is well".
                    if fenced {
                        <dd>
                            <span data-testid="lock-accepted">{ figures.accepted }</span>
                            { " / " }
                            <span data-testid="lock-rejected">{ figures.rejected }</span>
                        </dd>
                    } else {
                        <dd class="lock-figure__none">{ lang.t(LockText::NotFenced) }</dd>
                    }
                </div>
                { figure(&lang, LockText::SumNoExpiry, "lock-no-expiry", yes_no(Some(figures.no_expiry)).to_owned(), figures.no_expiry) }
                { figure(&lang, LockText::SumTimedOut, "lock-timed-out", yes_no(figures.timed_out).to_owned(), figures.timed_out == Some(true)) }
            </dl>
        </section>
    }
}

fn figure(
    lang: &LangHandle,
    label: LockText,
    testid: &'static str,
    value: String,
    alarm: bool,
) -> Html {
    html! {
        <div class={classes!("lock-figure", alarm.then_some("lock-figure--alarm"))}>
            <dt>{ lang.t(label) }</dt>
            <dd data-testid={testid}>{ value }</dd>
        </div>
    }
}
