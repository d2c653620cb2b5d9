//! Pins the JSON of slow motion, and what it stretches.

use serde_json::json;

use super::pin;
use crate::{
    LabRequest,
    lock::{Faults, LockParams, LockRequest},
    ratelimit::{Algorithm, Arrival, Limits, Mode, RatelimitRequest, Traffic},
    speed::Speed,
};

#[test]
fn speed_json() {
    pin(Speed::Normal, json!("normal"));
    pin(Speed::Half, json!("half"));
    pin(Speed::Quarter, json!("quarter"));
}

#[test]
fn a_slowed_lock_run_carries_its_speed_and_a_normal_one_leaves_it_out() {
    let run = |speed| {
        LabRequest::Lock(LockRequest::Run {
            params: LockParams::default(),
            faults: Faults::default(),
            speed,
        })
    };
    let value = serde_json::to_value(run(Speed::Quarter)).expect("serialises");
    assert_eq!(value["speed"], json!("quarter"));
    let normal = serde_json::to_value(run(Speed::Normal)).expect("serialises");
    assert!(normal.get("speed").is_none(), "{normal}");
    let back: LabRequest = serde_json::from_value(normal).expect("an old request still parses");
    assert_eq!(back, run(Speed::Normal));
}

#[test]
fn a_slowed_ratelimit_run_pins_its_json() {
    pin(
        LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms: vec![Algorithm::FixedWindow],
            limits: Limits::default(),
            mode: Mode::Live,
            traffic: Traffic::Trace {
                arrivals: vec![Arrival {
                    at_us: 7,
                    client: 1,
                }],
            },
            speed: Speed::Half,
        }),
        json!({"lab": "ratelimit", "op": "run", "algorithms": ["fixed_window"],
            "limits": {"max_requests": 5, "window_seconds": 10}, "mode": "live",
            "traffic": {"kind": "trace", "arrivals": [{"at_us": 7, "client": 1}]},
            "speed": "half"}),
    );
}

#[test]
fn slowing_stretches_every_duration_and_nothing_else() {
    let params = LockParams::default().slowed(Speed::Quarter);
    assert_eq!(
        (params.timeout_secs, params.retry_ms, params.work_ms),
        (40, 400, 1200)
    );
    assert_eq!((params.jitter_ms, params.deadline_secs), (200, 120));
    assert_eq!(
        (params.clients, params.rounds),
        (LockParams::default().clients, LockParams::default().rounds)
    );
    let faults = Faults {
        pause_ms: 1200,
        ..Faults::default()
    };
    assert_eq!(faults.slowed(Speed::Half).pause_ms, 2400);
    let limits = Limits::default().slowed(Speed::Half);
    assert_eq!((limits.max_requests, limits.window_seconds), (5, 20));
    let traffic = Traffic::Trace {
        arrivals: vec![Arrival {
            at_us: 1_500,
            client: 0,
        }],
    };
    let arrivals = traffic.arrivals_at(Limits::default(), Speed::Quarter);
    assert_eq!(arrivals[0].at_us, 6_000);
    assert_eq!(Speed::from_id(Speed::Half.id()), Some(Speed::Half));
}
