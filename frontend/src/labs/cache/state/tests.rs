//! The reducer on plain values: the guided demo's steps, warm-up progress, cold and warm passes, and
//! strip readings that never show in the status.

use shared::cache::CacheRequest;
use shared::{ErrorBody, ErrorCode, LabEvent};

use super::*;
use crate::labs::cache::kind::Phase;

fn sent(state: &mut CacheState, id: RequestId, kind: Kind, demo: bool) {
    state.apply(Action::Sent { id, kind, demo });
}

fn answer(state: &mut CacheState, id: RequestId, reply: CacheReply) {
    state.apply(Action::Updates(vec![Update::new(id, [], Some(Ok(reply)))]));
}

fn measured(hits: u32) -> Measured {
    Measured {
        reads: 100,
        hits,
        db_hits: 100 - hits,
        hit_ratio: f64::from(hits) / 100.0,
        p50_us: 100,
        p90_us: 200,
        p99_us: 300,
    }
}

fn progress(warmed: u32) -> Progress {
    Progress {
        warmed,
        total: 200,
        elapsed_ms: 10,
        db_hits: warmed,
    }
}

/// The reply a step of the demo gets.
fn reply_to(step: Step) -> CacheReply {
    match step.request(false) {
        CacheRequest::Reset => CacheReply::Reset { deleted: 3 },
        CacheRequest::Views { views, .. } => CacheReply::Views {
            recorded: views,
            top: vec![(1, 9)],
        },
        CacheRequest::Warmup { .. } => CacheReply::Warmup {
            ids: vec![1],
            progress: progress(200),
        },
        CacheRequest::Measure { .. } => CacheReply::Measure(measured(match step {
            Step::Measure(Phase::Cold) => 40,
            _ => 80,
        })),
        other => panic!("the demo never sends {other:?}"),
    }
}

#[test]
fn the_demo_sends_each_step_after_the_last_answer_and_stays_running_between_them() {
    let mut state = CacheState::default();
    state.apply(Action::StartDemo);
    for (i, step) in STEPS.into_iter().enumerate() {
        assert_eq!(state.demo_due(), Some(step), "step {i} is due");
        assert_eq!(state.status(), Status::Running(step.kind()));
        let id = i as RequestId;
        sent(&mut state, id, step.kind(), true);
        assert_eq!(
            state.demo_due(),
            None,
            "nothing more until step {i} answers"
        );
        answer(&mut state, id, reply_to(step));
    }
    assert_eq!(state.demo, None);
    assert_eq!(state.status(), Status::Done(Kind::Measure(Phase::Warm)));
    let (cold, warm) = (state.cold.expect("cold"), state.warm.expect("warm"));
    assert_eq!((cold.measured.hits, warm.measured.hits), (40, 80));
    assert!(!warm.dirty, "the demo wiped the cold pass's writes");
}

#[test]
fn a_failed_step_ends_the_demo_with_the_error() {
    let mut state = CacheState::default();
    state.apply(Action::StartDemo);
    sent(&mut state, 1, Kind::Reset, true);
    let error = ErrorBody::new(ErrorCode::RedisUnavailable, "down");
    state.apply(Action::Updates(vec![Update::new(
        1,
        [],
        Some(Err(Failure::Server(error.clone()))),
    )]));
    assert_eq!(state.demo, None);
    assert_eq!(state.status(), Status::Failed(Failure::Server(error)));
}

#[test]
fn progress_events_move_the_bar_and_the_reply_has_the_last_word() {
    let mut state = CacheState::default();
    sent(&mut state, 5, Kind::Warmup, false);
    let events = [10, 20].map(|w| LabEvent::Cache(CacheEvent::Progress(progress(w))));
    state.apply(Action::Updates(vec![Update::new(5, events, None)]));
    assert_eq!(state.progress, Some(progress(20)));
    answer(
        &mut state,
        5,
        CacheReply::Warmup {
            ids: Vec::new(),
            progress: progress(200),
        },
    );
    assert_eq!(state.progress, Some(progress(200)));
    assert_eq!(state.next_phase(), Phase::Warm);
}

#[test]
fn a_warm_pass_after_a_cold_one_without_a_reset_is_marked() {
    let mut state = CacheState::default();
    assert_eq!(state.next_phase(), Phase::Cold);
    sent(&mut state, 1, Kind::Measure(Phase::Cold), false);
    answer(&mut state, 1, CacheReply::Measure(measured(30)));
    assert_eq!(
        state.next_phase(),
        Phase::Warm,
        "the cold pass cached its misses"
    );
    sent(&mut state, 2, Kind::Measure(Phase::Warm), false);
    answer(&mut state, 2, CacheReply::Measure(measured(90)));
    assert!(state.warm.is_some_and(|pass| pass.dirty));

    sent(&mut state, 3, Kind::Reset, false);
    answer(&mut state, 3, CacheReply::Reset { deleted: 30 });
    assert_eq!(state.next_phase(), Phase::Cold);
}

#[test]
fn strip_readings_do_not_touch_the_status_but_actions_ask_for_one() {
    let mut state = CacheState::default();
    sent(&mut state, 1, Kind::Inspect, false);
    assert_eq!(state.status(), Status::Idle);
    answer(&mut state, 1, CacheReply::Inspect { keys: Vec::new() });
    assert_eq!(state.strip, Some(Vec::new()));
    assert_eq!(state.strip_wanted, 0);

    sent(&mut state, 2, Kind::Race { workers: 4 }, false);
    assert_eq!(state.status(), Status::Running(Kind::Race { workers: 4 }));
    answer(
        &mut state,
        2,
        CacheReply::WorkersVsPipeline {
            workers_ms: 40,
            pipeline_ms: 5,
        },
    );
    assert_eq!(state.strip_wanted, 1);
    assert_eq!(state.race.map(|r| r.workers), Some(4));
}

#[test]
fn stampedes_with_and_without_the_lock_are_kept_side_by_side() {
    let mut state = CacheState::default();
    for (id, lock) in [(1, false), (2, true)] {
        sent(
            &mut state,
            id,
            Kind::Stampede {
                lock,
                jitter: false,
            },
            false,
        );
        answer(
            &mut state,
            id,
            CacheReply::Stampede {
                db_hits: if lock { 20 } else { 160 },
                reads: 400,
                expiry_spread_ms: 3,
            },
        );
    }
    assert_eq!(
        state.stampede.map(|s| s.map(|s| s.db_hits)),
        [Some(160), Some(20)]
    );
}

#[test]
fn each_press_of_views_draws_new_traffic_but_the_demo_keeps_its_seed() {
    let mut state = CacheState::default();
    sent(&mut state, 1, Kind::Views, false);
    sent(&mut state, 2, Kind::Views, true);
    assert_eq!(state.views_seed, 1);
}
