//! The hub's configuration: how many virtual subscribers, what each one listens to, and whether every
//! message also goes through a Stream. The `Start` request is built from it and checked by the same
//! `validate` the backend runs, so the browser never starts a hub the backend would refuse.

use shared::ParamRange;
use shared::pubsub::{MAX_SUBSCRIBERS, PubsubRequest, Subscription, validate_name};

/// The course's channel: `service.subscribe('user:1:notifications', on_message)`.
pub const DEFAULT_CHANNEL: &str = "user:1:notifications";
/// The pattern subscriber's pattern in the per-user preset: every user's notifications.
pub const USER_PATTERN: &str = "user:*:notifications";
/// Most channels and patterns one subscriber may have (the backend's limit).
pub const MAX_SUBSCRIPTIONS: usize = 8;

/// What the virtual subscribers listen to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Everyone, the browser included, on [`DEFAULT_CHANNEL`]: plain fan-out.
    OneChannel,
    /// Subscriber `i` on `user:{i+1}:notifications`, and the last virtual one on [`USER_PATTERN`].
    PerUser,
    /// Everyone on the channels and patterns typed in.
    Custom,
}

impl Preset {
    /// Every preset, in the order the form shows them.
    pub const ALL: [Preset; 3] = [Self::OneChannel, Self::PerUser, Self::Custom];

    /// The radio button's value, also its `data-preset`.
    pub fn id(self) -> &'static str {
        match self {
            Self::OneChannel => "one-channel",
            Self::PerUser => "per-user",
            Self::Custom => "custom",
        }
    }
}

/// Everything a hub is started with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Virtual subscribers besides the browser, 1 to [`MAX_SUBSCRIBERS`].
    pub virtual_subscribers: u32,
    /// What they listen to.
    pub preset: Preset,
    /// The names of the [`Preset::Custom`] preset, already checked by [`parse_custom`].
    pub custom: Subscription,
    /// Also send every message through a Stream with a consumer group per subscriber.
    pub streams: bool,
}

impl Default for Config {
    /// The page's opening state: the browser and three virtual subscribers on the course's channel.
    fn default() -> Self {
        Self {
            virtual_subscribers: 3,
            preset: Preset::OneChannel,
            custom: Subscription {
                channels: vec![DEFAULT_CHANNEL.to_owned()],
                patterns: Vec::new(),
            },
            streams: false,
        }
    }
}

/// `user:{user}:notifications`, the course's per-user channel.
pub fn user_channel(user: u32) -> String {
    format!("user:{user}:notifications")
}

impl Config {
    /// One subscription per subscriber; index 0 is the browser.
    pub fn subscriptions(&self) -> Vec<Subscription> {
        let n = self.virtual_subscribers.clamp(1, MAX_SUBSCRIBERS);
        let on = |channels: Vec<String>, patterns: Vec<String>| Subscription { channels, patterns };
        (0..=n)
            .map(|i| match self.preset {
                Preset::OneChannel => on(vec![DEFAULT_CHANNEL.to_owned()], Vec::new()),
                Preset::PerUser if i == n => on(Vec::new(), vec![USER_PATTERN.to_owned()]),
                Preset::PerUser => on(vec![user_channel(i + 1)], Vec::new()),
                Preset::Custom => self.custom.clone(),
            })
            .collect()
    }

    /// The `Start` request for this configuration, checked.
    pub fn start(&self) -> Result<PubsubRequest, ParamRange> {
        let request = PubsubRequest::Start {
            subscribers: self.subscriptions(),
            streams: self.streams,
        };
        request.validate().map(|()| request)
    }
}

/// Reads a subscriber count as typed: a whole number from 1 to [`MAX_SUBSCRIBERS`].
pub fn parse_count(text: &str) -> Result<u32, ParamRange> {
    let range = || ParamRange {
        field: "subscribers".into(),
        min: 1,
        max: MAX_SUBSCRIBERS.into(),
    };
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_SUBSCRIBERS).contains(&n) => Ok(n),
        _ => Err(range()),
    }
}

/// Why a custom entry was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomError {
    /// This name has a character `SUBSCRIBE` (or `PSUBSCRIBE`) may not use here, or is too long.
    BadName {
        /// The name as typed.
        name: String,
        /// Whether it was in the patterns field.
        pattern: bool,
    },
    /// No names, or more than [`MAX_SUBSCRIPTIONS`].
    Count,
}

/// The custom preset's names: separated by commas or spaces, each checked with `validate_name`.
pub fn parse_custom(channels: &str, patterns: &str) -> Result<Subscription, CustomError> {
    let names = |text: &str, pattern: bool| -> Result<Vec<String>, CustomError> {
        text.split([',', ' ', '\n', '\t'])
            .filter(|name| !name.is_empty())
            .map(|name| match validate_name("name", name, pattern) {
                Ok(()) => Ok(name.to_owned()),
                Err(_) => Err(CustomError::BadName {
                    name: name.to_owned(),
                    pattern,
                }),
            })
            .collect()
    };
    let subscription = Subscription {
        channels: names(channels, false)?,
        patterns: names(patterns, true)?,
    };
    let total = subscription.channels.len() + subscription.patterns.len();
    if (1..=MAX_SUBSCRIPTIONS).contains(&total) {
        Ok(subscription)
    } else {
        Err(CustomError::Count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_opens_with_the_browser_and_three_subscribers_on_the_courses_channel() {
        let subs = Config::default().subscriptions();
        assert_eq!(subs.len(), 4);
        assert!(
            subs.iter()
                .all(|s| s.channels == [DEFAULT_CHANNEL] && s.patterns.is_empty())
        );
        assert!(Config::default().start().is_ok());
    }

    #[test]
    fn per_user_gives_each_a_channel_and_the_last_one_the_pattern() {
        let config = Config {
            preset: Preset::PerUser,
            ..Config::default()
        };
        let subs = config.subscriptions();
        assert_eq!(subs[0].channels, ["user:1:notifications"]);
        assert_eq!(subs[2].channels, ["user:3:notifications"]);
        assert_eq!(subs[3].patterns, [USER_PATTERN]);
        assert!(subs[3].channels.is_empty());
    }

    #[test]
    fn fifty_virtual_subscribers_is_a_valid_start() {
        for preset in Preset::ALL {
            let config = Config {
                virtual_subscribers: MAX_SUBSCRIBERS,
                preset,
                ..Config::default()
            };
            assert_eq!(config.subscriptions().len(), 51);
            assert_eq!(config.start().map(|_| ()), Ok(()), "{preset:?}");
        }
    }

    #[test]
    fn counts_outside_one_to_fifty_are_refused() {
        assert_eq!(parse_count(" 12 "), Ok(12));
        assert!(parse_count("0").is_err());
        assert!(parse_count("51").is_err());
        assert!(parse_count("three").is_err());
    }

    #[test]
    fn custom_names_are_checked_like_the_backend_checks_them() {
        let ok = parse_custom("news, orders", "user:*").unwrap();
        assert_eq!(ok.channels, ["news", "orders"]);
        assert_eq!(ok.patterns, ["user:*"]);
        assert_eq!(
            parse_custom("user:*", ""),
            Err(CustomError::BadName {
                name: "user:*".into(),
                pattern: false
            }),
            "a channel cannot hold a glob"
        );
        assert!(matches!(
            parse_custom("pg:{other}:x", ""),
            Err(CustomError::BadName { .. })
        ));
        assert_eq!(parse_custom(" , ", ""), Err(CustomError::Count));
        assert_eq!(
            parse_custom("a b c d e f g h i", ""),
            Err(CustomError::Count)
        );
    }
}
