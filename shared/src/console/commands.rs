//! Which commands the console offers, and why it refuses the others. The backend enforces this list
//! (and the session user's ACL allows exactly these, besides the labs' own); the browser completes
//! command names from it.

use serde::{Deserialize, Serialize};

/// Longest a blocking command may block in the console, in seconds: a longer or endless timeout is
/// replaced by this one, and the command can be stopped before.
pub const BLOCK_CAP_SECS: u64 = 10;

/// The commands the console runs, lower-case; a container's subcommand as `container|sub`. Only
/// commands on one's own keys and channels, and a few that touch nothing (`PING`, `ECHO`, `TIME`).
pub const OFFERED: &[&str] = &[
    // Connection and server, harmless.
    "ping",
    "echo",
    "time",
    "wait",
    // Keys.
    "del",
    "unlink",
    "exists",
    "type",
    "touch",
    "rename",
    "renamenx",
    "copy",
    "expire",
    "pexpire",
    "expireat",
    "pexpireat",
    "expiretime",
    "pexpiretime",
    "persist",
    "ttl",
    "pttl",
    "object|encoding",
    // Strings.
    "get",
    "set",
    "setnx",
    "setex",
    "psetex",
    "getset",
    "getdel",
    "getex",
    "mget",
    "mset",
    "msetnx",
    "append",
    "strlen",
    "getrange",
    "setrange",
    "incr",
    "incrby",
    "incrbyfloat",
    "decr",
    "decrby",
    "setbit",
    "getbit",
    "bitcount",
    "bitpos",
    // Hashes.
    "hset",
    "hsetnx",
    "hget",
    "hmget",
    "hmset",
    "hdel",
    "hlen",
    "hkeys",
    "hvals",
    "hgetall",
    "hexists",
    "hincrby",
    "hincrbyfloat",
    "hstrlen",
    "hrandfield",
    "hscan",
    // Lists.
    "lpush",
    "rpush",
    "lpushx",
    "rpushx",
    "lpop",
    "rpop",
    "llen",
    "lrange",
    "lindex",
    "lset",
    "lrem",
    "ltrim",
    "linsert",
    "lpos",
    "lmove",
    "lmpop",
    "rpoplpush",
    "blpop",
    "brpop",
    "blmove",
    "blmpop",
    "brpoplpush",
    // Sets.
    "sadd",
    "srem",
    "smembers",
    "sismember",
    "smismember",
    "scard",
    "spop",
    "srandmember",
    "smove",
    "sinter",
    "sintercard",
    "sunion",
    "sdiff",
    "sinterstore",
    "sunionstore",
    "sdiffstore",
    "sscan",
    // Sorted sets.
    "zadd",
    "zrem",
    "zcard",
    "zcount",
    "zscore",
    "zmscore",
    "zincrby",
    "zrank",
    "zrevrank",
    "zrange",
    "zrevrange",
    "zrangebyscore",
    "zrevrangebyscore",
    "zrangebylex",
    "zlexcount",
    "zrangestore",
    "zremrangebyscore",
    "zremrangebyrank",
    "zpopmin",
    "zpopmax",
    "zmpop",
    "bzpopmin",
    "bzpopmax",
    "bzmpop",
    "zrandmember",
    "zunion",
    "zinter",
    "zdiff",
    "zunionstore",
    "zinterstore",
    "zdiffstore",
    "zscan",
    // Streams.
    "xadd",
    "xlen",
    "xrange",
    "xrevrange",
    "xdel",
    "xtrim",
    "xread",
    "xreadgroup",
    "xack",
    "xpending",
    "xclaim",
    "xautoclaim",
    "xgroup|create",
    "xgroup|createconsumer",
    "xgroup|delconsumer",
    "xgroup|destroy",
    "xgroup|setid",
    "xinfo|stream",
    "xinfo|groups",
    "xinfo|consumers",
    // HyperLogLog.
    "pfadd",
    "pfcount",
    "pfmerge",
    // Scripts: they reach only the keys they are given, by ACL.
    "eval",
    "evalsha",
    "eval_ro",
    "evalsha_ro",
    "script|load",
    "script|exists",
    // Pub/Sub, on the session's channels.
    "publish",
    "subscribe",
    "psubscribe",
    "pubsub|numsub",
];

/// The commands that may block, and so run on a connection of their own (`XREAD` and `XREADGROUP` only
/// with `BLOCK`).
pub const BLOCKING: &[&str] = &[
    "blpop",
    "brpop",
    "blmove",
    "brpoplpush",
    "blmpop",
    "bzpopmin",
    "bzpopmax",
    "bzmpop",
    "wait",
    "xread",
    "xreadgroup",
];

/// Whether `args` runs on a connection of its own: a subscription, or a command that may block.
pub fn own_connection(args: &[String]) -> bool {
    let name = command_name(args);
    match name.as_str() {
        "subscribe" | "psubscribe" => true,
        "xread" | "xreadgroup" => args.iter().any(|a| a.eq_ignore_ascii_case("block")),
        _ => BLOCKING.contains(&name.as_str()),
    }
}

/// Why the console refuses a command. The browser says it in the learner's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// It reaches every key, every client or the server itself (`KEYS`, `SCAN`, `FLUSHALL`, `CONFIG`,
    /// `MONITOR` …): other people's data, or everyone's server.
    ServerWide,
    /// It changes the state of a connection the session's labs share (`SELECT`, `MULTI`, `AUTH` …).
    Connection,
    /// A script, which may name any key, on a Redis where sessions are kept apart by the key prefix
    /// alone (no ACL user to stop it).
    NeedsAcl,
    /// A command the console does not offer: none of the above, but not one the playground vouches
    /// for either (or not a Redis command at all).
    NotOffered,
}

/// Commands refused as [`Refusal::ServerWide`] (containers by their name: every subcommand).
const SERVER_WIDE: &[&str] = &[
    "keys",
    "scan",
    "randomkey",
    "dbsize",
    "flushall",
    "flushdb",
    "swapdb",
    "move",
    "migrate",
    "monitor",
    "config",
    "debug",
    "shutdown",
    "acl",
    "client",
    "info",
    "save",
    "bgsave",
    "bgrewriteaof",
    "lastsave",
    "replicaof",
    "slaveof",
    "sync",
    "psync",
    "failover",
    "module",
    "latency",
    "slowlog",
    "memory",
    "cluster",
    "function",
    "fcall",
    "fcall_ro",
    "script",
    "pubsub",
    "sort",
    "sort_ro",
    "object",
    "lolwut",
    "role",
    "command",
];

/// Commands refused as [`Refusal::Connection`].
const CONNECTION: &[&str] = &[
    "select",
    "multi",
    "exec",
    "discard",
    "watch",
    "unwatch",
    "auth",
    "hello",
    "reset",
    "quit",
    "readonly",
    "readwrite",
    "unsubscribe",
    "punsubscribe",
    "ssubscribe",
    "sunsubscribe",
];

/// The name the console's lists know `args` by: the command lower-cased, and for a container of an
/// offered subcommand (`XGROUP`, `SCRIPT` …) `container|sub`.
pub fn command_name(args: &[String]) -> String {
    let first = args.first().map(|a| a.to_lowercase()).unwrap_or_default();
    let container = format!("{first}|");
    match args.get(1) {
        Some(sub) if OFFERED.iter().any(|o| o.starts_with(&container)) => {
            format!("{container}{}", sub.to_lowercase())
        }
        _ => first,
    }
}

/// The commands that run a script, which may name keys the console cannot see.
pub const SCRIPTS: &[&str] = &["eval", "evalsha", "eval_ro", "evalsha_ro"];

/// Why `name` (as [`command_name`] gives it) is refused, or `None` if it is offered. Decided by name
/// alone, so a refused command reaches nothing.
pub fn refusal(name: &str) -> Option<Refusal> {
    if OFFERED.contains(&name) {
        return None;
    }
    let container = name.split('|').next().unwrap_or(name);
    Some(if SERVER_WIDE.contains(&container) {
        Refusal::ServerWide
    } else if CONNECTION.contains(&container) {
        Refusal::Connection
    } else {
        Refusal::NotOffered
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_commands_are_refused_with_their_reason() {
        for name in [
            "keys",
            "scan",
            "flushall",
            "flushdb",
            "monitor",
            "config|get",
            "debug",
            "shutdown",
            "acl|list",
            "client|list",
            "swapdb",
            "migrate",
            "randomkey",
            "script|flush",
            "function|list",
            "pubsub|channels",
        ] {
            assert_eq!(refusal(name), Some(Refusal::ServerWide), "{name}");
        }
        assert_eq!(refusal("select"), Some(Refusal::Connection));
        assert_eq!(refusal("multi"), Some(Refusal::Connection));
        assert_eq!(refusal("nosuch"), Some(Refusal::NotOffered));
        assert_eq!(refusal("geoadd"), Some(Refusal::NotOffered));
        assert_eq!(refusal("script|load"), None);
        assert_eq!(refusal("zrange"), None);
    }

    #[test]
    fn a_container_is_named_with_its_subcommand() {
        let args = |line: &[&str]| line.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            command_name(&args(&["XGROUP", "CREATE", "s", "g", "$"])),
            "xgroup|create"
        );
        assert_eq!(command_name(&args(&["Script", "Flush"])), "script|flush");
        assert_eq!(command_name(&args(&["GET", "k"])), "get");
        assert_eq!(command_name(&args(&["CONFIG", "GET", "*"])), "config");
        assert_eq!(
            refusal(&command_name(&args(&["SCRIPT", "FLUSH"]))),
            Some(Refusal::ServerWide)
        );
    }

    #[test]
    fn nothing_offered_is_also_refused() {
        for name in OFFERED {
            assert_eq!(refusal(name), None, "{name}");
        }
    }
}
