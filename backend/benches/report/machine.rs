//! Where and when the figures were taken: CPUs, CPU model, Redis version, date. Figures from different
//! machines are not comparable, so the report carries them.

use std::time::{SystemTime, UNIX_EPOCH};

use redis::aio::MultiplexedConnection;

/// The machine and Redis a report was measured on.
pub struct Machine {
    /// Logical CPUs this process may use.
    pub cpus: usize,
    /// `model name` from /proc/cpuinfo, or `unknown` elsewhere.
    pub cpu_model: String,
    /// `redis_version` from `INFO server`.
    pub redis_version: String,
    /// `/proc/loadavg`'s 1, 5 and 15 minute load averages when the bench started: other work on the
    /// machine moves the figures.
    pub load: String,
    /// When the report was made, `YYYY-MM-DD HH:MM UTC`.
    pub date: String,
}

impl Machine {
    /// Reads the machine's description; `redis` is a connection to the Redis being measured.
    pub async fn describe(redis: &mut MultiplexedConnection) -> redis::RedisResult<Self> {
        let info: String = redis::cmd("INFO").arg("server").query_async(redis).await?;
        Ok(Self {
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model: cpu_model().unwrap_or_else(|| "unknown".into()),
            redis_version: field(&info, "redis_version").unwrap_or("unknown").into(),
            load: std::fs::read_to_string("/proc/loadavg")
                .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|_| "unknown".into()),
            date: utc_now(),
        })
    }
}

fn cpu_model() -> Option<String> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name")?.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
}

/// The value of `name` in `INFO` text (`name:value` lines).
fn field<'a>(info: &'a str, name: &str) -> Option<&'a str> {
    info.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
}

/// The current UTC date and minute, without a date crate: Howard Hinnant's `civil_from_days`.
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}
