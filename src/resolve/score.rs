//! Scores one query against one alias, token by token.
//!
//! Every candidate, whatever stage found it, is scored here, so a score
//! means the same thing whichever way the alias was reached:
//!
//! 1. Each query token is paired with at most one alias token, best pairs
//!    first. Two tokens are similar when their folded forms are equal (1.0),
//!    their skeletons are equal (0.93), one is the initial of the other
//!    (0.9), or their skeletons or folded forms are within the edit budget
//!    of the shorter one (0.9 falling with the share of edited letters), or
//!    they share a first five letters or more and differ in endings of at
//!    most three ("Rosarijas" / "Rosario", "Georgien" / "Georgia": 0.8). A
//!    token one edit beyond the budget still pairs, for 0.1 less, when the
//!    rest of the name vouches for it: every other token paired, in the
//!    same order ("Ivory Casf" / "Ivory Coast"; a person's `LAST, Given`
//!    alias read as `Given LAST` too). Otherwise a
//!    near miss beyond the budget earns partial credit (Jaro–Winkler, or a
//!    token with letters added at the end: "Ayubkhan" / "Ayub"). A token may
//!    also pair with two or three adjacent tokens of the other side written
//!    as one ("Abdulrahman" / "Abdul Rahman", "Abdulhadi" / "Abd al Hadi");
//!    where such a join is exact, pairing it before the others is tried too.
//! 2. Tokens weigh by rarity (inverse alias frequency), so a rare surname
//!    counts for more than "al", "de" or "city".
//! 3. The score mixes how much of the query the alias explains (60%) with how
//!    much of the alias the query covers (40%). When the query covers a
//!    person's whole surname and every query token is explained, the
//!    surname stands for 85% of the alias and the given names for the rest,
//!    whatever their number: missing middle names and patronymics cost
//!    little, and surname-only lookups rank relatives by the documented tie
//!    rule, not by the length of their names. Middle names in the query
//!    that a person's alias leaves out weigh half. When tokens carrying a
//!    quarter of the query's weight find no partner, the alias names only
//!    part of the query, and the score keeps 97% of its value; generic
//!    words ("city", "district") do not count in that quarter.

/// A token with what scoring needs.
#[derive(Debug, Clone)]
pub struct Token {
    /// The folded token.
    pub folded: String,
    /// Its skeleton.
    pub skeleton: String,
    /// Its weight (rarity).
    pub weight: f32,
    /// Whether it was typed in Latin letters, so that a slip to a
    /// neighbouring key may explain a difference
    /// ([`typed_cost`](super::keyboard::typed_cost)); not for a
    /// transliteration from another script.
    pub typed: bool,
    /// Whether it is a generic word ("city", "district"): left without a
    /// partner, it does not mark the alias as naming part of the query.
    pub generic: bool,
}

/// How a query met an alias.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Detail {
    /// The score in [0, 1].
    pub score: f32,
    /// Total letter edits over the paired tokens (skeleton distance).
    pub edits: u32,
    /// Query tokens that found a partner.
    pub query_matched: u32,
    /// Alias tokens that found a partner.
    pub alias_matched: u32,
    /// Whether every paired token pair is equal in skeleton.
    pub all_skeleton_equal: bool,
    /// Whether the query covered exactly the alias's surname.
    pub surname_only: bool,
    /// Whether every token on both sides found an identical partner (the
    /// same tokens in another order).
    pub same_tokens: bool,
}

/// How much of a person's alias its whole surname stands for, whatever the
/// number of given names: an exact surname alone scores 0.6 + 0.4 × 0.85 =
/// 0.94, above a one-edit match of a whole alias and below an exact alias.
const SURNAME_COVERAGE: f32 = 0.85;

/// The share of a query's weight that, left without a partner, marks the
/// alias as naming only part of the query (generic words left out).
const UNEXPLAINED_SHARE: f32 = 0.25;

/// What a query's middle name or patronymic weighs, of its weight, in the
/// query's coverage when a person's alias leaves it out but pairs every
/// token of its own: an Arabic name with the father's name inserted
/// ("Isma'il Hafith Abid 'Ali al-Lami" for "AL LAMI, Isma'il Hafiz") is
/// the same person more often than not.
const MIDDLE_NAME_WEIGHT: f32 = 0.5;
/// What such a partial match keeps of its score: a given name and a
/// surname that is also a town's whole name score 0.78 without it, just
/// over the default threshold, and 0.75 with it. A particle or a middle
/// name left over ("al", "Mahmud" in a six-token name) weighs less than a
/// quarter and costs nothing.
const UNEXPLAINED_FACTOR: f32 = 0.97;

/// Edits allowed in a token of this many letters.
pub fn edit_budget(len: usize) -> u32 {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Similarity of two tokens and the edits it took.
pub(crate) fn token_similarity(q: &Token, a: &Token) -> (f32, u32) {
    if q.folded == a.folded {
        return (1.0, 0);
    }
    let (qf, af) = (q.folded.as_bytes(), a.folded.as_bytes());
    // A letter alone is an initial, whatever its skeleton sounds like
    // (`x` is not `qssh`).
    if q.skeleton == a.skeleton && qf.len() > 1 && af.len() > 1 {
        return (SKELETON_EQUAL, 0);
    }
    if qf.len() == 1 || af.len() == 1 {
        // An initial: "M." for "Mikhail", "J" for "Juan". A query initial
        // matching a full name is ordinary; a full query name met only by
        // an alias's initial is weak evidence (`Stephanie` is not `S:t`,
        // the abbreviated "Saint" of a place).
        if qf.first() != af.first() {
            return (0.0, 0);
        }
        return if qf.len() == 1 {
            (0.9, 0)
        } else {
            (ALIAS_INITIAL, 0)
        };
    }
    // Skeletons absorb transliteration variants but can magnify a typo
    // ("rcystal" → "rsistal", "crystal" → "kristal"), so the folded forms
    // get their own chance.
    let by_skeleton = edit_similarity(&q.skeleton, &a.skeleton, Slips::of_skeleton(q.typed));
    let by_folded = edit_similarity(&q.folded, &a.folded, Slips::of_folded(q.typed));
    let by_skeleton =
        if q.typed && by_skeleton.1 > 0 && by_folded.0 == 0.0 && qf.first() != af.first() {
            // A typed word that meets an alias word only through their
            // skeletons, still an edit or more apart, and only once the
            // skeleton has bent its first letter, has strayed twice from
            // it: a slip seldom strikes the first letter, and a chance
            // likeness often does ("Quarestad" is not "Karlstad", nor
            // "Lehmann" "Rehman").
            (0.0, 0)
        } else {
            by_skeleton
        };
    let (best, longest) = if by_folded.0 > by_skeleton.0 {
        (by_folded, qf.len().max(af.len()))
    } else {
        (by_skeleton, q.skeleton.len().max(a.skeleton.len()))
    };
    // Short tokens a whole edit apart are as often chance as a typo: they
    // pair only when the rest of the name vouches for them
    // (`pair_corroborated`). A slip still pairs.
    if best.0 > 0.0 && longest <= VOUCHED_MAX_LEN && best.0 <= one_edit_score(longest) {
        return (0.0, 0);
    }
    if best.0 >= STEM_VARIANT {
        return best;
    }
    // Endings change between languages where edits cannot follow them.
    let stem = stem_similarity(qf, af);
    if stem.0 > best.0 { stem } else { best }
}

/// Similarity of two tokens that share a stem and differ in their endings
/// (`Rosarijas` / `Rosario`, `Georgien` / `Georgia`, `Bedfordia` /
/// `Bedford`), as names do from one language to another: the same as one
/// edit in a word of six or seven letters.
const STEM_VARIANT: f32 = 0.8;

/// [`STEM_VARIANT`] and the letters of the longer ending when `q` and `a`
/// share a first [`MIN_STEM`] letters or more and each goes on for at most
/// [`MAX_ENDING`] letters after them.
fn stem_similarity(q: &[u8], a: &[u8]) -> (f32, u32) {
    let stem = q.iter().zip(a).take_while(|(x, y)| x == y).count();
    let (q_end, a_end) = (q.len() - stem, a.len() - stem);
    if stem >= MIN_STEM && q_end.max(a_end) <= MAX_ENDING && q_end + a_end > 0 {
        (STEM_VARIANT, q_end.max(a_end) as u32)
    } else {
        (0.0, 0)
    }
}

/// The shortest stem that [`stem_similarity`] reads as one.
const MIN_STEM: usize = 5;
/// The longest ending that [`stem_similarity`] sets aside.
const MAX_ENDING: usize = 3;

/// Similarity of a full query token and an alias's initial of the same
/// letter: an abbreviated place (`J.V. Gonzalez`, `S:t Martin`) or a
/// person known by an initial says little about which given name it
/// stands for, so any "J… Gonzalez" must not come close to passing on it.
const ALIAS_INITIAL: f32 = 0.3;

/// Partial credit for a near miss beyond the edit budget (a scrambled long
/// token such as "ePtrovihc"), never enough to pass alone. Tried last, after
/// joined and split tokens.
pub(crate) fn near_miss(q: &Token, a: &Token) -> f32 {
    let extension = if extends(&q.folded, &a.folded) || extends(&a.folded, &q.folded) {
        EXTENSION_CREDIT
    } else {
        0.0
    };
    if q.folded.len() < 5 || a.folded.len() < 5 || !may_reach_near_miss(&q.folded, &a.folded) {
        return extension;
    }
    let jw = strsim::jaro_winkler(&q.folded, &a.folded) as f32;
    if jw >= NEAR_MISS_JW {
        (jw - 0.3).max(extension)
    } else {
        extension
    }
}

/// Credit for a token that is another one with letters added at the end
/// (`Ayubkhan` / `Ayub`): like a near miss, never enough to pass alone.
const EXTENSION_CREDIT: f32 = 0.4;

/// Whether `long` is `short` (four letters or more) with letters added at
/// the end, at most as many as `short` has.
fn extends(long: &str, short: &str) -> bool {
    short.len() >= 4
        && long.len() > short.len()
        && long.len() <= 2 * short.len()
        && long.starts_with(short)
}

/// The Jaro–Winkler similarity from which a near miss earns credit.
const NEAR_MISS_JW: f32 = 0.88;

/// A cheap test that rules out most pairs before Jaro–Winkler is computed:
/// whether the letters the two share, counted with repeats, could give
/// [`NEAR_MISS_JW`]. Jaro is at most (m/|a| + m/|b| + 1)/3 for m shared
/// letters, and Winkler's bonus for a common prefix of ℓ ≤ 4 letters lifts
/// it to at most jaro + 0.1ℓ(1 − jaro).
fn may_reach_near_miss(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut counts = [0i16; 256];
    for &x in a {
        counts[usize::from(x)] += 1;
    }
    let mut shared = 0usize;
    for &x in b {
        let c = &mut counts[usize::from(x)];
        if *c > 0 {
            *c -= 1;
            shared += 1;
        }
    }
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
    let m = shared as f64;
    let jaro_max = (m / a.len() as f64 + m / b.len() as f64 + 1.0) / 3.0;
    // A hair of slack for rounding: the filter may keep a pair, never drop one.
    jaro_max + 0.1 * prefix * (1.0 - jaro_max) >= f64::from(NEAR_MISS_JW) - 1e-6
}

/// Similarity of two tokens whose skeletons are equal.
const SKELETON_EQUAL: f32 = 0.93;

/// Similarity from edit distance within the budget of the shorter string:
/// one edit in a 6-letter token gives about 0.82, in a 10-letter one 0.85;
/// a second edit costs a little more than the first, since two edits in one
/// word is much weaker evidence than one (two edits in 8 letters: 0.735),
/// though less so in a long word, where two slips are common and a chance
/// likeness rare (two edits in 11 letters: 0.78).
fn edit_similarity(q: &str, a: &str, slips: Slips) -> (f32, u32) {
    let shorter = q.len().min(a.len());
    let longer = q.len().max(a.len());
    let budget = edit_budget(shorter);
    if budget == 0 || longer - shorter > budget as usize {
        return (0.0, 0);
    }
    let Some(d) = super::distance::within(q, a, budget) else {
        return (0.0, 0);
    };
    (edit_score(q, a, d, longer, slips), d)
}

/// Tokens of at most this many letters, a whole edit apart, pair only when
/// the rest of the name vouches for them: of 150 random strings of four
/// letters, 105 were found a whole edit (or a skeleton edit) from some
/// alias of the default table (59 with this rule, mostly through slips),
/// and of 14,278 ordinary person names, 336 got a false answer against
/// 293 with it. No answer of the development set changed.
const VOUCHED_MAX_LEN: usize = 4;

/// [`edit_score`] of one whole edit in tokens whose longer has `longer`
/// letters.
fn one_edit_score(longer: usize) -> f32 {
    score_of_cost(1.0, longer)
}

/// The similarity of two tokens `d` edits apart, the longer of
/// `longer` bytes, where the `slips` cost less than whole edits.
fn edit_score(q: &str, a: &str, d: u32, longer: usize, slips: Slips) -> f32 {
    score_of_cost(slips.cost(q.as_bytes(), a.as_bytes(), d), longer)
}

/// The similarity of two tokens whose edits cost `cost` whole edits, the
/// longer of `longer` bytes.
fn score_of_cost(cost: f32, longer: usize) -> f32 {
    0.9 - 0.5 * cost / longer as f32 - second_edit_penalty(longer) * (cost - 1.0).max(0.0)
}

/// Which edits between two tokens cost less than a whole one: the slips
/// that explain a difference better than chance does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slips {
    /// A query typed in Latin letters: slips to neighbouring keys, two
    /// letters swapped, one vowel for another.
    Keyboard,
    /// A query transliterated from another script: voicing twins, one
    /// vowel for another.
    Sound,
    /// Every edit is whole (skeletons of a typed query).
    None,
}

impl Slips {
    /// The slips of a query token's folded form.
    fn of_folded(typed: bool) -> Slips {
        if typed { Slips::Keyboard } else { Slips::Sound }
    }

    /// The slips of a query token's skeleton: not typed text, but still a
    /// transliteration when the query was one.
    fn of_skeleton(typed: bool) -> Slips {
        if typed { Slips::None } else { Slips::Sound }
    }

    /// The slips of a whole query against a whole alias: keys only (the
    /// voicing twins are weighed token by token).
    fn of_whole(typed: bool) -> Slips {
        if typed { Slips::Keyboard } else { Slips::None }
    }

    /// What the cheapest edit costs.
    fn cheapest(self) -> f32 {
        match self {
            Slips::Keyboard | Slips::Sound => super::keyboard::NEIGHBOUR_SUBSTITUTION,
            Slips::None => 1.0,
        }
    }

    /// What `d` plain edits between `q` and `a` cost.
    fn cost(self, q: &[u8], a: &[u8], d: u32) -> f32 {
        match self {
            Slips::Keyboard => super::keyboard::typed_cost(q, a, d),
            Slips::Sound => super::keyboard::sounded_cost(q, a, d),
            Slips::None => d as f32,
        }
    }
}

/// What a second edit costs beyond its share of the letters.
fn second_edit_penalty(longer: usize) -> f32 {
    if longer >= 10 { 0.03 } else { 0.04 }
}

/// What a token one edit beyond its budget loses against one within it.
const CORROBORATED_PENALTY: f32 = 0.1;

/// Pairs the tokens left over on both sides, one edit beyond their budget
/// (two edits in "Casf" / "Coast", one in "Ide" / "Ise"), when the rest of
/// the name vouches for them: every token of both sides then has a partner,
/// the tokens paired within budget are at least as many as these, and the
/// names are written in the same order. A lone token that far off is
/// another name ("Quarestad" is not "Karlstad"), and so is one whose
/// partner sits elsewhere in the name ("John Adams" is not "Adams Town");
/// "Ivory Casf" is Ivory Coast. Returns whether it paired any.
fn pair_corroborated(
    query: &[Token],
    alias: &[Token],
    q_sim: &mut [f32],
    a_sim: &mut [f32],
    edits: &mut u32,
    used: &mut Vec<Pair>,
    surname_tokens: usize,
) -> bool {
    let q_left = q_sim.iter().filter(|s| **s == 0.0).count();
    let a_left = a_sim.iter().filter(|s| **s == 0.0).count();
    if q_left == 0 || q_left != a_left || 2 * q_left > query.len() {
        return false;
    }
    let first_new = used.len();
    for (i, q) in query.iter().enumerate() {
        if q_sim[i] > 0.0 {
            continue;
        }
        let best = best_unpaired(alias, a_sim, |a| stretched_similarity(q, a));
        let Some((s, d, j)) = best else {
            break;
        };
        q_sim[i] = s;
        a_sim[j] = s;
        used.push(Pair {
            query: i..i + 1,
            alias: j..j + 1,
            similarity: s,
            edits: d,
            near_miss: false,
        });
    }
    if used.len() - first_new == q_left && written_in_order(used, surname_tokens, alias.len()) {
        *edits += used[first_new..].iter().map(|p| p.edits).sum::<u32>();
        return true;
    }
    // Not every leftover token found a partner, or not in order: none of
    // them counts.
    for p in used.drain(first_new..) {
        q_sim[p.query.start] = 0.0;
        a_sim[p.alias.start] = 0.0;
    }
    false
}

/// The alias token without a partner yet that `similarity` rates highest
/// (the last of equals), with its rating, what else `similarity` says of
/// the pair, and its number.
fn best_unpaired<T>(
    alias: &[Token],
    a_sim: &[f32],
    similarity: impl Fn(&Token) -> Option<(f32, T)>,
) -> Option<(f32, T, usize)> {
    alias
        .iter()
        .enumerate()
        .filter(|(j, _)| a_sim[*j] == 0.0)
        .filter_map(|(j, a)| similarity(a).map(|(s, t)| (s, t, j)))
        .max_by(|x, y| x.0.total_cmp(&y.0))
}

/// Whether the pairs, taken in query order, are in alias order too. A
/// person's alias written `LAST, Given` (its first `surname_tokens`
/// tokens the surname) is in order read either way, as `Given LAST` too:
/// "Benjamin Bol Mol Kuot" follows "BOL MEL KUOL, Benjamin".
fn written_in_order(used: &[Pair], surname_tokens: usize, alias_len: usize) -> bool {
    let in_order = |position: &dyn Fn(usize) -> usize| {
        used.iter().all(|p| {
            used.iter().all(|o| {
                (p.query.start < o.query.start)
                    == (position(p.alias.start) < position(o.alias.start))
            })
        })
    };
    if in_order(&|j| j) {
        return true;
    }
    // With two tokens either reading allows any order: it tells nothing.
    let s = surname_tokens;
    used.len() > 2 && s > 0 && s < alias_len && in_order(&|j| if j < s { j + alias_len } else { j })
}

/// Similarity of two tokens up to one edit beyond the budget of the
/// shorter, of three letters or more (one edit in two letters is half the
/// token). Within the budget (short tokens, which pair only when vouched
/// for: [`VOUCHED_MAX_LEN`]) the edit costs what it costs elsewhere.
fn stretched_similarity(q: &Token, a: &Token) -> Option<(f32, u32)> {
    let (typed, q, a) = (q.typed, q.folded.as_str(), a.folded.as_str());
    let shorter = q.len().min(a.len());
    let longer = q.len().max(a.len());
    if shorter < 3 {
        return None;
    }
    let budget = edit_budget(shorter);
    let d = super::distance::within(q, a, budget + 1)?;
    let penalty = if d > budget {
        CORROBORATED_PENALTY
    } else {
        0.0
    };
    Some((
        edit_score(q, a, d, longer, Slips::of_folded(typed)) - penalty,
        d,
    ))
}

/// Tokens that one pairing put together: one token of a side with one, two
/// or three neighbouring tokens of the other (written as one), and how
/// well they met.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pair {
    /// The query tokens.
    pub query: std::ops::Range<usize>,
    /// The alias tokens.
    pub alias: std::ops::Range<usize>,
    /// Their similarity.
    pub similarity: f32,
    /// The letter edits it took (0 for a near miss).
    pub edits: u32,
    /// Whether it is a near miss's partial credit.
    pub near_miss: bool,
}

/// Working memory for [`score_in`], reused from one alias to the next.
#[derive(Debug, Default)]
pub struct Buffers {
    pairs: Vec<(f32, u32, usize, usize)>,
    q_sim: Vec<f32>,
    a_sim: Vec<f32>,
    /// The pairs of the pairing that scored.
    used: Vec<Pair>,
    /// The pairs of the pairing tried second.
    other: Vec<Pair>,
    /// Neighbouring tokens written as one, for [`join_split_tokens`].
    joined: String,
}

/// Scores like [`score`] and also returns the token pairs that made the
/// score, for reasons.
pub(crate) fn score_with_pairs(
    query: &[Token],
    alias: &[Token],
    surname_tokens: usize,
) -> (Detail, Vec<Pair>) {
    let mut buffers = Buffers::default();
    let detail = score_in(&mut buffers, query, alias, surname_tokens);
    (detail, buffers.used)
}

/// Scores `query` tokens against `alias` tokens. `surname_tokens` is the
/// number of leading alias tokens that form a person's surname (0: unknown).
pub fn score(query: &[Token], alias: &[Token], surname_tokens: usize) -> Detail {
    score_in(&mut Buffers::default(), query, alias, surname_tokens)
}

/// [`score`] in reused working memory.
pub fn score_in(
    buffers: &mut Buffers,
    query: &[Token],
    alias: &[Token],
    surname_tokens: usize,
) -> Detail {
    let (n, m) = (query.len(), alias.len());
    if n == 0 || m == 0 {
        buffers.used.clear();
        return Detail::default();
    }
    // Best similarity for each pair, then greedy one-to-one pairing.
    let pairs = &mut buffers.pairs;
    pairs.clear();
    for (i, q) in query.iter().enumerate() {
        for (j, a) in alias.iter().enumerate() {
            let (s, d) = token_similarity(q, a);
            if s > 0.0 {
                pairs.push((s, d, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.2.cmp(&y.2)).then(x.3.cmp(&y.3)));
    let greedy = pair_up(buffers, query, alias, surname_tokens, false);
    std::mem::swap(&mut buffers.used, &mut buffers.other);
    // Greedy pairing can take a token that two neighbours written as one
    // needed (the first `al` of "abd al rahman al mawla" pairs with `al`,
    // and `abdal` stays alone): pairing written-as-one tokens first is
    // tried too, when there are any and a token was left unpaired.
    let all_paired = greedy.query_matched as usize == n && greedy.alias_matched as usize == m;
    if all_paired || !has_exact_join(query, alias) {
        std::mem::swap(&mut buffers.used, &mut buffers.other);
        return greedy;
    }
    let joined = pair_up(buffers, query, alias, surname_tokens, true);
    if joined.score > greedy.score {
        joined
    } else {
        std::mem::swap(&mut buffers.used, &mut buffers.other);
        greedy
    }
}

/// Pairs tokens from the sorted `buffers.pairs` (after pairing tokens
/// written as one, when `joins_first`) and scores the result.
fn pair_up(
    buffers: &mut Buffers,
    query: &[Token],
    alias: &[Token],
    surname_tokens: usize,
    joins_first: bool,
) -> Detail {
    let (n, m) = (query.len(), alias.len());
    let Buffers {
        pairs,
        q_sim,
        a_sim,
        used,
        joined,
        ..
    } = buffers;
    q_sim.clear();
    q_sim.resize(n, 0.0);
    a_sim.clear();
    a_sim.resize(m, 0.0);
    used.clear();
    let mut edits = 0;
    let mut all_skeleton_equal = true;
    let mut sides = JoinSides {
        edits: &mut edits,
        exact_only: true,
        joined,
        used,
    };
    if joins_first {
        join_split_tokens(query, alias, q_sim, a_sim, &mut sides);
    }
    for &(s, d, i, j) in pairs.iter() {
        if q_sim[i] == 0.0 && a_sim[j] == 0.0 {
            q_sim[i] = s;
            a_sim[j] = s;
            *sides.edits += d;
            all_skeleton_equal &= s >= SKELETON_EQUAL;
            sides.used.push(Pair {
                query: i..i + 1,
                alias: j..j + 1,
                similarity: s,
                edits: d,
                near_miss: false,
            });
        }
    }
    sides.exact_only = false;
    join_split_tokens(query, alias, q_sim, a_sim, &mut sides);
    all_skeleton_equal &=
        !pair_corroborated(query, alias, q_sim, a_sim, &mut edits, used, surname_tokens);
    for (i, q) in query.iter().enumerate() {
        if q_sim[i] > 0.0 {
            continue;
        }
        let best = best_unpaired(alias, a_sim, |a| Some((near_miss(q, a), ())));
        if let Some((s, (), j)) = best.filter(|b| b.0 > 0.0) {
            q_sim[i] = s;
            a_sim[j] = s;
            all_skeleton_equal = false;
            used.push(Pair {
                query: i..i + 1,
                alias: j..j + 1,
                similarity: s,
                edits: 0,
                near_miss: true,
            });
        }
    }

    let query_matched = q_sim.iter().filter(|s| **s > 0.0).count() as u32;
    let alias_matched = a_sim.iter().filter(|s| **s > 0.0).count() as u32;
    // Every token of a person's alias paired: query tokens left between
    // paired ones are middle names or a patronymic the alias leaves out.
    let middle_names = surname_tokens > 0 && alias_matched as usize == m && m >= 2;
    let q_cov = query_cover(query, q_sim, middle_names);
    let mut a_cov = cover(alias, a_sim);

    // A person's alias whose whole surname the query covers, with every
    // query token explained: the surname stands for SURNAME_COVERAGE of the
    // alias, the given names for the rest, whatever their number.
    let surname_covered = surname_tokens > 0
        && surname_tokens < m
        && query_matched as usize == n
        && a_sim[..surname_tokens].iter().all(|s| *s > 0.0);
    let surname_only = surname_covered && a_sim[surname_tokens..].iter().all(|s| *s == 0.0);
    if surname_covered {
        let surname_sim = a_sim[..surname_tokens].iter().sum::<f32>() / surname_tokens as f32;
        let rest = cover(&alias[surname_tokens..], &a_sim[surname_tokens..]);
        a_cov = a_cov.max(SURNAME_COVERAGE * surname_sim + (1.0 - SURNAME_COVERAGE) * rest);
    }
    // A quarter of the query's weight left unexplained: the alias names
    // part of the query at best ("Jose Walker" is not the town of Walker).
    let total: f32 = query.iter().map(|t| t.weight).sum();
    let unexplained: f32 = query
        .iter()
        .zip(q_sim.iter())
        .filter(|(t, s)| **s == 0.0 && !t.generic)
        .map(|(t, _)| t.weight)
        .sum();
    let factor = if total > 0.0 && unexplained >= UNEXPLAINED_SHARE * total {
        UNEXPLAINED_FACTOR
    } else {
        1.0
    };
    Detail {
        score: (factor * (0.6 * q_cov + 0.4 * a_cov)).clamp(0.0, 1.0),
        edits,
        query_matched,
        alias_matched,
        all_skeleton_equal: all_skeleton_equal
            && query_matched as usize == n
            && alias_matched as usize == m,
        surname_only,
        same_tokens: q_sim.iter().chain(a_sim.iter()).all(|s| *s >= 1.0),
    }
}

/// How much of `tokens` their similarities `sims` cover, by weight.
fn cover(tokens: &[Token], sims: &[f32]) -> f32 {
    weighted_cover(tokens, sims, |_, t| t.weight)
}

/// How much of the query its paired tokens explain, by weight. With
/// `middle_names`, an unpaired token between the first and the last paired
/// one weighs [`MIDDLE_NAME_WEIGHT`] of its weight.
fn query_cover(query: &[Token], sims: &[f32], middle_names: bool) -> f32 {
    let paired = || sims.iter().map(|s| *s > 0.0);
    let first = paired().position(|p| p).unwrap_or(0);
    let last = paired().rposition(|p| p).unwrap_or(0);
    weighted_cover(query, sims, |i, t| {
        if middle_names && i > first && i < last && sims[i] == 0.0 {
            t.weight * MIDDLE_NAME_WEIGHT
        } else {
            t.weight
        }
    })
}

/// [`cover`] with token `i` weighing `weight(i, token)`.
fn weighted_cover(tokens: &[Token], sims: &[f32], weight: impl Fn(usize, &Token) -> f32) -> f32 {
    let total: f32 = tokens.iter().enumerate().map(|(i, t)| weight(i, t)).sum();
    let got: f32 = tokens
        .iter()
        .zip(sims)
        .enumerate()
        .map(|(i, (t, s))| weight(i, t) * s)
        .sum();
    if total > 0.0 { got / total } else { 0.0 }
}

/// Scores two folded strings by whole-string edit distance, for typos that
/// token pairing cannot see. The budget is 2 edits from 10 letters and 3
/// from 20; the score falls with the share of edited letters (two edits in
/// 30 letters: about 0.88), never reaching an exact match. A `typed`
/// query's slips to neighbouring keys cost less, as in token pairs
/// ([`typed_cost`](super::keyboard::typed_cost)).
pub fn whole_string(query: &str, alias: &str, typed: bool) -> Option<Detail> {
    let budget = match query.len().min(alias.len()) {
        0..=9 => return None,
        10..=19 => 2,
        _ => 3,
    };
    let d = super::distance::within(query, alias, budget)?;
    let cost = Slips::of_whole(typed).cost(query.as_bytes(), alias.as_bytes(), d);
    Some(Detail {
        score: whole_string_score(query, alias, cost),
        edits: d,
        query_matched: 0,
        alias_matched: 0,
        all_skeleton_equal: false,
        surname_only: false,
        same_tokens: false,
    })
}

fn whole_string_score(query: &str, alias: &str, edits: f32) -> f32 {
    0.95 - 1.2 * edits / query.len().max(alias.len()) as f32
}

/// The best score [`whole_string`] could give these strings (one edit;
/// equal strings are exact matches, scored elsewhere), to skip the distance
/// computation when token scoring already did as well.
pub fn whole_string_ceiling(query: &str, alias: &str, typed: bool) -> f32 {
    if query.len().min(alias.len()) < 10 {
        return 0.0;
    }
    let edits = 1.max(query.len().abs_diff(alias.len())) as f32;
    whole_string_score(query, alias, Slips::of_whole(typed).cheapest() * edits)
}

/// Similarity of a token and two or three neighbours of the other side
/// written as one with the same skeleton.
const JOINED: f32 = 0.95;

/// Whether two or three neighbouring tokens of one side, written as one,
/// have the skeleton of a token of the other side.
fn has_exact_join(query: &[Token], alias: &[Token]) -> bool {
    let joins = |parts: &[Token], singles: &[Token]| {
        (2..=3).any(|width| {
            parts.windows(width).any(|w| {
                // Lengths first: in a long name most windows are told
                // apart by them, without comparing letters.
                let len: usize = w.iter().map(|p| p.skeleton.len()).sum();
                singles
                    .iter()
                    .any(|t| t.skeleton.len() == len && is_joined(&t.skeleton, w))
            })
        })
    };
    joins(query, alias) || joins(alias, query)
}

/// Whether `whole` is the skeletons of `parts` written one after another.
fn is_joined(whole: &str, parts: &[Token]) -> bool {
    let mut rest = whole.as_bytes();
    for p in parts {
        match rest.strip_prefix(p.skeleton.as_bytes()) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// Pairs each unpaired token on one side with two or three adjacent
/// unpaired tokens on the other when they are the same word split or
/// joined (exactly only, or also within the edit budget).
fn join_split_tokens(
    query: &[Token],
    alias: &[Token],
    q_sim: &mut [f32],
    a_sim: &mut [f32],
    sides: &mut JoinSides<'_>,
) {
    join_into(query, q_sim, alias, a_sim, sides, false);
    join_into(alias, a_sim, query, q_sim, sides, true);
}

/// What [`join_into`] adds to and works in, for both of its directions.
struct JoinSides<'a> {
    edits: &'a mut u32,
    exact_only: bool,
    joined: &'a mut String,
    used: &'a mut Vec<Pair>,
}

/// Pairs each unpaired token of `singles` with two, or else three,
/// neighbouring unpaired tokens of `parts` written as one: `Abdulrahman` /
/// `Abdul Rahman`, `Abdulhadi` / `Abd al Hadi`.
/// `singles_are_alias` says which side `singles` is, for the pairs it
/// records.
fn join_into(
    singles: &[Token],
    single_sim: &mut [f32],
    parts: &[Token],
    part_sim: &mut [f32],
    sides: &mut JoinSides<'_>,
    singles_are_alias: bool,
) {
    let JoinSides {
        edits,
        exact_only,
        joined,
        used,
    } = sides;
    let exact_only = *exact_only;
    for (i, single) in singles.iter().enumerate() {
        if single_sim[i] > 0.0 {
            continue;
        }
        'widths: for width in 2..=3 {
            for j in 0..parts.len().saturating_sub(width - 1) {
                let span = j..j + width;
                if part_sim[span.clone()].iter().any(|s| *s > 0.0) {
                    continue;
                }
                // No budget reaches more than two letters of difference.
                let len: usize = parts[span.clone()].iter().map(|p| p.skeleton.len()).sum();
                if len.abs_diff(single.skeleton.len()) > 2 {
                    continue;
                }
                let (s, d) = if is_joined(&single.skeleton, &parts[span.clone()]) {
                    (JOINED, 0)
                } else if exact_only {
                    (0.0, 0)
                } else {
                    joined.clear();
                    for p in &parts[span.clone()] {
                        joined.push_str(&p.skeleton);
                    }
                    edit_similarity(&single.skeleton, joined, Slips::None)
                };
                if s > 0.0 {
                    single_sim[i] = s;
                    part_sim[span.clone()].fill(s);
                    **edits += d;
                    let (query, alias) = if singles_are_alias {
                        (span, i..i + 1)
                    } else {
                        (i..i + 1, span)
                    };
                    used.push(Pair {
                        query,
                        alias,
                        similarity: s,
                        edits: d,
                        near_miss: false,
                    });
                    break 'widths;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        crate::normalize::tokens(&crate::normalize::fold(s))
            .map(|t| {
                let mut sk = String::new();
                crate::normalize::skeleton_token(t, &mut sk);
                Token {
                    folded: t.to_string(),
                    skeleton: sk,
                    weight: 1.0,
                    typed: true,
                    generic: false,
                }
            })
            .collect()
    }

    #[test]
    fn identical_tokens_in_any_order_score_high() {
        let d = score(
            &toks("alexander lukashenko"),
            &toks("lukashenko alexander"),
            1,
        );
        assert!(d.score > 0.99, "{d:?}");
        assert_eq!(d.edits, 0);
    }

    #[test]
    fn transliteration_variants_meet_through_skeletons() {
        let d = score(
            &toks("Alexandre Loukachenko"),
            &toks("LUKASHENKO, Aleksandr"),
            1,
        );
        assert!(d.score > 0.85, "{d:?}");
    }

    #[test]
    fn an_unexplained_query_token_costs() {
        let full = score(&toks("tomas zimmermann"), &toks("zimmermann tomas"), 1);
        let other = score(&toks("tomasz zimmermann"), &toks("zimmermann klaus"), 1);
        assert!(other.score < 0.7 && full.score > 0.95, "{other:?} {full:?}");
    }

    /// `toks` with the given weights.
    fn weighted(s: &str, weights: &[f32]) -> Vec<Token> {
        let mut tokens = toks(s);
        for (t, w) in tokens.iter_mut().zip(weights) {
            t.weight = *w;
        }
        tokens
    }

    #[test]
    fn a_quarter_of_the_query_left_unexplained_is_a_partial_match() {
        // A given name and a town's whole name: 0.778 before the
        // penalty, under the default threshold after it.
        let query = weighted("jose walker", &[6.8, 11.6]);
        let d = score(&query, &weighted("walker", &[11.6]), 0);
        let unpenalised = 0.6 * 11.6 / 18.4 + 0.4;
        assert!(
            (d.score - UNEXPLAINED_FACTOR * unpenalised).abs() < 1e-4,
            "{d:?}"
        );
        assert!(d.score < crate::resolve::DEFAULT_MIN_SCORE as f32, "{d:?}");
    }

    #[test]
    fn short_tokens_a_whole_edit_apart_pair_only_when_vouched_for() {
        // `t` and `l` are no neighbouring keys; `a` and `s` are.
        let alone = score(&toks("kuot"), &toks("kuol"), 0);
        assert_eq!(alone.query_matched, 0, "{alone:?}");
        let slip = score(&toks("kuoa"), &toks("kuos"), 0);
        assert_eq!(slip.query_matched, 1, "{slip:?}");
        // A five-letter token pairs a whole edit away on its own.
        assert_eq!(score(&toks("kuotr"), &toks("kuolr"), 0).query_matched, 1);
        // With the rest of the name paired, in order, it pairs at the
        // score of an edit within budget.
        let vouched = score(&toks("vezrate defx"), &toks("vezarate defa"), 0);
        assert_eq!(vouched.query_matched, 2, "{vouched:?}");
        let expected =
            0.5 * (edit_similarity("vezrate", "vezarate", Slips::Keyboard).0 + one_edit_score(4));
        assert!(
            (vouched.score - expected).abs() < 1e-4,
            "{vouched:?} {expected}"
        );
    }

    #[test]
    fn a_generic_word_left_over_is_no_partial_match() {
        let mut query = weighted("emetab panama", &[3.8, 8.5]);
        let alias = weighted("panama", &[8.5]);
        let penalised = score(&query, &alias, 0);
        query[0].generic = true;
        let generic = score(&query, &alias, 0);
        assert!((penalised.score - UNEXPLAINED_FACTOR * generic.score).abs() < 1e-4);
        assert!(
            (generic.score - (0.6 * 8.5 / 12.3 + 0.4)).abs() < 1e-4,
            "{generic:?}"
        );
    }

    #[test]
    fn a_light_leftover_token_costs_nothing() {
        // The particle `al` (a sixth of the weight) finds no partner.
        let query = weighted("asef al shalish", &[10.8, 4.4, 10.4]);
        let d = score(&query, &weighted("shalish asif", &[10.4, 10.8]), 1);
        let by_edit = edit_similarity("asef", "asif", Slips::Keyboard).0;
        // A middle token of a person's name: half its weight.
        let q_cov = (10.8 * by_edit + 10.4) / (25.6 - 4.4 * (1.0 - MIDDLE_NAME_WEIGHT));
        let a_cov = (10.4 + 10.8 * by_edit) / 21.2;
        assert!(
            (d.score - (0.6 * q_cov + 0.4 * a_cov)).abs() < 1e-4,
            "{d:?}"
        );
    }

    #[test]
    fn surname_only_does_not_depend_on_given_names() {
        let a = score(
            &toks("lukashenko"),
            &toks("lukashenko aleksandr grigorevich"),
            1,
        );
        let b = score(&toks("lukashenko"), &toks("lukashenko dmitry"), 1);
        assert!(a.surname_only && b.surname_only);
        assert_eq!(a.score, b.score);
    }

    #[test]
    fn a_middle_name_the_persons_alias_leaves_out_weighs_half() {
        let query = weighted("ismail abid ali lami", &[8.3, 9.7, 6.1, 10.3]);
        let alias = weighted("lami ismail", &[10.3, 8.3]);
        let person = score(&query, &alias, 1);
        let place = score(&query, &alias, 0);
        // Both unexplained tokens weigh half in the query's coverage.
        let q_cov = (8.3 + 10.3) / (8.3 + 10.3 + (9.7 + 6.1) * MIDDLE_NAME_WEIGHT);
        let expected = UNEXPLAINED_FACTOR * (0.6 * q_cov + 0.4);
        assert!((person.score - expected).abs() < 1e-4, "{person:?}");
        assert!(place.score < person.score, "{place:?}");
        // A token before the first paired one is not a middle name.
        let leading = score(&weighted("abid ismail lami", &[9.7, 8.3, 10.3]), &alias, 1);
        let plain = UNEXPLAINED_FACTOR * (0.6 * (18.6 / 28.3) + 0.4);
        assert!((leading.score - plain).abs() < 1e-4, "{leading:?}");
    }

    #[test]
    fn a_given_name_never_lowers_a_surname_match() {
        let alias = toks("lukashenko alexandr grigorievich");
        let surname = score(&toks("loukachenko"), &alias, 1);
        let full = score(&toks("alexandre loukachenko"), &alias, 1);
        assert!(full.score >= surname.score, "{full:?} {surname:?}");
    }

    #[test]
    fn a_surname_first_alias_vouches_for_a_query_written_given_names_first() {
        // "mol" is one edit from "mel", beyond the budget of three letters:
        // it pairs only when the rest of the name is in the same order,
        // and `BOL MEL KUOL, Benjamin` reads as `Benjamin BOL MEL KUOL`.
        let (q, a) = (toks("benjamin bol mol kuot"), toks("bol mel kuol benjamin"));
        assert_eq!(score(&q, &a, 3).query_matched, 4);
        // No surname, no second reading: neither `mol` nor `kuot` (a whole
        // edit in four letters) pairs.
        assert_eq!(
            score(&q, &a, 0).query_matched,
            2,
            "no surname, no second reading"
        );
        // Two tokens fit one reading or the other whatever their order, so
        // they vouch for nothing.
        assert_eq!(
            score(&toks("leena keita"), &toks("kniya lina"), 1).query_matched,
            1
        );
    }

    #[test]
    fn whole_string_slips_of_a_typed_query_cost_less() {
        // o and p touch; the i missing from "mn" is a whole edit.
        let (q, a) = ("chpe sok mn", "choe sok min");
        let typed = whole_string(q, a, true).expect("within budget");
        let plain = whole_string(q, a, false).expect("within budget");
        assert_eq!((typed.edits, plain.edits), (2, 2));
        assert!(typed.score > plain.score, "{typed:?} {plain:?}");
        assert!(typed.score <= whole_string_ceiling(q, a, true));
        assert!(plain.score <= whole_string_ceiling(q, a, false));
    }

    #[test]
    fn whole_string_edits_cross_token_boundaries() {
        let d = whole_string("m inets ooo", "minets ooo", false).expect("within budget");
        assert_eq!(d.edits, 1);
        assert!(d.score > 0.8);
        assert!(
            whole_string("abc", "abd", false).is_none(),
            "too short to judge"
        );
        assert!(whole_string("tomasz zimmermann", "klaus zimmermann", false).is_none());
    }

    #[test]
    fn joined_and_split_tokens_pair() {
        let d = score(&toks("abdulrahman ali"), &toks("abdul rahman ali"), 0);
        assert!(d.score > 0.9, "{d:?}");
        // Three tokens written as one, with one edit: `Abdulhadi` for
        // `Abd al-Hadi`.
        let d = score(&toks("abdulhadi zargun"), &toks("zargun abd al hadi"), 1);
        assert_eq!((d.query_matched, d.alias_matched), (2, 4), "{d:?}");
        assert!(d.score > 0.8, "{d:?}");
    }

    #[test]
    fn the_near_miss_filter_keeps_every_pair_that_earns_credit() {
        let words = [
            "petrovich",
            "eptrovihc",
            "petrovic",
            "ptrovich",
            "aleksandr",
            "alexandre",
            "lukashenko",
            "lukasenka",
            "kalashnikov",
            "ivanovich",
            "ivanovna",
            "grigorievich",
            "smirnova",
            "nasrallah",
            "abdulrahman",
            "rahmanov",
            "tikhonovsky",
        ];
        for a in words {
            for b in words {
                let credit = strsim::jaro_winkler(a, b) as f32 >= NEAR_MISS_JW;
                assert!(!credit || may_reach_near_miss(a, b), "{a} {b}");
            }
        }
        assert!(!may_reach_near_miss("kalashnikov", "smirnova"));
    }

    #[test]
    fn two_edits_weigh_less_in_a_long_word() {
        let short = edit_similarity("tarvensk", "tarvonsq", Slips::None).0;
        let long = edit_similarity("tarvenshelm", "tarvonshelq", Slips::None).0;
        assert!(short < 0.77, "{short}");
        assert!(long > 0.77, "{long}");
    }

    #[test]
    fn tokens_written_as_one_keep_their_partners_from_greedy_pairing() {
        // The query's first `al` belongs to `abdal`; greedy pairing alone
        // gives it to the alias's `al` and leaves `abd` and `abdal` unpaired.
        let d = score(
            &toks("muhammad said abd al rahman al mawla"),
            &toks("al mawla amir muhammad said abdal rahman"),
            2,
        );
        assert_eq!(d.query_matched, 7, "{d:?}");
        assert!(d.score > 0.9, "{d:?}");
        assert!(has_exact_join(&toks("abd al"), &toks("abdal")));
        assert!(!has_exact_join(&toks("abd al"), &toks("abdel")));
        // Three tokens too: `abd al hadi` is `abdalhadi`.
        let d = score(
            &toks("abd al hadi al mawla"),
            &toks("abdalhadi al mawla"),
            0,
        );
        assert_eq!(d.query_matched, 5, "{d:?}");
        assert!(d.score > 0.9, "{d:?}");
    }

    #[test]
    fn a_name_with_letters_added_earns_partial_credit() {
        // `Ayubkhan` is `Ayub` joined to another name.
        let (long, short) = (&toks("ayubkhan")[0], &toks("ayub")[0]);
        assert_eq!(near_miss(long, short), EXTENSION_CREDIT);
        assert_eq!(near_miss(short, long), EXTENSION_CREDIT);
        let d = score(
            &toks("ayubkhan vakhaevich kataev"),
            &toks("kataev ayub vakhaevich"),
            1,
        );
        let without = score(
            &toks("ayubkhan vakhaevich kataev"),
            &toks("kataev vakhaevich"),
            1,
        );
        assert!(d.score > without.score, "{d:?} vs {without:?}");
        // Alone it never passes, and short or doubled stems earn nothing.
        assert!(score(&toks("ayubkhan"), &toks("ayub"), 0).score < 0.77);
        assert_eq!(near_miss(&toks("abcabc")[0], &toks("abc")[0]), 0.0);
        assert_eq!(near_miss(&toks("parkinsons")[0], &toks("park")[0]), 0.0);
    }

    #[test]
    fn an_alias_initial_is_weak_evidence_for_a_full_given_name() {
        let (full, initial) = (&toks("stanislava")[0], &toks("s")[0]);
        assert_eq!(token_similarity(initial, full).0, 0.9);
        assert_eq!(token_similarity(full, initial).0, ALIAS_INITIAL);
        // A place written with an abbreviation (`S:t Michel`) is not a
        // person whose given name shares its first letter.
        let d = score(&toks("stanislava michelin"), &toks("s t michel"), 0);
        assert!(d.score < 0.77, "{d:?}");
        // Nor is `J.V. Gonzalez` every J… Gonzalez (weights as in the
        // default data).
        let query = weighted("joshua gonzalez", &[13.0, 8.1]);
        let d = score(&query, &weighted("j v gonzalez", &[0.5, 0.5, 8.1]), 0);
        assert!(d.score < 0.77, "{d:?}");
    }

    #[test]
    fn a_token_beyond_its_budget_pairs_only_when_the_name_vouches_for_it() {
        // Two edits in a five-letter token, beside an exact one.
        let d = score(&toks("ivory casf"), &toks("ivory coast"), 0);
        assert_eq!(
            (d.query_matched, d.alias_matched, d.edits),
            (2, 2, 2),
            "{d:?}"
        );
        assert!(!d.all_skeleton_equal, "{d:?}");
        let alone = score(&toks("casf"), &toks("coast"), 0);
        assert_eq!(alone.query_matched, 0, "{alone:?}");
        // Partners written elsewhere in the name do not vouch.
        let d = score(&toks("john adams"), &toks("adams town"), 0);
        assert_eq!(d.query_matched, 1, "{d:?}");
        // Nor does a name of which half is that far off.
        let d = score(&toks("ivory casf soolo"), &toks("ivory coast dolo"), 0);
        assert_eq!(d.query_matched, 1, "{d:?}");
        // One edit in two letters is half the token.
        let d = score(&toks("ai khankah"), &toks("al khankah"), 0);
        assert_eq!(d.query_matched, 1, "{d:?}");
    }

    #[test]
    fn names_that_share_a_stem_and_differ_in_endings_pair() {
        for (q, a) in [
            ("rosarijas", "rosario"),
            ("georgien", "georgia"),
            ("bedfordia", "bedford"),
            ("beninese", "benin"),
        ] {
            let (q, a) = (&toks(q)[0], &toks(a)[0]);
            assert_eq!(token_similarity(q, a).0, STEM_VARIANT, "{q:?} {a:?}");
        }
        // A stem of four letters, or an ending of four, is no stem.
        for (q, a) in [
            ("kasam", "kasamatsu"),
            ("korenville", "korenovsk"),
            ("sandra", "sandolo"),
        ] {
            let (q, a) = (&toks(q)[0], &toks(a)[0]);
            assert!(token_similarity(q, a).0 < STEM_VARIANT, "{q:?} {a:?}");
        }
        assert_eq!(stem_similarity(b"benin", b"benin"), (0.0, 0));
        assert_eq!(stem_similarity(b"bedfo", b"bedford"), (STEM_VARIANT, 2));
        assert_eq!(stem_similarity(b"bedf", b"bedfo"), (0.0, 0));
    }

    #[test]
    fn a_slip_to_a_neighbouring_key_counts_only_in_typed_tokens() {
        // s and d are neighbouring keys, s and k are not.
        let slip = score(&toks("myduru"), &toks("mysuru"), 0).score;
        let other = score(&toks("mykuru"), &toks("mysuru"), 0).score;
        assert!(slip > other, "{slip} > {other}");
        let mut transliterated = toks("myduru");
        transliterated[0].typed = false;
        assert_eq!(score(&transliterated, &toks("mysuru"), 0).score, other);
        // Two slips in a six-letter token stay beyond its one-edit budget
        // unless the rest of the name vouches for them.
        assert_eq!(score(&toks("lhuonb"), &toks("phuong"), 0).query_matched, 0);
        let vouched = score(&toks("duy lhuonb"), &toks("duy phuong"), 0);
        assert_eq!(vouched.query_matched, 2);
        assert!(vouched.score >= 0.77, "{}", vouched.score);
    }

    #[test]
    fn a_voicing_twin_counts_less_only_in_transliterated_tokens() {
        // Tamil writes one letter for t and d: "antora" is Andorra.
        let transliterated = |text| {
            let mut t = toks(text);
            t.iter_mut().for_each(|t| t.typed = false);
            t
        };
        let twin = score(&transliterated("antora"), &toks("andora"), 0).score;
        let other = score(&transliterated("antora"), &toks("angora"), 0).score;
        assert!(twin > other, "{twin} > {other}");
        // Typed, t for d is one edit like t for m (neither is a
        // neighbouring key).
        let typed = score(&toks("antora"), &toks("andora"), 0).score;
        assert_eq!(typed, score(&toks("antora"), &toks("anmora"), 0).score);
    }

    #[test]
    fn a_typed_word_its_skeleton_meets_only_by_bending_its_first_letter_needs_no_edit() {
        // `qu` and `k` share a skeleton; an edit more is too far.
        assert_eq!(
            score(&toks("quarlstadt"), &toks("karlstad"), 0).query_matched,
            0
        );
        assert!(score(&toks("quarlstad"), &toks("karlstad"), 0).score > 0.9);
        // The first letter kept, a skeleton edit still counts.
        let kept = score(&toks("czajkowskie"), &toks("chaikovsky"), 0);
        assert!(kept.score > 0.8, "{kept:?}");
        // A transliteration may bend the first letter and still differ.
        let mut transliterated = toks("quarlstadt");
        transliterated[0].typed = false;
        let bent = score(&transliterated, &toks("karlstad"), 0);
        assert!(bent.score > 0.8, "{bent:?}");
    }

    #[test]
    fn typos_within_budget_only() {
        assert!(score(&toks("lukashenka"), &toks("lukashenko"), 0).score > 0.8);
        assert_eq!(score(&toks("minsk"), &toks("pinsk"), 0).query_matched, 1);
        assert_eq!(score(&toks("abc"), &toks("abd"), 0).query_matched, 0);
    }
}
