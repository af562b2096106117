#!/usr/bin/env bash
# Crash trials: ROUNDS times (default 100), starts `cohort-cli sync`, kills
# it with SIGKILL at a random moment (inside SQLite commits too), and
# changes the audience now and then; at the end TikTok's state (the
# simulator's) must equal the audience exactly, with one audience, and the
# database must pass PRAGMA integrity_check.
# Usage: build-aux/crash-trials.sh [ROUNDS]   (runs itself under test-env.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
rounds=${1:-100}
if [ -z "${COHORT_TEST_ENV_INNER:-}" ]; then
  ninja -C _build src/cli/cohort-cli tests/tiktok-sim/cohort-tiktok-sim >/dev/null
  exec ./build-aux/test-env.sh "$0" "$rounds"
fi

cli="$top/_build/src/cli/cohort-cli"
sim="$top/_build/tests/tiktok-sim/cohort-tiktok-sim"
work=$(mktemp -d)
trap 'kill $simpid 2>/dev/null || true; rm -rf "$work"' EXIT
export GSETTINGS_SCHEMA_DIR="$top/_build/data" GSETTINGS_BACKEND=keyfile
data="$work/data"

customers () {  # FIRST LAST: an email each, an advertising ID every third
  python3 -c "
import sys
first, last = int(sys.argv[1]), int(sys.argv[2])
print('email,gaid')
for i in range(first, last):
    print(f'client.{i}@exemple.fr,' + (f'6d92078a-8246-4ba4-ae5b-{i:012x}' if i % 3 == 0 else ''))
" "$1" "$2" > "$work/customers.csv"
}

"$sim" --port 0 --qps 10 --latency 3 > "$work/sim.url" &
simpid=$!
while [ ! -s "$work/sim.url" ]; do sleep 0.05; done
base=$(head -1 "$work/sim.url")
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")

customers 0 2000
"$cli" --data-dir "$data" import "$work/customers.csv" --audience Trials > /dev/null
echo sim-secret-0123456789abcdef | "$cli" --data-dir "$data" credentials set --app-id 7100000000000000001 > /dev/null
"$cli" --data-dir "$data" --api-base "$base" connect --no-browser --port "$port" > "$work/connect.out" 2> /dev/null &
connect=$!
while [ ! -s "$work/connect.out" ]; do sleep 0.05; done
curl -s -L "$(head -1 "$work/connect.out")" > /dev/null
wait $connect
"$cli" --data-dir "$data" destination add --name Trials --advertiser-id 7000000000000000001 > /dev/null
"$cli" --data-dir "$data" activate Trials --destination Trials --accept-warnings > /dev/null
"$cli" --data-dir "$data" config set batch-rows 20

for round in $(seq 1 "$rounds"); do
  if [ $((round % 10)) -eq 0 ]; then
    customers $((round * 7)) $((2000 + round * 5))
    "$cli" --data-dir "$data" import "$work/customers.csv" --audience Trials > /dev/null
  fi
  "$cli" --data-dir "$data" --api-base "$base" sync > /dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 600)))"
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
done

"$cli" --data-dir "$data" --api-base "$base" sync --once --wait > /dev/null
"$cli" --data-dir "$data" export Trials --dir "$work/export" > /dev/null
curl -s "$base/sim/state" > "$work/state.json"
python3 - "$work" "$data/cohort.db" "$rounds" <<'PY'
import json, os, sqlite3, sys
work, db, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
expected = set()
for name, schema in (("email_sha256.txt", "EMAIL_SHA256"), ("gaid_sha256.txt", "AAID_SHA256")):
    path = os.path.join(work, "export", name)
    if os.path.exists(path):
        expected |= {f"{schema}:{line.strip()}" for line in open(path) if line.strip()}
state = json.load(open(os.path.join(work, "state.json")))
audiences = [a for a in state["audiences"] if a["name"] == "Trials"]
remote = set(audiences[0]["members"]) if audiences else set()
integrity = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
problems = []
if len(audiences) != 1:
    problems.append(f"{len(audiences)} audiences named Trials at TikTok")
if remote != expected:
    problems.append(f"{len(expected - remote)} members missing, {len(remote - expected)} too many")
if integrity != "ok":
    problems.append(f"integrity_check: {integrity}")
print(f"crash trials: {rounds} kills; {len(expected)} members expected, {len(remote)} at TikTok; "
      f"integrity {integrity}; {state['requests']} requests")
if problems:
    print("FAILED: " + "; ".join(problems))
    sys.exit(1)
print(f"{rounds} of {rounds} crash trials passed")
PY
