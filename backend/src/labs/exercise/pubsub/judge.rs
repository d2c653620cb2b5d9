//! The Pub/Sub exercise's properties, as pure functions of what the live subscriber received, what the
//! reader's reads returned and what the log held at the end.

use std::collections::HashMap;

use shared::exercise::pubsub::{FATES_SHOWN, Fate, KEEP, KEEP_SLACK, Property};

use super::cases::Plan;

/// What one case recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    /// What each publish returned as the message's id, in publish order.
    pub ids: Vec<String>,
    /// The payloads the live subscriber received, in order.
    pub live: Vec<String>,
    /// Every `(id, message)` the reader's reads returned, in order.
    pub read: Vec<(String, String)>,
    /// The log's length at the end, by its type.
    pub kept: Option<u64>,
    /// Whether a key of the case was left without an expiry.
    pub unexpiring: bool,
}

/// What the reader's reads amount to: message numbers in the order they came, and whether anything
/// came that no publish returned (or with another message's text).
struct Reading {
    numbers: Vec<u32>,
    strangers: bool,
}

fn reading(plan: &Plan, run: &Run) -> Reading {
    let mut by_id: HashMap<&str, u32> = HashMap::new();
    for (i, id) in run.ids.iter().enumerate() {
        by_id.entry(id.as_str()).or_insert(i as u32 + 1);
    }
    let mut numbers = Vec::with_capacity(run.read.len());
    let mut strangers = false;
    for (id, text) in &run.read {
        match by_id.get(id.as_str()) {
            Some(&n) if *text == plan.text(n) => numbers.push(n),
            _ => strangers = true,
        }
    }
    Reading { numbers, strangers }
}

/// The messages a reader must get: the newest [`KEEP`] (all of them in a case that sends fewer).
fn required(plan: &Plan) -> std::ops::RangeInclusive<u32> {
    plan.messages.saturating_sub(KEEP) + 1..=plan.messages
}

/// The properties `run` broke.
pub fn broken(plan: &Plan, run: &Run) -> Vec<Property> {
    let published: Vec<String> = (1..=plan.messages).map(|n| plan.text(n)).collect();
    let reading = reading(plan, run);
    let in_order = reading.numbers.windows(2).all(|w| w[0] < w[1]);
    let all_there = required(plan).all(|n| reading.numbers.contains(&n));
    let kept_ok = run
        .kept
        .is_none_or(|kept| kept <= u64::from(KEEP + KEEP_SLACK));
    let checks = [
        (Property::Live, run.live == published),
        (
            Property::CatchUp,
            !reading.strangers && in_order && all_there,
        ),
        (Property::Bounded, kept_ok),
        (Property::Expires, !run.unexpiring),
    ];
    checks
        .into_iter()
        .filter(|(_, held)| !held)
        .map(|(property, _)| property)
        .collect()
}

/// Whether the reader's messages came out of order (a repeat counts).
pub fn out_of_order(plan: &Plan, run: &Run) -> bool {
    !reading(plan, run).numbers.windows(2).all(|w| w[0] < w[1])
}

/// The newest [`FATES_SHOWN`] messages' fates.
pub fn fates(plan: &Plan, run: &Run) -> Vec<Fate> {
    let numbers = reading(plan, run).numbers;
    let mut live = run.live.iter().peekable();
    let mut fates: Vec<Fate> = (1..=plan.messages)
        .map(|n| {
            let heard = live.next_if(|text| **text == plan.text(n)).is_some();
            Fate {
                n,
                while_away: plan.while_away(n),
                live: heard,
                read: numbers.iter().filter(|&&m| m == n).count() as u32,
            }
        })
        .collect();
    let shown = fates.len().saturating_sub(FATES_SHOWN);
    fates.drain(..shown);
    fates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::exercise::pubsub::cases::plan;
    use shared::exercise::pubsub::Case;

    /// A run where every publish returned `id-n`, the live subscriber heard everything and the reader
    /// read `read` (message numbers).
    fn run(plan: &Plan, read: &[u32]) -> Run {
        Run {
            ids: (1..=plan.messages).map(|n| format!("id-{n}")).collect(),
            live: (1..=plan.messages).map(|n| plan.text(n)).collect(),
            read: read
                .iter()
                .map(|&n| (format!("id-{n}"), plan.text(n)))
                .collect(),
            kept: Some(u64::from(plan.messages)),
            unexpiring: false,
        }
    }

    #[test]
    fn everything_once_and_in_order_holds() {
        let plan = plan(Case::Away);
        let all: Vec<u32> = (1..=plan.messages).collect();
        assert_eq!(broken(&plan, &run(&plan, &all)), []);
    }

    #[test]
    fn a_missed_a_repeated_or_a_reordered_message_breaks_the_catch_up() {
        let plan = plan(Case::Away);
        let missed: Vec<u32> = (1..=plan.messages).filter(|&n| n != 6).collect();
        let mut twice: Vec<u32> = (1..=plan.messages).collect();
        twice.insert(5, 5);
        let mut swapped: Vec<u32> = (1..=plan.messages).collect();
        swapped.swap(6, 7);
        for read in [missed, twice.clone(), swapped] {
            assert_eq!(broken(&plan, &run(&plan, &read)), [Property::CatchUp]);
        }
        let fates = fates(&plan, &run(&plan, &twice));
        assert_eq!(fates[4].read, 2);
        assert!(out_of_order(&plan, &run(&plan, &twice)));
    }

    #[test]
    fn a_flood_needs_only_the_newest_and_a_bounded_log() {
        let plan = plan(Case::Flood);
        let newest: Vec<u32> = (plan.messages - KEEP + 1..=plan.messages).collect();
        let mut kept = run(&plan, &newest);
        kept.kept = Some(u64::from(KEEP));
        assert_eq!(broken(&plan, &kept), []);
        kept.kept = Some(u64::from(plan.messages));
        assert_eq!(broken(&plan, &kept), [Property::Bounded]);
        assert_eq!(fates(&plan, &kept).len(), FATES_SHOWN);
    }

    #[test]
    fn a_publish_that_never_reached_the_live_subscriber_breaks_live() {
        let plan = plan(Case::LateReader);
        let all: Vec<u32> = (1..=plan.messages).collect();
        let mut run = run(&plan, &all);
        run.live.clear();
        assert_eq!(broken(&plan, &run), [Property::Live]);
    }
}
