//! Where each mark of a lane sits, the SVG paths that draw thousands of them as two elements per
//! strip of the plot, and hit-testing by binary search on x.
//!
//! Pure functions, tested on the host. Coordinates are SVG user units, which the lane makes equal to
//! CSS pixels by using its measured width as the `viewBox` width.

use std::collections::HashSet;
use std::fmt::Write;

use super::axis::{Axis, Band};
use super::run::Mark;

/// Height of one lane's plot.
pub const LANE_HEIGHT: f64 = 132.0;
/// Size of a mark and the spacing of marks side by side: big enough to see on a projector, small
/// enough for a second of steady traffic.
pub const MARK: f64 = 11.0;
/// Gap between the baseline and the first row of marks on each side.
const BASELINE_GAP: f64 = 3.0;
/// The closest two stacked rows get when a stack is taller than the lane has room for; rows that
/// still do not fit are drawn on the last one.
const MIN_PITCH: f64 = 2.0;
/// Most rows a stack may use; keeps placement linear when thousands of requests share an instant.
const MAX_ROWS: usize = 64;

/// Where one mark is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Horizontal centre: the request's time, exactly.
    pub x: f64,
    /// Vertical centre: allowed marks stack upwards from the baseline, denied ones downwards.
    pub y: f64,
}

/// Places `marks` (sorted by time) on a lane `width` wide, parallel to `marks`.
///
/// Marks closer than one diameter stack into rows, so requests at the same instant (a burst, a
/// collision) stay countable; x is never moved, so a mark is always on the right side of a window edge.
pub fn place(marks: &[Mark], axis: &Axis, width: f64) -> Vec<Placed> {
    let mut rows = [Vec::<f64>::new(), Vec::<f64>::new()];
    let mut assigned = Vec::with_capacity(marks.len());
    for mark in marks {
        let x = axis.x(mark.at_us, width);
        let ends = &mut rows[usize::from(!mark.allowed)];
        let row = match ends.iter().position(|&end| x - end >= MARK) {
            Some(row) => row,
            None if ends.len() < MAX_ROWS => {
                ends.push(f64::NEG_INFINITY);
                ends.len() - 1
            }
            None => MAX_ROWS - 1,
        };
        ends[row] = ends[row].max(x);
        assigned.push((x, row));
    }
    let pitch = rows.map(|ends| row_pitch(ends.len()));
    marks
        .iter()
        .zip(assigned)
        .map(|(mark, (x, row))| {
            let side = usize::from(!mark.allowed);
            let lift = (row as f64 * pitch[side]).min(ROOM);
            let offset = BASELINE_GAP + MARK / 2.0 + lift;
            let y = if mark.allowed {
                LANE_HEIGHT / 2.0 - offset
            } else {
                LANE_HEIGHT / 2.0 + offset
            };
            Placed { x, y }
        })
        .collect()
}

/// How far above (or below) the first row the last row's centre may be, so it stays inside the lane.
const ROOM: f64 = LANE_HEIGHT / 2.0 - BASELINE_GAP - MARK;

/// Distance between rows so `rows` rows fit in half a lane, at most one diameter and at least
/// [`MIN_PITCH`] (rows that still do not fit are drawn on the last one).
fn row_pitch(rows: usize) -> f64 {
    if rows <= 1 {
        MARK
    } else {
        (ROOM / (rows - 1) as f64).clamp(MIN_PITCH, MARK)
    }
}

/// Half the length of a cross's arms along each axis: a cross a little smaller than a dot, so the
/// stroke keeps it the same visual size.
const CROSS_HALF: i64 = 5;

/// One SVG path of dots, one per distinct whole-pixel spot. Each dot is a zero-length segment that the
/// stylesheet strokes with square caps a pixel narrower than [`MARK`]: a few bytes per mark, and a
/// whole-pixel square, the cheapest shape to paint. Marks drawn on top of each other are written
/// once, so a dense run stays a short string.
pub fn dots_path<'a>(points: impl IntoIterator<Item = &'a Placed>) -> String {
    let mut d = String::new();
    for (x, y) in distinct(points) {
        // `write!` to a String cannot fail.
        let _ = write!(d, "M{x} {y}h0");
    }
    d
}

/// One SVG path of crosses (drawn with a stroke), one per distinct whole-pixel spot.
pub fn crosses_path<'a>(points: impl IntoIterator<Item = &'a Placed>) -> String {
    let (r, w) = (CROSS_HALF, 2 * CROSS_HALF);
    let mut d = String::new();
    for (x, y) in distinct(points) {
        let _ = write!(d, "M{} {}l{w} {w}m0-{w}l-{w} {w}", x - r, y - r);
    }
    d
}

/// Width of one [`Strip`] of a lane, in pixels.
const STRIP_PX: f64 = 64.0;

/// The marks over one strip of a lane's width: its dots and its crosses as two SVG paths.
///
/// A lane drawn as one pair of paths is painted whole whenever a mark is added, and every tile the
/// browser paints walks all of its marks. Cut into strips, a live update repaints only the strips
/// whose marks changed (the newest, until the axis grows), and a tile only the strips over it.
#[derive(Debug, Default, PartialEq)]
pub struct Strip {
    /// The allowed requests' dots ([`dots_path`]).
    pub allowed: String,
    /// The denied requests' crosses ([`crosses_path`]).
    pub denied: String,
}

/// The marks of a lane `width` wide in strips, left to right, each with its marks' paths. Every strip
/// is there, drawn or empty, so a strip keeps its place while the lane fills.
pub fn strips<'a>(marks: impl IntoIterator<Item = (&'a Placed, bool)>, width: f64) -> Vec<Strip> {
    let count = (width / STRIP_PX).ceil().max(1.0) as usize;
    let mut points = vec![(Vec::new(), Vec::new()); count];
    for (placed, allowed) in marks {
        let strip = ((placed.x / STRIP_PX).floor().max(0.0) as usize).min(count - 1);
        let (dots, crosses) = &mut points[strip];
        if allowed { dots } else { crosses }.push(placed);
    }
    points
        .into_iter()
        .map(|(dots, crosses)| Strip {
            allowed: dots_path(dots),
            denied: crosses_path(crosses),
        })
        .collect()
}

/// Marks closer than this to one already drawn at the same height are left out: under a mark 10 or
/// 11 pixels wide they cannot be seen, and in a dense run they are most of the path (and of the
/// painting).
const HIDDEN_PX: f64 = 3.0;

/// The points rounded to whole pixels, skipping those hidden under one already drawn. Integers keep
/// the path short and quick to write; a pixel is far finer than a mark.
fn distinct<'a>(points: impl IntoIterator<Item = &'a Placed>) -> impl Iterator<Item = (i64, i64)> {
    let mut seen = HashSet::new();
    points
        .into_iter()
        .filter(move |p| seen.insert(((p.x / HIDDEN_PX).floor() as i64, p.y.round() as i64)))
        .map(|p| (p.x.round() as i64, p.y.round() as i64))
}

/// The mark nearest to `(x, y)`, looking first at the closest column of marks (binary search on x,
/// which grows with time), so a click anywhere above or below a stack selects from that stack.
pub fn pick(placed: &[Placed], x: f64, y: f64) -> Option<usize> {
    let i = placed.partition_point(|p| p.x < x);
    let closest = [i.checked_sub(1), (i < placed.len()).then_some(i)]
        .into_iter()
        .flatten()
        .min_by(|&a, &b| (placed[a].x - x).abs().total_cmp(&(placed[b].x - x).abs()))?;
    let reach = (placed[closest].x - x).abs() + MARK;
    let from = placed.partition_point(|p| p.x < x - reach);
    let to = placed.partition_point(|p| p.x <= x + reach);
    (from..to).min_by(|&a, &b| distance(&placed[a], x, y).total_cmp(&distance(&placed[b], x, y)))
}

/// The mark under the pointer at `(x, y)`, if one is within a mark's diameter.
pub fn hovered(placed: &[Placed], x: f64, y: f64) -> Option<usize> {
    pick(placed, x, y).filter(|&i| distance(&placed[i], x, y) <= MARK * MARK)
}

fn distance(p: &Placed, x: f64, y: f64) -> f64 {
    (p.x - x).powi(2) + (p.y - y).powi(2)
}

/// Each band's count as Redis reported it: the highest reply to the fixed window's `INCR` among the
/// band's decisions (none when no decision there carries one). `marks` must be sorted by time.
pub fn band_counters(marks: &[Mark], bands: &[Band]) -> Vec<Option<i64>> {
    bands
        .iter()
        .map(|band| {
            let from = marks.partition_point(|m| m.at_us < band.start_us);
            let to = marks.partition_point(|m| m.at_us < band.end_us);
            marks[from..to].iter().filter_map(|m| m.counter).max()
        })
        .collect()
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
            counter: None,
            retry: false,
        }
    }

    #[test]
    fn same_instant_marks_stack_and_keep_their_x() {
        let axis = Axis::covering(0, 9 * S, 10 * S);
        let marks = [
            mark(S, true),
            mark(S, true),
            mark(S, false),
            mark(5 * S, true),
        ];
        let placed = place(&marks, &axis, 1000.0);
        assert!(placed[..3].iter().all(|p| p.x == 100.0));
        assert!(
            placed[1].y < placed[0].y,
            "the second allowed mark sits above"
        );
        assert!(placed[2].y > LANE_HEIGHT / 2.0, "denied marks hang below");
        assert_eq!(placed[3].y, placed[0].y, "a lone mark is on the first row");
    }

    #[test]
    fn tall_stacks_squeeze_but_stay_inside_the_lane() {
        let axis = Axis::covering(0, 9 * S, 10 * S);
        let marks: Vec<Mark> = (0..500).map(|_| mark(S, true)).collect();
        let placed = place(&marks, &axis, 1000.0);
        assert!(placed.iter().all(|p| p.y >= MARK / 2.0 - 0.01));
    }

    #[test]
    fn paths_draw_each_spot_once() {
        let p = Placed { x: 10.2, y: 20.0 };
        let hidden = Placed { x: 9.9, y: 20.1 };
        let beside = Placed { x: 21.0, y: 20.0 };
        let above = Placed { x: 10.0, y: 9.0 };
        let d = dots_path(&[p, hidden, beside, above]);
        assert_eq!(d, "M10 20h0M21 20h0M10 9h0");
        assert_eq!(crosses_path(&[p]), "M5 15l10 10m0-10l-10 10");
        assert!(dots_path(&[]).is_empty());
    }

    #[test]
    fn strips_split_the_marks_by_x_and_keep_empty_ones() {
        let at = |x| Placed { x, y: 20.0 };
        let marks = [
            (at(-3.0), true),
            (at(10.0), false),
            (at(130.0), true),
            (at(400.0), true),
        ];
        let strips = strips(marks.iter().map(|(p, a)| (p, *a)), 200.0);
        assert_eq!(strips.len(), 4);
        assert_eq!(strips[0].allowed, dots_path(&[at(-3.0)]));
        assert_eq!(strips[0].denied, crosses_path(&[at(10.0)]));
        assert_eq!(strips[1], Strip::default(), "nothing between 64 and 128 px");
        assert_eq!(strips[2].allowed, dots_path(&[at(130.0)]));
        assert_eq!(
            strips[3].allowed,
            dots_path(&[at(400.0)]),
            "past the width: the last strip"
        );
    }

    #[test]
    fn picking_finds_the_closest_column_then_the_closest_row() {
        let placed = [
            Placed { x: 10.0, y: 60.0 },
            Placed { x: 100.0, y: 60.0 },
            Placed { x: 100.0, y: 45.0 },
            Placed { x: 300.0, y: 80.0 },
        ];
        assert_eq!(pick(&placed, 90.0, 66.0), Some(1));
        assert_eq!(pick(&placed, 104.0, 40.0), Some(2));
        assert_eq!(pick(&placed, 250.0, 0.0), Some(3), "far away, by x alone");
        assert_eq!(pick(&[], 1.0, 1.0), None);
        assert_eq!(hovered(&placed, 104.0, 40.0), Some(2));
        assert_eq!(hovered(&placed, 200.0, 40.0), None);
    }

    #[test]
    fn each_band_carries_the_incr_reply_not_a_count_of_marks() {
        let axis = Axis::covering(100 * S, 115 * S, 10 * S);
        let bands = super::super::axis::bands(&axis, 10 * S, 800.0);
        let counted = |at_us, counter| Mark {
            counter: Some(counter),
            ..mark(at_us, true)
        };
        // A second tab's INCR, or an earlier limit, made Redis's count run ahead of the marks here.
        let marks = [
            counted(105 * S, 4),
            counted(110 * S - 1, 7),
            mark(110 * S, true),
        ];
        assert_eq!(
            band_counters(&marks, &bands),
            [Some(7), None],
            "Redis's count, not the marks'"
        );
    }
}
