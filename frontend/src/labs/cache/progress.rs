//! The warm-up's progress as the backend reports it a few times a second: a bar, products warmed of
//! the total, the time since it began and the database fetches so far.

use shared::cache::Progress;
use yew::prelude::*;

use crate::format::micros;
use crate::i18n::cache::CacheText;
use crate::i18n::{fill, use_lang};

/// Props of [`WarmupProgress`].
#[derive(Properties, PartialEq)]
pub struct WarmupProgressProps {
    /// The latest progress of the last warm-up; `None` before any report.
    pub progress: Option<Progress>,
    /// The list of the most viewed products the last views recorded, if any.
    pub top: Option<(u32, Vec<(u32, u32)>)>,
}

/// The progress panel; `cache-progress` appears with the first report, so its figures are never stale.
#[component]
pub fn WarmupProgress(props: &WarmupProgressProps) -> Html {
    let lang = use_lang();
    let body = match props.progress {
        None => html! { <p class="hint">{ lang.t(CacheText::ProgressNone) }</p> },
        Some(p) => html! {
            <div
                class="cache-progress"
                data-testid="cache-progress"
                data-warmed={p.warmed.to_string()}
                data-total={p.total.to_string()}
            >
                <progress class="cache-progress__bar" value={p.warmed.to_string()} max={p.total.max(1).to_string()}>
                    { format!("{}/{}", p.warmed, p.total) }
                </progress>
                if p.total == 0 {
                    <p class="hint">{ lang.t(CacheText::ProgressEmptyLog) }</p>
                }
                <p class="cache-progress__figures">
                    <strong>{ fill(lang.t(CacheText::ProgressWarmed), &[&p.warmed.to_string(), &p.total.to_string()]) }</strong>
                    <span>{ fill(lang.t(CacheText::ProgressElapsed), &[&micros(p.elapsed_ms * 1_000)]) }</span>
                    <span>{ fill(lang.t(CacheText::ProgressDbHits), &[&p.db_hits.to_string()]) }</span>
                </p>
            </div>
        },
    };
    let top = props.top.as_ref().map(|(recorded, top)| {
        html! {
            <p class="cache-top" data-testid="cache-top">
                { fill(lang.t(CacheText::ViewsRecorded), &[&recorded.to_string()]) }{ " " }
                { for top.iter().map(|(id, views)| html! {
                    <span class="cache-top__entry">{ fill(lang.t(CacheText::TopEntry), &[&id.to_string(), &views.to_string()]) }</span>
                }) }
            </p>
        }
    });

    html! {
        <section class="cache-panel" aria-labelledby="cache-progress-title" aria-live="polite">
            <h2 id="cache-progress-title" class="panel-title">{ lang.t(CacheText::ProgressTitle) }</h2>
            { body }
            { top.unwrap_or_default() }
        </section>
    }
}
