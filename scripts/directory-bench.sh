#!/usr/bin/env bash
# The emulator's directory under a tenant-aware plan's read load: a directory of DIRBENCH_USERS users (default
# 100,000; every 10th employeeId missing, i.e. a new hire) is read for DIRBENCH_RECORDS records (default 100,000) the
# way a plan reads it: $batch requests of 20, each GET /users?$filter=<attribute> in (15 values) with $select, $top=15
# and (for employeeId) $expand=manager, for each of DIRBENCH_ATTRIBUTES ("employeeId userPrincipalName mail
# mailNickname"), DIRBENCH_THREADS (4) batches in flight, a throttled request retried after its Retry-After. The
# emulator runs with its default directory throttle (3,500 resource units per 10 s) unless DIRBENCH_RATE says
# otherwise. Prints the wall time, the requests and the 429s; docs/benchmarks.md records a run.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${DIRBENCH_USERS:-100000}
RECORDS=${DIRBENCH_RECORDS:-100000}
ATTRIBUTES=${DIRBENCH_ATTRIBUTES:-employeeId userPrincipalName mail mailNickname}
THREADS=${DIRBENCH_THREADS:-4}
RATE=${DIRBENCH_RATE:-3500/10s}
DIR=${DIRBENCH_DIR:-/tmp/provision-directory-bench}
mkdir -p "$DIR"

nice -n 10 swift build -c release --product entra-emulator 2>&1 | grep -E 'error|warning' >&2 || true
export EMULATOR_BIN=.build/release/entra-emulator

python3 - "$DIR/seed.json" "$USERS" <<'EOF'
import json, sys
path, count = sys.argv[1], int(sys.argv[2])
users = []
for i in range(count):
    user = {"id": "00000000-0000-4000-8000-%012d" % i, "userPrincipalName": "user%d@contoso.com" % i,
            "displayName": "User %d" % i, "mail": "user%d@contoso.com" % i, "mailNickname": "user%d" % i,
            "accountEnabled": i % 7 != 0}
    if i % 10 != 0:
        user["employeeId"] = str(i)
    if i % 10 not in (0, 1):
        user["manager"] = {"id": "00000000-0000-4000-8000-%012d" % (i - i % 10 + 1)}
    users.append(user)
json.dump(users, open(path, "w"))
EOF

. scripts/emulator.sh
start=$(date +%s.%N)
start_emulator --directory-seed "$DIR/seed.json" --directory-rate "$RATE"
ready=$(date +%s.%N)

python3 - "$EMULATOR_BASE" "$EMULATOR_TENANT" "$EMULATOR_CLIENT" "$EMULATOR_SECRET" "$RECORDS" "$THREADS" \
  "$ATTRIBUTES" <<'EOF'
import json, sys, threading, time, urllib.parse, urllib.request
base, tenant, client, secret, records, threads, attributes = sys.argv[1:8]
records, threads, attributes = int(records), int(threads), attributes.split()
form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": client, "client_secret": secret,
                               "scope": "https://graph.microsoft.com/.default"}).encode()
token = json.load(urllib.request.urlopen(f"{base}/{tenant}/oauth2/v2.0/token", form))["access_token"]
values = {"employeeId": lambda i: str(i), "userPrincipalName": lambda i: f"user{i}@contoso.com",
          "mail": lambda i: f"user{i}@contoso.com", "mailNickname": lambda i: f"user{i}"}
queries = []
for attribute in attributes:
    for start in range(0, records, 15):
        chunk = ",".join("'%s'" % values[attribute](i) for i in range(start, min(start + 15, records)))
        query = {"$filter": f"{attribute} in ({chunk})", "$top": "15",
                 "$select": "id,employeeId,userPrincipalName,mail,mailNickname,accountEnabled,userType"}
        if attribute == "employeeId":
            query["$expand"] = "manager($select=id,employeeId)"
        queries.append("/users?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote))
lock = threading.Lock()
stats = {"batches": 0, "inner": 0, "throttled": 0, "found": 0}
pending = list(reversed(queries))

def post(requests):
    body = json.dumps({"requests": requests}).encode()
    request = urllib.request.Request(f"{base}/v1.0/$batch", body, {"Authorization": f"Bearer {token}",
                                     "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))["responses"]

def worker():
    while True:
        with lock:
            if not pending:
                return
            chunk = [pending.pop() for _ in range(min(20, len(pending)))]
        wait = 0
        while chunk:
            if wait:
                time.sleep(wait)
            answers = post([{"id": str(n), "method": "GET", "url": url} for n, url in enumerate(chunk)])
            retry, wait = [], 0
            with lock:
                stats["batches"] += 1
                stats["inner"] += len(chunk)
                for answer in answers:
                    url = chunk[int(answer["id"])]
                    if answer["status"] == 429:
                        stats["throttled"] += 1
                        retry.append(url)
                        wait = max(wait, float(answer["headers"].get("Retry-After", "1")))
                    elif answer["status"] == 200:
                        stats["found"] += len(answer["body"]["value"])
                        if "@odata.nextLink" in answer["body"]:
                            raise SystemExit("unexpected second page")
                    else:
                        raise SystemExit(f"status {answer['status']}: {answer.get('body')}")
            chunk = retry

began = time.time()
workers = [threading.Thread(target=worker) for _ in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
elapsed = time.time() - began
print(f"records {records}, attributes {' '.join(attributes)}, threads {threads}")
print(f"reads: {len(queries)} GET /users in {stats['batches']} $batch requests ({stats['inner']} inner, "
      f"{stats['throttled']} answered 429 and retried)")
print(f"users found: {stats['found']}")
print(f"read time: {elapsed:.1f} s ({len(queries) / elapsed:.0f} reads/s)")
EOF
stats=$(curl -sf "$EMULATOR_BASE/_emulator/stats")
echo "emulator: directoryRequests $(echo "$stats" | python3 -c 'import json,sys;s=json.load(sys.stdin);print(s["directoryRequests"], "directoryThrottled", s["directoryThrottled"])')"
echo "emulator start-up with the seed: $(python3 -c "print(round($ready - $start, 1))") s; RSS $(ps -o rss= -p "$EMULATOR_PID") KB"
