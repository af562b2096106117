#!/usr/bin/env bash
# Builds Cohort's libFuzzer targets (tests/fuzz, clang with AddressSanitizer
# and UndefinedBehaviorSanitizer) in _build-fuzz, then runs each for a
# bounded time on a scratch copy of its seed corpus, which stays as it is.
# Prints per target the executions, their rate, the coverage (cov: edges,
# ft: features) and the corpus size; exits non-zero when a target found a
# crash, a leak, a timeout or undefined behaviour, naming the input.
#
# Usage: build-aux/fuzz.sh [SECONDS_EACH [TARGET…]]   (300 s, every target)
#        build-aux/fuzz.sh --build                     (configure and build only)
# FUZZ_PARALLEL=2 runs two targets at once (one by default); FUZZ_ARGS adds
# libFuzzer options to every run, such as "-jobs=2 -workers=2".
# Scratch corpora, logs and crashing inputs: _build-fuzz/fuzz-runs/TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."

build_only=false
if [ "${1:-}" = "--build" ]; then
  build_only=true
  shift
fi
seconds=${1:-300}
if [ $# -gt 0 ]; then
  shift
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in tests/fuzz/fuzz-*.c; do
    name=${source##*/fuzz-}
    targets+=("${name%.c}")
  done
fi
parallel=${FUZZ_PARALLEL:-1}

./build-aux/install-deps.sh
CC=clang CXX=clang++ ./build-aux/setup-builddir.sh _build-fuzz -Dfuzzing=true -Dtests=false \
  -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
ninja -C _build-fuzz fuzz-targets
if $build_only; then
  exit 0
fi

runs=_build-fuzz/fuzz-runs
mkdir -p "$runs"
run_one() {
  local status=0
  # shellcheck disable=SC2086 # FUZZ_ARGS holds several options
  tests/fuzz/run-fuzzer.sh "_build-fuzz/tests/fuzz/fuzz-$1" "$seconds" "tests/fuzz/corpus/$1" \
    "$runs/$1" ${FUZZ_ARGS:-} > "$runs/$1.out" 2>&1 || status=$?
  echo $status > "$runs/$1.status"
}

for target in "${targets[@]}"; do
  rm -f "$runs/$target.status" "$runs/$target.out"
done
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $parallel at a time"
for target in "${targets[@]}"; do
  run_one "$target" &
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
    wait -n || true
  done
done
wait

status=0
total=0
for target in "${targets[@]}"; do
  cat "$runs/$target.out"
  if [ "$(cat "$runs/$target.status" 2>/dev/null || echo 1)" != 0 ]; then
    status=1
  fi
  execs=$(sed -n 's/^fuzz-[a-z-]*: \([0-9][0-9]*\) execs.*/\1/p' "$runs/$target.out")
  total=$((total + ${execs:-0}))
done
echo "fuzz: $total executions in total"
exit $status
