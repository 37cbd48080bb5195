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
