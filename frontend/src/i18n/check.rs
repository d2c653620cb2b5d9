//! The checks every catalogue's tests share: each key has a sentence in both languages, the two
//! really differ, and both fill the same number of `{}` holes.

use std::fmt::Debug;

use super::{Key, Lang};

/// Asserts that every key in `keys` has a non-blank sentence in each language, that both languages'
/// sentences have the same number of `{}` holes, and that at most `same_allowed` keys read the same
/// in Japanese and English (names such as Redis's own words may, on purpose).
pub(crate) fn assert_complete<K: Key + Debug>(keys: &[K], same_allowed: usize) {
    let t = |lang: Lang, key: K| lang.t(key);
    for &key in keys {
        for lang in Lang::ALL {
            assert!(
                !t(lang, key).trim().is_empty(),
                "{key:?} is empty in {lang:?}"
            );
        }
        let holes = |lang| t(lang, key).matches("{}").count();
        assert_eq!(
            holes(Lang::Ja),
            holes(Lang::En),
            "{key:?} has different holes"
        );
    }
    let same: Vec<_> = keys
        .iter()
        .filter(|&&key| t(Lang::Ja, key) == t(Lang::En, key))
        .collect();
    assert!(
        same.len() <= same_allowed,
        "more than {same_allowed} untranslated keys: {same:?}"
    );
}
