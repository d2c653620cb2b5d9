//! The guided demos: one click runs a short script of real requests (configure, publish, disconnect,
//! wait, reconnect) that shows one lesson, with a short explanation. Each demo is plain data, so the
//! tests check the exact steps it takes.

use shared::pubsub::{Message, Notification};

use super::config::{Config, Preset, user_channel};
use crate::components::demo_buttons::GuidedDemo;
use crate::i18n::pubsub::PubsubText as T;

/// The slow-subscriber demo's message size: 8 KiB, so the 64 KiB limit is passed within a few messages.
pub const SLOW_MESSAGE_BYTES: u32 = 8192;
/// Messages the sharded lesson sends each way.
pub const SHARDED_MESSAGES: u32 = 20;

/// One step of a demo's script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Start a fresh hub with this configuration and wait until every subscriber is subscribed.
    Configure(Config),
    /// Publish through the hub and wait for the reply.
    Publish {
        /// Channel.
        channel: String,
        /// Message.
        message: Message,
        /// Burst size.
        count: u32,
    },
    /// Disconnect this subscriber and wait for the reply.
    Disconnect(u32),
    /// Reconnect it and wait for the reply.
    Reconnect(u32),
    /// Wait this many milliseconds, so the audience sees the state before the next step.
    Pause(u32),
    /// Run the slow-subscriber demo.
    Slow,
    /// Run the classic-against-sharded lesson.
    Sharded,
}

/// A guided demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// Several subscribers on one channel, a burst.
    FanOut,
    /// Disconnect one, publish, reconnect.
    Loss,
    /// Per-user channels and one `PSUBSCRIBE`.
    Pattern,
    /// The same loss with Streams on: the consumer reads back what it missed.
    Streams,
    /// A subscriber that stops reading, cut off by Redis.
    Slow,
    /// Classic `PUBLISH` against sharded `SPUBLISH` on a cluster.
    Sharded,
}

fn note(content: &str) -> Message {
    Message::Notification(Notification {
        kind: "new_message".into(),
        from: "Alice".into(),
        content: content.into(),
    })
}

fn publish(channel: &str, content: &str, count: u32) -> Step {
    Step::Publish {
        channel: channel.to_owned(),
        message: note(content),
        count,
    }
}

impl Demo {
    /// What to look at.
    pub fn explanation(self) -> T {
        match self {
            Self::FanOut => T::DemoFanOutExplain,
            Self::Loss => T::DemoLossExplain,
            Self::Pattern => T::DemoPatternExplain,
            Self::Streams => T::DemoStreamsExplain,
            Self::Slow => T::DemoSlowExplain,
            Self::Sharded => T::DemoShardedExplain,
        }
    }

    /// The virtual subscriber whose inbox the demo is about.
    pub fn watched(self) -> Option<u32> {
        match self {
            Self::Loss | Self::Streams => Some(2),
            Self::Pattern => Some(3),
            Self::FanOut | Self::Slow | Self::Sharded => None,
        }
    }

    /// The script.
    pub fn steps(self) -> Vec<Step> {
        let config = |virtual_subscribers, preset, streams| {
            Step::Configure(Config {
                virtual_subscribers,
                preset,
                streams,
                ..Config::default()
            })
        };
        let channel = user_channel(1);
        match self {
            Self::FanOut => vec![
                config(8, Preset::OneChannel, false),
                publish(&channel, "fan-out", 20),
            ],
            Self::Loss => vec![
                config(3, Preset::OneChannel, false),
                publish(&channel, "before", 1),
                Step::Disconnect(2),
                Step::Pause(800),
                publish(&channel, "while away", 5),
                Step::Pause(1200),
                Step::Reconnect(2),
                publish(&channel, "after", 1),
            ],
            Self::Pattern => vec![
                config(3, Preset::PerUser, false),
                publish(&user_channel(1), "to user 1", 1),
                Step::Pause(700),
                publish(&user_channel(2), "to user 2", 1),
                Step::Pause(700),
                publish(&user_channel(9), "to user 9", 1),
            ],
            Self::Streams => vec![
                config(3, Preset::OneChannel, true),
                Step::Disconnect(2),
                Step::Pause(800),
                publish(&channel, "while away", 5),
                Step::Pause(1200),
                Step::Reconnect(2),
            ],
            Self::Slow => vec![Step::Slow],
            Self::Sharded => vec![Step::Sharded],
        }
    }
}

impl GuidedDemo for Demo {
    type Text = T;
    const ALL: &'static [Self] = &[
        Self::FanOut,
        Self::Loss,
        Self::Pattern,
        Self::Streams,
        Self::Slow,
        Self::Sharded,
    ];
    const LAB: &'static str = "pubsub";
    const HEADING: T = T::DemosTitle;

    /// The button's `data-testid`.
    fn testid(self) -> &'static str {
        match self {
            Self::FanOut => "pubsub-demo-fanout",
            Self::Loss => "pubsub-demo-loss",
            Self::Pattern => "pubsub-demo-pattern",
            Self::Streams => "pubsub-demo-streams",
            Self::Slow => "pubsub-demo-slow",
            Self::Sharded => "pubsub-demo-sharded",
        }
    }

    /// The button's label.
    fn title(self) -> Self::Text {
        match self {
            Self::FanOut => T::DemoFanOut,
            Self::Loss => T::DemoLoss,
            Self::Pattern => T::DemoPattern,
            Self::Streams => T::DemoStreams,
            Self::Slow => T::DemoSlow,
            Self::Sharded => T::DemoSharded,
        }
    }
}

#[cfg(test)]
mod tests {
    use shared::pubsub::PubsubRequest;

    use super::*;

    #[test]
    fn every_publish_and_configuration_is_valid() {
        for demo in Demo::ALL {
            for step in demo.steps() {
                match step {
                    Step::Configure(config) => assert!(config.start().is_ok(), "{demo:?}"),
                    Step::Publish {
                        channel,
                        message,
                        count,
                    } => {
                        let request = PubsubRequest::Publish {
                            hub: 1,
                            channel,
                            message,
                            count,
                        };
                        assert_eq!(request.validate(), Ok(()), "{demo:?}");
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn the_loss_and_streams_demos_disconnect_publish_then_reconnect_the_watched_one() {
        for demo in [Demo::Loss, Demo::Streams] {
            let steps = demo.steps();
            let at = |wanted: &dyn Fn(&Step) -> bool| steps.iter().position(wanted).unwrap();
            let watched = demo.watched().unwrap();
            let off = at(&|s| *s == Step::Disconnect(watched));
            let away = at(&|s| matches!(s, Step::Publish { count: 5, .. }));
            let back = at(&|s| *s == Step::Reconnect(watched));
            assert!(off < away && away < back, "{demo:?}");
        }
        assert!(matches!(&Demo::Streams.steps()[0], Step::Configure(c) if c.streams));
        assert!(matches!(&Demo::Loss.steps()[0], Step::Configure(c) if !c.streams));
    }

    #[test]
    fn the_pattern_demo_watches_the_pattern_subscriber() {
        let Step::Configure(config) = &Demo::Pattern.steps()[0] else {
            panic!("configures first");
        };
        let watched = Demo::Pattern.watched().unwrap() as usize;
        assert!(!config.subscriptions()[watched].patterns.is_empty());
    }
}
