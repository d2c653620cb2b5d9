//! The `lock` lab: the course's `DistributedLock` under real contention, and the faults that break it
//! (a paused holder, a plain `DEL` release, `SETNX` then `EXPIRE`) beside what fixes them (the Lua
//! release, fencing tokens, lease renewal).
//!
//! Data flows one way: Start or a demo sends a `LockRequest::Run`; the connection stores its events and
//! reply; [`updates`] hands them to the [`state`] reducer, which folds them into a [`timeline`]; the
//! [`plot`] draws it, and nothing is drawn that no event reported.
//!
//! - [`state`], [`updates`]: the reducer and the hook feeding it; [`form`]: the form's values.
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
mod updates;

use shared::LabRequest;
use shared::lock::LockRequest;
use yew::prelude::*;

use crate::components::{ExportSvg, ShareLink, share_link};
use crate::i18n::lock::LockText;
use crate::i18n::{Text, use_lang};
use crate::ws::{Status, WsHandle, use_ws};
use code::CodeView;
use controls::Controls;
use demos::{Demo, DemoBar};
use detail::Detail;
use form::Field;
use legend::Legend;
use overlap::violations;
use plot::Plot;
use state::{Action, Failure, LabState, Phase};
use status::RunStatus;
use summary::Summary;

/// The lab page.
#[component]
pub fn Lock() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    // Hovering from one part of an element to another dispatches the same value again; comparing
    // states skips that re-render.
    let state = use_reducer_eq(LabState::default);
    updates::use_updates(&ws, &state);
    // The page re-renders on every server message. Callbacks made once and calling the latest `Lab`
    // keep the demo bar's and the form's props equal, so they are not redrawn while a run streams.
    let latest = use_mut_ref(|| Lab {
        ws: ws.clone(),
        state: state.clone(),
    });
    *latest.borrow_mut() = Lab {
        ws: ws.clone(),
        state: state.clone(),
    };
    // A share link's run is sent once the socket is up.
    {
        let (latest, link) = (latest.clone(), use_mut_ref(share_link::opened));
        use_effect_with(ws.status() == Status::Connected, move |&connected| {
            let link = link.borrow_mut().take_if(|_| connected);
            if let Some(Ok(LabRequest::Lock(request @ LockRequest::Run { .. }))) = link {
                let lab = latest.borrow().clone();
                lab.state.dispatch(Action::Opened(request.clone()));
                match request.validate() {
                    Ok(()) => lab.send(request, None),
                    Err(range) => lab.state.dispatch(Action::Refused(range)),
                }
            }
        });
    }
    let on_start = {
        let latest = latest.clone();
        use_callback((), move |(), ()| latest.borrow().clone().start())
    };
    let on_stop = {
        let latest = latest.clone();
        use_callback((), move |(), ()| latest.borrow().clone().stop())
    };
    let on_step = {
        let latest = latest.clone();
        use_callback((), move |(), ()| latest.borrow().clone().step())
    };
    let on_demo = use_callback((), move |demo: Demo, ()| latest.borrow().clone().demo(demo));
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
            <DemoBar active={state.demo} enabled={connected} {on_demo} />
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
                <RunStatus phase={state.phase.clone()} refused={state.refused.clone()} {elapsed_ms} {deadline_secs} {timed_out} />
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
                <Plot run={run.clone()} violations={found.clone()} selected={state.selected.clone()} {on_hover} {on_select} />
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

/// What the page's buttons need: the connection to send on, and the reducer to record what was sent.
#[derive(Clone)]
struct Lab {
    ws: WsHandle,
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
            self.ws.cancel(id);
        }
    }

    /// Step: lets one waiting client of a stepped run take its next step.
    fn step(&self) {
        if let Some(run) = self.state.stepping() {
            self.ws.send(LabRequest::Lock(LockRequest::Step { run }));
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
        let id = self.ws.send(LabRequest::Lock(request.clone()));
        self.state.dispatch(Action::Sent { id, request, demo });
        reveal_status();
    }
}

/// What "copy link" shares: the run the form describes.
fn share_request(state: &LabState) -> Option<LabRequest> {
    state.form.request().ok().map(LabRequest::Lock)
}

/// Scrolls the status line to the top when it is out of sight, so a run is watched from its start.
fn reveal_status() {
    let Some(status) = gloo::utils::document().get_element_by_id("lock-status") else {
        return;
    };
    let top = status.get_bounding_client_rect().top();
    let height = gloo::utils::window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or_default();
    if top < 0.0 || top > height * 0.4 {
        status.scroll_into_view();
    }
}
