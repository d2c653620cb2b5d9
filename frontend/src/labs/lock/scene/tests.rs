//! The scene of a small stale-holder run: bars where the events put them, marks on their lanes, the key
//! lane's states, the fenced writes, and a violation across exactly the two lanes involved.

use shared::lock::{ClientEvent, Faults, Happening, KeyReading, LockEvent, LockParams};

use super::*;
use crate::labs::lock::layout::LABEL_W;
use crate::labs::lock::overlap::violations;
use crate::labs::lock::pick::What;

const T0: u64 = 1_700_000_000_000;
const WIDTH: f64 = LABEL_W + 1000.0 + crate::labs::lock::layout::RIGHT_PAD;

fn event(client: u32, at: u64, what: Happening) -> ClientEvent {
    ClientEvent {
        client,
        at_ms: T0 + at,
        what,
        trace: vec![at],
    }
}

fn acquired(fence: i64) -> Happening {
    Happening::Acquired {
        token: format!("token-{fence}-aaaaaaaa"),
        fence: Some(fence),
    }
}

fn released() -> Happening {
    Happening::Released {
        deleted: true,
        stole: false,
    }
}

/// Client 0 holds from 0 to 1700 ms, pausing until 1200; client 1 holds from 1000 to 1500; client 2
/// waits, then holds from 1500 to 2000. The key is read at 0, 1100 and 1900.
fn stale_run() -> RunView {
    let params = LockParams {
        clients: 3,
        timeout_secs: 1,
        ..LockParams::default()
    };
    let faults = Faults {
        pause_ms: 1200,
        fencing: true,
        ..Faults::default()
    };
    let mut view = RunView::new(1, params, faults);
    view.apply(&LockEvent::Started {
        at_ms: T0,
        key: "k".into(),
    });
    view.apply(&LockEvent::Clients {
        events: vec![
            event(0, 0, acquired(1)),
            event(
                0,
                0,
                Happening::Paused {
                    until_ms: T0 + 1200,
                },
            ),
            event(2, 10, Happening::Waiting { round: 0 }),
            event(2, 60, Happening::Retry),
            event(1, 1000, acquired(2)),
            event(
                1,
                1490,
                Happening::Wrote {
                    fence: 2,
                    accepted: true,
                },
            ),
            event(1, 1500, released()),
            event(2, 1500, acquired(3)),
            event(
                0,
                1690,
                Happening::Wrote {
                    fence: 1,
                    accepted: false,
                },
            ),
            event(
                0,
                1700,
                Happening::Released {
                    deleted: false,
                    stole: false,
                },
            ),
            event(2, 2000, released()),
        ],
    });
    view.apply(&LockEvent::Key {
        readings: vec![
            KeyReading {
                at_ms: T0,
                holder: Some(0),
                pttl_ms: 1000,
            },
            KeyReading {
                at_ms: T0 + 1100,
                holder: Some(1),
                pttl_ms: 900,
            },
            KeyReading {
                at_ms: T0 + 1900,
                holder: None,
                pttl_ms: -2,
            },
        ],
    });
    view
}

fn scene() -> (RunView, Scene) {
    let view = stale_run();
    let found = violations(&view);
    let scene = build(&view, &found, WIDTH);
    (view, scene)
}

#[test]
fn bars_sit_on_their_clients_lane_at_their_times() {
    let (view, scene) = scene();
    assert_eq!(scene.lanes.len(), 3);
    let frame = Frame::new(WIDTH, view.now_ms);
    let holding = |lane: &LaneShape| {
        lane.spans
            .iter()
            .find(|s| matches!(s.kind, SpanKind::Holding { .. }))
            .map(|s| s.rect)
            .expect("a holding")
    };
    let one = holding(&scene.lanes[1]);
    assert!((one.x - frame.x(1000)).abs() < 1e-9);
    assert!((one.x + one.w - frame.x(1500)).abs() < 1e-9);
    let band = scene.lanes[1].band;
    assert!(one.y >= band.y && one.y + one.h <= band.y + band.h);
    assert_eq!(
        scene.lanes[1].spans[0].label.as_deref(),
        Some("token-2- #2")
    );
    let paused = scene.lanes[0].spans.last().expect("the pause");
    assert_eq!(
        paused.kind,
        SpanKind::Paused,
        "the pause is drawn over the holding"
    );
    assert_eq!(scene.lanes[2].retries.matches('M').count(), 1);
}

#[test]
fn the_stale_holder_overlaps_both_later_holders_across_their_lanes() {
    let (_, scene) = scene();
    let pairs: Vec<_> = scene.violations.iter().map(|v| v.clients).collect();
    assert_eq!(pairs, [(0, 1), (0, 2)]);
    let v = &scene.violations[0];
    assert_eq!(v.rects[0].y, scene.lanes[0].band.y);
    assert_eq!(v.rects[1].y, scene.lanes[1].band.y);
    assert!(matches!(
        scene.picks[v.pick].what,
        What::Violation { clients: (0, 1) }
    ));
}

#[test]
fn marks_and_fenced_writes_name_what_they_are() {
    let (_, scene) = scene();
    let kinds: Vec<_> = scene.lanes[0].marks.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MarkKind::Wrote {
                fence: 1,
                accepted: false
            },
            MarkKind::Refused
        ]
    );
    let marks = &scene.lanes[0].marks;
    assert!(
        marks[1].x > marks[0].x,
        "a release right after a write is nudged clear of it"
    );
    let writes: Vec<_> = scene.writes.iter().map(|w| (w.fence, w.accepted)).collect();
    assert_eq!(writes, [(2, true), (1, false)]);
    assert!(scene.resource_band.is_some());
    assert_eq!(scene.picks[scene.writes[1].pick].client, Some(0));
}

#[test]
fn the_key_lane_shows_each_holder_then_the_free_key() {
    let (_, scene) = scene();
    let states: Vec<_> = scene.key.iter().map(|k| k.state).collect();
    assert_eq!(
        states,
        [
            KeyState::Held { holder: Some(0) },
            KeyState::Held { holder: Some(1) },
            KeyState::Free
        ]
    );
    assert!(scene.key[0].steps.ends_with('Z'));
    assert!(scene.key[2].steps.is_empty());
    assert!(scene.height > scene.key_band.y + scene.key_band.h);
}

#[test]
fn without_fencing_there_is_no_resource_lane() {
    let mut view = stale_run();
    view.faults.fencing = false;
    let scene = build(&view, &[], WIDTH);
    assert_eq!((scene.resource_band, scene.writes.len()), (None, 0));
    assert!(scene.violations.is_empty());
}
