//! The invariant checker: from what each client did, the intervals in which it believed it held the lock,
//! and every overlap of two of them, which is a violation of mutual exclusion.

use std::collections::BTreeMap;

use shared::lock::{
    ClientEvent, Happening, Violation,
    overlap::{Holding, overlaps},
};

/// Every overlap between two clients' holding intervals. A client holds from its `Acquired` until it
/// starts releasing, learns from a failed renewal that it lost the lock, or the run ends at `end_ms`.
pub fn violations(events: &[ClientEvent], end_ms: u64) -> Vec<Violation> {
    let mut open: BTreeMap<u32, (u64, Vec<u64>)> = BTreeMap::new();
    let mut holdings = Vec::new();
    for event in events {
        match &event.what {
            Happening::Acquired { .. } => {
                open.insert(event.client, (event.at_ms, event.trace.clone()));
            }
            Happening::Released { .. } | Happening::Renewed { ok: false } => {
                if let Some((from_ms, mut trace)) = open.remove(&event.client) {
                    trace.extend(&event.trace);
                    holdings.push(Holding {
                        client: event.client,
                        from_ms,
                        to_ms: event.at_ms,
                        trace,
                    });
                }
            }
            _ => {}
        }
    }
    holdings.extend(open.into_iter().map(|(client, (from_ms, trace))| Holding {
        client,
        from_ms,
        to_ms: end_ms,
        trace,
    }));
    overlaps(holdings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(client: u32, at_ms: u64, what: Happening) -> ClientEvent {
        ClientEvent {
            client,
            at_ms,
            what,
            trace: vec![at_ms],
        }
    }

    fn acquired() -> Happening {
        Happening::Acquired {
            token: "t".into(),
            fence: None,
        }
    }

    fn released() -> Happening {
        Happening::Released {
            deleted: true,
            stole: false,
        }
    }

    #[test]
    fn a_stale_holder_overlaps_the_next_one() {
        let events = [
            event(0, 10, acquired()),
            event(1, 50, acquired()),
            event(1, 60, released()),
            event(0, 80, released()),
        ];
        let found = violations(&events, 100);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].clients, found[0].from_ms, found[0].to_ms),
            ((0, 1), 50, 60)
        );
        assert_eq!(found[0].trace, [10, 80, 50, 60]);
    }

    #[test]
    fn a_failed_renewal_ends_the_belief_and_an_open_holding_ends_with_the_run() {
        let events = [
            event(0, 10, acquired()),
            event(1, 40, acquired()),
            event(0, 45, Happening::Renewed { ok: false }),
        ];
        let found = violations(&events, 100);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].from_ms, found[0].to_ms), (40, 45));
    }
}
