//! The lab's state as one reducer: the configuration and the hub running it, the publish form, the
//! requests still awaited, the demo script and where it stands, the slow-subscriber figures, and what
//! the pointer is on. Every change is one [`Action`].
//!
//! Server messages arrive as [`Update`]s of the hub and the awaited requests: each event once, then
//! the outcome.

use std::collections::VecDeque;
use std::rc::Rc;

use shared::RequestId;
use shared::pubsub::{Delivery, PubsubEvent, PubsubRequest, Subscription};

use super::book::Book;
use super::config::Config;
use super::demos::{Demo, Step};
use super::draft::{Draft, Field};
use super::requests::{Kind, Problem, Sent, ShardedRun, SlowRun, sharded_result, slow_result};
use crate::ws::Update;

/// The running hub, as far as its events tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Hub {
    /// The `Start` request's id, which steering requests name.
    pub id: RequestId,
    /// What each subscriber listens to; index 0 is the browser.
    pub subscriptions: Rc<Vec<Subscription>>,
    /// Whether Streams are on.
    pub streams: bool,
    /// The fold; replaced on every change, so components compare it by identity.
    pub book: Rc<Book>,
    /// Set when it ended: stopped, failed or lost.
    pub ended: bool,
}

/// Where the hub stands, as `data-state` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Sent, or waiting for the connection; not every subscriber is subscribed yet.
    Starting,
    /// Every subscriber is subscribed.
    Running,
    /// It ended.
    Error,
}

impl Phase {
    /// The `data-state` value.
    pub fn id(self) -> &'static str {
        match self {
            Self::Starting => "starting",
            Self::Running => "running",
            Self::Error => "error",
        }
    }
}

/// What the demo script waits for before its next step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Wait {
    /// Nothing: the next step may start.
    #[default]
    Ready,
    /// A fresh hub to be running.
    Hub,
    /// The answer to this request.
    Reply(RequestId),
    /// A pause to end.
    Timer,
}

/// What the pointer is on, for its trace lines.
#[derive(Debug, Clone, PartialEq)]
pub enum Hovered {
    /// A message in an inbox.
    Delivery(Rc<Delivery>),
    /// A publish, by the hub's number.
    Publish(u64),
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    /// The configuration the hub runs.
    pub config: Config,
    /// Bumped to start a fresh hub with the same configuration.
    pub epoch: u32,
    /// The current hub, once its `Start` was sent.
    pub hub: Option<Hub>,
    /// The publish form.
    pub draft: Draft,
    /// The virtual subscriber whose inbox is shown beside the browser's.
    pub selected: u32,
    /// What the pointer is on.
    pub hovered: Option<Hovered>,
    /// The demo last chosen.
    pub demo: Option<Demo>,
    /// Its remaining steps.
    pub script: VecDeque<Step>,
    /// What the current step waits for.
    pub wait: Wait,
    /// Counts started steps, so one step is never started twice.
    pub serial: u64,
    /// Steering requests whose answers are awaited.
    pub awaited: Vec<Sent>,
    /// The last slow-subscriber run.
    pub slow: Option<SlowRun>,
    /// The last run of the sharded lesson.
    pub sharded: Option<ShardedRun>,
    /// What went wrong last.
    pub problem: Option<Problem>,
}

impl Default for LabState {
    /// The page's opening state: the default configuration, the first virtual subscriber's inbox.
    fn default() -> Self {
        Self {
            config: Config::default(),
            epoch: 0,
            hub: None,
            draft: Draft::default(),
            selected: 1,
            hovered: None,
            demo: None,
            script: VecDeque::new(),
            wait: Wait::Ready,
            serial: 0,
            awaited: Vec::new(),
            slow: None,
            sharded: None,
            problem: None,
        }
    }
}

/// One change to [`LabState`].
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Run `config` on a fresh hub; `demo` tells a script's step from the user's own change, which
    /// ends the demo.
    Configure {
        /// The configuration.
        config: Config,
        /// Whether a demo's script asked.
        demo: bool,
    },
    /// The same configuration on a fresh hub.
    Restart,
    /// The page sent `Start` for the current configuration.
    HubStarted {
        /// Its id.
        id: RequestId,
        /// What it subscribes.
        subscriptions: Vec<Subscription>,
        /// Whether Streams are on.
        streams: bool,
    },
    /// What the connection received, folded at `now_ms`.
    Updates {
        /// One per watched request with something new.
        updates: Vec<Update<PubsubRequest>>,
        /// `Date.now()`, for the animation.
        now_ms: f64,
    },
    /// The user sent a steering request.
    Sent(Sent),
    /// Something was refused before sending.
    Refused(Problem),
    /// An edit of the publish form.
    Edit(Field),
    /// Show this subscriber's inbox.
    Select(u32),
    /// The pointer moved onto (or off) something with trace lines.
    Hover(Option<Hovered>),
    /// Start a demo's script.
    Demo(Demo),
    /// The script's next step started; it now waits for `wait`.
    Began {
        /// What it waits for.
        wait: Wait,
        /// The request it sent, if any.
        sent: Option<Sent>,
    },
    /// The pause started at this serial is over.
    Waited(u64),
    /// Hide the problem.
    Dismiss,
}

impl LabState {
    /// Where the hub stands.
    pub fn phase(&self) -> Phase {
        match &self.hub {
            Some(hub) if hub.ended => Phase::Error,
            Some(hub) if hub.book.running() => Phase::Running,
            _ => Phase::Starting,
        }
    }

    /// The `seq`s of the trace lines behind what the pointer is on: a message's `PUBLISH` (while
    /// remembered) and its receipt, or a publish's `PUBLISH`.
    pub fn hovered_seqs(&self) -> Vec<u64> {
        let Some(hub) = &self.hub else {
            return Vec::new();
        };
        let publish_line = |n: u64| hub.book.publish(n).map(|p| p.trace);
        match &self.hovered {
            Some(Hovered::Delivery(d)) => d
                .publish
                .and_then(publish_line)
                .into_iter()
                .chain([d.trace])
                .collect(),
            Some(Hovered::Publish(n)) => publish_line(*n).into_iter().collect(),
            None => Vec::new(),
        }
    }

    /// Whether a demo's script is still going.
    pub fn scripted(&self) -> bool {
        !self.script.is_empty() || self.wait != Wait::Ready
    }

    /// Applies one action; kept apart from `yew::Reducible` so tests call it on a plain value.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Configure { config, demo } => {
                if !demo {
                    self.demo = None;
                    self.abort();
                }
                self.config = config;
                self.restart();
            }
            Action::Restart => self.restart(),
            Action::HubStarted {
                id,
                subscriptions,
                streams,
            } => {
                self.hub = Some(Hub {
                    id,
                    book: Rc::new(Book::new(subscriptions.len())),
                    subscriptions: Rc::new(subscriptions),
                    streams,
                    ended: false,
                });
            }
            Action::Updates { updates, now_ms } => {
                updates.iter().for_each(|u| self.update(u, now_ms));
                self.settle_hub_wait();
            }
            Action::Sent(sent) => self.record(sent),
            Action::Refused(problem) => {
                self.problem = Some(problem);
                self.abort();
            }
            Action::Edit(field) => self.draft.set(field),
            Action::Select(subscriber) => self.selected = subscriber,
            Action::Hover(hovered) => self.hovered = hovered,
            Action::Demo(demo) => {
                self.demo = Some(demo);
                self.script = demo.steps().into();
                self.wait = Wait::Ready;
                self.serial += 1;
                self.problem = None;
                if let Some(watched) = demo.watched() {
                    self.selected = watched;
                }
            }
            Action::Began { wait, sent } => {
                self.script.pop_front();
                self.serial += 1;
                self.wait = wait;
                if let Some(sent) = sent {
                    self.record(sent);
                }
                self.settle_hub_wait();
            }
            Action::Waited(serial) => {
                if self.wait == Wait::Timer && self.serial == serial {
                    self.wait = Wait::Ready;
                }
            }
            Action::Dismiss => self.problem = None,
        }
    }

    fn restart(&mut self) {
        self.epoch += 1;
        self.hub = None;
        self.hovered = None;
    }

    fn abort(&mut self) {
        self.script.clear();
        self.wait = Wait::Ready;
    }

    fn record(&mut self, sent: Sent) {
        self.awaited.push(sent);
        match sent.kind {
            Kind::Slow => {
                self.slow = Some(SlowRun {
                    id: sent.id,
                    result: None,
                });
            }
            Kind::Sharded => {
                self.sharded = Some(ShardedRun {
                    id: sent.id,
                    result: None,
                });
            }
            Kind::Publish | Kind::Disconnect | Kind::Reconnect => {}
        }
    }

    fn update(&mut self, update: &Update<PubsubRequest>, now_ms: f64) {
        if let Some(hub) = self.hub.as_mut().filter(|hub| hub.id == update.id) {
            let events: Vec<&PubsubEvent> = update.events().collect();
            if !events.is_empty() {
                Rc::make_mut(&mut hub.book).fold(events, now_ms);
            }
            hub.ended |= update.outcome.is_some();
            return;
        }
        let Some(at) = self.awaited.iter().position(|s| s.id == update.id) else {
            return;
        };
        let Some(outcome) = &update.outcome else {
            return;
        };
        let sent = self.awaited.remove(at);
        if let Some(slow) = self.slow.as_mut().filter(|s| s.id == sent.id) {
            slow.result = Some(slow_result(outcome));
        }
        if let Some(sharded) = self.sharded.as_mut().filter(|s| s.id == sent.id) {
            sharded.result = Some(sharded_result(outcome));
        }
        match outcome {
            Ok(_) if self.wait == Wait::Reply(sent.id) => self.wait = Wait::Ready,
            Ok(_) => {}
            Err(failure) => {
                self.problem = Some(Problem::Failed(failure.clone()));
                if self.wait == Wait::Reply(sent.id) {
                    self.abort();
                }
            }
        }
    }

    /// Ends a wait for the hub once it runs, and the script if it failed instead.
    fn settle_hub_wait(&mut self) {
        if self.wait != Wait::Hub {
            return;
        }
        match self.phase() {
            Phase::Running => self.wait = Wait::Ready,
            Phase::Error => self.abort(),
            Phase::Starting => {}
        }
    }
}

reducible!(LabState, Action);

#[cfg(test)]
mod tests;
