//! Seeds of the structured fuzz target: one valid message of every kind the labs take.

use shared::{
    ClientMsg, LabRequest,
    cache::{CacheRequest, Db, Source},
    console::ConsoleRequest,
    lock::{Faults, LockParams, LockRequest},
    ping::PingRequest,
    pubsub::{Message, Notification, PubsubRequest, Subscription},
    quiz::{Choice, Question, QuizRequest},
    ratelimit::{Algorithm, Arrival, Limits, Mode, Pattern, RatelimitRequest, Traffic},
    room::{RoomRequest, RoomSettings},
    speed::Speed,
};

/// One valid request of every kind every lab takes, so mutations start from each shape.
pub fn seeds() -> Vec<ClientMsg> {
    let limits = Limits::default();
    let pattern = |pattern| Traffic::Pattern { pattern };
    let ratelimit_run = |mode, traffic| RatelimitRequest::Run {
        algorithms: Algorithm::ALL.to_vec(),
        limits,
        mode,
        traffic,
        // Slow motion matters to live runs only; a replay seed mutated to live gets it too.
        speed: if mode == Mode::Live {
            Speed::Half
        } else {
            Speed::Quarter
        },
    };
    let db = Db::default();
    let requests = [
        LabRequest::Ping(PingRequest { text: "hi".into() }),
        LabRequest::Ratelimit(RatelimitRequest::Hit {
            algorithms: Algorithm::ALL.to_vec(),
            limits,
        }),
        LabRequest::Ratelimit(ratelimit_run(
            Mode::Replay,
            pattern(Pattern::Poisson {
                per_second: 3,
                seconds: 20,
                seed: 9,
            }),
        )),
        LabRequest::Ratelimit(ratelimit_run(
            Mode::Live,
            pattern(Pattern::Steady {
                per_second: 5,
                seconds: 2,
            }),
        )),
        LabRequest::Ratelimit(ratelimit_run(
            Mode::Replay,
            pattern(Pattern::Bursts {
                size: 5,
                every_seconds: 2,
                count: 3,
            }),
        )),
        LabRequest::Ratelimit(ratelimit_run(Mode::Replay, pattern(Pattern::BoundaryBurst))),
        LabRequest::Ratelimit(ratelimit_run(
            Mode::Replay,
            pattern(Pattern::RetryFixed {
                per_second: 5,
                seconds: 2,
                delay_ms: 100,
                seed: 1,
            }),
        )),
        LabRequest::Ratelimit(ratelimit_run(
            Mode::Replay,
            pattern(Pattern::RetryJitter {
                per_second: 5,
                seconds: 2,
                base_ms: 100,
                seed: 1,
            }),
        )),
        LabRequest::Ratelimit(RatelimitRequest::Servers {
            servers: 2,
            limits,
            pattern: Pattern::Steady {
                per_second: 2,
                seconds: 1,
            },
        }),
        LabRequest::Ratelimit(ratelimit_run(
            Mode::Live,
            pattern(Pattern::Concurrent {
                clients: 3,
                each: 2,
            }),
        )),
        LabRequest::Ratelimit(ratelimit_run(
            Mode::Replay,
            Traffic::Trace {
                arrivals: vec![Arrival {
                    at_us: 5,
                    client: 1,
                }],
            },
        )),
        LabRequest::Ratelimit(RatelimitRequest::Peek {
            algorithms: Algorithm::ALL.to_vec(),
            limits,
        }),
        LabRequest::Ratelimit(RatelimitRequest::Reset),
        LabRequest::Lock(LockRequest::Run {
            params: LockParams::default(),
            faults: Faults::default(),
            speed: Speed::Quarter,
        }),
        LabRequest::Lock(LockRequest::Step { run: 4 }),
        LabRequest::Cache(CacheRequest::Views {
            views: 100,
            seed: 1,
        }),
        LabRequest::Cache(CacheRequest::Warmup {
            source: Source::AccessLog {
                top_n: 10,
                zrange_rev: true,
            },
            workers: 10,
            db,
            ttl_secs: 3600,
            ttl_jitter: false,
        }),
        LabRequest::Cache(CacheRequest::Warmup {
            source: Source::Range {
                first: 1,
                count: 10,
            },
            workers: 1,
            db,
            ttl_secs: 60,
            ttl_jitter: true,
        }),
        LabRequest::Cache(CacheRequest::Measure {
            reads: 100,
            seed: 1,
            db,
        }),
        LabRequest::Cache(CacheRequest::Stampede {
            keys: 3,
            readers: 10,
            ttl_secs: 5,
            ttl_jitter: false,
            lock: true,
            db,
        }),
        LabRequest::Cache(CacheRequest::WorkersVsPipeline {
            count: 100,
            workers: 4,
        }),
        LabRequest::Cache(CacheRequest::Inspect {
            first: 1,
            count: 10,
        }),
        LabRequest::Cache(CacheRequest::Reset),
        LabRequest::Quiz(QuizRequest::Try {
            question: Question::LockOption,
            choice: Choice::D,
        }),
        LabRequest::Pubsub(PubsubRequest::Start {
            subscribers: vec![Subscription {
                channels: vec!["user:1:notifications".into()],
                patterns: vec!["user:*".into()],
            }],
            streams: true,
        }),
        LabRequest::Pubsub(PubsubRequest::Publish {
            hub: 1,
            channel: "c".into(),
            message: Message::Notification(Notification {
                kind: "new_message".into(),
                from: "Alice".into(),
                content: "Hello!".into(),
            }),
            count: 1,
        }),
        LabRequest::Pubsub(PubsubRequest::Publish {
            hub: 1,
            channel: "c".into(),
            message: Message::Text { text: "hi".into() },
            count: 3,
        }),
        LabRequest::Pubsub(PubsubRequest::Disconnect {
            hub: 1,
            subscriber: 0,
        }),
        LabRequest::Pubsub(PubsubRequest::Reconnect {
            hub: 1,
            subscriber: 0,
        }),
        LabRequest::Pubsub(PubsubRequest::SlowSubscriber {
            message_bytes: 1024,
        }),
        LabRequest::Room(RoomRequest::Open {
            settings: RoomSettings::default(),
        }),
        LabRequest::Room(RoomRequest::Join {
            code: "ABCDEFGH".into(),
            name: "Ann".into(),
        }),
        LabRequest::Room(RoomRequest::Configure {
            room: 1,
            settings: RoomSettings::default(),
        }),
        LabRequest::Room(RoomRequest::Publish {
            room: 1,
            text: "hi".into(),
        }),
        LabRequest::Room(RoomRequest::Acquire { room: 1 }),
        LabRequest::Room(RoomRequest::Send { room: 1 }),
        LabRequest::Room(RoomRequest::Reset { room: 1 }),
        LabRequest::Console(ConsoleRequest::Run {
            args: vec!["SET".into(), "k".into(), "v".into()],
        }),
        LabRequest::Console(ConsoleRequest::Docs {
            command: "set".into(),
        }),
        LabRequest::Console(ConsoleRequest::Keys),
    ];
    let mut seeds: Vec<ClientMsg> = requests
        .into_iter()
        .enumerate()
        .map(|(i, request)| ClientMsg::Run {
            id: i as u64 + 1,
            request,
        })
        .collect();
    seeds.push(ClientMsg::Cancel { id: 3 });
    seeds
}
