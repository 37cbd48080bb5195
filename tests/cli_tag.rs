//! `aka tag`: output formats and bad input.

mod common;

use common::aka;
use predicates::prelude::*;

const TEXT: &str = "Alexander Lukashenko met <officials> in Minsk & Moscow. President Lukashenko's aides said \"no\".\n";

#[test]
fn text_format_lists_mentions() {
    aka()
        .args(["tag", "-"])
        .write_stdin(TEXT)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1:1   Alexander Lukashenko  ofac:9760",
        ))
        .stdout(predicate::str::contains("geonames:625144"))
        .stdout(predicate::str::contains("remention"))
        .stdout(predicate::function(|s: &str| s.lines().count() == 4));
}

#[test]
fn jsonl_format_has_spans_and_entities() {
    let out = aka()
        .args(["tag", "-", "--format", "jsonl"])
        .write_stdin(TEXT)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["text"], "Alexander Lukashenko");
    assert_eq!(lines[0]["bytes"]["start"], 0);
    assert_eq!(lines[0]["bytes"]["end"], 20);
    assert_eq!(lines[0]["chars"]["end"], 20);
    assert_eq!(lines[0]["entity"]["id"], "ofac:9760");
    assert_eq!(lines[0]["entity"]["type"], "person");
    assert_eq!(lines[3]["rule"], "remention");
}

#[test]
fn html_format_escapes_and_links() {
    let file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(file.path(), TEXT).expect("write");
    aka()
        .args(["tag", "--format", "html"])
        .arg(file.path())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<!DOCTYPE html>"))
        .stdout(predicate::str::contains("&lt;officials&gt;"))
        .stdout(predicate::str::contains("Minsk</a> &amp; <a"))
        .stdout(predicate::str::contains("&quot;no&quot;"))
        .stdout(predicate::str::contains("href=\"#e-ofac-9760\""))
        .stdout(predicate::str::contains("https://www.geonames.org/625144"))
        .stdout(predicate::str::contains("<officials>").not());
}

#[test]
fn no_mentions_exits_1() {
    aka()
        .args(["tag", "-"])
        .write_stdin("nothing to see here\n")
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn invalid_utf8_exits_2_naming_the_byte() {
    aka()
        .args(["tag", "-"])
        .write_stdin(&b"Minsk\nMoscow \xff\n"[..])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "<stdin>: invalid UTF-8 at byte 13 (line 2)",
        ));
}

#[test]
fn missing_file_is_an_error() {
    aka()
        .args(["tag", "/nonexistent/article.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/article.txt",
        ));
}
