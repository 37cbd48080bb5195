//! Small per-language lists of common words: articles, pronouns,
//! prepositions, conjunctions, auxiliaries, months, weekdays and words that
//! often start a sentence. A capitalised word on the list is never tagged
//! alone, whatever the index says (`Since`, `March`, `Les`, `Laut`, `Mai`).
//!
//! Entries are folded ([`fold`](crate::normalize::fold)) and sorted; they
//! are read through one hash table, with the persons' titles.

/// A language the tagger knows common words of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    En,
    Fr,
    De,
    Es,
}

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

pub(crate) const LANGS: [Lang; 4] = [Lang::En, Lang::Fr, Lang::De, Lang::Es];

const EN: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "an",
    "and",
    "another",
    "any",
    "april",
    "are",
    "as",
    "at",
    "august",
    "back",
    "be",
    "because",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "december",
    "did",
    "do",
    "does",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "february",
    "few",
    "for",
    "friday",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "home",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "january",
    "july",
    "june",
    "just",
    "last",
    "later",
    "like",
    "many",
    "march",
    "may",
    "meanwhile",
    "monday",
    "more",
    "most",
    "much",
    "my",
    "new",
    "next",
    "no",
    "nor",
    "not",
    "november",
    "now",
    "october",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "per",
    "related",
    "saturday",
    "september",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "sunday",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thursday",
    "to",
    "today",
    "too",
    "tuesday",
    "under",
    "union",
    "until",
    "up",
    "very",
    "was",
    "we",
    "wednesday",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "yesterday",
    "yet",
    "you",
    "your",
];

const FR: &[&str] = &[
    "a",
    "ainsi",
    "alors",
    "apres",
    "au",
    "aucun",
    "aucune",
    "aujourd",
    "aussi",
    "autre",
    "aux",
    "avant",
    "avec",
    "avoir",
    "avril",
    "c",
    "ce",
    "cela",
    "celle",
    "celui",
    "ces",
    "cette",
    "chaque",
    "chez",
    "comme",
    "comment",
    "contre",
    "d",
    "dans",
    "de",
    "decembre",
    "depuis",
    "des",
    "deux",
    "dimanche",
    "donc",
    "dont",
    "du",
    "elle",
    "elles",
    "en",
    "entre",
    "est",
    "et",
    "etait",
    "etre",
    "fevrier",
    "hier",
    "il",
    "ils",
    "janvier",
    "jeudi",
    "juillet",
    "juin",
    "l",
    "la",
    "le",
    "les",
    "leur",
    "leurs",
    "lors",
    "lui",
    "lundi",
    "mai",
    "mais",
    "mardi",
    "mars",
    "meme",
    "mercredi",
    "mois",
    "ne",
    "ni",
    "nos",
    "notre",
    "nous",
    "novembre",
    "octobre",
    "on",
    "ont",
    "or",
    "ou",
    "par",
    "parmi",
    "pas",
    "pendant",
    "plus",
    "pour",
    "pourtant",
    "puis",
    "qu",
    "quand",
    "que",
    "quel",
    "quelle",
    "qui",
    "s",
    "sa",
    "samedi",
    "sans",
    "se",
    "selon",
    "septembre",
    "ses",
    "si",
    "son",
    "sont",
    "sous",
    "sur",
    "tandis",
    "tous",
    "tout",
    "toute",
    "toutes",
    "tres",
    "un",
    "une",
    "union",
    "vendredi",
    "vers",
];

const DE: &[&str] = &[
    "ab",
    "aber",
    "alle",
    "als",
    "also",
    "am",
    "an",
    "april",
    "auch",
    "auf",
    "aus",
    "bei",
    "beide",
    "bis",
    "da",
    "dabei",
    "damit",
    "dann",
    "das",
    "dass",
    "dem",
    "den",
    "denn",
    "der",
    "des",
    "dezember",
    "die",
    "dienstag",
    "dies",
    "diese",
    "dieser",
    "doch",
    "donnerstag",
    "dort",
    "du",
    "durch",
    "ein",
    "eine",
    "einem",
    "einen",
    "einer",
    "es",
    "februar",
    "freitag",
    "fur",
    "gegen",
    "heute",
    "hier",
    "ich",
    "ihr",
    "ihre",
    "im",
    "in",
    "ist",
    "januar",
    "jedoch",
    "juli",
    "juni",
    "kein",
    "keine",
    "laut",
    "mai",
    "man",
    "marz",
    "mit",
    "mittwoch",
    "montag",
    "nach",
    "nachdem",
    "neben",
    "nicht",
    "noch",
    "november",
    "nun",
    "nur",
    "ob",
    "oder",
    "ohne",
    "oktober",
    "samstag",
    "schon",
    "sein",
    "seit",
    "september",
    "sich",
    "sie",
    "sind",
    "so",
    "sonntag",
    "sowie",
    "statt",
    "um",
    "und",
    "union",
    "uns",
    "unter",
    "vom",
    "von",
    "vor",
    "wahrend",
    "war",
    "waren",
    "was",
    "weil",
    "wenn",
    "wer",
    "wie",
    "wir",
    "wird",
    "wo",
    "zu",
    "zum",
    "zur",
];

const ES: &[&str] = &[
    "a",
    "abril",
    "agosto",
    "al",
    "ante",
    "aunque",
    "bajo",
    "como",
    "con",
    "contra",
    "cuando",
    "de",
    "del",
    "desde",
    "diciembre",
    "domingo",
    "donde",
    "durante",
    "el",
    "ella",
    "ellos",
    "en",
    "encuentra",
    "enero",
    "entre",
    "es",
    "esta",
    "este",
    "febrero",
    "hasta",
    "hoy",
    "jueves",
    "julio",
    "junio",
    "la",
    "las",
    "lo",
    "los",
    "lunes",
    "martes",
    "marzo",
    "mas",
    "mayo",
    "miercoles",
    "ni",
    "no",
    "noviembre",
    "o",
    "octubre",
    "para",
    "pero",
    "por",
    "que",
    "sabado",
    "se",
    "segun",
    "septiembre",
    "si",
    "sin",
    "sobre",
    "su",
    "sus",
    "tambien",
    "tras",
    "un",
    "una",
    "union",
    "viernes",
    "y",
    "ya",
];

fn list(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => EN,
        Lang::Fr => FR,
        Lang::De => DE,
        Lang::Es => ES,
    }
}

/// The table's bit for a person's title ([`titles`](crate::normalize::titles)),
/// above the language bits.
const TITLE_BIT: u8 = 1 << 7;

/// The table's bits of the languages.
const LANG_MASK: u8 = (1 << LANGS.len()) - 1;

/// Every listed word with a bit per language that lists it, and titles
/// with [`TITLE_BIT`]; and the longest entry's length.
fn table() -> &'static (FxHashMap<&'static str, u8>, usize) {
    static TABLE: OnceLock<(FxHashMap<&'static str, u8>, usize)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = FxHashMap::default();
        for (k, lang) in LANGS.iter().enumerate() {
            for w in list(*lang) {
                *t.entry(*w).or_insert(0) |= 1 << k;
            }
        }
        for w in crate::normalize::titles::TITLES {
            *t.entry(*w).or_insert(0) |= TITLE_BIT;
        }
        let longest = t.keys().map(|w| w.len()).max().unwrap_or(0);
        (t, longest)
    })
}

/// The table's bits for a folded token (0: not listed).
fn bits(folded: &str) -> u8 {
    let (table, longest) = table();
    if folded.len() > *longest {
        return 0;
    }
    table.get(folded).copied().unwrap_or(0)
}

fn bit(lang: Lang) -> u8 {
    1 << LANGS.iter().position(|l| *l == lang).unwrap_or(0)
}

/// Whether a folded token is a person's title or a common word of `lang`
/// (of any language when `lang` is `None`): one table lookup for both.
pub(crate) fn is_function_word(lang: Option<Lang>, folded: &str) -> bool {
    bits(folded) & (lang.map_or(LANG_MASK, bit) | TITLE_BIT) != 0
}

/// Whether a folded token is a person's title: [`titles::is_title`](crate::normalize::titles::is_title)
/// through the table.
pub(crate) fn is_title(folded: &str) -> bool {
    bits(folded) & TITLE_BIT != 0
}

/// Guesses the language of folded tokens by counting common words; `None`
/// when no list matches.
pub(crate) fn guess_language<'a>(tokens: impl Iterator<Item = &'a str>) -> Option<Lang> {
    let mut counts = [0usize; LANGS.len()];
    for t in tokens {
        let b = bits(t);
        for (k, n) in counts.iter_mut().enumerate() {
            *n += usize::from(b & (1 << k) != 0);
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(k, n)| (**n, usize::MAX - k))?;
    (*n > 0).then_some(LANGS[best])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_folded() {
        for lang in LANGS {
            let l = list(lang);
            assert!(l.windows(2).all(|w| w[0] < w[1]), "{lang:?} not sorted");
            for w in l {
                assert_eq!(crate::normalize::fold(w), *w, "{lang:?}: {w} is not folded");
            }
        }
    }

    #[test]
    fn function_words_are_common_words_of_the_language_and_titles() {
        assert!(is_function_word(Some(Lang::Fr), "les"));
        assert!(!is_function_word(Some(Lang::En), "les"));
        assert!(is_function_word(None, "les"));
        assert!(is_function_word(Some(Lang::En), "president"));
        assert!(is_function_word(Some(Lang::De), "herr"));
        assert!(!is_function_word(None, "minsk"));
        assert!(!is_function_word(None, "a-word-longer-than-any-entry"));
        assert!(is_title("m") && is_title("herr") && !is_title("les"));
    }

    #[test]
    fn guesses_language() {
        let g = |s: &str| guess_language(s.split(' '));
        assert_eq!(g("the sanctions of the union and the"), Some(Lang::En));
        assert_eq!(g("les sanctions de la liste et des"), Some(Lang::Fr));
        assert_eq!(g("die sanktionen der liste und auf"), Some(Lang::De));
        assert_eq!(g("xyz"), None);
    }
}
