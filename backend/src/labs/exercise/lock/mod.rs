//! The lock exercise's grader: the learner's acquire and release, run by contenders on a sandbox with
//! the lock lab's faults, each case on a lock key of its own; every property is judged on what the
//! sandbox returned and when.
//!
//! - [`cases`]: each case's contenders and faults; [`contender`]: the clients' rounds, recorded;
//!   [`judge`]: the properties, as pure functions of what was recorded.

pub mod cases;
pub mod contender;
pub mod judge;

use shared::{
    RequestId,
    exercise::{
        Part, PropertyVerdict, ScriptError,
        lock::{
            ACQUIRE_SOLUTION, ACQUIRE_STARTER, Case, CaseResult, Grade, Lane, Property,
            RELEASE_SOLUTION, RELEASE_STARTER,
        },
    },
};

use super::grading;
use crate::{error::LabError, sandbox::Sandboxes, session::Session};
use contender::Shas;

/// The lanes, in the order they run in each case, and the prefix of their clients' names: the
/// learner's first, then the course's code and the reference solution under the same plan.
const LANES: [(&str, &str); 3] = [("yours", ""), ("course", "course-"), ("fixed", "fixed-")];
/// The learner's scripts, in the order they load; a loading error names its [`Part`].
const PARTS: [(&str, Part); 2] = [("acquire", Part::Acquire), ("release", Part::Release)];

/// Grades `acquire` and `release` for request `id` on a sandbox of its own.
pub async fn grade(
    session: &Session,
    id: RequestId,
    acquire: &str,
    release: &str,
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
    let scripts = [(PARTS[0].0, acquire), (PARTS[1].0, release)];
    let reference = [
        ("course-acquire", ACQUIRE_STARTER),
        ("course-release", RELEASE_STARTER),
        ("fixed-acquire", ACQUIRE_SOLUTION),
        ("fixed-release", RELEASE_SOLUTION),
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
    let lanes: Vec<Shas> = shas
        .chunks(2)
        .map(|pair| Shas {
            acquire: pair[0].clone(),
            release: pair[1].clone(),
        })
        .collect();
    let namespace = session.namespace();
    let mut results = Vec::new();
    for (index, case) in Case::ALL.into_iter().enumerate() {
        let plan = cases::plan(case);
        let mut runs = Vec::with_capacity(LANES.len());
        for ((lane, names), shas) in LANES.iter().zip(&lanes) {
            let key = grading::case_key(namespace, id, index, &format!("{lane}:lock"));
            match contender::run(&sandbox, (session, id, names), shas, key, &plan).await {
                Ok(run) => runs.push(run),
                Err(failed) if runs.is_empty() => {
                    return Ok(finish(not_judged(), results, Some(failed)));
                }
                Err(failed) => return Err(LabError::Internal(format!("{lane}: {failed:?}"))),
            }
        }
        let mut runs = runs.into_iter();
        let (Some(run), Some(course), Some(fixed)) = (runs.next(), runs.next(), runs.next()) else {
            return Err(LabError::Internal("three lanes ran".into()));
        };
        let beside = |run: contender::CaseRun| {
            (!case.hidden()).then_some(Lane {
                holds: run.holds,
                span_us: run.span_us,
            })
        };
        results.push(CaseResult {
            case,
            broken: judge::broken(&run),
            clients: plan.clients,
            ttl_ms: plan.ttl_ms,
            holds: (!case.hidden()).then_some(run.holds),
            span_us: run.span_us,
            course: beside(course),
            fixed: beside(fixed),
        });
    }
    let skip = ["course", "fixed"];
    let unexpiring =
        grading::unexpiring_cases(&mut reader, namespace, id, &skip, Case::ALL.len()).await?;
    for (index, result) in results.iter_mut().enumerate() {
        if unexpiring.contains(&index) && !result.broken.contains(&Property::Expires) {
            result.broken.push(Property::Expires);
        }
    }
    let properties = grading::verdicts(
        &Property::ALL,
        results.iter().map(|c| (c.case, c.broken.as_slice())),
    );
    drop(sandbox);
    Ok(finish(properties, results, None))
}

/// The verdicts when a script stopped grading: the contract broke, nothing else was judged.
fn not_judged() -> Vec<PropertyVerdict<Property, Case>> {
    grading::not_judged(&Property::ALL, Property::Contract)
}
