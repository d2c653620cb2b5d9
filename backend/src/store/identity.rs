//! [`SessionUser`]: the Redis ACL user a session's connections log in as, and the connections opened as
//! it. Each tab adds a password of its own (a user may have several), so no backend needs another's
//! secret; a tab removes its password when it closes, and the last tab deletes the user.
//!
//! Redis forgets its users when it restarts. A login refused after that re-creates the user, with every
//! namespace this tab was allowed into, and tries once more.

use std::sync::{Arc, Mutex};

use shared::RedisHealth;
use tokio::sync::watch;

use redis::{
    Arg, Cmd, ErrorKind, Pipeline, RedisResult, Value,
    aio::{ConnectionLike, PubSub},
};

use super::{
    Channel, Namespace, RESPONSE_TIMEOUT, Subscriber, Tracer, acl,
    conn::{Conn, OwnLink, Pending},
    deployment::{Deployment, Link, Login},
    error::StoreError,
};

/// Most namespaces (rooms) one tab's user may be let into besides the session's own.
pub const MAX_ALLOWED: usize = 16;

/// One tab's login as its session's ACL user. Cheap to clone.
#[derive(Clone)]
pub struct SessionUser {
    inner: Arc<Inner>,
}

struct Inner {
    /// `pg-<session id>`.
    name: String,
    /// This tab's password, random.
    password: String,
    /// The session's own namespace first, then those it was allowed into (a room's). A std mutex:
    /// nothing awaits while it is held.
    namespaces: Mutex<Vec<Namespace>>,
    /// Where this user's connections go (one server or a cluster).
    deployment: Arc<Deployment>,
    /// The commands the user may run.
    commands: Arc<[String]>,
    /// The backend's own connection, which creates and deletes users.
    admin: Link,
    /// The backend's own connection, for what a [`Conn`] runs as the backend (`SCAN`, a room's claim).
    backend: Link,
    /// Where the `ACL` commands are traced: the session's trace, marked as the playground's own.
    tracer: Tracer,
    /// The connection for the session's own commands.
    own: tokio::sync::Mutex<Own>,
}

/// The session's own connection: opened on first use, and again after it broke or Redis went away.
struct Own {
    conn: Option<Link>,
    /// Changes when Redis goes away or comes back: a connection from before is dead, and is dropped
    /// before a command fails on it.
    health: watch::Receiver<RedisHealth>,
}

impl SessionUser {
    pub(super) fn new(
        namespace: &Namespace,
        deployment: Arc<Deployment>,
        commands: Arc<[String]>,
        admin: Link,
        backend: Link,
        health: watch::Receiver<RedisHealth>,
        tracer: &Tracer,
    ) -> Self {
        let name = acl::user_name(namespace);
        let password = uuid::Uuid::new_v4().simple().to_string();
        Self {
            inner: Arc::new(Inner {
                name,
                password,
                namespaces: Mutex::new(vec![namespace.clone()]),
                deployment,
                commands,
                admin,
                backend,
                tracer: tracer.playground(),
                own: tokio::sync::Mutex::new(Own { conn: None, health }),
            }),
        }
    }

    /// Creates the user, or adds this tab's password to it, with every namespace this tab knows.
    pub async fn provision(&self) -> Result<(), StoreError> {
        let getuser = Cmd::new()
            .arg("ACL")
            .arg("GETUSER")
            .arg(&self.inner.name)
            .clone();
        let create = matches!(self.admin(&getuser).await?, Value::Nil);
        let namespaces = self.namespaces();
        let setuser = acl::setuser(
            &self.inner.name,
            Some(&self.inner.password),
            &namespaces,
            &self.inner.commands,
            create,
        );
        self.admin(&setuser).await.map(drop)
    }

    /// Runs one `ACL` command on the backend's own connection, traced as the playground's with this
    /// tab's password redacted.
    async fn admin(&self, cmd: &Cmd) -> Result<Value, StoreError> {
        let line: Vec<String> = cmd
            .args_iter()
            .map(|arg| match arg {
                Arg::Simple(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                _ => String::new(),
            })
            .collect();
        let shown = line
            .iter()
            .map(|arg| {
                let secret = arg.len() > 1 && arg[1..] == *self.inner.password;
                if secret {
                    format!("{}(redacted)", &arg[..1])
                } else {
                    arg.clone()
                }
            })
            .collect();
        let mut conn = Conn::shared(self.inner.admin.clone(), self.inner.tracer.clone());
        conn.run_redacted(line, shown).await
    }

    /// Lets the user into `ns` too (a room's namespace), for every tab of the session. At most
    /// [`MAX_ALLOWED`] namespaces besides the session's own: rules are never taken back while the tab
    /// is open, so a client entering room after room cannot grow its user's ACL without bound.
    pub async fn allow(&self, ns: &Namespace) -> Result<(), StoreError> {
        if let Ok(mut namespaces) = self.inner.namespaces.lock()
            && !namespaces.contains(ns)
        {
            // The first namespace is the session's own.
            if namespaces.len() > MAX_ALLOWED {
                return Err(StoreError::TooManyNamespaces(MAX_ALLOWED));
            }
            namespaces.push(ns.clone());
        }
        self.provision().await
    }

    /// Lets the user `PSUBSCRIBE` to exactly `pattern`: Redis matches a subscriber's pattern literally
    /// against the user's channel patterns, so `pg:{id}:*` does not cover `pg:{id}:user:*`. The pattern
    /// is inside a namespace of the session by construction.
    pub(super) async fn grant_pattern(&self, pattern: &Channel) -> Result<(), StoreError> {
        let setuser = Cmd::new()
            .arg("ACL")
            .arg("SETUSER")
            .arg(&self.inner.name)
            .arg(format!("&{}", pattern.as_str()))
            .clone();
        self.admin(&setuser).await.map(drop)
    }

    /// Called when this tab closes: removes its password, or deletes the user if it was the `last` tab
    /// of the session (which disconnects whatever is still logged in as it).
    pub async fn release(&self, last: bool) -> Result<(), StoreError> {
        self.inner.own.lock().await.conn.take();
        let mut cmd = Cmd::new();
        cmd.arg("ACL");
        if last {
            cmd.arg("DELUSER").arg(&self.inner.name);
        } else {
            cmd.arg("SETUSER")
                .arg(&self.inner.name)
                .arg(format!("<{}", self.inner.password));
        }
        self.admin(&cmd).await.map(drop)
    }

    /// A traced handle on the session's own connection, logged in as this user.
    pub fn conn(&self, tracer: Tracer) -> Conn {
        Conn::user(self.clone(), self.inner.backend.clone(), tracer)
    }

    /// A traced connection of its own logged in as this user, for one virtual client.
    pub async fn client_conn(&self, tracer: Tracer) -> Result<Conn, StoreError> {
        let link = self.dedicated().await.map_err(StoreError::from_redis)?;
        Ok(Conn::dedicated(link, self.inner.backend.clone(), tracer))
    }

    /// A traced connection of its own logged in as this user, whose replies may take up to
    /// `response_timeout` (a blocking command's).
    pub async fn blocking_conn(
        &self,
        tracer: Tracer,
        response_timeout: std::time::Duration,
    ) -> Result<Conn, StoreError> {
        let link = self
            .connect(response_timeout)
            .await
            .map_err(StoreError::from_redis)?;
        Ok(Conn::dedicated(link, self.inner.backend.clone(), tracer))
    }

    /// A subscriber connection of its own logged in as this user, for the channels of `namespace`.
    pub async fn subscriber(
        &self,
        tracer: Tracer,
        namespace: &Namespace,
    ) -> Result<Subscriber, StoreError> {
        let pubsub = self
            .pubsub(namespace.prefix())
            .await
            .map_err(StoreError::from_redis)?;
        Ok(Subscriber::new(pubsub, tracer, Some(self.clone())))
    }

    /// A sharded subscriber of its own logged in as this user; `None` on one server.
    pub async fn sharded_subscriber(
        &self,
        tracer: Tracer,
    ) -> Result<Option<super::ShardedSubscriber>, StoreError> {
        let opened = self
            .login_retrying(
                |deployment, login| async move { deployment.sharded(Some(login)).await },
            )
            .await
            .map_err(StoreError::from_redis)?;
        Ok(opened.map(|(conn, pushes)| super::ShardedSubscriber::new(conn, pushes, tracer)))
    }

    /// The login (user, password) for a connection the store opens by hand.
    pub(super) fn login(&self) -> (&str, &str) {
        (&self.inner.name, &self.inner.password)
    }

    fn namespaces(&self) -> Vec<Namespace> {
        self.inner
            .namespaces
            .lock()
            .map(|n| n.clone())
            .unwrap_or_default()
    }

    async fn own(&self) -> RedisResult<Link> {
        let mut own = self.inner.own.lock().await;
        if own.health.has_changed().unwrap_or(false) {
            own.health.mark_unchanged();
            own.conn = None;
        }
        if let Some(conn) = own.conn.as_ref() {
            return Ok(conn.clone());
        }
        let conn = self.dedicated().await?;
        own.conn = Some(conn.clone());
        Ok(conn)
    }

    /// A connection that failed underneath is opened again on the next command, as the backend's own
    /// `ConnectionManager` would.
    async fn forget_if_broken(&self, error: Option<&redis::RedisError>) {
        if error.is_some_and(|e| e.is_io_error() || e.is_connection_dropped()) {
            self.inner.own.lock().await.conn.take();
        }
    }

    /// A new connection logged in as this user.
    async fn dedicated(&self) -> RedisResult<Link> {
        self.connect(RESPONSE_TIMEOUT).await
    }

    /// A new connection logged in as this user, with this response timeout.
    async fn connect(&self, response_timeout: std::time::Duration) -> RedisResult<Link> {
        self.login_retrying(|deployment, login| async move {
            deployment.open(Some(login), response_timeout).await
        })
        .await
    }

    /// A new Pub/Sub connection logged in as this user, for the channels of the namespace `near`
    /// names.
    async fn pubsub(&self, near: &str) -> RedisResult<PubSub> {
        let backend = &self.inner.backend;
        self.login_retrying(|deployment, login| async move {
            deployment.pubsub(backend, Some(login), near).await
        })
        .await
    }

    /// Opens a connection with `open`; a refused login (the user is gone: Redis restarted, a sweep
    /// found the session idle, or a cluster node was replaced) re-creates the user (on every node of a
    /// cluster) and tries once more.
    async fn login_retrying<'a, T, F, Fut>(&'a self, open: F) -> RedisResult<T>
    where
        F: Fn(&'a Deployment, Login<'a>) -> Fut,
        Fut: Future<Output = RedisResult<T>>,
    {
        let login = || Login {
            user: &self.inner.name,
            password: &self.inner.password,
        };
        match open(&self.inner.deployment, login()).await {
            Err(e) if e.kind() == ErrorKind::AuthenticationFailed => {
                if let Err(again) = self.provision().await {
                    tracing::warn!(error = %again, user = %self.inner.name, "could not re-create a session user");
                    return Err(e);
                }
                open(&self.inner.deployment, login()).await
            }
            other => other,
        }
    }
}

/// The session's own connection, through which its [`Conn`]s send.
impl OwnLink for SessionUser {
    fn send<'a>(&'a self, cmd: &'a Cmd) -> Pending<'a, Value> {
        Box::pin(async move {
            let mut conn = self.own().await?;
            let result = conn.req_packed_command(cmd).await;
            self.forget_if_broken(result.as_ref().err()).await;
            result
        })
    }

    fn send_pipeline<'a>(&'a self, pipe: &'a Pipeline, count: usize) -> Pending<'a, Vec<Value>> {
        Box::pin(async move {
            let mut conn = self.own().await?;
            let result = conn.req_packed_commands(pipe, 0, count).await;
            self.forget_if_broken(result.as_ref().err()).await;
            result
        })
    }
}
