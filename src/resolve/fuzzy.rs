//! Fuzzy token search over a deletion neighbourhood.
//!
//! The index stores, for every skeleton token of four letters or more, each
//! variant with one letter deleted (`lukasenko` → `ukasenko`, `lkasenko`, …).
//! Two tokens within one edit of each other share such a variant, or one is
//! the other with a letter deleted. So a query token is looked up as it is
//! and with one (or, for long tokens, two) letters deleted, each an exact
//! FST lookup, and every token found is checked by Damerau–Levenshtein
//! distance (optimal string alignment). This finds every token within one edit, and within two edits
//! all but the pairs that differ by two substitutions or two insertions in
//! the same token, in about a hundred exact lookups instead of a walk
//! through the whole automaton, which a distance-2 Levenshtein automaton
//! needs near the root. [`tokens_within_two`] is that walk, with the first
//! two letters fixed, for the resolver's last resort.

use crate::index::Index;
use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use std::sync::OnceLock;

/// Calls `found(value, edits)` with the `tokens` FST value of every index
/// token within `budget` edits of `token` that this search reaches (see the
/// module docs), each once, at most `cap` of them, the exact token first.
pub fn similar_tokens(
    index: &Index,
    token: &str,
    budget: u32,
    cap: usize,
    mut found: impl FnMut(u64, u32),
) {
    let mut seen: Vec<u64> = Vec::new();
    let mut emit = |value: u64, edits: u32, seen: &mut Vec<u64>| {
        if seen.len() < cap && !seen.contains(&value) {
            seen.push(value);
            found(value, edits);
        }
    };
    if let Some(v) = index.token_value(token) {
        emit(v, 0, &mut seen);
    }
    if budget == 0 || !token.is_ascii() {
        return;
    }
    // Index tokens with one letter more than the query.
    check_neighbours(index, token, token, budget, &mut seen, &mut emit);
    let mut one = String::with_capacity(token.len());
    let mut two = String::with_capacity(token.len());
    for i in 0..token.len() {
        delete_at(token, i, &mut one);
        // One letter less than the query.
        if let Some(v) = index.token_value(&one) {
            emit(v, 1, &mut seen);
        }
        // One substitution or transposition (or an insertion and a deletion).
        check_neighbours(index, &one, token, budget, &mut seen, &mut emit);
        if budget < 2 {
            continue;
        }
        for j in i..one.len() {
            delete_at(&one, j, &mut two);
            if let Some(v) = index.token_value(&two) {
                emit(v, 2, &mut seen);
            }
            check_neighbours(index, &two, token, budget, &mut seen, &mut emit);
        }
    }
}

/// Calls `found(value, edits)` for every index token that starts with the
/// same two letters as `token` and lies within two edits of it (a
/// transposition counting as one), at most `cap` of them: a
/// Levenshtein automaton walked over the `tokens` FST. It reaches the pairs
/// that [`similar_tokens`] misses (two substitutions, two letters missing)
/// at the cost of a walk through the automaton's neighbourhood, so the
/// resolver runs it last, for long tokens only.
pub fn tokens_within_two(index: &Index, token: &str, cap: usize, mut found: impl FnMut(u64, u32)) {
    static BUILDER: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let builder = BUILDER.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true));
    let dfa = Dfa(builder.build_dfa(token));
    let prefix = token.as_bytes().get(..FAR_PREFIX_LEN).unwrap_or_default();
    let mut n = 0;
    // Near the root every path is within two edits; fixing the first
    // letters (seldom the mistyped ones) keeps the walk short.
    index.tokens_accepted(&dfa, prefix, |key, value| {
        let edits = match dfa.0.eval(key) {
            Distance::Exact(d) => u32::from(d),
            Distance::AtLeast(_) => return true,
        };
        found(value, edits);
        n += 1;
        n < cap
    });
}

/// Letters at the start of a token that [`tokens_within_two`] takes as
/// written.
const FAR_PREFIX_LEN: usize = 2;

/// A Levenshtein DFA as an `fst` automaton.
struct Dfa(DFA);

impl fst::Automaton for &Dfa {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// Emits the index tokens that have `key` as a one-letter deletion and lie
/// within `budget` edits of `query`.
fn check_neighbours(
    index: &Index,
    key: &str,
    query: &str,
    budget: u32,
    seen: &mut Vec<u64>,
    emit: &mut impl FnMut(u64, u32, &mut Vec<u64>),
) {
    for number in index.deletion_neighbours(key).iter() {
        let Some((value, text)) = index.token_row_bytes(number) else {
            continue;
        };
        if seen.contains(&value) {
            continue;
        }
        if let Some(d) = super::distance::within_bytes(query.as_bytes(), text, budget) {
            emit(value, d, seen);
        }
    }
}

/// Writes `s` without its byte at `i` into `out` (ASCII input).
fn delete_at(s: &str, i: usize, out: &mut String) {
    out.clear();
    out.push_str(&s[..i]);
    out.push_str(&s[i + 1..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(index: &Index, token: &str, budget: u32) -> Vec<String> {
        let mut values = Vec::new();
        similar_tokens(index, token, budget, 1000, |v, _| values.push(v));
        let mut texts: Vec<String> = (0..)
            .map_while(|n| index.token_row(n))
            .filter(|(v, _)| values.contains(v))
            .map(|(_, t)| t.to_string())
            .collect();
        texts.sort();
        texts
    }

    #[test]
    fn finds_one_edit_of_every_kind() {
        let index = Index::embedded().unwrap();
        let mut sk = String::new();
        crate::normalize::skeleton_token("lukashenko", &mut sk);
        for typo in ["lukasenk", "lukasenkoo", "lukasenka", "ulkasenko"] {
            assert!(found(&index, typo, 1).contains(&sk), "{typo}");
        }
    }

    #[test]
    fn two_edits_only_with_budget_two() {
        let index = Index::embedded().unwrap();
        let mut sk = String::new();
        crate::normalize::skeleton_token("lukashenko", &mut sk);
        // Two extra letters, and one extra letter plus a substitution.
        for typo in ["lukkasennko", "lukassenkp"] {
            assert!(!found(&index, typo, 1).contains(&sk), "{typo}");
            assert!(found(&index, typo, 2).contains(&sk), "{typo}");
        }
    }

    #[test]
    fn automaton_reaches_two_substitutions_and_two_missing_letters() {
        let index = Index::embedded().unwrap();
        let mut sk = String::new();
        crate::normalize::skeleton_token("lukashenko", &mut sk);
        let far = |typo: &str| {
            let mut values = Vec::new();
            tokens_within_two(&index, typo, 1000, |v, d| values.push((v, d)));
            let texts: Vec<(String, u32)> = (0..)
                .map_while(|n| index.token_row(n))
                .filter_map(|(v, t)| {
                    let d = values.iter().find(|x| x.0 == v)?.1;
                    Some((t.to_string(), d))
                })
                .collect();
            texts
        };
        // Two substitutions, and two letters missing: out of reach of the
        // deletion neighbourhood, within reach of the automaton.
        for typo in ["lukasenpa", "lukasnk"] {
            assert!(!found(&index, typo, 2).contains(&sk), "{typo}");
            assert!(far(typo).contains(&(sk.clone(), 2)), "{typo}");
        }
        // The first two letters are fixed.
        assert!(!far("lkuasenpo").iter().any(|(t, _)| *t == sk));
    }
}
