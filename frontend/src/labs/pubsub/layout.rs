//! The fan-out graph's geometry, pure: columns for the publisher, the channels, the patterns (when
//! any) and the subscribers; a node per name; an SVG path per edge a message can travel. Rows shrink
//! as subscribers are added, so 51 of them still fit one picture.

use std::collections::BTreeMap;

use shared::pubsub::{Subscription, glob_matches};

use super::pulses::Edge;

/// The SVG's width in user units; the height follows the number of rows.
pub const WIDTH: f64 = 1000.0;
/// Room above the first row for the column headings.
const TOP: f64 = 44.0;
/// Room below the last row.
const BOTTOM: f64 = 8.0;

/// One box of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Channel or pattern name; empty for the publisher and subscribers, which the view labels.
    pub name: String,
    /// Left edge.
    pub x: f64,
    /// Vertical centre.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// Left edge and width of a column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Left edge.
    pub x: f64,
    /// Width.
    pub w: f64,
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Height in user units.
    pub height: f64,
    /// Font size of node labels, in user units: smaller when rows are many.
    pub font: f64,
    /// Where `PUBLISH` comes from.
    pub publisher: Node,
    /// One per channel subscribed or published to.
    pub channels: Vec<Node>,
    /// One per pattern; empty when nobody uses `PSUBSCRIBE`.
    pub patterns: Vec<Node>,
    /// One per subscriber, by index.
    pub subscribers: Vec<Node>,
    /// The pattern column, when there is one (for its heading).
    pub pattern_column: Option<Column>,
    /// Every edge with its path, in drawing order.
    pub edges: BTreeMap<Edge, String>,
}

/// Row height and font size for `rows` rows.
fn scale(rows: usize) -> (f64, f64) {
    match rows {
        0..=8 => (64.0, 22.0),
        9..=16 => (44.0, 18.0),
        17..=30 => (30.0, 14.0),
        _ => (22.0, 13.0),
    }
}

impl Layout {
    /// Lays out `subscriptions` (index 0 is the browser) and the channels `published` to.
    pub fn new(subscriptions: &[Subscription], published: &[String]) -> Self {
        let mut channels: Vec<&str> = Vec::new();
        let mut patterns: Vec<&str> = Vec::new();
        for s in subscriptions {
            add_new(&mut channels, s.channels.iter().map(String::as_str));
            add_new(&mut patterns, s.patterns.iter().map(String::as_str));
        }
        add_new(&mut channels, published.iter().map(String::as_str));

        let rows = channels
            .len()
            .max(patterns.len())
            .max(subscriptions.len())
            .max(1);
        let (row, font) = scale(rows);
        let body = rows as f64 * row;
        let h = (row * 0.78).min(52.0);
        let place = |count: usize, column: Column, i: usize, name: &str| Node {
            name: name.to_owned(),
            x: column.x,
            y: TOP + body * (i as f64 + 0.5) / count as f64,
            w: column.w,
            h,
        };
        let (channel_col, pattern_col) = if patterns.is_empty() {
            (Column { x: 200.0, w: 400.0 }, None)
        } else {
            (
                Column { x: 175.0, w: 275.0 },
                Some(Column { x: 505.0, w: 215.0 }),
            )
        };
        let subscriber_col = Column { x: 770.0, w: 230.0 };
        let column = |names: &[&str], column: Column| -> Vec<Node> {
            names
                .iter()
                .enumerate()
                .map(|(i, name)| place(names.len(), column, i, name))
                .collect()
        };
        let mut layout = Self {
            height: TOP + body + BOTTOM,
            font,
            publisher: place(1, Column { x: 0.0, w: 130.0 }, 0, ""),
            channels: column(&channels, channel_col),
            patterns: pattern_col.map_or_else(Vec::new, |col| column(&patterns, col)),
            subscribers: (0..subscriptions.len())
                .map(|i| place(subscriptions.len(), subscriber_col, i, ""))
                .collect(),
            pattern_column: pattern_col,
            edges: BTreeMap::new(),
        };
        layout.edges = layout.all_edges(subscriptions);
        layout
    }

    fn all_edges(&self, subscriptions: &[Subscription]) -> BTreeMap<Edge, String> {
        let mut edges = BTreeMap::new();
        for c in &self.channels {
            let edge = Edge::Publish {
                channel: c.name.clone(),
            };
            edges.insert(edge, link(&self.publisher, c));
            for p in self
                .patterns
                .iter()
                .filter(|p| glob_matches(&p.name, &c.name))
            {
                let edge = Edge::Match {
                    channel: c.name.clone(),
                    pattern: p.name.clone(),
                };
                edges.insert(edge, link(c, p));
            }
        }
        for (s, (subscription, node)) in subscriptions.iter().zip(&self.subscribers).enumerate() {
            let subscriber = s as u32;
            for c in self.named(&self.channels, &subscription.channels) {
                let edge = Edge::Direct {
                    channel: c.name.clone(),
                    subscriber,
                };
                edges.insert(edge, link(c, node));
            }
            for p in self.named(&self.patterns, &subscription.patterns) {
                let edge = Edge::Pattern {
                    pattern: p.name.clone(),
                    subscriber,
                };
                edges.insert(edge, link(p, node));
            }
        }
        edges
    }

    fn named<'a>(&self, nodes: &'a [Node], names: &'a [String]) -> impl Iterator<Item = &'a Node> {
        nodes.iter().filter(|n| names.contains(&n.name))
    }

    /// The path of `edge`, when the graph draws it.
    pub fn path(&self, edge: &Edge) -> Option<&str> {
        self.edges.get(edge).map(String::as_str)
    }
}

fn add_new<'a>(list: &mut Vec<&'a str>, names: impl Iterator<Item = &'a str>) {
    for name in names {
        if !list.contains(&name) {
            list.push(name);
        }
    }
}

/// A smooth curve from the right side of `from` to the left side of `to`.
fn link(from: &Node, to: &Node) -> String {
    let (x1, y1, x2, y2) = (from.x + from.w, from.y, to.x, to.y);
    let mx = (x1 + x2) / 2.0;
    format!("M{x1:.1} {y1:.1}C{mx:.1} {y1:.1} {mx:.1} {y2:.1} {x2:.1} {y2:.1}")
}

/// Monospace glyphs are about 0.6 em wide.
const GLYPH_EM: f64 = 0.6;
/// A long name may shrink to this share of the row's font size before it is cut.
const MIN_SHRINK: f64 = 0.7;

/// The font size at which `text` fits `width` user units: `font`, or smaller for a long name (down to
/// [`MIN_SHRINK`] of it), so `user:12:notifications` is read whole rather than cut.
pub fn label_font(text: &str, width: f64, font: f64) -> f64 {
    let needed = text.chars().count() as f64 * GLYPH_EM;
    if needed * font <= width {
        font
    } else {
        (width / needed).max(font * MIN_SHRINK)
    }
}

/// `text` cut to what fits `width` user units at `font` size, with `…` when cut.
pub fn fit(text: &str, width: f64, font: f64) -> String {
    let room = ((width / (font * GLYPH_EM)).floor() as usize).max(2);
    if text.chars().count() <= room {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(room - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(channels: &[&str], patterns: &[&str]) -> Subscription {
        Subscription {
            channels: channels.iter().map(|c| (*c).to_owned()).collect(),
            patterns: patterns.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn one_channel_fans_out_to_every_subscriber() {
        let layout = Layout::new(&vec![on(&["news"], &[]); 4], &[]);
        assert_eq!(layout.channels.len(), 1);
        assert!(layout.patterns.is_empty() && layout.pattern_column.is_none());
        assert_eq!(
            layout.edges.len(),
            1 + 4,
            "publish, then one edge per subscriber"
        );
        let direct = Edge::Direct {
            channel: "news".into(),
            subscriber: 3,
        };
        assert!(layout.path(&direct).is_some_and(|d| d.starts_with('M')));
    }

    #[test]
    fn a_pattern_gets_a_column_and_an_edge_from_every_channel_it_matches() {
        let subs = [
            on(&["user:1:n"], &[]),
            on(&["user:2:n"], &[]),
            on(&[], &["user:*:n"]),
        ];
        let layout = Layout::new(&subs, &["other".to_owned(), "user:1:n".to_owned()]);
        assert_eq!(
            layout
                .channels
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["user:1:n", "user:2:n", "other"],
            "subscribed channels first, then channels only published to"
        );
        let matches = layout
            .edges
            .keys()
            .filter(|e| matches!(e, Edge::Match { .. }))
            .count();
        assert_eq!(matches, 2, "`other` does not match");
        assert!(
            layout
                .path(&Edge::Pattern {
                    pattern: "user:*:n".into(),
                    subscriber: 2
                })
                .is_some()
        );
        let pattern = layout.pattern_column.unwrap();
        assert!(layout.channels[0].x + layout.channels[0].w < pattern.x);
        assert!(pattern.x + pattern.w < layout.subscribers[0].x);
    }

    #[test]
    fn fifty_one_subscribers_fit_with_smaller_rows_in_order() {
        let few = Layout::new(&vec![on(&["a"], &[]); 4], &[]);
        let many = Layout::new(&vec![on(&["a"], &[]); 51], &[]);
        assert!(many.font < few.font);
        assert!(many.height < 51.0 * 30.0);
        let ys: Vec<f64> = many.subscribers.iter().map(|n| n.y).collect();
        assert!(
            ys.windows(2)
                .all(|w| w[0] + many.subscribers[0].h <= w[1] + 1e-9),
            "no overlap"
        );
        assert!(ys.last().is_some_and(|&y| y < many.height));
    }

    #[test]
    fn long_names_shrink_a_little_before_they_are_cut() {
        assert_eq!(label_font("news", 300.0, 20.0), 20.0);
        let shrunk = label_font("user:12:notifications", 240.0, 20.0);
        assert!((14.0..20.0).contains(&shrunk));
        assert_eq!(
            fit("user:12:notifications", 240.0, shrunk),
            "user:12:notifications"
        );
        assert_eq!(label_font(&"x".repeat(64), 240.0, 20.0), 14.0);
    }

    #[test]
    fn long_names_are_cut_to_fit() {
        assert_eq!(fit("news", 300.0, 20.0), "news");
        let cut = fit("user:1234567890:notifications:archive", 120.0, 20.0);
        assert_eq!(cut.chars().count(), 10);
        assert!(cut.ends_with('…'));
    }
}
