//! Workshop rooms: a presenter opens a room, participants join it with its code from their own browsers,
//! and everyone's actions are real commands on the room's shared namespace `pg:{room-<CODE>}:`.
//!
//! Nothing about a room lives only in one backend's memory: its settings, presenter and members are keys,
//! and its events travel over a Redis channel, so members on different backend processes share a room.
//! A membership (`open` or `join`) is a long run registered in its session, as a Pub/Sub hub is; later
//! requests name it, and act as that member.
//!
//! - [`keys`]: the code, and the room's keys and channels.
//! - [`membership`]: entering, streaming the room to the browser, and leaving.
//! - [`actions`]: configure, publish, acquire, send and reset.
//! - [`wire`]: what backends publish to one another.

pub mod actions;
pub mod keys;
pub mod membership;
pub mod wire;

use std::{
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use shared::{
    RequestId,
    room::{Member, RoomReply, RoomRequest, RoomSettings},
};

use super::Events;
use crate::{
    error::LabError,
    session::Session,
    store::{Conn, Namespace, StoreError},
};
use keys::Room;
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
}

/// Runs one validated room request.
pub async fn run(
    session: &Session,
    events: Events,
    request: RoomRequest,
) -> Result<RoomReply, LabError> {
    let id = events.id();
    match request {
        RoomRequest::Open { settings } => membership::open(session, events, settings).await,
        RoomRequest::Join { code, name } => membership::join(session, events, &code, &name).await,
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

/// Lets the session's Redis user reach the room's namespace, before its first command there.
///
/// Per-session Redis ACL users are being added alongside rooms; until then every session's commands run
/// as one user that reaches every key, so there is nothing to grant. This is the one place a room asks
/// for access: wiring it to `Session::allow` is one line here.
async fn grant(_session: &Session, _namespace: &Namespace) -> Result<(), LabError> {
    Ok(())
}

/// Succeeds only for the room's presenter: the session id stored at `presenter` is compared with the
/// requesting session's, so the check holds whichever backend either of them is on.
async fn presenter_only(
    session: &Session,
    conn: &mut Conn,
    room: &Room,
    action: &'static str,
) -> Result<(), LabError> {
    match conn.get(&room.presenter()).await? {
        Some(id) if id == session.info().id => Ok(()),
        Some(_) => Err(LabError::Forbidden(action)),
        None => Err(LabError::NoSuchRoom),
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

/// Publishes `message` to every member of the room, on whichever backend they are.
async fn announce(conn: &mut Conn, room: &Room, message: &Broadcast) -> Result<(), StoreError> {
    conn.publish(&room.events(), &message.encode())
        .await
        .map(drop)
}

/// Wall-clock now in Unix microseconds: the shared limiter decides on it, as the rate-limit lab's live
/// mode does, and events carry it in milliseconds.
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
