#!/usr/bin/env bash
# The JSON records pipeline benchmark (docs/benchmarks.md, "JSON records end to end"): the same generated records as
# CSV and as NDJSON (scripts/gen-export.py --ndjson; 1,000,000 by default) through `provision validate` in a release
# build: the CSV by its SCIM header, the NDJSON with scripts/bench-ndjson-mapping.json (the same 24 attributes by
# dotted path). Each run is timed with GNU time: wall seconds, records per second, peak RSS.
#
#   ROWS=1000000 RUNS=3 BENCH_DIR=/tmp/provision-bench bash scripts/bench-pipeline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/provision-bench}
mkdir -p "$BENCH_DIR"
csv="$BENCH_DIR/records-$ROWS.csv"
ndjson="$BENCH_DIR/records-$ROWS.ndjson"
if [ ! -s "$csv" ] || [ ! -s "$ndjson" ]; then
  python3 scripts/gen-export.py "$ROWS" "$csv" --ndjson "$ndjson"
fi
swift build -c release --product provision >/dev/null
bin=$(swift build -c release --show-bin-path)/provision
run() {
  local label=$1; shift
  local out
  out=$( { /usr/bin/time -f '%e %M' "$bin" validate "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
  set -- $out
  awk -v l="$label" -v w="$1" -v k="$2" -v n="$ROWS" \
    'BEGIN { printf "%s: %.2f s, %d records/s, peak RSS %.1f MB\n", l, w, n / w, k / 1024 }'
}
for _ in $(seq "$RUNS"); do
  run "CSV   " "$csv"
  run "NDJSON" "$ndjson" --mapping scripts/bench-ndjson-mapping.json
done
