//! Titles and honorifics that may stand in front of a name.
//!
//! Queries such as `M. Loukachenko`, `President Lukashenko`, `Herr
//! Lukaschenko` or `господин Лукашенко` carry a title that no alias has. The
//! resolver strips leading titles (never the last token, so `General` alone
//! is still looked up as a name) after trying the query as it is, so that an
//! organisation called "General Trading" still matches exactly.

/// Folded titles in English, French, German, Spanish, Italian, Portuguese,
/// Polish, Russian (transliterated), Arabic and military or religious usage.
/// Sorted, so lookup is a binary search.
pub(crate) const TITLES: &[&str] = &[
    "admiral",
    "amb",
    "ambassador",
    "ayatollah",
    "brig",
    "brigadier",
    "capt",
    "captain",
    "chairman",
    "cheikh",
    "col",
    "colonel",
    "commander",
    "cpt",
    "deputy",
    "doctor",
    "doktor",
    "don",
    "dona",
    "dott",
    "dr",
    "dra",
    "emir",
    "eng",
    "engineer",
    "excellency",
    "frau",
    "gen",
    "general",
    "gospodin",
    "gospozha",
    "governor",
    "hajj",
    "hajji",
    "herr",
    "his",
    "hon",
    "honorable",
    "honourable",
    "imam",
    "ing",
    "judge",
    "king",
    "lady",
    "lieutenant",
    "lord",
    "lt",
    "m",
    "madame",
    "mademoiselle",
    "maj",
    "major",
    "marshal",
    "maulana",
    "mawlawi",
    "mayor",
    "me",
    "minister",
    "miss",
    "mlle",
    "mme",
    "monsieur",
    "mr",
    "mrs",
    "ms",
    "mufti",
    "mullah",
    "pan",
    "pani",
    "premier",
    "president",
    "presidente",
    "prezident",
    "prime",
    "prince",
    "princess",
    "prof",
    "professor",
    "queen",
    "rabbi",
    "rev",
    "reverend",
    "sayyid",
    "sen",
    "senator",
    "senor",
    "senora",
    "senorita",
    "sgt",
    "shaikh",
    "shaykh",
    "sheik",
    "sheikh",
    "sig",
    "signor",
    "signora",
    "sir",
    "sr",
    "sra",
    "srta",
    "the",
    "tovarishch",
];

/// Whether a folded token is a title or honorific.
///
/// ```
/// use aka::normalize::titles::is_title;
/// assert!(is_title("herr"));
/// assert!(is_title("m"));
/// assert!(!is_title("minsk"));
/// ```
pub fn is_title(folded_token: &str) -> bool {
    TITLES.binary_search(&folded_token).is_ok()
}

/// The number of leading tokens that are titles, keeping at least one token.
///
/// ```
/// use aka::normalize::titles::leading_titles;
/// assert_eq!(leading_titles(&["president", "lukashenko"]), 1);
/// assert_eq!(leading_titles(&["general"]), 0);
/// ```
pub fn leading_titles(tokens: &[&str]) -> usize {
    let n = tokens.iter().take_while(|t| is_title(t)).count();
    n.min(tokens.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(TITLES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn titles_in_several_languages() {
        for t in [
            "mr",
            "president",
            "herr",
            "monsieur",
            "gospodin",
            "sheikh",
            "senor",
        ] {
            assert!(is_title(t), "{t}");
        }
        // Folded Cyrillic господин.
        assert!(is_title(&crate::normalize::fold("господин")));
    }

    #[test]
    fn keeps_the_last_token() {
        assert_eq!(leading_titles(&["mr", "dr"]), 1);
        assert_eq!(leading_titles(&[]), 0);
    }
}
