//! The `cache` lab: the course's `CacheWarmer` against a stand-in product database, the access log it
//! warms from, the cache-aside reader that shows what warming buys, a stampede, and W workers against
//! one pipeline.
//!
//! - [`db`]: the stand-in for `fetch_product_from_db`.
//! - [`warmer`]: the course's `warmup_products` and `warmup_from_access_log`.
//! - [`reader`]: cache-aside reads, measured; the stampede.

mod db;
mod reader;
mod warmer;

use std::{sync::Arc, time::Instant};

use shared::cache::{CacheReply, CacheRequest, KeyTtl, Source, products::popular_ids};
use tokio::task::JoinSet;

use crate::{
    error::LabError,
    labs::Events,
    session::Session,
    store::{Key, Namespace, StoreError, Transaction},
};
use db::ProductDb;
use reader::Stampede;
use warmer::CacheWarmer;

/// Seconds the access log lives after its last view.
const ACCESS_LOG_TTL: u64 = 3600;

/// The course's `product:{product_id}`, in the session's namespace.
fn product_key(namespace: &Namespace, id: u32) -> Key {
    namespace.key(&format!("product:{id}"))
}

/// The course's `product:access_count`.
fn access_log(namespace: &Namespace) -> Key {
    namespace.key("product:access_count")
}

/// Runs one validated request of the lab.
pub async fn run(
    session: &Session,
    events: Events,
    req: CacheRequest,
) -> Result<CacheReply, LabError> {
    let namespace = session.namespace();
    let mut conn = session.conn(events.id());
    match req {
        CacheRequest::Views { views, seed } => {
            let log = access_log(namespace);
            let mut tx = Transaction::pipeline();
            for id in popular_ids(views, seed) {
                tx.zincrby(&log, 1, &id.to_string());
            }
            tx.expire(&log, ACCESS_LOG_TTL);
            conn.exec_all(&tx).await?;
            let top = conn
                .zrange_rev_scores(&log, 0, 9)
                .await?
                .into_iter()
                .filter_map(|(id, views)| Some((id.parse().ok()?, views as u32)))
                .collect();
            Ok(CacheReply::Views {
                recorded: views,
                top,
            })
        }
        CacheRequest::Warmup {
            source,
            workers,
            db,
            ttl_secs,
            ttl_jitter,
        } => {
            let warmer = CacheWarmer {
                session,
                db: Arc::new(ProductDb::new(db)),
                ttl_secs: ttl_secs.into(),
                jitter_percent: if ttl_jitter { 10 } else { 0 },
            };
            let ids = match source {
                Source::Range { first, count } => (first..first + count).collect(),
                Source::AccessLog { top_n, zrange_rev } => {
                    warmer
                        .top_from_access_log(&events, top_n, zrange_rev)
                        .await?
                }
            };
            let progress = warmer.warmup_products(&events, &ids, workers).await?;
            Ok(CacheReply::Warmup { ids, progress })
        }
        CacheRequest::Measure { reads, seed, db } => {
            let measured =
                reader::measure(session, &events, Arc::new(ProductDb::new(db)), reads, seed)
                    .await?;
            Ok(CacheReply::Measure(measured))
        }
        CacheRequest::Stampede {
            keys,
            readers,
            ttl_secs,
            ttl_jitter,
            lock,
            db,
        } => {
            let s = Stampede {
                keys,
                readers,
                ttl_secs: ttl_secs.into(),
                jitter: ttl_jitter,
                lock,
            };
            let cost = reader::stampede(session, &events, Arc::new(ProductDb::new(db)), s).await?;
            Ok(CacheReply::Stampede {
                db_hits: cost.db_hits,
                reads: cost.reads,
                expiry_spread_ms: cost.expiry_spread_ms,
            })
        }
        CacheRequest::WorkersVsPipeline { count, workers } => {
            workers_vs_pipeline(session, &events, count, workers).await
        }
        CacheRequest::Inspect { first, count } => {
            let ids: Vec<u32> = (first..first.saturating_add(count)).collect();
            let mut tx = Transaction::pipeline();
            for &id in &ids {
                tx.pttl(&product_key(namespace, id));
            }
            let ttls = conn.exec_ints(&tx).await?;
            let keys = ids
                .into_iter()
                .zip(ttls)
                .map(|(id, pttl_ms)| KeyTtl { id, pttl_ms })
                .collect();
            Ok(CacheReply::Inspect { keys })
        }
        CacheRequest::Reset => {
            let deleted = conn.delete_matching(namespace, "product:*").await?;
            Ok(CacheReply::Reset { deleted })
        }
    }
}

/// `count` products cached by W workers one `SETEX` each, then the same as one pipeline.
async fn workers_vs_pipeline(
    session: &Session,
    events: &Events,
    count: u32,
    workers: u32,
) -> Result<CacheReply, LabError> {
    let namespace = session.namespace();
    let json =
        |id| serde_json::to_string(&shared::cache::products::product(id)).unwrap_or_default();
    let started = Instant::now();
    let per_worker = count.div_ceil(workers);
    let mut tasks = JoinSet::new();
    for worker in 0..workers {
        let mut conn = session
            .client_conn(events.id(), &format!("worker-{worker}"))
            .await?;
        let namespace = namespace.clone();
        let ids = (worker * per_worker + 1)..=((worker + 1) * per_worker).min(count);
        tasks.spawn(async move {
            for id in ids {
                conn.setex(&product_key(&namespace, id), 3600, &json(id))
                    .await?;
            }
            Ok::<(), StoreError>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        if let Ok(Err(e)) = done {
            return Err(e.into());
        }
    }
    let workers_ms = started.elapsed().as_millis() as u64;

    let mut tx = Transaction::pipeline();
    for id in 1..=count {
        tx.setex(&product_key(namespace, id), 3600, &json(id));
    }
    let started = Instant::now();
    session.conn(events.id()).exec_all(&tx).await?;
    let pipeline_ms = started.elapsed().as_millis() as u64;
    Ok(CacheReply::WorkersVsPipeline {
        workers_ms,
        pipeline_ms,
    })
}
