//! The `cache` lab: the course's `CacheWarmer` against a stand-in product database, the access log it
//! warms from, and what warming buys: hit ratio, database hits and latency, cold against warm. Going
//! further: a stampede when keys expire together, and W workers against one pipeline.

pub mod products;

use serde::{Deserialize, Serialize};

use crate::ParamRange;

/// Products in the stand-in database, ids 1 to this.
pub const CATALOG: u32 = 10_000;
/// Most workers of a warm-up (the course uses 10).
pub const MAX_WORKERS: u32 = 50;
/// Most products warmed, read or viewed in one request.
pub const MAX_BATCH: u32 = 5_000;
/// Most products shown in the heat strip.
pub const MAX_STRIP: u32 = 500;

/// The stand-in database's cost per fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Db {
    /// Milliseconds each `fetch_product_from_db` takes, 0 to 500 (default 20).
    pub latency_ms: u32,
}

impl Default for Db {
    fn default() -> Self {
        Self { latency_ms: 20 }
    }
}

/// Which products a warm-up takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Source {
    /// `warmup_products(range(first, first + count))`.
    Range {
        /// First product id.
        first: u32,
        /// How many.
        count: u32,
    },
    /// `warmup_from_access_log(top_n)`: the most viewed, read from the access-log sorted set.
    AccessLog {
        /// How many of the most viewed.
        top_n: u32,
        /// Read the top with the modern `ZRANGE … REV` instead of the course's deprecated `ZREVRANGE`.
        zrange_rev: bool,
    },
}

/// What the browser asks of the lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum CacheRequest {
    /// Simulated traffic: `views` product views with Zipf-like popularity, each recorded with
    /// `ZINCRBY product:access_count 1 <id>`.
    Views {
        /// How many views, 1 to [`MAX_BATCH`].
        views: u32,
        /// Seed of the popularity draw.
        seed: u64,
    },
    /// The course's warm-up: W workers each fetch a product and `SETEX product:{id} ttl <json>`.
    Warmup {
        /// Which products.
        source: Source,
        /// Workers, 1 to [`MAX_WORKERS`].
        workers: u32,
        /// The database's latency.
        db: Db,
        /// Seconds each cached product lives (the course's 3600), 1 to 86400.
        ttl_secs: u32,
        /// Spread each TTL by up to ±10 % so keys warmed together do not expire together.
        ttl_jitter: bool,
    },
    /// Reads through a cache-aside reader (`GET`; on a miss, fetch and `SETEX`) and measures it.
    Measure {
        /// Reads, 1 to [`MAX_BATCH`], with Zipf-like popularity.
        reads: u32,
        /// Seed of the popularity draw.
        seed: u64,
        /// The database's latency.
        db: Db,
    },
    /// A stampede: `keys` products cached with one short TTL expire together, then `readers` concurrent
    /// readers read them all.
    Stampede {
        /// Keys, 1 to 100.
        keys: u32,
        /// Concurrent readers, 1 to 50.
        readers: u32,
        /// Seconds the keys live, 1 to 10.
        ttl_secs: u32,
        /// Spread the TTLs by up to ±50 %.
        ttl_jitter: bool,
        /// Guard each recompute with the lock lab's `DistributedLock`: one fetcher per key.
        lock: bool,
        /// The database's latency.
        db: Db,
    },
    /// `count` `SETEX`s by W workers one round trip each, against one pipeline of them all.
    WorkersVsPipeline {
        /// Products, 1 to [`MAX_BATCH`].
        count: u32,
        /// Workers, 1 to [`MAX_WORKERS`].
        workers: u32,
    },
    /// `PTTL` of products `first..first+count`, for the heat strip.
    Inspect {
        /// First product id.
        first: u32,
        /// How many, 1 to [`MAX_STRIP`].
        count: u32,
    },
    /// Deletes every cached product and the access log.
    Reset,
}

impl CacheRequest {
    /// Checks every parameter, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ParamRange> {
        let batch = i64::from(MAX_BATCH);
        match *self {
            Self::Views { views, .. } => ParamRange::check("views", views.into(), 1, batch),
            Self::Warmup {
                source,
                workers,
                db,
                ttl_secs,
                ..
            } => {
                source.validate()?;
                ParamRange::check("workers", workers.into(), 1, MAX_WORKERS.into())?;
                db.validate()?;
                ParamRange::check("ttl_secs", ttl_secs.into(), 1, 86_400)
            }
            Self::Measure { reads, db, .. } => {
                ParamRange::check("reads", reads.into(), 1, batch)?;
                db.validate()
            }
            Self::Stampede {
                keys,
                readers,
                ttl_secs,
                db,
                ..
            } => {
                ParamRange::check("keys", keys.into(), 1, 100)?;
                ParamRange::check("readers", readers.into(), 1, 50)?;
                ParamRange::check("ttl_secs", ttl_secs.into(), 1, 10)?;
                db.validate()
            }
            Self::WorkersVsPipeline { count, workers } => {
                ParamRange::check("count", count.into(), 1, batch)?;
                ParamRange::check("workers", workers.into(), 1, MAX_WORKERS.into())
            }
            Self::Inspect { first, count } => {
                ParamRange::check("first", first.into(), 1, CATALOG.into())?;
                ParamRange::check("count", count.into(), 1, MAX_STRIP.into())
            }
            Self::Reset => Ok(()),
        }
    }
}

impl Source {
    fn validate(&self) -> Result<(), ParamRange> {
        match *self {
            Self::Range { first, count } => {
                ParamRange::check("first", first.into(), 1, CATALOG.into())?;
                ParamRange::check(
                    "count",
                    count.into(),
                    1,
                    i64::from(MAX_BATCH.min(CATALOG + 1 - first)),
                )
            }
            Self::AccessLog { top_n, .. } => {
                ParamRange::check("top_n", top_n.into(), 1, MAX_BATCH.into())
            }
        }
    }
}

impl Db {
    fn validate(&self) -> Result<(), ParamRange> {
        ParamRange::check("latency_ms", self.latency_ms.into(), 0, 500)
    }
}

/// Progress of a warm-up, a few times a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Products written so far.
    pub warmed: u32,
    /// Products to write.
    pub total: u32,
    /// Milliseconds since the warm-up began.
    pub elapsed_ms: u64,
    /// Database fetches so far.
    pub db_hits: u32,
}

/// The lab's streamed events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CacheEvent {
    /// A warm-up is under way.
    Progress(Progress),
}

/// Cache-aside figures of one measured pass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// Reads made.
    pub reads: u32,
    /// Reads answered by Redis.
    pub hits: u32,
    /// Reads that went to the database.
    pub db_hits: u32,
    /// `hits / reads`.
    pub hit_ratio: f64,
    /// Read latency percentiles, in microseconds.
    pub p50_us: u64,
    /// See `p50_us`.
    pub p90_us: u64,
    /// See `p50_us`.
    pub p99_us: u64,
}

/// One product's key as `PTTL` found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyTtl {
    /// Product id.
    pub id: u32,
    /// `PTTL product:{id}`: ms left, -2 when not cached.
    pub pttl_ms: i64,
}

/// The lab's final answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum CacheReply {
    /// Views recorded, and the ten most viewed as the access log now ranks them.
    Views {
        /// Views recorded.
        recorded: u32,
        /// `(id, views)`, most viewed first.
        top: Vec<(u32, u32)>,
    },
    /// A finished warm-up.
    Warmup {
        /// The ids warmed, in the order the source gave them.
        ids: Vec<u32>,
        /// Final progress.
        progress: Progress,
    },
    /// A measured pass.
    Measure(Measured),
    /// What a stampede cost.
    Stampede {
        /// Database fetches the readers caused after the keys expired.
        db_hits: u32,
        /// Reads made.
        reads: u32,
        /// Milliseconds between the first and last key expiring, as observed.
        expiry_spread_ms: u64,
    },
    /// Throughput of both ways.
    WorkersVsPipeline {
        /// Milliseconds the workers took.
        workers_ms: u64,
        /// Milliseconds the pipeline took.
        pipeline_ms: u64,
    },
    /// The heat strip's readings.
    Inspect {
        /// One per product asked for.
        keys: Vec<KeyTtl>,
    },
    /// How many keys were deleted.
    Reset {
        /// Keys deleted.
        deleted: u64,
    },
}
