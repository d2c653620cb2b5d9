//! The selected mark's detail: whose it was, what Redis answered, and the commands that made it, as the
//! member's backend reported them. The presenter's own trace panel holds only the presenter's commands,
//! so a participant's mark carries its own.

use shared::room::RanCommand;
use yew::prelude::*;

use crate::i18n::room::RoomText as T;
use crate::i18n::use_lang;

/// Props of [`RanDetail`].
#[derive(Properties, PartialEq)]
pub struct RanDetailProps {
    /// What the mark is, e.g. "guest 3: busy at 12:00:01.250".
    pub title: AttrValue,
    /// The commands, oldest first.
    pub ran: Vec<RanCommand>,
    /// Close was pressed.
    pub on_close: Callback<()>,
}

/// One command and its reply per line, like redis-cli.
#[component]
pub fn RanDetail(props: &RanDetailProps) -> Html {
    let lang = use_lang();
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="room-detail" data-testid="room-detail" aria-live="polite">
            <div class="room-detail__head">
                <h3>{ props.title.clone() }</h3>
                <button type="button" class="button button--quiet" onclick={on_close}>{ lang.t(T::Close) }</button>
            </div>
            <p class="hint">{ lang.t(T::DetailHint) }</p>
            <ol class="room-detail__commands">
                { for props.ran.iter().map(|ran| html! {
                    <li>
                        <code class="room-detail__command" data-testid="room-detail-command">{ &ran.command }</code>
                        <code class="room-detail__reply">{ format!("→ {}", ran.reply) }</code>
                    </li>
                }) }
            </ol>
        </section>
    }
}

/// A mark's tooltip: its title and each command with its reply.
pub fn tooltip(title: &str, ran: &[RanCommand]) -> String {
    let mut text = title.to_owned();
    for ran in ran {
        text.push_str(&format!("\n{} → {}", ran.command, ran.reply));
    }
    text
}
