//! Japanese kana that change the kana before or after them, which a
//! transliteration one character at a time cannot see: `ニューヨーク` is
//! *nyuyoku*, not *niyuyoku*; `ブレントウッド` is *burentouddo*, not
//! *burentoutdo*.

use super::{Folder, is_vowel};

/// Folds `c` when it is a small kana or the small *tsu* (`ッ`, `っ`);
/// returns whether it did. `prev` and `next` are the characters around it.
///
/// - A small *ya*, *yu*, *yo* makes one syllable with the kana before it:
///   `キャ` is *kya* (the *i* of *ki* goes), `シャ` *sha*.
/// - A small vowel replaces the vowel of the kana before it: `ファ` is
///   *fa*, `ティ` *ti*, `ヴェ` *ve*.
/// - The small *tsu* doubles the consonant after it: `ッド` is *ddo*.
pub(super) fn fold(folder: &mut Folder<'_>, prev: char, c: char, next: Option<char>) -> bool {
    if matches!(c, 'ッ' | 'っ') {
        let doubled = next
            .filter(|&n| is_kana(n))
            .and_then(|n| any_ascii::any_ascii_char(n).bytes().next())
            .filter(|b| b.is_ascii_alphabetic() && !is_vowel(*b));
        if let Some(b) = doubled {
            folder.push(b);
        }
        return true;
    }
    let Some(small) = small_kana(c) else {
        return false;
    };
    if is_kana(prev) && folder.drop_last_vowel() {
        // シャ: "shi" less its "i" is "sh", which takes the vowel alone.
        let palatal = folder.ends_with(b"sh") || folder.ends_with(b"ch") || folder.ends_with(b"j");
        let glide = small.starts_with('y');
        let written = if glide && palatal { &small[1..] } else { small };
        folder.push_str(written);
    } else {
        folder.push_str(small);
    }
    true
}

/// The romanisation of a small kana that joins the one before it.
fn small_kana(c: char) -> Option<&'static str> {
    Some(match c {
        'ャ' | 'ゃ' => "ya",
        'ュ' | 'ゅ' => "yu",
        'ョ' | 'ょ' => "yo",
        'ァ' | 'ぁ' => "a",
        'ィ' | 'ぃ' => "i",
        'ゥ' | 'ぅ' => "u",
        'ェ' | 'ぇ' => "e",
        'ォ' | 'ぉ' => "o",
        _ => return None,
    })
}

/// Whether `c` is a hiragana or katakana letter.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}')
}

#[cfg(test)]
mod tests {
    use super::super::fold;

    #[test]
    fn small_kana_join_the_kana_before() {
        assert_eq!(fold("ニューヨーク"), "nyuyoku");
        assert_eq!(fold("シャルロッテンブルク"), "sharurottenburuku");
        assert_eq!(fold("バッファロー"), "baffaro");
        assert_eq!(fold("ヴェネツィア"), "venetsia");
        assert_eq!(fold("きょうと"), "kyouto");
    }

    #[test]
    fn the_small_tsu_doubles_the_next_consonant() {
        assert_eq!(fold("ブレントウッド"), "burentouddo");
        assert_eq!(fold("ホッカイドウ"), "hokkaidou");
        // Before no kana, or at the end, it is silent.
        assert_eq!(fold("ッ"), "");
        assert_eq!(fold("アッ"), "a");
    }

    #[test]
    fn a_small_kana_with_no_kana_before_keeps_its_sound() {
        assert_eq!(fold("ァ"), "a");
        assert_eq!(fold("x ャ"), "x ya");
    }
}
