//! The invariant checker: from what each client did, the intervals in which it believed it held the lock,
//! and every overlap of two of them, which is a violation of mutual exclusion.

use std::collections::BTreeMap;

use shared::lock::{ClientEvent, Happening, Violation};

/// One client's belief that it held the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Holding {
    client: u32,
    from_ms: u64,
    to_ms: u64,
    trace: Vec<u64>,
}

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
    holdings.sort_by_key(|h| h.from_ms);
    let mut found = Vec::new();
    for (i, a) in holdings.iter().enumerate() {
        for b in holdings[i + 1..].iter().take_while(|b| b.from_ms < a.to_ms) {
            if a.client != b.client {
                found.push(Violation {
                    clients: (a.client, b.client),
                    from_ms: b.from_ms,
                    to_ms: a.to_ms.min(b.to_ms),
                    trace: a.trace.iter().chain(&b.trace).copied().collect(),
                });
            }
        }
    }
    found
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
    fn back_to_back_holdings_do_not_overlap() {
        let events = [
            event(0, 10, acquired()),
            event(0, 20, released()),
            event(1, 20, acquired()),
            event(1, 30, released()),
        ];
        assert!(violations(&events, 100).is_empty());
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
