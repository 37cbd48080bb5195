#!/usr/bin/env python3
"""How often ordinary person names match something they should not.

Every pair of a common given name and a common surname from the synthetic
negatives of `gen_annotate_input.py` (14,278 names such as "Jose Walker" or
"Lucia Wang") is looked up with `aka lookup --format tsv`, and the matches
are counted by entity type and stage. Few of these people are in the
default data, so a match to a city or a country is almost always false
(a match to a person may be a true namesake: "Dmitri Kuznetsov").

    python3 bench/person_negatives.py [--aka target/release/aka] [--show 20] [--min-score 0.75]
"""

from __future__ import annotations

import argparse
import collections
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_annotate_input import FIRST_NAMES, SURNAMES  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aka", default="target/release/aka", help="the aka binary")
    parser.add_argument("--show", type=int, default=20, help="matches to print (a seeded sample)")
    parser.add_argument("--min-score", help="passed to aka lookup (default: aka's own)")
    args = parser.parse_args()

    names = [f"{given} {surname}" for given in FIRST_NAMES for surname in SURNAMES]
    command = [args.aka, "lookup", "--format", "tsv"]
    if args.min_score:
        command += ["--min-score", args.min_score]
    try:
        result = subprocess.run(
            command,
            input="\n".join(names) + "\n",
            capture_output=True,
            text=True,
        )
    except OSError as err:
        sys.stderr.write(f"cannot run {args.aka}: {err.strerror} (build it with cargo build --release, or pass --aka)\n")
        return 2
    if result.returncode not in (0, 1):  # 1: some names had no match
        sys.stderr.write(result.stderr)
        return result.returncode
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    matched = [r for r in rows if r[2]]
    by_type = collections.Counter(r[4] for r in matched)
    by_stage = collections.Counter(r[7].split(":")[0] for r in matched)
    print(f"{len(names)} names, {len(matched)} matched ({len(matched) / len(names):.1%})")
    print("by type: " + ", ".join(f"{t} {n}" for t, n in by_type.most_common()))
    print("by stage: " + ", ".join(f"{s} {n}" for s, n in by_stage.most_common()))
    places = [r for r in matched if r[4] in ("city", "country")]
    for r in random.Random(7).sample(places, min(args.show, len(places))):
        print(f"  {r[0]:20} -> {r[3]} ({r[4]}) {r[6]}  {r[7]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
