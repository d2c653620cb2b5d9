//! The `lock` lab: the course's `DistributedLock` under real contention, and the faults that break it
//! (a paused holder, a plain `DEL` release, `SETNX` then `EXPIRE`) beside what fixes them (the Lua
//! release, fencing tokens, lease renewal).
//!
//! Data flows one way: Start or a demo sends a `LockRequest::Run` through the lab's `use_lab`, which
//! hands its events and reply to the [`state`] reducer; the reducer folds them into a [`timeline`]; the
//! [`plot`] draws it, and nothing is drawn that no event reported.
//!
//! - [`state`]: the reducer; [`form`]: the form's values.
//! - [`timeline`]: events as per-client spans and marks, and the key's readings.
//! - [`overlap`]: violations, found live and replaced by the backend's.
//! - [`layout`], [`scene`], [`pick`], [`glyphs`]: pure geometry, the placed picture, what an element
//!   stands for, and the marks' shapes.
//! - [`plot`] (with [`lanes_view`] and [`key_view`]), [`legend`], [`detail`]: the SVG, its legend, and
//!   the trace of the element under the pointer.
//! - [`controls`], [`demos`], [`status`], [`summary`], [`code`]: form, guided demos, run state,
//!   figures, and the course's code with the backend's and the Lua.

mod code;
mod controls;
mod demos;
mod detail;
mod form;
mod glyphs;
mod key_view;
mod lanes_view;
mod layout;
mod legend;
mod overlap;
mod pick;
mod plot;
mod scene;
mod state;
mod status;
mod summary;
mod timeline;

use shared::LabRequest;
use shared::lock::LockRequest;
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::components::demo_buttons::{DemoBar, GuidedDemo};
use crate::components::reveal::reveal;
use crate::components::{ExportSvg, Fit, ShareLink, share_link};
use crate::i18n::exercise::ExerciseText;
use crate::i18n::lock::LockText;
use crate::i18n::{Text, use_lang};
use crate::route::Route;
use crate::ws::{Failure, LabHandle, Phase, Status, use_lab, use_ws};
use code::CodeView;
use controls::Controls;
use demos::Demo;
use detail::Detail;
use form::Field;
use legend::Legend;
use overlap::violations;
use plot::Plot;
use state::{Action, LabState};
use status::RunStatus;
use summary::Summary;

/// Shortest time between two updates while a run streams: the backend flushes every 50 ms and the lock
/// key is read every 100 ms, and redrawing every lane for each batch would spend the browser's time on
/// frames nobody sees. The final outcome goes through at once.
const UPDATE_EVERY_MS: u32 = 150;

/// The lab page.
#[component]
pub fn Lock() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    // Hovering from one part of an element to another dispatches the same value again; comparing
    // states skips that re-render.
    let state = use_reducer_eq(LabState::default);
    let requests = use_lab::<LockRequest>(
        UPDATE_EVERY_MS,
        state.dispatcher().to_callback().reform(Action::Updates),
    );
    let lab = Lab {
        requests,
        state: state.clone(),
    };
    // A share link's run is sent once the socket is up.
    {
        let (lab, link) = (lab.clone(), use_mut_ref(share_link::opened));
        use_effect_with(ws.status() == Status::Connected, move |&connected| {
            let link = link.borrow_mut().take_if(|_| connected);
            if let Some(Ok(LabRequest::Lock(request @ LockRequest::Run { .. }))) = link {
                lab.state.dispatch(Action::Opened(request.clone()));
                match request.validate() {
                    Ok(()) => lab.send(request, None),
                    Err(range) => lab.state.dispatch(Action::Refused(range)),
                }
            }
        });
    }
    // Made once, so the demo bar's and the form's props stay equal while a run streams: the requests'
    // handle never changes, and the reducer's handle reads its newest state.
    let on_start = use_button(&lab, Lab::start);
    let on_stop = use_button(&lab, Lab::stop);
    let on_step = use_button(&lab, Lab::step);
    let on_demo = use_callback((), move |demo: Demo, ()| lab.demo(demo));
    let dispatcher = state.dispatcher();
    let on_setting = use_callback(dispatcher.clone(), |setting, d| {
        d.dispatch(Action::Set(setting))
    });
    let on_hover = use_callback(dispatcher.clone(), |picked, d| {
        d.dispatch(Action::Hover(picked))
    });
    let on_select = use_callback(dispatcher, |picked, d| d.dispatch(Action::Select(picked)));

    let found = use_memo(state.run.clone(), |run| {
        run.as_deref().map(violations).unwrap_or_default()
    });
    let invalid = match (&state.refused, &state.phase) {
        (Some(range), _) => Field::from_wire(&range.field),
        (None, Phase::Failed(Failure::Server(error))) => error
            .param
            .as_ref()
            .and_then(|range| Field::from_wire(&range.field)),
        _ => None,
    };
    let connected = ws.status() == Status::Connected;
    let run = state.run.clone();
    let run_id = run.as_ref().map(|run| run.id);
    let (elapsed_ms, deadline_secs, timed_out) = run.as_ref().map_or((0, 0, false), |run| {
        let timed_out = run.summary.as_ref().is_some_and(|s| s.timed_out);
        (run.now_ms, run.params.deadline_secs, timed_out)
    });
    let shown = state.hovered.clone().or_else(|| state.selected.clone());

    html! {
        <article class="page lab lock" data-testid="lab-lock">
            <header class="page__header">
                <h1>{ lang.t(Text::LockTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(LockText::Intro) }</p>
            <p class="exercise-link">
                <Link<Route> to={Route::ExerciseLock}>{ lang.t(ExerciseText::LockTryIt) }</Link<Route>>
            </p>
            <DemoBar<Demo> active={state.demo} enabled={connected} {on_demo} />
            if let Some(demo) = state.demo {
                <section class="explain lock-explain" data-testid="lock-demo-explanation" data-demo={demo.testid()}>
                    <h2 class="panel-title">{ lang.t(demo.title()) }</h2>
                    <p>{ lang.t(demo.explanation()) }</p>
                </section>
            }
            <Controls
                form={state.form.clone()}
                {invalid}
                running={state.running().is_some()}
                {connected}
                {on_setting}
                {on_start}
                {on_stop}
                stepping={state.stepping().is_some()}
                {on_step}
            />
            <div id="lock-status">
                <RunStatus phase={state.phase.clone()} refused={state.refused.clone()} {elapsed_ms} {deadline_secs} {timed_out} run={run_id} />
            </div>
            if let Some(run) = run {
                <div class="lock-plot-head">
                    <p class="lock-key-name">
                        { lang.t(LockText::KeyName) }{ " " }<code>{ run.key.clone() }</code>
                    </p>
                    // The count again above the lanes, where the class is looking.
                    if !found.is_empty() {
                        <p class="lock-alarm-badge">
                            { format!("⚠ {}: {}", lang.t(LockText::SumViolations), found.len()) }
                        </p>
                    }
                </div>
                <div class="lab-tools">
                    <ShareLink request={share_request(&state)} path="/lock" />
                    <ExportSvg target=".lock-plot" name="lock.svg" />
                </div>
                <Fit>
                    <Plot run={run.clone()} violations={found.clone()} selected={state.selected.clone()} {on_hover} {on_select} />
                </Fit>
                <Legend />
                if let Some(picked) = shown {
                    <Detail {picked} request={run.id} />
                } else {
                    <p class="hint lock-detail-hint">{ lang.t(LockText::DetailHint) }</p>
                }
                <Summary run={run.clone()} violations={found.len()} />
            } else {
                <p class="lock-empty">{ lang.t(LockText::Empty) }</p>
            }
            <CodeView faults={state.form.faults()} />
        </article>
    }
}

/// What the page's buttons need: the lab's requests, and the reducer to record what was sent.
#[derive(Clone)]
struct Lab {
    requests: LabHandle<LockRequest>,
    state: UseReducerHandle<LabState>,
}

impl Lab {
    /// Start: the form's run, checked as the backend will check it.
    fn start(&self) {
        match self.state.form.request() {
            Ok(request) => self.send(request, None),
            Err(range) => self.state.dispatch(Action::Refused(range)),
        }
    }

    /// Stop: the backend deletes the run's keys and answers `cancelled`.
    fn stop(&self) {
        if let Some(id) = self.state.running() {
            self.requests.cancel(id);
        }
    }

    /// Step: lets one waiting client of a stepped run take its next step.
    fn step(&self) {
        if let Some(run) = self.state.stepping() {
            self.requests.send(LockRequest::Step { run });
        }
    }

    /// A demo replaces whatever runs.
    /// A demo at the form's speed, so a presenter can show it in slow motion.
    fn demo(&self, demo: Demo) {
        self.stop();
        let request = match demo.request() {
            LockRequest::Run { params, faults, .. } => LockRequest::Run {
                params,
                faults,
                speed: self.state.form.speed,
            },
            step @ LockRequest::Step { .. } => step,
        };
        self.send(request, Some(demo));
    }

    fn send(&self, request: LockRequest, demo: Option<Demo>) {
        let id = self.requests.send(request.clone());
        self.state.dispatch(Action::Sent { id, request, demo });
        reveal("lock-status");
    }
}

/// A button's callback doing `act`, made once.
#[hook]
fn use_button(lab: &Lab, act: fn(&Lab)) -> Callback<()> {
    let lab = lab.clone();
    use_callback((), move |(), ()| act(&lab))
}

/// What "copy link" shares: the run the form describes.
fn share_request(state: &LabState) -> Option<LabRequest> {
    state.form.request().ok().map(shared::Lab::wrap)
}
