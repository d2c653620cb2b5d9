//! The fold of room events: members and settings replaced, lock holds paired with their releases,
//! decisions and deliveries kept in order, a reset clearing the pictures, a close recorded.

use shared::room::{LockOutcome, Member, RanCommand, Role, RoomEvent, RoomLab, RoomSettings};

use super::*;
use crate::labs::room::timeline::{End, hold_end};

fn member(n: u32, role: Role) -> Member {
    Member {
        n,
        name: format!("guest {n}"),
        role,
    }
}

fn ran(command: &str, reply: &str) -> RanCommand {
    RanCommand {
        command: command.into(),
        reply: reply.into(),
    }
}

fn lock(member: u32, outcome: LockOutcome, at_ms: u64) -> RoomEvent {
    RoomEvent::Lock {
        member,
        outcome,
        ran: ran("SET pg:{room-ABCD2345}:lock t NX PX 5000", "OK"),
        at_ms,
    }
}

fn entered() -> RoomEvent {
    RoomEvent::Entered {
        code: "ABCD2345".into(),
        me: member(1, Role::Participant),
        settings: RoomSettings::default(),
        members: vec![member(0, Role::Presenter), member(1, Role::Participant)],
    }
}

#[test]
fn entering_records_the_room_and_who_this_browser_is() {
    let mut book = Book::default();
    book.fold(&entered());
    assert_eq!(book.code.as_deref(), Some("ABCD2345"));
    assert!(!book.presenting());
    assert_eq!(book.participants().count(), 1);
    assert_eq!(book.name(1), "guest 1");
    assert_eq!(book.name(9), "#9", "a member who left keeps a number");
}

#[test]
fn settings_and_members_are_replaced_by_later_events() {
    let mut book = Book::default();
    book.fold(&entered());
    let settings = RoomSettings {
        lab: RoomLab::Lock,
        ..RoomSettings::default()
    };
    book.fold(&RoomEvent::Settings {
        settings: settings.clone(),
    });
    book.fold(&RoomEvent::Members {
        members: vec![member(0, Role::Presenter)],
    });
    assert_eq!(book.settings, settings);
    assert_eq!(book.participants().count(), 0);
}

#[test]
fn a_release_closes_the_members_open_hold_and_busy_attempts_are_marks() {
    let mut book = Book::default();
    book.fold(&entered());
    book.fold(&lock(2, LockOutcome::Acquired, 1_000));
    book.fold(&lock(1, LockOutcome::Busy, 1_200));
    book.fold(&lock(2, LockOutcome::Released { released: true }, 3_000));
    assert_eq!(
        book.lanes.iter().map(|l| l.member).collect::<Vec<_>>(),
        [1, 2],
        "lanes in member order"
    );
    let two = book.lane(2).expect("lane of 2");
    assert_eq!(two.holds.len(), 1);
    let release = two.holds[0].release.as_ref().expect("released");
    assert_eq!((release.at_ms, release.deleted), (3_000, true));
    assert_eq!(two.holds[0].ttl_ms, RoomSettings::default().lock_ttl_ms);
    assert_eq!(book.lane(1).expect("lane of 1").busy.len(), 1);
    assert_eq!(book.latest_ms, Some(3_000));
}

#[test]
fn decisions_and_deliveries_keep_their_order_and_a_reset_clears_the_pictures() {
    let mut book = Book::default();
    book.fold(&entered());
    for (at_ms, allowed) in [(10, true), (20, false)] {
        book.fold(&RoomEvent::Decision {
            member: 1,
            allowed,
            remaining: 0,
            ran: vec![ran("INCR k", "1"), ran("EXPIRE k 10", "1")],
            at_ms,
        });
    }
    book.fold(&RoomEvent::Delivered {
        seq: 1,
        text: "hi".into(),
        at_ms: 30,
    });
    book.fold(&lock(1, LockOutcome::Acquired, 40));
    assert_eq!(book.decisions.len(), 2);
    assert!(book.decisions[0].allowed && !book.decisions[1].allowed);
    assert_eq!(book.decisions[0].ran.len(), 2);
    assert_eq!((book.allowed, book.refused), (1, 1));
    assert_eq!(book.inbox[0].text, "hi");

    book.fold(&RoomEvent::Reset);
    assert!(book.decisions.is_empty() && book.lanes.is_empty());
    assert_eq!(
        (book.allowed, book.refused),
        (0, 0),
        "the counts start again"
    );
    assert_eq!(book.inbox.len(), 1, "messages received stay received");
}

#[test]
fn history_is_capped() {
    let mut book = Book::default();
    for seq in 0..(KEPT as u64 + 5) {
        book.fold(&RoomEvent::Published {
            seq,
            text: String::new(),
            receivers: 1,
            at_ms: seq,
        });
    }
    assert_eq!(book.publishes.len(), KEPT);
    assert_eq!(book.publishes[0].seq, 5, "the oldest scroll out");
}

#[test]
fn limiter_counts_go_beyond_the_decisions_kept() {
    let mut book = Book::default();
    for at_ms in 0..(KEPT as u64 + 5) {
        book.fold(&RoomEvent::Decision {
            member: 1,
            allowed: at_ms % 2 == 0,
            remaining: 0,
            ran: Vec::new(),
            at_ms,
        });
    }
    assert_eq!(book.decisions.len(), KEPT);
    assert_eq!(book.allowed + book.refused, KEPT as u64 + 5);
}

#[test]
fn a_presenter_away_and_back_is_recorded() {
    let mut book = Book::default();
    book.fold(&RoomEvent::PresenterAway);
    assert!(book.presenter_away);
    book.fold(&RoomEvent::PresenterBack);
    assert!(!book.presenter_away);
}

#[test]
fn a_close_is_recorded() {
    let mut book = Book::default();
    book.fold(&RoomEvent::Closed);
    assert!(book.closed);
}

#[test]
fn a_hold_expires_only_when_the_holders_pttl_says_so_and_never_after_a_reset() {
    let mut book = Book::default();
    book.fold(&entered());
    book.fold(&lock(1, LockOutcome::Acquired, 1_000));
    let far_later = 1_000_000;
    let (_, end) = hold_end(&book.lane(1).expect("lane of 1").holds[0], far_later);
    assert_eq!(end, End::Held, "no reading from Redis yet");
    book.fold(&lock(1, LockOutcome::Gone, 6_002));
    let (at, end) = hold_end(&book.lane(1).expect("lane of 1").holds[0], far_later);
    assert_eq!((at, end), (6_000, End::Expired));

    // Acquired, then the presenter's Reset deleted the key: the holder's later PTTL -2 and its release's
    // 0 are not an expiry.
    book.fold(&lock(2, LockOutcome::Acquired, 7_000));
    book.fold(&RoomEvent::Reset);
    book.fold(&lock(2, LockOutcome::Gone, 12_000));
    book.fold(&lock(2, LockOutcome::Released { released: false }, 14_000));
    let shown: Vec<End> = book
        .lanes
        .iter()
        .flat_map(|lane| &lane.holds)
        .map(|hold| hold_end(hold, far_later).1)
        .collect();
    assert!(!shown.contains(&End::Expired), "{shown:?}");
}

#[test]
fn the_board_counts_each_present_participants_latest_verdict() {
    use crate::labs::room::board::tally;
    use shared::exercise::ExerciseKind;

    let mut book = Book::default();
    book.fold(&RoomEvent::Members {
        members: vec![
            member(0, Role::Presenter),
            member(1, Role::Participant),
            member(2, Role::Participant),
        ],
    });
    let graded = |member, passed, broken: &[&str]| RoomEvent::Graded {
        member,
        exercise: ExerciseKind::Cache,
        passed,
        broken: broken.iter().map(|b| (*b).to_owned()).collect(),
    };
    book.fold(&graded(1, false, &["spread", "ttl"]));
    book.fold(&graded(2, false, &["spread"]));
    book.fold(&graded(1, true, &[]));
    book.fold(&graded(9, false, &["ttl"]));

    let (passed, graded_count, broken) = tally(&book, ExerciseKind::Cache);
    assert_eq!(
        (passed, graded_count),
        (1, 2),
        "member 9 is not in the room"
    );
    assert_eq!(
        broken,
        [("spread".to_owned(), 1)],
        "member 1's latest grade passed"
    );
    assert_eq!(tally(&book, ExerciseKind::Lock), (0, 0, Vec::new()));
}

#[test]
fn messages_missed_behind_the_relay_add_up_and_stay_counted() {
    let mut book = Book::default();
    book.fold(&entered());
    for messages in [40, 2] {
        book.fold(&RoomEvent::Missed {
            messages,
            at_ms: 50,
        });
    }
    assert_eq!(book.missed, 42);
    book.fold(&RoomEvent::Reset);
    assert_eq!(book.missed, 42, "what was missed stays missed");
}
