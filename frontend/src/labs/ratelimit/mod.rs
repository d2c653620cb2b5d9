//! The `ratelimit` lab: the course's fixed and sliding windows, the sliding log fixed in Lua, a sliding
//! counter, a token bucket, a leaky bucket and GCRA, deciding the same traffic side by side against the
//! real Redis, live on the wall clock or replayed on virtual time; and the many-servers lesson, where
//! servers limiting in their own memory let N × the limit through and a limiter shared in Redis holds.
//!
//! Data flows one way: a button builds a `RatelimitRequest` from [`settings`] and sends it through the
//! lab's `use_lab`, which hands its events and reply to the [`state`] reducer; the reducer folds them
//! into a [`run`]; [`plot`] draws it.
//!
//! - [`state`]: the reducer; [`settings`], [`generator`]: the form; [`run`]: the decisions as lanes
//!   of marks.
//! - [`axis`], [`marks`]: pure geometry: zoom, bands and ticks; mark placement, SVG paths, hit-testing.
//! - [`plot`], [`lane`], [`bracket`]: the lanes, one lane, the sliding bracket over them.
//! - [`controls`], [`traffic`], [`demos`]: settings, traffic sources and actions, guided demos.
//! - [`status`], [`mark_detail`], [`button_keys`], [`code`]: run state, the selected mark's commands,
//!   peek and reset results, the course's code and its commands.
//! - [`fleet`], [`servers`]: the many-servers lesson's decisions and figures, and their drawing;
//!   [`storm`]: a retry storm's refused share per lane.
//! - [`lab`]: what the buttons do (send, stop, export, import), and opening a share link.
//! - [`trace_file`]: export and import of a run's arrivals (the only JSON outside `ws`).
//! - [`shortcut`]: the `S`/Space key.

mod axis;
mod bracket;
mod button_keys;
mod code;
mod controls;
mod demos;
mod fleet;
mod generator;
mod lab;
mod lane;
mod mark_detail;
mod marks;
mod plot;
mod run;
mod servers;
mod settings;
mod shortcut;
mod state;
mod status;
mod storm;
mod trace_file;
mod traffic;

use shared::ratelimit::stats::LaneStats;
use shared::ratelimit::{Algorithm, RatelimitRequest};
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::components::demo_buttons::{DemoBar, GuidedDemo};
use crate::components::{ExportSvg, ShareLink, share_link};
use crate::i18n::exercise::ExerciseText;
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::{LangHandle, Text, fill, param_range, use_lang};
use crate::route::Route;
use crate::ws::{Status, use_lab, use_ws};
use axis::Zoom;
use button_keys::ButtonKeys;
use code::CodeView;
use controls::Controls;
use demos::Demo;
use lab::Lab;
use mark_detail::MarkDetail;
use plot::Plot;
use run::RunView;
use servers::Servers;
use state::{Action, LabState, MarkRef, Problem};
use status::{Progress, RunStatus};
use storm::StormTable;
use trace_file::TraceFileError;
use traffic::{Command, Traffic};

/// Shortest time between two updates of the lanes while a run streams: a replay sends an event every
/// few milliseconds, and redrawing the lanes for each would spend the browser's time on frames nobody
/// sees. Final outcomes go through at once.
const UPDATE_EVERY_MS: u32 = 250;

/// The lab page.
#[component]
pub fn RateLimit() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let state = use_reducer(LabState::default);
    let requests = use_lab::<RatelimitRequest>(
        UPDATE_EVERY_MS,
        state.dispatcher().to_callback().reform(Action::Updates),
    );
    let lab = Lab {
        requests,
        state: state.clone(),
    };
    // Made once, so the demo bar's and the panels' props stay equal while a run streams: the requests'
    // handle never changes, and the reducer's handle reads its newest state.
    let on_command = {
        let lab = lab.clone();
        use_callback((), move |command, ()| lab.command(command))
    };
    let on_demo = {
        let lab = lab.clone();
        use_callback((), move |demo: Demo, ()| {
            lab.send(Ok(demo.request()), Some(demo));
        })
    };
    // A share link's run is sent once the socket is up.
    {
        let link = use_mut_ref(share_link::opened);
        use_effect_with(ws.status() == Status::Connected, move |&connected| {
            if let Some(link) = link.borrow_mut().take_if(|_| connected) {
                lab.open(link);
            }
        });
    }
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
    let progress = match state.fleet_in_front() {
        Some(fleet) => Progress::of_fleet(fleet),
        None => Progress::of(view),
    };

    html! {
        <article class="page lab ratelimit" data-testid="lab-ratelimit">
            <header class="page__header">
                <h1>{ lang.t(Text::RateLimitTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(RatelimitText::Intro) }</p>
            <p class="exercise-link">
                <Link<Route> to={Route::ExerciseRatelimit}>{ lang.t(ExerciseText::TryIt) }</Link<Route>>
            </p>
            <DemoBar<Demo> active={state.demo} {on_demo} />
            <div class="ratelimit-panels">
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
                <p class="error-box" data-testid="ratelimit-error" role="alert">{ problem_sentence(&lang, problem) }</p>
            }
            <RunStatus phase={state.phase.clone()} {progress} />
            if let Some(demo) = state.demo {
                <section class="explain ratelimit-explain" data-testid="ratelimit-demo-explanation">
                    <h2 class="panel-title">{ lang.t(demo.title()) }</h2>
                    <p>{ lang.t(demo.explanation()) }</p>
                </section>
            }
            <div class="lab-tools">
                <ShareLink request={share_request(&state)} path="/ratelimit" />
                <ExportSvg target=".ratelimit-plot" name="ratelimit.svg" />
            </div>
            <div class="ratelimit-stage">
                <div class="ratelimit-stage__main">
                    { plot_view(&lang, &state, view, Callbacks { on_select, on_code: on_code.clone(), on_zoom }) }
                    { detail_view(&lang, &state, view) }
                    <ButtonKeys peeks={state.peeks.clone()} reset={state.reset.clone()} />
                </div>
                <CodeView algorithm={state.code} on_select={on_code} />
            </div>
            <section class="explain ratelimit-explain" data-testid="ratelimit-servers-lesson" aria-labelledby="ratelimit-servers-title">
                <h2 id="ratelimit-servers-title" class="panel-title">{ lang.t(RatelimitText::ServersTitle) }</h2>
                <p>{ lang.t(RatelimitText::ServersIntro) }</p>
                if let Some(fleet) = &state.fleet {
                    <Servers fleet={fleet.clone()} />
                    <div class="lab-tools">
                        <ExportSvg target=".rl-servers-plot" name="ratelimit-servers.svg" />
                    </div>
                }
            </section>
        </article>
    }
}

/// What "copy link" shares: the last run sent, or else the run the form describes.
fn share_request(state: &LabState) -> Option<shared::LabRequest> {
    let settings = &state.settings;
    let request = state.last_run.clone().or_else(|| {
        let pattern = settings.pattern().ok()?;
        settings
            .run(shared::ratelimit::Traffic::Pattern { pattern })
            .ok()
    })?;
    Some(shared::Lab::wrap(request))
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
        return html! { <p class="ratelimit-empty">{ lang.t(RatelimitText::Empty) }</p> };
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
        <>
            <Plot lanes={lanes.clone()} {stats} {axis} {zoom} {on_zoom} limits={view.limits} selected={state.selected.as_ref().map(|s| s.mark)} {on_select} {on_code} />
            <StormTable {lanes} />
        </>
    }
}

/// The selected mark's commands, or how to select one.
fn detail_view(lang: &LangHandle, state: &LabState, view: Option<&RunView>) -> Html {
    match (view, &state.selected) {
        (Some(view), Some(selected)) => html! {
            <MarkDetail
                decision={selected.decision.clone()}
                request={selected.request}
                origin_us={view.origin_us.unwrap_or_default()}
            />
        },
        (Some(_), None) => {
            html! { <p class="hint ratelimit-detail-hint">{ lang.t(RatelimitText::DetailHint) }</p> }
        }
        (None, _) => Html::default(),
    }
}

fn problem_sentence(lang: &LangHandle, problem: &Problem) -> String {
    match problem {
        Problem::Range(range) if range.field == "algorithms" => {
            lang.t(RatelimitText::NoLanes).to_owned()
        }
        Problem::Range(range) if range.field == "retry" => {
            lang.t(RatelimitText::RetryReplayOnly).to_owned()
        }
        Problem::Range(range) => param_range(lang.lang, range),
        Problem::Import(TraceFileError::BadField(field)) => {
            fill(lang.t(RatelimitText::ImportBadField), &[field])
        }
        Problem::Import(error) => lang.t(error.text()).to_owned(),
        Problem::BrokenLink => lang.t(Text::ShareBroken).to_owned(),
    }
}
