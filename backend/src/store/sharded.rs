//! Sharded Pub/Sub on a Redis Cluster (Redis 7): a subscriber that `SSUBSCRIBE`s through the cluster
//! client, which sends it to the master serving the channel's slot, and the readings of every node's
//! cluster bus that show where a classic and a sharded message went. Traced like every other command:
//! the `SSUBSCRIBE`, each message received, and each node's `CLUSTER INFO` as the playground's read.

use std::time::Instant;

use redis::{PushKind, Value, cluster_async::ClusterConnection};

use super::{
    Channel, Conn, Store,
    conn::args,
    deployment::{ClusterNode, Link, PushReceiver, cluster_nodes},
    error::StoreError,
    reply::{quoted, shorten},
    subscriber::{Delivery, Subscriber},
    trace::{Tracer, now_ms},
};

/// A sharded subscriber: a cluster connection speaking RESP3, whose messages arrive as pushes.
pub struct ShardedSubscriber {
    conn: ClusterConnection,
    pushes: PushReceiver,
    pub(super) tracer: Tracer,
}

impl ShardedSubscriber {
    pub(super) fn new(conn: ClusterConnection, pushes: PushReceiver, tracer: Tracer) -> Self {
        Self {
            conn,
            pushes,
            tracer,
        }
    }

    /// `SSUBSCRIBE channel`.
    pub async fn subscribe(&mut self, channel: &Channel) -> Result<u64, StoreError> {
        let at_ms = now_ms();
        let started = Instant::now();
        let result = self.conn.ssubscribe(channel.as_str()).await;
        let micros = started.elapsed().as_micros() as u64;
        let reply = match &result {
            Ok(()) => format!("1) \"ssubscribe\" 2) {}", quoted(channel.as_str())),
            Err(e) => format!("(failed) {e}"),
        };
        let line = vec!["SSUBSCRIBE".to_owned(), channel.as_str().to_owned()];
        let seq = self
            .tracer
            .record(line, reply, result.is_ok(), at_ms, micros);
        result.map(|()| seq).map_err(StoreError::from_redis)
    }

    /// The next message; `None` when the connection closed.
    pub async fn next(&mut self) -> Option<Delivery> {
        loop {
            let push = self.pushes.recv().await?;
            if push.kind != PushKind::SMessage {
                continue;
            }
            let [channel, payload, ..] = push.data.as_slice() else {
                continue;
            };
            let text = |v: &Value| match v {
                Value::BulkString(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                other => format!("{other:?}"),
            };
            let (channel, payload) = (text(channel), text(payload));
            let line = vec!["(smessage)".to_owned(), channel.clone(), shorten(&payload)];
            let seq = self
                .tracer
                .record(line, "(received)".into(), true, now_ms(), 0);
            return Some(Delivery {
                channel,
                pattern: None,
                payload,
                seq,
            });
        }
    }
}

/// A subscriber for a workshop room's channels: classic on one server, sharded on a cluster, where a
/// room's messages then stay in the shard that owns the room's slot.
pub enum Listener {
    /// `SUBSCRIBE`: one server.
    Classic(Subscriber),
    /// `SSUBSCRIBE`: a cluster.
    Sharded(ShardedSubscriber),
}

impl Listener {
    /// `SUBSCRIBE` or `SSUBSCRIBE channel`.
    pub async fn subscribe(&mut self, channel: &Channel) -> Result<u64, StoreError> {
        match self {
            Self::Classic(s) => s.subscribe(channel).await,
            Self::Sharded(s) => s.subscribe(channel).await,
        }
    }

    /// The next message; `None` when the connection closed.
    pub async fn next(&mut self) -> Option<Delivery> {
        match self {
            Self::Classic(s) => s.next().await,
            Self::Sharded(s) => s.next().await,
        }
    }

    /// Records what it does from now on through `tracer`.
    pub(super) fn retrace(&mut self, tracer: Tracer) {
        match self {
            Self::Classic(s) => s.tracer = tracer,
            Self::Sharded(s) => s.tracer = tracer,
        }
    }
}

impl Store {
    /// A [`Listener`] on the backend's own connection for the channels of `namespace`: sharded on a
    /// cluster, classic on one server.
    pub(super) async fn listener(
        &self,
        tracer: Tracer,
        namespace: &super::Namespace,
    ) -> Result<Listener, StoreError> {
        Ok(match self.sharded_subscriber(tracer.clone()).await? {
            Some(sharded) => Listener::Sharded(sharded),
            None => Listener::Classic(self.subscriber(tracer, namespace).await?),
        })
    }
}

impl Conn {
    /// `PUBLISH channel message` on one server, `SPUBLISH` on a cluster (the counterpart of a
    /// [`Listener`]): how many subscribers received it.
    pub async fn broadcast(&mut self, channel: &Channel, message: &str) -> Result<i64, StoreError> {
        if self.on_cluster() {
            self.spublish(channel, message).await
        } else {
            self.publish(channel, message).await
        }
    }
}

/// One node's cluster bus, read with `CLUSTER INFO`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusReading {
    /// `host:port`.
    pub address: String,
    /// A replica (else a master).
    pub replica: bool,
    /// In the shard that serves the channel's slot: its master or one of that master's replicas.
    pub shard: bool,
    /// `cluster_stats_messages_publish_received`.
    pub classic: u64,
    /// `cluster_stats_messages_publishshard_received`.
    pub sharded: u64,
}

/// Every node of the cluster, each on a connection of its own, and which are in the shard serving one
/// channel's slot: opened once for a run, then read as often as it needs.
pub struct Bus {
    nodes: Vec<(ClusterNode, bool, Conn)>,
}

impl Bus {
    /// Each node's `CLUSTER INFO` now, traced as the playground's reads, one client per node. A node
    /// that does not answer (failed) has nothing to show.
    pub async fn read(&mut self) -> Vec<BusReading> {
        let mut readings = Vec::new();
        for (node, shard, conn) in &mut self.nodes {
            let info: Result<String, StoreError> =
                conn.run_for_playground(args(["CLUSTER", "INFO"])).await;
            let Ok(info) = info else {
                continue;
            };
            let field = |name: &str| {
                info.lines()
                    .find_map(|line| line.strip_prefix(name))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0)
            };
            readings.push(BusReading {
                address: format!("{}:{}", node.host, node.port),
                replica: node.replica_of.is_some(),
                shard: *shard,
                classic: field("cluster_stats_messages_publish_received:"),
                sharded: field("cluster_stats_messages_publishshard_received:"),
            });
        }
        readings
    }
}

impl Store {
    /// The cluster's bus for `channel`: `CLUSTER NODES` and `CLUSTER KEYSLOT channel` on the first node
    /// that answers, and a connection to every node, traced through `tracer` as the playground's.
    /// Empty on one server.
    pub async fn cluster_bus(&self, tracer: &Tracer, channel: &Channel) -> Result<Bus, StoreError> {
        let links = self.deployment.node_links().await?;
        let Some((_, first)) = links.first() else {
            return Ok(Bus { nodes: Vec::new() });
        };
        let mut reader = self.on_node(first.clone(), tracer, "cluster");
        let listed: String = reader
            .run_for_playground(args(["CLUSTER", "NODES"]))
            .await?;
        let slot: u16 = reader
            .run_for_playground(args(["CLUSTER", "KEYSLOT", channel.as_str()]))
            .await?;
        let listed = cluster_nodes(&listed);
        let master = listed.iter().find(|n| {
            n.slots
                .iter()
                .any(|(from, to)| (*from..=*to).contains(&slot))
        });
        let in_shard = |node: &ClusterNode| {
            master.is_some_and(|m| m.id == node.id || node.replica_of.as_ref() == Some(&m.id))
        };
        let mut nodes = Vec::new();
        for node in &listed {
            let Some((_, link)) = links.iter().find(|(address, _)| *address == node.address())
            else {
                continue;
            };
            let conn = self.on_node(link.clone(), tracer, &format!("node {}", node.port));
            nodes.push((node.clone(), in_shard(node), conn));
        }
        Ok(Bus { nodes })
    }

    fn on_node(&self, link: Link, tracer: &Tracer, client: &str) -> Conn {
        Conn::dedicated(link, self.shared.clone(), tracer.for_client(client))
    }
}
