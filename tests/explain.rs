//! `Resolver::explain` and `aka lookup --explain`.

use assert_cmd::Command;

fn resolver() -> aka::Resolver {
    aka::Resolver::builder(aka::Index::embedded().expect("embedded index")).build()
}

#[test]
fn explains_a_surname_tie_and_how_it_was_broken() {
    let why = resolver().explain("M. Loukachenko");
    assert_eq!(why.folded, "m loukachenko");
    assert_eq!(why.titles_removed, ["m"]);
    assert_eq!(why.skeleton, "lukasenko");
    assert_eq!(why.tokens.len(), 1);
    assert_eq!(why.matches[0].id, "ofac:9760");
    let ids: Vec<&str> = why.candidates.iter().map(|c| c.id.as_str()).collect();
    for relative in ["ofac:9797", "ofac:32615", "ofac:35748"] {
        assert!(ids.contains(&relative), "{ids:?}");
    }
    assert!(why.candidates.iter().all(|c| c.surname_only));
    assert!(
        why.verdict.contains("ofac:9760") && why.verdict.contains("prominence"),
        "{}",
        why.verdict
    );
}

#[test]
fn explains_why_nothing_passed() {
    let why = resolver().explain("Quarandalle Xqz");
    assert!(why.matches.is_empty());
    assert!(why.stages.iter().any(|s| s.stage == "fuzzy_tokens"));
    assert!(why.verdict.starts_with("no match"), "{}", why.verdict);
    assert!(
        why.candidates
            .iter()
            .all(|c| f64::from(c.score) < why.min_score)
    );
}

#[test]
fn exact_answers_are_explained_too() {
    let why = resolver().explain("Minsk");
    assert_eq!(why.stages[0].stage, "exact");
    assert_eq!(why.skeleton, "minsk");
    assert_eq!(why.matches[0].id, "geonames:625144");
    assert_eq!(why.candidates[0].score, 1.0);
}

#[test]
fn filtered_candidates_are_marked() {
    let r = aka::Resolver::builder(aka::Index::embedded().unwrap())
        .types(["country"])
        .build();
    let why = r.explain("Minsk");
    assert!(why.matches.is_empty());
    assert!(
        why.candidates
            .iter()
            .any(|c| c.id == "geonames:625144" && !c.allowed)
    );
}

#[test]
fn cli_explains_in_text_and_json() {
    let out = Command::cargo_bin("aka")
        .unwrap()
        .args(["lookup", "--explain", "Herr Lukaschenko"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("titles:    herr (removed)"), "{text}");
    assert!(text.contains("verdict:   ofac:9760"), "{text}");

    let out = Command::cargo_bin("aka")
        .unwrap()
        .args(["lookup", "--explain", "--format", "jsonl", "Minsk", "Qwxzt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["matches"][0]["id"], "geonames:625144");
    assert!(lines[1]["matches"].as_array().unwrap().is_empty());
    assert!(
        lines[1]["verdict"]
            .as_str()
            .unwrap()
            .starts_with("no match")
    );
}
