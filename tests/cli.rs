//! End-to-end tests of the `aka` command line: lookup, build, eval, output
//! formats, exit codes and error messages.

mod common;

use common::{Run, aka, run};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

/// Asserts an error exit: status 2, one `aka: ` message naming every needle.
fn assert_error(r: &Run, needles: &[&str]) {
    assert_eq!(r.code, 2, "exit code; stderr: {}", r.stderr);
    assert!(
        r.stderr.starts_with("aka: "),
        "stderr should start with 'aka: ': {:?}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "panic: {}", r.stderr);
    for needle in needles {
        assert!(
            r.stderr.contains(needle),
            "stderr should mention {needle:?}: {:?}",
            r.stderr
        );
    }
}

/// Parses JSON-lines output into one value per line.
fn jsonl(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// The ids of an answer's matches, best first.
fn ids(answer: &Value) -> Vec<String> {
    answer["matches"]
        .as_array()
        .expect("matches is an array")
        .iter()
        .map(|m| m["id"].as_str().expect("id is a string").to_string())
        .collect()
}

/// Builds the fixture alias table into `dir/name` and returns the path.
fn build_fixture_index(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let r = run(aka()
        .arg("build")
        .arg("--entities")
        .arg(fixture("entities.csv"))
        .arg("--aliases")
        .arg(fixture("aliases.csv"))
        .arg("-o")
        .arg(&out));
    assert_eq!(r.code, 0, "build failed: {}", r.stderr);
    out
}

/// Files in `dir` whose name starts with the atomic writer's temp prefix.
fn leftover_temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir is readable")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with(".aka-tmp-"))
        .collect()
}

// ---------------------------------------------------------------- lookup

#[test]
fn lookup_transliterated_surname_finds_the_person() {
    let r = run(aka().args(["lookup", "--format", "jsonl", "Loukachenko"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = jsonl(&r.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["query"], "Loukachenko");
    let m = &rows[0]["matches"][0];
    assert_eq!(m["id"], "ofac:9760");
    assert_eq!(m["type"], "person");
    assert_eq!(m["name"], "Alyaksandr Ryhorovich Lukashenka");
    let score = m["score"].as_f64().expect("score is a number");
    assert!((0.0..=1.0).contains(&score), "score {score}");
}

#[test]
fn lookup_table_output_shows_id_and_type() {
    let r = run(aka().args(["lookup", "Loukachenko"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    let header = lines.next().expect("a header line");
    for col in ["QUERY", "ID", "NAME", "TYPE", "SCORE", "REASON"] {
        assert!(header.contains(col), "header {header:?} lacks {col}");
    }
    let row = lines.next().expect("a result line");
    assert!(row.starts_with("Loukachenko"), "{row:?}");
    assert!(row.contains("ofac:9760"), "{row:?}");
    assert!(row.contains("person"), "{row:?}");
    assert_eq!(lines.next(), None);
}

#[test]
fn lookup_many_names_answers_each_in_order() {
    let queries = [
        "Alexandre Loukachenko",
        "Lukashenko, Alexander",
        "Лукашенко",
        "M. Loukachenko",
        "Minsk",
        "Warschau",
    ];
    let want = [
        "ofac:9760",
        "ofac:9760",
        "ofac:9760",
        "ofac:9760",
        "geonames:625144",
        "geonames:756135",
    ];
    let r = run(aka().args(["lookup", "--format", "jsonl"]).args(queries));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = jsonl(&r.stdout);
    assert_eq!(rows.len(), queries.len(), "{}", r.stdout);
    for ((row, q), id) in rows.iter().zip(queries).zip(want) {
        assert_eq!(row["query"], q);
        assert_eq!(ids(row), [id], "query {q}");
    }
    assert_eq!(rows[4]["matches"][0]["type"], "city");
    assert_eq!(rows[5]["matches"][0]["country"], "PL");
}

#[test]
fn lookup_title_is_reported_as_removed() {
    let r = run(aka().args(["lookup", "--format", "jsonl", "M. Loukachenko"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = jsonl(&r.stdout);
    let reason = &rows[0]["matches"][0]["reason"];
    let titles = reason["titles_removed"]
        .as_array()
        .expect("titles_removed listed");
    assert!(!titles.is_empty(), "{reason}");
}

#[test]
fn lookup_nonsense_is_no_match_with_exit_1() {
    let r = run(aka().args(["lookup", "Qwxzt Plorbington"]));
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    assert!(r.stdout.contains("no match"), "{}", r.stdout);
    assert!(!r.stdout.contains("ofac:"), "{}", r.stdout);
    assert!(r.stderr.is_empty(), "no error expected: {}", r.stderr);
}

#[test]
fn lookup_exits_0_when_any_name_matched() {
    let r = run(aka().args(["lookup", "Qwxzt Plorbington", "Minsk", "Zzyzzx Vrumpt"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert!(lines[1].starts_with("Qwxzt Plorbington") && lines[1].contains("no match"));
    assert!(lines[2].starts_with("Minsk") && lines[2].contains("geonames:625144"));
    assert!(lines[3].starts_with("Zzyzzx Vrumpt") && lines[3].contains("no match"));
}

#[test]
fn lookup_reads_stdin_one_name_per_line_in_order() {
    let r = run(aka()
        .args(["lookup", "--format", "jsonl"])
        .write_stdin("Minsk\n\nWarschau\r\nQwxzt Plorbington\nLoukachenko"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = jsonl(&r.stdout);
    let queries: Vec<&str> = rows.iter().map(|r| r["query"].as_str().unwrap()).collect();
    assert_eq!(
        queries,
        ["Minsk", "", "Warschau", "Qwxzt Plorbington", "Loukachenko"]
    );
    assert_eq!(ids(&rows[0]), ["geonames:625144"]);
    assert!(ids(&rows[1]).is_empty(), "empty line gets an empty answer");
    assert_eq!(ids(&rows[2]), ["geonames:756135"]);
    assert!(ids(&rows[3]).is_empty());
    assert_eq!(ids(&rows[4]), ["ofac:9760"]);
}

#[test]
fn lookup_stdin_with_only_empty_lines_exits_1() {
    let r = run(aka()
        .args(["lookup", "--format", "jsonl"])
        .write_stdin("\n\n"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let rows = jsonl(&r.stdout);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["query"] == "" && ids(r).is_empty()));
}

#[test]
fn lookup_invalid_utf8_on_stdin_names_the_line() {
    let r = run(aka()
        .args(["lookup"])
        .write_stdin(&b"Minsk\nWar\xffschau\nParis\n"[..]));
    assert_error(&r, &["line 2", "UTF-8"]);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

// --------------------------------------------------------------- formats

#[test]
fn format_json_is_one_array_of_answers() {
    let r = run(aka().args(["lookup", "--format", "json", "Minsk", "Qwxzt Plorbington"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let arr = v.as_array().expect("an array");
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["query"], "Minsk");
    let m = &arr[0]["matches"][0];
    assert_eq!(m["id"], "geonames:625144");
    assert_eq!(m["name"], "Minsk");
    assert_eq!(m["type"], "city");
    assert_eq!(m["country"], "BY");
    assert_eq!(m["score"].as_f64(), Some(1.0));
    assert_eq!(m["reason"]["stage"], "exact");
    assert_eq!(arr[1]["query"], "Qwxzt Plorbington");
    assert_eq!(arr[1]["matches"], Value::Array(vec![]));
}

#[test]
fn format_csv_has_header_and_one_row_per_match() {
    let r = run(aka().args(["lookup", "--format", "csv", "Minsk", "Qwxzt Plorbington"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header.join(","),
        "query,rank,id,name,type,country,score,reason"
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("a CSV row")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "Minsk");
    assert_eq!(&rows[0][1], "1");
    assert_eq!(&rows[0][2], "geonames:625144");
    assert_eq!(&rows[0][3], "Minsk");
    assert_eq!(&rows[0][4], "city");
    assert_eq!(&rows[0][5], "BY");
    assert_eq!(rows[0][6].parse::<f64>().expect("numeric score"), 1.0);
    assert!(rows[0][7].starts_with("exact"), "{:?}", &rows[0][7]);
    assert_eq!(&rows[1][0], "Qwxzt Plorbington");
    assert_eq!(&rows[1][2], "");
    assert_eq!(&rows[1][7], "no match");
}

#[test]
fn format_csv_quotes_queries_with_commas() {
    let r = run(aka().args(["lookup", "--format", "csv", "Lukashenko, Alexander"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("a CSV row")).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "Lukashenko, Alexander");
    assert_eq!(&rows[0][2], "ofac:9760");
}

#[test]
fn format_tsv_is_tab_separated() {
    let r = run(aka().args(["lookup", "--format", "tsv", "Warschau", "Loukachenko"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<Vec<&str>> = r.stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert_eq!(
        lines[0],
        [
            "query", "rank", "id", "name", "type", "country", "score", "reason"
        ]
    );
    assert_eq!(lines[1][0], "Warschau");
    assert_eq!(lines[1][2], "geonames:756135");
    assert_eq!(lines[1][4], "city");
    assert_eq!(lines[2][0], "Loukachenko");
    assert_eq!(lines[2][2], "ofac:9760");
    assert_eq!(lines[2][4], "person");
    for l in &lines[1..] {
        assert_eq!(l.len(), 8, "{l:?}");
        let s: f64 = l[6].parse().expect("numeric score");
        assert!((0.0..=1.0).contains(&s));
    }
}

#[test]
fn top_lists_family_members_best_first() {
    let r = run(aka().args(["lookup", "--format", "jsonl", "--top", "4", "Lukashenka"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = jsonl(&r.stdout);
    let got = ids(&rows[0]);
    assert!(got.len() <= 4, "{got:?}");
    assert_eq!(got[0], "ofac:9760", "{got:?}");
    for id in ["ofac:9760", "ofac:9797", "ofac:32615", "ofac:35748"] {
        assert!(got.iter().any(|g| g == id), "{id} missing from {got:?}");
    }
    let scores: Vec<f64> = rows[0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "scores not descending: {scores:?}"
    );
}

#[test]
fn top_in_table_format_shows_ranks() {
    let r = run(aka().args(["lookup", "--top", "4", "Lukashenka"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", r.stdout);
    assert!(lines[0].contains('#'), "{}", lines[0]);
    assert!(lines[1].starts_with("Lukashenka") && lines[1].contains("ofac:9760"));
}

#[test]
fn top_out_of_range_is_a_usage_error() {
    let r = run(aka().args(["lookup", "--top", "0", "Minsk"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn type_filter_restricts_to_cities() {
    let plain = run(aka().args(["lookup", "--format", "jsonl", "--top", "10", "Minsk"]));
    let plain_types: Vec<String> = jsonl(&plain.stdout)[0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["type"].as_str().unwrap().to_string())
        .collect();
    let r = run(aka().args([
        "lookup", "--format", "jsonl", "--top", "10", "--type", "city", "Minsk", "Belarus",
    ]));
    let rows = jsonl(&r.stdout);
    assert_eq!(rows.len(), 2);
    let minsk = rows[0]["matches"].as_array().unwrap();
    assert!(!minsk.is_empty());
    assert_eq!(minsk[0]["id"], "geonames:625144");
    assert!(minsk.iter().all(|m| m["type"] == "city"), "{minsk:?}");
    // A country name has no city match.
    assert!(
        rows[1]["matches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["type"] == "city"),
        "{}",
        rows[1]
    );
    let unfiltered_belarus = run(aka().args(["lookup", "--format", "jsonl", "Belarus"]));
    assert_eq!(ids(&jsonl(&unfiltered_belarus.stdout)[0]), ["country:BY"]);
    assert!(!plain_types.is_empty());
}

#[test]
fn type_filter_person_excludes_city() {
    let r = run(aka().args(["lookup", "--type", "person", "Minsk"]));
    assert!(
        !r.stdout.contains("geonames:625144"),
        "a city under --type person: {}",
        r.stdout
    );
}

#[test]
fn min_score_1_turns_fuzzy_match_into_no_match() {
    let fuzzy = run(aka().args(["lookup", "--format", "jsonl", "Lukashenkko"]));
    assert_eq!(fuzzy.code, 0, "{}", fuzzy.stderr);
    let rows = jsonl(&fuzzy.stdout);
    assert_eq!(ids(&rows[0])[0], "ofac:9760");
    assert!(rows[0]["matches"][0]["score"].as_f64().unwrap() < 1.0);

    let r = run(aka().args([
        "lookup",
        "--format",
        "jsonl",
        "--min-score",
        "1.0",
        "Lukashenkko",
    ]));
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(ids(&jsonl(&r.stdout)[0]).is_empty());

    // An exact alias still scores 1.
    let exact = run(aka().args(["lookup", "--min-score", "1.0", "Minsk"]));
    assert_eq!(exact.code, 0, "{}", exact.stdout);
}

#[test]
fn min_score_out_of_range_is_a_usage_error() {
    for bad in ["2", "-0.5", "abc", "NaN"] {
        let r = run(aka().args(["lookup", &format!("--min-score={bad}"), "Minsk"]));
        assert_eq!(r.code, 2, "--min-score {bad}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        assert!(r.stderr.contains("between 0 and 1"), "{}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

#[test]
fn unknown_format_is_a_usage_error() {
    let r = run(aka().args(["lookup", "--format", "xml", "Minsk"]));
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
}

// ----------------------------------------------------------------- build

#[test]
fn build_then_lookup_with_index_flag() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("my.aka");
    let r = run(aka()
        .arg("build")
        .arg("--entities")
        .arg(fixture("entities.csv"))
        .arg("--aliases")
        .arg(fixture("aliases.csv"))
        .arg("-o")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("5 entities"), "{}", r.stderr);
    assert!(out.is_file());
    assert!(leftover_temp_files(dir.path()).is_empty());

    let r = run(aka().arg("--index").arg(&out).args([
        "lookup",
        "--format",
        "jsonl",
        "Ottokar Brindlewaite",
        "Brindlewaite, Ottokar",
        "Марен Сольвберг",
        "Kvellstadt",
        "VSC",
        "Minsk",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = jsonl(&r.stdout);
    assert_eq!(ids(&rows[0]), ["test:p1"]);
    assert_eq!(rows[0]["matches"][0]["type"], "person");
    assert_eq!(ids(&rows[1]), ["test:p1"]);
    assert_eq!(ids(&rows[2]), ["test:p2"]);
    assert_eq!(ids(&rows[3]), ["test:c1"]);
    assert_eq!(rows[3]["matches"][0]["name"], "Quellstadt");
    assert_eq!(ids(&rows[4]), ["test:o1"]);
    assert!(ids(&rows[5]).is_empty(), "Minsk is not in the custom table");
}

#[test]
fn index_flag_after_subcommand_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let index = build_fixture_index(dir.path(), "my.aka");
    let r = run(aka().args(["lookup", "--index"]).arg(&index).args([
        "--format",
        "jsonl",
        "Quellstadt",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(ids(&jsonl(&r.stdout)[0]), ["test:c1"]);
}

#[test]
fn aka_index_environment_variable_selects_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let index = build_fixture_index(dir.path(), "env.aka");
    let r = run(aka().env("AKA_INDEX", &index).args([
        "lookup",
        "--format",
        "jsonl",
        "Zephyrine Widgets",
        "Minsk",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = jsonl(&r.stdout);
    assert_eq!(ids(&rows[0]), ["test:o2"]);
    assert_eq!(rows[0]["matches"][0]["type"], "organization");
    assert!(ids(&rows[1]).is_empty(), "Minsk is not in the custom table");

    // Only the custom table's entities: a name only it has is no match
    // on the embedded default.
    let r = run(aka().args(["lookup", "Zephyrine Widgets"]));
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn index_flag_overrides_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    let index = build_fixture_index(dir.path(), "my.aka");
    let r = run(aka()
        .env("AKA_INDEX", dir.path().join("does-not-exist.aka"))
        .arg("--index")
        .arg(&index)
        .args(["lookup", "Quellstadt"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("test:c1"));
}

#[test]
fn build_overwrites_an_existing_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("my.aka");
    std::fs::write(&out, b"old contents").unwrap();
    build_fixture_index(dir.path(), "my.aka");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"AKAINDEX"));
    assert!(leftover_temp_files(dir.path()).is_empty());
}

/// Writes the two tables into a fresh folder, runs `aka build` into it and
/// checks the failure: exit 2, an `aka: ` message with every needle, no
/// output file and no temporary file left behind.
fn assert_build_fails(entities: &[u8], aliases: &[u8], needles: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let e = dir.path().join("entities.csv");
    let a = dir.path().join("aliases.csv");
    std::fs::write(&e, entities).unwrap();
    std::fs::write(&a, aliases).unwrap();
    let out = dir.path().join("out.aka");
    let r = run(aka()
        .arg("build")
        .arg("--entities")
        .arg(&e)
        .arg("--aliases")
        .arg(&a)
        .arg("-o")
        .arg(&out));
    assert_error(&r, needles);
    assert!(!out.exists(), "a failed build left {}", out.display());
    assert_eq!(leftover_temp_files(dir.path()), Vec::<String>::new());
    r
}

const GOOD_ENTITIES: &[u8] =
    b"id,type,name,country\nx:1,person,Ann Example,GB\nx:2,city,Exampleton,GB\n";
const GOOD_ALIASES: &[u8] =
    b"entity_id,alias,kind\nx:1,\"EXAMPLE, Ann\",name\nx:2,Exampletown,alt\n";

#[test]
fn build_of_good_tables_helper_sanity() {
    let dir = tempfile::tempdir().unwrap();
    let e = dir.path().join("entities.csv");
    let a = dir.path().join("aliases.csv");
    std::fs::write(&e, GOOD_ENTITIES).unwrap();
    std::fs::write(&a, GOOD_ALIASES).unwrap();
    let out = dir.path().join("out.aka");
    let r = run(aka()
        .arg("build")
        .arg("--entities")
        .arg(&e)
        .arg("--aliases")
        .arg(&a)
        .arg("-o")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(aka()
        .arg("--index")
        .arg(&out)
        .args(["lookup", "Ann Example", "Exampletown"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("x:1") && r.stdout.contains("x:2"));
}

#[test]
fn build_ragged_row_names_file_and_line() {
    let entities =
        b"id,type,name,country\nx:1,person,Ann Example,GB\nx:2,city,Exampleton,GB,extra,more\n";
    assert_build_fails(
        entities,
        GOOD_ALIASES,
        &["entities.csv", "line 3", "fields"],
    );
}

#[test]
fn build_unterminated_quote_names_file_and_line() {
    let aliases = b"entity_id,alias,kind\nx:1,Ann,name\nx:2,\"Exampletown,alt\nx:1,Annie,aka\n";
    assert_build_fails(GOOD_ENTITIES, aliases, &["aliases.csv", "line 3"]);
}

#[test]
fn build_unterminated_quote_in_last_column_is_an_error() {
    let entities = b"id,type,name,country\nx:1,person,Ann Example,\"GB\nx:2,city,Exampleton,GB\n";
    assert_build_fails(entities, GOOD_ALIASES, &["entities.csv", "line 2"]);
}

#[test]
fn build_invalid_utf8_names_file_and_line() {
    let entities = b"id,type,name,country\nx:1,person,Ann Example,GB\nx:2,city,Ex\xffampleton,GB\n";
    assert_build_fails(entities, GOOD_ALIASES, &["entities.csv", "line 3", "UTF-8"]);
    let aliases = b"entity_id,alias,kind\nx:1,Ann,name\nx:1,Annie,aka\nx:2,Exa\xc3mpletown,alt\n";
    assert_build_fails(GOOD_ENTITIES, aliases, &["aliases.csv", "line 4", "UTF-8"]);
}

#[test]
fn build_missing_column_lists_found_and_expected() {
    let entities = b"id,kind,name\nx:1,person,Ann Example\n";
    assert_build_fails(
        entities,
        GOOD_ALIASES,
        &[
            "entities.csv",
            "missing column 'type'",
            "found columns [id, kind, name]",
            "expected [id, type, name, country, prominence]",
        ],
    );
    let aliases = b"entity,alias\nx:1,Ann\n";
    assert_build_fails(
        GOOD_ENTITIES,
        aliases,
        &[
            "aliases.csv",
            "missing column 'entity_id'",
            "found columns [entity, alias]",
            "expected [entity_id, alias, kind]",
        ],
    );
}

#[test]
fn build_duplicate_entity_id_names_both_lines() {
    let entities =
        b"id,type,name\nx:1,person,Ann Example\nx:2,city,Exampleton\nx:1,person,Ann Other\n";
    assert_build_fails(
        entities,
        GOOD_ALIASES,
        &[
            "entities.csv",
            "line 4",
            "duplicate entity id 'x:1'",
            "line 2",
        ],
    );
}

#[test]
fn build_alias_of_unknown_entity_names_file_and_line() {
    let aliases = b"entity_id,alias\nx:1,Ann\nx:9,Nobody\n";
    assert_build_fails(
        GOOD_ENTITIES,
        aliases,
        &["aliases.csv", "line 3", "unknown entity 'x:9'"],
    );
}

#[test]
fn build_empty_file_is_an_error() {
    assert_build_fails(b"", GOOD_ALIASES, &["entities.csv", "no data rows"]);
    assert_build_fails(GOOD_ENTITIES, b"", &["aliases.csv", "no data rows"]);
}

#[test]
fn build_header_only_table_is_an_error() {
    assert_build_fails(
        b"id,type,name,country\n",
        GOOD_ALIASES,
        &["entities.csv", "no data rows"],
    );
    assert_build_fails(
        GOOD_ENTITIES,
        b"entity_id,alias,kind\n",
        &["aliases.csv", "no data rows"],
    );
}

#[test]
fn build_empty_required_field_names_line() {
    let entities = b"id,type,name\nx:1,person,Ann Example\nx:2,,Exampleton\n";
    assert_build_fails(
        entities,
        GOOD_ALIASES,
        &["entities.csv", "line 3", "empty 'type'"],
    );
}

#[test]
fn build_bad_prominence_and_alias_kind_name_line() {
    let entities = b"id,type,name,country,prominence\nx:1,person,Ann Example,GB,\nx:2,city,Exampleton,GB,lots\n";
    assert_build_fails(
        entities,
        GOOD_ALIASES,
        &["entities.csv", "line 3", "prominence 'lots'"],
    );
    let aliases = b"entity_id,alias,kind\nx:1,Ann,name\nx:2,Exampletown,nickname\n";
    assert_build_fails(
        GOOD_ENTITIES,
        aliases,
        &["aliases.csv", "line 3", "unknown alias kind 'nickname'"],
    );
}

#[test]
fn build_missing_input_file_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-entities.csv");
    let out = dir.path().join("out.aka");
    let r = run(aka()
        .arg("build")
        .arg("--entities")
        .arg(&missing)
        .arg("--aliases")
        .arg(fixture("aliases.csv"))
        .arg("-o")
        .arg(&out));
    assert_error(&r, &["no-such-entities.csv"]);
    assert!(!out.exists());
}

#[test]
fn failed_build_keeps_an_existing_target_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let good = build_fixture_index(dir.path(), "keep.aka");
    let before = std::fs::read(&good).unwrap();
    let e = dir.path().join("entities.csv");
    std::fs::write(&e, b"id,type,name\nx:1,person,Ann\nx:1,person,Ann Again\n").unwrap();
    let r = run(aka()
        .arg("build")
        .arg("--entities")
        .arg(&e)
        .arg("--aliases")
        .arg(fixture("aliases.csv"))
        .arg("-o")
        .arg(&good));
    assert_error(&r, &["duplicate entity id"]);
    assert_eq!(std::fs::read(&good).unwrap(), before, "target was changed");
    assert!(leftover_temp_files(dir.path()).is_empty());
    // And it still works.
    let r = run(aka()
        .arg("--index")
        .arg(&good)
        .args(["lookup", "Quellstadt"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

// ------------------------------------------------------------- bad index

fn assert_bad_index(bytes: &[u8], needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.aka");
    std::fs::write(&path, bytes).unwrap();
    let r = run(aka().arg("--index").arg(&path).args(["lookup", "Minsk"]));
    assert_error(&r, needles);
    assert!(
        r.stderr.contains("bad.aka"),
        "the message should name the file: {}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    // Same through the environment variable and through eval.
    let r = run(aka().env("AKA_INDEX", &path).args(["lookup", "Minsk"]));
    assert_error(&r, needles);
    let r = run(aka()
        .arg("--index")
        .arg(&path)
        .arg("eval")
        .arg(fixture("eval.csv")));
    assert_error(&r, needles);
}

fn fixture_index_bytes() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = build_fixture_index(dir.path(), "good.aka");
    std::fs::read(path).unwrap()
}

#[test]
fn random_bytes_are_not_an_aka_index() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert_bad_index(&junk, &["not an aka index", "aka build"]);
    assert_bad_index(b"", &["not an aka index"]);
}

#[test]
fn truncated_index_is_rejected() {
    let bytes = fixture_index_bytes();
    assert_bad_index(&bytes[..bytes.len() / 2], &["truncated", "rebuild"]);
    assert_bad_index(&bytes[..100], &["truncated", "rebuild"]);
}

#[test]
fn corrupted_payload_fails_the_checksum() {
    let mut bytes = fixture_index_bytes();
    let at = bytes.len() - bytes.len() / 3;
    bytes[at] ^= 0x5a;
    assert_bad_index(&bytes, &["checksum", "rebuild"]);
}

#[test]
fn wrong_format_version_asks_for_rebuild() {
    let mut bytes = fixture_index_bytes();
    bytes[8..12].copy_from_slice(&999u32.to_le_bytes());
    assert_bad_index(&bytes, &["format version 999", "rebuild"]);
}

#[test]
fn wrong_normaliser_version_asks_for_rebuild() {
    let mut bytes = fixture_index_bytes();
    bytes[12..16].copy_from_slice(&77u32.to_le_bytes());
    assert_bad_index(&bytes, &["normaliser version 77", "rebuild"]);
}

#[test]
fn damaged_section_length_is_rejected_without_panic() {
    let mut bytes = fixture_index_bytes();
    // Byte 40 is the low byte of the first section's length (the names FST).
    bytes[40] ^= 0x01;
    assert_bad_index(&bytes, &["rebuild"]);
}

#[test]
fn nonexistent_index_path_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.aka");
    let r = run(aka().arg("--index").arg(&path).args(["lookup", "Minsk"]));
    assert_error(&r, &[&path.display().to_string()]);
    let r = run(aka().env("AKA_INDEX", &path).args(["lookup", "Minsk"]));
    assert_error(&r, &["nowhere.aka"]);
    // The operating system's reason is said once, not once per layer.
    assert_eq!(r.stderr.matches("(os error").count(), 1, "{}", r.stderr);
}

// ------------------------------------------------------------------ eval

#[test]
fn eval_table_reports_categories_and_accuracy() {
    let r = run(aka().arg("eval").arg(fixture("eval.csv")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for category in [
        "transliteration",
        "exact",
        "exonym",
        "negative",
        "deliberate",
    ] {
        assert!(
            r.stdout.lines().any(|l| l.starts_with(category)),
            "no line for {category}: {}",
            r.stdout
        );
    }
    let line = |prefix: &str| {
        r.stdout
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} line: {}", r.stdout))
            .to_string()
    };
    // 4 of the 5 positive queries are right; the negative one gets no match.
    assert!(line("positive top-1 accuracy").contains("80.0%"));
    assert!(line("negative no-match rate").contains("100.0%"));
    assert!(line("overall").contains("83.3%"));
    let deliberate: Vec<String> = line("deliberate")
        .split_whitespace()
        .map(String::from)
        .collect();
    // category total correct wrong missed false+ accuracy
    assert_eq!(deliberate[1..6], ["1", "0", "1", "0", "0"]);
    assert!(
        !r.stdout.contains("FAIL"),
        "failures listed without --failures"
    );
}

#[test]
fn eval_json_has_categories_and_overall() {
    let r = run(aka()
        .arg("eval")
        .arg(fixture("eval.csv"))
        .args(["--format", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let cats = v["categories"].as_object().expect("categories object");
    assert_eq!(cats.len(), 5);
    assert_eq!(cats["transliteration"]["total"], 2);
    assert_eq!(cats["transliteration"]["correct"], 2);
    assert_eq!(cats["negative"]["correct"], 1);
    assert_eq!(cats["deliberate"]["wrong"], 1);
    assert_eq!(cats["deliberate"]["accuracy"].as_f64(), Some(0.0));
    assert_eq!(v["queries"], 6);
    let overall = v["overall_accuracy"].as_f64().expect("overall_accuracy");
    assert!((overall - 5.0 / 6.0).abs() < 1e-9, "{overall}");
    assert_eq!(v["positive_accuracy"].as_f64(), Some(0.8));
    assert_eq!(v["negative_accuracy"].as_f64(), Some(1.0));
    assert!(v.get("failures").is_none(), "failures without --failures");
}

#[test]
fn eval_failures_lists_the_failing_row() {
    let r = run(aka().arg("eval").arg(fixture("eval.csv")).arg("--failures"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fails: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert_eq!(fails.len(), 1, "{}", r.stdout);
    let f = fails[0];
    assert!(f.contains("[deliberate]"), "{f}");
    assert!(f.contains("\"Minsk\""), "{f}");
    assert!(f.contains("want geonames:756135"), "{f}");
    assert!(f.contains("got geonames:625144"), "{f}");

    let r =
        run(aka()
            .arg("eval")
            .arg(fixture("eval.csv"))
            .args(["--failures", "--format", "json"]));
    let v: Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let failures = v["failures"].as_array().expect("failures listed");
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0]["query"], "Minsk");
    assert_eq!(failures[0]["expected"], "geonames:756135");
    assert_eq!(failures[0]["got"]["id"], "geonames:625144");
}

#[test]
fn eval_against_a_custom_index() {
    let dir = tempfile::tempdir().unwrap();
    let index = build_fixture_index(dir.path(), "my.aka");
    let cases = dir.path().join("cases.csv");
    std::fs::write(
        &cases,
        "query,expected_id,category\nQuellstadt,test:c1,city\n\"SOLVBERG, Maren\",test:p2,person\nMinsk,,negative\n",
    )
    .unwrap();
    let r = run(aka()
        .arg("--index")
        .arg(&index)
        .arg("eval")
        .arg(&cases)
        .args(["--format", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["overall_accuracy"].as_f64(), Some(1.0));
}

#[test]
fn eval_bad_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing_col = dir.path().join("cols.csv");
    std::fs::write(&missing_col, "name,expected_id\nMinsk,geonames:625144\n").unwrap();
    let r = run(aka().arg("eval").arg(&missing_col));
    assert_error(&r, &["cols.csv", "missing column 'query'"]);

    let header_only = dir.path().join("empty.csv");
    std::fs::write(&header_only, "query,expected_id,category\n").unwrap();
    let r = run(aka().arg("eval").arg(&header_only));
    assert_error(&r, &["empty.csv", "no data rows"]);

    let r = run(aka().arg("eval").arg(dir.path().join("absent.csv")));
    assert_error(&r, &["absent.csv"]);
}

// ------------------------------------------------------------------ help

fn assert_help_has_example(args: &[&str]) {
    let r = run(aka().args(args));
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    assert!(
        r.stdout.to_lowercase().contains("example"),
        "{args:?} help has no example:\n{}",
        r.stdout
    );
    assert!(r.stdout.contains("aka "), "{args:?}: {}", r.stdout);
}

#[test]
fn subcommand_help_mentions_examples() {
    assert_help_has_example(&["lookup", "--help"]);
    assert_help_has_example(&["build", "--help"]);
    assert_help_has_example(&["eval", "--help"]);
    assert_help_has_example(&["help", "lookup"]);
}

#[test]
fn top_level_help_succeeds_and_lists_commands() {
    let r = run(aka().arg("--help"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for word in [
        "lookup",
        "build",
        "eval",
        "--index",
        "AKA_INDEX",
        "Exit status",
    ] {
        assert!(r.stdout.contains(word), "no {word} in:\n{}", r.stdout);
    }
}

#[test]
fn top_level_help_mentions_an_example() {
    assert_help_has_example(&["--help"]);
}

#[test]
fn version_and_missing_subcommand() {
    let r = run(aka().arg("--version"));
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("aka "), "{}", r.stdout);
    let r = run(&mut aka());
    assert_eq!(r.code, 2, "no subcommand is a usage error");
}
