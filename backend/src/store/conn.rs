//! [`Conn`]: a traced Redis connection and the typed operations labs call on it.

use std::{
    ops::{Deref, DerefMut},
    pin::Pin,
    time::Instant,
};

use redis::{Cmd, FromRedisValue, Pipeline, RedisResult, Value, aio::ConnectionLike};

use super::{
    deployment::Link as Wire,
    error::{StoreError, server_error_text},
    reply::{shorten, summarize},
    trace::{Tracer, now_ms},
};

/// A reply on its way through an [`OwnLink`].
pub(super) type Pending<'a, T> = Pin<Box<dyn Future<Output = RedisResult<T>> + Send + 'a>>;

/// A session's own connection, logged in as its ACL user, opened on first use and again after it
/// broke (the `SessionUser` of `identity`, which provisions users through a [`Conn`] of its own: this
/// trait is how a `Conn` sends through one without depending on it).
pub(super) trait OwnLink: Send + Sync {
    /// Sends `cmd`.
    fn send<'a>(&'a self, cmd: &'a Cmd) -> Pending<'a, Value>;

    /// Sends `pipe` and reads its `count` replies, errors included.
    fn send_pipeline<'a>(&'a self, pipe: &'a Pipeline, count: usize) -> Pending<'a, Vec<Value>>;
}

enum Link {
    /// The backend-wide connection, shared by every session's own commands; it reconnects by itself.
    Shared(Wire),
    /// A connection of one virtual client's own.
    Dedicated(Wire),
    /// The session's own connection, logged in as its ACL user and opened on first use.
    User(Box<dyn OwnLink>),
}

/// A Redis connection whose every command is recorded in a session's trace.
pub struct Conn {
    link: Link,
    /// The backend's own connection, for the `SCAN` of [`Conn::run_as_backend`].
    backend: Wire,
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
    pub(super) fn shared(link: Wire, tracer: Tracer) -> Self {
        Self::new(Link::Shared(link.clone()), link, tracer)
    }

    pub(super) fn dedicated(link: Wire, backend: Wire, tracer: Tracer) -> Self {
        Self::new(Link::Dedicated(link), backend, tracer)
    }

    pub(super) fn user(user: impl OwnLink + 'static, backend: Wire, tracer: Tracer) -> Self {
        Self::new(Link::User(Box::new(user)), backend, tracer)
    }

    fn new(link: Link, backend: Wire, tracer: Tracer) -> Self {
        Self {
            link,
            backend,
            tracer,
            traced: Vec::new(),
            last: None,
            ran: None,
        }
    }

    /// Whether this connection's Redis is a cluster.
    pub(super) fn on_cluster(&self) -> bool {
        matches!(self.backend, Wire::Cluster(_))
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

    /// Sends `pipe`, whose replies the trace shows as `lines`, and returns every reply Redis sent,
    /// errors included (for a transaction also `MULTI`'s, each `QUEUED` and `EXEC`'s): the link is
    /// private to this module. If the run is stopped after the pipeline was sent but before its replies
    /// were read, every line is traced anyway, as [`Conn::run`] traces a single command.
    pub(super) async fn send_pipeline(
        &mut self,
        pipe: &Pipeline,
        lines: Vec<Vec<String>>,
    ) -> (RedisResult<Vec<Value>>, Sent) {
        let count = pipe.len() + if pipe.is_transaction() { 2 } else { 0 };
        let unanswered = Unanswered::new(self.tracer.clone(), lines);
        let result = match &mut self.link {
            Link::Shared(c) => c.req_packed_commands(pipe, 0, count).await,
            Link::Dedicated(c) => c.req_packed_commands(pipe, 0, count).await,
            Link::User(user) => user.send_pipeline(pipe, count).await,
        };
        let (_, lines, at_ms, micros) = unanswered.answered();
        (
            result,
            Sent {
                lines,
                at_ms,
                micros,
            },
        )
    }

    /// This connection lent out for the playground's own commands: everything run through the
    /// returned guard is traced as the playground's (a read made only to show what happened, a room's
    /// bookkeeping), and this connection's own marking is back once the guard is dropped.
    pub fn for_playground(&mut self) -> ForPlayground<'_> {
        let playground = self.tracer.playground();
        let own = std::mem::replace(&mut self.tracer, playground);
        ForPlayground { conn: self, own }
    }

    /// Runs one command, records it, and converts the reply.
    pub(super) async fn run<T: FromRedisValue>(
        &mut self,
        args: Vec<String>,
    ) -> Result<T, StoreError> {
        self.run_on(args, Route::Link).await
    }

    /// Runs one command on the backend's own connection, traced as this client's. Only for `SCAN`, which
    /// ACL key patterns cannot limit, so a session user may not run it (its `MATCH` names one
    /// namespace), and for a room's `EXISTS` and code claim, which come before the session's user is let
    /// into the room's namespace (and the claim's undoing).
    pub(super) async fn run_as_backend<T: FromRedisValue>(
        &mut self,
        args: Vec<String>,
    ) -> Result<T, StoreError> {
        self.run_on(args, Route::Backend).await
    }

    /// Runs one command on this connection marked as the playground's own (a script loaded after
    /// `NOSCRIPT`, a wait on Redis's counts), whatever this connection's commands are otherwise.
    pub(super) async fn run_for_playground<T: FromRedisValue>(
        &mut self,
        args: Vec<String>,
    ) -> Result<T, StoreError> {
        self.run_on(args, Route::Playground).await
    }

    /// Runs one command on the backend's own connection, marked as the playground's: the console's
    /// look-ups of a command's key specs and documentation, and the `SCAN` of "My keys", which a
    /// session user may not run.
    pub(super) async fn run_as_playground<T: FromRedisValue>(
        &mut self,
        args: Vec<String>,
    ) -> Result<T, StoreError> {
        let shown = args.iter().map(|a| shorten(a)).collect();
        self.run_on(args, Route::Redacted(shown)).await
    }

    /// Runs one bookkeeping command on the backend's own connection, marked as the playground's, with
    /// the trace showing `shown` instead of `args` (a password becomes `(redacted)`, as Redis's own
    /// `MONITOR` and `SLOWLOG` show it).
    pub(super) async fn run_redacted<T: FromRedisValue>(
        &mut self,
        args: Vec<String>,
        shown: Vec<String>,
    ) -> Result<T, StoreError> {
        self.run_on(args, Route::Redacted(shown)).await
    }

    /// The only place a single command reaches Redis.
    async fn run_on<T: FromRedisValue>(
        &mut self,
        args: Vec<String>,
        route: Route,
    ) -> Result<T, StoreError> {
        let mut cmd = Cmd::new();
        for arg in &args {
            cmd.arg(arg);
        }
        let playground = matches!(route, Route::Playground | Route::Redacted(_));
        let shown: Vec<String> = match route {
            Route::Redacted(ref shown) => shown.clone(),
            _ => args.iter().map(|a| shorten(a)).collect(),
        };
        let tracer = if playground {
            self.tracer.playground()
        } else {
            self.tracer.clone()
        };
        let unanswered = Unanswered::new(tracer, vec![shown]);
        let result = match &mut self.link {
            _ if matches!(route, Route::Backend | Route::Redacted(_)) => {
                self.backend.req_packed_command(&cmd).await
            }
            Link::Shared(c) => c.req_packed_command(&cmd).await,
            Link::Dedicated(c) => c.req_packed_command(&cmd).await,
            Link::User(user) => user.send(&cmd).await,
        };
        let (tracer, mut lines, at_ms, micros) = unanswered.answered();
        let shown = lines.pop().unwrap_or_default();
        let (reply, ok, outcome) = match result {
            Ok(Value::ServerError(e)) => {
                let text = server_error_text(&e);
                (
                    format!("(error) {text}"),
                    false,
                    Err(StoreError::Command(text)),
                )
            }
            Ok(value) => (summarize(&value), true, Ok(value)),
            Err(e) => (
                format!("(failed) {e}"),
                false,
                Err(StoreError::from_redis(e)),
            ),
        };
        // Recorded through this command's tracer (the playground's, maybe), with the connection's own
        // bookkeeping of `seq`s.
        let own = std::mem::replace(&mut self.tracer, tracer);
        self.record(shown, reply, ok, at_ms, micros);
        self.tracer = own;
        T::from_redis_value(outcome?).map_err(|e| StoreError::UnexpectedReply(e.to_string()))
    }
}

/// What [`Conn::send_pipeline`] sent, for its caller to trace with the replies.
pub(super) struct Sent {
    /// The trace's lines, one per reply Redis sends.
    pub(super) lines: Vec<Vec<String>>,
    /// When the pipeline was sent, in Unix milliseconds.
    pub(super) at_ms: u64,
    /// The round trip's time, in microseconds.
    pub(super) micros: u64,
}

/// A [`Conn`] lent out by [`Conn::for_playground`]: what runs through it is traced as the playground's.
pub struct ForPlayground<'a> {
    conn: &'a mut Conn,
    /// The connection's own tracer, put back on drop.
    own: Tracer,
}

impl Deref for ForPlayground<'_> {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl DerefMut for ForPlayground<'_> {
    fn deref_mut(&mut self) -> &mut Conn {
        self.conn
    }
}

impl Drop for ForPlayground<'_> {
    fn drop(&mut self) {
        std::mem::swap(&mut self.conn.tracer, &mut self.own);
    }
}

/// Commands on their way (one, or a pipeline's lines): if their run is stopped (the future dropped)
/// before the reply is read, they are traced anyway, since Redis may well have run them.
struct Unanswered {
    tracer: Tracer,
    /// Set when the reply arrived: nothing to record on drop.
    answered: bool,
    /// The trace's lines, one per reply expected.
    lines: Vec<Vec<String>>,
    at_ms: u64,
    started: Instant,
}

impl Unanswered {
    fn new(tracer: Tracer, lines: Vec<Vec<String>>) -> Self {
        Self {
            tracer,
            answered: false,
            lines,
            at_ms: now_ms(),
            started: Instant::now(),
        }
    }

    /// The reply arrived: the tracer, the lines, when they were sent, and how long it took.
    fn answered(mut self) -> (Tracer, Vec<Vec<String>>, u64, u64) {
        self.answered = true;
        let micros = self.started.elapsed().as_micros() as u64;
        let lines = std::mem::take(&mut self.lines);
        (self.tracer.clone(), lines, self.at_ms, micros)
    }
}

impl Drop for Unanswered {
    /// Each line is traced as stopped, the time so far on the last, as a pipeline's replies are.
    fn drop(&mut self) {
        if !self.answered {
            let micros = self.started.elapsed().as_micros() as u64;
            let last = self.lines.len().saturating_sub(1);
            for (i, line) in std::mem::take(&mut self.lines).into_iter().enumerate() {
                let micros = if i == last { micros } else { 0 };
                self.tracer
                    .record(line, STOPPED.into(), false, self.at_ms, micros);
            }
        }
    }
}

/// The reply shown for a command whose run stopped before its reply was read.
const STOPPED: &str = "(run stopped before the reply)";

/// Where [`Conn::run_on`] sends a command and how it is traced.
enum Route {
    /// This connection's link, traced with the connection's origin.
    Link,
    /// The backend's own connection, traced with the connection's origin.
    Backend,
    /// This connection's link, traced as the playground's.
    Playground,
    /// The backend's own connection, traced as the playground's, showing these arguments.
    Redacted(Vec<String>),
}

/// A command line from string parts.
pub(super) fn args<const N: usize>(parts: [&str; N]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::trace_channel;

    #[test]
    fn a_command_whose_run_stopped_is_traced_anyway() {
        let (tracer, mut sink) = trace_channel(4);
        drop(Unanswered::new(
            tracer.clone(),
            vec![vec!["GET".into(), "k".into()]],
        ));
        let stopped = sink.try_recv().expect("traced when dropped");
        assert_eq!(
            (stopped.command, stopped.reply.as_str(), stopped.ok),
            (vec!["GET".to_owned(), "k".to_owned()], STOPPED, false)
        );

        let (_, lines, _, _) = Unanswered::new(tracer, vec![vec!["PING".into()]]).answered();
        assert_eq!(lines, [["PING"]]);
        assert!(
            sink.try_recv().is_none(),
            "an answered command is traced by its caller"
        );
    }

    #[test]
    fn every_line_of_a_stopped_pipeline_is_traced() {
        let (tracer, mut sink) = trace_channel(8);
        let lines = vec![args(["MULTI"]), args(["INCR", "n"]), args(["EXEC"])];
        drop(Unanswered::new(tracer, lines.clone()));
        let traced: Vec<(Vec<String>, String, bool)> = (0..3)
            .map(|_| sink.try_recv().expect("each line traced"))
            .map(|e| (e.command, e.reply, e.ok))
            .collect();
        let expected: Vec<(Vec<String>, String, bool)> = lines
            .into_iter()
            .map(|l| (l, STOPPED.to_owned(), false))
            .collect();
        assert_eq!(traced, expected);
        assert!(sink.try_recv().is_none(), "nothing else");
    }
}
