//! [`Deployment`]: one Redis, or a Redis Cluster, and how a connection to it is opened; [`Link`], the
//! connection every other store module sends through, whichever of the two it is.
//!
//! Every key and channel of a session or room shares one hash tag (`pg:{<id>}:…`), so on a cluster all of
//! them live in one slot: a multi-key command or script of a lab stays on one node, and the cluster client
//! sends each command to the node that owns its key. What has no key is routed here: a `SCAN` whose `MATCH`
//! names a namespace goes to the master of that namespace's slot, a subscriber connects to that master
//! too (where the namespace's `PUBLISH` runs, so `PUBLISH` counts it), and `ACL` commands go to every
//! node ([`EveryNode`]), since each node has users of its own.

use std::{collections::HashMap, sync::Arc, time::Duration};

use redis::{
    Cmd, ConnectionAddr, ConnectionInfo, IntoConnectionInfo, Pipeline, RedisFuture, Value,
    aio::{ConnectionLike, ConnectionManager, MultiplexedConnection, PubSub},
    cluster::ClusterClientBuilder,
    cluster_async::ClusterConnection,
    cluster_routing::{Route, RoutingInfo, SingleNodeRoutingInfo, SlotAddr},
};

use super::{CONNECT_TIMEOUT, error::StoreError};

/// Where a sharded subscriber's messages arrive.
pub(super) type PushReceiver = tokio::sync::mpsc::UnboundedReceiver<redis::PushInfo>;

/// Where the backend's connections go.
#[derive(Clone, Debug)]
pub(super) enum Deployment {
    /// One Redis server.
    Single(ConnectionInfo),
    /// A Redis Cluster: every node found at start-up (masters and replicas), the seeds first.
    Cluster(Vec<ConnectionInfo>),
}

/// A login other than the deployment's own: a session user's name and password.
pub(super) struct Login<'a> {
    pub(super) user: &'a str,
    pub(super) password: &'a str,
}

impl Deployment {
    /// Finds out what `seeds` are, asking the first that answers: a node that says `cluster_enabled:1`
    /// is a cluster, whose other nodes, replicas too, are read from `CLUSTER NODES`; anything else is
    /// one server (and then only one URL may be given).
    pub(super) async fn discover(seeds: &[String]) -> Result<Self, StoreError> {
        let infos = seeds
            .iter()
            .map(|url| {
                url.as_str()
                    .into_connection_info()
                    .map_err(|e| StoreError::BadUrl(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut answered = None;
        let mut last = StoreError::BadUrl("no Redis URL was given".into());
        for info in &infos {
            let config =
                redis::AsyncConnectionConfig::new().set_connection_timeout(Some(CONNECT_TIMEOUT));
            let opened = match redis::Client::open(info.clone()) {
                Ok(client) => client
                    .get_multiplexed_async_connection_with_config(&config)
                    .await
                    .map_err(StoreError::from_redis),
                Err(e) => Err(StoreError::from_redis(e)),
            };
            match opened {
                Ok(conn) => {
                    answered = Some((info.clone(), conn));
                    break;
                }
                Err(e) => last = e,
            }
        }
        let Some((first, mut probe)) = answered else {
            return Err(last);
        };
        let info = probe
            .req_packed_command(Cmd::new().arg("INFO").arg("cluster"))
            .await
            .map_err(StoreError::from_redis)?;
        let clustered = text(info).is_some_and(|info| info.contains("cluster_enabled:1"));
        if !clustered {
            return if infos.len() == 1 {
                Ok(Self::Single(first))
            } else {
                Err(StoreError::BadUrl(
                    "several seed nodes were given, but they are not a Redis Cluster".into(),
                ))
            };
        }
        let listed = probe
            .req_packed_command(Cmd::new().arg("CLUSTER").arg("NODES"))
            .await
            .map_err(StoreError::from_redis)?;
        let listed = text(listed)
            .ok_or_else(|| StoreError::UnexpectedReply("CLUSTER NODES: not text".into()))?;
        let mut nodes = infos;
        for (host, port) in cluster_nodes(&listed).iter().map(ClusterNode::address) {
            let addr = ConnectionAddr::Tcp(host, port);
            if !nodes.iter().any(|n| *n.addr() == addr) {
                nodes.push(first.clone().set_addr(addr));
            }
        }
        Ok(Self::Cluster(nodes))
    }

    /// Whether this is a cluster.
    pub(super) fn is_cluster(&self) -> bool {
        matches!(self, Self::Cluster(_))
    }

    /// The database every connection selects (always 0 on a cluster).
    pub(super) fn db(&self) -> i64 {
        match self {
            Self::Single(info) => info.redis_settings().db(),
            Self::Cluster(_) => 0,
        }
    }

    /// The deployment's own connection info (of the first node, on a cluster).
    pub(super) fn info(&self) -> &ConnectionInfo {
        match self {
            Self::Single(info) => info,
            Self::Cluster(nodes) => &nodes[0],
        }
    }

    /// The TCP port of the one server, or of the first node; `None` on a Unix socket.
    pub(super) fn port(&self) -> Option<u16> {
        match self.info().addr() {
            ConnectionAddr::Tcp(_, port) => Some(*port),
            _ => None,
        }
    }

    /// The backend's own connection, shared by every session's own commands; it reconnects by itself.
    pub(super) async fn shared(&self, response_timeout: Duration) -> Result<Link, StoreError> {
        match self {
            Self::Single(info) => {
                let client = redis::Client::open(info.clone()).map_err(StoreError::from_redis)?;
                let config = redis::aio::ConnectionManagerConfig::new()
                    .set_response_timeout(Some(response_timeout))
                    .set_connection_timeout(Some(CONNECT_TIMEOUT))
                    .set_number_of_retries(2)
                    .set_max_delay(Duration::from_millis(500));
                ConnectionManager::new_with_config(client, config)
                    .await
                    .map(Link::Managed)
                    .map_err(StoreError::from_redis)
            }
            Self::Cluster(_) => self
                .open(None, response_timeout)
                .await
                .map_err(StoreError::from_redis),
        }
    }

    /// A connection of its own, logged in as `login` (or the deployment's own account), whose replies
    /// may take up to `response_timeout`.
    pub(super) async fn open(
        &self,
        login: Option<Login<'_>>,
        response_timeout: Duration,
    ) -> redis::RedisResult<Link> {
        match self {
            Self::Single(info) => {
                let config = redis::AsyncConnectionConfig::new()
                    .set_response_timeout(Some(response_timeout))
                    .set_connection_timeout(Some(CONNECT_TIMEOUT));
                redis::Client::open(logged_in(info, login.as_ref()))?
                    .get_multiplexed_async_connection_with_config(&config)
                    .await
                    .map(Link::Multiplexed)
            }
            Self::Cluster(nodes) => cluster_client(nodes, login.as_ref())
                .response_timeout(response_timeout)
                .retries(3)
                .build()?
                .get_async_connection()
                .await
                .map(Link::Cluster),
        }
    }

    /// The backend's connection for `ACL` commands: on a cluster, one that sends each to every master
    /// and replica (ACL is per node, and the cluster client reaches masters only); on one server,
    /// `shared`.
    pub(super) fn admin(&self, shared: &Link) -> Link {
        match self {
            Self::Single(_) => shared.clone(),
            Self::Cluster(nodes) => Link::EveryNode(Arc::new(EveryNode {
                known: nodes.clone(),
                open: tokio::sync::Mutex::new(HashMap::new()),
            })),
        }
    }

    /// A Pub/Sub connection logged in as `login` for the channels of the namespace `near` names (any
    /// key or channel of it): to the one server, or to the master of that namespace's slot, where the
    /// cluster client sends every `PUBLISH` to those channels, so `PUBLISH`'s count counts it; the
    /// backend's own connection `backend` finds that master. Any node that answers, when the slot's
    /// master cannot be found: a classic message reaches every node.
    pub(super) async fn pubsub(
        &self,
        backend: &Link,
        login: Option<Login<'_>>,
        near: &str,
    ) -> redis::RedisResult<PubSub> {
        let mut nodes = match self {
            Self::Single(info) => vec![info.clone()],
            Self::Cluster(nodes) => nodes.clone(),
        };
        if let Some(master) = master_of(backend, near).await {
            nodes.retain(|n| *n.addr() != master);
            nodes.insert(0, self.info().clone().set_addr(master));
        }
        let mut last = None;
        for node in &nodes {
            let client = redis::Client::open(logged_in(node, login.as_ref()))?;
            match client.get_async_pubsub().await {
                Ok(pubsub) => return Ok(pubsub),
                Err(e) if e.is_connection_refusal() || e.is_io_error() => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            redis::RedisError::from((redis::ErrorKind::Io, "no node of the cluster answered"))
        }))
    }

    /// A RESP3 cluster connection logged in as `login`, whose pushes (a sharded subscriber's messages)
    /// go to the returned receiver; `None` on one server.
    pub(super) async fn sharded(
        &self,
        login: Option<Login<'_>>,
    ) -> redis::RedisResult<Option<(ClusterConnection, PushReceiver)>> {
        let Self::Cluster(nodes) = self else {
            return Ok(None);
        };
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let conn = cluster_client(nodes, login.as_ref())
            .use_protocol(redis::ProtocolVersion::RESP3)
            .push_sender(tx)
            .build()?
            .get_async_connection()
            .await?;
        Ok(Some((conn, rx)))
    }

    /// A connection of its own to every node of the cluster that answers, by `host:port`, as `CLUSTER
    /// NODES` lists them now; empty on one server.
    pub(super) async fn node_links(&self) -> Result<Vec<((String, u16), Link)>, StoreError> {
        let Self::Cluster(known) = self else {
            return Ok(Vec::new());
        };
        let mut open = Open::new();
        let mut links = Vec::new();
        for (address, info) in current_nodes(known, &mut open).await {
            if let Ok(conn) = node_connection(&mut open, address.clone(), &info).await {
                links.push((address, Link::Multiplexed(conn.clone())));
            }
        }
        Ok(links)
    }
}

/// The address of the master serving `key`'s slot now, as that master tells it (`CLUSTER KEYSLOT`
/// and `CLUSTER SLOTS`, one round trip), asked through the backend's own cluster connection
/// `backend`, which routes to it; `None` on one server or when it cannot be told.
async fn master_of(backend: &Link, key: &str) -> Option<ConnectionAddr> {
    let Link::Cluster(conn) = backend else {
        return None;
    };
    let mut asked = Pipeline::new();
    asked.cmd("CLUSTER").arg("KEYSLOT").arg(key);
    asked.cmd("CLUSTER").arg("SLOTS");
    let there = SingleNodeRoutingInfo::SpecificNode(Route::with_key(key, SlotAddr::Master));
    let replies = conn.clone().route_pipeline(asked, 0, 2, there).await.ok()?;
    let [slot, slots] = replies.as_slice() else {
        return None;
    };
    let slot = redis::from_redis_value_ref::<u16>(slot).ok()?;
    slot_master(slots, slot).map(|(host, port)| ConnectionAddr::Tcp(host, port))
}

/// A cluster client through `nodes` as seeds, logged in as `login` (or the deployment's own account).
fn cluster_client(nodes: &[ConnectionInfo], login: Option<&Login<'_>>) -> ClusterClientBuilder {
    let seeds = nodes.iter().map(|n| logged_in(n, login));
    let builder = ClusterClientBuilder::new(seeds).connection_timeout(CONNECT_TIMEOUT);
    match login {
        Some(login) => builder.username(login.user).password(login.password),
        None => builder,
    }
}

/// `info` with `login` instead of its own, and without `CLIENT SETINFO`, which a session user may not run.
fn logged_in(info: &ConnectionInfo, login: Option<&Login<'_>>) -> ConnectionInfo {
    match login {
        None => info.clone(),
        Some(login) => {
            let settings = info
                .redis_settings()
                .clone()
                .set_username(login.user)
                .set_password(login.password)
                .set_skip_set_lib_name();
            info.clone().set_redis_settings(settings)
        }
    }
}

/// A text reply (`INFO`'s, `CLUSTER NODES`'), RESP2's bulk string or RESP3's verbatim string.
pub(super) fn text(value: Value) -> Option<String> {
    match value {
        Value::BulkString(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Value::VerbatimString { text, .. } => Some(text),
        _ => None,
    }
}

/// One line of `CLUSTER NODES`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ClusterNode {
    pub(super) id: String,
    pub(super) host: String,
    pub(super) port: u16,
    /// A replica, of the master with this id.
    pub(super) replica_of: Option<String>,
    /// The slot ranges a master serves.
    pub(super) slots: Vec<(u16, u16)>,
}

impl ClusterNode {
    pub(super) fn address(&self) -> (String, u16) {
        (self.host.clone(), self.port)
    }
}

/// Every node in a `CLUSTER NODES` reply, masters and replicas, but not one without an address
/// (forgotten, or still in its handshake).
pub(super) fn cluster_nodes(listed: &str) -> Vec<ClusterNode> {
    listed
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(' ').collect();
            let [id, address, flags, master, ..] = fields.as_slice() else {
                return None;
            };
            if flags.contains("noaddr") || flags.contains("handshake") {
                return None;
            }
            let host_port = address.split('@').next()?;
            let host_port = host_port.split(',').next()?;
            let (host, port) = host_port.rsplit_once(':')?;
            let slots = fields
                .iter()
                .skip(8)
                .filter_map(|range| {
                    let (from, to) = range.split_once('-').unwrap_or((range, range));
                    Some((from.parse().ok()?, to.parse().ok()?))
                })
                .collect();
            Some(ClusterNode {
                id: (*id).to_owned(),
                host: host.to_owned(),
                port: port.parse().ok()?,
                replica_of: (flags.contains("slave") && *master != "-")
                    .then(|| (*master).to_owned()),
                slots,
            })
        })
        .collect()
}

/// The `(host, port)` of the master serving `slot` in a `CLUSTER SLOTS` reply.
fn slot_master(reply: &Value, slot: u16) -> Option<(String, u16)> {
    let Value::Array(ranges) = reply else {
        return None;
    };
    ranges.iter().find_map(|range| {
        let Value::Array(fields) = range else {
            return None;
        };
        let [start, end, Value::Array(master), ..] = fields.as_slice() else {
            return None;
        };
        let (start, end) = (
            redis::from_redis_value_ref::<u16>(start).ok()?,
            redis::from_redis_value_ref::<u16>(end).ok()?,
        );
        let [host, port, ..] = master.as_slice() else {
            return None;
        };
        ((start..=end).contains(&slot)).then_some((
            redis::from_redis_value_ref(host).ok()?,
            redis::from_redis_value_ref(port).ok()?,
        ))
    })
}

/// A connection of any kind, as every store module sends through it. Cheap to clone.
#[derive(Clone)]
pub(super) enum Link {
    /// One server, reconnecting by itself: the backend's own.
    Managed(ConnectionManager),
    /// One server, a connection of its own.
    Multiplexed(MultiplexedConnection),
    /// A cluster: a connection to each node, reconnecting and following the slots by itself.
    Cluster(ClusterConnection),
    /// Every node of a cluster, masters and replicas: each command runs on each.
    EveryNode(Arc<EveryNode>),
}

/// Connections to every node of a cluster, opened on first use and again after one broke. The nodes
/// are read again from `CLUSTER NODES` before each command, so a node added or replaced since start-up
/// gets the command too.
pub(super) struct EveryNode {
    /// The nodes found at start-up: where `CLUSTER NODES` is asked.
    known: Vec<ConnectionInfo>,
    /// An open connection per node address.
    open: tokio::sync::Mutex<Open>,
}

/// An open connection per node, by `(host, port)`.
type Open = HashMap<(String, u16), MultiplexedConnection>;

impl EveryNode {
    /// Sends `pipe` (or one command) to every node that answers; a node that does not (killed, in a
    /// failover) is skipped, and gets the user again when a login there is refused. The reply is the
    /// first node's that answered; an error reply from any node wins, so a refusal is never hidden.
    async fn run(&self, pipe: &Pipeline, count: usize) -> redis::RedisResult<Vec<Value>> {
        let mut open = self.open.lock().await;
        let nodes = current_nodes(&self.known, &mut open).await;
        let mut first: Option<Vec<Value>> = None;
        let mut last_error = None;
        for (address, info) in nodes {
            let conn = match node_connection(&mut open, address.clone(), &info).await {
                Ok(conn) => conn,
                Err(e) => {
                    last_error = Some(e);
                    continue;
                }
            };
            match conn.req_packed_commands(pipe, 0, count).await {
                Ok(replies) => {
                    let refused = replies.iter().any(|v| matches!(v, Value::ServerError(_)));
                    if first.is_none() || refused {
                        first = Some(replies);
                    }
                }
                Err(e) => {
                    open.remove(&address);
                    last_error = Some(e);
                }
            }
        }
        match (first, last_error) {
            (Some(replies), _) => Ok(replies),
            (None, Some(e)) => Err(e),
            (None, None) => Err(redis::RedisError::from((
                redis::ErrorKind::Io,
                "no node of the cluster answered",
            ))),
        }
    }
}

/// Every node now: as the first of `known` that answers lists them in `CLUSTER NODES`, or `known`
/// when none does.
async fn current_nodes(
    known: &[ConnectionInfo],
    open: &mut Open,
) -> Vec<((String, u16), ConnectionInfo)> {
    let known: Vec<_> = known
        .iter()
        .filter_map(|info| match info.addr() {
            ConnectionAddr::Tcp(host, port) => Some(((host.clone(), *port), info.clone())),
            _ => None,
        })
        .collect();
    for (address, info) in &known {
        let Ok(conn) = node_connection(open, address.clone(), info).await else {
            continue;
        };
        let listed = match conn
            .req_packed_command(Cmd::new().arg("CLUSTER").arg("NODES"))
            .await
        {
            Ok(listed) => match text(listed) {
                Some(listed) => listed,
                None => continue,
            },
            Err(_) => {
                open.remove(address);
                continue;
            }
        };
        return cluster_nodes(&listed)
            .iter()
            .map(ClusterNode::address)
            .map(|(host, port)| {
                let addr = ConnectionAddr::Tcp(host.clone(), port);
                ((host, port), info.clone().set_addr(addr))
            })
            .collect();
    }
    known
}

/// The open connection to `address`, opened now if there is none.
async fn node_connection<'a>(
    open: &'a mut Open,
    address: (String, u16),
    info: &ConnectionInfo,
) -> redis::RedisResult<&'a mut MultiplexedConnection> {
    if !open.contains_key(&address) {
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_response_timeout(Some(super::RESPONSE_TIMEOUT));
        let conn = redis::Client::open(info.clone())?
            .get_multiplexed_async_connection_with_config(&config)
            .await?;
        open.insert(address.clone(), conn);
    }
    open.get_mut(&address)
        .ok_or_else(|| redis::RedisError::from((redis::ErrorKind::Io, "the connection went away")))
}

impl ConnectionLike for Link {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Self::Managed(c) => c.req_packed_command(cmd),
            Self::Multiplexed(c) => c.req_packed_command(cmd),
            Self::Cluster(c) => match scan_route(cmd) {
                Some(route) => Box::pin(c.route_command(cmd.clone(), route)),
                None => c.req_packed_command(cmd),
            },
            Self::EveryNode(nodes) => Box::pin(async move {
                let mut pipe = Pipeline::new();
                pipe.add_command(cmd.clone());
                let mut replies = nodes.run(&pipe, 1).await?;
                replies.pop().ok_or_else(|| {
                    redis::RedisError::from((redis::ErrorKind::Io, "no reply from the cluster"))
                })
            }),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        cmd: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Self::Managed(c) => c.req_packed_commands(cmd, offset, count),
            Self::Multiplexed(c) => c.req_packed_commands(cmd, offset, count),
            Self::Cluster(c) => c.req_packed_commands(cmd, offset, count),
            Self::EveryNode(nodes) => Box::pin(async move {
                let replies = nodes.run(cmd, offset + count).await?;
                Ok(replies.into_iter().skip(offset).collect())
            }),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Self::Managed(c) => c.get_db(),
            Self::Multiplexed(c) => c.get_db(),
            Self::Cluster(c) => c.get_db(),
            Self::EveryNode(_) => 0,
        }
    }
}

/// On a cluster, a `SCAN … MATCH pg:{<id>}:…` goes to the master of the namespace's slot, where every
/// key it can match lives; the cluster client would send a keyless command to any node.
fn scan_route(cmd: &Cmd) -> Option<RoutingInfo> {
    let mut args = cmd.args_iter().filter_map(|arg| match arg {
        redis::Arg::Simple(bytes) => Some(bytes),
        _ => None,
    });
    if !args.next()?.eq_ignore_ascii_case(b"SCAN") {
        return None;
    }
    let pattern = args
        .by_ref()
        .skip_while(|arg| !arg.eq_ignore_ascii_case(b"MATCH"))
        .nth(1)?;
    Some(RoutingInfo::SingleNode(
        SingleNodeRoutingInfo::SpecificNode(Route::with_key(pattern, SlotAddr::Master)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_namespaced_scan_goes_to_its_slots_master_and_other_commands_are_left_to_the_client() {
        let scan = Cmd::new()
            .arg("SCAN")
            .arg("0")
            .arg("MATCH")
            .arg("pg:{abc}:*")
            .arg("COUNT")
            .arg("500")
            .clone();
        assert_eq!(
            scan_route(&scan),
            Some(RoutingInfo::SingleNode(
                SingleNodeRoutingInfo::SpecificNode(Route::with_key("{abc}", SlotAddr::Master))
            ))
        );
        assert_eq!(scan_route(Cmd::new().arg("SCAN").arg("0")), None);
        assert_eq!(scan_route(Cmd::new().arg("GET").arg("pg:{abc}:k")), None);
    }

    #[test]
    fn every_node_with_an_address_is_read_from_cluster_nodes() {
        let listed = "\
ae47 127.0.0.1:7004@17004 slave 80c1 0 1796281341185 3 connected
80c1 127.0.0.1:7003@17003 master - 0 1796281341084 3 connected 10923-16383
3201 127.0.0.1:7001@17001,node-1 myself,master - 0 0 1 connected 0-5460
9c6f :0@0 noaddr,slave 3201 0 0 1 disconnected
";
        let nodes = cluster_nodes(listed);
        let ports: Vec<u16> = nodes.iter().map(|n| n.port).collect();
        assert_eq!(ports, [7004, 7003, 7001]);
        assert_eq!(nodes[0].replica_of.as_deref(), Some("80c1"));
        assert_eq!(
            (nodes[1].replica_of.as_deref(), &nodes[1].slots[..]),
            (None, &[(10923, 16383)][..])
        );
        assert_eq!(
            nodes[2].host, "127.0.0.1",
            "a hostname after the address is not the host"
        );
    }

    #[test]
    fn the_master_of_a_slot_is_read_from_cluster_slots() {
        let node = |port: i64| {
            Value::Array(vec![
                Value::BulkString(b"127.0.0.1".to_vec()),
                Value::Int(port),
                Value::BulkString(b"id".to_vec()),
            ])
        };
        let reply = Value::Array(vec![
            Value::Array(vec![
                Value::Int(0),
                Value::Int(5460),
                node(7000),
                node(7003),
            ]),
            Value::Array(vec![
                Value::Int(5461),
                Value::Int(10922),
                node(7001),
                node(7004),
            ]),
            Value::Array(vec![Value::Int(10923), Value::Int(16383), node(7002)]),
        ]);
        let master = |slot| slot_master(&reply, slot).map(|(_, port)| port);
        assert_eq!(
            [master(0), master(5461), master(16383), master(16384)],
            [Some(7000), Some(7001), Some(7002), None]
        );
    }
}
