//! Tibetan, read a syllable at a time: the generic transliteration leaves
//! out the vowel *a* that a consonant with no vowel sign carries
//! (`ཀམ་པ་ལ` would be *km p l*, not Kampala), and parts every syllable
//! at its *tsheg* `་`, where a name's syllables make one word.

use super::Folder;

/// Whether `c` is Tibetan.
pub(super) fn is_tibetan(c: char) -> bool {
    matches!(c, '\u{0F00}'..='\u{0FFF}')
}

/// Writes the romanisation of `run`, a run of [`is_tibetan`] characters:
/// the syllables of a word joined, the first consonant (stack) of a
/// syllable with no vowel sign read with *a*, the consonants after it
/// closing the syllable.
pub(super) fn fold(folder: &mut Folder<'_>, run: &[char]) {
    // Whether the syllable's first consonant is written and has no vowel.
    let mut pending_a = false;
    // Whether the syllable has its first consonant.
    let mut started = false;
    for (i, &c) in run.iter().enumerate() {
        match c {
            // A base consonant: the first opens the syllable, the next
            // ones close it.
            '\u{0F40}'..='\u{0F6C}' => {
                if pending_a {
                    folder.push(b'a');
                }
                folder.push_non_ascii(c);
                pending_a = !started;
                started = true;
            }
            // A long a that only lengthens the vowel sign after it.
            '\u{0F71}' => {
                pending_a = false;
                let lengthens = run.get(i + 1).is_some_and(|n| {
                    matches!(n, '\u{0F72}'..='\u{0F7D}' | '\u{0F80}' | '\u{0F81}')
                });
                if !lengthens {
                    folder.push(b'a');
                }
            }
            '\u{0F72}'..='\u{0F7D}' | '\u{0F80}' | '\u{0F81}' => {
                pending_a = false;
                folder.push_non_ascii(c);
            }
            // The tsheg between syllables of a word, and the shad and other
            // marks that end a phrase.
            '\u{0F0B}' | '\u{0F0C}' | '\u{0F0D}'..='\u{0F14}' => {
                if pending_a {
                    folder.push(b'a');
                }
                pending_a = false;
                started = false;
                if !matches!(c, '\u{0F0B}' | '\u{0F0C}') {
                    folder.push(b' ');
                }
            }
            // Subjoined consonants and other signs.
            _ => folder.push_non_ascii(c),
        }
    }
    if pending_a {
        folder.push(b'a');
    }
}

#[cfg(test)]
mod tests {
    use super::super::fold;

    #[test]
    fn syllables_join_and_carry_their_a() {
        assert_eq!(fold("ཀམ་པ་ལ།"), "kampala");
        assert_eq!(fold("གྷ་ཡ་ན"), "ghayana");
        assert_eq!(fold("ཨི་རཱཀ"), "irak");
        assert_eq!(fold("ལཱོ་མེ།"), "lome");
        assert_eq!(fold("སིནཊ་པི་ཡེར་ ཨེནཌ་ མིཀོ་ལེན"), "sintpiyer end mikolen");
    }
}
