//! The header's presenter controls: presenter mode on or off, full screen, and the trace panel's size.

use yew::prelude::*;

use crate::components::presenter::{TraceSize, toggle_full_screen, use_presenter};
use crate::i18n::{Text, use_lang};

/// The presenter toggle; in presenter mode also full screen, the trace size and a reminder of the keys.
#[component]
pub fn PresenterTools() -> Html {
    let lang = use_lang();
    let presenter = use_presenter();
    let on = presenter.state.on;
    let on_toggle = {
        let presenter = presenter.clone();
        Callback::from(move |_: MouseEvent| presenter.toggle())
    };
    let on_trace = {
        let presenter = presenter.clone();
        Callback::from(move |_: MouseEvent| presenter.cycle_trace())
    };
    let trace_label = match presenter.state.trace {
        TraceSize::Normal => Text::PresenterTraceNormal,
        TraceSize::Large => Text::PresenterTraceLarge,
        TraceSize::Hidden => Text::PresenterTraceHidden,
    };
    html! {
        <div class="presenter-tools">
            <button
                type="button"
                class="button button--quiet"
                data-testid="presenter-toggle"
                aria-pressed={if on { "true" } else { "false" }}
                title={lang.t(Text::PresenterKeyHint)}
                onclick={on_toggle}
            >
                { lang.t(Text::PresenterMode) }
            </button>
            if on {
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="presenter-fullscreen"
                    onclick={Callback::from(|_: MouseEvent| toggle_full_screen())}
                >
                    { lang.t(Text::PresenterFullScreen) }
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="presenter-trace"
                    data-size={presenter.state.trace.id()}
                    onclick={on_trace}
                >
                    { lang.t(trace_label) }
                </button>
                <p class="presenter-tools__keys" data-testid="presenter-keys">
                    { lang.t(Text::PresenterKeys) }
                </p>
            }
        </div>
    }
}
