//! Workshop rooms: a presenter opens a room, participants join it with a short code from their own
//! browsers, and everyone's actions are real commands on the room's shared namespace `pg:{room-<CODE>}:`.
//!
//! A membership is a long run (`open` or `join`): its events stream until the browser cancels it (leaves).
//! Later requests name that run, as the Pub/Sub lab's `publish` names its hub. Room state lives in Redis
//! and room events travel over a Redis channel, so members on different backend processes share one room.

use serde::{Deserialize, Serialize};

use crate::{ParamRange, RequestId, exercise::ExerciseKind, ratelimit::Algorithm};

/// Characters of a room code: capitals and digits without the look-alikes 0/O, 1/I/L.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a room code: 31^8, about 8.5e11 codes, and joins are rate-limited.
pub const CODE_LEN: usize = 8;
/// Longest participant name, in characters.
pub const MAX_NAME: usize = 24;
/// Longest message the presenter may publish, in characters.
pub const MAX_TEXT: usize = 280;
/// Most participants in one room: a workshop's audience, and the 1,000 WebSocket subscribers of the
/// fan-out benchmark.
pub const MAX_MEMBERS: u32 = 1000;
/// Hex characters of the secret a presenter's browser keeps to get its room back after a dropped
/// connection (128 random bits).
pub const SECRET_LEN: usize = 32;

/// The labs a room can show to its audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomLab {
    /// Every participant's browser is a subscriber of the room channel.
    Pubsub,
    /// Every participant contends for one lock.
    Lock,
    /// Every participant's "send" hits one shared limiter.
    Ratelimit,
    /// Every participant writes the settings' exercise and has it graded; the presenter sees, live,
    /// how many passed and which properties broke (never anyone's code).
    Exercise,
}

impl RoomLab {
    /// In the order the presenter steps through them.
    pub const ALL: [RoomLab; 4] = [Self::Pubsub, Self::Lock, Self::Ratelimit, Self::Exercise];
}

/// What the presenter chose; mirrored live to every participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomSettings {
    /// The lab on screen.
    pub lab: RoomLab,
    /// The lock's `EX`-style lifetime, in milliseconds (`SET … NX PX ttl_ms`).
    pub lock_ttl_ms: u32,
    /// How long a participant who gets the lock holds it before releasing, in milliseconds.
    pub lock_hold_ms: u32,
    /// The shared limiter's algorithm.
    pub algorithm: Algorithm,
    /// Requests the shared limiter allows per window.
    pub max_requests: u32,
    /// The shared limiter's window, in seconds.
    pub window_seconds: u32,
    /// The exercise the audience writes when the lab is [`RoomLab::Exercise`].
    #[serde(default)]
    pub exercise: ExerciseKind,
}

impl Default for RoomSettings {
    fn default() -> Self {
        Self {
            lab: RoomLab::Pubsub,
            lock_ttl_ms: 5000,
            lock_hold_ms: 2000,
            algorithm: Algorithm::FixedWindow,
            max_requests: 10,
            window_seconds: 10,
            exercise: ExerciseKind::default(),
        }
    }
}

impl RoomSettings {
    /// Checks every parameter, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ParamRange> {
        ParamRange::check("lock_ttl_ms", self.lock_ttl_ms.into(), 100, 60_000)?;
        ParamRange::check("lock_hold_ms", self.lock_hold_ms.into(), 0, 60_000)?;
        ParamRange::check(
            "max_requests",
            self.max_requests.into(),
            1,
            crate::ratelimit::MAX_REQUESTS.into(),
        )?;
        ParamRange::check("window_seconds", self.window_seconds.into(), 1, 600)
    }
}

/// Who a member is in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Opened the room; the only one who may change settings or run room-wide actions.
    Presenter,
    /// Joined with the code.
    Participant,
}

/// One member, as everyone sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Number in the room, from 1 in joining order; the presenter is 0.
    pub n: u32,
    /// Display name, e.g. `guest 7`.
    pub name: String,
    /// Presenter or participant.
    pub role: Role,
}

/// What the browser asks of a room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RoomRequest {
    /// Opens a new room with this browser as presenter. Runs, streaming the room, until cancelled.
    Open {
        /// The starting settings.
        settings: RoomSettings,
    },
    /// Joins room `code` as a participant. Runs, streaming the room, until cancelled.
    Join {
        /// The room's code, [`CODE_LEN`] characters of [`CODE_ALPHABET`] (lower case is accepted).
        code: String,
        /// Display name; empty for `guest <n>`.
        name: String,
    },
    /// Takes room `code` back as its presenter after this browser's connection dropped, within the room's
    /// grace period: the same room, with its participants and settings. Runs, streaming the room, until
    /// cancelled, as `Open` does.
    Reclaim {
        /// The room's code.
        code: String,
        /// The secret of the presenter's [`RoomEvent::Reclaimable`].
        secret: String,
    },
    /// Presenter only: closes the room for everyone now and deletes its keys. A presenter whose
    /// membership merely stops (a dropped connection) leaves the room waiting for a `Reclaim`.
    Close {
        /// The `open` or `reclaim` run of the room.
        room: RequestId,
    },
    /// Presenter only: changes the settings every member sees.
    Configure {
        /// The `open` run of the room.
        room: RequestId,
        /// The new settings.
        settings: RoomSettings,
    },
    /// Presenter only: `PUBLISH`es `text` on the room channel, to every member's subscriber.
    Publish {
        /// The `open` run of the room.
        room: RequestId,
        /// The message.
        text: String,
    },
    /// Anyone: tries `SET lock <token> NX PX ttl` on the member's own connection, holds it for the
    /// configured time, then releases it with the compare-and-delete script.
    Acquire {
        /// The member's `open` or `join` run.
        room: RequestId,
    },
    /// Anyone: one request through the room's shared limiter, decided by Redis.
    Send {
        /// The member's `open` or `join` run.
        room: RequestId,
    },
    /// Presenter only: deletes the room's lock and limiter keys.
    Reset {
        /// The `open` run of the room.
        room: RequestId,
    },
}

impl RoomRequest {
    /// Checks every parameter, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ParamRange> {
        match self {
            Self::Open { settings } | Self::Configure { settings, .. } => settings.validate(),
            Self::Join { code, name } => {
                check_code(code)?;
                ParamRange::check("name", name.chars().count() as i64, 0, MAX_NAME as i64)
            }
            Self::Reclaim { code, secret } => {
                check_code(code)?;
                let secret_ok =
                    secret.len() == SECRET_LEN && secret.bytes().all(|b| b.is_ascii_hexdigit());
                let secret_len = if secret_ok { SECRET_LEN } else { 0 };
                let len = SECRET_LEN as i64;
                ParamRange::check("secret", secret_len as i64, len, len)
            }
            Self::Publish { text, .. } => {
                ParamRange::check("text", text.chars().count() as i64, 1, MAX_TEXT as i64)
            }
            Self::Acquire { .. } | Self::Send { .. } | Self::Reset { .. } | Self::Close { .. } => {
                Ok(())
            }
        }
    }
}

/// Checks that `code` is [`CODE_LEN`] characters of [`CODE_ALPHABET`], in either case.
fn check_code(code: &str) -> Result<(), ParamRange> {
    let code_ok = code.len() == CODE_LEN
        && code
            .bytes()
            .all(|b| CODE_ALPHABET.contains(&b.to_ascii_uppercase()));
    let code_len = if code_ok { CODE_LEN } else { 0 };
    ParamRange::check("code", code_len as i64, CODE_LEN as i64, CODE_LEN as i64)
}

/// A command that ran on Redis for another member, as the member's backend reported it: so a presenter's
/// mark can show the command that made it even when it ran on another connection or backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RanCommand {
    /// e.g. `SET pg:{room-ABCD2345}:lock 3f… NX PX 5000`.
    pub command: String,
    /// Redis's short reply, e.g. `OK` or `(nil)`.
    pub reply: String,
}

/// What happened to one member's lock attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LockOutcome {
    /// `SET NX` said `OK`: the member holds the lock until it releases or the TTL ends.
    Acquired,
    /// `SET NX` said nil: someone else holds it.
    Busy,
    /// The compare-and-delete ran: `released` is false when the key had expired or was someone else's.
    Released {
        /// Whether the script deleted the member's own key.
        released: bool,
    },
    /// The holder's backend read `PTTL` of the lock once its `PX` lifetime was over (the playground's
    /// own read, to show when Redis expired it) and Redis answered -2: the key is gone.
    Gone,
}

/// Something that happened in the room, streamed to every member's `open`/`join` run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomEvent {
    /// First event of a membership: who this browser is in which room.
    Entered {
        /// The room's code.
        code: String,
        /// This browser's member record.
        me: Member,
        /// The presenter's current settings.
        settings: RoomSettings,
        /// Everyone present, this browser included.
        members: Vec<Member>,
    },
    /// Sent to the presenter only, after its `Entered`: what its browser keeps to take the room back with
    /// a [`RoomRequest::Reclaim`] if its connection drops. Redis holds only the secret's SHA-256.
    Reclaimable {
        /// [`SECRET_LEN`] hex characters.
        secret: String,
        /// How long the room waits for its presenter after the presenter's last sign of life, in
        /// seconds: the presenter key's lifetime, refreshed while the presenter is present.
        grace_secs: u32,
    },
    /// The presenter's connection dropped: the room waits for it to come back for the grace period.
    /// Told by the presenter's backend when the membership stops, or found by a participant's backend
    /// when the presenter key's `PTTL` shows missed refreshes.
    PresenterAway,
    /// The presenter is back: it took the room back, or its key's `PTTL` shows refreshes again.
    PresenterBack,
    /// Someone joined or left: everyone present now. Sent to the presenter, a few times a second at
    /// most; a participant has the list of its `Entered`.
    Members {
        /// Everyone present.
        members: Vec<Member>,
    },
    /// The presenter changed the settings.
    Settings {
        /// The new settings.
        settings: RoomSettings,
    },
    /// The presenter published; `receivers` is what `PUBLISH` returned. Sent to the presenter; each
    /// participant gets its own `Delivered`.
    Published {
        /// Publish number in the room, from 1.
        seq: u64,
        /// The text.
        text: String,
        /// Subscriptions Redis delivered it to: one per backend with participants, each relaying to
        /// its own.
        receivers: u64,
        /// Unix milliseconds at the publishing backend.
        at_ms: u64,
    },
    /// The backend's room subscription received a room message from Redis and relayed it to this
    /// member.
    Delivered {
        /// The publish it belongs to.
        seq: u64,
        /// The text.
        text: String,
        /// Unix milliseconds when the subscriber read it.
        at_ms: u64,
    },
    /// This member fell behind its backend's room subscription by more than the relay keeps (its
    /// browser read too slowly): `messages` room messages went to the others on that backend but not
    /// to it. The playground's count, not a Redis reply.
    Missed {
        /// Messages this member did not get.
        messages: u64,
        /// Unix milliseconds when its backend found it behind.
        at_ms: u64,
    },
    /// A member's lock attempt or release.
    Lock {
        /// The member.
        member: u32,
        /// What Redis answered.
        outcome: LockOutcome,
        /// The command that decided it.
        ran: RanCommand,
        /// Unix milliseconds at the member's backend.
        at_ms: u64,
    },
    /// A member's request through the shared limiter.
    Decision {
        /// The member.
        member: u32,
        /// Whether the limiter let it through.
        allowed: bool,
        /// What the limiter said was left.
        remaining: i64,
        /// The commands that decided it.
        ran: Vec<RanCommand>,
        /// Unix milliseconds at the member's backend.
        at_ms: u64,
    },
    /// A participant's grading ended, as its backend graded it (sent to the presenter only; the
    /// participant's code is never sent).
    Graded {
        /// The member.
        member: u32,
        /// Which exercise.
        exercise: ExerciseKind,
        /// Whether every property held.
        passed: bool,
        /// The wire names of the properties it broke (`"catch_up"`, …), in the exercise's order.
        broken: Vec<String>,
    },
    /// The presenter reset the lock and the limiter.
    Reset,
    /// The presenter closed the room, or did not come back within the grace period: the room is
    /// closed for everyone.
    Closed,
}

/// The final answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RoomReply {
    /// The membership ended (the browser left, or the room closed).
    Left,
    /// The settings were stored and announced.
    Configured,
    /// `PUBLISH` returned `receivers`.
    Published {
        /// Publish number in the room.
        seq: u64,
        /// Subscriptions Redis delivered it to: one per backend with participants.
        receivers: u64,
    },
    /// The lock attempt is over: acquired (and released after the hold) or busy.
    Acquire {
        /// Whether `SET NX` got the lock.
        acquired: bool,
    },
    /// The limiter's decision.
    Send {
        /// Whether the request got through.
        allowed: bool,
        /// What the limiter said was left.
        remaining: i64,
    },
    /// Keys the reset deleted.
    Reset {
        /// How many.
        deleted: u64,
    },
    /// The room is closed and its keys are deleted.
    Closed,
}
