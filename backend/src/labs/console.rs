//! The `console` lab: a learner's own commands, run as the session's Redis user inside its namespace.
//! A plain command runs on the session's connection; a blocking one on a connection of its own, with
//! its timeout capped, dropped when the learner stops it; a subscription on a subscriber of its own,
//! streaming messages until stopped. "My keys" and the help are the playground's own reads.

use std::time::Duration;

use shared::LabEvent;
use shared::console::{
    BLOCK_CAP_SECS, ConsoleEvent, ConsoleReply, ConsoleRequest, MAX_LISTED_KEYS, Refusal, SCRIPTS,
    command_name,
};

use super::Events;
use crate::{
    error::LabError,
    session::{KEY_TTL_SECS, Session},
    store::{Kind, Prepared, console_message, console_subscribed},
};

/// The client name of the console's own connections in the trace.
const CLIENT: &str = "console";
/// A blocking command's connection waits this much longer than the capped timeout for its reply.
const BLOCK_MARGIN: Duration = Duration::from_secs(5);

/// Runs one console request; `req` is already validated.
pub async fn run(
    session: &Session,
    events: Events,
    req: ConsoleRequest,
) -> Result<ConsoleReply, LabError> {
    let id = events.id();
    let ns = session.namespace();
    let mut conn = session.conn(id);
    match req {
        ConsoleRequest::Docs { command } => {
            let command = command.to_lowercase();
            let docs = conn.console_docs(&command).await?;
            Ok(ConsoleReply::Docs { command, docs })
        }
        ConsoleRequest::Keys => {
            let (keys, more) = conn.console_keys(ns, MAX_LISTED_KEYS).await?;
            Ok(ConsoleReply::Keys { keys, more })
        }
        ConsoleRequest::Run { args } => {
            let command = args.first().map(|a| a.to_uppercase()).unwrap_or_default();
            if !session.has_acl_user() && SCRIPTS.contains(&command_name(&args).as_str()) {
                let refusal = Refusal::NeedsAcl;
                return Ok(ConsoleReply::Refused { command, refusal });
            }
            let prepared = match conn.console_prepare(ns, args).await? {
                Ok(prepared) => prepared,
                Err(refusal) => return Ok(ConsoleReply::Refused { command, refusal }),
            };
            match prepared.kind {
                Kind::Plain => {
                    let (reply, ok) = conn.console_run(ns, &prepared, KEY_TTL_SECS).await?;
                    Ok(ConsoleReply::Ran {
                        sent: prepared.sent,
                        reply,
                        ok,
                    })
                }
                Kind::Blocking => blocking(session, &events, prepared).await,
                Kind::Subscribe { .. } => subscribe(session, &events, prepared).await,
            }
        }
    }
}

/// Runs a blocking command on a connection of its own; stopping drops it, which ends the command.
async fn blocking(
    session: &Session,
    events: &Events,
    prepared: Prepared,
) -> Result<ConsoleReply, LabError> {
    let wait = Duration::from_secs(BLOCK_CAP_SECS) + BLOCK_MARGIN;
    let mut conn = session.blocking_conn(events.id(), CLIENT, wait).await?;
    let ns = session.namespace();
    let ran = tokio::select! {
        ran = conn.console_run(ns, &prepared, KEY_TTL_SECS) => Some(ran?),
        () = events.cancelled() => None,
    };
    // Dropping the connection ends a command still blocking on Redis.
    drop(conn);
    Ok(match ran {
        Some((reply, ok)) => ConsoleReply::Ran {
            sent: prepared.sent,
            reply,
            ok,
        },
        None => ConsoleReply::Stopped {
            sent: prepared.sent,
        },
    })
}

/// Subscribes a subscriber of its own and streams what it receives until stopped.
async fn subscribe(
    session: &Session,
    events: &Events,
    prepared: Prepared,
) -> Result<ConsoleReply, LabError> {
    let Kind::Subscribe { patterns, channels } = &prepared.kind else {
        return Err(LabError::Internal("not a subscription".into()));
    };
    let ns = session.namespace();
    let mut subscriber = session.subscriber(events.id(), CLIENT).await?;
    let kind = if *patterns { "psubscribe" } else { "subscribe" };
    let mut confirmed = Vec::new();
    for channel in channels {
        if *patterns {
            subscriber.psubscribe(channel).await?;
        } else {
            subscriber.subscribe(channel).await?;
        }
        confirmed.push(console_subscribed(kind, channel, ns));
    }
    events
        .send(LabEvent::Console(ConsoleEvent::Subscribed {
            sent: prepared.sent.clone(),
            reply: confirmed.join("\n"),
        }))
        .await;
    loop {
        tokio::select! {
            got = subscriber.next() => match got {
                Some(delivery) => {
                    let text = console_message(&delivery, ns);
                    events.send(LabEvent::Console(ConsoleEvent::Message { text })).await;
                }
                None => return Err(crate::store::StoreError::Unavailable.into()),
            },
            () = events.cancelled() => return Ok(ConsoleReply::Stopped { sent: prepared.sent }),
        }
    }
}
