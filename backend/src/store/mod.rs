//! The one module that talks to Redis. Every command a lab runs goes through [`Conn`], which records it in
//! the session's command trace; no other module imports the `redis` crate.
//!
//! - [`keys`]: namespaced [`Key`]s; a lab cannot name a key outside its session.
//! - [`conn`]: [`Conn`], a traced connection; [`commands`]: its typed single-command operations.
//! - [`hashes`]: hash commands and the millisecond `SET NX PX` of a workshop room.
//! - [`transaction`]: MULTI/EXEC pipelines, traced command by command.
//! - [`subscriber`]: Pub/Sub connections; subscriptions and received messages are traced.
//! - [`stalled`]: a subscriber that stops reading, for the output-buffer demo.
//! - [`script`]: Lua scripts run with `EVALSHA`, loaded on `NOSCRIPT`, traced.
//! - [`reply`]: the short form of a reply shown in the trace.
//! - [`trace`]: [`Tracer`], which records each command and streams it to the session.
//! - [`health`]: the background probe that tells every browser when Redis goes away and comes back.

mod commands;
mod conn;
mod hashes;
mod health;
mod keys;
mod reply;
mod script;
mod stalled;
mod subscriber;
mod trace;
mod transaction;

use std::{sync::Arc, time::Duration};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use shared::RedisHealth;
use tokio::sync::watch;

pub use commands::SetMode;
pub use conn::{Conn, StoreError};
pub use health::spawn_monitor;
pub use keys::{Channel, Key, Namespace};
pub use script::Script;
pub use stalled::StalledSubscriber;
pub use subscriber::{Delivery, Subscriber};
pub use trace::{TraceSink, Tracer, trace_channel};
pub use transaction::Transaction;

/// How long an ordinary command may take before it counts as failed. The redis crate's 500 ms default is
/// too short for a loaded CI machine, and blocking commands get connections of their own later.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long opening a connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Cheap-to-clone handle to one Redis deployment: a URL, a shared auto-reconnecting connection, and the
/// latest health reading.
#[derive(Clone)]
pub struct Store {
    client: redis::Client,
    shared: ConnectionManager,
    /// Written only by the health monitor; every session holds a receiver.
    health: Arc<watch::Sender<RedisHealth>>,
}

impl Store {
    /// Connects to `url` and probes it once, so a wrong URL fails at start-up with a clear error.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(|e| StoreError::BadUrl(e.to_string()))?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(RESPONSE_TIMEOUT))
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_millis(500));
        let mut shared = ConnectionManager::new_with_config(client.clone(), config)
            .await
            .map_err(StoreError::from_redis)?;
        let first = health::probe(&mut shared).await;
        if !first.reachable {
            return Err(StoreError::Unavailable);
        }
        Ok(Self {
            client,
            shared,
            health: Arc::new(watch::Sender::new(first)),
        })
    }

    /// The latest health reading.
    pub fn health(&self) -> RedisHealth {
        self.health.borrow().clone()
    }

    /// A receiver that changes whenever Redis goes away or comes back.
    pub fn watch_health(&self) -> watch::Receiver<RedisHealth> {
        self.health.subscribe()
    }

    /// A traced handle on the shared connection, for a session's own commands.
    pub fn conn(&self, tracer: Tracer) -> Conn {
        Conn::shared(self.shared.clone(), tracer)
    }

    /// A subscriber connection of its own, traced under the tracer's client name.
    pub async fn subscriber(&self, tracer: Tracer) -> Result<Subscriber, StoreError> {
        let pubsub = self
            .client
            .get_async_pubsub()
            .await
            .map_err(StoreError::from_redis)?;
        Ok(Subscriber::new(pubsub, tracer))
    }

    /// A subscriber to `channel` that never reads after subscribing. Only for a Redis on loopback.
    pub async fn stalled_subscriber(
        &self,
        channel: &Channel,
        tracer: Tracer,
    ) -> Result<StalledSubscriber, StoreError> {
        let port = match self.client.get_connection_info().addr() {
            redis::ConnectionAddr::Tcp(_, port) => *port,
            _ => return Err(StoreError::Unavailable),
        };
        StalledSubscriber::connect(port, channel, tracer).await
    }

    /// A traced connection of its own, for one virtual client, so races between clients are real.
    pub async fn dedicated(&self, tracer: Tracer) -> Result<Conn, StoreError> {
        let config = redis::AsyncConnectionConfig::new()
            .set_response_timeout(Some(RESPONSE_TIMEOUT))
            .set_connection_timeout(Some(CONNECT_TIMEOUT));
        let link = self
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await
            .map_err(StoreError::from_redis)?;
        Ok(Conn::dedicated(link, tracer))
    }
}
