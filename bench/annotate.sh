#!/usr/bin/env bash
# Throughput and memory of `aka annotate`, against the ceiling of a plain
# csv read-and-write passthrough (examples/csv_passthrough.rs) of the same
# file.
#
#   bench/annotate.sh            # from the repository root
#
# Environment:
#   BENCH_DIR      where inputs and results go (default /tmp/aka-bench)
#   ROWS           rows of the repeated-names input (default 2000000)
#   DISTINCT_ROWS  rows of the distinct-names input (default 200000: every
#                  distinct name is a resolver query, so this mix is slow)
#   BIG_ROWS       rows of the input for the peak-memory run (default 10000000)
#   RUNS           rounds, one run of each command per round (default 5)
#   THREADS        thread counts to measure (default "1 2")
#
# Prints the median time and rows/s of each case, its ratio to the
# passthrough (the median of the ratios within a round), and the peak RSS. Needs python3 and hyperfine
# (apt-get install -y hyperfine).
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/aka-bench}
ROWS=${ROWS:-2000000}
DISTINCT_ROWS=${DISTINCT_ROWS:-200000}
BIG_ROWS=${BIG_ROWS:-10000000}
RUNS=${RUNS:-5}
THREADS=${THREADS:-1 2}
TARGET=${CARGO_TARGET_DIR:-target}
mkdir -p "$BENCH_DIR"

command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 2; }
cargo build --release --quiet --bin aka --example csv_passthrough
AKA="$TARGET/release/aka"
PASS="$TARGET/release/examples/csv_passthrough"

input() { # name rows mode
    local f="$BENCH_DIR/$1.csv"
    [ -s "$f" ] || python3 bench/gen_annotate_input.py --rows "$2" --mode "$3" -o "$f" >&2
    echo "$f"
}
REP=$(input "repeated-$ROWS" "$ROWS" repeated)
DIST=$(input "distinct-$DISTINCT_ROWS" "$DISTINCT_ROWS" distinct)
BIG=$(input "repeated-$BIG_ROWS" "$BIG_ROWS" repeated)

measure() { # label file rows
    local label=$1 file=$2 rows=$3
    local cmds=("$PASS $file /dev/null")
    for t in $THREADS; do
        cmds+=("$AKA annotate $file --column name -o /dev/null -q --threads $t")
    done
    # One run of each command per round, the order reversed every other
    # round: the machine's speed drifts within minutes, and runs taken in
    # turn see the same drift.
    local round order
    for round in $(seq 1 "$RUNS"); do
        order=("${cmds[@]}")
        if ((round % 2 == 0)); then
            order=()
            for ((i = ${#cmds[@]} - 1; i >= 0; i--)); do order+=("${cmds[i]}"); done
        fi
        hyperfine --style none --warmup "$((round == 1))" --runs 1 \
            --export-json "$BENCH_DIR/$label-$round.json" "${order[@]}" >&2
    done
    python3 - "$BENCH_DIR/$label" "$RUNS" "$rows" "$label" <<'PY'
import json, statistics, sys
prefix, runs, rows, label = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
times = {}
for n in range(1, runs + 1):
    for r in json.load(open(f"{prefix}-{n}.json"))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
commands = sorted(times, key=lambda c: "csv_passthrough" not in c)
ceiling = times[commands[0]]
for c in commands:
    median = statistics.median(times[c])
    # The ratio to the passthrough of the same round, median over rounds.
    ratio = statistics.median(p / t for p, t in zip(ceiling, times[c]))
    name = "passthrough" if "csv_passthrough" in c else "annotate -j" + c.split()[-1]
    print(f"{label:10} {name:15} median {median:7.2f} s  {rows / median:>10,.0f} rows/s  {ratio:6.1%} of passthrough")
PY
}

echo "== throughput (median of $RUNS runs)"
measure repeated "$REP" "$ROWS"
measure distinct "$DIST" "$DISTINCT_ROWS"

echo "== peak RSS"
for f in "$REP" "$DIST" "$BIG"; do
    rss=$( { /usr/bin/time -f "%M" "$AKA" annotate "$f" --column name -o /dev/null -q; } 2>&1 | tail -1 )
    echo "$(basename "$f"): $((rss / 1024)) MB"
done
