//! Overlaps of holdings: two clients that both believed they held the lock at once. Shared, so the
//! backend's summary and the browser's live view find exactly the same violations.

use super::Violation;

/// One client's belief that it held the lock, from `from_ms` to `to_ms` (any time base, used alike).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    /// Which client.
    pub client: u32,
    /// When it acquired.
    pub from_ms: u64,
    /// When it began to release, learned it had lost the lock, or the run ended.
    pub to_ms: u64,
    /// `seq`s of the commands that began and ended the holding.
    pub trace: Vec<u64>,
}

/// Every overlap of two holdings of different clients, the earlier holder first in `clients`.
pub fn overlaps(mut holdings: Vec<Holding>) -> Vec<Violation> {
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

    fn holding(client: u32, from_ms: u64, to_ms: u64) -> Holding {
        Holding {
            client,
            from_ms,
            to_ms,
            trace: vec![from_ms],
        }
    }

    #[test]
    fn back_to_back_holdings_do_not_overlap() {
        assert!(overlaps(vec![holding(0, 10, 20), holding(1, 20, 30)]).is_empty());
    }

    #[test]
    fn a_stale_holder_overlaps_each_later_holder_it_outlives() {
        let found = overlaps(vec![
            holding(0, 0, 1700),
            holding(1, 1000, 1500),
            holding(2, 1500, 2000),
        ]);
        let spans: Vec<_> = found
            .iter()
            .map(|o| (o.clients, o.from_ms, o.to_ms))
            .collect();
        assert_eq!(spans, [((0, 1), 1000, 1500), ((0, 2), 1500, 1700)]);
        assert_eq!(found[0].trace, [0, 1000]);
    }
}
