//! The lab's state as one reducer: the form, the run on screen and where it stands, the demo whose
//! explanation is shown, and the hovered and clicked elements. Every change is one [`Action`].
//!
//! Server messages reach it as [`News`]: the events and outcome the connection stored for the run
//! the lab awaits. Each event is folded exactly once, however often an update is delivered.

use std::rc::Rc;

use shared::lock::{LockReply, LockRequest};
use shared::{ErrorBody, LabEvent, LabReply, ParamRange, RequestId};
use yew::Reducible;

use super::demos::Demo;
use super::form::{Form, Setting};
use super::pick::Picked;
use super::timeline::RunView;
use crate::ws::{News, Outcome};

/// Why a run did not end with a summary.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The backend's error: `cancelled` after Stop, `invalid_param`, Redis unavailable…
    Server(ErrorBody),
    /// The connection dropped before the answer.
    Lost,
    /// There was no connection, so nothing was sent.
    NotSent,
}

/// Where the lab stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Nothing run yet.
    Idle,
    /// Events streaming.
    Running,
    /// The summary came.
    Done,
    /// It ended (or never started) without a summary.
    Failed(Failure),
}

/// Everything the lab page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    /// The form.
    pub form: Form,
    /// The demo that started the run on screen.
    pub demo: Option<Demo>,
    /// The run on screen. Shared, so copying the state for each action copies a pointer.
    pub run: Option<Rc<RunView>>,
    /// Where it stands.
    pub phase: Phase,
    /// A field out of range that kept Start from sending, found by the same check the backend runs.
    pub refused: Option<ParamRange>,
    /// Events of the run already folded.
    pub events_seen: usize,
    /// The element under the pointer.
    pub hovered: Option<Picked>,
    /// The element clicked last.
    pub selected: Option<Picked>,
}

impl Default for LabState {
    fn default() -> Self {
        Self {
            form: Form::default(),
            demo: None,
            run: None,
            phase: Phase::Idle,
            refused: None,
            events_seen: 0,
            hovered: None,
            selected: None,
        }
    }
}

/// One change to [`LabState`].
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The form changed.
    Set(Setting),
    /// A run went out.
    Sent {
        /// Its id.
        id: RequestId,
        /// What was sent.
        request: LockRequest,
        /// The demo that sent it; its values are copied into the form.
        demo: Option<Demo>,
    },
    /// The browser refused to send.
    Refused(ParamRange),
    /// The page was opened with a share link of this run; the form takes its values.
    Opened(LockRequest),
    /// News from the connection.
    News(News),
    /// The pointer is over an element, or none.
    Hover(Option<Picked>),
    /// An element was clicked (or the selection cleared).
    Select(Option<Picked>),
}

impl LabState {
    /// The run in flight, if any.
    pub fn running(&self) -> Option<RequestId> {
        match (&self.phase, &self.run) {
            (Phase::Running, Some(run)) => Some(run.id),
            _ => None,
        }
    }

    /// The run in flight, if it was started in step mode: `Step` requests go to it.
    pub fn stepping(&self) -> Option<RequestId> {
        self.running()
            .filter(|_| self.run.as_ref().is_some_and(|run| run.params.step))
    }

    /// Applies one action; kept apart from [`Reducible`] so tests call it on a plain value.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Set(setting) => {
                self.form.apply(setting);
                self.refused = None;
            }
            Action::Sent { id, request, demo } => {
                let LockRequest::Run {
                    params,
                    faults,
                    speed,
                } = request
                else {
                    return;
                };
                if demo.is_some() {
                    self.form.adopt(params, faults);
                }
                self.demo = demo;
                // A slowed run really ran with the stretched values, and is drawn with them.
                let (params, faults) = (params.slowed(speed), faults.slowed(speed));
                self.run = Some(Rc::new(RunView::new(id, params, faults)));
                self.phase = Phase::Running;
                self.refused = None;
                self.events_seen = 0;
                self.hovered = None;
                self.selected = None;
            }
            Action::Refused(range) => self.refused = Some(range),
            Action::Opened(request) => {
                if let LockRequest::Run {
                    params,
                    faults,
                    speed,
                } = request
                {
                    self.form.adopt(params, faults);
                    self.form.speed = speed;
                }
            }
            Action::News(update) => self.update(update),
            Action::Hover(picked) => self.hovered = picked,
            Action::Select(picked) => self.selected = picked,
        }
    }

    fn update(&mut self, update: News) {
        let Some(run) = self.run.as_mut().filter(|run| run.id == update.id) else {
            return;
        };
        if self.phase != Phase::Running {
            return;
        }
        let fresh: Vec<_> = update
            .events
            .iter()
            .skip(self.events_seen.saturating_sub(update.from))
            .collect();
        if !fresh.is_empty() {
            let run = Rc::make_mut(run);
            for event in fresh {
                // Only this lab's events can carry this lab's run id.
                if let LabEvent::Lock(event) = &**event {
                    run.apply(event);
                }
            }
        }
        self.events_seen = self.events_seen.max(update.from + update.events.len());
        self.phase = match update.outcome {
            None | Some(Outcome::Pending) => Phase::Running,
            Some(Outcome::Replied(LabReply::Lock(LockReply::Run(summary)))) => {
                Rc::make_mut(run).finish(summary);
                Phase::Done
            }
            // Another lab's reply cannot answer this request; treat it as lost.
            Some(Outcome::Replied(_) | Outcome::Lost) => Phase::Failed(Failure::Lost),
            Some(Outcome::Failed(error)) => Phase::Failed(Failure::Server(error)),
            Some(Outcome::NotSent) => Phase::Failed(Failure::NotSent),
        };
    }
}

impl Reducible for LabState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
