//! The reducer on plain values: a membership's lifecycle, its events folded into the book, awaited
//! requests and their errors (a participant's `forbidden`), and a closed room.

use shared::room::{Member, Role, RoomEvent, RoomReply, RoomSettings};
use shared::{ErrorBody, ErrorCode, LabEvent};

use super::*;

fn event(event: RoomEvent) -> LabEvent {
    LabEvent::Room(event)
}

fn entered(role: Role) -> LabEvent {
    let me = Member {
        n: u32::from(role == Role::Participant),
        name: "ada".into(),
        role,
    };
    event(RoomEvent::Entered {
        code: "ABCD2345".into(),
        me: me.clone(),
        settings: RoomSettings::default(),
        members: vec![me],
    })
}

fn news(id: u64, events: Vec<LabEvent>, outcome: Option<Result<RoomReply, Failure>>) -> Action {
    Action::Updates {
        updates: vec![Update::new(id, events, outcome)],
        now_ms: 1_000.0,
    }
}

fn joined() -> RoomState {
    let mut state = RoomState::default();
    state.apply(Action::Begin(Start::Join {
        code: "ABCD2345".into(),
        name: " ada ".into(),
    }));
    state.apply(Action::Started(7));
    state.apply(news(7, vec![entered(Role::Participant)], None));
    state
}

#[test]
fn a_join_asks_then_enters_the_room() {
    let mut state = RoomState::default();
    assert_eq!(state.phase(), Phase::Idle);
    state.apply(Action::Begin(Start::Join {
        code: "ABCD2345".into(),
        name: " ada ".into(),
    }));
    assert_eq!(state.phase(), Phase::Entering);
    assert_eq!(
        state.start.as_ref().map(|s| s.request(None)),
        Some(RoomRequest::Join {
            code: "ABCD2345".into(),
            name: "ada".into()
        }),
        "the name is sent trimmed"
    );
    state.apply(Action::Started(7));
    assert_eq!(
        state.room(),
        None,
        "no request names a room not yet entered"
    );
    state.apply(news(7, vec![entered(Role::Participant)], None));
    assert_eq!(state.phase(), Phase::Open);
    assert_eq!(state.room(), Some(7));
    assert!(!state.book.presenting());
}

#[test]
fn events_fold_into_the_book_and_set_the_clock_offset() {
    let mut state = joined();
    let delivered = event(RoomEvent::Delivered {
        seq: 1,
        text: "hi".into(),
        at_ms: 5_000,
    });
    state.apply(news(7, vec![delivered], None));
    assert_eq!(state.book.inbox.len(), 1);
    assert_eq!(state.offset_ms, 4_000, "the backends' clock ran 4 s ahead");
}

#[test]
fn a_refused_request_shows_its_error_and_stops_being_awaited() {
    let mut state = joined();
    state.apply(Action::Sent(Sent {
        id: 8,
        kind: Kind::Reset,
    }));
    let forbidden = ErrorBody::new(ErrorCode::Forbidden, "presenter only");
    state.apply(news(
        8,
        vec![],
        Some(Err(Failure::Server(forbidden.clone()))),
    ));
    assert!(state.awaited.is_empty());
    assert_eq!(
        state.problem,
        Some(Problem::Failed(Failure::Server(forbidden)))
    );
    assert_eq!(
        state.phase(),
        Phase::Open,
        "a refused action leaves the room open"
    );
}

#[test]
fn an_acquire_is_awaited_until_answered() {
    let mut state = joined();
    state.apply(Action::Sent(Sent {
        id: 9,
        kind: Kind::Acquire,
    }));
    assert!(state.acquiring());
    let reply = RoomReply::Acquire { acquired: true };
    state.apply(news(9, vec![], Some(Ok(reply))));
    assert!(!state.acquiring());
    assert_eq!(state.problem, None);
}

#[test]
fn a_publish_that_went_out_clears_the_draft() {
    let mut state = joined();
    state.apply(Action::Draft("hello".into()));
    state.apply(Action::Sent(Sent {
        id: 10,
        kind: Kind::Publish,
    }));
    let reply = RoomReply::Published {
        seq: 1,
        receivers: 3,
    };
    state.apply(news(10, vec![], Some(Ok(reply))));
    assert_eq!(state.draft, "");
}

#[test]
fn no_such_room_ends_the_membership_with_an_error() {
    let mut state = RoomState::default();
    state.apply(Action::Begin(Start::Join {
        code: "ABCD2345".into(),
        name: String::new(),
    }));
    state.apply(Action::Started(3));
    let error = ErrorBody::new(ErrorCode::NoSuchRoom, "no room");
    state.apply(news(3, vec![], Some(Err(Failure::Server(error)))));
    assert_eq!(state.phase(), Phase::Error);
    assert_eq!(state.room(), None);
    state.apply(Action::Retry);
    assert_eq!(state.problem, None);
    assert_eq!(state.epoch, 2, "a retry asks again");
}

#[test]
fn the_presenter_leaving_closes_the_room() {
    let mut state = joined();
    state.apply(news(7, vec![event(RoomEvent::Closed)], None));
    assert_eq!(state.phase(), Phase::Closed);
    assert_eq!(state.room(), None, "nothing more is sent to a closed room");
}

#[test]
fn a_new_membership_starts_a_fresh_book() {
    let mut state = joined();
    state.apply(Action::Started(11));
    assert!(state.book.me.is_none());
    // Late news of the old membership changes nothing.
    state.apply(news(7, vec![event(RoomEvent::Closed)], None));
    assert!(!state.book.closed);
}

#[test]
fn a_rejoin_after_a_lost_connection_clears_the_stale_problem() {
    let mut state = joined();
    state.apply(news(7, vec![], Some(Err(Failure::Lost))));
    assert_eq!(state.phase(), Phase::Error);
    assert!(state.problem.is_some());
    state.apply(Action::Started(12));
    assert_eq!(state.problem, None, "no stale error over a working room");
}

fn presenting() -> RoomState {
    let mut state = RoomState::default();
    state.apply(Action::Begin(Start::Open(RoomSettings::default())));
    state.apply(Action::Started(3));
    let keep = event(RoomEvent::Reclaimable {
        secret: "ab".repeat(16),
        grace_secs: 120,
    });
    state.apply(news(3, vec![entered(Role::Presenter), keep], None));
    state
}

#[test]
fn a_presenter_whose_connection_dropped_reconnects_to_take_its_room_back() {
    let mut state = presenting();
    let reclaim = state.reclaim.clone().expect("the secret is kept");
    assert_eq!(reclaim.code, "ABCD2345");
    assert_eq!(Reclaim::decode(&reclaim.encode()), Some(reclaim.clone()));

    state.apply(news(3, vec![], Some(Err(Failure::Lost))));
    assert_eq!(state.phase(), Phase::Reconnecting);
    assert_eq!(
        state
            .start
            .as_ref()
            .map(|s| s.request(state.reclaim.as_ref())),
        Some(RoomRequest::Reclaim {
            code: "ABCD2345".into(),
            secret: reclaim.secret.clone()
        }),
        "the next membership takes the same room back"
    );
    state.apply(Action::Started(9));
    assert!(state.membership.as_ref().is_some_and(|m| m.reclaiming));
}

#[test]
fn a_room_that_closed_while_its_presenter_was_away_is_named_and_a_retry_opens_a_new_one() {
    let mut state = presenting();
    state.apply(news(3, vec![], Some(Err(Failure::Lost))));
    state.apply(Action::Started(9));
    let error = ErrorBody::new(ErrorCode::NoSuchRoom, "no room");
    state.apply(news(9, vec![], Some(Err(Failure::Server(error)))));

    assert_eq!(state.phase(), Phase::Error);
    assert_eq!(state.gone.as_deref(), Some("ABCD2345"));
    assert_eq!(state.reclaim, None);
    state.apply(Action::Retry);
    assert_eq!(state.gone, None);
    assert_eq!(
        state
            .start
            .as_ref()
            .map(|s| s.request(state.reclaim.as_ref())),
        Some(RoomRequest::Open {
            settings: RoomSettings::default()
        })
    );
}

#[test]
fn a_closed_room_is_not_taken_back() {
    let mut state = presenting();
    state.apply(news(3, vec![event(RoomEvent::Closed)], None));
    assert_eq!(state.reclaim, None);
    assert_eq!(state.phase(), Phase::Closed);
}
