//! A subscriber that stops reading: a plain TCP connection that sends `SUBSCRIBE`, reads the confirmation,
//! and then reads nothing, with a small receive buffer, so what Redis sends piles up in Redis's output
//! buffer for it until `client-output-buffer-limit pubsub` cuts it off. The redis crate always reads, so
//! this speaks RESP itself.

use std::time::{Duration, Instant};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpSocket, TcpStream},
};

use super::{
    Channel,
    conn::StoreError,
    trace::{Tracer, now_ms},
};

/// Receive buffer asked of the OS, so the kernel absorbs little of what Redis sends.
const RECV_BUFFER: u32 = 4096;

/// The stalled subscriber's connection.
pub struct StalledSubscriber {
    stream: TcpStream,
    tracer: Tracer,
}

impl StalledSubscriber {
    /// Connects to `port` on loopback and subscribes to `channel`, traced.
    pub(super) async fn connect(
        port: u16,
        channel: &Channel,
        tracer: Tracer,
    ) -> Result<Self, StoreError> {
        let socket = TcpSocket::new_v4().map_err(|_| StoreError::Unavailable)?;
        socket
            .set_recv_buffer_size(RECV_BUFFER)
            .map_err(|_| StoreError::Unavailable)?;
        let mut stream = socket
            .connect(([127, 0, 0, 1], port).into())
            .await
            .map_err(|_| StoreError::Unavailable)?;
        let name = channel.as_str();
        let frame = format!("*2\r\n$9\r\nSUBSCRIBE\r\n${}\r\n{name}\r\n", name.len());
        let (at_ms, started) = (now_ms(), Instant::now());
        stream
            .write_all(frame.as_bytes())
            .await
            .map_err(|_| StoreError::Unavailable)?;
        let mut confirmation = [0u8; 256];
        let read = stream
            .read(&mut confirmation)
            .await
            .map_err(|_| StoreError::Unavailable)?;
        let ok = read > 0;
        let reply = if ok {
            "subscribe (then reads no more)"
        } else {
            "(connection closed)"
        };
        let micros = started.elapsed().as_micros() as u64;
        tracer.record(
            vec!["SUBSCRIBE".into(), name.to_owned()],
            reply.into(),
            ok,
            at_ms,
            micros,
        );
        Ok(Self { stream, tracer })
    }

    /// Starts reading again: drains what is buffered and reports whether Redis had closed the
    /// connection (end of stream or a reset) within `within`.
    pub async fn closed_by_server(mut self, within: Duration) -> bool {
        let (at_ms, started) = (now_ms(), Instant::now());
        let mut buf = vec![0u8; 64 * 1024];
        let mut drained = 0usize;
        let closed = loop {
            match tokio::time::timeout_at(
                tokio::time::Instant::from_std(started + within),
                self.stream.read(&mut buf),
            )
            .await
            {
                Ok(Ok(0) | Err(_)) => break true,
                Ok(Ok(n)) => drained += n,
                Err(_) => break false,
            }
        };
        let reply = if closed {
            format!("{drained} bytes, then the connection was closed by Redis")
        } else {
            format!("{drained} bytes; still open")
        };
        let micros = started.elapsed().as_micros() as u64;
        self.tracer
            .record(vec!["(read)".into()], reply, true, at_ms, micros);
        closed
    }
}
