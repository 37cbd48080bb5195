//! Which writing system a name is written in.
//!
//! Transliteration makes names from different scripts comparable, and also
//! makes them collide: the Korean for Ireland and an English place name, a
//! Burmese and a Hindi name, can romanise to the same letters. Knowing the
//! script of the query and of an alias lets the resolver tell a
//! transliteration that crosses into Latin (the common case: `Лукашенко`
//! and `Lukashenko`) from a coincidence between two other scripts.

use unicode_script::{Script, UnicodeScript};

/// The script of the first letter of `s` that belongs to one script, with
/// Japanese kana counted as Han (Japanese mixes them with Chinese
/// characters) and the scripts of India as Devanagari; `None` when no
/// letter has a script of its own.
pub(crate) fn script_of(s: &str) -> Option<Script> {
    s.chars()
        .map(|c| c.script())
        .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .map(|s| match s {
            Script::Hiragana | Script::Katakana => Script::Han,
            // The scripts of India share one romanisation scheme and spell
            // the same place names: one family.
            Script::Bengali
            | Script::Gujarati
            | Script::Gurmukhi
            | Script::Kannada
            | Script::Malayalam
            | Script::Oriya
            | Script::Tamil
            | Script::Telugu => Script::Devanagari,
            s => s,
        })
}

/// Whether `s` is written in Latin letters (accents allowed), or in no
/// script of its own (digits): what a user typed on a Latin keyboard,
/// not a transliteration.
pub(crate) fn typed_in_latin(s: &str) -> bool {
    is_typed(script_of(s))
}

/// [`typed_in_latin`] for a text whose [`script_of`] is `script`.
pub(crate) fn is_typed(script: Option<Script>) -> bool {
    script.is_none_or(|s| s == Script::Latin)
}

/// Whether a match between a name in script `query` and one in script
/// `alias` rests on two different non-Latin scripts romanising alike.
pub(crate) fn crosses_scripts(query: Option<Script>, alias: Option<Script>) -> bool {
    match (query, alias) {
        (Some(q), Some(a)) => q != a && q != Script::Latin && a != Script::Latin,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_letter_with_a_script_decides() {
        assert_eq!(script_of("M. Лукашенко"), Some(Script::Latin));
        assert_eq!(script_of("«Лукашенко»"), Some(Script::Cyrillic));
        assert_eq!(script_of("ウェスト"), Some(Script::Han));
        assert_eq!(script_of("சென்னை"), Some(Script::Devanagari));
        assert_eq!(script_of("1984"), None);
    }

    #[test]
    fn only_two_different_non_latin_scripts_cross() {
        assert!(crosses_scripts(
            Some(Script::Hangul),
            Some(Script::Devanagari)
        ));
        assert!(!crosses_scripts(
            Some(Script::Cyrillic),
            Some(Script::Latin)
        ));
        assert!(!crosses_scripts(Some(Script::Latin), Some(Script::Greek)));
        assert!(!crosses_scripts(Some(Script::Arabic), Some(Script::Arabic)));
        assert!(!crosses_scripts(None, Some(Script::Arabic)));
    }
}
