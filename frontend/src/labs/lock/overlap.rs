//! Violations of mutual exclusion: two clients that both believed they held the lock at once.
//!
//! While a run streams, they are found here from the holding spans received so far, the way the
//! backend's checker finds them (an open holding lasts until now); once the summary arrives, its list
//! is the one drawn, so the picture and the count always agree with the server in the end.

use shared::lock::{
    Violation,
    overlap::{Holding, overlaps},
};

use super::timeline::{RunView, SpanKind};

/// The holdings of `view`, open ones ending at `end_ms`.
fn holdings(view: &RunView, end_ms: u64) -> Vec<Holding> {
    view.tracks
        .iter()
        .enumerate()
        .flat_map(|(client, track)| {
            track
                .spans
                .iter()
                .filter(|span| matches!(span.kind, SpanKind::Holding { .. }))
                .map(move |span| Holding {
                    client: client as u32,
                    from_ms: span.from_ms,
                    to_ms: span.to_ms.unwrap_or(end_ms),
                    trace: span.trace.clone(),
                })
        })
        .collect()
}

/// The violations to draw: the backend's once its summary came, otherwise those found so far.
pub fn violations(view: &RunView) -> Vec<Violation> {
    match &view.summary {
        Some(summary) => summary
            .violations
            .iter()
            .map(|v| Violation {
                clients: v.clients,
                from_ms: view.relative(v.from_ms),
                to_ms: view.relative(v.to_ms),
                trace: v.trace.clone(),
            })
            .collect(),
        None => overlaps(holdings(view, view.now_ms)),
    }
}

#[cfg(test)]
mod tests {
    use shared::lock::{
        ClientEvent, Faults, Happening, LockEvent, LockParams, LockSummary, Violation,
    };

    use super::*;

    fn view_with(events: Vec<ClientEvent>) -> RunView {
        let mut view = RunView::new(1, LockParams::default(), Faults::default());
        view.apply(&LockEvent::Started {
            at_ms: 1000,
            key: "k".into(),
        });
        view.apply(&LockEvent::Clients { events });
        view
    }

    fn event(client: u32, at_ms: u64, what: Happening) -> ClientEvent {
        ClientEvent {
            client,
            at_ms,
            what,
            trace: vec![at_ms],
        }
    }

    #[test]
    fn an_open_holding_overlaps_until_now_and_the_summary_wins_once_it_came() {
        let acquired = || Happening::Acquired {
            token: "t".into(),
            fence: None,
        };
        let mut view = view_with(vec![
            event(0, 1000, acquired()),
            event(1, 2000, acquired()),
            event(2, 2500, Happening::Waiting { round: 0 }),
        ]);
        let live = violations(&view);
        assert_eq!((live[0].from_ms, live[0].to_ms), (1000, 1500));

        view.finish(LockSummary {
            acquired: 2,
            violations: vec![Violation {
                clients: (0, 1),
                from_ms: 2000,
                to_ms: 2700,
                trace: vec![1],
            }],
            counter: 0,
            expected_counter: 0,
            writes_accepted: 0,
            writes_rejected: 0,
            lock_without_expiry: false,
            timed_out: false,
        });
        let last = violations(&view);
        assert_eq!(
            (last[0].from_ms, last[0].to_ms, last[0].trace.clone()),
            (1000, 1700, vec![1])
        );
        assert_eq!(view.now_ms, 1700, "the axis reaches the overlap's end");
    }
}
