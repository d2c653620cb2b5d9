//! The course's `CacheWarmer`: `warmup_products` fetches each product from the database and caches it
//! with `SETEX product:{id} 3600 <json>`, using W workers like the course's `ThreadPoolExecutor`;
//! `warmup_from_access_log` takes the most viewed products from `product:access_count` first.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU32, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use rand::Rng;
use shared::{
    LabEvent,
    cache::{CacheEvent, Progress},
};
use tokio::task::JoinSet;

use super::{access_log, db::ProductDb, product_key};
use crate::{error::LabError, labs::Events, session::Session, store::StoreError};

/// How often progress reaches the browser.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// One warm-up's settings.
pub struct CacheWarmer<'a> {
    /// The session whose namespace the products are cached in.
    pub session: &'a Session,
    /// The database to fetch from.
    pub db: Arc<ProductDb>,
    /// Seconds each product lives (the course's 3600).
    pub ttl_secs: u64,
    /// Spread each TTL by up to ±`jitter_percent` %.
    pub jitter_percent: u64,
}

impl CacheWarmer<'_> {
    /// `warmup_products(product_ids)`: W workers, each on its own connection, take the next id, fetch it
    /// and `SETEX` it. Reports progress as it goes; returns the final progress.
    pub async fn warmup_products(
        &self,
        events: &Events,
        ids: &[u32],
        workers: u32,
    ) -> Result<Progress, LabError> {
        let started = Instant::now();
        let next = Arc::new(AtomicUsize::new(0));
        let warmed = Arc::new(AtomicU32::new(0));
        let ids: Arc<[u32]> = ids.into();
        let mut tasks = JoinSet::new();
        for worker in 0..workers.min(ids.len() as u32).max(1) {
            let mut conn = self
                .session
                .client_conn(events.id(), &format!("worker-{worker}"))
                .await?;
            let (next, warmed, ids, db) =
                (next.clone(), warmed.clone(), ids.clone(), self.db.clone());
            let namespace = self.session.namespace().clone();
            let (ttl, jitter) = (self.ttl_secs, self.jitter_percent);
            tasks.spawn(async move {
                while let Some(&id) = ids.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let product = db.fetch(id).await;
                    let json = serde_json::to_string(&product).unwrap_or_default();
                    conn.setex(&product_key(&namespace, id), jittered(ttl, jitter), &json)
                        .await?;
                    warmed.fetch_add(1, Ordering::Relaxed);
                }
                Ok::<(), StoreError>(())
            });
        }
        let progress = || Progress {
            warmed: warmed.load(Ordering::Relaxed),
            total: ids.len() as u32,
            elapsed_ms: started.elapsed().as_millis() as u64,
            db_hits: self.db.hits(),
        };
        let mut tick = tokio::time::interval(PROGRESS_EVERY);
        loop {
            tokio::select! {
                finished = tasks.join_next() => match finished {
                    Some(Ok(Err(e))) => return Err(e.into()),
                    Some(_) => {}
                    None => break,
                },
                _ = tick.tick() => events.send(LabEvent::Cache(CacheEvent::Progress(progress()))).await,
            }
        }
        let done = progress();
        events
            .send(LabEvent::Cache(CacheEvent::Progress(done)))
            .await;
        Ok(done)
    }

    /// `warmup_from_access_log(top_n)`: the `top_n` most viewed ids (by `ZREVRANGE`, or `ZRANGE … REV`),
    /// then `warmup_products` of them.
    pub async fn top_from_access_log(
        &self,
        events: &Events,
        top_n: u32,
        zrange_rev: bool,
    ) -> Result<Vec<u32>, LabError> {
        let mut conn = self.session.conn(events.id());
        let key = access_log(self.session.namespace());
        let stop = i64::from(top_n) - 1;
        let members = if zrange_rev {
            conn.zrange_rev(&key, 0, stop).await?
        } else {
            conn.zrevrange(&key, 0, stop).await?
        };
        Ok(members.iter().filter_map(|m| m.parse().ok()).collect())
    }
}

/// `ttl` spread by up to ±`percent` %, at least one second.
pub fn jittered(ttl: u64, percent: u64) -> u64 {
    if percent == 0 {
        return ttl;
    }
    let spread = (ttl * percent / 100) as i64;
    let delta = rand::rng().random_range(-spread..=spread);
    (ttl as i64 + delta).max(1) as u64
}
