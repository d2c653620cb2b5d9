//! The publish form as typed, and the `Publish` request it becomes: the course's notification
//! (`service.publish(channel, {'type': …, 'from': …, 'content': …})`, which the backend `json.dumps`es)
//! or raw text, so a payload that is not JSON can be sent too.

use shared::pubsub::{MAX_BURST, Message, Notification, PubsubRequest};
use shared::{ParamRange, RequestId};

use super::config::DEFAULT_CHANNEL;

/// What the message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The course's notification dict.
    Notification,
    /// Text sent as is: it may not be JSON at all.
    Text,
}

/// The form's fields, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Channel to publish on.
    pub channel: String,
    /// Notification or text.
    pub kind: Kind,
    /// The notification's `type`.
    pub note_type: String,
    /// Its `from`.
    pub from: String,
    /// Its `content`.
    pub content: String,
    /// The raw text.
    pub text: String,
    /// How many to publish at once.
    pub count: String,
}

impl Default for Draft {
    /// The course's example: `{'type': 'new_message', 'from': 'Alice', 'content': 'Hello!'}`.
    fn default() -> Self {
        Self {
            channel: DEFAULT_CHANNEL.to_owned(),
            kind: Kind::Notification,
            note_type: "new_message".to_owned(),
            from: "Alice".to_owned(),
            content: "Hello!".to_owned(),
            text: r#"{"type": "new_message", "from": "Alice""#.to_owned(),
            count: "1".to_owned(),
        }
    }
}

/// One edit of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// The channel.
    Channel(String),
    /// Notification or text.
    Kind(Kind),
    /// `type`.
    NoteType(String),
    /// `from`.
    From(String),
    /// `content`.
    Content(String),
    /// The raw text.
    Text(String),
    /// The burst size.
    Count(String),
}

impl Draft {
    /// Applies one edit.
    pub fn set(&mut self, field: Field) {
        match field {
            Field::Channel(v) => self.channel = v,
            Field::Kind(v) => self.kind = v,
            Field::NoteType(v) => self.note_type = v,
            Field::From(v) => self.from = v,
            Field::Content(v) => self.content = v,
            Field::Text(v) => self.text = v,
            Field::Count(v) => self.count = v,
        }
    }

    /// The message the form describes.
    pub fn message(&self) -> Message {
        match self.kind {
            Kind::Notification => Message::Notification(Notification {
                kind: self.note_type.clone(),
                from: self.from.clone(),
                content: self.content.clone(),
            }),
            Kind::Text => Message::Text {
                text: self.text.clone(),
            },
        }
    }

    /// The `Publish` request through hub `hub`, checked as the backend checks it.
    pub fn request(&self, hub: RequestId) -> Result<PubsubRequest, ParamRange> {
        let count = self.count.trim().parse::<u32>().map_err(|_| ParamRange {
            field: "count".into(),
            min: 1,
            max: MAX_BURST.into(),
        })?;
        let request = PubsubRequest::Publish {
            hub,
            channel: self.channel.trim().to_owned(),
            message: self.message(),
            count,
        };
        request.validate().map(|()| request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_courses_notification_on_its_channel() {
        let Ok(PubsubRequest::Publish {
            channel,
            message: Message::Notification(n),
            count: 1,
            ..
        }) = Draft::default().request(7)
        else {
            panic!("a valid single notification");
        };
        assert_eq!(channel, "user:1:notifications");
        assert_eq!(
            (n.kind.as_str(), n.from.as_str(), n.content.as_str()),
            ("new_message", "Alice", "Hello!")
        );
    }

    #[test]
    fn text_mode_sends_the_text_as_is_even_when_it_is_not_json() {
        let mut draft = Draft::default();
        draft.set(Field::Kind(Kind::Text));
        draft.set(Field::Count("20".into()));
        let Ok(PubsubRequest::Publish { message, count, .. }) = draft.request(1) else {
            panic!("valid");
        };
        assert_eq!(count, 20);
        assert!(
            matches!(message, Message::Text { ref text } if serde_json::from_str::<serde_json::Value>(text).is_err())
        );
    }

    #[test]
    fn bad_counts_and_channels_are_refused_before_sending() {
        let mut draft = Draft::default();
        draft.set(Field::Count("1001".into()));
        assert_eq!(draft.request(1).unwrap_err().field, "count");
        draft.set(Field::Count("x".into()));
        assert_eq!(draft.request(1).unwrap_err().field, "count");
        draft.set(Field::Count("5".into()));
        draft.set(Field::Channel("user:*".into()));
        assert_eq!(draft.request(1).unwrap_err().field, "channel");
    }
}
