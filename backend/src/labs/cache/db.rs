//! The stand-in for the course's `fetch_product_from_db`: deterministic products behind a configurable
//! latency, counting every fetch. It is not Redis, so its fetches are counted, not traced.

use std::{
    sync::atomic::{AtomicU32, Ordering},
    time::Duration,
};

use shared::cache::{
    Db,
    products::{Product, product},
};

/// The product database of one request.
pub struct ProductDb {
    latency: Duration,
    hits: AtomicU32,
}

impl ProductDb {
    /// A database that answers after `db.latency_ms`.
    pub fn new(db: Db) -> Self {
        Self {
            latency: Duration::from_millis(db.latency_ms.into()),
            hits: AtomicU32::new(0),
        }
    }

    /// `fetch_product_from_db(product_id)`: waits the latency, counts a hit.
    pub async fn fetch(&self, id: u32) -> Product {
        tokio::time::sleep(self.latency).await;
        self.hits.fetch_add(1, Ordering::Relaxed);
        product(id)
    }

    /// Fetches so far.
    pub fn hits(&self) -> u32 {
        self.hits.load(Ordering::Relaxed)
    }
}
