//! What every exercise's grading shares: the learner's scripts loaded on the sandbox, one run of a
//! script stopped past the busy-script threshold, Redis's errors read as the learner's, and the
//! verdict per property gathered from the cases.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use redis::FromRedisValue;
use shared::{
    RequestId,
    exercise::{BUSY_SCRIPT_MS, Graded, Part, PropertyVerdict, ScriptError, Status, error_line},
};

use crate::{
    error::LabError,
    sandbox::{DECISION_DEADLINE, Sandbox, Sandboxes},
    session::Session,
    store::{Conn, Key, Namespace, StoreError},
};

/// How long a client whose command met another's busy script waits before it tries again.
const BUSY_RETRY: Duration = Duration::from_millis(10);

/// A grading's clock: when it started, and how long its sandbox took to start.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    started: Instant,
    sandbox_start_ms: u32,
}

impl Clock {
    /// The grade of `properties` and `cases`, with what stopped the learner's script (and, for an
    /// exercise of several, the script it came from), timed now.
    pub fn grade<P, C, R>(
        self,
        properties: Vec<PropertyVerdict<P, C>>,
        cases: Vec<R>,
        failed: Option<(Option<Part>, ScriptError)>,
    ) -> Graded<P, C, R> {
        let (error_in, error) = match failed {
            Some((part, error)) => (part, Some(error)),
            None => (None, None),
        };
        Graded {
            properties,
            cases,
            error,
            error_in,
            sandbox_start_ms: self.sandbox_start_ms,
            graded_ms: self.started.elapsed().as_millis() as u32,
        }
    }
}

/// A grading's start: its clock, a sandbox of its own, and the playground's reading connection on it.
pub async fn open(
    session: &Session,
    id: RequestId,
    sandboxes: &Sandboxes,
) -> Result<(Clock, Arc<Sandbox>, Conn), LabError> {
    let started = Instant::now();
    let sandbox = Arc::new(sandboxes.open(session.tracer(id, "sandbox")).await?);
    let reader = sandbox
        .connection(session.tracer(id, "sandbox").playground())
        .await?;
    let clock = Clock {
        started,
        sandbox_start_ms: sandbox.started_in().as_millis() as u32,
    };
    Ok((clock, sandbox, reader))
}

/// Loads each `(lane, source)` on the sandbox, the learner's `scripts` first, then the playground's
/// own (`reference`: the course's and the fixed ones), each traced under its lane's name, and returns
/// their SHA1s in the same order. A learner's script Redis refuses ends loading: its index and what
/// Redis said. One of the playground's own that Redis refuses is the playground's fault.
pub async fn load(
    sandbox: &Sandbox,
    (session, id): (&Session, RequestId),
    scripts: &[(&'static str, &str)],
    reference: &[(&'static str, &str)],
) -> Result<Result<Vec<String>, (usize, ScriptError)>, LabError> {
    let mut shas = Vec::with_capacity(scripts.len() + reference.len());
    for (index, (lane, source)) in scripts.iter().chain(reference).enumerate() {
        let mut conn = sandbox.connection(session.tracer(id, lane)).await?;
        match conn.script_load(source).await {
            Ok(sha) => shas.push(sha),
            Err(e @ StoreError::Command(_)) if index < scripts.len() => {
                return Ok(Err((index, script_error(e))));
            }
            Err(StoreError::Command(text)) => {
                return Err(LabError::Internal(format!("{lane} did not load: {text}")));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Ok(shas))
}

/// One `EVALSHA sha numkeys key… argv…` of a loaded script, stopped (and the sandbox's script killed) past
/// [`DECISION_DEADLINE`]; a reply that does not convert to `T` is [`ScriptError::BadReply`]. While
/// another client's script keeps the sandbox busy, it tries again, as a real client would: that
/// script's own runner stops it and names it.
pub async fn run_script<T: FromRedisValue>(
    sandbox: &Sandbox,
    conn: &mut Conn,
    sha: &str,
    keys: &[&Key],
    argv: &[String],
) -> Result<T, ScriptError> {
    let deadline = tokio::time::Instant::now() + DECISION_DEADLINE;
    loop {
        match tokio::time::timeout_at(deadline, conn.evalsha_loaded(sha, keys, argv)).await {
            Ok(Err(StoreError::Command(text))) if text.starts_with("BUSY") => {
                tokio::time::sleep(BUSY_RETRY).await;
            }
            Ok(reply) => return reply.map_err(script_error),
            Err(_elapsed) => {
                sandbox.stop_runaway().await;
                return Err(too_slow());
            }
        }
    }
}

fn too_slow() -> ScriptError {
    ScriptError::TooSlow {
        limit_ms: BUSY_SCRIPT_MS,
    }
}

/// What a failed `SCRIPT LOAD` or `EVALSHA` says about the learner's script.
pub fn script_error(e: StoreError) -> ScriptError {
    match e {
        // A command while a script is busy (after the retries), or the killed script's own reply.
        StoreError::Command(text) if text.starts_with("BUSY") || text.contains("SCRIPT KILL") => {
            too_slow()
        }
        StoreError::Command(text) => ScriptError::Lua {
            line: error_line(&text),
            message: text,
        },
        StoreError::UnexpectedReply(reply) => ScriptError::BadReply { reply },
        _ => ScriptError::SandboxLost,
    }
}

/// Whether `kept`, the first error of several racing clients so far, gives way to another's: the
/// sandbox lost under one client is a consequence, and what stopped another names the cause.
pub fn gives_way(kept: Option<&ScriptError>) -> bool {
    matches!(kept, None | Some(ScriptError::SandboxLost))
}

/// The key `name` of case number `index` of request `id`: `exercise:{id}:{index}:{name}`, the shape
/// [`unexpiring_cases`] reads back.
pub fn case_key(namespace: &Namespace, id: RequestId, index: usize, name: &str) -> Key {
    namespace.key(&format!("exercise:{id}:{index}:{name}"))
}

/// The case numbers with a key the learner's scripts left without an expiry (`PTTL` -1), read back
/// on the sandbox. The keys of the lanes named in `skip` run the playground's own scripts; a key
/// that names no case (the learner's script made it up) counts against every one of the `cases`.
pub async fn unexpiring_cases(
    reader: &mut Conn,
    namespace: &Namespace,
    id: RequestId,
    skip: &[&str],
    cases: usize,
) -> Result<Vec<usize>, StoreError> {
    let prefix = namespace
        .key(&format!("exercise:{id}:"))
        .as_str()
        .to_owned();
    let mut found = Vec::new();
    for (key, pttl) in reader.every_key_pttl().await? {
        if pttl != -1 {
            continue;
        }
        let rest = key.strip_prefix(&prefix);
        if skip
            .iter()
            .any(|lane| rest.is_some_and(|r| r.contains(&format!(":{lane}"))))
        {
            continue;
        }
        match rest
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(index) => found.push(index),
            None => found.extend(0..cases),
        }
    }
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// Each of `all`'s verdicts over `cases`, each a case and the properties it broke.
pub fn verdicts<'a, P, C>(
    all: &[P],
    cases: impl Iterator<Item = (C, &'a [P])> + Clone,
) -> Vec<PropertyVerdict<P, C>>
where
    P: Copy + PartialEq + 'a,
    C: Copy,
{
    all.iter()
        .map(|&property| {
            let broken_in: Vec<C> = cases
                .clone()
                .filter(|(_, broken)| broken.contains(&property))
                .map(|(case, _)| case)
                .collect();
            PropertyVerdict {
                property,
                status: if broken_in.is_empty() {
                    Status::Held
                } else {
                    Status::Broken
                },
                broken_in,
            }
        })
        .collect()
}

/// The verdicts when a script stopped grading: its `contract` broke, nothing else was judged.
pub fn not_judged<P: Copy + PartialEq, C>(all: &[P], contract: P) -> Vec<PropertyVerdict<P, C>> {
    all.iter()
        .map(|&property| PropertyVerdict {
            property,
            status: if property == contract {
                Status::Broken
            } else {
                Status::NotJudged
            },
            broken_in: Vec::new(),
        })
        .collect()
}
