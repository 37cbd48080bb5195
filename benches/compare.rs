//! Pairwise comparison timings: one call of `Resolver::compare` per pair,
//! on persons and organisations in several spellings.
//!
//! Run with `cargo bench --bench compare`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const PAIRS: &[(&str, &str, &str)] = &[
    (
        "person/transliteration",
        "Alexandre Loukachenko",
        "LUKASHENKO, Aleksandr Grigorevich",
    ),
    ("person/different", "Jonas Zimmermann", "Klaus Zimmermann"),
    (
        "person/title",
        "Mr Vladimir Putin",
        "PUTIN, Vladimir Vladimirovich",
    ),
    ("org/legal_form", "Siemens Aktiengesellschaft", "SIEMENS AG"),
    ("org/cyrillic", "ООО Ромашка", "Romashka LLC"),
    ("org/partial", "Bank Melli Iran", "Bank Mellat"),
];

fn pairs(c: &mut Criterion) {
    let resolver = aka::Resolver::builder(aka::Index::embedded().expect("embedded index")).build();
    let mut group = c.benchmark_group("compare");
    for (label, left, right) in PAIRS {
        group.bench_function(*label, |b| {
            b.iter(|| resolver.compare(black_box(left), black_box(right)))
        });
    }
    group.finish();
}

criterion_group!(benches, pairs);
criterion_main!(benches);
