//! Function-level timings on the default data: opening the index, exact
//! and fuzzy lookups, and a full index build.
//!
//! Run with `cargo bench --bench resolve`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn open(c: &mut Criterion) {
    c.bench_function("open/embedded", |b| {
        b.iter(|| aka::Index::embedded().map(|i| i.entity_count()))
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("default.aka");
    let index = aka::Index::embedded().expect("embedded index");
    std::fs::write(&path, index.as_bytes()).expect("write index");
    c.bench_function("open/file_with_checksum", |b| {
        b.iter(|| aka::Index::open(black_box(&path)).map(|i| i.entity_count()))
    });
}

fn lookups(c: &mut Criterion) {
    let resolver = aka::Resolver::builder(aka::Index::embedded().expect("embedded index")).build();
    let mut group = c.benchmark_group("lookup");
    for (label, query) in [
        ("exact/city", "Minsk"),
        (
            "exact/person_last_first",
            "LUKASHENKO, Alexander Grigoryevich",
        ),
        ("fuzzy/transliteration", "Alexandre Loukachenko"),
        ("fuzzy/surname", "Loukachenko"),
        ("fuzzy/typo", "Warschauu"),
        ("fuzzy/other_script", "Лукашенко"),
        ("fuzzy/no_match", "Qwxzt Plorbington"),
    ] {
        group.bench_function(label, |b| b.iter(|| resolver.resolve_one(black_box(query))));
    }
    group.finish();
}

fn build(c: &mut Criterion) {
    let entities = std::fs::read("data/entities.csv").expect("data/entities.csv");
    let aliases = std::fs::read("data/aliases.csv").expect("data/aliases.csv");
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("default_data", |b| {
        b.iter(|| {
            aka::build_index(
                aka::TableSource {
                    name: "entities.csv".into(),
                    reader: entities.as_slice(),
                },
                aka::TableSource {
                    name: "aliases.csv".into(),
                    reader: aliases.as_slice(),
                },
            )
            .map(|(bytes, _)| bytes.len())
        })
    });
    group.finish();
}

criterion_group!(benches, open, lookups, build);
criterion_main!(benches);
