//! Tag entity mentions in a text file (or a built-in sample) with the
//! default index.
//!
//! ```text
//! cargo run --example tag -- tests/fixtures/tag/news_fr.txt
//! ```

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = match std::env::args().nth(1) {
        Some(path) => String::from_utf8(std::fs::read(&path)?).map_err(|e| format!("{path}: not UTF-8: {e}"))?,
        None => "Alexandre Loukachenko a reçu Vladimir Putin à Minsk. M. Loukachenko partira ensuite pour Moscou.".to_string(),
    };
    let tagger = aka::Tagger::new(aka::Index::embedded()?);
    for m in tagger.tag(&text) {
        println!(
            "{:>6}..{:<6} {:<24} {:<18} {} ({})",
            m.bytes.start, m.bytes.end, m.text, m.entity.id, m.entity.name, m.entity.kind
        );
    }
    Ok(())
}
