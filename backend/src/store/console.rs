//! The console's commands: a typed line made ready to send ([`Conn::console_prepare`]: refused by name,
//! or its keys and channels put into the session's namespace where Redis's key specs say they are, a
//! blocking timeout capped), run and printed as redis-cli prints it ([`Conn::console_run`]), the help
//! from `COMMAND DOCS`, and "My keys". Key specs are asked once per command and kept for the process.

use std::{
    collections::HashMap,
    sync::{Arc, LazyLock, Mutex},
};

use redis::Value;
use shared::console::{BLOCK_CAP_SECS, CommandDocs, Refusal, command_name, refusal};

use super::{
    Channel, Delivery, Namespace, StoreError,
    conn::Conn,
    keyspec::{CommandSpec, field, pairs, strings, text},
    reply::cli,
};

/// Each command's key specs, by [`command_name`], as this Redis described them; `None` for a name it
/// does not know. A std mutex: nothing awaits while it is held.
static SPECS: LazyLock<Mutex<HashMap<String, Option<Arc<CommandSpec>>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// A typed line made ready to send.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// What is sent: keys and channels inside the namespace, a blocking timeout capped.
    pub sent: Vec<String>,
    /// How it runs.
    pub kind: Kind,
    /// The keys it may write, which get an expiry if they have none.
    written: Vec<String>,
}

/// How a prepared command runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// One reply, at once.
    Plain,
    /// It may block (up to [`BLOCK_CAP_SECS`]): on a connection of its own that stopping can drop.
    Blocking,
    /// `SUBSCRIBE` or (`patterns`) `PSUBSCRIBE` to these channels: messages until stopped.
    Subscribe {
        /// Whether the names are patterns.
        patterns: bool,
        /// The channels or patterns, inside the namespace.
        channels: Vec<Channel>,
    },
}

/// Where a blocking command's timeout is, and in which unit.
enum Timeout {
    /// The last argument, in seconds.
    LastSecs,
    /// The first argument after the command, in seconds.
    FirstSecs,
    /// The last argument, in milliseconds.
    LastMillis,
    /// After the `BLOCK` keyword, in milliseconds; without it the command does not block.
    BlockMillis,
}

fn timeout_of(name: &str) -> Option<Timeout> {
    Some(match name {
        "blpop" | "brpop" | "blmove" | "brpoplpush" | "bzpopmin" | "bzpopmax" => Timeout::LastSecs,
        "blmpop" | "bzmpop" => Timeout::FirstSecs,
        "wait" => Timeout::LastMillis,
        "xread" | "xreadgroup" => Timeout::BlockMillis,
        _ => return None,
    })
}

/// `args` with the timeout at `at` capped at [`BLOCK_CAP_SECS`] (`per_sec` units a second): an
/// endless (0) or longer one replaced. Text that is no number is left for Redis to refuse.
fn cap(args: &mut [String], at: usize, per_sec: u64) {
    let limit = BLOCK_CAP_SECS * per_sec;
    if let Some(arg) = args.get_mut(at)
        && let Ok(value) = arg.parse::<f64>()
        && (value == 0.0 || value > limit as f64)
    {
        *arg = limit.to_string();
    }
}

impl Conn {
    /// Makes `args` (keys without the namespace) ready to send inside `ns`, or says why the console
    /// refuses it. Only a command the console offers reaches Redis, and only to ask its key specs
    /// (`COMMAND INFO`, once per command, traced as the playground's).
    pub async fn console_prepare(
        &mut self,
        ns: &Namespace,
        args: Vec<String>,
    ) -> Result<Result<Prepared, Refusal>, StoreError> {
        let name = command_name(&args);
        if let Some(refused) = refusal(&name) {
            return Ok(Err(refused));
        }
        let Some(spec) = self.command_spec(&name).await? else {
            return Ok(Err(Refusal::NotOffered));
        };
        let mut sent = args;
        let prefix = |arg: &mut String| *arg = ns.key(arg).to_string();
        let kind = match name.as_str() {
            // Without a channel it is Redis's arity error, at once.
            "subscribe" | "psubscribe" if sent.len() > 1 => Kind::Subscribe {
                patterns: name == "psubscribe",
                channels: sent[1..].iter().map(|c| ns.channel(c)).collect(),
            },
            _ => Kind::Plain,
        };
        match name.as_str() {
            "publish" => sent.iter_mut().skip(1).take(1).for_each(prefix),
            "subscribe" | "psubscribe" => sent.iter_mut().skip(1).for_each(prefix),
            "pubsub|numsub" => sent.iter_mut().skip(2).for_each(prefix),
            _ => {}
        }
        let positions = spec
            .key_positions(&sent)
            .map_err(|_| StoreError::UnexpectedReply(format!("no key specs for {name}")))?;
        let mut written = Vec::new();
        for at in positions {
            prefix(&mut sent[at]);
            if spec.has_flag("write") {
                written.push(sent[at].clone());
            }
        }
        let kind = match timeout_of(&name) {
            Some(timeout) => {
                let last = sent.len() - 1;
                match timeout {
                    Timeout::LastSecs => cap(&mut sent, last, 1),
                    Timeout::FirstSecs => cap(&mut sent, 1, 1),
                    Timeout::LastMillis => cap(&mut sent, last, 1000),
                    Timeout::BlockMillis => {
                        match sent.iter().position(|a| a.eq_ignore_ascii_case("block")) {
                            Some(at) => cap(&mut sent, at + 1, 1000),
                            None => {
                                return Ok(Ok(Prepared {
                                    sent,
                                    kind,
                                    written,
                                }));
                            }
                        }
                    }
                }
                Kind::Blocking
            }
            None => kind,
        };
        Ok(Ok(Prepared {
            sent,
            kind,
            written,
        }))
    }

    /// Runs `prepared` (not a subscription) and prints Redis's reply as redis-cli does, keys without
    /// `ns`; false with it when Redis answered with an error. A key it wrote that has no expiry gets
    /// one of `ttl_secs` (`EXPIRE … NX`, the playground's own), as every key of a session expires.
    pub async fn console_run(
        &mut self,
        ns: &Namespace,
        prepared: &Prepared,
        ttl_secs: u64,
    ) -> Result<(String, bool), StoreError> {
        let value = match self.run::<Value>(prepared.sent.clone()).await {
            Ok(value) => value,
            Err(StoreError::Command(text)) => return Ok((format!("(error) {text}"), false)),
            Err(e) => return Err(e),
        };
        let ttl = ttl_secs.to_string();
        for key in &prepared.written {
            let expire = vec!["EXPIRE".into(), key.clone(), ttl.clone(), "NX".into()];
            self.run_for_playground::<Value>(expire).await?;
        }
        Ok((cli(&value, ns.prefix()), true))
    }

    /// The key specs of command `name`, from the cache or `COMMAND INFO`.
    async fn command_spec(&mut self, name: &str) -> Result<Option<Arc<CommandSpec>>, StoreError> {
        if let Some(known) = SPECS.lock().ok().and_then(|s| s.get(name).cloned()) {
            return Ok(known);
        }
        let reply: Value = self
            .run_as_playground(vec!["COMMAND".into(), "INFO".into(), name.to_owned()])
            .await?;
        let spec = match &reply {
            Value::Array(entries) => entries.first().and_then(CommandSpec::from_info),
            _ => None,
        }
        .map(Arc::new);
        if let Ok(mut specs) = SPECS.lock() {
            specs.insert(name.to_owned(), spec.clone());
        }
        Ok(spec)
    }

    /// Redis's documentation of `command` (`COMMAND DOCS`, traced as the playground's); `None` when
    /// Redis does not know it.
    pub async fn console_docs(&mut self, command: &str) -> Result<Option<CommandDocs>, StoreError> {
        let reply: Value = self
            .run_as_playground(vec!["COMMAND".into(), "DOCS".into(), command.to_owned()])
            .await?;
        let entries = pairs(&reply);
        let Some((_, docs)) = entries.first() else {
            return Ok(None);
        };
        let docs = pairs(docs);
        let get = |name: &str| field(&docs, name).map(text).unwrap_or_default();
        let syntax = match field(&docs, "arguments") {
            Some(Value::Array(args)) => args.iter().map(arg_syntax).collect::<Vec<_>>().join(" "),
            _ => String::new(),
        };
        Ok(Some(CommandDocs {
            summary: get("summary"),
            since: get("since"),
            group: get("group"),
            syntax,
        }))
    }

    /// The keys of `ns`, without it, sorted, at most `max` and whether there were more: `SCAN` with
    /// `MATCH` on the namespace's own prefix, on the backend's connection (a session user may not
    /// scan), traced as the playground's. No other session's key name can match.
    pub async fn console_keys(
        &mut self,
        ns: &Namespace,
        max: usize,
    ) -> Result<(Vec<String>, bool), StoreError> {
        let pattern = ns.pattern("*");
        let mut cursor = "0".to_owned();
        let mut keys = Vec::new();
        loop {
            let (next, found): (String, Vec<String>) = self
                .run_as_playground(
                    [
                        "SCAN",
                        cursor.as_str(),
                        "MATCH",
                        pattern.as_str(),
                        "COUNT",
                        "1000",
                    ]
                    .map(str::to_owned)
                    .to_vec(),
                )
                .await?;
            keys.extend(found.iter().filter_map(|k| ns.strip(k)).map(str::to_owned));
            if next == "0" || keys.len() > max {
                break;
            }
            cursor = next;
        }
        keys.sort_unstable();
        keys.dedup();
        let more = keys.len() > max;
        keys.truncate(max);
        Ok((keys, more))
    }
}

/// A message a console's subscription received, as redis-cli prints it, channel without `ns`.
pub fn console_message(delivery: &Delivery, ns: &Namespace) -> String {
    let bulk = |s: &str| Value::BulkString(s.as_bytes().to_vec());
    let mut items = Vec::new();
    match &delivery.pattern {
        Some(pattern) => items.extend([bulk("pmessage"), bulk(pattern)]),
        None => items.push(bulk("message")),
    }
    items.extend([bulk(&delivery.channel), bulk(&delivery.payload)]);
    cli(&Value::Array(items), ns.prefix())
}

/// A subscription's confirmation as redis-cli prints it, name without `ns`.
pub fn console_subscribed(kind: &str, name: &Channel, ns: &Namespace) -> String {
    let bulk = |s: &str| Value::BulkString(s.as_bytes().to_vec());
    cli(
        &Value::Array(vec![bulk(kind), bulk(name.as_str())]),
        ns.prefix(),
    )
}

/// One argument of `COMMAND DOCS` in redis-cli's hint syntax: `[NX|XX]`, `key [key ...]`.
fn arg_syntax(arg: &Value) -> String {
    let fields = pairs(arg);
    let get = |name: &str| field(&fields, name).map(text).unwrap_or_default();
    let flags = field(&fields, "flags").map(strings).unwrap_or_default();
    let children = || match field(&fields, "arguments") {
        Some(Value::Array(args)) => args.iter().map(arg_syntax).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    let token = get("token");
    let inner = match get("type").as_str() {
        "pure-token" => token.clone(),
        "oneof" => children().join("|"),
        "block" => children().join(" "),
        _ => {
            let shown = get("display_text");
            if shown.is_empty() { get("name") } else { shown }
        }
    };
    let mut syntax = if !token.is_empty() && get("type") != "pure-token" {
        format!("{token} {inner}")
    } else {
        inner
    };
    if flags.iter().any(|f| f == "multiple") {
        syntax = format!("{syntax} [{syntax} ...]");
    }
    if flags.iter().any(|f| f == "optional") {
        syntax = format!("[{syntax}]");
    }
    syntax
}
