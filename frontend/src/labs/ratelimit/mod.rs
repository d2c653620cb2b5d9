//! The `ratelimit` lab: the course's fixed and sliding windows, the sliding log fixed in Lua, a sliding
//! counter and a token bucket, deciding the same traffic side by side against the real Redis, live on
//! the wall clock or replayed on virtual time.
//!
//! Data flows one way: a button builds a `RatelimitRequest` from [`settings`] and sends it; the
//! connection stores the events and reply; [`updates`] hands them to the [`state`] reducer, which folds
//! them into a [`run`]; [`plot`] draws it.
//!
//! - [`state`]: the reducer; [`settings`]: the form; [`run`]: the decisions as lanes of marks.
//! - [`layout`]: pure geometry: axis, bands, mark placement, SVG paths, hit-testing.
//! - [`plot`], [`lane`], [`bracket`]: the lanes, one lane, the sliding bracket over them.
//! - [`controls`], [`traffic`], [`demos`]: settings, traffic sources and actions, guided demos.
//! - [`status`], [`mark_detail`], [`button_keys`], [`code`]: run state, the selected mark's commands,
//!   peek and reset results, the course's code and its commands.
//! - [`trace_file`]: export and import of a run's arrivals (the only JSON outside `ws`).
//! - [`updates`], [`shortcut`]: hooks feeding the reducer and the `S`/Space key.

mod bracket;
mod button_keys;
mod code;
mod controls;
mod demos;
mod lane;
mod layout;
mod mark_detail;
mod plot;
mod run;
mod settings;
mod shortcut;
mod state;
mod status;
mod trace_file;
mod traffic;
mod updates;

use gloo::file::{Blob, ObjectUrl};
use gloo::timers::callback::Timeout;
use shared::ratelimit::stats::LaneStats;
use shared::ratelimit::{Algorithm, Mode, RatelimitRequest, Traffic as RunTraffic};
use shared::{LabRequest, ParamRange};
use web_sys::HtmlElement;
use web_sys::wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{LangHandle, Text, fill, param_range, use_lang};
use crate::ws::{WsHandle, use_ws};
use button_keys::ButtonKeys;
use code::CodeView;
use controls::Controls;
use demos::{Demo, DemoBar};
use layout::Zoom;
use mark_detail::MarkDetail;
use plot::Plot;
use run::{RunView, Source};
use state::{Action, LabState, MarkRef, Problem};
use status::{Progress, RunStatus};
use trace_file::{FILE_NAME, TraceFile, TraceFileError};
use traffic::{Command, Traffic};

/// How long a saved file's object URL is kept before it is revoked; the download has started by then.
const DOWNLOAD_URL_MS: u32 = 10_000;

/// The catalogue name of an algorithm, as every part of the lab shows it.
fn algorithm_name(algorithm: Algorithm) -> Text {
    match algorithm {
        Algorithm::FixedWindow => Text::RlAlgoFixed,
        Algorithm::SlidingLogCourse => Text::RlAlgoCourse,
        Algorithm::SlidingLogLua => Text::RlAlgoLua,
        Algorithm::SlidingCounter => Text::RlAlgoCounter,
        Algorithm::TokenBucket => Text::RlAlgoBucket,
    }
}

/// The lab page.
#[component]
pub fn RateLimit() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let state = use_reducer(LabState::default);
    updates::use_updates(&ws, &state);
    // The page re-renders on every server message. Callbacks made afresh each time would re-render
    // the demo bar and both panels and re-attach all their listeners, so these are made once and call
    // the latest `Lab` (whose connection handle is the current one).
    let latest = use_mut_ref(|| Lab {
        ws: ws.clone(),
        state: state.clone(),
    });
    *latest.borrow_mut() = Lab {
        ws: ws.clone(),
        state: state.clone(),
    };
    let on_command = {
        let latest = latest.clone();
        use_callback((), move |command, ()| {
            let lab = latest.borrow().clone();
            lab.command(command);
        })
    };
    let on_demo = use_callback((), move |demo: Demo, ()| {
        let lab = latest.borrow().clone();
        lab.send(Ok(demo.setup().request()), Some(demo));
    });
    shortcut::use_send_key(on_command.reform(|()| Command::Send));

    let dispatcher = state.dispatcher();
    let on_setting = use_callback(dispatcher.clone(), |setting, dispatcher| {
        dispatcher.dispatch(Action::Set(setting));
    });
    let on_select = use_callback(dispatcher.clone(), |mark, dispatcher| {
        dispatcher.dispatch(Action::Select(Some(mark)));
    });
    let on_code = use_callback(dispatcher.clone(), |algorithm, dispatcher| {
        dispatcher.dispatch(Action::ShowCode(algorithm));
    });
    let on_zoom = use_callback(dispatcher, |zoom, dispatcher| {
        dispatcher.dispatch(Action::Zoom(zoom));
    });

    let invalid = match &state.problem {
        Some(Problem::Range(range)) => Some(AttrValue::from(range.field.clone())),
        _ => None,
    };
    let view = state.view.as_ref();
    let progress = view.map_or(
        Progress {
            button: false,
            live: false,
            origin_us: None,
            received: 0,
            expected: 0,
        },
        |view| Progress {
            button: view.source == Source::Button,
            live: matches!(
                view.source,
                Source::Run {
                    mode: Mode::Live,
                    ..
                }
            ),
            origin_us: view.origin_us,
            received: view.received,
            expected: view.expected(),
        },
    );

    html! {
        <article class="page lab rl" data-testid="lab-ratelimit">
            <header class="page__header">
                <h1>{ lang.t(Text::RateLimitTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(Text::RlIntro) }</p>
            <DemoBar active={state.demo} {on_demo} />
            <div class="rl-panels">
                <Controls settings={state.settings.clone()} invalid={invalid.clone()} on_setting={on_setting.clone()} />
                <Traffic
                    settings={state.settings.clone()}
                    {invalid}
                    running={state.running_run().is_some()}
                    can_export={view.is_some_and(|v| !v.arrivals.is_empty())}
                    imported={state.imported.as_ref().map(|file| file.arrivals.len())}
                    {on_setting}
                    {on_command}
                />
            </div>
            if let Some(problem) = &state.problem {
                <p class="error-box" data-testid="rl-error" role="alert">{ problem_sentence(&lang, problem) }</p>
            }
            <RunStatus phase={state.phase.clone()} {progress} />
            if let Some(demo) = state.demo {
                <section class="rl-explain" data-testid="rl-demo-explanation">
                    <h2 class="panel-title">{ lang.t(demo.title()) }</h2>
                    <p>{ lang.t(demo.explanation()) }</p>
                </section>
            }
            <div class="rl-stage">
                <div class="rl-stage__main">
                    { plot_view(&lang, &state, view, Callbacks { on_select, on_code: on_code.clone(), on_zoom }) }
                    { detail_view(&lang, &state, view) }
                    <ButtonKeys peeks={state.peeks.clone()} reset={state.reset.clone()} />
                </div>
                <CodeView algorithm={state.code} on_select={on_code} />
            </div>
        </article>
    }
}

/// The plot's callbacks, made once per page so the lanes' props stay equal between renders.
struct Callbacks {
    on_select: Callback<MarkRef>,
    on_code: Callback<Algorithm>,
    on_zoom: Callback<Zoom>,
}

/// The lanes of the shown algorithms, or a hint before anything ran.
fn plot_view(
    lang: &LangHandle,
    state: &LabState,
    view: Option<&RunView>,
    callbacks: Callbacks,
) -> Html {
    let Some((view, (axis, zoom))) = view.and_then(|v| v.axis(state.zoom).map(|axis| (v, axis)))
    else {
        return html! { <p class="rl-empty">{ lang.t(Text::RlEmpty) }</p> };
    };
    let Callbacks {
        on_select,
        on_code,
        on_zoom,
    } = callbacks;
    // Unticking a lane hides it at once; the next request leaves it out.
    let lanes: Vec<_> = view
        .lanes
        .iter()
        .filter(|lane| state.settings.lanes.contains(&lane.algorithm))
        .cloned()
        .collect();
    let stats: Vec<LaneStats> = lanes.iter().map(|lane| view.stats(lane)).collect();
    html! {
        <Plot {lanes} {stats} {axis} {zoom} {on_zoom} limits={view.limits} selected={state.selected} {on_select} {on_code} />
    }
}

/// The selected mark's commands, or how to select one.
fn detail_view(lang: &LangHandle, state: &LabState, view: Option<&RunView>) -> Html {
    let found = view.zip(state.selected).and_then(|(view, mark)| {
        let (request, decision) = view.decision(mark.algorithm, mark.index)?;
        Some((
            request,
            decision.clone(),
            view.origin_us.unwrap_or_default(),
        ))
    });
    match found {
        Some((request, decision, origin_us)) => {
            html! { <MarkDetail {decision} {request} {origin_us} /> }
        }
        None if view.is_some() => {
            html! { <p class="hint rl-detail-hint">{ lang.t(Text::RlDetailHint) }</p> }
        }
        None => Html::default(),
    }
}

fn problem_sentence(lang: &LangHandle, problem: &Problem) -> String {
    match problem {
        Problem::Range(range) if range.field == "algorithms" => lang.t(Text::RlNoLanes).to_owned(),
        Problem::Range(range) => param_range(lang.lang, range),
        Problem::Import(TraceFileError::BadField(field)) => {
            fill(lang.t(Text::RlImportBadField), &[field])
        }
        Problem::Import(error) => lang.t(error.text()).to_owned(),
    }
}

/// What the page's buttons need: the connection to send on, and the reducer to record what was sent.
#[derive(Clone)]
struct Lab {
    ws: WsHandle,
    state: UseReducerHandle<LabState>,
}

impl Lab {
    /// Sends a checked request, stopping the run in flight first when this one replaces it.
    fn send(&self, request: Result<RatelimitRequest, ParamRange>, demo: Option<Demo>) {
        let request = match request {
            Ok(request) => request,
            Err(range) => return self.state.dispatch(Action::Refused(Problem::Range(range))),
        };
        let replaces = matches!(
            request,
            RatelimitRequest::Run { .. } | RatelimitRequest::Hit { .. }
        );
        if let Some(id) = self.state.running_run().filter(|_| replaces) {
            self.ws.cancel(id);
        }
        let id = self.ws.send(LabRequest::Ratelimit(request.clone()));
        let run = matches!(request, RatelimitRequest::Run { .. });
        self.state.dispatch(Action::Sent { id, request, demo });
        if run {
            reveal_status();
        }
    }

    fn command(&self, command: Command) {
        let settings = self.state.settings.clone();
        match command {
            Command::Send => self.send(settings.hit(), None),
            Command::Run => {
                let request = settings
                    .pattern()
                    .and_then(|pattern| settings.run(RunTraffic::Pattern { pattern }));
                self.send(request, None);
            }
            Command::Stop => {
                if let Some(id) = self.state.running_run() {
                    self.ws.cancel(id);
                }
            }
            Command::Peek => self.send(settings.peek(), None),
            Command::Reset => self.send(Ok(RatelimitRequest::Reset), None),
            Command::Export => {
                if let Some(file) = self.state.view.as_ref().map(export) {
                    save(FILE_NAME, &file.encode());
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

    /// Adopts a loaded file's settings and runs its arrivals.
    fn imported(&self, file: Result<TraceFile, TraceFileError>) {
        match file {
            Ok(file) => {
                let request = RatelimitRequest::Run {
                    algorithms: file.algorithms.clone(),
                    limits: file.limits,
                    mode: file.mode,
                    traffic: file.traffic(),
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

/// Scrolls the status line (with the explanation and lanes under it) to the top of the view when it is
/// out of sight, so a run started from the controls or a demo is watched from its first decision.
fn reveal_status() {
    let Some(status) = gloo::utils::document().get_element_by_id("rl-status") else {
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

/// Offers `text` as a download named `name`.
fn save(name: &str, text: &str) {
    let url = ObjectUrl::from(Blob::new_with_options(text, Some("application/json")));
    let link = gloo::utils::document()
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    if let Some(link) = link {
        // Attributes of a detached <a> cannot fail to be set.
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", name);
        link.click();
    }
    // Revoking the URL at once could cancel the download before the browser read it.
    Timeout::new(DOWNLOAD_URL_MS, move || drop(url)).forget();
}
