//! The app-wide language: a context provider, the `use_lang()` hook, and where the choice is kept.

use gloo::storage::{LocalStorage, Storage};
use yew::prelude::*;

use super::{Key, Lang, Text, prefers_ja};

/// localStorage key of the language the user picked; it wins over the browser's preference.
const STORAGE_KEY: &str = "redis-playground.lang";

/// What components get from [`use_lang`]: the current language and a way to change it.
#[derive(Clone, PartialEq)]
pub struct LangHandle {
    /// The language every string is shown in.
    pub lang: Lang,
    set: Callback<Lang>,
}

impl LangHandle {
    /// The sentence for `key` (of any catalogue) in the current language.
    pub fn t<K: Key>(&self, key: K) -> &'static str {
        self.lang.t(key)
    }

    /// Switches the whole app to `lang` and remembers the choice for the next visit.
    pub fn set(&self, lang: Lang) {
        self.set.emit(lang);
    }
}

/// Props of [`LangProvider`].
#[derive(Properties, PartialEq)]
pub struct LangProviderProps {
    /// The app, which reads the language with [`use_lang`].
    #[prop_or_default]
    pub children: Html,
}

/// Holds the language for everything inside it and keeps `<html lang>` and the tab title in step.
#[component]
pub fn LangProvider(props: &LangProviderProps) -> Html {
    let lang = use_state(initial_lang);

    use_effect_with(*lang, |&lang| {
        let document = gloo::utils::document();
        if let Some(root) = document.document_element() {
            // Screen readers and the browser's font fallback for CJK both read this attribute.
            let _ = root.set_attribute("lang", lang.code());
        }
        document.set_title(lang.t(Text::AppTitle));
    });

    let set = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| {
            // A failed write (private mode, quota) only means the choice is not remembered.
            let _ = LocalStorage::set(STORAGE_KEY, next.code());
            lang.set(next);
        })
    };
    let handle = LangHandle { lang: *lang, set };

    html! {
        <ContextProvider<LangHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<LangHandle>>
    }
}

/// The current language; must be called inside [`LangProvider`].
#[hook]
pub fn use_lang() -> LangHandle {
    use_context::<LangHandle>().expect("LangProvider wraps the whole app")
}

/// The stored choice if there is one, otherwise what the browser prefers.
fn initial_lang() -> Lang {
    let stored = LocalStorage::get::<String>(STORAGE_KEY).ok();
    if let Some(lang) = stored.as_deref().and_then(Lang::from_code) {
        return lang;
    }
    let languages: Vec<String> = gloo::utils::window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if prefers_ja(&languages) {
        Lang::Ja
    } else {
        Lang::En
    }
}
