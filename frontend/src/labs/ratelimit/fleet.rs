//! What the many-servers lesson draws: every server's decisions as they arrive, and the figures of both
//! variants. The in-memory variant's figures are the servers' own counts (what the backend's servers
//! counted in their memory), the shared variant's are Redis's replies; the view keeps them apart so the
//! page can label each for what it is.

use std::rc::Rc;

use shared::RequestId;
use shared::ratelimit::stats::{LaneStats, max_in_window};
use shared::ratelimit::{Limits, ServerDecision, ServerTally};

/// The lesson's run on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetView {
    /// The request, to match its events and to stop it.
    pub id: RequestId,
    /// How many servers.
    pub servers: u32,
    /// The limit each server, or the shared limiter, enforces.
    pub limits: Limits,
    /// Time zero (Unix µs), once `Started` arrived.
    pub origin_us: Option<u64>,
    /// Arrivals the run will deal out; the last one's offset sets the axis.
    pub arrivals: u32,
    /// Offset of the last arrival from the origin, in µs.
    pub span_us: u64,
    /// Every decision received, shared because the reducer copies the state on every action.
    pub decisions: Rc<Vec<ServerDecision>>,
    /// The backend's counts, once its reply came.
    pub summary: Option<FleetSummary>,
}

/// The backend's end-of-run counts.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetSummary {
    /// Each server's counts.
    pub tallies: Vec<ServerTally>,
    /// The servers' own limiters together.
    pub own: LaneStats,
    /// The limiter shared in Redis.
    pub redis: LaneStats,
}

/// Which limiter a figure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Each server's limiter in its own memory.
    Own,
    /// The one limiter in Redis.
    Redis,
}

impl Variant {
    /// Both, in the order the page shows them.
    pub const ALL: [Variant; 2] = [Self::Own, Self::Redis];

    /// The verdict of this variant in `decision`.
    pub fn allowed(self, decision: &ServerDecision) -> bool {
        match self {
            Self::Own => decision.own,
            Self::Redis => decision.redis,
        }
    }

    /// The `data-variant` of its block.
    pub fn id(self) -> &'static str {
        match self {
            Self::Own => "own",
            Self::Redis => "redis",
        }
    }
}

impl FleetView {
    /// An empty view of request `id`.
    pub fn new(id: RequestId, servers: u32, limits: Limits) -> Self {
        Self {
            id,
            servers,
            limits,
            origin_us: None,
            arrivals: 0,
            span_us: 0,
            decisions: Rc::default(),
            summary: None,
        }
    }

    /// The run's `Started` event.
    pub fn start(&mut self, origin_us: u64, arrivals: u32, span_us: u64) {
        self.origin_us = Some(origin_us);
        self.arrivals = arrivals;
        self.span_us = span_us;
    }

    /// Folds decisions as they came.
    pub fn add(&mut self, decisions: &[ServerDecision]) {
        Rc::make_mut(&mut self.decisions).extend_from_slice(decisions);
    }

    /// A variant's figures over the decisions so far: allowed, refused, and the most let through in
    /// any window.
    pub fn stats(&self, variant: Variant) -> LaneStats {
        let mut allowed: Vec<u64> = self
            .decisions
            .iter()
            .filter(|d| variant.allowed(d))
            .map(|d| d.at_us)
            .collect();
        allowed.sort_unstable();
        LaneStats {
            allowed: allowed.len() as u32,
            denied: (self.decisions.len() - allowed.len()) as u32,
            max_in_window: max_in_window(&allowed, self.limits.window_us()),
        }
    }

    /// How many requests a variant let through on `server` so far.
    pub fn allowed_on(&self, variant: Variant, server: u32) -> u32 {
        self.decisions
            .iter()
            .filter(|d| d.server == server && variant.allowed(d))
            .count() as u32
    }

    /// Where a decision sits across the plot, 0 at the origin to 1 at the last arrival.
    pub fn x(&self, decision: &ServerDecision) -> f64 {
        let origin = self.origin_us.unwrap_or(decision.at_us);
        let offset = decision.at_us.saturating_sub(origin) as f64;
        (offset / self.span_us.max(1) as f64).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(server: u32, at_us: u64, own: bool, redis: bool) -> ServerDecision {
        ServerDecision {
            index: 0,
            server,
            at_us,
            own,
            redis,
            remaining: 0,
            trace: vec![1],
        }
    }

    #[test]
    fn each_variant_counts_its_own_verdicts() {
        let limits = Limits {
            max_requests: 1,
            window_seconds: 10,
        };
        let mut view = FleetView::new(1, 2, limits);
        view.start(0, 3, 2_000_000);
        view.add(&[
            decision(0, 0, true, true),
            decision(1, 1_000_000, true, false),
            decision(0, 2_000_000, false, false),
        ]);
        let own = view.stats(Variant::Own);
        assert_eq!((own.allowed, own.denied, own.max_in_window), (2, 1, 2));
        let redis = view.stats(Variant::Redis);
        assert_eq!((redis.allowed, redis.max_in_window), (1, 1));
        assert_eq!(view.allowed_on(Variant::Own, 1), 1);
        assert_eq!(view.x(&view.decisions[1]), 0.5);
    }
}
