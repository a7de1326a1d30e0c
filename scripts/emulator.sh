# Sourced by the demo, bench and soak scripts: start_emulator [flags…] starts the local Entra emulator on a free
# loopback port and sets EMULATOR_PID, EMULATOR_ENDPOINT and EMULATOR_AUTHORITY, and EMULATOR_TENANT,
# EMULATOR_CLIENT and EMULATOR_SECRET from the lines it prints at start; it is stopped on exit.
EMULATOR_TENANT=00000000-0000-0000-0000-0000000000aa
EMULATOR_CLIENT=11111111-1111-1111-1111-111111111111
EMULATOR_SECRET=emulator-secret

start_emulator() {
  local bin=${EMULATOR_BIN:-.build/debug/entra-emulator}
  EMULATOR_LOG=$(mktemp)
  local log=$EMULATOR_LOG
  "$bin" --port 0 "$@" >"$log" 2>"$log.err" &
  EMULATOR_PID=$!
  trap 'stop_emulator' EXIT
  # Up to 60 s: a large --directory-seed is read before the banner (100,000 users take about 7 s).
  for _ in $(seq 1 600); do
    EMULATOR_ENDPOINT=$(sed -n 's/^endpoint //p' "$log")
    EMULATOR_AUTHORITY=$(sed -n 's/^authority //p' "$log")
    [ -n "$EMULATOR_ENDPOINT" ] && [ -n "$EMULATOR_AUTHORITY" ] && break
    kill -0 $EMULATOR_PID 2>/dev/null || { cat "$log.err" >&2; echo "emulator did not start" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$EMULATOR_ENDPOINT" ] || { echo "emulator did not print its endpoint" >&2; exit 1; }
  EMULATOR_BASE=${EMULATOR_AUTHORITY}
  # The credentials it accepts (--tenant-id, --client-id and --client-secret change them); the defaults otherwise.
  for _ in $(seq 1 20); do grep -q '^client-secret ' "$log" && break; sleep 0.05; done
  EMULATOR_TENANT=$(sed -n 's/^tenant-id //p' "$log" | grep . || echo "$EMULATOR_TENANT")
  EMULATOR_CLIENT=$(sed -n 's/^client-id //p' "$log" | grep . || echo "$EMULATOR_CLIENT")
  EMULATOR_SECRET=$(sed -n 's/^client-secret //p' "$log" | grep . || echo "$EMULATOR_SECRET")
  export EMULATOR_PID EMULATOR_ENDPOINT EMULATOR_AUTHORITY EMULATOR_BASE EMULATOR_TENANT EMULATOR_CLIENT EMULATOR_SECRET
}

stop_emulator() {
  kill "$EMULATOR_PID" 2>/dev/null || true
  wait "$EMULATOR_PID" 2>/dev/null || true
  rm -f "$EMULATOR_LOG" "$EMULATOR_LOG.err"
}

# The credentials the emulator accepts by default, for the client.
emulator_env() {
  export AZURE_TENANT_ID=$EMULATOR_TENANT AZURE_CLIENT_ID=$EMULATOR_CLIENT AZURE_CLIENT_SECRET=$EMULATOR_SECRET
  export PROVISION_ENDPOINT=$EMULATOR_ENDPOINT AZURE_AUTHORITY_HOST=$EMULATOR_AUTHORITY
}
