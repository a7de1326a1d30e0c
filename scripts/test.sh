#!/usr/bin/env bash
# `make test`: builds the package's tests, runs them all (Swift Testing, in parallel), writes the whole output to
# a log and prints a short summary: the counts, each failure with its place and message, and the slowest suites.
# The exit status is the test run's (or the build's, when the build fails). docs/testing.md says more.
#
#   TEST_LOG=path   where the full log goes (default .build/test.log)
#   FILTER=regex    run only the tests whose `Module.Suite/test` name matches (swift test --filter)
set -uo pipefail
cd "$(dirname "$0")/.."

swift_command=${SWIFT:-swift}
log=${TEST_LOG:-.build/test.log}
mkdir -p "$(dirname "$log")"
: >"$log"

# In-process runs share this environment with the test process: libcurl would send loopback requests through a
# proxy named here (docs/testing.md).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

started=$(date +%s)
echo "== swift build --build-tests" >>"$log"
"$swift_command" build --build-tests >>"$log" 2>&1
build=$?
if [ "$build" -ne 0 ]; then
  echo "test: the build failed (exit $build); its errors (full log: $log):"
  grep -E "error:" "$log" | sort -u | head -40
  exit "$build"
fi
built=$(date +%s)

filter=()
if [ -n "${FILTER:-}" ]; then filter=(--filter "$FILTER"); fi
echo "== swift test --skip-build ${filter[*]}" >>"$log"
"$swift_command" test --skip-build "${filter[@]}" >>"$log" 2>&1
status=$?
finished=$(date +%s)

awk -v status="$status" -v logfile="$log" -v build_seconds="$((built - started))" \
  -v test_seconds="$((finished - built))" '
  { gsub(/\033\[[0-9;]*m/, "") }
  # The last line of a run: "✔ Test run with 931 tests in 170 suites passed after 73.7 seconds."
  / Test run with [0-9]+ tests? in [0-9]+ suites? (passed|failed) after / {
    run = $0
    sub(/^[^ ]+ Test run with /, "", run)
    sub(/ seconds/, " s", run)
    finished_run = 1
  }
  / Test .* failed after [0-9.]+ seconds/ && !/ Test run with / { failed_tests++ }
  $0 !~ /^◇/ && / Test [^ ]+ skipped/ { skipped++ }
  / Suite .* (passed|failed) after [0-9.]+ seconds/ {
    line = $0
    sub(/^[^ ]+ Suite /, "", line)
    name = line
    sub(/ (passed|failed) after .*/, "", name)
    seconds = line
    sub(/.* after /, "", seconds)
    sub(/ seconds.*/, "", seconds)
    suites[name] = seconds + 0
  }
  # "✘ Test name() recorded an issue [with arguments …] at File.swift:12:5: Expectation failed: …", then its
  # comment on lines starting with "↳" and their continuations.
  / Test .* recorded an issue/ {
    line = $0
    sub(/^[^ ]+ Test /, "", line)
    test = line
    sub(/ recorded an issue.*/, "", test)
    place = ""
    message = line
    if (match(line, / at [^ ]+\.swift:[0-9]+:[0-9]+: /)) {
      place = substr(line, RSTART + 4, RLENGTH - 6)
      message = substr(line, RSTART + RLENGTH)
    } else {
      sub(/.* recorded an issue:? ?/, "", message)
    }
    issues[++issue_count] = sprintf("  %s  %s: %s", place, test, substr(message, 1, 300))
    in_issue = 1
    extra = 0
    next
  }
  in_issue && /^(↳ |  )/ {
    if (extra < 3) { issues[issue_count] = issues[issue_count] "\n      " substr($0, 1, 200) }
    extra++
    next
  }
  { in_issue = 0 }
  /Fatal error|Segmentation fault|Illegal instruction|unexpected signal|Aborted/ { crash[++crash_count] = $0 }
  END {
    if (finished_run) {
      printf "test: %s (build %d s, run %d s)\n", run, build_seconds, test_seconds
    } else {
      printf "test: the run did not finish (exit %d): it may have crashed; the end of %s:\n", status, logfile
      for (i = 1; i <= crash_count && i <= 10; i++) print "  " crash[i]
    }
    if (skipped) printf "  %d skipped\n", skipped
    if (issue_count) {
      printf "%d failing test%s, %d issue%s:\n", failed_tests, failed_tests == 1 ? "" : "s", issue_count, \
        issue_count == 1 ? "" : "s"
      for (i = 1; i <= issue_count && i <= 40; i++) print issues[i]
      if (issue_count > 40) printf "  … and %d more issues\n", issue_count - 40
    }
    n = 0
    for (name in suites) { names[++n] = name }
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (suites[names[j]] > suites[names[i]]) {
      t = names[i]; names[i] = names[j]; names[j] = t
    }
    if (n) {
      printf "slowest suites (seconds from start to end, run in parallel):"
      for (i = 1; i <= n && i <= 8; i++) printf "%s %s %.1f", i == 1 ? "" : ",", names[i], suites[names[i]]
      printf "\n"
    }
    printf "full log: %s\n", logfile
  }
' "$log"
if [ "$status" -ne 0 ] && ! grep -qE " Test run with [0-9]+ tests? in " "$log"; then
  tail -n 20 "$log" | sed 's/^/  | /'
fi
exit "$status"
