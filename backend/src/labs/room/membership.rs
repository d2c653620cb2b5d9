//! A membership: the `open` or `join` run. It enters the room (claiming a fresh code, or checking that
//! the code names an open room), subscribes its own connection to the room's channels, and streams what
//! happens in the room to its browser until the browser leaves or the presenter closes the room.

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use shared::{
    LabEvent,
    room::{MAX_MEMBERS, Member, Role, RoomEvent, RoomReply, RoomSettings},
};
use tokio::{sync::mpsc, task::JoinHandle, time::Instant};

use super::{
    Membership, announce, grant,
    keys::{ROOM_TTL_SECS, Room},
    now_ms, settings,
    wire::{Broadcast, Chat},
};
use crate::{
    error::LabError,
    labs::Events,
    session::Session,
    store::{Conn, Delivery, StoreError, Subscriber},
};

/// The value of a room's `presenter` key: a marker that the room is open, never anything secret.
const PRESENTER_MARKER: &str = "open";
/// Fresh codes tried before giving up; with 31^8 codes a second try is already rare.
const OPEN_ATTEMPTS: usize = 5;
/// How often the member list is sent to the browser while members come and go, in a room of up to
/// [`MEMBERS_PER_STEP`]: a class joining at once becomes a few lists, not one per arrival.
const MEMBERS_FLUSH: Duration = Duration::from_millis(200);
/// Members per further [`MEMBERS_FLUSH`] between lists: every member is sent the whole list, so a
/// room's list traffic would grow with the square of its size if lists went out as often in a big room.
const MEMBERS_PER_STEP: usize = 100;
/// How often the presenter refreshes the room's expiry, and participants check that the room is open.
const REFRESH: Duration = Duration::from_secs(60);
/// Messages received and not yet forwarded to the browser before the subscriber waits.
const BACKLOG: usize = 1024;

/// Opens a room with this browser as presenter and streams it until the browser leaves, then closes it.
pub async fn open(
    session: &Session,
    events: Events,
    settings: RoomSettings,
) -> Result<RoomReply, LabError> {
    let mut conn = session.conn(events.id());
    let room = claim(session, &mut conn).await?;
    let text = serde_json::to_string(&settings).unwrap_or_default();
    conn.set_ex(&room.settings(), &text, ROOM_TTL_SECS).await?;
    let me = Member {
        n: 0,
        name: "presenter".into(),
        role: Role::Presenter,
    };
    serve(session, events, conn, room, me).await
}

/// Claims a fresh code: `SET presenter <marker> NX` on the backend's own connection, so two backends
/// never hand out the same room, and the session's user is let into the room's namespace only once the
/// code is ours. The marker is no secret: participants may read every key of the room.
async fn claim(session: &Session, conn: &mut Conn) -> Result<Room, LabError> {
    for _ in 0..OPEN_ATTEMPTS {
        let room = Room::generate();
        if conn
            .set_nx_ex_as_backend(&room.presenter(), PRESENTER_MARKER, ROOM_TTL_SECS)
            .await?
        {
            if let Err(e) = grant(session, room.namespace()).await {
                conn.del_as_backend(&room.presenter()).await?;
                return Err(e);
            }
            return Ok(room);
        }
    }
    Err(LabError::Internal(
        "no free room code was found; try again".into(),
    ))
}

/// Joins room `code` as a participant named `name` (`guest <n>` when empty) and streams it until the
/// browser leaves or the room closes.
pub async fn join(
    session: &Session,
    events: Events,
    code: &str,
    name: &str,
) -> Result<RoomReply, LabError> {
    let room = Room::new(code);
    let mut conn = session.conn(events.id());
    // Asked before the session's user is let into the namespace, so a wrong code grants nothing.
    if !conn.exists_as_backend(&room.presenter()).await? {
        return Err(LabError::NoSuchRoom);
    }
    grant(session, room.namespace()).await?;
    // The presenter is one of the hash's entries.
    if conn.hlen(&room.members()).await? > u64::from(MAX_MEMBERS) {
        return Err(LabError::LimitReached(format!(
            "the room already has {MAX_MEMBERS} participants"
        )));
    }
    let n = conn
        .incr_with_expiry(&room.member_seq(), ROOM_TTL_SECS)
        .await? as u32;
    let name = match name.trim() {
        "" => format!("guest {n}"),
        name => name.to_owned(),
    };
    let me = Member {
        n,
        name,
        role: Role::Participant,
    };
    serve(session, events, conn, room, me).await
}

/// How a membership's stay ended.
enum Ended {
    /// The browser left.
    Left,
    /// The presenter closed the room, or it expired: nothing to clean up.
    Closed,
}

/// Subscribes, enters the member list, streams the room, and leaves.
async fn serve(
    session: &Session,
    events: Events,
    mut conn: Conn,
    room: Room,
    me: Member,
) -> Result<RoomReply, LabError> {
    let id = events.id();
    let mut subscriber = session.subscriber(id, "room").await?;
    subscriber.subscribe(&room.events()).await?;
    match me.role {
        Role::Presenter => subscriber.subscribe(&room.roster()).await?,
        // Only participants are the audience of the presenter's messages, so `PUBLISH` counts them.
        Role::Participant => subscriber.subscribe(&room.chat()).await?,
    };
    let json = serde_json::to_string(&me).unwrap_or_default();
    conn.hset_with_expiry(&room.members(), &me.n.to_string(), &json, ROOM_TTL_SECS)
        .await?;
    let (heard, mut hearing) = mpsc::channel(BACKLOG);
    // Aborted when dropped: also when this run is itself aborted, not only when `stay` returns.
    let listener = Listener(tokio::spawn(listen(subscriber, heard)));
    let membership = Membership {
        room: Arc::new(room),
        me,
        stream: events.clone(),
    };
    session.register_control(id, membership.clone());
    let stayed = stay(&events, &mut conn, &membership, &mut hearing).await;
    session.unregister_control(id);
    drop(listener);
    let left = match stayed {
        Ok(Ended::Closed) => Ok(()),
        _ => leave(&mut conn, &membership).await,
    };
    stayed?;
    left?;
    Ok(RoomReply::Left)
}

/// The task reading a member's subscriber, aborted (closing its Pub/Sub connection) when dropped.
struct Listener(JoinHandle<()>);

impl Drop for Listener {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Hands what the member's subscriber receives to its run, until the connection ends.
async fn listen(mut subscriber: Subscriber, heard: mpsc::Sender<Delivery>) {
    while let Some(delivery) = subscriber.next().await {
        if heard.send(delivery).await.is_err() {
            return;
        }
    }
}

/// Announces the member (on `roster`, to the presenter), tells the browser who is in the room, then
/// forwards the room's events (and, to the presenter only, the member list as it changes; a
/// participant's list is the one it entered with).
async fn stay(
    events: &Events,
    conn: &mut Conn,
    membership: &Membership,
    hearing: &mut mpsc::Receiver<Delivery>,
) -> Result<Ended, LabError> {
    let Membership { room, me, .. } = membership;
    let joined = Broadcast::Joined { member: me.clone() };
    announce(conn, room, &joined).await?;
    let settings = settings(conn, room).await?;
    let mut members: BTreeMap<u32, Member> = conn
        .hvals(&room.members())
        .await?
        .iter()
        .filter_map(|text| serde_json::from_str::<Member>(text).ok())
        .map(|m| (m.n, m))
        .collect();
    members.insert(me.n, me.clone());
    let entered = RoomEvent::Entered {
        code: room.code().to_owned(),
        me: me.clone(),
        settings,
        members: members.values().cloned().collect(),
    };
    events.send(LabEvent::Room(entered)).await;
    let mut dirty = false;
    let mut listed = Instant::now();
    let mut flush = tokio::time::interval(MEMBERS_FLUSH);
    let mut refresh = tokio::time::interval_at(Instant::now() + REFRESH, REFRESH);
    loop {
        tokio::select! {
            () = events.cancelled() => return Ok(Ended::Left),
            heard = hearing.recv() => {
                let Some(delivery) = heard else {
                    return Err(StoreError::Unavailable.into());
                };
                if delivery.channel == room.chat().as_str() {
                    if let Some(chat) = Chat::decode(&delivery.payload) {
                        let event = RoomEvent::Delivered { seq: chat.seq, text: chat.text, at_ms: now_ms() };
                        events.send(LabEvent::Room(event)).await;
                    }
                    continue;
                }
                // Only the presenter subscribes to `roster`, and only `roster` carries arrivals and
                // departures.
                if delivery.channel == room.roster().as_str() {
                    match Broadcast::decode(&delivery.payload) {
                        Some(Broadcast::Joined { member }) => {
                            members.insert(member.n, member);
                            dirty = true;
                        }
                        Some(Broadcast::Left { member }) => {
                            members.remove(&member);
                            dirty = true;
                        }
                        _ => {}
                    }
                    continue;
                }
                if let Some(Broadcast::Event { event }) = Broadcast::decode(&delivery.payload) {
                    let closed = event == RoomEvent::Closed;
                    events.send(LabEvent::Room(event)).await;
                    if closed {
                        return Ok(Ended::Closed);
                    }
                }
            }
            _ = flush.tick(), if dirty => {
                if listed.elapsed() < members_pause(members.len()) {
                    continue;
                }
                dirty = false;
                listed = Instant::now();
                let event = RoomEvent::Members { members: members.values().cloned().collect() };
                events.send(LabEvent::Room(event)).await;
            }
            _ = refresh.tick() => {
                if !still_open(conn, room, me).await? {
                    events.send(LabEvent::Room(RoomEvent::Closed)).await;
                    return Ok(Ended::Closed);
                }
            }
        }
    }
}

/// The least time between two member lists sent to the browser, in a room of `size`.
fn members_pause(size: usize) -> Duration {
    MEMBERS_FLUSH * (1 + size / MEMBERS_PER_STEP) as u32
}

/// The periodic check a membership makes: the presenter refreshes the expiry of the room's keys; a
/// participant checks that the presenter's key still exists. False when the room is gone (its
/// presenter's backend stopped without closing it). Bookkeeping, so traced as the playground's.
pub async fn still_open(conn: &mut Conn, room: &Room, me: &Member) -> Result<bool, StoreError> {
    let mut conn = conn.for_playground();
    match me.role {
        Role::Presenter => {
            let existed = conn.expire_all(&room.lasting(), ROOM_TTL_SECS).await?;
            Ok(existed.first() == Some(&true))
        }
        Role::Participant => Ok(conn.pttl(&room.presenter()).await? != -2),
    }
}

/// The presenter closes the room for everyone and deletes its keys; a participant leaves the member
/// list. A room whose presenter's backend stopped without closing it is not deleted by its
/// participants: its keys expire [`ROOM_TTL_SECS`] after the presenter's last refresh, and participants
/// are shown it closed once the presenter's key is gone. Bookkeeping, so traced as the playground's.
async fn leave(conn: &mut Conn, membership: &Membership) -> Result<(), StoreError> {
    let Membership { room, me, .. } = membership;
    let mut conn = conn.for_playground();
    match me.role {
        Role::Presenter => {
            let closed = Broadcast::Event {
                event: RoomEvent::Closed,
            };
            announce(&mut conn, room, &closed).await?;
        }
        Role::Participant => {
            conn.hdel(&room.members(), &me.n.to_string()).await?;
            return announce(&mut conn, room, &Broadcast::Left { member: me.n }).await;
        }
    }
    conn.delete_matching(room.namespace(), "*").await.map(drop)
}
