//! What a connection's outbox carries to its socket writer: the protocol's messages, and lab events,
//! either as values or as JSON a lab wrote once for many connections (a room's message is the same
//! `Delivered` event for every participant on a backend; see [`crate::store::Message::prepared`]).

use std::sync::Arc;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use shared::{LabEvent, RequestId, ServerMsg};

/// One item of the outbox.
#[derive(Debug, PartialEq)]
pub enum Outgoing {
    /// Any message but an event.
    Msg(ServerMsg),
    /// Events of request `id`, oldest first: one, or several that came at once (a burst of a room's
    /// messages). The writer sends those queued back to back in one frame.
    Events {
        /// The request they belong to.
        id: RequestId,
        /// The events.
        events: Vec<OutEvent>,
    },
}

/// A lab event, written as the [`LabEvent`] it is or stands for.
#[derive(Debug)]
pub enum OutEvent {
    /// The event as a value.
    Value(LabEvent),
    /// A [`LabEvent`]'s JSON, written once and shared.
    Encoded(Arc<RawValue>),
}

impl PartialEq for OutEvent {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Value(a), Self::Value(b)) => a == b,
            (Self::Encoded(a), Self::Encoded(b)) => a.get() == b.get(),
            _ => false,
        }
    }
}

impl Serialize for OutEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(event) => event.serialize(serializer),
            Self::Encoded(json) => json.serialize(serializer),
        }
    }
}

/// `event` as JSON, to share among connections as an [`OutEvent::Encoded`]. Our own types always
/// serialise, so a failure is a bug worth a log line.
pub fn encode(event: &LabEvent) -> Option<Arc<RawValue>> {
    serde_json::value::to_raw_value(event)
        .inspect_err(|e| tracing::error!(error = %e, "could not encode a lab event"))
        .ok()
        .map(Arc::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::room::RoomEvent;

    proptest::proptest! {
        #[test]
        fn an_encoded_event_is_written_as_the_event_it_stands_for(
            seq in proptest::num::u64::ANY,
            text in ".*",
            at_ms in proptest::num::u64::ANY,
        ) {
            let event = LabEvent::Room(RoomEvent::Delivered { seq, text, at_ms });
            let encoded = OutEvent::Encoded(encode(&event).expect("encodes"));
            proptest::prop_assert_eq!(
                serde_json::to_string(&encoded).expect("writes"),
                serde_json::to_string(&event).expect("writes")
            );
        }
    }
}
