//! The workshop rooms' own catalogue: its keys ([`RoomText`]) here, their ja/en sentences in
//! `room/catalogue.rs` as one exhaustive `match`. Sentences with `{}` are filled by [`super::fill`] in
//! the order the key's doc lists.

mod catalogue;

/// Declares [`RoomText`] and [`RoomText::ALL`] from one list, so the array used by the tests can never
/// miss a key.
macro_rules! keys {
    ($($(#[doc = $doc:literal])+ $key:ident,)+) => {
        /// A key of the rooms' catalogue; `lang.t(key)` turns it into a sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RoomText {
            $($(#[doc = $doc])+ $key,)+
        }

        impl RoomText {
            /// Every key, in declaration order.
            pub const ALL: &'static [RoomText] = &[$(RoomText::$key,)+];
        }
    };
}

keys! {
    /// Small line above a room's heading.
    Kicker,
    /// Room lab: Pub/Sub.
    LabPubsub,
    /// Room lab: the lock.
    LabLock,
    /// Room lab: the shared limiter.
    LabRatelimit,
    /// Label before the room code.
    CodeLabel,
    /// Participants present; `{}` count.
    Participants,
    /// A participant's own name; `{}` name.
    You,
    /// Button putting the room in full screen.
    Fullscreen,
    /// Waiting for the room to answer.
    Entering,
    /// The room closed (the presenter left, or this browser left).
    Closed,
    /// The membership failed; the reason is shown beside.
    Failed,
    /// Button opening a fresh room.
    OpenAgain,
    /// Button joining again.
    JoinAgain,
    /// Button resetting the lock and the limiter.
    Reset,
    /// The presenter's keys.
    KeysHint,
    /// Label of the lab tabs.
    TabsLabel,
    /// Label of the settings form.
    SettingsLabel,
    /// Field: the lock's lifetime.
    LockTtl,
    /// Field: how long a holder keeps the lock.
    LockHold,
    /// Field: the limiter's algorithm.
    Algorithm,
    /// Field: requests per window.
    MaxRequests,
    /// Field: window length.
    WindowSeconds,
    /// Button applying the settings.
    Apply,
    /// Participants' view of the lock settings; `{}` lifetime in s, `{}` hold in s.
    LockSummary,
    /// Participants' view of the limiter settings; `{}` algorithm, `{}` requests, `{}` window in s.
    LimiterSummary,
    /// Room lab: an exercise for everyone.
    LabExercise,
    /// Field: which exercise.
    ExerciseField,
    /// Participants' view of the exercise setting; `{}` the exercise.
    ExerciseSummary,
    /// The presenter's board: how many passed; `{}` passed, `{}` participants, `{}` graded at least once.
    BoardCounts,
    /// Heading of the most broken properties.
    BoardBroken,
    /// No one has been graded yet.
    BoardNone,
    /// A property's bar; `{}` the property, `{}` how many participants' last grade broke it.
    BoardBar,
    /// What the board shows and what it never shows.
    BoardNote,
    /// Heading of the invitation.
    InviteTitle,
    /// Accessible name of the QR code.
    QrLabel,
    /// Accessible name of the join link field.
    JoinUrlLabel,
    /// How to join.
    InviteHint,
    /// Label of the publish box.
    PublishLabel,
    /// Placeholder of the publish box.
    PublishPlaceholder,
    /// Publish button.
    Publish,
    /// Before the last receiver count.
    ReceiversLabel,
    /// A publish's receivers in the log; `{}` count.
    ReceivedBy,
    /// Accessible name of the fan-out graph.
    FanOutLabel,
    /// The presenter's node in the graph.
    PresenterNode,
    /// Under the graph: what it shows.
    FanOutCaption,
    /// Under the graph: nobody joined yet.
    NobodyYet,
    /// Under the graph: participants not drawn; `{}` count.
    MoreParticipants,
    /// Heading of a participant's inbox.
    InboxTitle,
    /// What the inbox shows.
    InboxHint,
    /// The inbox is empty.
    InboxEmpty,
    /// A message's line; `{}` publish number, `{}` time received.
    InboxMeta,
    /// This browser fell behind its backend's relay; `{}` messages it did not get.
    InboxMissed,
    /// Acquire button.
    Acquire,
    /// The acquire button while this browser's attempt and hold go on.
    Holding,
    /// What acquiring does.
    AcquireHint,
    /// Accessible name of the lanes.
    LanesLabel,
    /// What the lanes' shapes mean.
    LanesLegend,
    /// A hold's detail; `{}` start time, `{}` length in s, `{}` how it ended.
    HoldTitle,
    /// A busy attempt's detail; `{}` time.
    BusyTitle,
    /// A hold ended by the holder's release.
    EndReleased,
    /// A hold ended by the TTL.
    EndExpired,
    /// How a hold ended: the release found the key no longer the member's.
    EndLost,
    /// A hold still going.
    EndHeld,
    /// Send button.
    Send,
    /// What sending does.
    SendHint,
    /// The limiter let it through.
    Allowed,
    /// The limiter refused it.
    Refused,
    /// Totals; `{}` allowed, `{}` refused.
    Counts,
    /// Accessible name of the timeline.
    TimelineLabel,
    /// A decision's detail; `{}` name, `{}` verdict, `{}` remaining, `{}` time.
    DecisionTitle,
    /// What the detail box shows.
    DetailHint,
    /// Close button.
    Close,
    /// Heading of the join page.
    JoinTitle,
    /// Lead of the join page.
    JoinLead,
    /// Label of the name field.
    NameLabel,
    /// Placeholder of the name field.
    NamePlaceholder,
    /// Join button.
    Join,
    /// The code typed is not a room code.
    CodeInvalid,
    /// Heading of the home page's workshop card.
    WorkshopTitle,
    /// What the workshop card offers.
    WorkshopLead,
    /// Link opening a room as presenter.
    WorkshopPresent,
    /// The presenter could not take its room back: it closed meanwhile; `{}` the room's code.
    RoomLost,
    /// The presenter's connection dropped and the page reconnects; `{}` the room's code, `{}` seconds
    /// the room waits.
    Reconnecting,
    /// A participant's notice: the presenter's connection dropped and the room waits for it.
    PresenterAway,
    /// Button closing the room for everyone.
    CloseRoom,
    /// The join link names a loopback host that phones cannot reach; `{}` the host.
    LoopbackWarning,
    /// The fan-out's caption after a publish; `{}` PUBLISH's count, `{}` participants.
    FanOutReached,
    /// The link's code is not a room code; `{}` what the link held.
    LinkInvalid,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check;

    #[test]
    fn every_key_is_translated_with_the_same_holes() {
        check::assert_complete(RoomText::ALL, 0);
    }
}
