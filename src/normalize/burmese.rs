//! Burmese, romanised a syllable at a time after the BGN/PCGN system that
//! gazetteers use for names of Myanmar (*Taikkyi*, *Nyaungdon*, *Mandale*).
//!
//! A letter-by-letter transliteration cannot read Burmese: a consonant
//! carries an unwritten *a*; a final consonant, marked by the asat `်`,
//! changes the vowel before it (`ကင်` is *kin*, `တိုက်` *taik*, `ကုန်`
//! *kon*); `ို` is one vowel, *o*, and `ော` is *aw*. The generic
//! transliteration wrote `ကင်မရွန်း` (Cameroon) as *knmrvn*; read by
//! syllables it is *kinmarun*.

use super::Folder;

/// Whether `c` is of the Myanmar blocks, which write Burmese and also
/// Shan, Mon, Karen and Pa'O (whose own letters the generic
/// transliteration reads).
pub(super) fn is_myanmar(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{109F}' | '\u{AA60}'..='\u{AA7F}')
}

/// Writes the romanisation of `run`, a run of [`is_myanmar`] characters.
/// The word for town that Burmese writes after a place name (`မြို့`,
/// "Oslo town") and Pa'O before it (`ဝေင်ꩻ`) is left out: romanised
/// names never carry it.
pub(super) fn fold(folder: &mut Folder<'_>, run: &[char]) {
    let has_name = |name: &[char]| name.iter().any(|&c| consonant(c).is_some());
    let run = match run.strip_suffix(TOWN) {
        Some(name) if has_name(name) => name,
        _ => run,
    };
    let run = match run.strip_prefix(PAO_TOWN) {
        Some(name) if has_name(name) => name,
        _ => run,
    };
    let mut i = 0;
    while i < run.len() {
        i = syllable(folder, run, i);
    }
}

/// `မြို့`, "town".
const TOWN: &[char] = &['\u{1019}', '\u{103C}', '\u{102D}', '\u{102F}', '\u{1037}'];

/// `ဝေင်ꩻ`, "town" in Pa'O.
const PAO_TOWN: &[char] = &['\u{101D}', '\u{1031}', '\u{1004}', '\u{103A}', '\u{AA7B}'];

const ASAT: char = '\u{103A}';
const VIRAMA: char = '\u{1039}';

/// Romanises the syllable that starts at `run[i]`; returns where the next
/// one starts.
fn syllable(folder: &mut Folder<'_>, run: &[char], mut i: usize) -> usize {
    let Some(&c) = run.get(i) else {
        return run.len();
    };
    i += 1;
    // The onset: a consonant, or an independent vowel (which then is the
    // syllable's vowel).
    let mut vowel = Vowel::Inherent;
    let onset = match (consonant(c), independent_vowel(c)) {
        (Some(letters), _) => letters,
        (None, Some(v)) => {
            vowel = v;
            ""
        }
        (None, None) => {
            match c {
                '\u{1040}'..='\u{1049}' => folder.push(b'0' + (u32::from(c) - 0x1040) as u8),
                // Punctuation, and signs with no consonant to sit on.
                '\u{104A}'..='\u{104F}' => folder.push(b' '),
                // Letters and signs of the other languages.
                _ => folder.push_non_ascii(c),
            }
            return i;
        }
    };
    // Medials: -y- (two letters), -w-, and h (aspiration).
    let (mut y, mut w, mut h) = (false, false, false);
    while let Some(&m) = run.get(i) {
        match m {
            '\u{103B}' | '\u{103C}' => y = true,
            '\u{103D}' => w = true,
            '\u{103E}' => h = true,
            _ => break,
        }
        i += 1;
    }
    if matches!(run.get(i), Some(&(ASAT | VIRAMA))) {
        // A consonant with no vowel at all, as borrowed words end.
        folder.push_str(onset);
        return i + 1;
    }
    let (signs, nasal) = vowel_signs(run, &mut i);
    if vowel == Vowel::Inherent {
        vowel = signs;
    }
    let last = final_consonant(run, &mut i);
    let (rime, w_in_rime, written_final) = match last {
        Some(f) => match final_rime(vowel, w, f) {
            Some((rime, w_in_rime)) => (rime, w_in_rime, ""),
            // A final of a borrowed word: as it is written.
            None => (vowel.letters(), false, consonant(f).unwrap_or("")),
        },
        None if nasal => (nasal_rime(vowel), false, ""),
        None => (vowel.letters(), false, ""),
    };
    // The onset with its medials.
    match (c, y, h) {
        ('ခ', true, _) => folder.push_str("ch"),
        ('ရ' | 'ယ', _, true) => folder.push_str("sh"),
        (_, _, true) => {
            folder.push_str("h");
            folder.push_str(onset);
        }
        _ => folder.push_str(onset),
    }
    if y && c != 'ခ' {
        folder.push_str("y");
    }
    if w && !w_in_rime {
        folder.push_str("w");
    }
    folder.push_str(rime);
    folder.push_str(written_final);
    i
}

/// Reads the vowel signs, anusvara and tone marks from `run[*i]` on, and
/// moves `i` past them: the vowel they write, and whether an anusvara
/// closes the syllable.
fn vowel_signs(run: &[char], i: &mut usize) -> (Vowel, bool) {
    let (mut e, mut aa, mut upper_i, mut lower_u, mut ai, mut nasal) =
        (false, false, false, false, false, false);
    while let Some(&s) = run.get(*i) {
        match s {
            '\u{1031}' => e = true,
            '\u{102B}' | '\u{102C}' => aa = true,
            '\u{102D}' | '\u{102E}' => upper_i = true,
            '\u{102F}' | '\u{1030}' => lower_u = true,
            '\u{1032}' => ai = true,
            '\u{1036}' => nasal = true,
            // Tones, and the asat that ော် carries as a tone.
            '\u{1037}' | '\u{1038}' | ASAT => {}
            _ => break,
        }
        *i += 1;
    }
    let vowel = match () {
        _ if e && aa => Vowel::Aw,
        _ if upper_i && lower_u => Vowel::O,
        _ if e || ai => Vowel::E,
        _ if aa => Vowel::A,
        _ if upper_i => Vowel::I,
        _ if lower_u => Vowel::U,
        _ => Vowel::Inherent,
    };
    (vowel, nasal)
}

/// The consonant at `run[*i]` when it closes the syllable (killed by the
/// asat, or stacked on the next one); moves `i` past it and its marks.
fn final_consonant(run: &[char], i: &mut usize) -> Option<char> {
    let (&f, &after) = (run.get(*i)?, run.get(*i + 1)?);
    let killed = after == ASAT || after == VIRAMA;
    let killed_after_tone = after == '\u{1037}' && run.get(*i + 2) == Some(&ASAT);
    if consonant(f).is_none() || !(killed || killed_after_tone) {
        return None;
    }
    *i += if killed_after_tone { 3 } else { 2 };
    while run
        .get(*i)
        .is_some_and(|&t| matches!(t, '\u{1037}' | '\u{1038}' | ASAT | VIRAMA))
    {
        *i += 1;
    }
    Some(f)
}

/// A syllable's vowel, before any final consonant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vowel {
    /// No vowel sign: the consonant's own *a*.
    Inherent,
    A,
    I,
    U,
    E,
    O,
    Aw,
}

impl Vowel {
    fn letters(self) -> &'static str {
        match self {
            Vowel::Inherent | Vowel::A => "a",
            Vowel::I => "i",
            Vowel::U => "u",
            Vowel::E => "e",
            Vowel::O => "o",
            Vowel::Aw => "aw",
        }
    }
}

/// The rime of a syllable closed by consonant `f`, and whether it took the
/// medial *w* in (`ကွန်` is *kun*); `None` for a final the system does not
/// know (borrowed words: `ချဒ်` is *chad*).
fn final_rime(vowel: Vowel, w: bool, f: char) -> Option<(&'static str, bool)> {
    use Vowel::*;
    let rime = match (f, vowel) {
        ('က', Inherent) => "et",
        ('က', O) => "aik",
        ('က', Aw) => "auk",
        ('က', U) => "ok",
        ('က', I) => "eik",
        ('င', Inherent) => "in",
        ('င', O) => "aing",
        ('င', Aw) => "aung",
        ('င', U) => "ong",
        ('စ', Inherent) => "it",
        ('ည', Inherent) => "i",
        ('ဉ', Inherent) => "in",
        ('တ' | 'ပ', Inherent) if w => return Some(("ut", true)),
        ('တ' | 'ပ', Inherent) => "at",
        ('တ' | 'ပ', I) => "eik",
        ('တ' | 'ပ', U) => "ok",
        ('န' | 'မ', Inherent) if w => return Some(("un", true)),
        ('န' | 'မ', Inherent) => "an",
        ('န' | 'မ', I) => "ein",
        ('န' | 'မ', U) => "on",
        ('ယ', Inherent) => "e",
        _ => return None,
    };
    Some((rime, false))
}

/// The rime of a syllable closed by the anusvara `ံ`, a final nasal.
fn nasal_rime(vowel: Vowel) -> &'static str {
    match vowel {
        Vowel::Inherent | Vowel::A => "an",
        Vowel::I => "ein",
        Vowel::U | Vowel::O => "on",
        Vowel::E => "en",
        Vowel::Aw => "awn",
    }
}

/// The letters of a consonant, or `None` for any other character. `အ`
/// only carries a vowel.
fn consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'က' | 'ခ' => "k",
        'ဂ' | 'ဃ' => "g",
        'င' => "ng",
        'စ' | 'ဆ' => "s",
        'ဇ' | 'ဈ' => "z",
        'ဉ' | 'ည' => "ny",
        'ဋ' | 'ဌ' | 'တ' | 'ထ' => "t",
        'ဍ' | 'ဎ' | 'ဒ' | 'ဓ' => "d",
        'ဏ' | 'န' => "n",
        'ပ' | 'ဖ' => "p",
        'ဗ' | 'ဘ' => "b",
        'မ' => "m",
        'ယ' => "y",
        // BGN/PCGN writes y, as Burmese says it; most Burmese names in
        // the table are of places abroad, where it stands for r (`ဘရာဇီး`,
        // Brazil). Of 250 Burmese aliases held out of the table, 107 found
        // their entity with r and 101 with y.
        'ရ' => "r",
        'လ' | 'ဠ' => "l",
        'ဝ' => "w",
        'သ' => "th",
        'ဟ' => "h",
        'အ' => "",
        _ => return None,
    })
}

/// The vowel of an independent vowel letter.
fn independent_vowel(c: char) -> Option<Vowel> {
    Some(match c {
        'ဣ' | 'ဤ' => Vowel::I,
        'ဥ' | 'ဦ' => Vowel::U,
        'ဧ' => Vowel::E,
        'ဩ' | 'ဪ' => Vowel::Aw,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::fold;

    #[test]
    fn syllables_read_with_their_finals() {
        assert_eq!(fold("တိုက်ကြီးမြို့"), "taikkyi");
        assert_eq!(fold("ညောင်တုန်း"), "nyaungton");
        assert_eq!(fold("ကင်မရွန်း"), "kinmarun");
        assert_eq!(fold("မန္တလေး"), "mantale");
        assert_eq!(fold("ရန်ကုန်"), "rankon");
        assert_eq!(fold("ချဒ်"), "chad");
        assert_eq!(fold("ဝေင်ꩻညောင်တုန်း"), "nyaungton");
    }
}
