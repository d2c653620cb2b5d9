//! A session: one browser connection's identity, its namespace, and the connections its labs use. Where
//! Redis has ACL, those connections log in as the session's own user, limited to its namespace.

use std::{any::Any, collections::HashMap, sync::Mutex};

use rand::{Rng, distr::Alphanumeric};
use shared::{RequestId, SessionInfo};

use crate::store::{Conn, Namespace, SessionUser, Store, StoreError, Subscriber, Tracer};

/// Longest life of any key a session writes, in seconds. Keys outlive a crashed backend by at most this.
pub const KEY_TTL_SECS: u64 = 3600;
/// Characters in a session id: 16 alphanumerics are about 95 bits, enough that ids cannot be guessed.
const ID_LEN: usize = 16;

/// One browser connection's view of Redis.
pub struct Session {
    info: SessionInfo,
    /// Handles that long runs register so later requests can steer them (e.g. publish through a Pub/Sub
    /// hub), by the run's request id. A std mutex: nothing awaits while it is held.
    controls: Mutex<HashMap<RequestId, Box<dyn Any + Send>>>,
    namespace: Namespace,
    store: Store,
    tracer: Tracer,
    /// This tab's login as the session's ACL user; `None` when Redis isolates by prefix only.
    user: Option<SessionUser>,
}

impl Session {
    /// A session recording its commands through `tracer`: session `joining` (another tab of the same
    /// learner), or a new one with a fresh random id.
    pub fn new(store: Store, tracer: Tracer, joining: Option<SessionId>) -> Self {
        let id = match joining {
            Some(SessionId(id)) => id,
            None => rand::rng()
                .sample_iter(Alphanumeric)
                .take(ID_LEN)
                .map(char::from)
                .collect(),
        };
        let namespace = Namespace::for_session(&id);
        let info = SessionInfo {
            id,
            namespace: namespace.prefix().to_owned(),
            key_ttl_secs: KEY_TTL_SECS,
        };
        Self {
            info,
            controls: Mutex::new(HashMap::new()),
            user: store.session_user(&namespace),
            namespace,
            store,
            tracer,
        }
    }

    /// What the browser is told in its hello.
    pub fn info(&self) -> &SessionInfo {
        &self.info
    }

    /// The prefix every key of this session starts with.
    pub fn namespace(&self) -> &Namespace {
        &self.namespace
    }

    /// A number no earlier run of this session had, in any tab: counted in Redis, so tabs on different
    /// backend processes never share a run's keys.
    pub async fn next_run(&self, id: RequestId) -> Result<u64, StoreError> {
        let counter = self.namespace.key("runs");
        let n = self
            .conn(id)
            .incr_with_expiry(&counter, KEY_TTL_SECS)
            .await?;
        Ok(n as u64)
    }

    /// Counts this connection in the session's presence, so the session's keys outlive it while another
    /// tab is still open, then creates the session's ACL user or adds this tab's password to it. If this
    /// fails, the first connection the session opens tries again.
    pub async fn open(&self) -> Result<(), StoreError> {
        let presence = self.namespace.key("presence");
        let mut conn = self.store.conn(self.tracer.clone());
        conn.incr_with_expiry(&presence, KEY_TTL_SECS).await?;
        match &self.user {
            Some(user) => user.provision().await,
            None => Ok(()),
        }
    }

    /// Lets this session's connections into namespace `ns` too (a room's): its keys and channels join
    /// the session user's. Nothing to do when Redis isolates by prefix only.
    pub async fn allow(&self, ns: &Namespace) -> Result<(), StoreError> {
        match &self.user {
            Some(user) => user.allow(ns).await,
            None => Ok(()),
        }
    }

    /// Lets later requests reach run `id` through `control` (a channel sender, say).
    pub fn register_control<T: Any + Send>(&self, id: RequestId, control: T) {
        if let Ok(mut controls) = self.controls.lock() {
            controls.insert(id, Box::new(control));
        }
    }

    /// The control that run `id` registered, if it is of type `T`.
    pub fn control<T: Any + Send + Clone>(&self, id: RequestId) -> Option<T> {
        let controls = self.controls.lock().ok()?;
        controls.get(&id)?.downcast_ref::<T>().cloned()
    }

    /// Forgets run `id`'s control, when the run ends.
    pub fn unregister_control(&self, id: RequestId) {
        if let Ok(mut controls) = self.controls.lock() {
            controls.remove(&id);
        }
    }

    /// The tracer for commands that virtual client `client` sends for request `id`, for connections the
    /// session does not open itself (e.g. on a private Redis).
    pub fn tracer(&self, id: RequestId, client: &str) -> Tracer {
        self.tracer.for_request(id).for_client(client)
    }

    /// The session's own traced connection, for commands caused by request `id`.
    pub fn conn(&self, id: RequestId) -> Conn {
        let tracer = self.tracer.for_request(id);
        match &self.user {
            Some(user) => user.conn(tracer),
            None => self.store.conn(tracer),
        }
    }

    /// A connection of its own for virtual client `client`, traced under that name.
    pub async fn client_conn(&self, id: RequestId, client: &str) -> Result<Conn, StoreError> {
        let tracer = self.tracer.for_request(id).for_client(client);
        match &self.user {
            Some(user) => user.client_conn(tracer).await,
            None => self.store.dedicated(tracer).await,
        }
    }

    /// A subscriber connection of its own for virtual client `client`, traced under that name.
    pub async fn subscriber(&self, id: RequestId, client: &str) -> Result<Subscriber, StoreError> {
        let tracer = self.tracer.for_request(id).for_client(client);
        match &self.user {
            Some(user) => user.subscriber(tracer).await,
            None => self.store.subscriber(tracer).await,
        }
    }

    /// Called when a socket of the session closes: its password leaves the session user, and the last
    /// tab to leave deletes every key of the session, and the user, and reports how many keys. Expiry
    /// and the store's sweep cover a crash.
    pub async fn cleanup(&self) -> Result<u64, StoreError> {
        let mut conn = self.store.conn(self.tracer.clone());
        let last = conn.decr(&self.namespace.key("presence")).await? <= 0;
        let removed = if last {
            conn.delete_matching(&self.namespace, "*").await?
        } else {
            0
        };
        if let Some(user) = &self.user
            && let Err(e) = user.release(last).await
        {
            tracing::warn!(error = %e, "the session user stays until the sweep");
        }
        Ok(removed)
    }
}

/// A session id a browser asked to join: exactly [`ID_LEN`] letters or digits, like those the backend
/// makes, so it can only name a namespace of the same shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionId(String);

impl std::str::FromStr for SessionId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() == ID_LEN && s.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(format!("a session id is {ID_LEN} letters or digits"))
        }
    }
}
