//! The shapes of the marks and the fill patterns, shared by the plot and its legend. Every kind of mark
//! differs in shape as well as colour (square, slashed circle, cross, burst, triangles, diamonds), so
//! the picture reads for colour-blind viewers and in black and white.

use yew::prelude::*;

use super::timeline::MarkKind;

/// Id of the hatch drawn over a paused stretch.
pub const PAUSE_HATCH: &str = "lock-hatch-pause";
/// Id of the alarm hatch: violations, a lock without expiry.
pub const ALARM_HATCH: &str = "lock-hatch-alarm";

/// The patterns the plot and legend refer to by id; put once in the plot's `<defs>`.
pub fn patterns() -> Html {
    html! {
        <defs>
            <pattern id={PAUSE_HATCH} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect class="lock-hatch-pause__bg" width="8" height="8" />
                <line class="lock-hatch-pause__line" x1="0" y1="0" x2="0" y2="8" />
            </pattern>
            <pattern id={ALARM_HATCH} width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
                <rect class="lock-hatch-alarm__bg" width="10" height="10" />
                <line class="lock-hatch-alarm__line" x1="0" y1="0" x2="0" y2="10" />
            </pattern>
        </defs>
    }
}

/// The class of a mark's shape, which the stylesheet colours.
pub fn mark_class(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Skipped => "lock-g lock-g--skipped",
        MarkKind::Released => "lock-g lock-g--released",
        MarkKind::Refused => "lock-g lock-g--refused",
        MarkKind::Stole => "lock-g lock-g--stole",
        MarkKind::Crashed => "lock-g lock-g--crashed",
        MarkKind::Renewed { ok: true } => "lock-g lock-g--renewed",
        MarkKind::Renewed { ok: false } => "lock-g lock-g--renew-failed",
        MarkKind::Wrote { accepted: true, .. } => "lock-g lock-g--accepted",
        MarkKind::Wrote {
            accepted: false, ..
        } => "lock-g lock-g--rejected",
    }
}

/// The SVG path of a mark of `kind` centred on `(x, y)`, `size` across.
pub fn mark_path(kind: MarkKind, x: f64, y: f64, size: f64) -> String {
    let r = size / 2.0;
    let (l, t, rr, b) = (x - r, y - r, x + r, y + r);
    match kind {
        MarkKind::Released => format!("M{l:.1} {t:.1}H{rr:.1}V{b:.1}H{l:.1}Z"),
        MarkKind::Skipped => circle(x, y, r * 0.8),
        MarkKind::Refused => {
            let d = r * 0.6;
            format!(
                "{}M{:.1} {:.1}L{:.1} {:.1}",
                circle(x, y, r * 0.9),
                x - d,
                y + d,
                x + d,
                y - d
            )
        }
        MarkKind::Stole => {
            let d = r * 0.85;
            format!(
                "M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}",
                x - d,
                y - d,
                x + d,
                y + d,
                x - d,
                y + d,
                x + d,
                y - d
            )
        }
        MarkKind::Crashed => burst(x, y, r),
        MarkKind::Renewed { ok: true } => format!("M{x:.1} {t:.1}L{rr:.1} {b:.1}H{l:.1}Z"),
        MarkKind::Renewed { ok: false } => format!("M{l:.1} {t:.1}H{rr:.1}L{x:.1} {b:.1}Z"),
        MarkKind::Wrote { accepted, .. } => {
            let diamond = format!("M{x:.1} {t:.1}L{rr:.1} {y:.1}L{x:.1} {b:.1}L{l:.1} {y:.1}Z");
            if accepted {
                diamond
            } else {
                let d = r * 0.4;
                format!(
                    "{diamond}M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}",
                    x - d,
                    y - d,
                    x + d,
                    y + d,
                    x - d,
                    y + d,
                    x + d,
                    y - d
                )
            }
        }
    }
}

/// A circle as a path, so every mark is one `<path>`.
fn circle(x: f64, y: f64, r: f64) -> String {
    format!(
        "M{:.1} {y:.1}a{r:.1} {r:.1} 0 1 0 {:.1} 0a{r:.1} {r:.1} 0 1 0 {:.1} 0Z",
        x - r,
        2.0 * r,
        -2.0 * r
    )
}

/// An eight-pointed burst: the crash.
fn burst(x: f64, y: f64, r: f64) -> String {
    let mut d = String::new();
    for i in 0..16 {
        let angle = std::f64::consts::PI * f64::from(i) / 8.0;
        let reach = if i % 2 == 0 { r } else { r * 0.45 };
        let (px, py) = (x + reach * angle.sin(), y - reach * angle.cos());
        d.push_str(&format!(
            "{}{px:.1} {py:.1}",
            if i == 0 { "M" } else { "L" }
        ));
    }
    d.push('Z');
    d
}

/// A mark as drawn in the legend: a small SVG of its own.
pub fn legend_mark(kind: MarkKind) -> Html {
    html! {
        <svg class="lock-legend__icon" viewBox="0 0 20 20" aria-hidden="true">
            <path class={mark_class(kind)} d={mark_path(kind, 10.0, 10.0, 15.0)} />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_is_a_closed_or_stroked_path_inside_its_box() {
        let kinds = [
            MarkKind::Skipped,
            MarkKind::Released,
            MarkKind::Refused,
            MarkKind::Stole,
            MarkKind::Crashed,
            MarkKind::Renewed { ok: true },
            MarkKind::Renewed { ok: false },
            MarkKind::Wrote {
                fence: 1,
                accepted: true,
            },
            MarkKind::Wrote {
                fence: 1,
                accepted: false,
            },
        ];
        for kind in kinds {
            let d = mark_path(kind, 50.0, 50.0, 10.0);
            assert!(d.starts_with('M'), "{kind:?}: {d}");
            let numbers = d
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .filter_map(|n| n.parse::<f64>().ok());
            // Absolute coordinates stay in the box; the arcs' relative numbers are at most its width.
            assert!(
                numbers.into_iter().all(|n| (-10.0..=55.0).contains(&n)),
                "{kind:?}: {d}"
            );
        }
        let classes: std::collections::HashSet<_> = kinds.iter().map(|&k| mark_class(k)).collect();
        assert_eq!(classes.len(), kinds.len(), "each kind has its own look");
    }
}
