#!/usr/bin/env bash
# The JSON records benchmark (docs/benchmarks.md): the same generated records as CSV and as NDJSON (scripts/gen-export.py
# --ndjson; 1,000,000 by default), each read to the end by its reader in a release build of `records-bench`, one
# process per run, the two readers alternating. Prints each run, then the best of the runs of each reader: records
# per second of wall-clock time and of CPU time (the steadier figure on a shared machine), peak RSS, and the JSON
# reader's share of the CSV reader's speed (the target is at least 50 %, in the same memory).
#
#   ROWS=1000000 RUNS=5 BENCH_DIR=/tmp/provision-bench bash scripts/bench-records.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-5}
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
out="$BENCH_DIR/records-runs.txt"
: > "$out"
for _ in $(seq "$RUNS"); do
  "$bin" csv "$csv" | tee -a "$out"
  "$bin" json "$ndjson" | tee -a "$out"
done
awk '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    k = $1
    if (v["records_per_second"] > wall[k]) wall[k] = v["records_per_second"]
    if (v["records_per_cpu_second"] > cpu[k]) cpu[k] = v["records_per_cpu_second"]
    if (v["peak_rss_mb"] > rss[k]) rss[k] = v["peak_rss_mb"] }
  END {
    printf "| reader | records/s (wall, best) | records/s (CPU, best) | peak RSS (highest) |\n|---|---|---|---|\n"
    printf "| CSV | %d | %d | %.1f MB |\n", wall["csv"], cpu["csv"], rss["csv"]
    printf "| JSON (NDJSON) | %d (%.0f %%) | %d (%.0f %%) | %.1f MB |\n", wall["json"], 100 * wall["json"] / wall["csv"],
      cpu["json"], 100 * cpu["json"] / cpu["csv"], rss["json"] }' "$out"
