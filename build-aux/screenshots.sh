#!/usr/bin/env bash
# Screenshots of each screen of the window, in English, French and Swedish,
# rendered under Xvfb into data/screenshots/LANG-SCREEN.png over sample data
# made with ../shared/bench/gen-customers.py. Usage: build-aux/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

./build-aux/install-deps.sh
# Numbers and dates as the French and the Swedes write them: their locales.
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
for loc in en_US fr_FR sv_SE; do
  if ! locale -a | grep -qix "$loc.utf8"; then
    $SUDO localedef -i "$loc" -f UTF-8 "$loc.UTF-8"
  fi
done
./build-aux/setup-builddir.sh _build --prefix="$top/_install" -Dwerror=true
ninja -C _build >/dev/null

# The rest runs in one private session: the keyring holds the simulator's
# token for every language's pictures.
if [ -z "${COHORT_SCREENSHOTS_INNER:-}" ]; then
  export COHORT_SCREENSHOTS_INNER=1
  exec ./build-aux/test-env.sh "$0" "$@"
fi

work=$(mktemp -d)
simpid=
trap '[ -n "$simpid" ] && kill $simpid; rm -rf "$work"' EXIT
export GSETTINGS_SCHEMA_DIR="$top/_build/data" GSETTINGS_BACKEND=memory COHORT_LOCALEDIR="$top/_build/po" \
       COHORT_DATA_DIR="$work/data"
cli="$top/_build/src/cli/cohort-cli"
gen="$top/../shared/bench/gen-customers.py"

python3 "$gen" 2000 --country FR > "$work/clients-october.csv"
python3 "$gen" 2400 --country FR > "$work/clients-november.csv"
python3 "$gen" 1500 --country SE --seed 7 > "$work/app-users.csv"
python3 "$gen" 3000 --country FR --seed 11 > "$work/newsletter.csv"
"$cli" import "$work/clients-october.csv" --audience "Clients FR" --consent-column consent --country FR \
  --label consent-marketing --label-reason "Opt-in at checkout" > /dev/null
"$cli" watch "Clients FR" "$work/clients-november.csv" --consent-column consent --country FR > /dev/null
"$cli" import "$work/app-users.csv" --audience "App users" --consent-column consent --country SE > /dev/null
"$cli" label "App users" --add minors-possible --reason "Sign-up does not ask for the age" > /dev/null


# TikTok is the simulator: connected, two destinations, one audience in
# sync there, another paused since its ad account was taken back.
"$top/_build/tests/tiktok-sim/cohort-tiktok-sim" --port 0 > "$work/sim.url" &
simpid=$!
while [ ! -s "$work/sim.url" ]; do sleep 0.05; done
export COHORT_API_BASE
COHORT_API_BASE=$(head -1 "$work/sim.url")
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
echo sim-secret-0123456789abcdef | "$cli" credentials set --app-id 7100000000000000001 > /dev/null
"$cli" connect --no-browser --port "$port" > "$work/connect.out" 2> /dev/null &
connect=$!
while [ ! -s "$work/connect.out" ]; do sleep 0.05; done
curl -s -L "$(head -1 "$work/connect.out")" > /dev/null
wait $connect
"$cli" destination add --name Paris --advertiser-id 7000000000000000001 \
  --description "Loyal customers, Paris shop" > /dev/null
"$cli" destination add --name Stockholm --advertiser-id 7000000000000000002 > /dev/null
"$cli" import "$work/newsletter.csv" --audience "Newsletter" --consent-column consent --country FR > /dev/null
"$cli" activate "Clients FR" --destination Paris > /dev/null
"$cli" activate "App users" --destination Stockholm --accept-warnings > /dev/null
"$cli" sync --once > /dev/null
python3 "$gen" 1600 --country SE --seed 7 > "$work/app-users-2.csv"
"$cli" import "$work/app-users-2.csv" --audience "App users" --consent-column consent --country SE > /dev/null
curl -s -X POST -d '{"advertiser_id": "7000000000000000002"}' "$COHORT_API_BASE/sim/withdraw-advertiser"
"$cli" sync --once > /dev/null 2>&1 || true

mkdir -p data/screenshots
for lang in en:en_US fr:fr_FR sv:sv_SE; do
  code=${lang%%:*}
  loc=${lang#*:}
  LANG="$loc.UTF-8" LC_ALL="$loc.UTF-8" LANGUAGE="$code" \
    ./_build/tests/screenshots/cohort-screenshots data/screenshots "$code-" "$work/newsletter.csv"
done
