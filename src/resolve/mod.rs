//! From a query to ranked entity matches.
//!
//! The cascade runs cheapest first and stops early when it can:
//!
//! 1. **exact**: the folded query is a folded alias (or a person's alias
//!    reordered from `LAST, Given` to `Given LAST`). One FST lookup. A
//!    query of initials alone (`x`, `J. K.`) or of three Latin letters in
//!    all stops here.
//! 2. **titles**: leading titles (`Mr`, `M.`, `Président`, …) are dropped
//!    and step 1 runs again.
//! 3. **skeleton**: the query's skeleton key is an alias's skeleton key
//!    (spelling variants such as Loukachenko / Lukashenko).
//! 4. **tokens**: each query token is looked up among alias tokens; aliases
//!    sharing the rarest tokens become candidates (reordered names, missing
//!    middle names, surnames alone).
//! 5. **fuzzy**: only when no candidate so far is confident, each token is
//!    also looked up within an edit budget that grows with its length
//!    ([`fuzzy`]: a deletion neighbourhood stored in the index).
//! 6. **far tokens**: only when still nothing passes the minimum score (or
//!    the default one, when the minimum is lower),
//!    tokens of seven letters or more (as skeletons, or else as written)
//!    are also looked up two edits away by a bounded walk over the token
//!    FST ([`fuzzy::tokens_within_two`]: two substitutions or two missing
//!    letters, which the deletion neighbourhood cannot reach), and, in
//!    tokens of eight letters or more, one edit away once a slip among the
//!    first letters, or one that broke a skeleton rule, is repaired
//!    ([`fuzzy::skeletons_near_a_repair`]).
//!
//! Every candidate alias is then scored by [`score`] against the query, the
//! best alias stands for its entity, and entities rank by score (a
//! country [`COUNTRY_MARGIN`] ahead of its own), then prominence, then
//! (among aliases that fold alike) how nearly the alias and the entity's
//! own name are written like the query, then alias count, then table
//! order. Matches below the minimum score are
//! dropped: "no match" is an empty list.

pub(crate) mod asked;
pub mod distance;
mod explain;
pub mod fuzzy;
pub mod keyboard;
mod qualifier;
pub mod score;
mod scratch;
mod search;

use std::cmp::Reverse;

use crate::index::format::{self, AliasKind};
use crate::index::{AliasRef, Index};
use crate::normalize;
use crate::normalize::script::{crosses_scripts, is_typed, script_of, typed_in_latin};
use search::Search;
use unicode_script::Script;

pub use explain::{CandidateReport, Explanation, StageReport, TokenReport};
use serde::Serialize;

/// A query typed in Latin letters, of at most this many letters and
/// digits, names only an alias written so: of 150 random strings of two
/// letters, 129 had a near spelling or a skeleton over the default
/// threshold somewhere in the default table (`kx` is the skeleton of
/// `qssh`, an alias of Kasese).
const MAX_EXACT_ONLY_LEN: usize = 3;

/// The score below which a candidate is "no match", unless overridden.
pub const DEFAULT_MIN_SCORE: f64 = 0.77;

/// A score at which the cheap stages' answer is trusted without running the
/// fuzzy stages.
const CONFIDENT: f32 = 0.85;

/// A query made only of words the table knows skips the fuzzy stages when
/// no candidate of the cheap stages scores this much: it is then no near
/// spelling of a name, and the fuzzy stages could only pair its words with
/// other words one letter away ("Thomas Garcia" with "Tomasa Garcia Rios").
/// On the development set no answer changes up to 0.6, and one
/// transliteration is lost at 0.65; of 14,278 ordinary person names, 64
/// fewer get a false answer.
const KNOWN_WORDS_FLOOR: f32 = 0.6;

/// How far ahead of its score a country ranks: a country is named far
/// more often than a city or a person whose name matches a query about as
/// well, so it goes first within this margin (Singapore the country before
/// the city of the same name and population; "Georgien" Georgia, 0.837,
/// before the town of Gheorgheni, 0.844). Only the order changes, never a
/// score or whether it passes the threshold. On the development set a
/// margin of 0.01 put two more answers right and none wrong; 0.02 put one
/// typo wrong.
pub const COUNTRY_MARGIN: f32 = 0.01;

/// Score factor for a match between two different non-Latin scripts that
/// romanise alike (Korean and Hindi, Burmese and Tamil): weak evidence.
const CROSS_SCRIPT_FACTOR: f32 = 0.9;

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
    /// The country the query named after a comma, as written, when the
    /// name before it was resolved among that country's entities
    /// (`Paris, France`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_country: Option<String>,
}

// Written piece by piece rather than with `write!`: bulk annotation
// writes a reason for every distinct name, and the formatting machinery
// cost more than the pieces.
impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.stage.as_str())?;
        if self.edits > 0 {
            f.write_str(", ")?;
            std::fmt::Display::fmt(&self.edits, f)?;
            f.write_str(if self.edits == 1 { " edit" } else { " edits" })?;
        }
        for piece in [": ", self.alias_kind, " '", &self.alias, "'"] {
            f.write_str(piece)?;
        }
        if let Some((first, rest)) = self.titles_removed.split_first() {
            f.write_str(" (title '")?;
            f.write_str(first)?;
            for title in rest {
                f.write_str(" ")?;
                f.write_str(title)?;
            }
            f.write_str("' removed)")?;
        }
        if let Some(country) = &self.in_country {
            for piece in [" in '", country, "'"] {
                f.write_str(piece)?;
            }
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
    pub(crate) min_score: f64,
    top_k: usize,
    types: Vec<String>,
    country: Option<String>,
    near_spellings: bool,
}

/// Configures a [`Resolver`].
#[derive(Debug, Clone)]
pub struct ResolverBuilder {
    index: Index,
    min_score: f64,
    top_k: usize,
    types: Vec<String>,
    country: Option<String>,
    near_spellings: bool,
}

impl ResolverBuilder {
    /// Matches scoring below `min_score` are dropped (default
    /// [`DEFAULT_MIN_SCORE`]); clamped to [0, 1].
    pub fn min_score(mut self, min_score: f64) -> Self {
        self.min_score = if min_score.is_nan() {
            DEFAULT_MIN_SCORE
        } else {
            min_score.clamp(0.0, 1.0)
        };
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
        self.types = types
            .into_iter()
            .map(|t| t.as_ref().trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        self
    }

    /// Only entities of this ISO 3166-1 alpha-2 country.
    pub fn country(mut self, country: Option<&str>) -> Self {
        self.country = country
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty());
        self
    }

    /// Only aliases that share a query word as written or by skeleton are
    /// candidates: no near-spelling stages. For callers that accept only
    /// such answers (the tagger's titled surnames) and want them fast.
    pub(crate) fn without_near_spellings(mut self) -> Self {
        self.near_spellings = false;
        self
    }

    /// Finishes the resolver.
    pub fn build(self) -> Resolver {
        Resolver {
            index: self.index,
            min_score: self.min_score,
            top_k: self.top_k,
            types: self.types,
            country: self.country,
            near_spellings: self.near_spellings,
        }
    }
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
            near_spellings: true,
        }
    }

    /// The index this resolver reads.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The best match, or `None` for "no match".
    pub fn resolve_one(&self, query: &str) -> Option<Match> {
        self.resolve_top(query, 1, None).into_iter().next()
    }

    /// Up to `top_k` matches, best first; empty for "no match".
    pub fn resolve(&self, query: &str) -> Vec<Match> {
        self.resolve_top(query, self.top_k, None)
    }

    /// Resolves `query` like [`resolve`](Self::resolve) and reports how: the
    /// normalised forms, the stages that ran, the best candidates with their
    /// scores, and why the winner won or why nothing passed.
    ///
    /// ```
    /// let resolver = aka::Resolver::builder(aka::Index::embedded()?).build();
    /// let why = resolver.explain("M. Loukachenko");
    /// assert_eq!(why.titles_removed, ["m"]);
    /// assert_eq!(why.matches[0].id, "ofac:9760");
    /// println!("{why}");
    /// # Ok::<(), aka::Error>(())
    /// ```
    pub fn explain(&self, query: &str) -> Explanation {
        let mut trace = Explanation {
            query: query.to_string(),
            folded: normalize::fold(query),
            titles_removed: Vec::new(),
            skeleton: String::new(),
            tokens: Vec::new(),
            stages: Vec::new(),
            candidates: Vec::new(),
            min_score: self.min_score,
            matches: Vec::new(),
            verdict: String::new(),
        };
        trace.matches = self.resolve_top(query, self.top_k, Some(&mut trace));
        if trace.tokens.is_empty() && !trace.folded.is_empty() {
            // The exact stage answered; describe the query all the same.
            let search = Search::new(
                self,
                trace.folded.clone(),
                query.is_ascii(),
                typed_in_latin(query),
            );
            trace.titles_removed = search.removed.clone();
            trace.skeleton = normalize::skeleton_key(&search.core);
            trace.tokens = search.token_reports();
        }
        trace.verdict = match trace.matches.first() {
            Some(m) => {
                let ties = trace
                    .candidates
                    .iter()
                    .filter(|c| {
                        c.allowed && c.id != m.id && (f64::from(c.score) - m.score).abs() < 5e-4
                    })
                    .count();
                let ahead = trace
                    .candidates
                    .iter()
                    .filter(|c| c.allowed && f64::from(c.score) - m.score >= 5e-4)
                    .count();
                let mut tie_note = String::new();
                if ahead > 0 {
                    tie_note = format!(
                        "; a country, it ranks ahead of {ahead} candidate(s) scoring at most {COUNTRY_MARGIN} more"
                    );
                }
                if ties > 0 {
                    tie_note.push_str(&format!(
                        "; {ties} other candidate(s) score the same, ranked countries first, then by prominence, then by how nearly the alias and the entity's name are written like the query, then alias count, then table order"
                    ));
                }
                format!(
                    "{} {:?} wins with {:.3} ({}){tie_note}",
                    m.id, m.name, m.score, m.reason
                )
            }
            None if trace.folded.is_empty() => {
                "no match: the query has no letter or digit".to_string()
            }
            None => match trace.candidates.iter().find(|c| c.allowed) {
                Some(c) => format!(
                    "no match: the best candidate, {} via {:?}, scores {}, below the threshold {:.2}",
                    c.id,
                    c.alias,
                    explain::shown_score(f64::from(c.score), self.min_score),
                    self.min_score
                ),
                None => "no match: no candidate found".to_string(),
            },
        };
        trace
    }

    /// The answer to `query`: its cascade ([`resolve_cascade`]), and, for
    /// a name followed by a comma and a country (`Paris, France`), the
    /// name's matches among that country's entities when one of them is
    /// best, whichever scores better for each entity.
    ///
    /// [`resolve_cascade`]: Self::resolve_cascade
    fn resolve_top(
        &self,
        query: &str,
        top_k: usize,
        trace: Option<&mut Explanation>,
    ) -> Vec<Match> {
        let mut found = self.resolve_cascade(query, top_k, trace);
        let Some(qualified) = qualifier::country_qualifier(&self.index, query) else {
            return found;
        };
        for country in &qualified.countries {
            if self
                .country
                .as_ref()
                .is_some_and(|c| !c.eq_ignore_ascii_case(country))
            {
                continue;
            }
            let within = Resolver {
                country: Some(country.clone()),
                ..self.clone()
            };
            let matches = within.resolve_cascade(qualified.name, top_k.max(2), None);
            // Places of one name that the country does not tell apart
            // (Springfield, in "Springfield, Illinois", where only the
            // United States is known of Illinois): the qualifier did not
            // decide, and the cascade's answer stands.
            if let [first, second, ..] = matches.as_slice() {
                if first.score == second.score {
                    continue;
                }
            }
            for mut m in matches {
                m.reason.in_country = Some(qualified.country_name.to_string());
                match found.iter_mut().find(|f| f.id == m.id) {
                    Some(f) if f.score >= m.score => {}
                    Some(f) => *f = m,
                    None => found.push(m),
                }
            }
        }
        // Stable: matches of one score keep the cascade's order.
        found.sort_by(|a, b| b.score.total_cmp(&a.score));
        found.truncate(top_k);
        found
    }

    /// Runs the cascade of stages for `query` (see the module docs).
    fn resolve_cascade(
        &self,
        query: &str,
        top_k: usize,
        mut trace: Option<&mut Explanation>,
    ) -> Vec<Match> {
        let folded = normalize::fold(query);
        if folded.is_empty() {
            return Vec::new();
        }
        // Letters standing alone ("x", "J. K.") are initials, and three
        // letters typed in all ("kx", "Ufa") are too few to tell a near
        // spelling from chance: they name only an alias written so. A
        // transliteration that short (Hebrew, Arabic: no vowels written)
        // stands for a longer name, and is searched as usual.
        let script = script_of(query);
        let typed = is_typed(script);
        let exact_only = normalize::tokens(&folded).all(|t| t.len() == 1)
            || typed
                && folded.bytes().filter(u8::is_ascii_alphanumeric).count() <= MAX_EXACT_ONLY_LEN;
        // 1. Exact: enough when it fills the answer.
        let exact = self.index.names_exact(&folded);
        let latin = query.is_ascii();
        let exact_hits = !exact.is_empty();
        if exact_hits {
            // Sized up front: a common name has dozens of exact aliases,
            // and growing the vector cost a tenth of an exact lookup.
            let mut best: Vec<(u32, f32, Option<score::Detail>)> = Vec::with_capacity(exact.len());
            best.extend(
                exact
                    .iter()
                    .filter(|a| {
                        latin
                            || self
                                .index
                                .alias_kind(*a)
                                .is_some_and(|kind| kind != AliasKind::Code)
                    })
                    .map(|a| (a, 1.0, None)),
            );
            let crossed = self.weigh_scripts(script, &mut best);
            if let Some(t) = trace.as_deref_mut() {
                t.stages.push(StageReport {
                    stage: "exact",
                    candidates: best.len(),
                });
                self.report_candidates(t, &best);
            }
            let found = self.finish(best, query, &folded, &[], top_k);
            // An exact hit that crossed scripts may be a coincidence; the
            // cascade may find a better one.
            if found.len() >= top_k && !crossed || exact_only {
                return found;
            }
        }
        if exact_only {
            return Vec::new();
        }
        // 2.–5. Titles, skeleton, tokens: exact first, fuzzy when needed.
        let min = self.min_score as f32;
        let mut search = Search::new(self, folded, latin, typed);
        search.show_filtered = trace.is_some();
        search.stop_early = top_k == 1;
        search.add_exact_keys(exact_hits);
        let keys = search.score_pending();
        let mut stages = vec![("keys", keys)];
        // An exact alias once titles are dropped ("M. Loukachenko") is the
        // answer: later stages score below 1. Only across scripts may an
        // exact hit lose (see weigh_scripts), so they go on.
        let exact_after_titles = latin && search.has_confident(top_k, 1.0);
        // So is a place's or an organisation's alias that is the query but
        // for its initials, once it scores as a plain answer
        // (`Search::bare_name_found`).
        let answered =
            exact_after_titles || top_k == 1 && search.bare_name_found(search::PLAIN_ANSWER);
        if !answered {
            search.add_token_matches(false);
            search.add_split_and_joined_tokens();
            if search.stop_early && search.bare_hit_found(search::PLAIN_ANSWER) {
                search.require_every_word();
            }
            stages.push(("tokens", search.score_pending()));
        }
        let known_words_only =
            search.all_tokens_known() && !search.has_confident(1, KNOWN_WORDS_FLOOR);
        if self.near_spellings
            && !known_words_only
            && !search.has_confident(top_k, CONFIDENT.max(min))
        {
            search.add_token_matches(true);
            search.add_near_joined_tokens();
            stages.push(("fuzzy_tokens", search.score_pending()));
            // Gated on the default threshold too, so that a lower minimum
            // (a precision/recall curve runs at 0) sees the same cascade.
            if !search.has_confident(top_k, min.max(DEFAULT_MIN_SCORE as f32)) {
                search.add_far_token_matches();
                stages.push(("far_tokens", search.score_pending()));
            }
        }
        let mut scored: Vec<(u32, f32, Option<score::Detail>)> = search.scored().collect();
        self.weigh_scripts(script, &mut scored);
        if let Some(t) = trace {
            t.titles_removed = search.removed.clone();
            t.skeleton = normalize::skeleton_key(&search.core);
            t.tokens = search.token_reports();
            t.stages.extend(
                stages
                    .into_iter()
                    .map(|(stage, candidates)| StageReport { stage, candidates }),
            );
            t.candidates.clear();
            self.report_candidates(t, &scored);
        }
        self.finish(scored, query, &search.folded, &search.removed, top_k)
    }

    /// Lowers the score of candidates whose alias is in another non-Latin
    /// script than the query ([`crosses_scripts`]); returns whether any was.
    fn weigh_scripts(
        &self,
        query: Option<Script>,
        scored: &mut [(u32, f32, Option<score::Detail>)],
    ) -> bool {
        if query.is_none_or(|q| q == Script::Latin) {
            return false;
        }
        let mut any = false;
        for (a, score, _) in scored.iter_mut() {
            let alias_script = self
                .index
                .alias_text_bytes(*a)
                .and_then(|text| std::str::from_utf8(text).ok())
                .and_then(script_of);
            if crosses_scripts(query, alias_script) {
                *score *= CROSS_SCRIPT_FACTOR;
                any = true;
            }
        }
        any
    }

    /// Fills the explanation's candidate list: the ten best entities, each
    /// with its best alias.
    fn report_candidates(
        &self,
        trace: &mut Explanation,
        scored: &[(u32, f32, Option<score::Detail>)],
    ) {
        let mut best: Vec<&(u32, f32, Option<score::Detail>)> = scored.iter().collect();
        best.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let mut seen = Vec::new();
        best.retain(|(a, _, _)| {
            let entity = self.index.alias_entity(*a);
            let new = !seen.contains(&entity);
            seen.push(entity);
            new
        });
        trace.candidates = best
            .into_iter()
            .take(10)
            .filter_map(|(a, s, d)| {
                let alias = self.index.alias(*a)?;
                let entity = self.index.entity(alias.entity)?;
                let d = d.unwrap_or_default();
                Some(CandidateReport {
                    id: entity.id.to_string(),
                    name: entity.name.to_string(),
                    alias: alias.text.to_string(),
                    score: *s,
                    edits: d.edits,
                    query_tokens_matched: d.query_matched,
                    alias_tokens_matched: d.alias_matched,
                    surname_only: d.surname_only,
                    allowed: self.passes_filters(entity.kind, entity.country),
                })
            })
            .collect();
    }

    /// Rarity weight of a skeleton token ([`format::token_weight`]).
    pub(crate) fn token_weight(&self, skeleton: &str) -> f32 {
        format::token_weight(
            skeleton.len(),
            self.index.alias_count(),
            || self.index.token_frequency(skeleton),
            || self.index.is_generic_word(skeleton),
        )
    }

    /// Whether a type or country filter is set.
    /// [`COUNTRY_MARGIN`] for a country, else nothing.
    fn country_margin(&self, entity: u32) -> f32 {
        let country = self
            .index
            .entity_kind_country(entity)
            .is_some_and(|(kind, _)| kind == b"country");
        if country { COUNTRY_MARGIN } else { 0.0 }
    }

    fn has_filters(&self) -> bool {
        !self.types.is_empty() || self.country.is_some()
    }

    /// Whether the type and country filters let this entity through.
    fn accepts_entity(&self, entity: u32) -> bool {
        self.index
            .entity_kind_country(entity)
            .is_some_and(|(kind, country)| self.passes_filter_bytes(kind, country))
    }

    fn passes_filters(&self, kind: &str, country: &str) -> bool {
        self.passes_filter_bytes(kind.as_bytes(), country.as_bytes())
    }

    /// [`passes_filters`](Self::passes_filters) on the bytes the index holds.
    fn passes_filter_bytes(&self, kind: &[u8], country: &[u8]) -> bool {
        (self.types.is_empty() || self.types.iter().any(|t| t.as_bytes() == kind))
            && self
                .country
                .as_deref()
                .is_none_or(|c| c.as_bytes() == country)
    }

    /// Ranks the scored aliases into the answer: each entity once, by its
    /// best alias, among tied aliases the one closest to the name as
    /// asked ([`asked::closest`]) so that the reason names a spelling the
    /// user recognises.
    fn finish(
        &self,
        scored: Vec<(u32, f32, Option<score::Detail>)>,
        query: &str,
        folded: &str,
        removed: &[String],
        top_k: usize,
    ) -> Vec<Match> {
        // Each entity's best alias: sort by entity, then best score first.
        let mut best: Vec<(u32, f32, u32, Option<score::Detail>)> =
            Vec::with_capacity(scored.len());
        best.extend(
            scored
                .into_iter()
                .filter(|(_, s, _)| f64::from(*s) >= self.min_score)
                .filter_map(|(a, s, d)| Some((self.index.alias_entity(a)?, s, a, d))),
        );
        best.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)).then(x.2.cmp(&y.2)));
        let aliases_kept = best.len();
        // Chunks are never empty, so `aliases[0]` exists.
        let best = best.chunk_by(|x, y| x.0 == y.0).map(|aliases| {
            let tied = aliases.iter().take_while(|x| x.1 == aliases[0].1).count();
            if tied == 1 {
                return aliases[0];
            }
            let tied = aliases[..tied].iter().map(|x| x.2);
            aliases[asked::closest(&self.index, tied, query)]
        });
        // (rank score, (prominence, alias count), entity, alias, detail,
        // score): ranked on what the entity records hold besides strings;
        // only the answer's entities have their strings read.
        let mut ranked = Vec::with_capacity(aliases_kept);
        ranked.extend(
            best.into_iter()
                .filter(|(e, ..)| self.accepts_entity(*e))
                .filter_map(|(e, s, a, d)| {
                    let rank = s + self.country_margin(e);
                    Some((rank, self.index.entity_rank(e)?, e, a, d, s))
                }),
        );
        ranked.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then(y.1.0.total_cmp(&x.1.0))
                .then(y.1.1.cmp(&x.1.1))
                .then(x.2.cmp(&y.2))
        });
        // Entities tied on score and prominence whose aliases fold alike
        // and differ only in punctuation, accents or case (an organisation
        // listed twice): the one written closest to the query first, as
        // the likelier meant whatever else ranks them; among aliases
        // written alike too (namesakes sharing an alias), the one whose
        // own name holds more of the query's words.
        if let Some(&(rank, (prominence, _), _, leader, ..)) = ranked.first() {
            let folded_of = |a| self.index.alias_for_scoring(a).map(|(f, ..)| f);
            let leader_folded = folded_of(leader);
            let tied = ranked
                .iter()
                .take_while(|x| x.0 == rank && x.1.0 == prominence)
                .count();
            if tied > 1 {
                ranked[..tied].sort_by_cached_key(|x| {
                    if folded_of(x.3) == leader_folded {
                        (
                            asked::written_distance(&self.index, x.3, query),
                            Reverse(asked::words_in_name(&self.index, x.2, query)),
                        )
                    } else {
                        (usize::MAX, Reverse(0))
                    }
                });
            }
        }
        ranked.truncate(top_k);
        ranked
            .into_iter()
            .filter_map(|(_, _, e, a, detail, score)| {
                let e = self.index.entity(e)?;
                let alias = self.index.alias(a)?;
                let (stage, edits, titles_removed) = stage_of(&alias, folded, detail, removed);
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
                        in_country: None,
                    },
                })
            })
            .collect()
    }
}

/// Names the stage that explains a scored alias.
fn stage_of(
    alias: &AliasRef<'_>,
    folded: &str,
    d: Option<score::Detail>,
    removed: &[String],
) -> (Stage, u32, Vec<String>) {
    let titles_removed = if alias.folded == folded {
        Vec::new()
    } else {
        removed.to_vec()
    };
    let Some(d) = d else {
        return (Stage::Exact, 0, titles_removed);
    };
    let stage = if d.same_tokens {
        Stage::Reordered
    } else if d.surname_only {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_reads_as_one_line() {
        let mut reason = Reason {
            stage: Stage::Exact,
            alias: "Minsk".into(),
            alias_kind: "name",
            edits: 0,
            titles_removed: Vec::new(),
            in_country: None,
        };
        assert_eq!(reason.to_string(), "exact: name 'Minsk'");
        reason.stage = Stage::Fuzzy;
        reason.edits = 1;
        assert_eq!(reason.to_string(), "fuzzy, 1 edit: name 'Minsk'");
        reason.edits = 12;
        reason.titles_removed = vec!["herr".into(), "dr".into()];
        reason.in_country = Some("Belarus".into());
        assert_eq!(
            reason.to_string(),
            "fuzzy, 12 edits: name 'Minsk' (title 'herr dr' removed) in 'Belarus'"
        );
    }
}
