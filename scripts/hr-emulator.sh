# Sourced by scripts that need an HR system to read from: start_hr_emulator [flags…] starts the local HR API
# emulator (hr-emulator) on a free loopback port and sets HR_EMULATOR_PID and, from the lines it prints at start,
# HR_EMULATOR_BASE, one HR_URL_<PRESET> per preset (WORKDAY, BAMBOOHR, BAMBOOHR_REPORT, SUCCESSFACTORS, PERSONIO,
# ADP, GENERIC), HR_TOKEN_URL, HR_ADP_TOKEN_URL, HR_PERSONIO_AUTH_URL, HR_WORKDAY_TOKEN_URL and the credentials it
# accepts (HR_USER, HR_PASSWORD, HR_API_KEY, HR_CLIENT_ID, HR_CLIENT_SECRET, HR_REFRESH_TOKEN, HR_BEARER_TOKEN).
# stop_hr_emulator stops it; the caller arranges for that on exit (scripts/demo-hr.sh shows how, with the Entra
# emulator beside it).

start_hr_emulator() {
  local bin=${HR_EMULATOR_BIN:-.build/debug/hr-emulator}
  HR_EMULATOR_LOG=$(mktemp)
  "$bin" --port 0 "$@" >"$HR_EMULATOR_LOG" 2>"$HR_EMULATOR_LOG.err" &
  HR_EMULATOR_PID=$!
  for _ in $(seq 1 100); do
    grep -q '^page-size ' "$HR_EMULATOR_LOG" && break
    kill -0 "$HR_EMULATOR_PID" 2>/dev/null || { cat "$HR_EMULATOR_LOG.err" >&2; echo "hr-emulator did not start" >&2; return 1; }
    sleep 0.1
  done
  grep -q '^page-size ' "$HR_EMULATOR_LOG" || { echo "hr-emulator did not print its banner" >&2; return 1; }
  hr_line() { sed -n "s/^$1 //p" "$HR_EMULATOR_LOG"; }
  HR_EMULATOR_BASE=$(hr_line 'listening on')
  HR_URL_WORKDAY=$(hr_line workday)
  HR_URL_BAMBOOHR=$(hr_line bamboohr)
  HR_URL_BAMBOOHR_REPORT=$(hr_line bamboohr-report)
  HR_URL_SUCCESSFACTORS=$(hr_line successfactors)
  HR_URL_PERSONIO=$(hr_line personio)
  HR_URL_ADP=$(hr_line adp)
  HR_URL_GENERIC=$(hr_line generic)
  HR_TOKEN_URL=$(hr_line token-url)
  HR_ADP_TOKEN_URL=$(hr_line adp-token-url)
  HR_PERSONIO_AUTH_URL=$(hr_line personio-auth-url)
  HR_WORKDAY_TOKEN_URL=$(hr_line workday-token-url)
  HR_USER=$(hr_line user)
  HR_PASSWORD=$(hr_line password)
  HR_API_KEY=$(hr_line api-key)
  HR_CLIENT_ID=$(hr_line client-id)
  HR_CLIENT_SECRET=$(hr_line client-secret)
  HR_REFRESH_TOKEN=$(hr_line refresh-token)
  HR_BEARER_TOKEN=$(hr_line bearer-token)
  export HR_EMULATOR_PID HR_EMULATOR_BASE HR_URL_WORKDAY HR_URL_BAMBOOHR HR_URL_BAMBOOHR_REPORT \
    HR_URL_SUCCESSFACTORS HR_URL_PERSONIO HR_URL_ADP HR_URL_GENERIC HR_TOKEN_URL HR_ADP_TOKEN_URL \
    HR_PERSONIO_AUTH_URL HR_WORKDAY_TOKEN_URL HR_USER HR_PASSWORD HR_API_KEY HR_CLIENT_ID HR_CLIENT_SECRET \
    HR_REFRESH_TOKEN HR_BEARER_TOKEN
}

stop_hr_emulator() {
  [ -n "${HR_EMULATOR_PID:-}" ] && kill "$HR_EMULATOR_PID" 2>/dev/null || true
  [ -n "${HR_EMULATOR_PID:-}" ] && wait "$HR_EMULATOR_PID" 2>/dev/null || true
  rm -f "${HR_EMULATOR_LOG:-}" "${HR_EMULATOR_LOG:-}.err"
}
