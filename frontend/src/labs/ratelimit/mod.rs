//! The `ratelimit` lab: the course's fixed and sliding windows, the sliding log fixed in Lua, a sliding
//! counter, a token bucket, a leaky bucket and GCRA, deciding the same traffic side by side against the
//! real Redis, live on the wall clock or replayed on virtual time; and the many-servers lesson, where
//! servers limiting in their own memory let N × the limit through and a limiter shared in Redis holds.
//!
//! Data flows one way: a button builds a `RatelimitRequest` from [`settings`] and sends it; the
//! connection stores the events and reply; [`updates`] hands them to the [`state`] reducer, which folds
//! them into a [`run`]; [`plot`] draws it.
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
//! - [`updates`], [`shortcut`]: hooks feeding the reducer and the `S`/Space key.

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
mod updates;

use shared::ratelimit::Algorithm;
use shared::ratelimit::stats::LaneStats;
use yew::prelude::*;

use crate::components::{ExportSvg, ShareLink, share_link};
use crate::i18n::{LangHandle, Text, fill, param_range, use_lang};
use crate::ws::{Status, use_ws};
use axis::Zoom;
use button_keys::ButtonKeys;
use code::CodeView;
use controls::Controls;
use demos::{Demo, DemoBar};
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

/// The catalogue name of an algorithm, as every part of the lab shows it.
fn algorithm_name(algorithm: Algorithm) -> Text {
    match algorithm {
        Algorithm::FixedWindow => Text::RlAlgoFixed,
        Algorithm::SlidingLogCourse => Text::RlAlgoCourse,
        Algorithm::SlidingLogLua => Text::RlAlgoLua,
        Algorithm::SlidingCounter => Text::RlAlgoCounter,
        Algorithm::TokenBucket => Text::RlAlgoBucket,
        Algorithm::LeakyBucket => Text::RlAlgoLeaky,
        Algorithm::Gcra => Text::RlAlgoGcra,
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
    let on_demo = {
        let latest = latest.clone();
        use_callback((), move |demo: Demo, ()| {
            let lab = latest.borrow().clone();
            lab.send(Ok(demo.request()), Some(demo));
        })
    };
    // A share link's run is sent once the socket is up.
    {
        let (latest, link) = (latest.clone(), use_mut_ref(share_link::opened));
        use_effect_with(ws.status() == Status::Connected, move |&connected| {
            if let Some(link) = link.borrow_mut().take_if(|_| connected) {
                latest.borrow().open(link);
            }
        });
    }
    // Leaving the page stops its run: nobody is left to watch it, and a live run holds connections.
    use_effect_with((), move |()| {
        move || {
            let lab = latest.borrow().clone();
            if let Some(id) = lab.state.running_run() {
                lab.ws.cancel(id);
            }
        }
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
    let progress = match state.fleet_in_front() {
        Some(fleet) => Progress::of_fleet(fleet),
        None => Progress::of(view),
    };

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
                <section class="explain rl-explain" data-testid="rl-demo-explanation">
                    <h2 class="panel-title">{ lang.t(demo.title()) }</h2>
                    <p>{ lang.t(demo.explanation()) }</p>
                </section>
            }
            <div class="lab-tools">
                <ShareLink request={share_request(&state)} path="/ratelimit" />
                <ExportSvg target=".rl-plot" name="ratelimit.svg" />
            </div>
            <div class="rl-stage">
                <div class="rl-stage__main">
                    { plot_view(&lang, &state, view, Callbacks { on_select, on_code: on_code.clone(), on_zoom }) }
                    { detail_view(&lang, &state, view) }
                    <ButtonKeys peeks={state.peeks.clone()} reset={state.reset.clone()} />
                </div>
                <CodeView algorithm={state.code} on_select={on_code} />
            </div>
            <section class="explain rl-explain" data-testid="rl-servers-lesson" aria-labelledby="rl-servers-title">
                <h2 id="rl-servers-title" class="panel-title">{ lang.t(Text::RlServersTitle) }</h2>
                <p>{ lang.t(Text::RlServersIntro) }</p>
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
    Some(shared::LabRequest::Ratelimit(request))
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
            html! { <p class="hint rl-detail-hint">{ lang.t(Text::RlDetailHint) }</p> }
        }
        (None, _) => Html::default(),
    }
}

fn problem_sentence(lang: &LangHandle, problem: &Problem) -> String {
    match problem {
        Problem::Range(range) if range.field == "algorithms" => lang.t(Text::RlNoLanes).to_owned(),
        Problem::Range(range) if range.field == "retry" => {
            lang.t(Text::RlRetryReplayOnly).to_owned()
        }
        Problem::Range(range) => param_range(lang.lang, range),
        Problem::Import(TraceFileError::BadField(field)) => {
            fill(lang.t(Text::RlImportBadField), &[field])
        }
        Problem::Import(error) => lang.t(error.text()).to_owned(),
        Problem::BrokenLink => lang.t(Text::ShareBroken).to_owned(),
    }
}
