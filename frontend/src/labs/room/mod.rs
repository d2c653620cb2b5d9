//! Workshop rooms: a presenter opens a room on `/present` and shows its code and QR code; participants
//! join on `/room/<CODE>` from their own browsers and act as real Redis clients of the room: each one a
//! subscriber of the room channel, a contender for one lock, a sender through one shared limiter.
//!
//! Data flows one way: [`membership::use_membership`] keeps the `open`/`join` run going; [`use_room`] hands
//! its events to the [`state`] reducer, which folds them into a [`book`]; the components draw the book.
//! Every mark comes from a room event, which carries the command that made it.
//!
//! - [`state`]: the reducer; [`book`]: the fold of the membership's events; [`code`]: room codes and
//!   the join link.
//! - [`timeline`], [`fanout`]: pure geometry of the time axes and the fan-out graph.
//! - [`present`], [`join`]: the two pages; [`stage`]: the room as both roles see it; [`workshop`]: the
//!   home page's entry.
//! - [`invite`], [`qr`], [`settings`], [`publish`], [`inbox`], [`lock_view`], [`limiter_view`],
//!   [`ran_detail`], [`board`]: what is drawn and pressed.
//! - [`membership`], [`keys`], [`clock`]: hooks: the membership, the presenter's keys, the clock.

mod board;
mod book;
mod clock;
mod code;
mod fanout;
mod inbox;
mod invite;
mod join;
mod keys;
mod limiter_view;
mod lock_view;
mod membership;
mod present;
mod publish;
mod qr;
mod ran_detail;
mod settings;
mod stage;
mod state;
mod timeline;
mod workshop;

pub use code::LinkCode;
pub use join::JoinRoom;
pub use present::Present;
pub use workshop::Workshop;

use shared::RequestId;
use shared::room::{RoomLab, RoomRequest, RoomSettings};
use yew::prelude::*;

use crate::i18n::room::RoomText as T;
use crate::i18n::{Lang, Text, error_sentence, param_range};
use crate::ws::{Failure, LabHandle, use_lab, use_ws};
use state::{Action, Kind, Problem, RoomState, Sent};

/// The name of a room's lab.
pub fn lab_name(lab: RoomLab) -> T {
    match lab {
        RoomLab::Pubsub => T::LabPubsub,
        RoomLab::Lock => T::LabLock,
        RoomLab::Ratelimit => T::LabRatelimit,
        RoomLab::Exercise => T::LabExercise,
    }
}

/// A room lab's `data-lab` value.
pub fn lab_id(lab: RoomLab) -> &'static str {
    match lab {
        RoomLab::Pubsub => "pubsub",
        RoomLab::Lock => "lock",
        RoomLab::Ratelimit => "ratelimit",
        RoomLab::Exercise => "exercise",
    }
}

/// What to tell the user about `problem`.
pub fn problem_sentence(lang: Lang, problem: &Problem) -> String {
    match problem {
        Problem::Range(range) => param_range(lang, range),
        Problem::Failed(Failure::Server(error)) => error_sentence(lang, error),
        Problem::Failed(Failure::Lost) => lang.t(Text::RequestLost).to_owned(),
        Problem::Failed(Failure::NotSent) => lang.t(Text::RequestNotSent).to_owned(),
    }
}

/// What a room page's buttons need: the room's requests, and the reducer to record what was sent.
#[derive(Clone)]
pub struct Room {
    requests: LabHandle<RoomRequest>,
    state: UseReducerHandle<RoomState>,
}

impl Room {
    /// Sends `request` (checked first) and records it as awaited.
    fn send(&self, make: impl FnOnce(RequestId) -> RoomRequest, kind: Kind) {
        let Some(room) = self.state.room() else {
            return;
        };
        let request = make(room);
        if let Err(range) = request.validate() {
            self.state.dispatch(Action::Refused(Problem::Range(range)));
            return;
        }
        let id = self.requests.send(request);
        self.state.dispatch(Action::Sent(Sent { id, kind }));
    }

    /// Presenter: every member now sees `settings`.
    pub fn configure(&self, settings: RoomSettings) {
        self.send(
            |room| RoomRequest::Configure { room, settings },
            Kind::Configure,
        );
    }

    /// Presenter: shows the lab `delta` steps along [`RoomLab::ALL`], staying at either end.
    pub fn step(&self, delta: isize) {
        let settings = &self.state.book.settings;
        let next = keys::step(settings.lab, delta);
        if next != settings.lab {
            self.configure(RoomSettings {
                lab: next,
                ..settings.clone()
            });
        }
    }

    /// Presenter: publishes the draft on the room channel.
    pub fn publish(&self) {
        let text = self.state.draft.trim().to_owned();
        self.send(|room| RoomRequest::Publish { room, text }, Kind::Publish);
    }

    /// Anyone: one try for the lock, unless this browser's last one is still going.
    pub fn acquire(&self) {
        if !self.state.acquiring() {
            self.send(|room| RoomRequest::Acquire { room }, Kind::Acquire);
        }
    }

    /// Anyone: one request through the shared limiter.
    pub fn send_request(&self) {
        self.send(|room| RoomRequest::Send { room }, Kind::Send);
    }

    /// Presenter: deletes the lock and the limiter's keys.
    pub fn reset(&self) {
        self.send(|room| RoomRequest::Reset { room }, Kind::Reset);
    }

    /// Presenter: closes the room for everyone.
    pub fn close(&self) {
        self.send(|room| RoomRequest::Close { room }, Kind::Close);
    }
}

/// What a room page can do, as callbacks made once: children's props stay equal across renders, and
/// each call acts on the newest state.
#[derive(Clone, PartialEq)]
pub struct Controls {
    /// Presenter: new settings for everyone.
    pub configure: Callback<RoomSettings>,
    /// Presenter: the lab this many steps along.
    pub step: Callback<isize>,
    /// Presenter: publish the draft.
    pub publish: Callback<()>,
    /// The publish draft changed.
    pub draft: Callback<String>,
    /// Try for the lock.
    pub acquire: Callback<()>,
    /// One request through the shared limiter.
    pub send: Callback<()>,
    /// Presenter: reset the lock and the limiter.
    pub reset: Callback<()>,
    /// Presenter: close the room for everyone.
    pub close: Callback<()>,
    /// Hide the problem.
    pub dismiss: Callback<()>,
    /// Ask for the membership again.
    pub retry: Callback<()>,
}

/// Shortest time between two updates while events stream: a room of many participants clicking at
/// once sends far more events than frames worth drawing.
const UPDATE_EVERY_MS: u32 = 100;

/// A room page's requests: keeps the membership running, feeds the reducer what they report, and
/// returns the page's [`Controls`].
#[hook]
pub fn use_room(state: &UseReducerHandle<RoomState>) -> Controls {
    let ws = use_ws();
    let requests = {
        let dispatcher = state.dispatcher();
        use_lab::<RoomRequest>(
            UPDATE_EVERY_MS,
            Callback::from(move |updates| {
                let now_ms = js_sys::Date::now();
                dispatcher.dispatch(Action::Updates { updates, now_ms });
            }),
        )
    };
    membership::use_membership(&ws, &requests, state);
    use_controls(requests, state)
}

/// The page's [`Controls`], made once: the requests' handle never changes, and the reducer's handle
/// reads its newest state.
#[hook]
fn use_controls(requests: LabHandle<RoomRequest>, state: &UseReducerHandle<RoomState>) -> Controls {
    let room = Room {
        requests,
        state: state.clone(),
    };
    let dispatcher = state.dispatcher();
    (*use_memo((), move |()| {
        let act = |act: fn(&Room)| {
            let room = room.clone();
            Callback::from(move |()| act(&room))
        };
        let configure = {
            let room = room.clone();
            Callback::from(move |settings| room.configure(settings))
        };
        let step = {
            let room = room.clone();
            Callback::from(move |delta| room.step(delta))
        };
        let on = |action: fn(()) -> Action| {
            let dispatcher = dispatcher.clone();
            Callback::from(move |()| dispatcher.dispatch(action(())))
        };
        let draft = {
            let dispatcher = dispatcher.clone();
            Callback::from(move |text| dispatcher.dispatch(Action::Draft(text)))
        };
        Controls {
            configure,
            step,
            publish: act(Room::publish),
            draft,
            acquire: act(Room::acquire),
            send: act(Room::send_request),
            reset: act(Room::reset),
            close: act(Room::close),
            dismiss: on(|()| Action::Dismiss),
            retry: on(|()| Action::Retry),
        }
    }))
    .clone()
}

#[cfg(test)]
mod tests {
    use shared::{ErrorBody, ErrorCode};

    use super::*;

    #[test]
    fn a_participants_forbidden_action_reads_as_a_translated_sentence() {
        let forbidden = ErrorBody::new(ErrorCode::Forbidden, "only the presenter may do that");
        let problem = Problem::Failed(Failure::Server(forbidden));
        for lang in Lang::ALL {
            let sentence = problem_sentence(lang, &problem);
            assert_eq!(sentence, lang.t(Text::ErrForbidden));
            assert!(!sentence.contains("only the presenter may do that"));
        }
    }

    #[test]
    fn every_room_lab_has_its_own_name_and_id() {
        let ids: std::collections::HashSet<_> = RoomLab::ALL.iter().map(|&l| lab_id(l)).collect();
        let names: std::collections::HashSet<_> =
            RoomLab::ALL.iter().map(|&l| lab_name(l)).collect();
        assert_eq!(ids.len(), RoomLab::ALL.len());
        assert_eq!(names.len(), RoomLab::ALL.len());
    }
}
