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
ninja -C _build tests/bench/bench-csv-reader >/dev/null

mkdir -p _build/bench
input="_build/bench/customers-$rows.csv"
if [ ! -s "$input" ]; then
  echo "generating $input"
  python3 "$gen" "$rows" > "$input.tmp"
  mv "$input.tmp" "$input"
fi

# The file is read once first so that every run finds it in the page cache.
cat "$input" > /dev/null
echo "== CSV reader, $rows rows ($(du -h "$input" | cut -f1))"
for run in 1 2 3; do
  ./_build/tests/bench/bench-csv-reader "$input"
done
