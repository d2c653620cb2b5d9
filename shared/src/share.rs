//! Share links: a run request packed into a few bytes, so a URL (`?s=`, base64url of these bytes) opens
//! the same lab with the same parameters and, for a traced rate-limit run, the same arrivals. A replay
//! opened from a link decides exactly as the run it was made from.
//!
//! The format is versioned by its first byte. Numbers are LEB128 varints; a trace is sorted and stored
//! as time deltas, with runs of equal gaps from the same client folded into one entry, so steady traffic
//! costs a few bytes and 1,000 random arrivals about 3 KB.

use crate::{
    LabRequest,
    lock::{Acquire, Faults, LockParams, LockRequest, Release},
    ratelimit::{Algorithm, Arrival, Limits, Mode, Pattern, RatelimitRequest, Traffic},
    speed::Speed,
};

/// The first byte of every link of this format.
const VERSION: u8 = 1;
/// The lab tags after the version.
const RATELIMIT: u8 = 1;
const LOCK: u8 = 2;
/// The rate-limit lab's many-servers lesson.
const SERVERS: u8 = 3;
/// Bits of a trace entry's header after its gap.
const CLIENT_CHANGED: u64 = 1;
const REPEATED: u64 = 2;
/// Most arrivals a link may unfold to, so a tiny link cannot ask for a huge allocation.
const MAX_UNFOLDED: u64 = crate::ratelimit::MAX_ARRIVALS as u64;

/// Why bytes are not a share link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareError {
    /// Another format version, or not a link at all.
    Version,
    /// A lab, mode, pattern or enum value this format does not know.
    Unknown,
    /// The bytes end early or a number overflows.
    Truncated,
}

/// The bytes of a link to `request`, or `None` for requests a link cannot carry (only a rate-limit
/// `Run` or `Servers` and a lock `Run` can be shared).
pub fn encode(request: &LabRequest) -> Option<Vec<u8>> {
    let mut out = Writer(vec![VERSION]);
    match request {
        LabRequest::Ratelimit(RatelimitRequest::Run {
            algorithms,
            limits,
            mode,
            traffic,
            speed,
        }) => {
            out.byte(RATELIMIT);
            let mask = Algorithm::ALL
                .iter()
                .enumerate()
                .filter(|(_, a)| algorithms.contains(a))
                .fold(0u8, |mask, (i, _)| mask | 1 << i);
            out.byte(mask);
            out.num(limits.max_requests.into());
            out.num(limits.window_seconds.into());
            out.byte(matches!(mode, Mode::Replay).into());
            out.speed(*speed);
            out.traffic(traffic);
        }
        LabRequest::Ratelimit(RatelimitRequest::Servers {
            servers,
            limits,
            pattern,
        }) => {
            out.byte(SERVERS);
            out.num((*servers).into());
            out.num(limits.max_requests.into());
            out.num(limits.window_seconds.into());
            out.pattern(pattern);
        }
        LabRequest::Lock(LockRequest::Run {
            params,
            faults,
            speed,
        }) => {
            out.byte(LOCK);
            for n in [
                params.clients,
                params.rounds,
                params.timeout_secs,
                params.retry_ms,
                params.work_ms,
                params.jitter_ms,
                params.deadline_secs,
                faults.pause_ms,
            ] {
                out.num(n.into());
            }
            let flags = [
                params.blocking,
                params.step,
                faults.fencing,
                faults.renewal,
                faults.release == Release::Del,
                faults.acquire == Acquire::SetnxThenExpire,
            ];
            out.byte(flags.iter().rev().fold(0, |acc, &f| acc << 1 | u8::from(f)));
            out.speed(*speed);
        }
        _ => return None,
    }
    Some(out.0)
}

/// The request a link's bytes carry. Parameters are not range-checked here: the request is validated
/// where it runs, like any other.
pub fn decode(bytes: &[u8]) -> Result<LabRequest, ShareError> {
    let mut r = Reader(bytes);
    if r.byte()? != VERSION {
        return Err(ShareError::Version);
    }
    match r.byte()? {
        RATELIMIT => {
            let mask = r.byte()?;
            let algorithms = Algorithm::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| mask & 1 << i != 0)
                .map(|(_, a)| a)
                .collect();
            let limits = Limits {
                max_requests: r.num32()?,
                window_seconds: r.num32()?,
            };
            let mode = match r.byte()? {
                0 => Mode::Live,
                1 => Mode::Replay,
                _ => return Err(ShareError::Unknown),
            };
            let speed = r.speed()?;
            let traffic = r.traffic()?;
            Ok(LabRequest::Ratelimit(RatelimitRequest::Run {
                algorithms,
                limits,
                mode,
                traffic,
                speed,
            }))
        }
        SERVERS => Ok(LabRequest::Ratelimit(RatelimitRequest::Servers {
            servers: r.num32()?,
            limits: Limits {
                max_requests: r.num32()?,
                window_seconds: r.num32()?,
            },
            pattern: r.pattern()?,
        })),
        LOCK => {
            let mut n = [0u32; 8];
            for slot in &mut n {
                *slot = r.num32()?;
            }
            let flags = r.byte()?;
            let flag = |i: u8| flags & 1 << i != 0;
            let params = LockParams {
                clients: n[0],
                rounds: n[1],
                timeout_secs: n[2],
                retry_ms: n[3],
                work_ms: n[4],
                jitter_ms: n[5],
                deadline_secs: n[6],
                blocking: flag(0),
                step: flag(1),
            };
            let faults = Faults {
                pause_ms: n[7],
                fencing: flag(2),
                renewal: flag(3),
                release: if flag(4) { Release::Del } else { Release::Lua },
                acquire: if flag(5) {
                    Acquire::SetnxThenExpire
                } else {
                    Acquire::SetNxEx
                },
            };
            let speed = r.speed()?;
            Ok(LabRequest::Lock(LockRequest::Run {
                params,
                faults,
                speed,
            }))
        }
        _ => Err(ShareError::Unknown),
    }
}

/// Appends a link's bytes.
struct Writer(Vec<u8>);

impl Writer {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    /// LEB128: seven bits a byte, low first, the high bit set on every byte but the last.
    fn num(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8 & 0x7f) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn speed(&mut self, speed: Speed) {
        let index = Speed::ALL.iter().position(|&s| s == speed).unwrap_or(0);
        self.byte(index as u8);
    }

    fn traffic(&mut self, traffic: &Traffic) {
        match traffic {
            Traffic::Pattern { pattern } => {
                self.byte(0);
                self.pattern(pattern);
            }
            Traffic::Trace { arrivals } => {
                self.byte(1);
                let mut sorted = arrivals.clone();
                sorted.sort_by_key(|a| (a.at_us, a.client));
                self.arrivals(&sorted);
            }
        }
    }

    /// A tag, then the pattern's numbers in the order its variant declares them.
    fn pattern(&mut self, pattern: &Pattern) {
        let (tag, fields): (u8, Vec<u64>) = match *pattern {
            Pattern::Steady {
                per_second,
                seconds,
            } => (0, vec![per_second.into(), seconds.into()]),
            Pattern::Bursts {
                size,
                every_seconds,
                count,
            } => (1, vec![size.into(), every_seconds.into(), count.into()]),
            Pattern::BoundaryBurst => (2, vec![]),
            Pattern::Poisson {
                per_second,
                seconds,
                seed,
            } => (3, vec![per_second.into(), seconds.into(), seed]),
            Pattern::Concurrent { clients, each } => (4, vec![clients.into(), each.into()]),
            Pattern::RetryFixed {
                per_second,
                seconds,
                delay_ms,
                seed,
            } => (
                5,
                vec![per_second.into(), seconds.into(), delay_ms.into(), seed],
            ),
            Pattern::RetryJitter {
                per_second,
                seconds,
                base_ms,
                seed,
            } => (
                6,
                vec![per_second.into(), seconds.into(), base_ms.into(), seed],
            ),
        };
        self.byte(tag);
        fields.into_iter().for_each(|f| self.num(f));
    }

    /// Entries of (gap, client, repeats): a header `gap << 2 | flags`, the client when it changed, and
    /// how many more arrivals follow at the same gap from the same client when the entry repeats.
    fn arrivals(&mut self, sorted: &[Arrival]) {
        self.num(sorted.len() as u64);
        let (mut last_at, mut last_client) = (0u64, 0u32);
        let mut i = 0;
        while let Some(first) = sorted.get(i) {
            let gap = first.at_us - last_at;
            let repeats = sorted[i + 1..]
                .iter()
                .scan(first.at_us, |at, a| {
                    let same = a.client == first.client && a.at_us - *at == gap;
                    *at = a.at_us;
                    same.then_some(())
                })
                .count();
            let changed = first.client != last_client;
            let flags =
                if changed { CLIENT_CHANGED } else { 0 } | if repeats > 0 { REPEATED } else { 0 };
            self.num(gap << 2 | flags);
            if changed {
                self.num(first.client.into());
            }
            if repeats > 0 {
                self.num(repeats as u64);
            }
            last_at = first.at_us + gap * repeats as u64;
            last_client = first.client;
            i += 1 + repeats;
        }
    }
}

/// Reads a link's bytes front to back.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, ShareError> {
        let (&first, rest) = self.0.split_first().ok_or(ShareError::Truncated)?;
        self.0 = rest;
        Ok(first)
    }

    fn num(&mut self) -> Result<u64, ShareError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f)
                .checked_shl(shift)
                .ok_or(ShareError::Truncated)?;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(ShareError::Truncated)
    }

    fn num32(&mut self) -> Result<u32, ShareError> {
        u32::try_from(self.num()?).map_err(|_| ShareError::Truncated)
    }

    fn speed(&mut self) -> Result<Speed, ShareError> {
        Speed::ALL
            .get(usize::from(self.byte()?))
            .copied()
            .ok_or(ShareError::Unknown)
    }

    fn traffic(&mut self) -> Result<Traffic, ShareError> {
        if self.byte()? == 1 {
            return Ok(Traffic::Trace {
                arrivals: self.arrivals()?,
            });
        }
        Ok(Traffic::Pattern {
            pattern: self.pattern()?,
        })
    }

    fn pattern(&mut self) -> Result<Pattern, ShareError> {
        Ok(match self.byte()? {
            0 => Pattern::Steady {
                per_second: self.num32()?,
                seconds: self.num32()?,
            },
            1 => Pattern::Bursts {
                size: self.num32()?,
                every_seconds: self.num32()?,
                count: self.num32()?,
            },
            2 => Pattern::BoundaryBurst,
            3 => Pattern::Poisson {
                per_second: self.num32()?,
                seconds: self.num32()?,
                seed: self.num()?,
            },
            4 => Pattern::Concurrent {
                clients: self.num32()?,
                each: self.num32()?,
            },
            5 => Pattern::RetryFixed {
                per_second: self.num32()?,
                seconds: self.num32()?,
                delay_ms: self.num32()?,
                seed: self.num()?,
            },
            6 => Pattern::RetryJitter {
                per_second: self.num32()?,
                seconds: self.num32()?,
                base_ms: self.num32()?,
                seed: self.num()?,
            },
            _ => return Err(ShareError::Unknown),
        })
    }

    fn arrivals(&mut self) -> Result<Vec<Arrival>, ShareError> {
        let count = self.num()?;
        if count > MAX_UNFOLDED {
            return Err(ShareError::Unknown);
        }
        let mut arrivals = Vec::with_capacity(count as usize);
        let (mut at_us, mut client) = (0u64, 0u32);
        while (arrivals.len() as u64) < count {
            let header = self.num()?;
            let gap = header >> 2;
            if header & CLIENT_CHANGED != 0 {
                client = self.num32()?;
            }
            let repeats = if header & REPEATED != 0 {
                self.num()?
            } else {
                0
            };
            // Checked: a crafted `repeats` near u64::MAX must not wrap past `count` and push forever.
            let last = (arrivals.len() as u64)
                .checked_add(repeats)
                .ok_or(ShareError::Truncated)?;
            if last >= count {
                return Err(ShareError::Truncated);
            }
            for _ in 0..=repeats {
                at_us = at_us.checked_add(gap).ok_or(ShareError::Truncated)?;
                arrivals.push(Arrival { at_us, client });
            }
        }
        Ok(arrivals)
    }
}

#[cfg(test)]
mod tests;
