//! The cache exercise's grader: each case's access log and database seeded on a sandbox, the learner's
//! warm-up run once on them, and every key read back with its `PTTL`; each property is judged on what
//! Redis holds then.
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
        cache::{Case, CaseResult, Grade, Property},
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
    let sha = match grading::load(&sandbox, session, id, &[("warmup", script)]).await? {
        Ok(mut shas) => shas.pop().unwrap_or_default(),
        Err((_, error)) => return Ok(finish(not_judged(), Vec::new(), Some(error))),
    };
    let mut warmup = sandbox.connection(session.tracer(id, "warmup")).await?;
    let namespace = session.namespace();
    let mut results = Vec::new();
    for (index, case) in Case::ALL.into_iter().enumerate() {
        let plan = cases::plan(case);
        let keys = CaseKeys::new(namespace, id, index);
        let ran = run_case(&sandbox, &mut warmup, &mut reader, &sha, &keys, &plan).await?;
        let found = match ran {
            Ok(found) => found,
            Err(error) => return Ok(finish(not_judged(), results, Some(error))),
        };
        results.push(CaseResult {
            case,
            broken: judge::broken(&plan, &found),
            products: plan.products.len() as u32,
            top_n: plan.top_n,
            ttl_secs: plan.ttl_secs,
            returned: found.returned,
            rows: (!case.hidden()).then(|| judge::rows(&plan, &found)),
        });
    }
    let properties = grading::verdicts(
        &Property::ALL,
        results.iter().map(|c| (c.case, c.broken.as_slice())),
    );
    drop(sandbox);
    Ok(finish(properties, results, None))
}

/// One case's keys on the sandbox: `exercise:{id}:{index}:log`, `…:db`, and the cache keys' prefix
/// `…:product:`.
struct CaseKeys {
    log: crate::store::Key,
    db: crate::store::Key,
    prefix: String,
    /// Every key of the case starts so.
    case: String,
}

impl CaseKeys {
    fn new(namespace: &Namespace, id: RequestId, index: usize) -> Self {
        let log = grading::case_key(namespace, id, index, "log");
        let db = grading::case_key(namespace, id, index, "db");
        let prefix = grading::case_key(namespace, id, index, "product:")
            .as_str()
            .to_owned();
        let case = grading::case_key(namespace, id, index, "")
            .as_str()
            .to_owned();
        Self {
            log,
            db,
            prefix,
            case,
        }
    }
}

/// Seeds the case, runs the warm-up once (as the learner's), and reads back what it left (as the
/// playground's). The inner error is what stopped the learner's script.
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
