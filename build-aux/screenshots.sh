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

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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

mkdir -p data/screenshots
for lang in en:en_US fr:fr_FR sv:sv_SE; do
  code=${lang%%:*}
  loc=${lang#*:}
  LANG="$loc.UTF-8" LC_ALL="$loc.UTF-8" LANGUAGE="$code" \
    ./build-aux/test-env.sh ./_build/tests/screenshots/cohort-screenshots data/screenshots "$code-" \
      "$work/newsletter.csv"
done
