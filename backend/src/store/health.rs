//! The health probe: a background task that `PING`s Redis a few times a second and tells every session
//! when it goes away and when it comes back.

use std::time::{Duration, Instant};

use redis::{Cmd, Value, aio::ConnectionLike};
use shared::RedisHealth;
use tokio_util::sync::CancellationToken;

use super::{Store, deployment::text};

/// How often Redis is probed; an outage reaches browsers within about this long plus [`PROBE_TIMEOUT`].
const PROBE_EVERY: Duration = Duration::from_millis(250);
/// A probe that takes longer counts as "unreachable".
const PROBE_TIMEOUT: Duration = Duration::from_millis(500);

/// One reading: `PING`'s round trip, and `redis_version` from `INFO server`. On a `cluster`, Redis is
/// reachable only while a node says `cluster_state:ok`: while a failed master's slots wait for its
/// replica to take over, they cannot be served.
pub(super) async fn probe(conn: &mut impl ConnectionLike, cluster: bool) -> RedisHealth {
    let down = RedisHealth {
        reachable: false,
        version: None,
        round_trip_us: None,
    };
    let started = Instant::now();
    let ping = tokio::time::timeout(
        PROBE_TIMEOUT,
        conn.req_packed_command(&Cmd::new().arg("PING").clone()),
    )
    .await;
    let round_trip_us = started.elapsed().as_micros() as u64;
    if !matches!(ping, Ok(Ok(Value::SimpleString(_) | Value::Okay))) {
        return down;
    }
    if cluster {
        let state = tokio::time::timeout(
            PROBE_TIMEOUT,
            conn.req_packed_command(Cmd::new().arg("CLUSTER").arg("INFO")),
        )
        .await;
        let ok = match state {
            Ok(Ok(info)) => text(info).is_some_and(|info| info.contains("cluster_state:ok")),
            _ => false,
        };
        if !ok {
            return down;
        }
    }
    let info = tokio::time::timeout(
        PROBE_TIMEOUT,
        conn.req_packed_command(Cmd::new().arg("INFO").arg("server")),
    )
    .await;
    let version = match info {
        Ok(Ok(reply)) => info_version(&reply),
        _ => None,
    };
    RedisHealth {
        reachable: true,
        version,
        round_trip_us: Some(round_trip_us),
    }
}

/// `redis_version` from an `INFO server` reply: its text, or on a cluster (where the client asks every
/// node) the first node's.
fn info_version(reply: &Value) -> Option<String> {
    match reply {
        Value::Map(nodes) => nodes.iter().find_map(|(_, text)| info_version(text)),
        reply => text(reply.clone()).and_then(|info| parse_version(&info)),
    }
}

fn parse_version(info: &str) -> Option<String> {
    info.lines()
        .find_map(|line| line.strip_prefix("redis_version:"))
        .map(|v| v.trim().to_owned())
}

/// Starts the probe loop, and the sweep of session users a crashed backend left behind; both end when
/// `shutdown` is cancelled. Sessions see changes of reachability (not every round-trip wobble) through
/// [`Store::watch_health`].
pub fn spawn_monitor(store: &Store, shutdown: CancellationToken) {
    super::acl::spawn_sweeper(store, shutdown.clone());
    let mut conn = store.shared.clone();
    let cluster = store.is_cluster();
    let health = store.health.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PROBE_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                _ = tick.tick() => {}
            }
            let reading = probe(&mut conn, cluster).await;
            health.send_if_modified(|current| {
                let changed = current.reachable != reading.reachable;
                if changed {
                    if reading.reachable {
                        tracing::info!(version = ?reading.version, "Redis is reachable again");
                    } else {
                        tracing::warn!("Redis is unreachable; reconnecting");
                    }
                }
                *current = reading;
                changed
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_read_from_info() {
        let info = "# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\n";
        assert_eq!(parse_version(info).as_deref(), Some("7.0.15"));
        assert_eq!(parse_version("# Server\r\n"), None);
        let cluster = Value::Map(vec![(
            Value::SimpleString("127.0.0.1:7000".into()),
            Value::BulkString(info.as_bytes().to_vec()),
        )]);
        assert_eq!(info_version(&cluster).as_deref(), Some("7.0.15"));
    }
}
