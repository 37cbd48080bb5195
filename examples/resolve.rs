//! Resolve names given as arguments (or a few samples) with the default
//! index.
//!
//! ```text
//! cargo run --example resolve -- Loukachenko "Lukashenko, Alexander" Warschau
//! ```

fn main() -> Result<(), aka::Error> {
    let resolver = aka::Resolver::builder(aka::Index::embedded()?)
        .top_k(3)
        .build();
    let mut names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        names = [
            "Alexandre Loukachenko",
            "Лукашенко",
            "Warschau",
            "Qwxzt Plorbington",
        ]
        .map(String::from)
        .to_vec();
    }
    for name in &names {
        let matches = resolver.resolve(name);
        if matches.is_empty() {
            println!("{name}: no match");
        }
        for m in matches {
            println!(
                "{name}: {} {} ({}) {:.3} [{}]",
                m.id, m.name, m.kind, m.score, m.reason
            );
        }
    }
    Ok(())
}
