//! The browser's copy of the command trace: the newest lines only, and the clients seen so far. The
//! playground's own lines (presence, counters, ACL…) are kept too, and shown only on request.
//!
//! A workshop can run for hours, so the log keeps at most [`TRACE_CAP`] lines and says when it
//! dropped older ones. Lines are shared `Rc`s because the reducer clones the log on every message.

use std::collections::{BTreeSet, VecDeque};
use std::rc::Rc;

use shared::{Origin, RequestId, TraceEntry};

/// How many trace lines the browser keeps.
pub const TRACE_CAP: usize = 500;

/// One received trace entry and the browser's own line number for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceLine {
    /// Counts up from 1 per page load. Unlike `entry.seq`, it never restarts when a reconnect
    /// starts a new session, so it is a stable key for the list.
    pub line: u64,
    /// The entry as the backend sent it.
    pub entry: TraceEntry,
}

/// The trace lines kept in memory, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceLog {
    cap: usize,
    lines: VecDeque<Rc<TraceLine>>,
    next_line: u64,
    clients: BTreeSet<String>,
    /// The clients that sent a command for the learner (not only the playground's own).
    learner_clients: BTreeSet<String>,
    capped: bool,
    server_dropped: u64,
}

impl Default for TraceLog {
    fn default() -> Self {
        Self::with_cap(TRACE_CAP)
    }
}

impl TraceLog {
    /// An empty log that keeps the newest `cap` lines.
    pub fn with_cap(cap: usize) -> Self {
        Self {
            cap,
            lines: VecDeque::with_capacity(cap),
            next_line: 1,
            clients: BTreeSet::new(),
            learner_clients: BTreeSet::new(),
            capped: false,
            server_dropped: 0,
        }
    }

    /// Appends entries in the order received, dropping the oldest lines beyond the cap.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = TraceEntry>) {
        for entry in entries {
            if !self.clients.contains(&entry.client) {
                self.clients.insert(entry.client.clone());
            }
            if entry.origin == Origin::Learner && !self.learner_clients.contains(&entry.client) {
                self.learner_clients.insert(entry.client.clone());
            }
            let line = self.next_line;
            self.next_line += 1;
            self.lines.push_back(Rc::new(TraceLine { line, entry }));
        }
        while self.lines.len() > self.cap {
            self.lines.pop_front();
            self.capped = true;
        }
    }

    /// Records that the backend dropped `count` entries because the browser read too slowly.
    pub fn note_server_dropped(&mut self, count: u64) {
        self.server_dropped = self.server_dropped.saturating_add(count);
    }

    /// Forgets every line, client and drop notice; line numbers keep counting.
    pub fn clear(&mut self) {
        self.lines.clear();
        self.clients.clear();
        self.learner_clients.clear();
        self.capped = false;
        self.server_dropped = 0;
    }

    /// The kept lines, oldest first, from one client or (`None`) from all.
    pub fn lines<'a>(&'a self, client: Option<&'a str>) -> impl Iterator<Item = &'a Rc<TraceLine>> {
        self.lines
            .iter()
            .filter(move |line| client.is_none_or(|client| line.entry.client == client))
    }

    /// The kept lines the trace panel shows, oldest first: from one client or (`None`) from all, and
    /// the playground's own lines only when `playground` is on.
    pub fn shown<'a>(
        &'a self,
        client: Option<&'a str>,
        playground: bool,
    ) -> impl Iterator<Item = &'a Rc<TraceLine>> {
        self.lines(client)
            .filter(move |line| playground || line.entry.origin == Origin::Learner)
    }

    /// The clients with a line [`TraceLog::shown`] shows, sorted: every client when `playground` is on,
    /// otherwise those that sent a command for the learner.
    pub fn clients_shown(&self, playground: bool) -> impl Iterator<Item = &str> {
        let clients = if playground {
            &self.clients
        } else {
            &self.learner_clients
        };
        clients.iter().map(String::as_str)
    }

    /// The kept lines of `request` with these `seq`s, in the order given; dropped ones are left out. The
    /// request id must match too: a reconnect starts a new session whose seqs restart at 1.
    pub fn of_request(&self, request: RequestId, seqs: &[u64]) -> Vec<&Rc<TraceLine>> {
        seqs.iter()
            .filter_map(|&seq| {
                self.lines
                    .iter()
                    .find(|line| line.entry.seq == seq && line.entry.request == Some(request))
            })
            .collect()
    }

    /// How many lines the log keeps.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Whether older lines were dropped to stay under the cap.
    pub fn capped(&self) -> bool {
        self.capped
    }

    /// How many entries the backend dropped since the last clear.
    pub fn server_dropped(&self) -> u64 {
        self.server_dropped
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A learner's `PING` of `client`, the `seq`th command of request 1.
    pub(crate) fn entry(seq: u64, client: &str) -> TraceEntry {
        TraceEntry {
            seq,
            at_ms: 1_700_000_000_000 + seq,
            client: client.into(),
            request: Some(1),
            command: vec!["PING".into()],
            reply: "PONG".into(),
            ok: true,
            micros: 50,
            origin: Origin::Learner,
        }
    }

    fn playground(seq: u64, client: &str) -> TraceEntry {
        TraceEntry {
            origin: Origin::Playground,
            ..entry(seq, client)
        }
    }

    fn seqs(log: &TraceLog, client: Option<&str>) -> Vec<u64> {
        log.lines(client).map(|line| line.entry.seq).collect()
    }

    #[test]
    fn keeps_only_the_newest_lines_and_says_so() {
        let mut log = TraceLog::with_cap(3);
        log.extend((1..=2).map(|seq| entry(seq, "session")));
        assert!(!log.capped());

        log.extend((3..=5).map(|seq| entry(seq, "session")));

        assert_eq!(seqs(&log, None), [3, 4, 5]);
        assert!(log.capped());
    }

    #[test]
    fn lines_are_found_by_seq_within_their_request_only() {
        let mut log = TraceLog::default();
        let mut other = entry(2, "session");
        other.request = Some(8);
        log.extend([entry(1, "session"), other, entry(3, "session")]);
        let found: Vec<u64> = log
            .of_request(1, &[3, 2, 9, 1])
            .iter()
            .map(|l| l.entry.seq)
            .collect();
        assert_eq!(found, [3, 1]);
    }

    #[test]
    fn default_cap_is_five_hundred() {
        let mut log = TraceLog::default();
        log.extend((1..=501).map(|seq| entry(seq, "session")));
        assert_eq!(log.lines(None).count(), TRACE_CAP);
        assert_eq!(log.lines(None).next().map(|line| line.entry.seq), Some(2));
    }

    #[test]
    fn filters_by_client_and_lists_clients_seen() {
        let mut log = TraceLog::default();
        log.extend([
            entry(1, "session"),
            entry(2, "client-2"),
            entry(3, "session"),
        ]);

        assert_eq!(seqs(&log, Some("session")), [1, 3]);
        assert_eq!(seqs(&log, Some("client-2")), [2]);
        assert_eq!(
            log.clients_shown(true).collect::<Vec<_>>(),
            ["client-2", "session"]
        );
    }

    #[test]
    fn line_numbers_survive_a_clear_and_a_new_session() {
        let mut log = TraceLog::default();
        log.extend([entry(1, "session")]);
        log.note_server_dropped(4);
        log.clear();
        assert_eq!(log.lines(None).count(), 0);
        assert_eq!(log.server_dropped(), 0);
        assert_eq!(log.clients_shown(true).count(), 0);

        log.extend([entry(1, "session")]);

        assert_eq!(
            log.lines(None).map(|line| line.line).collect::<Vec<_>>(),
            [2]
        );
    }

    #[test]
    fn the_playgrounds_own_lines_show_only_when_asked() {
        let mut log = TraceLog::default();
        log.extend([
            playground(1, "limits"),
            playground(2, "session"),
            entry(3, "session"),
            entry(4, "client-1"),
            playground(5, "client-1"),
        ]);
        let shown =
            |client, on| -> Vec<u64> { log.shown(client, on).map(|line| line.entry.seq).collect() };

        assert_eq!(shown(None, false), [3, 4]);
        assert_eq!(shown(None, true), [1, 2, 3, 4, 5]);
        assert_eq!(shown(Some("client-1"), false), [4]);
        assert_eq!(shown(Some("limits"), false), Vec::<u64>::new());
        assert_eq!(
            log.clients_shown(false).collect::<Vec<_>>(),
            ["client-1", "session"]
        );
        assert_eq!(
            log.clients_shown(true).collect::<Vec<_>>(),
            ["client-1", "limits", "session"]
        );
        assert_eq!(log.lines(None).count(), 5, "every line is kept");

        log.clear();
        assert_eq!(log.clients_shown(false).count(), 0);
    }

    #[test]
    fn server_drops_add_up() {
        let mut log = TraceLog::default();
        log.note_server_dropped(3);
        log.note_server_dropped(9);
        assert_eq!(log.server_dropped(), 12);
    }
}
