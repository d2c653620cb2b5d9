//! A subscriber that stops reading: a plain TCP connection that sends `SUBSCRIBE`, reads the confirmation,
//! and then reads nothing, with a small receive buffer, so what Redis sends piles up in Redis's output
//! buffer for it until `client-output-buffer-limit pubsub` cuts it off. The redis crate always reads, so
//! this speaks RESP itself, `AUTH` included.

use std::time::{Duration, Instant};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpSocket, TcpStream},
};

use super::{
    Channel,
    error::StoreError,
    identity::SessionUser,
    trace::{Tracer, now_ms},
};

/// Receive buffer asked of the OS, so the kernel absorbs little of what Redis sends.
const RECV_BUFFER: u32 = 4096;

/// The stalled subscriber's connection.
pub struct StalledSubscriber {
    stream: TcpStream,
    tracer: Tracer,
    /// The session user it logged in as, whose password it gives back when done.
    user: Option<SessionUser>,
}

/// Who a hand-made connection logs in as: a session user, or the account of the store's URL.
pub(super) struct Login {
    /// `None` for a password-only `AUTH` (the `default` user).
    pub(super) user: Option<String>,
    /// The password.
    pub(super) password: String,
}

impl StalledSubscriber {
    /// Connects to `port` on loopback, logs in as `login` (if any), and subscribes to `channel`, traced.
    pub(super) async fn connect(
        port: u16,
        login: Option<Login>,
        user: Option<SessionUser>,
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
        if let Some(login) = login {
            let mut auth = vec!["AUTH"];
            auth.extend(login.user.as_deref());
            auth.push(&login.password);
            stream
                .write_all(&frame(&auth))
                .await
                .map_err(|_| StoreError::Unavailable)?;
            let reply = read_line(&mut stream).await?;
            if reply != "+OK" {
                return Err(StoreError::Command(
                    reply.trim_start_matches('-').to_owned(),
                ));
            }
        }
        let name = channel.as_str();
        let (at_ms, started) = (now_ms(), Instant::now());
        stream
            .write_all(&frame(&["SUBSCRIBE", name]))
            .await
            .map_err(|_| StoreError::Unavailable)?;
        let mut confirmation = [0u8; 256];
        let read = stream
            .read(&mut confirmation)
            .await
            .map_err(|_| StoreError::Unavailable)?;
        // A confirmation is an array (`*3`); a refusal (`-NOPERM …`) is an error line.
        let ok = confirmation[..read].starts_with(b"*");
        let reply = if ok {
            "subscribe (then reads no more)".to_owned()
        } else if read == 0 {
            "(connection closed)".to_owned()
        } else {
            String::from_utf8_lossy(&confirmation[..read])
                .trim_end()
                .replacen('-', "(error) ", 1)
        };
        let micros = started.elapsed().as_micros() as u64;
        tracer.record(
            vec!["SUBSCRIBE".into(), name.to_owned()],
            reply.clone(),
            ok,
            at_ms,
            micros,
        );
        if read == 0 {
            return Err(StoreError::Unavailable);
        } else if !ok {
            return Err(StoreError::Command(reply));
        }
        Ok(Self {
            stream,
            tracer,
            user,
        })
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
        if let Some(user) = self.user
            && let Err(e) = user.release(false).await
        {
            tracing::warn!(error = %e, "the stalled subscriber's password stays until the sweep");
        }
        closed
    }
}

/// One command as a RESP array of bulk strings.
fn frame(parts: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", parts.len());
    for part in parts {
        out.push_str(&format!("${}\r\n{part}\r\n", part.len()));
    }
    out.into_bytes()
}

/// Reads one reply line (`+OK`, `-ERR …`), without its CRLF.
async fn read_line(stream: &mut TcpStream) -> Result<String, StoreError> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while !line.ends_with(b"\r\n") {
        if stream
            .read(&mut byte)
            .await
            .map_err(|_| StoreError::Unavailable)?
            == 0
        {
            return Err(StoreError::Unavailable);
        }
        line.push(byte[0]);
    }
    line.truncate(line.len() - 2);
    Ok(String::from_utf8_lossy(&line).into_owned())
}
