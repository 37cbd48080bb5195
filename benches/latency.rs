//! Per-query latency distribution (p50, p90, p99, max) over a labelled query
//! file, split into queries answered by an exact alias and the rest (which
//! run the fuzzy stages).
//!
//! Run with `cargo bench --bench latency [-- FILE.csv]`; the file has a
//! `query` column (default: the development set beside the project, else
//! every 50th alias of `data/aliases.csv` with a letter doubled).

use std::time::{Duration, Instant};

fn queries(args: &[String]) -> Vec<String> {
    let path = args
        .iter()
        .find(|a| a.ends_with(".csv"))
        .cloned()
        .unwrap_or_else(|| "../shared/eval/dev.csv".to_string());
    if let Ok(file) = std::fs::File::open(&path) {
        let mut rdr = csv::Reader::from_reader(file);
        let col = rdr
            .headers()
            .ok()
            .and_then(|h| h.iter().position(|c| c == "query"))
            .unwrap_or(0);
        eprintln!("queries from {path}");
        return rdr
            .records()
            .filter_map(|r| r.ok()?.get(col).map(str::to_string))
            .collect();
    }
    eprintln!("queries: every 50th alias of data/aliases.csv, one letter doubled");
    let mut rdr = csv::Reader::from_path("data/aliases.csv").expect("data/aliases.csv");
    rdr.records()
        .step_by(50)
        .filter_map(|r| r.ok()?.get(1).map(str::to_string))
        .map(|a| {
            let mid = a
                .char_indices()
                .nth(a.chars().count() / 2)
                .map_or(0, |(i, _)| i);
            let (x, y) = a.split_at(mid);
            format!("{x}{}{y}", y.chars().next().unwrap_or('a'))
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let queries = queries(&args);
    let index = aka::Index::embedded().expect("embedded index");
    let resolver = aka::Resolver::builder(index).build();
    // Warm up page cache and lazily built automata.
    for q in queries.iter().take(50) {
        let _ = resolver.resolve_one(q);
    }
    let rounds = 5;
    let mut exact = Vec::new();
    let mut fuzzy = Vec::new();
    for _ in 0..rounds {
        // Each round on a fresh thread: a thread keeps what it learnt of
        // the words of earlier queries (their near spellings), and a round
        // that repeated the last one would time those caches, not queries
        // seen for the first time.
        let (e, f) = std::thread::scope(|s| {
            s.spawn(|| time_round(&resolver, &queries))
                .join()
                .expect("a round of lookups")
        });
        exact.extend(e);
        fuzzy.extend(f);
    }
    for (name, mut times) in [("exact", exact), ("fuzzy", fuzzy)] {
        times.sort();
        println!(
            "{name:<6} n={:<6} p50={:>9.1?} p90={:>9.1?} p99={:>9.1?} max={:>9.1?}",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.9),
            percentile(&times, 0.99),
            times.last().copied().unwrap_or_default()
        );
    }
}

/// Times each query once: (exact answers, the rest).
fn time_round(resolver: &aka::Resolver, queries: &[String]) -> (Vec<Duration>, Vec<Duration>) {
    let mut exact = Vec::new();
    let mut fuzzy = Vec::new();
    for q in queries {
        let start = Instant::now();
        let m = resolver.resolve_one(q);
        let took = start.elapsed();
        let is_exact = m.is_some_and(|m| m.reason.stage == aka::Stage::Exact && m.score >= 1.0);
        if is_exact {
            exact.push(took)
        } else {
            fuzzy.push(took)
        }
    }
    (exact, fuzzy)
}
