#!/usr/bin/env bash
# The JSON records benchmark (docs/benchmarks.md): the same generated records as CSV and as NDJSON (scripts/gen-export.py
# --ndjson; 1,000,000 by default), each read to the end by its reader in a release build of `records-bench`, one
# process per run. Prints records per second and peak RSS for each, and the JSON reader's share of the CSV reader's
# speed (the target is at least 50 %, in the same memory).
#
#   ROWS=1000000 RUNS=3 BENCH_DIR=/tmp/provision-bench bash scripts/bench-records.sh
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
swift build -c release --product records-bench >/dev/null
bin=$(swift build -c release --show-bin-path)/records-bench
echo "CSV:    $(du -h "$csv" | cut -f1) $csv"
echo "NDJSON: $(du -h "$ndjson" | cut -f1) $ndjson"
best() { sort -t= -k2 -n | tail -1; }
declare -A rate rss
for kind in csv json; do
  file=$csv; [ "$kind" = json ] && file=$ndjson
  lines=()
  for _ in $(seq "$RUNS"); do lines+=("$("$bin" "$kind" "$file")"); done
  printf '%s\n' "${lines[@]}"
  # The fastest run of each (the least disturbed by other work on the machine), and its peak.
  top=$(printf '%s\n' "${lines[@]}" | awk '{for(i=1;i<=NF;i++) if ($i ~ /^records_per_second=/) {split($i,a,"="); print a[2], $0}}' | sort -n | tail -1)
  rate[$kind]=$(echo "$top" | cut -d' ' -f1)
  rss[$kind]=$(echo "$top" | tr ' ' '\n' | grep '^peak_rss_mb=' | cut -d= -f2)
done
awk -v c="${rate[csv]}" -v j="${rate[json]}" -v cm="${rss[csv]}" -v jm="${rss[json]}" 'BEGIN {
  printf "| reader | records/s (best of runs) | peak RSS |\n|---|---|---|\n"
  printf "| CSV | %d | %.1f MB |\n| JSON (NDJSON) | %d (%.0f %% of CSV) | %.1f MB |\n", c, cm, j, 100 * j / c, jm }'
