//! A lab's Redis commands, listed as code with a one-line note each, so learners can map the
//! button they press to what Redis runs.

use yew::prelude::*;

use crate::i18n::{Key, Text, use_lang};

/// One command of a lab, written with placeholders such as `<key>`; its note is a key of the lab's
/// own catalogue (`K`), or of the shell's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeLine<K = Text> {
    /// The command as a learner would type it in `redis-cli`.
    pub code: &'static str,
    /// What the command does in this lab.
    pub note: K,
}

/// Props of [`CodePanel`].
#[derive(Properties, PartialEq)]
pub struct CodePanelProps<K: PartialEq + 'static> {
    /// The commands, in the order the lab runs them.
    pub lines: &'static [CodeLine<K>],
}

/// The "commands this lab runs" box.
#[component]
pub fn CodePanel<K: Key + PartialEq + 'static>(props: &CodePanelProps<K>) -> Html {
    let lang = use_lang();
    html! {
        <section class="code-panel" data-testid="code-panel" aria-labelledby="code-panel-title">
            <h2 id="code-panel-title" class="panel-title">{ lang.t(Text::CodeTitle) }</h2>
            <ol class="code-panel__lines">
                { for props.lines.iter().map(|line| html! {
                    <li>
                        <code class="code-panel__code">{ line.code }</code>
                        <span class="code-panel__note">{ lang.t(line.note) }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}
