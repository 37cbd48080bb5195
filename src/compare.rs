//! Pairwise comparison of two names, for record linkage.
//!
//! [`compare`] (or [`Resolver::compare`]) answers "do these two strings name
//! the same entity?" with a score in [0, 1], a match decision at
//! [`DEFAULT_MIN_SCORE`] and a reason. It uses the lookup's normalisation
//! and its one scoring function, [`score::score`], so a comparison score
//! means what a lookup score means:
//!
//! 1. Each side is folded ([`normalize::fold`]); leading titles are removed
//!    ([`titles::leading_titles`]); legal forms of organisations are folded
//!    to one token each ([`legal_forms`]: *Aktiengesellschaft* → `ag`,
//!    *Limited* → `ltd`, *ООО* → `llc`, …).
//! 2. A side written `LAST, First` is read with the part before the comma
//!    as the surname (the lookup's rule for `LAST, First` aliases), and also
//!    in the order `First LAST` ([`normalize::uncomma`]) for equality and
//!    whole-string edits; the better reading counts.
//! 3. Tokens weigh by rarity in the index, as in a lookup. The free function
//!    [`compare`] uses the embedded default index, opened once on first use;
//!    [`Resolver::compare`] uses the resolver's index. Legal forms weigh at
//!    most [`LEGAL_FORM_WEIGHT`]: they say little about which organisation
//!    is meant.
//! 4. The score is symmetric: `score::score` is run in both directions
//!    (left as the query and right as the alias, then the reverse) and the
//!    higher score counts, i.e. the score a lookup of either name would give
//!    the other. Whole-string edits ([`score::whole_string`]) count too, as
//!    in a lookup. So `compare(a, b)` and `compare(b, a)` are equal.
//! 5. Names that are equal after step 1 (in some reading) score 1;
//!    otherwise the score is at most 0.995, as in a lookup.

pub mod legal_forms;
mod pairs;
mod reason;

pub use pairs::{PairColumns, PairStats, compare_pairs};

use crate::normalize::script::typed_in_latin;
use crate::normalize::{self, titles};
use crate::resolve::score::{self, Token};
use crate::resolve::{DEFAULT_MIN_SCORE, Resolver};
use serde::Serialize;
use std::sync::OnceLock;

/// Highest weight of a legal-form token (an initial weighs 0.5).
pub const LEGAL_FORM_WEIGHT: f32 = 0.5;

/// The result of comparing two names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Similarity in [0, 1], rounded to three decimals (down, when
    /// rounding up would reach a minimum score that the similarity falls
    /// short of); 1 when the names are equal after normalisation.
    pub score: f64,
    /// Whether the similarity reaches the minimum score
    /// ([`DEFAULT_MIN_SCORE`] unless the resolver was built with another),
    /// as a lookup decides.
    pub matched: bool,
    /// Which tokens paired and how, what was removed or folded.
    pub reason: String,
}

/// Compares two names with the token weights of the embedded default index
/// (opened once, on first use) and [`DEFAULT_MIN_SCORE`].
///
/// ```
/// let c = aka::compare("Alexandre Loukachenko", "LUKASHENKO, Aleksandr Grigorevich");
/// assert!(c.matched, "{c:?}");
/// assert_eq!(c.score, aka::compare("LUKASHENKO, Aleksandr Grigorevich", "Alexandre Loukachenko").score);
/// assert!(!aka::compare("Jonas Zimmermann", "Klaus Zimmermann").matched);
/// assert_eq!(aka::compare("Siemens Aktiengesellschaft", "SIEMENS AG").score, 1.0);
/// ```
pub fn compare(left: &str, right: &str) -> Comparison {
    static EMBEDDED: OnceLock<Option<Resolver>> = OnceLock::new();
    let resolver = EMBEDDED.get_or_init(|| {
        crate::Index::embedded()
            .ok()
            .map(|i| Resolver::builder(i).build())
    });
    match resolver {
        Some(r) => r.compare(left, right),
        // The embedded index always opens; uniform weights otherwise.
        None => compare_with(left, right, DEFAULT_MIN_SCORE, &|s: &str| {
            if s.len() <= 1 { 0.5 } else { 1.0 }
        }),
    }
}

impl Resolver {
    /// Compares two names with this resolver's index for token rarity and
    /// its minimum score for the match decision; see [`compare`](crate::compare()).
    ///
    /// ```
    /// let r = aka::Resolver::builder(aka::Index::embedded()?).min_score(0.9).build();
    /// let c = r.compare("Acme Limited", "ACME LTD");
    /// assert!(c.matched && c.score == 1.0);
    /// # Ok::<(), aka::Error>(())
    /// ```
    pub fn compare(&self, left: &str, right: &str) -> Comparison {
        compare_with(left, right, self.min_score, &|s: &str| self.token_weight(s))
    }
}

/// One reading of a name: tokens, their folded text and the number of
/// leading surname tokens.
struct Reading {
    tokens: Vec<Token>,
    text: String,
    surname: usize,
}

impl Reading {
    fn new(tokens: Vec<Token>, surname: usize) -> Self {
        let text = tokens
            .iter()
            .map(|t| t.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Reading {
            tokens,
            text,
            surname,
        }
    }
}

/// A name prepared for comparison.
struct Prepared {
    /// As written, then (for `LAST, First`) as `First LAST`.
    readings: Vec<Reading>,
    titles: Vec<String>,
    legal: Vec<(String, &'static str)>,
    /// Whether the name is written in Latin letters
    /// ([`typed_in_latin`]).
    typed: bool,
}

fn prepare(raw: &str, weight: &dyn Fn(&str) -> f32) -> Prepared {
    let mut titles_removed = Vec::new();
    let mut legal = Vec::new();
    // The parts of the name: before and after a comma, or the whole.
    let parts: Vec<String> = match normalize::uncomma(raw) {
        Some(_) => {
            let (last, first) = raw.split_once(',').unwrap_or((raw, ""));
            vec![normalize::fold(last), normalize::fold(first)]
        }
        None => vec![normalize::fold(raw)],
    };
    let typed = typed_in_latin(raw);
    let mut canon: Vec<Vec<Token>> = Vec::with_capacity(parts.len());
    for folded in &parts {
        let all: Vec<&str> = normalize::tokens(folded).collect();
        let skip = titles::leading_titles(&all);
        titles_removed.extend(all[..skip].iter().map(|t| t.to_string()));
        let (toks, done) = legal_forms::canonicalize(&all[skip..]);
        legal.extend(done);
        canon.push(
            toks.into_iter()
                .take(32)
                .map(|t| {
                    let mut skeleton = String::with_capacity(t.len());
                    normalize::skeleton_token(t, &mut skeleton);
                    let mut w = weight(&skeleton);
                    if legal_forms::is_canonical(t) {
                        w = w.min(LEGAL_FORM_WEIGHT);
                    }
                    Token {
                        folded: t.to_string(),
                        skeleton,
                        weight: w,
                        typed,
                        generic: false,
                    }
                })
                .collect(),
        );
    }
    let written: Vec<Token> = canon.iter().flatten().cloned().collect();
    let mut readings = Vec::with_capacity(2);
    if canon.len() == 2 && !canon[0].is_empty() && !canon[1].is_empty() {
        // `LAST, First`: surname first, as aliases store it; and `First LAST`.
        let surname = canon[0].len();
        let uncomma: Vec<Token> = canon[1].iter().chain(&canon[0]).cloned().collect();
        readings.push(Reading::new(written, surname));
        readings.push(Reading::new(uncomma, 0));
    } else {
        readings.push(Reading::new(written, 0));
    }
    Prepared {
        readings,
        titles: titles_removed,
        legal,
        typed,
    }
}

/// Compares with a given token weight function and threshold.
fn compare_with(
    left: &str,
    right: &str,
    min_score: f64,
    weight: &dyn Fn(&str) -> f32,
) -> Comparison {
    let l = prepare(left, weight);
    let r = prepare(right, weight);
    let mut notes = Vec::new();
    for (side, p) in [("left", &l), ("right", &r)] {
        if !p.titles.is_empty() {
            notes.push(format!("{side} title '{}' removed", p.titles.join(" ")));
        }
        for (from, to) in &p.legal {
            notes.push(format!("{side} legal form '{from}' as '{to}'"));
        }
        if p.readings.len() == 2 {
            let sur: Vec<&str> = p.readings[0].tokens[..p.readings[0].surname]
                .iter()
                .map(|t| t.folded.as_str())
                .collect();
            notes.push(format!("{side} surname '{}'", sur.join(" ")));
        }
    }
    if l.readings[0].text.is_empty() || r.readings[0].text.is_empty() {
        return Comparison {
            score: 0.0,
            matched: false,
            reason: "empty name".to_string(),
        };
    }
    // Equal in some reading: a lookup finds `LAST, First` aliases exactly
    // under `First LAST` too.
    let equal = l
        .readings
        .iter()
        .any(|a| r.readings.iter().any(|b| a.text == b.text));
    if equal {
        let mut reason = "equal after normalisation".to_string();
        if !notes.is_empty() {
            reason.push_str("; ");
            reason.push_str(&notes.join("; "));
        }
        return Comparison {
            score: 1.0,
            matched: 1.0 >= min_score,
            reason,
        };
    }
    // Token scores in both directions. Token pairing ignores order, and a
    // known surname only adds credit, so the written reading (with its
    // surname) stands for both readings of a `LAST, First` side.
    let (lw, rw) = (&l.readings[0], &r.readings[0]);
    let (forward, forward_pairs) = score::score_with_pairs(&lw.tokens, &rw.tokens, rw.surname);
    let (backward, backward_pairs) = score::score_with_pairs(&rw.tokens, &lw.tokens, lw.surname);
    let (forward, backward) = (forward.score, backward.score);
    let mut best = (forward.max(backward), 0usize, 0usize, None);
    // Whole-string edits (typos across token boundaries) depend on order:
    // every pair of readings, as a lookup tries `LAST, First` both ways.
    for (i, lr) in l.readings.iter().enumerate() {
        for (j, rr) in r.readings.iter().enumerate() {
            // Each side as the query in turn: a slip of the typing hand
            // costs less in the side that was typed.
            let there = score::whole_string(&lr.text, &rr.text, l.typed);
            let back = score::whole_string(&rr.text, &lr.text, r.typed);
            for whole in there.into_iter().chain(back) {
                if whole.score > best.0 {
                    best = (whole.score, i, j, Some(whole.edits));
                }
            }
        }
    }
    let unrounded = f64::from(best.0.clamp(0.0, 0.995));
    // Decided as a lookup decides, on the score before rounding: a score
    // just short of the threshold does not reach it by rounding up.
    let matched = unrounded >= min_score;
    let s = (unrounded * 1000.0).round() / 1000.0;
    let s = if !matched && s >= min_score {
        (unrounded * 1000.0).floor() / 1000.0
    } else {
        s
    };
    let (lr, rr) = (&l.readings[best.1], &r.readings[best.2]);
    let mut reason = match best.3 {
        Some(edits) => format!(
            "whole names '{}'~'{}' ({edits} edit{})",
            lr.text,
            rr.text,
            if edits == 1 { "" } else { "s" }
        ),
        // The reading at index 0 is the one the token scores used.
        None if forward >= backward => {
            reason::describe_pairs(&lw.tokens, &rw.tokens, &forward_pairs)
        }
        None => reason::describe_pairs(&lw.tokens, &rw.tokens, &swapped(&backward_pairs)),
    };
    if !notes.is_empty() {
        reason.push_str("; ");
        reason.push_str(&notes.join("; "));
    }
    Comparison {
        score: s,
        matched,
        reason,
    }
}

/// Pairs seen from the other side.
fn swapped(pairs: &[score::Pair]) -> Vec<score::Pair> {
    pairs
        .iter()
        .map(|p| score::Pair {
            query: p.alias.clone(),
            alias: p.query.clone(),
            ..p.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_weights_still_compare() {
        let w = |s: &str| if s.len() <= 1 { 0.5 } else { 1.0 };
        let c = compare_with("Alexander Lukashenko", "LUKASHENKO, Alexander", 0.75, &w);
        assert_eq!(c.score, 1.0, "{c:?}");
        let c = compare_with("Jonas Zimmermann", "Klaus Zimmermann", 0.75, &w);
        assert!(!c.matched, "{c:?}");
    }

    #[test]
    fn empty_names_do_not_match() {
        assert!(!compare("", "Minsk").matched);
        assert!(!compare("...", "...").matched);
    }

    #[test]
    fn reason_names_pairs_titles_and_legal_forms() {
        let c = compare(
            "Mr Alexandre Loukachenko",
            "LUKASHENKO, Aleksandr Grigorevich",
        );
        assert!(
            c.reason.contains("loukachenko~lukashenko (spelling"),
            "{}",
            c.reason
        );
        assert!(c.reason.contains("left title 'mr' removed"), "{}", c.reason);
        assert!(
            c.reason.contains("unpaired right grigorevich"),
            "{}",
            c.reason
        );
        assert!(
            c.reason.contains("right surname 'lukashenko'"),
            "{}",
            c.reason
        );
        // Tokens written as one are reported as the scorer paired them.
        let c = compare("Abdulrahman Ali", "ALI, Abdul Rahman");
        assert!(
            c.reason
                .contains("abdulrahman~abdul rahman (written as one, 0.95)"),
            "{}",
            c.reason
        );
        assert!(!c.reason.contains("unpaired"), "{}", c.reason);
        let c = compare("Siemens Aktiengesellschaft", "SIEMENS AG");
        assert!(
            c.reason.contains("'aktiengesellschaft' as 'ag'"),
            "{}",
            c.reason
        );
    }
}
