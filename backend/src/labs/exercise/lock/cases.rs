//! The contenders of each case, fixed so every submission meets the same run: how many clients,
//! rounds and ms of work, the lock's lifetime, and which client plays which of the lock lab's faults.

use shared::exercise::lock::{Case, Fault};

/// Pause between a client's failed acquire and its next try, in ms.
pub const RETRY_MS: u64 = 5;

/// What one case runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Clients, each a task on a connection of its own; client 0 takes the lock first, the others
    /// start once it has.
    pub clients: u8,
    /// Rounds (acquire, work, release) per client.
    pub rounds: u32,
    /// The lifetime passed as the acquire's `ARGV[2]`, in ms.
    pub ttl_ms: u32,
    /// Time spent holding the lock each round, in ms.
    pub work_ms: u32,
    /// `(client, round, fault)`: who plays which fault, and when.
    pub faults: Vec<(u8, u32, Fault)>,
}

impl Plan {
    /// The fault `client` plays in `round`, if any.
    pub fn fault(&self, client: u8, round: u32) -> Option<Fault> {
        self.faults
            .iter()
            .find(|(c, r, _)| *c == client && *r == round)
            .map(|(_, _, fault)| *fault)
    }

    /// How long a stale holder pauses after acquiring: a third past the lock's lifetime, so it
    /// releases while the next holder still holds the lock.
    pub fn stale_pause_ms(&self) -> u32 {
        self.ttl_ms + self.ttl_ms / 3
    }

    /// How many stale releases the case has.
    pub fn stale_count(&self) -> usize {
        self.faults
            .iter()
            .filter(|(_, _, fault)| *fault == Fault::Stale)
            .count()
    }
}

/// The plan of `case`.
pub fn plan(case: Case) -> Plan {
    match case {
        Case::Contenders => Plan {
            clients: 5,
            rounds: 3,
            ttl_ms: 1000,
            work_ms: 10,
            faults: Vec::new(),
        },
        Case::StaleHolder => Plan {
            clients: 5,
            rounds: 2,
            ttl_ms: 200,
            work_ms: 10,
            faults: vec![(0, 0, Fault::Stale)],
        },
        Case::Crash => Plan {
            clients: 5,
            rounds: 2,
            ttl_ms: 300,
            work_ms: 10,
            faults: vec![(0, 0, Fault::Crash)],
        },
        Case::HiddenMixed => Plan {
            clients: 6,
            rounds: 2,
            ttl_ms: 150,
            work_ms: 5,
            faults: vec![(0, 0, Fault::Stale), (3, 1, Fault::Crash)],
        },
    }
}

#[cfg(test)]
mod tests {
    use shared::exercise::lock::DEADLINE_MS;

    use super::*;

    #[test]
    fn a_correct_lock_has_time_to_spare_before_the_deadline() {
        for case in Case::ALL {
            let plan = plan(case);
            // Every round's work one after the other, every fault's wait for the lifetime to run out.
            let work = u32::from(plan.clients) * plan.rounds * plan.work_ms;
            let faults = plan.faults.len() as u32 * plan.stale_pause_ms();
            assert!(2 * (work + faults) < DEADLINE_MS, "{case:?}");
        }
    }

    #[test]
    fn client_0_plays_a_first_round_fault_in_every_case_that_has_one() {
        for case in [Case::StaleHolder, Case::Crash, Case::HiddenMixed] {
            assert!(plan(case).fault(0, 0).is_some(), "{case:?}");
        }
        assert_eq!(plan(Case::HiddenMixed).stale_count(), 1);
    }
}
