#!/usr/bin/env bash
# Installs what is missing, builds Cohort twice (plain, and with AddressSanitizer
# and UndefinedBehaviorSanitizer), runs every suite in the first build and the
# unit and integration suites in the second, runs each fuzz target for 20 s
# (build-aux/fuzz.sh's build), and ends with one line
# "N passed, N failed[, N skipped]". Exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

./build-aux/install-deps.sh
./build-aux/setup-builddir.sh _build --prefix="$top/_install" -Dwerror=true
./build-aux/setup-builddir.sh _build-san -Dwerror=true -Db_sanitize=address,undefined \
  -Db_lundef=false -Dbuildtype=debug
ninja -C _build
ninja -C _build-san
./build-aux/fuzz.sh --build

rm -f _build/meson-logs/testlog.json _build-san/meson-logs/testlog.json \
  _build-fuzz/meson-logs/testlog.json
status=0
./build-aux/test-env.sh meson test -C _build --no-rebuild --print-errorlogs || status=$?
# Slow unwinding: GLib has no frame pointers, and suppressions match whole stacks.
ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:halt_on_error=1:abort_on_error=1:print_summary=1 \
LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_summary=1:print_stacktrace=1 \
  ./build-aux/test-env.sh meson test -C _build-san --no-rebuild --print-errorlogs \
    --suite unit --suite integration --timeout-multiplier 3 || status=$?
# A short run of each fuzz target, one after another, on a scratch copy of
# its seed corpus (tests/fuzz/meson.build); the long run is build-aux/fuzz.sh.
meson test -C _build-fuzz --no-rebuild --print-errorlogs --suite fuzz || status=$?

python3 build-aux/test-summary.py _build/meson-logs/testlog.json \
  _build-san/meson-logs/testlog.json _build-fuzz/meson-logs/testlog.json || status=$?
exit $status
