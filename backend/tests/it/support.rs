//! Test helpers: a real backend on port 0 with a private redis-server of its own, a WebSocket client that
//! speaks the protocol, and a direct Redis connection for asserting what Redis really holds.

use std::{collections::VecDeque, net::SocketAddr, path::PathBuf, time::Duration};

use backend::{
    AppState,
    embedded::{EmbeddedRedis, LocalCluster},
    limits::Limits,
    site::Frontend,
    store::Store,
};
use futures_util::{SinkExt, StreamExt};
use redis::{
    Cmd, Pipeline, RedisFuture, Value,
    aio::{ConnectionLike, MultiplexedConnection},
    cluster_async::ClusterConnection,
};
use shared::{ClientMsg, LabRequest, RequestId, ServerMsg, SessionInfo, TraceEntry};
use tokio::net::TcpStream;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream,
    tungstenite::{
        Message, client::IntoClientRequest, handshake::client::Request,
        protocol::frame::coding::CloseCode,
    },
};
use tokio_util::sync::CancellationToken;

/// Longest any single expected message may take to arrive.
pub const WAIT: Duration = Duration::from_secs(10);

/// A running backend and the Redis behind it.
pub struct TestApp {
    /// Where the backend listens.
    pub addr: SocketAddr,
    /// The private Redis; `None` after a test stopped it, or on a cluster.
    pub redis: Option<EmbeddedRedis>,
    /// The private Redis Cluster, when this run puts every backend on one ([`on_cluster`]).
    pub cluster: Option<LocalCluster>,
    /// The port Redis listens (or listened) on, to restart it there; a cluster's first node's.
    pub redis_port: u16,
    /// Cancel to shut the backend down.
    pub shutdown: CancellationToken,
}

/// trunk's output folder at the workspace root.
pub fn dist_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist")
}

/// Starts a private redis-server and a backend on port 0 serving `dist/`, with the default limits.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Limits::default()).await
}

/// Starts a private redis-server and a backend on port 0 serving `dist/`, with `limits`.
pub async fn spawn_app_with(limits: Limits) -> TestApp {
    spawn_app_serving(Frontend::Dir(dist_dir()), limits).await
}

/// Whether this test run puts every backend of [`spawn_app_serving`] on a private Redis Cluster of its
/// own instead of one redis-server: `PG_TEST_REDIS=cluster`, as `scripts/test.sh` runs the labs' tests a
/// second time.
pub fn on_cluster() -> bool {
    std::env::var("PG_TEST_REDIS").is_ok_and(|v| v == "cluster")
}

/// The command a workshop room publishes with: sharded `SPUBLISH` on a cluster, `PUBLISH` on one server.
pub fn room_publish() -> &'static str {
    if on_cluster() { "SPUBLISH" } else { "PUBLISH" }
}

/// Starts a private redis-server (or, [`on_cluster`], a private cluster) and a backend on port 0 serving
/// the frontend from `frontend`, with `limits`.
pub async fn spawn_app_serving(frontend: Frontend, limits: Limits) -> TestApp {
    if on_cluster() {
        let cluster = LocalCluster::start().await.expect("the cluster starts");
        return serve(Private::Cluster(cluster), frontend, limits).await;
    }
    let redis = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let url = redis.url();
    serve(Private::Server(redis, url), frontend, limits).await
}

/// A live token-bucket run of a minute, ten requests a second: something running when Redis fails.
pub fn long_live_ratelimit_run() -> LabRequest {
    use shared::ratelimit::{Algorithm, Limits, Mode, Pattern, RatelimitRequest, Traffic};
    LabRequest::Ratelimit(RatelimitRequest::Run {
        algorithms: vec![Algorithm::TokenBucket],
        limits: Limits {
            max_requests: 5,
            window_seconds: 1,
        },
        mode: Mode::Live,
        traffic: Traffic::Pattern {
            pattern: Pattern::Steady {
                per_second: 10,
                seconds: 60,
            },
        },
        speed: Default::default(),
    })
}

/// Starts a private redis-server and a backend on port 0 on it, whatever [`on_cluster`] says.
pub async fn spawn_app_on_single() -> TestApp {
    let redis = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let url = redis.url();
    spawn_app_on(redis, &url).await
}

/// Starts a private Redis Cluster and a backend on port 0 on it, whatever [`on_cluster`] says.
pub async fn spawn_app_on_cluster() -> TestApp {
    let cluster = LocalCluster::start().await.expect("the cluster starts");
    serve(
        Private::Cluster(cluster),
        Frontend::Dir(dist_dir()),
        Limits::default(),
    )
    .await
}

/// The Redis a test's backend runs on.
enum Private {
    /// One redis-server, reached through this URL (maybe a limited account's login).
    Server(EmbeddedRedis, String),
    Cluster(LocalCluster),
}

/// A backend on port 0 in front of `private`.
async fn serve(private: Private, frontend: Frontend, limits: Limits) -> TestApp {
    let seeds = match &private {
        Private::Server(_, url) => vec![url.clone()],
        Private::Cluster(cluster) => cluster.urls(),
    };
    let store = Store::connect_seeds(&seeds).await.expect("store connects");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("local addr");
    let shutdown = CancellationToken::new();
    let state = AppState {
        store,
        shutdown: shutdown.clone(),
        allowed_origins: vec!["http://workshop.example".to_owned()].into(),
        sandboxes: backend::sandbox::Sandboxes::new(limits.sandboxes),
        limits,
    };
    tokio::spawn(async move { backend::run(listener, state, frontend).await });
    match private {
        Private::Server(redis, _) => TestApp {
            addr,
            redis_port: redis.port(),
            redis: Some(redis),
            cluster: None,
            shutdown,
        },
        Private::Cluster(cluster) => TestApp {
            addr,
            redis_port: cluster.ports()[0],
            redis: None,
            cluster: Some(cluster),
            shutdown,
        },
    }
}

impl TestApp {
    /// `http://<addr><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A new WebSocket session, past its hello.
    pub async fn session(&self) -> (WsClient, SessionInfo) {
        WsClient::connect(&format!("ws://{}/ws", self.addr)).await
    }

    /// Another tab of session `id`, past its hello.
    pub async fn join(&self, id: &str) -> (WsClient, SessionInfo) {
        WsClient::connect(&format!("ws://{}/ws?session={id}", self.addr)).await
    }

    /// A direct connection to the test's Redis (or cluster), outside the backend, for assertions.
    pub async fn redis(&self) -> Direct {
        match &self.cluster {
            Some(cluster) => Direct::Cluster(
                redis::cluster::ClusterClient::new(cluster.urls())
                    .expect("seeds")
                    .get_async_connection()
                    .await
                    .expect("direct cluster connection"),
                cluster.ports(),
            ),
            None => Direct::Server(
                redis::Client::open(format!("redis://127.0.0.1:{}", self.redis_port))
                    .expect("url")
                    .get_multiplexed_async_connection()
                    .await
                    .expect("direct redis connection"),
            ),
        }
    }
}

/// A test's own connection to its Redis, one server or a cluster (with its nodes' ports).
#[derive(Clone)]
pub enum Direct {
    Server(MultiplexedConnection),
    Cluster(ClusterConnection, Vec<u16>),
}

impl ConnectionLike for Direct {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Self::Server(c) => c.req_packed_command(cmd),
            Self::Cluster(c, _) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        cmd: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Self::Server(c) => c.req_packed_commands(cmd, offset, count),
            Self::Cluster(c, _) => c.req_packed_commands(cmd, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Self::Server(c) => c.get_db(),
            Self::Cluster(c, _) => c.get_db(),
        }
    }
}

/// A browser stand-in on the WebSocket.
pub struct WsClient {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: RequestId,
    /// Every trace entry received since [`WsClient::record_trace`], whoever read the message.
    recorded: Option<Vec<TraceEntry>>,
    /// Events of a [`ServerMsg::Events`] frame not yet read, each as the [`ServerMsg::Event`] it stands
    /// for.
    unread: VecDeque<ServerMsg>,
}

impl WsClient {
    /// Connects and reads the hello.
    pub async fn connect(url: &str) -> (Self, SessionInfo) {
        let request = url.into_client_request().expect("a ws URL");
        Self::connect_request(request).await
    }

    /// Connects as a page from `origin` would, and reads the hello.
    pub async fn connect_from(url: &str, origin: &str) -> (Self, SessionInfo) {
        let mut request = url.into_client_request().expect("a ws URL");
        let origin = origin.parse().expect("an origin header");
        request.headers_mut().insert("origin", origin);
        Self::connect_request(request).await
    }

    async fn connect_request(request: Request) -> (Self, SessionInfo) {
        let (ws, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("ws connects");
        let mut client = Self {
            ws,
            next_id: 1,
            recorded: None,
            unread: VecDeque::new(),
        };
        match client.recv().await {
            ServerMsg::Hello { session, .. } => (client, session),
            other => panic!("expected hello, got {other:?}"),
        }
    }

    /// From now on, keeps every trace entry this socket receives, for [`WsClient::take_trace`]; a notice
    /// that the backend dropped entries fails the test, since the record would be incomplete.
    pub fn record_trace(&mut self) {
        self.recorded.get_or_insert_with(Vec::new);
    }

    /// The trace entries received since [`WsClient::record_trace`] (or the last call), in order.
    pub fn take_trace(&mut self) -> Vec<TraceEntry> {
        self.recorded
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Sends a raw text frame.
    pub async fn send_text(&mut self, text: impl Into<String>) {
        self.ws
            .send(Message::Text(text.into().into()))
            .await
            .expect("send text");
    }

    /// Sends a raw frame of any kind.
    pub async fn send_frame(&mut self, frame: Message) {
        self.ws.send(frame).await.expect("send frame");
    }

    /// Sends `request` under a fresh id and returns the id.
    pub async fn run(&mut self, request: LabRequest) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        let msg = ClientMsg::Run { id, request };
        self.send_text(serde_json::to_string(&msg).expect("encode"))
            .await;
        id
    }

    /// The next frame, which must arrive within [`WAIT`].
    pub async fn next_frame(&mut self) -> Option<Message> {
        tokio::time::timeout(WAIT, self.ws.next())
            .await
            .expect("a frame within the wait")
            .map(|r| r.expect("frame reads"))
    }

    /// The next server message.
    /// Events of one frame ([`ServerMsg::Events`]) come one by one, as [`ServerMsg::Event`]s.
    pub async fn recv(&mut self) -> ServerMsg {
        if let Some(msg) = self.unread.pop_front() {
            return msg;
        }
        loop {
            match self.next_frame().await {
                Some(Message::Text(text)) => return self.read(&text),
                Some(Message::Ping(_) | Message::Pong(_)) => continue,
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    /// The message in a text frame: recorded if it is a trace; the first of its events, the rest kept
    /// for [`WsClient::recv`], if it carries several.
    fn read(&mut self, text: &str) -> ServerMsg {
        let msg: ServerMsg = serde_json::from_str(text).expect("server JSON parses");
        match msg {
            ServerMsg::Trace { ref entries } => {
                if let Some(recorded) = &mut self.recorded {
                    recorded.extend(entries.iter().cloned());
                }
                msg
            }
            ServerMsg::Events { id, events } => {
                assert!(events.len() > 1, "one event goes in an Event frame");
                self.unread.extend(
                    events
                        .into_iter()
                        .map(|event| ServerMsg::Event { id, event }),
                );
                self.unread.pop_front().expect("several events")
            }
            msg => msg,
        }
    }

    /// Messages up to and including the reply or error that names `id`, with the trace entries of
    /// request `id` seen meanwhile.
    pub async fn answer(&mut self, id: RequestId) -> (ServerMsg, Vec<TraceEntry>) {
        let mut traces = Vec::new();
        loop {
            match self.recv().await {
                ServerMsg::Trace { entries } => {
                    traces.extend(entries.into_iter().filter(|e| e.request == Some(id)));
                }
                msg @ ServerMsg::Reply { id: got, .. } if got == id => return (msg, traces),
                msg @ ServerMsg::Error { id: Some(got), .. } if got == id => return (msg, traces),
                _ => {}
            }
        }
    }

    /// Reads until a message matching `want` arrives.
    pub async fn until(&mut self, want: impl Fn(&ServerMsg) -> bool) -> ServerMsg {
        loop {
            let msg = self.recv().await;
            if want(&msg) {
                return msg;
            }
        }
    }

    /// Reads until a message matching `want` arrives, for up to `within` however long the socket is
    /// quiet meanwhile (a failover, when no frame may come for longer than [`WAIT`]).
    pub async fn until_within(
        &mut self,
        within: Duration,
        want: impl Fn(&ServerMsg) -> bool,
    ) -> ServerMsg {
        tokio::time::timeout(within, async {
            loop {
                let msg = match self.unread.pop_front() {
                    Some(msg) => msg,
                    None => match self.ws.next().await {
                        Some(Ok(Message::Text(text))) => self.read(&text),
                        Some(Ok(_)) => continue,
                        other => panic!("the socket ended: {other:?}"),
                    },
                };
                if want(&msg) {
                    return msg;
                }
            }
        })
        .await
        .expect("the awaited message arrives in time")
    }

    /// Reads past text frames to the server's close frame and returns its code.
    pub async fn close_code(&mut self) -> CloseCode {
        loop {
            match self.next_frame().await {
                Some(Message::Close(Some(frame))) => return frame.code,
                Some(Message::Text(_)) => continue,
                other => panic!("expected a close frame, got {other:?}"),
            }
        }
    }

    /// Closes from the client side.
    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
        while let Ok(Some(_)) = tokio::time::timeout(WAIT, self.ws.next()).await {}
    }
}

/// Polls `check` until it holds, for conditions only Redis can tell (e.g. keys deleted after a disconnect).
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

impl WsClient {
    /// Asks the backend to stop run `id`.
    pub async fn cancel(&mut self, id: RequestId) {
        self.send_text(format!(r#"{{"type":"cancel","id":{id}}}"#))
            .await;
    }
}

/// A `ping` request with `text`.
pub fn ping(text: &str) -> LabRequest {
    LabRequest::Ping(shared::ping::PingRequest { text: text.into() })
}

/// A Pub/Sub hub of `subscribers` subscribers (the browser's and virtual ones) on channel `news`.
pub fn hub(subscribers: usize) -> LabRequest {
    let on_news = shared::pubsub::Subscription {
        channels: vec!["news".into()],
        patterns: Vec::new(),
    };
    LabRequest::Pubsub(shared::pubsub::PubsubRequest::Start {
        subscribers: vec![on_news; subscribers],
        streams: false,
    })
}

/// A WebSocket client with nothing on top, for tests that control reading themselves.
pub type RawWs = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Starts a backend on `redis`, reached through `url` (e.g. a limited account's login), serving `dist/`.
pub async fn spawn_app_on(redis: EmbeddedRedis, url: &str) -> TestApp {
    serve(
        Private::Server(redis, url.to_owned()),
        Frontend::Dir(dist_dir()),
        Limits::default(),
    )
    .await
}

/// Starts a private redis-server and a backend that logs in as an account without the rights to
/// create ACL users, as on a managed Redis, so isolation falls back to the key prefix.
pub async fn spawn_app_without_acl_rights() -> TestApp {
    let redis = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let admin = redis::Client::open(redis.url()).expect("url");
    let _: () = redis::cmd("ACL")
        .arg(
            &[
                "SETUSER",
                "limited",
                "on",
                ">limited-pw",
                "~*",
                "&*",
                "+@all",
                "-acl",
            ][..],
        )
        .query_async(
            &mut admin
                .get_multiplexed_async_connection()
                .await
                .expect("connect"),
        )
        .await
        .expect("ACL SETUSER");
    let url = format!("redis://limited:limited-pw@127.0.0.1:{}", redis.port());
    spawn_app_on(redis, &url).await
}

/// The password [`TestApp::login_as`] adds to a user.
pub const TEST_PASSWORD: &str = "test-login";

impl TestApp {
    /// The URL of the test's Redis: the one server, or a node of the cluster (which the backend finds to
    /// be one), for another backend to be given.
    pub fn redis_url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.redis_port)
    }

    /// A store of the test's own on the test's Redis (or cluster), as another backend would have.
    pub async fn store(&self) -> Store {
        Store::connect(&self.redis_url())
            .await
            .expect("store connects")
    }

    /// A direct connection to each node of the test's Redis: the one server, or every live master and
    /// replica of the cluster (not one a test killed).
    pub async fn nodes(&self) -> Vec<MultiplexedConnection> {
        let ports = match &self.cluster {
            Some(cluster) => cluster.ports(),
            None => vec![self.redis_port],
        };
        let mut nodes = Vec::new();
        for port in ports {
            match redis::Client::open(format!("redis://127.0.0.1:{port}"))
                .expect("url")
                .get_multiplexed_async_connection()
                .await
            {
                Ok(node) => nodes.push(node),
                Err(e) if self.cluster.is_some() && e.is_connection_refusal() => {}
                Err(e) => panic!("direct connection to a node: {e}"),
            }
        }
        nodes
    }

    /// `ACL GETUSER user`, `None` when there is no such user. ACL is per node: on a cluster every
    /// master and replica must agree that the user is there, or that it is not.
    /// A change the backend is making node by node may be read half done: the nodes get a second to
    /// agree.
    pub async fn acl_user(&self, user: &str) -> Option<redis::Value> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
        loop {
            let mut replies = Vec::new();
            for mut node in self.nodes().await {
                let reply: redis::Value = redis::cmd("ACL")
                    .arg("GETUSER")
                    .arg(user)
                    .query_async(&mut node)
                    .await
                    .expect("ACL GETUSER");
                replies.push((reply != redis::Value::Nil).then_some(reply));
            }
            let present = replies.iter().filter(|r| r.is_some()).count();
            if present == 0 || present == replies.len() {
                return replies.into_iter().next().flatten();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "user {user} stays on {present} of {} nodes",
                replies.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// A client logged in as ACL user `user`, after adding [`TEST_PASSWORD`] to it: a stand-in for a
    /// connection of that user's session.
    pub async fn login_as(&self, user: &str) -> redis::Client {
        for mut node in self.nodes().await {
            let _: () = redis::cmd("ACL")
                .arg("SETUSER")
                .arg(user)
                .arg(format!(">{TEST_PASSWORD}"))
                .query_async(&mut node)
                .await
                .expect("ACL SETUSER");
        }
        redis::Client::open(format!(
            "redis://{user}:{TEST_PASSWORD}@127.0.0.1:{}",
            self.redis_port
        ))
        .expect("url")
    }
}

/// `CLIENT LIST`'s line of a connection of the test's Redis blocked in `command` (lower case), if any.
/// On a cluster, every node's `CLIENT LIST` is read.
pub async fn blocked_client(redis: &mut Direct, command: &str) -> Option<String> {
    let mut lists = Vec::new();
    match redis {
        Direct::Server(conn) => lists.push(client_list(conn).await),
        Direct::Cluster(_, ports) => {
            for port in ports.iter() {
                if let Ok(mut node) = redis::Client::open(format!("redis://127.0.0.1:{port}"))
                    .expect("url")
                    .get_multiplexed_async_connection()
                    .await
                {
                    lists.push(client_list(&mut node).await);
                }
            }
        }
    }
    lists.iter().find_map(|list| {
        list.lines()
            .find(|l| l.contains(&format!("cmd={command} ")) && l.contains("flags=b"))
            .map(str::to_owned)
    })
}

async fn client_list(conn: &mut MultiplexedConnection) -> String {
    redis::cmd("CLIENT")
        .arg("LIST")
        .query_async(conn)
        .await
        .expect("CLIENT LIST")
}
