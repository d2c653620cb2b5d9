//! The hub's bookkeeping: what each subscriber received, what it missed while disconnected, where its
//! stream consumer stands, and every `PUBLISH` with its receiver count. It is a fold of the hub's
//! events and nothing else, so everything shown comes from the server.
//!
//! Counters count every message; inboxes keep only the newest [`INBOX_KEPT`] items, because a burst of
//! 1000 messages to 51 subscribers is 51 000 deliveries and nobody reads them all, and a hub left running
//! for an hour at 20 messages a second would otherwise hold 72 000 per subscriber. Publishes and channels
//! are capped the same way, so a running hub's memory in the tab is bounded whatever its age. What an
//! inbox let go is counted ([`Member::not_kept`]), so the page can say so: that count is the page's own,
//! not Redis's.

use std::collections::VecDeque;
use std::rc::Rc;

use shared::pubsub::{Delivery, Payload, PubsubEvent};

use super::pulses::{EdgeCounts, Pulses};

/// Items kept per inbox.
pub const INBOX_KEPT: usize = 40;
/// Publishes remembered, for their receiver counts and trace lines.
pub const PUBLISHES_KEPT: usize = 200;
/// Channels published to that are remembered, so that one no subscription names (a typo, or a user
/// nobody listens for) still gets a node; subscribed channels are drawn anyway.
pub const EXTRA_CHANNELS: usize = 12;

/// One line of an inbox.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A message as this subscriber received it.
    Message(Rc<Delivery>),
    /// The subscriber was disconnected here; `missed` is known once it is back.
    Gap {
        /// Messages published meanwhile that it would have heard (`Reconnected.missed`).
        missed: Option<u32>,
        /// Stream entries its consumer read since (Streams mode): the missed ones come back this way.
        reread: u64,
    },
}

/// A subscriber's stream consumer, from its last `StreamRead`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamCounts {
    /// Entries read by `XREADGROUP` so far.
    pub read: u64,
    /// Delivered to its group and not yet acknowledged (`XPENDING`).
    pub pending: u32,
    /// Acknowledged with `XACK` so far.
    pub acked: u32,
}

/// One subscriber.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Member {
    /// Its connection is open and subscribed.
    pub connected: bool,
    /// It was subscribed at least once: the hub's start reached it.
    pub subscribed: bool,
    /// Messages received, all of them.
    pub received: u64,
    /// Of those, payloads the course's `json.loads` would refuse.
    pub malformed: u64,
    /// Messages lost while disconnected, all gaps together.
    pub missed: u64,
    /// The newest items, oldest first, at most [`INBOX_KEPT`].
    pub items: VecDeque<Item>,
    /// Messages received but not kept in `items` (let go to bound the tab's memory): the page's own
    /// count, shown as "older N not kept".
    pub not_kept: u64,
    /// Its stream consumer (Streams mode only).
    pub stream: StreamCounts,
    /// The consumer's last `XPENDING` or `XACK` that Redis refused, until the next reading.
    pub stream_error: Option<String>,
}

impl Member {
    fn push(&mut self, item: Item) {
        if self.items.len() == INBOX_KEPT
            && let Some(Item::Message(_)) = self.items.pop_front()
        {
            self.not_kept += 1;
        }
        self.items.push_back(item);
    }
}

/// One `PUBLISH` the hub sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishRecord {
    /// The hub's number for it.
    pub publish: u64,
    /// The channel, relative.
    pub channel: String,
    /// `PUBLISH`'s reply: how many subscribers received it.
    pub receivers: i64,
    /// `seq` of its trace line.
    pub trace: u64,
}

/// Everything the hub's events said so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Book {
    /// One per subscriber; index 0 is the browser.
    pub members: Vec<Member>,
    /// The newest publishes, oldest first.
    pub publishes: VecDeque<PublishRecord>,
    /// Publishes in all.
    pub published: u64,
    /// Channels published to, in the order first seen, at most [`EXTRA_CHANNELS`].
    pub channels: Vec<String>,
    /// The animation still on screen.
    pub pulses: Pulses,
}

impl Book {
    /// A book for `subscribers` subscribers, none connected yet.
    pub fn new(subscribers: usize) -> Self {
        Self {
            members: vec![Member::default(); subscribers],
            ..Self::default()
        }
    }

    /// Folds events received together; their edges become one batch of pulses at `now_ms`.
    pub fn fold<'a>(&mut self, events: impl IntoIterator<Item = &'a PubsubEvent>, now_ms: f64) {
        let mut counts = EdgeCounts::default();
        for event in events {
            self.apply(event, &mut counts);
        }
        self.pulses.add(counts, now_ms);
    }

    fn apply(&mut self, event: &PubsubEvent, counts: &mut EdgeCounts) {
        match event {
            PubsubEvent::Subscribed { subscriber } => {
                if let Some(m) = self.member(*subscriber) {
                    m.subscribed = true;
                    m.connected = true;
                }
            }
            PubsubEvent::Published {
                publish,
                channel,
                receivers,
                trace,
            } => {
                counts.publish(channel);
                self.published += 1;
                if self.publishes.len() == PUBLISHES_KEPT {
                    self.publishes.pop_front();
                }
                self.publishes.push_back(PublishRecord {
                    publish: *publish,
                    channel: channel.clone(),
                    receivers: *receivers,
                    trace: *trace,
                });
                if !self.channels.contains(channel) && self.channels.len() < EXTRA_CHANNELS {
                    self.channels.push(channel.clone());
                }
            }
            PubsubEvent::Delivered { deliveries } => self.deliver(deliveries, counts),
            PubsubEvent::Disconnected { subscriber } => {
                if let Some(m) = self.member(*subscriber) {
                    m.connected = false;
                    m.push(Item::Gap {
                        missed: None,
                        reread: 0,
                    });
                }
            }
            PubsubEvent::Reconnected { subscriber, missed } => {
                if let Some(m) = self.member(*subscriber) {
                    m.connected = true;
                    m.missed += u64::from(*missed);
                    let open = m.items.iter_mut().rev().find_map(|item| match item {
                        Item::Gap {
                            missed: gap @ None, ..
                        } => Some(gap),
                        _ => None,
                    });
                    match open {
                        Some(gap) => *gap = Some(*missed),
                        None => m.push(Item::Gap {
                            missed: Some(*missed),
                            reread: 0,
                        }),
                    }
                }
            }
            PubsubEvent::StreamRead {
                subscriber,
                read,
                pending,
                acked,
            } => {
                if let Some(m) = self.member(*subscriber) {
                    m.stream_error = None;
                    m.stream.read += u64::from(*read);
                    m.stream.pending = *pending;
                    m.stream.acked = *acked;
                    // The consumer stops with the subscriber, so what it reads now it reads since the
                    // last gap.
                    let last_gap = m.items.iter_mut().rev().find_map(|item| match item {
                        Item::Gap { reread, .. } => Some(reread),
                        Item::Message(_) => None,
                    });
                    if let Some(reread) = last_gap {
                        *reread += u64::from(*read);
                    }
                }
            }
            PubsubEvent::StreamFailed { subscriber, error } => {
                if let Some(m) = self.member(*subscriber) {
                    m.stream_error = Some(error.clone());
                }
            }
        }
    }

    /// Counts every delivery, but copies into the inboxes only the newest [`INBOX_KEPT`] of each.
    fn deliver(&mut self, deliveries: &[Delivery], counts: &mut EdgeCounts) {
        let mut taken = vec![0; self.members.len()];
        let mut keep = vec![false; deliveries.len()];
        for (i, d) in deliveries.iter().enumerate().rev() {
            if let Some(n) = taken.get_mut(d.subscriber as usize)
                && *n < INBOX_KEPT
            {
                *n += 1;
                keep[i] = true;
            }
        }
        for (d, keep) in deliveries.iter().zip(keep) {
            counts.deliver(d);
            if let Some(m) = self.member(d.subscriber) {
                m.received += 1;
                if matches!(d.payload, Payload::Malformed { .. }) {
                    m.malformed += 1;
                }
                if keep {
                    m.push(Item::Message(Rc::new(d.clone())));
                } else {
                    m.not_kept += 1;
                }
            }
        }
    }

    fn member(&mut self, subscriber: u32) -> Option<&mut Member> {
        self.members.get_mut(subscriber as usize)
    }

    /// Whether every subscriber was subscribed at least once: the hub is up.
    pub fn running(&self) -> bool {
        !self.members.is_empty() && self.members.iter().all(|m| m.subscribed)
    }

    /// `PUBLISH`'s reply for the last publish.
    pub fn last_receivers(&self) -> Option<i64> {
        self.publishes.back().map(|p| p.receivers)
    }

    /// The publish numbered `publish`, while remembered.
    pub fn publish(&self, publish: u64) -> Option<&PublishRecord> {
        self.publishes.iter().rev().find(|p| p.publish == publish)
    }
}

#[cfg(test)]
mod tests;
