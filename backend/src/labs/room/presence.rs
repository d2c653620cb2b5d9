//! Who is in a room, read from Redis: the presenter is there while it refreshes the room's keys, and each
//! participant while its beat keeps its deadline in the room's `alive` set. A member whose backend
//! stopped stops beating; the presenter's beat takes it off the member list once its deadline passed,
//! and participants see a presenter that stopped refreshing as away, then the room as closed once its
//! keys expired.
//!
//! Every command here is bookkeeping, traced as the playground's.

use std::time::Duration;

use super::{keys::Room, now_ms};
use crate::store::{Conn, StoreError, Transaction};

/// How a room keeps time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoomTimes {
    /// How long the room waits for a presenter after its last refresh: the lifetime of the room's
    /// keys, so a presenter whose connection dropped can take the room back within it.
    pub grace: Duration,
    /// How often the presenter refreshes the room's keys and each participant shows it is there.
    pub beat: Duration,
}

impl Default for RoomTimes {
    /// Two minutes of grace, as conference Wi-Fi needs; a beat every 5 s.
    fn default() -> Self {
        Self {
            grace: Duration::from_secs(120),
            beat: Duration::from_secs(5),
        }
    }
}

impl RoomTimes {
    /// The room keys' lifetime, in whole seconds (at least one).
    pub fn ttl_secs(&self) -> u64 {
        self.grace.as_secs().max(1)
    }

    /// How long a participant counts as present after its last beat: three beats.
    pub fn presence(&self) -> Duration {
        self.beat * 3
    }

    /// A presenter key whose `PTTL` is below this has missed more than two refreshes: the presenter
    /// is away.
    pub fn away_below(&self) -> Duration {
        (self.grace.min(Duration::from_secs(self.ttl_secs()))).saturating_sub(self.beat * 5 / 2)
    }
}

/// What a participant's beat read about the presenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presenter {
    /// Refreshing the room.
    Present,
    /// Missed refreshes: its connection or its backend is gone, and the room waits for it.
    Away,
    /// The presenter key is gone: the room closed or its grace ran out.
    Gone,
}

/// The presenter's beat: refreshes the expiry of the room's keys. False when the room is gone (its keys
/// expired while this presenter's backend could not refresh them).
pub async fn refresh(conn: &mut Conn, room: &Room, times: RoomTimes) -> Result<bool, StoreError> {
    let mut conn = conn.for_playground();
    let existed = conn.expire_all(&room.lasting(), times.ttl_secs()).await?;
    Ok(existed.first() == Some(&true))
}

/// The presenter takes off the member list everyone whose deadline in `alive` has passed (their
/// backends stopped beating), and returns their numbers.
pub async fn prune(conn: &mut Conn, room: &Room) -> Result<Vec<u32>, StoreError> {
    let mut conn = conn.for_playground();
    let gone = conn.zrange_below(&room.alive(), now_ms()).await?;
    for n in &gone {
        conn.zrem(&room.alive(), n).await?;
        conn.hdel(&room.members(), n).await?;
    }
    Ok(gone.iter().filter_map(|n| n.parse().ok()).collect())
}

/// A participant's beat: `ZADD alive <deadline> <n>` (with the set's expiry) and `PTTL` of the
/// presenter key, in one round trip; what the `PTTL` says of the presenter.
pub async fn beat(
    conn: &mut Conn,
    room: &Room,
    n: u32,
    times: RoomTimes,
) -> Result<Presenter, StoreError> {
    let mut conn = conn.for_playground();
    let deadline = now_ms() + times.presence().as_millis() as u64;
    let mut pipe = Transaction::pipeline();
    pipe.zadd(&room.alive(), &deadline.to_string(), &n.to_string())
        .expire(&room.alive(), times.ttl_secs())
        .pttl(&room.presenter());
    let replies = conn.exec_ints(&pipe).await?;
    let pttl = replies.last().copied().unwrap_or(-2);
    Ok(if pttl == -2 {
        Presenter::Gone
    } else if pttl >= 0 && (pttl as u128) < times.away_below().as_millis() {
        Presenter::Away
    } else {
        Presenter::Present
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_presenter_is_away_after_missing_more_than_two_refreshes() {
        let times = RoomTimes::default();
        assert_eq!(times.away_below(), Duration::from_millis(107_500));
        assert_eq!(times.presence(), Duration::from_secs(15));
        let short = RoomTimes {
            grace: Duration::from_millis(1500),
            beat: Duration::from_millis(200),
        };
        assert_eq!(short.ttl_secs(), 1, "EXPIRE takes whole seconds");
        assert_eq!(short.away_below(), Duration::from_millis(500));
    }
}
