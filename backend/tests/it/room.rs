//! Workshop rooms against real Redis: opening, joining and leaving; settings mirrored to participants;
//! what only the presenter may do; keys that expire and go when everyone leaves; and a room shared by two
//! backend processes, its messages, lock and limiter crossing between them through Redis.

use backend::embedded::EmbeddedRedis;
use redis::AsyncCommands;
use shared::{
    ClientMsg, ErrorCode, LabEvent, LabReply, LabRequest, RequestId, ServerMsg,
    room::{LockOutcome, Member, Role, RoomEvent, RoomReply, RoomRequest, RoomSettings},
};

use crate::{
    procs::BackendProcess,
    support::{WsClient, eventually, spawn_app},
};

/// One browser in a room: its socket, its membership run, and who it is.
struct Browser {
    ws: WsClient,
    run: RequestId,
    code: String,
    me: Member,
    /// The settings its entry showed.
    entered_with: RoomSettings,
}

impl Browser {
    /// Opens a room with `settings` from a new session at `ws_url`.
    async fn open(ws_url: &str, settings: RoomSettings) -> Self {
        Self::enter(ws_url, RoomRequest::Open { settings }).await
    }

    /// Joins room `code` from a new session at `ws_url`.
    async fn join(ws_url: &str, code: &str) -> Self {
        let join = RoomRequest::Join {
            code: code.to_owned(),
            name: String::new(),
        };
        Self::enter(ws_url, join).await
    }

    async fn enter(ws_url: &str, request: RoomRequest) -> Self {
        let (mut ws, _) = WsClient::connect(ws_url).await;
        let run = ws.run(LabRequest::Room(request)).await;
        let mut browser = Self {
            ws,
            run,
            code: String::new(),
            me: Member {
                n: 0,
                name: String::new(),
                role: Role::Participant,
            },
            entered_with: RoomSettings::default(),
        };
        match browser
            .event(|e| matches!(e, RoomEvent::Entered { .. }))
            .await
        {
            RoomEvent::Entered {
                code, me, settings, ..
            } => {
                browser.code = code;
                browser.me = me;
                browser.entered_with = settings;
            }
            other => panic!("expected entered, got {other:?}"),
        }
        browser
    }

    /// Reads until the membership streams an event matching `want`.
    async fn event(&mut self, want: impl Fn(&RoomEvent) -> bool) -> RoomEvent {
        let run = self.run;
        let msg = self
            .ws
            .until(|msg| match msg {
                ServerMsg::Event {
                    id,
                    event: LabEvent::Room(event),
                } => *id == run && want(event),
                ServerMsg::Error { id: Some(id), .. } => *id == run,
                _ => false,
            })
            .await;
        match msg {
            ServerMsg::Event {
                event: LabEvent::Room(event),
                ..
            } => event,
            other => panic!("the membership failed: {other:?}"),
        }
    }

    /// Sends `request` and returns its answer (reply or error), skipping everything else.
    async fn ask(&mut self, request: RoomRequest) -> ServerMsg {
        self.ask_seeing(request).await.0
    }

    /// Sends `request` and returns its answer, with the events the membership streamed meanwhile.
    async fn ask_seeing(&mut self, request: RoomRequest) -> (ServerMsg, Vec<RoomEvent>) {
        let id = self.ws.run(LabRequest::Room(request)).await;
        let mut seen = Vec::new();
        loop {
            match self.ws.recv().await {
                ServerMsg::Event {
                    id: run,
                    event: LabEvent::Room(event),
                } if run == self.run => seen.push(event),
                msg @ (ServerMsg::Reply { id: got, .. }
                | ServerMsg::Error { id: Some(got), .. })
                    if got == id =>
                {
                    return (msg, seen);
                }
                _ => {}
            }
        }
    }

    /// Leaves the room: cancels the membership and returns its answer.
    async fn leave(&mut self) -> ServerMsg {
        let cancel = ClientMsg::Cancel { id: self.run };
        self.ws
            .send_text(serde_json::to_string(&cancel).expect("encode"))
            .await;
        self.ws.answer(self.run).await.0
    }
}

fn reply(msg: ServerMsg) -> RoomReply {
    match msg {
        ServerMsg::Reply {
            reply: LabReply::Room(reply),
            ..
        } => reply,
        other => panic!("expected a room reply, got {other:?}"),
    }
}

fn error_code(msg: &ServerMsg) -> Option<ErrorCode> {
    match msg {
        ServerMsg::Error { error, .. } => Some(error.code),
        _ => None,
    }
}

fn members_numbers(members: &[Member]) -> Vec<u32> {
    members.iter().map(|m| m.n).collect()
}

/// Every key of room `code` in Redis.
async fn room_keys(redis: &mut redis::aio::MultiplexedConnection, code: &str) -> Vec<String> {
    redis
        .keys(format!("pg:{{room-{code}}}:*"))
        .await
        .expect("KEYS")
}

#[tokio::test]
async fn a_participant_joins_with_the_code_and_leaves() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let mut presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    assert_eq!(presenter.me.role, Role::Presenter);

    let mut guest = Browser::join(&ws_url, &presenter.code.to_lowercase()).await;

    assert_eq!(
        guest.code, presenter.code,
        "a lower-case code names the room"
    );
    assert_eq!((guest.me.n, guest.me.name.as_str()), (1, "guest 1"));
    let seen = presenter
        .event(|e| matches!(e, RoomEvent::Members { members } if members.len() == 2))
        .await;
    let RoomEvent::Members { members } = seen else {
        unreachable!()
    };
    assert_eq!(members_numbers(&members), [0, 1]);
    assert_eq!(reply(guest.leave().await), RoomReply::Left);
    presenter
        .event(|e| matches!(e, RoomEvent::Members { members } if members_numbers(members) == [0]))
        .await;
    let mut redis = app.redis().await;
    let left: u64 = redis
        .hlen(format!("pg:{{room-{}}}:members", presenter.code))
        .await
        .expect("HLEN");
    assert_eq!(left, 1, "only the presenter is in the member hash");
}

#[tokio::test]
async fn joining_a_code_no_room_has_is_no_such_room() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let join = RoomRequest::Join {
        code: "ABCD2345".into(),
        name: "ann".into(),
    };
    let id = ws.run(LabRequest::Room(join)).await;

    let (answer, _) = ws.answer(id).await;

    assert_eq!(error_code(&answer), Some(ErrorCode::NoSuchRoom));
}

#[tokio::test]
async fn the_presenters_settings_are_mirrored_to_participants() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let mut presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let changed = RoomSettings {
        lab: shared::room::RoomLab::Lock,
        lock_hold_ms: 500,
        ..RoomSettings::default()
    };

    let answer = presenter
        .ask(RoomRequest::Configure {
            room: presenter.run,
            settings: changed.clone(),
        })
        .await;

    assert_eq!(reply(answer), RoomReply::Configured);
    let seen = guest
        .event(|e| matches!(e, RoomEvent::Settings { .. }))
        .await;
    assert_eq!(
        seen,
        RoomEvent::Settings {
            settings: changed.clone()
        }
    );
    let late = Browser::join(&ws_url, &presenter.code).await;
    assert_eq!(late.entered_with, changed, "a late joiner enters with them");
}

#[tokio::test]
async fn a_participant_may_not_configure_publish_or_reset() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let room = guest.run;
    let tries = [
        RoomRequest::Configure {
            room,
            settings: RoomSettings {
                max_requests: 99,
                ..RoomSettings::default()
            },
        },
        RoomRequest::Publish {
            room,
            text: "hijack".into(),
        },
        RoomRequest::Reset { room },
    ];

    for request in tries {
        let answer = guest.ask(request.clone()).await;
        assert_eq!(
            error_code(&answer),
            Some(ErrorCode::Forbidden),
            "{request:?}"
        );
    }

    let mut redis = app.redis().await;
    let stored: String = redis
        .get(format!("pg:{{room-{}}}:settings", presenter.code))
        .await
        .expect("GET");
    assert_eq!(
        serde_json::from_str::<RoomSettings>(&stored).expect("settings JSON"),
        RoomSettings::default()
    );
    let published: Option<u64> = redis
        .get(format!("pg:{{room-{}}}:seq:publish", presenter.code))
        .await
        .expect("GET");
    assert_eq!(published, None, "nothing was published");
}

#[tokio::test]
async fn every_room_key_expires_and_all_go_when_everyone_leaves() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let settings = RoomSettings {
        lock_hold_ms: 60_000,
        ..RoomSettings::default()
    };
    let mut presenter = Browser::open(&ws_url, settings).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let room = presenter.run;
    let published = presenter
        .ask(RoomRequest::Publish {
            room,
            text: "hi".into(),
        })
        .await;
    assert_eq!(
        reply(published),
        RoomReply::Published {
            seq: 1,
            receivers: 1
        }
    );
    reply(guest.ask(RoomRequest::Send { room: guest.run }).await);
    // The guest holds the lock for a minute: its key exists while the keys are checked.
    guest
        .ws
        .run(LabRequest::Room(RoomRequest::Acquire { room: guest.run }))
        .await;
    presenter
        .event(|e| {
            matches!(
                e,
                RoomEvent::Lock {
                    outcome: LockOutcome::Acquired,
                    ..
                }
            )
        })
        .await;

    let mut redis = app.redis().await;
    let keys = room_keys(&mut redis, &presenter.code).await;
    for suffix in [
        "presenter",
        "settings",
        "members",
        "seq:members",
        "seq:publish",
        "lock",
    ] {
        let key = format!("pg:{{room-{}}}:{suffix}", presenter.code);
        assert!(keys.contains(&key), "{key} exists");
    }
    assert!(
        keys.iter().any(|k| k.contains(":rate:room")),
        "limiter keys exist"
    );
    for key in &keys {
        let ttl: i64 = redis.pttl(key).await.expect("PTTL");
        assert!(ttl > 0, "{key} expires (PTTL {ttl})");
    }

    assert_eq!(reply(presenter.leave().await), RoomReply::Left);
    guest.event(|e| *e == RoomEvent::Closed).await;
    eventually("the room's keys are gone", || {
        let mut redis = redis.clone();
        let code = presenter.code.clone();
        async move { room_keys(&mut redis, &code).await.is_empty() }
    })
    .await;
}

#[tokio::test]
async fn the_last_participant_out_deletes_a_room_whose_presenter_is_gone() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let presenter = Browser::open(&ws_url, RoomSettings::default()).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let mut redis = app.redis().await;
    // The presenter's backend "crashed": its member entry is gone, its keys are left to expire.
    let _: i64 = redis
        .hdel(format!("pg:{{room-{}}}:members", presenter.code), "0")
        .await
        .expect("HDEL");

    assert_eq!(reply(guest.leave().await), RoomReply::Left);

    assert!(room_keys(&mut redis, &presenter.code).await.is_empty());
}

/// A private Redis and two backend processes sharing it.
async fn two_backends() -> (EmbeddedRedis, BackendProcess, BackendProcess) {
    let redis = EmbeddedRedis::start(&[])
        .await
        .expect("redis-server starts");
    let one = BackendProcess::start(&redis.url(), &[])
        .await
        .expect("backend 1");
    let two = BackendProcess::start(&redis.url(), &[])
        .await
        .expect("backend 2");
    assert_ne!(one.pid(), two.pid(), "two processes");
    (redis, one, two)
}

#[tokio::test]
async fn a_publish_on_one_backend_reaches_participants_on_both() {
    let (_redis, one, two) = two_backends().await;
    let mut presenter = Browser::open(&one.ws_url(), RoomSettings::default()).await;
    let mut near = Browser::join(&one.ws_url(), &presenter.code).await;
    let mut far = Browser::join(&two.ws_url(), &presenter.code).await;
    presenter
        .event(|e| matches!(e, RoomEvent::Members { members } if members.len() == 3))
        .await;

    let (answer, seen) = presenter
        .ask_seeing(RoomRequest::Publish {
            room: presenter.run,
            text: "hello room".into(),
        })
        .await;

    assert_eq!(
        reply(answer),
        RoomReply::Published {
            seq: 1,
            receivers: 2
        },
        "PUBLISH counted both participants' subscribers"
    );
    for guest in [&mut near, &mut far] {
        let got = guest
            .event(|e| matches!(e, RoomEvent::Delivered { .. }))
            .await;
        assert!(
            matches!(got, RoomEvent::Delivered { seq: 1, ref text, .. } if text == "hello room"),
            "{got:?}"
        );
    }
    assert!(
        seen.iter().any(|e| matches!(
            e,
            RoomEvent::Published {
                seq: 1,
                receivers: 2,
                ..
            }
        )),
        "the presenter is shown the count: {seen:?}"
    );
    one.stop().await;
    two.stop().await;
}

#[tokio::test]
async fn a_lock_taken_on_one_backend_shows_at_the_presenter_on_the_other() {
    let (_redis, one, two) = two_backends().await;
    let settings = RoomSettings {
        lab: shared::room::RoomLab::Lock,
        lock_ttl_ms: 30_000,
        lock_hold_ms: 60_000,
        ..RoomSettings::default()
    };
    let mut presenter = Browser::open(&one.ws_url(), settings).await;
    let mut holder = Browser::join(&two.ws_url(), &presenter.code).await;
    let mut rival = Browser::join(&one.ws_url(), &presenter.code).await;

    let acquire = holder
        .ws
        .run(LabRequest::Room(RoomRequest::Acquire { room: holder.run }))
        .await;
    let taken = presenter
        .event(|e| matches!(e, RoomEvent::Lock { .. }))
        .await;
    let busy = rival.ask(RoomRequest::Acquire { room: rival.run }).await;
    let cancel = ClientMsg::Cancel { id: acquire };
    holder
        .ws
        .send_text(serde_json::to_string(&cancel).expect("encode"))
        .await;
    let released = presenter
        .event(|e| {
            matches!(
                e,
                RoomEvent::Lock {
                    outcome: LockOutcome::Released { .. },
                    ..
                }
            )
        })
        .await;

    let RoomEvent::Lock {
        member,
        outcome,
        ran,
        ..
    } = taken
    else {
        unreachable!()
    };
    assert_eq!((member, outcome), (holder.me.n, LockOutcome::Acquired));
    let key = format!("pg:{{room-{}}}:lock", presenter.code);
    assert!(
        ran.command.starts_with(&format!("SET {key} ")) && ran.command.ends_with("NX PX 30000"),
        "{}",
        ran.command
    );
    assert_eq!(ran.reply, "OK");
    assert_eq!(reply(busy), RoomReply::Acquire { acquired: false });
    assert!(matches!(
        released,
        RoomEvent::Lock { member, outcome: LockOutcome::Released { released: true }, .. }
            if member == holder.me.n
    ));
}

#[tokio::test]
async fn participants_on_two_backends_share_one_limiter() {
    let (_redis, one, two) = two_backends().await;
    let settings = RoomSettings {
        lab: shared::room::RoomLab::Ratelimit,
        max_requests: 2,
        window_seconds: 600,
        ..RoomSettings::default()
    };
    let mut presenter = Browser::open(&one.ws_url(), settings).await;
    let mut first = Browser::join(&one.ws_url(), &presenter.code).await;
    let mut second = Browser::join(&two.ws_url(), &presenter.code).await;

    let a = reply(first.ask(RoomRequest::Send { room: first.run }).await);
    let b = reply(second.ask(RoomRequest::Send { room: second.run }).await);
    let c = reply(second.ask(RoomRequest::Send { room: second.run }).await);

    let verdicts: Vec<bool> = [a, b, c]
        .into_iter()
        .map(|r| match r {
            RoomReply::Send { allowed, .. } => allowed,
            other => panic!("expected a send reply, got {other:?}"),
        })
        .collect();
    assert_eq!(verdicts, [true, true, false], "one limit for the room");
    let mut seen = Vec::new();
    while seen.len() < 3 {
        if let RoomEvent::Decision {
            member,
            allowed,
            ran,
            ..
        } = presenter
            .event(|e| matches!(e, RoomEvent::Decision { .. }))
            .await
        {
            assert!(
                ran.iter().any(|r| r.command.starts_with("INCR pg:{room-")),
                "the fixed window's INCR decided it: {ran:?}"
            );
            seen.push((member, allowed));
        }
    }
    assert_eq!(
        seen,
        [
            (first.me.n, true),
            (second.me.n, true),
            (second.me.n, false)
        ]
    );
}

#[tokio::test]
async fn the_presenters_reset_frees_the_limiter_for_everyone() {
    let app = spawn_app().await;
    let ws_url = format!("ws://{}/ws", app.addr);
    let settings = RoomSettings {
        lab: shared::room::RoomLab::Ratelimit,
        max_requests: 1,
        window_seconds: 600,
        ..RoomSettings::default()
    };
    let mut presenter = Browser::open(&ws_url, settings).await;
    let mut guest = Browser::join(&ws_url, &presenter.code).await;
    let send = RoomRequest::Send { room: guest.run };
    reply(guest.ask(send.clone()).await);
    let denied = reply(guest.ask(send.clone()).await);

    let reset = reply(
        presenter
            .ask(RoomRequest::Reset {
                room: presenter.run,
            })
            .await,
    );

    assert!(matches!(denied, RoomReply::Send { allowed: false, .. }));
    assert_eq!(
        reset,
        RoomReply::Reset { deleted: 1 },
        "the window's counter"
    );
    guest.event(|e| *e == RoomEvent::Reset).await;
    assert!(matches!(
        reply(guest.ask(send).await),
        RoomReply::Send { allowed: true, .. }
    ));
}
