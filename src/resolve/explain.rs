//! Why a query resolved the way it did: the normalised forms, what each
//! stage of the cascade found, and how the best candidates scored.

use serde::Serialize;

/// How one query went through the cascade. Made by
/// [`Resolver::explain`](super::Resolver::explain).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The query as given.
    pub query: String,
    /// The query after folding.
    pub folded: String,
    /// Leading titles that were removed.
    pub titles_removed: Vec<String>,
    /// The skeleton key of the query without titles.
    pub skeleton: String,
    /// The query tokens: folded form, skeleton and rarity weight.
    pub tokens: Vec<TokenReport>,
    /// The stages that ran, in order, with the candidates each brought.
    pub stages: Vec<StageReport>,
    /// The best-scoring candidate aliases (at most ten), best first,
    /// including those below the threshold or outside the filters.
    pub candidates: Vec<CandidateReport>,
    /// The threshold in force.
    pub min_score: f64,
    /// The answer.
    pub matches: Vec<super::Match>,
    /// One sentence: why the winner won, or why nothing passed.
    pub verdict: String,
}

/// One query token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenReport {
    /// The folded token.
    pub token: String,
    /// Its skeleton.
    pub skeleton: String,
    /// Its rarity weight.
    pub weight: f32,
}

/// One stage of the cascade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageReport {
    /// The stage: `exact`, `keys` (titles and skeleton), `tokens`,
    /// `fuzzy_tokens`, `far_tokens`.
    pub stage: &'static str,
    /// New candidate aliases it found.
    pub candidates: usize,
}

/// One scored candidate alias.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateReport {
    /// The entity id.
    pub id: String,
    /// The entity's display name.
    pub name: String,
    /// The alias, as the table wrote it.
    pub alias: String,
    /// Its score.
    pub score: f32,
    /// Letter edits between paired tokens.
    pub edits: u32,
    /// Query tokens that found a partner in the alias.
    pub query_tokens_matched: u32,
    /// Alias tokens that found a partner in the query.
    pub alias_tokens_matched: u32,
    /// Whether the query covered exactly the alias's surname.
    pub surname_only: bool,
    /// Whether the entity passes the type and country filters.
    pub allowed: bool,
}

impl std::fmt::Display for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "query:     {:?}", self.query)?;
        writeln!(f, "folded:    {:?}", self.folded)?;
        if !self.titles_removed.is_empty() {
            writeln!(f, "titles:    {} (removed)", self.titles_removed.join(" "))?;
        }
        writeln!(f, "skeleton:  {:?}", self.skeleton)?;
        let toks: Vec<String> = self
            .tokens
            .iter()
            .map(|t| format!("{} [{}] w={:.1}", t.token, t.skeleton, t.weight))
            .collect();
        writeln!(f, "tokens:    {}", toks.join(", "))?;
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|s| format!("{} +{}", s.stage, s.candidates))
            .collect();
        writeln!(f, "stages:    {}", stages.join(" → "))?;
        writeln!(f, "candidates (threshold {:.2}):", self.min_score)?;
        for c in &self.candidates {
            let pass = if !c.allowed {
                "filtered"
            } else if f64::from(c.score) >= self.min_score {
                "pass"
            } else {
                "below"
            };
            writeln!(
                f,
                "  {:<5} {:<8} {:<16} {} via '{}' (edits {}, tokens {}/{} of query/alias{})",
                shown_score(f64::from(c.score), self.min_score),
                pass,
                c.id,
                c.name,
                c.alias,
                c.edits,
                c.query_tokens_matched,
                c.alias_tokens_matched,
                if c.surname_only { ", surname only" } else { "" }
            )?;
        }
        write!(f, "verdict:   {}", self.verdict)
    }
}

/// `score` with three decimals, or with as many more (up to nine) as it
/// takes not to read as `threshold` when it falls short of it: 0.76996
/// shows as "0.76996", not as "0.770", beside a threshold of 0.77. (A score
/// is single precision: the one nearest 0.77 is 0.76999998, which falls
/// short of 0.77.)
pub(crate) fn shown_score(score: f64, threshold: f64) -> String {
    let mut decimals = 3;
    loop {
        let shown = format!("{score:.decimals$}");
        let reads_as_passing = shown.parse::<f64>().is_ok_and(|s| s >= threshold);
        if score >= threshold || !reads_as_passing || decimals == 9 {
            return shown;
        }
        decimals += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::shown_score;

    #[test]
    fn a_score_just_below_the_threshold_never_reads_as_reaching_it() {
        assert_eq!(shown_score(0.76996, 0.77), "0.76996");
        assert_eq!(shown_score(0.7649, 0.77), "0.765");
        assert_eq!(shown_score(0.77, 0.77), "0.770");
        assert_eq!(shown_score(0.9876, 0.77), "0.988");
        assert_eq!(shown_score(f64::from(0.77f32), 0.77), "0.76999998");
    }
}
