//! The rate-limit lab's later additions against real Redis: the leaky bucket's and GCRA's keys expire,
//! a retry storm's refused requests come back as its pattern says, and the many-servers lesson lets N ×
//! the limit through with the servers' own limiters but never more than the limit with the shared one.

use redis::AsyncCommands;
use shared::{
    LabEvent, LabReply, LabRequest, ServerMsg,
    ratelimit::{
        Algorithm, Mode, Pattern, RatelimitEvent, RatelimitReply, RatelimitRequest, ServerDecision,
        Traffic,
        traffic::{RETRY_ATTEMPTS, Retry},
    },
};

use crate::{
    ratelimit::{limits, run},
    support::spawn_app,
};

#[tokio::test]
async fn the_leaky_bucket_and_gcra_keep_one_expiring_key_each() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let out = run(
        &mut ws,
        &[Algorithm::LeakyBucket, Algorithm::Gcra],
        limits(3, 10),
        Mode::Replay,
        Traffic::Pattern {
            pattern: Pattern::Concurrent {
                clients: 5,
                each: 1,
            },
        },
    )
    .await;
    for algorithm in [Algorithm::LeakyBucket, Algorithm::Gcra] {
        let stats = out.lane(algorithm).stats;
        assert_eq!((stats.allowed, stats.denied), (3, 2), "{algorithm:?}");
    }
    let base = format!("{}rate:api:run1", session.namespace);
    let mut redis = app.redis().await;
    let level: String = redis
        .hget(format!("{base}:leaky"), "level")
        .await
        .expect("HGET");
    assert_eq!(
        level.parse::<f64>().ok(),
        Some(3.0),
        "three units poured in"
    );
    let tat: String = redis.get(format!("{base}:tat")).await.expect("GET");
    let window_us = 10_000_000.0;
    let ahead = tat.parse::<f64>().expect("a number") - (out.origin_us + 5_000_000) as f64;
    assert!(
        (ahead - window_us).abs() < 2.0,
        "three intervals of 10 s / 3 ahead: {ahead}"
    );
    for key in [format!("{base}:leaky"), format!("{base}:tat")] {
        let pttl: i64 = redis.pttl(&key).await.expect("PTTL");
        assert!((1..=10_000).contains(&pttl), "{key}: pttl {pttl}");
    }
}

/// Every retry in `lane` follows a refusal of the same request by the pattern's delay.
fn check_retries(out: &crate::ratelimit::RunOutput, algorithm: Algorithm, retry: Retry) -> usize {
    let lane: Vec<_> = out
        .decisions
        .iter()
        .filter(|d| d.algorithm == algorithm)
        .collect();
    let refusals_retried = lane
        .iter()
        .filter(|d| !d.allowed && d.attempt < RETRY_ATTEMPTS)
        .count();
    let first = lane.iter().filter(|d| d.attempt == 0).count();
    assert_eq!(
        lane.len(),
        first + refusals_retried,
        "{algorithm:?}: every refusal short of the last attempt comes back once"
    );
    if let Retry::Fixed { delay_us } = retry {
        for d in lane.iter().filter(|d| d.attempt > 0) {
            assert!(
                lane.iter().any(|p| !p.allowed
                    && p.client == d.client
                    && p.attempt + 1 == d.attempt
                    && p.at_us + delay_us == d.at_us),
                "{algorithm:?}: retry {d:?} follows a refusal by the delay"
            );
        }
    }
    lane.len() - first
}

#[tokio::test]
async fn a_retry_storm_sends_refused_requests_again_in_every_lane() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let (per_second, seconds, seed) = (20, 5, 11);
    let fixed = Pattern::RetryFixed {
        per_second,
        seconds,
        delay_ms: 100,
        seed,
    };
    let jitter = Pattern::RetryJitter {
        per_second,
        seconds,
        base_ms: 500,
        seed,
    };
    for pattern in [fixed, jitter] {
        let out = run(
            &mut ws,
            &Algorithm::ALL,
            limits(5, 1),
            Mode::Replay,
            Traffic::Pattern { pattern },
        )
        .await;
        let retry = pattern.retry().expect("a storm retries");
        for algorithm in Algorithm::ALL {
            let retries = check_retries(&out, algorithm, retry);
            assert!(
                retries > 0,
                "{pattern:?} {algorithm:?}: 20/s over 5/s refuses"
            );
        }
    }
}

#[tokio::test]
async fn a_retry_storm_cannot_run_live() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let out = run(
        &mut ws,
        &[Algorithm::Gcra],
        limits(5, 1),
        Mode::Live,
        Traffic::Pattern {
            pattern: Pattern::RetryFixed {
                per_second: 5,
                seconds: 1,
                delay_ms: 100,
                seed: 1,
            },
        },
    )
    .await;
    let ServerMsg::Error { error, .. } = out.answer else {
        panic!("expected an error, got {:?}", out.answer);
    };
    assert_eq!(error.param.expect("range").field, "retry");
}

#[tokio::test]
async fn many_servers_let_n_times_the_limit_through_alone_but_only_the_limit_together() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let (servers, max) = (4, 5);
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Servers {
            servers,
            limits: limits(max, 10),
            pattern: Pattern::Steady {
                per_second: 20,
                seconds: 2,
            },
        }))
        .await;
    let mut decisions: Vec<ServerDecision> = Vec::new();
    let reply = loop {
        match ws.recv().await {
            ServerMsg::Event {
                id: got,
                event: LabEvent::Ratelimit(RatelimitEvent::Servers { decisions: more }),
            } if got == id => decisions.extend(more),
            ServerMsg::Reply {
                reply: LabReply::Ratelimit(reply),
                ..
            } => break reply,
            msg @ ServerMsg::Error { .. } => panic!("{msg:?}"),
            _ => {}
        }
    };
    let RatelimitReply::Servers {
        servers: tallies,
        own,
        redis,
    } = reply
    else {
        panic!("expected the servers' summary, got {reply:?}");
    };
    assert_eq!(decisions.len(), 40);
    assert_eq!(tallies.len(), servers as usize);
    assert!(
        tallies
            .iter()
            .all(|t| t.received == 10 && t.own_allowed == max)
    );
    assert_eq!(
        own.allowed,
        servers * max,
        "each server let its own limit through"
    );
    assert!(own.max_in_window > max);
    assert_eq!(redis.allowed, max, "the shared limiter held the limit");
    assert!(redis.max_in_window <= max);
    let redis_by_tally: u32 = tallies.iter().map(|t| t.redis_allowed).sum();
    assert_eq!(redis_by_tally, redis.allowed);
    assert!(
        decisions.iter().all(|d| !d.trace.is_empty()),
        "Redis decided every request"
    );

    let key = format!("{}rate:api:servers1:log", session.namespace);
    let mut redis_conn = app.redis().await;
    let logged: u32 = redis_conn.zcard(&key).await.expect("ZCARD");
    assert_eq!(
        logged, max,
        "Redis holds exactly the requests it let through"
    );
    let pttl: i64 = redis_conn.pttl(&key).await.expect("PTTL");
    assert!((1..=10_000).contains(&pttl), "pttl {pttl}");
}

/// The refused share of each lane: refusals over all decisions, retries included.
fn refused_shares(out: &crate::ratelimit::RunOutput) -> Vec<(Algorithm, f64)> {
    Algorithm::ALL
        .into_iter()
        .map(|algorithm| {
            let stats = out.lane(algorithm).stats;
            let share = f64::from(stats.denied) / f64::from(stats.allowed + stats.denied);
            (algorithm, share)
        })
        .collect()
}

#[tokio::test]
async fn fixed_retries_grow_the_refused_share_and_jittered_backoff_calms_it_in_every_lane() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    // The guided demos' storm: on average as many requests as a limit of 10 per second lets through.
    let (per_second, seconds, seed) = (10, 20, 7);
    let mut shares = Vec::new();
    for pattern in [
        Pattern::RetryFixed {
            per_second,
            seconds,
            delay_ms: 200,
            seed,
        },
        Pattern::RetryJitter {
            per_second,
            seconds,
            base_ms: 2000,
            seed,
        },
        Pattern::Poisson {
            per_second,
            seconds,
            seed,
        },
    ] {
        let traffic = Traffic::Pattern { pattern };
        let out = run(
            &mut ws,
            &Algorithm::ALL,
            limits(10, 1),
            Mode::Replay,
            traffic,
        )
        .await;
        shares.push(refused_shares(&out));
    }
    for (i, (algorithm, fixed)) in shares[0].iter().enumerate() {
        let (jitter, once) = (shares[1][i].1, shares[2][i].1);
        let figures =
            format!("{algorithm:?}: fixed {fixed:.3}, jitter {jitter:.3}, no retries {once:.3}");
        assert!(
            *fixed > once,
            "fixed retries make the refused share grow: {figures}"
        );
        assert!(
            jitter < *fixed,
            "jittered backoff calms the storm: {figures}"
        );
    }
}
