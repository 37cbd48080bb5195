#!/usr/bin/env python3
"""Compare aka with RapidFuzz on an evaluation file: accuracy per category and speed.

What is measured
----------------
The evaluation file is a CSV with header `query,expected_id,category`. An empty
`expected_id` means the query names no known entity and must get "no match"
(category `negative`).

RapidFuzz side: every alias in `<data>/aliases.csv` becomes a choice mapped to
its entity_id. For each scorer (WRatio, token_sort_ratio) and each query,
`rapidfuzz.process.extractOne(..., score_cutoff=0)` returns the best-scoring
alias; its entity is the answer.

  * Processing: the choices are put through `rapidfuzz.utils.default_process`
    once, up front, and each query is put through it before its call; the
    calls then pass `processor=None`. This is what
    `extractOne(query, aliases, processor=default_process)` computes (that call
    too hands processed strings to the scorer), without re-processing 418k
    aliases per query.
  * Duplicates: identical processed aliases are kept once, mapped to the
    entity of their first row in aliases.csv. extractOne breaks ties in favour
    of the earliest choice, so this gives the same answers as the full list.
  * Cutoff tuning: extractOne's `score_cutoff=c` answers "no match" exactly
    when the best score is below c, so one run at cutoff 0 lets every cutoff
    be simulated. Cutoffs 0..100 (step 1) are tried and the one with the best
    overall accuracy is kept (the lowest such cutoff on ties). The cutoff is
    tuned on the very file it is scored on, which flatters RapidFuzz.
  * Accuracy: for a positive category, top-1 correct / rows; for `negative`,
    rows answered "no match" / rows; "all positive" pools the positive rows;
    "overall" counts all rows.
  * Speed: queries per second = queries / wall time of the extractOne loop,
    single-threaded. Loading the CSV and pre-processing the choices happen
    once before the loop and are not timed.

aka side: `aka eval EVALFILE --format json` is run and its report is read from
stdout (its own `queries_per_second` is used). With `--sample`, aka gets the
same sampled rows through a temporary file.

How to run (from the repository root)
-------------------------------------
    pip install -r bench/requirements.txt
    cargo build --release
    python3 bench/peer_rapidfuzz.py ../shared/eval/dev.csv

A full run scores 1505 queries against ~392k distinct aliases per scorer and
takes minutes; `--sample 100` picks a category-stratified, deterministic
subset for a quick check. `--json OUT` also saves the numbers.
"""

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

SCORERS = {"WRatio": fuzz.WRatio, "token_sort_ratio": fuzz.token_sort_ratio}
CATEGORY_ORDER = [
    "transliteration",
    "other_script",
    "typo",
    "reorder",
    "honorific",
    "surname_only",
    "exact",
    "negative",
]
NEGATIVE = "negative"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "eval_file", nargs="?", default="../shared/eval/dev.csv", type=Path,
        help="CSV with header query,expected_id,category (default: %(default)s)",
    )
    parser.add_argument(
        "--data", default="data", type=Path,
        help="directory holding aliases.csv (default: %(default)s)",
    )
    parser.add_argument(
        "--aka", default="target/release/aka", type=Path,
        help="aka binary (default: %(default)s)",
    )
    parser.add_argument(
        "--sample", type=int, metavar="N",
        help="score about N rows, stratified by category (default: all rows)",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also save the numbers here")
    return parser.parse_args()


def read_eval(path):
    """Rows of the evaluation file as dicts; expected_id "" means no match."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def stratified_sample(rows, n):
    """About n rows, every k-th row of each category, in the file's order."""
    by_category = {}
    for index, row in enumerate(rows):
        by_category.setdefault(row["category"], []).append(index)
    picked = []
    for indices in by_category.values():
        take = max(1, round(n * len(indices) / len(rows)))
        picked += [indices[i * len(indices) // take] for i in range(min(take, len(indices)))]
    return [rows[i] for i in sorted(picked)]


def write_eval(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["query", "expected_id", "category"])
        writer.writeheader()
        writer.writerows(rows)


def load_choices(data_dir):
    """Distinct processed aliases and the entity of each one's first row."""
    first_entity = {}
    with open(data_dir / "aliases.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            first_entity.setdefault(default_process(row["alias"]), row["entity_id"])
    return list(first_entity), list(first_entity.values())


def run_scorer(scorer, rows, choices, entities):
    """(best score, entity) per row, and the wall time of the extractOne loop."""
    results = []
    start = time.perf_counter()
    for row in rows:
        _, score, index = process.extractOne(
            default_process(row["query"]), choices,
            scorer=scorer, processor=None, score_cutoff=0,
        )
        results.append((score, entities[index]))
    return results, time.perf_counter() - start


def is_correct(row, score, entity, cutoff):
    answered = score >= cutoff
    if row["category"] == NEGATIVE:
        return not answered
    return answered and entity == row["expected_id"]


def accuracies(rows, results, cutoff):
    """Accuracy per category, "all positive" and "overall" at a cutoff."""
    hits = {}
    for row, (score, entity) in zip(rows, results):
        hits.setdefault(row["category"], []).append(is_correct(row, score, entity, cutoff))
    positive = [h for category, hs in hits.items() if category != NEGATIVE for h in hs]
    every = [h for hs in hits.values() for h in hs]
    table = {category: mean(hs) for category, hs in hits.items()}
    table["all positive"] = mean(positive)
    table["overall"] = mean(every)
    return table


def mean(flags):
    return sum(flags) / len(flags) if flags else float("nan")


def tune_cutoff(rows, results):
    """The lowest cutoff in 0..100 with the best overall accuracy."""
    return max(range(101), key=lambda c: (accuracies(rows, results, c)["overall"], -c))


def evaluate_rapidfuzz(rows, choices, entities):
    report = {}
    for name, scorer in SCORERS.items():
        print(f"RapidFuzz {name}: {len(rows)} queries x {len(choices)} choices ...", file=sys.stderr)
        results, seconds = run_scorer(scorer, rows, choices, entities)
        cutoff = tune_cutoff(rows, results)
        report[name] = {
            "cutoff": cutoff,
            "accuracy": accuracies(rows, results, cutoff),
            "seconds": seconds,
            "queries_per_second": len(rows) / seconds,
        }
    return report


def run_aka(binary, eval_file):
    """aka's eval report as a table like RapidFuzz's, or None if it cannot run."""
    if not binary.is_file():
        print(f"aka binary not found at {binary}: run `cargo build --release` first "
              "(or pass --aka PATH). Showing RapidFuzz only.", file=sys.stderr)
        return None
    done = subprocess.run(
        [str(binary), "eval", str(eval_file), "--format", "json"],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        print(f"`{binary} eval` failed (exit {done.returncode}):\n{done.stderr}", file=sys.stderr)
        return None
    report = json.loads(done.stdout)
    accuracy = {category: tally["accuracy"] for category, tally in report["categories"].items()}
    accuracy["all positive"] = report["positive_accuracy"]
    accuracy["overall"] = report["overall_accuracy"]
    return {"accuracy": accuracy, "queries_per_second": report["queries_per_second"]}


def row_order(rows):
    present = {row["category"] for row in rows}
    known = [c for c in CATEGORY_ORDER if c in present]
    return known + sorted(present - set(known)) + ["all positive", "overall"]


def percent(value):
    return "n/a" if value is None else f"{100 * value:.1f}%"


def markdown_table(rows, aka, rapidfuzz):
    header = ["category", "aka"] + [
        f"RapidFuzz {name} (cutoff={r['cutoff']})" for name, r in rapidfuzz.items()
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for category in row_order(rows):
        cells = [percent(aka["accuracy"].get(category) if aka else None)]
        cells += [percent(r["accuracy"][category]) for r in rapidfuzz.values()]
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    qps = ["n/a" if aka is None else f"{aka['queries_per_second']:.0f}"]
    qps += [f"{r['queries_per_second']:.2f}" for r in rapidfuzz.values()]
    lines.append("| queries/s | " + " | ".join(qps) + " |")
    if aka is not None:
        ratios = [f"{aka['queries_per_second'] / r['queries_per_second']:.0f}x"
                  for r in rapidfuzz.values()]
        lines.append("| speed aka/RapidFuzz | - | " + " | ".join(ratios) + " |")
    return "\n".join(lines)


def main():
    args = parse_args()
    rows = read_eval(args.eval_file)
    with tempfile.TemporaryDirectory() as tmp:
        eval_file = args.eval_file
        if args.sample:
            rows = stratified_sample(rows, args.sample)
            eval_file = Path(tmp) / "sample.csv"
            write_eval(rows, eval_file)
        aka = run_aka(args.aka, eval_file)
    choices, entities = load_choices(args.data)
    rapidfuzz = evaluate_rapidfuzz(rows, choices, entities)
    print(f"{len(rows)} queries from {args.eval_file}, {len(choices)} distinct processed aliases\n")
    print(markdown_table(rows, aka, rapidfuzz))
    if args.json:
        numbers = {
            "eval_file": str(args.eval_file),
            "queries": len(rows),
            "choices": len(choices),
            "aka": aka,
            "rapidfuzz": rapidfuzz,
        }
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
