//! Backend processes: the real binary, started on a free port against a Redis the caller names, as a
//! deployment with several backends behind one Redis runs it, and its memory read from `/proc`.
//! Self-contained, so the bench report can include this file too.

use std::{
    net::{Ipv4Addr, SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use tokio::{
    process::{Child, Command},
    time::Instant,
};

/// How long a fresh backend may take to answer `/healthz`.
const READY_WITHIN: Duration = Duration::from_secs(20);
/// Ports tried before giving up, in case another process takes the free port first.
const ATTEMPTS: usize = 5;

/// A running backend process; dropping it kills the process.
pub struct BackendProcess {
    child: Child,
    addr: SocketAddr,
    /// Keeps the stand-in frontend folder alive while the process serves it.
    _frontend: Option<tempfile::TempDir>,
}

impl BackendProcess {
    /// Starts the backend binary against `redis_url`, with the environment variables `env` (a flag's
    /// fallback, e.g. a limit), and waits until `/healthz` answers 200. Serves the built frontend when
    /// `dist/` has one, else a stand-in page, so no test depends on trunk.
    pub async fn start(redis_url: &str, env: &[(&str, &str)]) -> Result<Self, String> {
        let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist");
        let (frontend_dir, frontend) = if dist.join("index.html").is_file() {
            (dist, None)
        } else {
            let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
            std::fs::write(
                dir.path().join("index.html"),
                "<!doctype html><title>stand-in</title>",
            )
            .map_err(|e| format!("stand-in index.html: {e}"))?;
            (dir.path().to_owned(), Some(dir))
        };
        let mut last = String::new();
        for _ in 0..ATTEMPTS {
            match Self::start_on(redis_url, &frontend_dir, env).await {
                Ok((child, addr)) => {
                    return Ok(Self {
                        child,
                        addr,
                        _frontend: frontend,
                    });
                }
                Err(reason) => last = reason,
            }
        }
        Err(last)
    }

    async fn start_on(
        redis_url: &str,
        frontend: &Path,
        env: &[(&str, &str)],
    ) -> Result<(Child, SocketAddr), String> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_backend"))
            .args(["--redis-url", redis_url, "--port", &port.to_string()])
            .arg("--frontend-dir")
            .arg(frontend)
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("backend binary: {e}"))?;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let health = format!("http://{addr}/healthz");
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("the backend exited with {status} on port {port}"));
            }
            if let Ok(response) = reqwest::get(&health).await
                && response.status().is_success()
            {
                return Ok((child, addr));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the backend did not answer /healthz on port {port}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// `http://<addr><path>`: a page of this backend.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `ws://<addr>/ws`.
    pub fn ws_url(&self) -> String {
        self.url("/ws").replacen("http", "ws", 1)
    }

    /// The process id, e.g. to read its CPU time from `/proc/<pid>/stat`; `None` once it has exited.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// The process's current resident memory (`VmRSS`) and its peak so far (`VmHWM`), in KiB, from
    /// `/proc/<pid>/status`.
    pub fn memory_kib(&self) -> Result<(u64, u64), String> {
        let pid = self.pid().ok_or("the backend process has exited")?;
        let path = format!("/proc/{pid}/status");
        let status = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
                .ok_or_else(|| format!("no {name} in {path}"))
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    /// Kills the process and waits for it to exit.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
