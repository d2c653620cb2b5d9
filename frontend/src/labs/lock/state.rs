//! The lab's state as one reducer: the form, the run on screen and where it stands, the demo whose
//! explanation is shown, and the hovered and clicked elements. Every change is one [`Action`].
//!
//! Server messages reach it as [`Update`]s of the runs it sent: each event once, then the outcome.

use std::rc::Rc;

use shared::lock::{LockReply, LockRequest};
use shared::{ParamRange, RequestId};

use super::demos::Demo;
use super::form::{Form, Setting};
use super::pick::Picked;
use super::timeline::RunView;
use crate::ws::{Phase, Update};

/// Everything the lab page shows.
#[derive(Debug, Clone, Default, PartialEq)]
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
    /// The element under the pointer.
    pub hovered: Option<Picked>,
    /// The element clicked last.
    pub selected: Option<Picked>,
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
    /// What the lab's runs reported.
    Updates(Vec<Update<LockRequest>>),
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

    /// Applies one action; kept apart from `yew::Reducible` so tests call it on a plain value.
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
            Action::Updates(updates) => updates.into_iter().for_each(|u| self.update(u)),
            Action::Hover(picked) => self.hovered = picked,
            Action::Select(picked) => self.selected = picked,
        }
    }

    fn update(&mut self, update: Update<LockRequest>) {
        let Some(run) = self.run.as_mut().filter(|run| run.id == update.id) else {
            return;
        };
        if self.phase != Phase::Running {
            return;
        }
        if update.events().next().is_some() {
            let run = Rc::make_mut(run);
            update.events().for_each(|event| run.apply(event));
        }
        match update.outcome {
            None => {}
            Some(Ok(LockReply::Run(summary))) => {
                Rc::make_mut(run).finish(summary);
                self.phase = Phase::Done;
            }
            Some(outcome) => self.phase = Phase::ended(&outcome),
        }
    }
}

reducible!(LabState, Action);

#[cfg(test)]
mod tests;
