//! A membership: the `open` or `join` run. It enters the room (claiming a fresh code, or checking that
//! the code names an open room), subscribes its own connection to the room's channels, and streams what
//! happens in the room to its browser until the browser leaves or the presenter closes the room.

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use rand::Rng;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use shared::{
    LabEvent, RequestId,
    room::{MAX_MEMBERS, Member, Role, RoomEvent, RoomReply, RoomSettings, SECRET_LEN},
};
use tokio::{sync::mpsc, task::JoinHandle, time::Instant};

use super::{
    Membership, announce, grant,
    keys::Room,
    now_ms,
    presence::{self, Presenter, RoomTimes},
    settings,
    wire::{Broadcast, Chat},
};
use crate::{
    error::LabError,
    labs::Events,
    outbox,
    session::Session,
    store::{self, Conn, Delivery, Heard, Message, Relayed, StoreError},
};

/// Fresh codes tried before giving up; with 31^8 codes a second try is already rare.
const OPEN_ATTEMPTS: usize = 5;
/// How often the member list is sent to the browser while members come and go, in a room of up to
/// [`MEMBERS_PER_STEP`]: a class joining at once becomes a few lists, not one per arrival.
const MEMBERS_FLUSH: Duration = Duration::from_millis(200);
/// Members per further [`MEMBERS_FLUSH`] between lists: every member is sent the whole list, so a
/// room's list traffic would grow with the square of its size if lists went out as often in a big room.
const MEMBERS_PER_STEP: usize = 100;
/// Messages received and not yet forwarded to the browser before the subscriber waits.
const BACKLOG: usize = 1024;

/// Opens a room with this browser as presenter and streams it until the browser leaves. A presenter
/// whose membership stops without [`super::actions::close`] leaves the room waiting for a reclaim.
pub async fn open(
    session: &Session,
    events: Events,
    settings: RoomSettings,
    times: RoomTimes,
) -> Result<RoomReply, LabError> {
    let mut conn = session.conn(events.id());
    let secret = new_secret();
    let room = claim(session, &mut conn, &marker(&secret), times).await?;
    let text = serde_json::to_string(&settings).unwrap_or_default();
    conn.set_ex(&room.settings(), &text, times.ttl_secs())
        .await?;
    serve(session, events, conn, room, presenter(secret), times).await
}

/// Takes room `code` back as its presenter: the presenter key must hold the SHA-256 of `secret`, read
/// on the backend's own connection before the session's user is let into the room, so a wrong secret
/// grants nothing and reads as a room that does not exist.
pub async fn reclaim(
    session: &Session,
    events: Events,
    code: &str,
    secret: &str,
    times: RoomTimes,
) -> Result<RoomReply, LabError> {
    let room = Room::new(code);
    let secret = secret.to_ascii_lowercase();
    let mut conn = session.conn(events.id());
    if conn.get_as_backend(&room.presenter()).await? != Some(marker(&secret)) {
        return Err(LabError::NoSuchRoom);
    }
    grant(session, room.namespace()).await?;
    let back = Broadcast::Event {
        event: RoomEvent::PresenterBack,
    };
    announce(&mut conn.for_playground(), &room, &back).await?;
    serve(session, events, conn, room, presenter(secret), times).await
}

/// Who a presenter is: member 0, with the secret its browser keeps.
fn presenter(secret: String) -> (Member, Option<String>) {
    let me = Member {
        n: 0,
        name: "presenter".into(),
        role: Role::Presenter,
    };
    (me, Some(secret))
}

/// A fresh reclaim secret: 128 random bits as [`SECRET_LEN`] hex characters.
fn new_secret() -> String {
    let bytes: [u8; SECRET_LEN / 2] = rand::rng().random();
    hex(&bytes)
}

/// What the presenter key holds: `sha256:` and the secret's digest in hex. Members may read it; it
/// does not give the secret away.
fn marker(secret: &str) -> String {
    format!("sha256:{}", hex(&Sha256::digest(secret.as_bytes())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Claims a fresh code: `SET presenter <marker> NX EX` on the backend's own connection, so two backends
/// never hand out the same room, and the session's user is let into the room's namespace only once the
/// code is ours.
async fn claim(
    session: &Session,
    conn: &mut Conn,
    marker: &str,
    times: RoomTimes,
) -> Result<Room, LabError> {
    for _ in 0..OPEN_ATTEMPTS {
        let room = Room::generate();
        if conn
            .set_nx_ex_as_backend(&room.presenter(), marker, times.ttl_secs())
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
    times: RoomTimes,
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
        .incr_with_expiry(&room.member_seq(), times.ttl_secs())
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
    serve(session, events, conn, room, (me, None), times).await
}

/// How a membership's stay ended.
enum Ended {
    /// The browser left, or its connection dropped.
    Left,
    /// The presenter closed the room, or it expired: nothing to clean up.
    Closed,
}

/// Subscribes, enters the member list, streams the room, and leaves. `who` is the member, with the
/// reclaim secret when it is the presenter.
async fn serve(
    session: &Session,
    events: Events,
    mut conn: Conn,
    room: Room,
    who: (Member, Option<String>),
    times: RoomTimes,
) -> Result<RoomReply, LabError> {
    let (me, secret) = who;
    let id = events.id();
    let mut hearing = hear(session, id, &room, me.role).await?;
    let json = serde_json::to_string(&me).unwrap_or_default();
    conn.hset_with_expiry(&room.members(), &me.n.to_string(), &json, times.ttl_secs())
        .await?;
    let membership = Membership {
        room: Arc::new(room),
        me,
        stream: events.clone(),
        times,
    };
    session.register_control(id, membership.clone());
    let stayed = stay(&events, &mut conn, &membership, secret, &mut hearing).await;
    session.unregister_control(id);
    drop(hearing);
    let left = match stayed {
        Ok(Ended::Closed) => Ok(()),
        _ => leave(&mut conn, &membership).await,
    };
    stayed?;
    left?;
    Ok(RoomReply::Left)
}

/// Where a member hears the room.
enum Hearing {
    /// The presenter, who alone hears `roster`: a subscriber of its own, read by a task of its own.
    Own {
        heard: mpsc::Receiver<Delivery>,
        _reader: Reader,
    },
    /// A participant: its backend's one subscription to the room's `events` and `chat`, shared by
    /// every participant there, so `PUBLISH` (or `SPUBLISH`) on `chat` counts backends.
    Relayed(Relayed),
}

impl Hearing {
    /// The next message, or how many a participant missed behind its relay; `None` when the
    /// subscription's connection ended.
    async fn next(&mut self) -> Option<Heard> {
        match self {
            Self::Own { heard, .. } => heard.recv().await.map(|d| Heard::Messages(vec![d.into()])),
            Self::Relayed(relayed) => relayed.next().await,
        }
    }
}

/// Subscribes a member with `role` to what it hears of `room`: on a cluster the room's messages are
/// sharded, staying in the shard of the room's slot.
async fn hear(
    session: &Session,
    id: RequestId,
    room: &Room,
    role: Role,
) -> Result<Hearing, StoreError> {
    match role {
        Role::Presenter => {
            let mut subscriber = session.listener_in(id, "room", room.namespace()).await?;
            subscriber.subscribe(&room.events()).await?;
            subscriber.subscribe(&room.roster()).await?;
            let (tx, heard) = mpsc::channel(BACKLOG);
            // Aborted when dropped: also when the run is itself aborted, not only when it returns.
            let _reader = Reader(tokio::spawn(listen(subscriber, tx)));
            Ok(Hearing::Own { heard, _reader })
        }
        Role::Participant => {
            let channels = [room.events(), room.chat()];
            Ok(Hearing::Relayed(
                session.relay(id, room.namespace(), &channels).await?,
            ))
        }
    }
}

/// The task reading the presenter's subscriber, aborted (closing its Pub/Sub connection) when dropped.
struct Reader(JoinHandle<()>);

impl Drop for Reader {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Hands what the presenter's subscriber receives to its run, until the connection ends.
async fn listen(mut subscriber: store::Listener, heard: mpsc::Sender<Delivery>) {
    while let Some(delivery) = subscriber.next().await {
        if heard.send(delivery).await.is_err() {
            return;
        }
    }
}

/// Announces the member (on `roster`, to the presenter), tells the browser who is in the room (and the
/// presenter its reclaim secret), then forwards the room's events (and, to the presenter only, the
/// member list as it changes; a participant's list is the one it entered with). Every beat, the
/// presenter refreshes the room and takes off the list members who stopped beating; a participant
/// beats, and tells its browser when the presenter goes away or comes back.
async fn stay(
    events: &Events,
    conn: &mut Conn,
    membership: &Membership,
    secret: Option<String>,
    hearing: &mut Hearing,
) -> Result<Ended, LabError> {
    let Membership {
        room, me, times, ..
    } = membership;
    let mut presenter = match me.role {
        Role::Presenter => {
            presence::refresh(conn, room, *times).await?;
            presence::prune(conn, room).await?;
            Presenter::Present
        }
        Role::Participant => presence::beat(conn, room, me.n, *times).await?,
    };
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
    if let Some(secret) = secret {
        let grace_secs = times.ttl_secs() as u32;
        let keep = RoomEvent::Reclaimable { secret, grace_secs };
        events.send(LabEvent::Room(keep)).await;
    }
    if presenter == Presenter::Away {
        events.send(LabEvent::Room(RoomEvent::PresenterAway)).await;
    }
    // Named once: every message heard is told apart by its channel.
    let (chat, roster) = (room.chat(), room.roster());
    let mut dirty = false;
    let mut listed = Instant::now();
    let mut flush = tokio::time::interval(MEMBERS_FLUSH);
    let mut beat = tokio::time::interval_at(Instant::now() + times.beat, times.beat);
    loop {
        tokio::select! {
            () = events.cancelled() => return Ok(Ended::Left),
            heard = hearing.next() => {
                let messages = match heard {
                    None => return Err(StoreError::Unavailable.into()),
                    Some(Heard::Messages(messages)) => messages,
                    Some(Heard::Missed(messages)) => {
                        let missed = RoomEvent::Missed { messages, at_ms: now_ms() };
                        events.send(LabEvent::Room(missed)).await;
                        continue;
                    }
                };
                // The room's messages heard at once go to the browser as one item, in order with
                // the events between them.
                let mut deliveries = Vec::new();
                for message in messages {
                    if message.channel() == chat.as_str() {
                        deliveries.extend(message.prepared(delivered));
                        continue;
                    }
                    events.send_encoded(std::mem::take(&mut deliveries)).await;
                    let closed = hear_event(
                        events,
                        me,
                        &message,
                        roster.as_str(),
                        &mut members,
                        &mut dirty,
                        &mut presenter,
                    )
                    .await;
                    if closed {
                        return Ok(Ended::Closed);
                    }
                }
                events.send_encoded(deliveries).await;
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
            _ = beat.tick() => {
                let seen = match me.role {
                    Role::Presenter => {
                        if !presence::refresh(conn, room, *times).await? {
                            Presenter::Gone
                        } else {
                            for gone in presence::prune(conn, room).await? {
                                dirty |= members.remove(&gone).is_some();
                            }
                            Presenter::Present
                        }
                    }
                    Role::Participant => presence::beat(conn, room, me.n, *times).await?,
                };
                if seen == Presenter::Gone {
                    events.send(LabEvent::Room(RoomEvent::Closed)).await;
                    return Ok(Ended::Closed);
                }
                tell_presenter(events, &mut presenter, seen).await;
            }
        }
    }
}

/// Handles a message heard on the room's `events` or `roster` channel (only the presenter hears
/// `roster`, and only `roster` carries arrivals, departures and verdicts); true when it closed the
/// room.
async fn hear_event(
    events: &Events,
    me: &Member,
    message: &Message,
    roster: &str,
    members: &mut BTreeMap<u32, Member>,
    dirty: &mut bool,
    presenter: &mut Presenter,
) -> bool {
    if message.channel() == roster {
        match Broadcast::decode(message.payload()) {
            Some(Broadcast::Joined { member }) => {
                members.insert(member.n, member);
                *dirty = true;
            }
            Some(Broadcast::Left { member }) => {
                members.remove(&member);
                *dirty = true;
            }
            Some(Broadcast::Graded { event }) => {
                events.send(LabEvent::Room(event)).await;
            }
            _ => {}
        }
        return false;
    }
    let Some(Broadcast::Event { event }) = Broadcast::decode(message.payload()) else {
        return false;
    };
    let seen = match event {
        RoomEvent::PresenterAway => Presenter::Away,
        RoomEvent::PresenterBack => Presenter::Present,
        RoomEvent::Closed => {
            events.send(LabEvent::Room(event)).await;
            return true;
        }
        event => {
            events.send(LabEvent::Room(event)).await;
            return false;
        }
    };
    if me.role == Role::Participant {
        tell_presenter(events, presenter, seen).await;
    }
    false
}

/// The browser's event for a presenter's message on the room's `chat` channel, written as JSON: the
/// same for every participant on this backend, which share it ([`store::Message::prepared`]).
fn delivered(payload: &str) -> Option<Arc<RawValue>> {
    let chat = Chat::decode(payload)?;
    let event = RoomEvent::Delivered {
        seq: chat.seq,
        text: chat.text,
        at_ms: now_ms(),
    };
    outbox::encode(&LabEvent::Room(event))
}

/// Tells the browser when what is known of the presenter changed to `seen`.
async fn tell_presenter(events: &Events, presenter: &mut Presenter, seen: Presenter) {
    if seen == *presenter {
        return;
    }
    *presenter = seen;
    let event = match seen {
        Presenter::Away => RoomEvent::PresenterAway,
        Presenter::Present | Presenter::Gone => RoomEvent::PresenterBack,
    };
    events.send(LabEvent::Room(event)).await;
}

/// The least time between two member lists sent to the browser, in a room of `size`.
fn members_pause(size: usize) -> Duration {
    MEMBERS_FLUSH * (1 + size / MEMBERS_PER_STEP) as u32
}

/// How a membership ends without the room closing. A presenter's stopped membership (its browser's
/// connection dropped, or the browser cancelled it) tells participants it is away: the room's keys
/// live on for the grace period, for a [`reclaim`]; only [`super::actions::close`] closes the room
/// at once. A participant leaves the member list and the `alive` set. A room whose presenter did not
/// come back is not deleted by its participants: its keys expire, and participants are shown it
/// closed once the presenter key is gone. Bookkeeping, so traced as the playground's.
async fn leave(conn: &mut Conn, membership: &Membership) -> Result<(), StoreError> {
    let Membership { room, me, .. } = membership;
    let mut conn = conn.for_playground();
    match me.role {
        Role::Presenter => {
            let away = Broadcast::Event {
                event: RoomEvent::PresenterAway,
            };
            announce(&mut conn, room, &away).await
        }
        Role::Participant => {
            conn.hdel(&room.members(), &me.n.to_string()).await?;
            conn.zrem(&room.alive(), &me.n.to_string()).await?;
            announce(&mut conn, room, &Broadcast::Left { member: me.n }).await
        }
    }
}
