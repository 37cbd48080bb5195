#!/usr/bin/env bash
# Whole-process timings of the aka binary on the default data:
#   - `aka lookup X` end to end (exact and fuzzy), median of many runs;
#   - `aka build` of the default alias table;
#   - peak memory (max RSS) of `aka lookup X`.
# Needs hyperfine (Debian: apt-get install hyperfine) and GNU time.
# Run from the repository root: bash bench/lookup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
aka=target/release/aka
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v hyperfine >/dev/null; then
  echo "hyperfine is not installed (Debian: apt-get install hyperfine)" >&2
  exit 2
fi

hyperfine --warmup 5 --runs 50 -N --export-json "$tmp/lookup.json" \
  "$aka lookup Minsk" \
  "$aka lookup Loukachenko" \
  "$aka lookup 'Alexandre Loukachenko'" >/dev/null
hyperfine --warmup 1 --runs 5 --export-json "$tmp/build.json" \
  "$aka build --entities data/entities.csv --aliases data/aliases.csv -o $tmp/default.aka" >/dev/null
python3 - "$tmp/lookup.json" "$tmp/build.json" <<'PY'
import json, sys
print(f"{'command':<80} {'median':>10} {'min':>10} {'max':>10}")
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        ms = lambda s: f"{s * 1000:.1f} ms"
        print(f"{r['command'][:80]:<80} {ms(r['median']):>10} {ms(r['min']):>10} {ms(r['max']):>10}")
PY

echo
for q in Minsk "Alexandre Loukachenko"; do
  rss=$( { /usr/bin/time -f '%M' "$aka" lookup "$q" >/dev/null; } 2>&1 | tail -n 1)
  echo "peak RSS of 'aka lookup $q': $((rss / 1024)) MiB"
done
