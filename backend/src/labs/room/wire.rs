//! What travels between the backends of one room through Redis: arrivals, departures and
//! participants' verdicts on the `roster` channel, room events on the `events` channel, and the presenter's messages on the `chat`
//! channel. JSON, like every payload a
//! lab publishes; it is data between backends, not the browser protocol.

use serde::{Deserialize, Serialize};
use shared::room::{Member, RoomEvent};

/// One message on a room's `roster` (arrivals, departures) or `events` channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Broadcast {
    /// A member entered: the presenter's membership adds it to the list it shows its browser.
    Joined {
        /// Who.
        member: Member,
    },
    /// A member left.
    Left {
        /// Their number.
        member: u32,
    },
    /// A participant's grading ended: what its backend graded, for the presenter's board.
    Graded {
        /// The `RoomEvent::Graded` the presenter is shown.
        event: RoomEvent,
    },
    /// An event every member's browser is shown as it is.
    Event {
        /// The event.
        event: RoomEvent,
    },
}

impl Broadcast {
    /// The JSON text published.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The message in `text`; `None` for anything else (nothing but backends publish here).
    pub fn decode(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

/// One message the presenter publishes on the `chat` channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chat {
    /// Publish number in the room.
    pub seq: u64,
    /// The text.
    pub text: String,
}

impl Chat {
    /// The JSON text published.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The message in `text`, if it is one.
    pub fn decode(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::room::Role;

    #[test]
    fn broadcasts_survive_the_trip_through_redis() {
        let joined = Broadcast::Joined {
            member: Member {
                n: 3,
                name: "guest 3".into(),
                role: Role::Participant,
            },
        };
        assert_eq!(Broadcast::decode(&joined.encode()), Some(joined));
        let closed = Broadcast::Event {
            event: RoomEvent::Closed,
        };
        assert_eq!(Broadcast::decode(&closed.encode()), Some(closed));
        assert_eq!(Broadcast::decode("hello"), None);
    }
}
