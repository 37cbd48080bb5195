//! Pairwise comparison: the library function (legal forms, reordering,
//! transliteration, clear non-matches) and `aka compare` end to end (two
//! names, `--pairs` to stdout and to a file, bad input).

mod common;

use common::{Run, aka, run};
use std::path::Path;

// ------------------------------------------------------------- library

fn assert_match(left: &str, right: &str) -> aka::Comparison {
    let c = aka::compare(left, right);
    assert!(
        c.matched && c.score >= aka::DEFAULT_MIN_SCORE,
        "{left:?} vs {right:?}: {c:?}"
    );
    c
}

fn assert_no_match(left: &str, right: &str) -> aka::Comparison {
    let c = aka::compare(left, right);
    assert!(
        !c.matched && c.score < aka::DEFAULT_MIN_SCORE,
        "{left:?} vs {right:?}: {c:?}"
    );
    c
}

#[test]
fn a_pair_just_short_of_the_threshold_is_no_match_and_does_not_read_as_one() {
    // Two edits in ten letters score the single-precision number nearest
    // 0.77, which falls short of 0.77: a lookup answers "no match", and
    // so does the comparison, whose rounded score stays below too.
    let c = assert_no_match("Λευκορωσία", "Λευκωσία");
    assert_eq!(c.score, 0.769, "{c:?}");
    let resolver = aka::Resolver::builder(aka::Index::embedded().expect("embedded")).build();
    assert!(resolver.resolve_one("Λευκορωσία").is_none());
}

#[test]
fn legal_forms_fold_to_one_form() {
    for (left, right) in [
        ("Siemens Aktiengesellschaft", "SIEMENS AG"),
        ("Acme Limited", "ACME LTD"),
        (
            "Polmex Spółka z ograniczoną odpowiedzialnością",
            "POLMEX SP. Z O.O.",
        ),
        ("Polmex Sp. z o.o.", "Polmex sp z oo"),
        ("Romashka Limited Liability Company", "Romashka LLC"),
    ] {
        let c = assert_match(left, right);
        assert_eq!(c.score, 1.0, "{left:?} vs {right:?}: {c:?}");
        assert!(c.reason.contains("legal form"), "{c:?}");
    }
}

#[test]
fn legal_form_alone_does_not_make_a_match() {
    assert_no_match("Siemens AG", "Bosch AG");
    assert_no_match("Acme Limited", "Globex Limited");
}

#[test]
fn different_legal_forms_still_pair_the_name() {
    // The name decides; the form weighs little.
    let same = aka::compare("Siemens AG", "Siemens GmbH");
    let other = aka::compare("Siemens AG", "Bosch AG");
    assert!(same.score > other.score, "{same:?} {other:?}");
}

#[test]
fn reordered_and_comma_names_match() {
    let c = assert_match("Alexander Lukashenko", "LUKASHENKO, Alexander");
    assert_eq!(c.score, 1.0, "{c:?}");
    assert!(c.reason.contains("surname 'lukashenko'"), "{c:?}");
    assert_match("Lukashenko Alexander", "Alexander Lukashenko");
}

#[test]
fn transliterations_match() {
    let c = assert_match("Alexandre Loukachenko", "LUKASHENKO, Aleksandr Grigorevich");
    assert!(c.score < 1.0, "not equal after normalisation: {c:?}");
    assert!(c.reason.contains("loukachenko~lukashenko"), "{c:?}");
    assert_match("Лукашенко Александр", "Aleksandr Lukashenko");
    assert_match("Müller, Jürgen", "Juergen Mueller");
}

#[test]
fn titles_are_dropped() {
    let c = assert_match("Mr Alexander Lukashenko", "Alexander Lukashenko");
    assert!(c.reason.contains("title 'mr' removed"), "{c:?}");
}

#[test]
fn clear_non_matches_score_low() {
    assert_no_match("Jonas Zimmermann", "Klaus Zimmermann");
    assert_no_match("Alexander Lukashenko", "Vladimir Putin");
    assert_no_match("Minsk", "Pinsk Oblast Executive Committee");
    let c = assert_no_match("Qwxzt Plorbington", "Ottokar Brindlewaite");
    assert!(c.score < 0.5, "{c:?}");
    assert_no_match("", "Minsk");
}

#[test]
fn scores_are_symmetric_and_in_range() {
    let pairs = [
        ("Alexandre Loukachenko", "LUKASHENKO, Aleksandr Grigorevich"),
        ("Siemens Aktiengesellschaft", "SIEMENS AG"),
        ("Jonas Zimmermann", "Klaus Zimmermann"),
        ("M INETS OOO", "MINETS OOO"),
        // A letter typed too many beside its neighbouring key is a
        // cheaper slip one way than a letter missing is the other way.
        ("Mza-dso-chang", "Ma-so-chang"),
    ];
    for (a, b) in pairs {
        let ab = aka::compare(a, b);
        let ba = aka::compare(b, a);
        assert_eq!(ab.score, ba.score, "{a:?} {b:?}");
        assert!((0.0..=1.0).contains(&ab.score), "{ab:?}");
    }
}

#[test]
fn resolver_threshold_decides_the_match() {
    let index = aka::Index::embedded().expect("the embedded index opens");
    let strict = aka::Resolver::builder(index).min_score(0.999).build();
    let c = strict.compare("Alexandre Loukachenko", "Aleksandr Lukashenko");
    assert!(!c.matched, "below 0.999: {c:?}");
    assert_eq!(
        c.score,
        aka::compare("Alexandre Loukachenko", "Aleksandr Lukashenko").score
    );
}

// ----------------------------------------------------------------- CLI

/// Asserts an error exit: status 2, one `aka: ` line naming every needle,
/// nothing on stdout.
fn assert_error(r: &Run, needles: &[&str]) {
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    assert!(r.stderr.starts_with("aka: "), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "{n:?} not in {}", r.stderr);
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("fixture written");
    path
}

/// The value after `label` on its line of the two-name output.
fn field<'a>(stdout: &'a str, label: &str) -> &'a str {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(label))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {label:?} line in {stdout}"))
}

#[test]
fn cli_two_names_print_score_verdict_and_reason() {
    let r = run(aka().args([
        "compare",
        "Alexandre Loukachenko",
        "LUKASHENKO, Aleksandr Grigorevich",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let score: f64 = field(&r.stdout, "score").parse().expect("a number");
    assert!(
        (aka::DEFAULT_MIN_SCORE..=1.0).contains(&score),
        "{}",
        r.stdout
    );
    assert!(
        field(&r.stdout, "match")
            .starts_with(&format!("yes (min score {})", aka::DEFAULT_MIN_SCORE)),
        "{}",
        r.stdout
    );
    assert!(field(&r.stdout, "reason").contains("loukachenko~lukashenko"));
}

#[test]
fn cli_non_match_exits_one() {
    let r = run(aka().args(["compare", "Jonas Zimmermann", "Klaus Zimmermann"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(field(&r.stdout, "match").starts_with("no"), "{}", r.stdout);
}

#[test]
fn cli_min_score_moves_the_verdict() {
    let r = run(aka().args([
        "compare",
        "--min-score",
        "0.999",
        "Alexandre Loukachenko",
        "Aleksandr Lukashenko",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(field(&r.stdout, "match").starts_with("no (min score 0.999)"));
}

#[test]
fn cli_pairs_to_stdout_appends_three_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(
        dir.path(),
        "pairs.csv",
        "id,left,right\n\
         1,Siemens Aktiengesellschaft,SIEMENS AG\n\
         2,Jonas Zimmermann,Klaus Zimmermann\n\
         3,\"LUKASHENKO, Aleksandr\",Alexandre Loukachenko\n"
            .as_bytes(),
    );
    let r = run(aka().args(["compare", "--pairs"]).arg(&pairs));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, ["id", "left", "right", "score", "match", "reason"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "1");
    assert_eq!(&rows[0][3], "1.000");
    assert_eq!(&rows[0][4], "true");
    assert!(
        rows[0][5].contains("'aktiengesellschaft' as 'ag'"),
        "{:?}",
        rows[0]
    );
    assert_eq!(&rows[1][4], "false");
    assert_eq!(
        &rows[2][1], "LUKASHENKO, Aleksandr",
        "input kept as written"
    );
    assert_eq!(&rows[2][4], "true");
}

#[test]
fn cli_pairs_named_columns_to_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(
        dir.path(),
        "records.csv",
        "name_a,name_b\nAcme Limited,ACME LTD\nAcme Limited,Globex Ltd\n".as_bytes(),
    );
    let out = dir.path().join("scored.csv");
    let r = run(aka()
        .args([
            "compare", "--left", "name_a", "--right", "name_b", "--pairs",
        ])
        .arg(&pairs)
        .arg("-o")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let text = std::fs::read_to_string(&out).expect("output written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "name_a,name_b,score,match,reason");
    assert!(lines[1].starts_with("Acme Limited,ACME LTD,1.000,true,"));
    assert!(lines[2].starts_with("Acme Limited,Globex Ltd,"));
    assert!(lines[2].contains(",false,"), "{}", lines[2]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".aka-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary file left: {leftovers:?}");
}

#[test]
fn cli_pairs_from_stdin() {
    let r = run(aka()
        .args(["compare", "--pairs", "-"])
        .write_stdin("left,right\nMinsk,Minsk\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Minsk,Minsk,1.000,true,"), "{}", r.stdout);
}

#[test]
fn cli_missing_column_lists_the_columns_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(dir.path(), "p.csv", b"name_a,name_b\nx,y\n");
    let r = run(aka().args(["compare", "--pairs"]).arg(&pairs));
    assert_error(&r, &["p.csv", "missing column 'left'", "name_a, name_b"]);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

#[test]
fn cli_malformed_csv_names_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(dir.path(), "p.csv", b"left,right\na,b\nc,d,e\n");
    let out = dir.path().join("scored.csv");
    std::fs::write(&out, "previous result\n").expect("old output");
    let r = run(aka()
        .args(["compare", "--pairs"])
        .arg(&pairs)
        .arg("-o")
        .arg(&out));
    assert_error(&r, &["p.csv", "line 3", "3 fields"]);
    assert_eq!(
        std::fs::read_to_string(&out).expect("old output kept"),
        "previous result\n",
        "a failed run must not replace the output"
    );
}

#[test]
fn cli_bad_utf8_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(dir.path(), "p.csv", b"left,right\nM\xfcller,Mueller\n");
    let r = run(aka().args(["compare", "--pairs"]).arg(&pairs));
    assert_error(&r, &["p.csv", "line 2", "UTF-8"]);
}

#[test]
fn cli_bad_arguments_are_errors() {
    assert_error(&run(aka().args(["compare", "Minsk"])), &["two names"]);
    assert_error(
        &run(aka().args(["compare", "--pairs", "/nonexistent/p.csv"])),
        &["cannot open"],
    );
    let r = run(aka().args(["compare", "--min-score", "2", "a", "b"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("between 0 and 1"), "{}", r.stderr);
}
