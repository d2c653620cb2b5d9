//! The benchmark report: `cargo bench -p backend --bench report` (or `scripts/bench.sh`) starts one
//! private redis-server, measures the playground against it section by section, and writes
//! `BENCHMARKS.md` at the workspace root. Speed is judged from this report, never by timed tests.
//!
//! - [`ratelimit`]: the rate-limiting lab's decisions through the runner, raw redis-rs, the course's
//!   Python and the WebSocket.
//! - [`script`]: one decision of the sliding log's script through the WebSocket, redis-rs and
//!   redis-benchmark.
//! - [`sessions`]: 1,000 WebSocket sessions deciding 10 times a second each: round trips, RSS, CPU.
//! - [`exercise`]: the exercises: a sandbox's start-up, submit to verdict (rate limit, lock), and
//!   another session's `hit` beside a runaway script.
//! - [`console`]: a command typed in the console, against redis-cli's own round trip.
//! - [`bundle`]: the frontend's wasm and JavaScript, raw, gzipped and as sent; [`load`]: the first
//!   visit in Chromium under "Fast 3G" throttling, until the page is connected.
//! - [`draw`]: frame times of the rate-limit timeline at 10,000 marks and of a room view of 1,000
//!   members, in headless Chromium; [`browser`]: chromedriver and Chromium, shared with [`load`].
//! - [`fuzz`]: the cases the fuzz targets ran before the report.
//! - [`findings`]: what the report found slow, what changed, and the ratio before/after.
//! - [`process`]: a process's CPU time, the backend's and the bench's own.
//! - [`samples`]: timing decisions, the figures drawn from them (decisions per second, p50, p99), and
//!   the single-threaded runtime sequential paths are measured on.
//! - [`room`]: a workshop room of 200 WebSocket participants on a backend process, and a burst.
//! - [`fanout`]: one publisher to 1,000 WebSocket participants, against raw redis-rs subscribers.
//! - [`cluster`]: on a private Redis Cluster: the fan-out across two backends, and the connections and
//!   memory Redis holds per session and per room participant, beside one Redis.
//! - [`audience`]: a room's presenter and participants as WebSocket clients; [`procs`]: backend
//!   processes and their memory (the integration tests' helper), which every section that loads a
//!   backend starts.
//! - [`client`]: every section's WebSocket client, opened as a browser opens its socket.
//! - [`machine`]: CPUs, CPU model, load, Redis version and date, printed at the top.
//! - [`markdown`]: tables and number formats shared by the sections.
//!
//! A new section is one more module with a `section(&EmbeddedRedis, &Settings)` returning its markdown,
//! and one line in [`report`].

mod audience;
mod browser;
mod bundle;
mod client;
mod cluster;
mod console;
mod draw;
mod exercise;
mod fanout;
mod findings;
mod fuzz;
mod load;
mod machine;
mod markdown;
mod process;
#[path = "../../tests/it/procs.rs"]
mod procs;
mod ratelimit;
mod room;
mod samples;
mod script;
mod sessions;

use std::{
    error::Error,
    path::{Path, PathBuf},
    process::ExitCode,
};

use backend::embedded::{EmbeddedError, EmbeddedRedis};
use clap::Parser;

use machine::Machine;
use markdown::count;

/// Flags of the bench binary; `scripts/bench.sh` passes its arguments through.
#[derive(Parser)]
#[command(
    about = "Measures the playground against a private redis-server and writes BENCHMARKS.md"
)]
struct Flags {
    /// Where to write the report; a relative path is taken from the workspace root.
    #[arg(long, env = "BENCH_OUT", default_value = "BENCHMARKS.md")]
    out: PathBuf,
    /// Decisions timed per algorithm and path: 100 to 10,000, a multiple of 100 (the WebSocket replay
    /// sends them as 100 a second of virtual time, and a replay holds at most 10,000).
    #[arg(long, default_value_t = 10_000, value_parser = parse_decisions)]
    decisions: usize,
    /// Untimed decisions before each timed run, so connections, script caches and keys are warm.
    #[arg(long, default_value_t = 1_000)]
    warmup: usize,
    /// Leaves out the course's Python (no venv, no pip).
    #[arg(long)]
    no_python: bool,
    /// WebSocket sessions open at once in the concurrent-sessions section.
    #[arg(long, default_value_t = 1_000)]
    sessions: usize,
    /// Seconds the concurrent sessions keep deciding.
    #[arg(long, default_value_t = 20)]
    session_seconds: u64,
    /// Measures only these sections (e.g. `--only script,sessions`); the report then holds only them.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Passed by `cargo bench` to every bench binary; accepted and ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// The bench's errors: reported once, by `main`, never branched on. `Send` so they can come back from a
/// measuring thread.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// What every section measures with.
#[derive(Clone, Copy)]
pub struct Settings {
    /// Decisions timed per path.
    pub decisions: usize,
    /// Untimed decisions before them.
    pub warmup: usize,
    /// Whether to run the course's Python.
    pub python: bool,
}

fn parse_decisions(text: &str) -> Result<usize, String> {
    let n: usize = text.parse().map_err(|e| format!("{e}"))?;
    if (100..=10_000).contains(&n) && n.is_multiple_of(100) {
        Ok(n)
    } else {
        Err("must be a multiple of 100 from 100 to 10000".into())
    }
}

/// The workspace root, where the report and `target/` live (cargo runs benches from the package folder).
pub fn workspace_root() -> &'static Path {
    let backend = Path::new(env!("CARGO_MANIFEST_DIR"));
    backend.parent().unwrap_or(backend)
}

#[tokio::main]
async fn main() -> ExitCode {
    let flags = Flags::parse();
    match report(flags).await {
        Ok(path) => {
            println!("report written to {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Measures every section and writes the report; returns where it was written.
async fn report(flags: Flags) -> Result<PathBuf, BoxError> {
    let settings = Settings {
        decisions: flags.decisions,
        warmup: flags.warmup,
        python: !flags.no_python,
    };
    let redis = EmbeddedRedis::start(&[]).await.map_err(|e| match e {
        EmbeddedError::NotInstalled => {
            "redis-server is not installed: run scripts/setup.sh, or install Debian's redis-server"
                .to_owned()
        }
        EmbeddedError::Failed(reason) => {
            format!("the private redis-server did not start: {reason}")
        }
    })?;
    let mut direct = redis::Client::open(redis.url())?
        .get_multiplexed_async_connection()
        .await?;
    let machine = Machine::describe(&mut direct).await?;

    let wanted = |name: &str| flags.only.is_empty() || flags.only.iter().any(|o| o == name);
    let load = sessions::Load {
        sessions: flags.sessions,
        seconds: flags.session_seconds,
    };
    let mut sections = Vec::new();
    if wanted("ratelimit") {
        sections.push(ratelimit::section(&redis, &settings).await?);
    }
    if wanted("room") {
        sections.push(room::section(&redis).await?);
    }
    if wanted("fanout") {
        sections.push(fanout::section(&redis).await?);
    }
    if wanted("cluster") {
        sections.push(cluster::section(&redis).await?);
    }
    if wanted("script") {
        sections.push(script::section(&redis, &settings).await?);
    }
    if wanted("sessions") {
        sections.push(sessions::section(&redis, load).await?);
    }
    if wanted("exercise") {
        sections.push(exercise::section(&redis).await?);
    }
    if wanted("console") {
        sections.push(console::section(&redis).await?);
    }
    if wanted("bundle") {
        sections.push(bundle::section(&redis.url()).await?);
    }
    if wanted("draw") {
        sections.push(draw::section(&redis).await?);
    }
    if wanted("fuzz") {
        sections.push(fuzz::section()?);
    }
    if wanted("findings") {
        sections.push(findings::section());
    }

    let mut text = header(&machine, &settings);
    for section in sections {
        text.push('\n');
        text.push_str(&section);
    }
    let out = workspace_root().join(&flags.out);
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    redis.stop().await;
    Ok(out)
}

/// The title, how the report was made, and the machine it describes.
fn header(machine: &Machine, settings: &Settings) -> String {
    format!(
        "# Benchmarks\n\n\
         Written by `scripts/bench.sh` (`cargo bench -p backend --bench report`): every figure below \
         comes from one run against one private redis-server on the machine described here. Figures \
         from another machine are not comparable; run the script again to refresh them.\n\n\
         {}",
        markdown::table(
            &["", ""],
            &[
                vec!["date".into(), machine.date.clone()],
                vec![
                    "CPU".into(),
                    format!("{} ({} logical CPUs)", machine.cpu_model, machine.cpus),
                ],
                vec!["load average at start".into(), machine.load.clone()],
                vec!["Redis".into(), machine.redis_version.clone()],
                vec![
                    "decisions timed per path".into(),
                    format!(
                        "{} (after {} untimed)",
                        count(settings.decisions as f64),
                        count(settings.warmup as f64)
                    ),
                ],
            ],
        )
    )
}
