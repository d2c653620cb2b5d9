//! The publish form: a channel, the course's notification fields or raw text, a burst size, and the
//! `PUBLISH` reply of the last message: how many subscribers received it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::draft::{Draft, Field, Kind};
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::use_lang;

/// Props of [`PublishPanel`].
#[derive(Properties, PartialEq)]
pub struct PublishPanelProps {
    /// The form as typed.
    pub draft: Draft,
    /// Channels the subscribers listen to, offered as suggestions.
    pub channels: Vec<String>,
    /// Whether a hub is running to publish through.
    pub ready: bool,
    /// `PUBLISH`'s reply for the last message, once there was one.
    pub receivers: Option<i64>,
    /// A field changed.
    pub on_field: Callback<Field>,
    /// Publish was pressed.
    pub on_publish: Callback<()>,
}

/// A Python string literal as the course writes them, in single quotes.
fn py(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The course's call that this form makes.
fn python_call(draft: &Draft) -> String {
    match draft.kind {
        Kind::Notification => format!(
            "service.publish({}, {{'type': {}, 'from': {}, 'content': {}}})",
            py(&draft.channel),
            py(&draft.note_type),
            py(&draft.from),
            py(&draft.content)
        ),
        Kind::Text => format!("r.publish({}, {})", py(&draft.channel), py(&draft.text)),
    }
}

/// The publish form.
#[component]
pub fn PublishPanel(props: &PublishPanelProps) -> Html {
    let lang = use_lang();
    let draft = &props.draft;
    let input = |make: fn(String) -> Field| {
        props.on_field.reform(move |event: InputEvent| {
            make(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let kind = |kind: Kind, label: T, id: &'static str| {
        let onchange = props.on_field.reform(move |_: Event| Field::Kind(kind));
        html! {
            <label class="pubsub-radio">
                <input type="radio" name="pubsub-kind" value={id} data-kind={id} checked={draft.kind == kind} {onchange} />
                { lang.t(label) }
            </label>
        }
    };
    let field = |id: &'static str,
                 label: T,
                 value: &str,
                 make: fn(String) -> Field,
                 testid: Option<&'static str>| {
        html! {
            <div class="field pubsub-field">
                <label for={id}>{ lang.t(label) }</label>
                <input {id} type="text" spellcheck="false" autocomplete="off" data-testid={testid}
                    value={value.to_owned()} oninput={input(make)} />
            </div>
        }
    };
    let on_submit = props
        .on_publish
        .reform(|event: SubmitEvent| event.prevent_default());

    html! {
        <form class="pubsub-panel pubsub-publish" onsubmit={on_submit} novalidate=true aria-labelledby="pubsub-publish-title">
            <h2 id="pubsub-publish-title" class="panel-title">{ lang.t(T::PublishTitle) }</h2>
            <div class="field pubsub-field">
                <label for="pubsub-channel">{ lang.t(T::ChannelLabel) }</label>
                <input id="pubsub-channel" type="text" list="pubsub-channels" spellcheck="false" autocomplete="off"
                    data-testid="pubsub-channel" value={draft.channel.clone()} oninput={input(Field::Channel)} />
                <datalist id="pubsub-channels">
                    { for props.channels.iter().map(|c| html! { <option value={c.clone()} /> }) }
                </datalist>
            </div>
            <fieldset class="field pubsub-field pubsub-kinds">
                <legend>{ lang.t(T::KindLabel) }</legend>
                { kind(Kind::Notification, T::KindNotification, "notification") }
                { kind(Kind::Text, T::KindText, "text") }
            </fieldset>
            if draft.kind == Kind::Notification {
                <div class="pubsub-note">
                    { field("pubsub-type", T::NoteType, &draft.note_type, Field::NoteType, None) }
                    { field("pubsub-from", T::NoteFrom, &draft.from, Field::From, None) }
                    { field("pubsub-content", T::NoteContent, &draft.content, Field::Content, Some("pubsub-message")) }
                </div>
            } else {
                { field("pubsub-text", T::TextLabel, &draft.text, Field::Text, Some("pubsub-message")) }
                <p class="hint">{ lang.t(T::TextHint) }</p>
            }
            <div class="pubsub-publish__row">
                <div class="field pubsub-field pubsub-field--narrow">
                    <label for="pubsub-burst">{ lang.t(T::BurstLabel) }</label>
                    <input id="pubsub-burst" type="number" inputmode="numeric" min="1" max="1000"
                        data-testid="pubsub-burst" value={draft.count.clone()} oninput={input(Field::Count)} />
                </div>
                <button type="submit" class="button pubsub-publish__button" data-testid="pubsub-publish" disabled={!props.ready}>
                    { lang.t(T::PublishButton) }
                </button>
            </div>
            <pre class="pubsub-publish__call"><code>{ python_call(draft) }</code></pre>
            <p class="pubsub-receivers">
                <span>{ lang.t(T::ReceiversLabel) }</span>
                <strong class="pubsub-receivers__count" data-testid="pubsub-receivers">
                    { props.receivers.map_or_else(|| "–".to_owned(), |n| n.to_string()) }
                </strong>
            </p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_shows_the_courses_call() {
        assert_eq!(
            python_call(&Draft::default()),
            "service.publish('user:1:notifications', {'type': 'new_message', 'from': 'Alice', 'content': 'Hello!'})"
        );
        let text = Draft {
            kind: Kind::Text,
            text: "it's".into(),
            ..Draft::default()
        };
        assert_eq!(
            python_call(&text),
            r"r.publish('user:1:notifications', 'it\'s')"
        );
    }
}
