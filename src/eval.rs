//! Measures a resolver against labelled queries.
//!
//! An evaluation file is a CSV with the columns `query,expected_id,category`;
//! an empty `expected_id` means the query must get "no match".

use crate::error::{Error, Result};
use crate::resolve::{Match, Resolver};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Read;

/// One labelled query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The query text.
    pub query: String,
    /// The id it must resolve to; `None` for "must be no match".
    pub expected: Option<String>,
    /// A free-form category (`typo`, `negative`, …).
    pub category: String,
}

/// Reads evaluation cases; errors name the file and line.
pub fn read_cases<R: Read>(file: &str, reader: R) -> Result<Vec<Case>> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(reader);
    let header = rdr
        .headers()
        .map_err(|e| Error::table(file, e.position().map_or(1, |p| p.line()), e.to_string()))?
        .clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(q), Some(x)) = (col("query"), col("expected_id")) else {
        return Err(Error::MissingColumn {
            file: file.to_string(),
            missing: if col("query").is_none() {
                "query"
            } else {
                "expected_id"
            }
            .to_string(),
            found: header.iter().collect::<Vec<_>>().join(", "),
            expected: "query, expected_id, category".to_string(),
        });
    };
    let c = col("category");
    let mut cases = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::table(file, line, format!("malformed CSV: {e}"))
        })?;
        let expected = rec.get(x).unwrap_or("").trim();
        cases.push(Case {
            query: rec.get(q).unwrap_or("").to_string(),
            expected: (!expected.is_empty()).then(|| expected.to_string()),
            category: c.and_then(|c| rec.get(c)).unwrap_or("").trim().to_string(),
        });
    }
    if cases.is_empty() {
        return Err(Error::EmptyTable {
            file: file.to_string(),
        });
    }
    Ok(cases)
}

/// Counts for one category.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Queries in the category.
    pub total: u32,
    /// Right entity first (or, for no-match queries, no match).
    pub correct: u32,
    /// Another entity first.
    pub wrong: u32,
    /// No match where one was expected.
    pub missed: u32,
    /// A match where none was expected.
    pub false_positive: u32,
    /// `correct / total`.
    pub accuracy: f64,
}

/// A query the resolver got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The query.
    pub query: String,
    /// Its category.
    pub category: String,
    /// What it should have resolved to (`None`: no match).
    pub expected: Option<String>,
    /// What it resolved to (`None`: no match).
    pub got: Option<Match>,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Counts per category, sorted by name.
    pub categories: BTreeMap<String, Tally>,
    /// Correct top-1 over all queries that expect a match.
    pub positive_accuracy: f64,
    /// No-match answers over all queries that expect none.
    pub negative_accuracy: f64,
    /// Correct answers over all queries.
    pub overall_accuracy: f64,
    /// Number of queries.
    pub queries: u32,
    /// Wall time of the resolving, in seconds.
    pub elapsed_seconds: f64,
    /// `queries / elapsed_seconds`.
    pub queries_per_second: f64,
    /// Every failure, in file order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<Failure>,
}

/// Runs every case through `resolver` and tallies the answers.
pub fn evaluate(resolver: &Resolver, cases: &[Case]) -> Report {
    let start = std::time::Instant::now();
    let answers: Vec<Option<Match>> = cases
        .iter()
        .map(|c| resolver.resolve_one(&c.query))
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    let mut report = Report::default();
    let (mut pos, mut pos_ok, mut neg, mut neg_ok) = (0u32, 0u32, 0u32, 0u32);
    for (case, got) in cases.iter().zip(answers) {
        let t = report.categories.entry(case.category.clone()).or_default();
        t.total += 1;
        let ok = match (&case.expected, &got) {
            (Some(want), Some(m)) if *want == m.id => true,
            (Some(_), Some(_)) => {
                t.wrong += 1;
                false
            }
            (Some(_), None) => {
                t.missed += 1;
                false
            }
            (None, Some(_)) => {
                t.false_positive += 1;
                false
            }
            (None, None) => true,
        };
        if ok {
            t.correct += 1;
        }
        if case.expected.is_some() {
            pos += 1;
            pos_ok += u32::from(ok);
        } else {
            neg += 1;
            neg_ok += u32::from(ok);
        }
        if !ok {
            report.failures.push(Failure {
                query: case.query.clone(),
                category: case.category.clone(),
                expected: case.expected.clone(),
                got,
            });
        }
    }
    let ratio = |a: u32, b: u32| {
        if b == 0 {
            0.0
        } else {
            f64::from(a) / f64::from(b)
        }
    };
    for t in report.categories.values_mut() {
        t.accuracy = ratio(t.correct, t.total);
    }
    report.positive_accuracy = ratio(pos_ok, pos);
    report.negative_accuracy = ratio(neg_ok, neg);
    report.overall_accuracy = ratio(pos_ok + neg_ok, pos + neg);
    report.queries = pos + neg;
    report.elapsed_seconds = elapsed;
    report.queries_per_second = if elapsed > 0.0 {
        f64::from(pos + neg) / elapsed
    } else {
        0.0
    };
    report
}

/// One query's best answer with no minimum score: what a precision/recall
/// curve needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopAnswer {
    /// The top-1 score; `None` when nothing at all was found.
    pub score: Option<f64>,
    /// Whether the query expects a match.
    pub positive: bool,
    /// Whether the top-1 entity is the expected one.
    pub correct: bool,
}

/// Precision and recall when answering "match" at one threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CurvePoint {
    /// Answer "match" when the top-1 score is at least this.
    pub threshold: f64,
    /// Queries answered (top-1 score ≥ threshold), positives and negatives.
    pub answered: u32,
    /// Positives answered with the expected entity.
    pub correct: u32,
    /// `correct / answered` (1 when nothing is answered).
    pub precision: f64,
    /// `correct / positives`.
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// Negatives answered, over negatives.
    pub false_positive_rate: f64,
    /// Right answers (correct positives, unanswered negatives) over all
    /// queries: the overall accuracy of `aka eval` at this minimum score.
    pub accuracy: f64,
}

/// A precision/recall curve over thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Curve {
    /// Queries that expect a match.
    pub positives: u32,
    /// Queries that expect no match.
    pub negatives: u32,
    /// One point per threshold, ascending.
    pub points: Vec<CurvePoint>,
}

/// Which thresholds a curve has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thresholds {
    /// 0.50, 0.51, …, 1.00.
    Grid,
    /// Every distinct top-1 score.
    Distinct,
}

/// Resolves every case once and keeps its top-1 score and correctness.
/// `resolver` should be built with `.min_score(0.0)`: answers below its
/// minimum score are lost to the curve.
pub fn top_answers(resolver: &Resolver, cases: &[Case]) -> Vec<TopAnswer> {
    cases
        .iter()
        .map(|c| {
            let got = resolver.resolve_one(&c.query);
            TopAnswer {
                score: got.as_ref().map(|m| m.score),
                positive: c.expected.is_some(),
                correct: matches!((&c.expected, &got), (Some(w), Some(m)) if *w == m.id),
            }
        })
        .collect()
}

/// Precision, recall, F1, false-positive rate and accuracy at each threshold,
/// from one pass of answers ([`top_answers`]).
///
/// ```
/// use aka::eval::{TopAnswer, Thresholds, curve};
/// let answers = [
///     TopAnswer { score: Some(0.9), positive: true, correct: true },
///     TopAnswer { score: Some(0.7), positive: true, correct: true },
///     TopAnswer { score: Some(0.8), positive: false, correct: false },
/// ];
/// let c = curve(&answers, Thresholds::Grid);
/// let at = |t: f64| c.points.iter().find(|p| (p.threshold - t).abs() < 1e-9).unwrap();
/// assert_eq!(at(0.75).recall, 0.5);
/// assert_eq!(at(0.75).precision, 0.5);
/// assert_eq!(at(0.85).precision, 1.0);
/// assert_eq!(at(0.85).false_positive_rate, 0.0);
/// ```
pub fn curve(answers: &[TopAnswer], thresholds: Thresholds) -> Curve {
    let positives = answers.iter().filter(|a| a.positive).count() as u32;
    let negatives = answers.len() as u32 - positives;
    let ts: Vec<f64> = match thresholds {
        Thresholds::Grid => (50..=100).map(|i| f64::from(i) / 100.0).collect(),
        Thresholds::Distinct => {
            let mut v: Vec<f64> = answers.iter().filter_map(|a| a.score).collect();
            v.sort_by(f64::total_cmp);
            v.dedup();
            v
        }
    };
    let ratio = |a: u32, b: u32| {
        if b == 0 {
            0.0
        } else {
            f64::from(a) / f64::from(b)
        }
    };
    let points = ts
        .into_iter()
        .map(|t| {
            // Scores carry three decimals; compare with a little slack.
            let on = |a: &&TopAnswer| a.score.is_some_and(|s| s >= t - 1e-9);
            let answered = answers.iter().filter(on).count() as u32;
            let correct = answers.iter().filter(on).filter(|a| a.correct).count() as u32;
            let neg_answered = answers.iter().filter(on).filter(|a| !a.positive).count() as u32;
            let precision = if answered == 0 {
                1.0
            } else {
                ratio(correct, answered)
            };
            let recall = ratio(correct, positives);
            CurvePoint {
                threshold: t,
                answered,
                correct,
                precision,
                recall,
                f1: harmonic_mean(precision, recall),
                false_positive_rate: ratio(neg_answered, negatives),
                accuracy: ratio(correct + negatives - neg_answered, positives + negatives),
            }
        })
        .collect();
    Curve {
        positives,
        negatives,
        points,
    }
}

/// F1 from precision and recall; 0 when both are 0.
fn harmonic_mean(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}
