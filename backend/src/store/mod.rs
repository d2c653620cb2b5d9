//! The one module that talks to Redis. Every command a lab runs goes through [`Conn`], which records it in
//! the session's command trace; no other module imports the `redis` crate.
//!
//! - [`keys`]: namespaced [`Key`]s; a lab cannot name a key outside its session.
//! - [`acl`]: the ACL rules of session users, whether this Redis allows them ([`Isolation`]), the sweep.
//! - [`identity`]: [`SessionUser`], the ACL user a session's connections log in as.
//! - [`error`]: [`StoreError`], why an operation failed.
//! - [`conn`]: [`Conn`], a traced connection; [`commands`]: its typed single-command operations.
//! - [`hashes`]: hash commands and the millisecond `SET NX PX` of a workshop room.
//! - [`transaction`]: MULTI/EXEC pipelines, traced command by command.
//! - [`subscriber`]: Pub/Sub connections; subscriptions and received messages are traced.
//! - [`relay`]: one subscription per backend to a room's channels, shared by its members there.
//! - [`sharded`]: sharded Pub/Sub on a cluster (`SSUBSCRIBE`), and each node's cluster bus read.
//! - [`deployment`]: one server or a cluster, how connections to it are opened, and [`Link`].
//! - [`stalled`]: a subscriber that stops reading, for the output-buffer demo.
//! - [`script`]: Lua scripts run with `EVALSHA`, loaded on `NOSCRIPT`, traced.
//! - [`sandbox`]: a learner's own script on a private sandbox Redis, its kill, and the reads that grade it.
//! - [`reply`]: the short form of a reply shown in the trace, and the console's redis-cli form.
//! - [`console`]: the console's lines made ready (refused, or namespaced by Redis's key specs, read by
//!   [`keyspec`]), run and printed; its help and "My keys".
//! - [`trace`]: [`Tracer`], which records each command and streams it to the session.
//! - [`health`]: the background probe that tells every browser when Redis goes away and comes back.

mod acl;
mod commands;
mod conn;
mod console;
mod deployment;
mod error;
mod hashes;
mod health;
mod identity;
mod keys;
mod keyspec;
mod relay;
mod reply;
mod sandbox;
mod script;
mod sharded;
mod stalled;
mod subscriber;
mod trace;
mod transaction;

use std::{sync::Arc, time::Duration};

use shared::RedisHealth;
use tokio::sync::watch;

use deployment::{Deployment, Link};
use stalled::Login;

pub use acl::Isolation;
pub use commands::SetMode;
pub use conn::{Conn, ForPlayground};
pub use console::{Kind, Prepared, console_message, console_subscribed};
pub use error::StoreError;
pub use health::spawn_monitor;
pub use identity::SessionUser;
pub use keys::{Channel, Key, Namespace};
pub use relay::{Heard, Message, Relayed};
pub use script::Script;
pub use sharded::{Bus, BusReading, Listener, ShardedSubscriber};
pub use stalled::StalledSubscriber;
pub use subscriber::{Delivery, Subscriber};
pub use trace::{Entries, TraceSink, Traced, Tracer, trace_channel};
pub use transaction::Transaction;

/// How long an ordinary command may take before it counts as failed. The redis crate's 500 ms default is
/// too short for a loaded CI machine, and blocking commands get connections of their own later.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long opening a connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Cheap-to-clone handle to one Redis deployment (one server or a cluster): where it is, a shared
/// auto-reconnecting connection, the latest health reading, and how sessions are kept apart on it.
#[derive(Clone)]
pub struct Store {
    deployment: Arc<Deployment>,
    shared: Link,
    /// The connection `ACL` commands go through: `shared` on one server; on a cluster, one that reaches
    /// the replicas too.
    admin: Link,
    /// Written only by the health monitor; every session holds a receiver.
    health: Arc<watch::Sender<RedisHealth>>,
    /// Found once at connect: whether sessions log in as ACL users, and which commands those may run.
    policy: Arc<acl::Policy>,
    /// The allow-list of [`Self::policy`], shared by every session user.
    commands: Arc<[String]>,
    /// The subscriptions this backend shares among the members of a room ([`Store::relay`]).
    relays: Arc<relay::Relays>,
}

impl Store {
    /// Connects to `url` and probes it once, so a wrong URL fails at start-up with a clear error. A node
    /// of a Redis Cluster is found to be one, and the cluster is used. Finds out whether it can give each
    /// session an ACL user of its own ([`Store::isolation`]).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_seeds(&[url.to_owned()]).await
    }

    /// Connects like [`Store::connect`] through one URL or several seed nodes of one cluster.
    pub async fn connect_seeds(seeds: &[String]) -> Result<Self, StoreError> {
        let deployment = Deployment::discover(seeds).await?;
        let mut shared = deployment.shared(RESPONSE_TIMEOUT).await?;
        let first = health::probe(&mut shared, deployment.is_cluster()).await;
        if !first.reachable {
            return Err(StoreError::Unavailable);
        }
        let mut admin = deployment.admin(&shared);
        let policy = acl::detect(&mut admin, &deployment).await?;
        Ok(Self {
            deployment: Arc::new(deployment),
            shared,
            admin,
            health: Arc::new(watch::Sender::new(first)),
            commands: policy.commands.clone().into(),
            policy: Arc::new(policy),
            relays: Arc::default(),
        })
    }

    /// Whether this Redis is a cluster.
    pub fn is_cluster(&self) -> bool {
        self.deployment.is_cluster()
    }

    /// How sessions are kept to their own keys and channels on this Redis.
    pub fn isolation(&self) -> Isolation {
        self.policy.isolation
    }

    /// Why sessions are kept apart by prefix only, as a sentence; `None` when they have ACL users.
    pub fn isolation_fallback(&self) -> Option<&str> {
        self.policy.fallback.as_deref()
    }

    /// The ACL user for the session (or room) of `namespace`, with a fresh password for one tab; `None`
    /// under [`Isolation::Prefix`]. Nothing reaches Redis until [`SessionUser::provision`]; its `ACL`
    /// commands are traced through `tracer`, as the playground's own.
    pub fn session_user(&self, namespace: &Namespace, tracer: &Tracer) -> Option<SessionUser> {
        (self.policy.isolation == Isolation::Acl).then(|| {
            SessionUser::new(
                namespace,
                self.deployment.clone(),
                self.commands.clone(),
                self.admin.clone(),
                self.shared.clone(),
                self.health.subscribe(),
                tracer,
            )
        })
    }

    /// Deletes the session users of sessions with no tab open anywhere (a crashed backend's). The health
    /// monitor runs it now and then; returns how many were deleted.
    pub async fn sweep_users(&self) -> Result<u64, StoreError> {
        match self.policy.isolation {
            Isolation::Acl => acl::sweep(&mut self.admin.clone(), &mut self.shared.clone()).await,
            Isolation::Prefix => Ok(0),
        }
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

    /// A subscriber connection of its own for the channels of `namespace` (on a cluster, on the node
    /// their `PUBLISH` runs on), traced under the tracer's client name.
    pub async fn subscriber(
        &self,
        tracer: Tracer,
        namespace: &Namespace,
    ) -> Result<Subscriber, StoreError> {
        let pubsub = self
            .deployment
            .pubsub(&self.shared, None, namespace.prefix())
            .await
            .map_err(StoreError::from_redis)?;
        Ok(Subscriber::new(pubsub, tracer, None))
    }

    /// A sharded subscriber of its own (`SSUBSCRIBE`, Redis 7), traced under the tracer's client name;
    /// `None` on one server, which has no shards.
    pub async fn sharded_subscriber(
        &self,
        tracer: Tracer,
    ) -> Result<Option<ShardedSubscriber>, StoreError> {
        let opened = self
            .deployment
            .sharded(None)
            .await
            .map_err(StoreError::from_redis)?;
        Ok(opened.map(|(conn, pushes)| ShardedSubscriber::new(conn, pushes, tracer)))
    }

    /// A subscriber to `channel` that never reads after subscribing. Only for a Redis on loopback. It logs
    /// in as the user of the channel's session (with a password of its own, given back when it is done),
    /// or under [`Isolation::Prefix`] as the store's own account.
    pub async fn stalled_subscriber(
        &self,
        channel: &Channel,
        tracer: Tracer,
    ) -> Result<StalledSubscriber, StoreError> {
        let info = self.deployment.info();
        let port = self.deployment.port().ok_or(StoreError::Unavailable)?;
        let user = self.session_user(&channel.namespace(), &tracer);
        let login = match &user {
            Some(user) => {
                user.provision().await?;
                let (name, password) = user.login();
                Some(Login {
                    user: Some(name.to_owned()),
                    password: password.to_owned(),
                })
            }
            None => info.redis_settings().password().map(|password| Login {
                user: info.redis_settings().username().map(str::to_owned),
                password: password.to_owned(),
            }),
        };
        StalledSubscriber::connect(port, login, user, channel, tracer).await
    }

    /// A traced connection of its own, for one virtual client, so races between clients are real.
    pub async fn dedicated(&self, tracer: Tracer) -> Result<Conn, StoreError> {
        self.blocking(tracer, RESPONSE_TIMEOUT).await
    }

    /// A traced connection of its own whose replies may take up to `response_timeout` (a blocking
    /// command's).
    pub async fn blocking(
        &self,
        tracer: Tracer,
        response_timeout: Duration,
    ) -> Result<Conn, StoreError> {
        let link = self
            .deployment
            .open(None, response_timeout)
            .await
            .map_err(StoreError::from_redis)?;
        Ok(Conn::dedicated(link, self.shared.clone(), tracer))
    }
}
