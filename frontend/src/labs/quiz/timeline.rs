//! A live try as a small two-lane timeline: client A on the left, client B on the right, one row per
//! step in the order Redis saw them, each with its command and Redis's reply. Happenings that are not
//! commands (a crash, a disconnect) are marked as such. Every row is a step of the reply.

use shared::quiz::{Outcome, Step};
use yew::prelude::*;

use super::content::{outcome_id, outcome_text};
use crate::i18n::quiz::QuizText;
use crate::i18n::{Lang, fill, use_lang};

/// Which client a step belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Client A (0).
    A,
    /// Client B (1).
    B,
}

/// What a step is, read from how the backend writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepKind {
    /// A command and Redis's reply.
    Command,
    /// Something that happened to the client, written `(…)` with no reply.
    Happening(Option<QuizText>),
    /// A Pub/Sub message received on a channel; the reply is its payload.
    Message(String),
}

/// One row of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The client.
    pub lane: Lane,
    /// What the step is.
    pub kind: StepKind,
}

/// How to draw each of `steps`, in their order.
pub fn rows(steps: &[Step]) -> Vec<Row> {
    steps
        .iter()
        .map(|step| Row {
            lane: if step.client == 0 { Lane::A } else { Lane::B },
            kind: kind(&step.command),
        })
        .collect()
}

fn kind(command: &str) -> StepKind {
    if let Some(channel) = command.strip_prefix("(message) ") {
        return StepKind::Message(channel.to_owned());
    }
    match command {
        "(crashed)" => StepKind::Happening(Some(QuizText::Crashed)),
        "(disconnected)" => StepKind::Happening(Some(QuizText::Disconnected)),
        "(working longer than the 1 s timeout)" => StepKind::Happening(Some(QuizText::WorkingLong)),
        _ if command.starts_with('(') && command.ends_with(')') => StepKind::Happening(None),
        _ => StepKind::Command,
    }
}

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The try's steps, as the reply gave them.
    pub steps: Vec<Step>,
    /// What the try showed.
    pub outcome: Outcome,
}

/// The two lanes and the outcome's explanation.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let lang = use_lang().lang;
    html! {
        <div class="quiz-result" data-testid="quiz-result" data-outcome={outcome_id(props.outcome)}>
            <div class="quiz-timeline" role="table">
                <div class="quiz-timeline__head" role="row">
                    <span role="columnheader">{ lang.t(QuizText::At) }</span>
                    <span role="columnheader">{ lang.t(QuizText::ClientA) }</span>
                    <span role="columnheader">{ lang.t(QuizText::ClientB) }</span>
                </div>
                { for props.steps.iter().zip(rows(&props.steps)).map(|(step, row)| step_view(lang, step, row)) }
            </div>
            <p class="quiz-outcome">
                <strong>{ lang.t(QuizText::OutcomeTitle) }{ ": " }</strong>
                { lang.t(outcome_text(props.outcome)) }
            </p>
        </div>
    }
}

fn step_view(lang: Lang, step: &Step, row: Row) -> Html {
    let (lane, column) = match row.lane {
        Lane::A => ("a", "quiz-step--a"),
        Lane::B => ("b", "quiz-step--b"),
    };
    let body = match &row.kind {
        StepKind::Command => html! {
            <>
                <code class="quiz-step__command">{ step.command.clone() }</code>
                <code class="quiz-step__reply">{ step.reply.clone() }</code>
            </>
        },
        StepKind::Happening(known) => html! {
            <span class="quiz-step__happening">
                { known.map_or_else(|| step.command.clone(), |key| lang.t(key).to_owned()) }
            </span>
        },
        StepKind::Message(channel) => html! {
            <>
                <span class="quiz-step__happening">{ fill(lang.t(QuizText::Message), &[channel]) }</span>
                <code class="quiz-step__reply">{ step.reply.clone() }</code>
            </>
        },
    };
    let state = match row.kind {
        StepKind::Command => "command",
        StepKind::Happening(_) => "happening",
        StepKind::Message(_) => "message",
    };
    html! {
        <div class="quiz-timeline__row" role="row">
            <span class="quiz-timeline__at" role="cell">{ format!("{} ms", step.at_ms) }</span>
            <div
                class={classes!("quiz-step", column, format!("quiz-step--{state}"))}
                data-testid="quiz-step"
                data-client={lane}
                data-kind={state}
                role="cell"
                title={step.trace.map(|seq| fill(lang.t(QuizText::TraceSeq), &[&seq.to_string()]))}
            >
                { body }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(client: u32, command: &str, reply: &str) -> Step {
        Step {
            client,
            at_ms: 0,
            command: command.into(),
            reply: reply.into(),
            trace: None,
        }
    }

    #[test]
    fn lanes_follow_the_client() {
        let rows = rows(&[
            step(0, "SETNX k a", "(integer) 1"),
            step(1, "TTL k", "(integer) -1"),
        ]);
        assert_eq!(
            rows.iter().map(|r| r.lane).collect::<Vec<_>>(),
            [Lane::A, Lane::B]
        );
        assert!(rows.iter().all(|r| r.kind == StepKind::Command));
    }

    #[test]
    fn happenings_are_told_from_commands() {
        let kinds: Vec<StepKind> = rows(&[
            step(0, "(crashed)", ""),
            step(1, "(disconnected)", ""),
            step(0, "(working longer than the 1 s timeout)", ""),
            step(
                1,
                "(message) pg:{x}:quiz:notifications",
                "sent after B came back",
            ),
            step(0, "(something new)", ""),
        ])
        .into_iter()
        .map(|r| r.kind)
        .collect();
        assert_eq!(
            kinds,
            [
                StepKind::Happening(Some(QuizText::Crashed)),
                StepKind::Happening(Some(QuizText::Disconnected)),
                StepKind::Happening(Some(QuizText::WorkingLong)),
                StepKind::Message("pg:{x}:quiz:notifications".into()),
                StepKind::Happening(None),
            ]
        );
    }
}
