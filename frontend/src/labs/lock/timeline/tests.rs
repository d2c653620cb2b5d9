//! Folding events into lanes: a round's wait and holding, a pause over a holding, renewals, releases
//! told apart, a crash, and key readings.

use shared::lock::KeyReading;

use super::*;

const T0: u64 = 1_700_000_000_000;

fn event(client: u32, at: u64, what: Happening, trace: &[u64]) -> ClientEvent {
    ClientEvent {
        client,
        at_ms: T0 + at,
        what,
        trace: trace.to_vec(),
    }
}

fn started() -> RunView {
    let mut view = RunView::new(7, LockParams::default(), Faults::default());
    view.apply(&LockEvent::Started {
        at_ms: T0,
        key: "pg:{ab}:lock:run1:resource".into(),
    });
    view
}

fn acquired(fence: Option<i64>) -> Happening {
    Happening::Acquired {
        token: "3f2a9c1e-0000".into(),
        fence,
    }
}

#[test]
fn a_round_is_a_wait_with_retries_then_a_holding_closed_by_the_release() {
    let mut view = started();
    view.apply(&LockEvent::Clients {
        events: vec![
            event(1, 10, Happening::Waiting { round: 0 }, &[]),
            event(1, 60, Happening::Retry, &[1]),
            event(1, 110, Happening::Retry, &[2]),
            event(1, 160, acquired(Some(4)), &[3, 4]),
            event(
                1,
                400,
                Happening::Released {
                    deleted: true,
                    stole: false,
                },
                &[5, 6],
            ),
        ],
    });
    let track = &view.tracks[1];
    assert_eq!(track.retries, [60, 110]);
    assert_eq!(
        track.spans[0],
        Span {
            kind: SpanKind::Waiting {
                round: 0,
                retries: 2
            },
            from_ms: 10,
            to_ms: Some(160),
            trace: vec![1, 2, 3, 4],
        }
    );
    assert_eq!(
        (track.spans[1].from_ms, track.spans[1].to_ms),
        (160, Some(400))
    );
    assert_eq!(track.spans[1].trace, [3, 4, 5, 6]);
    assert_eq!(track.marks[0].kind, MarkKind::Released);
    assert_eq!(view.now_ms, 400);
    assert!(view.tracks[0].spans.is_empty());
}

#[test]
fn a_pause_overlays_the_holding_which_stays_open_until_the_release() {
    let mut view = started();
    view.apply(&LockEvent::Clients {
        events: vec![
            event(0, 0, acquired(None), &[1]),
            event(
                0,
                1,
                Happening::Paused {
                    until_ms: T0 + 1201,
                },
                &[],
            ),
        ],
    });
    let spans = &view.tracks[0].spans;
    assert_eq!(spans[0].to_ms, None, "still holding while paused");
    assert_eq!(
        (spans[1].kind.clone(), spans[1].from_ms, spans[1].to_ms),
        (SpanKind::Paused, 1, Some(1201))
    );
    assert_eq!(
        view.now_ms, 1,
        "the axis does not run ahead of what happened"
    );

    view.apply(&LockEvent::Clients {
        events: vec![event(
            0,
            1700,
            Happening::Released {
                deleted: false,
                stole: false,
            },
            &[9],
        )],
    });
    assert_eq!(view.tracks[0].spans[0].to_ms, Some(1700));
    assert_eq!(view.tracks[0].marks[0].kind, MarkKind::Refused);
}

#[test]
fn a_failed_renewal_ends_the_holding_and_a_stolen_release_is_told_apart() {
    let mut view = started();
    view.faults.release = Release::Del;
    view.apply(&LockEvent::Clients {
        events: vec![
            event(0, 0, acquired(Some(1)), &[1]),
            event(0, 300, Happening::Renewed { ok: true }, &[2]),
            event(0, 1300, Happening::Renewed { ok: false }, &[3]),
            event(1, 1000, acquired(Some(2)), &[4]),
            event(
                1,
                1200,
                Happening::Wrote {
                    fence: 2,
                    accepted: true,
                },
                &[5],
            ),
            event(
                1,
                1210,
                Happening::Released {
                    deleted: true,
                    stole: true,
                },
                &[6],
            ),
        ],
    });
    let zero = &view.tracks[0];
    assert_eq!(
        (zero.spans[0].to_ms, zero.spans[0].trace.clone()),
        (Some(1300), vec![1, 2, 3])
    );
    let kinds: Vec<_> = zero.marks.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MarkKind::Renewed { ok: true },
            MarkKind::Renewed { ok: false }
        ]
    );
    let one: Vec<_> = view.tracks[1].marks.iter().map(|m| m.kind).collect();
    assert_eq!(
        one,
        [
            MarkKind::Wrote {
                fence: 2,
                accepted: true
            },
            MarkKind::Stole
        ]
    );
}

#[test]
fn a_crash_ends_the_wait_and_readings_keep_their_holder_and_pttl() {
    let mut view = started();
    view.apply(&LockEvent::Clients {
        events: vec![
            event(0, 0, Happening::Waiting { round: 0 }, &[]),
            event(0, 2, Happening::Crashed, &[1]),
        ],
    });
    view.apply(&LockEvent::Key {
        readings: vec![KeyReading {
            at_ms: T0 + 100,
            holder: Some(0),
            pttl_ms: -1,
        }],
    });
    assert_eq!(view.tracks[0].spans[0].to_ms, Some(2));
    assert_eq!(view.tracks[0].marks[0].kind, MarkKind::Crashed);
    assert_eq!(
        view.readings,
        [Reading {
            at_ms: 100,
            holder: Some(0),
            pttl_ms: -1
        }]
    );
    assert_eq!(view.now_ms, 100);
}

#[test]
fn a_lua_release_is_never_a_theft_whatever_the_flag_says() {
    let mut view = started();
    let released = Happening::Released {
        deleted: true,
        stole: true,
    };
    view.apply(&LockEvent::Clients {
        events: vec![
            event(0, 0, acquired(None), &[1]),
            event(0, 5, released, &[2]),
        ],
    });
    assert_eq!(view.tracks[0].marks[0].kind, MarkKind::Released);
}
