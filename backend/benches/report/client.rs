//! The bench's WebSocket client, opened as a browser opens its socket: with `TCP_NODELAY`, so that a
//! request goes out when it is sent, and with a read buffer sized for the frames it reads.
//!
//! tungstenite's default read buffer is 128 KiB, and tungstenite 0.26 zero-fills the buffer's whole
//! free capacity before every read from the socket. The bench's clients share this machine's two CPUs
//! with the backends and Redis, and a browser does no such work, so that zeroing was time the report
//! counted against the playground: in the fan-out to 1,000 participants it was about half the bench
//! process's CPU (finding 16 in BENCHMARKS.md). The backend reads its sockets with the same 8 KiB
//! buffer (`ws::READ_BUFFER`); a larger frame still arrives, as the buffer grows to hold it.

use tokio::net::TcpStream;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async_with_config,
    tungstenite::protocol::WebSocketConfig,
};

use crate::BoxError;

/// A WebSocket client of the backend.
pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Bytes read from the socket at a time.
const READ_BUFFER: usize = 8 * 1024;

/// A WebSocket connection to `url`.
pub async fn open(url: &str) -> Result<Socket, BoxError> {
    let config = WebSocketConfig::default().read_buffer_size(READ_BUFFER);
    let (ws, _) = connect_async_with_config(url, Some(config), true).await?;
    Ok(ws)
}
