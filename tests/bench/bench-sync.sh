#!/usr/bin/env bash
# A first sync of MEMBERS (default 200,000) people to cohort-tiktok-sim at
# 10 requests a second: wall time, requests, 40100 answers, peak RSS.
# Needs the keyring: build-aux/bench.sh runs it under build-aux/test-env.sh.
# Usage: tests/bench/bench-sync.sh BUILDDIR [MEMBERS]
set -euo pipefail
build=$1
members=${2:-200000}
cli="$build/src/cli/cohort-cli"
sim="$build/tests/tiktok-sim/cohort-tiktok-sim"
work=$(mktemp -d)
trap 'kill $simpid 2>/dev/null; rm -rf "$work"' EXIT
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory

python3 -c "
import sys
print('email')
for i in range($members):
    print(f'client.{i}@exemple.fr')
" > "$work/customers.csv"

"$sim" --port 0 --qps 10 > "$work/sim.url" &
simpid=$!
while [ ! -s "$work/sim.url" ]; do sleep 0.05; done
base=$(head -1 "$work/sim.url")
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")

"$cli" --data-dir "$work/data" import "$work/customers.csv" --audience Bench > /dev/null
echo sim-secret-0123456789abcdef | "$cli" --data-dir "$work/data" credentials set --app-id 7100000000000000001 > /dev/null
"$cli" --data-dir "$work/data" --api-base "$base" connect --no-browser --port "$port" > "$work/connect.out" 2> /dev/null &
connect=$!
while [ ! -s "$work/connect.out" ]; do sleep 0.05; done
curl -s -L "$(head -1 "$work/connect.out")" > /dev/null
wait $connect
"$cli" --data-dir "$work/data" destination add --name Bench --advertiser-id 7000000000000000001 > /dev/null
"$cli" --data-dir "$work/data" activate Bench --destination Bench --accept-warnings > /dev/null
curl -s "$base/sim/state" > "$work/before.json"

/usr/bin/time -f "%e %M" -o "$work/time.txt" "$cli" --data-dir "$work/data" --api-base "$base" sync --once
curl -s "$base/sim/state" > "$work/after.json"
read -r seconds kilobytes < "$work/time.txt"
python3 -c "
import json, sys
before, after = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
size = sum(len(a['members']) for a in after['audiences'])
print('== cohort-cli sync --once, %d members at 10 requests/s' % $members)
print('wall %.2f s, %d requests, %d answered 40100, %d members at TikTok, peak RSS %d MB' % (
    float(sys.argv[3]), after['requests'] - before['requests'], after['rate_limited'] - before['rate_limited'],
    size, int(sys.argv[4]) // 1024))
" "$work/before.json" "$work/after.json" "$seconds" "$kilobytes"
