#!/usr/bin/env bash
# `make demo-hr`: a sync straight from an HR system's API. Starts the local HR API emulator (hr-emulator) and the
# local Entra emulator, reads the emulated Workday report (40 generated people, pages of 10 where a preset pages)
# with `provision upload --source`, uploads them to the Entra emulator, and prints the summary.
# The records are first read into a snapshot next to the run's journal (docs/hr-sources.md); the password comes from
# the environment, never from a flag.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product provision >/dev/null
swift build --product entra-emulator >/dev/null
swift build --product hr-emulator >/dev/null
. scripts/emulator.sh
. scripts/hr-emulator.sh
start_emulator
start_hr_emulator --people-count 40 --page-size 10
trap 'stop_hr_emulator; stop_emulator' EXIT
emulator_env
work=$(mktemp -d)
echo "entra emulator: $EMULATOR_ENDPOINT"
echo "hr emulator:    $HR_EMULATOR_BASE (Workday report: $HR_URL_WORKDAY)"

# The Workday preset: basic auth with the integration system user; the report's columns are those of
# samples/workday-export.csv, read with samples/hr/workday-report-mapping.json.
SOURCE_ARGS=(--source "$HR_URL_WORKDAY" --source-preset workday --mapping samples/hr/workday-report-mapping.json)
# The report keeps people who left (6 of the 40, sent with active false): the first sync may disable that many.
SYNC_ARGS=(--state "$work/state.jsonl" --max-disable 10 --journal "$work/run.journal" --wait 30s --poll-interval 1s)
SOURCE_ENV=(PROVISION_SOURCE_USER="$HR_USER" PROVISION_SOURCE_PASSWORD="$HR_PASSWORD")
# The mapping's two attributes of the contoso extension go into the job's schema first (once per job).
echo "\$ provision schema apply --mapping samples/hr/workday-report-mapping.json --yes"
.build/debug/provision schema apply --mapping samples/hr/workday-report-mapping.json --yes
echo
echo "\$ PROVISION_SOURCE_USER=… PROVISION_SOURCE_PASSWORD=… provision upload ${SOURCE_ARGS[*]} ${SYNC_ARGS[*]} --report $work/report.json"
status=0
env "${SOURCE_ENV[@]}" .build/debug/provision upload "${SOURCE_ARGS[@]}" "${SYNC_ARGS[@]}" \
  --report "$work/report.json" || status=$?
echo "exit status $status; report: $work/report.json; snapshot: $work/run.snapshot.ndjson"
if [ "$status" -eq 0 ]; then
  # The same sync again: the source is read again, and only what changed since the state is sent (nothing).
  echo "\$ provision upload … (again: only changes are sent)"
  env "${SOURCE_ENV[@]}" .build/debug/provision upload "${SOURCE_ARGS[@]}" "${SYNC_ARGS[@]}" \
    --report "$work/report-2.json" || status=$?
  echo "exit status $status; report: $work/report-2.json"
fi
echo "hr emulator: $(curl -s "$HR_EMULATOR_BASE/_hr/stats" 2>/dev/null || echo 'stats unavailable')"
exit $status
