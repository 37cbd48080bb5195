//! The library API: thread safety and sharing.

use aka::{Index, Resolver, Tagger};
use std::sync::Arc;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<Index>();
    assert_send_sync::<Resolver>();
    assert_send_sync::<Tagger>();
    assert_send_sync::<aka::Match>();
    assert_send_sync::<aka::Mention>();
    assert_send_sync::<aka::Error>();
}

#[test]
fn resolves_and_tags_from_several_threads() {
    let resolver = Resolver::builder(Index::embedded().expect("embedded index")).build();
    let tagger = Arc::new(Tagger::new(resolver.index().clone()));
    let queries = [
        ("Loukachenko", "ofac:9760"),
        ("Warschau", "geonames:756135"),
        ("Лукашенко", "ofac:9760"),
        ("Weißrussland", "country:BY"),
    ];
    let threads: Vec<_> = (0..4)
        .map(|n| {
            let resolver = resolver.clone();
            let tagger = Arc::clone(&tagger);
            std::thread::spawn(move || {
                for round in 0..50 {
                    let (query, id) = queries[(n + round) % queries.len()];
                    let m = resolver.resolve_one(query).expect("a match");
                    assert_eq!(m.id, id, "{query}");
                    let mentions = tagger.tag("Alexander Lukashenko flew from Minsk to Moscow.");
                    let ids: Vec<&str> = mentions.iter().map(|m| m.entity.id.as_str()).collect();
                    assert_eq!(ids, ["ofac:9760", "geonames:625144", "geonames:524901"]);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread finished");
    }
}

#[test]
fn index_from_bytes_matches_embedded() {
    let embedded = Index::embedded().expect("embedded index");
    let copy = Index::from_bytes(embedded.as_bytes().to_vec()).expect("index from bytes");
    let a = Resolver::builder(embedded)
        .build()
        .resolve_one("Minsk")
        .expect("a match");
    let b = Resolver::builder(copy)
        .build()
        .resolve_one("Minsk")
        .expect("a match");
    assert_eq!(a, b);
}
