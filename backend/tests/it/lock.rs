//! The distributed-lock lab against real Redis: real contenders, each fault and each fix, the invariant
//! checker, the course's guard, and cleanup.

use std::time::Duration;

use backend::{
    labs::lock::distributed_lock::DistributedLock,
    store::{Namespace, Store, trace_channel},
};
use redis::AsyncCommands;
use shared::{
    ErrorCode, LabEvent, LabReply, LabRequest, ServerMsg, TraceEntry,
    lock::{
        Acquire, ClientEvent, Faults, Happening, KeyReading, LockEvent, LockParams, LockReply,
        LockRequest, LockSummary, Release,
    },
};

use crate::support::{WsClient, eventually, spawn_app};

/// Everything a lock run sent.
struct LockOutput {
    key: String,
    events: Vec<ClientEvent>,
    readings: Vec<KeyReading>,
    /// The run's trace lines.
    traces: Vec<TraceEntry>,
    answer: ServerMsg,
}

impl LockOutput {
    fn summary(&self) -> &LockSummary {
        match &self.answer {
            ServerMsg::Reply {
                reply: LabReply::Lock(LockReply::Run(summary)),
                ..
            } => summary,
            other => panic!("expected a lock summary, got {other:?}"),
        }
    }

    fn of(&self, client: u32) -> impl Iterator<Item = &ClientEvent> {
        self.events.iter().filter(move |e| e.client == client)
    }

    /// The first client event matching `want`.
    fn find(&self, want: impl Fn(&ClientEvent) -> bool) -> &ClientEvent {
        self.events
            .iter()
            .find(|e| want(e))
            .expect("such an event happened")
    }

    /// The first key reading taken after `at_ms`.
    fn reading_after(&self, at_ms: u64) -> &KeyReading {
        self.readings
            .iter()
            .find(|r| r.at_ms > at_ms)
            .expect("a key reading after that moment")
    }
}

async fn run_lock(ws: &mut WsClient, params: LockParams, faults: Faults) -> LockOutput {
    let id = ws
        .run(LabRequest::Lock(LockRequest::Run {
            params,
            faults,
            speed: Default::default(),
        }))
        .await;
    let mut out = LockOutput {
        key: String::new(),
        events: Vec::new(),
        readings: Vec::new(),
        traces: Vec::new(),
        answer: ServerMsg::Dropped { traces: 0 },
    };
    loop {
        match ws.recv().await {
            ServerMsg::Trace { entries } => out
                .traces
                .extend(entries.into_iter().filter(|e| e.request == Some(id))),
            ServerMsg::Event {
                id: got,
                event: LabEvent::Lock(event),
            } if got == id => match event {
                LockEvent::Started { key, .. } => out.key = key,
                LockEvent::Clients { events } => out.events.extend(events),
                LockEvent::Key { readings } => out.readings.extend(readings),
            },
            msg @ (ServerMsg::Reply { id: got, .. } | ServerMsg::Error { id: Some(got), .. })
                if got == id =>
            {
                out.answer = msg;
                return out;
            }
            _ => {}
        }
    }
}

/// Three clients, one round each; the first pauses past the 1 s timeout while the other two take turns,
/// so the paused client wakes and releases during the third holder's turn.
fn stale_holder(release: Release, fencing: bool, renewal: bool) -> (LockParams, Faults) {
    let params = LockParams {
        clients: 3,
        rounds: 1,
        timeout_secs: 1,
        retry_ms: 50,
        work_ms: 500,
        jitter_ms: 0,
        blocking: true,
        step: false,
        deadline_secs: 20,
    };
    let faults = Faults {
        pause_ms: 1200,
        release,
        fencing,
        renewal,
        ..Faults::default()
    };
    (params, faults)
}

fn is_acquired(e: &ClientEvent) -> bool {
    matches!(e.what, Happening::Acquired { .. })
}

#[tokio::test]
async fn twenty_clients_fifty_rounds_without_faults_never_overlap_or_lose_an_update() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let params = LockParams {
        clients: 20,
        rounds: 50,
        timeout_secs: 10,
        retry_ms: 10,
        work_ms: 0,
        jitter_ms: 0,
        blocking: true,
        step: false,
        deadline_secs: 120,
    };
    let out = run_lock(&mut ws, params, Faults::default()).await;
    let summary = out.summary();
    assert!(summary.violations.is_empty(), "{:?}", summary.violations);
    assert_eq!(summary.acquired, 1000);
    assert_eq!(summary.expected_counter, 1000);
    assert_eq!(
        summary.counter, 1000,
        "the counter under the lock loses no update"
    );
    assert!(!summary.timed_out);
    let acquires = out.events.iter().filter(|e| is_acquired(e)).count();
    assert_eq!(acquires, 1000);
    assert!(
        !out.events
            .iter()
            .any(|e| matches!(e.what, Happening::Released { stole: true, .. })),
        "the Lua release never deletes another client's lock"
    );
}

#[tokio::test]
async fn a_holder_paused_past_the_timeout_overlaps_the_next_and_its_lua_release_is_refused() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let (params, faults) = stale_holder(Release::Lua, false, false);
    let out = run_lock(&mut ws, params, faults).await;

    let paused = out
        .find(|e| matches!(e.what, Happening::Paused { .. }))
        .client;
    let summary = out.summary();
    assert!(
        summary
            .violations
            .iter()
            .any(|v| v.clients.0 == paused || v.clients.1 == paused),
        "the paused client's overlap is reported: {:?}",
        summary.violations
    );
    assert!(summary.violations.iter().all(|v| !v.trace.is_empty()));

    let release = out.find(|e| e.client == paused && matches!(e.what, Happening::Released { .. }));
    assert_eq!(
        release.what,
        Happening::Released {
            deleted: false,
            stole: false
        },
        "the Lua release returns 0"
    );
    let after = out.reading_after(release.at_ms);
    assert!(
        after.holder.is_some_and(|h| h != paused) && after.pttl_ms > 0,
        "the new holder's key survives: {after:?}"
    );
}

#[tokio::test]
async fn a_plain_del_release_deletes_the_new_holders_lock() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let (params, faults) = stale_holder(Release::Del, false, false);
    let out = run_lock(&mut ws, params, faults).await;

    let paused = out
        .find(|e| matches!(e.what, Happening::Paused { .. }))
        .client;
    let release = out.find(|e| e.client == paused && matches!(e.what, Happening::Released { .. }));
    assert_eq!(
        release.what,
        Happening::Released {
            deleted: true,
            stole: true
        }
    );
    // What the code panel shows is what ran: the playground's GET, then a bare DEL; no MULTI.
    let client = format!("client-{paused}");
    let sent: Vec<&str> = out
        .traces
        .iter()
        .filter(|t| t.client == client)
        .map(|t| t.command[0].as_str())
        .collect();
    assert!(!sent.contains(&"MULTI"), "{sent:?}");
    assert_eq!(sent[sent.len() - 2..], ["GET", "DEL"], "{sent:?}");
    let del = out
        .traces
        .iter()
        .rfind(|t| t.client == client)
        .expect("the release's DEL");
    // A reading stamped after the DEL's reply came read the key after the DEL ran.
    let after = out.reading_after(del.at_ms + del.micros.div_ceil(1000));
    assert_eq!(
        (after.holder, after.pttl_ms),
        (None, -2),
        "the holder's lock is gone"
    );
    assert_eq!((del.command.len(), del.reply.as_str()), (2, "(integer) 1"));
}

#[test]
fn the_release_script_is_the_courses_text_verbatim() {
    let course = crate::course::read("phase3-2-advanced-features.md");
    let start = course
        .find("script = \"\"\"")
        .expect("the course's release script")
        + 12;
    let end = start + course[start..].find("\"\"\"").expect("its closing quotes");
    assert_eq!(shared::lock::scripts::RELEASE, &course[start..end]);
}

#[tokio::test]
async fn the_release_script_has_the_courses_sha1_in_redis() {
    let app = spawn_app().await;
    let course = crate::course::read("phase3-2-advanced-features.md");
    let start = course
        .find("script = \"\"\"")
        .expect("the course's release script")
        + 12;
    let end = start + course[start..].find("\"\"\"").expect("its closing quotes");
    let mut redis = app.redis().await;
    let mut shas = Vec::new();
    for text in [&course[start..end], shared::lock::scripts::RELEASE] {
        let sha: String = redis::cmd("SCRIPT")
            .arg("LOAD")
            .arg(text)
            .query_async(&mut redis)
            .await
            .expect("SCRIPT LOAD");
        shas.push(sha);
    }
    assert_eq!(shas[1], shas[0], "the lab's SHA1 is the course's");
}

#[tokio::test]
async fn fencing_rejects_the_stale_holders_write() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let (params, faults) = stale_holder(Release::Lua, true, false);
    let out = run_lock(&mut ws, params, faults).await;

    let paused = out
        .find(|e| matches!(e.what, Happening::Paused { .. }))
        .client;
    let Happening::Acquired {
        fence: Some(stale), ..
    } = out.find(|e| e.client == paused && is_acquired(e)).what
    else {
        panic!("a fenced acquire carries a fence token");
    };
    let write = out.find(|e| e.client == paused && matches!(e.what, Happening::Wrote { .. }));
    assert_eq!(
        write.what,
        Happening::Wrote {
            fence: stale,
            accepted: false
        }
    );
    assert_eq!(out.summary().writes_rejected, 1);
    assert_eq!(out.summary().writes_accepted, 2);
}

#[tokio::test]
async fn lease_renewal_keeps_a_job_longer_than_the_timeout_safe() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let params = LockParams {
        clients: 2,
        rounds: 1,
        timeout_secs: 1,
        retry_ms: 50,
        work_ms: 2500,
        jitter_ms: 0,
        blocking: true,
        step: false,
        deadline_secs: 20,
    };
    let faults = Faults {
        renewal: true,
        ..Faults::default()
    };
    let out = run_lock(&mut ws, params, faults).await;
    let summary = out.summary();
    assert!(summary.violations.is_empty(), "{:?}", summary.violations);
    assert_eq!((summary.counter, summary.expected_counter), (2, 2));
    let renewals = out
        .of(0)
        .filter(|e| e.what == Happening::Renewed { ok: true })
        .count();
    assert!(
        renewals >= 5,
        "renewed every third of the timeout: {renewals}"
    );
}

#[tokio::test]
async fn a_renewal_after_a_long_pause_finds_the_lock_gone_and_the_client_stops() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let (params, faults) = stale_holder(Release::Lua, false, true);
    let out = run_lock(&mut ws, params, faults).await;
    let paused = out
        .find(|e| matches!(e.what, Happening::Paused { .. }))
        .client;
    assert!(
        out.of(paused)
            .any(|e| e.what == Happening::Renewed { ok: false })
    );
    assert!(
        !out.of(paused)
            .any(|e| matches!(e.what, Happening::Released { .. })),
        "it neither writes nor releases"
    );
    assert_eq!(out.summary().counter, out.summary().expected_counter);
}

#[tokio::test]
async fn setnx_then_a_crash_before_expire_leaves_a_lock_that_never_expires() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let params = LockParams {
        clients: 3,
        rounds: 1,
        deadline_secs: 2,
        ..LockParams::default()
    };
    let faults = Faults {
        acquire: Acquire::SetnxThenExpire,
        ..Faults::default()
    };
    let out = run_lock(&mut ws, params, faults).await;
    let summary = out.summary();
    assert!(
        summary.lock_without_expiry && summary.timed_out,
        "{summary:?}"
    );
    assert_eq!(summary.acquired, 0);
    assert!(out.events.iter().any(|e| e.what == Happening::Crashed));
    assert!(
        out.readings.iter().any(|r| r.pttl_ms == -1),
        "PTTL -1 was read from Redis"
    );
    assert!(out.key.starts_with(&session.namespace));
    let mut redis = app.redis().await;
    assert!(
        !redis.exists::<_, bool>(&out.key).await.expect("EXISTS"),
        "the run deleted its lock"
    );
}

#[tokio::test]
async fn stopping_a_run_answers_cancelled_and_deletes_its_keys() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;
    let params = LockParams {
        clients: 4,
        rounds: 100,
        work_ms: 200,
        deadline_secs: 60,
        ..LockParams::default()
    };
    let faults = Faults {
        fencing: true,
        ..Faults::default()
    };
    let id = ws
        .run(LabRequest::Lock(LockRequest::Run {
            params,
            faults,
            speed: Default::default(),
        }))
        .await;
    ws.until(|m| matches!(m, ServerMsg::Event { event: LabEvent::Lock(LockEvent::Clients { events }), .. } if events.iter().any(is_acquired)))
        .await;
    ws.send_text(format!(r#"{{"type":"cancel","id":{id}}}"#))
        .await;
    let (answer, _) = ws.answer(id).await;
    assert!(
        matches!(answer, ServerMsg::Error { ref error, .. } if error.code == ErrorCode::Cancelled),
        "{answer:?}"
    );
    let mut redis = app.redis().await;
    let pattern = format!("{}lock:*", session.namespace);
    let left: Vec<String> = redis.keys(&pattern).await.expect("KEYS in a test Redis");
    assert!(left.is_empty(), "keys left behind: {left:?}");
}

#[tokio::test]
async fn out_of_range_parameters_name_the_field() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    for (params, field) in [
        (
            LockParams {
                clients: 0,
                ..LockParams::default()
            },
            "clients",
        ),
        (
            LockParams {
                timeout_secs: 0,
                ..LockParams::default()
            },
            "timeout_secs",
        ),
        (
            LockParams {
                work_ms: 10_001,
                ..LockParams::default()
            },
            "work_ms",
        ),
    ] {
        let out = run_lock(&mut ws, params, Faults::default()).await;
        let ServerMsg::Error { error, .. } = out.answer else {
            panic!("expected an error for {field}");
        };
        assert_eq!(
            (error.code, error.param.expect("range").field.as_str()),
            (ErrorCode::InvalidParam, field)
        );
    }
}

#[tokio::test]
async fn the_guard_releases_the_lock_when_dropped_like_the_courses_with_block() {
    let app = spawn_app().await;
    let store = Store::connect(&format!("redis://127.0.0.1:{}", app.redis_port))
        .await
        .expect("store");
    let (tracer, _sink) = trace_channel(64);
    let key = Namespace::for_session("guardtest").key("lock:resource:1");
    let lock = DistributedLock::new(
        store.dedicated(tracer.clone()).await.expect("conn"),
        key.clone(),
        30,
    );
    let mut redis = app.redis().await;

    let guard = lock
        .lock(Duration::from_millis(100))
        .await
        .expect("acquired");
    let ttl: i64 = redis.ttl(key.as_str()).await.expect("TTL");
    assert!((1..=30).contains(&ttl), "SET NX EX 30: ttl {ttl}");
    let other = DistributedLock::new(
        store.dedicated(tracer).await.expect("conn"),
        key.clone(),
        30,
    );
    drop(guard);

    eventually("the dropped guard released the lock", || {
        let mut redis = redis.clone();
        let key = key.clone();
        async move { !redis.exists::<_, bool>(key.as_str()).await.expect("EXISTS") }
    })
    .await;
    let again = other
        .lock(Duration::from_millis(100))
        .await
        .expect("free again");
    assert!(
        again.release().await.expect("release"),
        "the Lua release deletes our own lock"
    );
}

/// Sends a `Step` for `run` when `step`, then reads client events into `seen` until one matches `want`.
async fn step_until(
    ws: &mut WsClient,
    run: u64,
    step: bool,
    seen: &mut Vec<Happening>,
    want: fn(&Happening) -> bool,
) {
    if step {
        let id = ws.run(LabRequest::Lock(LockRequest::Step { run })).await;
        let (answer, _) = ws.answer(id).await;
        assert!(
            matches!(
                answer,
                ServerMsg::Reply {
                    reply: LabReply::Lock(LockReply::Stepped),
                    ..
                }
            ),
            "{answer:?}"
        );
    }
    loop {
        if let ServerMsg::Event {
            event: LabEvent::Lock(LockEvent::Clients { events }),
            ..
        } = ws.recv().await
        {
            let done = events.iter().any(|e| want(&e.what));
            seen.extend(events.into_iter().map(|e| e.what));
            if done {
                return;
            }
        }
    }
}

#[tokio::test]
async fn a_stepped_run_moves_only_when_the_browser_steps_it() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let params = LockParams {
        clients: 1,
        rounds: 1,
        work_ms: 0,
        jitter_ms: 0,
        step: true,
        ..LockParams::default()
    };
    let run = ws
        .run(LabRequest::Lock(LockRequest::Run {
            params,
            faults: Faults::default(),
            speed: Default::default(),
        }))
        .await;
    let mut seen = Vec::new();
    step_until(&mut ws, run, false, &mut seen, |h| {
        matches!(h, Happening::Waiting { .. })
    })
    .await;
    step_until(&mut ws, run, true, &mut seen, |h| {
        matches!(h, Happening::Acquired { .. })
    })
    .await;
    assert!(
        !seen.iter().any(|h| matches!(h, Happening::Released { .. })),
        "not released before the next step"
    );
    step_until(&mut ws, run, true, &mut seen, |h| {
        matches!(h, Happening::Released { .. })
    })
    .await;
    let (answer, _) = ws.answer(run).await;
    assert!(
        matches!(answer, ServerMsg::Reply { reply: LabReply::Lock(LockReply::Run(ref s)), .. } if s.acquired == 1),
        "{answer:?}"
    );
}
