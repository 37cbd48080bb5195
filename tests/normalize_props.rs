//! Properties of the normaliser and the resolver on arbitrary input.

use aka::normalize::{fold, skeleton_key};
use aka::{Index, Resolver};
use proptest::prelude::*;
use std::sync::OnceLock;

fn resolver() -> &'static Resolver {
    static RESOLVER: OnceLock<Resolver> = OnceLock::new();
    RESOLVER.get_or_init(|| {
        Resolver::builder(Index::embedded().expect("embedded index"))
            .top_k(5)
            .min_score(0.0)
            .build()
    })
}

fn is_folded(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
}

/// Name-like text: Latin with diacritics, Cyrillic, Greek, punctuation.
const NAMEISH: &str = "[A-Za-zÀ-ÿŁłА-яЁёΑ-ω ,.'’-]{0,40}";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fold_output_is_canonical(s in any::<String>()) {
        let f = fold(&s);
        prop_assert!(is_folded(&f), "fold({:?}) = {:?}", s, f);
    }

    #[test]
    fn fold_output_is_canonical_on_names(s in NAMEISH) {
        let f = fold(&s);
        prop_assert!(is_folded(&f), "fold({:?}) = {:?}", s, f);
    }

    #[test]
    fn fold_is_idempotent(s in any::<String>()) {
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f);
    }

    #[test]
    fn fold_is_idempotent_on_names(s in NAMEISH) {
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f);
    }

    #[test]
    fn fold_ignores_ascii_case(s in "[ -~]{0,60}") {
        prop_assert_eq!(fold(&s.to_uppercase()), fold(&s));
        prop_assert_eq!(fold(&s.to_lowercase()), fold(&s));
    }

    #[test]
    fn fold_into_matches_fold(s in any::<String>(), junk in any::<String>()) {
        let mut buf = junk;
        aka::normalize::fold_into(&s, &mut buf);
        prop_assert_eq!(buf, fold(&s));
    }

    #[test]
    fn skeleton_key_of_folded_is_ascii(s in any::<String>()) {
        let k = skeleton_key(&fold(&s));
        prop_assert!(k.is_ascii(), "skeleton_key(fold({:?})) = {:?}", s, k);
    }

    #[test]
    fn skeleton_key_of_folded_names_is_ascii(s in NAMEISH) {
        let k = skeleton_key(&fold(&s));
        prop_assert!(k.is_ascii(), "skeleton_key(fold({:?})) = {:?}", s, k);
    }
}

fn check_matches(q: &str) -> Result<(), TestCaseError> {
    let matches = resolver().resolve(q);
    prop_assert!(matches.len() <= 5, "{} matches for {:?}", matches.len(), q);
    for m in &matches {
        prop_assert!(
            (0.0..=1.0).contains(&m.score),
            "score {} for {:?} -> {}",
            m.score,
            q,
            m.id
        );
    }
    // Best first; a country leads a place that scores at most
    // COUNTRY_MARGIN more (scores are rounded to three decimals).
    let margin = f64::from(aka::resolve::COUNTRY_MARGIN) + 1e-3;
    prop_assert!(
        matches.windows(2).all(|w| w[0].score >= w[1].score
            || w[0].kind == "country" && w[1].score - w[0].score <= margin),
        "not best first for {:?}",
        q
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn resolver_never_panics_and_scores_in_unit_range(s in any::<String>()) {
        check_matches(&s)?;
    }

    #[test]
    fn resolver_on_name_like_text(s in NAMEISH) {
        check_matches(&s)?;
    }

    #[test]
    fn resolver_on_typos_of_a_known_name(
        pos in 0usize..11,
        ch in proptest::char::range('a', 'z'),
        op in 0u8..3,
    ) {
        let mut name: Vec<char> = "Lukashenka Alexander".chars().collect();
        let pos = pos.min(name.len() - 1);
        match op {
            0 => { name.remove(pos); }
            1 => name.insert(pos, ch),
            _ => name[pos] = ch,
        }
        let q: String = name.into_iter().collect();
        check_matches(&q)?;
    }
}
