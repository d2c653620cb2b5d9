//! Command-line flags, each with an environment-variable fallback.

use std::{net::IpAddr, path::PathBuf};

use clap::Parser;

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
    /// Redis to run the labs against, e.g. redis://127.0.0.1:6379. Without it the playground starts a
    /// private redis-server of its own.
    #[arg(long, env = "REDIS_URL")]
    pub redis_url: Option<String>,
    /// Another origin whose pages may open the WebSocket, e.g. http://workshop.local:8080; repeatable.
    /// Pages served by the playground itself are always allowed.
    #[arg(long = "allow-origin", env = "ALLOW_ORIGINS", value_delimiter = ',')]
    pub allow_origins: Vec<String>,
    /// Folder of the built frontend (trunk's dist/). Without it the playground serves the frontend
    /// embedded in its binary (a release build carries the dist/ it was built after).
    #[arg(long, env = "FRONTEND_DIR")]
    pub frontend_dir: Option<PathBuf>,
}
