//! The `cache` lab: the course's `CacheWarmer` against the backend's stand-in product database, warming
//! a range or the top of a simulated access log, and what that buys: the same reads cold and warm, a
//! heat strip of what Redis holds, the stampede with and without a lock, workers against a pipeline.
//!
//! Data flows one way: a button builds a `CacheRequest` from [`settings`] and sends it through the
//! lab's `use_lab`, which hands its events and reply to the [`state`] reducer; the panels draw it.
//!
//! - [`state`]: the reducer; [`kind`]: what its requests are; [`settings`]: the form and its requests;
//!   [`demo`]: the guided demo's steps.
//! - [`updates`]: hooks sending the demo's steps and reading the strip.
//! - [`status`], [`controls`], [`progress`], [`strip`], [`chart`], [`further`], [`code`]: the panels.

mod chart;
mod code;
mod controls;
mod demo;
mod further;
mod kind;
mod progress;
mod settings;
mod state;
mod status;
mod strip;
mod updates;

use shared::cache::CacheRequest;
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::i18n::cache::CacheText;
use crate::i18n::exercise::ExerciseText;
use crate::i18n::{Text, param_range, use_lang};
use crate::route::Route;
use crate::ws::{LabHandle, Status as WsStatus, use_lab, use_ws};
use chart::BeforeAfter;
use code::CodeView;
use controls::{Command, Controls};
use further::Further;
use kind::Kind;
use progress::WarmupProgress;
use settings::Field;
use state::{Action, CacheState};
use status::DemoBar;
use strip::HeatStrip;

/// The lab page.
#[component]
pub fn Cache() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let state = use_reducer(CacheState::default);
    // Progress comes a few times a second, so nothing needs coalescing.
    let requests =
        use_lab::<CacheRequest>(0, state.dispatcher().to_callback().reform(Action::Updates));
    let connected = ws.status() == WsStatus::Connected;
    updates::use_demo(&requests, &state);
    updates::use_strip(&requests, connected, &state);

    let busy = !connected || state.running().next().is_some() || state.demo.is_some();
    let dispatcher = state.dispatcher();
    let on_setting = use_callback(dispatcher.clone(), |setting, dispatcher| {
        dispatcher.dispatch(Action::Set(setting));
    });
    let on_command = {
        let state = state.clone();
        Callback::from(move |command| send(&requests, &state, command))
    };
    let on_demo = use_callback(dispatcher.clone(), |(), dispatcher| {
        dispatcher.dispatch(Action::StartDemo);
    });
    let on_stop = use_callback(dispatcher, |(), dispatcher| {
        dispatcher.dispatch(Action::StopDemo);
    });
    let invalid = state
        .problem
        .as_ref()
        .map(|range| AttrValue::from(range.field.clone()));

    html! {
        <article class="page lab cache" data-testid="lab-cache">
            <header class="page__header">
                <h1>{ lang.t(Text::CacheTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(CacheText::Intro) }</p>
            <p class="exercise-link">
                <Link<Route> to={Route::ExerciseCache}>{ lang.t(ExerciseText::CacheTryIt) }</Link<Route>>
            </p>
            <DemoBar
                status={state.status()}
                demo_step={state.demo.map(|demo| demo.step)}
                {connected}
                {on_demo}
                {on_stop}
            />
            if let Some(range) = &state.problem {
                <p class="error-box" data-testid="cache-error" role="alert">{ param_range(lang.lang, range) }</p>
            }
            <div class="cache-grid">
                <Controls
                    settings={state.settings.clone()}
                    {invalid}
                    {busy}
                    next_phase={state.next_phase()}
                    reset={state.reset}
                    {on_setting}
                    on_command={on_command.clone()}
                />
                <div class="cache-side">
                    <WarmupProgress progress={state.progress} top={state.top.clone()} />
                    <HeatStrip keys={state.strip.clone()} />
                </div>
            </div>
            <BeforeAfter cold={state.cold} warm={state.warm} />
            <Further
                stampede={state.stampede}
                race={state.race}
                workers={AttrValue::from(state.settings.text(Field::Workers).to_owned())}
                {busy}
                {on_command}
            />
            <CodeView zrange_rev={state.settings.zrange_rev} />
        </article>
    }
}

/// Sends what `command` asks with the form's values, or records why it cannot.
fn send(
    requests: &LabHandle<CacheRequest>,
    state: &UseReducerHandle<CacheState>,
    command: Command,
) {
    let settings = &state.settings;
    let (request, kind) = match command {
        Command::Views => (settings.views(state.views_seed), Kind::Views),
        Command::Warmup => (settings.warmup(), Kind::Warmup),
        Command::Measure => (settings.measure(), Kind::Measure(state.next_phase())),
        Command::Reset => (Ok(CacheRequest::Reset), Kind::Reset),
        Command::Stampede(lock) => (
            settings.stampede(lock),
            Kind::Stampede {
                lock,
                jitter: settings.jitter,
            },
        ),
        Command::Race => (
            settings.race(),
            Kind::Race {
                workers: settings.workers(),
            },
        ),
    };
    match request {
        Ok(request) => {
            let id = requests.send(request);
            state.dispatch(Action::Sent {
                id,
                kind,
                demo: false,
            });
        }
        Err(range) => state.dispatch(Action::Refused(range)),
    }
}
