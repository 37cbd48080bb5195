//! Normalisation: from any spelling to keys that can be compared.
//!
//! Three layers, each documented where it is defined:
//!
//! 1. [`fold`]: Unicode compatibility decomposition, accents stripped,
//!    other scripts transliterated to Latin ([`any_ascii`]) with their
//!    vowel signs (Devanagari `ि` is `i`, not an accent), Burmese read
//!    and Tibetan by syllables, Khmer with the letters around each, case
//!    folded, punctuation to spaces, apostrophes dropped, white space
//!    collapsed. The result is lowercase ASCII letters and digits in tokens
//!    separated by one space: `"Łukaszenka, Alaksandr"` → `"lukaszenka alaksandr"`.
//! 2. [`skeleton_token`]: folds spelling variants of transliteration
//!    (`sch`/`sz`/`ch`/`sh` → `s`, `ou` → `u`, `w` → `v`, `y`/`j` → `i`,
//!    doubled letters, …) so that Loukachenko, Lukashenko, Lukaschenko and
//!    Łukaszenka land on one key or within one edit.
//! 3. [`titles`]: honorifics and titles in several languages (`Mr`, `M.`,
//!    `Président`, `Herr`, `господин`, …) that a query may carry in front of
//!    a name.
//!
//! Keys in an index are only valid for the normaliser that made them, so any
//! change to these rules must bump [`NORMALIZER_VERSION`].

mod burmese;
mod kana;
mod khmer;
pub(crate) mod script;
mod skeleton;
mod tibetan;
pub mod titles;

pub use skeleton::{skeleton_key, skeleton_token};
use unicode_normalization::char::is_combining_mark;

/// Version of the normalisation rules; stored in every index and checked on
/// open, because keys made by other rules would silently stop matching.
pub const NORMALIZER_VERSION: u32 = 23;

/// Folds `input` to lowercase ASCII tokens separated by single spaces.
///
/// ```
/// assert_eq!(aka::normalize::fold("Łukaszenka, Alaksandr"), "lukaszenka alaksandr");
/// assert_eq!(aka::normalize::fold("Лукашенко"), "lukashenko");
/// assert_eq!(aka::normalize::fold("  O'Reilly -- Dermot "), "oreilly dermot");
/// ```
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    fold_into(input, &mut out);
    out
}

/// Like [`fold`], but writes into `out` (cleared first) so that hot loops
/// can reuse one buffer.
pub fn fold_into(input: &str, out: &mut String) {
    out.clear();
    if !input.is_ascii() {
        if let Some(spoken) = preposed_vowels_after_consonants(input) {
            return fold_chars(&spoken, out);
        }
    }
    fold_chars(input, out);
}

/// Thai and Lao write the vowels `เ แ โ ใ ไ` before the consonant they
/// follow in speech; the generic transliteration keeps the written order
/// (`เปรู` would be *epru*, not *peru*). Returns the text in spoken order,
/// or `None` when it has no such vowel before a consonant.
fn preposed_vowels_after_consonants(input: &str) -> Option<String> {
    let preposed = |c: char| matches!(c, '\u{0E40}'..='\u{0E44}' | '\u{0EC0}'..='\u{0EC4}');
    let consonant = |c: char| matches!(c, '\u{0E01}'..='\u{0E2E}' | '\u{0E81}'..='\u{0EAE}');
    let mut chars = input.chars().peekable();
    let mut spoken = None::<String>;
    let mut done = 0;
    let mut at = 0;
    while let Some(c) = chars.next() {
        let width = c.len_utf8();
        match chars.peek() {
            Some(&next) if preposed(c) && consonant(next) => {
                let out = spoken.get_or_insert_with(|| String::with_capacity(input.len()));
                out.push_str(&input[done..at]);
                out.push(next);
                chars.next();
                at += width + next.len_utf8();
                // A silent ห leads the consonant that takes the vowel.
                if matches!(next, 'ห' | 'ຫ') {
                    if let Some(led) = chars.next_if(|&n| low_sonorant(n)) {
                        out.push(led);
                        at += led.len_utf8();
                    }
                }
                out.push(c);
                done = at;
            }
            _ => at += width,
        }
    }
    let mut out = spoken?;
    out.push_str(&input[done..]);
    Some(out)
}

/// A script folded a run at a time (the run's letters, by
/// `in_script`, go to `fold_run` together), because a letter's reading
/// depends on letters before and after it that the character-by-character
/// loop cannot see.
type RunScript = (fn(char) -> bool, fn(&mut Folder<'_>, &[char]));

/// The scripts read a run at a time: Tibetan, Khmer and Burmese.
const RUN_SCRIPTS: [RunScript; 3] = [
    (tibetan::is_tibetan, tibetan::fold),
    (khmer::is_khmer, khmer::fold),
    (burmese::is_myanmar, burmese::fold),
];

fn fold_chars(input: &str, out: &mut String) {
    let mut folder = Folder {
        out,
        pending_space: false,
    };
    let mut prev = ' ';
    // The character before, combining marks included.
    let mut last = ' ';
    // Whether the word of Arabic letters being read is spelt as Uyghur and
    // Kazakh spell: decided at its first letter.
    let mut turkic_word = false;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let before = std::mem::replace(&mut last, c);
        if c.is_ascii() {
            // Never a combining mark: no table lookup.
            folder.push(c as u8);
            prev = c;
            continue;
        }
        if let Some((in_script, fold_run)) = RUN_SCRIPTS.iter().find(|(is, _)| is(c)) {
            let mut run = vec![c];
            while let Some(n) = chars.next_if(|&n| in_script(n)) {
                run.push(n);
            }
            fold_run(&mut folder, &run);
            prev = run.last().copied().unwrap_or(c);
            continue;
        }
        let next = chars.peek().copied();
        if sinhala_case_ending(before, c, next) {
            continue;
        }
        if kana::fold(&mut folder, prev, c, next) {
            prev = c;
            continue;
        }
        if is_arabic_letter(c) && !is_arabic_letter(prev) {
            turkic_word = writes_turkic_vowels(std::iter::once(c).chain(chars.clone()));
        }
        let latin = if turkic_word {
            turkic_vowel_letter(prev, c, next)
        } else {
            vowel_letter(prev, c, next)
        };
        if let Some(latin) = latin {
            folder.push_str(latin);
        } else {
            folder.push_non_ascii(c);
        }
        if inherent_vowel(prev, c, next) {
            folder.push(b'a');
        }
        if !is_combining_mark(c) {
            prev = c;
        }
    }
}

/// Letters that the generic transliteration drops or misreads although
/// romanisations write them otherwise. `prev` and `next` are the letters
/// around `c` (combining marks skipped before, not after).
///
/// - Arabic alef (`ا`, `أ`, `آ`, `ٱ`: a; `إ`: i), Hebrew alef (`א`: a)
///   and Yiddish ayin (`ע`: e), which it leaves out: `تزلا` lost the final
///   a of *Tuzla*.
/// - Arabic `ئ` inside a word (y, not i): Persian and Urdu write `ی`
///   there, so `الجزائر` and `الجزایر` (Algeria) fold alike.
/// - Bulgarian `ъ` (a, *Tarnovo*; dropped as the Russian hard sign).
/// - A Hebrew word-final `ה` (a, not h: `רואנדה` is *Rwanda*).
/// - Hebrew `ב` (b, which it reads as the soft *v* that only a native word
///   may have: `ברלין` is *Berlin*; of 1,000 Hebrew aliases held out of the
///   table, 680 found their entity with *b* and 599 with *v*), and `פ` (p,
///   not *f*, but for a Yiddish `פֿ` with its rafe; the final form `ף`
///   stays *f*: `בודאפעשט` is *Budapest*, `פרם` *Perm*; of another 1,000,
///   716 found their entity with *p* and 677 with *f*).
/// - Hebrew `כ` at the start of a word (k, not *kh*: `כווית` is *Kuwait*;
///   720 of the same 1,000, against 716).
/// - Hebrew `צ'`, `ג'`, `ז'` (ch, j, zh): the geresh marks the sounds
///   Hebrew lacks in foreign names (`קצ'קמט` is *Kechkemet*; of 1,000
///   Hebrew aliases held out of the table, 661 found their entity, 657
///   without).
/// - Thai `อ` before a vowel or tone sign, which only carries it
///   (`อิตาลี` is *itali*; of 1,000 Thai aliases held out of the table,
///   654 found their entity, 605 with an *o*).
/// - Thai `ห` before a low sonorant (silent: it only marks the tone, and
///   the vowel written before it goes after the sonorant: `หนองคาย` is
///   *Nong Khai*, `หาดใหญ่` *Hat Yai*; of 1,000 Thai aliases held out of
///   the table, 661 found their entity, 655 without).
/// - Lao `ອ` (silent before the vowel or tone sign it carries, o
///   elsewhere), `ຊ` (s, not *x*), `ຍ` (y, not *gn*), the diphthong
///   `ເ◌ຍ` (ia) and a silent `ຫ` before a low sonorant: 250 Lao aliases
///   held out of the table found their entity 57.6% of the time, 37.2%
///   without.
/// - Greek `ου` (u), which it writes `oy` (`Εκουαδόρ` is *Ekouador*).
/// - Armenian `ու` (u, not `ow`: `Թուրքիա` is *Turkia*) and `ռ` (r, not
///   `rr`: `Բեռլին` is *Berlin*; 600 held-out Armenian aliases found their
///   entity 89% of the time, 80% without).
fn vowel_letter(prev: char, c: char, next: Option<char>) -> Option<&'static str> {
    let geresh = |c: char| matches!(c, '\'' | '\u{05F3}' | '\u{2019}');
    let hebrew_letter = |c: char| matches!(c, '\u{5D0}'..='\u{5EA}' | '\u{591}'..='\u{5C7}');
    match c {
        'ا' | 'أ' | 'آ' | 'ٱ' | 'א' => Some("a"),
        'إ' => Some("i"),
        'ע' => Some("e"),
        'ئ' if is_arabic_letter(prev) => Some("y"),
        'ъ' | 'Ъ' => Some("a"),
        'ה' if hebrew_letter(prev) && !next.is_some_and(hebrew_letter) => Some("a"),
        // Lao ອ is silent before a vowel or tone sign it carries, and o
        // elsewhere (`ບອດສະວານາ` is Botswana); ຊ is s, not x; ຍ is y, and
        // ເ◌ຍ the diphthong ia (`ເອສໂຕເນຍ` is Estonia); ຫ before a low
        // sonorant is silent, as in Thai.
        'ອ' if next.is_some_and(|n| matches!(n, '\u{0EB0}'..='\u{0ECB}' | 'ອ')) => Some(""),
        'ອ' => Some("o"),
        'ຊ' => Some("s"),
        'ເ' if next == Some('ຍ') => Some("i"),
        'ຍ' if prev == 'ເ' => Some("a"),
        'ຍ' => Some("y"),
        // Thai ห before a low sonorant only gives it a high tone:
        // `หนองคาย` is Nong Khai, `ใหญ่` yai.
        'ห' | 'ຫ' if next.is_some_and(low_sonorant) => Some(""),
        // Thai อ before a vowel or tone sign only carries it: silent.
        'อ' if next.is_some_and(|n| matches!(n, '\u{0E30}'..='\u{0E4B}' | 'อ')) => Some(""),
        'ב' => Some("b"),
        // Pe is p in the foreign names a table holds, unless a rafe marks
        // it f; kaf is k where a word starts.
        'פ' if next != Some('\u{05BF}') => Some("p"),
        'כ' if !hebrew_letter(prev) => Some("k"),
        'צ' if next.is_some_and(geresh) => Some("ch"),
        'ג' if next.is_some_and(geresh) => Some("j"),
        'ז' if next.is_some_and(geresh) => Some("zh"),
        'υ' | 'ύ' if matches!(prev, 'ο' | 'ό') => Some("u"),
        'Υ' | 'Ύ' if matches!(prev, 'Ο' | 'Ό' | 'ο' | 'ό') => Some("u"),
        'ւ' if matches!(prev, 'ո' | 'Ո') => Some("u"),
        'ռ' | 'Ռ' => Some("r"),
        _ => None,
    }
}

/// Whether the word of Arabic letters that `word` starts is spelt as the
/// Turkic languages written in Arabic letters spell (Uyghur, Kazakh,
/// Kyrgyz), every vowel written: it has one of their own letters (`ۇ ۈ ٷ
/// ۋ`), a `ى` inside it, where Arabic writes it only at the end, or an `ئ`
/// to start it, which no Arabic, Persian or Urdu word has. Kurdish, which
/// shares `ە` and `ۆ` with them, and Pashto, which shares `ې`, read `و`
/// as w, o or u. A word without such a letter (`كورلا`, Korla) is read the
/// Arabic way wherever it stands, so that it folds alike alone and in a
/// name.
fn writes_turkic_vowels(word: impl Iterator<Item = char>) -> bool {
    let mut letters = word
        .filter(|&c| !is_combining_mark(c))
        .take_while(|&c| is_arabic_letter(c))
        .peekable();
    let mut first = true;
    while let Some(c) = letters.next() {
        let marker = match c {
            'ۇ' | 'ۈ' | 'ٷ' | 'ۋ' => true,
            'ى' => letters.peek().is_some(),
            'ئ' => first,
            _ => false,
        };
        if marker {
            return true;
        }
        first = false;
    }
    false
}

/// The letters that Uyghur and Kazakh in Arabic letters read otherwise
/// than Arabic, Persian and Urdu: `و` is o (u is `ۇ`), `ى` is i wherever
/// it stands, and `ئ` only carries the vowel after it (`ئۈرۈمچى` is
/// *Ürümchi*, `كورىيە` *Koriye*, Korea, `ئىۋوئىر` *Ivoir*).
fn turkic_vowel_letter(prev: char, c: char, next: Option<char>) -> Option<&'static str> {
    match c {
        'و' => Some("o"),
        'ى' => Some("i"),
        'ئ' => Some(""),
        _ => vowel_letter(prev, c, next),
    }
}

/// Whether `c` is a letter of the Arabic script.
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06FF}')
}

/// Whether `c` is a Thai or Lao low sonorant (ง ญ น ม ย ร ล ว; ງ ຍ ນ ມ
/// ລ ວ ຣ), which a silent ห or ຫ before it leads.
fn low_sonorant(c: char) -> bool {
    matches!(
        c,
        'ง' | 'ญ'
            | 'น'
            | 'ม'
            | 'ย'
            | 'ร'
            | 'ล'
            | 'ว'
            | 'ງ'
            | 'ຍ'
            | 'ນ'
            | 'ມ'
            | 'ລ'
            | 'ວ'
            | 'ຣ'
    )
}

/// Whether `c` is the case ending that Sinhala adds to a name, ending a
/// word after `before`: `ව` after a long *a* (`රුවන්ඩාව` is *Rwanda*) or
/// `ය` after a consonant with no vowel sign (`යුක්රේනය`, *Ukraine*). Of
/// 250 Sinhala aliases held out of the table, 189 found their entity
/// without it and 162 with it.
fn sinhala_case_ending(before: char, c: char, next: Option<char>) -> bool {
    let sinhala = |c: char| matches!(c, '\u{0D80}'..='\u{0DFF}');
    if next.is_some_and(sinhala) {
        return false;
    }
    match c {
        'ව' => before == 'ා',
        'ය' => matches!(abugida(before), Some((0x0D80, Sign::Consonant))),
        _ => false,
    }
}

/// Whether the consonant `c` of an abugida ([`abugida`]), or the nukta
/// after it when `c` is one and `prev` the consonant, carries the
/// vowel *a* that the script does not write: a consonant with no vowel
/// sign and no virama after it is read with *a*, which the generic
/// transliteration leaves out (`कठुआ` is *kathua*, not *kthua*; `கடப்பா`
/// is *katappa*; `ගාල්ල` is *galla*). Hindi, Bengali, Punjabi, Gujarati
/// and Odia do not say it at the end of a word (`नगर` is *nagar*); the
/// southern scripts and Sinhala write a virama where they mean no vowel,
/// so they keep it there too. The vowels Hindi drops inside a word
/// are kept (`अहमदाबाद` is *ahamadabad*, an edit from *Ahmadabad*).
fn inherent_vowel(prev: char, c: char, next: Option<char>) -> bool {
    let Some((block, class)) = abugida(c) else {
        return false;
    };
    let carrier = match class {
        Sign::Consonant => true,
        Sign::Nukta => abugida(prev) == Some((block, Sign::Consonant)),
        Sign::Vowel | Sign::Other => false,
    };
    if !carrier {
        return false;
    }
    match next.and_then(abugida) {
        // The vowel (or its absence) is written, or decided after the
        // nukta.
        Some((_, Sign::Nukta | Sign::Vowel)) => false,
        Some((b, _)) if b == block => true,
        // The end of a word.
        _ => !matches!(block, 0x0900..=0x0B7F),
    }
}

/// What a character of an abugida is to its inherent vowel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    /// A consonant, which carries the vowel unless a sign says otherwise.
    Consonant,
    /// A nukta: the sign after it decides.
    Nukta,
    /// A vowel sign, or a virama (no vowel).
    Vowel,
    /// Anything else of the script: a letter that ends the syllable
    /// (anusvara, visarga), an independent vowel, a digit.
    Other,
}

/// The block and [`Sign`] of a character of the abugidas whose consonants
/// carry an unwritten *a*: the scripts of India from Devanagari to
/// Malayalam (one layout: consonants at 0x15–0x39, the nukta at 0x3C,
/// vowel signs and the virama at 0x3E–0x4D) and Sinhala. Burmese, whose
/// final consonants change the vowel before them, is read by syllables
/// (`burmese`).
fn abugida(c: char) -> Option<(u32, Sign)> {
    let code = u32::from(c);
    let sign = match code {
        0x0900..=0x0D7F => match code & 0x7F {
            0x15..=0x39 | 0x58..=0x5F => Sign::Consonant,
            0x3C => Sign::Nukta,
            0x3A..=0x4F if code & 0x7F != 0x3D => Sign::Vowel,
            0x55..=0x57 | 0x62 | 0x63 => Sign::Vowel,
            _ => Sign::Other,
        },
        0x0D9A..=0x0DC6 => Sign::Consonant,
        0x0DCA | 0x0DCF..=0x0DDF | 0x0DF2 | 0x0DF3 => Sign::Vowel,
        0x0D80..=0x0DFF => Sign::Other,
        _ => return None,
    };
    Some((code & !0x7F, sign))
}

/// Writes folded bytes, turning runs of separators into one space and never
/// leaving a space at either end.
struct Folder<'a> {
    out: &'a mut String,
    pending_space: bool,
}

impl Folder<'_> {
    fn push(&mut self, b: u8) {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => self.push_letter(b),
            b'A'..=b'Z' => self.push_letter(b.to_ascii_lowercase()),
            // Apostrophes join: O'Reilly, N'Djamena, Mu'ammar.
            b'\'' | b'`' => {}
            _ => self.pending_space = true,
        }
    }

    /// [`push`](Self::push) for each byte of `s`.
    fn push_str(&mut self, s: &str) {
        s.bytes().for_each(|b| self.push(b));
    }

    /// Removes the last letter written when it is a vowel and no
    /// separator is pending after it; says whether it did.
    fn drop_last_vowel(&mut self) -> bool {
        let last = self.out.as_bytes().last().copied();
        if self.pending_space || !last.is_some_and(is_vowel) {
            return false;
        }
        self.out.pop();
        true
    }

    /// Whether the letters written end with `suffix`.
    fn ends_with(&self, suffix: &[u8]) -> bool {
        self.out.as_bytes().ends_with(suffix)
    }

    fn push_letter(&mut self, b: u8) {
        if self.pending_space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.out.push(b as char);
    }

    fn push_non_ascii(&mut self, c: char) {
        use unicode_normalization::char::decompose_compatible;
        if is_combining_mark(c) {
            // The vowel signs of the scripts of India and South-East Asia
            // are marks, but they are the vowels: `पिंपरी` is *Pimpri*,
            // not `ppr`. Accents and optional points are dropped.
            if is_vowel_sign_script(c) {
                self.push_str(any_ascii::any_ascii_char(c));
            }
            return;
        }
        // Latin letters with diacritics decompose to an ASCII base plus
        // marks (é → e + ◌́). Other scripts must be transliterated whole:
        // decomposing Cyrillic й would leave и and lose the "y".
        let mut base = ['\0'; 4];
        let mut n = 0;
        let mut all_simple = true;
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            if d.is_ascii() && n < base.len() {
                base[n] = d;
                n += 1;
            } else {
                all_simple = false;
            }
        });
        if all_simple && n > 0 {
            for &d in &base[..n] {
                self.push(d as u8);
            }
        } else {
            // Han characters are syllables: keep them apart, so that a
            // transliterated name does not swallow a suffix such as 县
            // "xian" (county) or 市 "shi" (city).
            let han = is_han(c);
            if han {
                self.pending_space = true;
            }
            self.push_str(any_ascii::any_ascii_char(c));
            if han {
                self.pending_space = true;
            }
        }
    }
}

/// Whether `b` is one of the folded vowels `a e i o u`.
pub(crate) fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether `c` belongs to a script that writes vowels as combining signs
/// on consonants: the Brahmic scripts from Devanagari to Sinhala, Thai,
/// Lao, Tibetan, Myanmar and Khmer.
fn is_vowel_sign_script(c: char) -> bool {
    matches!(c, '\u{0900}'..='\u{0DFF}' | '\u{0E00}'..='\u{0FFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}')
}

/// Whether `c` is a CJK unified ideograph (Han character).
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Splits a folded string into tokens.
///
/// ```
/// let toks: Vec<&str> = aka::normalize::tokens("lukashenko alexander").collect();
/// assert_eq!(toks, ["lukashenko", "alexander"]);
/// ```
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|t| !t.is_empty())
}

/// Moves the part after the first comma to the front: `"LAST, First"` →
/// `"First LAST"`, the order people write names in running text. Returns
/// `None` when there is no comma or nothing on one side of it.
///
/// ```
/// assert_eq!(aka::normalize::uncomma("LUKASHENKO, Alexander").as_deref(), Some("Alexander LUKASHENKO"));
/// assert_eq!(aka::normalize::uncomma("Minsk"), None);
/// ```
pub fn uncomma(raw: &str) -> Option<String> {
    let (last, first) = raw.split_once(',')?;
    let (last, first) = (last.trim(), first.trim());
    if last.is_empty() || first.is_empty() {
        return None;
    }
    Some(format!("{first} {last}"))
}

/// The name without its bracketed qualifiers, or `None` when it has none
/// (or nothing else): `Russie ( Fédération de )` → `Russie`. Gazetteers
/// write official forms this way; running text uses the short form.
///
/// ```
/// assert_eq!(aka::normalize::without_brackets("Cocos (Keeling) Islands").as_deref(), Some("Cocos Islands"));
/// assert_eq!(aka::normalize::without_brackets("Minsk"), None);
/// assert_eq!(aka::normalize::without_brackets("(Minsk)"), None);
/// ```
pub fn without_brackets(raw: &str) -> Option<String> {
    if !raw.contains(['(', '[', '（']) {
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' | '[' | '（' => depth += 1,
            ')' | ']' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let short = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!short.is_empty()).then_some(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vowel_letters_of_abjads_and_greek_ou() {
        // Arabic alef is a, not dropped: Baghdad, al-Ribat.
        assert_eq!(fold("بغداد"), "bghdad");
        assert_eq!(fold("الرباط"), "alrbat");
        assert_eq!(fold("إدلب"), "idlb");
        // Hebrew alef is a, a word-final he is a; Yiddish ayin is e.
        assert_eq!(fold("אמריקה"), "amryka");
        assert_eq!(fold("הודו"), "hvdv");
        assert_eq!(fold("ענגלאַנד"), "england");
        // Pe is p (ף, its final form, and פֿ with a rafe stay f); kaf
        // starting a word is k.
        assert_eq!(fold("בודאפעשט"), "bvdapest");
        assert_eq!(fold("יוסף"), "yvsf");
        assert_eq!(fold("פֿראַנקרייך"), "frankryykh");
        assert_eq!(fold("כווית"), "kvvyt");
        // ى is i inside a word (Uyghur), a at its end (Arabic).
        assert_eq!(fold("جەنۇبىي"), "jenubiy");
        assert_eq!(fold("مصطفى"), "mstfa");
        // A Uyghur word, which writes every vowel: و is o, ى is i at its
        // end too, and ئ only carries the vowel after it.
        assert_eq!(fold("جەنۇبىي كورىيە"), "jenubiy koriye");
        assert_eq!(fold("ئۈرۈمچى"), "urumchi");
        assert_eq!(fold("ئېكۋادور"), "ekvador");
        assert_eq!(fold("ئىۋوئىر"), "ivoir");
        // A word without their letters reads alike alone and in a name.
        assert_eq!(fold("كورلا شەھىرى"), "kwrla shehiri");
        assert_eq!(fold("كورلا"), "kwrla");
        // Persian and Pashto, whose و is w, o or u, keep the Arabic reading.
        assert_eq!(fold("بولیوی"), "bwlywy");
        assert_eq!(fold("روسې"), "rwse");
        // ئ inside a word is the y that Persian and Urdu write ی.
        assert_eq!(fold("الجزائر"), fold("الجزایر"));
        assert_eq!(fold("الجزائر"), "aljzayr");
        // Bulgarian ъ is a (the generic table drops it as a hard sign).
        assert_eq!(fold("Търново"), "tarnovo");
        // Greek ου is u, as in every romanisation; υ alone stays y.
        assert_eq!(fold("Κούβα"), "kouva");
        assert_eq!(fold("Κύπρος"), "kypros");
    }

    #[test]
    fn thai_and_lao_vowels_written_first_are_read_after_the_consonant() {
        assert_eq!(fold("เปรู"), "peru");
        // อ carrying a vowel is silent; as a vowel itself it is o.
        assert_eq!(fold("อิตาลี"), "itali");
        assert_eq!(fold("ออสเตรเลีย"), "osterleiy");
        assert_eq!(fold("โตเกียว"), "tokeiyw");
        assert_eq!(fold("ເລີຍ"), fold("ລເີຍ"));
        // Lao: a silent or vowel ອ, ຊ s, ຍ y, ເ◌ຍ ia, a silent ຫ.
        assert_eq!(fold("ບອດສະວານາ"), "bodsavana");
        assert_eq!(fold("ເອສໂຕເນຍ"), "estonia");
        assert_eq!(fold("ຊີເຣຍ"), "siria");
        assert_eq!(fold("ຫລວງພະບາງ"), "lvngphabang");
        // A silent ห leads a low sonorant, and the vowel goes after both.
        assert_eq!(fold("หนองคาย"), "nongkhay");
        assert_eq!(fold("หาดใหญ่"), "hadyai");
        assert_eq!(fold("หก"), "hk");
        // A vowel with no consonant after it stays where it is.
        assert_eq!(preposed_vowels_after_consonants("กเ"), None);
        assert_eq!(preposed_vowels_after_consonants("เ1"), None);
        assert_eq!(
            preposed_vowels_after_consonants("aเกb").as_deref(),
            Some("aกเb")
        );
    }

    #[test]
    fn folds_latin_diacritics_and_case() {
        assert_eq!(fold("Biélorussie"), "bielorussie");
        assert_eq!(fold("ŁUKASZENKA"), "lukaszenka");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Hvíta-Rússland"), "hvita russland");
    }

    #[test]
    fn transliterates_other_scripts() {
        assert_eq!(fold("Лукашенко"), "lukashenko");
        assert_eq!(fold("Минск"), "minsk");
        assert_eq!(fold("Αθήνα"), "athina");
        assert!(!fold("北京").is_empty());
        assert!(!fold("תל אביב").is_empty());
        assert!(fold("თბილისი").starts_with("tb"));
    }

    #[test]
    fn vowel_signs_are_vowels_and_accents_are_dropped() {
        // Devanagari, Tamil, Bengali, Kannada: vowels written as signs.
        assert_eq!(fold("पिंपरी"), "pimpari");
        assert_eq!(fold("அன்டோரா"), "antora");
        assert_eq!(fold("দিল্লি"), "dilli");
        assert_eq!(fold("ಪೆರು"), "peru");
        // The case ending Sinhala adds to a name goes; a name's own ව stays.
        assert_eq!(fold("රුවන්ඩාව"), "ruvanda");
        assert_eq!(fold("යුක්රේනය"), "yukrena");
        assert_eq!(fold("මීගමුව"), "migamuva");
        // A decomposed Latin accent and Hebrew points are still dropped.
        assert_eq!(fold("Mu\u{308}nchen"), "munchen");
        assert_eq!(fold("שָׁלוֹם"), fold("שלום"));
        // Hebrew bet is b, as in the foreign names a table holds.
        assert_eq!(fold("ברלין"), "brlyn");
        // A geresh marks a foreign sound: ch, j, zh.
        assert_eq!(fold("קצ'קמט"), "kchkmt");
        assert_eq!(fold("ג׳ורג׳יה"), "jvrjya");
        assert_eq!(fold("ז'נבה"), "zhnba");
        assert_eq!(fold("צור"), "tsvr");
        // Armenian ու is u, ռ a single r.
        assert_eq!(fold("Թուրքիա"), "tourkia");
        assert_eq!(fold("Բեռլին"), "berlin");
    }

    #[test]
    fn a_consonant_without_a_vowel_sign_is_read_with_a() {
        assert_eq!(fold("कठुआ"), "kathua");
        // Not at the end of a Hindi or Bengali word, and not before a
        // virama or a nukta (the vowel sign after the nukta decides).
        assert_eq!(fold("नगर"), "nagar");
        assert_eq!(fold("কলকাতা"), "kalakata");
        assert_eq!(fold("हावड़ा"), "havada");
        // The southern scripts say it at the end too, and write a virama
        // where they do not.
        assert_eq!(fold("கடப்பா"), "katappa");
        assert_eq!(fold("ತುಮಕೂರು"), "tumakuru");
        assert_eq!(fold("കോഴിക്കോട്"), "kolikkot");
        // Sinhala: the same.
        assert_eq!(fold("ගාල්ල"), "galla");
        assert_eq!(fold("කොළඹ"), "kolamba");
    }

    #[test]
    fn han_syllables_stay_apart() {
        // 宁海县: Ninghai county; the suffix must not glue onto the name.
        assert_eq!(fold("宁海县"), "ning hai xian");
        assert_eq!(fold("北京"), "bei jing");
    }

    #[test]
    fn cyrillic_short_i_is_not_decomposed_away() {
        // й must become a consonant, not a bare и.
        assert_eq!(fold("Сергей"), "sergey");
    }

    #[test]
    fn punctuation_becomes_one_space_and_apostrophes_join() {
        assert_eq!(fold("  al-Hurani,  Haytham "), "al hurani haytham");
        assert_eq!(fold("O’Reilly"), "oreilly");
        assert_eq!(fold("...,,,"), "");
    }

    #[test]
    fn compatibility_forms_fold() {
        assert_eq!(fold("ＭＩＮＳＫ"), "minsk");
        assert_eq!(fold("ﬁnland"), "finland");
    }

    #[test]
    fn uncomma_reorders_last_first() {
        assert_eq!(uncomma("LI, Youmin").as_deref(), Some("Youmin LI"));
        assert_eq!(uncomma(", x"), None);
        assert_eq!(uncomma("a,"), None);
    }
}
