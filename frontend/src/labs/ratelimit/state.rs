//! The lab's state as one reducer: the form, the run on screen, the requests still awaited, the selected
//! mark, and what the last peek and reset said. Every change is one [`Action`].
//!
//! Server messages reach it as [`Update`]s of the requests it sent (listed in [`LabState::awaited`]):
//! each event once, then the outcome.

use std::rc::Rc;

use shared::ratelimit::{
    Algorithm, Decision, Mode, Peek, RatelimitEvent, RatelimitReply, RatelimitRequest,
};
use shared::{ParamRange, RequestId};

use super::axis::Zoom;
use super::demos::Demo;
use super::fleet::{FleetSummary, FleetView};
use super::run::{RunView, Source};
use super::settings::{Setting, Settings};
use super::trace_file::{TraceFile, TraceFileError};
use crate::ws::{Failure, Phase, Update};

/// What an awaited request was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run; its events feed the view.
    Run,
    /// A press of the "send request" button.
    Hit,
    /// A peek at the button's keys.
    Peek,
    /// A reset of the button's keys.
    Reset,
    /// The many-servers lesson; its events feed the fleet.
    Servers,
}

/// A request whose answer the lab still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Awaited {
    /// Its id.
    pub id: RequestId,
    /// What it was.
    pub kind: Kind,
}

/// Something the browser refused before sending.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A field out of range, found by the same `validate` the backend runs.
    Range(ParamRange),
    /// A file that is not a trace of this lab.
    Import(TraceFileError),
    /// The page's share link could not be read.
    BrokenLink,
}

/// A mark, by lane and arrival index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkRef {
    /// Its lane.
    pub algorithm: Algorithm,
    /// Its arrival index (the hit's number for the button).
    pub index: u32,
}

/// The mark whose commands are shown, with the decision behind it, found once when it is picked
/// rather than searched for on every render.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    /// Which mark.
    pub mark: MarkRef,
    /// The request that made the decision; its trace lines carry this id.
    pub request: RequestId,
    /// The decision.
    pub decision: Decision,
}

/// Everything the lab page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    /// The form.
    pub settings: Settings,
    /// The demo whose explanation is shown, while its run is on screen.
    pub demo: Option<Demo>,
    /// The run or the button's presses on screen.
    pub view: Option<RunView>,
    /// Where the view stands.
    pub phase: Phase,
    /// Requests whose answers are still needed.
    pub awaited: Vec<Awaited>,
    /// The last peek: `None` before any, or while one is running.
    pub peeks: Option<Result<Vec<Peek>, Failure>>,
    /// The last reset: keys deleted.
    pub reset: Option<Result<u64, Failure>>,
    /// The mark whose commands are shown.
    pub selected: Option<Selected>,
    /// The algorithm whose code is shown.
    pub code: Algorithm,
    /// Why the last request was not sent.
    pub problem: Option<Problem>,
    /// The last imported file, which "replay the file" runs again.
    pub imported: Option<Rc<TraceFile>>,
    /// The zoom chosen for the view on screen; `None` lets the view pick what fits its traffic.
    pub zoom: Option<Zoom>,
    /// The last run sent, which "copy link" shares.
    pub last_run: Option<RatelimitRequest>,
    /// The many-servers lesson on screen.
    pub fleet: Option<FleetView>,
}

impl Default for LabState {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            demo: None,
            view: None,
            phase: Phase::Idle,
            awaited: Vec::new(),
            peeks: None,
            reset: None,
            selected: None,
            code: Algorithm::FixedWindow,
            problem: None,
            imported: None,
            zoom: None,
            last_run: None,
            fleet: None,
        }
    }
}

/// One change to [`LabState`].
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The form changed.
    Set(Setting),
    /// A request went out; `demo` names the demo that sent it.
    Sent {
        /// Its id.
        id: RequestId,
        /// What was sent.
        request: RatelimitRequest,
        /// The demo, if one sent it; its settings are copied into the form.
        demo: Option<Demo>,
    },
    /// The browser refused to send.
    Refused(Problem),
    /// What the lab's requests reported.
    Updates(Vec<Update<RatelimitRequest>>),
    /// A mark was clicked (or the selection cleared).
    Select(Option<MarkRef>),
    /// The code panel's tab.
    ShowCode(Algorithm),
    /// A trace file was read.
    Imported(TraceFile),
    /// The axis's zoom was chosen.
    Zoom(Zoom),
    /// The page was opened with a share link of this run; the form takes its settings.
    Opened(RatelimitRequest),
}

impl LabState {
    /// The id of the run in flight, if any.
    pub fn running_run(&self) -> Option<RequestId> {
        self.awaited
            .iter()
            .find(|a| matches!(a.kind, Kind::Run | Kind::Servers))
            .map(|a| a.id)
    }

    /// The many-servers run, when it was sent after the lanes' run (so the status line is about it).
    pub fn fleet_in_front(&self) -> Option<&FleetView> {
        let lanes_id = match self.view.as_ref().map(|v| v.source) {
            Some(Source::Run { id, .. }) => id,
            _ => 0,
        };
        self.fleet.as_ref().filter(|f| f.id > lanes_id)
    }

    /// Applies one action; kept apart from `yew::Reducible` so tests call it on a plain value.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Set(setting) => {
                self.settings.apply(setting);
                self.problem = None;
            }
            Action::Sent { id, request, demo } => self.sent(id, request, demo),
            Action::Refused(problem) => self.problem = Some(problem),
            Action::Updates(updates) => updates.into_iter().for_each(|u| self.update(u)),
            Action::Select(mark) => {
                if let Some(mark) = mark {
                    self.code = mark.algorithm;
                }
                self.selected = mark.and_then(|mark| {
                    let (request, decision) =
                        self.view.as_ref()?.decision(mark.algorithm, mark.index)?;
                    Some(Selected {
                        mark,
                        request,
                        decision: decision.clone(),
                    })
                });
            }
            Action::ShowCode(algorithm) => self.code = algorithm,
            Action::Zoom(zoom) => self.zoom = Some(zoom),
            Action::Opened(request) => {
                self.settings.adopt_run(&request);
                self.settings.adopt_servers(&request);
                self.problem = None;
            }
            Action::Imported(file) => {
                let traffic = file.traffic();
                let (algorithms, limits, mode) = (&file.algorithms, file.limits, file.mode);
                self.settings.adopt(algorithms, limits, mode, &traffic);
                self.imported = Some(Rc::new(file));
                self.problem = None;
            }
        }
    }

    fn sent(&mut self, id: RequestId, request: RatelimitRequest, demo: Option<Demo>) {
        self.problem = None;
        if matches!(
            request,
            RatelimitRequest::Run { .. } | RatelimitRequest::Servers { .. }
        ) {
            self.last_run = Some(request.clone());
        }
        match request {
            RatelimitRequest::Run {
                algorithms,
                limits,
                mode,
                traffic,
                speed,
            } => {
                if demo.is_some() {
                    self.settings.adopt(&algorithms, limits, mode, &traffic);
                }
                // A new run replaces whatever was on screen, and the page has stopped the old one.
                self.awaited
                    .retain(|a| matches!(a.kind, Kind::Peek | Kind::Reset));
                // A slowed live run decides on a stretched window, and is drawn on it.
                let limits = match mode {
                    Mode::Live => limits.slowed(speed),
                    Mode::Replay => limits,
                };
                self.show(RunView::new(Source::Run { id, mode }, &algorithms, limits));
                self.demo = demo;
                self.await_(id, Kind::Run);
            }
            RatelimitRequest::Hit { algorithms, limits } => {
                let same = self.view.as_ref().is_some_and(|v| {
                    v.source == Source::Button && v.algorithms == algorithms && v.limits == limits
                });
                if !same {
                    self.awaited
                        .retain(|a| matches!(a.kind, Kind::Peek | Kind::Reset));
                    self.show(RunView::new(Source::Button, &algorithms, limits));
                }
                self.demo = None;
                self.await_(id, Kind::Hit);
            }
            RatelimitRequest::Peek { .. } => {
                self.peeks = None;
                self.await_(id, Kind::Peek);
            }
            RatelimitRequest::Reset => {
                self.reset = None;
                self.await_(id, Kind::Reset);
            }
            RatelimitRequest::Servers {
                servers, limits, ..
            } => {
                if demo.is_some() {
                    self.settings.adopt_servers(&request);
                }
                // It replaces the run in flight, which the page has stopped.
                self.awaited
                    .retain(|a| matches!(a.kind, Kind::Peek | Kind::Reset));
                self.fleet = Some(FleetView::new(id, servers, limits));
                self.demo = demo;
                self.await_(id, Kind::Servers);
            }
        }
    }

    fn show(&mut self, view: RunView) {
        if !view.algorithms.contains(&self.code) {
            self.code = view.algorithms.first().copied().unwrap_or(self.code);
        }
        self.view = Some(view);
        self.selected = None;
        self.zoom = None;
    }

    fn await_(&mut self, id: RequestId, kind: Kind) {
        self.awaited.push(Awaited { id, kind });
        if matches!(kind, Kind::Run | Kind::Hit | Kind::Servers) {
            self.phase = Phase::Running;
        }
    }

    fn update(&mut self, update: Update<RatelimitRequest>) {
        let Some(pos) = self.awaited.iter().position(|a| a.id == update.id) else {
            return;
        };
        if let Some(fleet) = self.fleet.as_mut().filter(|f| f.id == update.id) {
            for event in update.events() {
                match event {
                    RatelimitEvent::Started {
                        origin_us,
                        arrivals,
                        trace,
                    } => {
                        let span_us = trace.last().map_or(0, |a| a.at_us);
                        fleet.start(*origin_us, *arrivals, span_us);
                    }
                    RatelimitEvent::Servers { decisions } => fleet.add(decisions),
                    RatelimitEvent::Decisions { .. } => {}
                }
            }
        }
        let view = self
            .view
            .as_mut()
            .filter(|v| matches!(v.source, Source::Run { id, .. } if id == update.id));
        if let Some(view) = view {
            for event in update.events() {
                match event {
                    RatelimitEvent::Started {
                        origin_us, trace, ..
                    } => view.start(*origin_us, trace.clone()),
                    RatelimitEvent::Decisions { decisions } => {
                        view.add(update.id, decisions.clone());
                    }
                    RatelimitEvent::Servers { .. } => {}
                }
            }
        }
        if let Some(answer) = update.outcome {
            let awaited = self.awaited.remove(pos);
            self.finish(awaited, answer);
        }
    }

    fn finish(&mut self, awaited: Awaited, answer: Result<RatelimitReply, Failure>) {
        match (awaited.kind, answer) {
            (Kind::Run | Kind::Hit | Kind::Servers, Err(failure)) => {
                self.phase = Phase::Failed(failure);
            }
            (
                Kind::Servers,
                Ok(RatelimitReply::Servers {
                    servers,
                    own,
                    redis,
                }),
            ) => {
                if let Some(fleet) = self.fleet.as_mut().filter(|f| f.id == awaited.id) {
                    fleet.summary = Some(FleetSummary {
                        tallies: servers,
                        own,
                        redis,
                    });
                }
                self.phase = Phase::Done;
            }
            (Kind::Run, Ok(RatelimitReply::Run { lanes })) => {
                if let Some(view) = &mut self.view {
                    view.summary = Some(lanes);
                }
                self.phase = Phase::Done;
            }
            (Kind::Hit, Ok(RatelimitReply::Hit { decisions })) => {
                if let Some(view) = self.view.as_mut().filter(|v| v.source == Source::Button) {
                    view.add_hit(awaited.id, decisions);
                }
                if !self.awaited.iter().any(|a| a.kind == Kind::Hit) {
                    self.phase = Phase::Done;
                }
            }
            (Kind::Peek, answer) => {
                self.peeks = Some(answer.map(|reply| match reply {
                    RatelimitReply::Peek { peeks } => peeks,
                    _ => Vec::new(),
                }));
            }
            (Kind::Reset, answer) => {
                let deleted = answer.map(|reply| match reply {
                    RatelimitReply::Reset { deleted } => deleted,
                    _ => 0,
                });
                // The button's keys are gone, so its lanes start afresh.
                if deleted.is_ok()
                    && self
                        .view
                        .as_ref()
                        .is_some_and(|v| v.source == Source::Button)
                {
                    self.view = None;
                    self.selected = None;
                    self.phase = Phase::Idle;
                }
                self.reset = Some(deleted);
            }
            (Kind::Run | Kind::Hit | Kind::Servers, Ok(_)) => self.phase = Phase::Done,
        }
    }
}

reducible!(LabState, Action);

#[cfg(test)]
mod tests;
