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
#   RUNS           hyperfine runs per command (default 5)
#   THREADS        thread counts to measure (default "1 2")
#
# Prints the median time, rows/s and the ratio to the passthrough for each
# case, and the peak RSS. Needs python3 and hyperfine
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
    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$BENCH_DIR/$label.json" "${cmds[@]}" >&2
    python3 - "$BENCH_DIR/$label.json" "$rows" "$label" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
rows, label = int(sys.argv[2]), sys.argv[3]
ceiling = statistics.median(results[0]["times"])
for r in results:
    median = statistics.median(r["times"])
    name = "passthrough" if "csv_passthrough" in r["command"] else "annotate -j" + r["command"].split()[-1]
    print(f"{label:10} {name:15} median {median:7.2f} s  {rows / median:>10,.0f} rows/s  {ceiling / median:6.1%} of passthrough")
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
