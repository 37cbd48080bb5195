//! `aka annotate`: output rows, dialects, bad input and atomic output.

mod common;

use common::aka;
use predicates::str::contains;
use std::path::Path;

/// Runs `aka annotate` on `input` (via stdin) and returns stdout.
fn annotate_stdin(input: &[u8], args: &[&str]) -> String {
    let out = aka()
        .arg("annotate")
        .arg("-")
        .args(args)
        .write_stdin(input.to_vec())
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8 output")
}

/// Parses CSV text into rows of strings.
fn rows(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

/// Runs `aka annotate INPUT -c COLUMN -o OUTPUT`.
fn annotate_file(input: &Path, column: &str, output: &Path) -> assert_cmd::assert::Assert {
    aka()
        .arg("annotate")
        .arg(input)
        .args(["-c", column, "-o"])
        .arg(output)
        .assert()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const PEOPLE: &str = "id,name,note\n1,Minsk,\"a, b\"\n2,Loukachenko,x\n3,Qwxzt Plorbington,\n";

#[test]
fn adds_columns_with_real_values() {
    let out = annotate_stdin(PEOPLE.as_bytes(), &["--column", "name", "-q"]);
    let r = rows(&out, b',');
    assert_eq!(
        r[0],
        [
            "id",
            "name",
            "note",
            "aka_id",
            "aka_name",
            "aka_type",
            "aka_score",
            "aka_reason"
        ]
    );
    assert_eq!(r[1][..4], ["1", "Minsk", "a, b", "geonames:625144"]);
    assert_eq!(r[1][5], "city");
    assert_eq!(r[2][3], "ofac:9760");
    assert_eq!(r[2][5], "person");
    assert_eq!(r[3][3], "");
    assert_eq!(r[3][7], "no match");
    assert_eq!(r.len(), 4);
}

#[test]
fn keeps_order_across_chunks_and_threads() {
    let names = ["Minsk", "Loukachenko", "Qwxzt Plorbington", "Warschau", ""];
    let mut input = String::from("n,name\n");
    for i in 0..5000 {
        input += &format!("{i},{}\n", names[i % names.len()]);
    }
    let out = annotate_stdin(
        input.as_bytes(),
        &[
            "-c",
            "name",
            "-q",
            "--threads",
            "2",
            "--chunk-rows",
            "7",
            "--cache-size",
            "2",
        ],
    );
    let r = rows(&out, b',');
    assert_eq!(r.len(), 5001);
    for (i, row) in r[1..].iter().enumerate() {
        assert_eq!(row[0], i.to_string());
        assert_eq!(row[1], names[i % names.len()]);
        let expected = match i % names.len() {
            0 => "geonames:625144",
            1 => "ofac:9760",
            _ => row[2].as_str(),
        };
        assert_eq!(row[2], expected);
    }
}

/// Names that fold to one form ("lir" in Gujarati and in Latin script;
/// "kuba" in Latin and Tifinagh, with and without an accent) but may
/// resolve differently, because the resolver sees the name as written.
const SAME_FOLD: [&str; 6] = ["લીર", "Lir", "Kúba", "ⴽⵓⴱⴰ", "LIR", "kuba"];

#[test]
fn a_name_is_answered_as_it_is_alone_whatever_came_before() {
    let alone: Vec<Vec<String>> = SAME_FOLD
        .iter()
        .map(|name| {
            let out = annotate_stdin(format!("name\n{name}\n").as_bytes(), &["-c", "1", "-q"]);
            rows(&out, b',').swap_remove(1)
        })
        .collect();
    let mut input = String::from("name\n");
    for name in SAME_FOLD.iter().cycle().take(SAME_FOLD.len() * 50) {
        input += name;
        input += "\n";
    }
    for threads in ["1", "2"] {
        let args = ["-c", "1", "-q", "--threads", threads, "--chunk-rows", "5"];
        let together = rows(&annotate_stdin(input.as_bytes(), &args), b',');
        for (i, row) in together[1..].iter().enumerate() {
            assert_eq!(
                row,
                &alone[i % SAME_FOLD.len()],
                "row {i}, {threads} threads"
            );
        }
    }
    assert_ne!(
        alone[0][1], alone[1][1],
        "the two spellings of \"lir\" differ"
    );
}

#[test]
fn several_columns_get_their_own_prefixed_columns() {
    let input = "buyer,seller\nMinsk,Loukachenko\n";
    let r = rows(
        &annotate_stdin(
            input.as_bytes(),
            &["--column", "buyer", "--column", "2", "-q"],
        ),
        b',',
    );
    assert_eq!(
        r[0][2..7],
        [
            "buyer_aka_id",
            "buyer_aka_name",
            "buyer_aka_type",
            "buyer_aka_score",
            "buyer_aka_reason"
        ]
    );
    assert_eq!(r[0][7], "seller_aka_id");
    assert_eq!(r[1][2], "geonames:625144");
    assert_eq!(r[1][7], "ofac:9760");
}

#[test]
fn prefix_is_configurable() {
    let r = rows(
        &annotate_stdin(PEOPLE.as_bytes(), &["-c", "name", "--prefix", "x_", "-q"]),
        b',',
    );
    assert_eq!(r[0][3], "x_id");
}

#[test]
fn file_to_file_and_stdout_dash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("people.csv");
    std::fs::write(&input, PEOPLE).expect("write");
    let output = dir.path().join("people.aka.csv");
    annotate_file(&input, "name", &output)
        .success()
        .stderr(contains("3 rows"));
    let text = std::fs::read_to_string(&output).expect("output");
    assert_eq!(rows(&text, b',')[1][3], "geonames:625144");
    let out = aka()
        .arg("annotate")
        .arg(&input)
        .args(["-c", "name", "-o", "-", "-q"])
        .assert()
        .success();
    assert_eq!(out.get_output().stdout, text.as_bytes());
    assert_eq!(files_in(dir.path()), ["people.aka.csv", "people.csv"]);
}

#[test]
fn semicolon_is_sniffed_and_kept() {
    let out = annotate_stdin(b"id;name\n1;Minsk\n", &["-c", "name", "-q"]);
    assert!(out.starts_with("id;name;aka_id;"), "{out}");
    assert_eq!(rows(&out, b';')[1][2], "geonames:625144");
    let out = annotate_stdin(
        b"id;name\n1;Minsk\n",
        &["-c", "name", "-q", "--delimiter", ";"],
    );
    assert_eq!(rows(&out, b';')[1][2], "geonames:625144");
}

#[test]
fn tab_separated() {
    for args in [
        &["-c", "name", "-q", "--tsv"][..],
        &["-c", "name", "-q"],
        &["-c", "name", "-q", "-d", "\\t"],
    ] {
        let out = annotate_stdin(b"id\tname\n1\tMinsk, Belarus\n", args);
        let r = rows(&out, b'\t');
        assert_eq!(r[1][1], "Minsk, Belarus");
        assert_eq!(r[0][2], "aka_id");
    }
}

#[test]
fn quoted_newline_bom_and_crlf() {
    let out = annotate_stdin(
        b"id,name,note\r\n1,\"Minsk\",\"two\r\nlines, here\"\r\n2,Loukachenko,\r\n",
        &["-c", "name", "-q"],
    );
    assert!(out.starts_with("id,name,note,aka_id"), "{out}");
    assert!(
        out.contains("\r\n2,Loukachenko,,ofac:9760"),
        "CRLF kept: {out:?}"
    );
    let r = rows(&out, b',');
    assert_eq!(r[1][2], "two\r\nlines, here");
    assert_eq!(r[1][3], "geonames:625144");

    let out = annotate_stdin(b"\xEF\xBB\xBFname,id\nMinsk,1\n", &["-c", "name", "-q"]);
    assert!(
        out.starts_with("name,id,aka_id"),
        "BOM dropped and column found: {out:?}"
    );
}

#[test]
fn header_and_rows_are_written_as_they_were_read() {
    let input = "\"id\",\"full name\",note\n1,\"Minsk\",  spaced  \n";
    let out = annotate_stdin(input.as_bytes(), &["-c", "full name", "-q"]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("\"id\",\"full name\",note,aka_id,aka_name,aka_type,aka_score,aka_reason")
    );
    let row = lines.next().expect("a data row");
    assert!(
        row.starts_with("1,\"Minsk\",  spaced  ,geonames:625144,"),
        "{row}"
    );
}

#[test]
fn no_header_with_index_column() {
    let out = annotate_stdin(
        b"1,Minsk\n2,Loukachenko\n",
        &["--no-header", "-c", "2", "-q"],
    );
    let r = rows(&out, b',');
    assert_eq!(r.len(), 2);
    assert_eq!(r[0][2], "geonames:625144");
    assert_eq!(r[1][2], "ofac:9760");
    aka()
        .args(["annotate", "-", "--no-header", "-c", "name"])
        .write_stdin("1,Minsk\n")
        .assert()
        .code(2)
        .stderr(contains("with --no-header there are no names"));
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.csv");
    aka()
        .arg("annotate")
        .arg(&missing)
        .args(["-c", "name"])
        .assert()
        .code(2)
        .stderr(contains("cannot open input file"));
    aka()
        .args(["annotate", "-", "-c", "nmae"])
        .write_stdin(PEOPLE)
        .assert()
        .code(2)
        .stderr(contains(
            "no column 'nmae'; the header has 'id', 'name', 'note'",
        ));
    aka()
        .args(["annotate", "-", "-c", "9"])
        .write_stdin(PEOPLE)
        .assert()
        .code(2)
        .stderr(contains("out of range"));
    aka()
        .args(["annotate", "-", "-c", "name"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(contains("<stdin> is empty"));
    aka()
        .args(["annotate", "-", "-c", "name"])
        .write_stdin("id,name\n")
        .assert()
        .code(2)
        .stderr(contains("header but no data rows"));
    let input = dir.path().join("in.csv");
    std::fs::write(&input, PEOPLE).expect("write");
    annotate_file(&input, "name", &input)
        .code(2)
        .stderr(contains("is the input file"));
    let unwritable = dir.path().join("no/such/dir/out.csv");
    annotate_file(&input, "name", &unwritable)
        .code(2)
        .stderr(contains("cannot write output"));
    assert_eq!(std::fs::read_to_string(&input).expect("input"), PEOPLE);
    // Sizes that would exhaust memory or threads are refused up front.
    for (flag, value) in [
        ("--threads", "0"),
        ("--threads", "100000"),
        ("--chunk-rows", "18446744073709551615"),
        ("--cache-size", "0"),
    ] {
        aka()
            .args(["annotate", "-", "-c", "name", flag, value])
            .write_stdin(PEOPLE)
            .assert()
            .code(2)
            .stderr(contains(format!("invalid value '{value}' for '{flag}")));
    }
}

const RAGGED: &str = "id,name,note\n1,Minsk,a\n2,Loukachenko\n3,Warschau,c\n";
const BAD_UTF8: &[u8] = b"id,name\n1,Minsk\n2,Mi\xFFnsk\n3,Loukachenko\n";

#[test]
fn ragged_row_fails_by_default() {
    aka()
        .args(["annotate", "-", "-c", "name"])
        .write_stdin(RAGGED)
        .assert()
        .code(2)
        .stderr(contains(
            "<stdin>, line 3: the row has 2 fields where the first row has 3 (column 3 is missing)",
        ))
        .stderr(contains("--on-error"));
}

#[test]
fn ragged_row_marked_or_skipped() {
    let r = rows(
        &annotate_stdin(
            RAGGED.as_bytes(),
            &["-c", "name", "--on-error", "mark", "-q"],
        ),
        b',',
    );
    assert_eq!(r.len(), 4);
    assert_eq!(r[2][..3], ["2", "Loukachenko", ""]);
    assert!(r[2][7].starts_with("error: <stdin>, line 3"), "{:?}", r[2]);
    assert_eq!(r[3][3], "geonames:756135");
    // A row with a field too many keeps it, after the added cells, which
    // stay under their headers.
    let long = "id,name,note\n1,Minsk,a,b\n";
    let r = rows(
        &annotate_stdin(long.as_bytes(), &["-c", "name", "--on-error", "mark", "-q"]),
        b',',
    );
    assert_eq!(r[0][7], "aka_reason");
    assert_eq!(r[1][..3], ["1", "Minsk", "a"]);
    assert!(r[1][7].starts_with("error: <stdin>, line 2"), "{:?}", r[1]);
    assert_eq!(r[1][8], "b");

    let out = aka()
        .args(["annotate", "-", "-c", "name", "--on-error", "skip"])
        .write_stdin(RAGGED)
        .assert()
        .success();
    let r = rows(&String::from_utf8_lossy(&out.get_output().stdout), b',');
    assert_eq!(r.len(), 3);
    assert_eq!(r[2][0], "3");
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("1 rows skipped (lines 3)"));

    // Many skipped rows over several chunks and threads: all counted, the
    // first ten listed in input order.
    let mut many = String::from("id,name\n");
    for i in 1..=300 {
        many += &if i % 3 == 0 {
            format!("{i}\n")
        } else {
            format!("{i},Minsk\n")
        };
    }
    let out = aka()
        .args(["annotate", "-", "-c", "name", "--on-error", "skip"])
        .args(["-j", "2", "--chunk-rows", "7"])
        .write_stdin(many)
        .assert()
        .success();
    assert_eq!(
        rows(&String::from_utf8_lossy(&out.get_output().stdout), b',').len(),
        201
    );
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr)
            .contains("100 rows skipped (lines 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, ...)"),
        "{}",
        String::from_utf8_lossy(&out.get_output().stderr)
    );
}

#[test]
fn invalid_utf8_fails_marks_or_skips() {
    aka()
        .args(["annotate", "-", "-c", "name"])
        .write_stdin(BAD_UTF8)
        .assert()
        .code(2)
        .stderr(contains(
            "<stdin>, line 3, column 2 ('name'): invalid UTF-8 at byte 3",
        ));

    let out = aka()
        .args(["annotate", "-", "-c", "name", "--on-error", "mark", "-q"])
        .write_stdin(BAD_UTF8)
        .assert()
        .success();
    let stdout = &out.get_output().stdout;
    assert!(
        stdout.windows(6).any(|w| w == b"Mi\xFFnsk"),
        "field kept as it was"
    );
    let r = rows(&String::from_utf8_lossy(stdout), b',');
    assert_eq!(r.len(), 4);
    assert!(
        r[2][6].starts_with("error: <stdin>, line 3, column 2"),
        "{:?}",
        r[2]
    );
    assert_eq!(r[3][2], "ofac:9760");

    let r = rows(
        &annotate_stdin(BAD_UTF8, &["-c", "name", "--on-error", "skip", "-q"]),
        b',',
    );
    assert_eq!(
        r.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["id", "1", "3"]
    );
}

#[test]
fn a_quote_never_closed_fails_instead_of_merging_rows() {
    // The csv crate reads everything after the open quote as one field,
    // so rows 3 and 4 would vanish into row 2.
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "id,name\n1,Minsk\n2,\"Pinsk\n3,Brest\n4,Gomel\n").expect("write");
    let output = dir.path().join("out.csv");
    annotate_file(&input, "name", &output)
        .code(2)
        .stderr(contains(
            "in.csv, line 3: a quoted field that starts on this line is never closed",
        ));
    assert_eq!(files_in(dir.path()), ["in.csv"]);

    // Doubled quotes do not close it, though the input ends in a quote.
    std::fs::write(&input, "id,name\n1,\"Minsk\n2,Pinsk \"\"x\"\"\n").expect("write");
    annotate_file(&input, "name", &output)
        .code(2)
        .stderr(contains(
            "line 2: a quoted field that starts on this line is never closed",
        ));
    assert_eq!(files_in(dir.path()), ["in.csv"]);

    // A quoted field that spans lines and closes is data, kept whole.
    let out = annotate_stdin(
        b"id,name\n1,Minsk\n2,\"Pinsk\nBrest\"\r\n",
        &["-c", "name", "-q"],
    );
    let r = rows(&out, b',');
    assert_eq!(r.len(), 3);
    assert_eq!(r[2][1], "Pinsk\nBrest");
}

#[test]
fn failed_run_leaves_target_untouched_and_no_temp_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    std::fs::write(&input, RAGGED).expect("write");
    let output = dir.path().join("out.csv");
    annotate_file(&input, "name", &output)
        .code(2)
        .stderr(contains("out.csv left untouched"));
    assert_eq!(files_in(dir.path()), ["in.csv"]);

    std::fs::write(&output, "earlier\n").expect("write");
    annotate_file(&input, "name", &output).code(2);
    assert_eq!(
        std::fs::read_to_string(&output).expect("output"),
        "earlier\n"
    );
    assert_eq!(files_in(dir.path()), ["in.csv", "out.csv"]);
    annotate_file(&input, "nope", &output).code(2);
    assert_eq!(files_in(dir.path()), ["in.csv", "out.csv"]);
    assert_eq!(
        std::fs::read_to_string(&output).expect("output"),
        "earlier\n"
    );
}

#[cfg(unix)]
#[test]
fn writes_to_a_device_in_place() {
    use std::os::unix::fs::FileTypeExt;
    aka()
        .args(["annotate", "-", "-c", "name", "-q", "-o", "/dev/null"])
        .write_stdin(PEOPLE)
        .assert()
        .success();
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(
        meta.file_type().is_char_device(),
        "/dev/null is still a device"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_no_output_and_no_temp_file() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("tempdir");
    let output = dir.path().join("out.csv");
    std::fs::write(&output, "earlier\n").expect("write");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("aka"))
        .args(["annotate", "-", "-c", "name", "-q", "-o"])
        .arg(&output)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn aka");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(PEOPLE.as_bytes()).expect("write rows");
    stdin.flush().expect("flush");
    // The temporary file exists once the Ctrl-C handler is in place.
    let started = std::time::Instant::now();
    while files_in(dir.path()).len() < 2 && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    std::thread::sleep(std::time::Duration::from_millis(200));
    // Further rows (or the end of input) wake the reader, which then stops.
    let _ = stdin.write_all(b"4,Minsk,\n");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("interrupted"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&output).expect("output"),
        "earlier\n"
    );
    assert_eq!(files_in(dir.path()), ["out.csv"]);
}
