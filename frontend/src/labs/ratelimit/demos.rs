//! The guided demos: one click sets the form and starts a run that shows one lesson of the course's
//! rate limiter, with a short explanation above the lanes. Each demo is plain data, so tests check
//! the exact request it sends. The last three go past the course: a retry storm, the same storm
//! calmed by jittered backoff, and the many-servers lesson.

use shared::ratelimit::{Algorithm, Arrival, Limits, Mode, Pattern, RatelimitRequest, Traffic};
use shared::speed::Speed;

use crate::components::demo_buttons::GuidedDemo;
use crate::i18n::ratelimit::RatelimitText;

/// The arrivals of the collision demo: all at one instant, one second into the run.
const COLLISION_AT_US: u64 = 1_000_000;
/// How many requests collide.
const COLLIDING: usize = 8;
/// A Poisson seed whose 100-per-second trace holds two arrivals in the same microsecond while the
/// limit is reached, so the course's version visibly lets one too many through.
const TIED_SEED: u64 = 14;

/// A guided demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// Max just before and max just after a fixed-window edge.
    Boundary,
    /// Requests with the same timestamp in the course's sliding window.
    Collision,
    /// Concurrent clients racing, live.
    Race,
    /// The course's sliding window against the Lua one at a high rate.
    CourseVsLua,
    /// Refused clients retrying after a short fixed delay, through every lane.
    Storm,
    /// The same traffic retrying with jittered exponential backoff.
    Calm,
    /// Application servers limiting in their own memory, and through one limiter in Redis.
    Servers,
}

/// The traffic of the two retry demos: on average exactly the limit (10 per second), so only Poisson's
/// clumps are refused, and their retries decide whether the refusals snowball.
const STORM_PER_SECOND: u32 = 10;
/// How long the retry demos' first attempts come, in seconds.
const STORM_SECONDS: u32 = 20;
/// Seed of the retry demos' arrivals.
const STORM_SEED: u64 = 7;

/// What a demo runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    /// The lanes.
    pub algorithms: Vec<Algorithm>,
    /// The limit.
    pub limits: Limits,
    /// Live or replay.
    pub mode: Mode,
    /// The arrivals.
    pub traffic: Traffic,
}

impl Setup {
    /// The run request.
    pub fn request(&self) -> RatelimitRequest {
        RatelimitRequest::Run {
            algorithms: self.algorithms.clone(),
            limits: self.limits,
            mode: self.mode,
            traffic: self.traffic.clone(),
            speed: Speed::Normal,
        }
    }
}

impl Demo {
    /// What to look at, shown above the lanes.
    pub fn explanation(self) -> RatelimitText {
        match self {
            Self::Boundary => RatelimitText::DemoBoundaryExplain,
            Self::Collision => RatelimitText::DemoCollisionExplain,
            Self::Race => RatelimitText::DemoRaceExplain,
            Self::CourseVsLua => RatelimitText::DemoCourseVsLuaExplain,
            Self::Storm => RatelimitText::DemoStormExplain,
            Self::Calm => RatelimitText::DemoCalmExplain,
            Self::Servers => RatelimitText::DemoServersExplain,
        }
    }

    /// The request this demo sends.
    pub fn request(self) -> RatelimitRequest {
        match self.setup() {
            Some(setup) => setup.request(),
            None => RatelimitRequest::Servers {
                servers: 4,
                limits: Limits {
                    max_requests: 5,
                    window_seconds: 3,
                },
                pattern: Pattern::Steady {
                    per_second: 8,
                    seconds: 6,
                },
            },
        }
    }

    /// The run through the lanes this demo starts; `None` for the many-servers lesson, which has no
    /// lanes.
    pub fn setup(self) -> Option<Setup> {
        use Algorithm::*;
        let limits = |max_requests, window_seconds| Limits {
            max_requests,
            window_seconds,
        };
        let pattern = |pattern| Traffic::Pattern { pattern };
        let storm = |pattern| Setup {
            algorithms: Algorithm::ALL.to_vec(),
            limits: limits(10, 1),
            mode: Mode::Replay,
            traffic: Traffic::Pattern { pattern },
        };
        Some(match self {
            Self::Boundary => Setup {
                algorithms: Algorithm::ALL.to_vec(),
                limits: limits(5, 10),
                mode: Mode::Replay,
                traffic: pattern(Pattern::BoundaryBurst),
            },
            Self::Collision => Setup {
                algorithms: vec![SlidingLogCourse, SlidingLogLua],
                limits: limits(3, 10),
                mode: Mode::Replay,
                traffic: Traffic::Trace {
                    arrivals: vec![
                        Arrival {
                            at_us: COLLISION_AT_US,
                            client: 0,
                        };
                        COLLIDING
                    ],
                },
            },
            Self::Race => Setup {
                algorithms: vec![FixedWindow, SlidingLogCourse, SlidingLogLua],
                limits: limits(5, 2),
                mode: Mode::Live,
                traffic: pattern(Pattern::Concurrent {
                    clients: 10,
                    each: 1,
                }),
            },
            Self::CourseVsLua => Setup {
                algorithms: vec![SlidingLogCourse, SlidingLogLua],
                limits: limits(50, 1),
                mode: Mode::Replay,
                traffic: pattern(Pattern::Poisson {
                    per_second: 100,
                    seconds: 20,
                    seed: TIED_SEED,
                }),
            },
            Self::Storm => storm(Pattern::RetryFixed {
                per_second: STORM_PER_SECOND,
                seconds: STORM_SECONDS,
                delay_ms: 200,
                seed: STORM_SEED,
            }),
            Self::Calm => storm(Pattern::RetryJitter {
                per_second: STORM_PER_SECOND,
                seconds: STORM_SECONDS,
                base_ms: 2000,
                seed: STORM_SEED,
            }),
            Self::Servers => return None,
        })
    }
}

impl GuidedDemo for Demo {
    type Text = RatelimitText;
    const ALL: &'static [Self] = &[
        Self::Boundary,
        Self::Collision,
        Self::Race,
        Self::CourseVsLua,
        Self::Storm,
        Self::Calm,
        Self::Servers,
    ];
    const LAB: &'static str = "ratelimit";
    const HEADING: RatelimitText = RatelimitText::DemosTitle;

    /// The button's `data-testid`.
    fn testid(self) -> &'static str {
        match self {
            Self::Boundary => "ratelimit-demo-boundary",
            Self::Collision => "ratelimit-demo-collision",
            Self::Race => "ratelimit-demo-race",
            Self::CourseVsLua => "ratelimit-demo-course-vs-lua",
            Self::Storm => "ratelimit-demo-storm",
            Self::Calm => "ratelimit-demo-calm",
            Self::Servers => "ratelimit-demo-servers",
        }
    }

    /// The button's label.
    fn title(self) -> Self::Text {
        match self {
            Self::Boundary => RatelimitText::DemoBoundary,
            Self::Collision => RatelimitText::DemoCollision,
            Self::Race => RatelimitText::DemoRace,
            Self::CourseVsLua => RatelimitText::DemoCourseVsLua,
            Self::Storm => RatelimitText::DemoStorm,
            Self::Calm => RatelimitText::DemoCalm,
            Self::Servers => RatelimitText::DemoServers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ratelimit::traffic::Retry;

    #[test]
    fn every_demo_sends_a_valid_request() {
        for demo in Demo::ALL {
            assert_eq!(demo.request().validate(), Ok(()), "{demo:?}");
        }
    }

    #[test]
    fn the_retry_demos_differ_only_in_how_they_retry() {
        let (storm, calm) = (setup(Demo::Storm), setup(Demo::Calm));
        assert_eq!(storm.algorithms, Algorithm::ALL);
        assert_eq!(
            storm.traffic.arrivals(storm.limits),
            calm.traffic.arrivals(calm.limits)
        );
        assert!(matches!(storm.traffic.retry(), Some(Retry::Fixed { .. })));
        assert!(matches!(calm.traffic.retry(), Some(Retry::Jitter { .. })));
    }

    #[test]
    fn the_servers_demo_sends_more_than_the_limit_to_each_server() {
        let RatelimitRequest::Servers {
            servers,
            limits,
            pattern,
        } = Demo::Servers.request()
        else {
            panic!("the many-servers lesson");
        };
        let each = pattern.arrivals(limits).len() as u32 / servers;
        assert!(each > limits.max_requests);
        assert!(Demo::Servers.setup().is_none());
    }

    fn setup(demo: Demo) -> Setup {
        demo.setup().expect("a run through the lanes")
    }

    #[test]
    fn the_boundary_burst_compares_the_fixed_window_with_the_lua_log() {
        let setup = setup(Demo::Boundary);
        assert!(setup.algorithms.contains(&Algorithm::FixedWindow));
        assert!(setup.algorithms.contains(&Algorithm::SlidingLogLua));
        assert_eq!(
            (setup.limits.max_requests, setup.limits.window_seconds),
            (5, 10)
        );
        assert_eq!(setup.mode, Mode::Replay);
    }

    #[test]
    fn the_collision_sends_more_than_max_requests_at_one_instant() {
        let setup = setup(Demo::Collision);
        let arrivals = setup.traffic.arrivals(setup.limits);
        assert!(arrivals.len() > setup.limits.max_requests as usize);
        assert!(arrivals.iter().all(|a| a.at_us == arrivals[0].at_us));
    }

    #[test]
    fn the_high_rate_trace_holds_a_tie() {
        let setup = setup(Demo::CourseVsLua);
        let arrivals = setup.traffic.arrivals(setup.limits);
        assert!(arrivals.windows(2).any(|w| w[0].at_us == w[1].at_us));
    }

    #[test]
    fn only_the_race_runs_live() {
        let live: Vec<Demo> = Demo::ALL
            .iter()
            .copied()
            .filter(|d| d.setup().is_some_and(|s| s.mode == Mode::Live))
            .collect();
        assert_eq!(live, [Demo::Race]);
    }
}
