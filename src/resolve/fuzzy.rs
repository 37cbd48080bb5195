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
//! two letters fixed and one column of the alignment table per key byte, for
//! the resolver's last resort.

use super::distance;
use super::score::edit_budget;
use crate::index::Index;

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

/// Calls `found(value)` with the `tokens` FST value of every index token
/// that is the skeleton of the written `token` with one letter dropped. A
/// letter typed too many can break a skeleton rule ("ciotia" reads
/// `siotia`, its c before an i, while "cotia" reads `kotia`), so the
/// skeleton's own search cannot reach the name. ASCII tokens only.
pub fn skeletons_with_a_letter_dropped(index: &Index, token: &str, mut found: impl FnMut(u64)) {
    if !token.is_ascii() {
        return;
    }
    let (mut dropped, mut skeleton) = (String::new(), String::new());
    for i in 0..token.len() {
        delete_at(token, i, &mut dropped);
        skeleton.clear();
        crate::normalize::skeleton_token(&dropped, &mut skeleton);
        if let Some(v) = index.token_value(&skeleton) {
            found(v);
        }
    }
}

/// Calls `found(value)` with the `tokens` FST value of index tokens within
/// one edit of the skeleton of the written `token` once one slip is
/// repaired: a letter dropped, or two neighbours swapped. Two kinds of
/// token within two slips are out of reach of [`tokens_within_two`]:
///
/// - one whose first two letters differ from the query's, which that walk
///   takes as written ("biaturhman" for Baiturahman, a and i swapped and
///   an a missing): every repair among the first letters is searched;
/// - one whose skeleton is three edits away because a slip broke a
///   skeleton rule ("gumhmerzbakh" reads `gumhmerzbah`, its `h` keeping
///   `mm` apart, while "gummerzbakh" reads `gumerzbah`): a repair further
///   on is searched when its skeleton is two edits or more from the
///   token's own, as nearer ones reach nothing that walk does not.
///
/// At most `cap` values; ASCII tokens only.
pub fn skeletons_near_a_repair(index: &Index, token: &str, cap: usize, mut found: impl FnMut(u64)) {
    if !token.is_ascii() || token.len() < 2 {
        return;
    }
    // One token, no spaces: its skeleton key is its skeleton.
    let skeleton_of = crate::normalize::skeleton_key;
    let own = skeleton_of(token);
    let mut repairs: Vec<String> = Vec::new();
    let mut add = |written: &str, at_start: bool| {
        let skeleton = skeleton_of(written);
        let out_of_reach = if at_start {
            skeleton != own
        } else {
            distance::within(&skeleton, &own, 1).is_none()
        };
        if out_of_reach && !repairs.contains(&skeleton) {
            repairs.push(skeleton);
        }
    };
    let mut written = String::with_capacity(token.len());
    for i in 0..token.len() {
        delete_at(token, i, &mut written);
        add(&written, i < FAR_PREFIX_LEN);
    }
    let mut swapped = token.as_bytes().to_vec();
    for i in 1..swapped.len() {
        if swapped[i - 1] != swapped[i] {
            swapped.swap(i - 1, i);
            // Swapping two ASCII bytes leaves ASCII.
            let written = std::str::from_utf8(&swapped).unwrap_or_default();
            add(written, i <= FAR_PREFIX_LEN);
            swapped.swap(i - 1, i);
        }
    }
    let mut n = 0;
    for skeleton in &repairs {
        let budget = edit_budget(skeleton.len()).min(1);
        similar_tokens(index, skeleton, budget, cap, |v, _| {
            if n < cap {
                n += 1;
                found(v);
            }
        });
    }
}

/// Calls `found(value, edits)` for every index token that starts with the
/// same two letters as `token` and lies within two edits of it (optimal
/// string alignment: a transposition counts as one), in key order, at most
/// `cap` of them. It reaches the pairs that [`similar_tokens`] misses (two
/// substitutions, two letters missing) at the cost of a walk through the
/// `tokens` FST, so the resolver runs it last, for long tokens only. A
/// token of one letter has that letter fixed; a token of more than 64
/// bytes (no name has one) finds nothing.
///
/// The walk carries one column of the alignment table per key byte, as bit
/// vectors (a few word operations per byte, whatever the token's length),
/// and leaves a branch as soon as no query prefix is within two edits of
/// the key so far. A Levenshtein automaton (`levenshtein_automata`) walks
/// the same branches, but building its DFA for each query token took 30%
/// of this stage's instructions; this walk needs no build and takes a third
/// fewer instructions in all.
pub fn tokens_within_two(index: &Index, token: &str, cap: usize, found: impl FnMut(u64, u32)) {
    let query = token.as_bytes();
    let prefix = &query[..query.len().min(FAR_PREFIX_LEN)];
    walk_within_two(index, query, prefix, cap, found);
}

/// The walk of [`tokens_within_two`], the key's first letters fixed to
/// `prefix` while the alignment is with the whole `query`.
fn walk_within_two(
    index: &Index,
    query: &[u8],
    prefix: &[u8],
    cap: usize,
    mut found: impl FnMut(u64, u32),
) {
    if cap == 0 {
        return;
    }
    let fst = index.tokens_fst();
    let Some(mut walk) = Walk::new(query) else {
        return;
    };
    // Near the root every path is within two edits; fixing the first
    // letters (seldom the mistyped ones) keeps the walk short.
    let mut node = fst.root();
    let mut output = fst::raw::Output::zero();
    for &b in prefix {
        let Some(i) = node.find_input(b) else {
            return;
        };
        let t = node.transition(i);
        output = output.cat(t.out);
        node = fst.node(t.addr);
        if !walk.descend(b) {
            return;
        }
    }
    let mut n = 0;
    if node.is_final() {
        if let Some(edits) = walk.edits() {
            found(output.cat(node.final_output()).value(), edits);
            n += 1;
        }
    }
    // Depth-first, transitions in byte order, so keys come in key order.
    // Each frame: a node, its next transition, the output up to it.
    let mut stack = vec![(node, 0usize, output)];
    while n < cap {
        let Some((node, next, output)) = stack.last_mut() else {
            break;
        };
        if *next == node.len() {
            stack.pop();
            walk.ascend();
            continue;
        }
        let t = node.transition(*next);
        *next += 1;
        if !walk.descend(t.inp) {
            continue;
        }
        let child = fst.node(t.addr);
        let output = output.cat(t.out);
        if child.is_final() {
            if let Some(edits) = walk.edits() {
                found(output.cat(child.final_output()).value(), edits);
                n += 1;
            }
        }
        stack.push((child, 0, output));
    }
}

/// Letters at the start of a token that [`tokens_within_two`] takes as
/// written.
const FAR_PREFIX_LEN: usize = 2;

/// Most edits [`tokens_within_two`] reaches.
const WALK_EDITS: u32 = 2;

/// One column of the alignment table between the query (down) and the key
/// walked so far (across), as Hyyrö's bit vectors (see
/// [`distance`]): bit j of `vp` / `vn` says that the
/// column rises / falls by one from query length j to j + 1.
#[derive(Clone, Copy)]
struct Column {
    vp: u64,
    vn: u64,
    /// Diagonal zero-steps of the last byte, for transpositions.
    d0: u64,
    /// Query positions that held the last key byte.
    previous: u64,
    /// The distance of the key so far to the whole query.
    distance: u32,
}

/// The state of a walk down the FST: one column per key byte, the empty
/// key's first.
struct Walk {
    /// For each byte value, the query positions that hold it.
    positions: [u64; 256],
    len: u32,
    columns: Vec<Column>,
}

impl Walk {
    /// A walk for `query`, or `None` when it is empty or longer than a
    /// machine word.
    fn new(query: &[u8]) -> Option<Walk> {
        if query.is_empty() || query.len() > 64 {
            return None;
        }
        let mut positions = [0u64; 256];
        for (i, &c) in query.iter().enumerate() {
            positions[usize::from(c)] |= 1 << i;
        }
        let empty_key = Column {
            vp: !0,
            vn: 0,
            d0: 0,
            previous: 0,
            distance: query.len() as u32,
        };
        Some(Walk {
            positions,
            len: query.len() as u32,
            columns: vec![empty_key],
        })
    }

    /// Extends the key by `b` when some query prefix is still within
    /// [`WALK_EDITS`] of it (if none is, no longer key can be) and says
    /// whether it did.
    fn descend(&mut self, b: u8) -> bool {
        let Some(&c) = self.columns.last() else {
            return false;
        };
        let matches = self.positions[usize::from(b)];
        // The recurrence of `distance::osa_with_table`, one key byte.
        let transposed = ((!c.d0 & matches) << 1) & c.previous;
        let d0 = ((matches & c.vp).wrapping_add(c.vp) ^ c.vp) | matches | c.vn | transposed;
        let hp = c.vn | !(d0 | c.vp);
        let hn = d0 & c.vp;
        let last = 1u64 << (self.len - 1);
        let distance = c.distance + u32::from(hp & last != 0) - u32::from(hn & last != 0);
        let hp = (hp << 1) | 1;
        let hn = hn << 1;
        let next = Column {
            vp: hn | !(d0 | hp),
            vn: hp & d0,
            d0,
            previous: matches,
            distance,
        };
        let key_len = self.columns.len() as u32;
        if !within_reach(&next, key_len, self.len) {
            return false;
        }
        self.columns.push(next);
        true
    }

    /// Undoes the last successful [`descend`](Walk::descend).
    fn ascend(&mut self) {
        self.columns.pop();
    }

    /// The distance of the key so far to the whole query, if within reach.
    fn edits(&self) -> Option<u32> {
        let d = self.columns.last()?.distance;
        (d <= WALK_EDITS).then_some(d)
    }
}

/// Whether some cell of `column` (key length `key_len`, query length
/// `len`) is within [`WALK_EDITS`]. Cell j is `key_len` plus the rises
/// less the falls below j, and at least |key_len − j|, so only the cells
/// within two of the diagonal are read.
fn within_reach(column: &Column, key_len: u32, len: u32) -> bool {
    let from = key_len.saturating_sub(WALK_EDITS);
    let to = (key_len + WALK_EDITS).min(len);
    if from > to {
        return false;
    }
    let below = |j: u32| if j >= 64 { !0 } else { (1u64 << j) - 1 };
    let mut cell = (key_len + (column.vp & below(from)).count_ones()) as i64
        - i64::from((column.vn & below(from)).count_ones());
    for j in from..=to {
        if cell <= i64::from(WALK_EDITS) {
            return true;
        }
        if j < to {
            cell += i64::from((column.vp >> j) & 1 != 0) - i64::from((column.vn >> j) & 1 != 0);
        }
    }
    false
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
        texts_of(index, &values)
    }

    /// The index tokens with these `tokens` FST values, sorted.
    fn texts_of(index: &Index, values: &[u64]) -> Vec<String> {
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

    /// The `tokens` FST value of the skeleton of `written`, a token of
    /// the default table.
    fn value_of(index: &Index, written: &str) -> u64 {
        let mut sk = String::new();
        crate::normalize::skeleton_token(written, &mut sk);
        index
            .token_value(&sk)
            .expect("a token of the default table")
    }

    #[test]
    fn a_letter_typed_too_many_is_dropped_before_the_skeleton_is_read() {
        let index = Index::embedded().unwrap();
        // "ciotia" reads `siotia`, two edits from `kotia`: only dropping
        // its i before reading the skeleton reaches Cotia.
        let mut values = Vec::new();
        skeletons_with_a_letter_dropped(&index, "ciotia", |v| values.push(v));
        assert!(values.contains(&value_of(&index, "cotia")));
        let near = found(&index, "siotia", 1);
        assert!(!near.contains(&"kotia".to_string()), "{near:?}");
        // Only tokens of the table, and nothing for other scripts.
        values.clear();
        skeletons_with_a_letter_dropped(&index, "zqvfzqvf", |v| values.push(v));
        skeletons_with_a_letter_dropped(&index, "москва", |v| values.push(v));
        assert!(values.is_empty());
    }

    #[test]
    fn a_slip_that_breaks_a_skeleton_rule_is_repaired_before_the_search() {
        let index = Index::embedded().unwrap();
        // "cembernauld" reads `sembernauld` (a `c` before an `e`), out of
        // the walk's reach of `kumbernauld`; dropping its `e` reads
        // `kmbernauld`, one edit away.
        let mut values = Vec::new();
        skeletons_near_a_repair(&index, "cembernauld", 200, |v| values.push(v));
        assert!(values.contains(&value_of(&index, "cumbernauld")));
        let mut walked = Vec::new();
        tokens_within_two(&index, "sembernauld", 200, |v, _| walked.push(v));
        assert!(!walked.contains(&value_of(&index, "cumbernauld")));
        // Two neighbours swapped: "kahmeninna" reads `kahmenina`, while
        // "khameninna" reads `hamenina`, one edit from `hamenlina`.
        values.clear();
        skeletons_near_a_repair(&index, "kahmeninna", 200, |v| values.push(v));
        assert!(values.contains(&value_of(&index, "khamenlinna")));
        // Nothing for other scripts, and at most `cap` values.
        values.clear();
        skeletons_near_a_repair(&index, "москва", 200, |v| values.push(v));
        assert!(values.is_empty());
        skeletons_near_a_repair(&index, "cembernauld", 1, |v| values.push(v));
        assert_eq!(values.len(), 1);
    }

    #[test]
    fn a_swap_among_the_first_letters_is_repaired_before_the_search() {
        let index = Index::embedded().unwrap();
        // From baiturahman: "biaturhman", a and i swapped and an a
        // missing; "abiturahmn", b and a swapped and an a missing. The
        // walk takes the first two letters as written.
        for typo in ["biaturhman", "abiturahmn"] {
            let mut walked = Vec::new();
            tokens_within_two(&index, typo, 1000, |v, _| walked.push(v));
            assert!(!walked.contains(&value_of(&index, "baiturahman")), "{typo}");
            let mut repaired = Vec::new();
            skeletons_near_a_repair(&index, typo, 1000, |v| repaired.push(v));
            assert!(
                repaired.contains(&value_of(&index, "baiturahman")),
                "{typo}"
            );
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
    fn the_walk_reaches_two_substitutions_and_two_missing_letters() {
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
        // deletion neighbourhood, within reach of the walk.
        for typo in ["lukasenpa", "lukasnk"] {
            assert!(!found(&index, typo, 2).contains(&sk), "{typo}");
            assert!(far(typo).contains(&(sk.clone(), 2)), "{typo}");
        }
        // The first two letters are fixed.
        assert!(!far("lkuasenpo").iter().any(|(t, _)| *t == sk));
    }

    #[test]
    fn the_walk_finds_exactly_the_tokens_within_two_edits() {
        let index = Index::embedded().unwrap();
        let tokens: Vec<(u64, String)> = (0..)
            .map_while(|n| index.token_row(n))
            .map(|(v, t)| (v, t.to_string()))
            .collect();
        let queries = [
            "lukasenpa",
            "lukasnk",
            "iohanasbirg",
            "abdulrahman",
            "mkhamad",
            "ab",
            "a",
            "zzzzzzzzzz",
            "semeiuss",
            "alksandrovic",
        ];
        for query in queries {
            let mut got = Vec::new();
            tokens_within_two(&index, query, usize::MAX, |v, d| got.push((v, d)));
            // Every token under the same first two letters, by brute force,
            // in key order as the walk gives them.
            let prefix = &query.as_bytes()[..query.len().min(FAR_PREFIX_LEN)];
            let want: Vec<(u64, u32)> = tokens
                .iter()
                .filter(|(_, t)| t.as_bytes().starts_with(prefix))
                .filter_map(|(v, t)| {
                    let d = strsim::osa_distance(query, t) as u32;
                    (d <= 2).then_some((*v, d))
                })
                .collect();
            assert_eq!(got, want, "{query}");
        }
        // The cap stops the walk.
        let mut n = 0;
        tokens_within_two(&index, "lukasenpa", 1, |_, _| n += 1);
        assert_eq!(n, 1);
    }
}
