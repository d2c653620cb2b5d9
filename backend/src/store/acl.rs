//! Redis ACL rules for session users: which commands a session may run, whether this Redis lets the
//! backend create users at all ([`Isolation`]), and the sweep of users that a crashed backend left behind.
//!
//! A session user `pg-<id>` may touch only the keys and channels of its namespaces (`~pg:{<id>}:*`,
//! `&pg:{<id>}:*`) and run only [`LAB_COMMANDS`]. The namespace prefix already keeps every key inside the
//! session; the ACL makes a bug in it harmless instead of an escape.

use std::time::Duration;

use redis::{Cmd, Value, aio::ConnectionLike};
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use super::{
    Namespace, Store,
    deployment::Deployment,
    error::{StoreError, server_error_text},
};

/// The commands labs send, and those redis-rs sends on a connection of its own. Nothing server-wide:
/// no `FLUSHALL`, `CONFIG`, `KEYS`, `MONITOR`, `DEBUG`, and no `SCAN`, which ACL key patterns cannot
/// limit (the store scans for a session on its own connection). A lab that needs a new command adds it
/// here.
pub(super) const LAB_COMMANDS: &[&str] = &[
    "ping",
    "time",
    "get",
    "set",
    "setnx",
    "setex",
    "incr",
    "decr",
    "del",
    "unlink",
    "expire",
    "pexpire",
    "ttl",
    "pttl",
    "hget",
    "hset",
    "hmget",
    "hdel",
    "hlen",
    "hvals",
    "zadd",
    "zrem",
    "zcard",
    "zcount",
    "zincrby",
    "zrange",
    "zrevrange",
    "zremrangebyscore",
    "xadd",
    "xack",
    "xpending",
    "xreadgroup",
    "xgroup|create",
    "multi",
    "exec",
    "discard",
    "eval",
    "evalsha",
    "script|load",
    "publish",
    "subscribe",
    "psubscribe",
    "unsubscribe",
    "punsubscribe",
    "pubsub|numsub",
    "pubsub|numpat",
    // Sharded Pub/Sub (Redis 7), and `HELLO`, with which a RESP3 connection (a sharded subscriber's)
    // logs in.
    "spublish",
    "ssubscribe",
    "sunsubscribe",
    "hello",
];

/// What a session user may run: [`LAB_COMMANDS`] and the commands the console offers
/// ([`shared::console::OFFERED`]: commands on one's own keys and channels), each once.
pub(super) fn allow_list() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = LAB_COMMANDS.to_vec();
    for command in shared::console::OFFERED {
        if !all.contains(command) {
            all.push(command);
        }
    }
    all
}

/// Prefix of every session user's name; the rest is the session id.
const USER_PREFIX: &str = "pg-";
/// How often users left behind by a crashed backend are looked for. They can do nothing outside their
/// session's keys meanwhile; this only keeps the user list short.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// How a session is kept to its own keys and channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Isolation {
    /// Each session's connections log in as a Redis ACL user limited to its namespace.
    Acl,
    /// Only the namespace prefix: this Redis has no ACL, or the backend's account may not create users.
    Prefix,
}

/// What [`detect`] found: the mode, why it fell back, and the allow-list this server knows.
#[derive(Debug, Clone)]
pub(super) struct Policy {
    /// The mode in force.
    pub(super) isolation: Isolation,
    /// Why ACL users are not used, as a sentence for `/healthz`; `None` under [`Isolation::Acl`].
    pub(super) fallback: Option<String>,
    /// [`allow_list`] minus those this server does not have (a newer lab on an older Redis).
    pub(super) commands: Vec<String>,
}

/// The name of the ACL user of session (or room) namespace `ns`: `pg-<id>` for `pg:{<id>}:`.
pub(super) fn user_name(ns: &Namespace) -> String {
    let id = ns
        .prefix()
        .trim_start_matches("pg:{")
        .trim_end_matches("}:");
    format!("{USER_PREFIX}{id}")
}

/// The `ACL SETUSER` line that lets `user` in with `password` (if any) onto `namespaces`. `create`
/// starts from no channels: Redis 6.2 gives a new user every channel unless told otherwise, while
/// resetting an existing user's channels would disconnect its subscribers.
pub(super) fn setuser(
    user: &str,
    password: Option<&str>,
    namespaces: &[Namespace],
    commands: &[String],
    create: bool,
) -> Cmd {
    let mut cmd = Cmd::new();
    cmd.arg("ACL").arg("SETUSER").arg(user).arg("on");
    if create {
        cmd.arg("resetchannels");
    }
    if let Some(password) = password {
        cmd.arg(format!(">{password}"));
    }
    for ns in namespaces {
        let pattern = ns.pattern("*");
        cmd.arg(format!("~{pattern}")).arg(format!("&{pattern}"));
    }
    cmd.arg("-@all");
    for command in commands {
        cmd.arg(format!("+{command}"));
    }
    cmd
}

/// Runs one bookkeeping command on the backend's own connection. Not traced: it is not a lab's, and
/// `ACL SETUSER` lines carry passwords.
pub(super) async fn admin(conn: &mut impl ConnectionLike, cmd: &Cmd) -> Result<Value, StoreError> {
    match conn.req_packed_command(cmd).await {
        Ok(Value::ServerError(e)) => Err(StoreError::Command(server_error_text(&e))),
        Ok(value) => Ok(value),
        Err(e) => Err(StoreError::from_redis(e)),
    }
}

/// Finds out whether this Redis and this account can create session users: a throwaway user is created
/// with the full rule set and deleted. Only an unreachable Redis is an error; anything else falls back to
/// [`Isolation::Prefix`] and says why.
pub(super) async fn detect(
    conn: &mut impl ConnectionLike,
    deployment: &Deployment,
) -> Result<Policy, StoreError> {
    let mut commands = known_commands(conn).await?;
    if deployment.db() != 0 {
        // redis-rs selects the URL's database on every connection it opens.
        commands.push("select".to_owned());
    }
    if deployment.is_cluster() {
        // The cluster client reads which node serves which slot on every connection it opens.
        commands.push("cluster|slots".to_owned());
    }
    let probe = format!("{USER_PREFIX}probe-{}", uuid::Uuid::new_v4().simple());
    let namespaces = [Namespace::for_session("probe")];
    let created = admin(conn, &setuser(&probe, None, &namespaces, &commands, true)).await;
    let fallback = match created {
        Ok(_) => {
            admin(conn, Cmd::new().arg("ACL").arg("DELUSER").arg(&probe)).await?;
            None
        }
        Err(StoreError::Command(text)) => Some(fallback_reason(&text)),
        Err(e) => return Err(e),
    };
    let isolation = match fallback {
        None => Isolation::Acl,
        Some(ref reason) => {
            tracing::warn!(reason = %reason, "sessions are isolated by key prefix only");
            Isolation::Prefix
        }
    };
    Ok(Policy {
        isolation,
        fallback,
        commands,
    })
}

/// The sentence `/healthz` shows for an `ACL SETUSER` that failed with `error`.
fn fallback_reason(error: &str) -> String {
    let why = if error.starts_with("NOPERM") {
        "the backend's Redis account may not run ACL SETUSER"
    } else if error.contains("unknown command") {
        "this Redis has no ACL (it is older than 6)"
    } else {
        "this Redis refused the session users' ACL rules"
    };
    format!("Sessions are kept apart by key prefix only: {why} ({error}).")
}

/// The entries of [`allow_list`] this server knows, by `COMMAND INFO` on each command's name (a
/// subcommand's container, which every Redis with ACL knows by that name).
async fn known_commands(conn: &mut impl ConnectionLike) -> Result<Vec<String>, StoreError> {
    let allowed = allow_list();
    let mut info = Cmd::new();
    info.arg("COMMAND").arg("INFO");
    for command in &allowed {
        info.arg(container(command));
    }
    let known = match admin(conn, &info).await {
        Ok(Value::Array(entries)) => entries,
        // A server without COMMAND INFO has no ACL either; detection says so next.
        Ok(_) | Err(StoreError::Command(_)) => return Ok(all_commands()),
        Err(e) => return Err(e),
    };
    Ok(allowed
        .iter()
        .zip(known)
        .filter(|(_, entry)| !matches!(entry, Value::Nil))
        .map(|(command, _)| (*command).to_owned())
        .collect())
}

fn all_commands() -> Vec<String> {
    allow_list().into_iter().map(str::to_owned).collect()
}

/// `xgroup` for `xgroup|create`.
fn container(command: &str) -> &str {
    command.split('|').next().unwrap_or(command)
}

/// Deletes every session user whose session has no open tab left anywhere (its `presence` key is gone):
/// what a crashed backend leaves behind. `ACL` commands go through `admin` (on a cluster, to every
/// node), the presence read through `keys`. Returns how many were deleted.
pub(super) async fn sweep(
    conn: &mut impl ConnectionLike,
    keys: &mut impl ConnectionLike,
) -> Result<u64, StoreError> {
    let users: Vec<String> = match admin(conn, Cmd::new().arg("ACL").arg("USERS")).await? {
        Value::Array(names) => names
            .into_iter()
            .filter_map(|v| redis::from_redis_value(v).ok())
            .collect(),
        other => return Err(StoreError::UnexpectedReply(format!("{other:?}"))),
    };
    let mut deleted = 0;
    for user in users {
        let Some(id) = session_of(&user) else {
            continue;
        };
        let presence = Namespace::for_session(id).key("presence");
        let exists = admin(keys, Cmd::new().arg("EXISTS").arg(presence.as_str())).await?;
        if matches!(exists, Value::Int(0)) {
            admin(conn, Cmd::new().arg("ACL").arg("DELUSER").arg(&user)).await?;
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// Starts the periodic [`Store::sweep_users`]; it ends when `shutdown` is cancelled.
pub(super) fn spawn_sweeper(store: &Store, shutdown: CancellationToken) {
    if store.isolation() != Isolation::Acl {
        return;
    }
    let store = store.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                _ = tick.tick() => {}
            }
            match store.sweep_users().await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, "deleted session users left behind"),
                Err(e) => tracing::warn!(error = %e, "could not sweep session users"),
            }
        }
    });
}

/// The session id of a session user's name; `None` for any other user (the probe's, an operator's).
fn session_of(user: &str) -> Option<&str> {
    let id = user.strip_prefix(USER_PREFIX)?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_user_is_named_after_its_namespace() {
        assert_eq!(user_name(&Namespace::for_session("ab12")), "pg-ab12");
    }

    #[test]
    fn the_rules_name_only_the_namespaces_and_the_allow_list() {
        let cmd = setuser(
            "pg-ab12",
            Some("secret"),
            &[Namespace::for_session("ab12")],
            &["get".to_owned(), "xgroup|create".to_owned()],
            true,
        );
        let line: Vec<String> = cmd
            .args_iter()
            .map(|a| match a {
                redis::Arg::Simple(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            line,
            [
                "ACL",
                "SETUSER",
                "pg-ab12",
                "on",
                "resetchannels",
                ">secret",
                "~pg:{ab12}:*",
                "&pg:{ab12}:*",
                "-@all",
                "+get",
                "+xgroup|create"
            ]
        );
    }

    #[test]
    fn only_session_users_are_swept() {
        assert_eq!(session_of("pg-ab12"), Some("ab12"));
        assert_eq!(session_of("pg-probe-1f2e"), None);
        assert_eq!(session_of("pg-"), None);
        assert_eq!(session_of("default"), None);
    }

    #[test]
    fn dangerous_commands_are_not_on_the_allow_list() {
        let allowed = allow_list();
        for refused in [
            "flushall",
            "flushdb",
            "config",
            "keys",
            "scan",
            "monitor",
            "debug",
            "acl",
            "client",
            "shutdown",
            "swapdb",
            "select",
            "migrate",
            "randomkey",
            "script|flush",
            "function",
            "sort",
            "dbsize",
            "info",
            "pubsub|channels",
        ] {
            assert!(!allowed.contains(&refused), "{refused}");
        }
    }
}
