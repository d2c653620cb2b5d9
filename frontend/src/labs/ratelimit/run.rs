//! What the lab draws: one run (or the button's hits) as per-lane marks sorted by time, each lane's
//! figures so far, and the decisions themselves for the detail box.
//!
//! Folding is incremental and the big parts are shared (`Rc`), because the reducer copies the state on
//! every action: a replay of 50 000 decisions arriving in events of 500 costs one merge per event.

use std::ops::Deref;
use std::rc::Rc;

use shared::RequestId;
use shared::ratelimit::stats::{LaneStats, max_in_window};
use shared::ratelimit::{Algorithm, Arrival, Decision, LaneSummary, Limits, Mode};

use super::axis::{Axis, Zoom};

/// One decision as a lane draws it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The `now` the limiter was given, in absolute µs.
    pub at_us: u64,
    /// The arrival's index in the run; for the button, the hit's number.
    pub index: u32,
    /// Whether the request got through.
    pub allowed: bool,
    /// Redis's reply to the fixed window's `INCR` (that lane only).
    pub counter: Option<i64>,
    /// Whether it was a retry storm's retry of a refused request.
    pub retry: bool,
}

/// One lane's decisions so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneData {
    /// The limiter deciding this lane.
    pub algorithm: Algorithm,
    /// Every decision, sorted by time then index.
    pub marks: Vec<Mark>,
    /// Times of the allowed decisions, sorted: what the sliding bracket counts.
    pub allowed_at: Vec<u64>,
    /// Figures over `marks`, computed as the backend computes its summary.
    pub stats: LaneStats,
}

impl LaneData {
    fn add(&mut self, mut new: Vec<Mark>, window_us: u64) {
        new.sort_unstable_by_key(|m| (m.at_us, m.index));
        let mut allowed: Vec<u64> = new.iter().filter(|m| m.allowed).map(|m| m.at_us).collect();
        allowed.sort_unstable();
        merge(&mut self.marks, new, |m| (m.at_us, m.index));
        merge(&mut self.allowed_at, allowed, |&t| t);
        self.stats = LaneStats {
            allowed: self.allowed_at.len() as u32,
            denied: (self.marks.len() - self.allowed_at.len()) as u32,
            max_in_window: max_in_window(&self.allowed_at, window_us),
        };
    }
}

/// Merges sorted `new` into sorted `into`. Decisions mostly arrive in time order, so this is usually
/// an append.
fn merge<T: Copy, K: Ord>(into: &mut Vec<T>, new: Vec<T>, key: impl Fn(&T) -> K) {
    let appends = match (into.last(), new.first()) {
        (Some(last), Some(first)) => key(last) <= key(first),
        _ => true,
    };
    if appends {
        into.extend(new);
        return;
    }
    let old = std::mem::take(into);
    into.reserve(old.len() + new.len());
    let (mut a, mut b) = (old.into_iter().peekable(), new.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let next = if key(x) <= key(y) { a.next() } else { b.next() };
        into.extend(next);
    }
    into.extend(a);
    into.extend(b);
}

/// A lane shared between the reducer's states and the components' props: copying it copies a pointer
/// and comparing two compares pointers, so only lanes that really changed are redrawn.
#[derive(Debug, Clone)]
pub struct Lane(Rc<LaneData>);

impl PartialEq for Lane {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Lane {
    type Target = LaneData;

    fn deref(&self) -> &LaneData {
        &self.0
    }
}

/// Decisions as received, kept whole for the detail box, with the request whose trace lines they name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The request that made them (trace entries carry it too).
    pub request: RequestId,
    /// The decisions.
    pub decisions: Rc<[Decision]>,
}

/// Where a view's decisions come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The "send request" button: one live decision per lane per press, on the button's own keys.
    Button,
    /// A run of many arrivals.
    Run {
        /// The run's request id, to match its events and to stop it.
        id: RequestId,
        /// Wall clock or virtual time.
        mode: Mode,
    },
}

/// Everything drawn for one run or for the button's hits.
#[derive(Debug, Clone, PartialEq)]
pub struct RunView {
    /// Run or button.
    pub source: Source,
    /// The lanes requested, in lane order.
    pub algorithms: Vec<Algorithm>,
    /// The limit every lane enforced.
    pub limits: Limits,
    /// Time zero, a multiple of the window: a run's `Started`, or the first hit floored to the window.
    pub origin_us: Option<u64>,
    /// Arrivals relative to the origin: a run's `Started.trace`, or one per hit. What the export saves.
    pub arrivals: Rc<Vec<Arrival>>,
    /// One per requested algorithm, same order.
    pub lanes: Vec<Lane>,
    /// Every decision received, in arrival order of the events.
    pub chunks: Vec<Chunk>,
    /// Decisions received so far.
    pub received: u32,
    /// The backend's end-of-run figures, once its reply came.
    pub summary: Option<Vec<LaneSummary>>,
}

impl RunView {
    /// An empty view of `algorithms` under `limits`.
    pub fn new(source: Source, algorithms: &[Algorithm], limits: Limits) -> Self {
        let lanes = algorithms
            .iter()
            .map(|&algorithm| {
                Lane(Rc::new(LaneData {
                    algorithm,
                    marks: Vec::new(),
                    allowed_at: Vec::new(),
                    stats: LaneStats::default(),
                }))
            })
            .collect();
        Self {
            source,
            algorithms: algorithms.to_vec(),
            limits,
            origin_us: None,
            arrivals: Rc::default(),
            lanes,
            chunks: Vec::new(),
            received: 0,
            summary: None,
        }
    }

    /// The run's `Started` event: its origin and planned arrivals.
    pub fn start(&mut self, origin_us: u64, arrivals: Vec<Arrival>) {
        self.origin_us = Some(origin_us);
        self.arrivals = Rc::new(arrivals);
    }

    /// Folds decisions of request `request` into their lanes.
    pub fn add(&mut self, request: RequestId, decisions: Vec<Decision>) {
        let window_us = self.limits.window_us();
        for lane in &mut self.lanes {
            let marks: Vec<Mark> = decisions
                .iter()
                .filter(|d| d.algorithm == lane.algorithm)
                .map(|d| Mark {
                    at_us: d.at_us,
                    index: d.index,
                    allowed: d.allowed,
                    counter: d.counter,
                    retry: d.attempt > 0,
                })
                .collect();
            if !marks.is_empty() {
                Rc::make_mut(&mut lane.0).add(marks, window_us);
            }
        }
        self.received += decisions.len() as u32;
        self.chunks.push(Chunk {
            request,
            decisions: decisions.into(),
        });
    }

    /// Folds one press of the button: numbers it, and starts the axis at the first press's window.
    pub fn add_hit(&mut self, request: RequestId, mut decisions: Vec<Decision>) {
        let Some(at_us) = decisions.first().map(|d| d.at_us) else {
            return;
        };
        let window_us = self.limits.window_us();
        let origin = *self.origin_us.get_or_insert(at_us / window_us * window_us);
        let number = self.arrivals.len() as u32;
        for decision in &mut decisions {
            decision.index = number;
        }
        Rc::make_mut(&mut self.arrivals).push(Arrival {
            at_us: at_us.saturating_sub(origin),
            client: 0,
        });
        self.add(request, decisions);
    }

    /// The decision behind a mark, with the request that made it.
    pub fn decision(&self, algorithm: Algorithm, index: u32) -> Option<(RequestId, &Decision)> {
        self.chunks.iter().rev().find_map(|chunk| {
            chunk
                .decisions
                .iter()
                .find(|d| d.algorithm == algorithm && d.index == index)
                .map(|d| (chunk.request, d))
        })
    }

    /// The shared time axis, once the origin is known, zoomed as asked or (`None`) as fits the
    /// traffic best; the button's presses are spread over minutes, so they always show whole windows.
    pub fn axis(&self, zoom: Option<Zoom>) -> Option<(Axis, Zoom)> {
        let origin = self.origin_us?;
        // Arrivals and marks are sorted, so their ends are enough: this runs on every render.
        let planned = [self.arrivals.first(), self.arrivals.last()]
            .into_iter()
            .flatten()
            .map(|a| origin + a.at_us);
        let decided = self
            .lanes
            .iter()
            .flat_map(|l| l.marks.first().into_iter().chain(l.marks.last()));
        let times = planned.chain(decided.map(|m| m.at_us));
        let (first, last) = times.fold((u64::MAX, origin), |(lo, hi), t| (lo.min(t), hi.max(t)));
        let first = first.min(last);
        let window = self.limits.window_us();
        let zoom = zoom.unwrap_or(match self.source {
            Source::Button => Zoom::Windows,
            Source::Run { .. } => Zoom::fitting(first, last, window),
        });
        let axis = match zoom {
            Zoom::Windows => Axis::covering(origin, last, window),
            Zoom::Requests => Axis::around(origin, first, last, window),
        };
        Some((axis, zoom))
    }

    /// How many decisions the run will make in all: one per arrival and lane, and in a retry storm
    /// the retries received so far on top, since nobody knows how many more will come.
    pub fn expected(&self) -> u32 {
        (self.arrivals.len() as u32 * self.lanes.len() as u32).max(self.received)
    }

    /// A lane's figures: the backend's once the run is over, the browser's count until then.
    pub fn stats(&self, lane: &LaneData) -> LaneStats {
        self.summary
            .iter()
            .flatten()
            .find(|s| s.algorithm == lane.algorithm)
            .map_or(lane.stats, |s| s.stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000;

    fn decision(algorithm: Algorithm, index: u32, at_us: u64, allowed: bool) -> Decision {
        Decision {
            algorithm,
            index,
            client: 0,
            at_us,
            allowed,
            remaining: 0,
            counter: None,
            trace: vec![u64::from(index) + 100],
            attempt: 0,
        }
    }

    fn view() -> RunView {
        let limits = Limits {
            max_requests: 2,
            window_seconds: 10,
        };
        RunView::new(
            Source::Button,
            &[Algorithm::FixedWindow, Algorithm::SlidingLogLua],
            limits,
        )
    }

    #[test]
    fn decisions_land_in_their_lane_sorted_even_out_of_order() {
        let mut view = view();
        let fixed = Algorithm::FixedWindow;
        view.add(1, vec![decision(fixed, 1, 5 * S, true)]);
        view.add(
            1,
            vec![
                decision(fixed, 0, 2 * S, true),
                decision(Algorithm::SlidingLogLua, 0, 2 * S, false),
            ],
        );

        let lane = &view.lanes[0];
        assert_eq!(
            lane.marks.iter().map(|m| m.index).collect::<Vec<_>>(),
            [0, 1]
        );
        assert_eq!(lane.allowed_at, [2 * S, 5 * S]);
        assert_eq!(lane.stats.max_in_window, 2);
        assert_eq!(view.lanes[1].stats.denied, 1);
        assert_eq!(view.received, 3);
        assert_eq!(
            view.decision(fixed, 1).map(|(id, d)| (id, d.trace.clone())),
            Some((1, vec![101]))
        );
    }

    #[test]
    fn only_changed_lanes_get_new_pointers() {
        let mut view = view();
        let before = view.clone();
        view.add(2, vec![decision(Algorithm::SlidingLogLua, 0, S, true)]);
        assert_eq!(view.lanes[0], before.lanes[0]);
        assert_ne!(view.lanes[1], before.lanes[1]);
        assert!(
            before.lanes[1].marks.is_empty(),
            "the old state is untouched"
        );
    }

    #[test]
    fn hits_are_numbered_and_start_the_axis_at_their_window() {
        let mut view = view();
        let t = 1_700_000_003 * S;
        view.add_hit(
            7,
            vec![
                decision(Algorithm::FixedWindow, 0, t, true),
                decision(Algorithm::SlidingLogLua, 0, t, true),
            ],
        );
        view.add_hit(8, vec![decision(Algorithm::FixedWindow, 0, t + S, true)]);

        assert_eq!(view.origin_us, Some(1_700_000_000 * S));
        assert_eq!(view.arrivals[1].at_us, 4 * S);
        assert_eq!(view.lanes[0].marks[1].index, 1);
        let (axis, zoom) = view.axis(None).expect("origin known");
        assert_eq!(axis.end_us - axis.start_us, 10 * S);
        assert_eq!(zoom, Zoom::Windows, "presses always show whole windows");
    }

    #[test]
    fn a_run_packed_into_an_instant_is_zoomed_into() {
        let mut view = view();
        view.source = Source::Run {
            id: 1,
            mode: Mode::Replay,
        };
        let at = |at_us| Arrival { at_us, client: 0 };
        view.start(100 * S, vec![at(S), at(S)]);

        let (axis, zoom) = view.axis(None).expect("started");
        assert_eq!(zoom, Zoom::Requests);
        assert!(axis.start_us > 100 * S && axis.end_us < 102 * S);
        let (whole, _) = view.axis(Some(Zoom::Windows)).expect("started");
        assert_eq!((whole.start_us, whole.end_us), (100 * S, 110 * S));
    }

    #[test]
    fn the_backend_summary_wins_once_it_arrives() {
        let mut view = view();
        view.add(1, vec![decision(Algorithm::FixedWindow, 0, S, true)]);
        let lane = view.lanes[0].clone();
        assert_eq!(view.stats(&lane).allowed, 1);
        let stats = LaneStats {
            allowed: 9,
            denied: 0,
            max_in_window: 9,
        };
        view.summary = Some(vec![LaneSummary {
            algorithm: Algorithm::FixedWindow,
            stats,
        }]);
        assert_eq!(view.stats(&lane), stats);
    }
}
