#!/usr/bin/env bash
# `make demo-hr`: a sync straight from an HR system's API. Starts the local HR API emulator (hr-emulator) and the
# local Entra emulator, reads the emulated Workday report (40 generated people, pages of 10 where a preset pages)
# with `provision upload --source`, uploads them to the Entra emulator, and prints the summary.
#
# NOTE: this needs `provision upload --source URL` with its presets and source credentials, which the client does
# not have yet. Until provision has --source it starts both emulators, says so and exits 1. When the client lands,
# check the SOURCE_ARGS and SOURCE_ENV below against its flags; nothing else should need to change.
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

if ! .build/debug/provision help upload 2>/dev/null | grep -q -- '--source'; then
  echo "provision upload has no --source yet: both emulators ran, nothing was synced." >&2
  exit 1
fi

# The Workday preset: basic auth with the integration system user; the report's columns are those of
# samples/workday-export.csv, read with samples/hr/workday-report-mapping.json.
SOURCE_ARGS=(--source "$HR_URL_WORKDAY" --source-preset workday --mapping samples/hr/workday-report-mapping.json)
SOURCE_ENV=(PROVISION_SOURCE_USER="$HR_USER" PROVISION_SOURCE_PASSWORD="$HR_PASSWORD")
echo "\$ provision upload ${SOURCE_ARGS[*]} --report $work/report.json --wait 30s --poll-interval 1s"
status=0
env "${SOURCE_ENV[@]}" .build/debug/provision upload "${SOURCE_ARGS[@]}" --report "$work/report.json" \
  --wait 30s --poll-interval 1s || status=$?
echo "exit status $status; report: $work/report.json"
echo "hr emulator: $(curl -s "$HR_EMULATOR_BASE/_hr/stats" 2>/dev/null || echo 'stats unavailable')"
exit $status
