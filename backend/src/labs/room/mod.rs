//! Workshop rooms: a presenter opens a room, participants join it with its code from their own browsers,
//! and everyone's actions are real commands on the room's shared namespace `pg:{room-<CODE>}:`.
//!
//! Nothing about a room lives only in one backend's memory: its settings, presenter and members are keys,
//! and its events travel over Redis channels, so members on different backend processes share a room.
//! A membership (`open` or `join`) is a long run registered in its session, as a Pub/Sub hub is; later
//! requests name it, and act as that member.
//!
//! - [`keys`]: the code, and the room's keys and channels.
//! - [`membership`]: entering (opening, joining, or a presenter taking its room back), streaming the
//!   room to the browser, and leaving.
//! - [`presence`]: who is there, read from Redis: the presenter's refreshes, the participants' beats.
//! - [`actions`]: configure, publish, acquire, send, reset and close.
//! - [`wire`]: what backends publish to one another.

pub mod actions;
pub mod keys;
pub mod membership;
pub mod presence;
pub mod wire;

use std::{
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use shared::{
    RequestId,
    room::{Member, Role, RoomReply, RoomRequest, RoomSettings},
};

use super::Events;
use crate::{
    error::LabError,
    session::Session,
    store::{Conn, Namespace, StoreError},
};
use keys::Room;
use presence::RoomTimes;
use wire::Broadcast;

/// What a membership registers in its session, so that requests naming its run act as that member.
#[derive(Clone)]
pub struct Membership {
    /// The room.
    pub room: Arc<Room>,
    /// This member.
    pub me: Member,
    /// The membership run's stream to its browser, for what only this member is shown.
    pub stream: Events,
    /// How the room keeps time.
    pub times: RoomTimes,
}

/// Runs one validated room request; rooms keep time by `times`.
pub async fn run(
    session: &Session,
    events: Events,
    request: RoomRequest,
    times: RoomTimes,
) -> Result<RoomReply, LabError> {
    let id = events.id();
    match request {
        RoomRequest::Open { settings } => membership::open(session, events, settings, times).await,
        RoomRequest::Join { code, name } => {
            membership::join(session, events, &code, &name, times).await
        }
        RoomRequest::Reclaim { code, secret } => {
            membership::reclaim(session, events, &code, &secret, times).await
        }
        RoomRequest::Close { room } => actions::close(session, id, &member(session, room)?).await,
        RoomRequest::Configure { room, settings } => {
            actions::configure(session, id, &member(session, room)?, settings).await
        }
        RoomRequest::Publish { room, text } => {
            actions::publish(session, id, &member(session, room)?, text).await
        }
        RoomRequest::Acquire { room } => {
            actions::acquire(session, &events, &member(session, room)?).await
        }
        RoomRequest::Send { room } => actions::send(session, id, &member(session, room)?).await,
        RoomRequest::Reset { room } => actions::reset(session, id, &member(session, room)?).await,
    }
}

/// The membership that run `room` of this session registered.
fn member(session: &Session, room: RequestId) -> Result<Membership, LabError> {
    session.control(room).ok_or(LabError::NoSuchRun(room))
}

/// Lets the session's Redis user reach the room's keys and channels, before its first command there:
/// the one place a room asks for access. Called only for a room that exists (or a code just claimed),
/// and at most 16 rooms per tab (`MAX_ALLOWED` in `store::identity`).
async fn grant(session: &Session, namespace: &Namespace) -> Result<(), LabError> {
    match session.allow(namespace).await {
        Ok(()) => Ok(()),
        Err(StoreError::TooManyNamespaces(max)) => Err(LabError::LimitReached(format!(
            "this tab has already entered {max} rooms; reload the page to enter another"
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Succeeds only for the room's presenter. `membership` is the one this tab's own `open` or `join` run
/// registered on this connection, so its role is the requester's own, whichever backend the room's
/// other members are on; no secret is read from Redis to decide.
fn presenter_only(membership: &Membership, action: &'static str) -> Result<(), LabError> {
    match membership.me.role {
        Role::Presenter => Ok(()),
        Role::Participant => Err(LabError::Forbidden(action)),
    }
}

/// The presenter's current settings, as stored in the room.
async fn settings(conn: &mut Conn, room: &Room) -> Result<RoomSettings, LabError> {
    let text = conn
        .get(&room.settings())
        .await?
        .ok_or(LabError::NoSuchRoom)?;
    serde_json::from_str(&text)
        .map_err(|e| StoreError::UnexpectedReply(format!("room settings: {e}")).into())
}

/// Publishes `message` on whichever backend the members are: arrivals, departures and verdicts on the
/// room's `roster` channel, which only the presenter hears, and events on its `events` channel, to everyone.
async fn announce(conn: &mut Conn, room: &Room, message: &Broadcast) -> Result<(), StoreError> {
    let channel = match message {
        Broadcast::Joined { .. } | Broadcast::Left { .. } | Broadcast::Graded { .. } => {
            room.roster()
        }
        Broadcast::Event { .. } => room.events(),
    };
    conn.broadcast(&channel, &message.encode()).await.map(drop)
}

/// This backend's wall-clock now in Unix microseconds: the shared limiter decides on it, as the
/// rate-limit lab's live mode does, and events carry it in milliseconds. Members on other backends
/// decide on their own backend's clock, so the room's limiter is only as exact as those clocks agree.
fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or_default()
}

/// Wall-clock now in Unix milliseconds.
fn now_ms() -> u64 {
    now_us() / 1000
}
