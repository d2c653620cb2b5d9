//! The code panel: the course's Python exactly as the course prints it (`course/*.py` are copies of
//! `phase3-2-advanced-features.md`, the Pub/Sub section and 演習1), and the Redis commands it becomes,
//! as the trace shows them. With Streams on, the stream commands the hub adds are listed too.

use yew::prelude::*;

use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::use_lang;

/// The course's `NotificationService` (演習1).
const NOTIFICATION_SERVICE: &str = include_str!("course/notification_service.py");
/// The course's basic publisher.
const PUBLISHER: &str = include_str!("course/publisher.py");
/// The course's basic subscriber.
const SUBSCRIBER: &str = include_str!("course/subscriber.py");

/// One Redis command and what it does here.
struct Command {
    /// As the trace shows it, with placeholders.
    code: &'static str,
    /// What it does.
    note: T,
    /// Only sent with Streams on.
    streams: bool,
}

/// The commands, in the order a hub sends them.
const COMMANDS: &[Command] = &[
    Command {
        code: "SUBSCRIBE <ns>user:1:notifications",
        note: T::CmdSubscribe,
        streams: false,
    },
    Command {
        code: "PSUBSCRIBE <ns>user:*:notifications",
        note: T::CmdPsubscribe,
        streams: false,
    },
    Command {
        code: "PUBLISH <ns>user:1:notifications <json.dumps(message)>",
        note: T::CmdPublish,
        streams: false,
    },
    Command {
        code: "XGROUP CREATE <stream> group-<i> $ MKSTREAM",
        note: T::CmdXgroup,
        streams: true,
    },
    Command {
        code: "XADD <stream> MAXLEN ~ 10000 * channel <channel> payload <payload>",
        note: T::CmdXadd,
        streams: true,
    },
    Command {
        code: "XREADGROUP GROUP group-<i> consumer-<i> COUNT 100 BLOCK 500 STREAMS <stream> >",
        note: T::CmdXreadgroup,
        streams: true,
    },
    Command {
        code: "XACK <stream> group-<i> <id>…",
        note: T::CmdXack,
        streams: true,
    },
    Command {
        code: "XPENDING <stream> group-<i>",
        note: T::CmdXpending,
        streams: true,
    },
];

/// Props of [`CourseCode`].
#[derive(Properties, PartialEq)]
pub struct CourseCodeProps {
    /// Whether Streams are on, which adds the stream commands.
    pub streams: bool,
}

/// The course's code and its commands.
#[component]
pub fn CourseCode(props: &CourseCodeProps) -> Html {
    let lang = use_lang();
    let source = |title: &'static str, code: &'static str, open: bool| {
        html! {
            <details class="pubsub-code__source" {open}>
                <summary><code>{ title }</code></summary>
                <pre tabindex="0"><code>{ code }</code></pre>
            </details>
        }
    };
    html! {
        <section class="code-panel pubsub-code" data-testid="pubsub-code" aria-labelledby="pubsub-code-title">
            <h2 id="pubsub-code-title" class="panel-title">{ lang.t(T::CodeTitle) }</h2>
            <p class="pubsub-code__lead">{ lang.t(T::CodeLead) }</p>
            { source("notification_service.py", NOTIFICATION_SERVICE, true) }
            { source("publisher.py", PUBLISHER, false) }
            { source("subscriber.py", SUBSCRIBER, false) }
            <h3 class="pubsub-code__heading">{ lang.t(T::CodeCommands) }</h3>
            <ol class="code-panel__lines">
                { for COMMANDS.iter().filter(|c| props.streams || !c.streams).map(|c| html! {
                    <li>
                        <code class="code-panel__code">{ c.code }</code>
                        <span class="code-panel__note">{ lang.t(c.note) }</span>
                    </li>
                }) }
            </ol>
            if !props.streams {
                <p class="pubsub-code__more">{ lang.t(T::CodeStreamsOff) }</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_code_is_the_courses() {
        assert!(NOTIFICATION_SERVICE.starts_with("# notification_service.py\n"));
        assert!(NOTIFICATION_SERVICE.contains("self.r.publish(channel, json.dumps(message))"));
        assert!(NOTIFICATION_SERVICE.contains("data = json.loads(message['data'])"));
        assert!(PUBLISHER.contains("r.publish('notifications', 'Hello, subscribers!')"));
        assert!(SUBSCRIBER.contains("pubsub.subscribe('notifications')"));
    }
}
