//! The state of one query as it runs down the cascade.
//!
//! Candidates are gathered stage by stage and scored as they arrive; a stage
//! runs only when the earlier, cheaper ones left no confident answer.

use super::Resolver;
use super::fuzzy;
use super::score::{self, Detail, Token, edit_budget};
use super::scratch::Scratch;
use crate::index::Index;
use crate::index::format::{AliasKind, unpack_postings};
use crate::normalize::{self, titles};
use rustc_hash::FxHashMap;

/// What a place's or an organisation's score keeps when it matches only
/// once a person's title is dropped from the query: a title says the name
/// is a person's, so `Sheikh Adam` is not the town of Adam. Three quarters
/// puts even an exact alias under the default threshold; of 3,784 ordinary
/// person names behind a title (`Mr Walker`, `Dr. Ana Silva`), 829 found
/// something without this rule (576 of them cities) and 348 with it (11
/// cities).
const TITLED_OTHER_FACTOR: f32 = 0.75;

/// Most aliases that the query tokens may bring in as candidates, counting
/// the rarest tokens first.
const TOKEN_CANDIDATE_CAP: usize = 3000;
/// Most candidates scored per stage.
const SCORED_CANDIDATE_CAP: usize = 30;
/// How much the likeness of an alias's length to the query's counts, beside
/// the share of the query's weight its tokens met, in choosing which
/// candidates are scored: a score weighs how much of the alias the query
/// covers too, so a long alias that shares one rare token seldom wins.
const LENGTH_PRIORITY: f32 = 0.25;
/// A score that makes the answer plain, once no candidate as likely as
/// its alias is left: scoring stops at the first candidate whose priority
/// ([`priority`]) is [`PLAIN_ANSWER_GAP`] below the best one's. A query
/// that is an alias with a word added ("Amanda B. Pereira") reaches its
/// alias first and then dozens of aliases that share one of its words.
/// On 20,000 benchmark names this scores 41% fewer aliases, and no skipped
/// alias would have scored higher (one answer changes its score, not its
/// entity); on the development set and 14,278 person names no answer
/// changes.
pub(super) const PLAIN_ANSWER: f32 = 0.95;
/// How far below the best candidate's priority scoring stops once the
/// answer is plain ([`PLAIN_ANSWER`]): a fifth of the query's weight.
const PLAIN_ANSWER_GAP: f32 = 0.2;
/// Longest token searched for near spellings (folded bytes).
const MAX_FUZZY_TOKEN_LEN: usize = 40;
/// Shortest skeleton token searched two edits away by the FST walk.
const FAR_TOKEN_MIN_LEN: usize = 7;
/// Shortest token (folded bytes) searched one edit around each repair of a
/// slip ([`fuzzy::skeletons_near_a_repair`]): two slips in seven letters
/// seldom leave a name that passes. Of 3,000 aliases with two slips, 8
/// fewer are found than with no floor, for 2.5% fewer instructions on the
/// development set.
const REPAIR_MIN_LEN: usize = 8;
/// Most keys taken from one fuzzy token search.
const FUZZY_KEY_CAP: usize = 200;
/// Shortest part of a query token read as two words of an alias.
const SPLIT_PART_MIN_LEN: usize = 3;
/// Shortest word looked up as two query tokens written as one.
const JOINED_MIN_LEN: usize = 8;

/// One query in progress.
pub(super) struct Search<'r> {
    resolver: &'r Resolver,
    /// The whole query, folded.
    pub folded: String,
    /// The query without leading titles, folded.
    pub core: String,
    /// The titles removed from the front.
    pub removed: Vec<String>,
    /// Whether one of them is a person's title (any but "the"), which
    /// marks the query as a person's name ([`TITLED_OTHER_FACTOR`]).
    person_title: bool,
    /// The core's tokens with skeletons and weights.
    pub tokens: Vec<Token>,
    /// The whole query's tokens, titles included, when titles were removed:
    /// an alias may hold the title too ("The Crystal Group").
    titled_tokens: Vec<Token>,
    /// Candidates, scores and caches, in buffers reused across queries.
    scratch: Scratch,
    /// Scores by alias text, kind and surname length: what
    /// [`score_alias`](Self::score_alias) gives every alias of that text.
    same_text: FxHashMap<(&'r str, AliasKind, u8), (f32, Option<Detail>)>,
    /// Whether the query is in Latin script (ASCII), the only script in
    /// which codes such as "BY" or "BLR" may match.
    latin: bool,
    /// Whether the query is written in Latin letters (accents allowed),
    /// so that its tokens are as typed, not transliterated.
    typed: bool,
    /// Whether candidates that the resolver's type or country filter
    /// rejects are scored too, outside the cap, so that an explanation can
    /// show them; they never take an allowed candidate's place.
    pub show_filtered: bool,
    /// Whether scoring stops once the answer is plain ([`PLAIN_ANSWER`]);
    /// only the best answer is then certain, not the runners-up.
    pub stop_early: bool,
    /// The aliases that the query without its initials names exactly.
    bare_hits: Vec<u32>,
    /// The query tokens (bit i for token i) whose aliases the token stages
    /// added as candidates.
    searched_tokens: u32,
    /// The query tokens every token-stage candidate must have been reached
    /// by to be scored (none when 0); see [`Search::require_every_word`].
    required_tokens: u32,
}

impl<'r> Search<'r> {
    pub fn new(resolver: &'r Resolver, folded: String, latin: bool, typed: bool) -> Search<'r> {
        let all: Vec<&str> = normalize::tokens(&folded).collect();
        let skip = titles::leading_titles(&all);
        let removed: Vec<String> = all[..skip].iter().map(|t| t.to_string()).collect();
        let person_title = removed.iter().any(|t| t != "the");
        let core = all[skip..].join(" ");
        let mut search = Search {
            resolver,
            core: String::new(),
            removed,
            person_title,
            tokens: Vec::new(),
            titled_tokens: Vec::new(),
            scratch: Scratch::lend(resolver.index().identity()),
            same_text: FxHashMap::default(),
            folded: String::new(),
            latin,
            typed,
            show_filtered: false,
            stop_early: false,
            bare_hits: Vec::new(),
            searched_tokens: 0,
            required_tokens: 0,
        };
        search.tokens = search.query_tokens(&core);
        if skip > 0 {
            search.titled_tokens = search.query_tokens(&folded);
        }
        search.core = core;
        search.folded = folded;
        search
    }

    /// The tokens of `text` (at most 32) with skeletons and weights.
    fn query_tokens(&mut self, text: &str) -> Vec<Token> {
        normalize::tokens(text)
            .take(32)
            .map(|t| {
                let mut skeleton = String::with_capacity(t.len());
                normalize::skeleton_token(t, &mut skeleton);
                let (weight, generic) = self.weight_and_generic(&skeleton);
                Token {
                    folded: t.to_string(),
                    skeleton,
                    weight,
                    typed: self.typed,
                    generic,
                }
            })
            .collect()
    }

    /// Adds a candidate that a whole key reached; one scored already is set
    /// aside when the stage is scored.
    fn add(&mut self, alias: u32) {
        self.scratch.pending.push(reach(alias, 0, WHOLE_KEY));
    }

    /// Whole-key stages: the exact folded query (also with titles removed,
    /// and without its initials) and its skeleton key. `exact_hits` says
    /// whether the folded query is an alias, as the exact stage found (it
    /// is not looked up again when it is not).
    pub fn add_exact_keys(&mut self, exact_hits: bool) {
        let index = self.resolver.index();
        if exact_hits {
            for a in index.names_exact(&self.folded).iter() {
                self.add(a);
            }
        }
        if !self.removed.is_empty() {
            for a in index.names_exact(&self.core).iter() {
                self.add(a);
            }
        }
        if let Some(bare) = self.without_initials() {
            for a in index.names_exact(&bare).iter() {
                self.add(a);
                self.bare_hits.push(a);
            }
        }
        let skeleton = normalize::skeleton_key(&self.core);
        for a in index.skeletons_exact(&skeleton).iter() {
            self.add(a);
        }
    }

    /// The core without its initials (letters standing alone: "Amanda B.
    /// Pereira" is "amanda pereira"), when it has some and other words.
    fn without_initials(&self) -> Option<String> {
        let initial =
            |t: &Token| t.folded.len() == 1 && t.folded.bytes().all(|b| b.is_ascii_alphabetic());
        let words: Vec<&str> = (self.tokens.iter())
            .filter(|t| !initial(t))
            .map(|t| t.folded.as_str())
            .collect();
        (!words.is_empty() && words.len() < self.tokens.len()).then(|| words.join(" "))
    }

    /// The entities, among those the resolver accepts, that an alias that
    /// is the query but for its initials names with a score of at least
    /// `threshold`.
    fn bare_entities(&self, threshold: f32) -> impl Iterator<Item = u32> + '_ {
        let index = self.resolver.index();
        self.bare_hits
            .iter()
            .filter(move |a| {
                self.scratch
                    .scored
                    .get(*a)
                    .is_some_and(|(s, _)| *s >= threshold)
            })
            .filter_map(|a| index.alias_entity(*a))
            .filter(|e| self.resolver.accepts_entity(*e))
    }

    /// Whether an alias that is the query without its initials scores at
    /// least `threshold` for a place or an organisation the resolver
    /// accepts: the name is then found, and its words need not be searched
    /// one by one (where a common word's many aliases can crowd it out). A
    /// person's is not enough: an initial may stand for a middle name that
    /// another person's alias spells out ("John F. Kennedy").
    pub fn bare_name_found(&self, threshold: f32) -> bool {
        let index = self.resolver.index();
        self.bare_entities(threshold).any(|e| {
            index
                .entity_kind_country(e)
                .is_some_and(|(kind, _)| kind != b"person")
        })
    }

    /// Whether an alias that is the query but for its initials scores at
    /// least `threshold` for an entity the resolver accepts.
    pub fn bare_hit_found(&self, threshold: f32) -> bool {
        self.bare_entities(threshold).next().is_some()
    }

    /// From now on, scores only candidates that every word searched so far
    /// reached. Once the query but for its initials is an alias, the token
    /// stage is there for another entity that spells out what an initial
    /// stands for (`John F. Kennedy`: `KENNEDY, John Fitzgerald`), and
    /// such an alias holds every word of the query.
    pub fn require_every_word(&mut self) {
        self.required_tokens = self.searched_tokens;
    }

    /// Token stage: aliases sharing the query's tokens, exactly or (with
    /// `fuzzy`) within each token's edit budget. Rare tokens are taken
    /// first, common ones only while the candidate cap allows.
    ///
    /// An alias that only near spellings reached, no word as written, is
    /// scored only when every searched word reached it. A slip turns a
    /// word into a near spelling of the one meant ("Wiliam Miller", or
    /// "Miller" typed for "Millar"), and the alias meant holds the other
    /// words too, near or as written; an alias that a word as written
    /// reached, but the token stage's cap left out, is scored as usual.
    pub fn add_token_matches(&mut self, fuzzy: bool) {
        let index = self.resolver.index();
        let mut per_token: Vec<PerToken> = Vec::new();
        for (i, q) in self.tokens.iter().enumerate() {
            if q.skeleton.len() < 2 {
                continue; // initials find nothing on their own
            }
            // No name has a word this long; searching around one costs
            // time quadratic in its length.
            let values = if fuzzy && q.folded.len() <= MAX_FUZZY_TOKEN_LEN {
                self.scratch
                    .near_spellings
                    .get_or_search(&q.folded, || near_spellings(index, q))
            } else {
                index.token_value(&q.skeleton).into_iter().collect()
            };
            let total = values.iter().map(|v| unpack_postings(*v).1 as usize).sum();
            if total > 0 {
                per_token.push(PerToken {
                    token: i,
                    values,
                    total,
                    as_written: fuzzy.then(|| index.token_value(&q.skeleton)).flatten(),
                });
            }
        }
        self.add_token_postings(per_token);
    }

    /// Aliases that write as two words a query token the table does not
    /// know (`poseuduiguasu` / `poseudu iguasu`), or as one word two
    /// neighbouring query tokens (`abdul rahman` / `abdulrahman`). Only
    /// whole words are looked up, so this costs a few hash lookups per
    /// token; the scoring pairs the parts ([`score`]'s joined tokens).
    pub fn add_split_and_joined_tokens(&mut self) {
        let index = self.resolver.index();
        let mut left = String::new();
        let mut right = String::new();
        for (i, q) in self.tokens.iter().enumerate() {
            let len = q.folded.len();
            if !(2 * SPLIT_PART_MIN_LEN..=MAX_FUZZY_TOKEN_LEN).contains(&len)
                || index.token_value(&q.skeleton).is_some()
            {
                continue;
            }
            let token = token_byte(i);
            for at in SPLIT_PART_MIN_LEN..=len - SPLIT_PART_MIN_LEN {
                // Folded text is ASCII: every index is a char boundary.
                let (Some(head), Some(tail)) = (q.folded.get(..at), q.folded.get(at..)) else {
                    continue;
                };
                left.clear();
                normalize::skeleton_token(head, &mut left);
                let Some(l) = index.token_value(&left) else {
                    continue;
                };
                right.clear();
                normalize::skeleton_token(tail, &mut right);
                let Some(r) = index.token_value(&right) else {
                    continue;
                };
                let both =
                    both_postings(index, l, r).map(|(alias, length)| reach(alias, length, token));
                self.scratch.pending.extend(both);
            }
        }
        for i in 0..self.tokens.len().saturating_sub(1) {
            if !self.joined_skeleton(i, &mut left, &mut right) {
                continue;
            }
            if let Some(v) = index.token_value(&right) {
                self.add_joined_postings(i, v);
            }
        }
    }

    /// Writes query tokens `i` and `i + 1` as one word into `joined`, and
    /// its skeleton into `skeleton`; says whether that word is long enough
    /// to look up ([`JOINED_MIN_LEN`]) and not too long.
    fn joined_skeleton(&self, i: usize, joined: &mut String, skeleton: &mut String) -> bool {
        let (Some(a), Some(b)) = (self.tokens.get(i), self.tokens.get(i + 1)) else {
            return false;
        };
        joined.clear();
        joined.push_str(&a.folded);
        joined.push_str(&b.folded);
        skeleton.clear();
        if !(JOINED_MIN_LEN..=MAX_FUZZY_TOKEN_LEN).contains(&joined.len()) {
            return false;
        }
        normalize::skeleton_token(joined, skeleton);
        true
    }

    /// Adds the aliases of the tokens FST value `v` as reached by query
    /// tokens `i` and `i + 1` together.
    fn add_joined_postings(&mut self, i: usize, v: u64) {
        let index = self.resolver.index();
        for (alias, length) in index.token_postings_with_lengths(v) {
            for token in [i, i + 1] {
                self.scratch
                    .pending
                    .push(reach(alias, length, token_byte(token)));
            }
        }
    }

    /// Aliases with a word within the edit budget of two neighbouring
    /// query tokens written as one (`gryn lynd` / `grynlnd`, Greenland in
    /// Urdu and Persian): the near spelling of
    /// [`add_split_and_joined_tokens`](Self::add_split_and_joined_tokens)'s
    /// second half.
    pub fn add_near_joined_tokens(&mut self) {
        if self.typed {
            // In typed Latin text a space is seldom a slip, and two
            // given names or a given and a family name written as one
            // come within two edits of many a place name.
            return;
        }
        let index = self.resolver.index();
        let mut joined = String::new();
        let mut skeleton = String::new();
        let mut values = Vec::new();
        for i in 0..self.tokens.len().saturating_sub(1) {
            if !self.joined_skeleton(i, &mut joined, &mut skeleton) {
                continue;
            }
            values.clear();
            let budget = edit_budget(skeleton.len());
            fuzzy::similar_tokens(index, &skeleton, budget, FUZZY_KEY_CAP, |v, _| {
                values.push(v)
            });
            let total: usize = values.iter().map(|v| unpack_postings(*v).1 as usize).sum();
            if total > TOKEN_CANDIDATE_CAP {
                continue;
            }
            for &v in &values {
                self.add_joined_postings(i, v);
            }
        }
    }

    /// Last stage: aliases with a token two edits from a long query token
    /// that [`add_token_matches`](Self::add_token_matches) cannot reach
    /// (two substitutions, two letters missing), by a walk over the token
    /// FST that takes the first two letters as written, or one edit from
    /// its skeleton once a slip is repaired (two slips among the first
    /// letters, or a slip that broke a skeleton rule and another:
    /// [`fuzzy::skeletons_near_a_repair`]). Only tokens the table does not
    /// know are searched.
    pub fn add_far_token_matches(&mut self) {
        let index = self.resolver.index();
        let mut per_token: Vec<PerToken> = Vec::new();
        for (i, q) in self.tokens.iter().enumerate() {
            if index.token_value(&q.skeleton).is_some() {
                continue; // a word of the table is taken as spelled
            }
            let far = &mut self.scratch.far_spellings;
            let values = far.get_or_search(&q.folded, || far_spellings(index, q));
            let total = values.iter().map(|v| unpack_postings(*v).1 as usize).sum();
            if total > 0 {
                per_token.push(PerToken {
                    token: i,
                    values,
                    total,
                    as_written: None,
                });
            }
        }
        self.add_token_postings(per_token);
    }

    /// Adds the aliases behind each query token's matching index tokens,
    /// rarest first, while the candidate cap allows.
    fn add_token_postings(&mut self, mut per_token: Vec<PerToken>) {
        let index = self.resolver.index();
        per_token.sort_by_key(|t| t.total);
        let mut taken = 0;
        for (n, t) in per_token.into_iter().enumerate() {
            if n > 0 && taken + t.total > TOKEN_CANDIDATE_CAP {
                break;
            }
            taken += t.total;
            let token = token_byte(t.token);
            self.searched_tokens |= 1 << token;
            for v in t.values {
                let byte = match t.as_written {
                    Some(written) if written != v => token | NEAR_SPELLING,
                    _ => token,
                };
                let postings = index.token_postings_with_lengths(v);
                let entries = postings.map(|(alias, length)| reach(alias, length, byte));
                self.scratch.pending.extend(entries);
            }
        }
    }

    /// Scores the pending candidates, those most likely to score well first
    /// ([`priority`]; whole-key hits before all). Candidates of entities
    /// that the resolver's filters reject are set aside first: scoring them
    /// would be wasted, and they must not crowd allowed ones out of the cap.
    /// Returns how many candidates were pending.
    pub fn score_pending(&mut self) -> usize {
        let index = self.resolver.index();
        let query_weight: f32 = self.tokens.iter().map(|t| t.weight).sum();
        let query_len = self.core.len();
        // Merge the tokens of each alias, then rank the aliases.
        let reached = &mut self.scratch.pending;
        // Stable sort: it merges the runs it finds, and each token's
        // postings arrive as one ascending run (4% fewer instructions than
        // the unstable sort on a mixed workload).
        reached.sort();
        let mut pending: Vec<u64> = Vec::with_capacity(reached.len());
        for group in reached.chunk_by(|x, y| x >> 32 == y >> 32) {
            let alias = (group[0] >> 32) as u32;
            if self.scratch.scored.contains_key(&alias) {
                continue;
            }
            let bits = group.iter().fold(0u32, |bits, &entry| match entry as u8 {
                WHOLE_KEY => bits,
                token => bits | 1 << (token & TOKEN_MASK),
            });
            if bits == 0 {
                pending.push(ranked(f32::INFINITY, alias));
                continue;
            }
            if bits & self.required_tokens != self.required_tokens {
                continue;
            }
            let only_near = || {
                group.iter().all(|&e| {
                    let token = e as u8;
                    token != WHOLE_KEY && token & NEAR_SPELLING != 0
                })
            };
            if bits & self.searched_tokens != self.searched_tokens && only_near() {
                continue;
            }
            let shared = shared_weight(&self.tokens, bits);
            // A whole-key entry carries no length (0); a token entry does.
            let length = group.iter().map(|&e| (e >> 8) as u8).max().unwrap_or(0);
            let alias_len = index.alias_folded_len(alias, length).map_or(0, usize::from);
            let p = priority(
                shared / query_weight.max(f32::MIN_POSITIVE),
                query_len,
                alias_len,
            );
            pending.push(ranked(p, alias));
        }
        reached.clear();
        let found = pending.len();
        let mut rejected = Vec::new();
        if self.resolver.has_filters() {
            pending.retain(|&entry| {
                let alias = entry as u32;
                let allowed = index
                    .alias_entity(alias)
                    .is_some_and(|e| self.resolver.accepts_entity(e));
                if !allowed && self.show_filtered {
                    rejected.push(entry);
                }
                allowed
            });
        }
        keep_likeliest(&mut pending);
        keep_likeliest(&mut rejected);
        // Likeliest first, so that scoring can stop once the answer is
        // plain ([`Search::stop_early`]).
        pending.sort_unstable();
        // The candidates' records and texts are scattered over the index:
        // fetched together first, their cache misses overlap (about 3% less
        // time on a file of distinct names).
        index.warm_aliases(pending.iter().map(|&entry| entry as u32));
        let mut best: Option<(f32, f32)> = None; // (score, priority)
        for entry in pending {
            let p = priority_of(entry);
            if let Some((score, best_p)) = best {
                if self.stop_early && score >= PLAIN_ANSWER && p < best_p - PLAIN_ANSWER_GAP {
                    break;
                }
            }
            if let Some(score) = self.score_candidate(entry as u32) {
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, p));
                }
            }
        }
        for entry in rejected {
            self.score_candidate(entry as u32);
        }
        found
    }

    /// Scores alias `n` once (reusing the score of an alias of the same
    /// text) and keeps it; returns the score, or `None` for an alias the
    /// index cannot read.
    fn score_candidate(&mut self, n: u32) -> Option<f32> {
        let index = self.resolver.index();
        let (folded, kind, surname_tokens) = index.alias_for_scoring(n)?;
        // Many aliases fold alike (one name in several languages, or
        // of several places): their score depends on the text alone,
        // unless a person's title dropped from the query weighs the
        // entity too ([`titled_no_person`](Self::titled_no_person)).
        let key = (folded, kind, surname_tokens);
        let reusable = !self.person_title;
        let known = reusable.then(|| self.same_text.get(&key)).flatten();
        let scored = match known {
            Some(scored) => *scored,
            None => {
                let scored = self.score_alias(n, folded, kind, surname_tokens)?;
                if reusable {
                    self.same_text.insert(key, scored);
                }
                scored
            }
        };
        self.scratch.scored.insert(n, scored);
        Some(scored.0)
    }

    fn score_alias(
        &mut self,
        alias: u32,
        folded: &str,
        kind: AliasKind,
        surname_tokens: u8,
    ) -> Option<(f32, Option<Detail>)> {
        if kind == AliasKind::Code {
            // Codes ("BY", "BLR") match a Latin query exactly or not at all:
            // "ابهر" transliterates to "bhr" but does not mean Bahrain.
            let exact = self.latin && (folded == self.folded || folded == self.core);
            return exact.then_some((1.0, None));
        }
        if folded == self.folded {
            return Some((1.0, None));
        }
        if folded == self.core {
            let f = if self.titled_no_person(alias) {
                TITLED_OTHER_FACTOR
            } else {
                1.0
            };
            return Some((f, None));
        }
        self.fill_alias_tokens(alias, folded);
        let mut d = score::score_in(
            &mut self.scratch.score,
            &self.tokens,
            &self.scratch.alias_tokens,
            usize::from(surname_tokens),
        );
        if !self.titled_tokens.is_empty() {
            if self.titled_no_person(alias) {
                d.score *= TITLED_OTHER_FACTOR;
            }
            let titled = score::score_in(
                &mut self.scratch.score,
                &self.titled_tokens,
                &self.scratch.alias_tokens,
                usize::from(surname_tokens),
            );
            if titled.score > d.score {
                d = titled;
            }
        }
        // A typo can cross a token boundary ("M INETS" for "MINETS") or put
        // two edits in one short token; the whole strings then differ by
        // a few edits although no token pairs up.
        if d.score < score::whole_string_ceiling(&self.core, folded, self.typed) {
            if let Some(whole) = score::whole_string(&self.core, folded, self.typed) {
                if whole.score > d.score {
                    d = whole;
                }
            }
        }
        if kind == AliasKind::WeakAka {
            d.score *= 0.98;
        }
        // Only an exact alias scores 1.
        d.score = d.score.min(0.995);
        Some((d.score, Some(d)))
    }

    /// Whether a person's title was dropped from the query and `alias`
    /// names no person.
    fn titled_no_person(&self, alias: u32) -> bool {
        let index = self.resolver.index();
        self.person_title
            && index
                .alias_entity(alias)
                .and_then(|e| index.entity_kind_country(e))
                .is_some_and(|(kind, _)| kind != b"person")
    }

    /// Tokenises alias `alias`, whose folded form is `folded`, into the
    /// reused token buffer, with the token weights the index stores.
    fn fill_alias_tokens(&mut self, alias: u32, folded: &str) {
        let index = self.resolver.index();
        let mut stored = index.alias_token_weights(alias);
        let mut n = 0;
        for t in normalize::tokens(folded) {
            if self.scratch.alias_tokens.len() <= n {
                self.scratch.alias_tokens.push(Token {
                    folded: String::new(),
                    skeleton: String::new(),
                    weight: 0.0,
                    typed: false,
                    generic: false,
                });
            }
            let mut tok = std::mem::replace(
                &mut self.scratch.alias_tokens[n],
                Token {
                    folded: String::new(),
                    skeleton: String::new(),
                    weight: 0.0,
                    typed: false,
                    generic: false,
                },
            );
            tok.folded.clear();
            tok.folded.push_str(t);
            tok.skeleton.clear();
            normalize::skeleton_token(t, &mut tok.skeleton);
            // An index whose weights do not fit the alias is damaged;
            // the weight is then looked up.
            tok.weight = match stored.as_mut().and_then(Iterator::next) {
                Some(w) => w,
                None => self.weight(&tok.skeleton),
            };
            self.scratch.alias_tokens[n] = tok;
            n += 1;
        }
        self.scratch.alias_tokens.truncate(n);
    }

    /// A token's rarity weight, kept for later queries on this thread.
    fn weight(&mut self, skeleton: &str) -> f32 {
        self.weight_and_generic(skeleton).0
    }

    /// A token's rarity weight and whether it is a generic word, kept for
    /// later queries on this thread: every query token needs both, and
    /// the words of names recur.
    fn weight_and_generic(&mut self, skeleton: &str) -> (f32, bool) {
        if let Some(&known) = self.scratch.weights.get(skeleton) {
            return known;
        }
        let index = self.resolver.index();
        let known = (
            self.resolver.token_weight(skeleton),
            index.is_generic_word(skeleton),
        );
        self.scratch.weights.insert(skeleton.into(), known);
        known
    }

    /// The scored aliases: each with its score and detail (`None` for an
    /// exact alias).
    pub fn scored(&self) -> impl Iterator<Item = (u32, f32, Option<Detail>)> + '_ {
        self.scratch.scored.iter().map(|(a, (s, d))| (*a, *s, *d))
    }

    /// The query tokens, for explanations.
    pub fn token_reports(&self) -> Vec<super::TokenReport> {
        self.tokens
            .iter()
            .map(|q| super::TokenReport {
                token: q.folded.clone(),
                skeleton: q.skeleton.clone(),
                weight: q.weight,
            })
            .collect()
    }

    /// Whether every query token of two letters or more is a token of some
    /// alias (initials say nothing either way).
    pub fn all_tokens_known(&self) -> bool {
        let index = self.resolver.index();
        self.tokens
            .iter()
            .all(|q| q.skeleton.len() < 2 || index.token_value(&q.skeleton).is_some())
    }

    /// Whether `k` entities already score at least `threshold`.
    pub fn has_confident(&self, k: usize, threshold: f32) -> bool {
        let index = self.resolver.index();
        let confident = |(a, (s, _)): (&u32, &(f32, Option<Detail>))| {
            (*s >= threshold)
                .then(|| index.alias_entity(*a))
                .flatten()
                .filter(|e| self.resolver.accepts_entity(*e))
        };
        if k <= 1 {
            return self.scratch.scored.iter().any(|c| confident(c).is_some());
        }
        let mut entities: Vec<u32> = self.scratch.scored.iter().filter_map(confident).collect();
        entities.sort_unstable();
        entities.dedup();
        entities.len() >= k
    }
}

/// The tokens FST values of the words within a query word's edit budget
/// ([`Search::add_token_matches`] with near spellings).
fn near_spellings(index: &Index, q: &Token) -> Vec<u64> {
    // A word of the table is taken as spelled: a slip of one letter, but
    // not two, still reaches another word.
    let known = index.token_value(&q.skeleton).is_some();
    let budget = edit_budget(q.skeleton.len()).min(if known { 1 } else { 2 });
    let mut values = Vec::new();
    fuzzy::similar_tokens(index, &q.skeleton, budget, FUZZY_KEY_CAP, |v, _| {
        values.push(v)
    });
    if q.folded != q.skeleton {
        // A typo can break the spelling a skeleton rule reads
        // ("tgoob" folds to "tgub", far from "togob"); the token as
        // written gets its own search, one edit away: that slip is
        // the one edit, and the skeleton's search above reaches up
        // to two (a second edit here changed no answer on the
        // development set, 3,000 benchmark names or 14,278 person
        // names, and cost 6% of a no-match query).
        let budget = edit_budget(q.folded.len()).min(1);
        let mut add = |v| push_new(&mut values, v);
        fuzzy::similar_tokens(index, &q.folded, budget, FUZZY_KEY_CAP, |v, _| add(v));
        if budget > 0 {
            fuzzy::skeletons_with_a_letter_dropped(index, &q.folded, &mut add);
        }
    }
    values
}

/// The tokens FST values of the words two edits from a long query word
/// that [`near_spellings`] cannot reach ([`Search::add_far_token_matches`]).
fn far_spellings(index: &Index, q: &Token) -> Vec<u64> {
    // The skeleton, or else the token as written: skeleton rules
    // shorten a token ("toomjas" is "tumias"), and a typo can
    // break the spelling they read, so a token whose skeleton is
    // too short for this search may still be long enough as written.
    let spelling = if q.skeleton.len() < FAR_TOKEN_MIN_LEN {
        &q.folded
    } else {
        &q.skeleton
    };
    if !(FAR_TOKEN_MIN_LEN..=MAX_FUZZY_TOKEN_LEN).contains(&spelling.len()) || !spelling.is_ascii()
    {
        return Vec::new();
    }
    let mut values = Vec::new();
    fuzzy::tokens_within_two(index, spelling, FUZZY_KEY_CAP, two_edits_into(&mut values));
    // Two slips among the first letters, or one that breaks a
    // skeleton rule ("Gumhmerzbakh": the `h` keeps `mm` apart) and
    // another: out of the walk's reach.
    if (REPAIR_MIN_LEN..=MAX_FUZZY_TOKEN_LEN).contains(&q.folded.len()) {
        fuzzy::skeletons_near_a_repair(index, &q.folded, FUZZY_KEY_CAP, |v| {
            push_new(&mut values, v)
        });
    }
    values
}

/// The aliases (with their length bytes) in both of two tokens' posting
/// lists, which are in ascending alias order.
fn both_postings(
    index: &crate::index::Index,
    a: u64,
    b: u64,
) -> impl Iterator<Item = (u32, u8)> + '_ {
    let mut others = index.token_postings(b).values().peekable();
    index
        .token_postings_with_lengths(a)
        .filter(move |&(alias, _)| {
            while others.next_if(|&other| other < alias).is_some() {}
            others.peek() == Some(&alias)
        })
}

/// Adds a tokens FST value that an earlier search did not find already.
fn push_new(values: &mut Vec<u64>, v: u64) {
    if !values.contains(&v) {
        values.push(v);
    }
}

/// A walk's callback that keeps the tokens two edits away (those nearer
/// were found by the earlier stages).
fn two_edits_into(values: &mut Vec<u64>) -> impl FnMut(u64, u32) + '_ {
    |v, edits| {
        if edits == 2 {
            values.push(v)
        }
    }
}

/// A candidate not scored yet, as one integer that sorts by alias: the
/// alias number (high 32 bits), the length byte that came with it from
/// the posting list (bits 8–15; see `Index::alias_folded_len`), and the
/// query token that reached it (low 8 bits), or [`WHOLE_KEY`]. An alias
/// reached by several tokens appears once per token, merged when the stage
/// is scored.
fn reach(alias: u32, length: u8, token: u8) -> u64 {
    u64::from(alias) << 32 | u64::from(length) << 8 | u64::from(token)
}

/// The token byte of a [`reach`] entry for query token `i`: there are at
/// most 32 query tokens (see `Search::query_tokens`).
fn token_byte(i: usize) -> u8 {
    (i & usize::from(TOKEN_MASK)) as u8
}

/// The token of a [`reach`] entry for a whole-key hit (the folded query or
/// its skeleton key), which ranks before every token match.
const WHOLE_KEY: u8 = u8::MAX;

/// Set in the token byte of a [`reach`] entry that a near spelling of the
/// token brought, not the token as written (see
/// [`Search::add_token_matches`]). It lies above every token number.
const NEAR_SPELLING: u8 = 0x40;

/// The token number in a token byte.
const TOKEN_MASK: u8 = 31;

/// A query token's matching index tokens, for [`Search::add_token_postings`].
struct PerToken {
    /// The query token's number.
    token: usize,
    /// The tokens FST values of the index tokens that match it.
    values: Vec<u64>,
    /// The aliases behind them, counted with repeats.
    total: usize,
    /// The value of the token as written, when `values` holds near
    /// spellings of it, to tell them apart.
    as_written: Option<u64>,
}

/// The summed weight of the tokens whose bits are set (bit i for token i).
fn shared_weight(tokens: &[Token], mut bits: u32) -> f32 {
    let mut sum = 0.0;
    while bits != 0 {
        let i = bits.trailing_zeros() as usize;
        sum += tokens.get(i).map_or(0.0, |t| t.weight);
        bits &= bits - 1;
    }
    sum
}

/// How likely a candidate is to score well, from what is known before its
/// tokens are read: the share of the query's weight that reached it, and
/// how near its folded length is to the query's.
fn priority(shared_weight: f32, query_len: usize, alias_len: usize) -> f32 {
    let length_likeness = query_len.min(alias_len) as f32 / query_len.max(alias_len).max(1) as f32;
    (1.0 - LENGTH_PRIORITY) * shared_weight + LENGTH_PRIORITY * length_likeness
}

/// A candidate as one integer that sorts by priority, highest first, and
/// then by alias number: priorities are never negative, and the bits of a
/// non-negative `f32` order as the number does.
fn ranked(priority: f32, alias: u32) -> u64 {
    u64::from(u32::MAX - priority.max(0.0).to_bits()) << 32 | u64::from(alias)
}

/// The priority a [`ranked`] entry was made with.
fn priority_of(entry: u64) -> f32 {
    f32::from_bits(u32::MAX - (entry >> 32) as u32)
}

/// Keeps the [`SCORED_CANDIDATE_CAP`] candidates ([`ranked`]) of highest
/// priority (ties: lower alias number).
fn keep_likeliest(pending: &mut Vec<u64>) {
    if pending.len() > SCORED_CANDIDATE_CAP {
        // Partition, not sort: only which candidates make the cut matters.
        pending.select_nth_unstable(SCORED_CANDIDATE_CAP - 1);
        pending.truncate(SCORED_CANDIDATE_CAP);
    }
}

impl Drop for Search<'_> {
    fn drop(&mut self) {
        std::mem::take(&mut self.scratch).give_back();
    }
}

#[cfg(test)]
mod tests {
    use super::{priority_of, ranked};

    #[test]
    fn a_ranked_entry_keeps_its_priority() {
        for p in [0.0, 1e-6, 0.25, 0.775, 1.0, f32::INFINITY] {
            assert_eq!(priority_of(ranked(p, 42)), p);
        }
    }

    #[test]
    fn ranked_candidates_sort_by_priority_then_alias() {
        let mut entries = [
            ranked(0.5, 7),
            ranked(0.0, 1),
            ranked(f32::INFINITY, 9),
            ranked(0.75, 3),
            ranked(0.5, 2),
            ranked(1e-6, 0),
        ];
        entries.sort_unstable();
        let order: Vec<u32> = entries.iter().map(|e| *e as u32).collect();
        assert_eq!(order, [9, 3, 2, 7, 0, 1]);
    }
}
