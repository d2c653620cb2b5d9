//! One run as the lanes draw it, folded event by event from the server's messages: each client's spans
//! (waiting, holding, paused) and marks, the lock key's readings, and the backend's summary once it
//! arrives. Times are milliseconds since `Started.at_ms`, the shared wall-clock axis.

use shared::RequestId;
use shared::lock::{ClientEvent, Faults, Happening, LockEvent, LockParams, LockSummary, Release};

/// What a span of a client's lane stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanKind {
    /// Trying to acquire, from `Waiting` to `Acquired`, `Skipped` or `Crashed`.
    Waiting {
        /// 0-based round.
        round: u32,
        /// Failed attempts so far.
        retries: u32,
    },
    /// Believing it holds the lock, from `Acquired` until it starts releasing or a renewal fails.
    Holding {
        /// The uuid written as the lock's value.
        token: String,
        /// The fence counter's value, when fencing is on.
        fence: Option<i64>,
    },
    /// Stalled (a GC pause) until the time the backend announced.
    Paused,
}

/// A stretch of one client's lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// What it stands for.
    pub kind: SpanKind,
    /// Start, ms since the run began.
    pub from_ms: u64,
    /// End; `None` while it lasts.
    pub to_ms: Option<u64>,
    /// Trace seqs of the commands sent during it (for a holding: acquire to release).
    pub trace: Vec<u64>,
}

/// A point event on a client's lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A non-blocking attempt failed and the round was given up.
    Skipped,
    /// The release deleted the client's own lock.
    Released,
    /// The Lua release returned 0: the lock was no longer the client's, so nothing was deleted.
    Refused,
    /// A plain `DEL` deleted another client's lock.
    Stole,
    /// The client died between `SETNX` and `EXPIRE`.
    Crashed,
    /// The watchdog extended the lock (`ok`) or found it gone.
    Renewed {
        /// Whether the lock was still the client's.
        ok: bool,
    },
    /// A write to the fenced resource.
    Wrote {
        /// The fence token it carried.
        fence: i64,
        /// Whether the resource took it.
        accepted: bool,
    },
}

/// A point event, when, and its commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// What happened.
    pub kind: MarkKind,
    /// When, ms since the run began.
    pub at_ms: u64,
    /// Trace seqs of its commands.
    pub trace: Vec<u64>,
}

/// Everything one client did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Track {
    /// Spans in the order they began.
    pub spans: Vec<Span>,
    /// Marks in time order.
    pub marks: Vec<Mark>,
    /// When each failed attempt happened: a tick each on the waiting span.
    pub retries: Vec<u64>,
}

/// A reading of the lock key, relative to the run's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// When, ms since the run began.
    pub at_ms: u64,
    /// The client whose token was the value.
    pub holder: Option<u32>,
    /// `PTTL`: ms left, -1 no expiry, -2 no key.
    pub pttl_ms: i64,
}

/// One run on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunView {
    /// The run's request id: its trace lines carry it.
    pub id: RequestId,
    /// What the clients were told.
    pub params: LockParams,
    /// The faults switched on.
    pub faults: Faults,
    /// Unix ms of `Started`, once it came.
    pub origin_ms: Option<u64>,
    /// The lock's full key.
    pub key: String,
    /// One per client, by client number.
    pub tracks: Vec<Track>,
    /// Key readings in time order.
    pub readings: Vec<Reading>,
    /// The latest moment any message spoke of: the right end of what is known.
    pub now_ms: u64,
    /// The backend's findings, once the run ended.
    pub summary: Option<LockSummary>,
}

impl RunView {
    /// An empty view of run `id`.
    pub fn new(id: RequestId, params: LockParams, faults: Faults) -> Self {
        Self {
            id,
            params,
            faults,
            origin_ms: None,
            key: String::new(),
            tracks: vec![Track::default(); params.clients as usize],
            readings: Vec::new(),
            now_ms: 0,
            summary: None,
        }
    }

    /// Folds one event.
    pub fn apply(&mut self, event: &LockEvent) {
        match event {
            LockEvent::Started { at_ms, key } => {
                self.origin_ms = Some(*at_ms);
                self.key.clone_from(key);
            }
            LockEvent::Clients { events } => events.iter().for_each(|e| self.client(e)),
            LockEvent::Key { readings } => {
                for reading in readings {
                    let at_ms = self.relative(reading.at_ms);
                    self.readings.push(Reading {
                        at_ms,
                        holder: reading.holder,
                        pttl_ms: reading.pttl_ms,
                    });
                    self.now_ms = self.now_ms.max(at_ms);
                }
            }
        }
    }

    /// The backend's summary; its overlaps may end a little after the last event, so the axis grows.
    pub fn finish(&mut self, summary: LockSummary) {
        for violation in &summary.violations {
            self.now_ms = self.now_ms.max(self.relative(violation.to_ms));
        }
        self.summary = Some(summary);
    }

    /// Unix ms as ms since the run began.
    pub fn relative(&self, at_ms: u64) -> u64 {
        relative(self.origin_ms, at_ms)
    }

    fn client(&mut self, event: &ClientEvent) {
        let origin = self.origin_ms;
        let at_ms = relative(origin, event.at_ms);
        self.now_ms = self.now_ms.max(at_ms);
        let index = event.client as usize;
        if index >= self.tracks.len() {
            self.tracks.resize(index + 1, Track::default());
        }
        let track = &mut self.tracks[index];
        let trace = event.trace.clone();
        match &event.what {
            Happening::Waiting { round } => {
                track.close(at_ms, &[]);
                track.open(
                    SpanKind::Waiting {
                        round: *round,
                        retries: 0,
                    },
                    at_ms,
                    trace,
                );
            }
            Happening::Retry => {
                track.retries.push(at_ms);
                if let Some(span) = track.open_span_mut() {
                    if let SpanKind::Waiting { retries, .. } = &mut span.kind {
                        *retries += 1;
                    }
                    span.trace.extend(&trace);
                }
            }
            Happening::Skipped => {
                track.close(at_ms, &trace);
                track.mark(MarkKind::Skipped, at_ms, trace);
            }
            Happening::Crashed => {
                track.close(at_ms, &trace);
                track.mark(MarkKind::Crashed, at_ms, trace);
            }
            Happening::Acquired { token, fence } => {
                // The successful `SET` ends the wait and begins the holding; both show it.
                track.close(at_ms, &trace);
                let kind = SpanKind::Holding {
                    token: token.clone(),
                    fence: *fence,
                };
                track.open(kind, at_ms, trace);
            }
            Happening::Paused { until_ms } => {
                let until = relative(origin, *until_ms).max(at_ms);
                track.extend_holding(&trace);
                track.spans.push(Span {
                    kind: SpanKind::Paused,
                    from_ms: at_ms,
                    to_ms: Some(until),
                    trace,
                });
            }
            Happening::Renewed { ok } => {
                if *ok {
                    track.extend_holding(&trace);
                } else {
                    // A renewal that finds the lock gone ends the client's belief, as the checker counts it.
                    track.close(at_ms, &trace);
                }
                track.mark(MarkKind::Renewed { ok: *ok }, at_ms, trace);
            }
            Happening::Wrote { fence, accepted } => {
                track.extend_holding(&trace);
                let kind = MarkKind::Wrote {
                    fence: *fence,
                    accepted: *accepted,
                };
                track.mark(kind, at_ms, trace);
            }
            Happening::Released { deleted, stole } => {
                track.close(at_ms, &trace);
                // The Lua release deletes only the client's own token, so with it a deleted key was
                // never another's. The backend tells a theft by who acquired last, which another client
                // can change between the release and that check; only a plain DEL can really steal.
                let stole = *stole && self.faults.release == Release::Del;
                let kind = match (deleted, stole) {
                    (_, true) => MarkKind::Stole,
                    (true, false) => MarkKind::Released,
                    (false, false) => MarkKind::Refused,
                };
                track.mark(kind, at_ms, trace);
            }
        }
    }
}

/// Unix ms as ms since `origin`; before `Started` came, every time is its own origin.
fn relative(origin: Option<u64>, at_ms: u64) -> u64 {
    at_ms.saturating_sub(origin.unwrap_or(at_ms))
}

impl Track {
    /// The waiting or holding span still open (pauses always know their end).
    fn open_span_mut(&mut self) -> Option<&mut Span> {
        self.spans
            .iter_mut()
            .rev()
            .find(|s| s.to_ms.is_none() && s.kind != SpanKind::Paused)
    }

    fn open(&mut self, kind: SpanKind, at_ms: u64, trace: Vec<u64>) {
        self.spans.push(Span {
            kind,
            from_ms: at_ms,
            to_ms: None,
            trace,
        });
    }

    /// Ends the open span at `at_ms`, adding the commands that ended it.
    fn close(&mut self, at_ms: u64, trace: &[u64]) {
        if let Some(span) = self.open_span_mut() {
            span.to_ms = Some(at_ms.max(span.from_ms));
            span.trace.extend(trace);
        }
    }

    /// Adds commands sent while holding (renewals, the work's writes) to the holding span.
    fn extend_holding(&mut self, trace: &[u64]) {
        if let Some(span) = self.open_span_mut() {
            span.trace.extend(trace);
        }
    }

    fn mark(&mut self, kind: MarkKind, at_ms: u64, trace: Vec<u64>) {
        self.marks.push(Mark { kind, at_ms, trace });
    }
}

#[cfg(test)]
mod tests;
