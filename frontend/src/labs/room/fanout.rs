//! Pure geometry of the fan-out graph: the presenter on the left, the participants in columns on the
//! right, each joined to the presenter by an edge. A large room draws its first [`DRAWN`] participants
//! and counts the rest.

/// Most participants drawn as nodes.
pub const DRAWN: usize = 60;
/// Most nodes in one column.
const ROWS: usize = 10;

/// A point in the graph's coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Across.
    pub x: f64,
    /// Down.
    pub y: f64,
}

/// Where the presenter's node sits in a `width` × `height` graph.
pub fn presenter(width: f64, height: f64) -> Point {
    Point {
        x: width * 0.12,
        y: height / 2.0,
    }
}

/// Where the first `count` participants (at most [`DRAWN`]) sit: column by column, top to bottom, in
/// the right two thirds.
pub fn participants(count: usize, width: f64, height: f64) -> Vec<Point> {
    let count = count.min(DRAWN);
    if count == 0 {
        return Vec::new();
    }
    let rows = count.min(ROWS);
    let cols = count.div_ceil(rows);
    let (left, right) = (width * 0.38, width * 0.96);
    let (top, bottom) = (height * 0.06, height * 0.94);
    let col_w = (right - left) / cols as f64;
    let row_h = (bottom - top) / rows as f64;
    (0..count)
        .map(|i| Point {
            x: left + (i / rows) as f64 * col_w + col_w / 2.0,
            y: top + (i % rows) as f64 * row_h + row_h / 2.0,
        })
        .collect()
}

/// The radius of a participant's node, smaller as columns fill so neighbours never touch.
pub fn radius(count: usize, height: f64) -> f64 {
    let rows = count.clamp(1, ROWS) as f64;
    (height * 0.88 / rows * 0.36).min(height * 0.08)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_stay_inside_and_right_of_the_presenter() {
        for count in [1, 3, 10, 11, 37, 60, 500] {
            let nodes = participants(count, 800.0, 400.0);
            assert_eq!(nodes.len(), count.min(DRAWN));
            let p = presenter(800.0, 400.0);
            for node in &nodes {
                assert!(node.x > p.x && node.x < 800.0, "{count}: {node:?}");
                assert!(node.y > 0.0 && node.y < 400.0, "{count}: {node:?}");
            }
        }
    }

    #[test]
    fn no_two_nodes_touch() {
        for count in [2, 10, 25, 60] {
            let nodes = participants(count, 800.0, 400.0);
            let r = radius(count, 400.0);
            for (i, a) in nodes.iter().enumerate() {
                for b in &nodes[i + 1..] {
                    let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
                    assert!(d > 2.0 * r, "{count}: {a:?} and {b:?} closer than {r}");
                }
            }
        }
    }

    #[test]
    fn an_empty_room_draws_no_participant() {
        assert!(participants(0, 800.0, 400.0).is_empty());
    }
}
