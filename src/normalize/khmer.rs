//! Khmer letters that the generic transliteration misreads, which need the
//! letters around them: the *bantoc* `់` that shortens the vowel of a
//! syllable closed by a consonant (`ដង់` is *dang*, not *dnga*), `ហ`
//! written over a consonant to spell a sound Khmer lacks (`ហ្គ` is *g*,
//! `ហ្វ` *f*), and the zero-width space that Khmer writes between words.

use super::Folder;

/// Whether `c` is Khmer, or the zero-width space that separates its words.
pub(super) fn is_khmer(c: char) -> bool {
    matches!(c, '\u{1780}'..='\u{17FF}' | '\u{200B}')
}

const COENG: char = '\u{17D2}';
const BANTOC: char = '\u{17CB}';

/// Writes the romanisation of `run`, a run of [`is_khmer`] characters.
pub(super) fn fold(folder: &mut Folder<'_>, run: &[char]) {
    // Whether the last letter written is a consonant with no vowel.
    let mut bare = false;
    let mut i = 0;
    while let Some(&c) = run.get(i) {
        i += 1;
        if c == '\u{200B}' {
            folder.push(b' ');
            bare = false;
            continue;
        }
        if c == 'ហ' && run.get(i) == Some(&COENG) {
            if let Some(sound) = run.get(i + 1).and_then(|&n| foreign_sound(n)) {
                folder.push_str(sound);
                bare = true;
                i += 2;
                continue;
            }
        }
        if consonant(c) && run.get(i) == Some(&BANTOC) {
            // The short vowel comes before the consonant that closes it.
            if bare {
                folder.push(b'a');
            }
            folder.push_non_ascii(c);
            bare = false;
            i += 1;
            continue;
        }
        match c {
            // The long i of both series (the generic table reads *ei*).
            'ី' => folder.push(b'i'),
            _ => folder.push_non_ascii(c),
        }
        if consonant(c) {
            bare = true;
        } else if vowel(c) {
            bare = false;
        }
    }
}

/// Whether `c` is a Khmer consonant.
fn consonant(c: char) -> bool {
    matches!(c, '\u{1780}'..='\u{17A2}')
}

/// Whether `c` is a Khmer vowel: an independent vowel, a vowel sign, or
/// a sign that ends a vowel (*nikahit* `ំ`, *reahmuk* `ះ`).
fn vowel(c: char) -> bool {
    matches!(c, '\u{17A3}'..='\u{17C8}')
}

/// The sound that `ហ` over consonant `c` spells.
fn foreign_sound(c: char) -> Option<&'static str> {
    Some(match c {
        'ក' | 'គ' => "g",
        'វ' | 'ព' => "f",
        'ស' => "s",
        'ល' => "l",
        'ម' => "m",
        'ន' | 'ណ' => "n",
        'យ' => "y",
        'រ' => "r",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::fold;

    #[test]
    fn khmer_reads_with_the_letters_around() {
        assert_eq!(fold("ស៊ូដង់"), "soudang");
        assert_eq!(fold("អង់ហ្គោឡា"), "anggaola");
        assert_eq!(fold("បូលីវី"), "boulivi");
        assert_eq!(fold("កោះ\u{200B}កៃម៉ង់"), "kaoah kaimang");
    }
}
