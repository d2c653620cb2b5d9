//! Round trips of share links, and their size.

use super::{ShareError, decode, encode};
use crate::{
    LabRequest,
    lock::{Acquire, Faults, LockParams, LockRequest, Release},
    ratelimit::{Algorithm, Arrival, Limits, Mode, Pattern, RatelimitRequest, Traffic},
    speed::Speed,
};

fn ratelimit(traffic: Traffic, mode: Mode, speed: Speed) -> LabRequest {
    LabRequest::Ratelimit(RatelimitRequest::Run {
        algorithms: vec![Algorithm::FixedWindow, Algorithm::SlidingLogLua],
        limits: Limits {
            max_requests: 300,
            window_seconds: 3600,
        },
        mode,
        traffic,
        speed,
    })
}

/// A reproducible scatter of `n` arrivals from four clients, gaps up to about 0.2 s.
fn scattered(n: u64) -> Vec<Arrival> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut at_us = 0;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            at_us += state % 200_000;
            Arrival {
                at_us,
                client: (state % 4) as u32,
            }
        })
        .collect()
}

#[test]
fn every_pattern_round_trips() {
    let patterns = [
        Pattern::Steady {
            per_second: 10,
            seconds: 30,
        },
        Pattern::Bursts {
            size: 200,
            every_seconds: 7,
            count: 3,
        },
        Pattern::BoundaryBurst,
        Pattern::Poisson {
            per_second: 3,
            seconds: 20,
            seed: u64::MAX,
        },
        Pattern::Concurrent {
            clients: 50,
            each: 2,
        },
        Pattern::RetryFixed {
            per_second: 40,
            seconds: 10,
            delay_ms: 200,
            seed: 5,
        },
        Pattern::RetryJitter {
            per_second: 40,
            seconds: 10,
            base_ms: 10_000,
            seed: u64::MAX,
        },
    ];
    for pattern in patterns {
        let servers = LabRequest::Ratelimit(RatelimitRequest::Servers {
            servers: 8,
            limits: Limits {
                max_requests: 1000,
                window_seconds: 3600,
            },
            pattern,
        });
        let bytes = encode(&servers).expect("a many-servers run can be shared");
        assert_eq!(decode(&bytes), Ok(servers));
        for (mode, speed) in [(Mode::Replay, Speed::Normal), (Mode::Live, Speed::Quarter)] {
            let request = ratelimit(Traffic::Pattern { pattern }, mode, speed);
            let bytes = encode(&request).expect("a run can be shared");
            assert_eq!(decode(&bytes), Ok(request));
        }
    }
}

#[test]
fn a_trace_round_trips_sorted_and_1000_arrivals_stay_small() {
    let arrivals = scattered(1000);
    let request = ratelimit(
        Traffic::Trace {
            arrivals: arrivals.clone(),
        },
        Mode::Replay,
        Speed::Normal,
    );
    let bytes = encode(&request).expect("a run can be shared");
    assert_eq!(decode(&bytes), Ok(request));
    assert!(
        bytes.len() < 4_000,
        "1,000 scattered arrivals took {} bytes",
        bytes.len()
    );

    let steady = Traffic::Pattern {
        pattern: Pattern::Steady {
            per_second: 100,
            seconds: 10,
        },
    };
    let as_trace = Traffic::Trace {
        arrivals: steady.arrivals(Limits::default()),
    };
    let bytes = encode(&ratelimit(as_trace, Mode::Replay, Speed::Normal)).expect("shared");
    assert!(
        bytes.len() < 20,
        "1,000 evenly spaced arrivals took {} bytes",
        bytes.len()
    );
}

#[test]
fn an_unsorted_trace_comes_back_sorted_with_the_same_arrivals() {
    let mut arrivals = scattered(50);
    arrivals.reverse();
    arrivals.push(Arrival {
        at_us: 0,
        client: 9,
    });
    let request = ratelimit(Traffic::Trace { arrivals }, Mode::Live, Speed::Half);
    let LabRequest::Ratelimit(RatelimitRequest::Run { traffic, .. }) =
        decode(&encode(&request).expect("shared")).expect("decodes")
    else {
        panic!("a rate-limit run comes back");
    };
    let LabRequest::Ratelimit(RatelimitRequest::Run { traffic: sent, .. }) = &request else {
        unreachable!("built above")
    };
    assert_eq!(
        traffic.arrivals(Limits::default()),
        sent.arrivals(Limits::default())
    );
}

#[test]
fn a_lock_run_round_trips_with_every_switch() {
    let request = LabRequest::Lock(LockRequest::Run {
        params: LockParams {
            blocking: false,
            step: true,
            work_ms: 10_000,
            ..LockParams::default()
        },
        faults: Faults {
            pause_ms: 1200,
            release: Release::Del,
            acquire: Acquire::SetnxThenExpire,
            fencing: true,
            renewal: false,
        },
        speed: Speed::Half,
    });
    let bytes = encode(&request).expect("a lock run can be shared");
    assert_eq!(decode(&bytes), Ok(request));
    assert!(bytes.len() < 24, "{} bytes", bytes.len());
}

#[test]
fn other_requests_and_damaged_bytes_are_refused() {
    assert_eq!(
        encode(&LabRequest::Ratelimit(RatelimitRequest::Reset)),
        None
    );
    let bytes = encode(&ratelimit(
        Traffic::Trace {
            arrivals: scattered(10),
        },
        Mode::Replay,
        Speed::Normal,
    ))
    .expect("shared");
    assert_eq!(
        decode(&bytes[..bytes.len() - 1]),
        Err(ShareError::Truncated)
    );
    assert_eq!(decode(&[]), Err(ShareError::Truncated));
    assert_eq!(decode(&[2, 1]), Err(ShareError::Version));
    assert_eq!(decode(&[1, 9]), Err(ShareError::Unknown));
    // A count claiming more arrivals than a run may hold is refused before anything is allocated.
    assert_eq!(
        decode(&[1, 1, 1, 5, 10, 1, 0, 1, 0xff, 0xff, 0xff, 0x0f]),
        Err(ShareError::Unknown)
    );
}

#[test]
fn a_repeat_count_past_the_arrivals_is_refused_without_wrapping() {
    // A trace of 2 arrivals: one, then an entry (gap 0, repeated) claiming u64::MAX more. Unchecked,
    // 1 + u64::MAX wrapped to 0 in a release build and the reader pushed arrivals forever.
    let mut crafted = vec![1, 1, 1, 5, 10, 1, 0, 1, 2, 0, 2];
    crafted.extend([0xff; 9]);
    crafted.push(0x01);
    assert_eq!(decode(&crafted), Err(ShareError::Truncated));
    // Repeats that would take the trace just past its count are refused too.
    assert_eq!(
        decode(&[1, 1, 1, 5, 10, 1, 0, 1, 2, 2, 2]),
        Err(ShareError::Truncated)
    );
}
