#!/usr/bin/env bash
# `make demo`: start the local Entra emulator (its tenant seeded with samples/directory/tenant.json: a cloud-only admin
# and a guest), upload samples/users.csv through the real token and bulkUpload path, read the per-record outcomes
# back from the emulated provisioning logs, print the summary, plan three new hires against the tenant's users
# (--directory: a generated unique userPrincipalName and a collision), compare the sample mapping with the job's
# schema, stop the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product provision >/dev/null
swift build --product entra-emulator >/dev/null
. scripts/emulator.sh
start_emulator --directory-seed samples/directory/tenant.json
emulator_env
work=$(mktemp -d)
echo "emulator: $EMULATOR_ENDPOINT"
echo "\$ provision upload samples/users.csv --report $work/report.json --wait 30s --poll-interval 1s"
status=0
.build/debug/provision upload samples/users.csv --report "$work/report.json" --wait 30s --poll-interval 1s || status=$?
echo "exit status $status; report: $work/report.json"
echo
# SelectUniqueValue against the tenant: Ana García's first candidate is now held by the Ana uploaded above; Kim Lee's
# mail by a guest (the plan says so before anything is sent; 'upload --directory' would stop with 65).
echo "\$ provision plan samples/directory/new-hires.csv --mapping samples/directory/mapping.json --directory"
.build/debug/provision plan samples/directory/new-hires.csv --mapping samples/directory/mapping.json --directory
echo
# The sample mapping sends custom attributes a new job's schema lacks: diff names them (and exits 1).
echo "\$ provision schema diff --mapping samples/workday-mapping.json"
.build/debug/provision schema diff --mapping samples/workday-mapping.json || echo "exit status $? (run 'provision schema apply --mapping samples/workday-mapping.json --yes' to add them)"
exit $status
