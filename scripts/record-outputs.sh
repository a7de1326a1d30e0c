#!/usr/bin/env bash
# Records what ~100 command lines print and write (stdout, stderr, exit status, every file they write), with
# timestamps, ids, ports, paths and timings masked, so that a refactor can show its outputs are unchanged:
#
#   scripts/record-outputs.sh DIR        # record into DIR (one file per command line)
#   diff -r BEFORE AFTER                 # nothing but what the change was meant to change
#
# Builds the debug products; the networked lines run against one local emulator started here (its state carries
# from one line to the next, so the order is part of the recording). Bounded: every line has a 60 s limit.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/record-outputs.sh DIR}
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
swift build --product provision >/dev/null
swift build --product entra-emulator >/dev/null
bin=$(pwd)/.build/debug/provision
repo=$(pwd)

work=$(mktemp -d)
cleanup_work() { rm -rf "$work"; }
. scripts/emulator.sh
start_emulator --log-delay 0 --process-delay 0
trap 'stop_emulator; cleanup_work' EXIT

cd "$work"
cp -r "$repo/samples" samples
cp -r "$repo/Tests/CLITests/Fixtures/hostile" hostile
mkdir -p out keep
printf 'externalId,userName,active\n1,a@contoso.com,true\n2,b@contoso.com,true\n3,c@contoso.com,false\n' > small.csv
printf 'externalId,userName,active\n1,a@contoso.com,true\n2,b@contoso.com,true\n' > small-leaver.csv
printf '{"endpoint": "%s", "rate": "40/1s"}\n' "$EMULATOR_ENDPOINT" > emulator.json
printf '{"endpoint": "%s", "unknown-key": 1}\n' "$EMULATOR_ENDPOINT" > unknown-key.json
printf '%s' "$EMULATOR_SECRET" > secret.txt && chmod 600 secret.txt

mask() {
  sed -E \
    -e "s#$work#<WORK>#g" -e "s#$repo#<REPO>#g" \
    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)?/<TIME>/g' \
    -e 's/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/<GUID>/g' \
    -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:<PORT>/g' \
    -e 's/pid [0-9]+/pid <PID>/g' \
    -e 's/"(durationSeconds|recordsPerSecond|durationMilliseconds)" *: *[0-9.e+-]+/"\1": <N>/g' \
    -e 's/[0-9]+(\.[0-9]+)? ?(ms|s|records\/s|seconds)\b/<DUR>/g' \
    -e 's/eyJ[A-Za-z0-9_.-]+/<JWT>/g' \
    -e 's/\(commit [^)]*\)/(commit <COMMIT>)/g'
}

n=0
# rec NAME [env NAME=VALUE ...] -- ARGS...: runs provision ARGS in the work folder; net lines get the emulator's env.
rec() {
  local name=$1; shift
  local net=0
  if [ "$1" = "@net" ]; then net=1; shift; fi
  n=$((n + 1))
  local file
  file=$(printf '%s/%03d-%s.txt' "$out" "$n" "$name")
  rm -rf out && mkdir out
  local status=0
  if [ $net = 1 ]; then
    ( emulator_env; exec timeout 60 "$bin" "$@" ) >stdout.txt 2>stderr.txt </dev/null || status=$?
  else
    ( unset PROVISION_ENDPOINT AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_AUTHORITY_HOST
      exec timeout 60 "$bin" "$@" ) >stdout.txt 2>stderr.txt </dev/null || status=$?
  fi
  {
    echo "\$ provision $*"
    echo "exit $status"
    echo "--- stdout"; cat stdout.txt
    echo "--- stderr"; cat stderr.txt
    for f in $(find out -type f | sort); do
      echo "--- file $f"
      case $f in *.lock) echo "<LOCK>" ;; *) cat "$f"; echo ;; esac
    done
  } | mask > "$file"
  cp -r out/. keep/ 2>/dev/null || true
}

# Help and reference
rec help-overview --help
rec help-overview-cmd help
for c in validate upload status plan check "schema show" "schema diff" "schema apply" "mapping suggest" "mapping test" "config show" completions; do
  # shellcheck disable=SC2086
  rec "help-${c// /-}" help $c
done
rec help-mapping help mapping
rec help-exit-codes help exit-codes
rec version --version
rec completions-bash completions bash
rec completions-zsh completions zsh

# Usage errors
rec unknown-command uplod samples/users.csv
rec unknown-subcommand schema diffs
rec unknown-option validate samples/users.csv --strictt
rec missing-value validate samples/users.csv --max-problems
rec bad-max-problems validate samples/users.csv --max-problems -1
rec bad-rate upload samples/users.csv --dry-run --rate fast
rec bad-concurrency upload samples/users.csv --dry-run --concurrency 0
rec bad-batch-size upload samples/users.csv --dry-run --batch-size 51
rec bad-timeout upload samples/users.csv --dry-run --timeout 0.5
rec bad-max-wait upload samples/users.csv --dry-run --max-wait soon
rec bad-max-disable plan samples/users.csv --max-disable 200%
rec bad-missing plan samples/users.csv --missing delete
rec bad-delimiter validate samples/users.csv --delimiter ::
rec bad-encoding validate samples/users.csv --encoding ebcdic
rec bad-log-format validate samples/users.csv --log-format xml
rec secret-on-command-line check --client-secret abc
cp samples/users.csv victim.csv
rec output-is-input validate victim.csv --report victim.csv
rec output-is-input-plan plan victim.csv --out victim.csv
rec no-input validate
rec missing-input validate nothing.csv

# validate
rec validate-users validate samples/users.csv
rec validate-users-json validate samples/users.csv --json
rec validate-users-report validate samples/users.csv --report out/report.json
rec validate-workday validate samples/workday-export.csv --mapping samples/workday-mapping.json
rec validate-csv2scim validate samples/csv2scim/csv-with-2-records.csv --mapping samples/csv2scim/AttributeMapping.json
rec validate-quiet validate hostile/duplicate-externalids.csv --quiet
rec validate-strict validate hostile/bad-boolean.csv --strict
rec validate-max-problems validate hostile/duplicate-externalids.csv --max-problems 1
rec validate-log-json validate hostile/bad-boolean.csv --log-format json
for f in all-rows-invalid bad-boolean binary-junk bom-only control-chars duplicate-externalids duplicate-headers \
  empty-header-name empty formula-injection header-only invalid-utf8-late invalid-utf8 manager-cycle \
  multivalued-without-filter newlines-only no-externalid-column nul-bytes ragged-rows self-manager \
  semicolon-as-comma truncated-mid-quote truncated-mid-row unknown-header unterminated-quote-header utf16-odd-byte \
  utf16be-bom utf16le-bom; do
  rec "validate-hostile-$f" validate "hostile/$f.csv" --allow-missing-active --report out/report.json
done
for m in mapping-array-root mapping-invalid-path mapping-missing-column mapping-not-json mapping-wide-bomb; do
  rec "validate-$m" validate "hostile/$m.csv" --mapping "hostile/$m.mapping.json" --report out/report.json
done
rec validate-semicolon-delimiter validate hostile/semicolon-as-comma.csv --delimiter ';' --allow-missing-active
rec validate-empty-as-null validate samples/users.csv --empty-as-null --json

# Dry runs and plans
rec dry-run-ndjson upload samples/users.csv --dry-run
rec dry-run-out upload samples/users.csv --dry-run --out out/payloads --report out/report.json
rec dry-run-workday upload samples/workday-export.csv --mapping samples/workday-mapping.json --dry-run --batch-size 2
rec dry-run-quiet upload hostile/bad-boolean.csv --dry-run --quiet --allow-missing-active
rec plan-users plan samples/users.csv
rec plan-json plan samples/users.csv --json
rec plan-out plan samples/users.csv --out out/plan.json --summary-md out/plan.md
rec plan-quiet plan samples/users.csv --quiet
rec plan-rate plan samples/users.csv --rate 40/5s

# Mapping tools
rec mapping-suggest-workday mapping suggest samples/workday-export.csv
rec mapping-suggest-csv2scim mapping suggest samples/csv2scim/csv-with-2-records.csv
rec mapping-test-workday mapping test samples/workday-mapping.json --row 2 samples/workday-export.csv
rec mapping-test-csv2scim mapping test samples/csv2scim/AttributeMapping.json --row 3 samples/csv2scim/csv-with-2-records.csv
rec mapping-test-bad-row mapping test samples/workday-mapping.json --row 99 samples/workday-export.csv

# Configuration
rec config-show-empty config show
rec config-show-file config show --config samples/provision.json
rec config-show-unknown-key config show --config unknown-key.json
rec check-no-config check
rec upload-no-endpoint upload samples/users.csv
rec upload-bad-endpoint upload samples/users.csv --endpoint https://evil.example/v1.0/servicePrincipals/x/synchronization/jobs/y/bulkUpload

# Against the emulator
rec net-config-show @net config show
rec net-check @net check
rec net-check-mapping @net check --mapping samples/workday-mapping.json
rec net-check-json @net check --json
rec net-schema-show @net schema show
rec net-schema-show-json @net schema show --json
rec net-schema-diff @net schema diff --mapping samples/workday-mapping.json
rec net-schema-diff-json @net schema diff --mapping samples/workday-mapping.json --json
rec net-schema-apply-no-yes @net schema apply --mapping samples/workday-mapping.json
rec net-upload-unknown-attributes @net upload samples/workday-export.csv --mapping samples/workday-mapping.json
rec net-upload-users @net upload samples/users.csv --report out/report.json --summary-md out/summary.md
rec net-status @net status --report keep/report.json
rec net-status-all-json @net status --report keep/report.json --json --failed out/failed.csv --summary-md out/status.md
rec net-upload-state @net upload small.csv --state keep/state.jsonl --journal out/journal.jsonl --report out/r.json
rec net-upload-state-unchanged @net upload small.csv --state keep/state.jsonl --report out/r.json
rec net-plan-leaver @net plan small-leaver.csv --state keep/state.jsonl --missing disable --max-disable 100%
rec net-upload-leaver-brake @net upload small-leaver.csv --state keep/state.jsonl --missing disable --max-disable 0
rec net-upload-leaver @net upload small-leaver.csv --state keep/state.jsonl --missing disable --max-disable 100% --report out/r.json
rec net-upload-secret-file @net upload small.csv --client-secret-file secret.txt --json
rec net-upload-wait @net upload small.csv --wait 20s --poll-interval 1s --json
rec net-upload-junit @net upload samples/users.csv --wait 20s --poll-interval 1s --junit out/junit.xml --report out/r.json
rec net-upload-config @net upload small.csv --config emulator.json --quiet
rec net-upload-max-requests @net upload samples/workday-export.csv --mapping samples/workday-mapping.json --ignore-unknown-attributes --batch-size 1 --max-requests 1 --report out/r.json
rec net-upload-log-json @net upload small.csv --log-format json
rec net-status-json @net status --journal /nonexistent/journal.jsonl
echo "recorded $n command lines in $out"
