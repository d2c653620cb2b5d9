//! One lane of one case: a script's decisions on the case's traffic, each one `EVALSHA` on the sandbox,
//! stopped past the busy-script threshold ([`run_script`]).

use std::sync::{
    Arc,
    atomic::{AtomicU32, Ordering},
};

use shared::exercise::{Decision, ScriptError};
use tokio::task::JoinSet;

use super::cases::{CONCURRENT_STEP_MS, Plan, START_MS, Traffic};
use crate::{
    labs::exercise::grading::{gives_way, run_script},
    sandbox::Sandbox,
    store::{Conn, Key, Tracer},
};

/// A script loaded on the sandbox, and the key its lane of this case decides on.
pub struct LaneScript<'a> {
    /// The SHA1 `SCRIPT LOAD` answered.
    pub sha: &'a str,
    /// `KEYS[1]`.
    pub key: Key,
    /// The request's trace.
    pub tracer: Tracer,
    /// The lane's name, which its connections are traced under (a racing client's with its number).
    pub lane: &'static str,
}

/// Runs `plan`'s traffic through `script`; the decisions come back in the order of their `now`.
pub async fn run(
    sandbox: &Arc<Sandbox>,
    script: LaneScript<'_>,
    plan: &Plan,
) -> Result<Vec<Decision>, ScriptError> {
    let mut decisions = match &plan.traffic {
        Traffic::Sequential(times) => {
            let mut conn = sandbox
                .connection(script.tracer.for_client(script.lane))
                .await
                .map_err(|_| ScriptError::SandboxLost)?;
            let mut decisions = Vec::with_capacity(times.len());
            for &at_ms in times {
                decisions.push(decide(sandbox, &mut conn, &script, plan, at_ms, 0).await?);
            }
            decisions
        }
        Traffic::Racing {
            clients,
            rounds,
            each,
        } => race(sandbox, &script, plan, (*clients, *rounds, *each)).await?,
    };
    decisions.sort_by_key(|d| (d.at_ms, d.client));
    Ok(decisions)
}

/// `clients` tasks, each on a connection of its own opened before any sends, racing round after
/// round; in a round each takes the next `now` just before its request.
async fn race(
    sandbox: &Arc<Sandbox>,
    script: &LaneScript<'_>,
    plan: &Plan,
    (clients, rounds, each): (u8, u32, u32),
) -> Result<Vec<Decision>, ScriptError> {
    let mut conns = Vec::new();
    for client in 0..clients {
        let tracer = script
            .tracer
            .for_client(&format!("{}-{client}", script.lane));
        conns.push(
            sandbox
                .connection(tracer)
                .await
                .map_err(|_| ScriptError::SandboxLost)?,
        );
    }
    let mut decisions = Vec::new();
    for round in 0..rounds {
        let clock = Arc::new(AtomicU32::new(0));
        let start = round * 2 * plan.window_ms;
        let mut tasks = JoinSet::new();
        for (client, mut conn) in std::mem::take(&mut conns).into_iter().enumerate() {
            let (sandbox, clock, plan) = (sandbox.clone(), clock.clone(), plan.clone());
            let (sha, key) = (script.sha.to_owned(), script.key.clone());
            let (tracer, lane) = (script.tracer.clone(), script.lane);
            tasks.spawn(async move {
                let script = LaneScript {
                    sha: &sha,
                    key,
                    tracer,
                    lane,
                };
                let mut decisions = Vec::new();
                for _ in 0..each {
                    let at_ms = start + clock.fetch_add(1, Ordering::Relaxed) * CONCURRENT_STEP_MS;
                    let decision =
                        decide(&sandbox, &mut conn, &script, &plan, at_ms, client as u8).await?;
                    decisions.push(decision);
                }
                Ok::<_, ScriptError>((client, conn, decisions))
            });
        }
        let mut returned = Vec::new();
        let mut first_error = None;
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ok((client, conn, mine))) => {
                    returned.push((client, conn));
                    decisions.extend(mine);
                }
                Ok(Err(e)) if gives_way(first_error.as_ref()) => first_error = Some(e),
                Ok(Err(_)) => {}
                Err(_) => {
                    first_error.get_or_insert(ScriptError::SandboxLost);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        returned.sort_by_key(|(client, _)| *client);
        conns = returned.into_iter().map(|(_, conn)| conn).collect();
    }
    Ok(decisions)
}

/// One decision at `at_ms`: one `EVALSHA`, stopped past the busy-script threshold.
async fn decide(
    sandbox: &Sandbox,
    conn: &mut Conn,
    script: &LaneScript<'_>,
    plan: &Plan,
    at_ms: u32,
    client: u8,
) -> Result<Decision, ScriptError> {
    let argv = [
        (START_MS + u64::from(at_ms)).to_string(),
        plan.limit.to_string(),
        plan.window_ms.to_string(),
    ];
    let reply: Vec<i64> = run_script(sandbox, conn, script.sha, &[&script.key], &argv).await?;
    match reply.as_slice() {
        &[allowed @ (0 | 1), remaining] => Ok(Decision {
            at_ms,
            client,
            allowed: allowed == 1,
            remaining,
        }),
        _ => Err(ScriptError::BadReply {
            reply: conn
                .last()
                .map(|(_, reply, _)| reply.clone())
                .unwrap_or_default(),
        }),
    }
}
