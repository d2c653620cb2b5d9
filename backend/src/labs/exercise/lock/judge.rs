//! The properties judged on what Redis returned: pure functions of one case's run.

use shared::{
    exercise::lock::{Hold, Property},
    lock::overlap::{Holding, overlaps},
};

use super::contender::CaseRun;

/// Whether no two clients held the lock at once: each hold from its acquire's reply of 1 until its
/// release or its lease's end, whichever came first (a hold with neither lasts for ever).
pub fn one_holder(holds: &[Hold]) -> bool {
    let holdings = holds
        .iter()
        .map(|hold| Holding {
            client: u32::from(hold.client),
            from_ms: u64::from(hold.from_us),
            to_ms: hold.until_us().map_or(u64::MAX, u64::from),
            trace: Vec::new(),
        })
        .collect();
    overlaps(holdings).is_empty()
}

/// The properties `run` broke, in [`Property::ALL`]'s order (the end-of-grading `SCAN` may add
/// [`Property::Expires`]).
pub fn broken(run: &CaseRun) -> Vec<Property> {
    [
        (Property::OneHolder, !one_holder(&run.holds)),
        (Property::StaleRelease, run.stale_deleted),
        (Property::ReleaseFrees, run.release_kept),
        (Property::Expires, run.no_expiry),
        (Property::Deadline, run.unfinished),
    ]
    .into_iter()
    .filter_map(|(property, broke)| broke.then_some(property))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold(client: u8, from_us: u32, lease_us: Option<u32>, release_us: Option<u32>) -> Hold {
        Hold {
            client,
            from_us,
            lease_us,
            release_us,
            fault: None,
        }
    }

    #[test]
    fn a_stale_holder_ends_at_its_lease_not_at_its_late_release() {
        let stale = hold(0, 0, Some(200_000), Some(270_000));
        let next = hold(1, 201_000, Some(401_000), Some(260_000));
        assert!(one_holder(&[stale, next]));
    }

    #[test]
    fn an_acquire_while_another_holds_is_two_holders() {
        let first = hold(0, 0, Some(1_000_000), Some(20_000));
        let second = hold(1, 10_000, Some(1_010_000), Some(30_000));
        assert!(!one_holder(&[first, second]));
    }

    #[test]
    fn a_lock_without_expiry_or_release_is_held_for_ever() {
        let crashed = hold(0, 0, None, None);
        let later = hold(1, 5_000_000, Some(6_000_000), Some(5_100_000));
        assert!(!one_holder(&[crashed, later]));
    }

    #[test]
    fn each_observation_names_its_property() {
        let run = CaseRun {
            stale_deleted: true,
            unfinished: true,
            ..CaseRun::default()
        };
        assert_eq!(broken(&run), [Property::StaleRelease, Property::Deadline]);
    }
}
