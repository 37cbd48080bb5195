//! `aka eval --curve` and `--plot` on the small labelled fixture (queries
//! made from the default index's own aliases).

mod common;

use assert_cmd::Command;
use common::aka;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/eval.csv")
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().expect("aka runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// The fixture has 6 queries: 5 expect a match, 1 expects none; one
/// positive ("Minsk" labelled as Warsaw) cannot be answered correctly.
#[test]
fn curve_table_has_every_threshold_and_marks_the_default() {
    let text = stdout_of(aka().arg("eval").arg(fixture()).arg("--curve"));
    let mut lines = text.lines();
    let summary = lines.next().expect("summary line");
    assert!(
        summary.starts_with("6 queries: 5 expect a match, 1 expect none"),
        "{summary}"
    );
    let default = format!("{:.2}", aka::DEFAULT_MIN_SCORE);
    assert!(
        summary.contains(&format!("minimum score {default}")),
        "{summary}"
    );
    let header: Vec<&str> = lines.next().expect("header").split_whitespace().collect();
    assert_eq!(
        header,
        [
            "threshold",
            "answered",
            "correct",
            "precision",
            "recall",
            "f1",
            "fp_rate",
            "accuracy"
        ]
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 51, "0.50 to 1.00 by 0.01");
    let marked: Vec<&&str> = rows.iter().filter(|r| r.starts_with('*')).collect();
    assert_eq!(marked.len(), 1, "{text}");
    let default_cell = format!("{:.3}", aka::DEFAULT_MIN_SCORE);
    assert!(marked[0].contains(&default_cell), "{}", marked[0]);
    // At the default threshold the four answerable positives are right,
    // the negative and the mislabelled "Minsk" do not count as correct.
    let cells: Vec<&str> = marked[0]
        .trim_start_matches('*')
        .split_whitespace()
        .collect();
    assert_eq!(&cells[..2], [default_cell.as_str(), "5"], "{}", marked[0]);
    assert_eq!(cells[2], "4", "{}", marked[0]);
    assert_eq!(cells[4], "80.0%", "recall 4/5: {}", marked[0]);
}

#[test]
fn curve_json_is_consistent() {
    let text = stdout_of(
        aka()
            .arg("eval")
            .arg(fixture())
            .args(["--curve", "--format", "json"]),
    );
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["positives"], 5);
    assert_eq!(v["negatives"], 1);
    let points = v["points"].as_array().expect("points");
    assert_eq!(points.len(), 51);
    let mut last_recall = f64::INFINITY;
    for p in points {
        let (precision, recall, f1) = (
            p["precision"].as_f64().expect("precision"),
            p["recall"].as_f64().expect("recall"),
            p["f1"].as_f64().expect("f1"),
        );
        assert!(
            recall <= last_recall,
            "recall never rises with the threshold"
        );
        last_recall = recall;
        if precision + recall > 0.0 {
            let want = 2.0 * precision * recall / (precision + recall);
            assert!((f1 - want).abs() < 1e-9, "{p}");
        }
    }
}

#[test]
fn plot_writes_an_svg_with_the_default_marked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let svg = dir.path().join("curve.svg");
    stdout_of(
        aka()
            .arg("eval")
            .arg(fixture())
            .args(["--curve", "--plot"])
            .arg(&svg),
    );
    let text = std::fs::read_to_string(&svg).expect("plot written");
    assert!(text.starts_with("<svg"), "{}", &text[..text.len().min(80)]);
    assert!(text.trim_end().ends_with("</svg>"));
    let marker = format!("minimum score {:.2}", aka::DEFAULT_MIN_SCORE);
    for label in ["precision", "recall", "F1", marker.as_str()] {
        assert!(text.contains(label), "{label:?} missing from the plot");
    }
    let leftovers = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "curve.svg")
        .count();
    assert_eq!(leftovers, 0, "only the plot is left behind");
}

#[test]
fn plot_into_a_missing_directory_is_an_error() {
    let out = aka()
        .arg("eval")
        .arg(fixture())
        .args(["--curve", "--plot", "/nonexistent/dir/curve.svg"])
        .output()
        .expect("aka runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/dir"), "{stderr}");
}
