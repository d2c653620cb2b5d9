//! What a hovered or clicked element of the plot stands for, kept as a value (not an index), so a
//! selection survives the plot being laid out again as the run streams in.

use super::layout::KeyState;
use super::timeline::{Mark, MarkKind, Reading, Span, SpanKind};
use shared::lock::Violation;

/// The kind of element, with what the detail box says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A client waiting for the lock.
    Waiting {
        /// 0-based round.
        round: u32,
        /// Failed attempts.
        retries: u32,
    },
    /// A client believing it holds the lock.
    Holding {
        /// Its token.
        token: String,
        /// Its fence token, with fencing.
        fence: Option<i64>,
    },
    /// A client stalled.
    Paused,
    /// A point event.
    Mark(MarkKind),
    /// Two clients holding at once.
    Violation {
        /// The two clients.
        clients: (u32, u32),
    },
    /// Readings of the lock key in one state.
    Key {
        /// The state.
        state: KeyState,
        /// `PTTL` at the first reading.
        first_pttl: i64,
        /// `PTTL` at the last reading.
        last_pttl: i64,
    },
}

/// A hovered or clicked element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    /// What it is.
    pub what: What,
    /// Whose lane it is on, for client lanes.
    pub client: Option<u32>,
    /// Start (or the moment of a mark), ms since the run began.
    pub from_ms: u64,
    /// End, for spans; `None` while a span lasts and for marks.
    pub to_ms: Option<u64>,
    /// Trace seqs of the commands involved.
    pub trace: Vec<u64>,
}

impl Picked {
    /// A span of `client`'s lane.
    pub fn span(client: u32, span: &Span) -> Self {
        let what = match &span.kind {
            SpanKind::Waiting { round, retries } => What::Waiting {
                round: *round,
                retries: *retries,
            },
            SpanKind::Holding { token, fence } => What::Holding {
                token: token.clone(),
                fence: *fence,
            },
            SpanKind::Paused => What::Paused,
        };
        Self {
            what,
            client: Some(client),
            from_ms: span.from_ms,
            to_ms: span.to_ms,
            trace: span.trace.clone(),
        }
    }

    /// A mark of `client`'s lane.
    pub fn mark(client: u32, mark: &Mark) -> Self {
        Self {
            what: What::Mark(mark.kind),
            client: Some(client),
            from_ms: mark.at_ms,
            to_ms: None,
            trace: mark.trace.clone(),
        }
    }

    /// A violation.
    pub fn overlap(overlap: &Violation) -> Self {
        Self {
            what: What::Violation {
                clients: overlap.clients,
            },
            client: None,
            from_ms: overlap.from_ms,
            to_ms: Some(overlap.to_ms),
            trace: overlap.trace.clone(),
        }
    }

    /// Readings from `first` to `last`, lasting until `to_ms`. The monitor's own commands are not
    /// traced per reading, so there are no seqs.
    pub fn key(state: KeyState, first: &Reading, last: &Reading, to_ms: u64) -> Self {
        Self {
            what: What::Key {
                state,
                first_pttl: first.pttl_ms,
                last_pttl: last.pttl_ms,
            },
            client: None,
            from_ms: first.at_ms,
            to_ms: Some(to_ms),
            trace: Vec::new(),
        }
    }

    /// Whether `other` is the same element, perhaps laid out again since: an open span grows, a run
    /// of key readings gets longer, but they keep their kind, lane and start.
    pub fn same(&self, other: &Picked) -> bool {
        let kind = |p: &Picked| match &p.what {
            What::Waiting { .. } => 0,
            What::Holding { .. } => 1,
            What::Paused => 2,
            What::Mark(_) => 3,
            What::Violation { .. } => 4,
            What::Key { .. } => 5,
        };
        kind(self) == kind(other) && self.client == other.client && self.from_ms == other.from_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_growing_span_is_still_the_same_element() {
        let mut span = Span {
            kind: SpanKind::Holding {
                token: "t".into(),
                fence: None,
            },
            from_ms: 100,
            to_ms: None,
            trace: vec![1],
        };
        let before = Picked::span(2, &span);
        span.to_ms = Some(900);
        span.trace.push(2);
        let after = Picked::span(2, &span);
        assert!(before.same(&after));
        assert_ne!(before, after);
        assert!(!before.same(&Picked::span(3, &span)));
        let mark = Mark {
            kind: MarkKind::Released,
            at_ms: 100,
            trace: vec![],
        };
        assert!(!before.same(&Picked::mark(2, &mark)));
    }
}
