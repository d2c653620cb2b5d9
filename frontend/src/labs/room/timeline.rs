//! Pure geometry of the room's time axes: the window of the last seconds, where a lock hold's bar
//! starts and ends, where a busy attempt or a limiter decision sits, and each member's colour.

use super::book::{Decision, Hold, Lane};

/// A stretch of time mapped onto `width` pixels, ending now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// Unix milliseconds at the left edge.
    pub from_ms: u64,
    /// Unix milliseconds at the right edge: now.
    pub to_ms: u64,
    /// Pixels across.
    pub width: f64,
}

impl Window {
    /// The `span_ms` before `now_ms`.
    pub fn ending(now_ms: u64, span_ms: u64, width: f64) -> Self {
        Self {
            from_ms: now_ms.saturating_sub(span_ms),
            to_ms: now_ms,
            width,
        }
    }

    /// The x of `at_ms`, pinned to the window's edges.
    pub fn x(&self, at_ms: u64) -> f64 {
        let span = self.to_ms.saturating_sub(self.from_ms).max(1) as f64;
        let at = at_ms.clamp(self.from_ms, self.to_ms) - self.from_ms;
        at as f64 / span * self.width
    }

    /// Whether `[from_ms, to_ms]` shows in the window.
    pub fn overlaps(&self, from_ms: u64, to_ms: u64) -> bool {
        from_ms <= self.to_ms && to_ms >= self.from_ms
    }
}

/// How a hold ended, as far as Redis said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The member's compare-and-delete removed its own key.
    Released,
    /// The `PX` lifetime ran out first: the holder's `PTTL` found the key gone.
    Expired,
    /// The compare-and-delete found the key no longer the member's, with no reading of when it went.
    Lost,
    /// Still held now, as far as Redis has said.
    Held,
}

impl End {
    /// The `data-end` value and CSS modifier.
    pub fn id(self) -> &'static str {
        match self {
            Self::Released => "released",
            Self::Expired => "expired",
            Self::Lost => "lost",
            Self::Held => "held",
        }
    }
}

/// When `hold` ended (or `now_ms`, while it lasts) and how, only as Redis said: at the release if the
/// script deleted the key; when its `PX` lifetime ran out if the holder's `PTTL` then found it gone;
/// at the release if the script found it gone with no such reading. Never from this browser's clock.
pub fn hold_end(hold: &Hold, now_ms: u64) -> (u64, End) {
    let expires = hold.from_ms + u64::from(hold.ttl_ms);
    match (&hold.release, &hold.gone) {
        (Some(release), _) if release.deleted => (release.at_ms, End::Released),
        (_, Some(gone)) => (gone.at_ms.min(expires), End::Expired),
        (Some(release), None) => (release.at_ms, End::Lost),
        (None, None) => (now_ms.max(hold.from_ms), End::Held),
    }
}

/// A hold's bar in a lane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Index of the hold in its lane.
    pub index: usize,
    /// Left edge.
    pub x: f64,
    /// Width, at least one pixel so a short hold still shows.
    pub width: f64,
    /// How it ended.
    pub end: End,
}

/// The bars of `lane`'s holds that show in `window`.
pub fn bars(lane: &Lane, window: &Window) -> Vec<Bar> {
    lane.holds
        .iter()
        .enumerate()
        .filter_map(|(index, hold)| {
            let (end_ms, end) = hold_end(hold, window.to_ms);
            window.overlaps(hold.from_ms, end_ms).then(|| {
                let x = window.x(hold.from_ms);
                Bar {
                    index,
                    x,
                    width: (window.x(end_ms) - x).max(1.0),
                    end,
                }
            })
        })
        .collect()
}

/// The x of each of `lane`'s busy attempts in `window`, with its index in the lane.
pub fn busy_marks(lane: &Lane, window: &Window) -> Vec<(usize, f64)> {
    lane.busy
        .iter()
        .enumerate()
        .filter(|(_, busy)| window.overlaps(busy.at_ms, busy.at_ms))
        .map(|(index, busy)| (index, window.x(busy.at_ms)))
        .collect()
}

/// A limiter decision on the timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// Index among the book's decisions.
    pub index: usize,
    /// Where in time.
    pub x: f64,
    /// Who sent it.
    pub member: u32,
    /// Whether it got through: allowed marks sit on the upper row, refused on the lower.
    pub allowed: bool,
}

/// The decisions that show in `window`.
pub fn marks(decisions: &[Decision], window: &Window) -> Vec<Mark> {
    decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| window.overlaps(d.at_ms, d.at_ms))
        .map(|(index, d)| Mark {
            index,
            x: window.x(d.at_ms),
            member: d.member,
            allowed: d.allowed,
        })
        .collect()
}

/// Member `n`'s hue in degrees: the golden angle apart, so neighbours in joining order never look
/// alike however many join.
pub fn hue(n: u32) -> u32 {
    ((f64::from(n) * 137.508) % 360.0).round() as u32 % 360
}

/// How much time the rate-limit timeline shows: two windows, at least 20 s and at most 10 min.
pub fn limiter_span_ms(window_seconds: u32) -> u64 {
    (u64::from(window_seconds) * 2_000).clamp(20_000, 600_000)
}

#[cfg(test)]
mod tests;
