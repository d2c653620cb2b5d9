//! Test helpers: a real backend on port 0 with a private redis-server of its own, a WebSocket client that
//! speaks the protocol, and a direct Redis connection for asserting what Redis really holds.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use backend::{AppState, embedded::EmbeddedRedis, limits::Limits, site::Frontend, store::Store};
use futures_util::{SinkExt, StreamExt};
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
    /// The private Redis; `None` after a test stopped it.
    pub redis: Option<EmbeddedRedis>,
    /// The port Redis listens (or listened) on, to restart it there.
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

/// Starts a private redis-server and a backend on port 0 serving the frontend from `frontend`, with
/// `limits`.
pub async fn spawn_app_serving(frontend: Frontend, limits: Limits) -> TestApp {
    let redis = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let url = redis.url();
    serve(redis, &url, frontend, limits).await
}

/// A backend on port 0 in front of `redis`, which it reaches through `url`.
async fn serve(redis: EmbeddedRedis, url: &str, frontend: Frontend, limits: Limits) -> TestApp {
    let store = Store::connect(url).await.expect("store connects");
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
    TestApp {
        addr,
        redis_port: redis.port(),
        redis: Some(redis),
        shutdown,
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

    /// A direct connection to the test's Redis, outside the backend, for assertions.
    pub async fn redis(&self) -> redis::aio::MultiplexedConnection {
        redis::Client::open(format!("redis://127.0.0.1:{}", self.redis_port))
            .expect("url")
            .get_multiplexed_async_connection()
            .await
            .expect("direct redis connection")
    }
}

/// A browser stand-in on the WebSocket.
pub struct WsClient {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: RequestId,
    /// Every trace entry received since [`WsClient::record_trace`], whoever read the message.
    recorded: Option<Vec<TraceEntry>>,
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
    pub async fn recv(&mut self) -> ServerMsg {
        loop {
            match self.next_frame().await {
                Some(Message::Text(text)) => {
                    let msg: ServerMsg = serde_json::from_str(&text).expect("server JSON parses");
                    if let (Some(recorded), ServerMsg::Trace { entries }) =
                        (&mut self.recorded, &msg)
                    {
                        recorded.extend(entries.iter().cloned());
                    }
                    return msg;
                }
                Some(Message::Ping(_) | Message::Pong(_)) => continue,
                other => panic!("expected a text frame, got {other:?}"),
            }
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
    serve(redis, url, Frontend::Dir(dist_dir()), Limits::default()).await
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
    /// A store of the test's own on the test's Redis, as a backend would have.
    pub async fn store(&self) -> Store {
        Store::connect(&format!("redis://127.0.0.1:{}", self.redis_port))
            .await
            .expect("store connects")
    }

    /// `ACL GETUSER user`, `None` when there is no such user.
    pub async fn acl_user(&self, user: &str) -> Option<redis::Value> {
        let reply: redis::Value = redis::cmd("ACL")
            .arg("GETUSER")
            .arg(user)
            .query_async(&mut self.redis().await)
            .await
            .expect("ACL GETUSER");
        (reply != redis::Value::Nil).then_some(reply)
    }

    /// A client logged in as ACL user `user`, after adding [`TEST_PASSWORD`] to it: a stand-in for a
    /// connection of that user's session.
    pub async fn login_as(&self, user: &str) -> redis::Client {
        let _: () = redis::cmd("ACL")
            .arg("SETUSER")
            .arg(user)
            .arg(format!(">{TEST_PASSWORD}"))
            .query_async(&mut self.redis().await)
            .await
            .expect("ACL SETUSER");
        redis::Client::open(format!(
            "redis://{user}:{TEST_PASSWORD}@127.0.0.1:{}",
            self.redis_port
        ))
        .expect("url")
    }
}

/// `CLIENT LIST`'s line of a connection of the test's Redis blocked in `command` (lower case), if any.
pub async fn blocked_client(
    redis: &mut redis::aio::MultiplexedConnection,
    command: &str,
) -> Option<String> {
    let list: String = redis::cmd("CLIENT")
        .arg("LIST")
        .query_async(redis)
        .await
        .expect("CLIENT LIST");
    list.lines()
        .find(|l| l.contains(&format!("cmd={command} ")) && l.contains("flags=b"))
        .map(str::to_owned)
}
