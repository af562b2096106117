#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time on a scratch copy of its seed
# corpus, so that the committed corpus stays as it is. New inputs and any
# crash are kept in WORK_DIR. Ends with one line of figures; exits non-zero
# when the target found a crash, a leak, a timeout or undefined behaviour.
# Usage: run-fuzzer.sh FUZZER SECONDS SEED_DIR WORK_DIR [LIBFUZZER_OPTION…]
set -euo pipefail
fuzzer=$1
seconds=$2
seeds=$3
work=$4
shift 4
top=$(cd "$(dirname "$0")/../.." && pwd)
name=$(basename "$fuzzer")

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp -R "$seeds"/. "$work/corpus/"
options=()
dict="$top/tests/fuzz/${name#fuzz-}.dict"
if [ -f "$dict" ]; then
  options+=("-dict=$dict")
fi

# GLib and GIO keep one-time allocations until exit: same suppressions as
# the sanitizer build's tests.
status=0
start=$SECONDS
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:print_summary=1} \
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/build-aux/lsan.supp:print_suppressions=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:print_summary=1} \
LC_ALL=C.UTF-8 LANGUAGE='' \
  "$fuzzer" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "${options[@]}" "$@" "$work/corpus" \
    > "$work/log" 2>&1 || status=$?
elapsed=$((SECONDS - start))

# The last status line holds the coverage: "#N DONE cov: C ft: F corp: …".
stat() { sed -n "s/^stat::$1: *//p" "$work/log" | tail -1; }
cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$work/log" | tail -1 || true)
echo "$name: $(stat number_of_executed_units) execs, $(stat average_exec_per_sec)/s," \
  "${cov:-no coverage line}, corpus $(find "$work/corpus" -type f | wc -l) files," \
  "${elapsed} s"
if [ $status -ne 0 ]; then
  tail -n 60 "$work/log"
  for artifact in "$work"/artifacts/*; do
    [ -e "$artifact" ] && echo "$name: artifact $artifact"
  done
  echo "$name: FAILED (exit $status), log in $work/log"
fi
exit $status
