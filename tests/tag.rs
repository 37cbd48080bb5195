//! Tagger quality on the fixture articles in `tests/fixtures/tag/`.
//!
//! Every expected mention must be found, in order, with its entity;
//! optional mentions, if tagged, must have their listed entity; anything
//! else tagged is a false mention, and there may be at most one per
//! thousand words.

use aka::{Index, Tagger};
use std::path::Path;

fn read_pairs(path: &Path) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records()
        .map(|row| {
            let row = row.expect("a csv row");
            (row[0].to_string(), row[1].to_string())
        })
        .collect()
}

/// Per-article counts, and the problems found.
struct Outcome {
    expected: usize,
    found: usize,
    false_mentions: usize,
    words: usize,
    problems: Vec<String>,
}

fn check(lang: &str, tagger: &Tagger) -> Outcome {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tag");
    let text = std::fs::read_to_string(dir.join(format!("news_{lang}.txt"))).expect("fixture text");
    let expected = read_pairs(&dir.join(format!("news_{lang}.expected.csv")));
    let optional = read_pairs(&dir.join(format!("news_{lang}.optional.csv")));
    let mentions = tagger.tag(&text);
    let mut problems = Vec::new();
    let (mut next, mut found, mut false_mentions) = (0, 0, 0);
    for m in &mentions {
        assert_eq!(&text[m.bytes.clone()], m.text, "byte span");
        assert_eq!(
            text.chars()
                .skip(m.chars.start)
                .take(m.chars.len())
                .collect::<String>(),
            m.text,
            "char span"
        );
        if let Some(k) = expected[next..].iter().position(|(s, _)| *s == m.text) {
            for (s, id) in &expected[next..next + k] {
                problems.push(format!("{lang}: missed {s} ({id})"));
            }
            let id = &expected[next + k].1;
            if *id == m.entity.id {
                found += 1;
            } else {
                problems.push(format!(
                    "{lang}: {} tagged {} ({}), expected {id}",
                    m.text, m.entity.id, m.entity.name
                ));
            }
            next += k + 1;
        } else if let Some((_, id)) = optional.iter().find(|(s, _)| *s == m.text) {
            if *id != m.entity.id {
                problems.push(format!(
                    "{lang}: optional {} tagged {} ({}), expected {id}",
                    m.text, m.entity.id, m.entity.name
                ));
            }
        } else {
            false_mentions += 1;
            problems.push(format!(
                "{lang}: false mention {} at byte {} -> {} ({}, {})",
                m.text, m.bytes.start, m.entity.id, m.entity.name, m.entity.reason
            ));
        }
    }
    for (s, id) in &expected[next..] {
        problems.push(format!("{lang}: missed {s} ({id})"));
    }
    Outcome {
        expected: expected.len(),
        found,
        false_mentions,
        words: text.split_whitespace().count(),
        problems,
    }
}

#[test]
fn fixture_articles() {
    let tagger = Tagger::new(Index::embedded().expect("embedded index"));
    let mut problems = Vec::new();
    let (mut expected, mut found, mut false_mentions, mut words) = (0, 0, 0, 0);
    for lang in ["en", "fr", "de"] {
        let o = check(lang, &tagger);
        eprintln!(
            "{lang}: {}/{} expected found, {} false, {} words",
            o.found, o.expected, o.false_mentions, o.words
        );
        expected += o.expected;
        found += o.found;
        false_mentions += o.false_mentions;
        words += o.words;
        problems.extend(o.problems);
        // At most one false mention per thousand words of each article.
        assert!(
            o.false_mentions * 1000 <= o.words.max(1000),
            "{lang}: {} false mentions in {} words",
            o.false_mentions,
            o.words
        );
    }
    eprintln!("total: recall {found}/{expected}, {false_mentions} false mentions in {words} words");
    for p in &problems {
        eprintln!("{p}");
    }
    let wrong: Vec<&String> = problems
        .iter()
        .filter(|p| !p.contains("false mention"))
        .collect();
    assert!(wrong.is_empty(), "{problems:#?}");
    assert!(false_mentions * 1000 <= words, "{problems:#?}");
}
