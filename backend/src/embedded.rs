//! The playground's own private `redis-server`, started when no Redis URL is given, so a learner types one
//! command and has a working playground. Tests start one each through the same code.
//!
//! It listens on a free loopback port, writes nothing to disk (`--save ""`, `--appendonly no`), and is
//! killed when the handle drops.

use std::{
    net::{Ipv4Addr, SocketAddr, TcpListener},
    process::Stdio,
    time::Duration,
};

use tokio::{net::TcpStream, process::Child, process::Command, time::Instant};

/// How long a fresh server may take to accept connections.
const READY_WITHIN: Duration = Duration::from_secs(10);
/// Ports tried before giving up, in case another process takes the free port first.
const ATTEMPTS: usize = 5;

/// Why the private server could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    /// `redis-server` is not on PATH.
    #[error("redis-server is not installed")]
    NotInstalled,
    /// It was found but did not come up.
    #[error("redis-server did not start: {0}")]
    Failed(String),
}

/// A running private redis-server; dropping the handle kills it.
pub struct EmbeddedRedis {
    child: Child,
    port: u16,
}

impl EmbeddedRedis {
    /// Starts a server on a free loopback port with `extra` arguments (e.g. `["--maxclients", "50"]`).
    pub async fn start(extra: &[&str]) -> Result<Self, EmbeddedError> {
        let mut last = String::new();
        for _ in 0..ATTEMPTS {
            let port = free_port().map_err(|e| EmbeddedError::Failed(e.to_string()))?;
            match Self::start_on(port, extra).await {
                Ok(server) => return Ok(server),
                Err(EmbeddedError::Failed(reason)) => last = reason,
                Err(e) => return Err(e),
            }
        }
        Err(EmbeddedError::Failed(last))
    }

    /// Starts a server like [`EmbeddedRedis::start`] whose whole process may map at most
    /// `address_space` bytes (util-linux's `prlimit --as`), so nothing inside it (a Lua script's
    /// tables, which `maxmemory` does not count) can take more of the machine. Without `prlimit` it
    /// starts uncapped and says so in the log.
    pub async fn start_capped(extra: &[&str], address_space: u64) -> Result<Self, EmbeddedError> {
        let cap = format!("--as={address_space}");
        let launch = if Command::new("prlimit")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .await
            .is_ok_and(|status| status.success())
        {
            vec!["prlimit", cap.as_str(), "redis-server"]
        } else {
            tracing::warn!(
                "prlimit is not installed: the sandbox's memory is capped by maxmemory only"
            );
            vec!["redis-server"]
        };
        let mut last = String::new();
        for _ in 0..ATTEMPTS {
            let port = free_port().map_err(|e| EmbeddedError::Failed(e.to_string()))?;
            match Self::launch(&launch, port, extra).await {
                Ok(server) => return Ok(server),
                Err(EmbeddedError::Failed(reason)) => last = reason,
                Err(e) => return Err(e),
            }
        }
        Err(EmbeddedError::Failed(last))
    }

    /// Starts a server on `port`: also how a test brings Redis back on the port it had.
    pub async fn start_on(port: u16, extra: &[&str]) -> Result<Self, EmbeddedError> {
        Self::launch(&["redis-server"], port, extra).await
    }

    /// Runs `launch` (the program, then its first arguments: `redis-server` itself, or a wrapper that
    /// execs it) with a server's arguments for `port` and `extra`, and waits until it accepts connections.
    async fn launch(launch: &[&str], port: u16, extra: &[&str]) -> Result<Self, EmbeddedError> {
        let (program, wrapper_args) = launch.split_first().unwrap_or((&"redis-server", &[][..]));
        let mut child = Command::new(program)
            .args(wrapper_args)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .args(["--dir", &std::env::temp_dir().to_string_lossy()])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => EmbeddedError::NotInstalled,
                _ => EmbeddedError::Failed(e.to_string()),
            })?;
        let deadline = Instant::now() + READY_WITHIN;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(EmbeddedError::Failed(format!(
                    "exited with {status} on port {port}"
                )));
            }
            if TcpStream::connect(addr).await.is_ok() {
                return Ok(Self { child, port });
            }
            if Instant::now() > deadline {
                return Err(EmbeddedError::Failed(format!(
                    "not accepting connections on port {port}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills the server and waits for it to exit.
    pub async fn stop(mut self) {
        self.kill().await;
    }

    /// Kills the server now (a sandbox whose script could not be stopped otherwise) and waits for it.
    pub async fn kill(&mut self) {
        let _ = self.child.kill().await;
    }
}

/// A loopback port nobody listens on right now.
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}
