//! The rate-limit exercise's grader: the learner's script, the course's version and the fixed one run
//! on the same traffic, each lane on its own key of one sandbox; every property is judged on what the
//! sandbox returned.
//!
//! - [`cases`]: the traffic of each case; [`lane`]: one script's decisions on it; [`judge`]: the
//!   properties, as pure functions of the decisions.

pub mod cases;
pub mod judge;
pub mod lane;

use std::{sync::Arc, time::Instant};

use shared::{
    RequestId,
    exercise::{
        Case, CaseResult, Decision, Grade, Lanes, Property, PropertyVerdict, RATELIMIT_SOLUTION,
        RATELIMIT_STARTER, ScriptError, Status,
    },
};

use crate::{
    error::LabError,
    sandbox::{Sandbox, Sandboxes},
    session::Session,
    store::{Conn, Namespace, StoreError},
};
use cases::{Plan, Traffic};
use lane::{LaneScript, script_error};

/// The three scripts' SHA1s on the sandbox.
struct Loaded {
    yours: String,
    course: String,
    fixed: String,
}

/// The lanes, in the order they run in each case: the learner's first, so a runaway stops early.
const LANES: [&str; 3] = ["yours", "course", "fixed"];

/// Grades `script` for request `id` on a sandbox of its own.
pub async fn grade(
    session: &Session,
    id: RequestId,
    script: &str,
    sandboxes: &Sandboxes,
) -> Result<Grade, LabError> {
    let started = Instant::now();
    let sandbox = Arc::new(sandboxes.open(session.tracer(id, "sandbox")).await?);
    let sandbox_start_ms = sandbox.started_in().as_millis() as u32;
    let mut reader = sandbox
        .connection(session.tracer(id, "sandbox").playground())
        .await?;
    let finish = |properties, cases, error| Grade {
        properties,
        cases,
        error,
        sandbox_start_ms,
        graded_ms: started.elapsed().as_millis() as u32,
    };
    let loaded = match load(&sandbox, session, id, script).await? {
        Ok(loaded) => loaded,
        Err(error) => return Ok(finish(not_judged(), Vec::new(), Some(error))),
    };
    let calls_before = reader.command_calls("evalsha").await?;
    let namespace = session.namespace();
    let mut results = Vec::new();
    let mut decided = 0u64;
    for (index, case) in Case::ALL.into_iter().enumerate() {
        let plan = cases::plan(case);
        let mut lanes: Vec<Vec<Decision>> = Vec::new();
        for (lane, sha) in LANES
            .into_iter()
            .zip([&loaded.yours, &loaded.course, &loaded.fixed])
        {
            let script = LaneScript {
                sha,
                key: lane_key(namespace, id, index, lane),
                tracer: session.tracer(id, lane),
                lane,
            };
            match lane::run(&sandbox, script, &plan).await {
                Ok(decisions) => {
                    decided += decisions.len() as u64;
                    lanes.push(decisions);
                }
                Err(error) => return Ok(finish(not_judged(), results, Some(error))),
            }
        }
        let [yours, course, fixed] = <[Vec<Decision>; 3]>::try_from(lanes)
            .map_err(|_| LabError::Internal("a case ran without its three lanes".into()))?;
        results.push(judge_case(case, &plan, yours, course, fixed));
    }
    let round_trips = reader.command_calls("evalsha").await? - calls_before;
    let unexpiring = unexpiring_cases(&mut reader, namespace, id).await?;
    for (index, result) in results.iter_mut().enumerate() {
        if unexpiring.contains(&index) {
            result.broken.push(Property::Expires);
        }
    }
    let properties = verdicts(&results, round_trips == decided);
    drop(sandbox);
    Ok(finish(properties, results, None))
}

/// Loads the learner's script (a compile error ends grading with the line Redis named), then the
/// course's and the fixed one, each traced under its lane's name.
async fn load(
    sandbox: &Sandbox,
    session: &Session,
    id: RequestId,
    script: &str,
) -> Result<Result<Loaded, ScriptError>, StoreError> {
    let mut shas = Vec::new();
    for (lane, source) in LANES
        .into_iter()
        .zip([script, RATELIMIT_STARTER, RATELIMIT_SOLUTION])
    {
        let mut conn = sandbox.connection(session.tracer(id, lane)).await?;
        match conn.script_load(source).await {
            Ok(sha) => shas.push(sha),
            Err(e @ StoreError::Command(_)) => return Ok(Err(script_error(e))),
            Err(e) => return Err(e),
        }
    }
    match <[String; 3]>::try_from(shas) {
        Ok([yours, course, fixed]) => Ok(Ok(Loaded {
            yours,
            course,
            fixed,
        })),
        Err(_) => Err(StoreError::UnexpectedReply("three scripts loaded".into())),
    }
}

/// The key lane `lane` of case number `index` decides on.
fn lane_key(namespace: &Namespace, id: RequestId, index: usize, lane: &str) -> crate::store::Key {
    namespace.key(&format!("exercise:{id}:{index}:{lane}"))
}

/// The case numbers whose learner's keys have no expiry (`PTTL` -1), read back on the sandbox. A key outside the course's and the fixed lanes' keys that names no
/// case (the learner's script made it up) counts against every case.
async fn unexpiring_cases(
    reader: &mut Conn,
    namespace: &Namespace,
    id: RequestId,
) -> Result<Vec<usize>, StoreError> {
    let prefix = namespace
        .key(&format!("exercise:{id}:"))
        .as_str()
        .to_owned();
    let mut cases = Vec::new();
    for (key, pttl) in reader.every_key_pttl().await? {
        if pttl != -1 {
            continue;
        }
        let rest = key.strip_prefix(&prefix);
        let lane_of = |lane: &str| rest.is_some_and(|r| r.contains(&format!(":{lane}")));
        if lane_of("course") || lane_of("fixed") {
            continue;
        }
        match rest
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(index) => cases.push(index),
            None => cases.extend(0..Case::ALL.len()),
        }
    }
    cases.sort_unstable();
    cases.dedup();
    Ok(cases)
}

/// One case's properties judged on its lanes; a hidden case keeps only its verdict.
fn judge_case(
    case: Case,
    plan: &Plan,
    yours: Vec<Decision>,
    course: Vec<Decision>,
    fixed: Vec<Decision>,
) -> CaseResult {
    let mut broken = Vec::new();
    if !judge::remaining_in_range(&yours, plan.limit) {
        broken.push(Property::Contract);
    }
    if !judge::within_limit(&yours, plan.limit, plan.window_ms) {
        broken.push(Property::WithinLimit);
    }
    if !judge::not_too_strict(&yours, &fixed) {
        broken.push(Property::NotTooStrict);
    }
    let span_ms = match &plan.traffic {
        Traffic::Sequential(times) => times.last().copied().unwrap_or(0),
        Traffic::Racing { .. } => yours.iter().map(|d| d.at_ms).max().unwrap_or(0),
    };
    CaseResult {
        case,
        broken,
        limit: plan.limit,
        window_ms: plan.window_ms,
        lanes: (!case.hidden()).then_some(Lanes {
            course,
            yours,
            fixed,
            span_ms,
        }),
    }
}

/// Each property's verdict over the cases; `one_round_trip` is whether Redis counted one `EVALSHA`
/// per decision.
fn verdicts(cases: &[CaseResult], one_round_trip: bool) -> Vec<PropertyVerdict> {
    Property::ALL
        .into_iter()
        .map(|property| {
            let broken_in: Vec<Case> = if property == Property::OneRoundTrip {
                if one_round_trip {
                    Vec::new()
                } else {
                    Case::ALL.to_vec()
                }
            } else {
                cases
                    .iter()
                    .filter(|c| c.broken.contains(&property))
                    .map(|c| c.case)
                    .collect()
            };
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

/// The verdicts when the script stopped grading: its contract broke, nothing else was judged.
fn not_judged() -> Vec<PropertyVerdict> {
    Property::ALL
        .into_iter()
        .map(|property| PropertyVerdict {
            property,
            status: if property == Property::Contract {
                Status::Broken
            } else {
                Status::NotJudged
            },
            broken_in: Vec::new(),
        })
        .collect()
}
