//! The reducer on plain values: a run's lifecycle, the button's presses, and requests that overlap.

use shared::ratelimit::stats::LaneStats;
use shared::ratelimit::{Arrival, Decision, LaneSummary, Limits, Mode, Traffic};
use shared::{ErrorBody, ErrorCode, LabEvent};

use super::*;

const S: u64 = 1_000_000;

fn limits() -> Limits {
    Limits {
        max_requests: 2,
        window_seconds: 10,
    }
}

fn run_request() -> RatelimitRequest {
    RatelimitRequest::Run {
        algorithms: vec![Algorithm::FixedWindow],
        limits: limits(),
        mode: Mode::Replay,
        traffic: Traffic::Trace {
            arrivals: vec![Arrival {
                at_us: 0,
                client: 0,
            }],
        },
        speed: shared::speed::Speed::Normal,
    }
}

fn decision(index: u32, at_us: u64) -> Decision {
    Decision {
        algorithm: Algorithm::FixedWindow,
        index,
        client: 0,
        at_us,
        allowed: true,
        remaining: 1,
        counter: None,
        trace: vec![1, 2, 3, 4],
        attempt: 0,
    }
}

fn event(event: RatelimitEvent) -> LabEvent {
    LabEvent::Ratelimit(event)
}

fn sent(state: &mut LabState, id: RequestId, request: RatelimitRequest) {
    state.apply(Action::Sent {
        id,
        request,
        demo: None,
    });
}

fn replied(id: RequestId, reply: RatelimitReply) -> Update<RatelimitRequest> {
    Update::new(id, [], Some(Ok(reply)))
}

#[test]
fn a_run_folds_its_events_and_ends_with_the_backend_summary() {
    let mut state = LabState::default();
    sent(&mut state, 7, run_request());
    assert_eq!(state.phase, Phase::Running);
    let started = event(RatelimitEvent::Started {
        origin_us: 100 * S,
        arrivals: 1,
        trace: vec![Arrival {
            at_us: 0,
            client: 0,
        }],
    });
    let decided = event(RatelimitEvent::Decisions {
        decisions: vec![decision(0, 100 * S)],
    });
    state.apply(Action::Updates(vec![Update::new(
        7,
        [started, decided],
        None,
    )]));

    let view = state.view.as_ref().expect("a view");
    assert_eq!(view.origin_us, Some(100 * S));
    assert_eq!(view.received, 1);

    let stats = LaneStats {
        allowed: 1,
        denied: 0,
        max_in_window: 1,
    };
    let lanes = vec![LaneSummary {
        algorithm: Algorithm::FixedWindow,
        stats,
    }];
    state.apply(Action::Updates(vec![replied(
        7,
        RatelimitReply::Run { lanes },
    )]));

    assert_eq!(state.phase, Phase::Done);
    assert!(state.awaited.is_empty());
    let view = state.view.as_ref().expect("a view");
    assert_eq!(view.stats(&view.lanes[0]), stats);
}

#[test]
fn a_stopped_run_fails_with_the_cancelled_error() {
    let mut state = LabState::default();
    sent(&mut state, 3, run_request());
    let error = ErrorBody::new(ErrorCode::Cancelled, "cancelled");
    state.apply(Action::Updates(vec![Update::new(
        3,
        [],
        Some(Err(Failure::Server(error.clone()))),
    )]));
    assert_eq!(state.phase, Phase::Failed(Failure::Server(error)));
    assert_eq!(state.running_run(), None);
}

#[test]
fn presses_add_up_on_one_view_until_the_keys_are_reset() {
    let mut state = LabState::default();
    let hit = RatelimitRequest::Hit {
        algorithms: vec![Algorithm::FixedWindow],
        limits: limits(),
    };
    sent(&mut state, 1, hit.clone());
    sent(&mut state, 2, hit);
    state.apply(Action::Updates(vec![
        replied(
            1,
            RatelimitReply::Hit {
                decisions: vec![decision(0, 5 * S)],
            },
        ),
        replied(
            2,
            RatelimitReply::Hit {
                decisions: vec![decision(0, 6 * S)],
            },
        ),
    ]));

    let view = state.view.as_ref().expect("the button's view");
    assert_eq!(view.lanes[0].marks.len(), 2);
    assert_eq!(view.lanes[0].marks[1].index, 1);
    assert_eq!(state.phase, Phase::Done);

    sent(&mut state, 3, RatelimitRequest::Reset);
    state.apply(Action::Updates(vec![replied(
        3,
        RatelimitReply::Reset { deleted: 2 },
    )]));

    assert_eq!(state.view, None);
    assert_eq!(state.reset, Some(Ok(2)));
    assert_eq!(state.phase, Phase::Idle);
}

#[test]
fn a_new_run_forgets_the_old_one_but_not_a_peek() {
    let mut state = LabState::default();
    sent(&mut state, 1, run_request());
    let peek = RatelimitRequest::Peek {
        algorithms: vec![Algorithm::FixedWindow],
        limits: limits(),
    };
    sent(&mut state, 2, peek);
    sent(&mut state, 3, run_request());

    let ids: Vec<RequestId> = state.awaited.iter().map(|a| a.id).collect();
    assert_eq!(ids, [2, 3]);
    assert_eq!(state.running_run(), Some(3));
}

#[test]
fn a_demo_fills_the_form_and_shows_its_explanation() {
    let mut state = LabState::default();
    let demo = Demo::Race;
    state.apply(Action::Sent {
        id: 1,
        request: demo.request(),
        demo: Some(demo),
    });
    assert_eq!(state.demo, Some(demo));
    assert_eq!(state.settings.mode, Mode::Live);
    assert_eq!(state.settings.window_seconds, "2");

    sent(&mut state, 2, run_request());
    assert_eq!(state.demo, None, "another run hides the explanation");
}

#[test]
fn selecting_a_mark_finds_its_decision_and_shows_its_code() {
    let mut state = LabState::default();
    sent(&mut state, 7, run_request());
    let decided = event(RatelimitEvent::Decisions {
        decisions: vec![decision(0, S)],
    });
    state.apply(Action::Updates(vec![Update::new(7, [decided], None)]));
    state.apply(Action::ShowCode(Algorithm::TokenBucket));

    let mark = MarkRef {
        algorithm: Algorithm::FixedWindow,
        index: 0,
    };
    state.apply(Action::Select(Some(mark)));

    assert_eq!(state.code, Algorithm::FixedWindow);
    let selected = state.selected.expect("the decision is found");
    assert_eq!((selected.request, selected.decision), (7, decision(0, S)));
}

#[test]
fn a_slowed_live_run_is_drawn_on_its_stretched_window_and_can_be_shared() {
    let mut state = LabState::default();
    let RatelimitRequest::Run {
        algorithms,
        limits,
        traffic,
        ..
    } = run_request()
    else {
        unreachable!("run_request makes a run")
    };
    let slowed = RatelimitRequest::Run {
        algorithms,
        limits,
        mode: Mode::Live,
        traffic,
        speed: shared::speed::Speed::Half,
    };
    state.apply(Action::Sent {
        id: 3,
        request: slowed.clone(),
        demo: None,
    });
    let view = state.view.as_ref().expect("a view");
    assert_eq!(view.limits.window_seconds, limits.window_seconds * 2);
    assert_eq!(state.last_run, Some(slowed.clone()));

    let mut opened = LabState::default();
    opened.apply(Action::Opened(slowed));
    assert_eq!(opened.settings.speed, shared::speed::Speed::Half);
    assert_eq!(opened.settings.mode, Mode::Live);
}

#[test]
fn the_many_servers_run_folds_into_the_fleet_and_leaves_the_lanes_alone() {
    let mut state = LabState::default();
    sent(&mut state, 3, run_request());
    let servers = RatelimitRequest::Servers {
        servers: 2,
        limits: limits(),
        pattern: shared::ratelimit::Pattern::Steady {
            per_second: 2,
            seconds: 1,
        },
    };
    sent(&mut state, 4, servers.clone());
    assert_eq!(state.running_run(), Some(4), "the lesson replaced the run");
    assert_eq!(state.last_run, Some(servers), "copy link shares the lesson");
    let decision = |index, server, own, redis| shared::ratelimit::ServerDecision {
        index,
        server,
        at_us: 100 * S + u64::from(index),
        own,
        redis,
        remaining: 0,
        trace: vec![9],
    };
    let update = Update::new(
        4,
        [
            event(RatelimitEvent::Started {
                origin_us: 100 * S,
                arrivals: 2,
                trace: vec![Arrival {
                    at_us: 500_000,
                    client: 0,
                }],
            }),
            event(RatelimitEvent::Servers {
                decisions: vec![decision(0, 0, true, true), decision(1, 1, true, false)],
            }),
        ],
        None,
    );
    state.apply(Action::Updates(vec![update]));
    let fleet = state.fleet_in_front().expect("the lesson is in front");
    assert_eq!(fleet.decisions.len(), 2, "both servers' decisions folded");
    assert_eq!(fleet.span_us, 500_000);
    assert_eq!(state.view.as_ref().map(|v| v.received), Some(0));

    let stats = |allowed, denied| LaneStats {
        allowed,
        denied,
        max_in_window: allowed,
    };
    state.apply(Action::Updates(vec![replied(
        4,
        RatelimitReply::Servers {
            servers: Vec::new(),
            own: stats(2, 0),
            redis: stats(1, 1),
        },
    )]));
    assert_eq!(state.phase, Phase::Done);
    let summary = state.fleet.as_ref().and_then(|f| f.summary.as_ref());
    assert_eq!(summary.map(|s| s.redis), Some(stats(1, 1)));
}
