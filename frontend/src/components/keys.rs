//! Keyboard shortcuts shared by the shell and the labs: when a key belongs to what has focus (typing in a
//! field, a focused button), and the presenter's keys: next and previous lab, and start, stop, step and
//! reset mapped to whichever lab's own buttons are on screen.
//!
//! A lab opts in by marking its buttons `data-key="start|stop|step|reset"`; one listener clicks the
//! visible, enabled one, so the key does exactly what the button does.

use web_sys::wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// Elements whose own keyboard handling must win over any shortcut.
const OWN_KEYS: [&str; 5] = ["INPUT", "SELECT", "TEXTAREA", "BUTTON", "A"];

/// Whether `event` belongs to the element it was typed in (a field, a button, editable text), or is
/// modified or a held key's repeat: shortcuts leave such events alone.
pub fn not_a_shortcut(event: &KeyboardEvent) -> bool {
    let modified = event.ctrl_key() || event.meta_key() || event.alt_key();
    modified
        || event.repeat()
        || event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .is_some_and(|element| {
                OWN_KEYS.contains(&element.tag_name().as_str())
                    || element
                        .closest("[contenteditable]")
                        .ok()
                        .flatten()
                        .is_some()
            })
}

/// What a presenter's key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresenterKey {
    /// Presenter mode on or off (`P`).
    Toggle,
    /// Full screen on or off (`F`).
    FullScreen,
    /// The trace panel's next size: normal, enlarged, hidden (`T`).
    TraceSize,
    /// The previous lab (← or Page Up, as a clicker sends).
    PreviousLab,
    /// The next lab (→ or Page Down).
    NextLab,
    /// The visible button marked `data-key` with this action (Enter: start, Escape: stop, N: step,
    /// R: reset).
    Button(&'static str),
}

impl PresenterKey {
    /// The action of `key` (a `KeyboardEvent.key`), if it has one.
    pub fn of(key: &str) -> Option<Self> {
        Some(match key {
            "p" | "P" => Self::Toggle,
            "f" | "F" => Self::FullScreen,
            "t" | "T" => Self::TraceSize,
            "ArrowLeft" | "PageUp" => Self::PreviousLab,
            "ArrowRight" | "PageDown" => Self::NextLab,
            "Enter" => Self::Button("start"),
            "Escape" => Self::Button("stop"),
            "n" | "N" => Self::Button("step"),
            "r" | "R" => Self::Button("reset"),
            _ => return None,
        })
    }

    /// Whether the key works outside presenter mode too (only the toggle does, so the labs' pages keep
    /// the keys they had).
    pub fn always(self) -> bool {
        self == Self::Toggle
    }
}

/// Clicks the first visible, enabled element marked `data-key="<action>"`; returns whether one was.
pub fn click_marked(action: &str) -> bool {
    let Ok(found) = gloo::utils::document().query_selector_all(&format!("[data-key=\"{action}\"]"))
    else {
        return false;
    };
    let button = (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<HtmlElement>().ok())
        .find(|el| el.offset_parent().is_some() && !el.has_attribute("disabled"));
    button.inspect(HtmlElement::click).is_some()
}

#[cfg(test)]
mod tests {
    use super::PresenterKey;

    #[test]
    fn keys_map_to_their_actions_and_others_to_none() {
        assert_eq!(PresenterKey::of("ArrowRight"), Some(PresenterKey::NextLab));
        assert_eq!(PresenterKey::of("PageUp"), Some(PresenterKey::PreviousLab));
        assert_eq!(
            PresenterKey::of("Enter"),
            Some(PresenterKey::Button("start"))
        );
        assert_eq!(PresenterKey::of("r"), Some(PresenterKey::Button("reset")));
        assert_eq!(PresenterKey::of("x"), None);
        assert!(PresenterKey::Toggle.always());
        assert!(!PresenterKey::NextLab.always());
    }
}
