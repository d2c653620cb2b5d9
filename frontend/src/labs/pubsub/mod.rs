//! The `pubsub` lab: the course's `NotificationService` with real subscribers, each on a Redis
//! connection of its own. Live fan-out, `PUBLISH`'s receiver count, what a disconnect loses, patterns,
//! a slow subscriber cut off by Redis, and Streams reading back what Pub/Sub lost.
//!
//! Data flows one way: [`hub::use_hub`] keeps a hub (`Start`) running for the [`config`]; the lab's
//! `use_lab` hands its events to the [`state`] reducer, which folds them into a [`book`]; the
//! components draw the book. Demos are scripts that
//! [`script::use_script`] runs step by step on real answers.
//!
//! - [`state`]: the reducer; [`book`]: the fold of a hub's events; [`config`], [`draft`]: the forms;
//!   [`requests`]: steering requests and their answers.
//! - [`layout`], [`pulses`]: pure geometry of the graph and the coalesced animation.
//! - [`graph`], [`inbox`], [`subscribers`], [`publish_log`], [`streams`], [`slow`], [`sharded`]: what
//!   is drawn.
//! - [`controls`], [`publish`], [`demos`], [`join_link`], [`status`]: what is pressed.
//! - [`code`], [`trace_peek`]: the course's code, and the trace lines of what the pointer is on.
//! - [`hub`], [`script`]: hooks that send the hub and a demo's steps.

mod book;
mod code;
mod config;
mod controls;
mod demos;
mod draft;
mod graph;
mod hub;
mod inbox;
mod join_link;
mod layout;
mod publish;
mod publish_log;
mod pulses;
mod requests;
mod script;
mod sharded;
mod slow;
mod state;
mod status;
mod streams;
mod subscribers;
mod trace_peek;

use shared::RequestId;
use shared::pubsub::PubsubRequest;
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::components::Fit;
use crate::components::demo_buttons::{DemoBar, GuidedDemo};
use crate::i18n::exercise::ExerciseText;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{Lang, Text, error_sentence, param_range, use_lang};
use crate::route::Route;
use crate::ws::{Failure, LabHandle, Status, use_lab, use_ws};
use code::CourseCode;
use controls::Controls;
use demos::Demo;
use graph::Graph;
use inbox::Inbox;
use join_link::JoinLink;
use publish::PublishPanel;
use publish_log::PublishLog;
use requests::{Kind, Problem, Sent};
use sharded::ShardedPanel;
use slow::SlowPanel;
use state::{Action, LabState, Phase};
use status::HubStatus;
use streams::Streams;
use subscribers::Subscribers;
use trace_peek::TracePeek;

/// What the page's buttons need: the lab's requests, and the reducer to record what was sent.
#[derive(Clone)]
struct Lab {
    requests: LabHandle<PubsubRequest>,
    state: UseReducerHandle<LabState>,
}

impl Lab {
    /// The running hub's id.
    fn hub(&self) -> Option<RequestId> {
        let hub = self.state.hub.as_ref()?;
        (!hub.ended).then_some(hub.id)
    }

    fn send(&self, request: PubsubRequest, kind: Kind) {
        let id = self.requests.send(request);
        self.state.dispatch(Action::Sent(Sent { id, kind }));
    }

    fn publish(&self) {
        let Some(hub) = self.hub() else { return };
        match self.state.draft.request(hub) {
            Ok(request) => self.send(request, Kind::Publish),
            Err(range) => self.state.dispatch(Action::Refused(Problem::Range(range))),
        }
    }

    fn steer(&self, subscriber: u32, connect: bool) {
        let Some(hub) = self.hub() else { return };
        if connect {
            self.send(
                PubsubRequest::Reconnect { hub, subscriber },
                Kind::Reconnect,
            );
        } else {
            self.send(
                PubsubRequest::Disconnect { hub, subscriber },
                Kind::Disconnect,
            );
        }
    }
}

/// What to tell the user about `problem`.
fn problem_sentence(lang: Lang, problem: &Problem) -> String {
    match problem {
        Problem::Range(range) => param_range(lang, range),
        Problem::Failed(Failure::Server(error)) => error_sentence(lang, error),
        Problem::Failed(Failure::Lost) => lang.t(Text::RequestLost).to_owned(),
        Problem::Failed(Failure::NotSent) => lang.t(Text::RequestNotSent).to_owned(),
        Problem::HubGone => lang.t(T::HubGone).to_owned(),
    }
}

/// Shortest time between two updates while messages stream: the animation's frame of coalescing.
const UPDATE_EVERY_MS: u32 = 100;

/// The lab page.
#[component]
pub fn PubSub() -> Html {
    let lang = use_lang();
    let ws = use_ws();
    let state = use_reducer(LabState::default);
    let requests = {
        let dispatcher = state.dispatcher();
        use_lab::<PubsubRequest>(
            UPDATE_EVERY_MS,
            Callback::from(move |updates| {
                let now_ms = js_sys::Date::now();
                dispatcher.dispatch(Action::Updates { updates, now_ms });
            }),
        )
    };
    hub::use_hub(&ws, &requests, &state);
    script::use_script(&requests, &state);

    let lab = Lab {
        requests,
        state: state.clone(),
    };
    // Made once, so the children's props stay equal while messages stream: the requests' handle never
    // changes, and the reducer's handle reads its newest state.
    let on_publish = {
        let lab = lab.clone();
        use_callback((), move |(), ()| lab.publish())
    };
    let on_disconnect = {
        let lab = lab.clone();
        use_callback((), move |subscriber, ()| lab.steer(subscriber, false))
    };
    let on_reconnect = use_callback((), move |subscriber, ()| lab.steer(subscriber, true));
    let dispatcher = state.dispatcher();
    let on_config = use_callback(dispatcher.clone(), |config, d| {
        d.dispatch(Action::Configure {
            config,
            demo: false,
        })
    });
    let on_restart = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Restart));
    let on_field = use_callback(dispatcher.clone(), |field, d| {
        d.dispatch(Action::Edit(field))
    });
    let on_select = use_callback(dispatcher.clone(), |subscriber, d| {
        d.dispatch(Action::Select(subscriber))
    });
    let on_hover = use_callback(dispatcher.clone(), |hovered, d| {
        d.dispatch(Action::Hover(hovered))
    });
    let on_demo = use_callback(dispatcher.clone(), |demo, d| d.dispatch(Action::Demo(demo)));
    let on_dismiss = use_callback(dispatcher, |_: MouseEvent, d| d.dispatch(Action::Dismiss));

    let connected = ws.status() == Status::Connected;
    let phase = state.phase();
    let hub = state.hub.as_ref();
    let subscribers = hub.map_or_else(
        || state.config.subscriptions().len(),
        |h| h.subscriptions.len(),
    );
    let selected = state
        .selected
        .clamp(1, subscribers.saturating_sub(1).max(1) as u32);
    let mut channels: Vec<String> = Vec::new();
    for channel in hub
        .iter()
        .flat_map(|h| h.subscriptions.iter())
        .flat_map(|s| &s.channels)
    {
        if !channels.contains(channel) {
            channels.push(channel.clone());
        }
    }

    html! {
        <article class="page lab pubsub" data-testid="lab-pubsub">
            <header class="page__header">
                <h1>{ lang.t(Text::PubSubTitle) }</h1>
            </header>
            <p class="lead">{ lang.t(T::Intro) }</p>
            <p class="exercise-link">
                <Link<Route> to={Route::ExercisePubsub}>{ lang.t(ExerciseText::PubsubTryIt) }</Link<Route>>
            </p>
            <HubStatus {phase} {subscribers} streams={state.config.streams} {connected} {on_restart} />
            <DemoBar<Demo> active={state.demo} {on_demo}>
                if let Some(demo) = state.demo {
                    <div class="explain pubsub-explain" data-testid="pubsub-demo-explanation"
                        data-state={if state.scripted() { "running" } else { "done" }} aria-live="polite">
                        <h3 class="pubsub-explain__title">
                            { lang.t(demo.title()) }
                            if state.scripted() {
                                <span class="pubsub-explain__busy">{ lang.t(T::DemoRunning) }</span>
                            }
                        </h3>
                        <p>{ lang.t(demo.explanation()) }</p>
                    </div>
                }
            </DemoBar<Demo>>
            // The slow-subscriber demo's figures are its whole result: shown right under its explanation.
            if let Some(run) = state.slow.as_ref().filter(|_| state.demo == Some(Demo::Slow)) {
                <SlowPanel run={run.clone()} />
            }
            if let Some(run) = state.sharded.as_ref().filter(|_| state.demo == Some(Demo::Sharded)) {
                <ShardedPanel run={run.clone()} />
            }
            if let Some(problem) = &state.problem {
                <div class="error-box pubsub-problem" data-testid="pubsub-error" role="alert">
                    <p>{ problem_sentence(lang.lang, problem) }</p>
                    <button type="button" class="button button--quiet" onclick={on_dismiss}>{ lang.t(Text::Dismiss) }</button>
                </div>
            }
            <div class="pubsub-work">
                <div class="pubsub-work__side">
                    <PublishPanel draft={state.draft.clone()} {channels} ready={phase == Phase::Running}
                        receivers={hub.and_then(|h| h.book.last_receivers())} {on_field} {on_publish} />
                    <Controls config={state.config.clone()} {on_config} />
                </div>
                if let Some(hub) = hub {
                    <div class="pubsub-work__main">
                        <Fit>
                            <Graph subscriptions={hub.subscriptions.clone()} book={hub.book.clone()} {selected}
                                on_select={on_select.clone()} on_hover={on_hover.clone()} />
                        </Fit>
                        <div class="pubsub-inboxes">
                            <Inbox subscriber={0} book={hub.book.clone()} streams={hub.streams} on_hover={on_hover.clone()} />
                            <Inbox subscriber={selected} book={hub.book.clone()} streams={hub.streams} on_hover={on_hover.clone()} />
                        </div>
                        <div class="pubsub-details">
                            <TracePeek hub={Some(hub.id)} seqs={state.hovered_seqs()} />
                            <PublishLog book={hub.book.clone()} on_hover={on_hover.clone()} />
                        </div>
                    </div>
                }
            </div>
            if let Some(hub) = hub {
                <Subscribers subscriptions={hub.subscriptions.clone()} book={hub.book.clone()} {selected}
                    ready={phase == Phase::Running} {on_select} {on_disconnect} {on_reconnect} />
                if hub.streams {
                    <Streams book={hub.book.clone()} />
                }
            }
            if let Some(run) = state.slow.as_ref().filter(|_| state.demo != Some(Demo::Slow)) {
                <SlowPanel run={run.clone()} />
            }
            if let Some(run) = state.sharded.as_ref().filter(|_| state.demo != Some(Demo::Sharded)) {
                <ShardedPanel run={run.clone()} />
            }
            <CourseCode streams={state.config.streams} />
            <JoinLink session={ws.session().map(|s| AttrValue::from(s.id.clone()))} />
        </article>
    }
}
