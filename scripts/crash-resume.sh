#!/usr/bin/env bash
# `make crash-test`: upload 20,000 records to the local emulator, SIGKILL the client at random moments at least
# CRASH_KILLS times, each time running it again with --resume (same --journal and --report), until a run exits 0.
# Passes only if every record reached the emulator, the journal was always readable (every line JSON except at most
# a torn last line), every report that exists parses, --resume never refused the journal, and the records sent twice
# stay within what could have been in flight at the kills. docs/reliability.md records a run of it.
#
# Knobs (environment): CRASH_RECORDS (20000), CRASH_KILLS (12), CRASH_DIR (/tmp/provision-crash), CRASH_SEED
# (random seed of the kill moments; default the time), CRASH_LATENCY (emulator --latency ms, 600).
set -euo pipefail
cd "$(dirname "$0")/.."

RECORDS=${CRASH_RECORDS:-20000}
KILLS=${CRASH_KILLS:-12}
DIR=${CRASH_DIR:-/tmp/provision-crash}
SEED=${CRASH_SEED:-$(date +%s)}
LATENCY=${CRASH_LATENCY:-600}
CONCURRENCY=40
MAX_RUNS=$((KILLS + 10)) # bounded: the kills, then at most 10 runs to finish
RANDOM=$SEED
rm -rf "$DIR"; mkdir -p "$DIR"

nice -n 10 swift build -c release --product provision 2>&1 | grep -E 'error|warning' >&2 || true
nice -n 10 swift build -c release --product entra-emulator 2>&1 | grep -E 'error|warning' >&2 || true
PROVISION=.build/release/provision
export EMULATOR_BIN=.build/release/entra-emulator

input=$DIR/export.csv
python3 scripts/gen-export.py "$RECORDS" "$input" --seed 3
. scripts/emulator.sh
# Latency and jitter make a clean run take ~15 s (400 requests, at most 40 starts per second) and keep up to 40
# requests in flight, so a kill usually lands with requests accepted by the service but not yet journalled.
start_emulator --rate 40/1s --daily-quota 0 --latency "$LATENCY" --jitter 400 --seed 11
emulator_env

journal=$DIR/run.journal
report=$DIR/report.json
# Checks the journal and report after each run; prints "journal-lines accepted-records torn(0/1)".
check_files() {
  python3 - "$journal" "$report" <<'EOF'
import json, os, sys
journal, report = sys.argv[1], sys.argv[2]
lines, records, torn = 0, 0, 0
if os.path.exists(journal):
    raw = open(journal, "rb").read()
    parts = raw.split(b"\n")
    complete, last = parts[:-1], parts[-1]
    for number, line in enumerate(complete, 1):
        try:
            entry = json.loads(line)
        except ValueError:
            sys.exit(f"journal line {number} of {len(complete)} is not JSON: {line[:80]!r}")
        lines += 1
        if entry.get("kind") == "accepted":
            records += entry["records"]
    if last:
        torn = 1  # a last line without its newline: what a kill mid-write leaves; --resume must ignore it
if os.path.exists(report):
    try:
        json.load(open(report))
    except ValueError as error:
        sys.exit(f"the report {report} is not valid JSON: {error}")
print(lines, records, torn)
EOF
}

echo "crash-test: $RECORDS records, emulator --latency $LATENCY --jitter 400, at least $KILLS kills (seed $SEED)"
printf '| run | killed after s | exit | journal lines | journalled records | emulator uniqueRecords | recordsReceived | torn last line |\n'
printf '|---|---|---|---|---|---|---|---|\n'
kills=0 runs=0 final=-1 refused=0 torn_seen=0
while [ $runs -lt $MAX_RUNS ]; do
  runs=$((runs + 1))
  nice -n 10 $PROVISION upload "$input" --journal "$journal" --report "$report" --resume --quiet \
    >"$DIR/stdout.$runs" 2>"$DIR/stderr.$runs" &
  pid=$!
  killed_after=-
  if [ $kills -lt "$KILLS" ]; then
    # A random moment from 0.3 s to 2.5 s in: start-up, token, mid-upload; later runs have less left to send.
    delay_ms=$((300 + RANDOM % 2200))
    waited=0
    while [ $waited -lt $delay_ms ] && kill -0 $pid 2>/dev/null; do sleep 0.05; waited=$((waited + 50)); done
    if kill -0 $pid 2>/dev/null; then
      kill -KILL $pid
      kills=$((kills + 1))
      killed_after=$(awk -v ms="$delay_ms" 'BEGIN { printf "%.2f", ms / 1000 }')
    fi
  fi
  status=0
  wait $pid 2>/dev/null || status=$?
  # Requests the killed client had in flight are still answered (and stored) by the service: let them land (latency
  # + jitter < 1.5 s) so the figures below show what the next run starts from.
  [ "$killed_after" = - ] || sleep 1.5
  grep -q 'cannot resume' "$DIR/stderr.$runs" && refused=$((refused + 1))
  read -r jlines jrecords torn < <(check_files) || { echo "crash-test: FAILED: corrupt journal or report after run $runs" >&2; exit 1; }
  torn_seen=$((torn_seen + torn))
  stats=$(curl -sf "$EMULATOR_BASE/_emulator/stats")
  unique=$(echo "$stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["uniqueRecords"])')
  received=$(echo "$stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["recordsReceived"])')
  printf '| %d | %s | %s | %d | %d | %d | %d | %d |\n' $runs "$killed_after" \
    "$([ "$killed_after" = - ] && echo $status || echo 'SIGKILL')" "$jlines" "$jrecords" "$unique" "$received" "$torn"
  if [ "$killed_after" = - ]; then
    if [ $status -eq 0 ]; then final=0; break; fi
    echo "run $runs exited $status: $(tail -3 "$DIR/stderr.$runs")" >&2
  fi
done

stats=$(curl -sf "$EMULATOR_BASE/_emulator/stats")
python3 - "$stats" "$RECORDS" "$kills" "$KILLS" "$CONCURRENCY" "$final" "$refused" "$runs" "$torn_seen" <<'EOF'
import json, sys
stats = json.loads(sys.argv[1])
records, kills, wanted, concurrency, final, refused, runs, torn = map(int, sys.argv[2:])
bound = kills * concurrency * 50
print(f"\nruns {runs}, kills {kills}, torn journal lines seen {torn}, resume refusals {refused}")
print(f"emulator: requests {stats['requests']}, accepted {stats['accepted']}, throttled {stats['throttled']}, "
      f"recordsReceived {stats['recordsReceived']}, uniqueRecords {stats['uniqueRecords']}, "
      f"duplicateRecords {stats['duplicateRecords']} (bound: {kills} kills x {concurrency} in flight x 50 = {bound}; "
      f"{stats['duplicateRecords'] / max(kills, 1):.0f} per kill), maxRequestsInOneSecond {stats['maxRequestsInOneSecond']}")
failures = []
if final != 0: failures.append("no run exited 0 within the bounded number of runs")
if kills < wanted: failures.append(f"only {kills} kills landed (wanted {wanted})")
if stats["uniqueRecords"] != records: failures.append(f"uniqueRecords {stats['uniqueRecords']} != {records}")
if stats["duplicateRecords"] > bound: failures.append(f"duplicateRecords {stats['duplicateRecords']} > {bound}")
if refused: failures.append(f"--resume refused the journal {refused} times")
if failures:
    print("crash-test: FAILED\n- " + "\n- ".join(failures))
    sys.exit(1)
print("crash-test: passed")
EOF
