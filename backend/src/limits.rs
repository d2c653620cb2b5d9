//! Limits that keep one learner, or one address, from wearing out the backend or Redis: a message rate
//! per connection, runs and virtual clients per session, gradings per minute per session (and, through
//! [`Sandboxes`], sandboxes per backend), and connections per address.
//!
//! A connection lives on one backend, so its message rate is a token bucket in this process's memory
//! ([`MessageBucket`]): a message costs no round trip before it is handled. The other counts live in
//! Redis under the session's (or the address's) namespace, so every backend process agrees on them. A count is held by a [`Held`] guard that gives it back when released or dropped (a
//! cancelled or aborted run drops its guard too), and every counter expires, so a crashed backend's counts
//! do not outlive it by more than [`COUNT_TTL_SECS`].

use std::{
    net::IpAddr,
    sync::{LazyLock, Mutex, PoisonError},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use shared::ratelimit::{Algorithm, Limits as Rate};
use tokio::task::JoinHandle;

use crate::{
    error::LabError,
    labs::{Checked, ratelimit::limiter::Limiter, room::presence::RoomTimes},
    sandbox::Sandboxes,
    store::{Key, Namespace, Script, Store, StoreError, Tracer},
};

/// Longest a counter outlives its last change or refresh: the bound on a crashed backend's leftover
/// counts. A [`Held`] count refreshes its counters' expiry every third of this while it is held.
pub const COUNT_TTL_SECS: u64 = 600;
/// How often a tab tells its session that it is still open (see [`crate::session::Session::refresh_presence`]).
pub const PRESENCE_EVERY_SECS: u64 = 60;

/// Takes amounts from several counters, all or none.
/// KEYS: the counters. ARGV[1]: milliseconds each counter lives; then, per counter, the amount to take and
/// the most it may hold. Returns {0} when taken, else {i, held} for the first counter `i` (1-based) that
/// the amount would take past its most, with what it holds.
const TAKE: &str = r"
for i, key in ipairs(KEYS) do
  local amount = tonumber(ARGV[2 * i])
  local held = tonumber(redis.call('GET', key) or '0')
  if amount > 0 and held + amount > tonumber(ARGV[2 * i + 1]) then
    return {i, held}
  end
end
for i, key in ipairs(KEYS) do
  local amount = tonumber(ARGV[2 * i])
  if amount > 0 then
    redis.call('INCRBY', key, amount)
    redis.call('PEXPIRE', key, ARGV[1])
  end
end
return {0}
";

/// Gives amounts back. KEYS: the counters; ARGV[i]: the amount of counter `i`. A counter that is gone
/// (expired, or deleted with its session) stays gone, and one that reaches zero is deleted.
const GIVE: &str = r"
for i, key in ipairs(KEYS) do
  local amount = tonumber(ARGV[i])
  if amount > 0 and redis.call('EXISTS', key) == 1 then
    if redis.call('DECRBY', key, amount) <= 0 then
      redis.call('DEL', key)
    end
  end
end
return {0}
";

/// Keeps held counters alive. KEYS: the counters; ARGV[1]: milliseconds each lives from now. A counter
/// that is gone stays gone.
const REFRESH: &str = r"
for _, key in ipairs(KEYS) do
  redis.call('PEXPIRE', key, ARGV[1])
end
return {0}
";

static REFRESH_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(REFRESH));
static TAKE_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(TAKE));
static GIVE_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(GIVE));

/// The limits, set by flags (see `config`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Messages a connection may send at once; the token bucket's capacity.
    pub message_burst: u32,
    /// Seconds in which the bucket refills completely: the sustained rate is `message_burst` per this.
    pub message_window_secs: u32,
    /// Runs in flight in one session, across its tabs, that open Redis connections of their own (a
    /// request that opens none, like a ping or a rate-limit hit, is bounded by the message rate alone).
    pub runs_per_session: u32,
    /// Virtual clients and subscribers the running requests of one session may declare, in total.
    pub clients_per_session: u32,
    /// Open WebSockets from one IP address. High enough by default for a workshop of 200 behind one NAT.
    pub sessions_per_ip: u32,
    /// Exercise submissions one session may have graded in any minute (a sliding log, across tabs).
    pub gradings_per_minute: u32,
    /// Sandbox redis-servers one backend process runs at once; a grading past it is refused.
    pub sandboxes: u32,
    /// Longest one frame may take to reach the socket; a browser that reads slower is disconnected.
    pub send_timeout: Duration,
    /// How long a counter lives past its last change or refresh ([`COUNT_TTL_SECS`]); a held count
    /// refreshes its counters every third of this. Shorter in tests.
    pub count_ttl: Duration,
    /// How often an open tab refreshes its session's presence ([`PRESENCE_EVERY_SECS`]). Shorter in
    /// tests.
    pub presence_every: Duration,
    /// How long a workshop room waits for a presenter whose connection dropped, and how often its
    /// members show they are there. Shorter in tests.
    pub rooms: RoomTimes,
}

impl Default for Limits {
    /// Well above what the frontend ever does: it sends one message per click, and a lab's largest run
    /// declares 103 clients (a Pub/Sub hub of 51 subscribers with a stream consumer each, and its
    /// publisher).
    fn default() -> Self {
        Self {
            message_burst: 40,
            message_window_secs: 2,
            runs_per_session: 16,
            clients_per_session: 160,
            sessions_per_ip: 256,
            gradings_per_minute: 12,
            sandboxes: 4,
            send_timeout: Duration::from_secs(10),
            count_ttl: Duration::from_secs(COUNT_TTL_SECS),
            presence_every: Duration::from_secs(PRESENCE_EVERY_SECS),
            rooms: RoomTimes::default(),
        }
    }
}

/// A count held in Redis; given back by [`Held::release`], or on drop by a task of its own. While it is
/// held, a task of its own keeps its counters from expiring, so a run, a room membership or a socket held
/// longer than the counters' expiry stays counted.
pub struct Held {
    store: Store,
    tracer: Tracer,
    counts: Vec<(Key, u32)>,
    /// The task refreshing the counters' expiry; stopped on release and on drop.
    refresher: Option<JoinHandle<()>>,
}

impl Held {
    /// Nothing held: what a check that could not reach Redis lets through.
    fn nothing(store: &Store, tracer: &Tracer) -> Self {
        Self {
            store: store.clone(),
            tracer: tracer.clone(),
            counts: Vec::new(),
            refresher: None,
        }
    }

    /// Gives the counts back now.
    pub async fn release(mut self) {
        self.stop_refreshing();
        let counts = std::mem::take(&mut self.counts);
        give(&self.store, &self.tracer, counts).await;
    }
}

impl Held {
    fn stop_refreshing(&mut self) {
        if let Some(refresher) = self.refresher.take() {
            refresher.abort();
        }
    }
}

impl Drop for Held {
    /// A run that was aborted, or panicked, never reached `release`: give its counts back from a task.
    fn drop(&mut self) {
        self.stop_refreshing();
        let counts = std::mem::take(&mut self.counts);
        if counts.is_empty() {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (store, tracer) = (self.store.clone(), self.tracer.clone());
            runtime.spawn(async move { give(&store, &tracer, counts).await });
        }
    }
}

/// Refreshes the expiry of `keys` to `ttl` every third of `ttl`, until aborted.
fn spawn_refresher(
    store: &Store,
    tracer: &Tracer,
    keys: Vec<Key>,
    ttl: Duration,
) -> JoinHandle<()> {
    let (store, tracer) = (store.clone(), tracer.clone());
    let every = (ttl / 3).max(Duration::from_millis(10));
    let argv = vec![ttl.as_millis().max(1).to_string()];
    tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let keys: Vec<&Key> = keys.iter().collect();
            let mut conn = store.conn(tracer.clone());
            if let Err(e) = conn.eval_ints(&REFRESH_SCRIPT, &keys, &argv).await {
                tracing::debug!(error = %e, "held counts not refreshed; retrying next time");
            }
        }
    })
}

async fn give(store: &Store, tracer: &Tracer, counts: Vec<(Key, u32)>) {
    if counts.is_empty() {
        return;
    }
    let keys: Vec<&Key> = counts.iter().map(|(key, _)| key).collect();
    let argv: Vec<String> = counts.iter().map(|(_, n)| n.to_string()).collect();
    let mut conn = store.conn(tracer.clone());
    if let Err(e) = conn.eval_ints(&GIVE_SCRIPT, &keys, &argv).await {
        tracing::warn!(error = %e, "could not give counts back; they expire");
    }
}

/// Takes `amount` (at most `max`) from each counter, all or none. `Ok(Err((i, held)))` names the first
/// counter that is full and what it holds.
async fn take(
    store: &Store,
    tracer: &Tracer,
    counts: Vec<(Key, u32, u32)>,
    ttl: Duration,
) -> Result<Result<Held, (usize, i64)>, StoreError> {
    let keys: Vec<&Key> = counts.iter().map(|(key, _, _)| key).collect();
    let mut argv = vec![ttl.as_millis().max(1).to_string()];
    for (_, amount, max) in &counts {
        argv.extend([amount.to_string(), max.to_string()]);
    }
    let mut conn = store.conn(tracer.clone());
    let reply = conn.eval_ints(&TAKE_SCRIPT, &keys, &argv).await?;
    match reply.as_slice() {
        [0] => {
            let counts: Vec<(Key, u32)> = counts
                .into_iter()
                .filter(|(_, n, _)| *n > 0)
                .map(|(key, n, _)| (key, n))
                .collect();
            let keys = counts.iter().map(|(key, _)| key.clone()).collect();
            let refresher = (!counts.is_empty()).then(|| spawn_refresher(store, tracer, keys, ttl));
            Ok(Ok(Held {
                store: store.clone(),
                tracer: tracer.clone(),
                counts,
                refresher,
            }))
        }
        [full, held] if *full >= 1 => Ok(Err(((*full - 1) as usize, *held))),
        other => Err(StoreError::UnexpectedReply(format!("{other:?}"))),
    }
}

/// One connection's limits: its message rate, and the session's runs and clients.
pub struct Quota {
    store: Store,
    tracer: Tracer,
    namespace: Namespace,
    /// This connection's message rate.
    messages: Mutex<MessageBucket>,
    limits: Limits,
    /// This backend's sandbox slots, shared by every connection.
    sandboxes: Sandboxes,
}

impl Quota {
    /// The quota of one connection of the session with `namespace`; its commands are traced through
    /// `tracer` (the session's, under the client name `limits`), as the playground's own.
    /// `sandboxes` are the backend's slots for graders.
    pub fn new(
        store: Store,
        tracer: Tracer,
        namespace: Namespace,
        limits: Limits,
        sandboxes: Sandboxes,
    ) -> Self {
        Self {
            store,
            tracer: tracer.playground(),
            namespace,
            messages: Mutex::new(MessageBucket::full(&limits, Instant::now())),
            limits,
            sandboxes,
        }
    }

    /// The backend's sandbox slots.
    pub fn sandboxes(&self) -> &Sandboxes {
        &self.sandboxes
    }

    /// Counts one grading against the session's gradings per minute (the rate-limit lab's sliding log,
    /// on the session's key `rate:gradings`), or says that limit refuses it.
    async fn admit_grading(&self) -> Result<(), LabError> {
        let now_us = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_micros() as u64)
            .unwrap_or_default();
        let limiter = Limiter {
            namespace: &self.namespace,
            key: "gradings",
            limits: Rate {
                max_requests: self.limits.gradings_per_minute,
                window_seconds: 60,
            },
        };
        let mut conn = self.store.conn(self.tracer.clone());
        let verdict = limiter
            .decide(&mut conn, Algorithm::SlidingLogLua, now_us)
            .await?;
        if verdict.allowed {
            Ok(())
        } else {
            Err(LabError::LimitReached(format!(
                "a session may have at most {} scripts graded a minute; wait a little",
                self.limits.gradings_per_minute
            )))
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether the connection may send one more message now: a token bucket of `message_burst` that
    /// refills completely in `message_window_secs`, in this process's memory.
    pub fn allow_message(&self) -> bool {
        self.messages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take(&self.limits, Instant::now())
    }

    /// Counts one run of `request` with the virtual clients and subscribers it declares (a grading also
    /// against the gradings per minute), or says which limit refuses it. A request that opens no connection of its own (a ping, a rate-limit hit) runs a
    /// few commands on the session's connection and ends: the message rate bounds those, and counting
    /// them too would cost two more round trips per click, so nothing is held for it.
    pub async fn admit_run(&self, request: &Checked) -> Result<Option<Held>, LabError> {
        if request.grades() {
            self.admit_grading().await?;
        }
        let clients = request.virtual_clients();
        if clients == 0 {
            return Ok(None);
        }
        let counts = vec![
            (
                self.namespace.key("limits:runs"),
                1,
                self.limits.runs_per_session,
            ),
            (
                self.namespace.key("limits:clients"),
                clients,
                self.limits.clients_per_session,
            ),
        ];
        match take(&self.store, &self.tracer, counts, self.limits.count_ttl).await? {
            Ok(held) => Ok(Some(held)),
            Err((0, _)) => Err(LabError::LimitReached(format!(
                "a session may have at most {} runs at once; stop one first",
                self.limits.runs_per_session
            ))),
            Err((_, held)) => Err(LabError::LimitReached(format!(
                "a session may have at most {} virtual clients and subscribers at once; \
                 this run needs {clients} and {held} are in use",
                self.limits.clients_per_session
            ))),
        }
    }
}

/// Counts one more connection from `ip`, under `pg:{ip-<ip>}:sessions`, traced as the playground's own.
/// `Err` is the sentence a refused browser is told. While Redis is unreachable the connection is let
/// in uncounted, so the browser hears that Redis is down rather than a wrong reason.
pub async fn admit_connection(
    store: &Store,
    tracer: &Tracer,
    ip: IpAddr,
    limits: &Limits,
) -> Result<Held, String> {
    let tracer = &tracer.playground();
    let key = Namespace::for_session(&format!("ip-{ip}")).key("sessions");
    let counts = vec![(key, 1, limits.sessions_per_ip)];
    match take(store, tracer, counts, limits.count_ttl).await {
        Ok(Ok(held)) => Ok(held),
        Ok(Err(_)) => Err(format!(
            "at most {} connections may come from one address; close a tab or try again later",
            limits.sessions_per_ip
        )),
        Err(e) => {
            tracing::debug!(error = %e, "connections per address not counted");
            Ok(Held::nothing(store, tracer))
        }
    }
}

/// One connection's token bucket: the tokens left at the last message, and when that was.
#[derive(Debug, Clone, Copy)]
struct MessageBucket {
    tokens: f64,
    at: Instant,
}

impl MessageBucket {
    /// A bucket holding `message_burst` tokens at `now`.
    fn full(limits: &Limits, now: Instant) -> Self {
        Self {
            tokens: f64::from(limits.message_burst),
            at: now,
        }
    }

    /// Refills for the time since the last message, then takes one token if there is one.
    fn take(&mut self, limits: &Limits, now: Instant) -> bool {
        let capacity = f64::from(limits.message_burst);
        let per_sec = capacity / f64::from(limits.message_window_secs.max(1));
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * per_sec).min(capacity);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use shared::{
        cache::Db,
        lock::{Faults, LockParams},
        pubsub::{MAX_SUBSCRIBERS, Subscription},
        ratelimit::{Algorithm, Limits as Rate, Pattern, Traffic},
    };

    use shared::{
        LabRequest,
        cache::CacheRequest,
        lock::LockRequest,
        pubsub::PubsubRequest,
        ratelimit::{Mode, RatelimitRequest},
    };

    use std::time::{Duration, Instant};

    use super::{Limits, MessageBucket};
    use crate::labs::virtual_clients;

    #[test]
    fn the_largest_run_of_each_lab_fits_the_default_client_limit() {
        let hub = LabRequest::Pubsub(PubsubRequest::Start {
            subscribers: vec![Subscription::default(); MAX_SUBSCRIBERS as usize + 1],
            streams: true,
        });
        let lock = LabRequest::Lock(LockRequest::Run {
            params: LockParams {
                clients: shared::lock::MAX_CLIENTS,
                ..LockParams::default()
            },
            faults: Faults::default(),
            speed: Default::default(),
        });
        let live = LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms: Algorithm::ALL.to_vec(),
            limits: Rate {
                max_requests: 10,
                window_seconds: 1,
            },
            mode: Mode::Live,
            traffic: Traffic::Pattern {
                pattern: Pattern::Concurrent {
                    clients: shared::ratelimit::MAX_CLIENTS,
                    each: 1,
                },
            },
            speed: Default::default(),
        });
        let stampede = LabRequest::Cache(CacheRequest::Stampede {
            keys: 100,
            readers: 50,
            ttl_secs: 1,
            ttl_jitter: false,
            lock: true,
            db: Db::default(),
        });
        let declared: Vec<u32> = [&hub, &lock, &live, &stampede]
            .into_iter()
            .map(virtual_clients)
            .collect();
        assert_eq!(declared, [103, 22, 50, 100]);
        let limit = Limits::default().clients_per_session;
        assert!(declared.iter().all(|&n| n <= limit), "{declared:?}");
    }

    #[test]
    fn a_socket_may_send_its_burst_then_one_message_per_refill_interval() {
        let limits = Limits {
            message_burst: 4,
            message_window_secs: 2,
            ..Limits::default()
        };
        let start = Instant::now();
        let mut bucket = MessageBucket::full(&limits, start);
        let burst = (0..6).filter(|_| bucket.take(&limits, start)).count();
        assert_eq!(burst, 4);
        // 4 tokens per 2 s: one every 500 ms.
        assert!(!bucket.take(&limits, start + Duration::from_millis(400)));
        assert!(bucket.take(&limits, start + Duration::from_millis(500)));
        assert!(!bucket.take(&limits, start + Duration::from_millis(500)));
        // A long pause refills no more than the burst.
        let later = start + Duration::from_secs(60);
        assert_eq!((0..6).filter(|_| bucket.take(&limits, later)).count(), 4);
    }
}
