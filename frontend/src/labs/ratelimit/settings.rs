//! The form: lanes, limits, mode, slow motion and the traffic generator's parameters.
//!
//! Numbers are kept as the text typed, so a half-typed value stays on screen; they become a request only
//! when one is sent, through the same `validate` the backend runs, so the browser shows the same range
//! error the server would have sent.

use shared::ParamRange;
use shared::ratelimit::{Algorithm, Limits, Mode, Pattern, RatelimitRequest, Traffic};
use shared::speed::Speed;

use super::generator::{Param, PatternKind};

/// One change to the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// Show (and request) a lane, or not.
    Lane(Algorithm, bool),
    /// The `max_requests` field.
    MaxRequests(String),
    /// The `window_seconds` field.
    WindowSeconds(String),
    /// Live or replay.
    Mode(Mode),
    /// The generator.
    Pattern(PatternKind),
    /// A generator's number.
    Param(Param, String),
    /// Slow motion of live runs.
    Speed(Speed),
    /// The number of application servers of the many-servers lesson.
    Servers(String),
}

/// The form's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Chosen lanes, in `Algorithm::ALL` order.
    pub lanes: Vec<Algorithm>,
    /// `max_requests` as typed.
    pub max_requests: String,
    /// `window_seconds` as typed.
    pub window_seconds: String,
    /// How runs are timed.
    pub mode: Mode,
    /// Slow motion of live runs.
    pub speed: Speed,
    /// The generator the "run" button uses.
    pub pattern: PatternKind,
    /// Each generator number as typed, in [`Param`] order.
    params: [String; 10],
    /// The many-servers lesson's number of servers, as typed.
    pub servers: String,
}

impl Default for Settings {
    fn default() -> Self {
        let limits = Limits::default();
        Self {
            lanes: Algorithm::ALL.to_vec(),
            max_requests: limits.max_requests.to_string(),
            window_seconds: limits.window_seconds.to_string(),
            mode: Mode::Replay,
            speed: Speed::Normal,
            pattern: PatternKind::Steady,
            params: ["2", "30", "8", "4", "5", "42", "10", "1", "200", "200"].map(String::from),
            servers: "4".into(),
        }
    }
}

impl Settings {
    /// Applies one change.
    pub fn apply(&mut self, setting: Setting) {
        match setting {
            Setting::Lane(algorithm, on) => {
                self.lanes.retain(|&a| a != algorithm);
                if on {
                    self.lanes.push(algorithm);
                    self.lanes.sort();
                }
            }
            Setting::MaxRequests(text) => self.max_requests = text,
            Setting::WindowSeconds(text) => self.window_seconds = text,
            Setting::Mode(mode) => self.mode = mode,
            Setting::Pattern(kind) => self.pattern = kind,
            Setting::Param(param, text) => self.params[param as usize] = text,
            Setting::Speed(speed) => self.speed = speed,
            Setting::Servers(text) => self.servers = text,
        }
    }

    /// A generator number as typed.
    pub fn param(&self, param: Param) -> &str {
        &self.params[param as usize]
    }

    /// The limits, or the first field out of range.
    pub fn limits(&self) -> Result<Limits, ParamRange> {
        let limits = Limits {
            max_requests: number(&self.max_requests),
            window_seconds: number(&self.window_seconds),
        };
        limits.validate().map(|()| limits)
    }

    /// The chosen generator with its numbers, or the first field out of range.
    pub fn pattern(&self) -> Result<Pattern, ParamRange> {
        let n = |param| number(self.param(param));
        let pattern = match self.pattern {
            PatternKind::Steady => Pattern::Steady {
                per_second: n(Param::PerSecond),
                seconds: n(Param::Seconds),
            },
            PatternKind::Bursts => Pattern::Bursts {
                size: n(Param::Size),
                every_seconds: n(Param::EverySeconds),
                count: n(Param::Count),
            },
            PatternKind::BoundaryBurst => Pattern::BoundaryBurst,
            PatternKind::Poisson => Pattern::Poisson {
                per_second: n(Param::PerSecond),
                seconds: n(Param::Seconds),
                seed: self.seed()?,
            },
            PatternKind::Concurrent => Pattern::Concurrent {
                clients: n(Param::Clients),
                each: n(Param::Each),
            },
            PatternKind::RetryFixed => Pattern::RetryFixed {
                per_second: n(Param::PerSecond),
                seconds: n(Param::Seconds),
                delay_ms: n(Param::DelayMs),
                seed: self.seed()?,
            },
            PatternKind::RetryJitter => Pattern::RetryJitter {
                per_second: n(Param::PerSecond),
                seconds: n(Param::Seconds),
                base_ms: n(Param::BaseMs),
                seed: self.seed()?,
            },
        };
        pattern.validate().map(|()| pattern)
    }

    fn seed(&self) -> Result<u64, ParamRange> {
        self.param(Param::Seed)
            .trim()
            .parse()
            .map_err(|_| ParamRange {
                field: Param::Seed.field().into(),
                min: 0,
                max: i64::MAX,
            })
    }

    /// The many-servers lesson with the form's limits and generator, checked as the backend will.
    pub fn servers(&self) -> Result<RatelimitRequest, ParamRange> {
        checked(RatelimitRequest::Servers {
            servers: number(&self.servers),
            limits: self.limits()?,
            pattern: self.pattern()?,
        })
    }

    /// Takes a shared link's many-servers run: its servers, limits and generator.
    pub fn adopt_servers(&mut self, request: &RatelimitRequest) {
        if let RatelimitRequest::Servers {
            servers,
            limits,
            pattern,
        } = request
        {
            self.servers = servers.to_string();
            self.max_requests = limits.max_requests.to_string();
            self.window_seconds = limits.window_seconds.to_string();
            self.adopt_pattern(*pattern);
        }
    }

    /// A run of `traffic` through the chosen lanes, checked as the backend will check it.
    pub fn run(&self, traffic: Traffic) -> Result<RatelimitRequest, ParamRange> {
        checked(RatelimitRequest::Run {
            algorithms: self.lanes.clone(),
            limits: self.limits()?,
            mode: self.mode,
            traffic,
            speed: self.speed,
        })
    }

    /// One press of the "send request" button.
    pub fn hit(&self) -> Result<RatelimitRequest, ParamRange> {
        checked(RatelimitRequest::Hit {
            algorithms: self.lanes.clone(),
            limits: self.limits()?,
        })
    }

    /// A peek at the button's keys.
    pub fn peek(&self) -> Result<RatelimitRequest, ParamRange> {
        checked(RatelimitRequest::Peek {
            algorithms: self.lanes.clone(),
            limits: self.limits()?,
        })
    }

    /// Takes a shared link's run: its lanes, limits, mode, speed and generator.
    pub fn adopt_run(&mut self, request: &RatelimitRequest) {
        if let RatelimitRequest::Run {
            algorithms,
            limits,
            mode,
            traffic,
            speed,
        } = request
        {
            self.adopt(algorithms, *limits, *mode, traffic);
            self.speed = *speed;
        }
    }

    /// Takes a demo's or an imported file's lanes, limits and mode, and its generator if it has one.
    pub fn adopt(
        &mut self,
        algorithms: &[Algorithm],
        limits: Limits,
        mode: Mode,
        traffic: &Traffic,
    ) {
        self.lanes = algorithms.to_vec();
        self.lanes.sort();
        self.max_requests = limits.max_requests.to_string();
        self.window_seconds = limits.window_seconds.to_string();
        self.mode = mode;
        if let Traffic::Pattern { pattern } = traffic {
            self.adopt_pattern(*pattern);
        }
    }

    fn adopt_pattern(&mut self, pattern: Pattern) {
        let (kind, values): (PatternKind, Vec<(Param, u64)>) = match pattern {
            Pattern::Steady {
                per_second,
                seconds,
            } => (
                PatternKind::Steady,
                vec![
                    (Param::PerSecond, per_second.into()),
                    (Param::Seconds, seconds.into()),
                ],
            ),
            Pattern::Bursts {
                size,
                every_seconds,
                count,
            } => (
                PatternKind::Bursts,
                vec![
                    (Param::Size, size.into()),
                    (Param::EverySeconds, every_seconds.into()),
                    (Param::Count, count.into()),
                ],
            ),
            Pattern::BoundaryBurst => (PatternKind::BoundaryBurst, vec![]),
            Pattern::Poisson {
                per_second,
                seconds,
                seed,
            } => (
                PatternKind::Poisson,
                vec![
                    (Param::PerSecond, per_second.into()),
                    (Param::Seconds, seconds.into()),
                    (Param::Seed, seed),
                ],
            ),
            Pattern::Concurrent { clients, each } => (
                PatternKind::Concurrent,
                vec![(Param::Clients, clients.into()), (Param::Each, each.into())],
            ),
            Pattern::RetryFixed {
                per_second,
                seconds,
                delay_ms,
                seed,
            } => (
                PatternKind::RetryFixed,
                vec![
                    (Param::PerSecond, per_second.into()),
                    (Param::Seconds, seconds.into()),
                    (Param::DelayMs, delay_ms.into()),
                    (Param::Seed, seed),
                ],
            ),
            Pattern::RetryJitter {
                per_second,
                seconds,
                base_ms,
                seed,
            } => (
                PatternKind::RetryJitter,
                vec![
                    (Param::PerSecond, per_second.into()),
                    (Param::Seconds, seconds.into()),
                    (Param::BaseMs, base_ms.into()),
                    (Param::Seed, seed),
                ],
            ),
        };
        self.pattern = kind;
        for (param, value) in values {
            self.params[param as usize] = value.to_string();
        }
    }
}

/// The typed number; anything that is not one becomes 0, which every range rejects with its message.
fn number(text: &str) -> u32 {
    text.trim().parse().unwrap_or(0)
}

fn checked(request: RatelimitRequest) -> Result<RatelimitRequest, ParamRange> {
    request.validate().map(|()| request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_or_garbled_limits_name_their_field() {
        let mut settings = Settings::default();
        settings.apply(Setting::WindowSeconds("0".into()));
        assert_eq!(
            settings.limits().map_err(|r| r.field),
            Err("window_seconds".into())
        );
        settings.apply(Setting::WindowSeconds("10".into()));
        settings.apply(Setting::MaxRequests("lots".into()));
        let range = settings.limits().expect_err("not a number");
        assert_eq!(
            (range.field.as_str(), range.min, range.max),
            ("max_requests", 1, 1000)
        );
    }

    #[test]
    fn lanes_stay_in_lane_order_and_none_is_refused() {
        let mut settings = Settings::default();
        settings.apply(Setting::Lane(Algorithm::FixedWindow, false));
        settings.apply(Setting::Lane(Algorithm::FixedWindow, true));
        assert_eq!(settings.lanes, Algorithm::ALL);
        for algorithm in Algorithm::ALL {
            settings.apply(Setting::Lane(algorithm, false));
        }
        assert_eq!(
            settings.hit().map_err(|r| r.field),
            Err("algorithms".into())
        );
    }

    #[test]
    fn the_chosen_generator_is_built_from_its_fields() {
        let mut settings = Settings::default();
        settings.apply(Setting::Pattern(PatternKind::Poisson));
        settings.apply(Setting::Param(Param::PerSecond, "100".into()));
        settings.apply(Setting::Param(Param::Seconds, "100".into()));
        assert_eq!(
            settings.pattern(),
            Ok(Pattern::Poisson {
                per_second: 100,
                seconds: 100,
                seed: 42
            })
        );
        settings.apply(Setting::Param(Param::PerSecond, "101".into()));
        assert_eq!(
            settings.pattern().map_err(|r| r.field),
            Err("per_second".into())
        );
    }

    #[test]
    fn adopting_a_setup_fills_the_form() {
        let mut settings = Settings::default();
        let limits = Limits {
            max_requests: 5,
            window_seconds: 2,
        };
        let traffic = Traffic::Pattern {
            pattern: Pattern::Concurrent {
                clients: 10,
                each: 1,
            },
        };
        let lanes = [Algorithm::SlidingLogLua, Algorithm::FixedWindow];
        settings.adopt(&lanes, limits, Mode::Live, &traffic);

        assert_eq!(
            settings.lanes,
            [Algorithm::FixedWindow, Algorithm::SlidingLogLua]
        );
        assert_eq!(settings.limits(), Ok(limits));
        assert_eq!(settings.pattern, PatternKind::Concurrent);
        assert_eq!(settings.param(Param::Clients), "10");
        let Ok(RatelimitRequest::Run {
            mode,
            traffic: sent,
            ..
        }) = settings.run(traffic.clone())
        else {
            panic!("a valid run");
        };
        assert_eq!((mode, sent), (Mode::Live, traffic));
    }
}
