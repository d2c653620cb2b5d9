//! The playground's own private `redis-server`, started when no Redis URL is given, so a learner types one
//! command and has a working playground. Tests start one each through the same code.
//!
//! It listens on a free loopback port, writes nothing to disk (`--save ""`, `--appendonly no`), reads
//! no leftover dump (its file name is its own), and is killed when the handle drops. [`LocalCluster`]
//! starts six of them as a Redis Cluster.

use std::{
    net::{Ipv4Addr, SocketAddr, TcpListener},
    path::PathBuf,
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
            .args([
                "--dbfilename",
                &format!("pg-{}.rdb", uuid::Uuid::new_v4().simple()),
            ])
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
            if let Ok(stream) = TcpStream::connect(addr).await {
                // Another server may have taken the port between `free_port` and this one's bind: then
                // this one exits, and the one answering is not it.
                if served_by(stream).await == child.id() {
                    return Ok(Self { child, port });
                }
                let _ = child.kill().await;
                return Err(EmbeddedError::Failed(format!("port {port} was taken")));
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

/// The `process_id` of the server answering on `stream`, from its `INFO server`.
async fn served_by(mut stream: TcpStream) -> Option<u32> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n")
        .await
        .ok()?;
    let mut reply = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&reply);
        if let Some(at) = text.find("process_id:") {
            let rest = &text[at + "process_id:".len()..];
            if let Some(end) = rest.find("\r\n") {
                return rest[..end].trim().parse().ok();
            }
        }
        let read = tokio::time::timeout(READY_WITHIN, stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if read == 0 {
            return None;
        }
        reply.extend_from_slice(&chunk[..read]);
    }
}

/// A loopback port nobody listens on right now.
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// Masters of a [`LocalCluster`]; each has one replica.
const MASTERS: usize = 3;
/// How long a cluster node may be unreachable before its replica takes over, in milliseconds: short,
/// so a failover in a test or on a laptop takes a few seconds, not Redis's default fifteen.
const NODE_TIMEOUT_MS: &str = "1000";
/// How long a fresh cluster may take to agree on its slots.
const CLUSTER_READY_WITHIN: Duration = Duration::from_secs(30);

/// A private Redis Cluster of three masters with a replica each, from the same `redis-server`, on free
/// loopback ports. Nothing is saved: replicas load the master's data from the socket (diskless), and
/// each node's `nodes.conf` sits in a temporary folder removed with the handle. Tests start one through
/// it, and `--cluster` runs the playground on one.
pub struct LocalCluster {
    nodes: Vec<EmbeddedRedis>,
    /// Holds the nodes' `nodes.conf`; removed on drop, after the nodes are killed.
    dir: PathBuf,
}

impl LocalCluster {
    /// Starts six nodes, joins them with `redis-cli --cluster create … --cluster-replicas 1`, and
    /// waits until every node says the cluster is `ok`.
    pub async fn start() -> Result<Self, EmbeddedError> {
        let dir =
            std::env::temp_dir().join(format!("pg-cluster-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).map_err(|e| EmbeddedError::Failed(e.to_string()))?;
        let mut cluster = Self {
            nodes: Vec::new(),
            dir,
        };
        for _ in 0..MASTERS * 2 {
            let node = cluster.start_node().await?;
            cluster.nodes.push(node);
        }
        let addresses: Vec<String> = cluster
            .ports()
            .iter()
            .map(|port| format!("127.0.0.1:{port}"))
            .collect();
        let created = Command::new("redis-cli")
            .args(["--cluster", "create"])
            .args(&addresses)
            .args(["--cluster-replicas", "1", "--cluster-yes"])
            .stdin(Stdio::null())
            .output()
            .await
            .map_err(|e| EmbeddedError::Failed(format!("redis-cli: {e}")))?;
        if !created.status.success() {
            return Err(EmbeddedError::Failed(format!(
                "redis-cli --cluster create: {}",
                String::from_utf8_lossy(&created.stdout)
            )));
        }
        cluster.wait_until_ok(CLUSTER_READY_WITHIN).await?;
        Ok(cluster)
    }

    async fn start_node(&self) -> Result<EmbeddedRedis, EmbeddedError> {
        let mut last = String::new();
        for _ in 0..ATTEMPTS {
            let port = free_port().map_err(|e| EmbeddedError::Failed(e.to_string()))?;
            let conf = self.dir.join(format!("nodes-{port}.conf"));
            let extra = [
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                &conf.to_string_lossy(),
                "--cluster-node-timeout",
                NODE_TIMEOUT_MS,
                // A replica never waits to be "recent enough" to take over: a test kills masters.
                "--cluster-replica-validity-factor",
                "0",
                // Replication through the socket only: no dump file on either side.
                "--repl-diskless-sync",
                "yes",
                "--repl-diskless-sync-delay",
                "0",
                "--repl-diskless-load",
                "on-empty-db",
            ];
            match EmbeddedRedis::start_on(port, &extra).await {
                Ok(node) => return Ok(node),
                Err(EmbeddedError::Failed(reason)) => last = reason,
                Err(e) => return Err(e),
            }
        }
        Err(EmbeddedError::Failed(last))
    }

    /// Every node's port, masters first as `redis-cli` made them.
    pub fn ports(&self) -> Vec<u16> {
        self.nodes.iter().map(EmbeddedRedis::port).collect()
    }

    /// Every node's URL, as seeds for `--redis-cluster`.
    pub fn urls(&self) -> Vec<String> {
        self.nodes.iter().map(EmbeddedRedis::url).collect()
    }

    /// Kills the node on `port` (a master, in the failover test) and waits for it to exit.
    pub async fn kill(&mut self, port: u16) {
        if let Some(node) = self.nodes.iter_mut().find(|n| n.port() == port) {
            node.kill().await;
        }
    }

    /// Waits until every live node reports `cluster_state:ok` (after a failover: the replica promoted)
    /// and every replica has its master's data.
    pub async fn wait_until_ok(&self, within: Duration) -> Result<(), EmbeddedError> {
        let deadline = Instant::now() + within;
        loop {
            let mut ok = true;
            for port in self.ports() {
                // A killed node does not answer; only the live ones must agree.
                let Some(state) = redis_cli(port, &["cluster", "info"]).await? else {
                    continue;
                };
                let replication = redis_cli(port, &["info", "replication"]).await?;
                let synced = replication.is_none_or(|text| {
                    !text.contains("role:slave") || text.contains("master_link_status:up")
                });
                ok &= state.contains("cluster_state:ok") && synced;
            }
            if ok {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(EmbeddedError::Failed(
                    "the cluster did not reach cluster_state:ok".into(),
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// `redis-cli -p <port> <args>`'s output; `None` when the node does not answer.
async fn redis_cli(port: u16, args: &[&str]) -> Result<Option<String>, EmbeddedError> {
    let out = Command::new("redis-cli")
        .args(["-p", &port.to_string()])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .await
        .map_err(|e| EmbeddedError::Failed(format!("redis-cli: {e}")))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Ok(
        (out.status.success() && !text.is_empty() && !text.starts_with("Could not connect"))
            .then_some(text),
    )
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        // The nodes are killed first (their handles kill on drop), then their folder goes.
        self.nodes.clear();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
