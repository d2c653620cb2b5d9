//! Languages, the rules for picking one, and the sentences that need values filled in.
//!
//! Every visible string comes from a catalogue, read one way: `lang.t(key)`, where `lang` is a [`Lang`]
//! or the [`LangHandle`] of [`use_lang`] and `key` is a [`Key`]: the shell's [`Text`] or a lab's own
//! keys (`lock::LockText`, `ratelimit::RatelimitText`, …, each in the lab's own file). This module adds
//! the few sentences built from data (error bodies, parameter ranges) so that no component formats
//! user-facing text on its own. [`LangProvider`] holds the current language for the whole app.

pub mod cache;
mod catalogue;
#[cfg(test)]
mod check;
pub mod console;
pub mod exercise;
pub mod lock;
mod provider;
pub mod pubsub;
pub mod quiz;
pub mod ratelimit;
pub mod room;
mod text;

pub use provider::{LangHandle, LangProvider, LangProviderProps, use_lang};
pub use text::Text;

use shared::{ErrorBody, ErrorCode, ParamRange};

/// A language the playground is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Japanese, the course's own language.
    Ja,
    /// English.
    En,
}

/// A key of one of the catalogues, which knows its sentence in each language. Each catalogue's keys
/// implement it with one exhaustive `match`, so no key can lack a sentence.
pub trait Key: Copy {
    /// The sentence for this key in `lang`. `{}` marks a value filled in with [`fill`].
    fn sentence(self, lang: Lang) -> &'static str;
}

impl Lang {
    /// The sentence for `key` in this language: the one way every component reads a catalogue.
    pub fn t<K: Key>(self, key: K) -> &'static str {
        key.sentence(self)
    }

    /// Both languages, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 tag, used for `<html lang>`, `data-lang` and the stored choice.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Reads a tag written by [`Lang::code`]; anything else is `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The language's own name, shown on its switch button.
    pub fn endonym(self) -> Text {
        match self {
            Lang::Ja => Text::LangJa,
            Lang::En => Text::LangEn,
        }
    }
}

/// Whether a browser's ordered language list (`navigator.languages`) prefers Japanese to English.
///
/// The first entry that is Japanese or English decides, so `["fr", "ja"]` picks Japanese: the
/// playground only speaks these two, and the user ranked Japanese above English.
pub fn prefers_ja<S: AsRef<str>>(languages: &[S]) -> bool {
    for tag in languages {
        let primary = tag.as_ref().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("ja") {
            return true;
        }
        if primary.eq_ignore_ascii_case("en") {
            return false;
        }
    }
    false
}

/// Replaces each `{}` in `template` with the next of `args`, in order.
///
/// Catalogue sentences with values use this instead of `format!`, because `format!` needs its
/// template at compile time and the template here depends on the language.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(args.next().copied().unwrap_or("{}"));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// The sentence for a parameter outside its range, e.g. "text must be between 1 and 200".
pub fn param_range(lang: Lang, range: &ParamRange) -> String {
    fill(
        lang.t(Text::ParamRange),
        &[&range.field, &range.min.to_string(), &range.max.to_string()],
    )
}

/// The catalogue key of the sentence explaining an error code.
pub fn error_text(code: ErrorCode) -> Text {
    match code {
        ErrorCode::Malformed => Text::ErrMalformed,
        ErrorCode::UnknownMessage => Text::ErrUnknownMessage,
        ErrorCode::InvalidParam => Text::ErrInvalidParam,
        ErrorCode::RedisUnavailable => Text::ErrRedisUnavailable,
        ErrorCode::BadRequestId => Text::ErrBadRequestId,
        ErrorCode::Cancelled => Text::ErrCancelled,
        ErrorCode::Internal => Text::ErrInternal,
        ErrorCode::Forbidden => Text::ErrForbidden,
        ErrorCode::NoSuchRoom => Text::ErrNoSuchRoom,
        ErrorCode::LimitReached => Text::ErrLimitReached,
        ErrorCode::RateLimited => Text::ErrRateLimited,
    }
}

/// What to tell the user about an error from the backend: the range sentence when it names one,
/// otherwise the code's sentence. The backend's English `message` is never shown, because it is
/// not translated.
pub fn error_sentence(lang: Lang, error: &ErrorBody) -> String {
    match &error.param {
        Some(range) => param_range(lang, range),
        None => lang.t(error_text(error.code)).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_japanese_or_english_tag_decides() {
        assert!(prefers_ja(&["ja-JP", "en"]));
        assert!(prefers_ja(&["ja"]));
        assert!(prefers_ja(&["fr-FR", "JA"]));
        assert!(!prefers_ja(&["en-US", "ja"]));
        assert!(!prefers_ja(&["de", "fr"]));
        assert!(!prefers_ja::<&str>(&[]));
        assert!(
            !prefers_ja(&["jam"]),
            "a tag that merely starts with ja is not Japanese"
        );
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn fill_replaces_in_order_and_keeps_extra_holes() {
        assert_eq!(fill("{} of {}", &["1", "2"]), "1 of 2");
        assert_eq!(fill("{} and {}", &["x"]), "x and {}");
        assert_eq!(fill("no holes", &["x"]), "no holes");
    }

    #[test]
    fn range_sentence_in_both_languages() {
        let range = ParamRange {
            field: "text".into(),
            min: 1,
            max: 200,
        };
        assert_eq!(
            param_range(Lang::En, &range),
            "text must be between 1 and 200"
        );
        assert_eq!(
            param_range(Lang::Ja, &range),
            "text は 1〜200 の範囲で指定してください"
        );
    }

    #[test]
    fn each_error_code_has_its_own_sentence() {
        let codes = ErrorCode::ALL;
        let keys: std::collections::HashSet<_> =
            codes.iter().map(|&code| error_text(code)).collect();
        assert_eq!(keys.len(), codes.len());
    }

    #[test]
    fn error_with_a_range_names_the_range() {
        let range = ParamRange {
            field: "text".into(),
            min: 1,
            max: 200,
        };
        let with_range = ErrorBody::from(range);
        assert_eq!(
            error_sentence(Lang::En, &with_range),
            "text must be between 1 and 200"
        );
        let plain = ErrorBody::new(ErrorCode::Internal, "boom");
        assert_eq!(
            error_sentence(Lang::En, &plain),
            Lang::En.t(Text::ErrInternal)
        );
    }
}
