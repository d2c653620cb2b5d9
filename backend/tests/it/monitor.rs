//! `MONITOR` equals the trace, for every lab. The test attaches `MONITOR` to its private Redis, runs every
//! lab's guided demos and a room's actions through the WebSocket, and then requires that what Redis
//! executed for the sessions' connections is exactly the trace lines those sessions received: every
//! command that ran is traced, every traced command ran, and on each connection in the same order.
//!
//! What is compared, and what is left out on purpose:
//! - A `MONITOR` line is one connection's (its client address); a trace line is one session's, from one
//!   virtual client. Lines are matched by their command and arguments (long ones cut as the trace cuts
//!   them; `(redacted)` matches anything, as Redis hides passwords from `MONITOR`). A connection is tied
//!   to a virtual client by the lines that name a session's key or user and only that client sent, then
//!   every line on it must match a line of a client tied to it, in that client's order. Virtual clients
//!   that send the very same commands (the cache lab's readers) cannot be told apart by their lines, so
//!   on a connection no unique line ties, only that each line was traced is checked, not its order.
//! - Left out of `MONITOR`: commands run inside Lua (`[0 lua]`: they are the script's), the redis
//!   crate's connection handshake (`AUTH`, `HELLO`, `SELECT`, `CLIENT SETINFO`: no lab sends them),
//!   and the backend's own health probe and sweep on its shared connection (`PING`, `INFO`, and the
//!   sweep's `EXISTS` of a session's presence), which belong to no session. Presence and the limits'
//!   counters are refreshed only every so many minutes here, so that no refresh falls between a
//!   session's last trace line and the end.
//! - Left out of the trace: the `ACL` commands of a session's user, since Redis never shows admin
//!   commands to `MONITOR` (their presence is checked in `trace_origin.rs`); what a subscriber received (`(message)`, `(pmessage)`) and what the
//!   stalled subscriber read (`(read)`), which are deliveries, not commands; and the commands queued
//!   in a `MULTI` whose `EXEC` did not run them (Redis shows queued commands when `EXEC` runs them).
//! - The slow-subscriber demo runs on a private Redis of its own, which this `MONITOR` cannot see; it is
//!   not run here.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap, HashSet},
    sync::{Arc, Mutex},
    time::Duration,
};

use backend::limits::Limits as ServerLimits;

use shared::{
    LabEvent, LabRequest, Origin, RequestId, ServerMsg, TraceEntry,
    cache::{CacheRequest, Db, Source},
    console::{ConsoleEvent, ConsoleRequest, split},
    lock::{Acquire, Faults, LockParams, LockRequest, Release},
    pubsub::{Message, PubsubEvent, PubsubRequest, Subscription},
    quiz::{Choice, Question, QuizRequest},
    ratelimit::{Algorithm, Arrival, Limits, Mode, Pattern, RatelimitRequest, Traffic},
    room::{RoomEvent, RoomLab, RoomRequest, RoomSettings},
    speed::Speed,
};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
};

use crate::support::{WsClient, eventually, ping, spawn_app_with};

/// Longest argument the trace shows whole (`store::reply`'s cut).
const MAX_SHOWN: usize = 60;
/// The redis crate's connection handshake: no lab sends these.
const HANDSHAKE: &[&str] = &["AUTH", "HELLO", "SELECT", "CLIENT SETINFO"];
/// The backend's own commands on its shared connection that belong to no session: the health probe.
const BACKEND_OWN: &[&str] = &["PING", "INFO"];
/// Admin commands, which Redis never shows to `MONITOR`.
const ADMIN: &[&str] = &["ACL"];

/// One command `MONITOR` printed: the client address that sent it, and its arguments as the trace
/// would show them.
#[derive(Debug, Clone)]
struct Seen {
    addr: String,
    args: Vec<String>,
}

/// A `MONITOR` connection to the test's Redis, collecting what it prints.
struct Monitor {
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Monitor {
    /// Attaches `MONITOR` on a connection of its own (the default user's, outside the backend).
    async fn attach(port: u16) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("monitor connects");
        let (read, mut write) = stream.into_split();
        write.write_all(b"MONITOR\r\n").await.expect("MONITOR sent");
        let mut lines = BufReader::new(read).lines();
        let ok = lines.next_line().await.expect("MONITOR answers");
        assert_eq!(ok.as_deref(), Some("+OK"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let task = tokio::spawn(async move {
            let _keep_open = write;
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(one) = parse(&line) {
                    sink.lock().expect("monitor lines").push(one);
                }
            }
        });
        Self { seen, task }
    }

    fn snapshot(&self) -> Vec<Seen> {
        self.seen.lock().expect("monitor lines").clone()
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// `+1700000000.123456 [0 127.0.0.1:5000] "SET" "k" "v"`; `None` for a command run inside Lua.
fn parse(line: &str) -> Option<Seen> {
    let line = line.strip_prefix('+')?;
    let open = line.find('[')?;
    let close = open + line[open..].find(']')?;
    let (_db, addr) = line[open + 1..close].split_once(' ')?;
    if addr == "lua" {
        return None;
    }
    Some(Seen {
        addr: addr.to_owned(),
        args: unquote_all(&line[close + 1..])
            .iter()
            .map(|a| shorten(a))
            .collect(),
    })
}

/// The quoted arguments of a `MONITOR` line, unescaped (Redis prints them with `sdscatrepr`).
fn unquote_all(text: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b != b'"' {
            continue;
        }
        let mut arg = Vec::new();
        while let Some(b) = bytes.next() {
            match b {
                b'"' => break,
                b'\\' => match bytes.next() {
                    Some(b'n') => arg.push(b'\n'),
                    Some(b'r') => arg.push(b'\r'),
                    Some(b't') => arg.push(b'\t'),
                    Some(b'a') => arg.push(7),
                    Some(b'b') => arg.push(8),
                    Some(b'x') => {
                        let hex: Vec<u8> = bytes.by_ref().take(2).collect();
                        let hex = String::from_utf8_lossy(&hex).into_owned();
                        arg.push(u8::from_str_radix(&hex, 16).expect("\\x escape"));
                    }
                    Some(other) => arg.push(other),
                    None => break,
                },
                other => arg.push(other),
            }
        }
        args.push(String::from_utf8_lossy(&arg).into_owned());
    }
    args
}

/// An argument as the trace shows it: cut at [`MAX_SHOWN`] characters with an ellipsis.
fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_SHOWN {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX_SHOWN).collect();
        format!("{cut}…")
    }
}

/// The command's name, with its subcommand for the two-word ones this test names.
fn name(args: &[String]) -> String {
    let first = args.first().map(|a| a.to_uppercase()).unwrap_or_default();
    match (first.as_str(), args.get(1)) {
        ("CLIENT" | "ACL", Some(sub)) => format!("{first} {}", sub.to_uppercase()),
        _ => first,
    }
}

/// Whether a trace line and a `MONITOR` line are the same command.
fn same(traced: &[String], seen: &[String]) -> bool {
    traced.len() == seen.len()
        && traced.iter().zip(seen).enumerate().all(|(i, (t, s))| {
            (i == 0 && t.eq_ignore_ascii_case(s))
                || t == s
                || s == "(redacted)"
                || t.ends_with("(redacted)")
        })
}

/// Who a trace line is from: the session (by its index here) and the virtual client.
type Client = (usize, String);

/// One trace line to be found in `MONITOR`.
#[derive(Debug)]
struct Expected {
    client: Client,
    seq: u64,
    args: Vec<String>,
    request: Option<RequestId>,
    origin: Origin,
}

/// The trace lines that stand for commands Redis executed, per session: deliveries and reads left out,
/// and the queued commands of a `MULTI` whose `EXEC` did not run them.
fn expected(sessions: &[Vec<TraceEntry>]) -> Vec<Expected> {
    let mut out = Vec::new();
    for (session, entries) in sessions.iter().enumerate() {
        let mut by_client: BTreeMap<&str, Vec<&TraceEntry>> = BTreeMap::new();
        for e in entries {
            assert!(
                !e.reply.starts_with("(failed)"),
                "nothing fails on a healthy Redis: {e:?}"
            );
            let admin = ADMIN.iter().any(|a| e.command[0].eq_ignore_ascii_case(a));
            if !e.command[0].starts_with('(') && !admin {
                by_client.entry(&e.client).or_default().push(e);
            }
        }
        for (client, mut lines) in by_client {
            lines.sort_by_key(|e| e.seq);
            let mut queued: Vec<&TraceEntry> = Vec::new();
            let mut in_multi = false;
            for e in lines {
                let command = e.command[0].to_uppercase();
                let mut keep = vec![e];
                if command == "MULTI" {
                    in_multi = true;
                } else if in_multi && (command == "EXEC" || command == "DISCARD") {
                    in_multi = false;
                    let ran = command == "EXEC" && e.ok && !e.reply.starts_with("(nil)");
                    if ran {
                        keep = std::mem::take(&mut queued);
                        keep.push(e);
                    } else {
                        queued.clear();
                    }
                } else if in_multi {
                    queued.push(e);
                    keep.clear();
                }
                out.extend(keep.into_iter().map(|e| Expected {
                    client: (session, client.to_owned()),
                    seq: e.seq,
                    args: e.command.clone(),
                    request: e.request,
                    origin: e.origin,
                }));
            }
            assert!(queued.is_empty(), "a MULTI without EXEC on {client}");
        }
    }
    out
}

/// Matches `MONITOR`'s lines to the trace's and returns every disagreement, as sentences.
fn disagreements(seen: &[Seen], expected: &[Expected], namespaces: &[String]) -> Vec<String> {
    let shared: BTreeSet<&str> = seen
        .iter()
        .filter(|s| name(&s.args) == "INFO")
        .map(|s| s.addr.as_str())
        .collect();
    let seen: Vec<&Seen> = seen
        .iter()
        .filter(|s| {
            let name = name(&s.args);
            let handshake = HANDSHAKE.contains(&name.as_str());
            let on_shared = shared.contains(s.addr.as_str());
            let probe = on_shared && BACKEND_OWN.contains(&name.as_str());
            let sweep = on_shared
                && name == "EXISTS"
                && s.args.len() == 2
                && s.args[1].ends_with(":presence");
            !handshake && !probe && !sweep
        })
        .collect();
    let distinctive = |args: &[String]| {
        args.iter()
            .any(|a| namespaces.iter().any(|ns| a.contains(ns.as_str())))
    };

    // Connections are tied to clients by the lines only one client could have sent.
    let mut tied: HashMap<&str, BTreeSet<&Client>> = HashMap::new();
    for s in &seen {
        if !distinctive(&s.args) {
            continue;
        }
        let owners: BTreeSet<&Client> = expected
            .iter()
            .filter(|e| same(&e.args, &s.args))
            .map(|e| &e.client)
            .collect();
        if owners.len() == 1 {
            tied.entry(&s.addr).or_default().extend(owners);
        }
    }

    // Only these connections are known to carry their clients' lines: on the others (virtual clients
    // that send the very same commands, like the cache lab's readers) a line could be any of several
    // clients', so only its being traced is checked there, not its order.
    let identified: HashSet<&str> = tied.keys().copied().collect();
    let mut taken = vec![false; expected.len()];
    let mut problems = Vec::new();
    let mut last_seq: HashMap<(&str, &Client), u64> = HashMap::new();
    for s in &seen {
        let candidates = || {
            expected
                .iter()
                .enumerate()
                .filter(|(i, e)| !taken[*i] && same(&e.args, &s.args))
        };
        let on_this = tied.get(s.addr.as_str());
        let in_order = |e: &Expected| {
            e.seq
                >= last_seq
                    .get(&(s.addr.as_str(), &e.client))
                    .copied()
                    .unwrap_or(0)
        };
        let pick = candidates()
            .filter(|(_, e)| on_this.is_some_and(|t| t.contains(&e.client)) && in_order(e))
            .min_by_key(|(_, e)| e.seq)
            .or_else(|| {
                candidates()
                    .filter(|(_, e)| on_this.is_some_and(|t| t.contains(&e.client)))
                    .min_by_key(|(_, e)| e.seq)
            })
            .or_else(|| candidates().min_by_key(|(_, e)| e.seq));
        let Some((i, e)) = pick else {
            problems.push(format!(
                "ran but not traced: [{}] {}",
                s.addr,
                s.args.join(" ")
            ));
            continue;
        };
        taken[i] = true;
        tied.entry(&s.addr).or_default().insert(&e.client);
        let last = last_seq.entry((&s.addr, &e.client)).or_insert(0);
        if e.seq < *last && identified.contains(s.addr.as_str()) {
            problems.push(format!(
                "out of order on [{}]: session {} {} seq {} ran after seq {}: {}",
                s.addr,
                e.client.0,
                e.client.1,
                e.seq,
                last,
                e.args.join(" ")
            ));
        }
        *last = (*last).max(e.seq);
    }
    for (e, taken) in expected.iter().zip(taken) {
        if !taken {
            problems.push(format!(
                "traced but never ran: session {} {} seq {} (request {:?}, {:?}): {}",
                e.client.0,
                e.client.1,
                e.seq,
                e.request,
                e.origin,
                e.args.join(" ")
            ));
        }
    }
    problems
}

/// Sends `request` and reads to its reply, which must not be an error.
async fn ask(ws: &mut WsClient, request: LabRequest) -> ServerMsg {
    let id = ws.run(request.clone()).await;
    let (answer, _) = ws.answer(id).await;
    assert!(
        matches!(answer, ServerMsg::Reply { .. }),
        "{request:?} answered {answer:?}"
    );
    answer
}

/// Cancels run `id` and reads to its answer.
async fn stop(ws: &mut WsClient, id: RequestId) {
    ws.cancel(id).await;
    ws.answer(id).await;
}

/// Reads until run `id` streams an event matching `want`.
async fn event(ws: &mut WsClient, id: RequestId, want: impl Fn(&LabEvent) -> bool) -> LabEvent {
    let msg = ws
        .until(|msg| match msg {
            ServerMsg::Event { id: got, event } => *got == id && want(event),
            ServerMsg::Error { id: Some(got), .. } => *got == id,
            _ => false,
        })
        .await;
    match msg {
        ServerMsg::Event { event, .. } => event,
        other => panic!("run {id} failed: {other:?}"),
    }
}

fn limits(max_requests: u32, window_seconds: u32) -> Limits {
    Limits {
        max_requests,
        window_seconds,
    }
}

/// The rate-limit lab's four guided demos (as `frontend::labs::ratelimit::demos` sends them; the
/// course-versus-Lua replay 2 s long instead of 20, within the trace's backlog), and the
/// button's hit, peek and reset.
async fn ratelimit(ws: &mut WsClient) {
    use Algorithm::*;
    let run = |algorithms: Vec<Algorithm>, limits, mode, traffic| {
        LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms,
            limits,
            mode,
            traffic,
            speed: Speed::Normal,
        })
    };
    let pattern = |pattern| Traffic::Pattern { pattern };
    let collision = Traffic::Trace {
        arrivals: vec![
            Arrival {
                at_us: 1_000_000,
                client: 0,
            };
            8
        ],
    };
    let demos = [
        run(
            Algorithm::ALL.to_vec(),
            limits(5, 10),
            Mode::Replay,
            pattern(Pattern::BoundaryBurst),
        ),
        run(
            vec![SlidingLogCourse, SlidingLogLua],
            limits(3, 10),
            Mode::Replay,
            collision,
        ),
        run(
            vec![FixedWindow, SlidingLogCourse, SlidingLogLua],
            limits(5, 2),
            Mode::Live,
            pattern(Pattern::Concurrent {
                clients: 10,
                each: 1,
            }),
        ),
        run(
            vec![SlidingLogCourse, SlidingLogLua],
            limits(50, 1),
            Mode::Replay,
            pattern(Pattern::Poisson {
                per_second: 100,
                seconds: 2,
                seed: 14,
            }),
        ),
    ];
    for demo in demos {
        ask(ws, demo).await;
    }
    let algorithms = Algorithm::ALL.to_vec();
    for request in [
        RatelimitRequest::Hit {
            algorithms: algorithms.clone(),
            limits: limits(3, 60),
        },
        RatelimitRequest::Peek {
            algorithms,
            limits: limits(3, 60),
        },
        RatelimitRequest::Reset,
    ] {
        ask(ws, LabRequest::Ratelimit(request)).await;
    }
}

/// The lock lab's seven guided demos (as `frontend::labs::lock::demos` sends them; the contention
/// demo smaller).
async fn lock(ws: &mut WsClient) {
    let stale_holder = |release, fencing, renewal| {
        (
            LockParams {
                clients: 3,
                rounds: 1,
                timeout_secs: 1,
                retry_ms: 50,
                work_ms: 500,
                jitter_ms: 0,
                blocking: true,
                step: false,
                deadline_secs: 20,
            },
            Faults {
                pause_ms: 1200,
                release,
                fencing,
                renewal,
                ..Faults::default()
            },
        )
    };
    let demos = [
        (
            LockParams {
                clients: 2,
                rounds: 1,
                timeout_secs: 1,
                retry_ms: 50,
                work_ms: 2500,
                jitter_ms: 0,
                blocking: true,
                step: false,
                deadline_secs: 20,
            },
            Faults {
                renewal: true,
                ..Faults::default()
            },
        ),
        stale_holder(Release::Lua, false, false),
        stale_holder(Release::Del, false, false),
        stale_holder(Release::Lua, true, false),
        stale_holder(Release::Lua, false, true),
        (
            LockParams {
                clients: 3,
                rounds: 1,
                jitter_ms: 0,
                deadline_secs: 3,
                ..LockParams::default()
            },
            Faults {
                acquire: Acquire::SetnxThenExpire,
                ..Faults::default()
            },
        ),
        (
            LockParams {
                clients: 4,
                rounds: 2,
                timeout_secs: 2,
                retry_ms: 50,
                work_ms: 100,
                jitter_ms: 50,
                blocking: true,
                step: false,
                deadline_secs: 30,
            },
            Faults::default(),
        ),
    ];
    for (params, faults) in demos {
        let request = LockRequest::Run {
            params,
            faults,
            speed: Speed::Normal,
        };
        ask(ws, LabRequest::Lock(request)).await;
    }
}

/// A Pub/Sub hub of the fan-out, pattern, loss and streams demos: subscribers on a channel and on a
/// pattern, each with a stream consumer; publish, one subscriber away meanwhile, back again.
async fn pubsub(ws: &mut WsClient) {
    let on = |channels: &[&str], patterns: &[&str]| Subscription {
        channels: channels.iter().map(|c| (*c).to_owned()).collect(),
        patterns: patterns.iter().map(|p| (*p).to_owned()).collect(),
    };
    let subscribers = vec![
        on(&["user:1:notifications"], &[]),
        on(&["user:1:notifications"], &[]),
        on(&[], &["user:*:notifications"]),
    ];
    let n = subscribers.len();
    let hub = ws
        .run(LabRequest::Pubsub(PubsubRequest::Start {
            subscribers,
            streams: true,
        }))
        .await;
    for _ in 0..n {
        event(ws, hub, |e| {
            matches!(e, LabEvent::Pubsub(PubsubEvent::Subscribed { .. }))
        })
        .await;
    }
    let publish = |count| {
        LabRequest::Pubsub(PubsubRequest::Publish {
            hub,
            channel: "user:1:notifications".into(),
            message: Message::Text {
                text: "hello".into(),
            },
            count,
        })
    };
    ask(ws, publish(3)).await;
    ask(
        ws,
        LabRequest::Pubsub(PubsubRequest::Disconnect { hub, subscriber: 1 }),
    )
    .await;
    ask(ws, publish(5)).await;
    ask(
        ws,
        LabRequest::Pubsub(PubsubRequest::Reconnect { hub, subscriber: 1 }),
    )
    .await;
    ask(ws, publish(1)).await;
    stop(ws, hub).await;
}

/// Every button of the cache lab.
async fn cache(ws: &mut WsClient) {
    let db = Db { latency_ms: 1 };
    let requests = [
        CacheRequest::Views { views: 50, seed: 3 },
        CacheRequest::Warmup {
            source: Source::AccessLog {
                top_n: 5,
                zrange_rev: false,
            },
            workers: 3,
            db,
            ttl_secs: 3600,
            ttl_jitter: true,
        },
        CacheRequest::Measure {
            reads: 20,
            seed: 11,
            db,
        },
        CacheRequest::Stampede {
            keys: 3,
            readers: 4,
            ttl_secs: 1,
            ttl_jitter: false,
            lock: true,
            db: Db { latency_ms: 20 },
        },
        CacheRequest::WorkersVsPipeline {
            count: 10,
            workers: 3,
        },
        CacheRequest::Inspect { first: 1, count: 5 },
        CacheRequest::Reset,
    ];
    for request in requests {
        ask(ws, LabRequest::Cache(request)).await;
    }
}

/// Every option of every quiz question.
async fn quiz(ws: &mut WsClient) {
    for question in Question::ALL {
        for choice in [Choice::A, Choice::B, Choice::C, Choice::D] {
            let request = LabRequest::Quiz(QuizRequest::Try { question, choice });
            if request.validate().is_ok() {
                ask(ws, request).await;
            }
        }
    }
}

/// A room: the presenter opens it, a participant joins, each does what the room's buttons do, and
/// both leave.
async fn room(presenter: &mut WsClient, participant: &mut WsClient) {
    let settings = RoomSettings {
        lab: RoomLab::Lock,
        lock_ttl_ms: 2000,
        lock_hold_ms: 200,
        ..RoomSettings::default()
    };
    let open = presenter
        .run(LabRequest::Room(RoomRequest::Open {
            settings: settings.clone(),
        }))
        .await;
    let LabEvent::Room(RoomEvent::Entered { code, .. }) = event(presenter, open, |e| {
        matches!(e, LabEvent::Room(RoomEvent::Entered { .. }))
    })
    .await
    else {
        unreachable!("matched above");
    };
    let join = participant
        .run(LabRequest::Room(RoomRequest::Join {
            code,
            name: "tester".into(),
        }))
        .await;
    event(participant, join, |e| {
        matches!(e, LabEvent::Room(RoomEvent::Entered { .. }))
    })
    .await;
    let ratelimit = RoomSettings {
        lab: RoomLab::Ratelimit,
        ..settings
    };
    let room = |request| LabRequest::Room(request);
    ask(
        presenter,
        room(RoomRequest::Publish {
            room: open,
            text: "welcome".into(),
        }),
    )
    .await;
    ask(participant, room(RoomRequest::Acquire { room: join })).await;
    ask(
        presenter,
        room(RoomRequest::Configure {
            room: open,
            settings: ratelimit,
        }),
    )
    .await;
    ask(participant, room(RoomRequest::Send { room: join })).await;
    ask(presenter, room(RoomRequest::Send { room: open })).await;
    ask(presenter, room(RoomRequest::Reset { room: open })).await;
    stop(participant, join).await;
    stop(presenter, open).await;
}

/// The console: plain commands at every kind of key position, a refusal, the help, "My keys", a
/// subscription that receives a message, and a blocking command stopped while it blocks.
async fn console(ws: &mut WsClient, monitor: &Monitor) {
    let line = |text: &str| {
        LabRequest::Console(ConsoleRequest::Run {
            args: split(text).expect("splits"),
        })
    };
    for text in [
        "SET greeting hi",
        "MSET a 1 b 2",
        "EVAL \"return redis.call('GET', KEYS[1])\" 1 greeting",
        "ZUNIONSTORE out 2 a b",
        "XADD s 1-1 f v",
        "XREAD STREAMS s 0",
        "DEL a b",
        "KEYS *",
    ] {
        ask(ws, line(text)).await;
    }
    ask(
        ws,
        LabRequest::Console(ConsoleRequest::Docs {
            command: "zadd".into(),
        }),
    )
    .await;
    ask(ws, LabRequest::Console(ConsoleRequest::Keys)).await;
    let sub = ws.run(line("SUBSCRIBE news")).await;
    event(ws, sub, |e| {
        matches!(e, LabEvent::Console(ConsoleEvent::Subscribed { .. }))
    })
    .await;
    ask(ws, line("PUBLISH news hello")).await;
    event(ws, sub, |e| {
        matches!(e, LabEvent::Console(ConsoleEvent::Message { .. }))
    })
    .await;
    stop(ws, sub).await;
    let blocked = ws.run(line("BLPOP queue 0")).await;
    // Stopped once Redis has it; its trace line comes then.
    eventually("MONITOR shows the BLPOP", || {
        let seen = monitor.snapshot();
        async move { seen.iter().any(|s| s.args[0].eq_ignore_ascii_case("blpop")) }
    })
    .await;
    stop(ws, blocked).await;
}

#[tokio::test]
async fn monitor_sees_exactly_the_commands_the_trace_shows_for_every_lab() {
    let app = spawn_app_with(ServerLimits {
        presence_every: Duration::from_secs(3600),
        count_ttl: Duration::from_secs(3600),
        ..ServerLimits::default()
    })
    .await;
    let monitor = Monitor::attach(app.redis_port).await;
    let (mut learner, learner_info) = app.session().await;
    learner.record_trace();
    let (mut other, other_info) = app.session().await;
    other.record_trace();

    ask(&mut learner, ping("hello")).await;
    ratelimit(&mut learner).await;
    lock(&mut learner).await;
    pubsub(&mut learner).await;
    cache(&mut learner).await;
    quiz(&mut learner).await;
    room(&mut learner, &mut other).await;
    console(&mut learner, &monitor).await;

    // The sessions are idle from here: a last ping each marks where both streams end.
    for (ws, info) in [(&mut learner, &learner_info), (&mut other, &other_info)] {
        ask(ws, ping("monitor-end")).await;
        let marker = format!("{}ping", info.namespace);
        eventually("MONITOR shows the last ping", || {
            let seen = monitor.snapshot();
            let marker = marker.clone();
            async move {
                let set = seen.iter().rposition(|s| {
                    s.args.first().is_some_and(|a| a == "SET")
                        && s.args.get(1) == Some(&marker)
                        && s.args.get(2).is_some_and(|v| v == "monitor-end")
                });
                set.is_some_and(|at| seen[at..].iter().any(|s| s.args[0] == "TIME"))
            }
        })
        .await;
    }
    let seen = monitor.snapshot();
    let traces = [learner.take_trace(), other.take_trace()];
    let expected = expected(&traces);
    let namespaces = [
        learner_info.namespace.clone(),
        other_info.namespace.clone(),
        format!("pg-{}", learner_info.id),
        format!("pg-{}", other_info.id),
        "pg:{room-".to_owned(),
    ];
    let problems = disagreements(&seen, &expected, &namespaces);
    assert!(
        problems.is_empty(),
        "MONITOR and the trace disagree ({} of {} traced commands, {} MONITOR lines):\n{}",
        problems.len(),
        expected.len(),
        seen.len(),
        problems.join("\n")
    );
    assert!(expected.len() > 500, "every lab ran: {}", expected.len());
}

#[test]
fn monitor_lines_are_read_back_to_their_arguments() {
    let seen =
        parse(r#"+1796233173.244370 [0 127.0.0.1:53378] "eval" "a \"b\"\\c\nd\xe3\x81\x82" "0""#)
            .expect("a client's line");
    assert_eq!(seen.addr, "127.0.0.1:53378");
    assert_eq!(seen.args, ["eval", "a \"b\"\\c\ndあ", "0"]);
    assert!(parse(r#"+1796233173.244461 [0 lua] "set" "a" "b""#).is_none());
    assert_eq!(shorten(&"x".repeat(61)).chars().count(), 61);
}

#[test]
fn queued_commands_count_only_when_exec_ran_them() {
    let line = |seq, command: &[&str], reply: &str, ok| TraceEntry {
        seq,
        at_ms: 0,
        client: "client-1".into(),
        request: Some(1),
        command: command.iter().map(|c| (*c).to_owned()).collect(),
        reply: reply.into(),
        ok,
        micros: 0,
        origin: Origin::Learner,
    };
    let ran = vec![
        line(1, &["MULTI"], "OK", true),
        line(2, &["INCR", "k"], "QUEUED", true),
        line(3, &["EXEC"], "1) (integer) 1", true),
        line(4, &["MULTI"], "OK", true),
        line(5, &["INCR", "k"], "QUEUED", true),
        line(6, &["EXEC"], "(error) EXECABORT", false),
        line(7, &["(message)", "ch", "hi"], "(received)", true),
    ];
    let seqs: Vec<u64> = expected(&[ran]).iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 6]);
}
