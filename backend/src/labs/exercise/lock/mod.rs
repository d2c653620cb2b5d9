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
        lock::{Case, CaseResult, Grade, Property},
    },
};

use super::grading;
use crate::{error::LabError, sandbox::Sandboxes, session::Session};
use contender::Shas;

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
    let shas = match grading::load(&sandbox, session, id, &scripts).await? {
        Ok(shas) => match <[String; 2]>::try_from(shas) {
            Ok([acquire, release]) => Shas { acquire, release },
            Err(_) => return Err(LabError::Internal("two scripts loaded".into())),
        },
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
    for (index, case) in Case::ALL.into_iter().enumerate() {
        let plan = cases::plan(case);
        let key = grading::case_key(namespace, id, index, "lock");
        match contender::run(&sandbox, session, id, &shas, key, &plan).await {
            Ok(run) => results.push(CaseResult {
                case,
                broken: judge::broken(&run),
                clients: plan.clients,
                ttl_ms: plan.ttl_ms,
                holds: (!case.hidden()).then_some(run.holds),
                span_us: run.span_us,
            }),
            Err(failed) => return Ok(finish(not_judged(), results, Some(failed))),
        }
    }
    let unexpiring =
        grading::unexpiring_cases(&mut reader, namespace, id, &[], Case::ALL.len()).await?;
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
