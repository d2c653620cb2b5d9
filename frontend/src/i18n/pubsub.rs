//! The Pub/Sub lab's own catalogue: its keys ([`PubsubText`]) here, their ja/en sentences in
//! `pubsub/catalogue.rs` as one exhaustive `match`. Kept apart from [`super::Text`] so the lab's strings
//! live with the lab. Sentences with `{}` are filled by [`super::fill`] in the order the key's doc lists.

mod catalogue;

/// Declares [`PubsubText`] and [`PubsubText::ALL`] from one list, so the array used by the tests can
/// never miss a key.
macro_rules! keys {
    ($($(#[doc = $doc:literal])+ $key:ident,)+) => {
        /// A key of the Pub/Sub lab's catalogue; `lang.t(key)` turns it into a sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum PubsubText {
            $($(#[doc = $doc])+ $key,)+
        }

        impl PubsubText {
            /// Every key, in declaration order.
            pub const ALL: &'static [PubsubText] = &[$(PubsubText::$key,)+];
        }
    };
}

keys! {
    /// Lead paragraph under the title.
    Intro,
    /// Status: not connected to the server yet.
    StatusWaiting,
    /// Status: hub starting; `{}` subscribers.
    StatusStarting,
    /// Status: hub running; `{}` subscribers, `{}` connections.
    StatusRunning,
    /// Status: the hub ended.
    StatusError,
    /// Button that starts a fresh hub.
    StatusRestart,
    /// Why every subscriber has a connection of its own.
    OwnConnection,
    /// A steering request found no running hub.
    HubGone,
    /// Heading of the demo buttons.
    DemosTitle,
    /// Shown while a demo's script runs.
    DemoRunning,
    /// Demo button: fan-out.
    DemoFanOut,
    /// What the fan-out demo shows.
    DemoFanOutExplain,
    /// Demo button: loss on disconnect.
    DemoLoss,
    /// What the loss demo shows.
    DemoLossExplain,
    /// Demo button: pattern subscribe.
    DemoPattern,
    /// What the pattern demo shows.
    DemoPatternExplain,
    /// Demo button: Streams recovery.
    DemoStreams,
    /// What the Streams demo shows.
    DemoStreamsExplain,
    /// Demo button: slow subscriber.
    DemoSlow,
    /// What the slow-subscriber demo shows.
    DemoSlowExplain,
    /// Demo button: classic against sharded Pub/Sub on a cluster.
    DemoSharded,
    /// What the sharded demo shows.
    DemoShardedExplain,
    /// Heading of the configuration form.
    ControlsTitle,
    /// Label of the virtual subscriber count.
    CountLabel,
    /// Legend of the subscription presets.
    PresetLabel,
    /// Preset: everyone on the course's channel.
    PresetOneChannel,
    /// Preset: a channel per user and one pattern subscriber.
    PresetPerUser,
    /// Preset: names typed in.
    PresetCustom,
    /// Label of the custom channels field.
    CustomChannels,
    /// Label of the custom patterns field.
    CustomPatterns,
    /// How to fill the custom fields.
    CustomHint,
    /// Button applying the custom names.
    CustomApply,
    /// A refused channel name; `{}` the name.
    CustomBadChannel,
    /// A refused pattern; `{}` the pattern.
    CustomBadPattern,
    /// Too few or too many custom names.
    CustomCount,
    /// The Streams switch.
    StreamsLabel,
    /// What the Streams switch does.
    StreamsHint,
    /// Heading of the publish form.
    PublishTitle,
    /// Label of the channel field.
    ChannelLabel,
    /// Legend of the message kind.
    KindLabel,
    /// Kind: the course's notification.
    KindNotification,
    /// Kind: raw text.
    KindText,
    /// The notification's `type` field.
    NoteType,
    /// The notification's `from` field.
    NoteFrom,
    /// The notification's `content` field.
    NoteContent,
    /// Label of the raw text field.
    TextLabel,
    /// What text that is not JSON does to the course's listener.
    TextHint,
    /// Label of the burst size.
    BurstLabel,
    /// The publish button.
    PublishButton,
    /// Before the last PUBLISH's receiver count.
    ReceiversLabel,
    /// Accessible name of the fan-out graph.
    GraphLabel,
    /// Graph column: the publisher.
    ColPublisher,
    /// Graph column: channels.
    ColChannels,
    /// Graph column: patterns.
    ColPatterns,
    /// Graph column: subscribers.
    ColSubscribers,
    /// Under the publisher: the last receiver count `{}`.
    GraphReceivers,
    /// Short name of subscriber 0, this tab.
    BrowserShort,
    /// Legend: a SUBSCRIBE edge.
    LegendDirect,
    /// Legend: a PSUBSCRIBE edge.
    LegendPattern,
    /// Legend: a disconnected subscriber.
    LegendOff,
    /// Legend: what the numbers and pulses mean.
    LegendCounts,
    /// Heading of the publish log; `{}` publishes in all.
    LogTitle,
    /// The publish log before any publish.
    LogEmpty,
    /// A publish's receiver count `{}`.
    LogReceivers,
    /// Heading of this tab's inbox.
    InboxBrowser,
    /// Heading of subscriber `{}`'s inbox.
    InboxOf,
    /// An inbox's counts: `{}` received, `{}` missed.
    InboxCounts,
    /// Of those, `{}` not JSON.
    InboxMalformed,
    /// An inbox before any message.
    InboxEmpty,
    /// Under an inbox: `{}` older messages received but not kept by the page.
    InboxNotKept,
    /// A disconnection that lost `{}` messages.
    GapMissed,
    /// The same with Streams on; `{}` messages.
    GapMissedStreams,
    /// A disconnection still going on.
    GapOpen,
    /// Under a gap: the stream consumer read `{}` entries back since.
    GapReread,
    /// A message another tab of the session published.
    OtherTab,
    /// A message delivered through pattern `{}`.
    ViaPattern,
    /// A payload that is JSON but not a notification.
    PayloadJson,
    /// Before a payload that is not JSON.
    PayloadMalformed,
    /// What that payload does to the course's listener thread.
    PayloadMalformedWhy,
    /// Heading of the hovered item's trace lines.
    PeekTitle,
    /// How to see trace lines.
    PeekHint,
    /// `{}` trace lines gone; the trace keeps `{}`.
    PeekMissing,
    /// Heading of the subscriber counters.
    SubscribersTitle,
    /// A subscriber's counts: `{}` received, `{}` missed.
    SubCounts,
    /// Button closing a subscriber's connection.
    Disconnect,
    /// Button opening it again.
    Reconnect,
    /// Heading of the stream consumers.
    StreamsTitle,
    /// What pending and acknowledged mean.
    StreamsExplain,
    /// Column: group and consumer.
    StreamsConsumer,
    /// Column: entries read.
    StreamsRead,
    /// Column: entries pending.
    StreamsPending,
    /// Column: entries acknowledged.
    StreamsAcked,
    /// Column: the bar.
    StreamsBar,
    /// A consumer's `XPENDING` or `XACK` that Redis refused: `{}` the command and its error.
    StreamsFailed,
    /// Heading of the slow-subscriber figures.
    SlowTitle,
    /// The demo is running; `{}` KiB messages.
    SlowRunning,
    /// The demo failed.
    SlowFailed,
    /// Messages published before the cut.
    SlowPublished,
    /// Their size.
    SlowBytes,
    /// Whether Redis closed the connection.
    SlowClosed,
    /// Heading of the output-buffer chart.
    SlowChartTitle,
    /// Under the chart: `{}` readings while `{}` messages were published.
    SlowChartCaption,
    /// What the figures teach.
    SlowLesson,
    /// Heading of the sharded lesson's figures.
    ShardedTitle,
    /// The lesson is running; `{}` messages each way.
    ShardedRunning,
    /// The lesson failed.
    ShardedFailed,
    /// The playground runs on one Redis: there is no cluster bus to compare.
    ShardedNoCluster,
    /// Under the table: `{}` messages each way, delivered `{}` classic and `{}` sharded; PUBLISH counted
    /// `{}`, SPUBLISH `{}`.
    ShardedSummary,
    /// Column: the node.
    ShardedNode,
    /// Column: its role.
    ShardedRole,
    /// Role: master.
    ShardedMaster,
    /// Role: replica.
    ShardedReplica,
    /// Marks the nodes of the channels' shard.
    ShardedInShard,
    /// Column: classic messages its bus received.
    ShardedClassic,
    /// Column: sharded messages its bus received.
    ShardedSharded,
    /// What the figures teach.
    ShardedLesson,
    /// Yes.
    Yes,
    /// No.
    No,
    /// Heading of the code panel.
    CodeTitle,
    /// How the course's calls map to commands.
    CodeLead,
    /// Heading of the command list.
    CodeCommands,
    /// Where the stream commands went.
    CodeStreamsOff,
    /// What SUBSCRIBE does.
    CmdSubscribe,
    /// What PSUBSCRIBE does.
    CmdPsubscribe,
    /// What PUBLISH does.
    CmdPublish,
    /// What XGROUP CREATE does.
    CmdXgroup,
    /// What XADD does.
    CmdXadd,
    /// What XREADGROUP does.
    CmdXreadgroup,
    /// What XACK does.
    CmdXack,
    /// What XPENDING does.
    CmdXpending,
    /// Heading of the join link.
    JoinTitle,
    /// What the join link does.
    JoinHint,
    /// Button copying the link.
    JoinCopy,
    /// The link was copied.
    JoinCopied,
    /// The clipboard refused; copy by hand.
    JoinCopyByHand,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, check};

    #[test]
    fn every_key_is_translated_with_the_same_holes() {
        check::assert_complete(PubsubText::ALL, 0);
    }

    #[test]
    fn the_playgrounds_own_figures_say_so() {
        // Redis reports neither what a disconnected subscriber missed nor the bytes published.
        let own = [
            PubsubText::InboxCounts,
            PubsubText::InboxNotKept,
            PubsubText::GapMissed,
            PubsubText::GapMissedStreams,
            PubsubText::SubCounts,
            PubsubText::SlowBytes,
        ];
        for key in own {
            assert!(Lang::En.t(key).contains("the playground's"), "{key:?}");
            assert!(Lang::Ja.t(key).contains("プレイグラウンド"), "{key:?}");
        }
    }
}
