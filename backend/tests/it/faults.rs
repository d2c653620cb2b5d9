//! Redis stopped mid-run and restarted on the same port, with the backend left running: every connected
//! browser hears that Redis is gone within 1 s, the runs end with an error instead of hanging, and
//! everything works again within 2 s of Redis returning.

use std::time::Duration;

use backend::embedded::EmbeddedRedis;
use shared::{
    ErrorCode, LabEvent, LabRequest, ServerMsg,
    lock::{Faults, LockParams, LockRequest},
};
use tokio::time::Instant;

use crate::support::{WsClient, long_live_ratelimit_run, ping, spawn_app};

/// The bounds: an outage reaches every browser within the first, and the playground works
/// again within the second after Redis is back.
const TOLD_WITHIN: Duration = Duration::from_secs(1);
const BACK_WITHIN: Duration = Duration::from_secs(2);

fn long_lock_run() -> LabRequest {
    LabRequest::Lock(LockRequest::Run {
        params: LockParams {
            rounds: 100,
            deadline_secs: 60,
            ..LockParams::default()
        },
        faults: Faults::default(),
        speed: Default::default(),
    })
}

/// Reads until `ws` is told Redis's reachability, and returns it.
async fn reachability(ws: &mut WsClient) -> bool {
    match ws.until(|m| matches!(m, ServerMsg::Redis { .. })).await {
        ServerMsg::Redis { health } => health.reachable,
        _ => unreachable!("until returns a Redis message"),
    }
}

#[tokio::test]
async fn a_redis_restart_mid_run_is_told_within_a_second_and_survived_within_two() {
    let mut app = spawn_app().await;
    let (mut lock_tab, _) = app.session().await;
    let (mut rate_tab, _) = app.session().await;
    let lock_run = lock_tab.run(long_lock_run()).await;
    let rate_run = rate_tab.run(long_live_ratelimit_run()).await;
    for ws in [&mut lock_tab, &mut rate_tab] {
        ws.until(|m| {
            matches!(
                m,
                ServerMsg::Event {
                    event: LabEvent::Lock(_) | LabEvent::Ratelimit(_),
                    ..
                }
            )
        })
        .await;
    }

    let killed = Instant::now();
    app.redis.take().expect("redis running").stop().await;
    // Both tabs are read at once, so each is timed by its own notice, not by the other tab's reading.
    let (lock_outage, rate_outage) = tokio::join!(
        outage(&mut lock_tab, lock_run, killed),
        outage(&mut rate_tab, rate_run, killed)
    );
    for (told, ended) in [lock_outage, rate_outage] {
        assert!(told < TOLD_WITHIN, "told after {told:?}");
        assert_eq!(ended, ErrorCode::RedisUnavailable);
    }

    app.redis = Some(
        EmbeddedRedis::start_on(app.redis_port, &[])
            .await
            .expect("redis restarts"),
    );
    let restarted = Instant::now();
    let (lock_back, rate_back) = tokio::join!(
        recovery(&mut lock_tab, restarted),
        recovery(&mut rate_tab, restarted)
    );
    for back in [lock_back, rate_back] {
        assert!(back < BACK_WITHIN, "working again after {back:?}");
    }
}

/// Reads `ws` until it has been told Redis is unreachable and run `run` has ended: how long after
/// `killed` the notice came, and the code the run ended with. They may come in either order.
async fn outage(ws: &mut WsClient, run: u64, killed: Instant) -> (Duration, ErrorCode) {
    let (mut told, mut ended) = (None, None);
    loop {
        match ws.recv().await {
            ServerMsg::Redis { health } => {
                assert!(!health.reachable, "only an outage is told");
                told = Some(killed.elapsed());
            }
            ServerMsg::Error {
                id: Some(id),
                error,
            } if id == run => ended = Some(error.code),
            ServerMsg::Reply { id, reply } if id == run => {
                panic!("the run ends with an error, not {reply:?}")
            }
            _ => {}
        }
        if let (Some(told), Some(ended)) = (told, ended) {
            return (told, ended);
        }
    }
}

/// Reads `ws` until it is told Redis is back and a ping works again: how long after `restarted`.
async fn recovery(ws: &mut WsClient, restarted: Instant) -> Duration {
    assert!(reachability(ws).await, "told that Redis is back");
    let id = ws.run(ping("after the restart")).await;
    let (answer, _) = ws.answer(id).await;
    assert!(matches!(answer, ServerMsg::Reply { .. }), "{answer:?}");
    restarted.elapsed()
}
