//! What members do in a room. The presenter configures, publishes and resets; everyone contends for the
//! room's lock and sends through its limiter. Each action runs real commands on the room's keys and
//! announces what Redis answered to every member.

use std::time::Duration;

use shared::{
    LabEvent,
    exercise::{ExerciseReply, Graded, Status},
    lock::Release,
    ratelimit::Limits,
    room::{LockOutcome, RanCommand, Role, RoomEvent, RoomReply, RoomSettings},
};

use super::{
    Membership, announce,
    keys::Room,
    now_ms, now_us, presenter_only, settings,
    wire::{Broadcast, Chat},
};
use crate::{
    error::LabError,
    labs::{Events, lock::distributed_lock::DistributedLock, ratelimit::limiter::Limiter},
    session::Session,
    store::{Conn, StoreError},
};

/// Presenter only: stores new settings and shows them to everyone.
pub async fn configure(
    session: &Session,
    id: shared::RequestId,
    membership: &Membership,
    settings: RoomSettings,
) -> Result<RoomReply, LabError> {
    presenter_only(membership, "change the room's settings")?;
    let room = &membership.room;
    let mut conn = session.conn(id);
    let text = serde_json::to_string(&settings).unwrap_or_default();
    conn.set_ex(&room.settings(), &text, membership.times.ttl_secs())
        .await?;
    let event = RoomEvent::Settings { settings };
    announce(&mut conn, room, &Broadcast::Event { event }).await?;
    Ok(RoomReply::Configured)
}

/// Presenter only: `PUBLISH`es `text` on the room's chat channel; its reply is how many participants'
/// subscribers received it.
pub async fn publish(
    session: &Session,
    id: shared::RequestId,
    membership: &Membership,
    text: String,
) -> Result<RoomReply, LabError> {
    presenter_only(membership, "publish to the room")?;
    let room = &membership.room;
    let mut conn = session.conn(id);
    let seq = conn
        .incr_with_expiry(&room.publish_seq(), membership.times.ttl_secs())
        .await? as u64;
    let chat = Chat {
        seq,
        text: text.clone(),
    };
    let receivers = conn.broadcast(&room.chat(), &chat.encode()).await?.max(0) as u64;
    // Participants see their own delivery; the count is the presenter's, whose run is on this backend.
    let event = RoomEvent::Published {
        seq,
        text,
        receivers,
        at_ms: now_ms(),
    };
    membership.stream.send(LabEvent::Room(event)).await;
    Ok(RoomReply::Published { seq, receivers })
}

/// Presenter only: deletes the room's lock and limiter keys, so the next round starts afresh.
pub async fn reset(
    session: &Session,
    id: shared::RequestId,
    membership: &Membership,
) -> Result<RoomReply, LabError> {
    presenter_only(membership, "reset the room's lock and limiter")?;
    let room = &membership.room;
    let mut conn = session.conn(id);
    let lock = conn.del(&room.lock()).await?.max(0) as u64;
    let pattern = format!("rate:{}*", room.limiter());
    let limiter = conn.delete_matching(room.namespace(), &pattern).await?;
    let event = RoomEvent::Reset;
    announce(&mut conn, room, &Broadcast::Event { event }).await?;
    Ok(RoomReply::Reset {
        deleted: lock + limiter,
    })
}

/// Presenter only: closes the room for everyone (every member's backend hears `Closed` on the room's
/// `events` channel and tells its browser) and deletes the room's keys. Bookkeeping, so traced as the
/// playground's.
pub async fn close(
    session: &Session,
    id: shared::RequestId,
    membership: &Membership,
) -> Result<RoomReply, LabError> {
    presenter_only(membership, "close the room")?;
    let room = &membership.room;
    let mut conn = session.conn(id);
    let mut conn = conn.for_playground();
    let closed = Broadcast::Event {
        event: RoomEvent::Closed,
    };
    announce(&mut conn, room, &closed).await?;
    conn.delete_matching(room.namespace(), "*").await?;
    Ok(RoomReply::Closed)
}

/// Tells every room this tab takes part in as a participant that one of its gradings ended: the
/// verdict its backend graded (whether it passed, the properties it broke), never the code. Each
/// announcement goes on the room's `roster`, to the presenter alone, traced as the playground's. A room that cannot be told (it
/// closed meanwhile) does not fail the grading.
pub async fn graded(session: &Session, id: shared::RequestId, reply: &ExerciseReply) {
    let broken = broken_names(reply);
    for membership in session.controls::<Membership>() {
        if membership.me.role != Role::Participant {
            continue;
        }
        let event = RoomEvent::Graded {
            member: membership.me.n,
            exercise: reply.kind(),
            passed: reply.passed(),
            broken: broken.clone(),
        };
        let mut conn = session.conn(id);
        let mut conn = conn.for_playground();
        if let Err(e) = announce(&mut conn, &membership.room, &Broadcast::Graded { event }).await {
            tracing::debug!(error = %e, "a room could not be told of a grading");
        }
    }
}

/// The wire names of the properties `reply` broke, in the exercise's order.
fn broken_names(reply: &ExerciseReply) -> Vec<String> {
    fn names<P: serde::Serialize, C, R>(grade: &Graded<P, C, R>) -> Vec<String> {
        grade
            .properties
            .iter()
            .filter(|p| p.status == Status::Broken)
            .filter_map(|p| serde_json::to_value(&p.property).ok())
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    }
    match reply {
        ExerciseReply::Ratelimit(grade) => names(grade),
        ExerciseReply::Lock(grade) => names(grade),
        ExerciseReply::Cache(grade) => names(grade),
        ExerciseReply::Pubsub(grade) => names(grade),
    }
}

/// Anyone: one attempt at the room's lock on a connection of the member's own; when it is ours, holds it
/// for the configured time (less if the browser stops the request) and releases it with the lock lab's
/// compare-and-delete. Each step is announced with the command that decided it. A hold longer than the
/// lock's `PX` lifetime reads `PTTL` when the lifetime is over (the playground's own read, traced as
/// such): when Redis says -2, the key's going is announced as Redis reported it, not guessed from a
/// clock.
pub async fn acquire(
    session: &Session,
    events: &Events,
    membership: &Membership,
) -> Result<RoomReply, LabError> {
    let Membership { room, me, .. } = membership;
    let id = events.id();
    let mut conn = session.conn(id);
    let settings = settings(&mut conn, room).await?;
    let own = session.client_conn(id, "room-lock").await?;
    let ttl_ms = u64::from(settings.lock_ttl_ms);
    let mut lock = DistributedLock::new(own, room.lock(), ttl_ms.div_ceil(1000));
    let acquired = lock.try_acquire_px(ttl_ms).await?;
    let outcome = if acquired {
        LockOutcome::Acquired
    } else {
        LockOutcome::Busy
    };
    report_lock(&mut conn, room, me.n, outcome, lock.conn()).await?;
    if !acquired {
        return Ok(RoomReply::Acquire { acquired });
    }
    let hold = Duration::from_millis(settings.lock_hold_ms.into());
    let lifetime = Duration::from_millis(ttl_ms);
    if hold <= lifetime {
        wait(events, hold).await;
    } else if wait(events, lifetime).await {
        if lock.conn().for_playground().pttl(&room.lock()).await? == -2 {
            report_lock(&mut conn, room, me.n, LockOutcome::Gone, lock.conn()).await?;
        }
        wait(events, hold - lifetime).await;
    }
    let released = lock.release(Release::Lua).await?;
    let outcome = LockOutcome::Released {
        released: released.deleted,
    };
    report_lock(&mut conn, room, me.n, outcome, lock.conn()).await?;
    Ok(RoomReply::Acquire { acquired })
}

/// Waits `time`, or less if the browser stops the request: true when the whole time passed.
async fn wait(events: &Events, time: Duration) -> bool {
    tokio::select! {
        () = tokio::time::sleep(time) => true,
        () = events.cancelled() => false,
    }
}

/// Announces a lock step with the last command `decided_on` ran.
async fn report_lock(
    conn: &mut Conn,
    room: &Room,
    member: u32,
    outcome: LockOutcome,
    decided_on: &mut Conn,
) -> Result<(), StoreError> {
    let ran = decided_on
        .last()
        .map(|(command, reply, _)| RanCommand {
            command: command.clone(),
            reply: reply.clone(),
        })
        .unwrap_or(RanCommand {
            command: String::new(),
            reply: String::new(),
        });
    let event = RoomEvent::Lock {
        member,
        outcome,
        ran,
        at_ms: now_ms(),
    };
    announce(conn, room, &Broadcast::Event { event }).await
}

/// Anyone: one request through the room's shared limiter, with the room's algorithm and limits, decided
/// in Redis at this backend's wall-clock time (each member's backend uses its own clock); the decision
/// is announced with every command that made it.
pub async fn send(
    session: &Session,
    id: shared::RequestId,
    membership: &Membership,
) -> Result<RoomReply, LabError> {
    let Membership { room, me, .. } = membership;
    let mut conn = session.conn(id);
    let settings = settings(&mut conn, room).await?;
    let limiter = Limiter {
        namespace: room.namespace(),
        key: room.limiter(),
        limits: Limits {
            max_requests: settings.max_requests,
            window_seconds: settings.window_seconds,
        },
    };
    conn.remember_ran();
    let verdict = limiter
        .decide(&mut conn, settings.algorithm, now_us())
        .await?;
    let ran = conn
        .take_ran()
        .into_iter()
        .map(|(command, reply)| RanCommand { command, reply })
        .collect();
    let event = RoomEvent::Decision {
        member: me.n,
        allowed: verdict.allowed,
        remaining: verdict.remaining,
        ran,
        at_ms: now_ms(),
    };
    announce(&mut conn, room, &Broadcast::Event { event }).await?;
    Ok(RoomReply::Send {
        allowed: verdict.allowed,
        remaining: verdict.remaining,
    })
}
