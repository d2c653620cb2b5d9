//! The fold of one membership's events: who is in the room, what the presenter chose, what was
//! published and delivered, who held the lock when, and every limiter decision. Only what arrived is
//! kept; nothing is guessed, except where a hold ended when no release came: at its `PX` lifetime, when
//! Redis itself deletes the key.

use std::{collections::BTreeMap, rc::Rc};

use shared::exercise::ExerciseKind;
use shared::room::{LockOutcome, Member, RanCommand, Role, RoomEvent, RoomSettings};

/// Most publishes, deliveries, lock attempts or decisions kept; older ones scroll out of every picture.
pub const KEPT: usize = 1000;

/// A `PUBLISH` the presenter made, as its event reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    /// Publish number in the room.
    pub seq: u64,
    /// The text.
    pub text: String,
    /// What `PUBLISH` returned: subscribers Redis delivered it to.
    pub receivers: u64,
    /// Unix milliseconds at the publishing backend.
    pub at_ms: u64,
}

/// A message this backend's room subscription received and relayed to this browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The publish it belongs to.
    pub seq: u64,
    /// The text.
    pub text: String,
    /// Unix milliseconds when the subscriber read it.
    pub at_ms: u64,
}

/// One time a member held the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    /// When `SET NX` said `OK`.
    pub from_ms: u64,
    /// The `PX` lifetime the room had then: Redis deletes the key by itself after it.
    pub ttl_ms: u32,
    /// The `SET … NX PX` that got it.
    pub acquire: RanCommand,
    /// The holder's `PTTL` at the end of the `PX` lifetime, when Redis said the key was gone.
    pub gone: Option<Gone>,
    /// The compare-and-delete, once it ran.
    pub release: Option<Release>,
}

/// Redis's word that a held lock's key is gone: the `PTTL` that answered -2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    /// When the holder's backend read it.
    pub at_ms: u64,
    /// The `PTTL` and its reply.
    pub ran: RanCommand,
}

/// The end of a hold as the member's release script reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// When the script ran.
    pub at_ms: u64,
    /// Whether it deleted the member's own key (false: the key had expired, or was someone else's).
    pub deleted: bool,
    /// The script call.
    pub ran: RanCommand,
}

/// A `SET NX` that found the lock taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    /// When.
    pub at_ms: u64,
    /// The command and its nil reply.
    pub ran: RanCommand,
}

/// One member's lock history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    /// The member's number.
    pub member: u32,
    /// Times they held it, oldest first.
    pub holds: Vec<Hold>,
    /// Attempts that found it taken, oldest first.
    pub busy: Vec<Busy>,
}

/// One request through the shared limiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The member who sent it.
    pub member: u32,
    /// Whether it got through.
    pub allowed: bool,
    /// What the limiter said was left.
    pub remaining: i64,
    /// The commands that decided it.
    pub ran: Rc<Vec<RanCommand>>,
    /// Unix milliseconds at the member's backend.
    pub at_ms: u64,
}

/// What a participant's gradings of one exercise said, as its backend reported them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    /// Whether one of them passed.
    pub passed_ever: bool,
    /// The properties the latest one broke (wire names).
    pub broken: Vec<String>,
    /// How many gradings ended.
    pub graded: u32,
}

/// Everything the membership's events said.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Book {
    /// The room's code, once entered.
    pub code: Option<String>,
    /// This browser's member record, once entered.
    pub me: Option<Member>,
    /// The presenter's current settings.
    pub settings: RoomSettings,
    /// Everyone present.
    pub members: Rc<Vec<Member>>,
    /// Publishes, oldest first.
    pub publishes: Vec<Publish>,
    /// What this browser's subscriber received, oldest first.
    pub inbox: Vec<Delivery>,
    /// Room messages this browser fell too far behind its backend's relay to get.
    pub missed: u64,
    /// Lock history per member, by member number.
    pub lanes: Vec<Lane>,
    /// Limiter decisions, oldest first.
    pub decisions: Vec<Decision>,
    /// Decisions allowed since the room opened or was last reset: counted, not read off
    /// `decisions`, which keeps only the newest.
    pub allowed: u64,
    /// Decisions refused since the room opened or was last reset.
    pub refused: u64,
    /// Each participant's verdicts, by member and exercise (the presenter's board).
    pub verdicts: Rc<BTreeMap<(u32, ExerciseKind), Verdict>>,
    /// The presenter left and the room closed.
    pub closed: bool,
    /// The presenter's connection dropped and the room waits for it to come back.
    pub presenter_away: bool,
    /// The newest `at_ms` any event carried.
    pub latest_ms: Option<u64>,
}

/// Drops the oldest entries beyond [`KEPT`].
fn cap<T>(list: &mut Vec<T>) {
    if list.len() > KEPT {
        list.drain(..list.len() - KEPT);
    }
}

impl Book {
    /// Whether this browser is the room's presenter.
    pub fn presenting(&self) -> bool {
        self.me
            .as_ref()
            .is_some_and(|me| me.role == Role::Presenter)
    }

    /// Member `n`'s record, if they are present.
    pub fn member(&self, n: u32) -> Option<&Member> {
        self.members.iter().find(|m| m.n == n)
    }

    /// Member `n`'s name, or `#n` once they left.
    pub fn name(&self, n: u32) -> String {
        self.member(n)
            .map_or_else(|| format!("#{n}"), |m| m.name.clone())
    }

    /// The participants present (the presenter left out), in joining order.
    pub fn participants(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.role == Role::Participant)
    }

    /// Member `n`'s lane, if they tried the lock.
    pub fn lane(&self, n: u32) -> Option<&Lane> {
        self.lanes.iter().find(|lane| lane.member == n)
    }

    /// Folds one event.
    pub fn fold(&mut self, event: &RoomEvent) {
        match event {
            RoomEvent::Entered {
                code,
                me,
                settings,
                members,
            } => {
                self.code = Some(code.clone());
                self.me = Some(me.clone());
                self.settings = settings.clone();
                self.members = Rc::new(members.clone());
            }
            RoomEvent::Members { members } => self.members = Rc::new(members.clone()),
            RoomEvent::Settings { settings } => self.settings = settings.clone(),
            RoomEvent::Published {
                seq,
                text,
                receivers,
                at_ms,
            } => {
                self.saw(*at_ms);
                self.publishes.push(Publish {
                    seq: *seq,
                    text: text.clone(),
                    receivers: *receivers,
                    at_ms: *at_ms,
                });
                cap(&mut self.publishes);
            }
            RoomEvent::Delivered { seq, text, at_ms } => {
                self.saw(*at_ms);
                self.inbox.push(Delivery {
                    seq: *seq,
                    text: text.clone(),
                    at_ms: *at_ms,
                });
                cap(&mut self.inbox);
            }
            RoomEvent::Missed { messages, at_ms } => {
                self.saw(*at_ms);
                self.missed += messages;
            }
            RoomEvent::Lock {
                member,
                outcome,
                ran,
                at_ms,
            } => {
                self.saw(*at_ms);
                self.fold_lock(*member, outcome, ran, *at_ms);
            }
            RoomEvent::Decision {
                member,
                allowed,
                remaining,
                ran,
                at_ms,
            } => {
                self.saw(*at_ms);
                if *allowed {
                    self.allowed += 1;
                } else {
                    self.refused += 1;
                }
                self.decisions.push(Decision {
                    member: *member,
                    allowed: *allowed,
                    remaining: *remaining,
                    ran: Rc::new(ran.clone()),
                    at_ms: *at_ms,
                });
                cap(&mut self.decisions);
            }
            RoomEvent::Graded {
                member,
                exercise,
                passed,
                broken,
            } => {
                let verdict = Rc::make_mut(&mut self.verdicts)
                    .entry((*member, *exercise))
                    .or_default();
                verdict.passed_ever |= *passed;
                verdict.broken.clone_from(broken);
                verdict.graded += 1;
            }
            RoomEvent::Reset => {
                // The keys are gone: the pictures start again, as the limiter and the lock do.
                self.lanes.clear();
                self.decisions.clear();
                self.allowed = 0;
                self.refused = 0;
            }
            RoomEvent::Closed => self.closed = true,
            RoomEvent::PresenterAway => self.presenter_away = true,
            RoomEvent::PresenterBack => self.presenter_away = false,
            // The page keeps the secret (`state::Reclaim`), not the book.
            RoomEvent::Reclaimable { .. } => {}
        }
    }

    fn saw(&mut self, at_ms: u64) {
        self.latest_ms = Some(self.latest_ms.map_or(at_ms, |latest| latest.max(at_ms)));
    }

    fn fold_lock(&mut self, member: u32, outcome: &LockOutcome, ran: &RanCommand, at_ms: u64) {
        let ttl_ms = self.settings.lock_ttl_ms;
        let at = match self.lanes.binary_search_by_key(&member, |lane| lane.member) {
            Ok(at) => at,
            Err(at) => {
                self.lanes.insert(
                    at,
                    Lane {
                        member,
                        holds: Vec::new(),
                        busy: Vec::new(),
                    },
                );
                at
            }
        };
        let lane = &mut self.lanes[at];
        match outcome {
            LockOutcome::Acquired => {
                lane.holds.push(Hold {
                    from_ms: at_ms,
                    ttl_ms,
                    acquire: ran.clone(),
                    gone: None,
                    release: None,
                });
                cap(&mut lane.holds);
            }
            LockOutcome::Busy => {
                lane.busy.push(Busy {
                    at_ms,
                    ran: ran.clone(),
                });
                cap(&mut lane.busy);
            }
            // A hold the Reset cleared away is not in the lane any more, so its key's going is not
            // shown as an expiry.
            LockOutcome::Gone => {
                if let Some(hold) = lane.holds.iter_mut().rev().find(|h| h.release.is_none()) {
                    hold.gone = Some(Gone {
                        at_ms,
                        ran: ran.clone(),
                    });
                }
            }
            LockOutcome::Released { released } => {
                if let Some(hold) = lane.holds.iter_mut().rev().find(|h| h.release.is_none()) {
                    hold.release = Some(Release {
                        at_ms,
                        deleted: *released,
                        ran: ran.clone(),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
