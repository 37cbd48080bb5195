//! Tagger throughput on news-like text.
//!
//! Text: the three fixture articles in `tests/fixtures/tag/` (English,
//! French, German news about sanctions, about 2.4 KB each). Each run tags
//! every article separately (so nothing is cached from one article to the
//! next) until about 8 MB have been tagged; the run's throughput is bytes
//! tagged per second on one thread. The median of 15 runs is reported, and
//! the same for one long text (the articles concatenated 300 times).
//!
//! Run with `cargo bench --bench tag`.

use aka::{Index, Tagger};
use std::hint::black_box;
use std::time::Instant;

const RUNS: usize = 15;
const BYTES_PER_RUN: usize = 8 << 20;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn throughput(tagger: &Tagger, texts: &[String]) -> (f64, f64, f64, usize) {
    let per_pass: usize = texts.iter().map(String::len).sum();
    let passes = (BYTES_PER_RUN / per_pass).max(1);
    let mut mentions = 0;
    let mut rates = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        mentions = 0;
        for _ in 0..passes {
            for t in texts {
                mentions += black_box(tagger.tag(black_box(t))).len();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        rates.push((per_pass * passes) as f64 / secs / 1e6);
    }
    let min = rates.iter().copied().fold(f64::INFINITY, f64::min);
    let max = rates.iter().copied().fold(0.0, f64::max);
    (median(rates), min, max, mentions / passes)
}

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tag");
    let articles: Vec<String> = ["en", "fr", "de"]
        .iter()
        .map(|l| {
            std::fs::read_to_string(dir.join(format!("news_{l}.txt"))).expect("fixture article")
        })
        .collect();
    let tagger = Tagger::new(Index::embedded().expect("embedded index"));
    // Warm up the index pages.
    for a in &articles {
        tagger.tag(a);
    }
    let bytes: usize = articles.iter().map(String::len).sum();
    let (med, min, max, n) = throughput(&tagger, &articles);
    println!(
        "tag/articles   {bytes} bytes in 3 texts, {n} mentions: median {med:.1} MB/s (min {min:.1}, max {max:.1}, {RUNS} runs)"
    );
    let long = vec![articles.concat().repeat(300)];
    let (med, min, max, n) = throughput(&tagger, &long);
    println!(
        "tag/long-text  {} bytes in 1 text, {n} mentions: median {med:.1} MB/s (min {min:.1}, max {max:.1}, {RUNS} runs)",
        long[0].len()
    );
}
