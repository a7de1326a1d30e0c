#!/usr/bin/env bash
# Each test suite's time, measured one suite after another (`swift test --no-parallel`) so that a suite's time is its
# own and not its wait for the others, printed as the Markdown table of docs/testing.md, grouped by test target.
# Needs a build of the tests (`swift build --build-tests`); takes about four minutes on two cores.
set -uo pipefail
cd "$(dirname "$0")/.."

# FROM_LOG=path makes the table from the log of an earlier serial run instead of running the tests again.
if [ -n "${FROM_LOG:-}" ]; then
  log=$FROM_LOG
  status=0
else
  log=${TEST_LOG:-.build/suite-times.log}
  mkdir -p "$(dirname "$log")"
  "${SWIFT:-swift}" test --skip-build --no-parallel >"$log" 2>&1
  status=$?
fi

# Suite name → test target, from the declarations (`@Suite… struct Name`, or a bare `struct Name` holding tests, in
# Tests/<Target>/).
for target_dir in Tests/*/; do
  target=$(basename "$target_dir")
  grep -hoE '^(@Suite.* )?struct [A-Za-z0-9_]+' "$target_dir"*.swift 2>/dev/null | sed -E "s/.*struct /$target /"
done >"${TMPDIR:-/tmp}/suite-targets.$$"

awk -v status="$status" '
  FNR == NR { target[$2] = $1; next }
  { gsub(/\033\[[0-9;]*m/, "") }
  / Suite .* (passed|failed) after [0-9.]+ seconds/ {
    line = $0
    sub(/^[^ ]+ Suite /, "", line)
    name = line
    sub(/ (passed|failed) after .*/, "", name)
    seconds = line
    sub(/.* after /, "", seconds)
    sub(/ seconds.*/, "", seconds)
    t = (name in target) ? target[name] : "?"
    time[t, name] = seconds + 0
    total[t] += seconds
    names[t] = names[t] " " name
  }
  / Test run with / { run = $0; sub(/^[^ ]+ Test run with /, "", run) }
  END {
    printf "| target | suite | seconds |\n|---|---|---:|\n"
    n = 0
    for (t in total) { order[++n] = t }
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (total[order[j]] > total[order[i]]) {
      x = order[i]; order[i] = order[j]; order[j] = x
    }
    for (i = 1; i <= n; i++) {
      t = order[i]
      printf "| **%s** | (all %d suites) | **%.1f** |\n", t, split(substr(names[t], 2), list, " "), total[t]
      m = split(substr(names[t], 2), list, " ")
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (time[t, list[b]] > time[t, list[a]]) {
        x = list[a]; list[a] = list[b]; list[b] = x
      }
      for (a = 1; a <= m; a++) printf "| | %s | %.2f |\n", list[a], time[t, list[a]]
    }
    printf "\nserial run: %s (exit %d)\n", run, status
  }
' "${TMPDIR:-/tmp}/suite-targets.$$" "$log"
rm -f "${TMPDIR:-/tmp}/suite-targets.$$"
