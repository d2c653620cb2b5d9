//! The reducer on plain values: a run's lifecycle, a demo filling the form, Stop, refusals, and
//! updates for a run no longer on screen.

use shared::lock::{Faults, KeyReading, LockEvent, LockParams, LockSummary};
use shared::{ErrorBody, ErrorCode, LabEvent, ParamRange};

use crate::ws::Failure;

use super::*;
use crate::labs::lock::form::{Field, Setting};

fn request() -> LockRequest {
    LockRequest::Run {
        params: LockParams::default(),
        faults: Faults::default(),
        speed: shared::speed::Speed::Normal,
    }
}

fn sent(state: &mut LabState, id: RequestId, demo: Option<Demo>) {
    let request = demo.map_or_else(request, Demo::request);
    state.apply(Action::Sent { id, request, demo });
}

fn started(at_ms: u64) -> LabEvent {
    LabEvent::Lock(LockEvent::Started {
        at_ms,
        key: "pg:{ab}:lock:run1:resource".into(),
    })
}

fn reading(at_ms: u64) -> LabEvent {
    LabEvent::Lock(LockEvent::Key {
        readings: vec![KeyReading {
            at_ms,
            holder: None,
            pttl_ms: -2,
        }],
    })
}

fn update(
    id: RequestId,
    events: Vec<LabEvent>,
    outcome: Option<Result<LockReply, Failure>>,
) -> Action {
    Action::Updates(vec![Update::new(id, events, outcome)])
}

fn summary() -> LockSummary {
    LockSummary {
        acquired: 9,
        violations: vec![],
        counter: 9,
        expected_counter: 9,
        writes_accepted: 0,
        writes_rejected: 0,
        lock_without_expiry: false,
        timed_out: false,
    }
}

#[test]
fn a_run_streams_then_its_summary_makes_it_done() {
    let mut state = LabState::default();
    sent(&mut state, 1, None);
    assert_eq!(
        (state.phase.clone(), state.running()),
        (Phase::Running, Some(1))
    );

    state.apply(update(1, vec![started(1000), reading(1250)], None));
    let run = state.run.clone().expect("a run on screen");
    assert_eq!((run.origin_ms, run.now_ms), (Some(1000), 250));

    let reply = Ok(LockReply::Run(summary()));
    state.apply(update(1, vec![], Some(reply)));
    assert_eq!(state.phase, Phase::Done);
    assert_eq!(state.running(), None);
    assert_eq!(state.run.and_then(|r| r.summary.clone()), Some(summary()));
}

#[test]
fn a_demo_fills_the_form_and_replaces_the_run_on_screen() {
    let mut state = LabState::default();
    sent(&mut state, 1, None);
    state.apply(Action::Select(None));
    sent(&mut state, 2, Some(Demo::Fencing));
    assert_eq!(state.form.request(), Ok(Demo::Fencing.request()));
    assert_eq!(state.demo, Some(Demo::Fencing));

    // The stopped run's answer arrives late and changes nothing.
    let cancelled = ErrorBody::new(ErrorCode::Cancelled, "cancelled");
    state.apply(update(
        1,
        vec![started(5)],
        Some(Err(Failure::Server(cancelled))),
    ));
    assert_eq!(state.running(), Some(2));
    assert_eq!(state.run.as_ref().map(|r| r.origin_ms), Some(None));
}

#[test]
fn stop_ends_in_the_backends_cancelled_error() {
    let mut state = LabState::default();
    sent(&mut state, 1, None);
    let cancelled = ErrorBody::new(ErrorCode::Cancelled, "cancelled");
    state.apply(update(
        1,
        vec![],
        Some(Err(Failure::Server(cancelled.clone()))),
    ));
    assert_eq!(state.phase, Phase::Failed(Failure::Server(cancelled)));
    assert!(state.run.is_some(), "what ran stays on screen");
}

#[test]
fn a_refusal_is_shown_until_the_form_changes_and_keeps_the_run() {
    let mut state = LabState::default();
    sent(&mut state, 1, None);
    state.apply(update(1, vec![], Some(Err(Failure::Lost))));
    let range = ParamRange {
        field: "clients".into(),
        min: 1,
        max: 20,
    };
    state.apply(Action::Refused(range.clone()));
    assert_eq!(state.refused, Some(range));
    assert_eq!(state.phase, Phase::Failed(Failure::Lost));

    state.apply(Action::Set(Setting::Number(Field::Clients, "4".into())));
    assert_eq!(state.refused, None);
}

#[test]
fn a_slowed_run_is_drawn_with_the_durations_redis_got_and_a_link_fills_the_form() {
    let mut state = LabState::default();
    let slowed = LockRequest::Run {
        params: LockParams::default(),
        faults: Faults::default(),
        speed: shared::speed::Speed::Quarter,
    };
    state.apply(Action::Sent {
        id: 4,
        request: slowed.clone(),
        demo: None,
    });
    let run = state.run.clone().expect("a run on screen");
    let timeout = LockParams::default().timeout_secs;
    assert_eq!(run.params.timeout_secs, timeout * 4);

    state.apply(Action::Opened(slowed));
    assert_eq!(state.form.speed, shared::speed::Speed::Quarter);
    assert_eq!(state.form.number(Field::TimeoutSecs), timeout.to_string());
}
