//! The socket loop: open, greet, read and write frames, and reconnect with backoff when it drops.
//!
//! This and [`super`] are the only places that know about JSON and WebSocket frames.

use super::state::Action;
use super::store::Store;
use futures::channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures::future::{Either, select};
use futures::{FutureExt, SinkExt, StreamExt};
use gloo::net::websocket::{Message, futures::WebSocket};
use gloo::timers::future::TimeoutFuture;
use shared::{ClientMsg, ServerMsg};

/// First wait after a failed attempt.
const FIRST_RETRY_MS: u32 = 500;
/// Longest wait between attempts, so a restarted server is found within seconds.
const MAX_RETRY_MS: u32 = 10_000;

/// Waits between reconnection attempts: doubling from [`FIRST_RETRY_MS`] up to [`MAX_RETRY_MS`].
#[derive(Debug)]
pub struct Backoff {
    next_ms: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            next_ms: FIRST_RETRY_MS,
        }
    }
}

impl Backoff {
    /// The wait before the next attempt; each call doubles the one after.
    pub fn next_delay(&mut self) -> u32 {
        let delay = self.next_ms;
        self.next_ms = delay.saturating_mul(2).min(MAX_RETRY_MS);
        delay
    }

    /// Starts over after a connection that worked.
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// The WebSocket URL on the page's own origin: `ws://host/ws`, or `wss://` under HTTPS. A page opened
/// with `?session=<id>` (a join link from another tab or device) joins that session.
pub fn socket_url(page_protocol: &str, host: &str, page_query: &str) -> String {
    let scheme = if page_protocol == "https:" {
        "wss"
    } else {
        "ws"
    };
    match joined_session(page_query) {
        Some(id) => format!("{scheme}://{host}/ws?session={id}"),
        None => format!("{scheme}://{host}/ws"),
    }
}

/// The `session` parameter of a page query such as `?session=abc&x=1`, when it has the shape of a
/// session id (16 letters or digits). Anything else is ignored rather than sent: the backend would
/// refuse it, and the socket would retry a refused URL for ever.
fn joined_session(page_query: &str) -> Option<&str> {
    page_query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("session="))
        .filter(|id| id.len() == 16 && id.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Connects, serves the connection until it drops, waits, and tries again, for as long as the
/// app runs (the provider aborts this future when it unmounts).
pub async fn run(url: String, store: &Store) {
    let outbox = store.outbox();
    let mut backoff = Backoff::default();
    let mut first = true;
    loop {
        store.apply(Action::Connecting { first });
        first = false;
        // `open` fails only on a malformed URL or a blocked port; both are retried like a drop.
        if let Ok(socket) = WebSocket::open(&url) {
            let (sender, outgoing) = unbounded();
            if serve(socket, sender, outgoing, store).await {
                backoff.reset();
            }
        }
        outbox.detach();
        let retry_in_ms = backoff.next_delay();
        let online = gloo::utils::window().navigator().on_line();
        store.apply(Action::Disconnected {
            retry_in_ms,
            online,
        });
        TimeoutFuture::new(retry_in_ms).await;
    }
}

/// How long the loop waits after a frame for the frames right behind it. A replay streams thousands
/// of small frames a second, nearly all of them trace; applied one by one, each would wake the trace
/// panel (hundreds of rows) and the running lab's hook, while a batch wakes them once. The wait is
/// too short to notice.
const BATCH_MS: u32 = 10;

/// Frames that arrived together, decoded.
#[derive(Default)]
struct Batch {
    msgs: Vec<ServerMsg>,
    undecodable: bool,
}

impl Batch {
    fn decode(&mut self, text: &str) {
        match serde_json::from_str::<ServerMsg>(text) {
            Ok(msg) => self.msgs.push(msg),
            Err(_) => self.undecodable = true,
        }
    }
}

/// What woke the connection loop.
enum Event {
    Frame(Option<Result<Message, gloo::net::websocket::WebSocketError>>),
    Outgoing(Option<ClientMsg>),
}

/// Reads and writes one connection until it closes; true if the server greeted us.
///
/// Requests are accepted only after the `Hello`, so a request never goes to a server whose
/// session and protocol version we have not seen.
async fn serve(
    mut socket: WebSocket,
    sender: UnboundedSender<ClientMsg>,
    mut outgoing: UnboundedReceiver<ClientMsg>,
    store: &Store,
) -> bool {
    let mut greeted = false;
    loop {
        let event = match select(socket.next(), outgoing.next()).await {
            Either::Left((frame, _)) => Event::Frame(frame),
            Either::Right((msg, _)) => Event::Outgoing(msg),
        };
        match event {
            Event::Frame(Some(Ok(Message::Text(text)))) => {
                let mut batch = Batch::default();
                batch.decode(&text);
                // Let the frames already on their way arrive, then apply them all as one change.
                TimeoutFuture::new(BATCH_MS).await;
                let mut ended = false;
                while let Some(frame) = socket.next().now_or_never() {
                    match frame {
                        Some(Ok(Message::Text(text))) => batch.decode(&text),
                        // Bytes are ignored; an error is followed by the end of the stream.
                        Some(_) => {}
                        None => {
                            ended = true;
                            break;
                        }
                    }
                }
                if !greeted
                    && batch
                        .msgs
                        .iter()
                        .any(|m| matches!(m, ServerMsg::Hello { .. }))
                {
                    greeted = true;
                    store.outbox().attach(sender.clone());
                }
                if !batch.msgs.is_empty() {
                    store.apply(Action::Received(batch.msgs));
                }
                if batch.undecodable {
                    store.apply(Action::Undecodable);
                }
                if ended {
                    return greeted;
                }
            }
            // The protocol uses text frames only; anything else is ignored rather than fatal.
            Event::Frame(Some(Ok(Message::Bytes(_)))) => {}
            // gloo reports an error or close event first, then ends the stream: wait for the end.
            Event::Frame(Some(Err(_))) => {}
            Event::Frame(None) => return greeted,
            Event::Outgoing(Some(msg)) => {
                // `ClientMsg` is plain data, so encoding it cannot fail in practice.
                let Ok(text) = serde_json::to_string(&msg) else {
                    continue;
                };
                if socket.send(Message::Text(text)).await.is_err() {
                    return greeted;
                }
            }
            // `sender` lives as long as this function, so the channel cannot end here.
            Event::Outgoing(None) => return greeted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_ten_seconds_and_resets() {
        let mut backoff = Backoff::default();
        let delays: Vec<u32> = (0..8).map(|_| backoff.next_delay()).collect();
        assert_eq!(
            delays,
            [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]
        );

        backoff.reset();

        assert_eq!(backoff.next_delay(), 500);
    }

    #[test]
    fn url_follows_the_page_scheme() {
        assert_eq!(
            socket_url("http:", "localhost:3000", ""),
            "ws://localhost:3000/ws"
        );
        assert_eq!(
            socket_url("https:", "play.example.org", ""),
            "wss://play.example.org/ws"
        );
    }

    #[test]
    fn a_join_link_joins_its_session_and_nothing_else_is_sent() {
        assert_eq!(
            socket_url("http:", "h", "?session=AbCdEfGh12345678"),
            "ws://h/ws?session=AbCdEfGh12345678"
        );
        assert_eq!(
            socket_url("http:", "h", "?x=1&session=AbCdEfGh12345678"),
            "ws://h/ws?session=AbCdEfGh12345678"
        );
        assert_eq!(socket_url("http:", "h", "?session=pg:{x}:*"), "ws://h/ws");
        assert_eq!(socket_url("http:", "h", "?session=short"), "ws://h/ws");
    }
}
