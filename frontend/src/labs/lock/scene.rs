//! Everything the plot draws for one state of a run, placed in SVG units: the client lanes with their
//! spans and marks, the lock key's lane, the fenced resource's writes and the violations across lanes.
//! Each element that can be hovered or clicked names a [`Picked`] by index.
//!
//! Built in one pure pass per change of the run or the width, so host tests check the picture.

use super::layout::{AXIS_H, Frame, KeyState, bar_label, key_runs, lane_height, nudge, pttl_share};
use super::pick::Picked;
use super::timeline::{MarkKind, RunView, SpanKind, Track};
use shared::lock::Violation;

/// Space between the client lanes and the lanes under them.
const GAP: f64 = 14.0;
/// Height of the lock key's lane.
const KEY_H: f64 = 92.0;
/// Height of the fenced resource's lane.
const RESOURCE_H: f64 = 44.0;
/// Room at the top of the key lane for the holder's name.
const KEY_LABEL_H: f64 = 20.0;

/// A rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// A span of a client's lane.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanShape {
    /// What it stands for (waiting, holding or paused).
    pub kind: SpanKind,
    /// Where.
    pub rect: Rect,
    /// The bar's text, when it fits.
    pub label: Option<String>,
    /// Its entry in [`Scene::picks`].
    pub pick: usize,
}

/// A mark on a client's lane, centred on `(x, y)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkShape {
    /// What happened.
    pub kind: MarkKind,
    /// Centre.
    pub x: f64,
    /// Centre.
    pub y: f64,
    /// Its entry in [`Scene::picks`].
    pub pick: usize,
}

/// One client's lane.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneShape {
    /// The client.
    pub client: u32,
    /// The lane's band.
    pub band: Rect,
    /// Waiting spans first, then holdings, then pauses, so each draws over the one before.
    pub spans: Vec<SpanShape>,
    /// One path of short ticks, a tick per failed attempt.
    pub retries: String,
    /// Marks in time order.
    pub marks: Vec<MarkShape>,
    /// Size of a mark.
    pub mark_size: f64,
}

/// A run of key readings in one state.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyShape {
    /// The state.
    pub state: KeyState,
    /// Its extent.
    pub rect: Rect,
    /// For a held lock: the closed path of the `PTTL` steps, high when much time is left.
    pub steps: String,
    /// Its entry in [`Scene::picks`].
    pub pick: usize,
}

/// A write to the fenced resource.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WriteShape {
    /// Centre.
    pub x: f64,
    /// Centre.
    pub y: f64,
    /// The fence token it carried.
    pub fence: i64,
    /// Whether the resource took it.
    pub accepted: bool,
    /// Its entry in [`Scene::picks`].
    pub pick: usize,
}

/// A violation: the overlapping stretch of both clients' lanes.
#[derive(Debug, Clone, PartialEq)]
pub struct ViolationShape {
    /// The two clients.
    pub clients: (u32, u32),
    /// One rectangle per client's lane.
    pub rects: [Rect; 2],
    /// Its entry in [`Scene::picks`].
    pub pick: usize,
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The axis.
    pub frame: Frame,
    /// Total height.
    pub height: f64,
    /// One lane per client.
    pub lanes: Vec<LaneShape>,
    /// The key lane's band.
    pub key_band: Rect,
    /// The key lane's runs of readings.
    pub key: Vec<KeyShape>,
    /// The y of a full `PTTL` (the whole timeout left).
    pub key_full_y: f64,
    /// The resource lane's band, when the run used fencing.
    pub resource_band: Option<Rect>,
    /// The fenced writes, in time order.
    pub writes: Vec<WriteShape>,
    /// Violations, drawn over everything.
    pub violations: Vec<ViolationShape>,
    /// What each hoverable element stands for.
    pub picks: Vec<Picked>,
}

/// Lays `view` out `width` wide, with `violations` across the lanes.
pub fn build(view: &RunView, violations: &[Violation], width: f64) -> Scene {
    let frame = Frame::new(width, view.now_ms);
    let lane_h = lane_height(view.tracks.len());
    let mut picks = Vec::new();
    let lanes: Vec<LaneShape> = view
        .tracks
        .iter()
        .enumerate()
        .map(|(client, track)| {
            let band = Rect {
                x: frame.x(0),
                y: AXIS_H + client as f64 * lane_h,
                w: frame.plot_width(),
                h: lane_h,
            };
            lane(client as u32, track, band, &frame, view.now_ms, &mut picks)
        })
        .collect();
    let key_top = AXIS_H + lanes.len() as f64 * lane_h + GAP;
    let key_band = Rect {
        x: frame.x(0),
        y: key_top,
        w: frame.plot_width(),
        h: KEY_H,
    };
    let timeout_ms = u64::from(view.params.timeout_secs) * 1000;
    let key = key_lane(view, key_band, timeout_ms, &frame, &mut picks);
    let (resource_band, writes) = if view.faults.fencing {
        let band = Rect {
            y: key_top + KEY_H + GAP,
            h: RESOURCE_H,
            ..key_band
        };
        (Some(band), resource_lane(view, band, &frame, &mut picks))
    } else {
        (None, Vec::new())
    };
    let bottom = resource_band.map_or(key_top + KEY_H, |band| band.y + band.h);
    let violations = violations
        .iter()
        .filter_map(|overlap| {
            let band = |client: u32| lanes.get(client as usize).map(|lane| lane.band);
            let (a, b) = (band(overlap.clients.0)?, band(overlap.clients.1)?);
            let x = frame.x(overlap.from_ms);
            // A few pixels at least, so an overlap of a millisecond is still seen.
            let w = (frame.x(overlap.to_ms) - x).max(4.0);
            let pick = push(&mut picks, Picked::overlap(overlap));
            Some(ViolationShape {
                clients: overlap.clients,
                rects: [Rect { x, w, ..a }, Rect { x, w, ..b }],
                pick,
            })
        })
        .collect();
    Scene {
        frame,
        height: bottom + 6.0,
        lanes,
        key_band,
        key,
        key_full_y: key_top + KEY_LABEL_H,
        resource_band,
        writes,
        violations,
        picks,
    }
}

fn push(picks: &mut Vec<Picked>, picked: Picked) -> usize {
    picks.push(picked);
    picks.len() - 1
}

fn lane(
    client: u32,
    track: &Track,
    band: Rect,
    frame: &Frame,
    now_ms: u64,
    picks: &mut Vec<Picked>,
) -> LaneShape {
    let mark_size = (band.h * 0.3).clamp(10.0, 16.0);
    let bar_top = band.y + mark_size + 4.0;
    let bar_h = band.y + band.h - 4.0 - bar_top;
    let wait_h = (bar_h * 0.35).max(4.0);
    let wait_y = bar_top + (bar_h - wait_h) / 2.0;
    let order = |kind: &SpanKind| match kind {
        SpanKind::Waiting { .. } => 0,
        SpanKind::Holding { .. } => 1,
        SpanKind::Paused => 2,
    };
    let mut ordered: Vec<_> = track.spans.iter().collect();
    ordered.sort_by_key(|span| order(&span.kind));
    let spans = ordered
        .into_iter()
        .map(|span| {
            // A pause is announced with its end; until then it is drawn only as far as now.
            let to_ms = span.to_ms.unwrap_or(now_ms).min(now_ms.max(span.from_ms));
            let x = frame.x(span.from_ms);
            // A holding of a millisecond still shows; a wait that short is just nothing to see.
            let (y, h, min_w) = match span.kind {
                SpanKind::Waiting { .. } => (wait_y, wait_h, 0.0),
                _ => (bar_top, bar_h, 2.0),
            };
            let w = (frame.x(to_ms) - x).max(min_w);
            let label = match &span.kind {
                SpanKind::Holding { token, fence } => bar_label(token, *fence, w),
                _ => None,
            };
            SpanShape {
                kind: span.kind.clone(),
                rect: Rect { x, y, w, h },
                label,
                pick: push(picks, Picked::span(client, span)),
            }
        })
        .collect();
    let retries = track
        .retries
        .iter()
        .map(|&at| {
            format!(
                "M{:.1} {:.1}v{:.1}",
                frame.x(at),
                wait_y - 3.0,
                wait_h + 6.0
            )
        })
        .collect();
    let xs: Vec<f64> = track.marks.iter().map(|m| frame.x(m.at_ms)).collect();
    let marks = nudge(&xs, mark_size)
        .into_iter()
        .zip(&track.marks)
        .map(|(x, mark)| MarkShape {
            kind: mark.kind,
            x,
            y: band.y + 2.0 + mark_size / 2.0,
            pick: push(picks, Picked::mark(client, mark)),
        })
        .collect();
    LaneShape {
        client,
        band,
        spans,
        retries,
        marks,
        mark_size,
    }
}

fn key_lane(
    view: &RunView,
    band: Rect,
    timeout_ms: u64,
    frame: &Frame,
    picks: &mut Vec<Picked>,
) -> Vec<KeyShape> {
    let readings = &view.readings;
    let base = band.y + band.h - 4.0;
    let full = base - (band.y + KEY_LABEL_H);
    // A reading holds until the next one; the last one until now.
    let end_of = |i: usize| readings.get(i + 1).map_or(view.now_ms, |r| r.at_ms);
    key_runs(readings)
        .into_iter()
        .map(|(state, range)| {
            let (first, last) = (range.start, range.end - 1);
            let x0 = frame.x(readings[first].at_ms);
            let x1 = frame.x(end_of(last)).max(x0 + 1.0);
            let steps = match state {
                KeyState::Held { .. } => {
                    let mut d = format!("M{x0:.1} {base:.1}");
                    for i in range.clone() {
                        let y = base - full * pttl_share(readings[i].pttl_ms, timeout_ms);
                        let (from, to) = (frame.x(readings[i].at_ms), frame.x(end_of(i)));
                        d.push_str(&format!("L{from:.1} {y:.1}L{to:.1} {y:.1}"));
                    }
                    d.push_str(&format!("L{x1:.1} {base:.1}Z"));
                    d
                }
                KeyState::NoExpiry { .. } | KeyState::Free => String::new(),
            };
            let picked = Picked::key(state, &readings[first], &readings[last], end_of(last));
            KeyShape {
                state,
                rect: Rect {
                    x: x0,
                    y: band.y + KEY_LABEL_H,
                    w: x1 - x0,
                    h: full,
                },
                steps,
                pick: push(picks, picked),
            }
        })
        .collect()
}

fn resource_lane(
    view: &RunView,
    band: Rect,
    frame: &Frame,
    picks: &mut Vec<Picked>,
) -> Vec<WriteShape> {
    let mut writes: Vec<_> = view
        .tracks
        .iter()
        .enumerate()
        .flat_map(|(client, track)| track.marks.iter().map(move |m| (client as u32, m)))
        .filter(|(_, mark)| matches!(mark.kind, MarkKind::Wrote { .. }))
        .collect();
    writes.sort_by_key(|(_, mark)| mark.at_ms);
    let size = band.h * 0.5;
    let xs: Vec<f64> = writes.iter().map(|(_, m)| frame.x(m.at_ms)).collect();
    nudge(&xs, size * 2.5)
        .into_iter()
        .zip(writes)
        .filter_map(|(x, (client, mark))| match mark.kind {
            MarkKind::Wrote { fence, accepted } => Some(WriteShape {
                x,
                y: band.y + band.h / 2.0,
                fence,
                accepted,
                pick: push(picks, Picked::mark(client, mark)),
            }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
