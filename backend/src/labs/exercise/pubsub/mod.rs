//! The Pub/Sub exercise's grader: for each case, a publisher runs the learner's publish once per
//! message on a sandbox while a live subscriber listens on the channel, and a reader runs the
//! learner's read after each message it is there for, goes away, and reads once on coming back. Every
//! property is judged on what Redis delivered and returned.
//!
//! - [`cases`]: each case's messages and absences; [`judge`]: the properties, as pure functions of
//!   what was recorded.

pub mod cases;
pub mod judge;

use std::time::Duration;

use redis::Value;
use shared::{
    RequestId,
    exercise::{
        Part, PropertyVerdict, ScriptError,
        pubsub::{
            Case, CaseResult, Grade, PUBLISH_SOLUTION, PUBLISH_STARTER, Property, READ_SOLUTION,
            READ_STARTER,
        },
    },
};

use super::grading::{self, run_script};
use crate::{
    error::LabError,
    sandbox::{Sandbox, Sandboxes},
    session::Session,
    store::{Channel, Conn, Key, Namespace, StoreError},
};
use cases::Plan;
use judge::Run;

/// The learner's scripts, in the order they load; a loading error names its [`Part`].
const PARTS: [(&str, Part); 2] = [("publish", Part::Publish), ("read", Part::Read)];
/// The lanes, in the order they run in each case, each on a log and channel of its own: the learner's
/// first, then the course's code and the reference solution on the same messages.
const LANES: [&str; 3] = ["yours", "course", "fixed"];
/// How long the live subscriber may take to receive what was published, after the last publish.
const LIVE_WAIT: Duration = Duration::from_secs(2);

/// Grades `publish` and `read` for request `id` on a sandbox of its own.
pub async fn grade(
    session: &Session,
    id: RequestId,
    publish: &str,
    read: &str,
    sandboxes: &Sandboxes,
) -> Result<Grade, LabError> {
    let (clock, sandbox, mut reader) = grading::open(session, id, sandboxes).await?;
    let finish = |properties, cases, failed: Option<(Part, ScriptError)>| {
        clock.grade(
            properties,
            cases,
            failed.map(|(part, error)| (Some(part), error)),
        )
    };
    let scripts = [(PARTS[0].0, publish), (PARTS[1].0, read)];
    let reference = [
        ("course-publish", PUBLISH_STARTER),
        ("course-read", READ_STARTER),
        ("fixed-publish", PUBLISH_SOLUTION),
        ("fixed-read", READ_SOLUTION),
    ];
    let shas = match grading::load(&sandbox, (session, id), &scripts, &reference).await? {
        Ok(shas) => shas,
        Err((index, error)) => {
            return Ok(finish(
                not_judged(),
                Vec::new(),
                Some((PARTS[index].1, error)),
            ));
        }
    };
    let namespace = session.namespace();
    let mut results = Vec::new();
    let mut runs = Vec::new();
    for (index, case) in Case::ALL.into_iter().enumerate() {
        let plan = cases::plan(case);
        let mut lanes = Vec::with_capacity(LANES.len());
        for (lane, shas) in LANES.iter().zip(shas.chunks(2)) {
            let ends = Ends::new(namespace, id, index, lane);
            match run_case(&sandbox, session, id, shas, &ends, &plan).await? {
                Ok(mut run) => {
                    run.kept = reader.length_read(&ends.log).await?;
                    lanes.push(run);
                }
                Err(failed) if lanes.is_empty() => {
                    return Ok(finish(not_judged(), results, Some(failed)));
                }
                Err(failed) => return Err(LabError::Internal(format!("{lane}: {failed:?}"))),
            }
        }
        runs.push((case, plan, lanes));
    }
    let unexpiring =
        grading::unexpiring_cases(&mut reader, namespace, id, &LANES[1..], Case::ALL.len()).await?;
    for (index, (case, plan, lanes)) in runs.into_iter().enumerate() {
        let [mut run, course, fixed] = <[Run; 3]>::try_from(lanes)
            .map_err(|_| LabError::Internal("three lanes ran".into()))?;
        run.unexpiring = unexpiring.contains(&index);
        let shown = |run: &Run| (!case.hidden()).then(|| judge::fates(&plan, run));
        results.push(CaseResult {
            case,
            broken: judge::broken(&plan, &run),
            published: plan.messages,
            kept: run.kept,
            fates: shown(&run),
            course: shown(&course),
            fixed: shown(&fixed),
            out_of_order: judge::out_of_order(&plan, &run),
        });
    }
    let properties = grading::verdicts(
        &Property::ALL,
        results.iter().map(|c| (c.case, c.broken.as_slice())),
    );
    drop(sandbox);
    Ok(finish(properties, results, None))
}

/// A lane's log key and channel for one case on the sandbox, and the names its clients are traced by.
struct Ends {
    log: Key,
    channel: Channel,
    /// Prefixed by the lane's name, except the learner's.
    clients: [String; 3],
}

impl Ends {
    /// `exercise:{id}:{index}:{lane}:log` and `…:channel`.
    fn new(namespace: &Namespace, id: RequestId, index: usize, lane: &str) -> Self {
        let client = |name: &str| match lane {
            "yours" => name.to_owned(),
            lane => format!("{lane}-{name}"),
        };
        Self {
            log: grading::case_key(namespace, id, index, &format!("{lane}:log")),
            channel: namespace.channel(&format!("exercise:{id}:{index}:{lane}:channel")),
            clients: [client("live"), client("publisher"), client("reader")],
        }
    }
}

/// Runs one case: the live subscriber subscribes, the reader reads once, then each message is
/// published and read while the reader is there; then the live subscriber's messages are collected.
/// The inner error is what stopped one of the learner's scripts.
async fn run_case(
    sandbox: &Sandbox,
    session: &Session,
    id: RequestId,
    shas: &[String],
    ends: &Ends,
    plan: &Plan,
) -> Result<Result<Run, (Part, ScriptError)>, LabError> {
    let [live, publisher, reader] = &ends.clients;
    let mut live = sandbox
        .subscriber(session.tracer(id, live), &ends.channel.namespace())
        .await?;
    live.subscribe(&ends.channel).await?;
    let mut publisher = sandbox.connection(session.tracer(id, publisher)).await?;
    let mut reader = Reader {
        conn: sandbox.connection(session.tracer(id, reader)).await?,
        last: "0".to_owned(),
    };
    let mut run = Run::default();
    if let Err(error) = reader.read(sandbox, &shas[1], &ends.log, &mut run).await {
        return Ok(Err((Part::Read, error)));
    }
    for n in 1..=plan.messages {
        let argv = [ends.channel.as_str().to_owned(), plan.text(n)];
        let reply =
            run_script::<Value>(sandbox, &mut publisher, &shas[0], &[&ends.log], &argv).await;
        match reply.and_then(|value| id_of(&publisher, &value)) {
            Ok(message_id) => run.ids.push(message_id),
            Err(error) => return Ok(Err((Part::Publish, error))),
        }
        let back_at_the_end = n == plan.messages && plan.while_away(n);
        if (!plan.while_away(n) || back_at_the_end)
            && let Err(error) = reader.read(sandbox, &shas[1], &ends.log, &mut run).await
        {
            return Ok(Err((Part::Read, error)));
        }
    }
    let deadline = tokio::time::Instant::now() + LIVE_WAIT;
    while run.live.len() < plan.messages as usize {
        match tokio::time::timeout_at(deadline, live.next()).await {
            Ok(Some(delivery)) => run.live.push(delivery.payload),
            Ok(None) => return Err(StoreError::Unavailable.into()),
            Err(_) => break,
        }
    }
    Ok(Ok(run))
}

/// The reading subscriber: its connection and the id of the last message it has.
struct Reader {
    conn: Conn,
    last: String,
}

impl Reader {
    /// One run of the learner's read from the last id; what it returned joins `run.read`.
    async fn read(
        &mut self,
        sandbox: &Sandbox,
        sha: &str,
        log: &Key,
        run: &mut Run,
    ) -> Result<(), ScriptError> {
        let argv = [self.last.clone()];
        let reply: Vec<Value> = run_script(sandbox, &mut self.conn, sha, &[log], &argv).await?;
        let texts: Option<Vec<String>> = reply.iter().map(text).collect();
        let Some(texts) = texts.filter(|t| t.len() % 2 == 0) else {
            return Err(bad_reply(&self.conn));
        };
        for pair in texts.chunks(2) {
            run.read.push((pair[0].clone(), pair[1].clone()));
        }
        if let Some((last, _)) = run.read.last().filter(|_| !texts.is_empty()) {
            self.last.clone_from(last);
        }
        Ok(())
    }
}

/// A reply element as text: a string, or an integer written out.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::BulkString(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
        Value::SimpleString(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// The id a publish returned: a string or an integer.
fn id_of(conn: &Conn, value: &Value) -> Result<String, ScriptError> {
    text(value).ok_or_else(|| bad_reply(conn))
}

/// The contract broken by the last reply on `conn`, as its trace line shows it.
fn bad_reply(conn: &Conn) -> ScriptError {
    ScriptError::BadReply {
        reply: conn
            .last()
            .map(|(_, reply, _)| reply.clone())
            .unwrap_or_default(),
    }
}

/// The verdicts when a script stopped grading: the contract broke, nothing else was judged.
fn not_judged() -> Vec<PropertyVerdict<Property, Case>> {
    grading::not_judged(&Property::ALL, Property::Contract)
}
