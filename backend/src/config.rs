//! Command-line flags, each with an environment-variable fallback.

use std::{net::IpAddr, path::PathBuf, time::Duration};

use clap::Parser;

use crate::{labs::room::presence::RoomTimes, limits::Limits};

/// The Redis playground's server.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on; 0.0.0.0 lets an audience on the same network join.
    #[arg(long, env = "BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Redis to run the labs against, e.g. redis://127.0.0.1:6379; a node of a Redis Cluster is found to
    /// be one, and the whole cluster is used. Without it the playground starts a private redis-server of
    /// its own.
    #[arg(long, env = "REDIS_URL", conflicts_with = "redis_cluster")]
    pub redis_url: Option<String>,
    /// Seed nodes of a Redis Cluster, comma-separated, e.g.
    /// redis://10.0.0.1:6379,redis://10.0.0.2:6379: the first that answers tells the others.
    #[arg(long, env = "REDIS_CLUSTER", value_delimiter = ',', num_args = 1..)]
    pub redis_cluster: Vec<String>,
    /// Without a Redis URL, start a private Redis Cluster (three masters, a replica each, on free
    /// loopback ports) instead of one private redis-server.
    #[arg(long, env = "PRIVATE_CLUSTER", conflicts_with_all = ["redis_url", "redis_cluster"])]
    pub cluster: bool,
    /// Another origin whose pages may open the WebSocket, e.g. http://workshop.local:8080; repeatable.
    /// Pages served by the playground itself are always allowed.
    #[arg(long = "allow-origin", env = "ALLOW_ORIGINS", value_delimiter = ',')]
    pub allow_origins: Vec<String>,
    /// Folder of the built frontend (trunk's dist/). Without it the playground serves the frontend
    /// embedded in its binary (a release build carries the dist/ it was built after).
    #[arg(long, env = "FRONTEND_DIR")]
    pub frontend_dir: Option<PathBuf>,
    /// Messages one WebSocket may send at once (a token bucket's capacity).
    #[arg(long, env = "WS_MESSAGE_BURST", default_value_t = Limits::default().message_burst)]
    pub ws_message_burst: u32,
    /// Seconds in which that bucket refills: the sustained rate is the burst per this many seconds.
    #[arg(long, env = "WS_MESSAGE_WINDOW_SECS", default_value_t = Limits::default().message_window_secs)]
    pub ws_message_window_secs: u32,
    /// Runs in flight in one session, across its tabs, that open Redis connections of their own.
    #[arg(long, env = "MAX_RUNS_PER_SESSION", default_value_t = Limits::default().runs_per_session)]
    pub max_runs_per_session: u32,
    /// Virtual clients and subscribers the running requests of one session may use in total.
    #[arg(long, env = "MAX_CLIENTS_PER_SESSION", default_value_t = Limits::default().clients_per_session)]
    pub max_clients_per_session: u32,
    /// Open WebSockets (tabs) from one IP address.
    #[arg(long, env = "MAX_SESSIONS_PER_IP", default_value_t = Limits::default().sessions_per_ip)]
    pub max_sessions_per_ip: u32,
    /// Exercise submissions one session may have graded in any minute.
    #[arg(long, env = "MAX_GRADINGS_PER_MINUTE", default_value_t = Limits::default().gradings_per_minute)]
    pub max_gradings_per_minute: u32,
    /// Sandbox redis-servers (one per grading) this backend runs at once.
    #[arg(long, env = "MAX_SANDBOXES", default_value_t = Limits::default().sandboxes)]
    pub max_sandboxes: u32,
    /// Seconds one frame may wait for a browser that is not reading before the socket is closed.
    #[arg(long, env = "WS_SEND_TIMEOUT_SECS", default_value_t = Limits::default().send_timeout.as_secs())]
    pub ws_send_timeout_secs: u64,
    /// Seconds a workshop room waits for a presenter whose connection dropped before it closes.
    #[arg(long, env = "ROOM_GRACE_SECS", default_value_t = RoomTimes::default().grace.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub room_grace_secs: u64,
    /// Milliseconds between a room member's signs of life (the presenter's refresh, a participant's
    /// beat); a member silent for three of them has left.
    #[arg(long, env = "ROOM_BEAT_MS", default_value_t = RoomTimes::default().beat.as_millis() as u64,
        value_parser = clap::value_parser!(u64).range(100..=60_000))]
    pub room_beat_ms: u64,
}

impl Config {
    /// The limits these flags set.
    pub fn limits(&self) -> Limits {
        Limits {
            message_burst: self.ws_message_burst.max(1),
            message_window_secs: self.ws_message_window_secs.max(1),
            runs_per_session: self.max_runs_per_session,
            clients_per_session: self.max_clients_per_session,
            sessions_per_ip: self.max_sessions_per_ip,
            gradings_per_minute: self.max_gradings_per_minute,
            sandboxes: self.max_sandboxes,
            send_timeout: Duration::from_secs(self.ws_send_timeout_secs.max(1)),
            rooms: RoomTimes {
                grace: Duration::from_secs(self.room_grace_secs),
                beat: Duration::from_millis(self.room_beat_ms),
            },
            ..Limits::default()
        }
    }
}
