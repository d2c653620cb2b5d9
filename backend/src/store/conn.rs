//! [`Conn`]: a traced Redis connection and the typed operations labs call on it.

use std::time::Instant;

use redis::{
    Cmd, FromRedisValue, Value,
    aio::{ConnectionLike, ConnectionManager, MultiplexedConnection},
};

use super::{
    identity::SessionUser,
    reply::{shorten, summarize},
    trace::{Tracer, now_ms},
};

/// Why a Redis operation failed; callers branch on it (an outage is reported differently from a bug).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The Redis URL could not be parsed.
    #[error("the Redis URL is not valid: {0}")]
    BadUrl(String),
    /// Redis could not be reached, the connection dropped, or it did not answer in time.
    #[error("Redis is unavailable")]
    Unavailable,
    /// Redis answered with an error.
    #[error("Redis refused the command: {0}")]
    Command(String),
    /// Redis answered with a reply of a shape the operation did not expect.
    #[error("unexpected reply from Redis: {0}")]
    UnexpectedReply(String),
    /// This tab's user was already let into this many namespaces besides its own (rooms).
    #[error("a tab may enter at most {0} rooms")]
    TooManyNamespaces(usize),
}

impl StoreError {
    pub(super) fn from_redis(e: redis::RedisError) -> Self {
        if e.is_io_error()
            || e.is_connection_dropped()
            || e.is_connection_refusal()
            || e.is_timeout()
        {
            Self::Unavailable
        } else {
            Self::Command(e.to_string())
        }
    }
}

enum Link {
    /// The backend-wide connection, shared by every session's own commands; it reconnects by itself.
    Shared(ConnectionManager),
    /// A connection of one virtual client's own.
    Dedicated(MultiplexedConnection),
    /// The session's own connection, logged in as its ACL user and opened on first use.
    User(SessionUser),
}

/// A Redis connection whose every command is recorded in a session's trace.
pub struct Conn {
    link: Link,
    /// The backend's own connection, for the `SCAN` of [`Conn::run_as_backend`].
    backend: ConnectionManager,
    tracer: Tracer,
    /// `seq` of each command recorded since the last [`Conn::take_trace`], the most recent
    /// [`MAX_TRACED`] of them.
    traced: Vec<u64>,
    /// The last command and its reply as the trace shows them, with its `seq`.
    last: Option<(String, String, u64)>,
    /// Each command and reply since the last [`Conn::take_ran`], once [`Conn::remember_ran`] asked for
    /// them: a room reports the commands behind a decision to members on other sessions.
    ran: Option<Vec<(String, String)>>,
}

/// Most trace `seq`s a connection remembers between two [`Conn::take_trace`] calls: a decision's commands
/// are a handful, and a connection nobody asks must not grow without bound.
const MAX_TRACED: usize = 1024;

impl Conn {
    pub(super) fn shared(link: ConnectionManager, tracer: Tracer) -> Self {
        Self::new(Link::Shared(link.clone()), link, tracer)
    }

    pub(super) fn dedicated(
        link: MultiplexedConnection,
        backend: ConnectionManager,
        tracer: Tracer,
    ) -> Self {
        Self::new(Link::Dedicated(link), backend, tracer)
    }

    pub(super) fn user(user: SessionUser, backend: ConnectionManager, tracer: Tracer) -> Self {
        Self::new(Link::User(user), backend, tracer)
    }

    fn new(link: Link, backend: ConnectionManager, tracer: Tracer) -> Self {
        Self {
            link,
            backend,
            tracer,
            traced: Vec::new(),
            last: None,
            ran: None,
        }
    }

    /// The trace `seq`s of the commands run since the last call, so an event can point at them.
    pub fn take_trace(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.traced)
    }

    /// From now on, remembers every command and its reply as the trace shows them, for
    /// [`Conn::take_ran`]. Off by default, so connections nobody asks keep no text.
    pub fn remember_ran(&mut self) {
        self.ran.get_or_insert_with(Vec::new);
    }

    /// The commands and replies run since the last call, oldest first (the most recent [`MAX_TRACED`]);
    /// empty unless [`Conn::remember_ran`] was called.
    pub fn take_ran(&mut self) -> Vec<(String, String)> {
        self.ran.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The last command run, its reply as the trace shows it, and its `seq`.
    pub fn last(&self) -> Option<&(String, String, u64)> {
        self.last.as_ref()
    }

    /// Records one command in the trace and remembers its `seq`.
    pub(super) fn record(
        &mut self,
        command: Vec<String>,
        reply: String,
        ok: bool,
        at_ms: u64,
        micros: u64,
    ) {
        let shown = (command.join(" "), reply.clone());
        let seq = self.tracer.record(command, reply, ok, at_ms, micros);
        if self.traced.len() == MAX_TRACED {
            self.traced.drain(..MAX_TRACED / 2);
        }
        self.traced.push(seq);
        if let Some(ran) = &mut self.ran {
            if ran.len() == MAX_TRACED {
                ran.drain(..MAX_TRACED / 2);
            }
            ran.push(shown.clone());
        }
        self.last = Some((shown.0, shown.1, seq));
    }

    /// Sends `pipe` and returns every reply Redis sent, errors included (for a transaction also
    /// `MULTI`'s, each `QUEUED` and `EXEC`'s): the link is private to this module.
    pub(super) async fn send_pipeline(
        &mut self,
        pipe: &redis::Pipeline,
    ) -> redis::RedisResult<Vec<Value>> {
        let count = pipe.len() + if pipe.is_transaction() { 2 } else { 0 };
        match &mut self.link {
            Link::Shared(c) => c.req_packed_commands(pipe, 0, count).await,
            Link::Dedicated(c) => c.req_packed_commands(pipe, 0, count).await,
            Link::User(user) => user.send_pipeline(pipe, count).await,
        }
    }

    /// Runs one command, records it, and converts the reply.
    pub(super) async fn run<T: FromRedisValue>(
        &mut self,
        args: Vec<String>,
    ) -> Result<T, StoreError> {
        self.run_on(args, false).await
    }

    /// Runs one command on the backend's own connection, traced as this client's. Only for `SCAN`, which
    /// ACL key patterns cannot limit, so a session user may not run it (its `MATCH` names one
    /// namespace), and for a room's `EXISTS` and code claim, which come before the session's user is let
    /// into the room's namespace (and the claim's undoing).
    pub(super) async fn run_as_backend<T: FromRedisValue>(
        &mut self,
        args: Vec<String>,
    ) -> Result<T, StoreError> {
        self.run_on(args, true).await
    }

    /// The only place a single command reaches Redis.
    async fn run_on<T: FromRedisValue>(
        &mut self,
        args: Vec<String>,
        as_backend: bool,
    ) -> Result<T, StoreError> {
        let mut cmd = Cmd::new();
        for arg in &args {
            cmd.arg(arg);
        }
        let at_ms = now_ms();
        let started = Instant::now();
        let result = match &mut self.link {
            _ if as_backend => self.backend.req_packed_command(&cmd).await,
            Link::Shared(c) => c.req_packed_command(&cmd).await,
            Link::Dedicated(c) => c.req_packed_command(&cmd).await,
            Link::User(user) => user.send(&cmd).await,
        };
        let micros = started.elapsed().as_micros() as u64;
        let shown: Vec<String> = args.iter().map(|a| shorten(a)).collect();
        match result {
            Ok(Value::ServerError(e)) => {
                let text = server_error_text(&e);
                self.record(shown, format!("(error) {text}"), false, at_ms, micros);
                Err(StoreError::Command(text))
            }
            Ok(value) => {
                self.record(shown, summarize(&value), true, at_ms, micros);
                T::from_redis_value(value).map_err(|e| StoreError::UnexpectedReply(e.to_string()))
            }
            Err(e) => {
                self.record(shown, format!("(failed) {e}"), false, at_ms, micros);
                Err(StoreError::from_redis(e))
            }
        }
    }
}

/// A command line from string parts.
pub(super) fn args<const N: usize>(parts: [&str; N]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_owned()).collect()
}

/// An error reply as redis-cli shows it: the code, then the details (`NOSCRIPT No matching script…`).
pub(super) fn server_error_text(e: &redis::ServerError) -> String {
    match e.details() {
        Some(details) => format!("{} {details}", e.code()),
        None => e.code().to_owned(),
    }
}
