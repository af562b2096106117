#!/usr/bin/env bash
# Speed and memory benchmarks. Generates the reference input with
# ../shared/bench/gen-customers.py (ROWS, default 1,000,000) once into
# _build/bench/, then prints each benchmark's figures.
# Usage: build-aux/bench.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
rows=${1:-1000000}
gen="$top/../shared/bench/gen-customers.py"

./build-aux/install-deps.sh
./build-aux/setup-builddir.sh _build --prefix="$top/_install" -Dwerror=true
ninja -C _build tests/bench/bench-csv-reader tests/bench/bench-window-stall tests/bench/bench-csv-rows src/cli/cohort-cli >/dev/null

mkdir -p _build/bench
input="_build/bench/customers-$rows.csv"
if [ ! -s "$input" ]; then
  echo "generating $input"
  python3 "$gen" "$rows" --country FR > "$input.tmp"
  mv "$input.tmp" "$input"
fi

# The file is read once first so that every run finds it in the page cache.
cat "$input" > /dev/null
echo "== CSV reader, $rows rows ($(du -h "$input" | cut -f1))"
for run in 1 2 3; do
  ./_build/tests/bench/bench-csv-reader "$input"
done

# The import window's preview: index the whole file, then read rows anywhere
# as a list view would. UTF-16 is the slowest to decode, so it is measured too.
echo "== CSV rows (list model), $rows rows"
for run in 1 2 3; do
  ./_build/tests/bench/bench-csv-rows "$input"
done
input16="_build/bench/customers-$rows-utf16le.csv"
if [ ! -s "$input16" ]; then
  { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$input"; } > "$input16.tmp"
  mv "$input16.tmp" "$input16"
fi
cat "$input16" > /dev/null
echo "== CSV rows (list model), $rows rows, UTF-16LE ($(du -h "$input16" | cut -f1))"
./_build/tests/bench/bench-csv-rows "$input16" , utf-16le

# The whole import: read, normalise, hash, deduplicate and store, into a
# fresh database each run. Wall time and peak RSS from GNU time.
export GSETTINGS_SCHEMA_DIR="$top/_build/data"
bench_import () {
  local label=$1
  shift
  echo "== cohort-cli import, $label, $rows rows"
  for run in 1 2 3; do
    rm -rf _build/bench/data
    /usr/bin/time -f "%e %M" -o _build/bench/time.txt \
      ./_build/src/cli/cohort-cli --data-dir _build/bench/data import "$input" \
        --audience Bench --country FR "$@" > /dev/null
    read -r seconds kilobytes < _build/bench/time.txt
    awk -v s="$seconds" -v kb="$kilobytes" -v r="$rows" \
      'BEGIN { printf "wall %.2f s, %.0f rows/s, peak RSS %d MB\n", s, r / s, kb / 1024 }'
  done
}
bench_import "every identity"
bench_import "without phone numbers" --map phone=ignore

# The same file through the window: open, check and save, while a 1 ms
# timeout records the main loop's longest gap (goal: under 50 ms).
echo "== window, $rows rows"
GSK_RENDERER=cairo ./build-aux/test-env.sh ./_build/tests/bench/bench-window-stall "$input"

# The first sync of a 200,000-member audience to the simulator (keyring needed).
ninja -C _build tests/tiktok-sim/cohort-tiktok-sim >/dev/null
./build-aux/test-env.sh tests/bench/bench-sync.sh "$top/_build" 200000
