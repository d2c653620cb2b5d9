//! The lab's state as one reducer: the form, the requests still awaited, the guided demo's place, and
//! what each kind of request last answered. Every change is one [`Action`].
//!
//! Server messages reach it as [`Update`]s of the requests it sent (listed in [`CacheState::awaited`]):
//! each event once, then the outcome. It copies what it needs from them.

use shared::cache::{CacheEvent, CacheReply, CacheRequest, KeyTtl, Measured, Progress};
use shared::{ParamRange, RequestId};

use super::demo::{STEPS, Step};
use super::kind::{Kind, Phase};
use super::settings::{Setting, Settings};
use crate::ws::{Failure, Update};

/// A request whose answer the lab still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Awaited {
    /// Its id.
    pub id: RequestId,
    /// What it was.
    pub kind: Kind,
    /// Sent by the guided demo.
    pub demo: bool,
}

/// A measured pass as the chart shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pass {
    /// The backend's figures.
    pub measured: Measured,
    /// A cold pass had cached its misses before this warm one, so some hits are not the warm-up's.
    pub dirty: bool,
}

/// What a stampede cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StampedeFigures {
    /// Database fetches after the keys expired.
    pub db_hits: u32,
    /// Reads made.
    pub reads: u32,
    /// Milliseconds between the first and the last key found missing.
    pub expiry_spread_ms: u64,
    /// The TTLs were spread.
    pub jitter: bool,
}

/// Workers against one pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RaceFigures {
    /// The workers.
    pub workers: u32,
    /// Milliseconds the workers took.
    pub workers_ms: u64,
    /// Milliseconds the pipeline took.
    pub pipeline_ms: u64,
}

/// Where the guided demo stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoRun {
    /// Index in [`STEPS`] of the step sent (or to send) next.
    pub step: usize,
    /// That step was sent and is awaited.
    pub in_flight: bool,
}

/// The status line's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Nothing ran yet.
    Idle,
    /// Something runs.
    Running(Kind),
    /// The last action finished.
    Done(Kind),
    /// The last action failed.
    Failed(Failure),
}

/// Everything the lab page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CacheState {
    /// The form.
    pub settings: Settings,
    /// Requests whose answers are still needed.
    pub awaited: Vec<Awaited>,
    /// The guided demo, while it runs.
    pub demo: Option<DemoRun>,
    /// How the last action (not a strip reading) ended.
    pub last: Option<Result<Kind, Failure>>,
    /// Why the last button press was not sent.
    pub problem: Option<ParamRange>,
    /// The last warm-up's latest progress.
    pub progress: Option<Progress>,
    /// The last views: how many were recorded and the ten most viewed.
    pub top: Option<(u32, Vec<(u32, u32)>)>,
    /// The last cold pass.
    pub cold: Option<Pass>,
    /// The last warm pass after it.
    pub warm: Option<Pass>,
    /// The last stampede without the lock (`[0]`) and with it (`[1]`).
    pub stampede: [Option<StampedeFigures>; 2],
    /// The last workers-vs-pipeline comparison.
    pub race: Option<RaceFigures>,
    /// The heat strip's last readings.
    pub strip: Option<Vec<KeyTtl>>,
    /// Bumped whenever the strip should be read again; the page sends an `Inspect` on each change.
    pub strip_wanted: u32,
    /// Keys the last reset deleted.
    pub reset: Option<u64>,
    /// The next views are drawn from this seed, so each press adds different traffic.
    pub views_seed: u64,
    /// Products were written since the last reset, so the next pass is not cold.
    written: bool,
    /// A cold pass cached its misses since the last reset.
    cold_written: bool,
}

/// One change to [`CacheState`].
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The form changed.
    Set(Setting),
    /// A request went out.
    Sent {
        /// Its id.
        id: RequestId,
        /// What it was.
        kind: Kind,
        /// Sent by the guided demo.
        demo: bool,
    },
    /// The browser refused to send a request.
    Refused(ParamRange),
    /// What the lab's requests reported.
    Updates(Vec<Update<CacheRequest>>),
    /// The demo button was pressed.
    StartDemo,
    /// Stop was pressed: the demo sends no further step; the one in flight finishes.
    StopDemo,
    /// Time to read the strip again.
    RefreshStrip,
}

impl CacheState {
    /// What the next press of "measure" counts as.
    pub fn next_phase(&self) -> Phase {
        if self.written {
            Phase::Warm
        } else {
            Phase::Cold
        }
    }

    /// The demo's step to send now, if it waits for none.
    pub fn demo_due(&self) -> Option<Step> {
        self.demo
            .filter(|demo| !demo.in_flight)
            .and_then(|demo| STEPS.get(demo.step).copied())
    }

    /// Actions (not strip readings) in flight.
    pub fn running(&self) -> impl Iterator<Item = &Awaited> {
        self.awaited.iter().filter(|a| a.kind != Kind::Inspect)
    }

    /// The status line's state.
    pub fn status(&self) -> Status {
        if let Some(awaited) = self.running().last() {
            return Status::Running(awaited.kind);
        }
        if let Some(step) = self.demo.and_then(|demo| STEPS.get(demo.step)) {
            return Status::Running(step.kind());
        }
        match &self.last {
            None => Status::Idle,
            Some(Ok(kind)) => Status::Done(*kind),
            Some(Err(failure)) => Status::Failed(failure.clone()),
        }
    }

    /// Applies one action; kept apart from `yew::Reducible` so tests call it on a plain value.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Set(setting) => {
                self.settings.apply(setting);
                self.problem = None;
            }
            Action::Sent { id, kind, demo } => {
                self.problem = None;
                if kind == Kind::Warmup {
                    self.progress = None;
                }
                if kind == Kind::Views && !demo {
                    self.views_seed += 1;
                }
                if let Some(run) = self.demo.as_mut().filter(|_| demo) {
                    run.in_flight = true;
                }
                self.awaited.push(Awaited { id, kind, demo });
            }
            Action::Refused(range) => self.problem = Some(range),
            Action::Updates(updates) => updates.into_iter().for_each(|u| self.update(u)),
            Action::StartDemo => {
                self.problem = None;
                self.demo = Some(DemoRun {
                    step: 0,
                    in_flight: false,
                });
            }
            Action::StopDemo => self.demo = None,
            Action::RefreshStrip => self.strip_wanted += 1,
        }
    }

    fn update(&mut self, update: Update<CacheRequest>) {
        let Some(pos) = self.awaited.iter().position(|a| a.id == update.id) else {
            return;
        };
        if self.awaited[pos].kind == Kind::Warmup {
            for CacheEvent::Progress(progress) in update.events() {
                self.progress = Some(*progress);
            }
        }
        if let Some(answer) = update.outcome {
            let awaited = self.awaited.remove(pos);
            self.finish(awaited, answer);
        }
    }

    fn finish(&mut self, awaited: Awaited, answer: Result<CacheReply, Failure>) {
        if awaited.kind == Kind::Inspect {
            if let Ok(CacheReply::Inspect { keys }) = answer {
                self.strip = Some(keys);
            }
            return;
        }
        // Every action may have changed what Redis holds.
        self.strip_wanted += 1;
        match answer {
            Ok(reply) => {
                self.record(awaited.kind, reply);
                self.last = Some(Ok(awaited.kind));
                if awaited.demo {
                    self.demo = self
                        .demo
                        .map(|demo| DemoRun {
                            step: demo.step + 1,
                            in_flight: false,
                        })
                        .filter(|demo| demo.step < STEPS.len());
                }
            }
            Err(failure) => {
                self.last = Some(Err(failure));
                if awaited.demo {
                    self.demo = None;
                }
            }
        }
    }

    fn record(&mut self, kind: Kind, reply: CacheReply) {
        match (kind, reply) {
            (Kind::Views, CacheReply::Views { recorded, top }) => self.top = Some((recorded, top)),
            (Kind::Warmup, CacheReply::Warmup { progress, .. }) => {
                self.progress = Some(progress);
                self.written = true;
            }
            (Kind::Measure(phase), CacheReply::Measure(measured)) => {
                if phase == Phase::Cold {
                    self.cold = Some(Pass {
                        measured,
                        dirty: false,
                    });
                    // A new cold pass starts a new comparison.
                    self.warm = None;
                } else {
                    self.warm = Some(Pass {
                        measured,
                        dirty: self.cold_written,
                    });
                }
                // Cache-aside: the pass cached every product it missed.
                self.cold_written |= phase == Phase::Cold;
                self.written = true;
            }
            (
                Kind::Stampede { lock, jitter },
                CacheReply::Stampede {
                    db_hits,
                    reads,
                    expiry_spread_ms,
                },
            ) => {
                self.stampede[usize::from(lock)] = Some(StampedeFigures {
                    db_hits,
                    reads,
                    expiry_spread_ms,
                    jitter,
                });
                self.written = true;
            }
            (
                Kind::Race { workers },
                CacheReply::WorkersVsPipeline {
                    workers_ms,
                    pipeline_ms,
                },
            ) => {
                self.race = Some(RaceFigures {
                    workers,
                    workers_ms,
                    pipeline_ms,
                });
                self.written = true;
            }
            (Kind::Reset, CacheReply::Reset { deleted }) => {
                self.reset = Some(deleted);
                self.top = None;
                self.written = false;
                self.cold_written = false;
            }
            // A reply of another kind cannot answer this request; nothing to record.
            _ => {}
        }
    }
}

reducible!(CacheState, Action);

#[cfg(test)]
mod tests;
