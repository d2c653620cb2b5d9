//! The rate-limit exercise's grader: the learner's script, the course's version and the fixed one run
//! on the same traffic, each lane on its own key of one sandbox; every property is judged on what the
//! sandbox returned.
//!
//! - [`cases`]: the traffic of each case; [`lane`]: one script's decisions on it; [`judge`]: the
//!   properties, as pure functions of the decisions.

pub mod cases;
pub mod judge;
pub mod lane;

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
    store::Namespace,
};
use cases::{Plan, Traffic};
use lane::LaneScript;

use super::grading;

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
    let (clock, sandbox, mut reader) = grading::open(session, id, sandboxes).await?;
    let finish = |properties, cases, error: Option<ScriptError>| {
        clock.grade(properties, cases, error.map(|error| (None, error)))
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
    let unexpiring = grading::unexpiring_cases(
        &mut reader,
        namespace,
        id,
        &["course", "fixed"],
        Case::ALL.len(),
    )
    .await?;
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
) -> Result<Result<Loaded, ScriptError>, LabError> {
    let reference = [
        (LANES[1], RATELIMIT_STARTER),
        (LANES[2], RATELIMIT_SOLUTION),
    ];
    match grading::load(sandbox, (session, id), &[(LANES[0], script)], &reference).await? {
        Ok(shas) => match <[String; 3]>::try_from(shas) {
            Ok([yours, course, fixed]) => Ok(Ok(Loaded {
                yours,
                course,
                fixed,
            })),
            Err(_) => Err(LabError::Internal("three scripts loaded".into())),
        },
        Err((_, error)) => Ok(Err(error)),
    }
}

/// The key lane `lane` of case number `index` decides on.
fn lane_key(namespace: &Namespace, id: RequestId, index: usize, lane: &str) -> crate::store::Key {
    grading::case_key(namespace, id, index, lane)
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
fn verdicts(cases: &[CaseResult], one_round_trip: bool) -> Vec<PropertyVerdict<Property, Case>> {
    let mut verdicts = grading::verdicts(
        &Property::ALL,
        cases.iter().map(|c| (c.case, c.broken.as_slice())),
    );
    for verdict in &mut verdicts {
        if verdict.property == Property::OneRoundTrip && !one_round_trip {
            verdict.status = Status::Broken;
            verdict.broken_in = Case::ALL.to_vec();
        }
    }
    verdicts
}

/// The verdicts when the script stopped grading: its contract broke, nothing else was judged.
fn not_judged() -> Vec<PropertyVerdict<Property, Case>> {
    grading::not_judged(&Property::ALL, Property::Contract)
}
