//! The time axis every lane shares: how far it is zoomed, the fixed windows across it and how many
//! decisions each holds, the busiest window of a lane, and the labelled ticks.
//!
//! Pure functions of times in microseconds, tested on the host. x coordinates are CSS pixels of a plot
//! of the given width.

use super::run::Mark;

/// Fewest pixels between two labelled ticks of the axis.
const MIN_TICK_PX: f64 = 72.0;

/// How much of a run the axis shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zoom {
    /// Whole windows from the origin to the window edge after the last request.
    Windows,
    /// Just the requests, with a margin: a burst of milliseconds fills the width.
    Requests,
}

impl Zoom {
    /// The zoom that shows `first..=last` best: requests that fill less than a quarter of a window
    /// would be a single column of marks at window scale.
    pub fn fitting(first_us: u64, last_us: u64, window_us: u64) -> Self {
        if (last_us - first_us) * 4 < window_us {
            Self::Requests
        } else {
            Self::Windows
        }
    }
}

/// The time range every lane shares, in absolute (Unix or virtual) microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    /// The run's time zero, a multiple of the window: labels and offsets count from here.
    pub origin_us: u64,
    /// Left edge.
    pub start_us: u64,
    /// Right edge.
    pub end_us: u64,
}

impl Axis {
    /// From `origin_us` to the first window edge after `last_us`, at least one window long, so every
    /// band on screen is a whole window.
    pub fn covering(origin_us: u64, last_us: u64, window_us: u64) -> Self {
        let window = window_us.max(1);
        let span = (last_us.saturating_sub(origin_us) / window + 1) * window;
        Self {
            origin_us,
            start_us: origin_us,
            end_us: origin_us + span,
        }
    }

    /// From just before `first_us` to just after `last_us`: a margin of a quarter of their span, and
    /// at least a hundredth of a window so requests at one instant still sit in a readable range.
    pub fn around(origin_us: u64, first_us: u64, last_us: u64, window_us: u64) -> Self {
        let margin = ((last_us - first_us) / 4).max(window_us / 100).max(1_000);
        Self {
            origin_us,
            start_us: first_us.saturating_sub(margin).max(origin_us),
            end_us: last_us + margin,
        }
    }

    /// Where `t` falls, from 0 (left edge) to 1 (right edge).
    pub fn fraction(&self, t: u64) -> f64 {
        let span = self.end_us.saturating_sub(self.start_us).max(1);
        (t as f64 - self.start_us as f64) / span as f64
    }

    /// The time at `fraction` of the width, clamped to the axis.
    pub fn time_at(&self, fraction: f64) -> u64 {
        let span = self.end_us.saturating_sub(self.start_us);
        self.start_us + (fraction.clamp(0.0, 1.0) * span as f64).round() as u64
    }

    /// The x of `t` on a plot `width` wide.
    pub fn x(&self, t: u64, width: f64) -> f64 {
        self.fraction(t) * width
    }
}

/// One fixed window on screen: `[start_us, end_us)`, and how many of a lane's decisions fell in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// The window's number, `t / window`: the suffix of the course's `rate:{key}:{window}` key.
    pub number: u64,
    /// Start, inclusive.
    pub start_us: u64,
    /// End, exclusive.
    pub end_us: u64,
}

/// The fixed windows across `axis`, or none when they would be too thin to see (under 4 px each).
pub fn bands(axis: &Axis, window_us: u64, width: f64) -> Vec<Band> {
    let window = window_us.max(1);
    let first = axis.start_us / window;
    let last = axis.end_us.div_ceil(window);
    if (last - first) as f64 * 4.0 > width {
        return Vec::new();
    }
    (first..last)
        .map(|number| Band {
            number,
            start_us: number * window,
            end_us: (number + 1) * window,
        })
        .collect()
}

/// How many decisions (allowed or not) each band holds: the value the course's `INCR` reached in that
/// window. `marks` must be sorted by time.
pub fn band_counts(marks: &[Mark], bands: &[Band]) -> Vec<u32> {
    bands
        .iter()
        .map(|band| {
            let from = marks.partition_point(|m| m.at_us < band.start_us);
            let to = marks.partition_point(|m| m.at_us < band.end_us);
            (to - from) as u32
        })
        .collect()
}

/// The busiest window of a lane: the first and last of the most allowed requests inside any
/// `(t − window, t]` (the interval `LaneStats::max_in_window` counts), and how many that is.
pub fn busiest(sorted: &[u64], window_us: u64) -> Option<(u64, u64, u32)> {
    let mut start = 0;
    let mut best: Option<(usize, usize)> = None;
    for (end, &t) in sorted.iter().enumerate() {
        while sorted[start] + window_us <= t {
            start += 1;
        }
        if best.is_none_or(|(s, e)| end - start > e - s) {
            best = Some((start, end));
        }
    }
    best.map(|(s, e)| (sorted[s], sorted[e], (e - s + 1) as u32))
}

/// Labelled ticks as `(absolute µs, label)`: round offsets from the origin, at least [`MIN_TICK_PX`]
/// apart, labelled in seconds with as many decimals as the step needs.
pub fn ticks(axis: &Axis, width: f64) -> Vec<(u64, String)> {
    let span = axis.end_us.saturating_sub(axis.start_us).max(1);
    let mut step: u64 = 1_000;
    while (step as f64 / span as f64) * width < MIN_TICK_PX {
        step = next_nice(step);
    }
    let decimals = match step {
        1_000_000.. => 0,
        100_000.. => 1,
        10_000.. => 2,
        _ => 3,
    };
    let first = (axis.start_us - axis.origin_us).div_ceil(step);
    let last = (axis.end_us - axis.origin_us) / step;
    (first..=last)
        .map(|k| {
            let offset = k * step;
            let label = format!("{:.*}", decimals, offset as f64 / 1e6);
            (axis.origin_us + offset, label)
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000;

    fn mark(at_us: u64, allowed: bool) -> Mark {
        Mark {
            at_us,
            index: 0,
            allowed,
            retry: false,
        }
    }

    #[test]
    fn the_axis_ends_on_the_window_edge_after_the_last_request() {
        let axis = Axis::covering(100 * S, 110 * S + 80_000, 10 * S);
        assert_eq!((axis.start_us, axis.end_us), (100 * S, 120 * S));
        assert_eq!(Axis::covering(100 * S, 100 * S, 10 * S).end_us, 110 * S);
        assert_eq!(axis.fraction(110 * S), 0.5);
        assert_eq!(axis.time_at(0.25), 105 * S);
        assert_eq!(axis.time_at(7.0), 120 * S, "clamped to the axis");
    }

    #[test]
    fn a_burst_is_zoomed_into_with_a_margin() {
        let (first, last) = (109 * S + 900_000, 110 * S + 80_000);
        assert_eq!(Zoom::fitting(first, last, 10 * S), Zoom::Requests);
        assert_eq!(Zoom::fitting(100 * S, 108 * S, 10 * S), Zoom::Windows);
        let axis = Axis::around(100 * S, first, last, 10 * S);
        assert_eq!(
            (axis.start_us, axis.end_us),
            (109 * S + 800_000, 110 * S + 180_000)
        );
        let instant = Axis::around(100 * S, 101 * S, 101 * S, 10 * S);
        assert_eq!(
            instant.end_us - instant.start_us,
            200_000,
            "a tenth of a window around one instant"
        );
    }

    #[test]
    fn bands_tile_the_axis_on_window_multiples_and_count_every_decision() {
        let axis = Axis::covering(100 * S, 115 * S, 10 * S);
        let bands = bands(&axis, 10 * S, 800.0);
        assert_eq!(bands.iter().map(|b| b.number).collect::<Vec<_>>(), [10, 11]);
        assert_eq!(bands[1].start_us, 110 * S);

        let marks = [
            mark(105 * S, true),
            mark(110 * S - 1, false),
            mark(110 * S, true),
        ];
        assert_eq!(band_counts(&marks, &bands), [2, 1], "denied ones count too");
    }

    #[test]
    fn bands_too_thin_to_see_are_left_out() {
        let axis = Axis::covering(0, 999 * S, S);
        assert!(bands(&axis, S, 1000.0).is_empty());
        assert_eq!(bands(&axis, S, 4000.0).len(), 1000);
    }

    #[test]
    fn the_busiest_window_is_where_the_peak_is_counted() {
        let allowed = [0, 9 * S, 10 * S, 11 * S, 12 * S, 30 * S];
        assert_eq!(busiest(&allowed, 10 * S), Some((9 * S, 12 * S, 4)));
        assert_eq!(busiest(&[], 10 * S), None);
    }

    #[test]
    fn ticks_are_round_offsets_from_the_origin() {
        let axis = Axis::covering(0, 99 * S, S);
        let ticks = ticks(&axis, 1000.0);
        assert_eq!(ticks[0], (0, "0".to_owned()));
        assert_eq!(
            ticks[1],
            (10 * S, "10".to_owned()),
            "100 s on 1000 px: every 10 s"
        );

        let zoomed = Axis {
            origin_us: 100 * S,
            start_us: 109 * S + 800_000,
            end_us: 110 * S + 200_000,
        };
        let labels: Vec<String> = super::ticks(&zoomed, 400.0)
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(labels, ["9.8", "9.9", "10.0", "10.1", "10.2"]);
    }
}
