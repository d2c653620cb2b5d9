//! Classic against sharded Pub/Sub on a Redis Cluster. A classic subscriber (`SUBSCRIBE`) and a sharded
//! one (`SSUBSCRIBE`, Redis 7) each listen on a channel of the session; a publisher sends `messages`
//! with `PUBLISH` and as many with `SPUBLISH`. Every node's cluster bus is read with `CLUSTER INFO`
//! before and after: a classic message is broadcast over the bus to every node, a sharded one only to
//! the replicas of the master serving its slot. On one server there is no bus, and nothing is sent.

use std::time::Duration;

use shared::{
    RequestId,
    pubsub::{BusNode, PubsubReply, ShardedReport},
};

use crate::{
    error::LabError,
    session::Session,
    store::{BusReading, Listener},
};

/// How long the subscribers may take to receive every message.
const DELIVERED_WITHIN: Duration = Duration::from_secs(5);
/// Readings of the bus after the publishes, at most, until two in a row agree.
const SETTLE_READINGS: usize = 20;
/// Time between two of them.
const SETTLE_EVERY: Duration = Duration::from_millis(50);

/// Runs the lesson for request `id`.
pub async fn run(session: &Session, id: RequestId, messages: u32) -> Result<PubsubReply, LabError> {
    let Some(mut sharded) = session.sharded_subscriber(id, "sharded-subscriber").await? else {
        return Ok(PubsubReply::Sharded(ShardedReport {
            cluster: false,
            messages: 0,
            classic_receivers: 0,
            sharded_receivers: 0,
            classic_delivered: 0,
            sharded_delivered: 0,
            nodes: Vec::new(),
        }));
    };
    let namespace = session.namespace();
    let (classic_channel, sharded_channel) = (
        namespace.channel("bus:classic"),
        namespace.channel("bus:sharded"),
    );
    let mut classic = session.subscriber(id, "classic-subscriber").await?;
    classic.subscribe(&classic_channel).await?;
    sharded.subscribe(&sharded_channel).await?;
    let mut publisher = session.client_conn(id, "publisher").await?;
    let tracer = session.tracer(id, "bus");
    let mut bus = session
        .store()
        .cluster_bus(&tracer, &sharded_channel)
        .await?;
    let before = bus.read().await;

    let (mut classic_receivers, mut sharded_receivers) = (0, 0);
    for n in 1..=messages {
        classic_receivers += publisher
            .publish(&classic_channel, &format!("classic {n}"))
            .await?;
    }
    for n in 1..=messages {
        sharded_receivers += publisher
            .spublish(&sharded_channel, &format!("sharded {n}"))
            .await?;
    }
    let (mut classic, mut sharded) = (Listener::Classic(classic), Listener::Sharded(sharded));
    let classic_delivered = receive(messages, &mut classic).await;
    let sharded_delivered = receive(messages, &mut sharded).await;
    // The bus delivers to the other nodes asynchronously: read until two readings agree.
    let mut after = bus.read().await;
    for _ in 0..SETTLE_READINGS {
        tokio::time::sleep(SETTLE_EVERY).await;
        let again = bus.read().await;
        if again == after {
            break;
        }
        after = again;
    }
    Ok(PubsubReply::Sharded(ShardedReport {
        cluster: true,
        messages,
        classic_receivers,
        sharded_receivers,
        classic_delivered,
        sharded_delivered,
        nodes: growth(&before, &after),
    }))
}

/// How many of `messages` reach `listener` within [`DELIVERED_WITHIN`].
async fn receive(messages: u32, listener: &mut Listener) -> u32 {
    let mut got = 0;
    let deadline = tokio::time::Instant::now() + DELIVERED_WITHIN;
    while got < messages {
        match tokio::time::timeout_at(deadline, listener.next()).await {
            Ok(Some(_)) => got += 1,
            Ok(None) | Err(_) => break,
        }
    }
    got
}

/// Each node's counters over the run: the readings after less those before, for nodes read both times.
fn growth(before: &[BusReading], after: &[BusReading]) -> Vec<BusNode> {
    after
        .iter()
        .filter_map(|now| {
            let then = before.iter().find(|b| b.address == now.address)?;
            Some(BusNode {
                address: now.address.clone(),
                replica: now.replica,
                shard: now.shard,
                classic: now.classic.saturating_sub(then.classic),
                sharded: now.sharded.saturating_sub(then.sharded),
            })
        })
        .collect()
}
