//! Recording: every command a [`super::Conn`] runs becomes a [`TraceEntry`] on its session's trace channel.
//!
//! The channel is bounded and recording never waits: when a browser reads too slowly, entries are dropped
//! and counted, so a slow tab can neither stall a lab nor grow the backend's memory.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};
use std::time::{SystemTime, UNIX_EPOCH};

use shared::{Origin, RequestId, TraceEntry};
use tokio::sync::mpsc;

/// Where one session's trace entries go, tagged with who sent the command, for which request, and
/// whether for the learner or for the playground's own bookkeeping.
#[derive(Clone)]
pub struct Tracer {
    tx: mpsc::Sender<TraceEntry>,
    counters: Arc<Counters>,
    client: Arc<str>,
    request: Option<RequestId>,
    origin: Origin,
}

/// The receiving end, read by the session's socket writer.
pub struct TraceSink {
    /// Entries in the order their commands completed.
    pub rx: mpsc::Receiver<TraceEntry>,
    counters: Arc<Counters>,
}

#[derive(Default)]
struct Counters {
    seq: AtomicU64,
    dropped: AtomicU64,
}

/// A tracer for the session's own connection (client `session`) and the sink its writer drains.
pub fn trace_channel(capacity: usize) -> (Tracer, TraceSink) {
    let (tx, rx) = mpsc::channel(capacity);
    let counters = Arc::new(Counters::default());
    let tracer = Tracer {
        tx,
        counters: counters.clone(),
        client: Arc::from("session"),
        request: None,
        origin: Origin::Learner,
    };
    (tracer, TraceSink { rx, counters })
}

impl Tracer {
    /// A tracer whose entries go nowhere: for a connection whose commands its users record themselves.
    pub(super) fn nowhere() -> Self {
        trace_channel(1).0
    }

    /// The same trace, for commands sent by virtual client `client`.
    pub fn for_client(&self, client: &str) -> Self {
        Self {
            client: Arc::from(client),
            ..self.clone()
        }
    }

    /// The same trace, for commands caused by request `id`.
    pub fn for_request(&self, id: RequestId) -> Self {
        Self {
            request: Some(id),
            ..self.clone()
        }
    }

    /// The same trace, for the playground's own bookkeeping (presence, counters, ACL, reloading a
    /// script, cleanup, a read made only to show what happened): marked [`Origin::Playground`], which
    /// the trace panel hides unless asked.
    pub fn playground(&self) -> Self {
        Self {
            origin: Origin::Playground,
            ..self.clone()
        }
    }

    /// Records one finished command and returns its `seq`. Never waits: a full channel counts a drop.
    pub(super) fn record(
        &self,
        command: Vec<String>,
        reply: String,
        ok: bool,
        at_ms: u64,
        micros: u64,
    ) -> u64 {
        let seq = self.counters.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let entry = TraceEntry {
            seq,
            at_ms,
            client: self.client.to_string(),
            request: self.request,
            command,
            reply,
            ok,
            micros,
            origin: self.origin,
        };
        if let Err(mpsc::error::TrySendError::Full(_)) = self.tx.try_send(entry) {
            self.counters.dropped.fetch_add(1, Ordering::Relaxed);
        }
        seq
    }
}

impl TraceSink {
    /// How many entries were dropped since the last call.
    pub fn take_dropped(&self) -> u64 {
        self.counters.dropped.swap(0, Ordering::Relaxed)
    }
}

/// Wall-clock now in Unix milliseconds, as the trace shows it.
pub(super) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_channel_counts_drops_and_keeps_numbering() {
        let (tracer, mut sink) = trace_channel(1);
        let client = tracer.for_client("client-1").for_request(9);
        client.record(vec!["PING".into()], "PONG".into(), true, 1, 2);
        client.record(vec!["PING".into()], "PONG".into(), true, 1, 2);
        assert_eq!(sink.take_dropped(), 1);
        assert_eq!(sink.take_dropped(), 0);
        let first = sink.rx.try_recv().expect("first entry kept");
        assert_eq!(
            (first.seq, first.client.as_str(), first.request),
            (1, "client-1", Some(9))
        );
        client.record(vec!["PING".into()], "PONG".into(), true, 1, 2);
        assert_eq!(sink.rx.try_recv().expect("third entry").seq, 3);
    }

    #[test]
    fn bookkeeping_is_marked_as_the_playgrounds() {
        let (tracer, mut sink) = trace_channel(4);
        tracer.record(vec!["GET".into()], "(nil)".into(), true, 1, 2);
        tracer
            .for_request(3)
            .playground()
            .for_client("client-1")
            .record(vec!["EVALSHA".into()], "(integer) 1".into(), true, 1, 2);
        let origins: Vec<(Origin, String)> = (0..2)
            .map(|_| sink.rx.try_recv().expect("entry"))
            .map(|e| (e.origin, e.client))
            .collect();
        assert_eq!(
            origins,
            [
                (Origin::Learner, "session".to_owned()),
                (Origin::Playground, "client-1".to_owned())
            ]
        );
    }
}
