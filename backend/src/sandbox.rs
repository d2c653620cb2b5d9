//! Sandboxes for untrusted learner code: each grading gets a redis-server of its own, started the way
//! the slow-subscriber demo starts its private server, and killed when the grading ends.
//!
//! The sandbox keeps nothing on disk, caps its data (`maxmemory`) and its whole process (`prlimit
//! --as`, which also bounds a Lua script's tables), answers `BUSY` after [`BUSY_SCRIPT_MS`] of one
//! script, and has the server-wide commands renamed away. A script past the threshold is stopped
//! from an admin connection opened before it ran (`SCRIPT KILL`); one that already wrote cannot be
//! killed that way, so the process is killed. The number of sandboxes one backend runs at once is
//! bounded by [`Sandboxes`]. Every command reaches the sandbox through [`crate::store`], traced.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use shared::exercise::BUSY_SCRIPT_MS;
use tokio::sync::{Mutex, OwnedSemaphorePermit, Semaphore};

use crate::{
    embedded::EmbeddedRedis,
    error::LabError,
    store::{Conn, Namespace, Store, StoreError, Subscriber, Tracer},
};

/// The sandbox's data cap.
const MAX_MEMORY: &str = "64mb";
/// The most the sandbox's process may map, data, Lua and allocator slack together, in bytes.
const ADDRESS_SPACE: u64 = 768 * 1024 * 1024;
/// Commands no learner script needs that reach beyond the script's own keys: renamed to nothing, so
/// Redis does not know them (those Redis already refuses in scripts are renamed too, for any other
/// connection).
const RENAMED_AWAY: &[&str] = &[
    "FLUSHALL",
    "FLUSHDB",
    "CONFIG",
    "DEBUG",
    "SHUTDOWN",
    "MODULE",
    "REPLICAOF",
    "SLAVEOF",
    "MIGRATE",
    "SAVE",
    "BGSAVE",
    "BGREWRITEAOF",
    "MONITOR",
];

/// How long one decision may take before the sandbox stops it: the busy threshold, and a margin for
/// the reply to arrive.
pub const DECISION_DEADLINE: Duration = Duration::from_millis(BUSY_SCRIPT_MS as u64 + 100);

/// The sandboxes one backend process may run at once. Cheap to clone.
#[derive(Clone)]
pub struct Sandboxes {
    slots: Arc<Semaphore>,
    most: u32,
}

impl Sandboxes {
    /// At most `most` sandboxes at once.
    pub fn new(most: u32) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(most as usize)),
            most,
        }
    }

    /// Starts a sandbox, or refuses when this backend already runs as many as it may. Its admin
    /// connection's commands are traced through `tracer`.
    pub async fn open(&self, tracer: Tracer) -> Result<Sandbox, LabError> {
        let permit = self.slots.clone().try_acquire_owned().map_err(|_| {
            LabError::LimitReached(format!(
                "this server grades at most {} scripts at once; try again in a moment",
                self.most
            ))
        })?;
        Sandbox::start(permit, tracer).await
    }
}

/// One running sandbox; dropping it kills the server and frees its slot.
pub struct Sandbox {
    server: Mutex<EmbeddedRedis>,
    store: Store,
    /// Opened before any learner code runs: a busy server still answers `SCRIPT KILL` on it.
    admin: Mutex<Conn>,
    started_in: Duration,
    _slot: OwnedSemaphorePermit,
}

impl Sandbox {
    async fn start(slot: OwnedSemaphorePermit, tracer: Tracer) -> Result<Self, LabError> {
        let started = Instant::now();
        let threshold = BUSY_SCRIPT_MS.to_string();
        let mut extra = vec![
            "--maxmemory",
            MAX_MEMORY,
            "--maxmemory-policy",
            "noeviction",
            // `busy-reply-threshold` since Redis 7; this older name still works everywhere.
            "--lua-time-limit",
            &threshold,
            "--maxclients",
            "64",
        ];
        for command in RENAMED_AWAY {
            extra.extend(["--rename-command", *command, ""]);
        }
        let server = EmbeddedRedis::start_capped(&extra, ADDRESS_SPACE)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "a sandbox redis-server did not start");
                StoreError::Unavailable
            })?;
        let store = Store::connect(&server.url()).await?;
        let admin = store.dedicated(tracer.playground()).await?;
        Ok(Self {
            server: Mutex::new(server),
            store,
            admin: Mutex::new(admin),
            started_in: started.elapsed(),
            _slot: slot,
        })
    }

    /// How long the server took to start and accept its admin connection.
    pub fn started_in(&self) -> Duration {
        self.started_in
    }

    /// A connection of its own on the sandbox, traced through `tracer`.
    pub async fn connection(&self, tracer: Tracer) -> Result<Conn, StoreError> {
        self.store.dedicated(tracer).await
    }

    /// A Pub/Sub connection of its own on the sandbox for the channels of `namespace`, traced through
    /// `tracer`.
    pub async fn subscriber(
        &self,
        tracer: Tracer,
        namespace: &Namespace,
    ) -> Result<Subscriber, StoreError> {
        self.store.subscriber(tracer, namespace).await
    }

    /// Stops a script that ran past the threshold: `SCRIPT KILL`, and when that cannot stop it (it
    /// already wrote, or the server does not answer), the process itself.
    pub async fn stop_runaway(&self) {
        let killed = tokio::time::timeout(DECISION_DEADLINE, self.admin.lock().await.script_kill())
            .await
            .is_ok_and(|reply| reply.is_ok());
        if !killed {
            tracing::info!("a sandbox script could not be killed; killing the sandbox");
            self.server.lock().await.kill().await;
        }
    }
}
