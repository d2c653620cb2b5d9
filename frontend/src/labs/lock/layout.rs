//! Pure geometry of the plot: the shared time axis and its ticks, lane sizes, what fits in a bar's
//! label, marks nudged apart, and the lock key's readings grouped into runs.
//!
//! Nothing here touches the DOM, so it all runs in host tests. Coordinates are SVG user units, which
//! the plot makes equal to CSS pixels by using its measured width as the `viewBox` width.

use super::timeline::Reading;

/// Width of the left column holding each lane's name: room for "クライアント 5" in bold.
pub const LABEL_W: f64 = 140.0;
/// Room right of the plot, so a mark at the very end is not cut.
pub const RIGHT_PAD: f64 = 34.0;
/// Height of the tick labels above the lanes.
pub const AXIS_H: f64 = 26.0;
/// Shortest axis, so the first events of a run are not stretched across the whole width.
const MIN_SPAN_MS: u64 = 1_000;
/// Fewest pixels between two labelled ticks.
const MIN_TICK_PX: f64 = 80.0;
/// Width of one character of a bar's label (13 px monospace), for deciding what fits.
const CHAR_PX: f64 = 8.0;

/// The time axis every lane shares: `0..span_ms` since the run began, drawn from [`LABEL_W`] to the
/// right edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Width of the whole drawing.
    pub width: f64,
    /// The time at the right edge.
    pub span_ms: u64,
}

impl Frame {
    /// A frame showing everything up to `now_ms`, with a little room after it.
    pub fn new(width: f64, now_ms: u64) -> Self {
        Self {
            width,
            span_ms: (now_ms + now_ms / 40).max(MIN_SPAN_MS),
        }
    }

    /// Width of the plot, right of the labels.
    pub fn plot_width(&self) -> f64 {
        (self.width - LABEL_W - RIGHT_PAD).max(1.0)
    }

    /// The x of `at_ms`.
    pub fn x(&self, at_ms: u64) -> f64 {
        LABEL_W + at_ms as f64 / self.span_ms as f64 * self.plot_width()
    }

    /// Labelled ticks as `(x, seconds)`: round times at least [`MIN_TICK_PX`] apart, with as many
    /// decimals as the step needs.
    pub fn ticks(&self) -> Vec<(f64, String)> {
        let mut step: u64 = 10;
        while step as f64 / self.span_ms as f64 * self.plot_width() < MIN_TICK_PX {
            step = next_nice(step);
        }
        let decimals = match step {
            1_000.. => 0,
            100.. => 1,
            _ => 2,
        };
        (0..=self.span_ms / step)
            .map(|k| {
                let at = k * step;
                (self.x(at), format!("{:.*}", decimals, at as f64 / 1000.0))
            })
            .collect()
    }
}

/// 1, 2, 5, 10, 20, 50, …
fn next_nice(step: u64) -> u64 {
    let mut magnitude = 1;
    while magnitude * 10 <= step {
        magnitude *= 10;
    }
    match step / magnitude {
        1 => 2 * magnitude,
        2..=4 => 5 * magnitude,
        _ => 10 * magnitude,
    }
}

/// Height of one client's lane: roomy for a few clients, still readable for twenty.
pub fn lane_height(clients: usize) -> f64 {
    (600.0 / clients.max(1) as f64).clamp(34.0, 64.0)
}

/// The first eight characters of a uuid token, enough to tell two holders apart.
pub fn short_token(token: &str) -> &str {
    token.get(..8).unwrap_or(token)
}

/// The label of a holding bar `width` wide: token and fence, or less when that does not fit.
pub fn bar_label(token: &str, fence: Option<i64>, width: f64) -> Option<String> {
    let fence = fence.map(|f| format!("#{f}"));
    let token = short_token(token);
    let candidates = [
        fence.as_ref().map(|f| format!("{token} {f}")),
        Some(token.to_owned()),
        fence,
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|label| label.chars().count() as f64 * CHAR_PX + 8.0 <= width)
}

/// Moves marks at sorted `xs` right just enough that none covers the one before: a release a
/// millisecond after a write would otherwise hide it. A mark moves at most one and a half of its size,
/// so in a dense run marks overlap instead of drifting away from their time. Hover tells the exact time.
pub fn nudge(xs: &[f64], size: f64) -> Vec<f64> {
    let mut placed: Vec<f64> = Vec::with_capacity(xs.len());
    for &x in xs {
        let min = placed
            .last()
            .map_or(f64::NEG_INFINITY, |last| last + size + 1.0);
        placed.push(x.max(min).min(x + size * 1.5));
    }
    placed
}

/// What the lock key held over a run of readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// A lock with an expiry; `holder` is `None` when the token is nobody's the backend knows.
    Held {
        /// The client whose token it was.
        holder: Option<u32>,
    },
    /// A lock with no expiry (`PTTL` −1): nobody can take it until someone deletes it.
    NoExpiry {
        /// The client whose token it was.
        holder: Option<u32>,
    },
    /// No lock (`PTTL` −2).
    Free,
}

impl KeyState {
    fn of(reading: &Reading) -> Self {
        match reading.pttl_ms {
            -1 => Self::NoExpiry {
                holder: reading.holder,
            },
            ttl if ttl >= 0 => Self::Held {
                holder: reading.holder,
            },
            _ => Self::Free,
        }
    }
}

/// Consecutive readings in the same state, as index ranges into the readings.
pub fn key_runs(readings: &[Reading]) -> Vec<(KeyState, std::ops::Range<usize>)> {
    let mut runs: Vec<(KeyState, std::ops::Range<usize>)> = Vec::new();
    for (i, reading) in readings.iter().enumerate() {
        let state = KeyState::of(reading);
        match runs.last_mut() {
            Some((last, range)) if *last == state => range.end = i + 1,
            _ => runs.push((state, i..i + 1)),
        }
    }
    runs
}

/// How full the PTTL bar is: the time left as a share of the lock's timeout, from 0 to 1.
pub fn pttl_share(pttl_ms: i64, timeout_ms: u64) -> f64 {
    (pttl_ms.max(0) as f64 / timeout_ms.max(1) as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_leaves_room_after_now_and_never_shrinks_below_a_second() {
        let frame = Frame::new(LABEL_W + 1000.0 + RIGHT_PAD, 4000);
        assert_eq!(frame.span_ms, 4100);
        assert_eq!(frame.x(0), LABEL_W);
        assert!((frame.x(4100) - (LABEL_W + 1000.0)).abs() < 1e-9);
        assert_eq!(Frame::new(900.0, 3).span_ms, 1000);
    }

    #[test]
    fn ticks_are_round_seconds_far_enough_apart() {
        let frame = Frame::new(LABEL_W + 1000.0 + RIGHT_PAD, 9_700);
        let labels: Vec<String> = frame.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(labels, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        let short = Frame::new(LABEL_W + 1000.0 + RIGHT_PAD, 900);
        assert_eq!(short.ticks()[1].1, "0.1");
    }

    #[test]
    fn lanes_shrink_with_many_clients_but_stay_readable() {
        assert_eq!(lane_height(3), 64.0);
        assert_eq!(lane_height(20), 34.0);
        assert_eq!(lane_height(12), 50.0);
    }

    #[test]
    fn a_bar_label_drops_what_does_not_fit() {
        let token = "3f2a9c1e-1111-2222";
        assert_eq!(
            bar_label(token, Some(4), 200.0).as_deref(),
            Some("3f2a9c1e #4")
        );
        assert_eq!(bar_label(token, Some(4), 80.0).as_deref(), Some("3f2a9c1e"));
        assert_eq!(bar_label(token, Some(4), 30.0).as_deref(), Some("#4"));
        assert_eq!(bar_label(token, None, 30.0), None);
        assert_eq!(short_token("ab"), "ab");
    }

    #[test]
    fn nudged_marks_keep_their_order_and_stop_covering_each_other() {
        assert_eq!(nudge(&[10.0, 10.5, 40.0], 12.0), [10.0, 23.0, 40.0]);
        let dense = nudge(&[10.0; 20], 12.0);
        assert!(
            dense.iter().all(|&x| x <= 28.0),
            "never far from their time: {dense:?}"
        );
    }

    #[test]
    fn readings_group_into_runs_of_one_state() {
        let reading = |at_ms, holder, pttl_ms| Reading {
            at_ms,
            holder,
            pttl_ms,
        };
        let readings = [
            reading(0, None, -2),
            reading(100, Some(0), 900),
            reading(200, Some(0), 800),
            reading(300, Some(1), 990),
            reading(400, Some(1), -1),
        ];
        let runs = key_runs(&readings);
        assert_eq!(
            runs,
            [
                (KeyState::Free, 0..1),
                (KeyState::Held { holder: Some(0) }, 1..3),
                (KeyState::Held { holder: Some(1) }, 3..4),
                (KeyState::NoExpiry { holder: Some(1) }, 4..5),
            ]
        );
        assert_eq!(pttl_share(500, 1000), 0.5);
        assert_eq!(pttl_share(-1, 1000), 0.0);
        assert_eq!(pttl_share(1500, 1000), 1.0);
    }
}
