//! Who each trace line is for: the learner's own commands are marked `learner`, and the playground's
//! bookkeeping (presence, the limits' counters, ACL, `SCRIPT LOAD` after `NOSCRIPT`, run numbers) is
//! marked `playground`, which the trace panel hides unless asked. So are the reads the playground adds
//! only to show what happened (the `GET` before the lock lab's plain `DEL`, the `PTTL` at the end of a
//! room's lock hold), and a room's refresh and leaving.

use backend::{
    labs::room::{
        keys::Room,
        presence::{self, RoomTimes},
    },
    store::trace_channel,
};
use shared::{
    LabEvent, LabRequest, Origin, RequestId, ServerMsg, TraceEntry,
    lock::{Faults, LockParams, LockRequest, Release},
    ratelimit::{Algorithm, Limits, RatelimitRequest},
    room::{RoomEvent, RoomRequest, RoomSettings},
};

use crate::support::{WsClient, ping, room_publish, spawn_app};

/// Every trace entry the socket receives, whatever its request, up to the reply naming `id`.
async fn everything_until(ws: &mut WsClient, id: RequestId) -> Vec<TraceEntry> {
    let mut entries = Vec::new();
    loop {
        match ws.recv().await {
            ServerMsg::Trace { entries: more } => entries.extend(more),
            ServerMsg::Reply { id: got, .. } if got == id => return entries,
            ServerMsg::Error { id: Some(got), .. } if got == id => {
                panic!("request {id} failed; traced so far: {entries:?}")
            }
            _ => {}
        }
    }
}

fn line(entry: &TraceEntry) -> String {
    entry.command.join(" ")
}

/// The lines of `origin`, as text.
fn of(entries: &[TraceEntry], origin: Origin) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.origin == origin)
        .map(line)
        .collect()
}

#[tokio::test]
async fn a_ping_is_the_learners_and_opening_a_tab_is_the_playgrounds() {
    let app = spawn_app().await;
    let (mut ws, info) = app.session().await;
    let id = ws.run(ping("hello")).await;
    let entries = everything_until(&mut ws, id).await;

    let learner: Vec<&TraceEntry> = entries
        .iter()
        .filter(|e| e.origin == Origin::Learner)
        .collect();
    let names: Vec<&str> = learner.iter().map(|e| e.command[0].as_str()).collect();
    assert_eq!(
        names,
        ["PING", "SET", "GET", "PTTL", "TIME"],
        "{entries:#?}"
    );
    assert!(learner.iter().all(|e| e.request == Some(id)));

    let own = of(&entries, Origin::Playground);
    let presence = format!("{}presence", info.namespace);
    let user = format!("pg-{}", info.id);
    let has = |what: &str| own.iter().any(|l| l.contains(what));
    assert!(has(&presence), "presence is the playground's: {own:#?}");
    assert!(
        has("pg:{ip-127.0.0.1}:sessions"),
        "the address counter: {own:#?}"
    );
    assert!(has(&format!("ACL GETUSER {user}")), "{own:#?}");
    assert!(has(&format!("ACL SETUSER {user}")), "{own:#?}");
    assert!(
        has("SCRIPT LOAD"),
        "the first script is loaded after NOSCRIPT: {own:#?}"
    );
    assert!(
        entries
            .iter()
            .filter(|e| e.request == Some(id))
            .all(|e| e.origin == Origin::Learner),
        "every command of the ping is the learner's: {entries:#?}"
    );
    let setuser = own
        .iter()
        .find(|l| l.starts_with("ACL SETUSER"))
        .expect("ACL SETUSER traced");
    assert!(
        setuser.contains(">(redacted)"),
        "the tab's password is not shown: {setuser}"
    );
}

#[tokio::test]
async fn a_rate_limit_hit_is_the_learners_but_not_its_script_load() {
    let app = spawn_app().await;
    let (mut ws, info) = app.session().await;
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Hit {
            algorithms: vec![Algorithm::FixedWindow, Algorithm::SlidingLogLua],
            limits: Limits {
                max_requests: 3,
                window_seconds: 60,
            },
        }))
        .await;
    let entries = everything_until(&mut ws, id).await;
    let of_hit: Vec<TraceEntry> = entries
        .iter()
        .filter(|e| e.request == Some(id))
        .cloned()
        .collect();

    let names = |origin| -> Vec<String> {
        of_hit
            .iter()
            .filter(|e| e.origin == origin)
            .map(|e| e.command[..e.command.len().min(2)].join(" "))
            .collect()
    };
    assert_eq!(names(Origin::Playground), ["SCRIPT LOAD"], "{of_hit:#?}");
    let learner = names(Origin::Learner);
    let evalsha: Vec<&TraceEntry> = of_hit
        .iter()
        .filter(|e| e.command[0] == "EVALSHA")
        .collect();
    assert_eq!(evalsha.len(), 2, "NOSCRIPT, then again: {of_hit:#?}");
    assert!(evalsha[0].reply.starts_with("(error) NOSCRIPT"));
    assert!(evalsha.iter().all(|e| e.origin == Origin::Learner));
    for wanted in ["MULTI", "EXEC"] {
        assert!(learner.iter().any(|l| l == wanted), "{learner:?}");
    }
    let rate = format!("{}rate:", info.namespace);
    assert!(
        of_hit
            .iter()
            .filter(|e| e.command.iter().any(|a| a.starts_with(&rate)))
            .all(|e| e.origin == Origin::Learner),
        "every command on the limiter's keys is the learner's: {of_hit:#?}"
    );
    let limits: Vec<&TraceEntry> = entries.iter().filter(|e| e.client == "limits").collect();
    assert!(!limits.is_empty(), "the message rate is checked");
    assert!(limits.iter().all(|e| e.origin == Origin::Playground));
}

#[tokio::test]
async fn the_get_before_a_plain_del_is_the_playgrounds_and_the_del_the_learners() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let params = LockParams {
        clients: 2,
        rounds: 1,
        timeout_secs: 10,
        retry_ms: 10,
        work_ms: 0,
        jitter_ms: 0,
        blocking: true,
        step: false,
        deadline_secs: 20,
    };
    let faults = Faults {
        release: Release::Del,
        ..Faults::default()
    };
    let id = ws
        .run(LabRequest::Lock(LockRequest::Run {
            params,
            faults,
            speed: Default::default(),
        }))
        .await;
    let entries = everything_until(&mut ws, id).await;
    let contenders: Vec<&TraceEntry> = entries
        .iter()
        .filter(|e| e.request == Some(id) && e.client.starts_with("client-"))
        .collect();
    let dels: Vec<&&TraceEntry> = contenders
        .iter()
        .filter(|e| e.command[0] == "DEL")
        .collect();
    assert_eq!(dels.len(), 2, "one bare DEL per client: {contenders:#?}");
    assert!(
        dels.iter().all(|e| e.origin == Origin::Learner),
        "{dels:#?}"
    );
    let lock = &dels[0].command[1];
    let gets: Vec<&&TraceEntry> = contenders
        .iter()
        .filter(|e| e.command == ["GET", lock.as_str()])
        .collect();
    assert_eq!(gets.len(), 2, "one GET before each DEL: {contenders:#?}");
    assert!(
        gets.iter().all(|e| e.origin == Origin::Playground),
        "the read the playground adds is its own: {gets:#?}"
    );
}

/// The room event of run `run` that `want` picks, reading past everything else.
async fn room_event(ws: &mut WsClient, run: RequestId, want: impl Fn(&RoomEvent) -> bool) {
    ws.until(|msg| match msg {
        ServerMsg::Event {
            id,
            event: LabEvent::Room(event),
        } => *id == run && want(event),
        ServerMsg::Error { id: Some(id), .. } => panic!("run {id} failed: {msg:?}"),
        _ => false,
    })
    .await;
}

/// The commands the session's own connection sent for run `run` until it answered, deliveries left out.
async fn sent_until_answer(ws: &mut WsClient, run: RequestId) -> Vec<TraceEntry> {
    let (_, traces) = ws.answer(run).await;
    traces
        .into_iter()
        .filter(|e| e.client == "session")
        .collect()
}

#[tokio::test]
async fn a_room_holds_pttl_and_its_members_leaving_are_the_playgrounds() {
    let app = spawn_app().await;
    let (mut presenter, _) = app.session().await;
    let settings = RoomSettings {
        lock_ttl_ms: 300,
        lock_hold_ms: 900,
        ..RoomSettings::default()
    };
    let open = presenter
        .run(LabRequest::Room(RoomRequest::Open { settings }))
        .await;
    let entered = |e: &RoomEvent| matches!(e, RoomEvent::Entered { .. });
    let code = match presenter
        .until(|msg| {
            matches!(msg, ServerMsg::Event { id, event: LabEvent::Room(RoomEvent::Entered { .. }) } if *id == open)
        })
        .await
    {
        ServerMsg::Event {
            event: LabEvent::Room(RoomEvent::Entered { code, .. }),
            ..
        } => code,
        other => unreachable!("matched above: {other:?}"),
    };
    let (mut guest, _) = app.session().await;
    let join = guest
        .run(LabRequest::Room(RoomRequest::Join {
            code,
            name: "guest".into(),
        }))
        .await;
    room_event(&mut guest, join, entered).await;

    let acquire = guest
        .run(LabRequest::Room(RoomRequest::Acquire { room: join }))
        .await;
    let (_, held) = guest.answer(acquire).await;
    let lock_conn: Vec<(&str, Origin)> = held
        .iter()
        .filter(|e| e.client == "room-lock")
        .map(|e| (e.command[0].as_str(), e.origin))
        .collect();
    assert_eq!(
        lock_conn,
        [
            ("SET", Origin::Learner),
            ("PTTL", Origin::Playground),
            ("EVAL", Origin::Learner)
        ],
        "the hold's PTTL is the playground's reading: {held:#?}"
    );
    assert!(
        held.iter()
            .filter(|e| e.client == "session")
            .all(|e| e.origin == Origin::Learner),
        "the acquire's settings read and announcements stay the learner's: {held:#?}"
    );

    guest.cancel(join).await;
    let left = sent_until_answer(&mut guest, join).await;
    let names: Vec<&str> = left.iter().map(|e| e.command[0].as_str()).collect();
    assert_eq!(names, ["HDEL", "ZREM", room_publish()], "{left:#?}");
    assert!(
        left.iter().all(|e| e.origin == Origin::Playground),
        "a participant's leaving is bookkeeping: {left:#?}"
    );

    let close = presenter
        .run(LabRequest::Room(RoomRequest::Close { room: open }))
        .await;
    let closed = sent_until_answer(&mut presenter, close).await;
    let names: Vec<&str> = closed.iter().map(|e| e.command[0].as_str()).collect();
    assert!(
        names.starts_with(&[room_publish(), "SCAN"]) && names.contains(&"UNLINK"),
        "{closed:#?}"
    );
    assert!(
        closed.iter().all(|e| e.origin == Origin::Playground),
        "closing the room is bookkeeping: {closed:#?}"
    );
}

#[tokio::test]
async fn a_presenter_stepping_away_is_announced_as_the_playgrounds() {
    let app = spawn_app().await;
    let (mut presenter, _) = app.session().await;
    let settings = RoomSettings::default();
    let open = presenter
        .run(LabRequest::Room(RoomRequest::Open { settings }))
        .await;
    room_event(&mut presenter, open, |e| {
        matches!(e, RoomEvent::Reclaimable { .. })
    })
    .await;

    presenter.cancel(open).await;
    let away = sent_until_answer(&mut presenter, open).await;

    let names: Vec<&str> = away.iter().map(|e| e.command[0].as_str()).collect();
    assert_eq!(names, [room_publish()], "no key is deleted: {away:#?}");
    assert!(
        away.iter().all(|e| e.origin == Origin::Playground),
        "{away:#?}"
    );
}

#[tokio::test]
async fn a_rooms_periodic_check_is_the_playgrounds() {
    let app = spawn_app().await;
    let store = app.store().await;
    let (tracer, mut sink) = trace_channel(16);
    let mut conn = store.conn(tracer);
    let room = Room::generate();
    let times = RoomTimes::default();
    let open = presence::refresh(&mut conn, &room, times)
        .await
        .expect("refreshed");
    assert!(!open, "no such room was opened");
    let presenter = presence::beat(&mut conn, &room, 1, times)
        .await
        .expect("beat");
    assert_eq!(presenter, presence::Presenter::Gone);
    let gone = presence::prune(&mut conn, &room).await.expect("pruned");
    assert!(gone.is_empty(), "{gone:?}");
    let mut checks = Vec::new();
    while let Some(entry) = sink.try_recv() {
        checks.push(entry);
    }
    let names: Vec<&str> = checks.iter().map(|e| e.command[0].as_str()).collect();
    assert!(names.contains(&"PTTL"), "{checks:#?}");
    assert!(
        names.len() >= 2,
        "the presenter's refresh and the participant's check: {checks:#?}"
    );
    assert!(
        checks.iter().all(|e| e.origin == Origin::Playground),
        "{checks:#?}"
    );
    assert_eq!(
        conn.ping().await.expect("PING"),
        "PONG",
        "the connection is the learner's again"
    );
    let ping = sink.try_recv().expect("the PING traced");
    assert_eq!(ping.origin, Origin::Learner);
}
