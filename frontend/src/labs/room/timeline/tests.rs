//! The time axes: the window's scale, how a hold's end is read from its release or its TTL, which
//! bars and marks show, and member colours.

use std::rc::Rc;

use shared::room::RanCommand;

use super::*;
use crate::labs::room::book::{Busy, Gone, Release};

fn ran() -> RanCommand {
    RanCommand {
        command: "SET k t NX PX 1000".into(),
        reply: "OK".into(),
    }
}

fn hold(from_ms: u64, release: Option<(u64, bool)>) -> Hold {
    Hold {
        from_ms,
        ttl_ms: 1_000,
        acquire: ran(),
        gone: None,
        release: release.map(|(at_ms, deleted)| Release {
            at_ms,
            deleted,
            ran: ran(),
        }),
    }
}

#[test]
fn the_window_maps_time_linearly_and_pins_the_edges() {
    let window = Window::ending(10_000, 10_000, 1_000.0);
    assert_eq!(window.x(0), 0.0);
    assert_eq!(window.x(5_000), 500.0);
    assert_eq!(window.x(10_000), 1_000.0);
    assert_eq!(window.x(20_000), 1_000.0);
    assert!(window.overlaps(9_000, 12_000));
    assert!(!window.overlaps(11_000, 12_000));
}

#[test]
fn a_hold_ends_only_where_redis_said_so() {
    assert_eq!(
        hold_end(&hold(100, Some((600, true))), 5_000),
        (600, End::Released)
    );
    // Past its PX lifetime by this browser's clock, but Redis has not said anything yet.
    assert_eq!(hold_end(&hold(100, None), 5_000), (5_000, End::Held));
    assert_eq!(hold_end(&hold(100, None), 400), (400, End::Held));
    // The holder's PTTL said -2 at 1_103: the key went at the end of its lifetime.
    let gone = |release| Hold {
        gone: Some(Gone {
            at_ms: 1_103,
            ran: ran(),
        }),
        ..hold(100, release)
    };
    assert_eq!(hold_end(&gone(None), 5_000), (1_100, End::Expired));
    assert_eq!(
        hold_end(&gone(Some((1_500, false))), 5_000),
        (1_100, End::Expired)
    );
    // The script found the key gone, and nothing said when it went (a Reset's DEL, say).
    assert_eq!(
        hold_end(&hold(100, Some((1_500, false))), 5_000),
        (1_500, End::Lost)
    );
}

#[test]
fn only_holds_and_attempts_in_the_window_show() {
    let lane = Lane {
        member: 1,
        holds: vec![hold(0, Some((500, true))), hold(9_000, None)],
        busy: vec![
            Busy {
                at_ms: 100,
                ran: ran(),
            },
            Busy {
                at_ms: 9_500,
                ran: ran(),
            },
        ],
    };
    let window = Window::ending(9_600, 5_000, 500.0);
    let shown = bars(&lane, &window);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].index, 1);
    assert_eq!(shown[0].end, End::Held);
    assert!((shown[0].x - 440.0).abs() < 1e-9);
    assert!((shown[0].width - 60.0).abs() < 1e-9);
    assert_eq!(busy_marks(&lane, &window), vec![(1, 490.0)]);
}

#[test]
fn decisions_sit_on_their_row_in_their_senders_colour() {
    let decision = |member, allowed, at_ms| Decision {
        member,
        allowed,
        remaining: 0,
        ran: Rc::new(vec![ran()]),
        at_ms,
    };
    let decisions = [decision(1, true, 100), decision(2, false, 9_000)];
    let window = Window::ending(10_000, 2_000, 200.0);
    let shown = marks(&decisions, &window);
    assert_eq!(shown.len(), 1);
    assert_eq!(
        (shown[0].index, shown[0].member, shown[0].allowed),
        (1, 2, false)
    );
    assert!((shown[0].x - 100.0).abs() < 1e-9);
}

#[test]
fn neighbours_get_distinct_hues() {
    for n in 0..50 {
        assert!(hue(n) < 360);
        let gap = (i64::from(hue(n)) - i64::from(hue(n + 1))).rem_euclid(360);
        assert!(gap.min(360 - gap) > 20, "{n} and {} look alike", n + 1);
    }
}

#[test]
fn the_limiter_shows_two_windows_within_bounds() {
    assert_eq!(limiter_span_ms(1), 20_000);
    assert_eq!(limiter_span_ms(30), 60_000);
    assert_eq!(limiter_span_ms(600), 600_000);
}
