//! The run's state in one line: idle, running (with the time so far), done, or the error it ended
//! with. `data-state` carries the state for browser tests, `data-run` the run's request id.

use shared::{ErrorBody, ErrorCode, ParamRange};
use yew::prelude::*;

use super::form::Field;
use crate::i18n::lock::LockText;
use crate::i18n::{Lang, LangHandle, error_sentence, fill, use_lang};
use crate::ws::{Failure, Phase};

/// Props of [`RunStatus`].
#[derive(Properties, PartialEq)]
pub struct RunStatusProps {
    /// Where the run stands.
    pub phase: Phase,
    /// The range error that kept Start from sending, if any.
    pub refused: Option<ParamRange>,
    /// Time covered so far, ms since the run began.
    pub elapsed_ms: u64,
    /// The run's deadline, in seconds.
    pub deadline_secs: u32,
    /// Whether the deadline ended the run while clients still waited.
    pub timed_out: bool,
    /// The request id of the run shown, so a browser test tells this run's end from the last one's.
    pub run: Option<shared::RequestId>,
}

/// The status line.
#[component]
pub fn RunStatus(props: &RunStatusProps) -> Html {
    let lang = use_lang();
    let seconds = format!("{:.1}", props.elapsed_ms as f64 / 1000.0);
    let (state, text) = match (&props.refused, &props.phase) {
        (Some(range), _) => ("error", range_sentence(lang.lang, range)),
        (None, Phase::Idle) => ("idle", lang.t(LockText::StatusIdle).to_owned()),
        (None, Phase::Running) => (
            "running",
            fill(
                lang.t(LockText::StatusRunning),
                &[&seconds, &props.deadline_secs.to_string()],
            ),
        ),
        (None, Phase::Done) => {
            let key = if props.timed_out {
                LockText::StatusTimedOut
            } else {
                LockText::StatusDone
            };
            ("done", fill(lang.t(key), &[&seconds]))
        }
        (None, Phase::Failed(failure)) => ("error", failure_text(&lang, failure)),
    };
    html! {
        <p class="status-line lock-status" data-testid="lock-status" data-state={state}
            data-run={props.run.map(|id| id.to_string())} role="status" aria-live="polite">
            <span class="dot" aria-hidden="true"></span>
            <span>{ text }</span>
        </p>
    }
}

fn failure_text(lang: &LangHandle, failure: &Failure) -> String {
    match failure {
        Failure::Server(error) if error.code == ErrorCode::Cancelled => {
            lang.t(LockText::StatusStopped).to_owned()
        }
        Failure::Server(error) => server_sentence(lang.lang, error),
        Failure::Lost => lang.t(LockText::StatusLost).to_owned(),
        Failure::NotSent => lang.t(LockText::StatusNotSent).to_owned(),
    }
}

/// The server's error, with a range error naming the field by its label on this page.
pub fn server_sentence(lang: Lang, error: &ErrorBody) -> String {
    match &error.param {
        Some(range) => range_sentence(lang, range),
        None => error_sentence(lang, error),
    }
}

/// "Clients must be between 1 and 20", with the field's label in the page's language.
pub fn range_sentence(lang: Lang, range: &ParamRange) -> String {
    let label =
        Field::from_wire(&range.field).map_or(range.field.as_str(), |field| lang.t(field.label()));
    fill(
        lang.t(LockText::RangeError),
        &[label, &range.min.to_string(), &range.max.to_string()],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_error_names_the_field_by_its_label() {
        let range = ParamRange {
            field: "clients".into(),
            min: 1,
            max: 20,
        };
        let en = range_sentence(Lang::En, &range);
        assert!(en.contains(Lang::En.t(LockText::FieldClients)), "{en}");
        assert!(en.contains("1") && en.contains("20"));
        let ja = range_sentence(Lang::Ja, &range);
        assert!(ja.contains(Lang::Ja.t(LockText::FieldClients)), "{ja}");
        let unknown = ParamRange {
            field: "mystery".into(),
            ..range
        };
        assert!(range_sentence(Lang::En, &unknown).contains("mystery"));
    }
}
