#!/usr/bin/env python3
"""Unseen spellings by script: hold aliases out of the table, look them up.

For each writing system with enough aliases in `data/aliases.csv`, a seeded
sample of aliases is removed from the table, an index is built from the
rest with `aka build`, and each removed alias is looked up: does it still
find its entity (through the entity's other names, in any script), another
entity, or nothing? This measures normalisation and matching on spellings
the table does not hold, without touching an evaluation file, so a rule for
one script can be judged on hundreds of real names.

    python3 bench/held_out.py                        # every script
    python3 bench/held_out.py --scripts HEBREW THAI  # some of them
    python3 bench/held_out.py --compare OLD_AKA      # two builds side by side
    python3 bench/held_out.py --scripts THAI --show 20  # and some misses

Scripts are named by the first word of the Unicode name of an alias's
first letter outside Latin (CYRILLIC, DEVANAGARI, CJK, ...); LATIN is an
alias whose letters are all Latin.
"""
import argparse
import collections
import csv
import json
import random
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def script_of(alias):
    for c in alias:
        if c.isalpha() and ord(c) > 0x24F:
            try:
                return unicodedata.name(c).split()[0]
            except ValueError:
                return "UNNAMED"
    return "LATIN" if any(c.isalpha() for c in alias) else None


def held_out(rows, per_script, seed, scripts):
    by_script = collections.defaultdict(set)
    for r in rows:
        s = script_of(r["alias"])
        if s and (not scripts or s in scripts):
            by_script[s].add((r["entity_id"], r["alias"]))
    held = {}
    for s in sorted(by_script):
        pairs = sorted(by_script[s])
        if len(pairs) < per_script:
            continue
        # One generator per script: a script's sample does not depend on
        # which other scripts are asked for.
        for pair in random.Random(f"{seed}-{s}").sample(pairs, per_script):
            held[pair] = s
    return held


def run(aka, work, rows, held, entities):
    """Builds an index without the held-out aliases; returns each one's top id."""
    aliases = work / "aliases.csv"
    with aliases.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(r for r in rows if (r["entity_id"], r["alias"]) not in held)
    index = work / "held_out.aka"
    subprocess.run(
        [aka, "build", "--entities", str(entities), "--aliases", str(aliases), "-o", str(index)],
        check=True,
        capture_output=True,
    )
    queries = [alias.replace("\n", " ") for _, alias in held]
    out = subprocess.run(
        [aka, "--index", str(index), "lookup", "--format", "jsonl"],
        input="\n".join(queries) + "\n",
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    answers = [json.loads(line) for line in out.splitlines()]
    if len(answers) != len(queries):
        sys.exit(f"held_out: {len(queries)} queries but {len(answers)} answers")
    return [a["matches"][0]["id"] if a["matches"] else None for a in answers]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aka", default=str(ROOT / "target/release/aka"), help="the aka binary")
    parser.add_argument("--compare", help="a second aka binary, measured on the same sample")
    parser.add_argument("--per-script", type=int, default=250, help="aliases held out per script")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--scripts", nargs="*", help="only these scripts (e.g. HEBREW THAI)")
    parser.add_argument("--show", type=int, default=0, help="misses of the first binary to print, per script")
    args = parser.parse_args()

    entities = ROOT / "data/entities.csv"
    with (ROOT / "data/aliases.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    held = held_out(rows, args.per_script, args.seed, set(args.scripts or []))
    if not held:
        sys.exit("held_out: no script has that many aliases")
    order = list(held)
    binaries = [args.aka] + ([args.compare] if args.compare else [])
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for aka in binaries:
            results.append(run(aka, Path(tmp), rows, order, entities))

    print(f"{len(order)} aliases held out, {args.per_script} per script (seed {args.seed})")
    header = "script        " + "".join(f"{'found':>7} {'other':>6} {'none':>6}   " for _ in binaries)
    print(header + ("(first: " + args.aka + "; second: " + args.compare + ")" if args.compare else ""))
    totals = [collections.Counter() for _ in binaries]
    for script in sorted({held[p] for p in order}):
        line = f"{script:13}"
        for k, answers in enumerate(results):
            c = collections.Counter()
            for pair, got in zip(order, answers):
                if held[pair] != script:
                    continue
                c["found" if got == pair[0] else "none" if got is None else "other"] += 1
            totals[k].update(c)
            n = sum(c.values())
            line += f" {c['found'] / n:6.1%} {c['other'] / n:6.1%} {c['none'] / n:6.1%}   "
        print(line)
    line = f"{'all':13}"
    for t in totals:
        n = sum(t.values())
        line += f" {t['found'] / n:6.1%} {t['other'] / n:6.1%} {t['none'] / n:6.1%}   "
    print(line)
    for script in sorted({held[p] for p in order}) if args.show else []:
        misses = [(p, got) for p, got in zip(order, results[0]) if held[p] == script and got != p[0]]
        print(f"\n{script} misses ({len(misses)}; alias -> wanted, got):")
        for (entity, alias), got in random.Random(args.seed).sample(misses, min(args.show, len(misses))):
            print(f"  {alias!r} -> {entity}, {got}")


if __name__ == "__main__":
    main()
