//! From a query to ranked entity matches.
//!
//! The cascade runs cheapest first and stops early when it can:
//!
//! 1. **exact**: the folded query is a folded alias (or a person's alias
//!    reordered from `LAST, Given` to `Given LAST`). One FST lookup.
//! 2. **titles**: leading titles (`Mr`, `M.`, `Président`, …) are dropped
//!    and step 1 runs again.
//! 3. **skeleton**: the query's skeleton key is an alias's skeleton key
//!    (spelling variants such as Loukachenko / Lukashenko).
//! 4. **fuzzy**: a Levenshtein automaton over the skeleton keys finds aliases
//!    within an edit budget that grows with length (typos).
//! 5. **tokens**: each query token is looked up exactly and fuzzily among
//!    alias tokens; aliases sharing the rarest tokens become candidates
//!    (reordered names, missing middle names, surnames alone).
//!
//! Every candidate alias is then scored by [`score`] against the query, the
//! best alias stands for its entity, and entities rank by score, then
//! prominence, then alias count, then table order. Matches below the
//! minimum score are dropped: "no match" is an empty list.

pub mod score;

use crate::index::format::{AliasKind, unpack_postings};
use crate::index::{AliasRef, Index};
use crate::normalize::{self, titles};
use fst::{IntoStreamer, Streamer};
use levenshtein_automata::LevenshteinAutomatonBuilder;
use rustc_hash::FxHashMap;
use score::{Detail, Token, edit_budget};
use serde::Serialize;
use std::sync::OnceLock;

/// The score below which a candidate is "no match", unless overridden.
pub const DEFAULT_MIN_SCORE: f64 = 0.75;

/// Most aliases a common query token may bring in as candidates.
const TOKEN_CANDIDATE_CAP: usize = 20_000;
/// Most candidates scored in full.
const SCORED_CANDIDATE_CAP: usize = 400;
/// Most keys taken from one fuzzy automaton search.
const FUZZY_KEY_CAP: usize = 200;

/// How a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The query equals an alias after folding.
    Exact,
    /// The query has the alias's tokens in another order.
    Reordered,
    /// The query spells the alias with other transliteration conventions.
    Skeleton,
    /// The query is the alias with some letters edited.
    Fuzzy,
    /// The query is the surname of a person's alias.
    Surname,
    /// The query shares some tokens with the alias.
    Tokens,
}

impl Stage {
    /// The stage's name, as printed in reasons.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Exact => "exact",
            Stage::Reordered => "reordered",
            Stage::Skeleton => "skeleton",
            Stage::Fuzzy => "fuzzy",
            Stage::Surname => "surname",
            Stage::Tokens => "tokens",
        }
    }
}

/// Why an entity matched: the stage, the stored alias and the edits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// The stage that decided.
    pub stage: Stage,
    /// The stored alias that matched, as the alias table wrote it.
    pub alias: String,
    /// The alias kind (`name`, `aka`, `alt`, …).
    pub alias_kind: &'static str,
    /// Letter edits between query and alias skeletons.
    pub edits: u32,
    /// Titles removed from the front of the query.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub titles_removed: Vec<String>,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.stage.as_str())?;
        if self.edits > 0 {
            let s = if self.edits == 1 { "" } else { "s" };
            write!(f, ", {} edit{s}", self.edits)?;
        }
        write!(f, ": {} '{}'", self.alias_kind, self.alias)?;
        if !self.titles_removed.is_empty() {
            write!(f, " (title '{}' removed)", self.titles_removed.join(" "))?;
        }
        Ok(())
    }
}

/// One entity that a query resolved to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// The entity id, e.g. `ofac:9760`.
    pub id: String,
    /// The canonical display name.
    pub name: String,
    /// The entity type (`person`, `organization`, `country`, `city`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// ISO 3166-1 alpha-2 country code, if known.
    pub country: Option<String>,
    /// Confidence in [0, 1]; 1 for an exact alias.
    pub score: f64,
    /// How the match was found.
    pub reason: Reason,
}

/// Resolves names against an [`Index`]. Immutable and `Send + Sync`: build
/// one and share it.
///
/// ```
/// let resolver = aka::Resolver::builder(aka::Index::embedded()?).build();
/// let best = resolver.resolve_one("Loukachenko").expect("a match");
/// assert_eq!(best.id, "ofac:9760");
/// # Ok::<(), aka::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Resolver {
    index: Index,
    min_score: f64,
    top_k: usize,
    types: Vec<String>,
    country: Option<String>,
    alias_total: f32,
}

/// Configures a [`Resolver`].
#[derive(Debug, Clone)]
pub struct ResolverBuilder {
    index: Index,
    min_score: f64,
    top_k: usize,
    types: Vec<String>,
    country: Option<String>,
}

impl ResolverBuilder {
    /// Matches scoring below `min_score` are dropped (default
    /// [`DEFAULT_MIN_SCORE`]); clamped to [0, 1].
    pub fn min_score(mut self, min_score: f64) -> Self {
        self.min_score = if min_score.is_nan() { DEFAULT_MIN_SCORE } else { min_score.clamp(0.0, 1.0) };
        self
    }

    /// How many entities [`Resolver::resolve`] returns at most (default 1;
    /// at least 1).
    pub fn top_k(mut self, k: usize) -> Self {
        self.top_k = k.max(1);
        self
    }

    /// Only entities of these types (e.g. `["person", "city"]`); empty means
    /// all types.
    pub fn types<S: AsRef<str>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.types = types.into_iter().map(|t| t.as_ref().trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
        self
    }

    /// Only entities of this ISO 3166-1 alpha-2 country.
    pub fn country(mut self, country: Option<&str>) -> Self {
        self.country = country.map(|c| c.trim().to_uppercase()).filter(|c| !c.is_empty());
        self
    }

    /// Finishes the resolver.
    pub fn build(self) -> Resolver {
        let alias_total = self.index.alias_count().max(1) as f32;
        Resolver {
            index: self.index,
            min_score: self.min_score,
            top_k: self.top_k,
            types: self.types,
            country: self.country,
            alias_total,
        }
    }
}

/// A candidate alias and how it was reached.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    alias: u32,
    /// Query tokens whose postings contained the alias (bit per token).
    token_hits: u32,
}

impl Resolver {
    /// Starts configuring a resolver over `index`.
    pub fn builder(index: Index) -> ResolverBuilder {
        ResolverBuilder {
            index,
            min_score: DEFAULT_MIN_SCORE,
            top_k: 1,
            types: Vec::new(),
            country: None,
        }
    }

    /// The index this resolver reads.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The best match, or `None` for "no match".
    pub fn resolve_one(&self, query: &str) -> Option<Match> {
        self.resolve_top(query, 1).into_iter().next()
    }

    /// Up to `top_k` matches, best first; empty for "no match".
    pub fn resolve(&self, query: &str) -> Vec<Match> {
        self.resolve_top(query, self.top_k)
    }

    fn resolve_top(&self, query: &str, top_k: usize) -> Vec<Match> {
        let folded = normalize::fold(query);
        if folded.is_empty() {
            return Vec::new();
        }
        // 1. Exact: enough when it fills the answer.
        let exact = self.index.names_exact(&folded);
        if !exact.is_empty() {
            let found = self.rank_exact(exact.iter(), &folded, &[], top_k);
            if found.len() >= top_k {
                return found;
            }
        }
        // 2. Titles.
        let all: Vec<&str> = normalize::tokens(&folded).collect();
        let skip = titles::leading_titles(&all);
        let removed: Vec<String> = all[..skip].iter().map(|t| t.to_string()).collect();
        let core_tokens = &all[skip..];
        let core = core_tokens.join(" ");
        let mut candidates: FxHashMap<u32, Candidate> = FxHashMap::default();
        let add = |c: &mut FxHashMap<u32, Candidate>, alias: u32, hits: u32| {
            c.entry(alias).or_insert(Candidate { alias, token_hits: 0 }).token_hits |= hits;
        };
        for a in exact.iter() {
            add(&mut candidates, a, 0);
        }
        if skip > 0 {
            for a in self.index.names_exact(&core).iter() {
                add(&mut candidates, a, 0);
            }
        }
        // 3. Skeleton key, 4. fuzzy over skeleton keys.
        let skeleton = normalize::skeleton_key(&core);
        for a in self.index.skeletons_exact(&skeleton).iter() {
            add(&mut candidates, a, 0);
        }
        let budget = edit_budget(skeleton.len());
        if budget > 0 {
            let dfa = levenshtein_builder(budget).build_dfa(&skeleton);
            let mut stream = self.index.skeleton_map().search(&dfa).into_stream();
            let mut keys = 0;
            while let Some((_, value)) = stream.next() {
                for a in self.index.key_postings(value).iter() {
                    add(&mut candidates, a, 0);
                }
                keys += 1;
                if keys >= FUZZY_KEY_CAP {
                    break;
                }
            }
        }
        // 5. Tokens.
        let query_tokens = self.query_tokens(core_tokens);
        self.token_candidates(&query_tokens, &mut candidates);

        self.rank_scored(candidates.into_values().collect(), &query_tokens, &folded, &core, &removed, top_k)
    }

    /// Query tokens with skeletons and rarity weights.
    fn query_tokens(&self, tokens: &[&str]) -> Vec<Token> {
        tokens
            .iter()
            .take(32)
            .map(|t| {
                let mut skeleton = String::with_capacity(t.len());
                normalize::skeleton_token(t, &mut skeleton);
                let weight = self.weight(&skeleton);
                Token { folded: t.to_string(), skeleton, weight }
            })
            .collect()
    }

    /// Rarity weight of a skeleton token: log inverse alias frequency;
    /// unseen tokens weigh most, single letters (initials) least.
    fn weight(&self, skeleton: &str) -> f32 {
        if skeleton.len() <= 1 {
            return 0.5;
        }
        let df = self.index.token_frequency(skeleton) as f32;
        (1.0 + self.alias_total / (1.0 + df)).ln()
    }

    /// Adds aliases that share (fuzzily) the query's rarest tokens.
    fn token_candidates(&self, query: &[Token], candidates: &mut FxHashMap<u32, Candidate>) {
        // For each token: the FST values of index tokens within its budget.
        let mut per_token: Vec<(usize, Vec<u64>, usize)> = Vec::new();
        for (i, q) in query.iter().enumerate() {
            if q.skeleton.len() < 2 {
                continue;
            }
            let mut values = Vec::new();
            let budget = edit_budget(q.skeleton.len());
            if budget == 0 {
                values.extend(self.index.token_map().get(&q.skeleton));
            } else {
                let dfa = levenshtein_builder(budget).build_dfa(&q.skeleton);
                let mut stream = self.index.token_map().search(&dfa).into_stream();
                while let Some((_, v)) = stream.next() {
                    values.push(v);
                    if values.len() >= FUZZY_KEY_CAP {
                        break;
                    }
                }
            }
            let total = values.iter().map(|v| unpack_postings(*v).1 as usize).sum();
            if total > 0 {
                per_token.push((i, values, total));
            }
        }
        per_token.sort_by_key(|t| t.2);
        let mut taken = 0;
        for (n, (i, values, total)) in per_token.iter().enumerate() {
            if n > 0 && taken + total > TOKEN_CANDIDATE_CAP {
                break;
            }
            taken += total;
            let bit = 1u32 << (*i as u32 % 32);
            for v in values {
                for a in self.index.token_postings(*v).iter() {
                    candidates.entry(a).or_insert(Candidate { alias: a, token_hits: 0 }).token_hits |= bit;
                }
            }
        }
    }

    fn passes_filters(&self, kind: &str, country: &str) -> bool {
        (self.types.is_empty() || self.types.iter().any(|t| t == kind))
            && self.country.as_deref().is_none_or(|c| c == country)
    }

    /// Ranks exact hits: all score 1.
    fn rank_exact(&self, aliases: impl Iterator<Item = u32>, folded: &str, removed: &[String], top_k: usize) -> Vec<Match> {
        let mut best: Vec<(f32, u32)> = aliases.map(|a| (1.0, a)).collect();
        best.dedup();
        self.finish(
            best,
            |_, alias| {
                let stage = if alias.folded == folded { Stage::Exact } else { Stage::Reordered };
                (stage, 0, removed.to_vec())
            },
            top_k,
        )
    }

    fn rank_scored(
        &self,
        mut candidates: Vec<Candidate>,
        query: &[Token],
        folded: &str,
        core: &str,
        removed: &[String],
        top_k: usize,
    ) -> Vec<Match> {
        // Score the candidates that share the most query tokens first.
        if candidates.len() > SCORED_CANDIDATE_CAP {
            candidates.sort_unstable_by_key(|c| (std::cmp::Reverse(c.token_hits.count_ones()), c.alias));
            candidates.truncate(SCORED_CANDIDATE_CAP);
        }
        let mut details: FxHashMap<u32, Detail> = FxHashMap::default();
        let mut scored = Vec::with_capacity(candidates.len());
        let mut alias_tokens = Vec::new();
        for c in candidates {
            let Some(alias) = self.index.alias(c.alias) else { continue };
            if alias.kind == AliasKind::Code && alias.folded != core && alias.folded != folded {
                continue; // codes ("BY", "BLR") match exactly or not at all
            }
            let score = if alias.folded == folded || alias.folded == core {
                1.0
            } else {
                self.alias_tokens(&alias, &mut alias_tokens);
                let mut d = score::score(query, &alias_tokens, alias.surname_tokens as usize);
                if alias.kind == AliasKind::WeakAka {
                    d.score *= 0.98;
                }
                // Only an exact alias scores 1.
                d.score = d.score.min(0.995);
                details.insert(c.alias, d);
                d.score
            };
            scored.push((score, c.alias));
        }
        self.finish(scored, |n, alias| stage_of(alias, folded, details.get(&n).copied(), removed), top_k)
    }

    fn alias_tokens(&self, alias: &AliasRef<'_>, out: &mut Vec<Token>) {
        out.clear();
        for t in normalize::tokens(alias.folded) {
            let mut skeleton = String::with_capacity(t.len());
            normalize::skeleton_token(t, &mut skeleton);
            let weight = self.weight(&skeleton);
            out.push(Token { folded: t.to_string(), skeleton, weight });
        }
    }

    /// Keeps each entity's best alias, ranks entities and builds matches.
    fn finish(
        &self,
        scored: Vec<(f32, u32)>,
        explain: impl Fn(u32, &AliasRef<'_>) -> (Stage, u32, Vec<String>),
        top_k: usize,
    ) -> Vec<Match> {
        let mut best: FxHashMap<u32, (f32, u32)> = FxHashMap::default();
        for (score, a) in scored {
            if f64::from(score) < self.min_score {
                continue;
            }
            let Some(alias) = self.index.alias(a) else { continue };
            let slot = best.entry(alias.entity).or_insert((score, a));
            if score > slot.0 || (score == slot.0 && a < slot.1) {
                *slot = (score, a);
            }
        }
        let mut ranked: Vec<(f32, crate::index::EntityRef<'_>, u32)> = best
            .into_iter()
            .filter_map(|(e, (s, a))| Some((s, self.index.entity(e)?, a)))
            .filter(|(_, e, _)| self.passes_filters(e.kind, e.country))
            .collect();
        ranked.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then(y.1.prominence.total_cmp(&x.1.prominence))
                .then(y.1.alias_count.cmp(&x.1.alias_count))
                .then(x.1.number.cmp(&y.1.number))
        });
        ranked.truncate(top_k);
        ranked
            .into_iter()
            .filter_map(|(score, e, a)| {
                let alias = self.index.alias(a)?;
                let (stage, edits, titles_removed) = explain(a, &alias);
                Some(Match {
                    id: e.id.to_string(),
                    name: e.name.to_string(),
                    kind: e.kind.to_string(),
                    country: (!e.country.is_empty()).then(|| e.country.to_string()),
                    score: (f64::from(score) * 1000.0).round() / 1000.0,
                    reason: Reason {
                        stage,
                        alias: alias.text.to_string(),
                        alias_kind: alias.kind.as_str(),
                        edits,
                        titles_removed,
                    },
                })
            })
            .collect()
    }
}

/// Names the stage that explains a scored alias.
fn stage_of(alias: &AliasRef<'_>, folded: &str, d: Option<Detail>, removed: &[String]) -> (Stage, u32, Vec<String>) {
    let titles_removed = if alias.folded == folded { Vec::new() } else { removed.to_vec() };
    let Some(d) = d else {
        return (Stage::Exact, 0, titles_removed);
    };
    let stage = if d.surname_only {
        Stage::Surname
    } else if d.all_skeleton_equal {
        Stage::Skeleton
    } else if d.query_matched == d.alias_matched && d.edits > 0 {
        Stage::Fuzzy
    } else {
        Stage::Tokens
    };
    (stage, d.edits, titles_removed)
}

/// Levenshtein automaton builders, made once per distance (with
/// transpositions counting as one edit).
fn levenshtein_builder(distance: u32) -> &'static LevenshteinAutomatonBuilder {
    static BUILDERS: OnceLock<[LevenshteinAutomatonBuilder; 2]> = OnceLock::new();
    let builders = BUILDERS.get_or_init(|| [LevenshteinAutomatonBuilder::new(1, true), LevenshteinAutomatonBuilder::new(2, true)]);
    &builders[if distance >= 2 { 1 } else { 0 }]
}
