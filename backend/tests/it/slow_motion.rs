//! Slow motion is real: a slowed lock run sets a longer expiry in Redis, and a slowed live rate-limit run
//! sends its arrivals later over a longer window, deciding as at normal speed.

use shared::{
    LabEvent, LabRequest, ServerMsg, TraceEntry,
    lock::{Faults, LockEvent, LockParams, LockRequest},
    ratelimit::{Algorithm, Arrival, Mode, RatelimitEvent, RatelimitRequest, Traffic},
    speed::Speed,
};

use crate::{ratelimit::limits, support::spawn_app};

#[tokio::test]
async fn a_quarter_speed_lock_run_sets_four_times_the_expiry_in_redis() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let params = LockParams {
        clients: 1,
        rounds: 1,
        timeout_secs: 1,
        work_ms: 300,
        jitter_ms: 0,
        ..LockParams::default()
    };

    let id = ws
        .run(LabRequest::Lock(LockRequest::Run {
            params,
            faults: Faults::default(),
            speed: Speed::Quarter,
        }))
        .await;
    let mut traces: Vec<TraceEntry> = Vec::new();
    let mut longest_pttl = 0;
    loop {
        match ws.recv().await {
            ServerMsg::Trace { entries } => {
                traces.extend(entries.into_iter().filter(|e| e.request == Some(id)));
            }
            ServerMsg::Event {
                id: got,
                event: LabEvent::Lock(LockEvent::Key { readings }),
            } if got == id => {
                longest_pttl = readings
                    .iter()
                    .map(|r| r.pttl_ms)
                    .fold(longest_pttl, i64::max);
            }
            ServerMsg::Reply { id: got, .. } if got == id => break,
            ServerMsg::Error { id: Some(got), .. } if got == id => panic!("the run failed"),
            _ => {}
        }
    }

    let set = traces
        .iter()
        .find(|e| e.command.first().is_some_and(|c| c == "SET"))
        .expect("the lock was taken with SET");
    assert_eq!(set.command[set.command.len() - 2..], ["EX", "4"]);
    assert!(
        longest_pttl > 1000,
        "Redis reported at most {longest_pttl} ms left on a lock of 4 s"
    );
}

#[tokio::test]
async fn a_half_speed_live_run_sends_arrivals_later_over_a_longer_window() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let arrivals: Vec<Arrival> = (0..4)
        .map(|i| Arrival {
            at_us: i * 100_000,
            client: 0,
        })
        .collect();

    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms: vec![Algorithm::FixedWindow],
            limits: limits(2, 1),
            mode: Mode::Live,
            traffic: Traffic::Trace { arrivals },
            speed: Speed::Half,
        }))
        .await;
    let (mut origin_us, mut planned, mut decisions, mut traces) =
        (0, Vec::new(), Vec::new(), Vec::new());
    loop {
        match ws.recv().await {
            ServerMsg::Trace { entries } => {
                traces.extend(entries.into_iter().filter(|e| e.request == Some(id)));
            }
            ServerMsg::Event {
                id: got,
                event: LabEvent::Ratelimit(event),
            } if got == id => match event {
                RatelimitEvent::Started {
                    origin_us: o,
                    trace,
                    ..
                } => (origin_us, planned) = (o, trace),
                RatelimitEvent::Decisions { decisions: d } => decisions.extend(d),
                RatelimitEvent::Servers { .. } => {}
            },
            ServerMsg::Reply { id: got, .. } if got == id => break,
            ServerMsg::Error { id: Some(got), .. } if got == id => panic!("the run failed"),
            _ => {}
        }
    }

    let planned: Vec<u64> = planned.iter().map(|a| a.at_us).collect();
    assert_eq!(planned, [0, 200_000, 400_000, 600_000]);
    decisions.sort_by_key(|d| d.index);
    let last = decisions.last().expect("decisions");
    assert!(
        last.at_us - origin_us >= 600_000,
        "the last arrival was decided {} µs after the origin",
        last.at_us - origin_us
    );
    let allowed: Vec<bool> = decisions.iter().map(|d| d.allowed).collect();
    assert_eq!(
        allowed,
        [true, true, false, false],
        "the same verdicts as at normal speed"
    );
    let expire = traces
        .iter()
        .find(|e| {
            e.command.first().is_some_and(|c| c == "EXPIRE") && e.command[1].contains(":rate:")
        })
        .expect("the fixed window set its expiry");
    assert_eq!(expire.command.last().map(String::as_str), Some("2"));
}
