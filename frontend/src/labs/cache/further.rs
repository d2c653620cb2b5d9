//! Going further: why TTL jitter matters, the stampede with and without the lock lab's lock, and W
//! workers against one pipeline. One button each; the figures are the backend's.

use yew::prelude::*;

use super::chart::lengths;
use super::controls::Command;
use super::settings::RACE_COUNT;
use super::state::{RaceFigures, StampedeFigures};
use crate::format::grouped;
use crate::i18n::cache::CacheText;
use crate::i18n::{fill, use_lang};

/// Props of [`Further`].
#[derive(Properties, PartialEq)]
pub struct FurtherProps {
    /// The last stampede without the lock (`[0]`) and with it (`[1]`).
    pub stampede: [Option<StampedeFigures>; 2],
    /// The last comparison of workers and a pipeline.
    pub race: Option<RaceFigures>,
    /// The form's workers as typed, named in the comparison's explanation.
    pub workers: AttrValue,
    /// Something runs (or there is no connection): the buttons wait.
    pub busy: bool,
    /// A button was pressed.
    pub on_command: Callback<Command>,
}

/// The going-further section.
#[component]
pub fn Further(props: &FurtherProps) -> Html {
    let lang = use_lang();
    let button = |command: Command, testid: &'static str, label: CacheText| {
        let on_click = props.on_command.reform(move |_: MouseEvent| command);
        html! {
            <button type="button" class="button button--quiet" data-testid={testid} disabled={props.busy} onclick={on_click}>
                { lang.t(label) }
            </button>
        }
    };
    let stampede = |lock: bool, label: CacheText| {
        let figures = props.stampede[usize::from(lock)];
        let testid = if lock {
            "cache-stampede-lock"
        } else {
            "cache-stampede-nolock"
        };
        html! {
            <div class="cache-stampede__side" data-testid="cache-stampede" data-lock={lock.to_string()}>
                { button(Command::Stampede(lock), testid, label) }
                if let Some(f) = figures {
                    <dl class="cache-figures">
                        <div><dt>{ lang.t(CacheText::StampedeDbHits) }</dt><dd data-testid="cache-stampede-db-hits">{ f.db_hits }</dd></div>
                        <div><dt>{ lang.t(CacheText::StampedeReads) }</dt><dd>{ grouped(f.reads.into()) }</dd></div>
                        <div><dt>{ lang.t(CacheText::StampedeSpread) }</dt><dd>{ format!("{} ms", grouped(f.expiry_spread_ms as i64)) }</dd></div>
                        if f.jitter {
                            <div><dt>{ lang.t(CacheText::StampedeJittered) }</dt><dd>{ "±50 %" }</dd></div>
                        }
                    </dl>
                }
            </div>
        }
    };
    let race = props.race.map(|race| {
        let bars = lengths(&[race.workers_ms as f64, race.pipeline_ms as f64], None);
        let rows = [
            (fill(lang.t(CacheText::RaceWorkers), &[&race.workers.to_string()]), race.workers_ms, bars[0], "workers"),
            (lang.t(CacheText::RacePipeline).to_owned(), race.pipeline_ms, bars[1], "pipeline"),
        ];
        html! {
            <div class="cache-race__bars">
                { for rows.into_iter().map(|(label, ms, length, id)| html! {
                    <div class={classes!("cache-bar", format!("cache-bar--{id}"))}>
                        <span class="cache-bar__phase">{ label }</span>
                        <svg class="cache-bar__svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                            <rect class="cache-bar__track" x="0" y="0" width="100" height="10" />
                            <rect class="cache-bar__fill" x="0" y="0" width={format!("{length:.2}")} height="10" />
                        </svg>
                        <span class="cache-bar__value" data-testid={format!("cache-race-{id}")}>{ format!("{} ms", grouped(ms as i64)) }</span>
                    </div>
                }) }
            </div>
        }
    });

    html! {
        <section class="cache-further" aria-labelledby="cache-further-title">
            <h2 id="cache-further-title">{ lang.t(CacheText::FurtherTitle) }</h2>
            <p class="cache-note">{ lang.t(CacheText::JitterExplain) }</p>
            <div class="cache-further__panels">
                <section class="cache-panel" aria-labelledby="cache-stampede-title">
                    <h3 id="cache-stampede-title" class="panel-title">{ lang.t(CacheText::StampedeTitle) }</h3>
                    <p class="hint">{ lang.t(CacheText::StampedeExplain) }</p>
                    <div class="cache-stampede">
                        { stampede(false, CacheText::StampedeNoLock) }
                        { stampede(true, CacheText::StampedeLock) }
                    </div>
                </section>
                <section class="cache-panel" aria-labelledby="cache-race-title">
                    <h3 id="cache-race-title" class="panel-title">{ lang.t(CacheText::RaceTitle) }</h3>
                    <p class="hint">
                        { fill(lang.t(CacheText::RaceExplain), &[&RACE_COUNT.to_string(), &props.workers]) }
                    </p>
                    { button(Command::Race, "cache-race", CacheText::RaceButton) }
                    { race.unwrap_or_default() }
                </section>
            </div>
        </section>
    }
}
