//! Recording: every command a [`super::Conn`] runs becomes a [`TraceEntry`] on its session's trace channel.
//!
//! The channel is bounded and recording never waits: when a browser reads too slowly, entries are dropped
//! and counted, so a slow tab can neither stall a lab nor grow the backend's memory.
//!
//! A message the backend's one subscription relays to many members ([`super::relay`]) is traced in every
//! member's trace; its command line is encoded to JSON once for all of them ([`Line`]), and each member's
//! entry ([`Traced::Relayed`]) encodes exactly as the [`TraceEntry`] it stands for.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use shared::{Origin, RequestId, TraceEntry};
use tokio::sync::mpsc;

/// Where one session's trace entries go, tagged with who sent the command, for which request, and
/// whether for the learner or for the playground's own bookkeeping.
#[derive(Clone)]
pub struct Tracer {
    tx: mpsc::Sender<Traced>,
    counters: Arc<Counters>,
    client: Arc<str>,
    request: Option<RequestId>,
    origin: Origin,
}

/// The receiving end, read by the session's socket writer.
pub struct TraceSink {
    /// Entries in the order their commands completed.
    pub rx: mpsc::Receiver<Traced>,
    counters: Arc<Counters>,
}

/// One entry on a session's trace channel. Either kind serialises as the [`TraceEntry`] it stands for.
#[derive(Debug)]
pub enum Traced {
    /// A command this session's connections ran.
    Ran(TraceEntry),
    /// A message the backend's one subscription received, heard by this member.
    Relayed(RelayedEntry),
}

/// A relayed message in one member's trace: the member's own numbering, request and origin, and the
/// message's [`Line`], shared with every member that heard it.
#[derive(Debug)]
pub struct RelayedEntry {
    seq: u64,
    at_ms: u64,
    client: Arc<str>,
    request: Option<RequestId>,
    origin: Origin,
    line: Arc<Line>,
}

/// A relayed message's command as the trace shows it and its reply, with the command's JSON written
/// once: a room's message is in the trace of every participant, and escaping its payload for each of
/// them was the largest single cost of a burst's fan-out.
#[derive(Debug)]
pub struct Line {
    command: Vec<String>,
    /// `command` as JSON; a list of strings always serialises, so this is `None` only in theory,
    /// and then `command` is serialised each time.
    json: Option<Box<RawValue>>,
    reply: &'static str,
}

impl Line {
    /// `command`, answered by `reply`.
    pub(super) fn new(command: Vec<String>, reply: &'static str) -> Self {
        Self {
            json: serde_json::value::to_raw_value(&command).ok(),
            command,
            reply,
        }
    }
}

impl Serialize for Traced {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let relayed = match self {
            Self::Ran(entry) => return entry.serialize(serializer),
            Self::Relayed(relayed) => relayed,
        };
        let command = match &relayed.line.json {
            Some(json) => Command::Json(json),
            None => Command::Words(&relayed.line.command),
        };
        Wire {
            seq: relayed.seq,
            at_ms: relayed.at_ms,
            client: &relayed.client,
            request: relayed.request,
            command,
            reply: relayed.line.reply,
            ok: true,
            micros: 0,
            origin: relayed.origin,
        }
        .serialize(serializer)
    }
}

/// [`TraceEntry`]'s fields, in its order, with the command written from a [`Line`].
#[derive(Serialize)]
struct Wire<'a> {
    seq: u64,
    at_ms: u64,
    client: &'a str,
    request: Option<RequestId>,
    command: Command<'a>,
    reply: &'a str,
    ok: bool,
    micros: u64,
    origin: Origin,
}

/// A [`Line`]'s command, as JSON already written or as its words.
#[derive(Serialize)]
#[serde(untagged)]
enum Command<'a> {
    Json(&'a RawValue),
    Words(&'a [String]),
}

impl From<Traced> for TraceEntry {
    fn from(traced: Traced) -> Self {
        match traced {
            Traced::Ran(entry) => entry,
            Traced::Relayed(relayed) => Self {
                seq: relayed.seq,
                at_ms: relayed.at_ms,
                client: relayed.client.to_string(),
                request: relayed.request,
                command: relayed.line.command.clone(),
                reply: relayed.line.reply.into(),
                ok: true,
                micros: 0,
                origin: relayed.origin,
            },
        }
    }
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
        self.send(|seq| {
            Traced::Ran(TraceEntry {
                seq,
                at_ms,
                client: self.client.to_string(),
                request: self.request,
                command,
                reply,
                ok,
                micros,
                origin: self.origin,
            })
        })
    }

    /// Records a message the backend's one subscription received at `at_ms` and relayed to this
    /// member, and returns its `seq`, as [`Self::record`] does.
    pub(super) fn record_relayed(&self, line: Arc<Line>, at_ms: u64) -> u64 {
        self.send(|seq| {
            Traced::Relayed(RelayedEntry {
                seq,
                at_ms,
                client: self.client.clone(),
                request: self.request,
                origin: self.origin,
                line,
            })
        })
    }

    /// Numbers the entry `make` builds and queues it, or counts it dropped when the channel is full.
    fn send(&self, make: impl FnOnce(u64) -> Traced) -> u64 {
        let seq = self.counters.seq.fetch_add(1, Ordering::Relaxed) + 1;
        if let Err(mpsc::error::TrySendError::Full(_)) = self.tx.try_send(make(seq)) {
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

    /// The next entry, waiting for it; `None` once every tracer is gone.
    pub async fn recv(&mut self) -> Option<TraceEntry> {
        self.rx.recv().await.map(TraceEntry::from)
    }

    /// The next entry if one is queued.
    pub fn try_recv(&mut self) -> Option<TraceEntry> {
        self.rx.try_recv().ok().map(TraceEntry::from)
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
        let first = sink.try_recv().expect("first entry kept");
        assert_eq!(
            (first.seq, first.client.as_str(), first.request),
            (1, "client-1", Some(9))
        );
        client.record(vec!["PING".into()], "PONG".into(), true, 1, 2);
        assert_eq!(sink.try_recv().expect("third entry").seq, 3);
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
            .map(|_| sink.try_recv().expect("entry"))
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

    /// A relayed entry as the socket writer serialises it, and as the [`TraceEntry`] it stands for.
    fn both_ways(
        line: Line,
        client: &str,
        request: Option<RequestId>,
        mine: bool,
    ) -> (String, String) {
        let (tracer, mut sink) = trace_channel(2);
        let tracer = tracer.for_client(client);
        let tracer = match request {
            Some(id) => tracer.for_request(id),
            None => tracer,
        };
        let tracer = if mine { tracer } else { tracer.playground() };
        tracer.record_relayed(Arc::new(line), 1_764_000_000_123);
        let traced = sink.rx.try_recv().expect("recorded");
        let written = serde_json::to_string(&traced).expect("serialises");
        let entry = serde_json::to_string(&TraceEntry::from(traced)).expect("serialises");
        (written, entry)
    }

    proptest::proptest! {
        #[test]
        fn a_relayed_entry_is_written_as_the_trace_entry_it_stands_for(
            words in proptest::collection::vec(".*", 0..4),
            client in "[a-z0-9-]{1,12}",
            request in proptest::option::of(proptest::num::u64::ANY),
            mine in proptest::bool::ANY,
            encoded in proptest::bool::ANY,
        ) {
            let mut line = Line::new(words, "(relayed: \"one\" subscription)");
            if !encoded {
                line.json = None;
            }
            let (written, entry) = both_ways(line, &client, request, mine);
            proptest::prop_assert_eq!(written, entry);
        }
    }

    #[test]
    fn a_relayed_entry_keeps_the_members_numbering() {
        let (tracer, mut sink) = trace_channel(4);
        tracer.record(vec!["GET".into()], "(nil)".into(), true, 1, 2);
        let line = Arc::new(Line::new(
            vec!["(message)".into(), "c".into(), "hi".into()],
            "relayed",
        ));
        assert_eq!(tracer.record_relayed(line, 5), 2);
        let _ = sink.try_recv();
        let relayed = sink.try_recv().expect("recorded");
        assert_eq!(
            (
                relayed.seq,
                relayed.at_ms,
                relayed.command,
                relayed.reply,
                relayed.ok
            ),
            (
                2,
                5,
                vec!["(message)".to_owned(), "c".into(), "hi".into()],
                "relayed".to_owned(),
                true
            )
        );
    }
}
