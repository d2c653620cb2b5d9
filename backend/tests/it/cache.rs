//! The cache warm-up lab against real Redis: what warm-up writes, that its workers run concurrently, the
//! access log's order, hit ratio cold against warm, TTL jitter, the stampede, and the heat strip.

use redis::AsyncCommands;
use shared::{
    ErrorCode, LabReply, LabRequest, ServerMsg,
    cache::{CacheReply, CacheRequest, Db, Measured, Source, products::product},
};

use crate::support::{WsClient, spawn_app};

async fn cache(ws: &mut WsClient, req: CacheRequest) -> CacheReply {
    let id = ws.run(LabRequest::Cache(req)).await;
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Cache(reply),
            ..
        } => reply,
        other => panic!("expected a cache reply, got {other:?}"),
    }
}

fn fast() -> Db {
    Db { latency_ms: 1 }
}

fn warmup(source: Source, workers: u32, db: Db, ttl_jitter: bool) -> CacheRequest {
    CacheRequest::Warmup {
        source,
        workers,
        db,
        ttl_secs: 3600,
        ttl_jitter,
    }
}

async fn measure(ws: &mut WsClient, reads: u32) -> Measured {
    match cache(
        ws,
        CacheRequest::Measure {
            reads,
            seed: 11,
            db: fast(),
        },
    )
    .await
    {
        CacheReply::Measure(m) => m,
        other => panic!("expected figures, got {other:?}"),
    }
}

#[tokio::test]
async fn warm_up_writes_exactly_the_requested_products_as_json_with_the_courses_ttl() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let reply = cache(
        &mut ws,
        warmup(
            Source::Range {
                first: 1,
                count: 50,
            },
            10,
            fast(),
            false,
        ),
    )
    .await;
    let CacheReply::Warmup { ids, progress } = reply else {
        panic!("expected a warm-up, got {reply:?}");
    };
    assert_eq!(ids, (1..=50).collect::<Vec<_>>());
    assert_eq!(
        (progress.warmed, progress.total, progress.db_hits),
        (50, 50, 50)
    );

    let mut redis = app.redis().await;
    let keys: Vec<String> = redis
        .keys(format!("{}product:*", session.namespace))
        .await
        .expect("KEYS");
    assert_eq!(keys.len(), 50);
    for id in [1, 25, 50] {
        let key = format!("{}product:{id}", session.namespace);
        let json: String = redis.get(&key).await.expect("GET");
        let stored: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(
            stored,
            serde_json::to_value(product(id)).expect("product JSON")
        );
        let ttl: i64 = redis.ttl(&key).await.expect("TTL");
        assert!((3590..=3600).contains(&ttl), "ttl {ttl}");
    }
}

#[tokio::test]
async fn warm_up_workers_really_run_concurrently() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let db = Db { latency_ms: 20 };
    let reply = cache(
        &mut ws,
        warmup(
            Source::Range {
                first: 1,
                count: 100,
            },
            10,
            db,
            false,
        ),
    )
    .await;
    let CacheReply::Warmup { progress, .. } = reply else {
        panic!("expected a warm-up, got {reply:?}");
    };
    let serial_ms = 100 * 20;
    let ratio = progress.elapsed_ms as f64 / f64::from(serial_ms);
    assert!(
        ratio < 0.4,
        "10 workers took {} ms, {ratio:.2} of the serial {serial_ms} ms",
        progress.elapsed_ms
    );
}

#[tokio::test]
async fn warm_up_from_the_access_log_takes_the_top_of_the_sorted_set() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let reply = cache(
        &mut ws,
        CacheRequest::Views {
            views: 2000,
            seed: 5,
        },
    )
    .await;
    let CacheReply::Views { recorded, top } = reply else {
        panic!("expected views, got {reply:?}");
    };
    assert_eq!(recorded, 2000);
    assert!(
        top.windows(2).all(|w| w[0].1 >= w[1].1),
        "most viewed first: {top:?}"
    );

    let mut redis = app.redis().await;
    let log = format!("{}product:access_count", session.namespace);
    let expected: Vec<String> = redis.zrevrange(&log, 0, 4).await.expect("ZREVRANGE");
    let expected: Vec<u32> = expected.iter().map(|id| id.parse().expect("id")).collect();
    for zrange_rev in [false, true] {
        let source = Source::AccessLog {
            top_n: 5,
            zrange_rev,
        };
        let CacheReply::Warmup { ids, .. } = cache(&mut ws, warmup(source, 3, fast(), false)).await
        else {
            panic!("expected a warm-up");
        };
        assert_eq!(ids, expected, "zrange_rev {zrange_rev}");
    }
    let ttl: i64 = redis.ttl(&log).await.expect("TTL");
    assert!(ttl > 0, "the access log expires too");
}

#[tokio::test]
async fn the_hit_ratio_after_warm_up_beats_the_cold_cache() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let cold = measure(&mut ws, 300).await;
    cache(&mut ws, CacheRequest::Reset).await;
    cache(
        &mut ws,
        warmup(
            Source::Range {
                first: 1,
                count: 300,
            },
            10,
            fast(),
            false,
        ),
    )
    .await;
    let warm = measure(&mut ws, 300).await;
    assert!(
        warm.hit_ratio > cold.hit_ratio,
        "cold {cold:?} warm {warm:?}"
    );
    assert!(warm.db_hits < cold.db_hits);
    assert_eq!(
        cold.hits + cold.db_hits,
        300,
        "every cold read is a hit or a database fetch"
    );
}

#[tokio::test]
async fn ttl_jitter_spreads_the_expiries() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    cache(
        &mut ws,
        warmup(
            Source::Range {
                first: 1,
                count: 100,
            },
            10,
            fast(),
            true,
        ),
    )
    .await;
    let mut redis = app.redis().await;
    let mut ttls = Vec::new();
    for id in 1..=100 {
        let ttl: i64 = redis
            .ttl(format!("{}product:{id}", session.namespace))
            .await
            .expect("TTL");
        ttls.push(ttl);
    }
    ttls.sort_unstable();
    ttls.dedup();
    assert!(ttls.len() > 20, "{} distinct TTLs", ttls.len());
    assert!(
        ttls.iter().all(|t| (3230..=3960).contains(t)),
        "within ±10 %: {ttls:?}"
    );
}

#[tokio::test]
async fn a_lock_around_the_recompute_turns_a_stampede_into_one_fetch_per_key() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let stampede = |lock| CacheRequest::Stampede {
        keys: 8,
        readers: 8,
        ttl_secs: 1,
        ttl_jitter: false,
        lock,
        db: Db { latency_ms: 50 },
    };
    let CacheReply::Stampede {
        db_hits: unguarded, ..
    } = cache(&mut ws, stampede(false)).await
    else {
        panic!("expected a stampede");
    };
    cache(&mut ws, CacheRequest::Reset).await;
    let CacheReply::Stampede {
        db_hits: guarded, ..
    } = cache(&mut ws, stampede(true)).await
    else {
        panic!("expected a stampede");
    };
    assert_eq!(guarded, 8, "one fetch per key");
    assert!(
        unguarded > guarded,
        "readers that missed together all fetched: {unguarded}"
    );
}

#[tokio::test]
async fn a_pipeline_beats_one_worker_and_the_heat_strip_reads_real_ttls() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let id = ws
        .run(LabRequest::Cache(CacheRequest::WorkersVsPipeline {
            count: 500,
            workers: 1,
        }))
        .await;
    let (reply, trace) = ws.answer(id).await;
    assert!(
        matches!(
            reply,
            ServerMsg::Reply {
                reply: LabReply::Cache(CacheReply::WorkersVsPipeline { .. }),
                ..
            }
        ),
        "expected timings, got {reply:?}"
    );
    // Round trips, not milliseconds: a traced command that carries a round trip's time waited for its
    // own reply; a pipeline's commands share the one round trip shown on its last.
    let round_trips = |client: &str| {
        let setex: Vec<_> = trace
            .iter()
            .filter(|t| t.client == client && t.command[0] == "SETEX")
            .collect();
        (setex.len(), setex.iter().filter(|t| t.micros > 0).count())
    };
    assert_eq!(round_trips("worker-0"), (500, 500), "one round trip each");
    assert_eq!(round_trips("session"), (500, 1), "one round trip for all");

    cache(&mut ws, CacheRequest::Reset).await;
    cache(
        &mut ws,
        warmup(
            Source::Range {
                first: 1,
                count: 10,
            },
            2,
            fast(),
            false,
        ),
    )
    .await;
    let CacheReply::Inspect { keys } = cache(
        &mut ws,
        CacheRequest::Inspect {
            first: 1,
            count: 20,
        },
    )
    .await
    else {
        panic!("expected readings");
    };
    assert_eq!(keys.len(), 20);
    assert!(keys[..10].iter().all(|k| k.pttl_ms > 3_500_000));
    assert!(keys[10..].iter().all(|k| k.pttl_ms == -2));
}

#[tokio::test]
async fn out_of_range_workers_are_refused() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let id = ws
        .run(LabRequest::Cache(warmup(
            Source::Range { first: 1, count: 5 },
            0,
            fast(),
            false,
        )))
        .await;
    let (answer, traces) = ws.answer(id).await;
    let ServerMsg::Error { error, .. } = answer else {
        panic!("expected an error, got {answer:?}");
    };
    assert_eq!(
        (error.code, error.param.expect("range").field.as_str()),
        (ErrorCode::InvalidParam, "workers")
    );
    assert!(traces.is_empty());
}
