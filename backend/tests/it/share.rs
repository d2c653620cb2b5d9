//! Share links against real Redis: a replay decoded from a link's bytes decides exactly as the run the
//! link was made from, every time it is opened.

use shared::{
    LabRequest, ServerMsg,
    ratelimit::{Algorithm, Mode, Pattern, RatelimitRequest, Traffic},
    share,
    speed::Speed,
};

use crate::{
    ratelimit::{RunOutput, limits, run},
    support::{WsClient, spawn_app},
};

/// Runs a rate-limit `Run` request through the test helper.
async fn run_request(ws: &mut WsClient, request: &LabRequest) -> RunOutput {
    let LabRequest::Ratelimit(RatelimitRequest::Run {
        algorithms,
        limits,
        mode,
        traffic,
        ..
    }) = request.clone()
    else {
        panic!("a rate-limit run");
    };
    run(ws, &algorithms, limits, mode, traffic).await
}

/// Every decision of a run as (lane, arrival, allowed, remaining, virtual time), in a fixed order.
fn verdicts(out: &RunOutput) -> Vec<(Algorithm, u32, bool, i64, u64)> {
    assert!(
        matches!(out.answer, ServerMsg::Reply { .. }),
        "{:?}",
        out.answer
    );
    let mut all: Vec<_> = out
        .decisions
        .iter()
        .map(|d| {
            (
                d.algorithm,
                d.index,
                d.allowed,
                d.remaining,
                d.at_us - out.origin_us,
            )
        })
        .collect();
    all.sort();
    all
}

#[tokio::test]
async fn a_replay_opened_from_a_share_link_decides_as_the_original_every_time() {
    let app = spawn_app().await;
    let first = {
        let (mut ws, _) = app.session().await;
        let traffic = Traffic::Pattern {
            pattern: Pattern::Poisson {
                per_second: 8,
                seconds: 6,
                seed: 42,
            },
        };
        run(
            &mut ws,
            &Algorithm::ALL,
            limits(5, 2),
            Mode::Replay,
            traffic,
        )
        .await
    };
    // The link carries the arrivals the run reported, as an imported trace would.
    let arrivals = {
        let mut by_index: Vec<_> = first
            .decisions
            .iter()
            .filter(|d| d.algorithm == Algorithm::FixedWindow)
            .map(|d| (d.index, d.at_us - first.origin_us, d.client))
            .collect();
        by_index.sort();
        by_index
            .into_iter()
            .map(|(_, at_us, client)| shared::ratelimit::Arrival { at_us, client })
            .collect()
    };
    let original = LabRequest::Ratelimit(RatelimitRequest::Run {
        algorithms: Algorithm::ALL.to_vec(),
        limits: limits(5, 2),
        mode: Mode::Replay,
        traffic: Traffic::Trace { arrivals },
        speed: Speed::Normal,
    });
    let bytes = share::encode(&original).expect("a replay can be shared");
    let opened = share::decode(&bytes).expect("the link decodes");
    assert_eq!(opened, original);

    let (mut one, _) = app.session().await;
    let (mut two, _) = app.session().await;
    let once = run_request(&mut one, &opened).await;
    let twice = run_request(&mut two, &opened).await;

    assert!(
        verdicts(&first).iter().any(|v| !v.2),
        "some requests were denied"
    );
    assert_eq!(verdicts(&once), verdicts(&first));
    assert_eq!(verdicts(&twice), verdicts(&first));
    assert_eq!(once.lanes(), first.lanes());
}

#[tokio::test]
async fn a_retry_storm_opened_from_a_share_link_retries_as_the_original() {
    let app = spawn_app().await;
    let original = LabRequest::Ratelimit(RatelimitRequest::Run {
        algorithms: Algorithm::ALL.to_vec(),
        limits: limits(5, 1),
        mode: Mode::Replay,
        traffic: Traffic::Pattern {
            pattern: Pattern::RetryJitter {
                per_second: 8,
                seconds: 4,
                base_ms: 300,
                seed: 5,
            },
        },
        speed: Speed::Normal,
    });
    let opened = share::decode(&share::encode(&original).expect("a storm can be shared"))
        .expect("the link decodes");
    assert_eq!(opened, original);

    let (mut one, _) = app.session().await;
    let (mut two, _) = app.session().await;
    let first = run_request(&mut one, &original).await;
    let again = run_request(&mut two, &opened).await;
    assert!(
        first.decisions.iter().any(|d| d.attempt > 0),
        "the storm retried"
    );
    assert_eq!(verdicts(&again), verdicts(&first));
}
