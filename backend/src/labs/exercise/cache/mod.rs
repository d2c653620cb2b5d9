//! The cache exercise's grader: each case's access log and database seeded on a sandbox, the learner's
//! warm-up run once on them (and the course's and the fixed one on copies of the same data), and every
//! key read back with its `PTTL`; each property is judged on what Redis holds of the learner's.
//!
//! - [`cases`]: each case's products, views, N and TTL; [`judge`]: the properties, as pure functions
//!   of what was read back.

pub mod cases;
pub mod judge;

use std::collections::BTreeMap;

use shared::{
    RequestId,
    exercise::{
        PropertyVerdict, ScriptError,
        cache::{Case, CaseResult, Grade, Property, SOLUTION, STARTER},
    },
};

use super::grading;
use crate::{
    error::LabError,
    sandbox::{Sandbox, Sandboxes},
    session::Session,
    store::{Conn, Namespace},
};
use cases::Plan;
use judge::Found;

/// How long the seeded log and database live on the sandbox, in seconds: longer than any grading.
const SEED_SECS: u64 = 600;
/// The lanes, in the order they run in each case, each on keys of its own: the learner's first, so a
/// runaway stops early, then the course's code and the reference solution on the same data.
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
    let reference = [("course", STARTER), ("fixed", SOLUTION)];
    let shas =
        match grading::load(&sandbox, (session, id), &[("warmup", script)], &reference).await? {
            Ok(shas) => shas,
            Err((_, error)) => return Ok(finish(not_judged(), Vec::new(), Some(error))),
        };
    let mut conns = Vec::with_capacity(shas.len());
    for client in ["warmup", "course", "fixed"] {
        conns.push(sandbox.connection(session.tracer(id, client)).await?);
    }
    let namespace = session.namespace();
    let mut results = Vec::new();
    for (index, case) in Case::ALL.into_iter().enumerate() {
        let plan = cases::plan(case);
        let mut lanes = Vec::with_capacity(LANES.len());
        for ((lane, sha), conn) in LANES.iter().zip(&shas).zip(&mut conns) {
            let keys = CaseKeys::new(namespace, id, index, lane);
            match run_case(&sandbox, conn, &mut reader, sha, &keys, &plan).await? {
                Ok(found) => lanes.push(found),
                Err(error) if lanes.is_empty() => {
                    return Ok(finish(not_judged(), results, Some(error)));
                }
                Err(error) => return Err(LabError::Internal(format!("{lane}: {error:?}"))),
            }
        }
        let [found, course, fixed] = <[Found; 3]>::try_from(lanes)
            .map_err(|_| LabError::Internal("three lanes ran".into()))?;
        results.push(CaseResult {
            case,
            broken: judge::broken(&plan, &found),
            products: plan.products.len() as u32,
            top_n: plan.top_n,
            ttl_secs: plan.ttl_secs,
            returned: found.returned,
            rows: (!case.hidden()).then(|| judge::rows(&plan, [&found, &course, &fixed])),
        });
    }
    let properties = grading::verdicts(
        &Property::ALL,
        results.iter().map(|c| (c.case, c.broken.as_slice())),
    );
    drop(sandbox);
    Ok(finish(properties, results, None))
}

/// One lane's keys of one case on the sandbox: `exercise:{id}:{index}:{lane}:log`, `…:db`, and the
/// cache keys' prefix `…:product:`.
struct CaseKeys {
    log: crate::store::Key,
    db: crate::store::Key,
    prefix: String,
    /// Every key of the lane starts so.
    case: String,
}

impl CaseKeys {
    fn new(namespace: &Namespace, id: RequestId, index: usize, lane: &str) -> Self {
        let key = |name: &str| grading::case_key(namespace, id, index, &format!("{lane}:{name}"));
        let log = key("log");
        let db = key("db");
        let prefix = key("product:").as_str().to_owned();
        let case = key("").as_str().to_owned();
        Self {
            log,
            db,
            prefix,
            case,
        }
    }
}

/// Seeds the lane's copy of the case, runs its warm-up once, and reads back what it left (as the
/// playground's). The inner error is what stopped the script.
async fn run_case(
    sandbox: &Sandbox,
    warmup: &mut Conn,
    reader: &mut Conn,
    sha: &str,
    keys: &CaseKeys,
    plan: &Plan,
) -> Result<Result<Found, ScriptError>, LabError> {
    let database = plan.database();
    reader
        .seed(
            (&keys.log, &plan.products),
            (&keys.db, &database),
            SEED_SECS,
        )
        .await?;
    let log_before = reader.zset_read(&keys.log).await?;
    let argv = [
        plan.top_n.to_string(),
        plan.ttl_secs.to_string(),
        keys.prefix.clone(),
    ];
    let returned =
        match grading::run_script::<i64>(sandbox, warmup, sha, &[&keys.log, &keys.db], &argv).await
        {
            Ok(returned) => returned,
            Err(error) => return Ok(Err(error)),
        };
    let mut cached = BTreeMap::new();
    let mut other_unexpiring = false;
    for (key, pttl) in reader.every_key_pttl().await? {
        if let Some(product) = key.strip_prefix(&keys.prefix) {
            let value = reader.value_read(&key).await?;
            cached.insert(product.to_owned(), (pttl, value));
        } else if pttl == -1 && key.starts_with(&keys.case) {
            other_unexpiring = true;
        }
    }
    let mut seeded = database;
    seeded.sort();
    let untouched = reader.zset_read(&keys.log).await? == log_before
        && reader.hash_read(&keys.db).await? == seeded;
    Ok(Ok(Found {
        returned,
        cached,
        other_unexpiring,
        untouched,
    }))
}

/// The verdicts when the script stopped grading: the contract broke, nothing else was judged.
fn not_judged() -> Vec<PropertyVerdict<Property, Case>> {
    grading::not_judged(&Property::ALL, Property::Contract)
}
