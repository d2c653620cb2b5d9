//! The animation, coalesced. Each message travelled real edges (publisher → channel → subscriber, or
//! channel → pattern → subscriber for a `PSUBSCRIBE`), named by the `Delivered` event itself. Everything
//! folded in one update becomes one batch: one pulse per edge, carrying how many messages took it. So
//! 50 subscribers at 100 messages a second draw at most one pulse per edge per update, while the
//! counters, kept elsewhere, still count every message.

use std::collections::{BTreeMap, VecDeque};

use shared::pubsub::Delivery;

/// How long a pulse is on screen, in milliseconds; the CSS animation lasts as long.
pub const PULSE_MS: f64 = 900.0;
/// Batches kept at most, whatever their age: a bound on the SVG's size at any rate.
pub const MAX_BATCHES: usize = 8;

/// One edge of the fan-out graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edge {
    /// `PUBLISH` into a channel.
    Publish {
        /// The channel, relative to the namespace.
        channel: String,
    },
    /// A `SUBSCRIBE`d channel to its subscriber.
    Direct {
        /// The channel.
        channel: String,
        /// The subscriber.
        subscriber: u32,
    },
    /// A channel into a pattern that matched it.
    Match {
        /// The channel.
        channel: String,
        /// The pattern.
        pattern: String,
    },
    /// A `PSUBSCRIBE`d pattern to its subscriber.
    Pattern {
        /// The pattern.
        pattern: String,
        /// The subscriber.
        subscriber: u32,
    },
}

/// How many messages took each edge since the last batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EdgeCounts(BTreeMap<Edge, u32>);

impl EdgeCounts {
    /// Counts a `PUBLISH` into `channel`.
    pub fn publish(&mut self, channel: &str) {
        self.bump(Edge::Publish {
            channel: channel.to_owned(),
        });
    }

    /// Counts the edges `delivery` travelled to its subscriber.
    pub fn deliver(&mut self, delivery: &Delivery) {
        let (channel, subscriber) = (delivery.channel.clone(), delivery.subscriber);
        match &delivery.pattern {
            Some(pattern) => {
                self.bump(Edge::Match {
                    channel,
                    pattern: pattern.clone(),
                });
                self.bump(Edge::Pattern {
                    pattern: pattern.clone(),
                    subscriber,
                });
            }
            None => self.bump(Edge::Direct {
                channel,
                subscriber,
            }),
        }
    }

    fn bump(&mut self, edge: Edge) {
        *self.0.entry(edge).or_default() += 1;
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The pulses of one update.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// Increases by one per batch; part of each pulse's key, so a new batch restarts the animation.
    pub serial: u64,
    /// When it was folded (`Date.now()`), to let it fade out.
    pub at_ms: f64,
    /// Each edge travelled, with how many messages took it.
    pub edges: Vec<(Edge, u32)>,
}

/// The batches still on screen, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pulses {
    batches: VecDeque<Batch>,
    next: u64,
}

impl Pulses {
    /// Adds the batch counted in `counts` at `now_ms`, and forgets batches whose animation is over.
    pub fn add(&mut self, counts: EdgeCounts, now_ms: f64) {
        while self
            .batches
            .front()
            .is_some_and(|b| now_ms - b.at_ms > PULSE_MS || self.batches.len() >= MAX_BATCHES)
        {
            self.batches.pop_front();
        }
        if counts.is_empty() {
            return;
        }
        self.next += 1;
        self.batches.push_back(Batch {
            serial: self.next,
            at_ms: now_ms,
            edges: counts.0.into_iter().collect(),
        });
    }

    /// The batches still animating, oldest first.
    pub fn batches(&self) -> impl Iterator<Item = &Batch> {
        self.batches.iter()
    }
}

#[cfg(test)]
mod tests {
    use shared::pubsub::Payload;

    use super::*;

    fn delivery(subscriber: u32, pattern: Option<&str>) -> Delivery {
        Delivery {
            subscriber,
            channel: "user:1:notifications".into(),
            pattern: pattern.map(str::to_owned),
            publish: Some(1),
            payload: Payload::Json { text: "1".into() },
            trace: 9,
        }
    }

    #[test]
    fn a_hundred_messages_to_fifty_subscribers_make_one_pulse_per_edge() {
        let mut counts = EdgeCounts::default();
        for _ in 0..100 {
            counts.publish("user:1:notifications");
            (0..50).for_each(|s| counts.deliver(&delivery(s, None)));
        }
        let mut pulses = Pulses::default();

        pulses.add(counts, 0.0);

        let batch = pulses.batches().next().unwrap();
        assert_eq!(batch.edges.len(), 51);
        assert!(
            batch.edges.iter().all(|(_, n)| *n == 100),
            "no count dropped"
        );
    }

    #[test]
    fn a_pattern_delivery_travels_through_the_pattern() {
        let mut counts = EdgeCounts::default();
        counts.deliver(&delivery(3, Some("user:*:notifications")));
        let mut pulses = Pulses::default();
        pulses.add(counts, 0.0);
        let edges: Vec<&Edge> = pulses
            .batches()
            .flat_map(|b| &b.edges)
            .map(|(e, _)| e)
            .collect();
        assert!(matches!(
            edges[..],
            [Edge::Match { .. }, Edge::Pattern { subscriber: 3, .. }]
        ));
    }

    #[test]
    fn old_batches_fade_and_their_number_is_bounded() {
        let mut pulses = Pulses::default();
        let one = || {
            let mut counts = EdgeCounts::default();
            counts.publish("a");
            counts
        };
        pulses.add(one(), 0.0);
        pulses.add(one(), 100.0);
        pulses.add(one(), PULSE_MS + 50.0);
        assert_eq!(
            pulses.batches().map(|b| b.serial).collect::<Vec<_>>(),
            [2, 3]
        );

        (0..20).for_each(|i| pulses.add(one(), 2_000.0 + f64::from(i)));

        assert_eq!(pulses.batches().count(), MAX_BATCHES);
        pulses.add(EdgeCounts::default(), 10_000.0);
        assert_eq!(
            pulses.batches().count(),
            0,
            "an empty update still clears faded pulses"
        );
    }
}
