//! The hovered or clicked element: what it was, when, and the Redis commands behind it, looked up by
//! `seq` in the browser's trace.
//!
//! The trace is capped and the server drops lines when the browser reads too slowly, so the lines of a
//! long run may be gone; the box then says how many are missing and why, instead of showing nothing.

use shared::RequestId;
use yew::prelude::*;

use super::layout::{KeyState, short_token};
use super::pick::{Picked, What};
use super::timeline::MarkKind;
use crate::format::command_line;
use crate::i18n::lock::LockText;
use crate::i18n::{LangHandle, fill, use_lang};
use crate::ws::use_trace;

/// Most commands listed; a long wait has a failed `SET` per retry.
const MAX_LINES: usize = 40;

/// Props of [`Detail`].
#[derive(Properties, PartialEq)]
pub struct DetailProps {
    /// The element.
    pub picked: Picked,
    /// The run: its trace lines carry this id.
    pub request: RequestId,
}

/// The detail box.
#[component]
pub fn Detail(props: &DetailProps) -> Html {
    let lang = use_lang();
    let ws = use_trace();
    let picked = &props.picked;
    let trace = ws.trace();
    let found = trace.of_request(props.request, &picked.trace);
    let missing = picked.trace.len() - found.len();
    let shown = found.len().min(MAX_LINES);
    let when = match picked.to_ms {
        Some(to) => fill(
            lang.t(LockText::DetailSpan),
            &[&seconds(picked.from_ms), &seconds(to)],
        ),
        None => fill(lang.t(LockText::DetailAt), &[&seconds(picked.from_ms)]),
    };
    let who = picked
        .client
        .map(|c| fill(lang.t(LockText::ClientName), &[&c.to_string()]));

    html! {
        <section class="lock-detail" data-testid="lock-detail" aria-live="polite">
            <h2 class="panel-title">
                { who.map(|who| format!("{who} · ")).unwrap_or_default() }
                { describe(&lang, &picked.what) }
            </h2>
            <p class="lock-detail__when">{ when }</p>
            if picked.trace.is_empty() {
                <p class="hint">{ lang.t(no_trace_reason(&picked.what)) }</p>
            } else {
                <ol class="lock-detail__trace">
                    { for found.iter().take(shown).map(|line| {
                        let entry = &line.entry;
                        html! {
                            <li key={line.line} data-testid="lock-trace-line">
                                <code class="lock-detail__command">{ command_line(&entry.command) }</code>
                                <span aria-hidden="true">{ " → " }</span>
                                <code class="lock-detail__reply">{ &entry.reply }</code>
                            </li>
                        }
                    }) }
                </ol>
                if found.len() > shown {
                    <p class="hint">{ fill(lang.t(LockText::DetailMore), &[&(found.len() - shown).to_string()]) }</p>
                }
                if missing > 0 {
                    <p class="lock-detail__missing" data-testid="lock-trace-missing">
                        { fill(
                            lang.t(LockText::DetailMissing),
                            &[&missing.to_string(), &picked.trace.len().to_string(), &trace.cap().to_string()],
                        ) }
                    </p>
                }
            }
        </section>
    }
}

/// Milliseconds since the start as seconds with milliseconds.
fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// What the element was, in a sentence.
fn describe(lang: &LangHandle, what: &What) -> String {
    match what {
        What::Waiting { round, retries } => fill(
            lang.t(LockText::DetailWaiting),
            &[&(round + 1).to_string(), &retries.to_string()],
        ),
        What::Holding { token, fence } => {
            let fence = fence.map_or_else(|| "–".to_owned(), |f| format!("#{f}"));
            fill(
                lang.t(LockText::DetailHolding),
                &[short_token(token), &fence],
            )
        }
        What::Paused => lang.t(LockText::LegendPaused).to_owned(),
        What::Mark(MarkKind::Wrote { fence, accepted }) => {
            let key = if *accepted {
                LockText::DetailWriteAccepted
            } else {
                LockText::DetailWriteRejected
            };
            fill(lang.t(key), &[&fence.to_string()])
        }
        What::Mark(kind) => lang.t(mark_text(*kind)).to_owned(),
        What::Violation { clients } => fill(
            lang.t(LockText::DetailViolation),
            &[&clients.0.to_string(), &clients.1.to_string()],
        ),
        What::Key {
            state,
            first_pttl,
            last_pttl,
        } => match state {
            KeyState::Held { holder } => fill(
                lang.t(LockText::DetailKeyHeld),
                &[
                    &holder_name(lang, *holder),
                    &first_pttl.to_string(),
                    &last_pttl.to_string(),
                ],
            ),
            KeyState::NoExpiry { holder } => fill(
                lang.t(LockText::DetailKeyNoExpiry),
                &[&holder_name(lang, *holder)],
            ),
            KeyState::Free => lang.t(LockText::DetailKeyFree).to_owned(),
        },
    }
}

/// "client 2", or "unknown" for a token the backend did not hand out.
fn holder_name(lang: &LangHandle, holder: Option<u32>) -> String {
    holder.map_or_else(
        || lang.t(LockText::UnknownHolder).to_owned(),
        |c| fill(lang.t(LockText::ClientName), &[&c.to_string()]),
    )
}

/// The legend's name of a mark, which is also its detail heading.
pub fn mark_text(kind: MarkKind) -> LockText {
    match kind {
        MarkKind::Skipped => LockText::LegendSkipped,
        MarkKind::Released => LockText::LegendReleased,
        MarkKind::Refused => LockText::LegendRefused,
        MarkKind::Stole => LockText::LegendStole,
        MarkKind::Crashed => LockText::LegendCrashed,
        MarkKind::Renewed { ok: true } => LockText::LegendRenewed,
        MarkKind::Renewed { ok: false } => LockText::LegendRenewFailed,
        MarkKind::Wrote { accepted: true, .. } => LockText::LegendWriteAccepted,
        MarkKind::Wrote {
            accepted: false, ..
        } => LockText::LegendWriteRejected,
    }
}

/// Why an element has no commands of its own.
fn no_trace_reason(what: &What) -> LockText {
    match what {
        What::Key { .. } => LockText::DetailNoTraceKey,
        What::Paused => LockText::DetailNoTracePause,
        _ => LockText::DetailNoTrace,
    }
}
