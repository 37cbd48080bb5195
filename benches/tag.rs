//! Tagger throughput on news-like text, one thread, default data.
//!
//! Texts: the three fixture articles in `tests/fixtures/tag/` (English,
//! French and German news about sanctions, a few KB each), each tagged on
//! its own so nothing is shared from one article to the next; and one long
//! text, the three articles concatenated 100 times (discourse state grows
//! with the text, so this checks that it stays cheap).
//!
//! Criterion reports bytes per second; the middle value of the `thrpt`
//! line is the median estimate.
//!
//! Run with `cargo bench --bench tag`.

use aka::{Index, Tagger};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn articles() -> Vec<(&'static str, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tag");
    ["en", "fr", "de"]
        .into_iter()
        .map(|lang| {
            let path = dir.join(format!("news_{lang}.txt"));
            let text = std::fs::read_to_string(&path).expect("fixture article");
            (lang, text)
        })
        .collect()
}

fn tag(c: &mut Criterion) {
    let tagger = Tagger::new(Index::embedded().expect("embedded index"));
    let articles = articles();
    let mut group = c.benchmark_group("tag");

    let all: Vec<&str> = articles.iter().map(|(_, t)| t.as_str()).collect();
    let bytes: usize = all.iter().map(|t| t.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("articles_en_fr_de", |b| {
        b.iter(|| {
            all.iter()
                .map(|t| tagger.tag(black_box(t)).len())
                .sum::<usize>()
        })
    });

    for (lang, text) in &articles {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("article_{lang}"), |b| {
            b.iter(|| tagger.tag(black_box(text)).len())
        });
    }

    let long = all.concat().repeat(100);
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.sample_size(20);
    group.bench_function("long_text", |b| {
        b.iter(|| tagger.tag(black_box(&long)).len())
    });
    group.finish();
}

criterion_group!(benches, tag);
criterion_main!(benches);
