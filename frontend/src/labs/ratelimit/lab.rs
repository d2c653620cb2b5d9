//! What the page's buttons do: build a checked request from the form and send it (stopping the run it
//! replaces), stop, export the run's arrivals as a file and import one, and bring the run into view.

use gloo::file::Blob;
use shared::ratelimit::{Mode, RatelimitRequest, Traffic};
use shared::share::ShareError;
use shared::speed::Speed;
use shared::{LabRequest, ParamRange};
use yew::prelude::*;

use super::demos::Demo;
use super::run::{RunView, Source};
use super::state::{Action, LabState, Problem};
use super::trace_file::{FILE_NAME, TraceFile, TraceFileError};
use super::traffic::Command;
use crate::components::download::save;
use crate::components::reveal::reveal;
use crate::ws::LabHandle;

/// What the page's buttons need: the lab's requests, and the reducer to record what was sent.
#[derive(Clone)]
pub struct Lab {
    /// Where the lab's requests go.
    pub requests: LabHandle<RatelimitRequest>,
    /// The lab's reducer.
    pub state: UseReducerHandle<LabState>,
}

impl Lab {
    /// Sends a checked request, stopping the run in flight first when this one replaces it.
    pub fn send(&self, request: Result<RatelimitRequest, ParamRange>, demo: Option<Demo>) {
        let request = match request {
            Ok(request) => request,
            Err(range) => return self.state.dispatch(Action::Refused(Problem::Range(range))),
        };
        let replaces = matches!(
            request,
            RatelimitRequest::Run { .. }
                | RatelimitRequest::Hit { .. }
                | RatelimitRequest::Servers { .. }
        );
        if let Some(id) = self.state.running_run().filter(|_| replaces) {
            self.requests.cancel(id);
        }
        let id = self.requests.send(request.clone());
        let run = matches!(
            request,
            RatelimitRequest::Run { .. } | RatelimitRequest::Servers { .. }
        );
        self.state.dispatch(Action::Sent { id, request, demo });
        if run {
            reveal("ratelimit-status");
        }
    }

    /// Carries out one button of the traffic panel.
    pub fn command(&self, command: Command) {
        let settings = self.state.settings.clone();
        match command {
            Command::Send => self.send(settings.hit(), None),
            Command::Run => {
                let request = settings
                    .pattern()
                    .and_then(|pattern| settings.run(Traffic::Pattern { pattern }));
                self.send(request, None);
            }
            Command::Servers => self.send(settings.servers(), None),
            Command::Stop => {
                if let Some(id) = self.state.running_run() {
                    self.requests.cancel(id);
                }
            }
            Command::Peek => self.send(settings.peek(), None),
            Command::Reset => self.send(Ok(RatelimitRequest::Reset), None),
            Command::Export => {
                if let Some(file) = self.state.view.as_ref().map(export) {
                    save(FILE_NAME, "application/json", &file.encode());
                }
            }
            Command::Import(file) => {
                let lab = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let text = gloo::file::futures::read_as_text(&Blob::from(file)).await;
                    lab.imported(text.map_or(Err(TraceFileError::NotJson), |text| {
                        TraceFile::decode(&text)
                    }));
                });
            }
            Command::ReplayFile => {
                if let Some(file) = &self.state.imported {
                    self.send(settings.run(file.traffic()), None);
                }
            }
        }
    }

    /// Opens the page's share link: takes its settings and sends its run. A link of another lab is
    /// left alone; a damaged one is reported.
    pub fn open(&self, link: Result<LabRequest, ShareError>) {
        match link {
            Ok(LabRequest::Ratelimit(
                request @ (RatelimitRequest::Run { .. } | RatelimitRequest::Servers { .. }),
            )) => {
                self.state.dispatch(Action::Opened(request.clone()));
                self.send(request.validate().map(|()| request), None);
            }
            Ok(_) => {}
            Err(_) => self.state.dispatch(Action::Refused(Problem::BrokenLink)),
        }
    }

    /// Adopts a loaded file's settings and runs its arrivals.
    fn imported(&self, file: Result<TraceFile, TraceFileError>) {
        match file {
            Ok(file) => {
                let request = RatelimitRequest::Run {
                    algorithms: file.algorithms.clone(),
                    limits: file.limits,
                    mode: file.mode,
                    traffic: file.traffic(),
                    speed: Speed::Normal,
                };
                self.state.dispatch(Action::Imported(file));
                self.send(request.validate().map(|()| request), None);
            }
            Err(error) => self.state.dispatch(Action::Refused(Problem::Import(error))),
        }
    }
}

/// The view's traffic as a file. The button's presses are live by nature.
fn export(view: &RunView) -> TraceFile {
    TraceFile {
        algorithms: view.algorithms.clone(),
        limits: view.limits,
        mode: match view.source {
            Source::Run { mode, .. } => mode,
            Source::Button => Mode::Live,
        },
        arrivals: view.arrivals.to_vec(),
    }
}
