//! A room's code, and its keys and channels, all under `pg:{room-<CODE>}:` so that every member, on any
//! backend, names the same ones, and a multi-key script still finds them in one Redis Cluster slot.

use rand::Rng;
use shared::room::{CODE_ALPHABET, CODE_LEN};

use crate::store::{Channel, Key, Namespace};

/// One room: its code and namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    code: String,
    namespace: Namespace,
}

impl Room {
    /// The room with `code`, which [`shared::room::RoomRequest::validate`] has checked to be
    /// [`CODE_LEN`] characters of [`CODE_ALPHABET`], in either case.
    pub fn new(code: &str) -> Self {
        let code = code.to_ascii_uppercase();
        Self {
            namespace: Namespace::for_room(&code),
            code,
        }
    }

    /// A room with a fresh random code. Not yet claimed: the caller claims it with `SET NX`.
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let code: String = (0..CODE_LEN)
            .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())]))
            .collect();
        Self::new(&code)
    }

    /// The code participants type.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// `pg:{room-<CODE>}:`.
    pub fn namespace(&self) -> &Namespace {
        &self.namespace
    }

    /// The presenter's settings, as JSON.
    pub fn settings(&self) -> Key {
        self.namespace.key("settings")
    }

    /// A marker that the room is open: the room exists while it does. It holds the SHA-256 of the
    /// presenter's reclaim secret, never the secret nor a session id: every member may read the room's
    /// keys, and every command's reply is shown to its browser.
    pub fn presenter(&self) -> Key {
        self.namespace.key("presenter")
    }

    /// Hash of member number to the member's JSON record.
    pub fn members(&self) -> Key {
        self.namespace.key("members")
    }

    /// Sorted set of participant number by the Unix millisecond until which its backend vouches that it
    /// is there, pushed on by each participant's beat.
    pub fn alive(&self) -> Key {
        self.namespace.key("alive")
    }

    /// The last participant number handed out.
    pub fn member_seq(&self) -> Key {
        self.namespace.key("seq:members")
    }

    /// The last publish number.
    pub fn publish_seq(&self) -> Key {
        self.namespace.key("seq:publish")
    }

    /// The lock everyone contends for.
    pub fn lock(&self) -> Key {
        self.namespace.key("lock")
    }

    /// The limiter's name inside the namespace: its keys are `rate:room…`.
    pub fn limiter(&self) -> &'static str {
        "room"
    }

    /// Keys that live as long as the room, refreshed together while the presenter is present; the
    /// presenter's key first.
    pub fn lasting(&self) -> Vec<Key> {
        vec![
            self.presenter(),
            self.settings(),
            self.members(),
            self.alive(),
            self.member_seq(),
            self.publish_seq(),
        ]
    }

    /// Where room events travel between backends.
    pub fn events(&self) -> Channel {
        self.namespace.channel("events")
    }

    /// Where members' arrivals and departures travel: only the presenter keeps the live member list, so
    /// a class joining costs one message per arrival, not one per arrival per member.
    pub fn roster(&self) -> Channel {
        self.namespace.channel("roster")
    }

    /// What the presenter publishes to, and every backend with participants relays to them.
    pub fn chat(&self) -> Channel {
        self.namespace.channel("chat")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_use_the_alphabet_and_the_room_namespace() {
        let room = Room::generate();
        assert_eq!(room.code().len(), CODE_LEN);
        assert!(room.code().bytes().all(|b| CODE_ALPHABET.contains(&b)));
        let prefix = format!("pg:{{room-{}}}:", room.code());
        assert_eq!(room.namespace().prefix(), prefix);
        assert_eq!(room.chat().as_str(), format!("{prefix}chat"));
    }

    #[test]
    fn a_code_typed_in_lower_case_names_the_same_room() {
        assert_eq!(Room::new("abcd2345"), Room::new("ABCD2345"));
    }
}
