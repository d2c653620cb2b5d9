//! Reading through the cache, cache-aside: `GET product:{id}`; on a miss, fetch from the database and
//! `SETEX` it. Measured cold and warm, and under a stampede with or without a lock around the recompute.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU32, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use shared::{
    cache::{Measured, products::popular_ids},
    lock::{Acquire, Release},
};
use tokio::task::JoinSet;

use super::{db::ProductDb, product_key, warmer::jittered};
use crate::{
    error::LabError,
    labs::{
        Events,
        lock::distributed_lock::{Acquired, DistributedLock},
    },
    session::Session,
    store::{Conn, Namespace, StoreError},
};

/// Concurrent readers of a measured pass.
const READERS: u32 = 10;
/// Seconds a product cached on a miss lives.
const REFILL_TTL: u64 = 3600;
/// Seconds a recompute lock lives, should its holder die.
const LOCK_SECS: u64 = 5;

/// One cache-aside read; true on a hit.
async fn read(
    conn: &mut Conn,
    namespace: &Namespace,
    db: &ProductDb,
    id: u32,
) -> Result<bool, StoreError> {
    let key = product_key(namespace, id);
    if conn.get(&key).await?.is_some() {
        return Ok(true);
    }
    let product = db.fetch(id).await;
    let json = serde_json::to_string(&product).unwrap_or_default();
    conn.setex(&key, REFILL_TTL, &json).await?;
    Ok(false)
}

/// `reads` Zipf-popular reads by [`READERS`] readers, each on its own connection.
pub async fn measure(
    session: &Session,
    events: &Events,
    db: Arc<ProductDb>,
    reads: u32,
    seed: u64,
) -> Result<Measured, LabError> {
    let ids: Arc<[u32]> = popular_ids(reads, seed).into();
    let next = Arc::new(AtomicUsize::new(0));
    let hits = Arc::new(AtomicU32::new(0));
    let mut tasks = JoinSet::new();
    for reader in 0..READERS.min(reads) {
        let mut conn = session
            .client_conn(events.id(), &format!("reader-{reader}"))
            .await?;
        let (ids, next, hits, db) = (ids.clone(), next.clone(), hits.clone(), db.clone());
        let namespace = session.namespace().clone();
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            while let Some(&id) = ids.get(next.fetch_add(1, Ordering::Relaxed)) {
                let started = Instant::now();
                if read(&mut conn, &namespace, &db, id).await? {
                    hits.fetch_add(1, Ordering::Relaxed);
                }
                latencies.push(started.elapsed().as_micros() as u64);
            }
            Ok::<_, StoreError>(latencies)
        });
    }
    let mut latencies = Vec::with_capacity(reads as usize);
    while let Some(done) = tasks.join_next().await {
        if let Ok(lane) = done {
            latencies.extend(lane?);
        }
    }
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0)
    };
    let hits = hits.load(Ordering::Relaxed);
    Ok(Measured {
        reads,
        hits,
        db_hits: db.hits(),
        hit_ratio: f64::from(hits) / f64::from(reads),
        p50_us: at(0.5),
        p90_us: at(0.9),
        p99_us: at(0.99),
    })
}

/// What a stampede cost.
pub struct StampedeCost {
    /// Database fetches after the keys expired.
    pub db_hits: u32,
    /// Reads made.
    pub reads: u32,
    /// Milliseconds between the first and the last key found missing.
    pub expiry_spread_ms: u64,
}

/// The settings of a stampede.
pub struct Stampede {
    /// Products 1 to `keys`.
    pub keys: u32,
    /// Concurrent readers.
    pub readers: u32,
    /// Their shared TTL.
    pub ttl_secs: u64,
    /// Spread TTLs by up to ±50 %.
    pub jitter: bool,
    /// One fetcher per key, through the lock lab's `DistributedLock`.
    pub lock: bool,
}

/// Caches products `1..=keys` with one short TTL, then lets `readers` read them in a loop until every
/// key has expired and been recomputed.
pub async fn stampede(
    session: &Session,
    events: &Events,
    db: Arc<ProductDb>,
    s: Stampede,
) -> Result<StampedeCost, LabError> {
    let namespace = session.namespace();
    let mut conn = session.conn(events.id());
    for id in 1..=s.keys {
        let product = serde_json::to_string(&db.fetch(id).await).unwrap_or_default();
        let ttl = jittered(s.ttl_secs, if s.jitter { 50 } else { 0 });
        conn.setex(&product_key(namespace, id), ttl, &product)
            .await?;
    }
    let warm_hits = db.hits();
    let started = Instant::now();
    let refreshed = Arc::new(std::sync::Mutex::new(vec![None::<u64>; s.keys as usize]));
    let reads = Arc::new(AtomicU32::new(0));
    let deadline = Duration::from_secs(s.ttl_secs * 2 + 5);
    let mut tasks = JoinSet::new();
    for reader in 0..s.readers {
        let mut conn = session
            .client_conn(events.id(), &format!("reader-{reader}"))
            .await?;
        let lock_conn = session
            .client_conn(events.id(), &format!("reader-{reader}-lock"))
            .await?;
        let (db, refreshed, reads, namespace) = (
            db.clone(),
            refreshed.clone(),
            reads.clone(),
            namespace.clone(),
        );
        let (keys, lock) = (s.keys, s.lock);
        tasks.spawn(async move {
            let mut lock_conn = lock_conn;
            loop {
                let done = refreshed
                    .lock()
                    .map(|r| r.iter().all(Option::is_some))
                    .unwrap_or(true);
                if done || started.elapsed() > deadline {
                    return Ok::<(), StoreError>(());
                }
                for id in 1..=keys {
                    reads.fetch_add(1, Ordering::Relaxed);
                    let key = product_key(&namespace, id);
                    if conn.get(&key).await?.is_some() {
                        continue;
                    }
                    let at = started.elapsed().as_millis() as u64;
                    if let Ok(mut r) = refreshed.lock() {
                        r[(id - 1) as usize].get_or_insert(at);
                    }
                    if lock {
                        let key = namespace.key(&format!("lock:product:{id}"));
                        let held = DistributedLock::new(lock_conn, key, LOCK_SECS);
                        lock_conn = recompute_locked(held, &mut conn, &namespace, &db, id).await?;
                    } else {
                        read(&mut conn, &namespace, &db, id).await?;
                    }
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        if let Ok(Err(e)) = done {
            return Err(e.into());
        }
    }
    let seen: Vec<u64> = refreshed
        .lock()
        .map(|r| r.iter().flatten().copied().collect())
        .unwrap_or_default();
    let spread = seen
        .iter()
        .max()
        .zip(seen.iter().min())
        .map_or(0, |(max, min)| max - min);
    Ok(StampedeCost {
        db_hits: db.hits() - warm_hits,
        reads: reads.load(Ordering::Relaxed),
        expiry_spread_ms: spread,
    })
}

/// On a miss under the lock: whoever takes `lock:product:{id}` (non-blocking) fetches and caches; the
/// others skip, and find the key filled when they read again. Returns the lock's connection.
async fn recompute_locked(
    mut lock: DistributedLock,
    conn: &mut Conn,
    namespace: &Namespace,
    db: &ProductDb,
    id: u32,
) -> Result<Conn, StoreError> {
    let acquired = lock
        .acquire(Acquire::SetNxEx, false, false, Duration::ZERO, |_| {})
        .await?;
    if acquired == Acquired::Yes {
        let key = product_key(namespace, id);
        if conn.get(&key).await?.is_none() {
            let product = serde_json::to_string(&db.fetch(id).await).unwrap_or_default();
            conn.setex(&key, REFILL_TTL, &product).await?;
        }
        lock.release(Release::Lua).await?;
    }
    Ok(lock.into_conn())
}
