//! The real backend binary as a process of its own, so the report can read what it costs: resident
//! memory from `/proc/<pid>/status` and CPU time from `/proc/<pid>/stat`. Sections that load the server
//! from the bench's own threads spawn it this way, so the two do not share a runtime or an address space.

use std::{path::Path, process::Stdio, time::Duration};

use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

use crate::BoxError;

/// How long the binary may take to print its address.
const READY_WITHIN: Duration = Duration::from_secs(20);
/// Clock ticks per second of `/proc/<pid>/stat` times: `USER_HZ`, 100 on every Linux ABI.
const TICKS_PER_SECOND: f64 = 100.0;

/// The backend binary (release, as `cargo bench` builds it) listening on a free port against one Redis.
pub struct Backend {
    /// The process; killed when dropped.
    child: Child,
    /// Its id, for `/proc`.
    pid: u32,
    /// `ws://127.0.0.1:<port>/ws`.
    pub ws_url: String,
    /// Holds the stand-in frontend folder as long as the process runs.
    _frontend: tempfile::TempDir,
}

impl Backend {
    /// Starts `backend --port 0 --redis-url <redis_url>` and waits for the address it prints.
    pub async fn spawn(redis_url: &str) -> Result<Self, BoxError> {
        // Only `/ws` is used; the binary refuses to start without an index.html.
        let frontend = tempfile::tempdir()?;
        std::fs::write(frontend.path().join("index.html"), "<!doctype html>")?;
        let mut child = Command::new(env!("CARGO_BIN_EXE_backend"))
            .args(["--port", "0", "--redis-url", redis_url, "--frontend-dir"])
            .arg(frontend.path())
            // The bench is one address opening 1,000 sockets, and one socket asking thousands of
            // times a second: the per-address and per-socket limits are lifted, not measured.
            .args(["--max-sessions-per-ip", "100000"])
            .args([
                "--ws-message-burst",
                "1000000",
                "--ws-message-window-secs",
                "1",
            ])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()?;
        let pid = child.id().ok_or("the backend exited at once")?;
        let stdout = child.stdout.take().ok_or("no stdout pipe")?;
        let mut lines = BufReader::new(stdout).lines();
        let banner = tokio::time::timeout(READY_WITHIN, lines.next_line())
            .await
            .map_err(|_| "the backend did not print its address in time")??
            .ok_or("the backend exited before listening")?;
        let addr = banner
            .rsplit("http://")
            .next()
            .map(|rest| rest.trim_end_matches('/').to_owned())
            .ok_or_else(|| format!("no address in the backend's banner {banner:?}"))?;
        // Keeps the pipe drained, so a warning never blocks the server.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self {
            child,
            pid,
            ws_url: format!("ws://{addr}/ws"),
            _frontend: frontend,
        })
    }

    /// The process's current resident memory (`VmRSS`) and its peak so far (`VmHWM`), in KiB.
    pub fn memory_kib(&self) -> Result<(u64, u64), BoxError> {
        let status = std::fs::read_to_string(proc_file(self.pid, "status"))?;
        let field = |name: &str| -> Result<u64, BoxError> {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
                .ok_or_else(|| format!("no {name} in /proc status").into())
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    /// User plus system CPU time the process has used so far.
    pub fn cpu_seconds(&self) -> Result<f64, BoxError> {
        cpu_seconds_of(self.pid)
    }

    /// Stops the process.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// User plus system CPU time used so far by process `pid`.
pub fn cpu_seconds_of(pid: u32) -> Result<f64, BoxError> {
    let stat = std::fs::read_to_string(proc_file(pid, "stat"))?;
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
    let after = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .ok_or("malformed /proc stat")?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of stat, so 12th and 13th after the name.
    let ticks = |i: usize| -> Result<f64, BoxError> {
        Ok(fields.get(i).ok_or("short /proc stat")?.parse::<f64>()?)
    };
    Ok((ticks(11)? + ticks(12)?) / TICKS_PER_SECOND)
}

fn proc_file(pid: u32, name: &str) -> std::path::PathBuf {
    Path::new("/proc").join(pid.to_string()).join(name)
}
