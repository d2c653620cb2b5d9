//! A session: one browser connection's identity, its namespace, and the connections its labs use.

use std::{
    any::Any,
    collections::HashMap,
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

use rand::{Rng, distr::Alphanumeric};
use shared::{RequestId, SessionInfo};

use crate::store::{Conn, Namespace, Store, StoreError, Subscriber, Tracer};

/// Longest life of any key a session writes, in seconds. Keys outlive a crashed backend by at most this.
pub const KEY_TTL_SECS: u64 = 3600;
/// Characters in a session id: 16 alphanumerics are about 95 bits, enough that ids cannot be guessed.
const ID_LEN: usize = 16;

/// One browser connection's view of Redis.
pub struct Session {
    info: SessionInfo,
    /// Numbers the session's runs, so each run's keys start empty.
    runs: AtomicU64,
    /// Handles that long runs register so later requests can steer them (e.g. publish through a Pub/Sub
    /// hub), by the run's request id. A std mutex: nothing awaits while it is held.
    controls: Mutex<HashMap<RequestId, Box<dyn Any + Send>>>,
    namespace: Namespace,
    store: Store,
    tracer: Tracer,
}

impl Session {
    /// A new session with a fresh random id, recording its commands through `tracer`.
    pub fn new(store: Store, tracer: Tracer) -> Self {
        let id: String = rand::rng()
            .sample_iter(Alphanumeric)
            .take(ID_LEN)
            .map(char::from)
            .collect();
        let namespace = Namespace::for_session(&id);
        let info = SessionInfo {
            id,
            namespace: namespace.prefix().to_owned(),
            key_ttl_secs: KEY_TTL_SECS,
        };
        Self {
            info,
            runs: AtomicU64::new(0),
            controls: Mutex::new(HashMap::new()),
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

    /// A number no earlier run of this session had.
    pub fn next_run(&self) -> u64 {
        self.runs.fetch_add(1, Ordering::Relaxed) + 1
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
        self.store.conn(self.tracer.for_request(id))
    }

    /// A connection of its own for virtual client `client`, traced under that name.
    pub async fn client_conn(&self, id: RequestId, client: &str) -> Result<Conn, StoreError> {
        self.store
            .dedicated(self.tracer.for_request(id).for_client(client))
            .await
    }

    /// A subscriber connection of its own for virtual client `client`, traced under that name.
    pub async fn subscriber(&self, id: RequestId, client: &str) -> Result<Subscriber, StoreError> {
        self.store
            .subscriber(self.tracer.for_request(id).for_client(client))
            .await
    }

    /// Deletes every key of the session. Called when its socket closes; expiry covers a crash.
    pub async fn cleanup(&self) -> Result<u64, StoreError> {
        self.store
            .conn(self.tracer.clone())
            .delete_matching(&self.namespace, "*")
            .await
    }
}
