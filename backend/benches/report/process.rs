//! CPU time of a process from `/proc/<pid>/stat`: the backend process's (see [`crate::procs`]) and the
//! bench's own, so the report can say what a load cost each of them.

use crate::{BoxError, procs::BackendProcess};

/// Clock ticks per second of `/proc/<pid>/stat` times: `USER_HZ`, 100 on every Linux ABI.
const TICKS_PER_SECOND: f64 = 100.0;

/// User plus system CPU time used so far by process `pid`.
pub fn cpu_seconds_of(pid: u32) -> Result<f64, BoxError> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
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

/// User plus system CPU time used so far by the backend processes `backends`, together.
pub fn cpu_seconds_of_backends(backends: &[&BackendProcess]) -> Result<f64, BoxError> {
    backends
        .iter()
        .map(|b| cpu_seconds_of(b.pid().ok_or("a backend process has exited")?))
        .sum()
}
