//! Legal forms of organisations, folded to one token each.
//!
//! "Siemens Aktiengesellschaft" and "SIEMENS AG", "Acme Limited" and "ACME
//! LTD", "ООО Ромашка" and "Romashka LLC" write one legal form in several
//! ways. Before two names are compared, every variant in [`LEGAL_FORMS`] is
//! replaced by its canonical token, so the form pairs as an exact token and
//! the rest of the name decides.
//!
//! Variants are written as people write them; they are folded with
//! [`fold`](crate::normalize::fold) once, on first use, so they follow the
//! same normalisation as the names. A variant made only of single letters
//! ("S.A.", "B.V.", "L.L.C.") is recognised only at the end of a name, where
//! it cannot be a person's initials.

use crate::normalize;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Canonical token and the variants folded to it.
pub const LEGAL_FORMS: &[(&str, &[&str])] = &[
    ("ag", &["AG", "Aktiengesellschaft", "Aktien-Gesellschaft"]),
    (
        "gmbh",
        &[
            "GmbH",
            "Gesellschaft mit beschränkter Haftung",
            "Ges. m. b. H.",
            "Ges.m.b.H.",
        ],
    ),
    ("kg", &["KG", "Kommanditgesellschaft"]),
    ("ev", &["e.V.", "eingetragener Verein"]),
    ("ltd", &["Ltd", "Limited", "Ltd."]),
    ("plc", &["PLC", "Public Limited Company", "p.l.c."]),
    ("inc", &["Inc", "Incorporated", "Inc."]),
    ("corp", &["Corp", "Corporation", "Corp."]),
    ("co", &["Co", "Company", "Co."]),
    (
        "llc",
        &[
            "LLC",
            "L.L.C.",
            "Limited Liability Company",
            "OOO",
            "ООО",
            "Общество с ограниченной ответственностью",
            "Obshchestvo s Ogranichennoy Otvetstvennostyu",
            "TOV",
            "ТОВ",
            "Товариство з обмеженою відповідальністю",
            "TOO",
            "ТОО",
        ],
    ),
    ("llp", &["LLP", "L.L.P.", "Limited Liability Partnership"]),
    ("lp", &["LP", "L.P.", "Limited Partnership"]),
    (
        "jsc",
        &[
            "JSC",
            "Joint Stock Company",
            "Joint-Stock Company",
            "OJSC",
            "Open Joint Stock Company",
            "CJSC",
            "Closed Joint Stock Company",
            "PJSC",
            "Public Joint Stock Company",
            "AO",
            "АО",
            "OAO",
            "ОАО",
            "ZAO",
            "ЗАО",
            "PAO",
            "ПАО",
            "NAO",
            "НАО",
            "Акционерное общество",
            "Aktsionernoe Obshchestvo",
            "Открытое акционерное общество",
            "Закрытое акционерное общество",
            "Публичное акционерное общество",
        ],
    ),
    (
        "spzoo",
        &[
            "Sp. z o.o.",
            "Sp. z.o.o.",
            "Sp z oo",
            "Spółka z ograniczoną odpowiedzialnością",
        ],
    ),
    ("sa", &["SA", "S.A.", "Société anonyme", "Sociedad anónima"]),
    (
        "sarl",
        &[
            "SARL",
            "S.à r.l.",
            "S.A.R.L.",
            "Société à responsabilité limitée",
        ],
    ),
    ("sas", &["SAS", "S.A.S.", "Société par actions simplifiée"]),
    (
        "srl",
        &["SRL", "S.R.L.", "Società a responsabilità limitata"],
    ),
    ("spa", &["SpA", "S.p.A.", "Società per azioni"]),
    ("sl", &["S.L.", "Sociedad limitada"]),
    ("bv", &["BV", "B.V.", "Besloten vennootschap"]),
    ("nv", &["NV", "N.V.", "Naamloze vennootschap"]),
    ("ab", &["AB", "Aktiebolag", "Aktiebolaget"]),
    ("as", &["AS", "A/S", "Aksjeselskap", "Aktieselskab"]),
    ("kk", &["K.K.", "Kabushiki Kaisha", "Kabushiki-gaisha"]),
    ("sdnbhd", &["Sdn Bhd", "Sdn. Bhd.", "Sendirian Berhad"]),
    ("pvt", &["Pvt", "Private", "Pvt."]),
    ("pty", &["Pty", "Proprietary", "Pty."]),
];

/// One folded variant: its tokens and canonical token.
struct Variant {
    tokens: Vec<String>,
    canonical: &'static str,
    /// Made only of single letters: recognised only at the end of a name.
    initials_only: bool,
}

/// Variants by their first folded token, longest first.
fn table() -> &'static FxHashMap<String, Vec<Variant>> {
    static TABLE: OnceLock<FxHashMap<String, Vec<Variant>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: FxHashMap<String, Vec<Variant>> = FxHashMap::default();
        for &(canonical, variants) in LEGAL_FORMS {
            for v in variants {
                let folded = normalize::fold(v);
                let tokens: Vec<String> = normalize::tokens(&folded).map(String::from).collect();
                if tokens.is_empty() || (tokens.len() == 1 && tokens[0] == canonical) {
                    continue;
                }
                let initials_only = tokens.len() > 1 && tokens.iter().all(|t| t.len() == 1);
                let list = map.entry(tokens[0].clone()).or_default();
                if !list.iter().any(|x| x.tokens == tokens) {
                    list.push(Variant {
                        tokens,
                        canonical,
                        initials_only,
                    });
                }
            }
        }
        for list in map.values_mut() {
            list.sort_by_key(|b| std::cmp::Reverse(b.tokens.len()));
        }
        map
    })
}

/// Whether a folded token is a canonical legal form.
pub fn is_canonical(token: &str) -> bool {
    LEGAL_FORMS.iter().any(|(c, _)| *c == token)
}

/// Replaces every legal-form variant in `tokens` by its canonical token.
/// Returns the new tokens and the replacements made (`(as written,
/// canonical)`, both folded).
///
/// ```
/// use aka::compare::legal_forms::canonicalize;
/// let (toks, done) = canonicalize(&["siemens", "aktiengesellschaft"]);
/// assert_eq!(toks, ["siemens", "ag"]);
/// assert_eq!(done, [("aktiengesellschaft".to_string(), "ag")]);
/// let (toks, _) = canonicalize(&["acme", "sp", "z", "o", "o"]);
/// assert_eq!(toks, ["acme", "spzoo"]);
/// ```
pub fn canonicalize<'a>(tokens: &[&'a str]) -> (Vec<&'a str>, Vec<(String, &'static str)>) {
    let table = table();
    let mut out = Vec::with_capacity(tokens.len());
    let mut done = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let hit = table.get(tokens[i]).and_then(|list| {
            list.iter().find(|v| {
                let end = i + v.tokens.len();
                end <= tokens.len()
                    && (!v.initials_only || end == tokens.len())
                    && v.tokens.iter().zip(&tokens[i..end]).all(|(a, b)| a == b)
            })
        });
        match hit {
            Some(v) => {
                done.push((tokens[i..i + v.tokens.len()].join(" "), v.canonical));
                out.push(v.canonical);
                i += v.tokens.len();
            }
            None => {
                out.push(tokens[i]);
                i += 1;
            }
        }
    }
    (out, done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> Vec<String> {
        let folded = normalize::fold(s);
        let toks: Vec<&str> = normalize::tokens(&folded).collect();
        canonicalize(&toks)
            .0
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn variants_fold_to_one_token() {
        assert_eq!(canon("Siemens Aktiengesellschaft"), canon("SIEMENS AG"));
        assert_eq!(
            canon("Müller Gesellschaft mit beschränkter Haftung"),
            ["muller", "gmbh"]
        );
        assert_eq!(canon("Acme Limited"), canon("ACME LTD"));
        assert_eq!(canon("Acme Incorporated"), canon("Acme, Inc."));
        assert_eq!(canon("Acme Corporation"), canon("ACME CORP"));
        assert_eq!(canon("Acme Company"), canon("Acme Co."));
        assert_eq!(canon("Acme Sp. z o.o."), ["acme", "spzoo"]);
        assert_eq!(canon("Acme Société anonyme"), canon("ACME S.A."));
        assert_eq!(canon("ООО Ромашка"), ["llc", "romashka"]);
        assert_eq!(canon("OOO Romashka"), ["llc", "romashka"]);
        assert_eq!(canon("Romashka LLC"), ["romashka", "llc"]);
        for jsc in [
            "JSC Foo",
            "AO Foo",
            "ОАО Foo",
            "PAO Foo",
            "ПАО Foo",
            "PJSC Foo",
        ] {
            assert_eq!(canon(jsc), ["jsc", "foo"], "{jsc}");
        }
    }

    #[test]
    fn initials_only_at_the_end() {
        // "S. A. Smith" is a person's initials, "Smith S.A." a legal form.
        assert_eq!(canon("S. A. Smith"), ["s", "a", "smith"]);
        assert_eq!(canon("Smith S.A."), ["smith", "sa"]);
    }

    #[test]
    fn every_canonical_token_is_one_folded_token() {
        for (c, _) in LEGAL_FORMS {
            assert_eq!(normalize::fold(c), *c);
            assert!(is_canonical(c));
        }
    }
}
