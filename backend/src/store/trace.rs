//! Recording: every command a [`super::Conn`] runs becomes a [`TraceEntry`] on its session's trace channel.
//!
//! The channel is bounded and recording never waits: when a browser reads too slowly, entries are dropped
//! and counted, so a slow tab can neither stall a lab nor grow the backend's memory.
//!
//! A message the backend's one subscription relays to many members ([`super::relay`]) is traced in every
//! member's trace; its command line is encoded to JSON once for all of them ([`Line`]). A member records
//! the messages it takes from its relay at once as one item ([`Traced::Relayed`]), whose entries
//! encode exactly as the [`TraceEntry`]s they stand for.

use std::collections::VecDeque;
use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer, ser::SerializeSeq};
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
    /// Entries of an item taken by [`Self::try_recv`] and not yet returned.
    taken: VecDeque<TraceEntry>,
}

/// One item on a session's trace channel: one entry, or the messages a member heard at once. Written
/// as the [`TraceEntry`]s it stands for by [`Entries`].
#[derive(Debug)]
pub enum Traced {
    /// A command this session's connections ran.
    Ran(TraceEntry),
    /// Messages the backend's one subscription received, heard by this member at once.
    Relayed(RelayedEntries),
}

impl Traced {
    /// How many entries it stands for.
    pub fn entries(&self) -> usize {
        match self {
            Self::Ran(_) => 1,
            Self::Relayed(relayed) => relayed.heard.len(),
        }
    }

    /// The entries it stands for, oldest first.
    fn into_entries(self) -> Vec<TraceEntry> {
        let relayed = match self {
            Self::Ran(entry) => return vec![entry],
            Self::Relayed(relayed) => relayed,
        };
        let client = relayed.client.to_string();
        (relayed.first_seq..)
            .zip(relayed.heard)
            .map(|(seq, (line, at_ms))| TraceEntry {
                seq,
                at_ms,
                client: client.clone(),
                request: relayed.request,
                command: line.command.clone(),
                reply: line.reply.into(),
                ok: true,
                micros: 0,
                origin: relayed.origin,
            })
            .collect()
    }
}

/// Relayed messages in one member's trace: the member's own numbering (consecutive from
/// `first_seq`), request and origin, and each message's [`Line`], shared with every member that heard
/// it, with when the relay received it.
#[derive(Debug)]
pub struct RelayedEntries {
    first_seq: u64,
    client: Arc<str>,
    request: Option<RequestId>,
    origin: Origin,
    heard: Vec<(Arc<Line>, u64)>,
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

/// Trace items written as the list of the [`TraceEntry`]s they stand for: the `entries` of a
/// [`shared::ServerMsg::Trace`].
pub struct Entries<'a>(pub &'a [Traced]);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = self.0.iter().map(Traced::entries).sum();
        let mut seq = serializer.serialize_seq(Some(len))?;
        for traced in self.0 {
            let relayed = match traced {
                Traced::Ran(entry) => {
                    seq.serialize_element(entry)?;
                    continue;
                }
                Traced::Relayed(relayed) => relayed,
            };
            for (n, (line, at_ms)) in (relayed.first_seq..).zip(&relayed.heard) {
                let command = match &line.json {
                    Some(json) => Command::Json(json),
                    None => Command::Words(&line.command),
                };
                seq.serialize_element(&Wire {
                    seq: n,
                    at_ms: *at_ms,
                    client: &relayed.client,
                    request: relayed.request,
                    command,
                    reply: line.reply,
                    ok: true,
                    micros: 0,
                    origin: relayed.origin,
                })?;
            }
        }
        seq.end()
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
    let taken = VecDeque::new();
    (
        tracer,
        TraceSink {
            rx,
            counters,
            taken,
        },
    )
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
        self.send(1, |seq| {
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

    /// Records messages the backend's one subscription received (each with when) and relayed to this
    /// member, heard at once, as one item, and returns the first one's `seq`, as [`Self::record`] does.
    pub(super) fn record_relayed(&self, heard: Vec<(Arc<Line>, u64)>) -> u64 {
        self.send(heard.len(), |first_seq| {
            Traced::Relayed(RelayedEntries {
                first_seq,
                client: self.client.clone(),
                request: self.request,
                origin: self.origin,
                heard,
            })
        })
    }

    /// Numbers the `entries` entries `make` builds from the first one's `seq` and queues them, or
    /// counts them dropped when the channel is full.
    fn send(&self, entries: usize, make: impl FnOnce(u64) -> Traced) -> u64 {
        let n = entries as u64;
        let first = self.counters.seq.fetch_add(n, Ordering::Relaxed) + 1;
        if let Err(mpsc::error::TrySendError::Full(_)) = self.tx.try_send(make(first)) {
            self.counters.dropped.fetch_add(n, Ordering::Relaxed);
        }
        first
    }
}

impl TraceSink {
    /// How many entries were dropped since the last call.
    pub fn take_dropped(&self) -> u64 {
        self.counters.dropped.swap(0, Ordering::Relaxed)
    }

    /// The next entry if one is queued.
    pub fn try_recv(&mut self) -> Option<TraceEntry> {
        if self.taken.is_empty() {
            let traced = self.rx.try_recv().ok()?;
            self.taken.extend(traced.into_entries());
        }
        self.taken.pop_front()
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

    /// Relayed entries as the socket writer serialises them, and as the [`TraceEntry`]s they stand
    /// for.
    fn both_ways(
        lines: Vec<Line>,
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
        tracer.record(vec!["PING".into()], "PONG".into(), true, 1, 2);
        let heard = lines
            .into_iter()
            .zip(1_764_000_000_123..)
            .map(|(line, at_ms)| (Arc::new(line), at_ms))
            .collect();
        tracer.record_relayed(heard);
        let traced: Vec<Traced> = std::iter::from_fn(|| sink.rx.try_recv().ok()).collect();
        let written = serde_json::to_string(&Entries(&traced)).expect("serialises");
        let entries: Vec<TraceEntry> = traced.into_iter().flat_map(Traced::into_entries).collect();
        let entry = serde_json::to_string(&entries).expect("serialises");
        (written, entry)
    }

    proptest::proptest! {
        #[test]
        fn relayed_entries_are_written_as_the_trace_entries_they_stand_for(
            lines in proptest::collection::vec(
                (proptest::collection::vec(".*", 0..4), proptest::bool::ANY),
                0..4,
            ),
            client in "[a-z0-9-]{1,12}",
            request in proptest::option::of(proptest::num::u64::ANY),
            mine in proptest::bool::ANY,
        ) {
            let lines = lines
                .into_iter()
                .map(|(words, encoded)| {
                    let mut line = Line::new(words, "(relayed: \"one\" subscription)");
                    if !encoded {
                        line.json = None;
                    }
                    line
                })
                .collect();
            let (written, entry) = both_ways(lines, &client, request, mine);
            proptest::prop_assert_eq!(written, entry);
        }
    }

    #[test]
    fn relayed_entries_keep_the_members_numbering() {
        let (tracer, mut sink) = trace_channel(4);
        tracer.record(vec!["GET".into()], "(nil)".into(), true, 1, 2);
        let line = |word: &str| {
            Arc::new(Line::new(
                vec!["(message)".into(), "c".into(), word.into()],
                "relayed",
            ))
        };
        assert_eq!(
            tracer.record_relayed(vec![(line("hi"), 5), (line("bye"), 6)]),
            2
        );
        tracer.record(vec!["GET".into()], "(nil)".into(), true, 7, 2);
        let _ = sink.try_recv();
        let relayed: Vec<_> = std::iter::from_fn(|| sink.try_recv())
            .map(|e| (e.seq, e.at_ms, e.command.join(" "), e.reply, e.ok))
            .collect();
        assert_eq!(
            relayed,
            [
                (
                    2,
                    5,
                    "(message) c hi".to_owned(),
                    "relayed".to_owned(),
                    true
                ),
                (
                    3,
                    6,
                    "(message) c bye".to_owned(),
                    "relayed".to_owned(),
                    true
                ),
                (4, 7, "GET".to_owned(), "(nil)".to_owned(), true),
            ]
        );
    }

    #[test]
    fn relayed_entries_that_find_the_channel_full_are_all_counted_dropped() {
        let (tracer, sink) = trace_channel(1);
        tracer.record(vec!["GET".into()], "(nil)".into(), true, 1, 2);
        let line = Arc::new(Line::new(vec!["(message)".into()], "relayed"));
        tracer.record_relayed(vec![(line.clone(), 5), (line, 6)]);
        assert_eq!(sink.take_dropped(), 2);
    }
}
