//! A session: one browser connection's identity, its namespace, and the connections its labs use. Where
//! Redis has ACL, those connections log in as the session's own user, limited to its namespace.

use std::{
    any::Any,
    collections::HashMap,
    sync::{LazyLock, Mutex},
    time::{SystemTime, UNIX_EPOCH},
};

use rand::{Rng, distr::Alphanumeric};
use shared::{RequestId, SessionInfo};

use crate::store::{
    Channel, Conn, Listener, Namespace, Relayed, Script, SessionUser, ShardedSubscriber, Store,
    StoreError, Subscriber, Tracer,
};

/// Longest life of any key a session writes, in seconds. Keys outlive a crashed backend by at most this.
pub const KEY_TTL_SECS: u64 = 3600;
/// Characters in a session id: 16 alphanumerics are about 95 bits, enough that ids cannot be guessed.
const ID_LEN: usize = 16;
/// Characters in a tab's tag in its session's presence.
const TAB_LEN: usize = 10;

/// Counts tab ARGV[1] in presence KEYS[1], a sorted set of the session's open tabs scored by when each
/// stops counting (ARGV[2], now in ms, plus ARGV[3] s) unless it refreshes; drops tabs past theirs (a
/// crashed backend's) and keeps the set ARGV[3] s. Returns {1 when the tab was not counted (new, or
/// Redis lost it), tabs counted}.
const PRESENT: &str = r"
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local added = redis.call('ZADD', KEYS[1], tonumber(ARGV[2]) + 1000 * tonumber(ARGV[3]), ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {added, redis.call('ZCARD', KEYS[1])}
";

/// Takes tab ARGV[1] out of presence KEYS[1] and drops tabs past their time (ARGV[2], now in ms). Returns
/// the tabs left, or -1 when the tab was not counted (Redis lost the set): then nobody knows whether
/// other tabs are open, and nothing is created either.
const LEAVE: &str = r"
local was = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if was == 0 then
  return -1
end
return redis.call('ZCARD', KEYS[1])
";

static PRESENT_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(PRESENT));
static LEAVE_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(LEAVE));

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

/// One browser connection's view of Redis.
pub struct Session {
    info: SessionInfo,
    /// Handles that long runs register so later requests can steer them (e.g. publish through a Pub/Sub
    /// hub), by the run's request id. A std mutex: nothing awaits while it is held.
    controls: Mutex<HashMap<RequestId, Box<dyn Any + Send>>>,
    namespace: Namespace,
    store: Store,
    /// This tab's member in the session's presence set.
    tab: String,
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
            None => random_tag(ID_LEN),
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
            user: store.session_user(&namespace, &tracer),
            namespace,
            store,
            tab: random_tag(TAB_LEN),
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
            .conn_traced(self.tracer.for_request(id).playground())
            .incr_with_expiry(&counter, KEY_TTL_SECS)
            .await?;
        Ok(n as u64)
    }

    /// Counts this connection in the session's presence, so the session's keys outlive it while another
    /// tab is still open, then creates the session's ACL user or adds this tab's password to it. If this
    /// fails, the first connection the session opens tries again.
    pub async fn open(&self) -> Result<(), StoreError> {
        self.present().await?;
        match &self.user {
            Some(user) => user.provision().await,
            None => Ok(()),
        }
    }

    /// Tells the session this tab is still open: called periodically while the socket lives, since
    /// presence expires after [`KEY_TTL_SECS`] (and the ACL sweep deletes the user of a session without
    /// presence). When Redis lost the tab's presence (a restart), it is counted again and the session
    /// user provisioned again.
    pub async fn refresh_presence(&self) -> Result<(), StoreError> {
        if self.present().await? {
            tracing::info!("presence was lost; counted again");
            if let Some(user) = &self.user {
                user.provision().await?;
            }
        }
        Ok(())
    }

    /// Counts this tab in the session's presence for [`KEY_TTL_SECS`] from now; whether it was not
    /// counted before.
    async fn present(&self) -> Result<bool, StoreError> {
        let presence = self.namespace.key("presence");
        let argv = [
            self.tab.clone(),
            now_ms().to_string(),
            KEY_TTL_SECS.to_string(),
        ];
        let mut conn = self.store.conn(self.tracer.playground());
        let reply = conn.eval_ints(&PRESENT_SCRIPT, &[&presence], &argv).await?;
        match reply.as_slice() {
            [added, _] => Ok(*added == 1),
            other => Err(StoreError::UnexpectedReply(format!("{other:?}"))),
        }
    }

    /// Whether this session's connections log in as its own ACL user (else the prefix alone keeps it
    /// apart).
    pub fn has_acl_user(&self) -> bool {
        self.user.is_some()
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

    /// Every control of type `T` this session's runs registered (e.g. the rooms this tab is in).
    pub fn controls<T: Any + Send + Clone>(&self) -> Vec<T> {
        let Ok(controls) = self.controls.lock() else {
            return Vec::new();
        };
        controls
            .values()
            .filter_map(|control| control.downcast_ref::<T>())
            .cloned()
            .collect()
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
        self.conn_traced(self.tracer.for_request(id))
    }

    /// The session's own connection, traced through `tracer`.
    fn conn_traced(&self, tracer: Tracer) -> Conn {
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

    /// A connection of its own for virtual client `client` whose replies may take up to
    /// `response_timeout`: the console's blocking commands, stopped by dropping it.
    pub async fn blocking_conn(
        &self,
        id: RequestId,
        client: &str,
        response_timeout: std::time::Duration,
    ) -> Result<Conn, StoreError> {
        let tracer = self.tracer.for_request(id).for_client(client);
        match &self.user {
            Some(user) => user.blocking_conn(tracer, response_timeout).await,
            None => self.store.blocking(tracer, response_timeout).await,
        }
    }

    /// A connection of its own for the playground's reads of request `id` (made only to show what
    /// happened, like the lock lab's readings of the lock key), traced under `client` as the
    /// playground's own.
    pub async fn playground_conn(&self, id: RequestId, client: &str) -> Result<Conn, StoreError> {
        let tracer = self.tracer.for_request(id).for_client(client).playground();
        match &self.user {
            Some(user) => user.client_conn(tracer).await,
            None => self.store.dedicated(tracer).await,
        }
    }

    /// A subscriber connection of its own for virtual client `client`, traced under that name, for the
    /// session's own channels.
    pub async fn subscriber(&self, id: RequestId, client: &str) -> Result<Subscriber, StoreError> {
        self.subscriber_in(id, client, &self.namespace).await
    }

    /// A subscriber like [`Session::subscriber`] for the channels of `namespace` (a room's): on a
    /// cluster it connects where their `PUBLISH` runs, so `PUBLISH` counts it.
    pub async fn subscriber_in(
        &self,
        id: RequestId,
        client: &str,
        namespace: &Namespace,
    ) -> Result<Subscriber, StoreError> {
        let tracer = self.tracer.for_request(id).for_client(client);
        match &self.user {
            Some(user) => user.subscriber(tracer, namespace).await,
            None => self.store.subscriber(tracer, namespace).await,
        }
    }

    /// A [`Listener`] of its own for the channels of `namespace` (a room's): sharded on a cluster,
    /// classic on one server.
    pub async fn listener_in(
        &self,
        id: RequestId,
        client: &str,
        namespace: &Namespace,
    ) -> Result<Listener, StoreError> {
        Ok(match self.sharded_subscriber(id, client).await? {
            Some(sharded) => Listener::Sharded(sharded),
            None => Listener::Classic(self.subscriber_in(id, client, namespace).await?),
        })
    }

    /// `channels` of `namespace` (a room's), heard through the backend's one subscription to them,
    /// shared with every member on this backend ([`Store::relay`]); the member's trace shows each
    /// message, and the `SUBSCRIBE` when this member opened the subscription.
    pub async fn relay(
        &self,
        id: RequestId,
        namespace: &Namespace,
        channels: &[Channel],
    ) -> Result<Relayed, StoreError> {
        let tracer = self.tracer.for_request(id);
        let opener = tracer.for_client("room relay");
        self.store
            .relay(namespace, channels, &opener, tracer.for_client("room"))
            .await
    }

    /// A sharded subscriber of its own (`SSUBSCRIBE`) for virtual client `client`; `None` on one
    /// server.
    pub async fn sharded_subscriber(
        &self,
        id: RequestId,
        client: &str,
    ) -> Result<Option<ShardedSubscriber>, StoreError> {
        let tracer = self.tracer.for_request(id).for_client(client);
        match &self.user {
            Some(user) => user.sharded_subscriber(tracer).await,
            None => self.store.sharded_subscriber(tracer).await,
        }
    }

    /// The store this session runs on.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Called when a socket of the session closes: its password leaves the session user, and the last
    /// tab to leave deletes every key of the session, and the user, and reports how many keys. Expiry
    /// and the store's sweep cover a crash. A tab whose presence Redis lost (a restart) cannot know it
    /// is the last, so it deletes nothing but its password: the keys expire, the sweep takes the user.
    pub async fn cleanup(&self) -> Result<u64, StoreError> {
        let mut conn = self.store.conn(self.tracer.playground());
        let presence = self.namespace.key("presence");
        let argv = [self.tab.clone(), now_ms().to_string()];
        let last = conn.eval_int(&LEAVE_SCRIPT, &[&presence], &argv).await? == 0;
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

/// `len` random letters and digits.
fn random_tag(len: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
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
